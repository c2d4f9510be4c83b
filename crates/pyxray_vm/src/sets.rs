//! `set` and `frozenset`: building them (`BUILD_SET`, `SET_ADD`, `SET_UPDATE`, `set(x)`),
//! membership, iteration, and the set algebra the operators and methods share, each following
//! the CPython function of the same name so results iterate in CPython's order.
//!
//! CPython: `Objects/setobject.c` (`set_add_key`, `set_discard_key`, `set_update_internal`,
//! `set_merge_lock_held`, `set_update_dict_lock_held`, `set_copy`, `set_intersection`,
//! `set_difference`, `set_difference_update_internal`, `set_symmetric_difference_update_set`,
//! `set_issubset`, `set_issuperset`, `set_richcompare`, `setiter_iternext`),
//! `Python/bytecodes.c` (`BUILD_SET`, `SET_ADD`, `SET_UPDATE`). The table itself is
//! `pyxray_bytecode::set_table`; `methods/set.rs` has the method table.

use pyxray_bytecode::pyhash::PyHash;
use pyxray_bytecode::set_table::{Probe, SetTable};

use crate::heap::ObjId;
use crate::objects::{equal, hash, DictViewKind, Object, Raise, MAX_SEQUENCE_LENGTH};
use crate::vm::{Fault, Vm};

/// Which of the two set types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SetKind {
    Set,
    Frozen,
}

impl Vm {
    /// The table of a set or frozenset.
    pub(crate) fn set_table(&self, id: ObjId) -> Option<&SetTable<ObjId>> {
        match self.heap.get(id) {
            Some(Object::Set(table) | Object::FrozenSet(table)) => Some(table),
            _ => None,
        }
    }

    /// `PyAnySet_Check`: whether `id` is a set or a frozenset.
    pub(crate) fn is_anyset(&self, id: ObjId) -> bool {
        self.set_table(id).is_some()
    }

    /// Which set type `id` is.
    pub(crate) fn set_kind(&self, id: ObjId) -> Option<SetKind> {
        match self.heap.get(id) {
            Some(Object::Set(_)) => Some(SetKind::Set),
            Some(Object::FrozenSet(_)) => Some(SetKind::Frozen),
            _ => None,
        }
    }

    /// `len(s)`.
    pub(crate) fn set_len(&self, id: ObjId) -> usize {
        self.set_table(id).map_or(0, SetTable::len)
    }

    /// `make_new_set`: a new, empty set of the kind given.
    pub(crate) fn new_set(&mut self, kind: SetKind) -> Result<ObjId, Fault> {
        self.new_result(match kind {
            SetKind::Set => Object::Set(SetTable::new()),
            SetKind::Frozen => Object::FrozenSet(SetTable::new()),
        })
    }

    /// `make_new_set(type, iterable)`: a new set of the kind given, filled from `iterable`.
    pub(crate) fn new_set_from(&mut self, kind: SetKind, iterable: ObjId) -> Result<ObjId, Fault> {
        let set = self.new_set(kind)?;
        if let Err(fault) = self.set_update_internal(set, iterable) {
            self.heap.decref(set);
            return Err(fault);
        }
        Ok(set)
    }

    /// Runs `change` on the table of `set` (borrowing it out of the heap meanwhile).
    fn change_table<R>(&mut self, set: ObjId, change: impl FnOnce(&mut SetTable<ObjId>) -> R) -> R {
        let mut table = self.take_table(set);
        let result = change(&mut table);
        self.put_table(set, table);
        result
    }

    fn take_table(&mut self, set: ObjId) -> SetTable<ObjId> {
        self.heap
            .update(set, |object| match object {
                Object::Set(table) | Object::FrozenSet(table) => std::mem::take(table),
                _ => SetTable::new(),
            })
            .unwrap_or_default()
    }

    fn put_table(&mut self, set: ObjId, table: SetTable<ObjId>) {
        self.heap.update(set, |object| {
            if let Object::Set(slot) | Object::FrozenSet(slot) = object {
                *slot = table;
            }
        });
    }

