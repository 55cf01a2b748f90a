//! Property tests of the path queries against brute-force references on random graphs.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::testing::{bfs, build, filter_spec, graph, path_cost, reference_adjacency, simple_paths};
use super::{Path, Sign, View, relation_cost};
use crate::relation::Status;
use crate::vocabulary::Polarity;
use crate::{ActorKey, Filter, Graph};

/// Every hop of `path` passes the filter, links its two actors in an allowed direction, and the
/// path repeats no actor.
fn check_path(graph: &Graph, filter: &Filter, path: &Path) {
    let actors = path.actors();
    let distinct: BTreeSet<_> = actors.iter().collect();
    assert_eq!(distinct.len(), actors.len(), "loop in {actors:?}");
    for hop in &path.hops {
        let r = graph.relation(hop.relation);
        assert!(!r.negated, "a negated relation was traversed");
        assert!(filter.accepts_edge(graph, r), "a relation failing the filter was returned");
        let directed = filter.directed && graph.vocabulary().relation_kind(r.kind).directed;
        let fits =
            (r.subject == hop.from && r.object == hop.to) || (!directed && r.subject == hop.to && r.object == hop.from);
        assert!(fits, "hop {hop:?} does not follow its relation");
    }
}

fn keys(path: &Path) -> Vec<usize> {
    path.actors().iter().map(|a| a.index()).collect()
}

