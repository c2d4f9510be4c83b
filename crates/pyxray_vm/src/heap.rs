//! The heap: every live Python object, addressed by `ObjId`, with a reference count. All
//! changes go through `alloc`, `incref`, `decref` and `update`, which also record what happened
//! in the current step for the UI and keep the byte count the budget is checked against.
//!
//! CPython: `Include/object.h` (`ob_refcnt`, `Py_INCREF`, `Py_DECREF`, immortal objects),
//! `Objects/object.c` (`_Py_Dealloc`). Ids are never reused within a run, so "object #7" names one
//! object for the whole timeline (CPython reuses addresses). A freed object gives its memory
//! back: the heap maps ids of live objects only, so a checkpoint (a clone) costs what is alive,
//! not everything that ever lived.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::objects::Object;

/// The address of a heap object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjId(pub u32);

/// A live object and its reference count.
#[derive(Clone, Debug)]
pub struct Slot {
    pub refcount: u32,
    /// Immortal objects (None, True, False, small ints, interned strings) are never freed and
    /// their count is not meaningful, as in CPython 3.12+.
    pub immortal: bool,
    pub object: Object,
}

/// What the heap did during one step: the UI animates these.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeapEvents {
    pub allocated: Vec<ObjId>,
    pub freed: Vec<ObjId>,
    pub refcount_changed: Vec<ObjId>,
    /// Generators freed while suspended where closing them would run their code (an
    /// `except`/`finally` around the `yield`): CPython's finalizer would close them.
    pub unclosed_generators: Vec<ObjId>,
}

/// Hashes an id by one multiplication (Fibonacci hashing): ids are dense and sequential, so
/// this spreads them well and costs far less than SipHash.
#[derive(Clone, Copy, Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u32(&mut self, id: u32) {
        self.0 = u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Debug)]
pub struct Heap {
    live: IdMap<Slot>,
    /// The id the next allocation gets.
    next_id: u32,
    /// Bytes the live objects take, as `Object::size_in_bytes` estimates them.
    bytes: usize,
    /// The byte budget: an allocation past it raises `MemoryError` instead of being made.
    byte_limit: usize,
    /// The largest int, in bits, an operation may produce.
    int_bit_limit: u64,
    pub events: HeapEvents,
}

impl Default for Heap {
    fn default() -> Self {
        Heap {
            live: IdMap::default(),
            next_id: 0,
            bytes: 0,
            byte_limit: usize::MAX,
            int_bit_limit: u64::MAX,
            events: HeapEvents::default(),
        }
    }
}

impl Heap {
    pub fn new() -> Self {
        Heap::default()
    }

    /// A heap that refuses to grow past `byte_limit` bytes of objects, or to make an int of
    /// more than `int_bit_limit` bits.
    pub fn with_limits(byte_limit: usize, int_bit_limit: u64) -> Self {
        Heap {
            byte_limit,
            int_bit_limit,
            ..Heap::default()
        }
    }

    /// How many objects are alive.
    pub fn live_count(&self) -> usize {
        self.live.len()
    }

    /// How many objects were ever allocated (the next id).
    pub fn allocated_count(&self) -> u32 {
        self.next_id
    }

    /// Bytes the live objects take (an estimate in the spirit of `sys.getsizeof`).
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The byte budget.
    pub fn byte_limit(&self) -> usize {
        self.byte_limit
    }

    /// Whether `bytes` more fit in the budget. Every operation that could build a large object
    /// (repetition, concatenation, big-int arithmetic, format widths) asks first, so a huge
    /// request becomes a `MemoryError` rather than an allocation that kills the process.
    pub fn can_allocate(&self, bytes: usize) -> bool {
        self.bytes.saturating_add(bytes) <= self.byte_limit
    }

    /// Whether an int of `bits` bits may be made: within the int limit and the byte budget.
    pub fn can_make_int(&self, bits: u64) -> bool {
        bits <= self.int_bit_limit && self.can_allocate((bits / 8) as usize)
    }

    /// Allocates an object with one reference (the caller's).
    pub fn alloc(&mut self, object: Object) -> ObjId {
        self.insert(object, false)
    }

    /// Allocates an immortal object (its refcount never changes and it is never freed).
    pub fn alloc_immortal(&mut self, object: Object) -> ObjId {
        self.insert(object, true)
    }

