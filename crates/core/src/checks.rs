//! The checking of relations a chunk at a time, on any thread: the [`RelationChecker`] a build
//! hands to the code that reads its relations, the [`Checks`] of one chunk as they are made,
//! and the [`Produced`] chunk the build merges in input order.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::build::RelationCheck;
use crate::id_index::IdIndex;
use crate::problem::{EntryKind, Problem};
use crate::relation::{Relation, RelationSpec};
use crate::relation_check::RelationContext;
use crate::tally::{Tally, Tallying};

/// Checks relations one at a time against the vocabulary, actors and sources of a build, on any
/// thread: what [`GraphBuilder::build_with`](crate::GraphBuilder::build_with) hands to the code
/// that produces its relations.
pub struct RelationChecker<'a> {
    pub(crate) context: &'a RelationContext<'a>,
    pub(crate) unreadable: &'a AtomicBool,
    /// Whether a relation's handles point inside this build's actors, kinds and sources.
    pub(crate) fits: &'a (dyn Fn(&Relation) -> bool + Sync),
    /// Whether the build keeps no graph, and how many actors and sources it has.
    pub(crate) counts_only: bool,
    pub(crate) actors: usize,
    pub(crate) sources: usize,
    /// What a relation's ends and sources are looked up in.
    pub(crate) actor_index: &'a IdIndex,
    pub(crate) source_index: &'a IdIndex,
}

impl<'a> RelationChecker<'a> {
    /// The checks of a chunk of about `expected` relations, to add each relation to as it is
    /// read ([`Checks::check`]). A build that keeps no graph tallies each relation at once and
    /// drops it, unless `hand_back`: then it also hands the relations back
    /// ([`Built::handed_back`](crate::Built::handed_back)), for a cache to store them.
    pub fn checks(&self, expected: usize, hand_back: bool) -> Checks<'_, 'a> {
        let pending = match self.counts_only {
            true => Pending::tallying(expected, hand_back.then(|| Vec::with_capacity(expected))),
            false => Pending::Relations(Vec::with_capacity(expected)),
        };
        Checks { checker: self, pending }
    }

    /// Has the processor fetch what checking `spec` will look up first (its ends and the sources
    /// of its evidence), for a caller with other work to do before it checks `spec`: a lookup
    /// that would wait for memory then finds it in the caches. Changes nothing else.
    pub fn prefetch(&self, spec: &RelationSpec) {
        self.actor_index.prefetch(&spec.subject);
        self.actor_index.prefetch(&spec.object);
        for e in &spec.evidence {
            self.source_index.prefetch(e.source());
        }
    }

    /// Records that a relation could not be read (the caller reports why), as
    /// [`GraphBuilder::add_unreadable`](crate::GraphBuilder::add_unreadable) does: the build
    /// then gives no graph, and nothing is reported unused.
    pub fn unreadable(&self) {
        self.unreadable.store(true, Ordering::Relaxed);
    }

    /// Takes the [`Tally`] of relations that an earlier build checked against the same
    /// vocabulary, actors and sources (in the same order) and found without problems, for a build
    /// that keeps no graph: merged like the relations it stands for. `None` when a handle points
    /// outside this build, or the build keeps a graph (a tally holds no relations).
    pub fn reuse_tally(&self, tally: Tally) -> Option<Produced> {
        (self.counts_only && tally.fits(self.actors, self.sources)).then_some(Produced(Batch::Tallied {
            tally,
            problems: Vec::new(),
            complete: true,
            relations: None,
        }))
    }
}

/// The relations of one chunk, each added as soon as it is checked (see
/// [`RelationChecker::checks`]); made into the chunk the build merges with [`Produced::from`].
pub struct Checks<'c, 'a> {
    checker: &'c RelationChecker<'a>,
    pending: Pending,
}

impl<'c, 'a> Checks<'c, 'a> {
    /// The checker these checks are made with.
    pub fn checker(&self) -> &'c RelationChecker<'a> {
        self.checker
    }

    /// Validates one relation and adds it, with its problems.
    pub fn check(&mut self, spec: RelationSpec) {
        // The index is set when the chunk is merged, in input order.
        let checked = self.checker.context.check(0, spec);
        self.pending.add(checked);
    }

