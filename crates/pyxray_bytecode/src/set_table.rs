//! The hash table of a `set` or `frozenset`, laid out and probed as CPython's, so that a set
//! iterates (and prints) in CPython's order. Generic over what a slot holds: the VM stores heap
//! ids, the compiler the index of a constant (to order a constant `frozenset`).
//!
//! CPython: `Objects/setobject.c` (`set_lookkey`, `set_add_entry_takeref`, `set_insert_clean`,
//! `set_table_resize`, `set_discard_entry`, `set_pop_impl`, `set_merge_lock_held`, `set_next`),
//! `Include/cpython/setobject.h` (`PySet_MINSIZE`). Equality is the caller's: every probe that
//! meets an entry with the same hash asks `eq`, which may fail (an exception while comparing).
//! A table is a plain vector of slots; CPython's inline 8-slot `smalltable` is not modelled
//! (it changes no order).

use crate::pyhash::PyHash;

/// `PySet_MINSIZE`.
pub const MINSIZE: usize = 8;
/// Slots looked at one after another before the probe jumps (`LINEAR_PROBES`).
pub const LINEAR_PROBES: usize = 9;
/// `PERTURB_SHIFT`.
pub const PERTURB_SHIFT: u32 = 5;

/// One slot: never used, a deleted entry (`dummy`, hash -1), or a live key with its hash.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SetEntry<K> {
    #[default]
    Unused,
    Dummy,
    Active {
        hash: PyHash,
        key: K,
    },
}

/// Where a key belongs: the slot of the equal key already there, or the slot it would take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Probe {
    Found(usize),
    Vacant(usize),
}

/// A set's table (`PySetObject` without its object header).
#[derive(Clone, Debug, PartialEq)]
pub struct SetTable<K> {
    table: Vec<SetEntry<K>>,
    /// Active plus dummy slots.
    fill: usize,
    /// Active slots: the set's length.
    used: usize,
    /// Where `pop` starts looking.
    finger: usize,
}

impl<K> Default for SetTable<K> {
    fn default() -> Self {
        SetTable {
            table: (0..MINSIZE).map(|_| SetEntry::Unused).collect(),
            fill: 0,
            used: 0,
            finger: 0,
        }
    }
}

impl<K: Clone> SetTable<K> {
    pub fn new() -> Self {
        Self::default()
    }

    /// `len(s)`.
    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// How many slots the table has (`mask + 1`).
    pub fn capacity(&self) -> usize {
        self.table.len()
    }

    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// The slots, in table order (what the heap view shows).
    pub fn slots(&self) -> &[SetEntry<K>] {
        &self.table
    }

