//! The check of one relation against the vocabulary, the actors and the sources: what
//! [`GraphBuilder::build_with`](crate::GraphBuilder::build_with) runs on every relation, in
//! parallel.

use std::collections::HashSet;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use rustc_hash::FxHashMap;

use crate::build::{RelationCheck, Resolver, Unbuilt, check_order, parse_date, site};
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
}

/// A relation's dates and qualifiers, checked.
struct Qualifiers {
    since: Option<crate::date::PartialDate>,
    until: Option<crate::date::PartialDate>,
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
        let Qualifiers { since, until, status, strength, confidence, about, place } = self.qualifiers(i, &r, problems);
        let (evidence, r) = self.evidence(i, r, problems);
        let outcome = match (subject, kind, object) {
            (Some(subject), Some(kind), Some(object)) => Ok(Relation {
                id: r.id.map(String::into_boxed_str),
                subject,
                kind,
                object,
                since,
                until,
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
                refs: subject.into_iter().chain(object).chain(about).chain(place).collect(),
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

    /// The relation's dates, status, strength, confidence, `about` and `place`.
    fn qualifiers(&self, i: usize, r: &RelationSpec, problems: &mut Vec<Problem>) -> Qualifiers {
        let resolver = self.resolver;
        let at = |f| site(EntryKind::Relation, i, f);
        let since = parse_date(r.since.as_deref(), at("since"), problems);
        let until = parse_date(r.until.as_deref(), at("until"), problems);
        check_order(
            since,
            until,
            EntryKind::Relation,
            i,
            (FieldPath::Field("since"), FieldPath::Field("until")),
            problems,
        );
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
        Qualifiers { since, until, status, strength, confidence, about, place }
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
