//! Which actors and relations an export writes: the query filters, a focus and a depth, and
//! whether negated relations are kept (marked) or left out.

use diplograph_core::query::View;
use diplograph_core::{ActorKey, Filter, Graph, RelationKey, SourceKey};

/// What to export.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// The relations considered (kinds, polarity, date, confidence, avoided actors); its
    /// `include_negated` is ignored: [`Scope::negated`] decides.
    pub filter: Filter,
    /// Only the neighbourhoods of these actors (empty: the whole graph).
    pub focus: Vec<ActorKey>,
    /// How many relations away from a focus actor to go.
    pub depth: usize,
    /// Keep negated relations (each marked `negated`); when false they are left out.
    pub negated: bool,
}

/// The actors, relations and sources written, each in data order; both ends of every relation
/// are in `actors`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subgraph {
    /// Actors written.
    pub actors: Vec<ActorKey>,
    /// Relations written.
    pub relations: Vec<RelationKey>,
    /// Sources written: every source for the whole graph, else those the relations cite.
    pub sources: Vec<SourceKey>,
}

impl Subgraph {
    /// Everything: every actor and every relation, negated ones included.
    pub fn whole(graph: &Graph) -> Self {
        Subgraph {
            actors: graph.actors().map(|(k, _)| k).collect(),
            relations: graph.relations().map(|(k, _)| k).collect(),
            sources: graph.sources().map(|(k, _)| k).collect(),
        }
    }

    /// The part of `graph` that `scope` selects. A neighbourhood is reached through relations
    /// that pass the filter and are not negated (as `neighbors` does); then every relation that
    /// passes, negated ones too when kept, between the actors reached is written. Without a
    /// focus, a filter that hides something writes only the actors its relations touch.
    pub fn select(graph: &Graph, scope: &Scope) -> Self {
        let mut filter = scope.filter.clone();
        filter.include_negated = false;
        let mut inside = vec![false; graph.actor_count()];
        if scope.focus.is_empty() {
            let all = !filter.is_restrictive();
            inside.iter_mut().for_each(|x| *x = all);
        } else {
            let view = View::new(graph, &filter);
            for &center in &scope.focus {
                for a in view.neighborhood(center, scope.depth).into_iter().flatten() {
                    inside[a.index()] = true;
                }
            }
        }
        filter.include_negated = scope.negated;
        let mut relations = Vec::new();
        for (key, r) in graph.relations() {
            if !filter.accepts_edge(graph, r) {
                continue;
            }
            if scope.focus.is_empty() {
                inside[r.subject.index()] = true;
                inside[r.object.index()] = true;
            } else if !(inside[r.subject.index()] && inside[r.object.index()]) {
                continue;
            }
            relations.push(key);
        }
        let actors: Vec<ActorKey> = graph.actors().map(|(k, _)| k).filter(|k| inside[k.index()]).collect();
        let whole = scope.focus.is_empty() && !filter.is_restrictive() && scope.negated;
        let sources =
            if whole { graph.sources().map(|(k, _)| k).collect() } else { cited_sources(graph, &actors, &relations) };
        Subgraph { actors, relations, sources }
    }
}

/// The sources `actors` and `relations` cite, in data order.
pub fn cited_sources(graph: &Graph, actors: &[ActorKey], relations: &[RelationKey]) -> Vec<SourceKey> {
    let mut cited = vec![false; graph.sources().len()];
    let of_actors = actors.iter().flat_map(|&k| &graph.actor(k).evidence);
    for e in relations.iter().flat_map(|&k| &graph.relation(k).evidence).chain(of_actors) {
        cited[e.source().index()] = true;
    }
    graph.sources().map(|(k, _)| k).filter(|k| cited[k.index()]).collect()
}
