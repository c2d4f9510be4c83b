//! pyxray in the browser: a Yew app that shows CPython's stages for the program in the editor —
//! tokens, AST, compiler phases and bytecode, the VM's frames and value stack, the heap with
//! refcounts, and the output — and steps the program forwards and backwards.

mod app;
mod components;
mod highlight;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
