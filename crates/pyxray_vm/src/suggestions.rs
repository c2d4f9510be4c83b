//! "Did you mean: 'count'?": the closest name to a misspelled one, appended to a NameError
//! or AttributeError when the traceback is printed, and "Did you forget to import 'math'?"
//! for the name of a standard module.
//!
//! CPython: `Python/suggestions.c` (`levenshtein_distance`, `_Py_CalculateSuggestions`: a
//! Levenshtein distance where a case change costs half a substitution, over at most 750
//! candidates of at most 40 bytes, and no more than a third of the characters changed) and
//! `Lib/traceback.py` (`_compute_suggestion_error`: which names are candidates). pyxray works
//! the suggestion out when the exception is raised, from the same candidates CPython reads
//! when it prints: the frame's variables, globals and builtins, or `dir(obj)`.

use crate::heap::ObjId;
use crate::objects::Object;
use crate::vm::Vm;

const MAX_CANDIDATE_ITEMS: usize = 750;
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

/// The names in CPython 3.14's `builtins`, in its order (a NameError's last candidates).
const BUILTIN_NAMES: &[&str] = &[
    "__name__",
    "__doc__",
    "__package__",
    "__loader__",
    "__spec__",
    "__build_class__",
    "__import__",
    "abs",
    "all",
    "any",
    "ascii",
    "bin",
    "breakpoint",
    "callable",
    "chr",
    "compile",
    "delattr",
    "dir",
    "divmod",
    "eval",
    "exec",
    "format",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "hex",
    "id",
    "input",
    "isinstance",
    "issubclass",
    "iter",
    "aiter",
    "len",
    "locals",
    "max",
    "min",
    "next",
    "anext",
    "oct",
    "ord",
    "pow",
    "print",
    "repr",
    "round",
    "setattr",
    "sorted",
    "sum",
    "vars",
    "None",
    "Ellipsis",
    "NotImplemented",
    "False",
    "True",
    "bool",
    "memoryview",
    "bytearray",
    "bytes",
    "classmethod",
    "complex",
    "dict",
    "enumerate",
    "filter",
    "float",
    "frozenset",
    "property",
    "int",
    "list",
    "map",
    "object",
    "range",
    "reversed",
    "set",
    "slice",
    "staticmethod",
    "str",
    "super",
    "tuple",
    "type",
    "zip",
    "__debug__",
    "BaseException",
    "BaseExceptionGroup",
    "Exception",
    "GeneratorExit",
    "KeyboardInterrupt",
    "SystemExit",
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BufferError",
    "EOFError",
    "ImportError",
    "LookupError",
    "MemoryError",
    "NameError",
    "OSError",
    "ReferenceError",
    "RuntimeError",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SystemError",
    "TypeError",
    "ValueError",
    "Warning",
    "FloatingPointError",
    "OverflowError",
    "ZeroDivisionError",
    "BytesWarning",
    "DeprecationWarning",
    "EncodingWarning",
    "FutureWarning",
    "ImportWarning",
    "PendingDeprecationWarning",
    "ResourceWarning",
    "RuntimeWarning",
    "SyntaxWarning",
    "UnicodeWarning",
    "UserWarning",
    "BlockingIOError",
    "ChildProcessError",
    "ConnectionError",
    "FileExistsError",
    "FileNotFoundError",
    "InterruptedError",
    "IsADirectoryError",
    "NotADirectoryError",
    "PermissionError",
    "ProcessLookupError",
    "TimeoutError",
    "IndentationError",
    "_IncompleteInputError",
    "IndexError",
    "KeyError",
    "ModuleNotFoundError",
    "NotImplementedError",
    "PythonFinalizationError",
    "RecursionError",
    "UnboundLocalError",
    "UnicodeError",
    "BrokenPipeError",
    "ConnectionAbortedError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "TabError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeTranslateError",
    "ExceptionGroup",
    "EnvironmentError",
    "IOError",
    "open",
    "quit",
    "exit",
    "copyright",
    "credits",
    "license",
    "help",
];

