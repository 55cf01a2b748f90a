//! Centrality on a [`View`]: degree, betweenness (exact or sampled, Brandes), closeness and
//! PageRank. Each returns one score per actor of the graph, indexed by [`ActorKey::index`].
//!
//! Two actors linked by several relations count as one link: centrality is about actors, and
//! counting each relation would multiply the shortest paths between a pair. Only *active*
//! actors count towards the normalisations: those with at least one relation in the view (an
//! `--at 2020` query should not be diluted by actors that had no relation then).

use rayon::prelude::*;

use crate::graph::ActorKey;
use crate::rng::SplitMix64;

use super::view::{Csr, View};

/// The centrality measures offered by `diplograph rank`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Metric {
    /// Number of distinct actors linked.
    Degree,
    /// Share of shortest paths between other actors that pass through the actor.
    Betweenness,
    /// How close the actor is to every actor it reaches.
    Closeness,
    /// PageRank: linked to by actors that are themselves well linked.
    PageRank,
}

impl Metric {
    /// Every metric.
    pub const ALL: [Metric; 4] = [Metric::Degree, Metric::Betweenness, Metric::Closeness, Metric::PageRank];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Degree => "degree",
            Metric::Betweenness => "betweenness",
            Metric::Closeness => "closeness",
            Metric::PageRank => "pagerank",
        }
    }
}

/// The PageRank damping factor.
pub const DAMPING: f64 = 0.85;

/// Iterates the distinct neighbours of `u` in a CSR whose rows are sorted.
fn distinct(csr: &Csr, u: u32) -> impl Iterator<Item = u32> + '_ {
    let row = csr.targets(u);
    row.iter().enumerate().filter(move |(i, v)| *i == 0 || row[i - 1] != **v).map(|(_, v)| *v)
}

/// Betweenness sources handled by one task.
const SOURCES_PER_CHUNK: usize = 16;
/// Tasks whose partial sums are held at once.
const CHUNKS_PER_BATCH: usize = 16;

