//! `Session`: one program, every stage. Tokenizes, parses and compiles eagerly in `new`, then
//! steps the VM one instruction at a time, forwards and backwards.
//!
//! Time travel: the VM is deterministic, so a session keeps a clone of the VM every so many steps
//! (the interval doubles as a run grows, bounding memory); going back restores the nearest
//! checkpoint and re-executes forward to the wanted step (pyxray's own design; CPython has no
//! counterpart).

use std::rc::Rc;

use pyxray_bytecode::code::CodeObject;
use pyxray_compiler::{compile_module, CompileError};
use pyxray_parser::ast::Module;
use pyxray_parser::tokenizer::{check_source_bytes, decode_source};
use pyxray_parser::{parse_module, SyntaxError, SyntaxErrorType};
use pyxray_text::{LineIndex, TextRange, TextSize};
use pyxray_vm::{Limits, RunStatus, Vm};

use crate::suggestions::FileText;
use crate::traceback::format_uncaught;
use crate::views::*;
use crate::{build, displayed_syntax_error, report_syntax_error, syntax_error_report};

/// Steps between two saved VM states at first; a backward step re-executes at most this many.
const FIRST_CHECKPOINT_INTERVAL: u64 = 256;

/// More checkpoints than this and every other one is dropped (the interval doubles), so a long
/// run keeps memory bounded while seeking stays a clone plus a bounded replay.
const MAX_CHECKPOINTS: usize = 1024;

/// Limits and switches for one session.
#[derive(Clone, Debug)]
pub struct Options {
    /// Instructions a run may execute before it stops with a clear message.
    pub step_limit: u64,
    /// Python frames deep before `RecursionError`, as `sys.getrecursionlimit()`.
    pub recursion_limit: u32,
    /// Live heap objects before `MemoryError`.
    pub heap_limit: usize,
    /// Bytes of heap objects before `MemoryError`.
    pub heap_bytes: usize,
    /// Bytes the time-travel checkpoints may take together; past it they are thinned (every
    /// other one dropped), so a long run never exhausts memory and every step stays
    /// reachable by replaying from an earlier checkpoint.
    pub record_bytes: usize,
    /// Seeds `random` when the program does not seed it (CPython uses the operating
    /// system's randomness): the embedder passes a fresh value per run.
    pub random_seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            step_limit: 10_000_000,
            recursion_limit: 1000,
            heap_limit: 2_000_000,
            heap_bytes: Limits::default().heap_bytes,
            record_bytes: 256 * 1024 * 1024,
            random_seed: 0,
        }
    }
}

/// How a run ended, for the CLI's `exit:` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The program ran to the end (0) or ended with an uncaught exception (1).
    Exited(i32),
    /// A compile error, or a limit or internal error: exit status 1.
    Failed,
}

impl Outcome {
    pub fn exit_status(&self) -> i32 {
        match self {
            Outcome::Exited(status) => *status,
            Outcome::Failed => 1,
        }
    }
}

/// One program run through every stage.
pub struct Session {
    source: String,
    filename: String,
    lines: LineIndex,
    tokens: Vec<TokenView>,
    syntax_error: Option<SyntaxError>,
    /// How the file reads back for the keyword typo suggestion.
    file_text: FileText,
    module: Option<Module>,
    ast: Option<AstNodeView>,
    compile_error: Option<String>,
    code: Option<Rc<CodeObject>>,
    phases: Vec<CompilePhase>,
    instructions: Vec<InstrView>,
    /// The VM at the current step; `None` when the program did not compile.
    vm: Option<Vm>,
    /// VM states at steps 0, K, 2K, … (K = `checkpoint_interval`).
    checkpoints: Vec<Vm>,
    checkpoint_interval: u64,
    /// What the checkpoints take together, as `Vm::approx_bytes` estimates it.
    checkpoint_bytes: usize,
    record_budget: usize,
    /// How many steps the whole run takes, once it has been run to its end.
    total_steps: Option<u64>,
    /// Output that is not the program's: a compile error report or a limit message.
    extra_output: String,
}

