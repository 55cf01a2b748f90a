//! Bitmaps of actors, one bit an actor: a set small enough to stay in the processor's cache
//! (12.5 kB for 100,000 actors), and a sort of distinct actors in time proportional to their
//! number, for answers listed by actor (a neighbourhood's rings hold hundreds or thousands of
//! actors, where a comparison sort would cost more than the search that found them).
//!
//! Both are used in time proportional to what they hold: a bitmap is clear between two queries,
//! and whoever sets bits clears them (a query that panics drops its buffers instead).

use crate::graph::ActorKey;

/// Below this length a comparison sort is as fast.
const BITMAP_FROM: usize = 32;

/// A bitmap of every actor, with a summary bit for each of its words so that a sort reads back
/// only the words that hold a key.
#[derive(Default)]
pub(crate) struct ActorBits {
    words: Vec<u64>,
    summary: Vec<u64>,
}

impl ActorBits {
    /// An empty bitmap for `n` actors.
    pub(crate) fn new(n: usize) -> Self {
        let words = n.div_ceil(64);
        Self { words: vec![0; words], summary: vec![0; words.div_ceil(64)] }
    }

    /// Adds `k`; false when it was there already.
    #[inline]
    pub(crate) fn insert(&mut self, k: ActorKey) -> bool {
        let (w, bit) = (k.index() / 64, 1 << (k.index() % 64));
        let new = self.words[w] & bit == 0;
        self.words[w] |= bit;
        new
    }

    /// Clears the bits of `keys` and of every actor that shares a word with one of them: once
    /// called with every actor inserted, the bitmap is clear.
    pub(crate) fn remove_all(&mut self, keys: &[ActorKey]) {
        for k in keys {
            self.words[k.index() / 64] = 0;
        }
    }

    /// Sorts `keys`, distinct actors of the bitmap's graph, in ascending order, and leaves the
    /// bitmap clear. Reads the summary words between the lowest and the highest key, one per
    /// 4,096 actors, and the words that hold a key.
    pub(crate) fn sort(&mut self, keys: &mut [ActorKey]) {
        if keys.len() < BITMAP_FROM {
            keys.sort_unstable();
            return;
        }
        let (mut lo, mut hi) = (usize::MAX, 0);
        for k in keys.iter() {
            let w = k.index() / 64;
            self.words[w] |= 1 << (k.index() % 64);
            self.summary[w / 64] |= 1 << (w % 64);
            lo = lo.min(w / 64);
            hi = hi.max(w / 64);
        }
        let mut out = 0;
        for s in lo..=hi {
            let mut present = std::mem::take(&mut self.summary[s]);
            while present != 0 {
                let w = s * 64 + present.trailing_zeros() as usize;
                present &= present - 1;
                let mut bits = std::mem::take(&mut self.words[w]);
                while bits != 0 {
                    keys[out] = ActorKey((w * 64 + bits.trailing_zeros() as usize) as u32);
                    out += 1;
                    bits &= bits - 1;
                }
            }
        }
        debug_assert_eq!(out, keys.len(), "the keys are distinct");
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn sorts_as_a_comparison_sort(
            (n, keys) in (1usize..300_000).prop_flat_map(|n| (Just(n), proptest::collection::btree_set(0..n as u32, 0..600))),
            shuffle in any::<u64>(),
        ) {
            let expected: Vec<ActorKey> = keys.iter().map(|&k| ActorKey(k)).collect();
            let mut keys = expected.clone();
            // Any order in, ascending out.
            let mut state = shuffle | 1;
            for i in (1..keys.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                keys.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let mut bits = ActorBits::new(n);
            let mut again = keys.clone();
            again.reverse();
            bits.sort(&mut keys);
            prop_assert_eq!(&keys, &expected);
            // The bitmap is left clear: a second set sorts as well.
            prop_assert!(bits.words.iter().chain(&bits.summary).all(|&w| w == 0));
            bits.sort(&mut again);
            prop_assert_eq!(again, expected);
        }
    }

    #[test]
    fn inserted_actors_are_members_until_removed() {
        let mut bits = ActorBits::new(200);
        let keys = [ActorKey(3), ActorKey(64), ActorKey(199)];
        for k in keys {
            assert!(bits.insert(k));
        }
        assert!(!bits.insert(ActorKey(64)), "already there");
        assert!(bits.insert(ActorKey(65)));
        bits.remove_all(&keys);
        assert!(bits.words.iter().all(|&w| w == 0), "65 shares a word with 64");
        assert!(bits.insert(ActorKey(64)));
    }

    #[test]
    fn the_first_and_the_last_actor() {
        let n = 64 * 64 * 3 + 6;
        let mut keys: Vec<ActorKey> = (0..n as u32).rev().step_by(7).chain([0]).map(ActorKey).collect();
        let mut expected = keys.clone();
        expected.sort_unstable();
        ActorBits::new(n).sort(&mut keys);
        assert_eq!(keys, expected);
    }
}
