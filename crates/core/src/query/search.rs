//! The search engine under the path queries: bidirectional breadth-first search, Dijkstra and
//! full distance tables on a [`View`], with buffers leased from the view and optional bans
//! (for Yen's algorithm). Works on actor indices only.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::scratch::{Lease, Scratch, Slot};
use super::view::View;

/// No parent.
pub(crate) const NONE: u32 = u32::MAX;

/// What a search may not use besides the actors banned in the engine (see [`Engine::ban`]):
/// the steps from one actor to some others.
pub(crate) struct Ban<'a> {
    pub(crate) from: u32,
    pub(crate) next: &'a [u32],
}

/// A path cost with a total order (costs are finite and non-negative).
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) struct Cost(pub(crate) f64);

impl Eq for Cost {}

impl PartialOrd for Cost {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Cost {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Searches on one view, with buffers leased from it for as long as the engine lives.
pub(crate) struct Engine<'v, 'g> {
    pub(crate) view: &'v View<'g>,
    pub(crate) weighted: bool,
    scratch: Lease<'v>,
}

impl<'v, 'g> Engine<'v, 'g> {
    pub(crate) fn new(view: &'v View<'g>, weighted: bool) -> Self {
        Self { view, weighted, scratch: view.scratch() }
    }

    /// Lifts every actor ban.
    pub(crate) fn clear_bans(&mut self) {
        self.scratch.clear_bans();
    }

    /// Bans `u` from the searches given a [`Ban`], until the next [`Engine::clear_bans`].
    pub(crate) fn ban(&mut self, u: u32) {
        let b = self.scratch.ban_generation();
        self.scratch.slots[u as usize].ban = b;
    }

    /// The cost of the step `u -> v` (1 unweighted; the cheapest relation weighted).
    pub(crate) fn step_cost(&self, u: u32, v: u32) -> f64 {
        if !self.weighted {
            return 1.0;
        }
        let range = self.view.fwd.entries_to(u, v);
        self.view.costs()[range].iter().copied().fold(f64::INFINITY, f64::min)
    }

    /// The cost of a path given as actor indices.
    pub(crate) fn path_cost(&self, nodes: &[u32]) -> f64 {
        nodes.windows(2).map(|w| self.step_cost(w[0], w[1])).sum()
    }

    /// The best path from `s` to `t`, as actor indices, with its cost. With a ban, the banned
    /// actors and the banned steps are avoided.
    pub(crate) fn search(&mut self, s: u32, t: u32, ban: Option<&Ban<'_>>) -> Option<(Vec<u32>, f64)> {
        if self.weighted {
            self.dijkstra(s, t, ban)
        } else {
            self.bidirectional_bfs(s, t, ban).map(|p| {
                let c = (p.len() - 1) as f64;
                (p, c)
            })
        }
    }

    /// Bidirectional breadth-first search, one whole level at a time from the smaller side.
    ///
    /// The first actor reached from one side that the other side has reached ends the search,
    /// and the path through it is a shortest one: before this level the two balls were
    /// disjoint, so every path is longer than their two radii, and one through an actor of the
    /// new level is exactly one longer.
    pub(crate) fn bidirectional_bfs(&mut self, s: u32, t: u32, ban: Option<&Ban<'_>>) -> Option<Vec<u32>> {
        if s == t {
            return Some(vec![s]);
        }
        let g = self.scratch.start();
        let bg = self.scratch.ban_generation();
        let Scratch { slots, front_f, front_b, next, .. } = &mut *self.scratch;
        let slots = slots.as_mut_slice();
        let banned = |slot: &Slot| ban.is_some() && slot.ban == bg;
        if banned(&slots[s as usize]) || banned(&slots[t as usize]) {
            return None;
        }
        let step_banned = |u: u32, v: u32| ban.is_some_and(|b| u == b.from && b.next.contains(&v));
        slots[s as usize].fwd = g;
        slots[s as usize].fwd_parent = NONE;
        slots[t as usize].back = g;
        slots[t as usize].back_parent = NONE;
        front_f.clear();
        front_f.push(s);
        front_b.clear();
        front_b.push(t);
        let fwd = &self.view.fwd;
        let back = self.view.back();
        let meet = 'levels: loop {
            if front_f.is_empty() || front_b.is_empty() {
                return None;
            }
            next.clear();
            if front_f.len() <= front_b.len() {
                for &u in front_f.iter() {
                    for &v in fwd.targets(u) {
                        let slot = &mut slots[v as usize];
                        if slot.fwd == g || banned(slot) || step_banned(u, v) {
                            continue;
                        }
                        slot.fwd = g;
                        slot.fwd_parent = u;
                        if slot.back == g {
                            break 'levels v;
                        }
                        next.push(v);
                    }
                }
                std::mem::swap(front_f, next);
            } else {
                for &v in front_b.iter() {
                    for &u in back.targets(v) {
                        let slot = &mut slots[u as usize];
                        if slot.back == g || banned(slot) || step_banned(u, v) {
                            continue;
                        }
                        slot.back = g;
                        slot.back_parent = v;
                        if slot.fwd == g {
                            break 'levels u;
                        }
                        next.push(u);
                    }
                }
                std::mem::swap(front_b, next);
            }
        };
        let mut path = Vec::new();
        let mut x = meet;
        while x != NONE {
            path.push(x);
            x = slots[x as usize].fwd_parent;
        }
        path.reverse();
        let mut x = slots[meet as usize].back_parent;
        while x != NONE {
            path.push(x);
            x = slots[x as usize].back_parent;
        }
        Some(path)
    }