    /// `set_unhashable_type`: the hash of a set element, a TypeError from hashing reworded as
    /// `cannot use 'list' as a set element (unhashable type: 'list')`.
    pub(crate) fn set_element_hash(&self, key: ObjId) -> Result<PyHash, Raise> {
        hash(&self.heap, key).map_err(|raise| {
            if raise.type_name != "TypeError" {
                return raise;
            }
            Raise::new(
                "TypeError",
                format!(
                    "cannot use '{}' as a set element ({})",
                    self.type_name_of(key),
                    raise.message
                ),
            )
        })
    }

    /// `set_contains_entry`: whether `set` holds a key equal to `key` (whose hash is given).
    pub(crate) fn set_contains_entry(
        &self,
        set: ObjId,
        key: ObjId,
        hash: PyHash,
    ) -> Result<bool, Raise> {
        let Some(table) = self.set_table(set) else {
            return Ok(false);
        };
        Ok(table
            .lookup(hash, |&existing| equal(&self.heap, existing, key))?
            .is_some())
    }

    /// The hash to look `key` up by in `set_contains_lock_held`, `set_remove_impl` and
    /// `set_discard_impl`: a `set` that is itself unhashable is looked up as the equal frozenset.
    fn lookup_hash(&self, key: ObjId) -> Result<PyHash, Raise> {
        match self.set_element_hash(key) {
            Err(raise) if raise.type_name == "TypeError" => match self.heap.get(key) {
                Some(Object::Set(table)) => Ok(pyxray_bytecode::pyhash::hash_frozenset(
                    table
                        .entries()
                        .map(|(h, _)| h)
                        .collect::<Vec<_>>()
                        .into_iter(),
                )),
                _ => Err(raise),
            },
            other => other,
        }
    }

    /// `key in set` (`set_contains`).
    pub(crate) fn set_contains(&self, set: ObjId, key: ObjId) -> Result<bool, Raise> {
        let hash = self.lookup_hash(key)?;
        self.set_contains_entry(set, key, hash)
    }

    /// `set_add_entry`: adds `key` (the set takes its own reference) unless an equal key is in.
    pub(crate) fn set_add_entry(
        &mut self,
        set: ObjId,
        key: ObjId,
        hash: PyHash,
    ) -> Result<(), Fault> {
        let Some(table) = self.set_table(set) else {
            return Err(Fault::Internal("added to a non-set".to_string()));
        };
        if table.len() >= MAX_SEQUENCE_LENGTH || !self.heap.can_allocate(8 * 3 * table.capacity()) {
            return Err(crate::objects::memory_error().into());
        }
        let probe = table.probe(hash, |&existing| equal(&self.heap, existing, key))?;
        if let Probe::Vacant(slot) = probe {
            self.heap.incref(key);
            self.change_table(set, |table| table.insert_at(slot, key, hash));
        }
        Ok(())
    }

    /// `set_add_key`: `s.add(key)`.
    pub(crate) fn set_add_key(&mut self, set: ObjId, key: ObjId) -> Result<(), Fault> {
        let hash = self.set_element_hash(key)?;
        self.set_add_entry(set, key, hash)
    }

    /// `set_discard_entry`: removes the key equal to `key`; false if there was none.
    pub(crate) fn set_discard_entry(
        &mut self,
        set: ObjId,
        key: ObjId,
        hash: PyHash,
    ) -> Result<bool, Fault> {
        let Some(table) = self.set_table(set) else {
            return Ok(false);
        };
        let Some(index) = table.lookup(hash, |&existing| equal(&self.heap, existing, key))? else {
            return Ok(false);
        };
        let removed = self.change_table(set, |table| table.remove_at(index));
        if let Some(removed) = removed {
            self.heap.decref(removed);
        }
        Ok(true)
    }

