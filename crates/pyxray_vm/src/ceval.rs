//! The evaluation loop, one instruction per `step`: one `match` arm per opcode, each short,
//! longer bodies in named helpers.
//!
//! CPython: `Python/ceval.c` (`_PyEval_EvalFrameDefault`), `Python/bytecodes.c` (the instruction
//! bodies). pyxray runs the unspecialized instructions `dis` shows; CPython's specializing
//! interpreter would rewrite some of them at run time, with the same visible effect.

use pyxray_bytecode::opcode::Opcode;

use crate::builtins::Builtin;
use crate::frame::Frame;
use crate::heap::ObjId;
use crate::objects::{
    binary_op, compare, format_value, is_true, memory_error, repr, str_of, unary_op, Object, Raise,
    MAX_SEQUENCE_LENGTH,
};
use crate::vm::{Fault, LimitError, RunStatus, StepRecord, Vm};

impl Vm {
    /// Executes one instruction. Returns false when the run had already ended.
    pub fn step(&mut self) -> bool {
        if !self.is_running() {
            return false;
        }
        self.heap.clear_events();
        self.last_step = StepRecord::default();
        if self.steps >= self.limits.steps {
            self.status = RunStatus::Limit(LimitError::Steps(self.limits.steps));
            return false;
        }
        self.steps += 1;
        let result = self.execute_next();
        if let Err(fault) = result {
            self.unwind(fault);
        }
        self.refuse_unclosed_generators();
        self.last_step.heap = self.heap.events.clone();
        true
    }

    /// Runs until the program ends or `max_steps` instructions ran; returns how many ran.
    pub fn run(&mut self, max_steps: u64) -> u64 {
        let mut ran = 0;
        while ran < max_steps && self.step() {
            ran += 1;
        }
        ran
    }

    pub(crate) fn frame(&mut self) -> Result<&mut Frame, Fault> {
        self.frames
            .last_mut()
            .ok_or_else(|| Fault::Internal("no frame to run".to_string()))
    }

    pub(crate) fn push(&mut self, value: Option<ObjId>) -> Result<(), Fault> {
        self.frame()?.stack.push(value);
        self.last_step.pushed += 1;
        Ok(())
    }

    /// Pushes a reference the caller owns.
    pub(crate) fn push_value(&mut self, value: ObjId) -> Result<(), Fault> {
        self.push(Some(value))
    }

    /// Pushes a new reference to `value` (`Py_NewRef`).
    pub(crate) fn push_new_ref(&mut self, value: ObjId) -> Result<(), Fault> {
        self.heap.incref(value);
        self.push(Some(value))
    }

    pub(crate) fn pop(&mut self) -> Result<Option<ObjId>, Fault> {
        let value = self
            .frame()?
            .stack
            .pop()
            .ok_or_else(|| Fault::Internal("value stack underflow".to_string()))?;
        self.last_step.popped += 1;
        Ok(value)
    }

    /// Pops a value that must not be NULL; the caller now owns the reference.
    pub(crate) fn pop_value(&mut self) -> Result<ObjId, Fault> {
        self.pop()?
            .ok_or_else(|| Fault::Internal("NULL where a value was expected".to_string()))
    }

    pub(crate) fn pop_n(&mut self, n: usize) -> Result<Vec<ObjId>, Fault> {
        let mut values = Vec::with_capacity(n);
        for _ in 0..n {
            values.push(self.pop_value()?);
        }
        values.reverse();
        Ok(values)
    }

    pub(crate) fn release(&mut self, values: &[ObjId]) {
        for &value in values {
            self.heap.decref(value);
        }
    }

    /// Decodes the instruction at the frame's next offset and executes it.
    fn execute_next(&mut self) -> Result<(), Fault> {
        let depth = self.frames.len();
        let frame = self.frame()?;
        let offset = frame.next_offset;
        let code = frame.code.clone();
        let (Some(&op_byte), Some(&arg_byte)) = (
            code.code.get(offset as usize),
            code.code.get(offset as usize + 1),
        ) else {
            return Err(Fault::Internal(format!(
                "ran past the end of {}",
                code.name
            )));
        };
        let Some(opcode) = Opcode::from_number(u16::from(op_byte)) else {
            return Err(Fault::Internal(format!("unknown opcode {op_byte}")));
        };
        let oparg = u32::from(arg_byte) | frame.extended_arg;
        frame.extended_arg = 0;
        frame.current_offset = offset;
        frame.next_offset = offset + 2 + 2 * opcode.cache_entries();
        self.last_step.offset = Some(offset);
        self.last_step.code = Some(code.clone());
        self.last_step.frame_depth = depth;
        let stack_before = self.frame()?.stack.len();
        self.execute(opcode, oparg)?;
        // A return may resume native work that pushes another frame (print's next __str__),
        // leaving as many frames as before but another one on top: only check the rest.
        if cfg!(debug_assertions)
            && self.frames.len() == depth
            && self.is_running()
            && opcode != Opcode::ReturnValue
            && opcode != Opcode::YieldValue
        {
            let (pops, pushes) = opcode.stack_effect(oparg);
            let after = self.frame()?.stack.len() as i64;
            let expected = stack_before as i64 - i64::from(pops) + i64::from(pushes);
            if !opcode.is_jump() || opcode == Opcode::JumpForward || opcode == Opcode::JumpBackward
            {
                debug_assert_eq!(after, expected, "stack effect of {}", opcode.name());
            }
        }
        Ok(())
    }

