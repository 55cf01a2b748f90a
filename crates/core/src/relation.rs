//! Relations: typed, dated, possibly negated edges between two actors, with evidence.

use std::fmt;

use crate::date::{PartialDate, Span};
use crate::evidence::Evidence;
use crate::evidence::EvidenceSpec;
use crate::graph::ActorKey;
use crate::vocabulary::RelationKindId;

/// Where a relation stands.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Status {
    /// In force.
    Active,
    /// No longer in force.
    Ended,
    /// Put forward by the subject, not (yet) taken up.
    Offered,
    /// Suggested, not agreed.
    Proposed,
    /// Offered and turned down or gone nowhere.
    Rejected,
    /// Paused.
    Suspended,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 6] =
        [Status::Active, Status::Ended, Status::Offered, Status::Proposed, Status::Rejected, Status::Suspended];

    /// The name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Ended => "ended",
            Status::Offered => "offered",
            Status::Proposed => "proposed",
            Status::Rejected => "rejected",
            Status::Suspended => "suspended",
        }
    }

    /// Parses a status name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How strong a relation is, when the source qualifies it ("limited backing").
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Strength {
    /// Limited, partial, weak.
    Limited,
    /// Moderate.
    Moderate,
    /// Strong, decisive.
    Strong,
}

impl Strength {
    /// Every strength, weakest first.
    pub const ALL: [Strength; 3] = [Strength::Limited, Strength::Moderate, Strength::Strong];

    /// The name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Limited => "limited",
            Strength::Moderate => "moderate",
            Strength::Strong => "strong",
        }
    }

    /// Parses a strength name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// A weight in (0, 1]: limited 1/3, moderate 2/3, strong 1.
    pub fn weight(self) -> f64 {
        match self {
            Strength::Limited => 1.0 / 3.0,
            Strength::Moderate => 2.0 / 3.0,
            Strength::Strong => 1.0,
        }
    }
}

impl fmt::Display for Strength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A source as written by a user.
#[derive(Clone, Debug, Default)]
pub struct SourceSpec {
    /// Slug.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// What sort of source it is: `document` (the default) or `general_knowledge`.
    pub kind: Option<String>,
    /// The full text, when available: every quote citing the source must occur in it.
    /// Used for validation only; the graph does not keep it.
    pub text: Option<String>,
}

/// A validated source.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Source {
    /// Slug.
    pub id: Box<str>,
    /// Title.
    pub title: Option<Box<str>>,
    /// Publisher.
    pub publisher: Option<Box<str>>,
    /// Publication date.
    pub published: Option<PartialDate>,
    /// Address.
    pub url: Option<Box<str>>,
    /// What sort of source it is.
    pub kind: SourceKind,
}

/// What sort of source a source is: a document that can be quoted, or what is generally known,
/// which can only back facts as background knowledge.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SourceKind {
    /// An article, a report, a book, a web page: what quotes cite.
    #[default]
    Document,
    /// What is generally known: no words to quote, only background.
    GeneralKnowledge,
}

impl SourceKind {
    /// Every kind.
    pub const ALL: [SourceKind; 2] = [SourceKind::Document, SourceKind::GeneralKnowledge];

    /// The name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Document => "document",
            SourceKind::GeneralKnowledge => "general_knowledge",
        }
    }

    /// Parses a kind name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A relation as written by a user, before validation.
#[derive(Clone, Debug, Default)]
pub struct RelationSpec {
    /// Optional stable handle.
    pub id: Option<String>,
    /// Subject actor id.
    pub subject: String,
    /// Relation kind id.
    pub kind: String,
    /// Object actor id.
    pub object: String,
    /// Start date.
    pub since: Option<String>,
    /// End date.
    pub until: Option<String>,
    /// The one date of a relation that held on a single day (or month, or year): instead of
    /// `since` and `until`.
    pub on: Option<String>,
    /// Id of the event whose start is the relation's start, instead of `since`.
    pub since_event: Option<String>,
    /// Id of the event whose end is the relation's end, instead of `until`.
    pub until_event: Option<String>,
    /// Status name.
    pub status: Option<String>,
    /// Whether the source denies the relation.
    pub negated: bool,
    /// Ids of actors the relation is about.
    pub about: Vec<String>,
    /// Id of the place where it holds.
    pub place: Option<String>,
    /// Strength name.
    pub strength: Option<String>,
    /// Confidence, 0 to 1.
    pub confidence: Option<f64>,
    /// Quotes and background knowledge.
    pub evidence: Vec<EvidenceSpec>,
    /// Free text.
    pub note: Option<String>,
}

