//! One component per panel of the page; each is a view over the app state (see `state.rs`).

pub mod ast_panel;
pub mod bytecode_panel;
pub mod explain_panel;
pub mod frames_panel;
pub mod heap_panel;
pub mod output_panel;
pub mod panel;
pub mod source_panel;
pub mod timeline_bar;
pub mod tokens_panel;
