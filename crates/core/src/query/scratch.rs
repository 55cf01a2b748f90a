//! Search buffers reused from one query to the next: a pool owned by each [`View`](super::View),
//! so that a query costs what it touches, not the number of actors.
//!
//! A query leases a [`Scratch`] (one slot per actor, two bitmaps of actors, frontiers and a
//! heap), uses it, and gives it back when the lease drops. Slots are never cleared: a mark
//! counts only when it equals the current generation, and every search starts a new one, so
//! stale marks from earlier queries mean nothing. Parents and distances are only read for
//! actors marked in the current generation. The bitmaps are clear between two queries: the
//! query that sets bits clears them. A lease dropped by a panic drops its scratch instead of
//! giving it back.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, PoisonError};

use super::bits::ActorBits;
use super::search::Cost;
use crate::graph::ActorKey;

/// What one search knows of one actor. Kept together so that a step to an actor reads one
/// cache line.
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct Slot {
    /// Reached from the source side (bidirectional search, neighbourhoods), settled
    /// (Dijkstra), or on the current path (all paths): when equal to the search generation.
    pub(crate) fwd: u32,
    /// Reached from the target side (bidirectional search, distances to the target), or
    /// reached (Dijkstra): when equal to the search generation.
    pub(crate) back: u32,
    /// The actor this one was reached from on the source side.
    pub(crate) fwd_parent: u32,
    /// The actor this one was reached from on the target side.
    pub(crate) back_parent: u32,
    /// Banned (Yen's spur searches): when equal to the ban generation.
    pub(crate) ban: u32,
    /// The best known distance (Dijkstra) or the distance to the target (all paths).
    pub(crate) dist: f64,
}

/// The buffers of one search; see the module documentation.
#[derive(Default)]
pub(crate) struct Scratch {
    pub(crate) slots: Vec<Slot>,
    /// The current search generation; never 0 once started.
    generation: u32,
    /// The current ban generation; never 0 once started.
    ban_generation: u32,
    pub(crate) front_f: Vec<u32>,
    pub(crate) front_b: Vec<u32>,
    pub(crate) next: Vec<u32>,
    pub(crate) heap: BinaryHeap<Reverse<(Cost, u32)>>,
    /// A list of actors being gathered (a neighbourhood's ring), the actors seen so far, and
    /// the bitmap to sort the list. Both bitmaps are clear between two queries.
    pub(crate) ring: Vec<ActorKey>,
    pub(crate) seen: ActorBits,
    pub(crate) sorter: ActorBits,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Self { slots: vec![Slot::default(); n], seen: ActorBits::new(n), sorter: ActorBits::new(n), ..Self::default() }
    }

    /// Starts a search: forgets every `fwd` and `back` mark, in constant time but for one
    /// pass every 2^32 searches. Returns the new generation.
    pub(crate) fn start(&mut self) -> u32 {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            for slot in &mut self.slots {
                slot.fwd = 0;
                slot.back = 0;
            }
            self.generation = 1;
        }
        self.generation
    }

    /// Lifts every ban; returns the new ban generation, to mark banned actors with.
    pub(crate) fn clear_bans(&mut self) -> u32 {
        self.ban_generation = self.ban_generation.wrapping_add(1);
        if self.ban_generation == 0 {
            for slot in &mut self.slots {
                slot.ban = 0;
            }
            self.ban_generation = 1;
        }
        self.ban_generation
    }

    /// The current ban generation: an actor is banned when its `ban` equals it.
    pub(crate) fn ban_generation(&self) -> u32 {
        self.ban_generation
    }
}

/// The scratch buffers not in use; a view's clones start with an empty pool of their own.
#[derive(Default)]
pub(crate) struct Pool(Mutex<Vec<Scratch>>);

impl Pool {
    /// A scratch for a view of `n` actors: a free one, or a new one when all are in use.
    pub(crate) fn lease(&self, n: usize) -> Lease<'_> {
        let free = self.0.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let scratch = free.filter(|s| s.slots.len() == n).unwrap_or_else(|| Scratch::new(n));
        Lease { pool: self, scratch }
    }

    /// The number of free scratches.
    #[cfg(test)]
    pub(crate) fn free(&self) -> usize {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

impl Clone for Pool {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl fmt::Debug for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pool")
    }
}

/// A scratch taken from a pool, given back when dropped.
pub(crate) struct Lease<'p> {
    pool: &'p Pool,
    scratch: Scratch,
}

impl Deref for Lease<'_> {
    type Target = Scratch;

    fn deref(&self) -> &Scratch {
        &self.scratch
    }
}

impl DerefMut for Lease<'_> {
    fn deref_mut(&mut self) -> &mut Scratch {
        &mut self.scratch
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            // A query that panicked may have left the bitmap half set: drop its scratch.
            return;
        }
        let scratch = std::mem::take(&mut self.scratch);
        self.pool.0.lock().unwrap_or_else(PoisonError::into_inner).push(scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lease_is_given_back_and_reused() {
        let pool = Pool::default();
        {
            let mut a = pool.lease(4);
            a.front_f.push(7);
            let b = pool.lease(4);
            assert_eq!(b.front_f, [] as [u32; 0], "a second lease gets a scratch of its own");
            assert_eq!(pool.free(), 0);
        }
        assert_eq!(pool.free(), 2);
        let c = pool.lease(4);
        assert_eq!(c.slots.len(), 4);
        assert_eq!(pool.free(), 1);
    }

    #[test]
    fn a_lease_dropped_by_a_panic_is_not_given_back() {
        let pool = Pool::default();
        drop(pool.lease(100));
        assert_eq!(pool.free(), 1);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut lease = pool.lease(100);
            lease.seen.insert(ActorKey(7));
            panic!("a query fails halfway");
        }));
        assert!(caught.is_err());
        assert_eq!(pool.free(), 0, "the half-used scratch was dropped");
        let mut fresh = pool.lease(100);
        assert!(fresh.seen.insert(ActorKey(7)));
    }

    #[test]
    fn marks_of_an_earlier_generation_are_forgotten_even_across_the_wrap() {
        let mut s = Scratch::new(3);
        // A mark left by generation 1, long ago.
        s.slots[2].fwd = 1;
        s.slots[2].back = 1;
        s.generation = u32::MAX - 1;
        let g = s.start();
        assert_eq!(g, u32::MAX);
        s.slots[0].fwd = g;
        s.slots[1].back = g;
        let g = s.start();
        assert_eq!(g, 1, "generation 0 means never marked and is skipped");
        assert!(s.slots.iter().all(|slot| slot.fwd != g && slot.back != g));

        s.slots[0].ban = 1;
        s.ban_generation = u32::MAX;
        s.slots[1].ban = u32::MAX;
        let b = s.clear_bans();
        assert_eq!(b, 1);
        assert!(s.slots.iter().all(|slot| slot.ban != b));
    }
}
