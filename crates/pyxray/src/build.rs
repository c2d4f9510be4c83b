//! Turning each stage's data into the plain views the UI renders.

use std::collections::HashSet;

use pyxray_bytecode::code::CodeObject;
use pyxray_bytecode::dis;
use pyxray_compiler::ListingEntry;
use pyxray_parser::ast::constant_repr;
use pyxray_parser::ast::{Field, Module, NodeRef};
use pyxray_parser::token::{Token, TokenKind};
use pyxray_text::repr::str_repr;
use pyxray_text::{LineIndex, TextRange, TextSize};
use pyxray_vm::objects::{repr_preview, Object};
use pyxray_vm::{ObjId, RunStatus, Vm};

use crate::views::*;

fn position(lines: &LineIndex, source: &str, offset: TextSize) -> Position {
    let at = lines.char_position(offset, source);
    Position {
        line: at.line,
        column: at.column,
    }
}

pub(crate) fn token_views(source: &str, lines: &LineIndex, tokens: &[Token]) -> Vec<TokenView> {
    tokens
        .iter()
        .filter(|token| token.kind != TokenKind::Encoding)
        .map(|token| TokenView {
            kind: token.kind.name(),
            text: source.get(token.range.as_range()).unwrap_or("").to_string(),
            range: token.range,
            start: position(lines, source, token.range.start()),
            end: position(lines, source, token.range.end()),
        })
        .collect()
}

pub(crate) fn ast_view(module: &Module) -> AstNodeView {
    node_view(NodeRef::Module(module))
}

fn node_view(node: NodeRef<'_>) -> AstNodeView {
    let (kind, fields) = node.fields();
    AstNodeView {
        id: node.id().map_or(u32::MAX, |id| id.0),
        kind: kind.to_string(),
        range: node.range().unwrap_or_default(),
        fields: fields
            .into_iter()
            .filter(|(_, value)| {
                !matches!(value, Field::Absent)
                    && !matches!(value, Field::List(items) if items.is_empty())
            })
            .map(|(name, value)| AstFieldView {
                name: name.to_string(),
                value: field_view(&value),
            })
            .collect(),
    }
}

fn field_view(field: &Field<'_>) -> AstValueView {
    match field {
        Field::Node(NodeRef::Singleton(name)) => AstValueView::Leaf(format!("{name}()")),
        Field::Node(node) => AstValueView::Node(Box::new(node_view(*node))),
        Field::Absent => AstValueView::Leaf("None".to_string()),
        Field::List(items) => AstValueView::List(items.iter().map(field_view).collect()),
        Field::Identifier(name) => AstValueView::Leaf(str_repr(name)),
        Field::Int(i) => AstValueView::Leaf(i.to_string()),
        Field::Constant(value) => AstValueView::Leaf(constant_repr(value)),
    }
}

fn link_range(link: Option<pyxray_bytecode::code::SourceLink>) -> (Option<TextRange>, Option<u32>) {
    match link {
        Some(link) => (
            Some(TextRange::new(
                TextSize::new(link.start),
                TextSize::new(link.end),
            )),
            link.node,
        ),
        None => (None, None),
    }
}

fn listing_view(index: usize, entry: &ListingEntry) -> InstrView {
    let (range, node) = link_range(entry.link);
    InstrView {
        offset: index as u32,
        starts_line: None,
        label: entry.label.map(|l| format!("L{l}")),
        opname: entry.opcode.name(),
        arg: entry.opcode.has_arg().then_some(entry.oparg),
        argrepr: entry.argrepr.clone(),
        range,
        node,
        explanation: entry.opcode.explanation(),
    }
}

pub(crate) fn phase_views(phases: &[pyxray_compiler::CompilePhase]) -> Vec<CompilePhase> {
    phases
        .iter()
        .map(|phase| CompilePhase {
            title: phase.title.to_string(),
            description: phase.description.to_string(),
            code_name: "<module>".to_string(),
            instructions: phase
                .listing
                .iter()
                .enumerate()
                .map(|(i, entry)| listing_view(i, entry))
                .collect(),
        })
        .collect()
}

