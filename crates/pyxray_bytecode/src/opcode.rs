//! The instruction set of CPython 3.14: one table row per opcode, read by the compiler
//! (stack depth), the VM (dispatch), `dis` (names, operand display) and the UI (explanations).
//!
//! CPython: `Python/bytecodes.c` (instruction definitions and stack effects),
//! `Lib/_opcode_metadata.py` (numbers), `Lib/opcode.py` (`hasarg`, `hasconst`, …),
//! `Include/internal/pycore_opcode_metadata.h` (`_PyOpcode_num_popped/pushed`). Pseudo-instructions
//! (numbers 256 and up) exist only inside the compiler, as in CPython. The instrumented variants
//! (234–254) are left out: pyxray never instruments code.

/// How an instruction's argument is interpreted (and shown by `dis` in parentheses).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// No argument.
    None,
    /// A plain number: a count, a depth, a flag (`CALL 1`, `COPY 1`, `RESUME 0`).
    Count,
    /// An index into `co_consts` (`LOAD_CONST 1 (None)`).
    Const,
    /// An index into `co_names` (`LOAD_NAME 0 (print)`).
    Name,
    /// `co_names[arg >> 1]`, low bit: also push NULL (`LOAD_GLOBAL 1 (print + NULL)`).
    GlobalName,
    /// `co_names[arg >> 1]`, low bit: method load (`LOAD_ATTR 3 (append + NULL|self)`).
    AttrName,
    /// `co_names[arg >> 2]`, low bit: method load.
    SuperAttrName,
    /// An index into the fast locals (`LOAD_FAST 0 (x)`).
    Local,
    /// Two 4-bit local indexes (`LOAD_FAST_LOAD_FAST 1 (a, b)`).
    LocalPair,
    /// An index into cell and free variables (`LOAD_DEREF 2 (count)`).
    Free,
    /// A forward jump: the target is `arg` code units after the next instruction (`to L1`).
    JumpForward,
    /// A backward jump (`JUMP_BACKWARD 12 (to L2)`).
    JumpBackward,
    /// The `BINARY_OP` operator (`BINARY_OP 0 (+)`).
    BinaryOp,
    /// `cmp_op[arg >> 5]`, bit 4: the result is converted to bool (`COMPARE_OP 72 (==)`).
    Compare,
    /// 0 = `is`, 1 = `is not`.
    IsOp,
    /// 0 = `in`, 1 = `not in`.
    ContainsOp,
    /// 1 = `str`, 2 = `repr`, 3 = `ascii` (f-string conversions).
    Conversion,
    /// Which function attribute is set (`defaults`, `kwdefaults`, `annotations`, `closure`, …).
    FunctionAttribute,
    /// An intrinsic function of one argument (`CALL_INTRINSIC_1 5 (INTRINSIC_UNARY_POSITIVE)`).
    Intrinsic1,
    /// An intrinsic function of two arguments.
    Intrinsic2,
    /// A common constant (`LOAD_COMMON_CONSTANT 0 (AssertionError)`).
    CommonConstant,
    /// A special method name (`LOAD_SPECIAL 0 (__enter__)`).
    Special,
    /// A pseudo-instruction's exception handler target (compiler only).
    Handler,
}

/// Pops or pushes: a fixed number, or computed from the argument.
#[derive(Clone, Copy, Debug)]
pub enum Count {
    Fixed(u32),
    FromArg(fn(u32) -> u32),
}

impl Count {
    fn of(self, oparg: u32) -> u32 {
        match self {
            Count::Fixed(n) => n,
            Count::FromArg(f) => f(oparg),
        }
    }
}

