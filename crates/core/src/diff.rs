//! Comparing two graphs by meaning: actors added, removed, renamed or changed; relations added,
//! removed or changed, field by field.
//!
//! Actors are matched by id; an actor that disappears while a new one lists its old id among
//! its aliases (what `rename` leaves behind), or has the same name and kind, counts as renamed.
//! Relations are matched by their `id` when both sides have one, then by subject, kind and
//! object (references followed through renames, either order for symmetric kinds); among
//! several candidates, identical ones pair first, the rest in file order. Relations derived
//! from offices are not compared on their own: offices are compared as fields of their person.

use std::collections::HashMap;

use crate::actor::Actor;
use crate::evidence::Evidence;
use crate::graph::{ActorKey, Graph, RelationKey, SourceKey};
use crate::relation::{Origin, Relation};

/// How an entry differs between the old and the new graph.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Change {
    /// Only in the new graph.
    Added,
    /// Only in the old graph.
    Removed,
    /// In both, under another id (actors only); fields may also have changed.
    Renamed,
    /// In both, with different fields.
    Changed,
    /// In both, the same.
    Unchanged,
}

impl Change {
    /// The name used in output: `added`, `removed`, `renamed`, `changed`, `unchanged`.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Renamed => "renamed",
            Change::Changed => "changed",
            Change::Unchanged => "unchanged",
        }
    }
}

/// One field that differs. For list fields (aliases, evidence, ...) each item added or removed
/// is its own change, with only `new` or only `old` set.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FieldChange {
    /// The field name, as written in data files.
    pub field: &'static str,
    /// The old value, if any.
    pub old: Option<String>,
    /// The new value, if any.
    pub new: Option<String>,
    /// Whether this is one item of a list field, added (`new`) or removed (`old`).
    pub item: bool,
}

/// An actor compared.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ActorDiff {
    /// What happened to it.
    pub change: Change,
    /// Its handle in the old graph.
    pub old: Option<ActorKey>,
    /// Its handle in the new graph.
    pub new: Option<ActorKey>,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
}

/// A stated relation compared.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RelationDiff {
    /// What happened to it (never `Renamed`).
    pub change: Change,
    /// Its handle in the old graph.
    pub old: Option<RelationKey>,
    /// Its handle in the new graph.
    pub new: Option<RelationKey>,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
}

/// A source compared.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SourceDiff {
    /// What happened to it (never `Renamed`).
    pub change: Change,
    /// Its handle in the old graph.
    pub old: Option<SourceKey>,
    /// Its handle in the new graph.
    pub new: Option<SourceKey>,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
}

/// Everything that differs between two graphs, and what does not (for drawing the union).
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct GraphDiff {
    /// Every actor of either graph: new graph order, then removed ones in old order.
    pub actors: Vec<ActorDiff>,
    /// Every stated relation of either graph: new graph order, then removed ones in old order.
    pub relations: Vec<RelationDiff>,
    /// Every source of either graph.
    pub sources: Vec<SourceDiff>,
}

impl GraphDiff {
    /// Whether the two graphs mean the same.
    pub fn is_empty(&self) -> bool {
        self.actors.iter().all(|a| a.change == Change::Unchanged)
            && self.relations.iter().all(|r| r.change == Change::Unchanged)
            && self.sources.iter().all(|s| s.change == Change::Unchanged)
    }
}

fn opt<T: ToString>(v: Option<T>) -> Option<String> {
    v.map(|x| x.to_string())
}

fn scalar(out: &mut Vec<FieldChange>, field: &'static str, old: Option<String>, new: Option<String>) {
    if old != new {
        out.push(FieldChange { field, old, new, item: false });
    }
}

/// An evidence list as the items a diff compares: `SOURCE: "quote"`, or the background as the
/// command line writes it.
fn evidence(g: &Graph, list: &[Evidence]) -> Vec<String> {
    list.iter()
        .map(|e| match e.quote() {
            Some(text) => format!("{}: \"{text}\"", g.source(e.source()).id),
            None => crate::text::evidence(g, e),
        })
        .collect()
}

fn items(out: &mut Vec<FieldChange>, field: &'static str, old: Vec<String>, new: Vec<String>) {
    let mut remaining = new.clone();
    for o in &old {
        match remaining.iter().position(|n| n == o) {
            Some(i) => {
                remaining.remove(i);
            }
            None => out.push(FieldChange { field, old: Some(o.clone()), new: None, item: true }),
        }
    }
    let mut remaining_old = old;
    for n in new {
        match remaining_old.iter().position(|o| *o == n) {
            Some(i) => {
                remaining_old.remove(i);
            }
            None => out.push(FieldChange { field, old: None, new: Some(n), item: true }),
        }
    }
}