/// Where a relation came from.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Origin {
    /// A relation entry; the index is its position in the builder's input.
    Stated(u32),
    /// Derived from an office of a person: the person's input index and the office's position.
    Office {
        /// Input index of the person.
        actor: u32,
        /// Position of the office in the person's `offices`.
        office: u32,
    },
}

/// A validated relation, an edge of the graph.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Relation {
    /// Optional stable handle.
    pub id: Option<Box<str>>,
    /// Subject.
    pub subject: ActorKey,
    /// Kind.
    pub kind: RelationKindId,
    /// Object.
    pub object: ActorKey,
    /// Start date: as written, or the start of `since_event`, or `on`.
    pub since: Option<PartialDate>,
    /// End date: as written, or the end of `until_event`, or `on`.
    pub until: Option<PartialDate>,
    /// The one date of a relation written with `on` (then `since` and `until` are both that
    /// date).
    pub on: Option<PartialDate>,
    /// The event whose start `since` was taken from.
    pub since_event: Option<ActorKey>,
    /// The event whose end `until` was taken from.
    pub until_event: Option<ActorKey>,
    /// Status.
    pub status: Option<Status>,
    /// Whether the source denies the relation.
    pub negated: bool,
    /// Actors the relation is about.
    pub about: Vec<ActorKey>,
    /// Where it holds.
    pub place: Option<ActorKey>,
    /// Strength.
    pub strength: Option<Strength>,
    /// Confidence, 0 to 1.
    pub confidence: Option<f64>,
    /// Quotes and background knowledge.
    pub evidence: Vec<Evidence>,
    /// Free text.
    pub note: Option<Box<str>>,
    /// Where it came from.
    pub origin: Origin,
}