    /// `s.discard(key)` / `s.remove(key)`: removes `key`, a set looked up as a frozenset.
    pub(crate) fn set_discard_key(&mut self, set: ObjId, key: ObjId) -> Result<bool, Fault> {
        let hash = self.lookup_hash(key)?;
        self.set_discard_entry(set, key, hash)
    }

    /// `set_clear_internal`.
    pub(crate) fn set_clear(&mut self, set: ObjId) {
        let keys = self.change_table(set, SetTable::clear);
        self.release(&keys);
    }

    /// `set.pop()`.
    pub(crate) fn set_pop(&mut self, set: ObjId) -> Result<ObjId, Fault> {
        match self.change_table(set, SetTable::pop) {
            Some(key) => Ok(key),
            None => {
                let message = self.new_str("pop from an empty set".to_string());
                let fault = self.key_error(message);
                self.heap.decref(message);
                Err(fault)
            }
        }
    }

    /// `set_merge_lock_held`: adds every key of the set or frozenset `other`.
    fn set_merge(&mut self, set: ObjId, other: ObjId) -> Result<(), Fault> {
        if set == other {
            return Ok(());
        }
        let Some(other_table) = self.set_table(other).cloned() else {
            return Ok(());
        };
        let rest = self.change_table(set, |table| table.merge_start(&other_table));
        if rest.is_empty() {
            // Copied without comparisons: the set now holds a reference to each key.
            for &key in other_table.keys() {
                self.heap.incref(key);
            }
            return Ok(());
        }
        for (hash, key) in rest {
            self.set_add_entry(set, key, hash)?;
        }
        Ok(())
    }

    /// `set_update_dict_lock_held`: adds a dict's keys, after one resize for all of them.
    fn set_update_dict(&mut self, set: ObjId, dict: ObjId) -> Result<(), Fault> {
        let keys: Vec<ObjId> = match self.heap.get(dict) {
            Some(Object::Dict(pairs)) => pairs.iter().map(|&(key, _)| key).collect(),
            _ => Vec::new(),
        };
        self.change_table(set, |table| table.presize(keys.len()));
        for key in keys {
            let hash = hash(&self.heap, key)?;
            self.set_add_entry(set, key, hash)?;
        }
        Ok(())
    }

    /// `set_update_internal`: adds every item of `other` (a set, a dict's keys, or any
    /// iterable, read one item at a time).
    pub(crate) fn set_update_internal(&mut self, set: ObjId, other: ObjId) -> Result<(), Fault> {
        if self.is_anyset(other) {
            return self.set_merge(set, other);
        }
        if let Some(Object::Dict(_)) = self.heap.get(other) {
            return self.set_update_dict(set, other);
        }
        let iterator = self.get_iter(other)?;
        let outcome = loop {
            match self.iterator_next(iterator) {
                Ok(Some(key)) => {
                    let added = self.set_add_key(set, key);
                    self.heap.decref(key);
                    if let Err(fault) = added {
                        break Err(fault);
                    }
                }
                Ok(None) => break Ok(()),
                Err(fault) => break Err(fault),
            }
        };
        self.heap.decref(iterator);
        outcome
    }

    /// `set_copy` (`make_new_set_basetype` + `set_merge`): a new set of the same kind.
    pub(crate) fn set_copy(&mut self, set: ObjId) -> Result<ObjId, Fault> {
        let kind = self.set_kind(set).unwrap_or(SetKind::Set);
        let copy = self.new_set(kind)?;
        if let Err(fault) = self.set_merge(copy, set) {
            self.heap.decref(copy);
            return Err(fault);
        }
        Ok(copy)
    }

    /// The live keys of a set, with their hashes, in table order (borrowed ids).
    fn set_entries(&self, set: ObjId) -> Vec<(PyHash, ObjId)> {
        self.set_table(set)
            .map(|table| table.entries().map(|(h, &k)| (h, k)).collect())
            .unwrap_or_default()
    }

