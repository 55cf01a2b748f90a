//! Random graphs and brute-force references for the query tests.

use std::collections::BTreeSet;

use proptest::prelude::*;

use crate::{
    ActorForm, ActorKindSpec, ActorSpec, Filter, FilterSpec, Graph, GraphBuilder, RelationKindSpec, RelationSpec,
    Vocabulary,
};

use super::relation_cost;

/// Relation kinds of the test vocabulary: (id, polarity, directed).
pub(crate) const KINDS: [(&str, &str, bool); 6] = [
    ("ally", "cooperative", false),
    ("enemy", "hostile", false),
    ("talks", "neutral", false),
    ("backs", "cooperative", true),
    ("attacks", "hostile", true),
    ("holds_office", "neutral", true),
];

pub(crate) fn vocabulary() -> Vocabulary {
    let actors = ["country", "person", "organization", "event"]
        .map(|id| ActorKindSpec { id: id.into(), ..Default::default() })
        .to_vec();
    let relations = KINDS
        .iter()
        .map(|(id, p, d)| RelationKindSpec {
            id: (*id).into(),
            polarity: Some((*p).into()),
            directed: Some(*d),
            ..Default::default()
        })
        .collect();
    Vocabulary::build(actors, relations).0.expect("valid test vocabulary")
}

/// A relation of a random graph.
#[derive(Clone, Debug)]
pub(crate) struct Rel {
    pub(crate) s: usize,
    pub(crate) o: usize,
    pub(crate) kind: usize,
    pub(crate) negated: bool,
    pub(crate) since: Option<u16>,
    pub(crate) until: Option<u16>,
    pub(crate) ended: bool,
    pub(crate) strength: Option<usize>,
    pub(crate) confidence: Option<f64>,
}

impl Rel {
    /// A plain relation of `kind` from `s` to `o`: not negated, undated, unqualified.
    pub(crate) fn plain(s: usize, o: usize, kind: usize) -> Self {
        Rel { s, o, kind, negated: false, since: None, until: None, ended: false, strength: None, confidence: None }
    }
}

/// Builds a graph of `n` actors `a0`, `a1`, ... with the given relations.
pub(crate) fn build(n: usize, rels: &[Rel]) -> Graph {
    let mut b = GraphBuilder::new(vocabulary());
    for i in 0..n {
        b.add_actor(ActorSpec::new(ActorForm::Country, format!("a{i}"), format!("A{i}")));
    }
    for r in rels {
        let (since, until) = match (r.since, r.until) {
            (Some(s), Some(u)) if u < s => (Some(u), Some(s)),
            x => x,
        };
        b.add_relation(RelationSpec {
            subject: format!("a{}", r.s),
            kind: KINDS[r.kind].0.into(),
            object: format!("a{}", r.o),
            negated: r.negated,
            since: since.map(|y| y.to_string()),
            until: until.map(|y| y.to_string()),
            status: r.ended.then(|| "ended".into()),
            strength: r.strength.map(|s| ["limited", "moderate", "strong"][s].into()),
            confidence: r.confidence,
            ..Default::default()
        });
    }
    let built = b.build();
    built.graph.unwrap_or_else(|| panic!("invalid test graph: {:?}", built.problems))
}

fn rel(n: usize) -> impl Strategy<Value = Rel> {
    (
        0..n,
        1..n,
        0..KINDS.len(),
        proptest::bool::weighted(0.1),
        proptest::option::weighted(0.3, 2000u16..2006),
        proptest::option::weighted(0.2, 2000u16..2006),
        proptest::bool::weighted(0.1),
        proptest::option::of(0..3usize),
        proptest::option::of(prop_oneof![Just(0.5), Just(0.8), Just(1.0)]),
    )
        .prop_map(move |(s, d, kind, negated, since, until, ended, strength, confidence)| Rel {
            s,
            o: (s + d) % n,
            kind: if kind == 5 { 3 } else { kind },
            negated,
            since,
            until,
            ended,
            strength,
            confidence,
        })
}