impl Relation {
    /// Every actor the relation refers to: its ends, the events bounding it, its place and the
    /// actors it is about.
    pub(crate) fn referred(&self) -> impl Iterator<Item = ActorKey> + '_ {
        [self.subject, self.object]
            .into_iter()
            .chain(self.since_event)
            .chain(self.until_event)
            .chain(self.place)
            .chain(self.about.iter().copied())
    }

    /// The interval of days the relation covers.
    ///
    /// An undated relation (neither `since` nor `until`) covers every day, unless it is over
    /// (`ended` or `rejected`): then when it held is unknown, so it covers no day
    /// ([`Span::NEVER`]), and is never shown as holding at a date that may be after its end.
    /// An `ended` or `rejected` relation with a `since` and no `until` is taken to have ended
    /// within its `since` interval: an offer rejected in 2023 does not hold in 2025.
    pub fn span(&self) -> Span {
        match (self.since, self.until, self.status) {
            (None, None, Some(Status::Ended | Status::Rejected)) => Span::NEVER,
            (since, None, Some(Status::Ended | Status::Rejected)) => Span::new(since, since),
            (since, until, _) => Span::new(since, until),
        }
    }

    /// Whether the relation has neither `since` nor `until`. Unless it is over, it holds at every
    /// date: queries at a date say how many of their relations are undated
    /// ([`Filter::dated_only`](crate::Filter::dated_only) leaves them out).
    pub fn is_undated(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// Whether the relation holds at `date` (always true when `date` is `None`).
    pub fn holds_at(&self, date: Option<PartialDate>) -> bool {
        date.is_none_or(|d| self.span().holds_at(d))
    }

    /// The other end of the relation, seen from `actor`.
    pub fn other(&self, actor: ActorKey) -> ActorKey {
        if self.subject == actor { self.object } else { self.subject }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::RelationKindId;

    fn relation(since: Option<&str>, until: Option<&str>, status: Option<Status>) -> Relation {
        let date = |d: Option<&str>| d.map(|d| PartialDate::parse(d).unwrap());
        Relation {
            id: None,
            subject: ActorKey(0),
            kind: RelationKindId(0),
            object: ActorKey(1),
            since: date(since),
            until: date(until),
            on: None,
            since_event: None,
            until_event: None,
            status,
            negated: false,
            about: Vec::new(),
            place: None,
            strength: None,
            confidence: None,
            evidence: Vec::new(),
            note: None,
            origin: Origin::Stated(0),
        }
    }

    #[test]
    fn when_a_relation_holds() {
        let at = |d: &str| Some(PartialDate::parse(d).unwrap());
        let ended = Some(Status::Ended);
        // Open on both sides: always.
        assert!(relation(None, None, None).holds_at(at("1990")));
        // Ended without `until`: within its `since` interval only.
        let r = relation(Some("2022"), None, ended);
        assert!(r.holds_at(at("2022-05")) && !r.holds_at(at("2023")) && !r.holds_at(at("2021")));
        // Ended with neither date: at no date, but still listed when no date is asked.
        let r = relation(None, None, ended);
        assert!(!r.holds_at(at("2025")) && !r.holds_at(at("0001")) && r.holds_at(None));
        let r = relation(None, None, Some(Status::Rejected));
        assert!(!r.holds_at(at("2025")));
        // An `until` says when it ended, whatever the status.
        let r = relation(None, Some("2020"), ended);
        assert!(r.holds_at(at("2019")) && !r.holds_at(at("2021")));
    }

    #[test]
    fn single_dates_and_event_bounds_resolve_to_dates_at_every_query() {
        use crate::{ActorForm, ActorSpec, GraphBuilder, RelationSpec};
        let mut b = GraphBuilder::new(crate::query::testing::vocabulary());
        b.add_actor(ActorSpec::new(ActorForm::Country, "a", "A"));
        b.add_actor(ActorSpec::new(ActorForm::Country, "b", "B"));
        let event = |id: &str, start: Option<&str>, end: Option<&str>, on: Option<&str>| ActorSpec {
            start: start.map(Into::into),
            end: end.map(Into::into),
            on: on.map(Into::into),
            ..ActorSpec::new(ActorForm::Event, id, id)
        };
        b.add_actor(event("attack", None, None, Some("2023-10-07")));
        b.add_actor(event("war", Some("2023-10-07"), Some("2025-10"), None));
        b.add_actor(event("talks", Some("2021-09"), None, None));
        let relation = |id: &str, f: &dyn Fn(&mut RelationSpec)| {
            let mut r = RelationSpec {
                id: Some(id.into()),
                subject: "a".into(),
                kind: "ally".into(),
                object: "b".into(),
                ..Default::default()
            };
            f(&mut r);
            r
        };
        b.add_relation(relation("on", &|r| r.on = Some("2021-09-21".into())));
        b.add_relation(relation("since-attack", &|r| r.since_event = Some("attack".into())));
        b.add_relation(relation("during-war", &|r| {
            (r.since_event, r.until_event) = (Some("war".into()), Some("war".into()))
        }));
        b.add_relation(relation("until-open", &|r| r.until_event = Some("talks".into())));
        b.add_relation(relation("undated", &|_| {}));
        let built = b.build();
        let g = built.graph.unwrap_or_else(|| panic!("{:?}", built.problems));
        let r = |id: &str| g.relation(g.relation_key(id).unwrap());
        let at = |d: &str| Some(PartialDate::parse(d).unwrap());
        // `on`: that day only; since and until are the day.
        let on = r("on");
        assert_eq!((on.since, on.until, on.on), (at("2021-09-21"), at("2021-09-21"), at("2021-09-21")));
        assert!(on.holds_at(at("2021-09")) && !on.holds_at(at("2021-10")) && !on.holds_at(at("2024")));
        assert!(!on.is_undated());
        // From the attack's day on.
        let since = r("since-attack");
        assert_eq!((since.since, since.until), (at("2023-10-07"), None));
        assert!(!since.holds_at(at("2023-10-06")) && since.holds_at(at("2023-10-07")) && since.holds_at(at("2030")));
        // The war's start to its end.
        let during = r("during-war");
        assert!(during.holds_at(at("2024")) && during.holds_at(at("2025-10")) && !during.holds_at(at("2025-11")));
        // An event with no end leaves the relation open.
        let until = r("until-open");
        assert_eq!((until.since, until.until), (None, None));
        assert!(until.is_undated() && until.holds_at(at("1990")));
        // The same answers through a filter at a date, as every query uses it.
        let filter =
            crate::Filter::resolve(&crate::FilterSpec { at: Some("2024".into()), ..Default::default() }, &g).unwrap();
        let kept: Vec<&str> =
            g.relations().filter(|(_, r)| filter.accepts_edge(&g, r)).filter_map(|(_, r)| r.id.as_deref()).collect();
        assert_eq!(kept, ["since-attack", "during-war", "until-open", "undated"]);
        let dated = crate::Filter::resolve(
            &crate::FilterSpec { at: Some("2024".into()), dated_only: true, ..Default::default() },
            &g,
        )
        .unwrap();
        let kept: Vec<&str> =
            g.relations().filter(|(_, r)| dated.accepts_edge(&g, r)).filter_map(|(_, r)| r.id.as_deref()).collect();
        assert_eq!(kept, ["since-attack", "during-war"]);
    }
}