    /// Every item of `iterable` as new references, with its hash (an unhashable item raises
    /// `unhashable type`, as `PyObject_Hash` does).
    fn hashed_items(&mut self, iterable: ObjId) -> Result<Vec<(PyHash, ObjId)>, Fault> {
        let items = self.unpack_all(iterable)?;
        let mut hashed = Vec::with_capacity(items.len());
        for &item in &items {
            match hash(&self.heap, item) {
                Ok(h) => hashed.push((h, item)),
                Err(raise) => {
                    self.release(&items);
                    return Err(raise.into());
                }
            }
        }
        Ok(hashed)
    }

    /// `set_intersection`: a new set (of `set`'s kind) of the keys also in `other`.
    pub(crate) fn set_intersection(&mut self, set: ObjId, other: ObjId) -> Result<ObjId, Fault> {
        if set == other {
            return self.set_copy(set);
        }
        let result = self.new_set(self.set_kind(set).unwrap_or(SetKind::Set))?;
        let outcome = self.intersection_into(result, set, other);
        match outcome {
            Ok(()) => Ok(result),
            Err(fault) => {
                self.heap.decref(result);
                Err(fault)
            }
        }
    }

    fn intersection_into(&mut self, result: ObjId, set: ObjId, other: ObjId) -> Result<(), Fault> {
        if self.is_anyset(other) {
            // Iterate over the smaller set, looking each key up in the larger.
            let (larger, smaller) = if self.set_len(other) > self.set_len(set) {
                (other, set)
            } else {
                (set, other)
            };
            for (hash, key) in self.set_entries(smaller) {
                if self.set_contains_entry(larger, key, hash)? {
                    self.set_add_entry(result, key, hash)?;
                }
            }
            return Ok(());
        }
        let items = self.hashed_items(other)?;
        let mut outcome = Ok(());
        for &(hash, key) in &items {
            match self.set_contains_entry(set, key, hash) {
                Ok(true) => {
                    if let Err(fault) = self.set_add_entry(result, key, hash) {
                        outcome = Err(fault);
                        break;
                    }
                    if self.set_len(result) >= self.set_len(set) {
                        break;
                    }
                }
                Ok(false) => {}
                Err(raise) => {
                    outcome = Err(raise.into());
                    break;
                }
            }
        }
        let owned: Vec<ObjId> = items.iter().map(|&(_, key)| key).collect();
        self.release(&owned);
        outcome
    }

    /// `set_intersection_update`: keeps only the keys also in `other` (`set_swap_bodies` with
    /// the intersection).
    pub(crate) fn set_intersection_update(
        &mut self,
        set: ObjId,
        other: ObjId,
    ) -> Result<(), Fault> {
        let result = self.set_intersection(set, other)?;
        let new_table = self.take_table(result);
        let old_table = self.take_table(set);
        self.put_table(set, new_table);
        self.put_table(result, old_table);
        self.heap.decref(result);
        Ok(())
    }

    /// `set_difference_update_internal`: removes the keys found in `other`.
    pub(crate) fn set_difference_update(&mut self, set: ObjId, other: ObjId) -> Result<(), Fault> {
        if set == other {
            self.set_clear(set);
            return Ok(());
        }
        if self.is_anyset(other) {
            // When the other set is more than 8 times larger, its intersection will do.
            let (source, owned) = if (self.set_len(other) >> 3) > self.set_len(set) {
                (self.set_intersection(set, other)?, true)
            } else {
                (other, false)
            };
            let mut outcome = Ok(());
            for (hash, key) in self.set_entries(source) {
                if let Err(fault) = self.set_discard_entry(set, key, hash) {
                    outcome = Err(fault);
                    break;
                }
            }
            if owned {
                self.heap.decref(source);
            }
            outcome?;
        } else {
            let items = self.unpack_all(other)?;
            let mut outcome = Ok(());
            for &key in &items {
                if let Err(fault) = self.set_discard_key(set, key) {
                    outcome = Err(fault);
                    break;
                }
            }
            self.release(&items);
            outcome?;
        }
        // If more than 1/4th are dummies, resize them away.
        self.change_table(set, SetTable::shrink_after_removals);
        Ok(())
    }

