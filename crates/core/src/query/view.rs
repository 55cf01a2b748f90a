//! The adjacency view a query runs on: the relations that pass a filter, as a compact CSR of
//! actor indices, built once per query. It borrows the graph and copies none of its data.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use super::path::Sign;
use super::scratch::{Lease, Pool};
use super::weighted::relation_cost;
use crate::filter::Filter;
use crate::graph::{ActorKey, Graph, RelationKey};
use crate::relation::Status;
use crate::vocabulary::Polarity;

/// Compressed sparse rows: the entries of actor `u` are `offsets[u]..offsets[u + 1]`, sorted by
/// (neighbour, relation).
#[derive(Clone, Debug, Default)]
pub(crate) struct Csr {
    pub(crate) offsets: Vec<u32>,
    pub(crate) targets: Vec<u32>,
    pub(crate) relations: Vec<u32>,
}

impl Csr {
    /// Counting sort by source, then each row sorted by (neighbour, relation).
    fn build(n: usize, edges: &[(u32, u32, u32)]) -> Self {
        let mut offsets = vec![0u32; n + 1];
        for &(u, _, _) in edges {
            offsets[u as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next: Vec<u32> = offsets[..n].to_vec();
        let mut pairs = vec![(0u32, 0u32); edges.len()];
        for &(u, v, k) in edges {
            pairs[next[u as usize] as usize] = (v, k);
            next[u as usize] += 1;
        }
        for u in 0..n {
            pairs[offsets[u] as usize..offsets[u + 1] as usize].sort_unstable();
        }
        let targets = pairs.iter().map(|p| p.0).collect();
        let relations = pairs.iter().map(|p| p.1).collect();
        Self { offsets, targets, relations }
    }

    #[inline]
    pub(crate) fn range(&self, u: u32) -> std::ops::Range<usize> {
        self.offsets[u as usize] as usize..self.offsets[u as usize + 1] as usize
    }

    #[inline]
    pub(crate) fn targets(&self, u: u32) -> &[u32] {
        &self.targets[self.range(u)]
    }

    /// The entries of `u` leading to `v`, as a range into the entry arrays.
    pub(crate) fn entries_to(&self, u: u32, v: u32) -> std::ops::Range<usize> {
        let r = self.range(u);
        let row = &self.targets[r.clone()];
        let lo = row.partition_point(|&t| t < v);
        let hi = row.partition_point(|&t| t <= v);
        r.start + lo..r.start + hi
    }
}

/// The relations of a graph that pass a [`Filter`], as adjacency lists of actor indices.
///
/// Negated relations never appear, whatever the filter says: they never connect actors.
/// Relations touching an avoided actor are left out. Undirected views (the default) list every
/// relation at both ends; directed views (`filter.directed`) list a relation at its subject only,
/// except for symmetric kinds, listed at both ends. Two actors linked by several relations have
/// one entry per relation, sorted by relation key.
///
/// A view keeps the search buffers of its queries for the next ones, so a query on a view
/// already used costs what it touches rather than the number of actors. It can be shared
/// between threads (each concurrent query takes buffers of its own); a clone starts without
/// buffers.
#[derive(Clone, Debug)]
pub struct View<'g> {
    graph: &'g Graph,
    filter: Filter,
    pub(crate) fwd: Csr,
    /// The transpose of `fwd` for directed views; `None` when `fwd` is symmetric.
    pub(crate) rev: Option<Csr>,
    /// The cost of each entry of `fwd` for weighted searches (see
    /// [`relation_cost`](super::relation_cost)), computed on the first weighted search: it
    /// reads every relation again, which a search by hops does not need.
    costs: OnceLock<Vec<f64>>,
    /// Search buffers not in use, for the next queries.
    pool: Pool,
    /// Set by the caller to ask the long queries on this view to stop (see [`View::with_stop`]).
    stop: Option<Arc<AtomicBool>>,
    /// Counts the work done by the long queries on this view (see [`View::with_progress`]).
    progress: Option<Arc<AtomicUsize>>,
}

impl<'g> View<'g> {
    /// Builds the view of `graph` through `filter`: one pass over the relations.
    pub fn new(graph: &'g Graph, filter: &Filter) -> Self {
        let n = graph.actor_count();
        let vocabulary = graph.vocabulary();
        let mut fwd = Vec::with_capacity(graph.relation_count() * if filter.directed { 1 } else { 2 });
        let mut rev = Vec::new();
        for (key, r) in graph.relations() {
            if r.negated || !filter.accepts_edge(graph, r) || r.subject == r.object {
                continue;
            }
            let (s, o, k) = (r.subject.0, r.object.0, key.0);
            fwd.push((s, o, k));
            let both_ways = !filter.directed || !vocabulary.relation_kind(r.kind).directed;
            if both_ways {
                fwd.push((o, s, k));
            }
            if filter.directed {
                rev.push((o, s, k));
                if both_ways {
                    rev.push((s, o, k));
                }
            }
        }
        let fwd = Csr::build(n, &fwd);
        let rev = filter.directed.then(|| Csr::build(n, &rev));
        Self {
            graph,
            filter: filter.clone(),
            fwd,
            rev,
            costs: OnceLock::new(),
            pool: Pool::default(),
            stop: None,
            progress: None,
        }
    }

    /// The view with a stop flag: once the flag is set (from any thread), the queries whose time
    /// grows beyond a path search (every path, the k shortest paths, betweenness, closeness)
    /// return early with incomplete answers, and [`View::stopped`] is true. A caller with a
    /// time budget sets the flag when the budget runs out and discards the answer.
    pub fn with_stop(mut self, stop: Arc<AtomicBool>) -> Self {
        self.stop = Some(stop);
        self
    }

