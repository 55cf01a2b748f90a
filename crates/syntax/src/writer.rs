//! The one writer of RON: string literals with correct escapes, lists, quotes, and whole entries
//! written from the core's specs, their fields in the order of the table of forms.

use diplograph_core::{ActorSpec, OfficeSpec, RelationSpec, SourceSpec};

use crate::raw::ron_options;
use crate::schema;

/// A RON string literal for `s`: quotes, backslashes and control characters escaped; every
/// other character, non-ASCII included, written as is.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The value of a RON string literal (plain or raw), or `None` when `literal` is not one.
pub fn unstring(literal: &str) -> Option<String> {
    if !(literal.starts_with('"') || literal.starts_with('r')) {
        return None;
    }
    ron_options().from_str::<String>(literal).ok()
}

/// A list of strings: `["a", "b"]`.
pub fn string_list<S: AsRef<str>>(items: &[S]) -> String {
    format!("[{}]", items.iter().map(|s| string(s.as_ref())).collect::<Vec<_>>().join(", "))
}

/// An evidence quote: `Quote(source: "id", text: "...")`.
pub fn quote(source: &str, text: &str) -> String {
    format!("Quote(source: {}, text: {})", string(source), string(text))
}

/// An entry `Form(field: value, ...)` on one line: the fields given, in the table's order.
fn entry(form: &str, mut fields: Vec<(&'static str, String)>) -> String {
    debug_assert!(
        fields.iter().all(|(n, _)| schema::rank(form, n) != usize::MAX),
        "a field of `{form}` not in the table"
    );
    fields.sort_by_key(|(n, _)| schema::rank(form, n));
    let body: Vec<String> = fields.into_iter().map(|(n, v)| format!("{n}: {v}")).collect();
    format!("{form}({})", body.join(", "))
}

/// Pushes `name: "value"` when there is a value.
fn opt(fields: &mut Vec<(&'static str, String)>, name: &'static str, value: &Option<String>) {
    if let Some(v) = value {
        fields.push((name, string(v)));
    }
}

/// Pushes `name: ["a", ...]` when the list is not empty.
fn list(fields: &mut Vec<(&'static str, String)>, name: &'static str, items: &[String]) {
    if !items.is_empty() {
        fields.push((name, string_list(items)));
    }
}

/// An office: `Office(title: "...", of: "...", ...)`.
pub fn office(o: &OfficeSpec) -> String {
    let mut f = vec![("title", string(&o.title)), ("of", string(&o.of))];
    opt(&mut f, "since", &o.since);
    opt(&mut f, "until", &o.until);
    entry("Office", f)
}

/// An actor entry, `Country(...)`, `Person(...)`, ... or `Actor(kind: ..., ...)`.
pub fn actor(a: &ActorSpec) -> String {
    let form = schema::actor_form_name(a.form);
    let mut f = vec![("id", string(&a.id)), ("name", string(&a.name))];
    opt(&mut f, "kind", &a.kind);
    opt(&mut f, "iso3", &a.iso3);
    list(&mut f, "aliases", &a.aliases);
    list(&mut f, "tags", &a.tags);
    opt(&mut f, "country", &a.country);
    if !a.offices.is_empty() {
        f.push(("offices", format!("[{}]", a.offices.iter().map(office).collect::<Vec<_>>().join(", "))));
    }
    opt(&mut f, "start", &a.start);
    opt(&mut f, "end", &a.end);
    opt(&mut f, "on", &a.on);
    opt(&mut f, "place", &a.place);
    opt(&mut f, "note", &a.note);
    entry(form, f)
}

/// A relation entry, `Relation(subject: ..., kind: ..., object: ..., ...)`.
pub fn relation(r: &RelationSpec) -> String {
    let mut f = vec![("subject", string(&r.subject)), ("kind", string(&r.kind)), ("object", string(&r.object))];
    opt(&mut f, "id", &r.id);
    opt(&mut f, "since", &r.since);
    opt(&mut f, "until", &r.until);
    opt(&mut f, "on", &r.on);
    opt(&mut f, "since_event", &r.since_event);
    opt(&mut f, "until_event", &r.until_event);
    opt(&mut f, "status", &r.status);
    if r.negated {
        f.push(("negated", "true".into()));
    }
    list(&mut f, "about", &r.about);
    opt(&mut f, "place", &r.place);
    opt(&mut f, "strength", &r.strength);
    if let Some(c) = r.confidence {
        f.push(("confidence", format!("{c:?}")));
    }
    if !r.evidence.is_empty() {
        let quotes: Vec<String> = r.evidence.iter().map(|e| quote(&e.source, &e.text)).collect();
        f.push(("evidence", format!("[{}]", quotes.join(", "))));
    }
    opt(&mut f, "note", &r.note);
    entry("Relation", f)
}

/// A source entry, `Source(id: ..., ...)`.
pub fn source(s: &SourceSpec) -> String {
    let mut f = vec![("id", string(&s.id))];
    opt(&mut f, "title", &s.title);
    opt(&mut f, "publisher", &s.publisher);
    opt(&mut f, "published", &s.published);
    opt(&mut f, "url", &s.url);
    opt(&mut f, "text", &s.text);
    entry("Source", f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_what_ron_needs() {
        assert_eq!(string("a \"b\" \\ c\nd"), r#""a \"b\" \\ c\nd""#);
        assert_eq!(string("Russia’s «x» 日本"), "\"Russia’s «x» 日本\"");
        assert_eq!(unstring(r#"r"raw \n""#).as_deref(), Some("raw \\n"));
        assert_eq!(unstring("12"), None);
    }

    proptest! {
        #[test]
        fn strings_round_trip_through_the_parser(s in any::<String>()) {
            prop_assert_eq!(unstring(&string(&s)), Some(s));
        }

        #[test]
        fn quotes_round_trip_through_the_parser(source in "[a-z][a-z0-9_-]{0,10}", text in any::<String>()) {
            #[derive(serde::Deserialize, PartialEq, Debug)]
            #[serde(rename = "Quote")]
            struct Q { source: String, text: String }
            let parsed: Q = ron_options().from_str(&quote(&source, &text)).unwrap();
            prop_assert_eq!(parsed, Q { source, text });
        }
    }
}
