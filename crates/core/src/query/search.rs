//! The search engine under the path queries: bidirectional breadth-first search, Dijkstra and
//! full distance tables on a [`View`], with reusable buffers and optional bans (for Yen's
//! algorithm). Works on actor indices only.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::view::View;

/// No parent, or unreachable.
pub(crate) const NONE: u32 = u32::MAX;

/// A set of actor indices cleared in constant time.
#[derive(Clone, Debug)]
pub(crate) struct NodeSet {
    marks: Vec<u32>,
    generation: u32,
}

impl NodeSet {
    pub(crate) fn new(n: usize) -> Self {
        Self { marks: vec![0; n], generation: 1 }
    }

    pub(crate) fn clear(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.marks.fill(0);
            self.generation = 1;
        }
    }

    #[inline]
    pub(crate) fn insert(&mut self, u: u32) {
        self.marks[u as usize] = self.generation;
    }

    #[inline]
    pub(crate) fn contains(&self, u: u32) -> bool {
        self.marks[u as usize] == self.generation
    }
}

/// What a search may not use: actors, and the steps from one actor to some others.
pub(crate) struct Ban<'a> {
    pub(crate) nodes: &'a NodeSet,
    pub(crate) from: u32,
    pub(crate) next: &'a [u32],
}

impl Ban<'_> {
    #[inline]
    fn step(&self, u: u32, v: u32) -> bool {
        self.nodes.contains(v) || (u == self.from && self.next.contains(&v))
    }
}

#[inline]
fn banned(ban: Option<&Ban<'_>>, u: u32, v: u32) -> bool {
    ban.is_some_and(|b| b.step(u, v))
}

