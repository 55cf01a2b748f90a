//! The index of entries by id that a build looks every reference up in: a hash table whose
//! slots hold short ids themselves, so that a lookup reads one place in memory.
//!
//! A million relations make three million lookups among a hundred thousand ids, spread over
//! megabytes: a table of `&str` keys reads its slot, then the key's bytes elsewhere, and each
//! read misses the processor's caches. Ids are slugs, rarely longer than [`INLINE`] bytes;
//! longer ones are kept apart and cost the second read.

use std::borrow::Borrow;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxBuildHasher, FxHashMap};

/// The longest id kept in a slot.
const INLINE: usize = 30;

/// Ids and the index of the entry each one names.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdIndex {
    map: FxHashMap<Key, u32>,
}

impl IdIndex {
    /// An empty index with room for `n` ids.
    pub fn with_capacity(n: usize) -> Self {
        IdIndex { map: FxHashMap::with_capacity_and_hasher(n, FxBuildHasher) }
    }

    /// The index of the entry named `id`.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.map.get(id.as_bytes()).map(|&i| i as usize)
    }

    /// Names entry `index` `id`, unless an entry has that name already: then the index of that
    /// entry, the id left as it was.
    pub fn insert_new(&mut self, id: &str, index: usize) -> Option<usize> {
        match self.map.entry(Key::new(id)) {
            Entry::Occupied(first) => Some(*first.get() as usize),
            Entry::Vacant(slot) => {
                slot.insert(index as u32);
                None
            }
        }
    }

    /// Every id.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.map.keys().filter_map(|k| std::str::from_utf8(k.bytes()).ok())
    }
}

/// An id as a key: in the slot when short, on the heap when long.
#[derive(Clone, Debug)]
enum Key {
    Short { len: u8, bytes: [u8; INLINE] },
    Long(Box<[u8]>),
}

impl Key {
    fn new(id: &str) -> Self {
        match id.len() {
            len @ 0..=INLINE => {
                let mut bytes = [0; INLINE];
                bytes[..len].copy_from_slice(id.as_bytes());
                Key::Short { len: len as u8, bytes }
            }
            _ => Key::Long(id.as_bytes().into()),
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Key::Short { len, bytes } => &bytes[..usize::from(*len)],
            Key::Long(bytes) => bytes,
        }
    }
}

// Hashed and compared as the bytes they hold, as `Borrow` requires: a lookup by `&[u8]` finds
// the key of the same bytes.
impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bytes().hash(state);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for Key {}

impl Borrow<[u8]> for Key {
    fn borrow(&self) -> &[u8] {
        self.bytes()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The index finds what a map of strings finds, for ids of every length around the
        /// inline limit, and nothing else.
        #[test]
        fn finds_what_a_map_of_strings_finds(
            ids in prop::collection::vec("[a-z_]{0,40}", 0..60),
            probes in prop::collection::vec("[a-z_]{0,40}", 0..60),
        ) {
            let mut index = IdIndex::with_capacity(ids.len());
            let mut expected = std::collections::HashMap::new();
            for (i, id) in ids.iter().enumerate() {
                prop_assert_eq!(index.insert_new(id, i), expected.get(id).copied());
                expected.entry(id.clone()).or_insert(i);
            }
            for id in ids.iter().chain(&probes) {
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
