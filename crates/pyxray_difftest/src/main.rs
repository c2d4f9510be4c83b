//! `pyxray-difftest [--seed S] [--count N] …`: generates N programs (seeds S, S+1, …), runs
//! each through pyxray and CPython 3.14 (the oracle), groups the differences by signature,
//! minimises one program per unexplained signature, and reports. Exits 1 if a difference is
//! not listed in `tests/difftest/known.tsv`. `scripts/difftest` is the usual way in.
//!
//! CPython has no counterpart; this is pyxray's own test tooling.
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use pyxray_difftest::ast::{render_program, Program};
use pyxray_difftest::compare::{signature, KnownList};
use pyxray_difftest::features::{Features, FEATURES};
use pyxray_difftest::gen::generate;
use pyxray_difftest::minimise::{minimise, Case};
use pyxray_difftest::run::{pyxray_run, Oracle};

const USAGE: &str = "usage: pyxray-difftest [--seed S] [--count N] [--batch B] [--jobs 1] \
[--features +a,-b] [--max-rounds R] [--minimise-seconds T] [--no-minimise] [--timeout SECONDS] [--report FILE] \
[--known FILE] [--oracle GOLDEN] | --print SEED | --list-features";

struct Args {
    seed: u64,
    count: u64,
    batch: usize,
    features: Features,
    max_rounds: usize,
    minimise_seconds: u64,
    minimise: bool,
    timeout: u32,
    report: PathBuf,
    known: PathBuf,
    oracle: PathBuf,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        seed: 1,
        count: 200,
        batch: 300,
        features: Features::default(),
        max_rounds: 30,
        minimise_seconds: 900,
        minimise: true,
        timeout: 5,
        report: root().join("target/difftest/report.md"),
        known: root().join("tests/difftest/known.tsv"),
        oracle: std::env::var_os("PYXRAY_ORACLE_GOLDEN")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("../shared/oracle/golden")),
    };
    let mut items = std::env::args().skip(1);
    while let Some(flag) = items.next() {
        let mut value = || items.next().ok_or(format!("{flag} needs a value"));
        let number = |text: String| text.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--seed" => args.seed = number(value()?)?,
            "--count" => args.count = number(value()?)?,
            "--batch" => args.batch = number(value()?)?.max(1) as usize,
            "--jobs" => {
                // The oracle runs with one interpreter: 1 is fastest on a small machine.
                let _ = value()?;
            }
            "--features" => args.features = Features::parse(&value()?)?,
            "--max-rounds" => args.max_rounds = number(value()?)? as usize,
            "--minimise-seconds" => args.minimise_seconds = number(value()?)?,
            "--no-minimise" => args.minimise = false,
            "--timeout" => args.timeout = number(value()?)? as u32,
            "--report" => args.report = PathBuf::from(value()?),
            "--known" => args.known = PathBuf::from(value()?),
            "--oracle" => args.oracle = PathBuf::from(value()?),
            "--print" => {
                let seed = number(value()?)?;
                print!("{}", render_program(&generate(seed, &args.features)));
                return Ok(None);
            }
            "--list-features" => {
                for feature in FEATURES {
                    let state = if args.features.on(feature.name) {
                        "on "
                    } else {
                        "off"
                    };
                    println!("{state} {:<20} {}", feature.name, feature.what);
                }
                return Ok(None);
            }
            _ => return Err(format!("unknown argument {flag}\n{USAGE}")),
        }
    }
    Ok(Some(args))
}

/// Every program that differed one way, and the one that stands for them.
struct Group {
    seeds: Vec<u64>,
    case: Case,
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => return ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("pyxray-difftest: {message}");
            return ExitCode::from(2);
        }
    };
    // A pyxray panic is reported as a difference; the default hook would only add noise.
    std::panic::set_hook(Box::new(|_| {}));
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("pyxray-difftest: {message}");
            ExitCode::from(2)
        }
    }
}

