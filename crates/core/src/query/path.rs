//! Paths between two actors: the [`Path`] type, its sign by balance rules, and the single
//! shortest (or cheapest) path, found by bidirectional breadth-first search (or Dijkstra).

use crate::filter::Filter;
use crate::graph::{ActorKey, Graph, RelationKey};
use crate::vocabulary::Polarity;

use super::k_shortest::yen;
use super::search::Engine;
use super::view::View;

/// One step of a path: `from` reaches `to` through `relation`, which may be stated either way
/// round (see [`Hop::forward`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Hop {
    /// The actor the step leaves.
    pub from: ActorKey,
    /// The relation followed.
    pub relation: RelationKey,
    /// The actor the step reaches.
    pub to: ActorKey,
}

impl Hop {
    /// Whether the step follows the relation as stated (`from` is its subject).
    pub fn forward(&self, graph: &Graph) -> bool {
        graph.relation(self.relation).subject == self.from
    }
}

/// The sign of a relation, a pair of actors or a path, by the rules of structural balance: the
/// friend of a friend is a friend (+ × + = +), the friend of an enemy an enemy (+ × - = -), the
/// enemy of an enemy a friend.
///
/// A pair of actors with both cooperative and hostile relations is [`Sign::Ambivalent`] (`±`):
/// partners in one matter, rivals in another. Its sign is never taken from one of its relations
/// alone.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Sign {
    /// Every hop is cooperative or hostile, with an even number of hostile hops.
    Positive,
    /// Every hop is cooperative or hostile, with an odd number of hostile hops.
    Negative,
    /// At least one hop is ambivalent (its two actors have both cooperative and hostile
    /// relations), and none is neutral.
    Ambivalent,
    /// At least one hop is neutral (an office, a participation, a negotiation): it says nothing
    /// of friendship or enmity, so neither does the path.
    Unknown,
}

impl Sign {
    /// `+`, `-`, `±` or `?`.
    pub fn symbol(self) -> &'static str {
        match self {
            Sign::Positive => "+",
            Sign::Negative => "-",
            Sign::Ambivalent => "±",
            Sign::Unknown => "?",
        }
    }

    /// `positive`, `negative`, `ambivalent` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sign::Positive => "positive",
            Sign::Negative => "negative",
            Sign::Ambivalent => "ambivalent",
            Sign::Unknown => "unknown",
        }
    }

    /// The sign of a pair of actors from the polarities of the relations between them: `+` or
    /// `-` when every signed relation agrees, `±` when there are both, `?` when there are
    /// only neutral ones (or none). Neutral relations beside signed ones do not count.
    pub fn of_pair(polarities: impl IntoIterator<Item = Polarity>) -> Self {
        let (mut plus, mut minus) = (false, false);
        for p in polarities {
            match p {
                Polarity::Cooperative => plus = true,
                Polarity::Hostile => minus = true,
                Polarity::Neutral => {}
            }
        }
        match (plus, minus) {
            (true, true) => Sign::Ambivalent,
            (true, false) => Sign::Positive,
            (false, true) => Sign::Negative,
            (false, false) => Sign::Unknown,
        }
    }

    /// The sign of one relation polarity.
    pub fn of(polarity: Polarity) -> Self {
        match polarity {
            Polarity::Cooperative => Sign::Positive,
            Polarity::Hostile => Sign::Negative,
            Polarity::Neutral => Sign::Unknown,
        }
    }

    /// The product of two signs: unknown absorbs everything, then ambivalent absorbs `+` and
    /// `-`.
    pub fn times(self, other: Sign) -> Sign {
        match (self, other) {
            (Sign::Unknown, _) | (_, Sign::Unknown) => Sign::Unknown,
            (Sign::Ambivalent, _) | (_, Sign::Ambivalent) => Sign::Ambivalent,
            (a, b) if a == b => Sign::Positive,
            _ => Sign::Negative,
        }
    }
}

/// A simple path: no actor appears twice.
#[derive(Clone, PartialEq, Debug)]
pub struct Path {
    /// The first actor.
    pub start: ActorKey,
    /// The steps, in order; empty when the path starts where it ends.
    pub hops: Vec<Hop>,
    /// The sum of the relation costs of a weighted search (see
    /// [`relation_cost`](super::relation_cost)); `None` for a search by number of hops.
    pub cost: Option<f64>,
}

impl Path {
    /// The number of hops.
    pub fn len(&self) -> usize {
        self.hops.len()
    }

    /// Whether the path has no hop.
    pub fn is_empty(&self) -> bool {
        self.hops.is_empty()
    }

    /// The last actor.
    pub fn end(&self) -> ActorKey {
        self.hops.last().map_or(self.start, |h| h.to)
    }

    /// Every actor, in order.
    pub fn actors(&self) -> Vec<ActorKey> {
        std::iter::once(self.start).chain(self.hops.iter().map(|h| h.to)).collect()
    }

    /// The sign of the path: the product of its hops' signs (see [`View::hop_sign`]), each
    /// from every relation the view has between the hop's two actors, not only the one the hop
    /// shows. A path without hops is positive.
    pub fn sign(&self, view: &View<'_>) -> Sign {
        self.hops.iter().fold(Sign::Positive, |acc, h| acc.times(view.hop_sign(h.from, h.to)))
    }