    /// Dijkstra from `s`, stopping at `t`. Ties go to the lower actor index.
    pub(crate) fn dijkstra(&mut self, s: u32, t: u32, ban: Option<&Ban<'_>>) -> Option<(Vec<u32>, f64)> {
        // `fwd` marks the settled actors, `back` the reached ones.
        let g = self.scratch.start();
        let bg = self.scratch.ban_generation();
        let Scratch { slots, heap, .. } = &mut *self.scratch;
        let slots = slots.as_mut_slice();
        let banned = |slot: &Slot| ban.is_some() && slot.ban == bg;
        if banned(&slots[s as usize]) || banned(&slots[t as usize]) {
            return None;
        }
        let step_banned = |u: u32, v: u32| ban.is_some_and(|b| u == b.from && b.next.contains(&v));
        heap.clear();
        slots[s as usize].back = g;
        slots[s as usize].dist = 0.0;
        slots[s as usize].fwd_parent = NONE;
        heap.push(Reverse((Cost(0.0), s)));
        let fwd = &self.view.fwd;
        let costs = self.view.costs();
        while let Some(Reverse((Cost(d), u))) = heap.pop() {
            if slots[u as usize].fwd == g {
                continue;
            }
            slots[u as usize].fwd = g;
            if u == t {
                let mut path = Vec::new();
                let mut x = t;
                while x != NONE {
                    path.push(x);
                    x = slots[x as usize].fwd_parent;
                }
                path.reverse();
                return Some((path, d));
            }
            for i in fwd.range(u) {
                let v = fwd.targets[i];
                let slot = &mut slots[v as usize];
                if slot.fwd == g || banned(slot) || step_banned(u, v) {
                    continue;
                }
                let nd = d + costs[i];
                if slot.back != g || nd < slot.dist {
                    slot.back = g;
                    slot.dist = nd;
                    slot.fwd_parent = u;
                    heap.push(Reverse((Cost(nd), v)));
                }
            }
        }
        None
    }

    /// The distance from `s` to every actor (`f64::INFINITY` when unreachable): a whole
    /// table, for the search of paths through required actors.
    pub(crate) fn distances(&self, s: u32) -> Vec<f64> {
        let csr = &self.view.fwd;
        let mut dist = vec![f64::INFINITY; self.view.actor_count()];
        dist[s as usize] = 0.0;
        if !self.weighted {
            let mut front = vec![s];
            let mut level = 0.0;
            while !front.is_empty() {
                level += 1.0;
                let mut next = Vec::new();
                for &u in &front {
                    for &v in csr.targets(u) {
                        if dist[v as usize].is_infinite() {
                            dist[v as usize] = level;
                            next.push(v);
                        }
                    }
                }
                front = next;
            }
            return dist;
        }
        let costs = self.view.costs();
        let mut heap = BinaryHeap::new();
        heap.push(Reverse((Cost(0.0), s)));
        while let Some(Reverse((Cost(d), u))) = heap.pop() {
            if d > dist[u as usize] {
                continue;
            }
            for i in csr.range(u) {
                let v = csr.targets[i];
                let nd = d + costs[i];
                if nd < dist[v as usize] {
                    dist[v as usize] = nd;
                    heap.push(Reverse((Cost(nd), v)));
                }
            }
        }
        dist
    }
}