fn graph_and_filter() -> impl Strategy<Value = (usize, Vec<super::testing::Rel>, crate::FilterSpec, usize, usize)> {
    graph(7, 14).prop_flat_map(|(n, rels)| (Just(n), Just(rels), filter_spec(n), 0..n, 0..n))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_hop_shows_a_standing_relation_behind_its_sign((n, rels, spec, _s, _t) in graph_and_filter()) {
        let g = build(n, &rels);
        let filter = Filter::resolve(&spec, &g).unwrap();
        let view = View::new(&g, &filter);
        for u in 0..n {
            for v in 0..n {
                let (u, v) = (ActorKey(u as u32), ActorKey(v as u32));
                let between: Vec<_> = view.relations_between(u, v).collect();
                let Some((shown, _)) = view.hop_relation(u, v, false) else {
                    prop_assert!(between.is_empty());
                    continue;
                };
                prop_assert!(between.contains(&shown));
                let polarity = |k| g.sign_polarity(g.relation(k));
                let carries = |k| match view.hop_sign(u, v) {
                    Sign::Positive => polarity(k) == Polarity::Cooperative,
                    Sign::Negative => polarity(k) == Polarity::Hostile,
                    Sign::Ambivalent => polarity(k) != Polarity::Neutral,
                    Sign::Unknown => true,
                };
                // The sign is never shown on a relation that does not carry it.
                prop_assert!(carries(shown), "{:?} shown for a {:?} hop", g.relation(shown), view.hop_sign(u, v));
                // A relation that has ended or has an end date is shown only when no relation
                // carrying the sign still stands.
                let stands = |k| {
                    let r = g.relation(k);
                    r.until.is_none() && !matches!(r.status, Some(Status::Ended | Status::Rejected))
                };
                if !stands(shown) {
                    prop_assert!(!between.iter().any(|&k| carries(k) && stands(k)));
                }
                // Weighted, the hop's cost is the cheapest of its relations.
                let (_, cost) = view.hop_relation(u, v, true).unwrap();
                let cheapest = between.iter().map(|&k| relation_cost(g.relation(k))).fold(f64::INFINITY, f64::min);
                prop_assert_eq!(cost, cheapest);
            }
        }
    }


    #[test]
    fn shortest_path_length_equals_plain_bfs((n, rels, spec, s, t) in graph_and_filter()) {
        let g = build(n, &rels);
        let filter = Filter::resolve(&spec, &g).unwrap();
        let adj = reference_adjacency(&g, &filter);
        let avoided = |a: usize| !filter.accepts_actor(ActorKey(a as u32));
        let view = View::new(&g, &filter);
        let found = view.shortest_path(ActorKey(s as u32), ActorKey(t as u32), false);
        let expected = if s != t && (avoided(s) || avoided(t)) { None } else { bfs(&adj, s)[t] };
        prop_assert_eq!(found.as_ref().map(Path::len), expected);
        if let Some(p) = &found {
            check_path(&g, &filter, p);
            prop_assert_eq!(p.start.index(), s);
            prop_assert_eq!(p.end().index(), t);
        }
    }

    #[test]
    fn cheapest_path_cost_equals_brute_force((n, rels, spec, s, t) in graph_and_filter()) {
        let g = build(n, &rels);
        let filter = Filter::resolve(&spec, &g).unwrap();
        let adj = reference_adjacency(&g, &filter);
        let best = simple_paths(&adj, s, t).iter().map(|p| path_cost(&adj, p)).fold(f64::INFINITY, f64::min);
        let found = View::new(&g, &filter).shortest_path(ActorKey(s as u32), ActorKey(t as u32), true);
        match found {
            None => prop_assert!(best.is_infinite()),
            Some(p) => {
                check_path(&g, &filter, &p);
                let cost = p.cost.unwrap();
                prop_assert!((cost - best).abs() < 1e-9, "cost {} brute force {}", cost, best);
                prop_assert!((cost - path_cost(&adj, &keys(&p))).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn k_shortest_paths_equal_brute_force((n, rels, spec, s, t) in graph_and_filter(), k in 1usize..8, weighted: bool) {
        let g = build(n, &rels);
        let filter = Filter::resolve(&spec, &g).unwrap();
        let adj = reference_adjacency(&g, &filter);
        let all = simple_paths(&adj, s, t);
        let cost = |p: &[usize]| if weighted { path_cost(&adj, p) } else { (p.len() - 1) as f64 };
        let mut costs: Vec<f64> = all.iter().map(|p| cost(p)).collect();
        costs.sort_by(f64::total_cmp);
        let found = View::new(&g, &filter).k_shortest_paths(ActorKey(s as u32), ActorKey(t as u32), k, weighted);
        prop_assert!(found.complete);
        prop_assert_eq!(found.paths.len(), k.min(all.len()));
        let mut distinct = BTreeSet::new();
        for (i, p) in found.paths.iter().enumerate() {
            check_path(&g, &filter, p);
            let seq = keys(p);
            prop_assert!(all.contains(&seq), "{:?} is not a path", seq);
            prop_assert!((cost(&seq) - costs[i]).abs() < 1e-9, "path {} costs {} not {}", i, cost(&seq), costs[i]);
            prop_assert!(distinct.insert(seq));
        }
    }

    #[test]
    fn all_paths_equal_brute_force((n, rels, spec, s, t) in graph_and_filter(), max_hops in 0usize..6, limit in 0usize..30) {
        prop_assume!(s != t);
        let g = build(n, &rels);
        let filter = Filter::resolve(&spec, &g).unwrap();
        let adj = reference_adjacency(&g, &filter);
        let mut expected: Vec<Vec<usize>> =
            simple_paths(&adj, s, t).into_iter().filter(|p| p.len() - 1 <= max_hops).collect();
        expected.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
        let found = View::new(&g, &filter).all_paths(ActorKey(s as u32), ActorKey(t as u32), max_hops, limit);
        prop_assert_eq!(found.truncated, expected.len() > limit);
        expected.truncate(limit);
        let seqs: Vec<Vec<usize>> = found.paths.iter().map(keys).collect();
        prop_assert_eq!(seqs, expected);
        for p in &found.paths {
            check_path(&g, &filter, p);
        }
    }

    #[test]
    fn paths_through_an_actor_are_the_shortest_that_visit_it(
        (n, rels, mut spec, s, t) in graph_and_filter(), via in 0usize..7, k in 1usize..4,
    ) {
        let via = via % n;
        spec.avoid.retain(|a| *a != format!("a{via}"));
        spec.through = vec![format!("a{via}")];
        let g = build(n, &rels);
        let filter = Filter::resolve(&spec, &g).unwrap();
        let adj = reference_adjacency(&g, &filter);
        let mut costs: Vec<usize> =
            simple_paths(&adj, s, t).iter().filter(|p| p.contains(&via)).map(|p| p.len() - 1).collect();
        costs.sort_unstable();
        let view = View::new(&g, &filter);
        let (from, to) = (ActorKey(s as u32), ActorKey(t as u32));
        let one = view.shortest_path(from, to, false);
        prop_assert_eq!(one.as_ref().map(Path::len), costs.first().copied());
        let found = view.k_shortest_paths(from, to, k, false);
        prop_assert_eq!(found.paths.iter().map(Path::len).collect::<Vec<_>>(), costs.iter().take(k).copied().collect::<Vec<_>>());
        for p in found.paths.iter().chain(&one) {
            check_path(&g, &filter, p);
            prop_assert!(keys(p).contains(&via));
        }
    }

    #[test]
    fn neighbourhood_rings_are_bfs_distances((n, rels, spec, s, _t) in graph_and_filter(), depth in 0usize..5) {
        let g = build(n, &rels);
        let filter = Filter::resolve(&spec, &g).unwrap();
        let adj = reference_adjacency(&g, &filter);
        let dist = bfs(&adj, s);
        let rings = View::new(&g, &filter).neighborhood(ActorKey(s as u32), depth);
        for (d, ring) in rings.iter().enumerate() {
            prop_assert!(!ring.is_empty());
            for a in ring {
                prop_assert_eq!(dist[a.index()], Some(d));
            }
        }
        let within = dist.iter().filter(|d| d.is_some_and(|d| d <= depth)).count();
        prop_assert_eq!(rings.iter().map(Vec::len).sum::<usize>(), within);
    }
}

#[test]
fn parallel_relations_give_one_path_and_the_lowest_key() {
    use super::testing::Rel;
    let r = Rel::plain;
    // a0 -ally- a1 twice and -enemy- once; a1 -ally- a2.
    let g = build(3, &[r(0, 1, 1), r(0, 1, 0), r(1, 0, 0), r(1, 2, 0)]);
    let view = View::new(&g, &Filter::all());
    let found = view.k_shortest_paths(ActorKey(0), ActorKey(2), 5, false);
    assert_eq!(found.paths.len(), 1);
    let hops: Vec<usize> = found.paths[0].hops.iter().map(|h| h.relation.index()).collect();
    assert_eq!(hops, [0, 3]);
    // The hop shows the enmity (the lowest key among equal costs), but the pair is ambivalent.
    assert_eq!(found.paths[0].sign(&view), Sign::Ambivalent);
    let all = view.all_paths(ActorKey(0), ActorKey(2), 3, 10);
    assert_eq!(all.paths.len(), 1);
}

#[test]
fn large_rings_are_sorted() {
    use super::testing::Rel;
    // a0 is linked to a1..=a500, and each of those to one of a501..=a1000, in scrambled order,
    // so that the second ring is gathered out of order and long enough for the radix sort.
    let mut rels: Vec<Rel> = (1..=500).map(|i| Rel::plain(0, i, 0)).collect();
    rels.extend((1..=500).map(|i| Rel::plain(i, 501 + i * 7 % 500, 0)));
    let g = build(1001, &rels);
    let view = View::new(&g, &Filter::all());
    let rings = view.neighborhood(ActorKey(0), 3);
    let expected: Vec<Vec<ActorKey>> =
        [0..1, 1..501, 501..1001].map(|r| r.map(|i| ActorKey(i as u32)).collect()).to_vec();
    assert_eq!(rings, expected);
    // The same view again, from elsewhere: its reused bitmaps hold nothing of earlier queries.
    for start in [600, 3, 0, 1000, 0] {
        let fresh = View::new(&g, &Filter::all()).neighborhood(ActorKey(start), 4);
        assert_eq!(view.neighborhood(ActorKey(start), 4), fresh, "from a{start}");
    }
    // Stopped before the first, second or third ring: no answer, and the view is left clean.
    for rings_done in 0..3 {
        let asked = std::cell::Cell::new(0);
        let stop = || {
            asked.set(asked.get() + 1);
            asked.get() > rings_done
        };
        assert_eq!(view.neighborhood_until(ActorKey(0), 3, &stop), None);
        assert_eq!(asked.get(), rings_done + 1);
        assert_eq!(view.neighborhood(ActorKey(0), 3), expected);
    }
}

#[test]
fn a_stopped_view_ends_long_queries_early() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::testing::Rel;
    // A complete graph of 9 actors (13,700 simple paths between two of them), and a tenth actor
    // hanging from the first (which gives that one a betweenness).
    let n = 9;
    let mut rels: Vec<Rel> = (0..n).flat_map(|i| (i + 1..n).map(move |j| Rel::plain(i, j, 0))).collect();
    rels.push(Rel::plain(0, n, 0));
    let g = build(n + 1, &rels);
    let stop = Arc::new(AtomicBool::new(false));
    let view = View::new(&g, &Filter::all()).with_stop(stop.clone());
    let (a, b) = (ActorKey(0), ActorKey(8));
    let whole = view.all_paths(a, b, 8, usize::MAX);
    assert!(!view.stopped());
    assert!(!whole.truncated);
    assert_eq!(whole.paths.len(), 13_700);
    let betweenness = view.betweenness(None, 0);
    stop.store(true, Ordering::Relaxed);
    assert!(view.stopped());
    let cut = view.all_paths(a, b, 8, usize::MAX);
    assert!(cut.paths.len() < whole.paths.len(), "{} paths", cut.paths.len());
    assert_ne!(view.betweenness(None, 0), betweenness);
    assert!(!view.k_shortest_paths(a, b, 50, false).complete);
    // A view without the flag is not affected.
    assert_eq!(View::new(&g, &Filter::all()).all_paths(a, b, 8, usize::MAX), whole);
}
