//! Minimising differences: greedy delta debugging over [`reductions`], for many programs at
//! once so that each round costs one oracle call.
//!
//! Each round takes, for every program still shrinking, a window of its smaller one-step
//! variants, runs them through pyxray (in-process, fast) and keeps those whose pyxray output
//! can still show the difference ([`plausible`]); the oracle runs the survivors of all
//! programs in one batch; a program moves to its smallest variant that differs for the same
//! cause, or on to its next window. It stops when no window has a candidate left.
//! CPython has no counterpart; this is pyxray's own test tooling.

use std::collections::HashSet;
use std::time::Instant;

use crate::ast::{render_program, Program};
use crate::compare::{plausible, signature, Signature};
use crate::reduce::reductions;
use crate::run::{pyxray_run, Oracle};

/// Candidates per program per round that go to the oracle.
const WINDOW: usize = 60;

/// A program being minimised, with the difference it must keep.
#[derive(Clone)]
pub struct Case {
    pub program: Program,
    pub signature: Signature,
    pub pyxray: String,
    pub cpython: String,
    window: usize,
    done: bool,
}

impl Case {
    pub fn new(program: Program, signature: Signature, pyxray: String, cpython: String) -> Case {
        Case {
            program,
            signature,
            pyxray,
            cpython,
            window: 0,
            done: false,
        }
    }
}

struct Candidate {
    case: usize,
    program: Program,
    text: String,
    pyxray: String,
}

/// Shrinks every case, at most `max_rounds` oracle calls and no round started after
/// `deadline`; returns the number of calls made.
pub fn minimise(
    cases: &mut [Case],
    oracle: &mut Oracle,
    max_rounds: usize,
    deadline: Instant,
    mut log: impl FnMut(&str),
) -> Result<usize, String> {
    let mut rounds = 0;
    while rounds < max_rounds && Instant::now() < deadline {
        let mut batch = Vec::new();
        for (index, case) in cases.iter_mut().enumerate() {
            if !case.done {
                batch.extend(next_candidates(index, case));
            }
        }
        if batch.is_empty() {
            break;
        }
        rounds += 1;
        let texts: Vec<String> = batch.iter().map(|c| c.text.clone()).collect();
        let outputs = oracle.run_batch(&texts)?;
        let mut improved = vec![false; cases.len()];
        for (candidate, cpython) in batch.into_iter().zip(outputs) {
            let case = &mut cases[candidate.case];
            let same_cause = signature(&candidate.pyxray, &cpython)
                .is_some_and(|sig| sig.cause() == case.signature.cause());
            if !same_cause {
                continue;
            }
            let current = render_program(&case.program).len();
            if candidate.text.len() < current {
                case.program = candidate.program;
                case.pyxray = candidate.pyxray;
                case.cpython = cpython;
                improved[candidate.case] = true;
            }
        }
        for (case, improved) in cases.iter_mut().zip(improved) {
            if improved {
                case.window = 0;
            } else if !case.done {
                case.window += 1;
            }
        }
        let shrinking = cases.iter().filter(|c| !c.done).count();
        log(&format!(
            "minimise: round {rounds}, {} candidates, {shrinking} programs shrinking",
            texts.len()
        ));
    }
    Ok(rounds)
}

/// The plausible candidates of the case's current window (moving on past windows with
/// none); marks the case done when its variants run out.
fn next_candidates(index: usize, case: &mut Case) -> Vec<Candidate> {
    let current = render_program(&case.program);
    let mut seen = HashSet::new();
    let variants: Vec<(Program, String)> = reductions(&case.program)
        .into_iter()
        .map(|program| {
            let text = render_program(&program);
            (program, text)
        })
        .filter(|(_, text)| text.len() < current.len() && seen.insert(text.clone()))
        .collect();
    loop {
        let start = case.window * WINDOW;
        if start >= variants.len() {
            case.done = true;
            return Vec::new();
        }
        let found: Vec<Candidate> = variants[start..(start + WINDOW).min(variants.len())]
            .iter()
            .filter_map(|(program, text)| {
                let pyxray = pyxray_run(text);
                plausible(&case.signature, &pyxray).then(|| Candidate {
                    case: index,
                    program: program.clone(),
                    text: text.clone(),
                    pyxray,
                })
            })
            .collect();
        if !found.is_empty() {
            return found;
        }
        case.window += 1;
    }
}