macro_rules! opcodes {
    ($($variant:ident = $name:literal, $number:literal, $operand:ident, $caches:literal, $pops:expr, $pushes:expr, $explanation:literal;)*) => {
        /// A CPython 3.14 opcode (or compiler pseudo-instruction, numbers ≥ 256).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u16)]
        pub enum Opcode {
            $($variant = $number,)*
        }

        impl Opcode {
            /// All opcodes, in table order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$variant,)*];

            /// The name `dis` prints, e.g. `"LOAD_CONST"`.
            pub fn name(self) -> &'static str {
                match self { $(Opcode::$variant => $name,)* }
            }

            /// The number in `opcode.opmap`.
            pub fn number(self) -> u16 {
                self as u16
            }

            pub fn from_number(number: u16) -> Option<Opcode> {
                match number { $($number => Some(Opcode::$variant),)* _ => None }
            }

            pub fn from_name(name: &str) -> Option<Opcode> {
                match name { $($name => Some(Opcode::$variant),)* _ => None }
            }

            pub fn operand(self) -> Operand {
                match self { $(Opcode::$variant => Operand::$operand,)* }
            }

            /// Inline cache entries (code units) after the instruction (`_inline_cache_entries`).
            pub fn cache_entries(self) -> u32 {
                match self { $(Opcode::$variant => $caches,)* }
            }

            /// How many values the instruction pops and pushes, for argument `oparg`.
            pub fn stack_effect(self, oparg: u32) -> (u32, u32) {
                let (pops, pushes): (Count, Count) = match self { $(Opcode::$variant => ($pops, $pushes),)* };
                (pops.of(oparg), pushes.of(oparg))
            }

            /// One line for the UI: what the instruction does.
            pub fn explanation(self) -> &'static str {
                match self { $(Opcode::$variant => $explanation,)* }
            }
        }
    };
}

use Count::{Fixed as N, FromArg as Arg};