    /// One arm per opcode (`bytecodes.c`).
    fn execute(&mut self, opcode: Opcode, oparg: u32) -> Result<(), Fault> {
        match opcode {
            Opcode::Nop | Opcode::NotTaken | Opcode::Resume | Opcode::Cache => {}
            Opcode::ExtendedArg => self.frame()?.extended_arg = oparg << 8,
            Opcode::LoadConst => {
                let value = self.constant(oparg)?;
                self.push_new_ref(value)?;
            }
            Opcode::LoadSmallInt => {
                let value = self.new_int(oparg.into());
                self.push_value(value)?;
            }
            Opcode::LoadName => {
                let name = self.name(oparg)?;
                let value = self.load_name(&name)?;
                self.push_new_ref(value)?;
            }
            Opcode::StoreName => {
                let name = self.name(oparg)?;
                let value = self.pop_value()?;
                let locals = self.frame_locals()?;
                self.dict_set_str(locals, &name, value);
                self.heap.decref(value);
                self.last_step.names_stored.push(name);
            }
            Opcode::DeleteName => {
                let name = self.name(oparg)?;
                let locals = self.frame_locals()?;
                if !self.dict_del_str(locals, &name) {
                    return Err(self.name_error(&name).into());
                }
            }
            Opcode::PushNull => self.push(None)?,
            Opcode::PopTop => {
                let value = self.pop()?;
                if let Some(value) = value {
                    self.heap.decref(value);
                }
            }
            Opcode::Copy => {
                let stack = &self.frame()?.stack;
                let index = stack
                    .len()
                    .checked_sub(oparg as usize)
                    .ok_or_else(|| Fault::Internal("COPY below the stack".to_string()))?;
                let value = stack[index];
                if let Some(value) = value {
                    self.heap.incref(value);
                }
                self.push(value)?;
            }
            Opcode::Swap => {
                let stack = &mut self.frame()?.stack;
                let top = stack.len().checked_sub(1);
                let other = stack.len().checked_sub(oparg as usize);
                match (top, other) {
                    (Some(top), Some(other)) => stack.swap(top, other),
                    _ => return Err(Fault::Internal("SWAP below the stack".to_string())),
                }
            }
            Opcode::BinaryOp => {
                let right = self.pop_value()?;
                let left = self.pop_value()?;
                if oparg == 26 && self.getitem_slot(left, right)? {
                    self.release(&[left, right]);
                    return Ok(());
                }
                if oparg != 26
                    && self.try_dunder(crate::dunder::DunderOp::Binary(oparg), left, right)?
                {
                    return Ok(());
                }
                if matches!(oparg, 6 | 19) && self.printf_runs_python(left, right) {
                    self.release(&[left, right]);
                    return Err(Fault::Internal(
                        "not supported yet: % formatting of an object with its own __str__ or \
                         __repr__ (f-strings run them)"
                            .to_string(),
                    ));
                }
                let result = self.binary_op(oparg, left, right);
                self.release(&[left, right]);
                self.push_value(result?)?;
            }
            Opcode::UnaryNegative | Opcode::UnaryInvert => {
                let operand = self.pop_value()?;
                let name = if opcode == Opcode::UnaryNegative {
                    "__neg__"
                } else {
                    "__invert__"
                };
                let started = self.unary_slot(operand, name);
                if started.as_ref().map_or(true, |started| *started) {
                    self.heap.decref(operand);
                    return started.map(|_| ());
                }
                let result = unary_op(&self.heap, opcode, operand);
                self.heap.decref(operand);
                let result = self.new_result(result?)?;
                self.push_value(result)?;
            }
            Opcode::CallIntrinsic1 => self.call_intrinsic_1(oparg)?,
            Opcode::UnaryNot => {
                let operand = self.pop_value()?;
                let result = self.new_bool(operand != self.true_object);
                self.heap.decref(operand);
                self.push_value(result)?;
            }
            Opcode::ToBool => {
                let operand = self.pop_value()?;
                let started = self.truth_slot(operand, "TO_BOOL");
                if started.as_ref().map_or(true, |started| *started) {
                    self.heap.decref(operand);
                    return started.map(|_| ());
                }
                let result = self.new_bool(is_true(&self.heap, operand));
                self.heap.decref(operand);
                self.push_value(result)?;
            }
            Opcode::CompareOp => {
                let right = self.pop_value()?;
                let left = self.pop_value()?;
                let op = crate::dunder::DunderOp::Compare(oparg >> 5, oparg & 16 != 0);
                if self.try_dunder(op, left, right)? {
                    return Ok(());
                }
                let result = compare(&self.heap, oparg >> 5, left, right);
                self.release(&[left, right]);
                let result = self.new_bool(result?);
                self.push_value(result)?;
            }
            Opcode::IsOp => {
                let right = self.pop_value()?;
                let left = self.pop_value()?;
                let result = self.new_bool((left == right) != (oparg == 1));
                self.release(&[left, right]);
                self.push_value(result)?;
            }
            Opcode::ContainsOp => self.contains_op(oparg)?,
            Opcode::PopJumpIfFalse | Opcode::PopJumpIfTrue => {
                let condition = self.pop_value()?;
                let jump = (condition == self.true_object) == (opcode == Opcode::PopJumpIfTrue);
                self.heap.decref(condition);
                if jump {
                    self.jump_forward(oparg)?;
                }
            }
            Opcode::PopJumpIfNone | Opcode::PopJumpIfNotNone => {
                let value = self.pop_value()?;
                let jump = (value == self.none) == (opcode == Opcode::PopJumpIfNone);
                self.heap.decref(value);
                if jump {
                    self.jump_forward(oparg)?;
                }
            }
            Opcode::JumpForward => self.jump_forward(oparg)?,
            Opcode::JumpBackward | Opcode::JumpBackwardNoInterrupt => {
                let frame = self.frame()?;
                frame.next_offset = frame.next_offset.saturating_sub(2 * oparg);
            }
            Opcode::BuildTuple | Opcode::BuildList => {
                let items = self.pop_n(oparg as usize)?;
                let object = if opcode == Opcode::BuildTuple {
                    Object::Tuple(items)
                } else {
                    Object::List(items)
                };
                let result = self.new_result(object)?;
                self.push_value(result)?;
            }
            Opcode::UnpackSequence => self.unpack_sequence(oparg)?,
            Opcode::UnpackEx => self.unpack_ex(oparg)?,
            Opcode::MatchSequence => self.match_type_flag(false)?,
            Opcode::MatchMapping => self.match_type_flag(true)?,
            Opcode::MatchKeys => self.match_keys_op()?,
            Opcode::MatchClass => self.match_class_op(oparg)?,
            Opcode::GetLen => self.get_len()?,
            Opcode::GetIter => {
                let iterable = self.pop_value()?;
                let started = self.get_iter_slot(iterable, "GET_ITER");
                if started.as_ref().map_or(true, |started| *started) {
                    self.heap.decref(iterable);
                    return started.map(|_| ());
                }
                let iterator = self.get_iter(iterable);
                self.heap.decref(iterable);
                let iterator = iterator?;
                self.push_value(iterator)?;
            }
            Opcode::ForIter => self.for_iter(oparg)?,
            Opcode::EndFor | Opcode::PopIter => {
                let value = self.pop_value()?;
                self.heap.decref(value);
            }
            Opcode::ListExtend => self.list_extend(oparg)?,
            Opcode::ConvertValue => {
                let value = self.pop_value()?;
                let result = match oparg {
                    1 | 2 => self.push_text(value, oparg == 2, "CONVERT_VALUE"),
                    _ => self.ascii_of(value),
                };
                self.heap.decref(value);
                result?;
            }
            Opcode::FormatSimple => {
                // `format(value, '')`: strings stay, other values become `str(value)`.
                let value = self.pop_value()?;
                let empty = self.intern("");
                let started = self.format_slot(value, empty);
                if started.as_ref().map_or(true, |started| *started) {
                    self.heap.decref(value);
                    return started.map(|_| ());
                }
                if let Some(Object::Str(_)) = self.heap.get(value) {
                    self.push_value(value)?;
                } else {
                    let result = self.push_text(value, false, "FORMAT_SIMPLE");
                    self.heap.decref(value);
                    result?;
                }
            }
            Opcode::FormatWithSpec => {
                let spec = self.pop_value()?;
                let value = self.pop_value()?;
                let started = self.format_slot(value, spec);
                if started.as_ref().map_or(true, |started| *started) {
                    self.release(&[spec, value]);
                    return started.map(|_| ());
                }
                let spec_text = match self.heap.get(spec) {
                    Some(Object::Str(text)) => text.clone(),
                    _ => String::new(),
                };
                let room = self.heap.byte_limit().saturating_sub(self.heap.bytes());
                let formatted = match self.heap.get(value) {
                    Some(object) => {
                        format_value(object, &spec_text, || str_of(&self.heap, value), room)
                    }
                    None => Err(Raise::new("SystemError", "formatted a freed object")),
                };
                self.release(&[spec, value]);
                let result = self.new_result(Object::Str(formatted?))?;
                self.push_value(result)?;
            }
            Opcode::BuildString => {
                let parts = self.pop_n(oparg as usize)?;
                let mut text = String::new();
                for &part in &parts {
                    if let Some(Object::Str(piece)) = self.heap.get(part) {
                        text.push_str(piece);
                    }
                }
                self.release(&parts);
                let result = self.new_result(Object::Str(text))?;
                self.push_value(result)?;
            }
            Opcode::Call => self.call(oparg, None)?,
            Opcode::CallKw => {
                let names = self.pop_value()?;
                let result = self.call(oparg, Some(names));
                self.heap.decref(names);
                result?;
            }
            Opcode::ReturnValue => self.return_value()?,
            Opcode::LoadFast | Opcode::LoadFastBorrow | Opcode::LoadFastCheck => {
                self.load_fast(oparg)?
            }
            Opcode::LoadFastLoadFast | Opcode::LoadFastBorrowLoadFastBorrow => {
                self.load_fast(oparg >> 4)?;
                self.load_fast(oparg & 15)?;
            }
            Opcode::LoadFastAndClear => self.load_fast_and_clear(oparg)?,
            Opcode::StoreFast => self.store_fast(oparg)?,
            Opcode::StoreFastLoadFast => {
                self.store_fast(oparg >> 4)?;
                self.load_fast(oparg & 15)?;
            }
            Opcode::StoreFastStoreFast => {
                self.store_fast(oparg >> 4)?;
                self.store_fast(oparg & 15)?;
            }
            Opcode::DeleteFast => self.delete_fast(oparg)?,
            Opcode::LoadGlobal => self.load_global(oparg)?,
            Opcode::StoreGlobal => self.store_global(oparg, false)?,
            Opcode::DeleteGlobal => self.store_global(oparg, true)?,
            Opcode::MakeCell => self.make_cell(oparg)?,
            Opcode::CopyFreeVars => self.copy_free_vars(oparg)?,
            Opcode::LoadDeref => self.load_deref(oparg)?,
            Opcode::StoreDeref => self.store_deref(oparg, false)?,
            Opcode::DeleteDeref => self.store_deref(oparg, true)?,
            Opcode::LoadAttr => self.load_attr(oparg)?,
            Opcode::StoreAttr => self.store_attr(oparg, false)?,
            Opcode::DeleteAttr => self.store_attr(oparg, true)?,
            Opcode::LoadSuperAttr => self.load_super_attr(oparg)?,
            Opcode::LoadBuildClass => self.load_build_class()?,
            Opcode::LoadLocals => {
                let locals = self.frame_locals()?;
                self.push_new_ref(locals)?;
            }
            Opcode::LoadFromDictOrDeref => self.load_from_dict_or_deref(oparg)?,
            Opcode::LoadFromDictOrGlobals => self.load_from_dict_or_globals(oparg)?,
            Opcode::RaiseVarargs => self.raise_varargs(oparg)?,
            Opcode::Reraise => self.reraise(oparg)?,
            Opcode::PushExcInfo => self.push_exc_info()?,
            Opcode::PopExcept => self.pop_except()?,
            Opcode::CheckExcMatch => self.check_exc_match()?,
            Opcode::CheckEgMatch => self.check_eg_match()?,
            Opcode::LoadSpecial => self.load_special(oparg)?,
            Opcode::WithExceptStart => self.with_except_start()?,
            Opcode::CallIntrinsic2 => self.call_intrinsic_2(oparg)?,
            Opcode::LoadCommonConstant => self.load_common_constant(oparg)?,
            Opcode::BuildMap => self.build_map(oparg)?,
            Opcode::StoreSubscr => self.store_subscr()?,
            Opcode::DeleteSubscr => self.delete_subscr()?,
            Opcode::BuildSlice => self.build_slice(oparg)?,
            Opcode::BinarySlice => self.binary_slice()?,
            Opcode::StoreSlice => self.store_slice()?,
            Opcode::ListAppend => self.list_append(oparg)?,
            Opcode::MapAdd => self.map_add(oparg)?,
            Opcode::BuildSet => self.build_set(oparg)?,
            Opcode::SetAdd => self.set_add(oparg)?,
            Opcode::SetUpdate => self.set_update(oparg)?,
            Opcode::DictUpdate => self.dict_update(oparg, false)?,
            Opcode::DictMerge => self.dict_update(oparg, true)?,
            Opcode::MakeFunction => self.make_function()?,
            Opcode::SetFunctionAttribute => self.set_function_attribute(oparg)?,
            Opcode::ReturnGenerator => self.return_generator()?,
            Opcode::ImportName => self.import_name(oparg)?,
            Opcode::CallFunctionEx => self.call_function_ex()?,
            Opcode::ImportFrom => self.import_from(oparg)?,
            Opcode::YieldValue => self.yield_value()?,
            Opcode::GetYieldFromIter => self.get_yield_from_iter()?,
            Opcode::Send => {
                let exit = self.frame()?.next_offset + 2 * oparg;
                self.send(exit)?
            }
            Opcode::EndSend => self.end_send()?,
            Opcode::CleanupThrow => self.cleanup_throw()?,
            Opcode::GetAwaitable => self.get_awaitable(oparg)?,
            other => {
                return Err(Fault::Internal(format!(
                    "not supported yet: the {} instruction",
                    other.name()
                )))
            }
        }
        Ok(())
    }

