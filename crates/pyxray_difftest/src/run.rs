//! Running programs: through pyxray in this process, and through CPython 3.14 with the
//! oracle (`shared/oracle/golden --stages run`), many programs per oracle call because
//! starting CPython costs seconds.
//!
//! Both give the oracle's `run` format: what the program printed, then `exit: <status>`.
//! CPython has no counterpart; this is pyxray's own test tooling.

use std::path::{Path, PathBuf};
use std::process::Command;

use pyxray::{stage_output, Options, Stage};

/// Every program is written as `<index>/prog.py`, so tracebacks name `prog.py` on both sides.
pub const FILENAME: &str = "prog.py";

/// Instructions pyxray may run per program: generated programs need a few thousand, and a
/// program pyxray loops on costs this much at every step of its minimisation.
const STEP_LIMIT: u64 = 300_000;

/// What `python prog.py` prints under pyxray, or `pyxray panicked: …` if the VM panicked
/// (a bug in itself; the panic hook is the caller's to silence).
pub fn pyxray_run(source: &str) -> String {
    let options = Options {
        step_limit: STEP_LIMIT,
        ..Options::default()
    };
    let result =
        std::panic::catch_unwind(|| stage_output(Stage::Run, source.as_bytes(), FILENAME, options));
    match result {
        Ok(output) => output,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            format!("pyxray panicked: {message}\nexit: panic\n")
        }
    }
}

/// The oracle command and a scratch directory for its batches.
pub struct Oracle {
    pub golden: PathBuf,
    pub scratch: PathBuf,
    /// Seconds each program may run under CPython (`--timeout`).
    pub timeout: u32,
    batches: usize,
}

impl Oracle {
    pub fn new(golden: PathBuf, scratch: PathBuf, timeout: u32) -> Oracle {
        Oracle {
            golden,
            scratch,
            timeout,
            batches: 0,
        }
    }

    /// CPython's output for each source, in order, from one oracle call.
    pub fn run_batch(&mut self, sources: &[String]) -> Result<Vec<String>, String> {
        if sources.is_empty() {
            return Ok(Vec::new());
        }
        self.batches += 1;
        let input = self.scratch.join(format!("batch{}", self.batches));
        let output = self.scratch.join(format!("out{}", self.batches));
        let _ = std::fs::remove_dir_all(&input);
        let _ = std::fs::remove_dir_all(&output);
        for (index, source) in sources.iter().enumerate() {
            let dir = input.join(program_dir(index));
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            std::fs::write(dir.join(FILENAME), source)
                .map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let status = Command::new(&self.golden)
            .args(["--stages", "run", "--jobs", "1", "--quiet", "--timeout"])
            .arg(self.timeout.to_string())
            .arg(&input)
            .arg("--out")
            .arg(&output)
            .status()
            .map_err(|e| format!("cannot run {}: {e}", self.golden.display()))?;
        if !status.success() {
            return Err(format!("{} failed: {status}", self.golden.display()));
        }
        let results = (0..sources.len())
            .map(|index| read_golden(&output, index))
            .collect();
        let _ = std::fs::remove_dir_all(&input);
        let _ = std::fs::remove_dir_all(&output);
        Ok(results)
    }
}

fn program_dir(index: usize) -> String {
    format!("{index:05}")
}

fn read_golden(output: &Path, index: usize) -> String {
    let path = output.join(program_dir(index)).join("prog.run.txt");
    std::fs::read_to_string(&path).unwrap_or_else(|_| "<no golden output>\n".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pyxray_run_gives_the_oracle_format() {
        assert_eq!(pyxray_run("print(1 + 2)\n"), "3\nexit: 0\n");
        let error = pyxray_run("1 / 0\n");
        assert!(error.starts_with("Traceback (most recent call last):\n  File \"prog.py\""));
        assert!(error.ends_with("ZeroDivisionError: division by zero\nexit: 1\n"));
    }
}
