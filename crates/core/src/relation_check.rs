//! The check of one relation against the vocabulary, the actors and the sources: what
//! [`GraphBuilder::build_with`](crate::GraphBuilder::build_with) runs on every relation, in
//! parallel.

use std::collections::HashSet;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use rustc_hash::FxHashMap;

use crate::build::{RelationCheck, Resolver, Unbuilt, check_order, one_date_and, parse_date, site};
use crate::date::PartialDate;
use crate::graph::{ActorKey, SourceKey};
use crate::problem::{EntryKind, FieldPath, Help, Problem, Site};
use crate::quote::QuoteText;
use crate::relation::{Evidence, Origin, Relation, RelationSpec, Status, Strength};
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
    pub source_index: &'a FxHashMap<&'a str, usize>,
    pub source_texts: &'a [Option<QuoteText>],
    pub unreadable_sources: &'a HashSet<String>,
    /// Prepared on the first unknown source: the suggestions, and the list of declared ones.
    pub source_suggestions: &'a OnceLock<(suggest::Candidates<'a>, Option<String>)>,
    /// Set when a relation cites a source that does not exist.
    pub source_missed: &'a AtomicBool,
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
    pub fn check(&self, i: usize, r: RelationSpec) -> RelationCheck {
        let mut problems = Vec::new();
        let problems = &mut problems;
        let (kind, subject, object) = self.kind_and_ends(i, &r, problems);
        let Qualifiers { since, until, on, since_event, until_event, status, strength, confidence, about, place } =
            self.qualifiers(i, &r, problems);
        let (evidence, r) = self.evidence(i, r, problems);
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
                cited: evidence.iter().map(|e| e.source).collect(),
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

    /// The relation's quotes, each checked against its source (and its source's text), and a
    /// warning when there is none; the spec is given back without them.
    fn evidence(&self, i: usize, mut r: RelationSpec, problems: &mut Vec<Problem>) -> (Vec<Evidence>, RelationSpec) {
        let RelationContext {
            source_index, source_texts, unreadable_sources, source_suggestions, source_missed, ..
        } = *self;
        let quotes = std::mem::take(&mut r.evidence);
        let mut evidence = Vec::with_capacity(quotes.len());
        let no_evidence = quotes.is_empty();
        for (j, q) in quotes.into_iter().enumerate() {
            let source_at = Site::new(EntryKind::Relation, i, FieldPath::ItemField("evidence", j, "source"));
            let text_at = Site::new(EntryKind::Relation, i, FieldPath::ItemField("evidence", j, "text"));
            if q.text.trim().is_empty() {
                problems.push(
                    Problem::error(text_at.clone(), "empty quote")
                        .with_code("empty-quote")
                        .with_help("copy the words of the source that support the relation"),
                );
            }
            match source_index.get(q.source.as_str()) {
                Some(&s) => {
                    if let Some(text) = &source_texts[s] {
                        if !q.text.trim().is_empty() && !text.contains(&q.text) {
                            let help = match text.closest(&q.text) {
                                Some(passage) => format!("the closest passage of the text is “{passage}”, where [-...-] is only in the quote and {{+...+}} only in the text; copy the words exactly as the source has them (whitespace, case and typographic quotes may differ)"),
                                None => "copy the words exactly as the source has them; whitespace, case and typographic quotes may differ".into(),
                            };
                            problems.push(
                                Problem::error(
                                    text_at,
                                    format!("this quote does not occur in the text of source \"{}\"", q.source),
                                )
                                .with_code("quote-not-found")
                                .with_help(help),
                            );
                        }
                    }
                    evidence.push(Evidence { source: SourceKey(s as u32), text: q.text.into_boxed_str() });
                }
                None if unreadable_sources.contains(&q.source) => {}
                None => {
                    source_missed.store(true, Ordering::Relaxed);
                    let (candidates, declared) = source_suggestions.get_or_init(|| {
                        let mut known: Vec<&str> = source_index.keys().copied().collect();
                        known.sort_unstable();
                        let declared = (!known.is_empty())
                            .then(|| format!("declared sources: {}", suggest::one_of(known.iter().copied(), 12)));
                        (suggest::Candidates::new(known.into_iter().map(|k| (k, k))), declared)
                    });
                    let help = suggest::did_you_mean(&candidates.closest(&q.source))
                        .or_else(|| declared.clone())
                        .map_or_else(|| Help::DeclareSource(q.source.clone()), Help::Text);
                    problems.push(
                        Problem::error(source_at, format!("unknown source \"{}\"", q.source))
                            .with_code("unknown-source")
                            .with_help(help),
                    );
                }
            }
        }
        if no_evidence {
            problems.push(
                Problem::warning(Site::new(EntryKind::Relation, i, FieldPath::Whole), "relation has no evidence")
                    .with_code("no-evidence")
                    .with_help(Help::AddEvidence),
            );
        }
        (evidence, r)
    }
}
