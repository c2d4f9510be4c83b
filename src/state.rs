//! The app's one reducer: the `pyxray::Session` for the program in the editor, plain copies of
//! what each stage produced (tokens, AST, compile phases, the machine state at the current step)
//! and the UI's own state (what the student clicked, which compile phase is shown, which AST
//! nodes are folded). Components only read this state and send `Action`s; nothing else calls
//! the interpreter.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use pyxray::{
    AstNodeView, AstValueView, CompilePhase, InstrView, Options, Session, StateView, SyntaxError,
    TextRange, TokenView,
};
use yew::Reducible;

/// The program the editor starts with.
pub const EXAMPLE_SOURCE: &str = "c = 5 + 6\nprint(c)\n";

/// Instructions one "Run" slice executes before the page gets a chance to repaint.
pub const RUN_SLICE_STEPS: u64 = 20_000;

/// A shared, immutable snapshot; two are equal when they are the same snapshot, so props compare in O(1).
#[derive(Debug)]
pub struct Shared<T>(Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Everything compiling the source produced, copied out of the session once per compile.
#[derive(Debug, PartialEq, Default)]
pub struct Compiled {
    /// The source these artifacts belong to (the editor may already hold newer text).
    pub source: String,
    pub tokens: Vec<TokenView>,
    pub syntax_error: Option<SyntaxError>,
    /// Valid Python that pyxray cannot compile yet, in words.
    pub compile_error: Option<String>,
    /// The name the program runs under, as tracebacks print it.
    pub filename: String,
    pub ast: Option<AstNodeView>,
    pub phases: Vec<CompilePhase>,
    /// The final listing: what the VM runs; `StateView::current_instruction` indexes it.
    pub instructions: Vec<InstrView>,
}

impl Compiled {
    fn from_session(session: &Session) -> Self {
        Compiled {
            source: session.source().to_string(),
            tokens: session.tokens().to_vec(),
            syntax_error: session.syntax_error_display(),
            compile_error: session.compile_error().map(str::to_string),
            filename: session.filename().to_string(),
            ast: session.ast().cloned(),
            phases: session.compile_phases().to_vec(),
            instructions: session.instructions().to_vec(),
        }
    }

    /// The listings the bytecode panel offers as tabs: every compile phase, plus the final code
    /// when the last phase is not already exactly that. The last listing is always the one that runs.
    pub fn listings(&self) -> Vec<Listing<'_>> {
        let mut listings: Vec<Listing<'_>> = self
            .phases
            .iter()
            .map(|phase| Listing {
                title: &phase.title,
                description: &phase.description,
                instructions: &phase.instructions,
                runs: false,
            })
            .collect();
        let last_is_final = self
            .phases
            .last()
            .is_some_and(|phase| phase.instructions == self.instructions);
        if last_is_final {
            if let Some(last) = listings.last_mut() {
                last.runs = true;
            }
        } else if !self.instructions.is_empty() || listings.is_empty() {
            listings.push(Listing {
                title: "Final code",
                description: "The code object's instructions, as dis shows them: what the VM runs.",
                instructions: &self.instructions,
                runs: true,
            });
        }
        listings
    }

    /// The innermost AST node whose range equals `range`, else the innermost one containing it.
    pub fn node_for_range(&self, range: TextRange) -> Option<u32> {
        let root = self.ast.as_ref()?;
        let mut exact = None;
        let mut containing = None;
        visit_nodes(root, &mut |node| {
            if node.range == range {
                exact = Some(node.id);
            }
            if node.range.contains_range(range) {
                containing = Some(node.id);
            }
        });
        exact.or(containing)
    }

    /// The AST node with this id.
    pub fn node(&self, id: u32) -> Option<&AstNodeView> {
        let root = self.ast.as_ref()?;
        find_node(root, id)
    }
}

/// The session's state view, with the output filled in from `Session::output()` when the view
/// leaves it empty (the facade's view does not always carry it yet).
fn machine_view(session: &Session) -> StateView {
    let mut view = session.view();
    if view.output.is_empty() {
        view.output = session.output();
    }
    view
}

/// One instruction listing of the bytecode panel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Listing<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub instructions: &'a [InstrView],
    /// This is the listing the VM executes (the current instruction is marked in it).
    pub runs: bool,
}

/// Calls `f` on `node` and every node below it, parents before children.
pub fn visit_nodes<'a>(node: &'a AstNodeView, f: &mut impl FnMut(&'a AstNodeView)) {
    f(node);
    for field in &node.fields {
        visit_value(&field.value, f);
    }
}