    /// `BINARY_OP` (`PyNumber_Add`, `PyNumber_InPlaceAdd`, …): a new reference to the result.
    /// A list's `+=` and `*=` change it in place (`list_inplace_concat`, `list_inplace_repeat`);
    /// a new tuple or list takes its own references to the items it shares with the operands.
    pub(crate) fn binary_op(
        &mut self,
        oparg: u32,
        left: ObjId,
        right: ObjId,
    ) -> Result<ObjId, Fault> {
        const INPLACE_ADD: u32 = 13;
        const INPLACE_MULTIPLY: u32 = 18;
        const SUBSCRIPT: u32 = 26;
        if oparg == SUBSCRIPT {
            return self.get_item(left, right);
        }
        if let Some(result) = self.dict_binary_op(oparg, left, right)? {
            return Ok(result);
        }
        if let Some(result) = self.set_binary_op(oparg, left, right)? {
            return Ok(result);
        }
        if let Some(result) = self.dict_view_binary_op(oparg, left, right)? {
            return Ok(result);
        }
        let left_is_list = matches!(self.heap.get(left), Some(Object::List(_)));
        if left_is_list && oparg == INPLACE_ADD {
            let items = self.unpack_all(right)?;
            let length = match self.heap.get(left) {
                Some(Object::List(existing)) => existing.len() + items.len(),
                _ => items.len(),
            };
            if length > MAX_SEQUENCE_LENGTH || !self.heap.can_allocate(8 * items.len()) {
                self.release(&items);
                return Err(memory_error().into());
            }
            self.heap.update(left, |object| {
                if let Object::List(target) = object {
                    target.extend(items);
                }
            });
            self.heap.incref(left);
            return Ok(left);
        }
        if left_is_list && oparg == INPLACE_MULTIPLY {
            if let Some(Object::List(items)) = self.heap.get(left) {
                let items = items.clone();
                let repeated = binary_op(&self.heap, 5, left, right)?;
                if let Object::List(new_items) = &repeated {
                    for &item in new_items {
                        self.heap.incref(item);
                    }
                }
                self.heap.update(left, |object| {
                    if let (Object::List(target), Object::List(new_items)) = (object, repeated) {
                        *target = new_items;
                    }
                });
                self.release(&items);
            }
            self.heap.incref(left);
            return Ok(left);
        }
        let result = binary_op(&self.heap, oparg, left, right)?;
        if let Object::Tuple(items) | Object::List(items) = &result {
            for &item in items {
                self.heap.incref(item);
            }
        }
        self.new_result(result)
    }

