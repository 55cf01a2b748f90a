//! Tests that a view's reused search buffers leak nothing from one query to the next: many
//! random queries on one view, in sequence and from several threads at once, each answer
//! compared with the answer of a freshly built view.

use proptest::prelude::*;

use super::testing::{Rel, build, filter_spec, graph};
use super::{AllPaths, KPaths, Path, View};
use crate::{ActorKey, Filter, FilterSpec, Graph};

/// One query on a view.
#[derive(Clone, Debug)]
enum Query {
    Shortest { from: u32, to: u32, weighted: bool },
    KShortest { from: u32, to: u32, k: usize, weighted: bool },
    Neighbourhood { start: u32, depth: usize },
    AllPaths { from: u32, to: u32, max_hops: usize, limit: usize },
}

/// The answer of any [`Query`].
#[derive(Clone, PartialEq, Debug)]
enum Answer {
    Path(Option<Path>),
    Paths(KPaths),
    Rings(Vec<Vec<ActorKey>>),
    All(AllPaths),
}

fn ask(view: &View<'_>, query: &Query) -> Answer {
    match *query {
        Query::Shortest { from, to, weighted } => {
            Answer::Path(view.shortest_path(ActorKey(from), ActorKey(to), weighted))
        }
        Query::KShortest { from, to, k, weighted } => {
            Answer::Paths(view.k_shortest_paths(ActorKey(from), ActorKey(to), k, weighted))
        }
        Query::Neighbourhood { start, depth } => Answer::Rings(view.neighborhood(ActorKey(start), depth)),
        Query::AllPaths { from, to, max_hops, limit } => {
            Answer::All(view.all_paths(ActorKey(from), ActorKey(to), max_hops, limit))
        }
    }
}

fn query(n: usize) -> impl Strategy<Value = Query> {
    let n = n as u32;
    prop_oneof![
        (0..n, 0..n, any::<bool>()).prop_map(|(from, to, weighted)| Query::Shortest { from, to, weighted }),
        (0..n, 0..n, 1usize..6, any::<bool>()).prop_map(|(from, to, k, weighted)| Query::KShortest {
            from,
            to,
            k,
            weighted
        }),
        (0..n, 0usize..4).prop_map(|(start, depth)| Query::Neighbourhood { start, depth }),
        (0..n, 0..n, 0usize..5, 1usize..20).prop_map(|(from, to, max_hops, limit)| Query::AllPaths {
            from,
            to,
            max_hops,
            limit
        }),
    ]
}

/// A graph bigger than the brute-force tests use, a filter that may require an actor on every
/// path (which sends path queries through distance tables and Yen's algorithm), and queries.
fn case() -> impl Strategy<Value = (usize, Vec<Rel>, FilterSpec, Vec<Query>)> {
    graph(24, 60).prop_flat_map(|(n, rels)| {
        let spec = (filter_spec(n), proptest::option::weighted(0.3, 0..n)).prop_map(|(mut spec, via)| {
            if let Some(via) = via {
                let via = format!("a{via}");
                spec.avoid.retain(|a| *a != via);
                spec.through = vec![via];
            }
            spec
        });
        (Just(n), Just(rels), spec, proptest::collection::vec(query(n), 1..40))
    })
}

/// The answers of a fresh view for each query.
fn fresh_answers(graph: &Graph, filter: &Filter, queries: &[Query]) -> Vec<Answer> {
    queries.iter().map(|q| ask(&View::new(graph, filter), q)).collect()
}

#[test]
fn a_view_can_be_shared_between_threads_and_cloned() {
    fn shared<T: Send + Sync + Clone>() {}
    shared::<View<'static>>();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn queries_in_sequence_on_one_view_answer_as_on_a_fresh_view((n, rels, spec, queries) in case()) {
        let g = build(n, &rels);
        let filter = Filter::resolve(&spec, &g).unwrap();
        let expected = fresh_answers(&g, &filter, &queries);
        let view = View::new(&g, &filter);
        // Twice over, so that every query also runs after every other.
        for round in 0..2 {
            for (q, want) in queries.iter().zip(&expected) {
                prop_assert_eq!(&ask(&view, q), want, "round {}, query {:?}", round, q);
            }
        }
        // A clone has buffers of its own and answers the same.
        let clone = view.clone();
        for (q, want) in queries.iter().zip(&expected) {
            prop_assert_eq!(&ask(&clone, q), want, "clone, query {:?}", q);
        }
    }

    #[test]
    fn queries_from_several_threads_on_one_view_answer_as_on_a_fresh_view((n, rels, spec, queries) in case()) {
        let g = build(n, &rels);
        let filter = Filter::resolve(&spec, &g).unwrap();
        let expected = fresh_answers(&g, &filter, &queries);
        let view = View::new(&g, &filter);
        // Each thread starts at a different query and goes round the list three times.
        let failures: Vec<String> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..3)
                .map(|offset| {
                    let (view, queries, expected) = (&view, &queries, &expected);
                    scope.spawn(move || {
                        let m = queries.len();
                        (0..3 * m)
                            .map(|i| (i + offset * m / 3) % m)
                            .filter(|&i| ask(view, &queries[i]) != expected[i])
                            .map(|i| format!("thread {offset}: query {:?}", queries[i]))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().expect("no panic")).collect()
        });
        prop_assert!(failures.is_empty(), "{:?}", failures);
    }
}