/// `sys.stdlib_module_names`.
const STDLIB_MODULE_NAMES: &[&str] = &[
    "__future__",
    "_abc",
    "_aix_support",
    "_android_support",
    "_apple_support",
    "_ast",
    "_ast_unparse",
    "_asyncio",
    "_bisect",
    "_blake2",
    "_bz2",
    "_codecs",
    "_codecs_cn",
    "_codecs_hk",
    "_codecs_iso2022",
    "_codecs_jp",
    "_codecs_kr",
    "_codecs_tw",
    "_collections",
    "_collections_abc",
    "_colorize",
    "_compat_pickle",
    "_contextvars",
    "_csv",
    "_ctypes",
    "_curses",
    "_curses_panel",
    "_datetime",
    "_dbm",
    "_decimal",
    "_elementtree",
    "_frozen_importlib",
    "_frozen_importlib_external",
    "_functools",
    "_gdbm",
    "_hashlib",
    "_heapq",
    "_hmac",
    "_imp",
    "_interpchannels",
    "_interpqueues",
    "_interpreters",
    "_io",
    "_ios_support",
    "_json",
    "_locale",
    "_lsprof",
    "_lzma",
    "_markupbase",
    "_md5",
    "_multibytecodec",
    "_multiprocessing",
    "_opcode",
    "_opcode_metadata",
    "_operator",
    "_osx_support",
    "_overlapped",
    "_pickle",
    "_posixshmem",
    "_posixsubprocess",
    "_py_abc",
    "_py_warnings",
    "_pydatetime",
    "_pydecimal",
    "_pyio",
    "_pylong",
    "_pyrepl",
    "_queue",
    "_random",
    "_remote_debugging",
    "_scproxy",
    "_sha1",
    "_sha2",
    "_sha3",
    "_signal",
    "_sitebuiltins",
    "_socket",
    "_sqlite3",
    "_sre",
    "_ssl",
    "_stat",
    "_statistics",
    "_string",
    "_strptime",
    "_struct",
    "_suggestions",
    "_symtable",
    "_sysconfig",
    "_thread",
    "_threading_local",
    "_tkinter",
    "_tokenize",
    "_tracemalloc",
    "_types",
    "_typing",
    "_uuid",
    "_warnings",
    "_weakref",
    "_weakrefset",
    "_winapi",
    "_wmi",
    "_zoneinfo",
    "_zstd",
    "abc",
    "annotationlib",
    "antigravity",
    "argparse",
    "array",
    "ast",
    "asyncio",
    "atexit",
    "base64",
    "bdb",
    "binascii",
    "bisect",
    "builtins",
    "bz2",
    "cProfile",
    "calendar",
    "cmath",
    "cmd",
    "code",
    "codecs",
    "codeop",
    "collections",
    "colorsys",
    "compileall",
    "compression",
    "concurrent",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "copyreg",
    "csv",
    "ctypes",
    "curses",
    "dataclasses",
    "datetime",
    "dbm",
    "decimal",
    "difflib",
    "dis",
    "doctest",
    "email",
    "encodings",
    "ensurepip",
    "enum",
    "errno",
    "faulthandler",
    "fcntl",
    "filecmp",
    "fileinput",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "gc",
    "genericpath",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "graphlib",
    "grp",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "idlelib",
    "imaplib",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "keyword",
    "linecache",
    "locale",
    "logging",
    "lzma",
    "mailbox",
    "marshal",
    "math",
    "mimetypes",
    "mmap",
    "modulefinder",
    "msvcrt",
    "multiprocessing",
    "netrc",
    "nt",
    "ntpath",
    "nturl2path",
    "numbers",
    "opcode",
    "operator",
    "optparse",
    "os",
    "pathlib",
    "pdb",
    "pickle",
    "pickletools",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "posix",
    "posixpath",
    "pprint",
    "profile",
    "pstats",
    "pty",
    "pwd",
    "py_compile",
    "pyclbr",
    "pydoc",
    "pydoc_data",
    "pyexpat",
    "queue",
    "quopri",
    "random",
    "re",
    "readline",
    "reprlib",
    "resource",
    "rlcompleter",
    "runpy",
    "sched",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "signal",
    "site",
    "smtplib",
    "socket",
    "socketserver",
    "sqlite3",
    "sre_compile",
    "sre_constants",
    "sre_parse",
    "ssl",
    "stat",
    "statistics",
    "string",
    "stringprep",
    "struct",
    "subprocess",
    "symtable",
    "sys",
    "sysconfig",
    "syslog",
    "tabnanny",
    "tarfile",
    "tempfile",
    "termios",
    "textwrap",
    "this",
    "threading",
    "time",
    "timeit",
    "tkinter",
    "token",
    "tokenize",
    "tomllib",
    "trace",
    "traceback",
    "tracemalloc",
    "tty",
    "turtle",
    "turtledemo",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uuid",
    "venv",
    "warnings",
    "wave",
    "weakref",
    "webbrowser",
    "winreg",
    "winsound",
    "wsgiref",
    "xml",
    "xmlrpc",
    "zipapp",
    "zipfile",
    "zipimport",
    "zlib",
    "zoneinfo",
];