    /// Whether `callable` is `repr` or the type `str`.
    fn is_str_or_repr(&self, callable: ObjId) -> bool {
        match self.heap.get(callable) {
            Some(Object::BuiltinFunction(Builtin::Repr)) => true,
            Some(Object::Type(t)) => t.native == Some("str"),
            _ => false,
        }
    }

    fn is_repr(&self, callable: ObjId) -> bool {
        matches!(
            self.heap.get(callable),
            Some(Object::BuiltinFunction(Builtin::Repr))
        )
    }

    /// `!a` in an f-string: `ascii(value)` pushed.
    fn ascii_of(&mut self, value: ObjId) -> Result<(), Fault> {
        if self.text_runs_python(value, true) {
            return Err(Fault::Internal(
                "not supported yet: ascii() of an object with its own __repr__".to_string(),
            ));
        }
        let text = repr(&self.heap, value).map(|text| ascii(&text))?;
        let result = self.new_result(Object::Str(text))?;
        self.push_value(result)
    }

    fn jump_forward(&mut self, oparg: u32) -> Result<(), Fault> {
        let frame = self.frame()?;
        frame.next_offset += 2 * oparg;
        Ok(())
    }

    /// A new reference to a freshly computed object, with the heap limit enforced.
    pub(crate) fn new_result(&mut self, object: Object) -> Result<ObjId, Fault> {
        if self.heap.live_count() >= self.limits.heap_objects {
            return Err(Raise::new("MemoryError", "").into());
        }
        Ok(self.new_object(object))
    }