    /// Takes a relation that an earlier build checked against the same vocabulary, actors and
    /// sources (in the same order) and found without problems, as a cache stores it: it is
    /// merged like a checked one (numbered, its id checked against the others', what it refers
    /// to marked as used). `None`, and nothing added, when a handle points outside this build:
    /// it was not checked against this build's entries.
    pub fn reuse(&mut self, relation: Relation) -> Option<()> {
        (self.checker.fits)(&relation)
            .then(|| self.pending.add(RelationCheck { outcome: Ok(relation), problems: Vec::new() }))
    }
}

/// What the relations of a chunk checked so far make.
enum Pending {
    /// Each relation checked, for the graph.
    Relations(Vec<RelationCheck>),
    /// Tallied, for a build that keeps no graph: each problem numbered within the chunk, and
    /// the relations kept when they are to be handed back.
    Tallying { tallying: Tallying, problems: Vec<Problem>, complete: bool, relations: Option<Vec<Relation>> },
}

impl Pending {
    fn tallying(expected: usize, relations: Option<Vec<Relation>>) -> Self {
        let tallying = Tallying::with_room(expected);
        Pending::Tallying { tallying, problems: Vec::new(), complete: true, relations }
    }

    fn add(&mut self, c: RelationCheck) {
        match self {
            Pending::Relations(relations) => relations.push(c),
            Pending::Tallying { tallying, problems, complete, relations } => {
                let j = tallying.len();
                problems.extend(c.problems.into_iter().map(|p| numbered(p, j)));
                match c.outcome {
                    Ok(r) => match relations {
                        Some(kept) => {
                            tallying.relation(&r);
                            kept.push(r);
                        }
                        None => tallying.relation_dropped(r),
                    },
                    Err(u) => {
                        *complete = false;
                        tallying.unbuilt(&u);
                    }
                }
            }
        }
    }

    fn finish(self) -> Batch {
        match self {
            Pending::Relations(relations) => Batch::Relations(relations),
            Pending::Tallying { tallying, problems, complete, relations } => Batch::Tallied {
                tally: tallying.finish_unordered(),
                problems,
                complete,
                // Handed back only when all of them could be built.
                relations: relations.filter(|_| complete),
            },
        }
    }
}

/// A chunk of relations produced during a build
/// ([`GraphBuilder::build_with`](crate::GraphBuilder::build_with)).
pub struct Produced(pub(crate) Batch);

impl From<Checks<'_, '_>> for Produced {
    fn from(checks: Checks<'_, '_>) -> Self {
        Produced(checks.pending.finish())
    }
}

impl Produced {
    /// A chunk of no relations.
    pub fn nothing() -> Self {
        Produced(Batch::Relations(Vec::new()))
    }
}

/// A chunk checked, ready to be merged in input order.
pub(crate) enum Batch {
    /// Each relation checked, for the graph.
    Relations(Vec<RelationCheck>),
    /// Tallied, for a build that keeps no graph: each problem numbered within the chunk.
    Tallied { tally: Tally, problems: Vec<Problem>, complete: bool, relations: Option<Vec<Relation>> },
}

impl Batch {
    pub(crate) fn len(&self) -> usize {
        match self {
            Batch::Relations(r) => r.len(),
            Batch::Tallied { tally, .. } => tally.len(),
        }
    }

    /// Relations checked, made into what a build merges: tallied when `counts_only`.
    pub(crate) fn of(checks: Vec<RelationCheck>, counts_only: bool) -> Self {
        if !counts_only {
            return Batch::Relations(checks);
        }
        let mut pending = Pending::tallying(checks.len(), None);
        for c in checks {
            pending.add(c);
        }
        pending.finish()
    }
}

/// A problem of relation `i`, numbered: relations are checked before their index is known.
pub(crate) fn numbered(mut p: Problem, i: usize) -> Problem {
    p.site.index = i;
    // The other places a problem shows are in the same relation.
    for (site, _) in &mut p.related {
        if site.entry == EntryKind::Relation {
            site.index = i;
        }
    }
    p
}