    /// The live keys with their hashes, in iteration order.
    pub fn entries(&self) -> impl Iterator<Item = (PyHash, &K)> + '_ {
        self.table.iter().filter_map(|entry| match entry {
            SetEntry::Active { hash, key } => Some((*hash, key)),
            _ => None,
        })
    }

    /// The live keys, in iteration order.
    pub fn keys(&self) -> impl Iterator<Item = &K> + '_ {
        self.entries().map(|(_, key)| key)
    }

    /// `set_next`: the first live slot at or after `position`, with its index.
    pub fn next_entry(&self, position: usize) -> Option<(usize, PyHash, &K)> {
        self.table
            .iter()
            .enumerate()
            .skip(position)
            .find_map(|(index, entry)| match entry {
                SetEntry::Active { hash, key } => Some((index, *hash, key)),
                _ => None,
            })
    }

    /// The key in slot `index`, if it is live.
    pub fn key_at(&self, index: usize) -> Option<&K> {
        match self.table.get(index) {
            Some(SetEntry::Active { key, .. }) => Some(key),
            _ => None,
        }
    }

    /// `set_lookkey`: the slot of a key equal to the one hashed, if any.
    pub fn lookup<E>(
        &self,
        hash: PyHash,
        mut eq: impl FnMut(&K) -> Result<bool, E>,
    ) -> Result<Option<usize>, E> {
        let mask = self.mask();
        let mut perturb = hash as u32 as usize;
        let mut i = perturb & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for index in i..=i + probes {
                match &self.table[index] {
                    SetEntry::Unused => return Ok(None),
                    SetEntry::Active { hash: h, key } if *h == hash && eq(key)? => {
                        return Ok(Some(index));
                    }
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + 1 + perturb) & mask;
        }
    }

    /// The probe of `set_add_entry_takeref`: the slot of an equal key, or the slot a new key
    /// takes (the last dummy met on the way, else the unused slot that ended the search).
    pub fn probe<E>(
        &self,
        hash: PyHash,
        mut eq: impl FnMut(&K) -> Result<bool, E>,
    ) -> Result<Probe, E> {
        let mask = self.mask();
        let mut perturb = hash as u32 as usize;
        let mut i = perturb & mask;
        let mut freeslot = None;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for index in i..=i + probes {
                match &self.table[index] {
                    SetEntry::Unused => return Ok(Probe::Vacant(freeslot.unwrap_or(index))),
                    SetEntry::Active { hash: h, key } if *h == hash && eq(key)? => {
                        return Ok(Probe::Found(index));
                    }
                    SetEntry::Dummy => freeslot = Some(index),
                    SetEntry::Active { .. } => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + 1 + perturb) & mask;
        }
    }

    /// The rest of `set_add_entry_takeref` after a `Probe::Vacant(slot)`: store the key; a slot
    /// never used before counts towards `fill`, and a table 3/5 full grows.
    pub fn insert_at(&mut self, slot: usize, key: K, hash: PyHash) {
        let was_unused = matches!(self.table[slot], SetEntry::Unused);
        self.table[slot] = SetEntry::Active { hash, key };
        self.used += 1;
        if was_unused {
            self.fill += 1;
            if self.fill * 5 >= self.mask() * 3 {
                self.grow();
            }
        }
    }

    /// Adds `key` unless an equal key is there; true if it was added.
    pub fn add<E>(
        &mut self,
        key: K,
        hash: PyHash,
        eq: impl FnMut(&K) -> Result<bool, E>,
    ) -> Result<bool, E> {
        match self.probe(hash, eq)? {
            Probe::Found(_) => Ok(false),
            Probe::Vacant(slot) => {
                self.insert_at(slot, key, hash);
                Ok(true)
            }
        }
    }

    /// The resize after an insertion fills the table: to 4 times the used count (2 times
    /// past 50,000).
    fn grow(&mut self) {
        let used = self.used;
        self.resize(if used > 50_000 { used * 2 } else { used * 4 });
    }

    /// `set_table_resize`: a table of the smallest power of two above `minused` (at least
    /// `MINSIZE`), with the live entries reinserted in table order and the dummies dropped.
    pub fn resize(&mut self, minused: usize) {
        let mut newsize = MINSIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        if newsize == MINSIZE && self.table.len() == MINSIZE && self.fill == self.used {
            // No dummies, so no point doing anything.
            return;
        }
        let old = std::mem::replace(
            &mut self.table,
            (0..newsize).map(|_| SetEntry::Unused).collect(),
        );
        self.fill = self.used;
        for entry in old {
            if let SetEntry::Active { hash, key } = entry {
                self.insert_clean(key, hash);
            }
        }
    }

    /// `set_insert_clean`: stores a key known to be absent, into a table without dummies.
    fn insert_clean(&mut self, key: K, hash: PyHash) {
        let mask = self.mask();
        let mut perturb = hash as u32 as usize;
        let mut i = perturb & mask;
        loop {
            if matches!(self.table[i], SetEntry::Unused) {
                self.table[i] = SetEntry::Active { hash, key };
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in i + 1..=i + LINEAR_PROBES {
                    if matches!(self.table[j], SetEntry::Unused) {
                        self.table[j] = SetEntry::Active { hash, key };
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + 1 + perturb) & mask;
        }
    }

    /// `set_discard_entry` once the key was found in slot `index`: the slot becomes a dummy.
    pub fn remove_at(&mut self, index: usize) -> Option<K> {
        match std::mem::replace(&mut self.table[index], SetEntry::Dummy) {
            SetEntry::Active { key, .. } => {
                self.used -= 1;
                Some(key)
            }
            other => {
                self.table[index] = other;
                None
            }
        }
    }

    /// `set_pop_impl`: removes the first live entry from the finger on, wrapping around.
    pub fn pop(&mut self) -> Option<K> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        while !matches!(self.table[i], SetEntry::Active { .. }) {
            i = if i >= mask { 0 } else { i + 1 };
        }
        self.finger = i + 1;
        self.remove_at(i)
    }

    /// `set_clear_internal`: back to an empty 8-slot table; returns the keys it held.
    pub fn clear(&mut self) -> Vec<K> {
        let old = std::mem::take(self);
        old.table
            .into_iter()
            .filter_map(|entry| match entry {
                SetEntry::Active { key, .. } => Some(key),
                _ => None,
            })
            .collect()
    }

    /// Whether more than a quarter of the slots are dummies; `set_difference_update_internal`
    /// then resizes them away (`shrink_after_removals`).
    pub fn shrink_after_removals(&mut self) {
        if self.fill - self.used > self.mask() / 4 {
            self.grow();
        }
    }

    /// The resize `set_update_dict_lock_held` makes before adding `count` keys.
    pub fn presize(&mut self, count: usize) {
        if (self.fill + count) * 5 >= self.mask() * 3 {
            self.resize((self.used + count) * 2);
        }
    }

    /// The start of `set_merge_lock_held`: one big resize up front, then, when this table is
    /// empty, the other's entries copied without any comparison (slot for slot when the sizes
    /// match and the other has no dummies). Returns the keys still to add one by one with
    /// `probe`/`insert_at` (all of them when this table was not empty), in the other's order.
    pub fn merge_start(&mut self, other: &SetTable<K>) -> Vec<(PyHash, K)> {
        if other.used == 0 {
            return Vec::new();
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.table.len() == other.table.len() && other.fill == other.used {
            self.table = other.table.clone();
            self.fill = other.fill;
            self.used = other.used;
            return Vec::new();
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for (hash, key) in other.entries() {
                self.insert_clean(key.clone(), hash);
            }
            return Vec::new();
        }
        other.entries().map(|(h, k)| (h, k.clone())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(values: &[i32]) -> SetTable<i32> {
        let mut table = SetTable::new();
        for &v in values {
            let hash = crate::pyhash::hash_long(&v.into());
            table
                .add(v, hash, |k: &i32| Ok::<bool, ()>(*k == v))
                .unwrap_or(false);
        }
        table
    }

    fn order(table: &SetTable<i32>) -> Vec<i32> {
        table.keys().copied().collect()
    }

    #[test]
    fn small_ints_sit_in_their_own_slots() {
        assert_eq!(order(&ints(&[3, 1, 2])), vec![1, 2, 3]);
        // `{-1, -2, -5, 7, 1000, 10**9}` merges a constant frozenset into a new set; the
        // oracle prints this order.
        let constant = ints(&[-1, -2, -5, 7, 1000, 1_000_000_000]);
        let mut display = SetTable::new();
        assert!(display.merge_start(&constant).is_empty());
        assert_eq!(order(&display), vec![1_000_000_000, -2, 7, 1000, -5, -1]);
    }

    #[test]
    fn growth_keeps_every_key_once() {
        let values: Vec<i32> = (0..100).map(|i| i * 37 % 101).collect();
        let table = ints(&values);
        assert_eq!(table.len(), 100);
        let mut sorted = order(&table);
        sorted.sort_unstable();
        let mut expected = values.clone();
        expected.sort_unstable();
        assert_eq!(sorted, expected);
        // 8 slots grow to 32 at the 5th key, to 128 at the 19th, to 512 at the 77th.
        assert_eq!(table.capacity(), 512);
    }

    #[test]
    fn removals_leave_dummies_that_insertions_reuse() {
        let mut table = ints(&[1, 2, 3]);
        let slot = table.lookup(2, |k| Ok::<bool, ()>(*k == 2)).unwrap_or(None);
        assert_eq!(slot, Some(2));
        assert_eq!(table.remove_at(2), Some(2));
        assert_eq!(table.len(), 2);
        assert_eq!(table.slots()[2], SetEntry::Dummy);
        // Hash 10 starts its probe at slot 2, now a dummy: a new key reuses it.
        assert_eq!(
            table.probe(10, |_| Ok::<bool, ()>(false)),
            Ok(Probe::Vacant(2))
        );
        assert_eq!(table.pop(), Some(1));
        assert_eq!(table.pop(), Some(3));
        assert_eq!(table.pop(), None);
    }
}