fn substitution_cost(a: u8, b: u8) -> usize {
    if a == b {
        0
    } else if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The edit distance between `a` and `b`, or `max_cost + 1` once it must exceed `max_cost`.
fn levenshtein_distance(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    let (a, b) = if b.len() < a.len() { (b, a) } else { (a, b) };
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    // One row of the matrix, updated in place: row[i] is the cost of b[..j] against a[..=i].
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (b_index, &code) in b.iter().enumerate() {
        let mut distance = b_index * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (index, &a_char) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, a_char);
            distance = row[index];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[index] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// The candidate closest to `wrong`, if any is close enough (`_Py_CalculateSuggestions`).
pub(crate) fn closest_name<'a>(candidates: &[&'a str], wrong: &str) -> Option<&'a str> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for &candidate in candidates {
        if candidate == wrong {
            continue;
        }
        let max_distance = (wrong.len() + candidate.len() + 3) * MOVE_COST / 6;
        let max_distance = match best {
            Some((_, distance)) => max_distance.min(distance.saturating_sub(1)),
            None => max_distance,
        };
        let distance = levenshtein_distance(wrong.as_bytes(), candidate.as_bytes(), max_distance);
        if distance > max_distance {
            continue;
        }
        if best.is_none_or(|(_, best_distance)| distance < best_distance) {
            best = Some((candidate, distance));
        }
    }
    best.map(|(name, _)| name)
}

impl Vm {
    /// What a NameError for `name` adds to its message when printed.
    pub(crate) fn name_error_suggestion(&self, name: &str) -> Option<String> {
        let frame = self.frames.last()?;
        let mut candidates: Vec<String> = Vec::new();
        if frame.function.is_some() && frame.locals.is_none() {
            for (local, value) in frame.code.localsplusnames.iter().zip(&frame.localsplus) {
                if value.is_some() {
                    candidates.push(local.clone());
                }
            }
        } else if let Some(locals) = frame.locals {
            candidates.extend(self.str_keys(locals));
        }
        // In a method, `self.name` is suggested first when the instance has that attribute.
        if let Some(instance) = self.self_argument() {
            if self.attribute_names(instance).iter().any(|n| n == name) {
                return Some(format!(". Did you mean: 'self.{name}'?"));
            }
        }
        candidates.extend(self.str_keys(frame.globals));
        let mut all: Vec<&str> = candidates.iter().map(String::as_str).collect();
        all.extend(BUILTIN_NAMES);
        let suggestion = closest_name(&all, name);
        let forgot_import = STDLIB_MODULE_NAMES.contains(&name);
        match (suggestion, forgot_import) {
            (Some(found), true) => Some(format!(
                ". Did you mean: '{found}'? Or did you forget to import '{name}'?"
            )),
            (Some(found), false) => Some(format!(". Did you mean: '{found}'?")),
            (None, true) => Some(format!(". Did you forget to import '{name}'?")),
            (None, false) => None,
        }
    }

    /// What an AttributeError for `owner.name` adds to its message when printed: the closest
    /// of `dir(owner)`, the names starting with `_` left out unless `name` starts with one
    /// (or the code runs in a method of `owner`).
    pub(crate) fn attribute_error_suggestion(&self, owner: ObjId, name: &str) -> Option<String> {
        let mut names = self.attribute_names(owner);
        names.sort();
        names.dedup();
        let in_own_method = self.self_argument() == Some(owner);
        let hide_underscored = !name.starts_with('_') && !in_own_method;
        let candidates: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| !hide_underscored || !n.starts_with('_'))
            .collect();
        closest_name(&candidates, name).map(|found| format!(". Did you mean: '{found}'?"))
    }

    /// The innermost frame's `self`, when it has a bound local of that name.
    fn self_argument(&self) -> Option<ObjId> {
        let frame = self.frames.last()?;
        let index = frame
            .code
            .localsplusnames
            .iter()
            .position(|local| local == "self")?;
        frame.localsplus.get(index).copied().flatten()
    }

    /// The names `dir(obj)` lists, as far as pyxray knows them.
    fn attribute_names(&self, owner: ObjId) -> Vec<String> {
        match self.heap.get(owner) {
            Some(Object::Module { dict, .. }) => self.str_keys(*dict),
            Some(&Object::Instance { class, dict, .. }) => {
                let mut names = self.str_keys(dict);
                names.extend(self.class_dir(class));
                names
            }
            Some(Object::Type(t)) if t.native.is_none() => self.class_dir(owner),
            Some(object) => {
                let type_name = object.type_name();
                let mut names: Vec<String> = crate::methods::method_names(type_name)
                    .chain(crate::methods::method_names("object"))
                    .map(str::to_string)
                    .collect();
                names.extend(crate::methods::member_names(type_name).map(str::to_string));
                names
            }
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_case_changes_as_half() {
        assert_eq!(levenshtein_distance(b"count", b"cuont", 100), 4);
        assert_eq!(levenshtein_distance(b"Count", b"count", 100), 1);
        assert_eq!(levenshtein_distance(b"apend", b"append", 100), 2);
        assert_eq!(levenshtein_distance(b"abc", b"abc", 100), 0);
    }

    #[test]
    fn the_closest_close_enough_name_wins() {
        assert_eq!(
            closest_name(&["print", "count", "len"], "cuont"),
            Some("count")
        );
        assert_eq!(closest_name(&["append", "extend"], "apend"), Some("append"));
        assert_eq!(closest_name(&["x", "y"], "totally_different"), None);
        assert_eq!(closest_name(&["same"], "same"), None);
    }
}