opcodes! {
//  variant                     dis name                     num  operand        cache pops                              pushes                           explanation
    Cache                     = "CACHE",                       0, None,              0, N(0), N(0), "Space for the specializing interpreter's inline cache; never executed.";
    BinarySlice               = "BINARY_SLICE",                1, None,              0, N(3), N(1), "Pop stop, start and container; push container[start:stop].";
    BuildTemplate             = "BUILD_TEMPLATE",              2, None,              0, N(2), N(1), "Pop the strings and interpolations tuples; push a Template (t-string).";
    CallFunctionEx            = "CALL_FUNCTION_EX",            4, None,              0, N(4), N(1), "Call a function with a tuple of positional arguments and a dict of keyword arguments (f(*args, **kwargs)).";
    CheckEgMatch              = "CHECK_EG_MATCH",              5, None,              0, N(2), N(2), "Split an exception group by the type in an except* clause.";
    CheckExcMatch             = "CHECK_EXC_MATCH",             6, None,              0, N(2), N(2), "Test whether the exception matches the type of an except clause; push the result.";
    CleanupThrow              = "CLEANUP_THROW",               7, None,              0, N(3), N(2), "Handle an exception thrown into a sub-generator (yield from).";
    DeleteSubscr              = "DELETE_SUBSCR",               8, None,              0, N(2), N(0), "Pop key and container; del container[key].";
    EndFor                    = "END_FOR",                     9, None,              0, N(1), N(0), "End of a for loop: pop the value left by the exhausted iterator.";
    EndSend                   = "END_SEND",                   10, None,              0, N(2), N(1), "Pop the receiver, keep the value sent from a sub-generator.";
    ExitInitCheck             = "EXIT_INIT_CHECK",            11, None,              0, N(1), N(0), "Check that __init__ returned None.";
    FormatSimple              = "FORMAT_SIMPLE",              12, None,              0, N(1), N(1), "Format the top of stack with format(value) for an f-string.";
    FormatWithSpec            = "FORMAT_WITH_SPEC",           13, None,              0, N(2), N(1), "Pop a format spec and a value; push format(value, spec).";
    GetAiter                  = "GET_AITER",                  14, None,              0, N(1), N(1), "Replace the top of stack with its async iterator (__aiter__).";
    GetAnext                  = "GET_ANEXT",                  15, None,              0, N(1), N(2), "Push the awaitable for the next item of an async iterator.";
    GetIter                   = "GET_ITER",                   16, None,              0, N(1), N(1), "Replace the top of stack with iter(top).";
    GetLen                    = "GET_LEN",                    18, None,              0, N(1), N(2), "Push len(top) (used by match patterns).";
    GetYieldFromIter          = "GET_YIELD_FROM_ITER",        19, None,              0, N(1), N(1), "Replace the top of stack with an iterator for yield from.";
    InterpreterExit           = "INTERPRETER_EXIT",           20, None,              0, N(1), N(0), "Leave the interpreter loop (internal).";
    LoadBuildClass            = "LOAD_BUILD_CLASS",           21, None,              0, N(0), N(1), "Push builtins.__build_class__, which creates classes.";
    LoadLocals                = "LOAD_LOCALS",                22, None,              0, N(0), N(1), "Push the locals dictionary.";
    MakeFunction              = "MAKE_FUNCTION",              23, None,              0, N(1), N(1), "Pop a code object; push a new function object made from it.";
    MatchKeys                 = "MATCH_KEYS",                 24, None,              0, N(2), N(3), "Look up the keys of a mapping pattern in the subject.";
    MatchMapping              = "MATCH_MAPPING",              25, None,              0, N(1), N(2), "Push whether the subject is a mapping.";
    MatchSequence             = "MATCH_SEQUENCE",             26, None,              0, N(1), N(2), "Push whether the subject is a sequence.";
    Nop                       = "NOP",                        27, None,              0, N(0), N(0), "Do nothing; a placeholder left by the optimizer.";
    NotTaken                  = "NOT_TAKEN",                  28, None,              0, N(0), N(0), "Do nothing; marks the branch not taken, for monitoring tools.";
    PopExcept                 = "POP_EXCEPT",                 29, None,              0, N(1), N(0), "Restore the exception that was being handled before this handler.";
    PopIter                   = "POP_ITER",                   30, None,              0, N(1), N(0), "Pop the iterator of a finished for loop.";
    PopTop                    = "POP_TOP",                    31, None,              0, N(1), N(0), "Pop the top of the value stack and drop the reference.";
    PushExcInfo               = "PUSH_EXC_INFO",              32, None,              0, N(1), N(2), "Enter an exception handler: save the current exception, push the new one.";
    PushNull                  = "PUSH_NULL",                  33, None,              0, N(0), N(1), "Push NULL: the empty 'self' slot of a call.";
    ReturnGenerator           = "RETURN_GENERATOR",           34, None,              0, N(0), N(1), "Create a generator object for this frame and return it.";
    ReturnValue               = "RETURN_VALUE",               35, None,              0, N(1), N(1), "Return the top of stack to the caller and leave the frame.";
    SetupAnnotations          = "SETUP_ANNOTATIONS",          36, None,              0, N(0), N(0), "Create __annotations__ in the namespace if missing.";
    StoreSlice                = "STORE_SLICE",                37, None,              0, N(4), N(0), "container[start:stop] = value.";
    StoreSubscr               = "STORE_SUBSCR",               38, None,              1, N(3), N(0), "Pop key, container and value; container[key] = value.";
    ToBool                    = "TO_BOOL",                    39, None,              3, N(1), N(1), "Replace the top of stack with bool(top).";
    UnaryInvert               = "UNARY_INVERT",               40, None,              0, N(1), N(1), "Replace the top of stack with ~top.";
    UnaryNegative             = "UNARY_NEGATIVE",             41, None,              0, N(1), N(1), "Replace the top of stack with -top.";
    UnaryNot                  = "UNARY_NOT",                  42, None,              0, N(1), N(1), "Replace the top of stack (a bool) with not top.";
    WithExceptStart           = "WITH_EXCEPT_START",          43, None,              0, N(5), N(6), "Call the context manager's __exit__ with the exception.";
    BinaryOp                  = "BINARY_OP",                  44, BinaryOp,          5, N(2), N(1), "Pop right, pop left, push left <op> right.";
    BuildInterpolation        = "BUILD_INTERPOLATION",        45, Count,             0, Arg(|a| 2 + (a & 1)), N(1), "Build an Interpolation for a t-string.";
    BuildList                 = "BUILD_LIST",                 46, Count,             0, Arg(|a| a), N(1), "Pop arg items; push a new list of them.";
    BuildMap                  = "BUILD_MAP",                  47, Count,             0, Arg(|a| 2 * a), N(1), "Pop arg key/value pairs; push a new dict of them.";
    BuildSet                  = "BUILD_SET",                  48, Count,             0, Arg(|a| a), N(1), "Pop arg items; push a new set of them.";
    BuildSlice                = "BUILD_SLICE",                49, Count,             0, Arg(|a| a), N(1), "Pop start, stop (and step); push a slice object.";
    BuildString               = "BUILD_STRING",               50, Count,             0, Arg(|a| a), N(1), "Pop arg strings; push them joined (f-strings).";
    BuildTuple                = "BUILD_TUPLE",                51, Count,             0, Arg(|a| a), N(1), "Pop arg items; push a new tuple of them.";
    Call                      = "CALL",                       52, Count,             3, Arg(|a| 2 + a), N(1), "Pop arg arguments, self-or-NULL and the callable; call it; push the result.";
    CallIntrinsic1            = "CALL_INTRINSIC_1",           53, Intrinsic1,        0, N(1), N(1), "Apply an interpreter-internal function to the top of stack.";
    CallIntrinsic2            = "CALL_INTRINSIC_2",           54, Intrinsic2,        0, N(2), N(1), "Apply an interpreter-internal function to the two top values.";
    CallKw                    = "CALL_KW",                    55, Count,             3, Arg(|a| 3 + a), N(1), "Call with keyword arguments: the tuple of keyword names is on top.";
    CompareOp                 = "COMPARE_OP",                 56, Compare,           1, N(2), N(1), "Pop right, pop left, push the comparison left <op> right.";
    ContainsOp                = "CONTAINS_OP",                57, ContainsOp,        1, N(2), N(1), "Pop container and item; push item in container (or not in).";
    ConvertValue              = "CONVERT_VALUE",              58, Conversion,        0, N(1), N(1), "Apply str(), repr() or ascii() to the top of stack (f-string !s, !r, !a).";
    Copy                      = "COPY",                       59, Count,             0, Arg(|a| a), Arg(|a| a + 1), "Push a copy of the item arg places down the stack (COPY 1 duplicates the top).";
    CopyFreeVars              = "COPY_FREE_VARS",             60, Count,             0, N(0), N(0), "Copy the closure's cells into the frame's free variables.";
    DeleteAttr                = "DELETE_ATTR",                61, Name,              0, N(1), N(0), "Pop an object; del object.name.";
    DeleteDeref               = "DELETE_DEREF",               62, Free,              0, N(0), N(0), "Empty a cell variable (del of a variable used by an inner function).";
    DeleteFast                = "DELETE_FAST",                63, Local,             0, N(0), N(0), "Delete a local variable.";
    DeleteGlobal              = "DELETE_GLOBAL",              64, Name,              0, N(0), N(0), "Delete a global variable.";
    DeleteName                = "DELETE_NAME",                65, Name,              0, N(0), N(0), "Delete a name from the current namespace.";
    DictMerge                 = "DICT_MERGE",                 66, Count,             0, Arg(|a| a + 1), Arg(|a| a), "Merge a mapping into the dict arg places down (f(**kwargs)); duplicate keys are an error.";
    DictUpdate                = "DICT_UPDATE",                67, Count,             0, Arg(|a| a + 1), Arg(|a| a), "Update the dict arg places down with a mapping ({**m}).";
    EndAsyncFor               = "END_ASYNC_FOR",              68, JumpBackward,      0, N(2), N(0), "End an async for loop when StopAsyncIteration is raised.";
    ExtendedArg               = "EXTENDED_ARG",               69, Count,             0, N(0), N(0), "Prefix that makes the next instruction's argument wider than one byte.";
    ForIter                   = "FOR_ITER",                   70, JumpForward,       1, N(1), N(2), "Push the iterator's next item, or jump past the loop when it is exhausted.";
    GetAwaitable              = "GET_AWAITABLE",              71, Count,             0, N(1), N(1), "Replace the top of stack with its awaitable (__await__).";
    ImportFrom                = "IMPORT_FROM",                72, Name,              0, N(1), N(2), "Push module.name from the module on top (from m import name).";
    ImportName                = "IMPORT_NAME",                73, Name,              0, N(2), N(1), "Pop fromlist and level; import the module; push it.";
    IsOp                      = "IS_OP",                      74, IsOp,              0, N(2), N(1), "Pop two values; push whether they are the same object (is / is not).";
    JumpBackward              = "JUMP_BACKWARD",              75, JumpBackward,      1, N(0), N(0), "Jump back to the start of a loop.";
    JumpBackwardNoInterrupt   = "JUMP_BACKWARD_NO_INTERRUPT", 76, JumpBackward,      0, N(0), N(0), "Jump backward without checking for interrupts.";
    JumpForward               = "JUMP_FORWARD",               77, JumpForward,       0, N(0), N(0), "Jump forward by arg code units.";
    ListAppend                = "LIST_APPEND",                78, Count,             0, Arg(|a| a + 1), Arg(|a| a), "Pop a value; append it to the list arg places down (list comprehensions).";
    ListExtend                = "LIST_EXTEND",                79, Count,             0, Arg(|a| a + 1), Arg(|a| a), "Pop an iterable; extend the list arg places down with it.";
    LoadAttr                  = "LOAD_ATTR",                  80, AttrName,          9, N(1), Arg(|a| 1 + (a & 1)), "Replace the object on top with object.name (or a method and self).";
    LoadCommonConstant        = "LOAD_COMMON_CONSTANT",       81, CommonConstant,    0, N(0), N(1), "Push a constant the interpreter keeps at hand, e.g. AssertionError.";
    LoadConst                 = "LOAD_CONST",                 82, Const,             0, N(0), N(1), "Push co_consts[arg] onto the value stack.";
    LoadDeref                 = "LOAD_DEREF",                 83, Free,              0, N(0), N(1), "Push the value held in a cell (a variable shared with an inner function).";
    LoadFast                  = "LOAD_FAST",                  84, Local,             0, N(0), N(1), "Push a local variable.";
    LoadFastAndClear          = "LOAD_FAST_AND_CLEAR",        85, Local,             0, N(0), N(1), "Push a local variable (or NULL) and clear it (comprehensions save outer names).";
    LoadFastBorrow            = "LOAD_FAST_BORROW",           86, Local,             0, N(0), N(1), "Push a local variable without taking a new reference (it outlives this use).";
    LoadFastBorrowLoadFastBorrow = "LOAD_FAST_BORROW_LOAD_FAST_BORROW", 87, LocalPair, 0, N(0), N(2), "Push two local variables, borrowing both references.";
    LoadFastCheck             = "LOAD_FAST_CHECK",            88, Local,             0, N(0), N(1), "Push a local variable, raising UnboundLocalError if it has no value.";
    LoadFastLoadFast          = "LOAD_FAST_LOAD_FAST",        89, LocalPair,         0, N(0), N(2), "Push two local variables.";
    LoadFromDictOrDeref       = "LOAD_FROM_DICT_OR_DEREF",    90, Free,              0, N(1), N(1), "Look a name up in the mapping on top, else in a cell (class bodies).";
    LoadFromDictOrGlobals     = "LOAD_FROM_DICT_OR_GLOBALS",  91, Name,              0, N(1), N(1), "Look a name up in the mapping on top, else in globals and builtins.";
    LoadGlobal                = "LOAD_GLOBAL",                92, GlobalName,        4, N(0), Arg(|a| 1 + (a & 1)), "Push a global (or builtin) variable, and NULL first if the low bit of arg is set.";
    LoadName                  = "LOAD_NAME",                  93, Name,              0, N(0), N(1), "Push the value bound to co_names[arg] (locals, then globals, then builtins).";
    LoadSmallInt              = "LOAD_SMALL_INT",             94, Count,             0, N(0), N(1), "Push the small int arg (0–255), a preallocated immortal object.";
    LoadSpecial               = "LOAD_SPECIAL",               95, Special,           0, N(1), N(2), "Look up a special method such as __enter__ on the object on top.";
    LoadSuperAttr             = "LOAD_SUPER_ATTR",            96, SuperAttrName,     1, N(3), Arg(|a| 1 + (a & 1)), "super().name: pop global super, class and self; push the attribute.";
    MakeCell                  = "MAKE_CELL",                  97, Free,              0, N(0), N(0), "Put a local variable into a new cell, so inner functions can share it.";
    MapAdd                    = "MAP_ADD",                    98, Count,             0, Arg(|a| a + 2), Arg(|a| a), "Pop key and value; add them to the dict arg places down (dict comprehensions).";
    MatchClass                = "MATCH_CLASS",                99, Count,             0, N(3), N(1), "Match the subject against a class pattern; push the extracted attributes or None.";
    PopJumpIfFalse            = "POP_JUMP_IF_FALSE",         100, JumpForward,       1, N(1), N(0), "Pop the top of stack (a bool); jump if it is False.";
    PopJumpIfNone             = "POP_JUMP_IF_NONE",          101, JumpForward,       1, N(1), N(0), "Pop the top of stack; jump if it is None.";
    PopJumpIfNotNone          = "POP_JUMP_IF_NOT_NONE",      102, JumpForward,       1, N(1), N(0), "Pop the top of stack; jump if it is not None.";
    PopJumpIfTrue             = "POP_JUMP_IF_TRUE",          103, JumpForward,       1, N(1), N(0), "Pop the top of stack (a bool); jump if it is True.";
    RaiseVarargs              = "RAISE_VARARGS",             104, Count,             0, Arg(|a| a), N(0), "Raise an exception: re-raise (0), raise exc (1), raise exc from cause (2).";
    Reraise                   = "RERAISE",                   105, Count,             0, Arg(|a| a + 1), Arg(|a| a), "Re-raise the exception on top of stack.";
    Send                      = "SEND",                      106, JumpForward,       1, N(2), N(2), "Send a value into a sub-generator; jump when it returns.";
    SetAdd                    = "SET_ADD",                   107, Count,             0, Arg(|a| a + 1), Arg(|a| a), "Pop a value; add it to the set arg places down (set comprehensions).";
    SetFunctionAttribute      = "SET_FUNCTION_ATTRIBUTE",    108, FunctionAttribute, 0, N(2), N(1), "Pop a function and a value; set the function's defaults, annotations or closure.";
    SetUpdate                 = "SET_UPDATE",                109, Count,             0, Arg(|a| a + 1), Arg(|a| a), "Pop an iterable; add its items to the set arg places down.";
    StoreAttr                 = "STORE_ATTR",                110, Name,              4, N(2), N(0), "Pop object and value; object.name = value.";
    StoreDeref                = "STORE_DEREF",               111, Free,              0, N(1), N(0), "Pop the top of stack into a cell variable.";
    StoreFast                 = "STORE_FAST",                112, Local,             0, N(1), N(0), "Pop the top of stack into a local variable.";
    StoreFastLoadFast         = "STORE_FAST_LOAD_FAST",      113, LocalPair,         0, N(1), N(1), "Store into one local variable, then push another.";
    StoreFastStoreFast        = "STORE_FAST_STORE_FAST",     114, LocalPair,         0, N(2), N(0), "Pop two values into two local variables.";
    StoreGlobal               = "STORE_GLOBAL",              115, Name,              0, N(1), N(0), "Pop the top of stack into a global variable.";
    StoreName                 = "STORE_NAME",                116, Name,              0, N(1), N(0), "Pop the top of stack and bind it to co_names[arg] in the current namespace.";
    Swap                      = "SWAP",                      117, Count,             0, Arg(|a| a), Arg(|a| a), "Swap the top of stack with the item arg places down.";
    UnpackEx                  = "UNPACK_EX",                 118, Count,             0, N(1), Arg(|a| (a & 0xff) + (a >> 8) + 1), "Unpack an iterable into names with one starred target (a, *b = ...).";
    UnpackSequence            = "UNPACK_SEQUENCE",           119, Count,             1, N(1), Arg(|a| a), "Pop a sequence; push its arg items, last item first.";
    YieldValue                = "YIELD_VALUE",               120, Count,             0, N(1), N(1), "Suspend the generator and give the top of stack to the caller.";
    Resume                    = "RESUME",                    128, Count,             0, N(0), N(0), "Start (or resume) executing this frame; a no-op that marks the frame's entry.";
    AnnotationsPlaceholder    = "ANNOTATIONS_PLACEHOLDER",   256, None,              0, N(0), N(0), "Compiler placeholder for the annotations function (pseudo-instruction).";
    Jump                      = "JUMP",                      257, JumpForward,       0, N(0), N(0), "Unconditional jump (pseudo-instruction; becomes JUMP_FORWARD or JUMP_BACKWARD).";
    JumpIfFalse               = "JUMP_IF_FALSE",             258, JumpForward,       0, N(1), N(1), "Jump if false, keeping the value (pseudo-instruction; becomes COPY, TO_BOOL, POP_JUMP_IF_FALSE).";
    JumpIfTrue                = "JUMP_IF_TRUE",              259, JumpForward,       0, N(1), N(1), "Jump if true, keeping the value (pseudo-instruction).";
    JumpNoInterrupt           = "JUMP_NO_INTERRUPT",         260, JumpForward,       0, N(0), N(0), "Unconditional jump without an interrupt check (pseudo-instruction).";
    LoadClosure               = "LOAD_CLOSURE",              261, Local,             0, N(0), N(1), "Push a cell for a closure (pseudo-instruction; becomes LOAD_FAST).";
    PopBlock                  = "POP_BLOCK",                 262, None,              0, N(0), N(0), "End of a protected block (pseudo-instruction; removed).";
    SetupCleanup              = "SETUP_CLEANUP",             263, Handler,           0, N(0), N(2), "Start a block with a cleanup handler (pseudo-instruction).";
    SetupFinally              = "SETUP_FINALLY",             264, Handler,           0, N(0), N(1), "Start a try block (pseudo-instruction).";
    SetupWith                 = "SETUP_WITH",                265, Handler,           0, N(0), N(1), "Start a with block (pseudo-instruction).";
    StoreFastMaybeNull        = "STORE_FAST_MAYBE_NULL",     266, Local,             0, N(1), N(0), "Store a local that may be NULL (pseudo-instruction; becomes STORE_FAST).";
}

