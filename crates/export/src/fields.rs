//! Actors and relations as flat records of named fields: the one list of columns that the
//! tabular and XML formats (CSV, GraphML, GEXF, Neo4j) write, so that none drops a field.
//!
//! A list is written as one text with its items joined by `|`; a `|` or `\` inside an item is
//! escaped with `\` ([`join_list`], [`split_list`]).
//!
//! Evidence is three lists: `quote` and `source` (the n-th quote is from the n-th source), and
//! `background`, each item background knowledge written `SOURCE[FIELD,...]: NOTE`
//! ([`background_item`], [`parse_background`]).

use diplograph_core::{Actor, Evidence, Graph, Origin, PartialDate, Relation, RelationKey, days_in_month};

/// The type of a field's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    /// Text.
    Text,
    /// `true` or `false`.
    Bool,
    /// A number from 0 to 1.
    Float,
    /// A list of texts (joined by `|` where a format has no lists).
    List,
}

/// A field's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A truth value.
    Bool(bool),
    /// A number.
    Float(f64),
    /// A list of texts.
    List(Vec<String>),
}

impl Value {
    /// The value as one text: lists joined by `|`, numbers as the shortest text that reads back.
    pub fn to_text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Float(f) => f.to_string(),
            Value::List(items) => join_list(items),
        }
    }
}

/// The fields of an actor, in the order written.
pub const ACTOR_FIELDS: &[(&str, Type)] = &[
    ("id", Type::Text),
    ("name", Type::Text),
    ("kind", Type::Text),
    ("aliases", Type::List),
    ("iso3", Type::Text),
    ("country", Type::Text),
    ("tags", Type::List),
    ("start", Type::Text),
    ("end", Type::Text),
    ("on", Type::Text),
    ("place", Type::Text),
    ("quote", Type::List),
    ("source", Type::List),
    ("background", Type::List),
    ("note", Type::Text),
];

/// The fields of a relation, in the order written. Offices are relations of kind
/// `holds_office` whose `origin` is `office`, whose `note` is the office's title and whose
/// evidence is the office's.
pub const RELATION_FIELDS: &[(&str, Type)] = &[
    ("id", Type::Text),
    ("subject", Type::Text),
    ("kind", Type::Text),
    ("object", Type::Text),
    ("label", Type::Text),
    ("directed", Type::Bool),
    ("polarity", Type::Text),
    ("category", Type::Text),
    ("since", Type::Text),
    ("until", Type::Text),
    ("on", Type::Text),
    ("since_event", Type::Text),
    ("until_event", Type::Text),
    ("status", Type::Text),
    ("negated", Type::Bool),
    ("confidence", Type::Float),
    ("strength", Type::Text),
    ("place", Type::Text),
    ("about", Type::List),
    ("quote", Type::List),
    ("source", Type::List),
    ("background", Type::List),
    ("note", Type::Text),
    ("origin", Type::Text),
];

/// The relation fields with the declared id named `relation_id`, for the XML formats, whose
/// readers (NetworkX) keep an edge's XML id (the handle) as its `id`.
pub fn relation_columns() -> Vec<(&'static str, Type)> {
    RELATION_FIELDS.iter().map(|&(n, t)| (if n == "id" { "relation_id" } else { n }, t)).collect()
}

/// The fields of a source, in the order written.
pub const SOURCE_FIELDS: &[(&str, Type)] = &[
    ("id", Type::Text),
    ("title", Type::Text),
    ("publisher", Type::Text),
    ("published", Type::Text),
    ("url", Type::Text),
    ("kind", Type::Text),
];

fn text(s: &str) -> Option<Value> {
    Some(Value::Text(s.to_owned()))
}

fn opt(s: Option<&str>) -> Option<Value> {
    s.map(|s| Value::Text(s.to_owned()))
}