/// The final code as `dis` lists it, each instruction linked to its source and AST node.
pub(crate) fn final_listing(code: &CodeObject) -> Vec<InstrView> {
    dis::instructions(code)
        .into_iter()
        .map(|record| {
            let link = code
                .source_links
                .get((record.offset / 2) as usize)
                .copied()
                .flatten();
            let (range, node) = link_range(link);
            InstrView {
                offset: record.offset,
                starts_line: record.starts_line.flatten(),
                label: record.label.map(|l| format!("L{l}")),
                opname: record.opcode.name(),
                arg: record.arg,
                argrepr: record.argrepr,
                range,
                node,
                explanation: record.opcode.explanation(),
            }
        })
        .collect()
}

fn value_view(vm: &Vm, id: ObjId) -> ValueView {
    ValueView {
        object: id.0,
        type_name: vm
            .heap
            .get(id)
            .map_or("freed", |o| o.type_name())
            .to_string(),
        repr: repr_preview(&vm.heap, id, PREVIEW_CHARS),
    }
}

/// Long reprs are cut for the panels.
/// At most this many reachable objects are listed in one view.
const MAX_HEAP_OBJECTS_SHOWN: usize = 2000;

/// How much of an object's repr the heap and frames panels show.
const PREVIEW_CHARS: usize = 80;

fn is_dunder(name: &str) -> bool {
    name.starts_with("__") && name.ends_with("__")
}

