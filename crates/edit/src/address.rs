//! Finding entries in the files: actors by id, relations by id or by `SUBJECT/KIND/OBJECT#N`,
//! and every place a field names an actor.

use std::ops::Range;

use diplograph_core::suggest;

use diplograph_loader::line_col;
use diplograph_syntax::navigate::{first_token, list_items, struct_fields};
use diplograph_syntax::outline::{FileForm, Section, outline};

use crate::error::Error;

use diplograph_syntax::writer::unstring;

/// One entry of a file, as written.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Entry {
    /// Index of the file in the editor.
    pub file: usize,
    /// The list it is in.
    pub section: Section,
    /// Byte range of the entry.
    pub range: Range<usize>,
    /// Its form: `Country`, `Relation`, ...
    pub form: String,
    /// Its `id`, when it has one.
    pub id: Option<String>,
    /// For relations: subject, kind and object.
    pub triple: Option<(String, String, String)>,
    /// For actors: the `kind` field, when written.
    pub kind: Option<String>,
}

/// The decoded string value of field `name` of the struct at `range`.
pub fn string_field(text: &str, range: Range<usize>, name: &str) -> Option<String> {
    let (_, _, value) = struct_fields(text, range)?.into_iter().find(|(n, _, _)| &text[n.clone()] == name)?;
    unstring(&text[value])
}

/// Every entry of every file, in file order. Files that cannot be outlined contribute the
/// entries found before the problem.
pub fn scan<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<Entry> {
    let mut out = Vec::new();
    for (file, text) in texts.enumerate() {
        let o = outline(text);
        if !matches!(o.form, Some(FileForm::Graph | FileForm::Vocabulary)) {
            continue;
        }
        for s in &o.sections {
            for range in &s.entries {
                let form = text[first_token(text, range.clone())].to_owned();
                let id = string_field(text, range.clone(), "id");
                let (triple, kind) = match s.section {
                    Section::Relations => {
                        let get = |f| string_field(text, range.clone(), f).unwrap_or_default();
                        (Some((get("subject"), get("kind"), get("object"))), None)
                    }
                    _ => (None, string_field(text, range.clone(), "kind")),
                };
                out.push(Entry { file, section: s.section, range: range.clone(), form, id, triple, kind });
            }
        }
    }
    out
}

/// How a relation is named on the command line.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum RelationAddress {
    /// Its `id`.
    Id(String),
    /// `SUBJECT/KIND/OBJECT`, with `#N` (from 1) to pick one of several.
    Triple {
        /// Subject id.
        subject: String,
        /// Relation kind.
        kind: String,
        /// Object id.
        object: String,
        /// Which match, from 1.
        nth: Option<usize>,
    },
}

impl RelationAddress {
    /// Parses `ID`, `SUBJECT/KIND/OBJECT` or `SUBJECT/KIND/OBJECT#N`.
    pub fn parse(s: &str) -> Result<Self, Error> {
        if !s.contains('/') {
            return Ok(RelationAddress::Id(s.to_owned()));
        }
        let (body, nth) = match s.rsplit_once('#') {
            Some((b, n)) => {
                let n: usize = n
                    .parse()
                    .ok()
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| Error::Edit(format!("`#{n}` in \"{s}\" is not a match number (1, 2, ...)")))?;
                (b, Some(n))
            }
            None => (s, None),
        };
        let parts: Vec<&str> = body.split('/').collect();
        match parts.as_slice() {
            [subject, kind, object] if !subject.is_empty() && !kind.is_empty() && !object.is_empty() => {
                Ok(RelationAddress::Triple {
                    subject: (*subject).to_owned(),
                    kind: (*kind).to_owned(),
                    object: (*object).to_owned(),
                    nth,
                })
            }
            _ => Err(Error::Edit(format!(
                "\"{s}\" is not a relation address; write a relation id, or SUBJECT/KIND/OBJECT (add #N to pick one of several)"
            ))),
        }
    }
}

/// `file:line:column` of an entry.
pub fn position(names: &[&str], texts: &[&str], e: &Entry) -> String {
    let (line, col) = line_col(texts[e.file], e.range.start);
    format!("{}:{line}:{col}", names[e.file])
}

/// `subject/kind/object` of a relation entry.
pub fn triple_text(e: &Entry) -> String {
    e.triple.as_ref().map(|(s, k, o)| format!("{s}/{k}/{o}")).unwrap_or_default()
}

/// The actor entry with this id.
pub fn find_actor<'e>(entries: &'e [Entry], id: &str) -> Result<&'e Entry, Error> {
    let actors = || entries.iter().filter(|e| e.section == Section::Actors);
    actors().find(|e| e.id.as_deref() == Some(id)).ok_or_else(|| {
        let near = suggest::closest(id, actors().filter_map(|e| e.id.as_deref().map(|i| (i, i))));
        let hint = suggest::did_you_mean(&near).unwrap_or_else(|| "run `diplograph list` to see the actors".into());
        Error::Edit(format!("no actor \"{id}\" in the data; {hint}"))
    })
}