fn visit_value<'a>(value: &'a AstValueView, f: &mut impl FnMut(&'a AstNodeView)) {
    match value {
        AstValueView::Node(node) => visit_nodes(node, f),
        AstValueView::List(items) => items.iter().for_each(|item| visit_value(item, f)),
        AstValueView::Leaf(_) => {}
    }
}

fn find_node(node: &AstNodeView, id: u32) -> Option<&AstNodeView> {
    let mut found = None;
    visit_nodes(node, &mut |candidate| {
        if found.is_none() && candidate.id == id {
            found = Some(candidate);
        }
    });
    found
}

/// What the student clicked, resolved to the source range, AST node and heap object it stands for,
/// so every panel can light up its matching items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Selection {
    pub origin: Option<SelectionOrigin>,
    pub range: Option<TextRange>,
    pub node: Option<u32>,
    pub object: Option<u32>,
}

/// Which item was clicked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectionOrigin {
    /// Index into the token list.
    Token(usize),
    /// AST node id.
    Node(u32),
    /// An instruction: which listing (bytecode tab) and its index there.
    Instruction { listing: usize, index: usize },
    /// A heap object id.
    Object(u32),
}

/// Where the run is: the instruction the last step executed (with its source span and AST node)
/// and the one the next step executes, as indexes into the final listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Focus {
    pub instruction: Option<usize>,
    pub next_instruction: Option<usize>,
    pub range: Option<TextRange>,
    pub node: Option<u32>,
}

/// Everything a user can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The editor text changed; compiling waits for `Compile` with the same generation.
    Edit(String),
    /// Compile the editor text if it is still the edit of this generation (debouncing).
    Compile {
        generation: u64,
    },
    Step,
    Back,
    /// Jump to the state after this many instructions (the timeline slider).
    Seek(u64),
    /// Start running to the end, one slice at a time.
    Run,
    /// Run the next slice, if still running.
    RunSlice,
    Stop,
    Reset,
    Select(SelectionOrigin),
    ClearSelection,
    /// Show this bytecode listing (tab index), `None` for the one that runs.
    ShowListing(Option<usize>),
    ToggleAstNode(u32),
    /// Heap panel: every object, or only those the program is using now.
    ToggleAllHeapObjects,
}

/// The whole app state.
pub struct AppState {
    /// The editor's text (may be newer than `compiled.source` while an edit waits to compile).
    pub editor_text: Rc<str>,
    /// Bumped on every edit; a `Compile` for an older generation is ignored.
    pub edit_generation: u64,
    session: Rc<RefCell<Session>>,
    pub compiled: Shared<Compiled>,
    pub machine: Shared<StateView>,
    /// True while "Run" executes slices.
    pub running: bool,
    /// The furthest step reached so far: the timeline slider's end.
    pub furthest_step: u64,
    pub selection: Selection,
    /// Bytecode tab shown; `None` is the listing that runs.
    pub shown_listing: Option<usize>,
    pub folded_ast_nodes: Shared<BTreeSet<u32>>,
    /// The heap panel lists every object, not only those in use.
    pub show_all_heap_objects: bool,
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new(EXAMPLE_SOURCE)
    }
}

impl AppState {
    pub fn new(source: &str) -> Self {
        let session = Session::new(source, session_options());
        let compiled = Shared::new(Compiled::from_session(&session));
        let machine = Shared::new(machine_view(&session));
        AppState {
            editor_text: Rc::from(source),
            edit_generation: 0,
            session: Rc::new(RefCell::new(session)),
            compiled,
            machine,
            running: false,
            furthest_step: 0,
            selection: Selection::default(),
            shown_listing: None,
            folded_ast_nodes: Shared::new(BTreeSet::new()),
            show_all_heap_objects: false,
        }
    }

    /// Where the run is, for the "just ran" highlight in every panel.
    pub fn focus(&self) -> Focus {
        Focus {
            instruction: self.machine.current_instruction,
            next_instruction: self.machine.next_instruction,
            range: self.machine.current_range,
            node: self.machine.current_node,
        }
    }

    /// The program cannot run: it does not compile (or pyxray cannot compile it yet).
    pub fn cannot_run(&self) -> bool {
        self.cannot_run_reason().is_some()
    }

