//! The index of entries by id that a build looks every reference up in: an open-addressing
//! hash table whose slots hold the ids themselves, one cache line each, so that a lookup reads
//! one place in memory, and a reader that knows which ids it will look up next can have that
//! place fetched ahead ([`IdIndex::prefetch`]).
//!
//! A million relations make three million lookups among a hundred thousand ids, spread over
//! megabytes: each one misses the processor's caches and waits for memory. Fetched ahead while
//! the relation before is checked, the slot is there when the lookup comes. No hash table of a
//! crate tells where a key's slot lies, so this one is written here. Ids are slugs, rarely
//! longer than [`INLINE`] bytes; longer ones are kept in a map of their own.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

/// The longest id kept in a slot: what a cache line holds besides the entry and the length.
const INLINE: usize = 59;

/// How many ids ahead a loop inserting a list of them in order fetches the next one's slot:
/// enough for memory to answer before the insertion reaches it.
pub(crate) const PREFETCH_AHEAD: usize = 8;

/// Ids and the index of the entry each one names.
#[derive(Clone, Debug)]
pub(crate) struct IdIndex {
    /// A power of two of them, at most half of them taken, so that a probe ends soon.
    slots: Vec<Slot>,
    taken: usize,
    /// Ids longer than [`INLINE`].
    long: FxHashMap<Box<str>, u32>,
}

/// One id of at most [`INLINE`] bytes and its entry, in one cache line.
#[derive(Clone, Copy, Debug)]
#[repr(C, align(64))]
struct Slot {
    /// One more than the entry's index; 0 in an empty slot.
    entry: u32,
    /// The id's length, then its bytes, then zeros: compared whole.
    key: [u8; INLINE + 1],
}

const EMPTY: Slot = Slot { entry: 0, key: [0; INLINE + 1] };

impl Default for IdIndex {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl IdIndex {
    /// An empty index with room for `n` ids.
    pub fn with_capacity(n: usize) -> Self {
        let slots = (2 * n).next_power_of_two().max(8);
        IdIndex { slots: vec![EMPTY; slots], taken: 0, long: FxHashMap::default() }
    }

    /// The index of the entry named `id`.
    #[inline]
    pub fn get(&self, id: &str) -> Option<usize> {
        let Some(key) = key(id) else {
            return self.long.get(id).map(|&i| i as usize);
        };
        match self.slots[self.find(&key)] {
            Slot { entry: 0, .. } => None,
            Slot { entry, .. } => Some(entry as usize - 1),
        }
    }

    /// Asks the processor to bring the slot of `id` into its caches, for a lookup of `id` soon.
    #[inline]
    pub fn prefetch(&self, id: &str) {
        if id.len() <= INLINE {
            let at = hash(id.as_bytes()) & (self.slots.len() - 1);
            prefetch(&self.slots[at]);
        }
    }

    /// Names entry `index` `id`, unless an entry has that name already: then the index of that
    /// entry, the id left as it was.
    pub fn insert_new(&mut self, id: &str, index: usize) -> Option<usize> {
        let entry = u32::try_from(index + 1).expect("fewer than 4 billion entries");
        let Some(key) = key(id) else {
            return match self.long.entry(id.into()) {
                std::collections::hash_map::Entry::Occupied(first) => Some(*first.get() as usize),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(entry - 1);
                    None
                }
            };
        };
        if 2 * (self.taken + 1) > self.slots.len() {
            self.grow();
        }
        let at = self.find(&key);
        match self.slots[at].entry {
            0 => {
                self.slots[at] = Slot { entry, key };
                self.taken += 1;
                None
            }
            first => Some(first as usize - 1),
        }
    }

    /// Every id.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        let short = self.slots.iter().filter(|s| s.entry != 0).map(|s| {
            let len = usize::from(s.key[0]);
            std::str::from_utf8(&s.key[1..=len]).expect("a slot holds the bytes of a str")
        });
        short.chain(self.long.keys().map(|k| &**k))
    }

    /// The slot holding `key`, or the empty one where it would go.
    #[inline]
    fn find(&self, key: &[u8; INLINE + 1]) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = hash(&key[1..=usize::from(key[0])]) & mask;
        loop {
            let slot = &self.slots[at];
            if slot.entry == 0 || slot.key == *key {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    /// Doubles the slots, every id placed again.
    fn grow(&mut self) {
        let doubled = vec![EMPTY; 2 * self.slots.len()];
        let old = std::mem::replace(&mut self.slots, doubled);
        for slot in old.into_iter().filter(|s| s.entry != 0) {
            let at = self.find(&slot.key);
            self.slots[at] = slot;
        }
    }
}

/// `id` as a slot holds it, unless it is too long for one.
#[inline]
fn key(id: &str) -> Option<[u8; INLINE + 1]> {
    let bytes = id.as_bytes();
    (bytes.len() <= INLINE).then(|| {
        let mut key = [0; INLINE + 1];
        key[0] = bytes.len() as u8;
        key[1..=bytes.len()].copy_from_slice(bytes);
        key
    })
}

#[inline]
fn hash(bytes: &[u8]) -> usize {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.finish() as usize
}

/// A hint to the processor to fetch `slot`'s cache line; it reads nothing and changes nothing.
#[inline]
#[allow(unsafe_code)]
fn prefetch(slot: &Slot) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` only needs SSE, which every x86_64 processor has; it is a hint
    // that never faults and has no effect a program can observe but speed.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((slot as *const Slot).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = slot;
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Ids that often share all but their last bytes, some short, some around [`INLINE`] bytes
    /// long, some longer, some not ASCII.
    const ID: &str = "(|x_|lenjo_workers_party_|a_very_long_name_of_an_organisation_of_the_)[abé_]{0,12}";

    proptest! {
        /// The index finds what a map of strings finds, for ids of every length around the
        /// longest a slot holds, in an index made too small so that it grows, and nothing else.
        #[test]
        fn finds_what_a_map_of_strings_finds(
            ids in prop::collection::vec(ID, 0..80),
            probes in prop::collection::vec(ID, 0..60),
            room in 0usize..40,
        ) {
            let mut index = IdIndex::with_capacity(room);
            let mut expected = std::collections::HashMap::new();
            for (i, id) in ids.iter().enumerate() {
                prop_assert_eq!(index.insert_new(id, i), expected.get(id).copied());
                expected.entry(id.clone()).or_insert(i);
            }
            for id in ids.iter().chain(&probes) {
                index.prefetch(id);
                prop_assert_eq!(index.get(id), expected.get(id).copied());
            }
            let mut listed: Vec<&str> = index.ids().collect();
            listed.sort_unstable();
            let mut keys: Vec<&str> = expected.keys().map(String::as_str).collect();
            keys.sort_unstable();
            prop_assert_eq!(listed, keys);
        }
    }
}
