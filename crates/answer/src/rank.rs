//! `rank`: actors ranked by a centrality measure.

use diplograph_core::query::{Metric, View};
use diplograph_core::{ActorKey, Graph};
use serde::Serialize;

use crate::error::Error;

/// What to rank by and how much to show.
#[derive(Clone, Debug)]
pub struct RankQuery {
    /// The measure.
    pub metric: Metric,
    /// How many actors to keep, best first.
    pub top: usize,
    /// Betweenness from this many sampled sources (exact when `None`).
    pub samples: Option<usize>,
    /// The seed of the sampling.
    pub seed: u64,
}

/// Actors ranked by a measure.
pub struct Rank {
    /// The measure.
    pub metric: Metric,
    /// The number of actors with at least one relation passing the filters.
    pub active_actors: usize,
    /// The number of sampled sources, or `None` when exact.
    pub samples: Option<usize>,
    /// The best `top` actors and their scores, best first (ties by actor order).
    pub ranked: Vec<(ActorKey, f64)>,
}

/// A ranked actor in JSON.
#[derive(Serialize)]
pub struct RankedJson<'a> {
    /// Its rank, from 1.
    pub rank: usize,
    /// Its id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its score.
    pub score: f64,
}

/// The JSON of [`Rank`].
#[derive(Serialize)]
pub struct RankJson<'a> {
    /// The measure.
    pub metric: &'static str,
    /// Actors with at least one relation passing the filters.
    pub active_actors: usize,
    /// Betweenness: the number of sampled sources, or null when exact.
    pub samples: Option<usize>,
    /// The ranked actors.
    pub actors: Vec<RankedJson<'a>>,
}

/// Checks a query before any work.
pub fn check(q: &RankQuery) -> Result<(), Error> {
    if q.top == 0 {
        return Err(Error::Invalid("--top must be at least 1".into()));
    }
    if q.samples == Some(0) {
        return Err(Error::Invalid("--samples must be at least 1".into()));
    }
    if q.samples.is_some() && q.metric != Metric::Betweenness {
        return Err(Error::Invalid("--samples applies to --metric betweenness only".into()));
    }
    Ok(())
}

/// Ranks the active actors of `view` (see [`check`] for the query's own mistakes).
pub fn rank(view: &View<'_>, q: &RankQuery) -> Result<Rank, Error> {
    check(q)?;
    let active = view.active_actors();
    let samples = q.samples.filter(|&k| k < active.len());
    let scores = view.centrality(q.metric, samples, q.seed);
    let mut ranked: Vec<_> = active.iter().map(|&a| (a, scores[a.index()])).collect();
    ranked.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    ranked.truncate(q.top);
    Ok(Rank { metric: q.metric, active_actors: active.len(), samples, ranked })
}

impl Rank {
    /// The answer as JSON.
    pub fn json<'a>(&'a self, graph: &'a Graph) -> RankJson<'a> {
        RankJson {
            metric: self.metric.as_str(),
            active_actors: self.active_actors,
            samples: self.samples,
            actors: self
                .ranked
                .iter()
                .enumerate()
                .map(|(i, &(a, score))| RankedJson {
                    rank: i + 1,
                    id: &graph.actor(a).id,
                    name: &graph.actor(a).name,
                    score,
                })
                .collect(),
        }
    }
}