    /// Why the program cannot run, in a few words.
    pub fn cannot_run_reason(&self) -> Option<&'static str> {
        if self.compiled.syntax_error.is_some() {
            Some("does not compile")
        } else if self.compiled.compile_error.is_some() {
            Some("cannot run yet")
        } else {
            None
        }
    }

    /// The editor holds text that has not been compiled yet.
    pub fn is_compiling(&self) -> bool {
        *self.editor_text != *self.compiled.source
    }

    fn with_session(&self, f: impl FnOnce(&mut Session) -> bool) -> (bool, StateView) {
        let mut session = self.session.borrow_mut();
        let moved = f(&mut session);
        (moved, machine_view(&session))
    }

    fn copy(&self) -> AppState {
        AppState {
            editor_text: self.editor_text.clone(),
            edit_generation: self.edit_generation,
            session: self.session.clone(),
            compiled: self.compiled.clone(),
            machine: self.machine.clone(),
            running: self.running,
            furthest_step: self.furthest_step,
            selection: self.selection,
            shown_listing: self.shown_listing,
            folded_ast_nodes: self.folded_ast_nodes.clone(),
            show_all_heap_objects: self.show_all_heap_objects,
        }
    }

    fn resolve(&self, origin: SelectionOrigin) -> Selection {
        let compiled = &self.compiled;
        let mut selection = Selection {
            origin: Some(origin),
            ..Selection::default()
        };
        match origin {
            SelectionOrigin::Token(index) => {
                if let Some(token) = compiled.tokens.get(index) {
                    selection.range = Some(token.range);
                    selection.node = compiled.node_for_range(token.range);
                }
            }
            SelectionOrigin::Node(id) => {
                selection.node = Some(id);
                selection.range = compiled.node(id).map(|node| node.range);
            }
            SelectionOrigin::Instruction { listing, index } => {
                let listings = compiled.listings();
                if let Some(instr) = listings
                    .get(listing)
                    .and_then(|listing| listing.instructions.get(index))
                {
                    selection.range = instr.range;
                    selection.node = instr
                        .node
                        .or_else(|| instr.range.and_then(|range| compiled.node_for_range(range)));
                }
            }
            SelectionOrigin::Object(id) => selection.object = Some(id),
        }
        selection
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = self.copy();
        match action {
            Action::Edit(text) => {
                next.editor_text = Rc::from(text.as_str());
                next.edit_generation = self.edit_generation.wrapping_add(1);
                next.running = false;
            }
            Action::Compile { generation } => {
                if generation != self.edit_generation || !self.is_compiling() {
                    return self;
                }
                let mut fresh = AppState::new(&self.editor_text);
                fresh.edit_generation = self.edit_generation;
                fresh.show_all_heap_objects = self.show_all_heap_objects;
                return Rc::new(fresh);
            }
            Action::Step | Action::Back | Action::Reset | Action::Seek(_) => {
                let (_, view) = self.with_session(|session| match action {
                    Action::Step => session.step(),
                    Action::Back => session.step_back(),
                    Action::Seek(step) => {
                        session.seek(step);
                        true
                    }
                    _ => {
                        session.reset();
                        true
                    }
                });
                next.machine = Shared::new(view);
                next.running = false;
                next.selection = Selection::default();
                next.shown_listing = None;
            }
            Action::Run | Action::RunSlice => {
                if action == Action::RunSlice && !self.running {
                    return self;
                }
                let (ran, view) = self.with_session(|session| session.run(RUN_SLICE_STEPS) > 0);
                next.running = ran && !view.finished && view.error.is_none();
                next.machine = Shared::new(view);
                next.selection = Selection::default();
                next.shown_listing = None;
            }
            Action::Stop => next.running = false,
            Action::Select(origin) => {
                let selection = self.resolve(origin);
                if selection == self.selection {
                    next.selection = Selection::default();
                } else {
                    next.selection = selection;
                }
            }
            Action::ClearSelection => next.selection = Selection::default(),
            Action::ShowListing(listing) => next.shown_listing = listing,
            Action::ToggleAstNode(id) => {
                let mut folded = (*self.folded_ast_nodes).clone();
                if !folded.remove(&id) {
                    folded.insert(id);
                }
                next.folded_ast_nodes = Shared::new(folded);
            }
            Action::ToggleAllHeapObjects => {
                next.show_all_heap_objects = !self.show_all_heap_objects;
            }
        }
        next.furthest_step = next.furthest_step.max(next.machine.step);
        Rc::new(next)
    }
}

/// The options of a new session: a fresh seed for `random` each time, as each run of
/// CPython draws other numbers (a seeded program is unaffected).
fn session_options() -> Options {
    Options {
        random_seed: run_seed(),
        ..Options::default()
    }
}

#[cfg(target_arch = "wasm32")]
fn run_seed() -> u64 {
    js_sys::Date::now() as u64
}

