//! The check of one relation against the vocabulary, the actors and the sources: what
//! [`GraphBuilder::build_with`](crate::GraphBuilder::build_with) runs on every relation, in
//! parallel.

use crate::build::{RelationCheck, Resolver, Unbuilt, check_order, one_date_and, parse_date, site};
use crate::date::PartialDate;
use crate::evidence::{Evidence, EvidenceAt, EvidenceContext, EvidenceSpec, RELATION_FACTS};
use crate::graph::ActorKey;
use crate::problem::{EntryKind, FieldPath, Help, Problem, Site};
use crate::relation::{Origin, Relation, RelationSpec, Status, Strength};
use crate::suggest;
use crate::vocabulary::{ActorKindId, RelationKindId, Vocabulary};

/// What checking a relation needs to see, shared by the threads that check them.
#[derive(Clone, Copy)]
pub(crate) struct RelationContext<'a> {
    pub vocabulary: &'a Vocabulary,
    pub resolver: &'a Resolver<'a>,
    /// The kind of each actor.
    pub kinds: &'a [ActorKindId],
    pub holds_office: RelationKindId,
    /// The sources evidence is checked against.
    pub evidence: EvidenceContext<'a>,
    /// Each actor's start and end, for relations bounded by an event.
    pub event_dates: &'a [(Option<PartialDate>, Option<PartialDate>)],
    /// The root kind of events.
    pub event_root: ActorKindId,
}

/// A relation's dates and qualifiers, checked.
struct Qualifiers {
    since: Option<PartialDate>,
    until: Option<PartialDate>,
    on: Option<PartialDate>,
    since_event: Option<ActorKey>,
    until_event: Option<ActorKey>,
    status: Option<Status>,
    strength: Option<Strength>,
    confidence: Option<f64>,
    about: Vec<ActorKey>,
    place: Option<ActorKey>,
}