#[inline]
fn banned_node(ban: Option<&Ban<'_>>, u: u32) -> bool {
    ban.is_some_and(|b| b.nodes.contains(u))
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

/// Buffers reused across searches on one view.
pub(crate) struct Engine<'v, 'g> {
    pub(crate) view: &'v View<'g>,
    pub(crate) weighted: bool,
    seen_f: NodeSet,
    seen_b: NodeSet,
    parent_f: Vec<u32>,
    parent_b: Vec<u32>,
    dist: Vec<f64>,
}

impl<'v, 'g> Engine<'v, 'g> {
    pub(crate) fn new(view: &'v View<'g>, weighted: bool) -> Self {
        let n = view.actor_count();
        Self {
            view,
            weighted,
            seen_f: NodeSet::new(n),
            seen_b: NodeSet::new(n),
            parent_f: vec![NONE; n],
            parent_b: vec![NONE; n],
            dist: vec![f64::INFINITY; if weighted { n } else { 0 }],
        }
    }

    /// The cost of the step `u -> v` (1 unweighted; the cheapest relation weighted).
    pub(crate) fn step_cost(&self, u: u32, v: u32) -> f64 {
        if !self.weighted {
            return 1.0;
        }
        let range = self.view.fwd.entries_to(u, v);
        self.view.costs[range].iter().copied().fold(f64::INFINITY, f64::min)
    }

    /// The cost of a path given as actor indices.
    pub(crate) fn path_cost(&self, nodes: &[u32]) -> f64 {
        nodes.windows(2).map(|w| self.step_cost(w[0], w[1])).sum()
    }

    /// The best path from `s` to `t` avoiding the ban, as actor indices, with its cost.
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
    /// When the first level that meets the other side is complete, every meeting point found in
    /// it gives the same, shortest length: before that level the two balls were disjoint.
    pub(crate) fn bidirectional_bfs(&mut self, s: u32, t: u32, ban: Option<&Ban<'_>>) -> Option<Vec<u32>> {
        if s == t {
            return Some(vec![s]);
        }
        if banned_node(ban, s) || banned_node(ban, t) {
            return None;
        }
        self.seen_f.clear();
        self.seen_b.clear();
        self.seen_f.insert(s);
        self.parent_f[s as usize] = NONE;
        self.seen_b.insert(t);
        self.parent_b[t as usize] = NONE;
        let mut front_f = vec![s];
        let mut front_b = vec![t];
        let mut next = Vec::new();
        let fwd = &self.view.fwd;
        let back = self.view.back();
        loop {
            if front_f.is_empty() || front_b.is_empty() {
                return None;
            }
            let forward = front_f.len() <= front_b.len();
            let mut meet = NONE;
            next.clear();
            if forward {
                for &u in &front_f {
                    for &v in fwd.targets(u) {
                        if self.seen_f.contains(v) || banned(ban, u, v) {
                            continue;
                        }
                        self.seen_f.insert(v);
                        self.parent_f[v as usize] = u;
                        if self.seen_b.contains(v) && meet == NONE {
                            meet = v;
                        }
                        next.push(v);
                    }
                }
                std::mem::swap(&mut front_f, &mut next);
            } else {
                for &v in &front_b {
                    for &u in back.targets(v) {
                        if self.seen_b.contains(u) || banned(ban, u, v) {
                            continue;
                        }
                        self.seen_b.insert(u);
                        self.parent_b[u as usize] = v;
                        if self.seen_f.contains(u) && meet == NONE {
                            meet = u;
                        }
                        next.push(u);
                    }
                }
                std::mem::swap(&mut front_b, &mut next);
            }
            if meet != NONE {
                let mut path = Vec::new();
                let mut x = meet;
                while x != NONE {
                    path.push(x);
                    x = self.parent_f[x as usize];
                }
                path.reverse();
                let mut x = self.parent_b[meet as usize];
                while x != NONE {
                    path.push(x);
                    x = self.parent_b[x as usize];
                }
                return Some(path);
            }
        }
    }

    /// Dijkstra from `s`, stopping at `t`. Ties go to the lower actor index.
    pub(crate) fn dijkstra(&mut self, s: u32, t: u32, ban: Option<&Ban<'_>>) -> Option<(Vec<u32>, f64)> {
        if banned_node(ban, s) || banned_node(ban, t) {
            return None;
        }
        self.seen_f.clear(); // settled
        self.seen_b.clear(); // reached
        let mut heap = BinaryHeap::new();
        self.seen_b.insert(s);
        self.dist[s as usize] = 0.0;
        self.parent_f[s as usize] = NONE;
        heap.push(std::cmp::Reverse((Cost(0.0), s)));
        let fwd = &self.view.fwd;
        while let Some(std::cmp::Reverse((Cost(d), u))) = heap.pop() {
            if self.seen_f.contains(u) {
                continue;
            }
            self.seen_f.insert(u);
            if u == t {
                let mut path = Vec::new();
                let mut x = t;
                while x != NONE {
                    path.push(x);
                    x = self.parent_f[x as usize];
                }
                path.reverse();
                return Some((path, d));
            }
            for i in fwd.range(u) {
                let v = fwd.targets[i];
                if self.seen_f.contains(v) || banned(ban, u, v) {
                    continue;
                }
                let nd = d + self.view.costs[i];
                if !self.seen_b.contains(v) || nd < self.dist[v as usize] {
                    self.seen_b.insert(v);
                    self.dist[v as usize] = nd;
                    self.parent_f[v as usize] = u;
                    heap.push(std::cmp::Reverse((Cost(nd), v)));
                }
            }
        }
        None
    }

    /// The distance from `s` to every actor (`f64::INFINITY` when unreachable), following the
    /// view forwards, or backwards with `reverse` (distances *to* `s`).
    pub(crate) fn distances(&mut self, s: u32, reverse: bool) -> Vec<f64> {
        let n = self.view.actor_count();
        let csr = if reverse { self.view.back() } else { &self.view.fwd };
        let mut dist = vec![f64::INFINITY; n];
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
        // Weighted distances backwards would need the costs of the transpose; the weighted
        // callers only ask forwards.
        let mut heap = BinaryHeap::new();
        heap.push(std::cmp::Reverse((Cost(0.0), s)));
        while let Some(std::cmp::Reverse((Cost(d), u))) = heap.pop() {
            if d > dist[u as usize] {
                continue;
            }
            for i in csr.range(u) {
                let v = csr.targets[i];
                let cost = if reverse { self.step_cost(v, u) } else { self.view.costs[i] };
                let nd = d + cost;
                if nd < dist[v as usize] {
                    dist[v as usize] = nd;
                    heap.push(std::cmp::Reverse((Cost(nd), v)));
                }
            }
        }
        dist
    }
}
