//! `pyxray tokens|ast|dis|run FILE`: each stage's output in the exact format CPython's own tools
//! print (see `shared/oracle/README.md`): `python -m tokenize -e`, `ast.dump(indent=2,
//! include_attributes=True)`, `dis.dis`, and `python FILE` followed by its exit status.
//!
//! CPython: `Lib/tokenize.py` (`_main`), `Lib/ast.py` (`main`), `Lib/dis.py` (`main`),
//! `Modules/main.c` (`pymain_run_file`).
#![forbid(unsafe_code)]

use std::path::Path;
use std::process::ExitCode;

use pyxray::{stage_output, Options, Stage};

const USAGE: &str = "usage: pyxray tokens|ast|dis|run|trace FILE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let (Some("trace"), Some(path)) = (args.first().map(String::as_str), args.get(1)) {
        return match std::fs::read(path) {
            Ok(bytes) => {
                trace(&bytes, path);
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("pyxray: cannot read {path}: {error}");
                ExitCode::from(2)
            }
        };
    }
    let (Some(stage), Some(path)) = (args.first().and_then(|s| Stage::from_name(s)), args.get(1))
    else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("pyxray: cannot read {path}: {error}");
            return ExitCode::from(2);
        }
    };
    // Programs are named by their base name, as the oracle runs them.
    let filename = Path::new(path)
        .file_name()
        .map_or_else(|| path.clone(), |name| name.to_string_lossy().into_owned());
    print!("{}", stage_output(stage, &bytes, &filename, run_options()));
    ExitCode::SUCCESS
}

/// The options of a run: `random` unseeded by the program draws from the clock, as each
/// CPython run draws other numbers.
fn run_options() -> Options {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos() as u64);
    Options {
        random_seed: nanos,
        ..Options::default()
    }
}

/// `pyxray trace FILE`: records the run as the web app does and reports on stderr what the
/// recording costs: steps, time against a run without recording, bytes kept per step, and how
/// long seeking to a sample of steps takes.
fn trace(bytes: &[u8], path: &str) {
    use std::time::Instant;
    let filename = Path::new(path).file_name().map_or_else(
        || path.to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let options = Options::default();

    let started = Instant::now();
    let mut plain = pyxray::Session::from_bytes(bytes, &filename, options.clone());
    plain.run_to_end();
    let plain_time = started.elapsed();

    let started = Instant::now();
    let mut recorded = pyxray::Session::from_bytes(bytes, &filename, options);
    recorded.run(u64::MAX);
    let record_time = started.elapsed();
    let steps = recorded.step_count();
    let (checkpoints, checkpoint_bytes) = recorded.checkpoint_stats();

    // Seek to a spread of steps (a fixed pseudo-random sample), then time each.
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut seek_times = Vec::new();
    for _ in 0..32 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let target = if steps == 0 { 0 } else { seed % steps };
        let started = Instant::now();
        recorded.seek(target);
        seek_times.push(started.elapsed());
    }
    seek_times.sort();
    let millis = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    eprintln!("steps: {steps}");
    eprintln!(
        "run without recording: {:.1} ms; recorded: {:.1} ms ({:.2}x)",
        millis(plain_time),
        millis(record_time),
        record_time.as_secs_f64() / plain_time.as_secs_f64().max(1e-9)
    );
    eprintln!(
        "checkpoints: {checkpoints}, {checkpoint_bytes} bytes ({:.1} bytes per step)",
        checkpoint_bytes as f64 / steps.max(1) as f64
    );
    eprintln!(
        "seek over 32 sampled steps: median {:.2} ms, slowest {:.2} ms",
        millis(seek_times[seek_times.len() / 2]),
        millis(seek_times[seek_times.len() - 1])
    );
}