impl Opcode {
    /// Whether the instruction takes an argument (`opcode.hasarg`).
    pub fn has_arg(self) -> bool {
        self.operand() != Operand::None
    }

    /// Compiler-only pseudo-instructions, never in `co_code`.
    pub fn is_pseudo(self) -> bool {
        self.number() >= 256
    }

    /// Whether the argument is a jump target (`opcode.hasjump`).
    pub fn is_jump(self) -> bool {
        matches!(self.operand(), Operand::JumpForward | Operand::JumpBackward)
    }

    /// Instructions after which control never falls through to the next one.
    pub fn is_terminator(self) -> bool {
        matches!(
            self,
            Opcode::ReturnValue
                | Opcode::RaiseVarargs
                | Opcode::Reraise
                | Opcode::Jump
                | Opcode::JumpNoInterrupt
                | Opcode::JumpForward
                | Opcode::JumpBackward
                | Opcode::JumpBackwardNoInterrupt
        )
    }

    /// Net stack effect, as `dis.stack_effect(op, arg)`.
    pub fn net_stack_effect(self, oparg: u32) -> i64 {
        let (pops, pushes) = self.stack_effect(oparg);
        i64::from(pushes) - i64::from(pops)
    }
}

/// `BINARY_OP` argument names, as `dis._nb_ops` (index = oparg).
pub const BINARY_OPS: [&str; 27] = [
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=",
    "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=", "[]",
];