    fn constant(&mut self, index: u32) -> Result<ObjId, Fault> {
        let code_object = self.frame()?.code_object;
        match self.heap.get(code_object) {
            Some(Object::Code { consts, .. }) => consts
                .get(index as usize)
                .copied()
                .ok_or_else(|| Fault::Internal(format!("no constant {index}"))),
            _ => Err(Fault::Internal(
                "the frame's code object is gone".to_string(),
            )),
        }
    }

    pub(crate) fn name(&mut self, index: u32) -> Result<String, Fault> {
        let frame = self.frame()?;
        frame
            .code
            .names
            .get(index as usize)
            .cloned()
            .ok_or_else(|| Fault::Internal(format!("no name {index}")))
    }

    /// `LOAD_NAME`: locals, then globals, then builtins.
    fn load_name(&mut self, name: &str) -> Result<ObjId, Fault> {
        let frame = self.frame()?;
        let (locals, globals, builtins) = (frame.locals, frame.globals, frame.builtins);
        locals
            .into_iter()
            .chain([globals, builtins])
            .find_map(|dict| self.dict_get_str(dict, name))
            .ok_or_else(|| self.name_error(name).into())
    }

    fn call_intrinsic_1(&mut self, oparg: u32) -> Result<(), Fault> {
        const INTRINSIC_STOPITERATION_ERROR: u32 = 3;
        const INTRINSIC_UNARY_POSITIVE: u32 = 5;
        const INTRINSIC_LIST_TO_TUPLE: u32 = 6;
        if oparg == INTRINSIC_STOPITERATION_ERROR {
            return self.stopiteration_error();
        }
        if oparg == INTRINSIC_LIST_TO_TUPLE {
            let list = self.pop_value()?;
            let items = match self.heap.get(list) {
                Some(Object::List(items)) => items.clone(),
                _ => Vec::new(),
            };
            for &item in &items {
                self.heap.incref(item);
            }
            self.heap.decref(list);
            let tuple = self.new_result(Object::Tuple(items))?;
            return self.push_value(tuple);
        }
        if oparg != INTRINSIC_UNARY_POSITIVE {
            return Err(Fault::Internal(format!(
                "not supported yet: intrinsic {oparg}"
            )));
        }
        let operand = self.pop_value()?;
        let started = self.unary_slot(operand, "__pos__");
        if started.as_ref().map_or(true, |started| *started) {
            self.heap.decref(operand);
            return started.map(|_| ());
        }
        let result = unary_op(&self.heap, Opcode::CallIntrinsic1, operand);
        self.heap.decref(operand);
        let result = self.new_result(result?)?;
        self.push_value(result)
    }

