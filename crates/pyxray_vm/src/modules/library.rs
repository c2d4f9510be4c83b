//! Modules written in Python: their source is part of pyxray (`crates/pyxray_vm/lib/*.py`),
//! compiled when a program first imports them and run as a module frame whose instructions
//! are steps like any other; the import completes when that frame returns. These are
//! pyxray's own implementations of the standard modules' documented behaviour, not copies of
//! CPython's files, so their line numbers and internals differ from CPython's.
//!
//! CPython: `Lib/importlib/_bootstrap.py` (`_load_unlocked`: the module is in `sys.modules`
//! while its code runs and is removed again if that code raises), `Python/import.c`
//! (`exec_code_in_module`), `Python/pythonrun.c` (compiling source to a code object).

use std::rc::Rc;

use pyxray_bytecode::code::CodeObject;

use crate::frame::ReturnAction;
use crate::heap::ObjId;
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

/// The directory library modules appear to live in (their code objects' `co_filename`).
pub const LIBRARY_PREFIX: &str = "/pyxray/lib/";

/// The modules written in Python: name and source.
const LIBRARY_MODULES: &[(&str, &str)] = &[
    ("bisect", include_str!("../../lib/bisect.py")),
    ("copy", include_str!("../../lib/copy.py")),
    ("heapq", include_str!("../../lib/heapq.py")),
    ("operator", include_str!("../../lib/operator.py")),
    ("string", include_str!("../../lib/string.py")),
];

/// The source of a library module, by module name.
fn module_source(name: &str) -> Option<&'static str> {
    LIBRARY_MODULES
        .iter()
        .find(|(module, _)| *module == name)
        .map(|(_, source)| *source)
}

/// The source of a library file, by the file name its code objects carry (for tracebacks
/// and the views).
pub fn library_source(filename: &str) -> Option<&'static str> {
    let name = filename.strip_prefix(LIBRARY_PREFIX)?.strip_suffix(".py")?;
    module_source(name)
}

/// Whether code from this file is library code rather than the student's program.
pub fn is_library_file(filename: &str) -> bool {
    filename.starts_with(LIBRARY_PREFIX)
}

/// Compiles a library module's source.
fn compile_library_module(name: &str, source: &str) -> Result<Rc<CodeObject>, Fault> {
    let filename = format!("{LIBRARY_PREFIX}{name}.py");
    let parsed = pyxray_parser::parse_module(source);
    let module = parsed.module.map_err(|error| {
        Fault::Internal(format!(
            "library module {name}: {} (line {})",
            error.message, error.lineno
        ))
    })?;
    pyxray_compiler::compile_module(&module, source, &filename)
        .map(|compiled| compiled.code)
        .map_err(|error| Fault::Internal(format!("library module {name}: {error}")))
}

impl Vm {
    /// Whether `name` is a module written in Python that pyxray provides.
    pub(crate) fn is_library_module(&self, name: &str) -> bool {
        module_source(name).is_some()
    }

    /// Starts importing a library module: creates the module, registers it in
    /// `sys.modules`, and pushes a frame running its code in the module's namespace.
    /// `IMPORT_NAME` completes when that frame returns (`finish_library_import`).
    pub(crate) fn start_library_import(&mut self, name: &str) -> Result<(), Fault> {
        let source = module_source(name)
            .ok_or_else(|| Fault::Internal(format!("no library module {name}")))?;
        let code = compile_library_module(name, source)?;
        if self.frames.len() >= self.limits.recursion as usize {
            return Err(Raise::new("RecursionError", "maximum recursion depth exceeded").into());
        }
        let dict = self.heap.alloc_immortal(Object::Dict(Vec::new()));
        let module = self.heap.alloc_immortal(Object::Module {
            name: name.to_string(),
            dict,
        });
        self.fill_module_namespace(dict, name, &code.filename);
        self.modules.push((name.to_string(), module));
        self.push_module_frame(code, dict, ReturnAction::ImportModule { module });
        Ok(())
    }

    /// A library module's code has run: the import's result is the module.
    pub(crate) fn finish_library_import(&mut self, module: ObjId, value: ObjId) -> ObjId {
        self.heap.decref(value);
        self.heap.incref(module);
        module
    }

    /// A library module's code raised: it leaves `sys.modules` again, so the next import
    /// runs it afresh.
    pub(crate) fn abandon_library_import(&mut self, module: ObjId) {
        self.modules.retain(|(_, m)| *m != module);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_module_compiles() {
        for (name, source) in LIBRARY_MODULES {
            if let Err(fault) = compile_library_module(name, source) {
                panic!("{name} does not compile: {fault:?}");
            }
        }
    }

    #[test]
    fn library_files_are_found_by_file_name() {
        assert!(library_source("/pyxray/lib/copy.py").is_some());
        assert!(library_source("copy.py").is_none());
        assert!(is_library_file("/pyxray/lib/heapq.py"));
        assert!(!is_library_file("heapq.py"));
    }
}