/// Runs the whole test; `Ok(false)` if some difference is unexplained.
fn run(args: &Args) -> Result<bool, String> {
    let started = Instant::now();
    let known = match std::fs::read_to_string(&args.known) {
        Ok(text) => KnownList::parse(&text),
        Err(_) => KnownList::default(),
    };
    let scratch = root().join(format!("target/difftest/run-{}", std::process::id()));
    let mut oracle = Oracle::new(args.oracle.clone(), scratch.clone(), args.timeout);

    // Generate, run, compare, batch by batch.
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let (mut differed, mut oracle_seconds) = (0u64, 0f64);
    let seeds: Vec<u64> = (args.seed..args.seed + args.count).collect();
    for chunk in seeds.chunks(args.batch) {
        let programs: Vec<Program> = chunk
            .iter()
            .map(|&seed| generate(seed, &args.features))
            .collect();
        let texts: Vec<String> = programs.iter().map(|p| render_program(p)).collect();
        let pyxray: Vec<String> = texts.iter().map(|t| pyxray_run(t)).collect();
        let oracle_started = Instant::now();
        let cpython = oracle.run_batch(&texts)?;
        oracle_seconds += oracle_started.elapsed().as_secs_f64();
        for (index, program) in programs.into_iter().enumerate() {
            let Some(sig) = signature(&pyxray[index], &cpython[index]) else {
                continue;
            };
            differed += 1;
            let seed = chunk[index];
            let case = Case::new(program, sig, pyxray[index].clone(), cpython[index].clone());
            let group = groups
                .entry(case.signature.cause())
                .or_insert_with(|| Group {
                    seeds: Vec::new(),
                    case: case.clone(),
                });
            group.seeds.push(seed);
            // The shortest program stands for the group.
            if texts[index].len() < render_program(&group.case.program).len() {
                group.case = case;
            }
        }
        eprintln!(
            "difftest: {} of {} programs run, {differed} differed, {} causes ({:.0} s)",
            chunk.last().map_or(0, |last| last - args.seed + 1),
            args.count,
            groups.len(),
            started.elapsed().as_secs_f64()
        );
    }
    let ran_seconds = started.elapsed().as_secs_f64();

    // Minimise the unexplained ones.
    let mut unexplained: Vec<Case> = Vec::new();
    let mut explained: Vec<Group> = Vec::new();
    let mut unexplained_seeds = Vec::new();
    for group in groups.into_values() {
        if known.reason(&group.case.signature).is_some() {
            explained.push(group);
        } else {
            unexplained_seeds.push(group.seeds);
            unexplained.push(group.case);
        }
    }
    let summary = Summary {
        differed,
        ran_seconds,
        oracle_seconds,
    };
    if args.minimise && !unexplained.is_empty() {
        // The unminimised report first, in case minimising is interrupted.
        let report = report(
            args,
            &summary,
            &known,
            &unexplained,
            &unexplained_seeds,
            &explained,
        );
        write_report(args, &report)?;
        let deadline = Instant::now() + Duration::from_secs(args.minimise_seconds);
        minimise(
            &mut unexplained,
            &mut oracle,
            args.max_rounds,
            deadline,
            |line| eprintln!("difftest: {line}"),
        )?;
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let mut report = report(
        args,
        &summary,
        &known,
        &unexplained,
        &unexplained_seeds,
        &explained,
    );
    let _ = writeln!(report, "# {:.0} s in all", started.elapsed().as_secs_f64());
    write_report(args, &report)?;
    print!("{report}");
    println!("report written to {}", args.report.display());
    Ok(unexplained.is_empty())
}

/// Figures for the report's header.
struct Summary {
    differed: u64,
    ran_seconds: f64,
    oracle_seconds: f64,
}

fn report(
    args: &Args,
    summary: &Summary,
    known: &KnownList,
    unexplained: &[Case],
    unexplained_seeds: &[Vec<u64>],
    explained: &[Group],
) -> String {
    let mut report = String::new();
    let _ = writeln!(
        report,
        "# difftest: seeds {}..{}, {} programs, {} differed, {} unexplained and {} known causes",
        args.seed,
        args.seed + args.count,
        args.count,
        summary.differed,
        unexplained.len(),
        explained.len()
    );
    let _ = writeln!(
        report,
        "# {:.1} programs/s ({:.0} s running them, of which {:.0} s in the oracle)\n",
        args.count as f64 / summary.ran_seconds.max(0.001),
        summary.ran_seconds,
        summary.oracle_seconds,
    );
    for (case, seeds) in unexplained.iter().zip(unexplained_seeds) {
        write_case(&mut report, "UNEXPLAINED", case, seeds);
    }
    for group in explained {
        let reason = known.reason(&group.case.signature).unwrap_or("");
        let _ = writeln!(
            report,
            "known ({reason}): {} — {} programs, e.g. seed {}",
            group.case.signature.cause(),
            group.seeds.len(),
            group.seeds[0]
        );
    }
    report
}

fn write_report(args: &Args, report: &str) -> Result<(), String> {
    if let Some(parent) = args.report.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(&args.report, report).map_err(|e| format!("{}: {e}", args.report.display()))
}

fn write_case(report: &mut String, label: &str, case: &Case, seeds: &[u64]) {
    let shown: Vec<String> = seeds.iter().take(8).map(|s| s.to_string()).collect();
    let _ = writeln!(
        report,
        "## {label}: {}\n{} programs (seeds {}{}); {}\n",
        case.signature.cause(),
        seeds.len(),
        shown.join(", "),
        if seeds.len() > shown.len() {
            ", …"
        } else {
            ""
        },
        case.signature
    );
    let _ = writeln!(report, "```python\n{}```", render_program(&case.program));
    let _ = writeln!(report, "pyxray:\n```\n{}```", case.pyxray);
    let _ = writeln!(report, "CPython 3.14:\n```\n{}```\n", case.cpython);
}