    /// `LIST_EXTEND`: pop an iterable; extend the list `oparg` places down with its items.
    fn list_extend(&mut self, oparg: u32) -> Result<(), Fault> {
        let iterable = self.pop_value()?;
        let stack = &self.frame()?.stack;
        let list = stack
            .len()
            .checked_sub(oparg as usize)
            .and_then(|index| stack[index])
            .ok_or_else(|| Fault::Internal("LIST_EXTEND below the stack".to_string()))?;
        if self.unpacks_with_frames(iterable) {
            // Generator frames (or a user iterable's methods) run; each item is appended as
            // it comes.
            self.heap.incref(list);
            return self.list_extend_frames(list, iterable);
        }
        let items = match self.unpack_all(iterable) {
            Ok(items) => items,
            Err(Fault::Raise(raise)) if raise.message.ends_with("object is not iterable") => {
                let kind = self.heap.get(iterable).map_or("object", Object::type_name);
                let message = format!("Value after * must be an iterable, not {kind}");
                self.heap.decref(iterable);
                return Err(Raise::new("TypeError", message).into());
            }
            Err(other) => {
                self.heap.decref(iterable);
                return Err(other);
            }
        };
        self.heap.update(list, |object| {
            if let Object::List(target) = object {
                target.extend(items);
            }
        });
        self.heap.decref(iterable);
        Ok(())
    }