/// `COMPARE_OP` comparisons, as `dis.cmp_op` (index = oparg >> 5).
pub const COMPARE_OPS: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];

/// `CALL_INTRINSIC_1` functions (`_intrinsic_1_descs`).
pub const INTRINSIC_1: [&str; 12] = [
    "INTRINSIC_1_INVALID",
    "INTRINSIC_PRINT",
    "INTRINSIC_IMPORT_STAR",
    "INTRINSIC_STOPITERATION_ERROR",
    "INTRINSIC_ASYNC_GEN_WRAP",
    "INTRINSIC_UNARY_POSITIVE",
    "INTRINSIC_LIST_TO_TUPLE",
    "INTRINSIC_TYPEVAR",
    "INTRINSIC_PARAMSPEC",
    "INTRINSIC_TYPEVARTUPLE",
    "INTRINSIC_SUBSCRIPT_GENERIC",
    "INTRINSIC_TYPEALIAS",
];

/// `CALL_INTRINSIC_2` functions (`_intrinsic_2_descs`).
pub const INTRINSIC_2: [&str; 5] = [
    "INTRINSIC_2_INVALID",
    "INTRINSIC_PREP_RERAISE_STAR",
    "INTRINSIC_TYPEVAR_WITH_BOUND",
    "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS",
    "INTRINSIC_SET_FUNCTION_TYPE_PARAMS",
];

