//! Which relations and actors a query or a diagram considers: kinds, polarity, category, date,
//! confidence, negation, avoided actors. Shared by every query and by the diagrams.

use crate::date::PartialDate;
use crate::error::Error;
use crate::graph::{ActorKey, Graph};
use crate::lookup::find_actor;
use crate::relation::Relation;
use crate::suggest;
use crate::vocabulary::{Polarity, RelationKindId};

/// A filter as a user writes it: names, not handles. Resolve it with [`Filter::resolve`].
#[derive(Clone, Debug, Default)]
pub struct FilterSpec {
    /// Only these relation kinds (empty: all).
    pub kinds: Vec<String>,
    /// Never these relation kinds.
    pub exclude_kinds: Vec<String>,
    /// Only these polarities (empty: all).
    pub polarities: Vec<String>,
    /// Only these categories (empty: all).
    pub categories: Vec<String>,
    /// Only relations holding at this date.
    pub at: Option<String>,
    /// Only relations with at least this confidence; a relation without one counts as 1.0.
    pub min_confidence: Option<f64>,
    /// Leave out undated relations (neither `since` nor `until`), which otherwise hold at
    /// every `at` date.
    pub dated_only: bool,
    /// Never pass through these actors.
    pub avoid: Vec<String>,
    /// Paths must pass through these actors (path queries only; other queries ignore it).
    pub through: Vec<String>,
    /// Follow relations from subject to object only; symmetric kinds still count both ways.
    pub directed: bool,
    /// Keep negated relations too (for views that show them; queries never traverse them).
    pub include_negated: bool,
}

impl FilterSpec {
    /// Checks what can be checked without a graph: the polarities, the date and the confidence.
    /// [`Filter::resolve`] checks the same, and the names that need the vocabulary and the actors.
    pub fn check(&self) -> Result<(), Error> {
        self.checked().map(drop)
    }

    fn checked(&self) -> Result<Checked, Error> {
        let polarities = if self.polarities.is_empty() {
            None
        } else {
            let mut p = [false; 3];
            for name in &self.polarities {
                let polarity = Polarity::parse(name).ok_or_else(|| Error::UnknownPolarity(name.clone()))?;
                p[polarity_index(polarity)] = true;
            }
            Some(p)
        };
        let at = self.at.as_deref().map(PartialDate::parse).transpose()?;
        let min_confidence = match self.min_confidence {
            Some(c) if !(0.0..=1.0).contains(&c) => {
                return Err(Error::Invalid(format!("--min-confidence {c} is outside 0.0 to 1.0")));
            }
            c => c,
        };
        Ok(Checked { polarities, at, min_confidence })
    }
}

/// The parts of a [`FilterSpec`] that need no graph, parsed.
struct Checked {
    polarities: Option<[bool; 3]>,
    at: Option<PartialDate>,
    min_confidence: Option<f64>,
}

/// A resolved filter; cheap to test against each relation.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Bit per relation kind: allowed or not (`None` when every kind is allowed).
    kinds: Option<Vec<bool>>,
    polarities: Option<[bool; 3]>,
    /// Only relations holding at this date.
    pub at: Option<PartialDate>,
    min_confidence: Option<f64>,
    /// Whether undated relations are left out.
    pub dated_only: bool,
    avoid: Vec<ActorKey>,
    through: Vec<ActorKey>,
    /// Whether relations are followed from subject to object only (symmetric kinds both ways).
    pub directed: bool,
    /// Whether negated relations pass.
    pub include_negated: bool,
}

/// Why a relation or an actor does not pass a [`Filter`]; displayed as the option that hides it.
#[derive(Clone, Debug, PartialEq)]
pub enum Rejection {
    /// The relation is negated.
    Negated,
    /// Its kind is not among `--kinds`, is in `--exclude-kinds`, or is outside `--category`.
    Kind(String),
    /// Its polarity is not among `--polarity`.
    Polarity(Polarity),
    /// Its confidence is below `--min-confidence`.
    Confidence(f64),
    /// It does not hold at the `--at` date.
    Date(PartialDate),
    /// It has no date (`--dated`).
    Undated,
    /// It touches an avoided actor.
    Avoided(ActorKey),
}

impl Rejection {
    /// A short explanation naming the option responsible, e.g. `does not hold at 2024 (--at)`.
    pub fn describe(&self, graph: &Graph) -> String {
        match self {
            Rejection::Negated => "negated relations never connect actors".into(),
            Rejection::Kind(k) => format!("kind {k} is filtered out (--kinds, --exclude-kinds, --category)"),
            Rejection::Polarity(p) => format!("polarity {p} is filtered out (--polarity)"),
            Rejection::Confidence(c) => format!("confidence {c} is below --min-confidence"),
            Rejection::Date(d) => format!("does not hold at {d} (--at)"),
            Rejection::Undated => "has no date (--dated)".into(),
            Rejection::Avoided(a) => format!("{} is avoided (--avoid)", graph.actor(*a).id),
        }
    }
}

fn polarity_index(p: Polarity) -> usize {
    match p {
        Polarity::Cooperative => 0,
        Polarity::Hostile => 1,
        Polarity::Neutral => 2,
    }
}

impl Filter {
    /// A filter that lets every non-negated relation through.
    pub fn all() -> Self {
        Self::default()
    }