fn date(d: Option<PartialDate>) -> Option<Value> {
    d.map(|d| Value::Text(d.to_string()))
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> Option<Value> {
    let items: Vec<String> = items.map(str::to_owned).collect();
    (!items.is_empty()).then_some(Value::List(items))
}

/// An actor's fields, in the order of [`ACTOR_FIELDS`]; `None` where a field is not set.
pub fn actor(graph: &Graph, a: &Actor) -> Vec<Option<Value>> {
    let id = |k| graph.actor(k).id.as_ref();
    vec![
        text(&a.id),
        text(&a.name),
        text(&graph.vocabulary().actor_kind(a.kind).id),
        list(a.aliases.iter().map(|s| &**s)),
        opt(a.iso3.as_deref()),
        opt(a.country.map(id)),
        list(a.tags.iter().map(|s| &**s)),
        date(a.start),
        date(a.end),
        date(a.on),
        opt(a.place.map(id)),
        quotes(&a.evidence),
        quoted_sources(graph, &a.evidence),
        background(graph, &a.evidence),
        opt(a.note.as_deref()),
    ]
}

/// The quotes of an evidence list.
fn quotes(evidence: &[Evidence]) -> Option<Value> {
    list(evidence.iter().filter_map(Evidence::quote))
}

/// The sources of the quotes of an evidence list, in the same order.
fn quoted_sources<'a>(graph: &'a Graph, evidence: &'a [Evidence]) -> Option<Value> {
    list(evidence.iter().filter(|e| e.quote().is_some()).map(|e| &*graph.source(e.source()).id))
}

/// The background knowledge of an evidence list, each item written by [`background_item`].
fn background(graph: &Graph, evidence: &[Evidence]) -> Option<Value> {
    let items: Vec<String> = evidence
        .iter()
        .filter_map(|e| match e {
            Evidence::Background { source, fields, note } => {
                Some(background_item(&graph.source(*source).id, fields, note.as_deref()))
            }
            Evidence::Quote { .. } => None,
        })
        .collect();
    (!items.is_empty()).then_some(Value::List(items))
}

/// Background knowledge as one text: `SOURCE[FIELD,...]: NOTE` (`SOURCE[]` for the whole
/// entry; no `: NOTE` without a note). What the `background` columns hold and what
/// `--background` takes.
pub fn background_item<S: AsRef<str>>(source: &str, fields: &[S], note: Option<&str>) -> String {
    let fields: Vec<&str> = fields.iter().map(AsRef::as_ref).collect();
    match note {
        Some(note) => format!("{source}[{}]: {note}", fields.join(",")),
        None => format!("{source}[{}]", fields.join(",")),
    }
}

/// Background knowledge written by [`background_item`]: the source, the fields, the note;
/// `None` when `text` is not of that form.
pub fn parse_background(text: &str) -> Option<(String, Vec<String>, Option<String>)> {
    let (source, rest) = text.split_once('[')?;
    let (fields, rest) = rest.split_once(']')?;
    let note = match rest.trim() {
        "" => None,
        rest => Some(rest.strip_prefix(':')?.trim().to_owned()),
    };
    let fields = fields.split(',').map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned).collect();
    let source = source.trim();
    (!source.is_empty()).then(|| (source.to_owned(), fields, note))
}

/// A relation's fields, in the order of [`RELATION_FIELDS`]; `None` where a field is not set.
pub fn relation(graph: &Graph, r: &Relation) -> Vec<Option<Value>> {
    let id = |k| graph.actor(k).id.as_ref();
    let kind = graph.vocabulary().relation_kind(r.kind);
    vec![
        opt(r.id.as_deref()),
        text(id(r.subject)),
        text(&kind.id),
        text(id(r.object)),
        text(&kind.label),
        Some(Value::Bool(kind.directed)),
        text(kind.polarity.as_str()),
        text(&kind.category),
        date(r.since),
        date(r.until),
        date(r.on),
        opt(r.since_event.map(id)),
        opt(r.until_event.map(id)),
        opt(r.status.map(|s| s.as_str())),
        Some(Value::Bool(r.negated)),
        r.confidence.map(Value::Float),
        opt(r.strength.map(|s| s.as_str())),
        opt(r.place.map(id)),
        list(r.about.iter().map(|&k| id(k))),
        quotes(&r.evidence),
        quoted_sources(graph, &r.evidence),
        background(graph, &r.evidence),
        opt(r.note.as_deref()),
        text(origin(r)),
    ]
}

