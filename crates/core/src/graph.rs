//! The validated graph: actors and relations on petgraph, behind actor ids and relation kinds.

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::actor::Actor;
use crate::error::Error;
use crate::relation::{Origin, Relation, Source, Status};
use crate::suggest;
use crate::vocabulary::{Polarity, Vocabulary};

/// An actor's handle in one [`Graph`]: cheap to copy, valid only for that graph.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ActorKey(pub(crate) u32);

/// A relation's handle in one [`Graph`].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RelationKey(pub(crate) u32);

/// A source's handle in one [`Graph`].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SourceKey(pub(crate) u32);

impl ActorKey {
    /// The position of the actor in [`Graph::actors`], from 0.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub(crate) fn node(self) -> NodeIndex {
        NodeIndex::new(self.0 as usize)
    }
}

impl RelationKey {
    /// The position of the relation in [`Graph::relations`], from 0.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub(crate) fn edge(self) -> EdgeIndex {
        EdgeIndex::new(self.0 as usize)
    }
}

impl SourceKey {
    /// The position of the source in [`Graph::sources`], from 0.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A validated, immutable knowledge graph.
///
/// Built once by [`GraphBuilder`](crate::GraphBuilder) and never mutated: edits change the data
/// files and the graph is built again. That is why it stores a plain `petgraph::Graph` rather than
/// a `StableGraph`: without removals, indices never move, and the plain graph keeps nodes and
/// edges in two dense vectors (no holes, better locality, less memory).
#[derive(Clone, Debug)]
pub struct Graph {
    pub(crate) vocabulary: Vocabulary,
    pub(crate) sources: Vec<Source>,
    pub(crate) source_index: FxHashMap<Box<str>, SourceKey>,
    pub(crate) net: DiGraph<Actor, Relation, u32>,
    pub(crate) index: FxHashMap<Box<str>, ActorKey>,
    pub(crate) relation_index: FxHashMap<Box<str>, RelationKey>,
}

impl Graph {
    /// The vocabulary the graph was validated against.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The number of actors.
    pub fn actor_count(&self) -> usize {
        self.net.node_count()
    }

    /// The number of relations, offices included.
    pub fn relation_count(&self) -> usize {
        self.net.edge_count()
    }

    /// An actor by handle.
    pub fn actor(&self, key: ActorKey) -> &Actor {
        &self.net[key.node()]
    }

    /// Looks up an actor by id in constant time.
    pub fn actor_key(&self, id: &str) -> Option<ActorKey> {
        self.index.get(id).copied()
    }

    /// An actor by id.
    pub fn actor_by_id(&self, id: &str) -> Option<&Actor> {
        self.actor_key(id).map(|k| self.actor(k))
    }

    /// Every actor, in input order.
    pub fn actors(&self) -> impl ExactSizeIterator<Item = (ActorKey, &Actor)> {
        self.net.raw_nodes().iter().enumerate().map(|(i, n)| (ActorKey(i as u32), &n.weight))
    }

    /// A relation by handle.
    pub fn relation(&self, key: RelationKey) -> &Relation {
        &self.net[key.edge()]
    }

    /// The polarity a relation carries in signs (balance, path and pair signs, balancers): its
    /// kind's, except that a `rejected` relation, which never took effect, carries none
    /// (neutral). An offer rejected in 2023 is kept as data and still connects its actors in
    /// paths, but it is no cooperative tie. Negated relations carry no sign either; the queries
    /// leave them out before asking.
    pub fn sign_polarity(&self, relation: &Relation) -> Polarity {
        match relation.status {
            Some(Status::Rejected) => Polarity::Neutral,
            _ => self.vocabulary.relation_kind(relation.kind).polarity,
        }
    }

    /// Looks up a relation by its optional `id`.
    pub fn relation_key(&self, id: &str) -> Option<RelationKey> {
        self.relation_index.get(id).copied()
    }

    /// Every relation: stated ones in input order, then those derived from offices.
    pub fn relations(&self) -> impl ExactSizeIterator<Item = (RelationKey, &Relation)> {
        self.net.raw_edges().iter().enumerate().map(|(i, e)| (RelationKey(i as u32), &e.weight))
    }

    /// [`relations`](Self::relations), to be gone through on all cores.
    pub fn par_relations(&self) -> impl IndexedParallelIterator<Item = (RelationKey, &Relation)> {
        self.net.raw_edges().par_iter().enumerate().map(|(i, e)| (RelationKey(i as u32), &e.weight))
    }

    /// Every source, in input order.
    pub fn sources(&self) -> impl ExactSizeIterator<Item = (SourceKey, &Source)> {
        self.sources.iter().enumerate().map(|(i, s)| (SourceKey(i as u32), s))
    }

    /// A source by handle.
    pub fn source(&self, key: SourceKey) -> &Source {
        &self.sources[key.index()]
    }

    /// Looks up a source by id.
    pub fn source_key(&self, id: &str) -> Option<SourceKey> {
        self.source_index.get(id).copied()
    }

    /// Relations whose subject is `actor`.
    pub fn outgoing(&self, actor: ActorKey) -> impl Iterator<Item = (RelationKey, &Relation)> {
        self.net
            .edges_directed(actor.node(), Direction::Outgoing)
            .map(|e| (RelationKey(e.id().index() as u32), e.weight()))
    }