/// `LOAD_COMMON_CONSTANT` values, as `dis` shows them (a class by its name, a function by
/// its repr).
pub const COMMON_CONSTANTS: [&str; 5] = [
    "AssertionError",
    "NotImplementedError",
    "tuple",
    "<built-in function all>",
    "<built-in function any>",
];

/// `LOAD_SPECIAL` method names.
pub const SPECIAL_METHODS: [&str; 4] = ["__enter__", "__exit__", "__aenter__", "__aexit__"];

/// `SET_FUNCTION_ATTRIBUTE` flags (`FUNCTION_ATTR_FLAGS`), bit i = name i.
pub const FUNCTION_ATTRIBUTES: [&str; 6] = [
    "defaults",
    "kwdefaults",
    "annotations",
    "closure",
    "annotate",
    "__annotate__",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        for &op in Opcode::ALL {
            assert_eq!(Opcode::from_number(op.number()), Some(op));
            assert_eq!(Opcode::from_name(op.name()), Some(op));
        }
        assert_eq!(Opcode::LoadConst.number(), 82);
        assert_eq!(Opcode::BinaryOp.number(), 44);
        assert_eq!(Opcode::Resume.number(), 128);
    }

    #[test]
    fn stack_effects_of_irregular_instructions() {
        assert_eq!(Opcode::Call.stack_effect(2), (4, 1));
        assert_eq!(Opcode::Copy.stack_effect(1), (1, 2));
        assert_eq!(Opcode::LoadGlobal.stack_effect(1), (0, 2));
        assert_eq!(Opcode::UnpackEx.stack_effect(0x0102), (1, 4));
    }
}