/// A source's fields, in the order of [`SOURCE_FIELDS`].
pub fn source(s: &diplograph_core::Source) -> Vec<Option<Value>> {
    vec![
        text(&s.id),
        opt(s.title.as_deref()),
        opt(s.publisher.as_deref()),
        date(s.published),
        opt(s.url.as_deref()),
        text(s.kind.as_str()),
    ]
}

/// `stated` for a relation written as such, `office` for one derived from a person's office.
pub fn origin(r: &Relation) -> &'static str {
    match r.origin {
        Origin::Stated(_) => "stated",
        Origin::Office { .. } => "office",
    }
}

/// A relation's handle in exports: its `id` when it has one, else its position in the graph
/// (the same for the same data), written in digits, which no id can be (ids start with a letter).
pub fn relation_handle(graph: &Graph, key: RelationKey) -> String {
    match &graph.relation(key).id {
        Some(id) => id.to_string(),
        None => key.index().to_string(),
    }
}

/// Items joined by `|`, each `|` and `\` inside an item escaped with `\`.
pub fn join_list<S: AsRef<str>>(items: &[S]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        for c in item.as_ref().chars() {
            if c == '|' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// The items of a text written by [`join_list`]; the empty text is the empty list.
pub fn split_list(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut items = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => items.last_mut().expect("one item").push(chars.next().unwrap_or('\\')),
            '|' => items.push(String::new()),
            c => items.last_mut().expect("one item").push(c),
        }
    }
    items
}

/// The first day of a date's interval as `YYYY-MM-DD`.
pub fn first_day(d: PartialDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year_part(), d.month_part().unwrap_or(1), d.day_part().unwrap_or(1))
}

/// The last day of a date's interval as `YYYY-MM-DD`.
pub fn last_day(d: PartialDate) -> String {
    let month = d.month_part().unwrap_or(12);
    let day = d.day_part().unwrap_or_else(|| days_in_month(d.year_part(), month));
    format!("{:04}-{month:02}-{day:02}", d.year_part())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_round_trip_through_one_text() {
        for items in [vec![], vec!["a"], vec!["a|b", "c\\d", ""], vec!["", ""], vec!["\\", "|"]] {
            let items: Vec<String> = items.into_iter().map(String::from).collect();
            let joined = join_list(&items);
            // A list of one empty item cannot be told from the empty list; nothing writes one.
            if items != [""] {
                assert_eq!(split_list(&joined), items, "{joined:?}");
            }
        }
        assert_eq!(join_list(&["a|b", "c"]), "a\\|b|c");
    }

    #[test]
    fn background_items_read_back() {
        for (source, fields, note) in [
            ("general", vec![], None),
            ("general", vec!["since".to_owned()], Some("Signed on 17 January 2025: a treaty [text].")),
            ("ref-1", vec!["since".to_owned(), "until".to_owned()], Some("")),
        ] {
            let item = background_item(source, &fields, note);
            let note = note.filter(|n| !n.is_empty()).map(str::to_owned);
            let read = parse_background(&item).map(|(s, f, n)| (s, f, n.filter(|n| !n.is_empty())));
            assert_eq!(read, Some((source.to_owned(), fields, note)), "{item}");
        }
        assert_eq!(parse_background("general"), None);
        assert_eq!(parse_background("[since]"), None);
        assert_eq!(parse_background("general[since] note without a colon"), None);
    }

    #[test]
    fn partial_dates_become_whole_days() {
        let d = PartialDate::parse("2024-02").unwrap();
        assert_eq!((first_day(d), last_day(d)), ("2024-02-01".into(), "2024-02-29".into()));
        let y = PartialDate::parse("2025").unwrap();
        assert_eq!((first_day(y), last_day(y)), ("2025-01-01".into(), "2025-12-31".into()));
    }
}