impl View<'_> {
    /// The actors with at least one relation in the view, in key order.
    pub fn active_actors(&self) -> Vec<ActorKey> {
        (0..self.actor_count() as u32)
            .filter(|&u| !self.fwd.targets(u).is_empty() || !self.back().targets(u).is_empty())
            .map(ActorKey)
            .collect()
    }

    /// The number of distinct actors each actor links to (in a directed view: reaches in one
    /// step).
    pub fn degree(&self) -> Vec<f64> {
        (0..self.actor_count() as u32).map(|u| distinct(&self.fwd, u).count() as f64).collect()
    }

    /// Betweenness centrality (Brandes), normalised as NetworkX does: the sum over ordered
    /// pairs (s, t) of other active actors of the share of shortest s-t paths through the
    /// actor, divided by (n - 1)(n - 2) with n the number of active actors. In an undirected
    /// view this is the share over unordered pairs times 2 / ((n - 1)(n - 2)); an actor on
    /// every shortest path between all other pairs scores 1.
    ///
    /// With `samples`, only that many source actors are used, chosen from the active actors
    /// by a generator seeded with `seed` (same seed, same answer), and the sums are scaled by
    /// n / samples: an unbiased estimate for large graphs. Sampling as many sources as there are
    /// active actors gives the exact figure.
    pub fn betweenness(&self, samples: Option<usize>, seed: u64) -> Vec<f64> {
        let n_all = self.actor_count();
        let active = self.active_actors();
        let n = active.len();
        let mut score = vec![0.0; n_all];
        if n < 3 {
            return score;
        }
        let sources: Vec<u32> = match samples {
            Some(k) if k < n => {
                let mut pool: Vec<u32> = active.iter().map(|a| a.0).collect();
                let mut rng = SplitMix64::new(seed);
                for i in 0..k {
                    let j = i + rng.below(n - i);
                    pool.swap(i, j);
                }
                pool.truncate(k);
                pool.sort_unstable();
                pool
            }
            _ => active.iter().map(|a| a.0).collect(),
        };
        // Sources are independent: chunks of a fixed size run on all cores, and their sums are
        // added in chunk order, a batch at a time, so the result does not depend on the number
        // of threads and memory stays bounded.
        let chunks: Vec<&[u32]> = sources.chunks(SOURCES_PER_CHUNK).collect();
        for batch in chunks.chunks(CHUNKS_PER_BATCH) {
            let partial: Vec<Vec<f64>> = batch
                .par_iter()
                .map(|chunk| {
                    let part = self.brandes(chunk);
                    self.advance(chunk.len());
                    part
                })
                .collect();
            for part in partial {
                for (total, x) in score.iter_mut().zip(part) {
                    *total += x;
                }
            }
        }
        let mut scale = 1.0 / ((n - 1) * (n - 2)) as f64;
        if sources.len() < n {
            scale *= n as f64 / sources.len() as f64;
        }
        for x in &mut score {
            *x *= scale;
        }
        score
    }

    /// Brandes' accumulation from each of `sources`: the unnormalised betweenness they add.
    fn brandes(&self, sources: &[u32]) -> Vec<f64> {
        let n_all = self.actor_count();
        let mut score = vec![0.0; n_all];
        let mut sigma = vec![0.0f64; n_all];
        let mut dist = vec![-1i64; n_all];
        let mut delta = vec![0.0f64; n_all];
        let mut order: Vec<u32> = Vec::with_capacity(n_all);
        let back = self.back();
        for &s in sources {
            if self.stopped() {
                break;
            }
            for &v in &order {
                sigma[v as usize] = 0.0;
                dist[v as usize] = -1;
                delta[v as usize] = 0.0;
            }
            order.clear();
            sigma[s as usize] = 1.0;
            dist[s as usize] = 0;
            order.push(s);
            let mut head = 0;
            while head < order.len() {
                let u = order[head];
                head += 1;
                for v in distinct(&self.fwd, u) {
                    if dist[v as usize] < 0 {
                        dist[v as usize] = dist[u as usize] + 1;
                        order.push(v);
                    }
                    if dist[v as usize] == dist[u as usize] + 1 {
                        sigma[v as usize] += sigma[u as usize];
                    }
                }
            }
            for &w in order.iter().rev() {
                let coefficient = (1.0 + delta[w as usize]) / sigma[w as usize];
                for v in distinct(back, w) {
                    if dist[v as usize] >= 0 && dist[v as usize] == dist[w as usize] - 1 {
                        delta[v as usize] += sigma[v as usize] * coefficient;
                    }
                }
                if w != s {
                    score[w as usize] += delta[w as usize];
                }
            }
        }
        score
    }

    /// Closeness centrality, with the Wasserman-Faust correction NetworkX applies: for an actor
    /// reaching r - 1 others at total distance D, `(r - 1) / D × (r - 1) / (n - 1)` with n the
    /// number of active actors; 0 when it reaches no one. In a directed view distances follow
    /// relation direction *from* the actor.
    pub fn closeness(&self) -> Vec<f64> {
        let n_all = self.actor_count();
        let n = self.active_actors().len();
        let mut score = vec![0.0; n_all];
        if n < 2 {
            return score;
        }
        let mut dist = vec![u32::MAX; n_all];
        let mut order: Vec<u32> = Vec::new();
        for s in 0..n_all as u32 {
            if self.fwd.targets(s).is_empty() {
                continue;
            }
            if self.stopped() {
                break;
            }
            self.advance(1);
            for &v in &order {
                dist[v as usize] = u32::MAX;
            }
            order.clear();
            dist[s as usize] = 0;
            order.push(s);
            let mut head = 0;
            let mut total = 0u64;
            while head < order.len() {
                let u = order[head];
                head += 1;
                for &v in self.fwd.targets(u) {
                    if dist[v as usize] == u32::MAX {
                        dist[v as usize] = dist[u as usize] + 1;
                        total += u64::from(dist[v as usize]);
                        order.push(v);
                    }
                }
            }
            let reached = (order.len() - 1) as f64;
            if total > 0 {
                score[s as usize] = reached / total as f64 * reached / (n - 1) as f64;
            }
        }
        score
    }

    /// PageRank with damping [`DAMPING`], over the active actors (others score 0): each actor
    /// passes its rank in equal shares to the distinct actors it links to (in a directed view,
    /// along relation direction); an actor linking to no one spreads it over every active actor.
    /// Power iteration until the total change is below 1e-12, at most 1,000 rounds. The scores
    /// of the active actors sum to 1.
    pub fn pagerank(&self) -> Vec<f64> {
        let n_all = self.actor_count();
        let active = self.active_actors();
        let n = active.len();
        let mut rank = vec![0.0; n_all];
        if n == 0 {
            return rank;
        }
        let out_degree: Vec<usize> = (0..n_all as u32).map(|u| distinct(&self.fwd, u).count()).collect();
        for a in &active {
            rank[a.index()] = 1.0 / n as f64;
        }
        let back = self.back();
        let mut next = vec![0.0; n_all];
        for _ in 0..1000 {
            let dangling: f64 = active.iter().filter(|a| out_degree[a.index()] == 0).map(|a| rank[a.index()]).sum();
            let base = (1.0 - DAMPING) / n as f64 + DAMPING * dangling / n as f64;
            let mut change = 0.0;
            for a in &active {
                let v = a.0;
                let incoming: f64 = distinct(back, v).map(|u| rank[u as usize] / out_degree[u as usize] as f64).sum();
                next[v as usize] = base + DAMPING * incoming;
                change += (next[v as usize] - rank[v as usize]).abs();
            }
            std::mem::swap(&mut rank, &mut next);
            if change < 1e-12 {
                break;
            }
        }
        rank
    }

    /// One of the [`Metric`]s (`samples` and `seed` apply to betweenness only).
    pub fn centrality(&self, metric: Metric, samples: Option<usize>, seed: u64) -> Vec<f64> {
        match metric {
            Metric::Degree => self.degree(),
            Metric::Betweenness => self.betweenness(samples, seed),
            Metric::Closeness => self.closeness(),
            Metric::PageRank => self.pagerank(),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::testing::{Rel, bfs, build, filter_spec, graph, reference_adjacency, simple_paths};
    use super::*;
    use crate::Filter;

    fn undirected(n: usize, edges: &[(usize, usize)]) -> crate::Graph {
        let rels: Vec<Rel> = edges.iter().map(|&(s, o)| Rel::plain(s, o, 0)).collect();
        build(n, &rels)
    }

    fn close(actual: &[f64], expected: &[f64]) {
        assert_eq!(actual.len(), expected.len());
        for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
            assert!((a - e).abs() < 1e-9, "actor {i}: {a} != {e} in {actual:?}");
        }
    }

    #[test]
    fn betweenness_is_the_same_whatever_the_number_of_threads() {
        // Enough sources for several chunks and batches: a ring with chords.
        let n = 300;
        let edges: Vec<(usize, usize)> =
            (0..n).flat_map(|i| [(i, (i + 1) % n), (i, (i * 7 + 3) % n)]).filter(|(a, b)| a != b).collect();
        let g = undirected(n, &edges);
        let view = View::new(&g, &Filter::all());
        let run = |threads: usize, samples: Option<usize>| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| view.betweenness(samples, 3))
        };
        for samples in [None, Some(100)] {
            let one = run(1, samples);
            assert!(one.iter().any(|&x| x > 0.0));
            assert_eq!(one, run(2, samples), "bitwise equal on 1 and 2 threads");
            assert_eq!(one, run(5, samples), "bitwise equal on 1 and 5 threads");
        }
    }

    #[test]
    fn progress_counts_the_sources_searched() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let n = 300;
        let edges: Vec<(usize, usize)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        let g = undirected(n + 5, &edges);
        let run = |f: &dyn Fn(&View<'_>)| {
            let counter = Arc::new(AtomicUsize::new(0));
            f(&View::new(&g, &Filter::all()).with_progress(counter.clone()));
            counter.load(Ordering::Relaxed)
        };
        // The 5 isolated actors are not active: no search starts from them.
        assert_eq!(run(&|v| drop(v.betweenness(None, 1))), n);
        assert_eq!(run(&|v| drop(v.betweenness(Some(40), 1))), 40);
        assert_eq!(run(&|v| drop(v.closeness())), n);
        assert_eq!(run(&|v| drop(v.degree())), 0);
    }

    #[test]
    fn hand_computed_betweenness() {
        // Path a0-a1-a2-a3: a1 is on the a0-a2 and a0-a3 paths: 2 pairs × 2 / (3 × 2).
        let g = undirected(4, &[(0, 1), (1, 2), (2, 3)]);
        close(&View::new(&g, &Filter::all()).betweenness(None, 0), &[0.0, 2.0 / 3.0, 2.0 / 3.0, 0.0]);
        // Star: the centre is on all 3 pairs of leaves: 3 × 2 / (3 × 2) = 1.
        let g = undirected(4, &[(0, 1), (0, 2), (0, 3)]);
        close(&View::new(&g, &Filter::all()).betweenness(None, 0), &[1.0, 0.0, 0.0, 0.0]);
        // Diamond a0-a1-a3, a0-a2-a3, with a doubled relation a0-a1: a1 and a2 each carry half
        // of the a0-a3 pair (the second relation adds no path): 0.5 × 2 / 6.
        let g = undirected(4, &[(0, 1), (0, 1), (0, 2), (1, 3), (2, 3)]);
        close(&View::new(&g, &Filter::all()).betweenness(None, 0), &[1.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0]);
    }

    #[test]
    fn hand_computed_closeness_and_pagerank() {
        // Path a0-a1-a2 and an isolated a3 (not active: n = 3).
        let g = undirected(4, &[(0, 1), (1, 2)]);
        let view = View::new(&g, &Filter::all());
        // a0 reaches 2 actors at total distance 3: 2/3 × 2/2.
        close(&view.closeness(), &[2.0 / 3.0, 1.0, 2.0 / 3.0, 0.0]);
        // x = 0.05 + 0.85 y / 2, y = 0.05 + 0.85 × 2x, 2x + y = 1: x = 0.475 / 1.85.
        let x = 0.475 / 1.85;
        close(&view.pagerank(), &[x, 1.0 - 2.0 * x, x, 0.0]);
        close(&view.degree(), &[1.0, 2.0, 1.0, 0.0]);
    }

    /// Betweenness from every pair's shortest paths, enumerated by brute force.
    fn brute_betweenness(adj: &[Vec<(usize, f64)>], active: usize) -> Vec<f64> {
        let n = adj.len();
        let mut score = vec![0.0; n];
        for s in 0..n {
            let dist = bfs(adj, s);
            for (t, dt) in dist.iter().enumerate() {
                let Some(d) = dt.filter(|_| s != t) else { continue };
                let shortest: Vec<Vec<usize>> =
                    simple_paths(adj, s, t).into_iter().filter(|p| p.len() - 1 == d).collect();
                for p in &shortest {
                    for &v in &p[1..p.len() - 1] {
                        score[v] += 1.0 / shortest.len() as f64;
                    }
                }
            }
        }
        if active < 3 {
            return vec![0.0; n];
        }
        score.iter().map(|x| x / ((active - 1) * (active - 2)) as f64).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn betweenness_equals_brute_force(
            (n, rels, spec) in graph(7, 14).prop_flat_map(|(n, rels)| (Just(n), Just(rels), filter_spec(n))),
        ) {
            let g = build(n, &rels);
            let filter = Filter::resolve(&spec, &g).unwrap();
            let view = View::new(&g, &filter);
            let adj = reference_adjacency(&g, &filter);
            let active = view.active_actors().len();
            let expected = brute_betweenness(&adj, active);
            let exact = view.betweenness(None, 0);
            for (a, e) in exact.iter().zip(&expected) {
                prop_assert!((a - e).abs() < 1e-9, "{:?} != {:?}", exact, expected);
            }
            // Sampling every active actor is exact, whatever the seed.
            let all = view.betweenness(Some(active), 7);
            for (a, e) in all.iter().zip(&expected) {
                prop_assert!((a - e).abs() < 1e-9);
            }
            let pr = view.pagerank();
            if active > 0 {
                prop_assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-6);
            }
        }
    }
}