    /// `set_copy_and_difference`.
    fn set_copy_and_difference(&mut self, set: ObjId, other: ObjId) -> Result<ObjId, Fault> {
        let result = self.set_copy(set)?;
        if let Err(fault) = self.set_difference_update(result, other) {
            self.heap.decref(result);
            return Err(fault);
        }
        Ok(result)
    }

    /// `set_difference`: a new set (of `set`'s kind) of the keys not in `other`.
    pub(crate) fn set_difference(&mut self, set: ObjId, other: ObjId) -> Result<ObjId, Fault> {
        let other_size = match self.heap.get(other) {
            Some(Object::Set(table) | Object::FrozenSet(table)) => table.len(),
            Some(Object::Dict(pairs)) => pairs.len(),
            _ => return self.set_copy_and_difference(set, other),
        };
        if (self.set_len(set) >> 2) > other_size {
            return self.set_copy_and_difference(set, other);
        }
        let result = self.new_set(self.set_kind(set).unwrap_or(SetKind::Set))?;
        let is_dict = matches!(self.heap.get(other), Some(Object::Dict(_)));
        for (hash, key) in self.set_entries(set) {
            let found = if is_dict {
                self.dict_position(other, key).map(|p| p.is_some())
            } else {
                self.set_contains_entry(other, key, hash)
                    .map_err(Fault::from)
            };
            let outcome = match found {
                Ok(false) => self.set_add_entry(result, key, hash),
                Ok(true) => Ok(()),
                Err(fault) => Err(fault),
            };
            if let Err(fault) = outcome {
                self.heap.decref(result);
                return Err(fault);
            }
        }
        Ok(result)
    }

    /// `set_symmetric_difference_update_set` with the keys (and hashes) given.
    fn symmetric_update_entries(
        &mut self,
        set: ObjId,
        entries: &[(PyHash, ObjId)],
    ) -> Result<(), Fault> {
        for &(hash, key) in entries {
            if !self.set_discard_entry(set, key, hash)? {
                self.set_add_entry(set, key, hash)?;
            }
        }
        Ok(())
    }

    /// `set.symmetric_difference_update(other)` / `set ^= other`.
    pub(crate) fn set_symmetric_difference_update(
        &mut self,
        set: ObjId,
        other: ObjId,
    ) -> Result<(), Fault> {
        if set == other {
            self.set_clear(set);
            return Ok(());
        }
        if let Some(Object::Dict(pairs)) = self.heap.get(other) {
            let keys: Vec<ObjId> = pairs.iter().map(|&(key, _)| key).collect();
            let mut entries = Vec::with_capacity(keys.len());
            for key in keys {
                entries.push((hash(&self.heap, key)?, key));
            }
            return self.symmetric_update_entries(set, &entries);
        }
        if self.is_anyset(other) {
            let entries = self.set_entries(other);
            return self.symmetric_update_entries(set, &entries);
        }
        let kind = self.set_kind(set).unwrap_or(SetKind::Set);
        let other_set = self.new_set_from(kind, other)?;
        let entries = self.set_entries(other_set);
        let outcome = self.symmetric_update_entries(set, &entries);
        self.heap.decref(other_set);
        outcome
    }

    /// `set_symmetric_difference`: a new set (of `set`'s kind) of the keys in exactly one.
    pub(crate) fn set_symmetric_difference(
        &mut self,
        set: ObjId,
        other: ObjId,
    ) -> Result<ObjId, Fault> {
        let result = self.new_set(self.set_kind(set).unwrap_or(SetKind::Set))?;
        let entries = self.set_entries(set);
        let outcome = self
            .set_update_internal(result, other)
            .and_then(|()| self.symmetric_update_entries(result, &entries));
        match outcome {
            Ok(()) => Ok(result),
            Err(fault) => {
                self.heap.decref(result);
                Err(fault)
            }
        }
    }