pub(crate) fn state_view(
    vm: &Vm,
    instructions: &[InstrView],
    code: Option<&CodeObject>,
    lines: &LineIndex,
) -> StateView {
    let _ = (code, lines);
    let index_of = |offset: u32| instructions.iter().position(|i| i.offset == offset);
    let mut roots: Vec<ObjId> = Vec::new();
    let frames: Vec<FrameView> = vm
        .frames
        .iter()
        .map(|frame| {
            // A function's names are its fast locals (a cell shows what it holds); the
            // module's and a class body's are its namespace dict.
            let fast_locals = frame
                .code
                .localsplusnames
                .iter()
                .zip(&frame.localsplus)
                .filter_map(|(name, slot)| {
                    let value = (*slot)?;
                    let value = match vm.heap.get(value) {
                        Some(Object::Cell(content)) => (*content)?,
                        _ => value,
                    };
                    roots.push(value);
                    Some((name.clone(), value_view(vm, value)))
                });
            let names: Vec<(String, ValueView)> = match frame.locals.and_then(|l| vm.heap.get(l)) {
                None => fast_locals.collect(),
                Some(Object::Dict(pairs)) => pairs
                    .iter()
                    .filter_map(|&(key, value)| match vm.heap.get(key) {
                        Some(Object::Str(name)) if !is_dunder(name) => {
                            roots.push(value);
                            Some((name.clone(), value_view(vm, value)))
                        }
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let stack = frame
                .stack
                .iter()
                .map(|slot| match slot {
                    Some(id) => {
                        roots.push(*id);
                        value_view(vm, *id)
                    }
                    None => ValueView {
                        object: u32::MAX,
                        type_name: "NULL".to_string(),
                        repr: "NULL".to_string(),
                    },
                })
                .collect();
            // Library code names its module, so the student tells it from their own.
            let name = if pyxray_vm::is_library_file(&frame.code.filename) {
                let file = frame.code.filename.rsplit('/').next().unwrap_or_default();
                format!("{} (library {file})", frame.code.name)
            } else {
                frame.code.name.clone()
            };
            FrameView {
                name,
                instruction_index: index_of(frame.next_offset),
                names,
                stack,
            }
        })
        .collect();

    // The heap panel shows what the program can reach, up to `MAX_HEAP_OBJECTS_SHOWN` objects
    // (the walk stops there, so a view costs the same whatever the heap's size).
    let mut seen: HashSet<ObjId> = HashSet::new();
    let mut shown: Vec<ObjId> = Vec::new();
    let mut pending = roots;
    while let Some(id) = pending.pop() {
        if shown.len() >= MAX_HEAP_OBJECTS_SHOWN {
            break;
        }
        if !seen.insert(id) {
            continue;
        }
        shown.push(id);
        if let Some(object) = vm.heap.get(id) {
            // The namespaces behind functions and classes (builtins, the module's globals)
            // are the frames panel's business: walking into them would list every built-in.
            object.traverse(&mut |child| {
                let namespace = child == vm.builtins || child == vm.main_dict;
                if !namespace && pending.len() < MAX_HEAP_OBJECTS_SHOWN && !seen.contains(&child) {
                    pending.push(child)
                }
            });
        }
    }
    shown.sort();
    let heap = shown
        .iter()
        .filter_map(|&id| {
            let slot = vm.heap.slot(id)?;
            let object = &slot.object;
            let mut references = Vec::new();
            object.traverse(&mut |child| references.push(child.0));
            Some(HeapObjectView {
                id: id.0,
                type_name: object.type_name().to_string(),
                repr: repr_preview(&vm.heap, id, PREVIEW_CHARS),
                refcount: slot.refcount,
                immortal: slot.immortal,
                references,
            })
        })
        .collect();

    let record = &vm.last_step;
    // The listing the page shows is the module's: an instruction of a function or class body
    // is explained from its own code object and not highlighted in the module's listing.
    let in_module = record.frame_depth <= 1;
    // Library code (a module pyxray writes in Python) has its own source: its positions do
    // not point into the student's program.
    let in_library = record
        .code
        .as_ref()
        .is_some_and(|code| pyxray_vm::is_library_file(&code.filename));
    let own_listing = match (&record.code, in_module) {
        (Some(code), false) => final_listing(code),
        _ => Vec::new(),
    };
    let current = record.offset.and_then(index_of).filter(|_| in_module);
    let current_instr = if in_module {
        current.and_then(|i| instructions.get(i))
    } else {
        record
            .offset
            .and_then(|offset| own_listing.iter().find(|i| i.offset == offset))
    };
    let explanation = match (vm.steps, current_instr) {
        (0, _) => "Nothing has run yet. Press Step to execute the first instruction.".to_string(),
        (_, Some(instr)) => {
            let arg = match (instr.arg, instr.argrepr.is_empty()) {
                (Some(arg), true) => format!(" {arg}"),
                (Some(arg), false) => format!(" {arg} ({})", instr.argrepr),
                (None, _) => String::new(),
            };
            let place = match (&record.code, in_module) {
                (Some(code), _) if in_library => {
                    format!("in {} (library code, {}): ", code.qualname, code.filename)
                }
                (Some(code), false) => format!("in {}: ", code.qualname),
                _ => String::new(),
            };
            format!("{place}{}{}: {}", instr.opname, arg, instr.explanation)
        }
        (_, None) => String::new(),
    };
    let error = match &vm.status {
        RunStatus::Raised(exception) => Some(if exception.message.is_empty() {
            exception.type_name.to_string()
        } else {
            format!("{}: {}", exception.type_name, exception.message)
        }),
        RunStatus::Limit(limit) => Some(limit.to_string()),
        RunStatus::Internal(message) => Some(format!("pyxray: internal error: {message}")),
        RunStatus::Running | RunStatus::Finished | RunStatus::Exited(_) => None,
    };
    StateView {
        step: vm.steps,
        finished: !vm.is_running(),
        frames,
        heap,
        output: String::new(),
        current_instruction: current,
        next_instruction: vm
            .frames
            .last()
            .filter(|frame| vm.frames.len() == 1 && frame.function.is_none())
            .and_then(|f| index_of(f.next_offset)),
        current_range: current_instr.and_then(|i| i.range).filter(|_| !in_library),
        current_node: current_instr.and_then(|i| i.node).filter(|_| !in_library),
        explanation,
        changes: StepChanges {
            pushed: record.pushed,
            popped: record.popped,
            allocated: record.heap.allocated.iter().map(|id| id.0).collect(),
            freed: record.heap.freed.iter().map(|id| id.0).collect(),
            refcount_changed: record.heap.refcount_changed.iter().map(|id| id.0).collect(),
            names_stored: record.names_stored.clone(),
            output: record.output.clone(),
        },
        error,
    }
}