impl Session {
    /// Tokenizes, parses and compiles `source` as the file `main.py`; never panics, whatever the input.
    pub fn new(source: &str, options: Options) -> Self {
        Session::with_filename(source, "main.py", options)
    }

    /// A session for a file's bytes: decoded as CPython decodes source (BOM, coding cookie).
    /// Bytes CPython refuses (a NUL byte, or not UTF-8 where UTF-8 is expected) give a session
    /// with that `SyntaxError`, worded for `ast.parse` and reported as `python FILE` shows it.
    pub fn from_bytes(bytes: &[u8], filename: &str, options: Options) -> Self {
        if let Some(error) = check_source_bytes(bytes, filename) {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let mut session = Session::undecodable(&text, filename, options, error.parse);
            // The report shows the offending line as the file reader saw it.
            let mut shown = "\n".repeat(error.file.lineno.saturating_sub(1) as usize);
            shown.push_str(&error.file_line);
            shown.push('\n');
            session.extra_output = syntax_error_report(&error.file, &shown, filename);
            return session;
        }
        match decode_source(bytes, filename) {
            Ok((_, text)) => Session::with_file(&text, filename, options, FileText::of(bytes)),
            Err(message) => {
                let text = String::from_utf8_lossy(bytes).into_owned();
                let error = SyntaxError {
                    error_type: SyntaxErrorType::SyntaxError,
                    message,
                    lineno: 1,
                    offset: 0,
                    end_lineno: 1,
                    end_offset: 0,
                    range: TextRange::empty(TextSize::new(0)),
                };
                let mut session = Session::undecodable(&text, filename, options, error.clone());
                session.extra_output = syntax_error_report(&error, &text, filename);
                session
            }
        }
    }

    /// A session for a source that cannot be read: no tokens, no tree, nothing to run.
    fn undecodable(text: &str, filename: &str, options: Options, error: SyntaxError) -> Self {
        let mut session = Session::with_filename("", filename, options);
        session.source = text.to_string();
        session.lines = LineIndex::new(&session.source);
        session.syntax_error = Some(error);
        session.module = None;
        session.ast = None;
        session.code = None;
        session.vm = None;
        session.phases.clear();
        session.instructions.clear();
        session.checkpoints.clear();
        session.checkpoint_bytes = 0;
        session
    }

    pub fn with_filename(source: &str, filename: &str, options: Options) -> Self {
        Session::with_file(source, filename, options, FileText::Source)
    }