/// The two graphs, with the old graph's actor ids translated to the new graph's.
struct Pair<'a> {
    old: &'a Graph,
    new: &'a Graph,
    /// Old actor key -> the id it has in the new graph (itself when not renamed).
    renamed: Vec<Box<str>>,
}

impl Pair<'_> {
    fn old_id(&self, k: ActorKey) -> &str {
        &self.renamed[k.index()]
    }

    fn new_id(&self, k: ActorKey) -> &str {
        &self.new.actor(k).id
    }

    fn actor_fields(&self, o: &Actor, n: &Actor) -> Vec<FieldChange> {
        let (old, new) = (self.old, self.new);
        let mut f = Vec::new();
        scalar(&mut f, "name", Some(o.name.to_string()), Some(n.name.to_string()));
        scalar(
            &mut f,
            "kind",
            Some(old.vocabulary().actor_kind(o.kind).id.to_string()),
            Some(new.vocabulary().actor_kind(n.kind).id.to_string()),
        );
        let strs = |v: &[Box<str>]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        items(&mut f, "aliases", strs(&o.aliases), strs(&n.aliases));
        items(&mut f, "tags", strs(&o.tags), strs(&n.tags));
        scalar(&mut f, "iso3", opt(o.iso3.as_deref()), opt(n.iso3.as_deref()));
        scalar(
            &mut f,
            "country",
            o.country.map(|k| self.old_id(k).to_owned()),
            n.country.map(|k| self.new_id(k).to_owned()),
        );
        let office = |title: &str, of: &str, since: Option<String>, until: Option<String>| {
            let dates = match (since, until) {
                (None, None) => String::new(),
                (s, u) => format!(" ({} to {})", s.unwrap_or_default(), u.unwrap_or_default()),
            };
            format!("{title} of {of}{dates}")
        };
        items(
            &mut f,
            "offices",
            o.offices.iter().map(|x| office(&x.title, self.old_id(x.of), opt(x.since), opt(x.until))).collect(),
            n.offices.iter().map(|x| office(&x.title, self.new_id(x.of), opt(x.since), opt(x.until))).collect(),
        );
        // An office's evidence, each item under the office's title.
        let office_evidence = |g: &Graph, a: &Actor| -> Vec<String> {
            a.offices
                .iter()
                .flat_map(|x| evidence(g, &x.evidence).into_iter().map(|e| format!("{}: {e}", x.title)))
                .collect()
        };
        items(&mut f, "offices.evidence", office_evidence(old, o), office_evidence(new, n));
        scalar(&mut f, "start", opt(o.start), opt(n.start));
        scalar(&mut f, "end", opt(o.end), opt(n.end));
        scalar(&mut f, "on", opt(o.on), opt(n.on));
        scalar(&mut f, "place", o.place.map(|k| self.old_id(k).to_owned()), n.place.map(|k| self.new_id(k).to_owned()));
        items(&mut f, "evidence", evidence(old, &o.evidence), evidence(new, &n.evidence));
        scalar(&mut f, "note", opt(o.note.as_deref()), opt(n.note.as_deref()));
        f
    }

    fn relation_fields(&self, o: &Relation, n: &Relation) -> Vec<FieldChange> {
        let (old, new) = (self.old, self.new);
        let mut f = Vec::new();
        scalar(&mut f, "id", opt(o.id.as_deref()), opt(n.id.as_deref()));
        scalar(&mut f, "subject", Some(self.old_id(o.subject).to_owned()), Some(self.new_id(n.subject).to_owned()));
        scalar(
            &mut f,
            "kind",
            Some(old.vocabulary().relation_kind(o.kind).id.to_string()),
            Some(new.vocabulary().relation_kind(n.kind).id.to_string()),
        );
        scalar(&mut f, "object", Some(self.old_id(o.object).to_owned()), Some(self.new_id(n.object).to_owned()));
        scalar(&mut f, "since", opt(o.since), opt(n.since));
        scalar(&mut f, "until", opt(o.until), opt(n.until));
        scalar(&mut f, "on", opt(o.on), opt(n.on));
        let event = |k: Option<ActorKey>, old: bool| {
            k.map(|k| if old { self.old_id(k).to_owned() } else { self.new_id(k).to_owned() })
        };
        scalar(&mut f, "since_event", event(o.since_event, true), event(n.since_event, false));
        scalar(&mut f, "until_event", event(o.until_event, true), event(n.until_event, false));
        scalar(&mut f, "status", opt(o.status), opt(n.status));
        scalar(&mut f, "negated", Some(o.negated.to_string()), Some(n.negated.to_string()));
        items(
            &mut f,
            "about",
            o.about.iter().map(|k| self.old_id(*k).to_owned()).collect(),
            n.about.iter().map(|k| self.new_id(*k).to_owned()).collect(),
        );
        scalar(&mut f, "place", o.place.map(|k| self.old_id(k).to_owned()), n.place.map(|k| self.new_id(k).to_owned()));
        scalar(&mut f, "strength", opt(o.strength), opt(n.strength));
        scalar(&mut f, "confidence", opt(o.confidence), opt(n.confidence));
        items(&mut f, "evidence", evidence(old, &o.evidence), evidence(new, &n.evidence));
        scalar(&mut f, "note", opt(o.note.as_deref()), opt(n.note.as_deref()));
        f
    }

    /// The matching key of a relation without an id: subject, kind, object (ordered for
    /// symmetric kinds), in new-graph ids.
    fn key(&self, g: &Graph, r: &Relation, is_old: bool) -> (String, String, String) {
        let id = |k| if is_old { self.old_id(k).to_owned() } else { self.new_id(k).to_owned() };
        let kind = g.vocabulary().relation_kind(r.kind);
        let (mut s, mut o) = (id(r.subject), id(r.object));
        if !kind.directed && o < s {
            std::mem::swap(&mut s, &mut o);
        }
        (s, kind.id.to_string(), o)
    }
}

