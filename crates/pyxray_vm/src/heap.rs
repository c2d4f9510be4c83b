//! The heap: every Python object lives in one arena slot, addressed by `ObjId`, with a
//! reference count. All changes go through `alloc`, `incref` and `decref`, which also record
//! what happened in the current step for the UI.
//!
//! CPython: `Include/object.h` (`ob_refcnt`, `Py_INCREF`, `Py_DECREF`, immortal objects),
//! `Objects/object.c` (`_Py_Dealloc`). Ids are never reused within a run, so "object #7" names one
//! object for the whole timeline (CPython reuses addresses; pyxray keeps a tombstone instead).

use crate::objects::Object;

/// The address of a heap object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjId(pub u32);

/// One arena slot: the object (or `None` once freed) and its reference count.
#[derive(Clone, Debug)]
pub struct Slot {
    pub refcount: u32,
    /// Immortal objects (None, True, False, small ints, interned strings) are never freed and
    /// their count is not meaningful, as in CPython 3.12+.
    pub immortal: bool,
    pub object: Option<Object>,
}

/// What the heap did during one step: the UI animates these.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeapEvents {
    pub allocated: Vec<ObjId>,
    pub freed: Vec<ObjId>,
    pub refcount_changed: Vec<ObjId>,
}

#[derive(Clone, Debug, Default)]
pub struct Heap {
    slots: Vec<Slot>,
    live: usize,
    pub events: HeapEvents,
}

impl Heap {
    pub fn new() -> Self {
        Heap::default()
    }

    /// How many objects are alive.
    pub fn live_count(&self) -> usize {
        self.live
    }

    /// Allocates an object with one reference (the caller's).
    pub fn alloc(&mut self, object: Object) -> ObjId {
        let id = ObjId(self.slots.len() as u32);
        self.slots.push(Slot {
            refcount: 1,
            immortal: false,
            object: Some(object),
        });
        self.live += 1;
        self.events.allocated.push(id);
        id
    }

    /// Allocates an immortal object (its refcount never changes and it is never freed).
    pub fn alloc_immortal(&mut self, object: Object) -> ObjId {
        let id = self.alloc(object);
        if let Some(slot) = self.slots.get_mut(id.0 as usize) {
            slot.immortal = true;
        }
        id
    }

    pub fn slot(&self, id: ObjId) -> Option<&Slot> {
        self.slots.get(id.0 as usize)
    }

    /// Every slot, freed ones included, in allocation order.
    pub fn slots(&self) -> impl Iterator<Item = (ObjId, &Slot)> {
        self.slots
            .iter()
            .enumerate()
            .map(|(i, slot)| (ObjId(i as u32), slot))
    }

    /// The object behind `id`; `None` if it was freed (a bug in the caller, reported upward).
    pub fn get(&self, id: ObjId) -> Option<&Object> {
        self.slots.get(id.0 as usize)?.object.as_ref()
    }

    pub fn get_mut(&mut self, id: ObjId) -> Option<&mut Object> {
        self.slots.get_mut(id.0 as usize)?.object.as_mut()
    }

    pub fn refcount(&self, id: ObjId) -> u32 {
        self.slot(id).map_or(0, |s| s.refcount)
    }

    pub fn is_immortal(&self, id: ObjId) -> bool {
        self.slot(id).is_some_and(|s| s.immortal)
    }

    /// `Py_INCREF`.
    pub fn incref(&mut self, id: ObjId) {
        if let Some(slot) = self.slots.get_mut(id.0 as usize) {
            if !slot.immortal {
                slot.refcount += 1;
                self.events.refcount_changed.push(id);
            }
        }
    }

    /// `Py_DECREF`: at zero the object is deallocated at once and drops its own references.
    pub fn decref(&mut self, id: ObjId) {
        let mut pending = vec![id];
        while let Some(id) = pending.pop() {
            let Some(slot) = self.slots.get_mut(id.0 as usize) else {
                continue;
            };
            if slot.immortal || slot.object.is_none() {
                continue;
            }
            slot.refcount = slot.refcount.saturating_sub(1);
            self.events.refcount_changed.push(id);
            if slot.refcount == 0 {
                if let Some(object) = slot.object.take() {
                    self.live -= 1;
                    self.events.freed.push(id);
                    object.traverse(&mut |child| pending.push(child));
                }
            }
        }
    }

    /// Forgets the events of the previous step.
    pub fn clear_events(&mut self) {
        self.events = HeapEvents::default();
    }
}