/// A random graph of 2 to `max_n` actors and up to `max_m` relations.
pub(crate) fn graph(max_n: usize, max_m: usize) -> impl Strategy<Value = (usize, Vec<Rel>)> {
    (2..=max_n).prop_flat_map(move |n| (Just(n), proptest::collection::vec(rel(n), 0..=max_m)))
}

/// A random filter over `n` actors (no `through`).
pub(crate) fn filter_spec(n: usize) -> impl Strategy<Value = FilterSpec> {
    (
        proptest::option::weighted(0.2, proptest::sample::subsequence(vec!["ally", "enemy", "talks", "backs"], 1..4)),
        proptest::option::weighted(0.2, prop_oneof![Just("cooperative"), Just("hostile"), Just("neutral")]),
        proptest::option::weighted(0.3, 2000u16..2006),
        proptest::option::weighted(0.2, prop_oneof![Just(0.7), Just(0.9)]),
        proptest::option::weighted(0.2, 0..n),
        proptest::bool::weighted(0.3),
    )
        .prop_map(|(kinds, polarity, at, min_confidence, avoid, directed)| FilterSpec {
            kinds: kinds.unwrap_or_default().into_iter().map(String::from).collect(),
            polarities: polarity.into_iter().map(String::from).collect(),
            at: at.map(|y| y.to_string()),
            min_confidence,
            avoid: avoid.into_iter().map(|a| format!("a{a}")).collect(),
            directed,
            ..Default::default()
        })
}

/// The steps a filter allows, built straight from the relations: `adj[u]` holds `(v, cost)`
/// with the cheapest relation cost from `u` to `v`.
pub(crate) fn reference_adjacency(graph: &Graph, filter: &Filter) -> Vec<Vec<(usize, f64)>> {
    let n = graph.actor_count();
    let mut cost = vec![vec![f64::INFINITY; n]; n];
    for (_, r) in graph.relations() {
        if r.negated || !filter.accepts_edge(graph, r) {
            continue;
        }
        let (s, o) = (r.subject.index(), r.object.index());
        let c = relation_cost(r);
        cost[s][o] = cost[s][o].min(c);
        if !filter.directed || !graph.vocabulary().relation_kind(r.kind).directed {
            cost[o][s] = cost[o][s].min(c);
        }
    }
    cost.iter()
        .map(|row| row.iter().enumerate().filter(|(_, c)| c.is_finite()).map(|(v, c)| (v, *c)).collect())
        .collect()
}

/// Plain breadth-first distances from `s`.
pub(crate) fn bfs(adj: &[Vec<(usize, f64)>], s: usize) -> Vec<Option<usize>> {
    let mut dist = vec![None; adj.len()];
    dist[s] = Some(0);
    let mut queue = std::collections::VecDeque::from([s]);
    while let Some(u) = queue.pop_front() {
        for &(v, _) in &adj[u] {
            if dist[v].is_none() {
                dist[v] = Some(dist[u].unwrap() + 1);
                queue.push_back(v);
            }
        }
    }
    dist
}

/// Every simple path from `s` to `t`, as actor sequences.
pub(crate) fn simple_paths(adj: &[Vec<(usize, f64)>], s: usize, t: usize) -> BTreeSet<Vec<usize>> {
    fn go(adj: &[Vec<(usize, f64)>], t: usize, path: &mut Vec<usize>, out: &mut BTreeSet<Vec<usize>>) {
        let u = *path.last().unwrap();
        if u == t {
            out.insert(path.clone());
            return;
        }
        for &(v, _) in &adj[u] {
            if !path.contains(&v) {
                path.push(v);
                go(adj, t, path, out);
                path.pop();
            }
        }
    }
    let mut out = BTreeSet::new();
    go(adj, t, &mut vec![s], &mut out);
    out
}

/// The cost of a path under the reference adjacency.
pub(crate) fn path_cost(adj: &[Vec<(usize, f64)>], path: &[usize]) -> f64 {
    path.windows(2).map(|w| adj[w[0]].iter().find(|(v, _)| *v == w[1]).expect("a step of the path").1).sum()
}