    /// `set_issubset`: whether every key of `set` is in `other`.
    pub(crate) fn set_issubset(&mut self, set: ObjId, other: ObjId) -> Result<bool, Fault> {
        if !self.is_anyset(other) {
            let common = self.set_intersection(set, other)?;
            let subset = self.set_len(common) == self.set_len(set);
            self.heap.decref(common);
            return Ok(subset);
        }
        Ok(set_is_subset(self, set, other)?)
    }

    /// `set_issuperset`: whether every item of `other` is in `set`.
    pub(crate) fn set_issuperset(&mut self, set: ObjId, other: ObjId) -> Result<bool, Fault> {
        if self.is_anyset(other) {
            return Ok(set_is_subset(self, other, set)?);
        }
        let items = self.unpack_all(other)?;
        let mut outcome = Ok(true);
        for &key in &items {
            match self.set_contains(set, key) {
                Ok(true) => {}
                Ok(false) => {
                    outcome = Ok(false);
                    break;
                }
                Err(raise) => {
                    outcome = Err(raise.into());
                    break;
                }
            }
        }
        self.release(&items);
        outcome
    }

    /// `set_isdisjoint_impl`.
    pub(crate) fn set_isdisjoint(&mut self, set: ObjId, other: ObjId) -> Result<bool, Fault> {
        if set == other {
            return Ok(self.set_len(set) == 0);
        }
        if self.is_anyset(other) {
            let (larger, smaller) = if self.set_len(other) > self.set_len(set) {
                (other, set)
            } else {
                (set, other)
            };
            for (hash, key) in self.set_entries(smaller) {
                if self.set_contains_entry(larger, key, hash)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        let items = self.unpack_all(other)?;
        let mut outcome = Ok(true);
        for &key in &items {
            match self.set_contains(set, key) {
                Ok(false) => {}
                Ok(true) => {
                    outcome = Ok(false);
                    break;
                }
                Err(raise) => {
                    outcome = Err(raise.into());
                    break;
                }
            }
        }
        self.release(&items);
        outcome
    }

    /// `set | other`, `set & other`, `set - other`, `set ^ other` and their in-place forms
    /// (`set_or`, `set_ior`, …); `None` when the operands are not two sets, so the caller
    /// reports the unsupported operands. A frozenset has no in-place forms: `|=` makes a
    /// new frozenset.
    pub(crate) fn set_binary_op(
        &mut self,
        oparg: u32,
        left: ObjId,
        right: ObjId,
    ) -> Result<Option<ObjId>, Fault> {
        const AND: u32 = 1;
        const OR: u32 = 7;
        const SUBTRACT: u32 = 10;
        const XOR: u32 = 12;
        const INPLACE: u32 = 13;
        let base = if oparg >= INPLACE {
            oparg - INPLACE
        } else {
            oparg
        };
        if !matches!(base, AND | OR | SUBTRACT | XOR) {
            return Ok(None);
        }
        if !self.is_anyset(left) || !self.is_anyset(right) {
            return Ok(None);
        }
        if oparg >= INPLACE && self.set_kind(left) == Some(SetKind::Set) {
            match base {
                AND => self.set_intersection_update(left, right)?,
                OR => self.set_update_internal(left, right)?,
                SUBTRACT => self.set_difference_update(left, right)?,
                _ => self.set_symmetric_difference_update(left, right)?,
            }
            self.heap.incref(left);
            return Ok(Some(left));
        }
        let result = match base {
            AND => self.set_intersection(left, right)?,
            OR => {
                let result = self.set_copy(left)?;
                if let Err(fault) = self.set_update_internal(result, right) {
                    self.heap.decref(result);
                    return Err(fault);
                }
                result
            }
            SUBTRACT => self.set_difference(left, right)?,
            _ => self.set_symmetric_difference(left, right)?,
        };
        Ok(Some(result))
    }

    /// `BUILD_SET n`: a set of the `n` values on the stack, added bottom first.
    pub(crate) fn build_set(&mut self, count: u32) -> Result<(), Fault> {
        let items = self.pop_n(count as usize)?;
        let set = match self.new_set(SetKind::Set) {
            Ok(set) => set,
            Err(fault) => {
                self.release(&items);
                return Err(fault);
            }
        };
        let mut outcome = Ok(());
        for &item in &items {
            if let Err(fault) = self.set_add_key(set, item) {
                outcome = Err(fault);
                break;
            }
        }
        self.release(&items);
        if let Err(fault) = outcome {
            self.heap.decref(set);
            return Err(fault);
        }
        self.push_value(set)
    }

    /// `SET_ADD i`: pop a value and add it to the set `i` places down (set comprehensions).
    pub(crate) fn set_add(&mut self, depth: u32) -> Result<(), Fault> {
        let value = self.pop_value()?;
        let set = self.stack_item(depth)?;
        let outcome = self.set_add_key(set, value);
        self.heap.decref(value);
        outcome
    }

    /// `SET_UPDATE i`: pop an iterable and add its items to the set `i` places down (`{*a}`).
    pub(crate) fn set_update(&mut self, depth: u32) -> Result<(), Fault> {
        let iterable = self.pop_value()?;
        let set = self.stack_item(depth)?;
        let outcome = self.set_update_internal(set, iterable);
        self.heap.decref(iterable);
        outcome
    }

    /// `set_iter`: a new iterator over a set or frozenset.
    pub(crate) fn set_iter(&mut self, set: ObjId) -> Result<ObjId, Fault> {
        let used = self.set_len(set);
        self.heap.incref(set);
        self.new_result(Object::SetIterator {
            set,
            used,
            position: 0,
        })
    }

    /// `setiter_iternext`: the next key, or a RuntimeError if the set changed size.
    pub(crate) fn set_iterator_next(&mut self, iterator: ObjId) -> Result<Option<ObjId>, Fault> {
        let Some(&Object::SetIterator {
            set,
            used,
            position,
        }) = self.heap.get(iterator)
        else {
            return Ok(None);
        };
        let Some(table) = self.set_table(set) else {
            return Ok(None);
        };
        if table.len() != used {
            // The error is sticky, as CPython's `si_used = -1`.
            if let Some(Object::SetIterator { used, .. }) = self.heap.get_mut(iterator) {
                *used = usize::MAX;
            }
            return Err(Raise::new("RuntimeError", "Set changed size during iteration").into());
        }
        let next = table
            .next_entry(position)
            .map(|(index, _, &key)| (index, key));
        let position = next.map_or(usize::MAX, |(index, _)| index + 1);
        if let Some(Object::SetIterator { position: p, .. }) = self.heap.get_mut(iterator) {
            *p = position;
        }
        Ok(next.map(|(_, key)| {
            self.heap.incref(key);
            key
        }))
    }
}

/// The set-to-set part of `set_issubset`: every key of `set` is in `other`.
fn set_is_subset(vm: &Vm, set: ObjId, other: ObjId) -> Result<bool, Raise> {
    match (vm.set_table(set), vm.set_table(other)) {
        (Some(s), Some(t)) => crate::objects::set_is_subset(&vm.heap, s, t),
        _ => Ok(false),
    }
}

impl Vm {
    /// `set(iterable)` / `frozenset(iterable)` (`set_new` + `set_init`, `frozenset_new`):
    /// `frozenset(f)` of a frozenset is `f` itself.
    pub(crate) fn set_new(&mut self, name: &str, args: &[ObjId]) -> Result<ObjId, Fault> {
        if args.len() > 1 {
            return Err(Raise::new(
                "TypeError",
                format!("{name} expected at most 1 argument, got {}", args.len()),
            )
            .into());
        }
        let kind = if name == "frozenset" {
            SetKind::Frozen
        } else {
            SetKind::Set
        };
        match args.first() {
            None => self.new_set(kind),
            Some(&iterable)
                if kind == SetKind::Frozen && self.set_kind(iterable) == Some(SetKind::Frozen) =>
            {
                self.heap.incref(iterable);
                Ok(iterable)
            }
            Some(&iterable) => self.new_set_from(kind, iterable),
        }
    }

    /// Whether `id` is a view with set operations: `dict.keys()` or `dict.items()`.
    fn is_set_view(&self, id: ObjId) -> bool {
        matches!(
            self.heap.get(id),
            Some(Object::DictView {
                kind: DictViewKind::Keys | DictViewKind::Items,
                ..
            })
        )
    }

    /// `dictviews_to_set`: a new set of the view's items (of a dict's keys, straight from the
    /// dict), or of any iterable when the view is the right operand.
    fn dict_view_to_set(&mut self, operand: ObjId) -> Result<ObjId, Fault> {
        let source = match self.heap.get(operand) {
            Some(&Object::DictView {
                kind: DictViewKind::Keys,
                dict,
            }) => dict,
            _ => operand,
        };
        self.new_set_from(SetKind::Set, source)
    }

    /// `dict.keys()` and `dict.items()` with `&`, `|`, `-`, `^` (the views' `nb_*` slots,
    /// `dictviews_or`, `_PyDictView_Intersect`, …): a new set; `None` when neither operand
    /// is such a view.
    pub(crate) fn dict_view_binary_op(
        &mut self,
        oparg: u32,
        left: ObjId,
        right: ObjId,
    ) -> Result<Option<ObjId>, Fault> {
        const AND: u32 = 1;
        const OR: u32 = 7;
        const SUBTRACT: u32 = 10;
        const INPLACE: u32 = 13;
        let base = if oparg >= INPLACE {
            oparg - INPLACE
        } else {
            oparg
        };
        if !matches!(base, AND | OR | SUBTRACT | 12) {
            return Ok(None);
        }
        if !self.is_set_view(left) && !self.is_set_view(right) {
            return Ok(None);
        }
        if base == AND {
            return self.dict_view_intersect(left, right).map(Some);
        }
        let result = self.dict_view_to_set(left)?;
        let outcome = match base {
            OR => self.set_update_internal(result, right),
            SUBTRACT => self.set_difference_update(result, right),
            _ => self.set_symmetric_difference_update(result, right),
        };
        match outcome {
            Ok(()) => Ok(Some(result)),
            Err(fault) => {
                self.heap.decref(result);
                Err(fault)
            }
        }
    }

    /// `_PyDictView_Intersect`: iterate the smaller operand, keep what the view contains.
    fn dict_view_intersect(&mut self, left: ObjId, right: ObjId) -> Result<ObjId, Fault> {
        let (mut view, mut other) = if self.is_set_view(left) {
            (left, right)
        } else {
            (right, left)
        };
        let view_len = self.length_of(view)?;
        if self.set_kind(other) == Some(SetKind::Set) && view_len <= self.set_len(other) {
            return self.set_intersection(other, view);
        }
        if self.is_set_view(other) && self.length_of(other)? > view_len {
            std::mem::swap(&mut view, &mut other);
        }
        let result = self.new_set(SetKind::Set)?;
        let items = match self.unpack_all(other) {
            Ok(items) => items,
            Err(fault) => {
                self.heap.decref(result);
                return Err(fault);
            }
        };
        let mut outcome = Ok(());
        for &item in &items {
            let step = match self.contains(view, item) {
                Ok(true) => self.set_add_key(result, item),
                Ok(false) => Ok(()),
                Err(fault) => Err(fault),
            };
            if let Err(fault) = step {
                outcome = Err(fault);
                break;
            }
        }
        self.release(&items);
        match outcome {
            Ok(()) => Ok(result),
            Err(fault) => {
                self.heap.decref(result);
                Err(fault)
            }
        }
    }
}
