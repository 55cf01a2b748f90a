//! Which actors and relations a diagram shows: the whole graph, a neighbourhood, or a path.

use diplograph_core::{ActorKey, Filter, Graph, RelationKey};

/// What part of the graph to draw.
#[derive(Clone, Debug)]
pub enum Scope {
    /// Everything that passes the filter.
    Whole,
    /// The actors within `depth` relations of `center`.
    Focus {
        /// The actor in the middle.
        center: ActorKey,
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
/// neighbourhoods and paths follow only relations that are not negated, in either direction.
pub fn select(graph: &Graph, filter: &Filter, scope: &Scope) -> Result<Selection, Empty> {
    let mut selection = Selection::default();
    let mut inside = vec![false; graph.actor_count()];
    match *scope {
        Scope::Whole => {
            let restricted = filter.is_restrictive();
            for (key, _) in graph.actors() {
                inside[key.index()] = !restricted;
            }
            for (_, r) in graph.relations() {
                if filter.accepts_edge(graph, r) {
                    inside[r.subject.index()] = true;
                    inside[r.object.index()] = true;
                }
            }
        }
        Scope::Focus { center, depth } => {
            for a in neighbourhood(graph, filter, &[center], depth) {
                inside[a.index()] = true;
            }
        }
        Scope::Path { from, to, depth, only } => {
            let (actors, relations) = shortest_path(graph, filter, from, to).ok_or(Empty::NoPath)?;
            let around = if only { actors.clone() } else { neighbourhood(graph, filter, &actors, depth) };
            for a in around {
                inside[a.index()] = true;
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

/// Whether a relation may be followed by a neighbourhood or a path.
fn walkable(graph: &Graph, filter: &Filter, r: &diplograph_core::Relation) -> bool {
    !r.negated && filter.accepts_edge(graph, r)
}

/// The actors within `depth` steps of any of `centers`, centers included, in data order.
fn neighbourhood(graph: &Graph, filter: &Filter, centers: &[ActorKey], depth: usize) -> Vec<ActorKey> {
    let mut seen = vec![false; graph.actor_count()];
    let mut frontier: Vec<ActorKey> = Vec::new();
    for &c in centers {
        if !std::mem::replace(&mut seen[c.index()], true) {
            frontier.push(c);
        }
    }
    for _ in 0..depth {
        let mut next = Vec::new();
        for a in frontier {
            for (_, r) in graph.incident(a) {
                let other = r.other(a);
                if walkable(graph, filter, r) && !std::mem::replace(&mut seen[other.index()], true) {
                    next.push(other);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    graph.actors().map(|(k, _)| k).filter(|k| seen[k.index()]).collect()
}

/// A shortest path by number of relations, ties broken by data order: its actors from `from`
/// to `to` and the relation of each step.
fn shortest_path(
    graph: &Graph,
    filter: &Filter,
    from: ActorKey,
    to: ActorKey,
) -> Option<(Vec<ActorKey>, Vec<RelationKey>)> {
    let mut parent: Vec<Option<(ActorKey, RelationKey)>> = vec![None; graph.actor_count()];
    let mut seen = vec![false; graph.actor_count()];
    seen[from.index()] = true;
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(a) = queue.pop_front() {
        if a == to {
            break;
        }
        for (rk, r) in graph.incident(a) {
            let other = r.other(a);
            if walkable(graph, filter, r) && !std::mem::replace(&mut seen[other.index()], true) {
                parent[other.index()] = Some((a, rk));
                queue.push_back(other);
            }
        }
    }
    if !seen[to.index()] {
        return None;
    }
    let (mut actors, mut relations) = (vec![to], Vec::new());
    let mut at = to;
    while let Some((p, rk)) = parent[at.index()] {
        actors.push(p);
        relations.push(rk);
        at = p;
    }
    actors.reverse();
    relations.reverse();
    Some((actors, relations))
}