impl RelationContext<'_> {
    /// Checks the `i`-th relation: the relation, or what it refers to, and every problem.
    pub fn check(&self, i: usize, mut r: RelationSpec) -> RelationCheck {
        let mut problems = Vec::new();
        let problems = &mut problems;
        let (kind, subject, object) = self.kind_and_ends(i, &r, problems);
        let Qualifiers { since, until, on, since_event, until_event, status, strength, confidence, about, place } =
            self.qualifiers(i, &r, problems);
        // Taken out, not moved with the rest: the spec is large, and stays where it is.
        let evidence = self.evidence(i, std::mem::take(&mut r.evidence), problems);
        let outcome = match (subject, kind, object) {
            (Some(subject), Some(kind), Some(object)) => Ok(Relation {
                id: r.id.map(String::into_boxed_str),
                subject,
                kind,
                object,
                since,
                until,
                on,
                since_event,
                until_event,
                status,
                negated: r.negated,
                about,
                place,
                strength,
                confidence,
                evidence,
                note: r.note.map(String::into_boxed_str),
                origin: Origin::Stated(i as u32),
            }),
            _ => Err(Unbuilt {
                id: r.id,
                refs: subject
                    .into_iter()
                    .chain(object)
                    .chain(about)
                    .chain(place)
                    .chain(since_event)
                    .chain(until_event)
                    .collect(),
                cited: evidence.iter().map(Evidence::citation).collect(),
            }),
        };
        RelationCheck { outcome, problems: std::mem::take(problems) }
    }

    /// The relation's kind, subject and object, and whether the kind may link them.
    fn kind_and_ends(
        &self,
        i: usize,
        r: &RelationSpec,
        problems: &mut Vec<Problem>,
    ) -> (Option<RelationKindId>, Option<ActorKey>, Option<ActorKey>) {
        let RelationContext { vocabulary, resolver, kinds, holds_office, .. } = *self;
        let at = |f| site(EntryKind::Relation, i, f);
        let kind = match vocabulary.relation_kind_id(&r.kind) {
            Some(k) => Some(k),
            None => {
                let names: Vec<&str> = vocabulary.relation_kinds().map(|(_, k)| &*k.id).collect();
                let near = suggest::closest(&r.kind, names.iter().map(|n| (*n, *n)));
                problems.push(
                    Problem::error(at("kind"), format!("unknown relation kind \"{}\"", r.kind))
                        .with_code("unknown-relation-kind")
                        .with_help(
                            suggest::did_you_mean(&near)
                                .unwrap_or_else(|| format!("known relation kinds: {}", suggest::one_of(names, 40))),
                        ),
                );
                None
            }
        };
        if kind == Some(holds_office) {
            problems.push(
                Problem::warning(at("kind"), "offices are better written on the person")
                    .with_code("office-as-relation")
                    .with_help(Help::WriteOfficeOnPerson),
            );
        }
        let subject = resolver.resolve(&r.subject, at("subject"), problems);
        let object = resolver.resolve(&r.object, at("object"), problems);
        if let (Some(s), Some(o)) = (subject, object) {
            if s == o {
                problems.push(
                    Problem::error(at("object"), format!("\"{}\" is related to itself", r.subject))
                        .with_code("self-relation")
                        .with_label("same actor as the subject")
                        .with_help("a relation links two different actors; check the subject and the object"),
                );
            } else if let Some(k) = kind {
                let (sk, ok) = (kinds[s.index()], kinds[o.index()]);
                if !vocabulary.allows(k, sk, ok) {
                    let rk = vocabulary.relation_kind(k);
                    let names = |ids: &[ActorKindId]| {
                        if ids.is_empty() {
                            "any".to_owned()
                        } else {
                            ids.iter().map(|k| &*vocabulary.actor_kind(*k).id).collect::<Vec<_>>().join(" or ")
                        }
                    };
                    problems.push(
                        Problem::error(
                            at("kind"),
                            format!(
                                "\"{}\" cannot link a {} to a {}",
                                rk.id,
                                vocabulary.actor_kind(sk).id,
                                vocabulary.actor_kind(ok).id
                            ),
                        )
                        .with_code("kinds-not-allowed")
                        .with_label(format!(
                            "\"{}\" is a {}, \"{}\" is a {}",
                            r.subject,
                            vocabulary.actor_kind(sk).id,
                            r.object,
                            vocabulary.actor_kind(ok).id
                        ))
                        .with_help(format!(
                            "\"{}\" links {} (subject) to {} (object){}",
                            rk.id,
                            names(&rk.subjects),
                            names(&rk.objects),
                            if rk.directed { "" } else { ", in either order" }
                        )),
                    );
                }
            }
        }
        (kind, subject, object)
    }

    /// The relation's dates: `since` and `until`, or the one date `on`, or the bounds of the
    /// events `since_event` and `until_event`, with the events.
    #[allow(clippy::type_complexity)]
    fn dates(
        &self,
        i: usize,
        r: &RelationSpec,
        problems: &mut Vec<Problem>,
    ) -> (Option<PartialDate>, Option<PartialDate>, Option<PartialDate>, Option<ActorKey>, Option<ActorKey>) {
        let RelationContext { vocabulary, resolver, kinds, event_dates, event_root, .. } = *self;
        let at = |f| site(EntryKind::Relation, i, f);
        let mut since = parse_date(r.since.as_deref(), at("since"), problems);
        let mut until = parse_date(r.until.as_deref(), at("until"), problems);
        let on = parse_date(r.on.as_deref(), at("on"), problems);
        if on.is_some() {
            let span = [
                ("since", &r.since),
                ("until", &r.until),
                ("since_event", &r.since_event),
                ("until_event", &r.until_event),
            ];
            for (field, given) in span {
                if given.is_some() {
                    problems.push(one_date_and(field, "a relation", at(field), at("on")));
                }
            }
            (since, until) = (on, on);
        }
        // A bound taken from an event: its start for `since_event`, its end for `until_event`.
        let bound = |field: &'static str,
                     date_field: &'static str,
                     given: bool,
                     end: bool,
                     problems: &mut Vec<Problem>| {
            let id = if field == "since_event" { r.since_event.as_deref() } else { r.until_event.as_deref() }?;
            let key = resolver.resolve(id, at(field), problems)?;
            if !vocabulary.is_a(kinds[key.index()], event_root) {
                problems.push(
                    Problem::error(at(field), format!("\"{id}\" is not an event"))
                        .with_code("not-an-event")
                        .with_label(format!("\"{id}\" is of kind \"{}\"", vocabulary.actor_kind(kinds[key.index()]).id))
                        .with_help(format!("`{field}` names an event (an actor of kind \"event\" or a sub-kind), whose {} the relation takes; or write a date in `{date_field}`", if end { "end" } else { "start" })),
                );
                return None;
            } else if given {
                problems.push(
                    Problem::error(at(field), format!("`{field}` given with `{date_field}`"))
                        .with_code("date-and-event")
                        .with_related(at(date_field), format!("`{date_field}` is a date"))
                        .with_help(format!("keep one: `{date_field}` (a date) or `{field}` (an event)")),
                );
            }
            Some(key)
        };
        let since_event = bound("since_event", "since", r.since.is_some(), false, problems);
        let until_event = bound("until_event", "until", r.until.is_some(), true, problems);
        if on.is_none() {
            if let Some(e) = since_event {
                since = event_dates[e.index()].0;
                if since.is_none() {
                    problems.push(
                        Problem::warning(
                            at("since_event"),
                            "this event has no start date, so neither has the relation",
                        )
                        .with_code("undated-event")
                        .with_help("give the event a `start` (or `on`), or the relation a `since`"),
                    );
                }
            }
            if let Some(e) = until_event {
                until = event_dates[e.index()].1;
            }
        }
        check_order(
            since,
            until,
            EntryKind::Relation,
            i,
            (
                FieldPath::Field(if since_event.is_some() { "since_event" } else { "since" }),
                FieldPath::Field(if until_event.is_some() { "until_event" } else { "until" }),
            ),
            problems,
        );
        (since, until, on, since_event, until_event)
    }

    /// The relation's dates, status, strength, confidence, `about` and `place`.
    fn qualifiers(&self, i: usize, r: &RelationSpec, problems: &mut Vec<Problem>) -> Qualifiers {
        let resolver = self.resolver;
        let at = |f| site(EntryKind::Relation, i, f);
        let (since, until, on, since_event, until_event) = self.dates(i, r, problems);
        let status = r.status.as_deref().and_then(|s| {
            Status::parse(s).or_else(|| {
                let near = suggest::closest(s, Status::ALL.iter().map(|x| (x.as_str(), x.as_str())));
                problems.push(
                    Problem::error(at("status"), format!("unknown status \"{s}\""))
                        .with_code("unknown-status")
                        .with_help(suggest::did_you_mean(&near).unwrap_or_else(|| {
                            format!("status is one of {}", suggest::one_of(Status::ALL.iter().map(|x| x.as_str()), 10))
                        })),
                );
                None
            })
        });
        let strength = r.strength.as_deref().and_then(|s| {
            Strength::parse(s).or_else(|| {
                problems.push(
                    Problem::error(at("strength"), format!("unknown strength \"{s}\""))
                        .with_code("unknown-strength")
                        .with_help("strength is \"limited\", \"moderate\" or \"strong\""),
                );
                None
            })
        });
        let confidence = r.confidence.and_then(|c| {
            if c.is_finite() && (0.0..=1.0).contains(&c) {
                Some(c)
            } else {
                problems.push(
                    Problem::error(at("confidence"), format!("confidence {c} is outside 0.0 to 1.0"))
                        .with_code("confidence-range")
                        .with_help("write how sure you are as a number from 0.0 (a guess) to 1.0 (certain)"),
                );
                None
            }
        });
        let mut about = Vec::with_capacity(r.about.len());
        for (j, a) in r.about.iter().enumerate() {
            if let Some(k) =
                resolver.resolve(a, Site::new(EntryKind::Relation, i, FieldPath::Item("about", j)), problems)
            {
                about.push(k);
            }
        }
        let place = r.place.as_deref().and_then(|p| resolver.resolve(p, at("place"), problems));
        Qualifiers { since, until, on, since_event, until_event, status, strength, confidence, about, place }
    }

    /// The relation's evidence, checked (see [`EvidenceContext::check`]), and a warning when
    /// there is none; the spec is given back without it.
    fn evidence(&self, i: usize, items: Vec<EvidenceSpec>, problems: &mut Vec<Problem>) -> Vec<Evidence> {
        let no_evidence = items.is_empty();
        let at = EvidenceAt { entry: EntryKind::Relation, index: i, office: None };
        let evidence = self.evidence.check(items, &at, RELATION_FACTS, problems);
        if no_evidence {
            problems.push(
                Problem::warning(Site::new(EntryKind::Relation, i, FieldPath::Whole), "relation has no evidence")
                    .with_code("no-evidence")
                    .with_help(Help::AddEvidence),
            );
        }
        evidence
    }
}
