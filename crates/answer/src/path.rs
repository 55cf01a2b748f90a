//! `path`: how two actors are connected (shortest, cheapest, k shortest, or every path).

use diplograph_core::query::{Path, View};
use diplograph_core::{ActorKey, Filter, FilterSpec, Graph};
use serde::Serialize;

use crate::error::{Error, actor_key, resolve_filter};
use crate::shapes::PathJson;

/// A path request.
#[derive(Clone, Debug)]
pub struct PathQuery {
    /// The first actor's id.
    pub from: String,
    /// The last actor's id.
    pub to: String,
    /// The k shortest paths (`None`: one).
    pub k: Option<usize>,
    /// Every path of at most `max_hops` hops, at most `limit` of them.
    pub all: bool,
    /// With `all`: the longest path.
    pub max_hops: usize,
    /// With `all`: the most paths.
    pub limit: usize,
    /// Cheapest by relation cost instead of fewest hops.
    pub weighted: bool,
    /// The relations considered; `through` names the actors every path must visit.
    pub filter: FilterSpec,
}

impl Default for PathQuery {
    fn default() -> Self {
        Self {
            from: String::new(),
            to: String::new(),
            k: None,
            all: false,
            max_hops: 4,
            limit: 100,
            weighted: false,
            filter: FilterSpec::default(),
        }
    }
}

/// The paths found.
pub struct Paths {
    /// The first actor.
    pub from: ActorKey,
    /// The last actor.
    pub to: ActorKey,
    /// `shortest`, `cheapest`, `k_shortest` or `all`.
    pub mode: &'static str,
    /// The paths, best first.
    pub paths: Vec<Path>,
    /// `all`: more paths exist than `limit` let through.
    pub truncated: bool,
    /// `through`: false when the search stopped at its limit before finding every path asked
    /// for (the command line exits with status 3).
    pub complete: bool,
}

/// The JSON of [`Paths`].
#[derive(Serialize)]
pub struct PathsJson<'a> {
    /// The first actor's id.
    pub from: &'a str,
    /// The last actor's id.
    pub to: &'a str,
    /// `shortest`, `cheapest`, `k_shortest` or `all`.
    pub mode: &'static str,
    /// The paths, best first.
    pub paths: Vec<PathJson<'a>>,
    /// `--all`: more paths exist than `--limit` let through.
    pub truncated: bool,
    /// `--through`: false when the search stopped before finding every path asked for.
    pub complete: bool,
}

impl PathQuery {
    /// Checks what needs no graph: the counts and the filter's values.
    pub fn check(&self) -> Result<(), Error> {
        if self.all && self.limit == 0 {
            return Err(Error::Invalid("--limit must be at least 1".into()));
        }
        if self.k == Some(0) {
            return Err(Error::Invalid("-k must be at least 1".into()));
        }
        self.filter.check().map_err(Error::from)
    }

    /// Checks the query against the graph: its two ends and its filter.
    pub fn resolve(&self, graph: &Graph) -> Result<(ActorKey, ActorKey, Filter), Error> {
        let from = actor_key(graph, &self.from)?;
        let to = actor_key(graph, &self.to)?;
        if from == to {
            return Err(Error::Invalid(format!("FROM and TO are the same actor, \"{}\"", self.from)));
        }
        self.check()?;
        let filter = resolve_filter(graph, &self.filter)?;
        for (end, id) in [(from, &self.from), (to, &self.to)] {
            if !filter.accepts_actor(end) {
                return Err(Error::Invalid(format!("\"{id}\" is both an end of the path and avoided (--avoid)")));
            }
        }
        Ok((from, to, filter))
    }

    /// The paths from `from` to `to` on `view` (built with the filter [`PathQuery::resolve`]
    /// gave).
    pub fn search(&self, view: &View<'_>, from: ActorKey, to: ActorKey) -> Paths {
        if self.all {
            let all = view.all_paths(from, to, self.max_hops, self.limit);
            return Paths { from, to, mode: "all", paths: all.paths, truncated: all.truncated, complete: true };
        }
        let found = view.k_shortest_paths(from, to, self.k.unwrap_or(1), self.weighted);
        let mode = match (self.k.is_some(), self.weighted) {
            (true, _) => "k_shortest",
            (false, true) => "cheapest",
            (false, false) => "shortest",
        };
        Paths { from, to, mode, paths: found.paths, truncated: false, complete: found.complete }
    }
}

impl Paths {
    /// The answer as JSON.
    pub fn json<'a>(&'a self, view: &View<'a>) -> PathsJson<'a> {
        let graph = view.graph();
        PathsJson {
            from: &graph.actor(self.from).id,
            to: &graph.actor(self.to).id,
            mode: self.mode,
            paths: self.paths.iter().map(|p| PathJson::new(view, p)).collect(),
            truncated: self.truncated,
            complete: self.complete,
        }
    }
}