    /// The view with a progress counter: betweenness and closeness add to it the number of
    /// source actors they have searched from, so that a caller on another thread can show how
    /// far they are (betweenness searches from every active actor, or from `samples` of them;
    /// closeness from every active actor).
    pub fn with_progress(mut self, progress: Arc<AtomicUsize>) -> Self {
        self.progress = Some(progress);
        self
    }

    /// Adds `done` searches to the progress counter, if there is one.
    pub(crate) fn advance(&self, done: usize) {
        if let Some(p) = &self.progress {
            p.fetch_add(done, Ordering::Relaxed);
        }
    }

    /// Whether the caller asked the queries on this view to stop (see [`View::with_stop`]);
    /// an answer computed after that is incomplete.
    pub fn stopped(&self) -> bool {
        self.stop.as_ref().is_some_and(|s| s.load(Ordering::Relaxed))
    }

    /// The cost of each entry of `fwd` (see [`relation_cost`](super::relation_cost)).
    pub(crate) fn costs(&self) -> &[f64] {
        self.costs.get_or_init(|| self.fwd.relations.iter().map(|&k| self.entry_cost(k)).collect())
    }

    fn entry_cost(&self, relation: u32) -> f64 {
        relation_cost(self.graph.relation(RelationKey(relation)))
    }

    /// The graph viewed.
    pub fn graph(&self) -> &'g Graph {
        self.graph
    }

    /// The filter the view was built with.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The number of actors (every actor of the graph, linked or not).
    pub fn actor_count(&self) -> usize {
        self.fwd.offsets.len() - 1
    }

    /// The number of adjacency entries: twice the relations for an undirected view.
    pub fn entry_count(&self) -> usize {
        self.fwd.targets.len()
    }

    /// Search buffers for one query, given back to the view when dropped.
    pub(crate) fn scratch(&self) -> Lease<'_> {
        self.pool.lease(self.actor_count())
    }

    pub(crate) fn back(&self) -> &Csr {
        self.rev.as_ref().unwrap_or(&self.fwd)
    }

    /// The actors reached from `actor` in one step, each with the relation followed; sorted by
    /// actor, then relation. An actor linked by several relations appears once per relation.
    pub fn neighbors(&self, actor: ActorKey) -> impl Iterator<Item = (ActorKey, RelationKey)> + '_ {
        let r = self.fwd.range(actor.0);
        self.fwd.targets[r.clone()].iter().zip(&self.fwd.relations[r]).map(|(&t, &k)| (ActorKey(t), RelationKey(k)))
    }

    /// The actors from which `actor` is reached in one step (equal to [`View::neighbors`] in an
    /// undirected view).
    pub fn predecessors(&self, actor: ActorKey) -> impl Iterator<Item = (ActorKey, RelationKey)> + '_ {
        let back = self.back();
        let r = back.range(actor.0);
        back.targets[r.clone()].iter().zip(&back.relations[r]).map(|(&t, &k)| (ActorKey(t), RelationKey(k)))
    }

    /// The relations that lead from `from` to `to` in one step, lowest key first.
    pub fn relations_between(&self, from: ActorKey, to: ActorKey) -> impl Iterator<Item = RelationKey> + '_ {
        self.fwd.relations[self.fwd.entries_to(from.0, to.0)].iter().map(|&k| RelationKey(k))
    }

    /// The sign of a step from `from` to `to`: [`Sign::of_pair`] of every relation that leads
    /// there in this view, so two actors with both a partnership and a rivalry give `±`
    /// whichever relation the hop shows.
    pub fn hop_sign(&self, from: ActorKey, to: ActorKey) -> Sign {
        Sign::of_pair(self.relations_between(from, to).map(|k| self.graph.sign_polarity(self.graph.relation(k))))
    }

    /// The relation a path shows for its step from `from` to `to`: one that carries the hop's
    /// sign ([`View::hop_sign`]: a cooperative one for `+`, a hostile one for `-`, either for
    /// `±`), then one that still stands (no `until`, not ended or rejected), then the cheapest by
    /// [`relation_cost`], then the lowest key. So a hop shows the strongest, surest relation
    /// behind its sign, never a rejected offer beside an active partnership. With `weighted` the
    /// cheapest comes first, as Dijkstra counted it, and the returned cost is that relation's;
    /// without it the cost is 1 (one hop). `None` when no relation leads there.
    pub fn hop_relation(&self, from: ActorKey, to: ActorKey, weighted: bool) -> Option<(RelationKey, f64)> {
        let sign = self.hop_sign(from, to);
        let rank = |key: u32| {
            let relation = self.graph.relation(RelationKey(key));
            let carries = matches!(
                (sign, self.graph.sign_polarity(relation)),
                (Sign::Positive | Sign::Ambivalent, Polarity::Cooperative)
                    | (Sign::Negative | Sign::Ambivalent, Polarity::Hostile)
                    | (Sign::Unknown, _)
            );
            let standing = match relation.status {
                Some(Status::Rejected) => 3,
                Some(Status::Ended) => 2,
                _ if relation.until.is_some() => 1,
                Some(Status::Active) | None => 0,
                Some(_) => 1,
            };
            (u8::from(!carries), standing)
        };
        let range = self.fwd.entries_to(from.0, to.0);
        let mut best: Option<(u32, f64, (u8, u8))> = None;
        for i in range {
            let key = self.fwd.relations[i];
            let (cost, r) = (self.entry_cost(key), rank(key));
            let better = match best {
                None => true,
                Some((_, c, br)) if weighted => cost < c || (cost == c && r < br),
                Some((_, c, br)) => r < br || (r == br && cost < c),
            };
            if better {
                best = Some((key, cost, r));
            }
        }
        best.map(|(k, c, _)| (RelationKey(k), if weighted { c } else { 1.0 }))
    }
}
