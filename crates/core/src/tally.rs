//! What a build that keeps no graph keeps of relations: a [`Tally`] of each run of them, enough
//! to finish the checks that span all relations (ids defined twice, actors and sources never
//! used) and to count, and the [`Counts`] of a valid dataset.

use crate::build::Unbuilt;
use crate::evidence::Evidence;
use crate::graph::{ActorKey, Graph, SourceKey};
use crate::relation::Relation;

/// The counts `check` reports of a valid dataset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Actors.
    pub actors: usize,
    /// Relations, those the offices stand for included ([`Graph::relation_count`]).
    pub relations: usize,
    /// Sources.
    pub sources: usize,
    /// Facts resting on no quote ([`unsourced_count`](crate::unsourced_count)).
    pub unsourced: usize,
}

impl Counts {
    /// The counts of a graph.
    pub fn of(graph: &Graph) -> Self {
        Self::with_unsourced(graph, crate::sourcing::unsourced_count(graph))
    }

    /// The counts of a graph whose facts resting on no quote were counted already.
    pub fn with_unsourced(graph: &Graph, unsourced: usize) -> Self {
        Counts {
            actors: graph.actor_count(),
            relations: graph.relation_count(),
            sources: graph.sources().len(),
            unsourced,
        }
    }
}

/// A run of relations, each checked without an error, as a build that keeps no graph needs
/// them: how many, their ids, what they refer to and cite, and how many of their facts rest on
/// no quote. Stored beside a file's relations by a cache, so that a check of data whose file did
/// not change reads this rather than the relations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Tally {
    /// How many relations.
    pub(crate) count: u32,
    /// The ids given, with the index of their relation in the run, in order.
    pub(crate) ids: Vec<(u32, Box<str>)>,
    /// The actors referred to, ascending, each once.
    pub(crate) referenced: Vec<u32>,
    /// Each source cited, ascending: its index, how many pieces of evidence cite it, how many
    /// of them are quotes.
    pub(crate) cited: Vec<(u32, u32, u32)>,
    /// How many facts of the relations rest on no quote.
    pub(crate) unsourced: u64,
}

impl Tally {
    /// The tally of relations, in order.
    pub fn of<'a>(relations: impl IntoIterator<Item = &'a Relation>) -> Self {
        let mut tallying = Tallying::default();
        for r in relations {
            tallying.relation(r);
        }
        tallying.finish()
    }

    /// How many relations it stands for.
    pub fn len(&self) -> usize {
        self.count as usize
    }

    /// Whether it stands for no relation.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether every handle it holds lies inside a build of `actors` actors and `sources`
    /// sources, and every id's index inside the run.
    pub(crate) fn fits(&self, actors: usize, sources: usize) -> bool {
        self.referenced.windows(2).all(|w| w[0] < w[1])
            && self.referenced.last().is_none_or(|&a| (a as usize) < actors)
            && self.cited.windows(2).all(|w| w[0].0 < w[1].0)
            && self.cited.last().is_none_or(|&(s, ..)| (s as usize) < sources)
            && self.cited.iter().all(|&(_, cited, quoted)| quoted <= cited)
            && self.ids.windows(2).all(|w| w[0].0 < w[1].0)
            && self.ids.last().is_none_or(|(j, _)| *j < self.count)
    }
}

/// A [`Tally`] being made, relation after relation.
#[derive(Default)]
pub(crate) struct Tallying {
    tally: Tally,
    /// Every citation so far: the source, and whether it is a quote.
    cited: Vec<(u32, bool)>,
}

impl Tallying {
    /// A tally to be made of about `relations` relations, with room for them made at once.
    pub fn with_room(relations: usize) -> Self {
        let mut tallying = Tallying { cited: Vec::with_capacity(relations), ..Tallying::default() };
        // A relation refers to its two ends, and to a few more actors at times.
        tallying.tally.referenced.reserve(2 * relations);
        tallying
    }

    /// How many relations so far.
    pub fn len(&self) -> usize {
        self.tally.len()
    }

    /// Adds a relation checked whole.
    pub fn relation(&mut self, r: &Relation) {
        self.add(r.id.as_deref(), r.referred(), r.evidence.iter().map(Evidence::citation));
        self.tally.unsourced += crate::sourcing::stated_unsourced(r) as u64;
    }

    /// Adds a relation checked whole that is not kept: its id is taken, not copied.
    pub fn relation_dropped(&mut self, mut r: Relation) {
        let id = r.id.take();
        self.relation(&r);
        if let Some(id) = id {
            self.tally.ids.push((self.tally.count - 1, id));
        }
    }

    /// Adds a relation that could not be built.
    pub fn unbuilt(&mut self, u: &Unbuilt) {
        self.add(u.id.as_deref(), u.refs.iter().copied(), u.cited.iter().copied());
    }

    fn add(
        &mut self,
        id: Option<&str>,
        refs: impl Iterator<Item = ActorKey>,
        cited: impl Iterator<Item = (SourceKey, bool)>,
    ) {
        if let Some(id) = id {
            self.tally.ids.push((self.tally.count, id.into()));
        }
        self.tally.count += 1;
        self.tally.referenced.extend(refs.map(|a| a.0));
        self.cited.extend(cited.map(|(s, quote)| (s.0, quote)));
    }

    /// The tally, for a build to merge at once: its lists in the order met, an actor or source
    /// perhaps more than once (what [`finish`](Self::finish) sorts away is not needed to
    /// merge).
    pub fn finish_unordered(mut self) -> Tally {
        self.tally.cited = self.cited.into_iter().map(|(s, quote)| (s, 1, u32::from(quote))).collect();
        self.tally
    }

    /// The tally, to be stored: each list ascending, each actor and source once.
    pub fn finish(mut self) -> Tally {
        self.tally.referenced.sort_unstable();
        self.tally.referenced.dedup();
        self.tally.cited = counted(self.cited);
        self.tally
    }
}

/// Citations `(source, quote?)` counted by source, ascending.
fn counted(mut cited: Vec<(u32, bool)>) -> Vec<(u32, u32, u32)> {
    cited.sort_unstable_by_key(|c| c.0);
    let mut out: Vec<(u32, u32, u32)> = Vec::new();
    for (s, quote) in cited {
        match out.last_mut() {
            Some(last) if last.0 == s => {
                last.1 += 1;
                last.2 += u32::from(quote);
            }
            _ => out.push((s, 1, u32::from(quote))),
        }
    }
    out
}