    /// Resolves names against the graph's vocabulary and actors.
    pub fn resolve(spec: &FilterSpec, graph: &Graph) -> Result<Self, Error> {
        let vocabulary = graph.vocabulary();
        let count = vocabulary.relation_kinds().len();
        let kind_id = |name: &str| -> Result<RelationKindId, Error> {
            vocabulary.relation_kind_id(name).ok_or_else(|| Error::UnknownRelationKind {
                id: name.to_owned(),
                suggestions: suggest::closest(name, vocabulary.relation_kinds().map(|(_, k)| (&*k.id, &*k.id)))
                    .into_iter()
                    .map(String::from)
                    .collect(),
            })
        };
        let mut allowed: Option<Vec<bool>> = None;
        if !spec.kinds.is_empty() {
            let mut bits = vec![false; count];
            for k in &spec.kinds {
                bits[kind_id(k)?.0 as usize] = true;
            }
            allowed = Some(bits);
        }
        if !spec.categories.is_empty() {
            let known: Vec<&str> = {
                let mut c: Vec<&str> = vocabulary.relation_kinds().map(|(_, k)| &*k.category).collect();
                c.sort_unstable();
                c.dedup();
                c
            };
            for c in &spec.categories {
                if !known.contains(&c.as_str()) {
                    return Err(Error::UnknownCategory { id: c.clone(), known: known.join(", ") });
                }
            }
            let bits = allowed.get_or_insert_with(|| vec![true; count]);
            for (id, k) in vocabulary.relation_kinds() {
                if !spec.categories.iter().any(|c| **c == *k.category) {
                    bits[id.0 as usize] = false;
                }
            }
        }
        if !spec.exclude_kinds.is_empty() {
            let bits = allowed.get_or_insert_with(|| vec![true; count]);
            for k in &spec.exclude_kinds {
                bits[kind_id(k)?.0 as usize] = false;
            }
        }
        let Checked { polarities, at, min_confidence } = spec.checked()?;
        let avoid = spec.avoid.iter().map(|id| find_actor(graph, id)).collect::<Result<Vec<_>, _>>()?;
        let through = spec.through.iter().map(|id| find_actor(graph, id)).collect::<Result<Vec<_>, _>>()?;
        if let Some(both) = through.iter().find(|t| avoid.contains(t)) {
            return Err(Error::Invalid(format!(
                "\"{}\" is both avoided and required (--avoid and --through)",
                graph.actor(*both).id
            )));
        }
        Ok(Self {
            kinds: allowed,
            polarities,
            at,
            min_confidence,
            dated_only: spec.dated_only,
            avoid,
            through,
            directed: spec.directed,
            include_negated: spec.include_negated,
        })
    }

    /// The actors paths must pass through, in the order given.
    pub fn through(&self) -> &[ActorKey] {
        &self.through
    }

    /// The avoided actors.
    pub fn avoided(&self) -> &[ActorKey] {
        &self.avoid
    }

    /// Every reason a relation (with its ends) fails the filter; empty when it passes.
    pub fn rejections(&self, graph: &Graph, r: &Relation) -> Vec<Rejection> {
        let mut out = Vec::new();
        let kind = graph.vocabulary().relation_kind(r.kind);
        if r.negated && !self.include_negated {
            out.push(Rejection::Negated);
        }
        if self.kinds.as_ref().is_some_and(|bits| !bits[r.kind.0 as usize]) {
            out.push(Rejection::Kind(kind.id.to_string()));
        }
        if self.polarities.as_ref().is_some_and(|p| !p[polarity_index(kind.polarity)]) {
            out.push(Rejection::Polarity(kind.polarity));
        }
        if let Some(min) = self.min_confidence {
            let c = r.confidence.unwrap_or(1.0);
            if c < min {
                out.push(Rejection::Confidence(c));
            }
        }
        if let Some(at) = self.at.filter(|&d| !r.holds_at(Some(d))) {
            out.push(Rejection::Date(at));
        }
        if self.dated_only && r.is_undated() {
            out.push(Rejection::Undated);
        }
        for end in [r.subject, r.object] {
            if !self.accepts_actor(end) {
                out.push(Rejection::Avoided(end));
            }
        }
        out
    }

    /// Whether a relation passes the filter (its endpoints are not checked: see
    /// [`Filter::accepts_actor`]).
    pub fn accepts(&self, graph: &Graph, r: &Relation) -> bool {
        if r.negated && !self.include_negated {
            return false;
        }
        if let Some(bits) = &self.kinds {
            if !bits[r.kind.0 as usize] {
                return false;
            }
        }
        if let Some(p) = &self.polarities {
            if !p[polarity_index(graph.vocabulary().relation_kind(r.kind).polarity)] {
                return false;
            }
        }
        if let Some(min) = self.min_confidence {
            if r.confidence.unwrap_or(1.0) < min {
                return false;
            }
        }
        if self.dated_only && r.is_undated() {
            return false;
        }
        r.holds_at(self.at)
    }

    /// Whether an actor may appear (it is not avoided).
    pub fn accepts_actor(&self, actor: ActorKey) -> bool {
        !self.avoid.contains(&actor)
    }

    /// Whether a relation and both its ends pass.
    pub fn accepts_edge(&self, graph: &Graph, r: &Relation) -> bool {
        self.accepts(graph, r) && self.accepts_actor(r.subject) && self.accepts_actor(r.object)
    }

    /// Whether this filter hides anything beyond negated relations.
    pub fn is_restrictive(&self) -> bool {
        self.kinds.is_some()
            || self.polarities.is_some()
            || self.at.is_some()
            || self.min_confidence.is_some()
            || self.dated_only
            || !self.avoid.is_empty()
            || !self.through.is_empty()
            || self.directed
    }
}