/// The relation entry an address names.
pub fn find_relation<'e>(
    entries: &'e [Entry],
    address: &RelationAddress,
    names: &[&str],
    texts: &[&str],
) -> Result<&'e Entry, Error> {
    let relations = || entries.iter().filter(|e| e.section == Section::Relations);
    match address {
        RelationAddress::Id(id) => relations().find(|e| e.id.as_deref() == Some(id)).ok_or_else(|| {
            let near = suggest::closest(id, relations().filter_map(|e| e.id.as_deref().map(|i| (i, i))));
            let hint = suggest::did_you_mean(&near)
                .unwrap_or_else(|| "address a relation without an id as SUBJECT/KIND/OBJECT".into());
            Error::Edit(format!("no actor or relation \"{id}\" in the data; {hint}"))
        }),
        RelationAddress::Triple { subject, kind, object, nth } => {
            let is = |e: &&Entry, s: &str, o: &str| {
                e.triple.as_ref().is_some_and(|(es, ek, eo)| es == s && ek == kind && eo == o)
            };
            let mut found: Vec<&Entry> = relations().filter(|e| is(e, subject, object)).collect();
            if found.is_empty() {
                found = relations().filter(|e| is(e, object, subject)).collect();
            }
            let text = format!("{subject}/{kind}/{object}");
            match (found.len(), nth) {
                (0, _) => Err(Error::Edit(format!(
                    "no relation {text} in the data; `diplograph show {subject}` lists the relations of \"{subject}\""
                ))),
                (_, Some(n)) => found
                    .get(n - 1)
                    .copied()
                    .ok_or_else(|| Error::Edit(format!("{text}#{n}: there are only {} relations {text}", found.len()))),
                (1, None) => Ok(found[0]),
                (n, None) => {
                    let list: Vec<String> = found
                        .iter()
                        .enumerate()
                        .map(|(i, e)| {
                            let id = e.id.as_ref().map(|id| format!(" (id: {id})")).unwrap_or_default();
                            format!("  {text}#{} at {}{id}", i + 1, position(names, texts, e))
                        })
                        .collect();
                    Err(Error::Edit(format!("{n} relations match {text}; add #N to pick one:\n{}", list.join("\n"))))
                }
            }
        }
    }
}

/// A place where an entry names an actor.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ActorRef {
    /// Byte range of the string literal.
    pub range: Range<usize>,
    /// The field: `subject`, `object`, `about`, `place`, `since_event`, `until_event`,
    /// `country` or `offices`.
    pub field: &'static str,
    /// The range of the list item holding it, for `about` items.
    pub item: Option<(Range<usize>, Option<Range<usize>>, usize)>,
    /// The id named.
    pub id: String,
}

/// Every string in entry `e` that names an actor.
pub fn actor_refs(text: &str, e: &Entry) -> Vec<ActorRef> {
    let mut out = Vec::new();
    let Some(fields) = struct_fields(text, e.range.clone()) else { return out };
    let relation = e.section == Section::Relations;
    for (name, _, value) in fields {
        let name = &text[name];
        let field: &'static str = match (relation, name) {
            (true, "subject") => "subject",
            (true, "object") => "object",
            (true, "place") | (false, "place") => "place",
            (false, "country") => "country",
            (true, "about") => "about",
            (true, "since_event") => "since_event",
            (true, "until_event") => "until_event",
            (false, "offices") => "offices",
            _ => continue,
        };
        match field {
            "about" => {
                let items = list_items(text, value).unwrap_or_default();
                let count = items.len();
                for (i, item) in items.iter().enumerate() {
                    if let Some(id) = unstring(&text[item.clone()]) {
                        let previous = (i > 0).then(|| items[i - 1].clone());
                        out.push(ActorRef {
                            range: item.clone(),
                            field,
                            item: Some((item.clone(), previous, count)),
                            id,
                        });
                    }
                }
            }
            "offices" => {
                for office in list_items(text, value).unwrap_or_default() {
                    if let Some((_, _, of)) = struct_fields(text, office)
                        .unwrap_or_default()
                        .into_iter()
                        .find(|(n, _, _)| &text[n.clone()] == "of")
                    {
                        if let Some(id) = unstring(&text[of.clone()]) {
                            out.push(ActorRef { range: of, field, item: None, id });
                        }
                    }
                }
            }
            _ => {
                if let Some(id) = unstring(&text[value.clone()]) {
                    out.push(ActorRef { range: value, field, item: None, id });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_addresses() {
        assert_eq!(RelationAddress::parse("ru-ir").unwrap(), RelationAddress::Id("ru-ir".into()));
        assert_eq!(
            RelationAddress::parse("russia/war/ukraine#2").unwrap(),
            RelationAddress::Triple {
                subject: "russia".into(),
                kind: "war".into(),
                object: "ukraine".into(),
                nth: Some(2)
            }
        );
        assert!(RelationAddress::parse("a/b").is_err());
        assert!(RelationAddress::parse("a/b/c#0").is_err());
    }

    #[test]
    fn finds_relations_in_either_order_and_asks_to_disambiguate() {
        let text = "Graph(relations: [\n Relation(subject: \"a\", kind: \"k\", object: \"b\"),\n Relation(subject: \"a\", kind: \"k\", object: \"b\", id: \"x\"),\n])";
        let entries = scan([text].into_iter());
        let addr = |s| RelationAddress::parse(s).unwrap();
        let find = |s| find_relation(&entries, &addr(s), &["f.ron"], &[text]);
        assert_eq!(find("b/k/a#2").unwrap().id.as_deref(), Some("x"));
        let e = find("a/k/b").unwrap_err().to_string();
        assert!(e.contains("a/k/b#2 at f.ron:3:2 (id: x)"), "{e}");
        assert!(find("a/k/c").is_err());
    }
}