    fn insert(&mut self, object: Object, immortal: bool) -> ObjId {
        let id = ObjId(self.next_id);
        self.next_id += 1;
        self.bytes += object.size_in_bytes();
        self.live.insert(
            id.0,
            Slot {
                refcount: 1,
                immortal,
                object,
            },
        );
        self.events.allocated.push(id);
        id
    }

    /// The live object `id` with its count; `None` once it was freed.
    pub fn slot(&self, id: ObjId) -> Option<&Slot> {
        self.live.get(&id.0)
    }

    /// Every live object, in allocation order.
    pub fn slots(&self) -> Vec<(ObjId, &Slot)> {
        let mut slots: Vec<_> = self.live.iter().map(|(&id, s)| (ObjId(id), s)).collect();
        slots.sort_by_key(|(id, _)| *id);
        slots
    }

    /// The object behind `id`; `None` if it was freed (a bug in the caller, reported upward).
    pub fn get(&self, id: ObjId) -> Option<&Object> {
        self.live.get(&id.0).map(|slot| &slot.object)
    }

    /// Mutable access for changes that keep the object's size (an iterator's position).
    /// Anything that grows or shrinks an object goes through `update`.
    pub fn get_mut(&mut self, id: ObjId) -> Option<&mut Object> {
        self.live.get_mut(&id.0).map(|slot| &mut slot.object)
    }

    /// Changes the object `id` in place, keeping the byte count right (a list that grows).
    pub fn update<R>(&mut self, id: ObjId, change: impl FnOnce(&mut Object) -> R) -> Option<R> {
        let object = &mut self.live.get_mut(&id.0)?.object;
        let before = object.size_in_bytes();
        let result = change(object);
        let after = object.size_in_bytes();
        self.bytes = (self.bytes + after).saturating_sub(before);
        Some(result)
    }

    pub fn refcount(&self, id: ObjId) -> u32 {
        self.slot(id).map_or(0, |s| s.refcount)
    }

    pub fn is_immortal(&self, id: ObjId) -> bool {
        self.slot(id).is_some_and(|s| s.immortal)
    }

    /// `Py_INCREF`.
    pub fn incref(&mut self, id: ObjId) {
        if let Some(slot) = self.live.get_mut(&id.0) {
            if !slot.immortal {
                slot.refcount += 1;
                self.events.refcount_changed.push(id);
            }
        }
    }

    /// `Py_DECREF`: at zero the object is deallocated at once and drops its own references
    /// (iteratively, so freeing a list nested 100,000 deep needs no Rust stack).
    pub fn decref(&mut self, id: ObjId) {
        let mut pending = vec![id];
        while let Some(id) = pending.pop() {
            let Some(slot) = self.live.get_mut(&id.0) else {
                continue;
            };
            if slot.immortal {
                continue;
            }
            slot.refcount = slot.refcount.saturating_sub(1);
            self.events.refcount_changed.push(id);
            if slot.refcount == 0 {
                if let Some(slot) = self.live.remove(&id.0) {
                    self.bytes = self.bytes.saturating_sub(slot.object.size_in_bytes());
                    self.events.freed.push(id);
                    if let Object::Generator(generator) = &slot.object {
                        if generator.closing_runs_code(&|inner| self.get(inner)) {
                            self.events.unclosed_generators.push(id);
                        }
                    }
                    slot.object.traverse(&mut |child| pending.push(child));
                }
            }
        }
    }

    /// Forgets the events of the previous step.
    pub fn clear_events(&mut self) {
        self.events = HeapEvents::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_objects_give_their_memory_back() {
        let mut heap = Heap::new();
        for _ in 0..10_000 {
            let id = heap.alloc(Object::Str("x".repeat(100)));
            heap.decref(id);
        }
        assert_eq!(heap.live_count(), 0);
        assert_eq!(heap.bytes(), 0);
        assert_eq!(heap.allocated_count(), 10_000);
        let next = heap.alloc(Object::None);
        assert_eq!(next, ObjId(10_000), "ids are never reused");
    }

    #[test]
    fn updates_keep_the_byte_count() {
        let mut heap = Heap::with_limits(1000, 64);
        let list = heap.alloc(Object::List(Vec::new()));
        let before = heap.bytes();
        heap.update(list, |object| {
            if let Object::List(items) = object {
                items.extend([list; 10]);
            }
        });
        assert_eq!(heap.bytes(), before + 80);
        assert!(heap.can_allocate(1000 - heap.bytes()));
        assert!(!heap.can_allocate(1001 - heap.bytes()));
    }
}