    /// A session for `source`, read from a file whose bytes read back as `file`.
    fn with_file(source: &str, filename: &str, options: Options, file: FileText) -> Self {
        let lines = LineIndex::new(source);
        let parsed = parse_module(source);
        let tokens = build::token_views(source, &lines, &parsed.tokens.tokens);
        let mut session = Session {
            source: source.to_string(),
            filename: filename.to_string(),
            lines,
            tokens,
            syntax_error: None,
            file_text: file,
            module: None,
            ast: None,
            compile_error: None,
            code: None,
            phases: Vec::new(),
            instructions: Vec::new(),
            vm: None,
            checkpoints: Vec::new(),
            checkpoint_interval: FIRST_CHECKPOINT_INTERVAL,
            checkpoint_bytes: 0,
            record_budget: options.record_bytes,
            total_steps: None,
            extra_output: String::new(),
        };
        match parsed.module {
            Ok(module) => {
                session.ast = Some(build::ast_view(&module));
                session.module = Some(module);
            }
            Err(error) => {
                session.extra_output = report_syntax_error(&error, source, filename, file);
                session.syntax_error = Some(error);
                return session;
            }
        }
        let compiled = session
            .module
            .as_ref()
            .map(|module| compile_module(module, source, filename));
        match compiled {
            Some(Ok(compiled)) => {
                session.phases = build::phase_views(&compiled.phases);
                session.instructions = build::final_listing(&compiled.code);
                let limits = Limits {
                    steps: options.step_limit,
                    recursion: options.recursion_limit,
                    heap_objects: options.heap_limit,
                    heap_bytes: options.heap_bytes,
                    ..Limits::default()
                };
                let mut vm = Vm::new(compiled.code.clone(), limits);
                vm.entropy = options.random_seed;
                session.keep_checkpoint(vm.clone());
                session.vm = Some(vm);
                session.code = Some(compiled.code);
            }
            Some(Err(CompileError::Syntax(error))) => {
                session.extra_output = report_syntax_error(&error, source, filename, file);
                session.syntax_error = Some(error);
            }
            Some(Err(error)) => {
                session.extra_output = format!("pyxray: {error}\n");
                session.compile_error = Some(error.to_string());
            }
            None => {}
        }
        session
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every token `tokenize` prints (up to a tokenizer error, if any).
    pub fn tokens(&self) -> &[TokenView] {
        &self.tokens
    }

    /// The first compile-time error (tokenizer, parser or compiler), as CPython reports it.
    pub fn syntax_error(&self) -> Option<&SyntaxError> {
        self.syntax_error.as_ref()
    }

    /// The first compile-time error as `python FILE` displays it: a misspelled keyword turns
    /// "invalid syntax" into "invalid syntax. Did you mean 'import'?", located at the
    /// misspelled name (`traceback.TracebackException._find_keyword_typos`).
    pub fn syntax_error_display(&self) -> Option<SyntaxError> {
        self.syntax_error
            .as_ref()
            .map(|error| displayed_syntax_error(error, &self.source, self.file_text))
    }

    /// Valid Python that pyxray cannot compile yet: `not supported yet: … (line L)`.
    pub fn compile_error(&self) -> Option<&str> {
        self.compile_error.as_deref()
    }

    /// The module's AST, when the source parses.
    pub fn ast(&self) -> Option<&AstNodeView> {
        self.ast.as_ref()
    }

    /// `ast.dump(tree, indent=2, include_attributes=True)`.
    pub fn ast_dump(&self) -> Option<String> {
        self.module
            .as_ref()
            .map(|module| pyxray_parser::ast::dump(module, &self.source))
    }

    /// Codegen listing, each optimizer pass that changed something, and the final code.
    pub fn compile_phases(&self) -> &[CompilePhase] {
        &self.phases
    }

    /// The final module code, one entry per instruction as `dis` lists it.
    pub fn instructions(&self) -> &[InstrView] {
        &self.instructions
    }

    /// `dis.dis` text of the module code (nested code objects included).
    pub fn dis(&self) -> String {
        self.code
            .as_ref()
            .map(|code| pyxray_bytecode::dis::dis(code))
            .unwrap_or_default()
    }

    /// How many instructions have run.
    pub fn step_count(&self) -> u64 {
        self.vm.as_ref().map_or(0, |vm| vm.steps)
    }

    /// Whether the program has ended (or cannot run).
    pub fn is_finished(&self) -> bool {
        self.vm.as_ref().is_none_or(|vm| !vm.is_running())
    }

    /// Executes one instruction. Returns false when the program has already finished.
    pub fn step(&mut self) -> bool {
        let Some(vm) = self.vm.as_mut() else {
            return false;
        };
        if !vm.step() {
            return false;
        }
        if !vm.is_running() {
            self.total_steps = Some(vm.steps);
        }
        let latest = self.checkpoints.last().map_or(0, |c| c.steps);
        if vm.steps % self.checkpoint_interval == 0 && vm.steps > latest {
            let checkpoint = vm.clone();
            self.keep_checkpoint(checkpoint);
        }
        true
    }

    /// Keeps a checkpoint; past `MAX_CHECKPOINTS` or the record budget, every other one goes
    /// (the interval doubles). The one at step 0 always stays, so every step is reachable.
    fn keep_checkpoint(&mut self, checkpoint: Vm) {
        self.checkpoint_bytes += checkpoint.approx_bytes();
        self.checkpoints.push(checkpoint);
        while self.checkpoints.len() > 1
            && (self.checkpoints.len() > MAX_CHECKPOINTS
                || self.checkpoint_bytes > self.record_budget)
        {
            self.checkpoint_interval *= 2;
            let interval = self.checkpoint_interval;
            self.checkpoints
                .retain(|checkpoint| checkpoint.steps % interval == 0);
            self.checkpoint_bytes = self.checkpoints.iter().map(Vm::approx_bytes).sum();
        }
    }

    /// How many checkpoints the session keeps and the bytes they take (for `pyxray trace`).
    pub fn checkpoint_stats(&self) -> (usize, usize) {
        (self.checkpoints.len(), self.checkpoint_bytes)
    }

    /// How many steps the whole run takes, once stepping has reached its end (`None` before).
    pub fn total_steps(&self) -> Option<u64> {
        self.total_steps
    }

    /// Undoes one instruction. Returns false at the start.
    pub fn step_back(&mut self) -> bool {
        let current = self.step_count();
        if current == 0 {
            return false;
        }
        self.seek(current - 1);
        true
    }

    /// Runs up to `max_steps` instructions (or to the end); returns how many ran.
    pub fn run(&mut self, max_steps: u64) -> u64 {
        let mut ran = 0;
        while ran < max_steps && self.step() {
            ran += 1;
        }
        ran
    }

    /// Runs the whole program without keeping checkpoints (the CLI's `run`).
    pub fn run_to_end(&mut self) -> Outcome {
        let Some(vm) = self.vm.as_mut() else {
            return Outcome::Failed;
        };
        while vm.step() {}
        match &vm.status {
            RunStatus::Finished => Outcome::Exited(0),
            RunStatus::Raised(_) => Outcome::Exited(1),
            RunStatus::Limit(limit) => {
                self.extra_output = format!("{limit}\n");
                Outcome::Failed
            }
            RunStatus::Internal(message) => {
                self.extra_output = format!("pyxray: internal error: {message}\n");
                Outcome::Failed
            }
            RunStatus::Running => Outcome::Failed,
        }
    }

    /// Moves to the state after `target` instructions (or the end, if the run is shorter).
    pub fn seek(&mut self, target: u64) {
        let Some(current) = self.vm.as_ref() else {
            return;
        };
        let base = self
            .checkpoints
            .iter()
            .rev()
            .find(|checkpoint| checkpoint.steps <= target);
        let resume_from_current = current.steps <= target
            && base.is_none_or(|checkpoint| checkpoint.steps <= current.steps);
        if !resume_from_current {
            if let Some(checkpoint) = base {
                self.vm = Some(checkpoint.clone());
            }
        }
        while self.step_count() < target && self.step() {}
    }

    /// Back to the state before the first instruction.
    pub fn reset(&mut self) {
        self.seek(0)
    }

    /// Everything the program wrote, then an uncaught exception's traceback, a compile error or
    /// a limit message.
    pub fn output(&self) -> String {
        let Some(vm) = self.vm.as_ref() else {
            return self.extra_output.clone();
        };
        let mut text = vm.output.text();
        if let RunStatus::Raised(exception) = &vm.status {
            text.push_str(&format_uncaught(exception, &|name| {
                (name == self.filename).then(|| self.source.clone())
            }));
        }
        text.push_str(&self.extra_output);
        text
    }

    /// The machine state at the current step.
    pub fn view(&self) -> StateView {
        match &self.vm {
            Some(vm) => {
                build::state_view(vm, &self.instructions, self.code.as_deref(), &self.lines)
            }
            None => StateView {
                finished: true,
                output: self.output(),
                error: self
                    .syntax_error
                    .as_ref()
                    .map(|e| e.to_string())
                    .or_else(|| self.compile_error.clone()),
                ..StateView::default()
            },
        }
    }

    pub fn filename(&self) -> &str {
        &self.filename
    }
}