fn stated(g: &Graph) -> Vec<(RelationKey, &Relation)> {
    g.relations().filter(|(_, r)| matches!(r.origin, Origin::Stated(_))).collect()
}

/// Compares `old` with `new`.
pub fn diff(old: &Graph, new: &Graph) -> GraphDiff {
    diff_until(old, new, &|| false).unwrap_or_default()
}

/// How many actors or relations are compared between two questions to `stop`.
pub const STOP_BLOCK: usize = 1024;

/// [`diff`], given up once `stop` returns true: `None` then. `stop` is asked before each actor
/// whose rename is looked for (among all new actors), and before each block of
/// [`STOP_BLOCK`] actors or relations of every other pass, so that a caller with a time budget
/// ends the comparison soon after the budget runs out.
pub fn diff_until(old: &Graph, new: &Graph, stop: &dyn Fn() -> bool) -> Option<GraphDiff> {
    let halt = |i: usize| i.is_multiple_of(STOP_BLOCK) && stop();
    // Actors: by id, then renames.
    let mut old_match: Vec<Option<ActorKey>> = vec![None; old.actor_count()];
    let mut new_match: Vec<Option<ActorKey>> = vec![None; new.actor_count()];
    for (i, (k, a)) in old.actors().enumerate() {
        if halt(i) {
            return None;
        }
        if let Some(n) = new.actor_key(&a.id) {
            old_match[k.index()] = Some(n);
            new_match[n.index()] = Some(k);
        }
    }
    for (k, a) in old.actors() {
        if old_match[k.index()].is_some() {
            continue;
        }
        if stop() {
            return None;
        }
        let free = |n: &ActorKey| new_match[n.index()].is_none();
        let by_alias =
            new.actors().map(|(n, _)| n).filter(free).find(|n| new.actor(*n).aliases.iter().any(|al| **al == *a.id));
        let by_name = || {
            new.actors().map(|(n, _)| n).filter(free).find(|n| {
                let b = new.actor(*n);
                b.name == a.name && new.vocabulary().actor_kind(b.kind).id == old.vocabulary().actor_kind(a.kind).id
            })
        };
        if let Some(n) = by_alias.or_else(by_name) {
            old_match[k.index()] = Some(n);
            new_match[n.index()] = Some(k);
        }
    }
    let renamed: Vec<Box<str>> = old
        .actors()
        .map(|(k, a)| old_match[k.index()].map_or_else(|| a.id.clone(), |n| new.actor(n).id.clone()))
        .collect();
    let pair = Pair { old, new, renamed };

    let mut out = GraphDiff::default();
    for (i, (n, b)) in new.actors().enumerate() {
        if halt(i) {
            return None;
        }
        let entry = match new_match[n.index()] {
            None => ActorDiff { change: Change::Added, old: None, new: Some(n), fields: Vec::new() },
            Some(o) => {
                let fields = pair.actor_fields(old.actor(o), b);
                let change = if old.actor(o).id != b.id {
                    Change::Renamed
                } else if fields.is_empty() {
                    Change::Unchanged
                } else {
                    Change::Changed
                };
                ActorDiff { change, old: Some(o), new: Some(n), fields }
            }
        };
        out.actors.push(entry);
    }
    for (o, _) in old.actors() {
        if old_match[o.index()].is_none() {
            out.actors.push(ActorDiff { change: Change::Removed, old: Some(o), new: None, fields: Vec::new() });
        }
    }

    // Relations: by id, then by subject/kind/object.
    let old_rel = stated(old);
    let new_rel = stated(new);
    let mut old_pair: HashMap<RelationKey, RelationKey> = HashMap::new();
    let mut new_pair: HashMap<RelationKey, RelationKey> = HashMap::new();
    for (i, (nk, r)) in new_rel.iter().enumerate() {
        if halt(i) {
            return None;
        }
        if let Some(ok) = r.id.as_deref().and_then(|id| old.relation_key(id)) {
            old_pair.insert(ok, *nk);
            new_pair.insert(*nk, ok);
        }
    }
    let mut groups: HashMap<(String, String, String), Vec<RelationKey>> = HashMap::new();
    for (i, (ok, r)) in old_rel.iter().enumerate() {
        if halt(i) {
            return None;
        }
        if !old_pair.contains_key(ok) {
            groups.entry(pair.key(old, r, true)).or_default().push(*ok);
        }
    }
    // Identical relations pair first, then the rest in order.
    for exact in [true, false] {
        for (i, (nk, r)) in new_rel.iter().enumerate() {
            if halt(i) {
                return None;
            }
            if new_pair.contains_key(nk) {
                continue;
            }
            let Some(candidates) = groups.get_mut(&pair.key(new, r, false)) else { continue };
            let pos = candidates.iter().position(|ok| !exact || pair.relation_fields(old.relation(*ok), r).is_empty());
            if let Some(i) = pos {
                let ok = candidates.remove(i);
                old_pair.insert(ok, *nk);
                new_pair.insert(*nk, ok);
            }
        }
    }
    for (i, (nk, r)) in new_rel.iter().enumerate() {
        if halt(i) {
            return None;
        }
        out.relations.push(match new_pair.get(nk) {
            None => RelationDiff { change: Change::Added, old: None, new: Some(*nk), fields: Vec::new() },
            Some(ok) => {
                let fields = pair.relation_fields(old.relation(*ok), r);
                let change = if fields.is_empty() { Change::Unchanged } else { Change::Changed };
                RelationDiff { change, old: Some(*ok), new: Some(*nk), fields }
            }
        });
    }
    for (ok, _) in &old_rel {
        if !old_pair.contains_key(ok) {
            out.relations.push(RelationDiff { change: Change::Removed, old: Some(*ok), new: None, fields: Vec::new() });
        }
    }

    // Sources: by id.
    for (nk, s) in new.sources() {
        out.sources.push(match old.source_key(&s.id) {
            None => SourceDiff { change: Change::Added, old: None, new: Some(nk), fields: Vec::new() },
            Some(ok) => {
                let o = old.source(ok);
                let mut f = Vec::new();
                scalar(&mut f, "title", opt(o.title.as_deref()), opt(s.title.as_deref()));
                scalar(&mut f, "publisher", opt(o.publisher.as_deref()), opt(s.publisher.as_deref()));
                scalar(&mut f, "published", opt(o.published), opt(s.published));
                scalar(&mut f, "url", opt(o.url.as_deref()), opt(s.url.as_deref()));
                let change = if f.is_empty() { Change::Unchanged } else { Change::Changed };
                SourceDiff { change, old: Some(ok), new: Some(nk), fields: f }
            }
        });
    }
    for (ok, s) in old.sources() {
        if new.source_key(&s.id).is_none() {
            out.sources.push(SourceDiff { change: Change::Removed, old: Some(ok), new: None, fields: Vec::new() });
        }
    }
    (!stop()).then_some(out)
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::{ActorForm, ActorKindSpec, ActorSpec, EvidenceSpec, GraphBuilder, RelationKindSpec, RelationSpec};
    use crate::{SourceSpec, Vocabulary};

    /// A graph of `actors` countries in a ring of `relations` partnerships; `renamed` gives
    /// the first actor another id, keeping its name (a rename the diff finds).
    fn ring(actors: usize, relations: usize, renamed: bool) -> Graph {
        let kinds = ["country", "person", "organization", "event"]
            .map(|id| ActorKindSpec { id: id.into(), ..Default::default() })
            .to_vec();
        let kind =
            |id: &str| RelationKindSpec { id: id.into(), polarity: Some("cooperative".into()), ..Default::default() };
        let (vocabulary, _) = Vocabulary::build(kinds, vec![kind("holds_office"), kind("partnership")]);
        let mut builder = GraphBuilder::new(vocabulary.expect("a valid vocabulary"));
        builder.add_source(SourceSpec { id: "s".into(), ..Default::default() });
        let id = |i: usize| if i == 0 && renamed { "renamed".to_owned() } else { format!("a{i}") };
        for i in 0..actors {
            builder.add_actor(ActorSpec::new(ActorForm::Country, id(i), format!("Actor {i}")));
        }
        for i in 0..relations {
            builder.add_relation(RelationSpec {
                subject: id(i % actors),
                kind: "partnership".into(),
                object: id((i + 1 + i / actors) % actors),
                evidence: vec![EvidenceSpec::quote("s", format!("quote {i}"))],
                ..Default::default()
            });
        }
        builder.build().graph.expect("valid data")
    }

    /// A person holding an office of a country, each with one quote, quoting `actor` and
    /// `office`.
    fn quoted(actor: &str, office: &str) -> Graph {
        let kinds = ["country", "person", "organization", "event"]
            .map(|id| ActorKindSpec { id: id.into(), ..Default::default() })
            .to_vec();
        let held =
            RelationKindSpec { id: "holds_office".into(), polarity: Some("cooperative".into()), ..Default::default() };
        let (vocabulary, _) = Vocabulary::build(kinds, vec![held]);
        let mut builder = GraphBuilder::new(vocabulary.expect("a valid vocabulary"));
        builder.add_source(SourceSpec { id: "s".into(), ..Default::default() });
        builder.add_actor(ActorSpec::new(ActorForm::Country, "c", "C"));
        let mut person = ActorSpec::new(ActorForm::Person, "p", "P");
        person.evidence = vec![EvidenceSpec::quote("s", actor)];
        person.offices = vec![crate::OfficeSpec {
            title: "Minister".into(),
            of: "c".into(),
            since: None,
            until: None,
            evidence: vec![EvidenceSpec::quote("s", office)],
        }];
        builder.add_actor(person);
        builder.build().graph.expect("valid data")
    }

    #[test]
    fn the_evidence_of_actors_and_offices_is_compared() {
        let fields = |old: &Graph, new: &Graph| -> Vec<FieldChange> {
            diff(old, new).actors.into_iter().flat_map(|a| a.fields).collect()
        };
        let change = |field, old: Option<&str>, new: Option<&str>| FieldChange {
            field,
            old: old.map(str::to_owned),
            new: new.map(str::to_owned),
            item: true,
        };
        assert_eq!(fields(&quoted("a", "o"), &quoted("a", "o")), vec![]);
        assert_eq!(
            fields(&quoted("a", "o"), &quoted("b", "o")),
            vec![change("evidence", Some("s: \"a\""), None), change("evidence", None, Some("s: \"b\""))]
        );
        assert_eq!(
            fields(&quoted("a", "o"), &quoted("a", "q")),
            vec![
                change("offices.evidence", Some("Minister: s: \"o\""), None),
                change("offices.evidence", None, Some("Minister: s: \"q\""))
            ]
        );
    }

    #[test]
    fn a_comparison_stops_inside_when_asked_and_is_whole_otherwise() {
        let (old, new) = (ring(3000, 6000, false), ring(3000, 6000, true));
        let whole = diff(&old, &new);
        assert_eq!(diff_until(&old, &new, &|| false).as_ref(), Some(&whole));
        assert_eq!(whole.actors.iter().filter(|a| a.change == Change::Renamed).count(), 1);
        // How often the whole comparison asks: once per block of its two passes over actors and
        // five over relations, and for the rename looked for.
        let asked = Cell::new(0);
        diff_until(&old, &new, &|| {
            asked.set(asked.get() + 1);
            false
        });
        let blocks = 2 * 3000usize.div_ceil(STOP_BLOCK) + 5 * 6000usize.div_ceil(STOP_BLOCK);
        assert!(asked.get() > blocks, "asked {} times", asked.get());
        // Stopped at any of those questions, it gives up, and asks no more.
        for n in [1, 2, blocks / 2, asked.get() - 1] {
            let count = Cell::new(0);
            let stopped = diff_until(&old, &new, &|| {
                count.set(count.get() + 1);
                count.get() >= n
            });
            assert_eq!(stopped, None, "stopped at question {n}");
            assert_eq!(count.get(), n, "went on after question {n}");
        }
    }
}
