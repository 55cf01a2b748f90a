//! `balance`: structural balance of the signed graph, in JSON.

use diplograph_core::Graph;
use diplograph_core::query::{Balance, SignedPair};
use serde::Serialize;

use crate::shapes::RelationJson;

/// A signed pair in JSON.
#[derive(Serialize)]
pub struct PairJson<'a> {
    /// One actor.
    pub a: &'a str,
    /// The other.
    pub b: &'a str,
    /// `positive`, `negative`, or `unknown` for an ambivalent pair.
    pub sign: &'static str,
    /// The relations that give the sign.
    pub relations: Vec<RelationJson<'a>>,
}

/// A triad in JSON.
#[derive(Serialize)]
pub struct TriadJson<'a> {
    /// Its three actors.
    pub actors: [&'a str; 3],
    /// Whether it is balanced.
    pub balanced: bool,
    /// Its three pairs.
    pub pairs: Vec<PairJson<'a>>,
}

/// The JSON of a [`Balance`].
#[derive(Serialize)]
pub struct BalanceJson<'a> {
    /// Actors in a signed pair.
    pub actors: usize,
    /// Signed pairs.
    pub pairs: usize,
    /// Triads.
    pub triads: usize,
    /// Balanced triads.
    pub balanced_triads: usize,
    /// Balanced triads over all triads; null when there is none.
    pub balanced_share: Option<f64>,
    /// The unbalanced triads.
    pub unbalanced: Vec<TriadJson<'a>>,
    /// The two camps.
    pub camps: [Vec<&'a str>; 2],
    /// Whether the camps are proven to be a best split.
    pub exact: bool,
    /// Pairs the camps contradict: friends apart, or enemies together.
    pub frustrated: Vec<PairJson<'a>>,
    /// Pairs whose actors are in different camps.
    pub crossing: Vec<PairJson<'a>>,
    /// Pairs with both cooperative and hostile relations, left out.
    pub ambivalent: Vec<PairJson<'a>>,
}

fn pair_json<'a>(graph: &'a Graph, p: &SignedPair) -> PairJson<'a> {
    PairJson {
        a: &graph.actor(p.a).id,
        b: &graph.actor(p.b).id,
        sign: p.sign.as_str(),
        relations: p.relations.iter().map(|&k| RelationJson::new(graph, graph.relation(k))).collect(),
    }
}

/// The JSON of `b`, computed on `graph`.
pub fn json<'a>(graph: &'a Graph, b: &Balance) -> BalanceJson<'a> {
    BalanceJson {
        actors: b.camps[0].len() + b.camps[1].len(),
        pairs: b.pairs.len(),
        triads: b.triads.len(),
        balanced_triads: b.balanced_count(),
        balanced_share: b.balanced_share(),
        unbalanced: b
            .triads
            .iter()
            .filter(|t| !t.balanced)
            .map(|t| TriadJson {
                actors: t.actors.map(|a| &*graph.actor(a).id),
                balanced: false,
                pairs: t.pairs.iter().map(|&i| pair_json(graph, &b.pairs[i])).collect(),
            })
            .collect(),
        camps: [0, 1].map(|c| b.camps[c].iter().map(|&a| &*graph.actor(a).id).collect()),
        exact: b.exact,
        frustrated: b.frustrated.iter().map(|&i| pair_json(graph, &b.pairs[i])).collect(),
        crossing: b.crossing().iter().map(|&i| pair_json(graph, &b.pairs[i])).collect(),
        ambivalent: b.ambivalent.iter().map(|p| pair_json(graph, p)).collect(),
    }
}