#[cfg(not(target_arch = "wasm32"))]
fn run_seed() -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: Rc<AppState>, action: Action) -> Rc<AppState> {
        state.reduce(action)
    }

    #[test]
    fn starts_with_the_example_compiled() {
        let state = AppState::default();
        assert_eq!(&*state.editor_text, EXAMPLE_SOURCE);
        assert_eq!(state.compiled.source, EXAMPLE_SOURCE);
        assert!(!state.is_compiling());
        assert_eq!(state.machine.step, 0);
    }

    #[test]
    fn edits_compile_only_when_the_latest_generation_arrives() {
        let state = Rc::new(AppState::default());
        let state = reduce(state, Action::Edit("x = 1\n".into()));
        let state = reduce(state, Action::Edit("x = 12\n".into()));
        assert!(state.is_compiling());
        assert_eq!(state.edit_generation, 2);

        let stale = reduce(state.clone(), Action::Compile { generation: 1 });
        assert!(stale.is_compiling(), "a stale timer must not compile");

        let compiled = reduce(state, Action::Compile { generation: 2 });
        assert!(!compiled.is_compiling());
        assert_eq!(compiled.compiled.source, "x = 12\n");
        assert_eq!(compiled.edit_generation, 2);
    }

    #[test]
    fn clicking_the_same_item_twice_clears_the_selection() {
        let state = Rc::new(AppState::default());
        let state = reduce(state, Action::Select(SelectionOrigin::Object(7)));
        assert_eq!(state.selection.object, Some(7));
        let state = reduce(state, Action::Select(SelectionOrigin::Object(7)));
        assert_eq!(state.selection, Selection::default());
    }

    #[test]
    fn stepping_clears_the_selection_and_shows_the_running_listing() {
        let state = Rc::new(AppState::default());
        let state = reduce(state, Action::ShowListing(Some(0)));
        let state = reduce(state, Action::Select(SelectionOrigin::Object(3)));
        let state = reduce(state, Action::Step);
        assert_eq!(state.selection, Selection::default());
        assert_eq!(state.shown_listing, None);
    }

    #[test]
    fn ast_nodes_fold_and_unfold() {
        let state = Rc::new(AppState::default());
        let state = reduce(state, Action::ToggleAstNode(4));
        assert!(state.folded_ast_nodes.contains(&4));
        let state = reduce(state, Action::ToggleAstNode(4));
        assert!(!state.folded_ast_nodes.contains(&4));
    }

    #[test]
    fn the_last_listing_is_the_one_that_runs() {
        let state = AppState::default();
        let listings = state.compiled.listings();
        assert!(!listings.is_empty());
        assert!(listings.last().is_some_and(|listing| listing.runs));
        assert_eq!(listings.iter().filter(|listing| listing.runs).count(), 1);
    }

    fn stack_reprs(state: &AppState) -> Vec<String> {
        state
            .machine
            .frames
            .last()
            .map(|frame| frame.stack.iter().map(|value| value.repr.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn stepping_the_example_pushes_11_and_back_and_seek_move_through_time() {
        let mut state = Rc::new(AppState::default());
        for _ in 0..2 {
            state = reduce(state, Action::Step);
        }
        assert_eq!(state.machine.step, 2);
        assert_eq!(
            stack_reprs(&state),
            ["11"],
            "RESUME, then LOAD_SMALL_INT 11"
        );
        assert_eq!(state.furthest_step, 2);

        let state = reduce(state, Action::Back);
        assert_eq!(state.machine.step, 1);
        assert!(stack_reprs(&state).is_empty());
        assert_eq!(state.furthest_step, 2, "going back keeps the slider's end");

        let state = reduce(state, Action::Seek(2));
        assert_eq!(stack_reprs(&state), ["11"]);
    }

    #[test]
    fn a_syntax_error_blocks_running() {
        let state = Rc::new(AppState::default());
        let state = reduce(state, Action::Edit("c = 5 +\n".into()));
        let state = reduce(state, Action::Compile { generation: 1 });
        assert_eq!(state.cannot_run_reason(), Some("does not compile"));
        let message = state
            .compiled
            .syntax_error
            .as_ref()
            .map(|e| e.message.clone());
        assert_eq!(message.as_deref(), Some("invalid syntax"));
    }

    #[test]
    fn a_run_slice_after_stop_does_nothing() {
        let state = Rc::new(AppState::default());
        let state = reduce(state, Action::Stop);
        let after = reduce(state.clone(), Action::RunSlice);
        assert!(Rc::ptr_eq(&state, &after));
    }
}