    /// Relations whose object is `actor`.
    pub fn incoming(&self, actor: ActorKey) -> impl Iterator<Item = (RelationKey, &Relation)> {
        self.net
            .edges_directed(actor.node(), Direction::Incoming)
            .map(|e| (RelationKey(e.id().index() as u32), e.weight()))
    }

    /// Every relation touching `actor`, in or out, sorted by handle (input order).
    pub fn incident(&self, actor: ActorKey) -> Vec<(RelationKey, &Relation)> {
        let mut all: Vec<_> = self.outgoing(actor).chain(self.incoming(actor)).collect();
        all.sort_unstable_by_key(|(k, _)| *k);
        all
    }

    /// Every relation between `a` and `b`, in either direction, in input order.
    pub fn between(&self, a: ActorKey, b: ActorKey) -> Vec<(RelationKey, &Relation)> {
        let mut all: Vec<_> = self
            .outgoing(a)
            .filter(|(_, r)| r.object == b)
            .chain(self.outgoing(b).filter(|(_, r)| r.object == a))
            .collect();
        all.sort_unstable_by_key(|(k, _)| *k);
        all
    }

    /// Actor ids close to `wanted`, matching ids, names and aliases; best first, at most three.
    pub fn suggest_actor(&self, wanted: &str) -> Vec<&str> {
        let candidates = self.net.node_weights().flat_map(|a| {
            std::iter::once((&*a.id, &*a.id))
                .chain(std::iter::once((&*a.id, &*a.name)))
                .chain(a.aliases.iter().map(move |al| (&*a.id, &**al)))
        });
        suggest::closest(wanted, candidates)
    }

    /// Puts a graph back together from its parts, as read back from a snapshot written from
    /// [`Graph::vocabulary`], [`Graph::sources`], [`Graph::actors`] and [`Graph::relations`].
    ///
    /// The parts are checked for what the graph relies on (every handle in range), so that
    /// parts that were not taken from a graph give an error rather than a panic later; they are
    /// not validated again as data.
    pub fn from_parts(
        vocabulary: Vocabulary,
        sources: Vec<Source>,
        actors: Vec<Actor>,
        relations: impl ExactSizeIterator<Item = Relation>,
    ) -> Result<Graph, Error> {
        let invalid = |what: &str| Error::Invalid(format!("inconsistent graph parts: {what}"));
        if !vocabulary.is_consistent() {
            return Err(invalid("vocabulary"));
        }
        let actor_kinds = vocabulary.actor_kinds().len();
        let relation_kinds = vocabulary.relation_kinds().len();
        let n = actors.len();
        if n > u32::MAX as usize || relations.len() > u32::MAX as usize || sources.len() > u32::MAX as usize {
            return Err(invalid("too many entries"));
        }
        let actor_ok = |k: ActorKey| k.index() < n;
        for a in &actors {
            if a.kind.0 as usize >= actor_kinds
                || !a.country.is_none_or(actor_ok)
                || !a.place.is_none_or(actor_ok)
                || !a.offices.iter().all(|o| actor_ok(o.of))
            {
                return Err(invalid("actor"));
            }
        }
        let index = actors.iter().enumerate().map(|(i, a)| (a.id.clone(), ActorKey(i as u32))).collect();
        let source_index = sources.iter().enumerate().map(|(i, s)| (s.id.clone(), SourceKey(i as u32))).collect();
        let mut net = DiGraph::with_capacity(n, relations.len());
        for a in actors {
            net.add_node(a);
        }
        let mut relation_index = FxHashMap::default();
        for r in relations {
            if !handles_fit(&r, n, relation_kinds, sources.len()) {
                return Err(invalid("relation"));
            }
            if let Some(id) = &r.id {
                relation_index.insert(id.clone(), RelationKey(net.edge_count() as u32));
            }
            net.add_edge(r.subject.node(), r.object.node(), r);
        }
        Ok(Graph { vocabulary, sources, source_index, net, index, relation_index })
    }

    /// The petgraph graph, for the query modules of this crate.
    #[allow(dead_code)]
    pub(crate) fn net(&self) -> &DiGraph<Actor, Relation, u32> {
        &self.net
    }
}

/// Whether every handle of a relation stored outside the graph (a snapshot) points inside a
/// graph of `actors` actors, `relation_kinds` relation kinds and `sources` sources.
pub(crate) fn handles_fit(r: &Relation, actors: usize, relation_kinds: usize, sources: usize) -> bool {
    let actor_ok = |k: ActorKey| k.index() < actors;
    let origin_ok = match r.origin {
        Origin::Stated(_) => true,
        Origin::Office { actor, .. } => (actor as usize) < actors,
    };
    actor_ok(r.subject)
        && actor_ok(r.object)
        && (r.kind.0 as usize) < relation_kinds
        && r.about.iter().all(|&a| actor_ok(a))
        && r.place.is_none_or(actor_ok)
        && r.since_event.is_none_or(actor_ok)
        && r.until_event.is_none_or(actor_ok)
        && r.evidence.iter().all(|e| e.source().index() < sources)
        && origin_ok
}