    /// Builds a path from actor indices, picking each hop's relation with
    /// [`View::hop_relation`].
    pub(crate) fn from_nodes(view: &View<'_>, nodes: &[u32], weighted: bool) -> Self {
        let mut hops = Vec::with_capacity(nodes.len().saturating_sub(1));
        let mut cost = 0.0;
        for w in nodes.windows(2) {
            let (from, to) = (ActorKey(w[0]), ActorKey(w[1]));
            let (relation, c) = view.hop_relation(from, to, weighted).expect("consecutive actors of a path are linked");
            cost += c;
            hops.push(Hop { from, relation, to });
        }
        Self { start: ActorKey(nodes[0]), hops, cost: weighted.then_some(cost) }
    }
}

/// The most paths Yen's algorithm examines when looking for paths through given actors.
pub const THROUGH_BUDGET: usize = 10_000;

impl View<'_> {
    /// The shortest path from `from` to `to` by number of hops, or with `weighted` the cheapest
    /// by [`relation_cost`](super::relation_cost). `None` when none exists.
    ///
    /// Actors the filter requires (`through`) must all be on the path: see
    /// [`View::k_shortest_paths`] for how they are searched, and its `complete` flag for when the
    /// search gave up; this function returns `None` in that case too.
    pub fn shortest_path(&self, from: ActorKey, to: ActorKey, weighted: bool) -> Option<Path> {
        let mut engine = Engine::new(self, weighted);
        let through = self.required(from, to);
        if through.is_empty() {
            let nodes = engine.search(from.0, to.0, None);
            return nodes.map(|(n, _)| Path::from_nodes(self, &n, weighted));
        }
        match through_by_segments(&mut engine, from.0, to.0, &through) {
            Segments::Found(nodes) => Some(Path::from_nodes(self, &nodes, weighted)),
            Segments::Impossible => None,
            Segments::Inconclusive => {
                let (found, _) = yen(&mut engine, from.0, to.0, 1, &|p: &[u32]| visits_all(p, &through));
                found.into_iter().next().map(|n| Path::from_nodes(self, &n, weighted))
            }
        }
    }

    /// The actors of the filter's `through` other than the two ends, as indices.
    pub(crate) fn required(&self, from: ActorKey, to: ActorKey) -> Vec<u32> {
        let mut t: Vec<u32> = self.filter().through().iter().filter(|&&a| a != from && a != to).map(|a| a.0).collect();
        t.sort_unstable();
        t.dedup();
        t
    }
}

/// Whether a path visits every required actor.
pub(crate) fn visits_all(path: &[u32], required: &[u32]) -> bool {
    required.iter().all(|r| path.contains(r))
}

pub(crate) enum Segments {
    /// An optimal path through every required actor.
    Found(Vec<u32>),
    /// Not even a walk visits them all: no path exists.
    Impossible,
    /// The best concatenation of shortest segments repeats an actor; search further.
    Inconclusive,
}

/// The most required actors whose every order is tried.
const MAX_ORDERED: usize = 6;

/// Tries every order of the required actors: the cheapest concatenation of shortest segments is
/// a lower bound on any path through them, so when it repeats no actor it is optimal.
pub(crate) fn through_by_segments(engine: &mut Engine<'_, '_>, s: u32, t: u32, required: &[u32]) -> Segments {
    if required.len() > MAX_ORDERED {
        return Segments::Inconclusive;
    }
    // Distances from s and from each required actor.
    let from_s = engine.distances(s);
    let tables: Vec<Vec<f64>> = required.iter().map(|&r| engine.distances(r)).collect();
    let m = required.len();
    let mut order: Vec<usize> = (0..m).collect();
    let mut best: Option<(f64, Vec<usize>)> = None;
    loop {
        let mut total = from_s[required[order[0]] as usize];
        for w in order.windows(2) {
            total += tables[w[0]][required[w[1]] as usize];
        }
        total += tables[order[m - 1]][t as usize];
        if total.is_finite() && best.as_ref().is_none_or(|(b, _)| total < *b) {
            best = Some((total, order.clone()));
        }
        if !next_permutation(&mut order) {
            break;
        }
    }
    let Some((_, order)) = best else { return Segments::Impossible };
    let mut stops = vec![s];
    stops.extend(order.iter().map(|&i| required[i]));
    stops.push(t);
    let mut nodes = vec![s];
    for w in stops.windows(2) {
        match engine.search(w[0], w[1], None) {
            Some((segment, _)) => nodes.extend_from_slice(&segment[1..]),
            None => return Segments::Impossible,
        }
    }
    let mut sorted = nodes.clone();
    sorted.sort_unstable();
    if sorted.windows(2).any(|w| w[0] == w[1]) { Segments::Inconclusive } else { Segments::Found(nodes) }
}

/// Steps to the next permutation in lexicographic order; false after the last.
fn next_permutation(v: &mut [usize]) -> bool {
    let Some(i) = (1..v.len()).rev().find(|&i| v[i - 1] < v[i]) else { return false };
    let j = (i..v.len()).rev().find(|&j| v[j] > v[i - 1]).expect("a larger element exists");
    v.swap(i - 1, j);
    v[i..].reverse();
    true
}

/// The shortest path from `from` to `to` through the relations that pass `filter` (by number of
/// hops, or by [`relation_cost`](super::relation_cost) with `weighted`).
///
/// Direction is ignored unless `filter.directed`; negated relations never connect actors. When
/// two actors are linked by several relations the hop uses the lowest [`RelationKey`] (the
/// cheapest when weighted). Builds a [`View`]; to run several queries on one filter, build it
/// once and call [`View::shortest_path`].
pub fn shortest_path(graph: &Graph, from: ActorKey, to: ActorKey, filter: &Filter, weighted: bool) -> Option<Path> {
    View::new(graph, filter).shortest_path(from, to, weighted)
}
