//! `import`: the modules pyxray provides natively, created on first import and kept in
//! `sys.modules`; any other name is CPython's `ModuleNotFoundError`.
//!
//! CPython: `Python/import.c` (`PyImport_ImportModuleLevelObject`, `import_from`),
//! `Python/bytecodes.c` (`IMPORT_NAME`, `IMPORT_FROM`). A module's functions are rows of a
//! `MethodDef` table bound to the module object, as C modules' `PyMethodDef` arrays are.

pub(crate) mod math;
mod math_sums;
pub(crate) mod random;
pub(crate) mod sys;

use crate::heap::ObjId;
use crate::methods::MethodDef;
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

/// Fills a new module's namespace with its values (`math.pi`, `sys.argv`).
type FillModule = fn(&mut Vm, ObjId);

/// The native modules: name, function table, and the function filling in its values.
const NATIVE_MODULES: &[(&str, &[MethodDef], FillModule)] = &[
    ("math", math::FUNCTIONS, math::fill),
    ("sys", sys::FUNCTIONS, sys::fill),
    ("random", random::FUNCTIONS, random::fill),
];

/// The function table of a native module (`methods::find_method` looks here too).
pub(crate) fn functions_of(module: &str) -> Option<&'static [MethodDef]> {
    NATIVE_MODULES
        .iter()
        .find(|(name, _, _)| *name == module)
        .map(|(_, functions, _)| *functions)
}

impl Vm {
    /// `IMPORT_NAME`: the module named by `co_names[oparg]` (for `import a.b`, `a`).
    pub(crate) fn import_name(&mut self, oparg: u32) -> Result<(), Fault> {
        let name = self.name(oparg)?;
        let fromlist = self.pop_value()?;
        let level = self.pop_value()?;
        self.release(&[fromlist, level]);
        let top = name.split('.').next().unwrap_or(&name).to_string();
        let module = self.import(&name, &top)?;
        self.push_new_ref(module)
    }

    fn import(&mut self, full: &str, top: &str) -> Result<ObjId, Fault> {
        if let Some(&(_, module)) = self.modules.iter().find(|(n, _)| n == top) {
            if full == top {
                return Ok(module);
            }
        }
        let Some(&(name, functions, fill)) = NATIVE_MODULES.iter().find(|(n, _, _)| *n == top)
        else {
            return Err(
                Raise::new("ModuleNotFoundError", format!("No module named '{full}'")).into(),
            );
        };
        if full != top {
            return Err(Raise::new(
                "ModuleNotFoundError",
                format!("No module named '{full}'; '{top}' is not a package"),
            )
            .into());
        }
        let dict = self.heap.alloc_immortal(Object::Dict(Vec::new()));
        let module = self.heap.alloc_immortal(Object::Module {
            name: name.to_string(),
            dict,
        });
        let name_text = self.intern(name);
        self.dict_set_str(dict, "__name__", name_text);
        for function in functions {
            let value = self.heap.alloc(Object::BuiltinMethod {
                type_name: name,
                name: function.name,
                bound: Some(module),
            });
            self.dict_set_str(dict, function.name, value);
            self.heap.decref(value);
        }
        fill(self, dict);
        self.modules.push((name.to_string(), module));
        Ok(module)
    }

    /// `IMPORT_FROM`: `from module import name`.
    pub(crate) fn import_from(&mut self, oparg: u32) -> Result<(), Fault> {
        let name = self.name(oparg)?;
        let module = self
            .frame()?
            .stack
            .last()
            .copied()
            .flatten()
            .ok_or_else(|| Fault::Internal("IMPORT_FROM without a module".to_string()))?;
        let (module_name, dict) = match self.heap.get(module) {
            Some(Object::Module { name, dict }) => (name.clone(), *dict),
            _ => return Err(Fault::Internal("IMPORT_FROM from a non-module".to_string())),
        };
        match self.dict_get_str(dict, &name) {
            Some(value) => self.push_new_ref(value),
            None => Err(Raise::new(
                "ImportError",
                format!("cannot import name '{name}' from '{module_name}' (unknown location)"),
            )
            .into()),
        }
    }

    /// `module.name`.
    pub(crate) fn module_attr(&self, module: ObjId, name: &str) -> Result<Option<ObjId>, Fault> {
        let Some(Object::Module {
            name: module_name,
            dict,
        }) = self.heap.get(module)
        else {
            return Ok(None);
        };
        match self.dict_get_str(*dict, name) {
            Some(value) => Ok(Some(value)),
            None => Err(Raise::new(
                "AttributeError",
                format!("module '{module_name}' has no attribute '{name}'"),
            )
            .into()),
        }
    }

    /// Puts a float into a module's namespace.
    pub(crate) fn module_set_float(&mut self, dict: ObjId, name: &str, value: f64) {
        let object = self.heap.alloc(Object::Float(value));
        self.dict_set_str(dict, name, object);
        self.heap.decref(object);
    }
}