    /// `CALL` / `CALL_KW`: stack is callable, self-or-NULL, arguments (then keyword names).
    fn call(&mut self, argc: u32, keyword_names: Option<ObjId>) -> Result<(), Fault> {
        let args = self.pop_n(argc as usize)?;
        let self_or_null = self.pop()?;
        let callable = self.pop_value()?;
        let names: Vec<String> = match keyword_names.and_then(|n| self.heap.get(n)) {
            Some(Object::Tuple(items)) => items
                .iter()
                .map(|&item| match self.heap.get(item) {
                    Some(Object::Str(s)) => s.clone(),
                    _ => String::new(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut all_args: Vec<ObjId> = self_or_null.into_iter().collect();
        all_args.extend(&args);
        let positional_count = all_args.len() - names.len().min(all_args.len());
        let keywords: Vec<(String, ObjId)> = names
            .into_iter()
            .zip(all_args[positional_count..].iter().copied())
            .collect();
        self.call_values(callable, all_args, positional_count, keywords)
    }

    /// `CALL_FUNCTION_EX`: `f(*args, **kwargs)`: the positional arguments from any iterable,
    /// the keywords from a dict of str keys.
    pub(crate) fn call_function_ex(&mut self) -> Result<(), Fault> {
        let kwargs = self.pop()?;
        let callargs = self.pop_value()?;
        let self_or_null = self.pop()?;
        let callable = self.pop_value()?;
        if self.unpacks_with_frames(callargs) {
            // `f(*g)`: generator frames (or a user iterable's methods) run first; the call is
            // made with what they give.
            return self.star_call_frames(callable, self_or_null, callargs, kwargs);
        }
        let mut owned: Vec<ObjId> = vec![callable, callargs];
        owned.extend(kwargs);
        owned.extend(self_or_null);
        let gathered = self.gather_call_arguments(callable, callargs, kwargs);
        let (positional, keywords) = match gathered {
            Ok(gathered) => gathered,
            Err(fault) => {
                self.release(&owned);
                return Err(fault);
            }
        };
        let mut all_args: Vec<ObjId> = self_or_null.into_iter().collect();
        all_args.extend(positional);
        let positional_count = all_args.len();
        for (_, value) in &keywords {
            all_args.push(*value);
        }
        // The gathered arguments are new references; the containers they came from go.
        self.heap.decref(callargs);
        if let Some(kwargs) = kwargs {
            self.heap.decref(kwargs);
        }
        self.call_values(callable, all_args, positional_count, keywords)
    }

    /// The arguments `f(*callargs, **kwargs)` passes, as new references.
    #[allow(clippy::type_complexity)]
    fn gather_call_arguments(
        &mut self,
        callable: ObjId,
        callargs: ObjId,
        kwargs: Option<ObjId>,
    ) -> Result<(Vec<ObjId>, Vec<(String, ObjId)>), Fault> {
        let function_name = match self.heap.get(callable) {
            // `_PyObject_FunctionStr`: a function is named with its module.
            Some(Object::Function(f)) => format!("__main__.{}()", f.qualname),
            Some(Object::BuiltinFunction(b)) => format!("{}()", b.name()),
            _ => "function".to_string(),
        };
        let positional = match self.unpack_all(callargs) {
            Ok(items) => items,
            Err(Fault::Raise(raise)) if raise.message.ends_with("object is not iterable") => {
                let kind = self.type_name_of(callargs);
                return Err(Raise::new(
                    "TypeError",
                    format!("{function_name} argument after * must be an iterable, not {kind}"),
                )
                .into());
            }
            Err(fault) => return Err(fault),
        };
        let mut keywords = Vec::new();
        if let Some(kwargs) = kwargs {
            let pairs = match self.heap.get(kwargs) {
                Some(Object::Dict(pairs)) => pairs.clone(),
                _ => {
                    self.release(&positional);
                    let kind = self.type_name_of(kwargs);
                    return Err(Raise::new(
                        "TypeError",
                        format!("{function_name} argument after ** must be a mapping, not {kind}"),
                    )
                    .into());
                }
            };
            for (key, value) in pairs {
                let Some(Object::Str(name)) = self.heap.get(key) else {
                    self.release(&positional);
                    self.release(&keywords.iter().map(|(_, v)| *v).collect::<Vec<_>>());
                    return Err(Raise::new("TypeError", "keywords must be strings").into());
                };
                let name = name.clone();
                self.heap.incref(value);
                keywords.push((name.clone(), value));
            }
        }
        Ok((positional, keywords))
    }

    /// Calls `callable` with owned references: `all_args` holds the positional arguments, then
    /// the keyword values named by `keywords`. The result is pushed when the call completes
    /// (at once for native code, on return for a frame).
    pub(crate) fn call_values(
        &mut self,
        callable: ObjId,
        mut all_args: Vec<ObjId>,
        positional_count: usize,
        mut keywords: Vec<(String, ObjId)>,
    ) -> Result<(), Fault> {
        if let Some(&Object::StaticMethod(function)) = self.heap.get(callable) {
            // A staticmethod object calls the function it wraps.
            self.heap.incref(function);
            self.heap.decref(callable);
            return self.call_values(function, all_args, positional_count, keywords);
        }
        if self.calls_generator_code(callable, &all_args[..positional_count]) {
            // Generator frames run first: the call completes when they yield or end.
            return self.call_generator_code(callable, all_args, positional_count, keywords);
        }
        if let Some(key) = self.python_key_function(callable, &keywords) {
            // A sort with a Python key function: each key call is a frame.
            return self.start_key_calls(callable, all_args, positional_count, keywords, key);
        }
        if self.drains_iterables(callable) {
            // A built-in that reads a whole iterable whose items come from Python code.
            match self.collect_then_call(callable, all_args, positional_count, keywords)? {
                None => return Ok(()),
                Some((args, names)) => {
                    all_args = args;
                    keywords = names;
                }
            }
        }
        match self.reduce_with_operators(callable, &all_args[..positional_count], &keywords) {
            Ok(false) => {}
            started => {
                // sum/min/max/sorted over instances: their operator methods run as frames.
                self.release(&all_args);
                self.heap.decref(callable);
                return started.map(|_| ());
            }
        }
        let lazy = match self.heap.get(callable) {
            Some(Object::BuiltinFunction(
                builtin @ (Builtin::Map | Builtin::Filter | Builtin::Zip | Builtin::Enumerate),
            )) if keywords.is_empty() => {
                let builtin = *builtin;
                self.lazy_with_user_iterables(builtin, &all_args[..positional_count])
            }
            Some(Object::BuiltinFunction(builtin @ (Builtin::Any | Builtin::All)))
                if keywords.is_empty() =>
            {
                let looking_for = *builtin == Builtin::Any;
                self.any_all_with_frames(looking_for, &all_args[..positional_count])
            }
            Some(Object::BuiltinFunction(Builtin::Iter)) if positional_count == 1 => {
                self.get_iter_slot(all_args[0], "iter")
            }
            Some(Object::BuiltinFunction(Builtin::Next)) if keywords.is_empty() => {
                self.next_slot(&all_args[..positional_count])
            }
            _ => Ok(false),
        };
        if lazy.as_ref().map_or(true, |started| *started) {
            self.release(&all_args);
            self.heap.decref(callable);
            return lazy.map(|_| ());
        }
        match self.builtin_slot(callable, &all_args[..positional_count], &keywords) {
            Ok(false) => {}
            started => {
                // A built-in answered by the argument's own Python method (`len` → `__len__`).
                self.release(&all_args);
                self.heap.decref(callable);
                return started.map(|_| ());
            }
        }
        if let Some(Object::Instance { .. }) = self.heap.get(callable) {
            let positional = all_args[..positional_count].to_vec();
            let result = self.call_instance(callable, positional, keywords);
            self.heap.decref(callable);
            return result;
        }
        if let Some(Object::Function(_)) = self.heap.get(callable) {
            // A Python function: its frame is pushed; the call completes when it returns.
            let positional = all_args[..positional_count].to_vec();
            let result = self.call_function(callable, positional, keywords);
            self.heap.decref(callable);
            return result;
        }
        let single_user_text = match all_args[..positional_count] {
            [value] if keywords.is_empty() => Some(value),
            _ => None,
        };
        match self.heap.get(callable) {
            Some(Object::BuiltinFunction(Builtin::Print)) => {
                // Arguments with a user __str__ run it as a frame first.
                let result = self.start_print(&all_args[..positional_count], &keywords);
                self.release(&all_args);
                self.heap.decref(callable);
                return result;
            }
            Some(Object::BuiltinFunction(Builtin::Repr)) | Some(Object::Type(_))
                if self.is_str_or_repr(callable)
                    && single_user_text.is_some_and(|value| {
                        self.text_runs_python(value, self.is_repr(callable))
                    }) =>
            {
                let value = single_user_text.unwrap_or(self.none);
                let want_repr = self.is_repr(callable);
                let name = if want_repr { "repr" } else { "str" };
                let result = self.text_then(
                    value,
                    want_repr,
                    Box::new(crate::text_calls::PushValue(name)),
                );
                self.release(&all_args);
                self.heap.decref(callable);
                return result;
            }
            Some(&Object::BuiltinFunction(builtin)) if builtin.is_attribute_access() => {
                // A property's accessor may run as a frame.
                let result =
                    self.call_attribute_builtin(builtin, &all_args[..positional_count], &keywords);
                self.release(&all_args);
                self.heap.decref(callable);
                return result;
            }
            Some(Object::BuiltinFunction(Builtin::BuildClass)) => {
                // The class body runs as a frame; its return makes the class.
                let result = self.build_class(&all_args[..positional_count], &keywords);
                self.release(&all_args);
                self.heap.decref(callable);
                return result;
            }
            Some(&Object::Method { function, receiver }) => {
                self.heap.incref(function);
                self.heap.incref(receiver);
                self.heap.decref(callable);
                let mut positional = vec![receiver];
                positional.extend_from_slice(&all_args[..positional_count]);
                let result = self.call_function(function, positional, keywords);
                self.heap.decref(function);
                return result;
            }
            Some(Object::Type(t)) if t.native == Some("type") && positional_count == 3 => {
                // `type(name, bases, dict)`: `__init_subclass__` may run as a frame.
                let result = self.type_new(&all_args[..positional_count]);
                self.release(&all_args);
                self.heap.decref(callable);
                return result;
            }
            Some(Object::Type(t)) if t.native.is_some() => {
                let name = t.native.unwrap_or("object");
                let result = self.call_native_type(name, &all_args[..positional_count], &keywords);
                self.release(&all_args);
                self.heap.decref(callable);
                return self.push_value(result?);
            }
            Some(Object::Type(t))
                if t.builtin_exception.is_none() && !self.inherits_exception(callable) =>
            {
                let positional = all_args[..positional_count].to_vec();
                let result = self.instantiate(callable, positional, keywords);
                self.heap.decref(callable);
                return result;
            }
            _ => {}
        }
        if let Some(Object::Type(t)) = self.heap.get(callable) {
            if t.builtin_exception.is_some() || self.inherits_exception(callable) {
                let result =
                    self.call_exception_class(callable, &all_args[..positional_count], &keywords);
                self.release(&all_args);
                self.heap.decref(callable);
                return result;
            }
        }
        let result = match self.heap.get(callable) {
            Some(&Object::BuiltinMethod {
                type_name,
                name,
                bound,
            }) => self.call_builtin_method(
                type_name,
                name,
                bound,
                &all_args[..positional_count],
                &keywords,
            ),
            Some(Object::BuiltinFunction(builtin)) => {
                let builtin: Builtin = *builtin;
                self.call_builtin(builtin, &all_args[..positional_count], &keywords)
            }
            Some(other) => Err(Raise::new(
                "TypeError",
                format!("'{}' object is not callable", other.type_name()),
            )
            .into()),
            None => Err(Fault::Internal("called a freed object".to_string())),
        };
        self.release(&all_args);
        self.heap.decref(callable);
        let result = result?;
        self.push_value(result)
    }
}

/// `ascii(obj)` from its repr: non-ASCII characters as `\x`, `\u` or `\U` escapes.
pub(crate) fn ascii(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        let code = c as u32;
        if code < 0x80 {
            out.push(c);
        } else if code < 0x100 {
            out.push_str(&format!("\\x{code:02x}"));
        } else if code < 0x10000 {
            out.push_str(&format!("\\u{code:04x}"));
        } else {
            out.push_str(&format!("\\U{code:08x}"));
        }
    }
    out
}

impl Vm {
    /// `NameError: name 'x' is not defined`, with the suggestion a traceback adds.
    pub(crate) fn name_error(&self, name: &str) -> Raise {
        let mut raise = Raise::new("NameError", format!("name '{name}' is not defined"));
        raise.suggestion = self.name_error_suggestion(name);
        raise
    }
}
