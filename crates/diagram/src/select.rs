//! Which actors and relations a diagram shows: the whole graph, a neighbourhood, or a path.

use diplograph_core::query::View;
use diplograph_core::{ActorKey, Filter, Graph, RelationKey};

/// What part of the graph to draw.
#[derive(Clone, Debug)]
pub enum Scope {
    /// The actors that a relation passing the filter touches; with `isolated` and no
    /// restricting filter, every actor (places used only as a `place`, actors whose only
    /// relations are hidden).
    Whole {
        /// Also draw actors no drawn relation touches.
        isolated: bool,
    },
    /// The actors within `depth` relations of any of `centers`.
    Focus {
        /// The actors in the middle (at least one).
        centers: Vec<ActorKey>,
        /// How many relations away to go.
        depth: usize,
    },
    /// A shortest path between two actors, in its neighbourhood or alone.
    Path {
        /// One end.
        from: ActorKey,
        /// The other end.
        to: ActorKey,
        /// How many relations away from the path to go (ignored with `only`).
        depth: usize,
        /// Draw the path alone.
        only: bool,
    },
}

/// The actors and relations of a diagram, each sorted in data order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    /// Actors drawn.
    pub actors: Vec<ActorKey>,
    /// Relations drawn; both ends of each are in `actors`.
    pub relations: Vec<RelationKey>,
    /// Actors on the highlighted path, in path order.
    pub path_actors: Vec<ActorKey>,
    /// Relations on the highlighted path, in path order.
    pub path_relations: Vec<RelationKey>,
}

/// Why nothing can be drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Empty {
    /// No path joins the two actors through relations that pass the filter.
    NoPath,
}

/// Selects what to draw. Relations pass `filter` (negated ones only when it includes them);
/// neighbourhoods and paths are the core's queries, which never follow negated relations.
pub fn select(graph: &Graph, filter: &Filter, scope: &Scope) -> Result<Selection, Empty> {
    let mut selection = Selection::default();
    let mut inside = vec![false; graph.actor_count()];
    match *scope {
        Scope::Whole { isolated } => {
            let all = isolated && !filter.is_restrictive();
            for (key, _) in graph.actors() {
                inside[key.index()] = all;
            }
            for (_, r) in graph.relations() {
                if filter.accepts_edge(graph, r) {
                    inside[r.subject.index()] = true;
                    inside[r.object.index()] = true;
                }
            }
        }
        Scope::Focus { ref centers, depth } => {
            let view = View::new(graph, filter);
            for &center in centers {
                for a in view.neighborhood(center, depth).into_iter().flatten() {
                    inside[a.index()] = true;
                }
            }
        }
        Scope::Path { from, to, depth, only } => {
            let view = View::new(graph, filter);
            let path = view.shortest_path(from, to, false).ok_or(Empty::NoPath)?;
            let actors = path.actors();
            let relations: Vec<RelationKey> = path.hops.iter().map(|h| h.relation).collect();
            for &a in &actors {
                inside[a.index()] = true;
                if !only {
                    for b in view.neighborhood(a, depth).into_iter().flatten() {
                        inside[b.index()] = true;
                    }
                }
            }
            if only {
                selection.actors = sorted(actors.clone());
                selection.relations = sorted(relations.clone());
            }
            selection.path_actors = actors;
            selection.path_relations = relations;
            if only {
                return Ok(selection);
            }
        }
    }
    selection.actors = graph.actors().map(|(k, _)| k).filter(|k| inside[k.index()]).collect();
    selection.relations = graph
        .relations()
        .filter(|(_, r)| inside[r.subject.index()] && inside[r.object.index()] && filter.accepts_edge(graph, r))
        .map(|(k, _)| k)
        .collect();
    Ok(selection)
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort_unstable();
    v
}
