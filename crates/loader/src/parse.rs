//! Parsing one file: outline it, then deserialize each entry on its own.

use std::ops::Range;

use diplograph_core::{EntryKind, Severity, suggest};
use ron::Options;
use ron::error::{Error as RonError, SpannedError};
use serde::de::DeserializeOwned;

pub(crate) use diplograph_syntax::raw::ron_options;

use crate::diagnostic::{Diagnostic, Label};
use crate::files::offset;
use crate::lexer::{Lexer, Tok, Token};
use crate::navigate::first_token;
use crate::outline::{FileForm, Outline, Section, outline};
use crate::raw::{ActorKindRaw, ActorRaw, RelationKindRaw, RelationRaw, SourceRaw};
use crate::salvage::{entry_id, scan_ids};

/// What one entry turned into.
#[derive(Debug)]
pub(crate) enum Parsed {
    Source(SourceRaw),
    Actor(diplograph_core::ActorSpec),
    ActorKind(diplograph_core::ActorKindSpec),
    RelationKind(diplograph_core::RelationKindSpec),
    /// Could not be read; its `id` when one could be found.
    Unreadable(EntryKind, Option<String>),
}

/// One entry of a file and where it is.
#[derive(Debug)]
pub(crate) struct ParsedEntry {
    pub range: Range<usize>,
    pub parsed: Parsed,
}

/// A parsed file.
#[derive(Debug, Default)]
pub(crate) struct ParsedFile {
    pub outline: Outline,
    /// Every entry but the readable relations.
    pub entries: Vec<ParsedEntry>,
    /// The readable relations, in file order, and their byte ranges; kept apart so that they go
    /// to the builder as one vector.
    pub relations: Vec<diplograph_core::RelationSpec>,
    pub relation_ranges: Vec<Range<usize>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The kinds of entry an id salvaged from a section may belong to.
fn salvaged_kinds(section: Option<Section>, form: Option<FileForm>) -> &'static [EntryKind] {
    match (section, form) {
        (Some(Section::Relations), _) => &[],
        (Some(s), _) => match s {
            Section::Sources => &[EntryKind::Source],
            Section::Actors => &[EntryKind::Actor],
            Section::ActorKinds => &[EntryKind::ActorKind],
            _ => &[EntryKind::RelationKind],
        },
        (None, Some(FileForm::Vocabulary)) => &[EntryKind::ActorKind, EntryKind::RelationKind],
        (None, _) => &[EntryKind::Actor, EntryKind::Source],
    }
}

fn entry_kind(section: Section) -> EntryKind {
    match section {
        Section::Sources => EntryKind::Source,
        Section::Actors => EntryKind::Actor,
        Section::Relations => EntryKind::Relation,
        Section::ActorKinds => EntryKind::ActorKind,
        Section::RelationKinds => EntryKind::RelationKind,
    }
}

/// Parses the text of file number `file`: in one pass when it is clean (see [`crate::fast`]),
/// else entry by entry, reporting every problem.
pub(crate) fn parse_file(file: usize, text: &str) -> ParsedFile {
    crate::fast::parse_clean(text).unwrap_or_else(|| parse_outlined(file, text))
}

/// Parses the text of file number `file` entry by entry: outlined first, so that one broken
/// entry does not hide the others.
pub(crate) fn parse_outlined(file: usize, text: &str) -> ParsedFile {
    let outline = outline(text);
    let mut diagnostics: Vec<Diagnostic> = outline
        .errors
        .iter()
        .map(|e| Diagnostic {
            severity: Severity::Error,
            message: e.message.clone(),
            primary: Some(Label { file, range: e.range.clone(), message: e.label.clone() }),
            secondary: e
                .related
                .iter()
                .map(|(range, message)| Label { file, range: range.clone(), message: message.clone() })
                .collect(),
            help: e.help.clone(),
            code: Some("syntax".into()),
        })
        .collect();
    if outline.form.is_none() && outline.errors.is_empty() {
        // An empty file is harmless; one with something in it (comments, say) that declares
        // nothing was likely meant to declare something.
        let empty = text.trim().is_empty();
        diagnostics.push(Diagnostic {
            severity: if empty { Severity::Warning } else { Severity::Error },
            message: "this file declares nothing".into(),
            primary: Some(Label {
                file,
                range: 0..0,
                message: if empty { "empty file" } else { "nothing but comments in this file" }.into(),
            }),
            secondary: Vec::new(),
            help: Some("write `Graph(actors: [...], relations: [...])`, or delete the file".into()),
            code: Some("empty-file".into()),
        });
    }
    let options = ron_options();
    let count = |wanted: bool| {
        outline.sections.iter().filter(|s| (s.section == Section::Relations) == wanted).map(|s| s.entries.len()).sum()
    };
    let mut entries = Vec::with_capacity(count(false));
    let mut relations = Vec::with_capacity(count(true));
    let mut relation_ranges = Vec::with_capacity(count(true));
    for section in &outline.sections {
        let kind = entry_kind(section.section);
        for (range, &sound) in section.entries.iter().zip(&section.sound) {
            let slice = &text[range.clone()];
            let parsed = if !sound {
                // An entry whose brackets or strings are broken may run over the entries after
                // it: keep every id it holds.
                let id = entry_id(text, range.clone());
                for (_, at, other) in scan_ids(text, range.clone(), Some(section.section)) {
                    if id.as_ref().is_none_or(|(_, id)| *id != other) {
                        entries.push(ParsedEntry { range: at, parsed: Parsed::Unreadable(kind, Some(other)) });
                    }
                }
                Parsed::Unreadable(kind, id.map(|(_, id)| id))
            } else {
                let result = match section.section {
                    Section::Sources => read::<SourceRaw>(&options, slice).map(Parsed::Source),
                    Section::Actors => read::<ActorRaw>(&options, slice).map(|a| Parsed::Actor(a.into_spec())),
                    Section::Relations => match read::<RelationRaw>(&options, slice) {
                        Ok(r) => {
                            relations.push(r.into_spec());
                            relation_ranges.push(range.clone());
                            continue;
                        }
                        Err(e) => Err(e),
                    },
                    Section::ActorKinds => {
                        read::<ActorKindRaw>(&options, slice).map(|k| Parsed::ActorKind(k.into_spec()))
                    }
                    Section::RelationKinds => {
                        read::<RelationKindRaw>(&options, slice).map(|k| Parsed::RelationKind(k.into_spec()))
                    }
                };
                match result {
                    Ok(p) => p,
                    Err(e) => {
                        diagnostics.push(ron_diagnostic(file, text, range.clone(), &e, section.section));
                        Parsed::Unreadable(kind, entry_id(text, range.clone()).map(|(_, id)| id))
                    }
                }
            };
            entries.push(ParsedEntry { range: range.clone(), parsed });
        }
    }
    // What the outline passed over is lost, but the ids it defines are not unknown.
    for skipped in &outline.skipped {
        for (section, at, id) in scan_ids(text, skipped.range.clone(), skipped.section) {
            for &kind in salvaged_kinds(section, outline.form) {
                entries.push(ParsedEntry { range: at.clone(), parsed: Parsed::Unreadable(kind, Some(id.clone())) });
            }
        }
    }
    name_invisible(text, &mut diagnostics);
    // The entries' ranges now live in `entries` and `relation_ranges`; on a large dataset the
    // outline's copies would be tens of megabytes held until the graph is built.
    let mut outline = outline;
    for section in &mut outline.sections {
        section.entries = Vec::new();
        section.sound = Vec::new();
    }
    ParsedFile { outline, entries, relations, relation_ranges, diagnostics }
}

/// Errors that point at a character nobody can see (a byte-order mark in mid-file, a
/// non-breaking space, a NUL, a zero-width space...) say which it is and how to fix it.
fn name_invisible(text: &str, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics.iter_mut().filter(|d| d.is_error()) {
        let Some(label) = &mut d.primary else { continue };
        let Some(c) = text.get(label.range.start..).and_then(|t| t.chars().next()) else { continue };
        let Some(name) = crate::excerpt::invisible(c) else { continue };
        d.message = format!("{}: found {name}, which cannot be seen", d.message);
        label.range = label.range.start..label.range.start + c.len_utf8();
        label.message = format!("{name} here");
        d.help = Some("delete it, or replace it with a plain space if a space was meant".into());
    }
}

fn read<T: DeserializeOwned>(options: &Options, slice: &str) -> Result<T, SpannedError> {
    options.from_str::<T>(slice)
}

/// Turns a ron error inside the entry at `entry` into a located diagnostic.
fn ron_diagnostic(file: usize, text: &str, entry: Range<usize>, e: &SpannedError, section: Section) -> Diagnostic {
    let base = entry.start;
    let slice_end = entry.len();
    let rel = |p: ron::error::Position| offset(&text[entry.clone()], p.line, p.col).min(slice_end);
    let start = base + rel(e.span.start);
    let mut end = base + rel(e.span.end).max(rel(e.span.start));
    if end == start {
        end = text[start..].chars().next().map_or(start, |c| start + c.len_utf8());
    }
    let (message, mut label, help) = explain(&e.code, section);
    let range = match &e.code {
        // ron points after the struct that lacks the field; point at the struct's name: the
        // entry's, or that of a struct inside it (`Office(...)`).
        RonError::MissingStructField { outer, .. } => {
            let name = first_token(text, entry.clone());
            match outer.as_deref().filter(|o| *o != &text[name.clone()]) {
                Some(inner) => match struct_name_before(text, entry, start) {
                    Some(range) => {
                        label = label.replace("this entry", &format!("this `{inner}`"));
                        range
                    }
                    None => name,
                },
                None => name,
            }
        }
        // ron points at the whitespace before the value it did not expect: point at the value.
        _ if text[start..].starts_with(|c: char| c.is_ascii_whitespace()) => {
            match Lexer::at(&text[..entry.end], start).next_significant() {
                Some(t) => t.start..t.end,
                None => start..end,
            }
        }
        _ => start..end,
    };
    Diagnostic {
        severity: Severity::Error,
        message,
        primary: Some(Label { file, range, message: label }),
        secondary: Vec::new(),
        help,
        code: Some("invalid-entry".into()),
    }
}

/// The name of the last struct of `entry` closed at or before byte `at`: `Office` in
/// `offices: [Office(title: "x")]` when `at` is its `)`.
fn struct_name_before(text: &str, entry: Range<usize>, at: usize) -> Option<Range<usize>> {
    let mut lexer = Lexer::at(&text[..entry.end], entry.start);
    // For each open bracket, the name written before it, if any.
    let mut open: Vec<Option<Range<usize>>> = Vec::new();
    let mut previous = None;
    let mut found = None;
    while let Some(t) = lexer.next_significant() {
        if t.start > at {
            break;
        }
        match t.kind {
            Tok::Open(_) => open.push(previous.filter(|p: &Token| p.kind == Tok::Ident).map(|p| p.start..p.end)),
            Tok::Close(b')') => found = open.pop().flatten(),
            Tok::Close(_) => {
                open.pop();
            }
            _ => {}
        }
        previous = Some(t);
    }
    found
}

fn what(section: Section) -> &'static str {
    match section {
        Section::Sources => "a `Source(...)`",
        Section::Actors => "an actor such as `Country(...)` or `Person(...)`",
        Section::Relations => "a `Relation(...)`",
        Section::ActorKinds => "an `ActorKind(...)`",
        Section::RelationKinds => "a `RelationKind(...)`",
    }
}

fn explain(code: &RonError, section: Section) -> (String, String, Option<String>) {
    let fields = |expected: &[&str]| expected.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
    let outer_name = |outer: &Option<String>| outer.clone().unwrap_or_else(|| "this entry".into());
    match code {
        RonError::NoSuchStructField { expected, found, outer } => {
            let near = suggest::closest(found, expected.iter().map(|f| (*f, *f)));
            (
                format!("unknown field `{found}` in `{}`", outer_name(outer)),
                "unknown field".into(),
                Some(match near.first() {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("the fields of `{}` are {}", outer_name(outer), fields(expected)),
                }),
            )
        }
        RonError::NoSuchEnumVariant { expected, found, .. } => {
            let near = suggest::closest(found, expected.iter().map(|f| (*f, *f)));
            // The one list whose items are of several forms inside an entry: evidence.
            let message = if expected.contains(&"Background") {
                format!("unknown evidence `{found}`: expected `Quote(...)` or `Background(...)`")
            } else {
                format!("unknown entry `{found}`: expected {}", what(section))
            };
            (
                message,
                "unknown name".into(),
                Some(match near.first() {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("the forms are {}", fields(expected)),
                }),
            )
        }
        RonError::MissingStructField { field, outer } => (
            format!("missing field `{field}` in `{}`", outer_name(outer)),
            format!("this entry has no `{field}`"),
            Some(format!("add `{field}: ...`; see docs/data-format.md for what it holds")),
        ),
        RonError::DuplicateStructField { field, outer } => (
            format!("field `{field}` appears twice in `{}`", outer_name(outer)),
            "second occurrence".into(),
            Some("keep one of the two".into()),
        ),
        RonError::ExpectedDifferentStructName { expected, found } => (
            format!("expected `{expected}(...)`, found `{found}(...)`"),
            "wrong name".into(),
            Some(format!("write `{expected}(` here")),
        ),
        RonError::ExpectedStructName(name) => (
            format!("expected `{name}(...)`: the name `{name}` is missing"),
            format!("expected `{name}` before `(`"),
            Some(format!("write `{name}(` ... `)`: every entry, and every struct inside one, starts with its name")),
        ),
        RonError::ExpectedIdentifier => (
            "expected a name".into(),
            "expected a name here".into(),
            Some(format!(
                "this list holds {}: each entry starts with its name, and each field is written `name: value`",
                what(section)
            )),
        ),
        RonError::ExpectedNamedStructLike(name) => (
            format!("expected `{name}(...)`"),
            format!("expected `{name}(`"),
            Some(format!("this list holds {}", what(section))),
        ),
        RonError::ExpectedString | RonError::ExpectedStringEnd => (
            "expected a string".into(),
            "expected text in double quotes".into(),
            Some("write text, ids and dates in double quotes: `\"2025-06\"`".into()),
        ),
        RonError::InvalidValueForType { expected, found } => (
            format!("expected {expected}, found {found}"),
            format!("expected {expected}"),
            Some("see docs/data-format.md for the type of each field".into()),
        ),
        RonError::ExpectedBoolean => ("expected `true` or `false`".into(), "expected a boolean".into(), None),
        RonError::ExpectedComma => {
            ("expected `,`".into(), "missing `,`".into(), Some("separate fields and list items with commas".into()))
        }
        RonError::ExceededRecursionLimit => (
            "nested too deeply".into(),
            "too many nested brackets".into(),
            Some("entries nest a few levels at most; check for runaway brackets".into()),
        ),
        RonError::IntegerOutOfBounds => ("number out of range".into(), "this number is too large".into(), None),
        RonError::InvalidEscape(why) => (
            format!("invalid escape in string: {}", why.to_lowercase()),
            "invalid escape".into(),
            Some("write a backslash as `\\\\` and a quote as `\\\"`".into()),
        ),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            let message = chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default();
            (message, "here".into(), Some(format!("this list holds {}; see docs/data-format.md", what(section))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_in_a_field_is_located_and_explained() {
        let text =
            "Graph(actors: [\n  Country(id: \"iran\", nmae: \"Iran\"),\n  Country(id: \"iraq\", name: \"Iraq\"),\n])";
        let p = parse_file(0, text);
        assert_eq!(p.diagnostics.len(), 1);
        let d = &p.diagnostics[0];
        assert_eq!(d.message, "unknown field `nmae` in `Country`");
        assert_eq!(d.help.as_deref(), Some("did you mean `name`?"));
        assert_eq!(&text[d.primary.as_ref().unwrap().range.clone()], "nmae");
        assert!(matches!(p.entries[0].parsed, Parsed::Unreadable(EntryKind::Actor, Some(ref id)) if id == "iran"));
        assert!(matches!(p.entries[1].parsed, Parsed::Actor(_)));
        assert!(p.relations.is_empty());
    }

    #[test]
    fn a_field_missing_in_a_struct_inside_an_entry_points_at_that_struct() {
        let text = "Graph(actors: [Person(id: \"p\", name: \"P\",\n  offices: [Office(title: \"A\", of: \"c\"),\n    Office(title: \"B\")])])";
        let p = parse_file(0, text);
        assert_eq!(p.diagnostics.len(), 1);
        let d = &p.diagnostics[0];
        assert_eq!(d.message, "missing field `of` in `Office`");
        let label = d.primary.as_ref().unwrap();
        assert_eq!(label.range.start, text.rfind("Office").unwrap());
        assert_eq!(label.message, "this `Office` has no `of`");
        // A field missing in the entry itself points at the entry's name.
        let p = parse_file(0, "Graph(actors: [Country(id: \"c\")])");
        assert_eq!(&p.diagnostics[0].primary.as_ref().unwrap().range, &(15..22));
    }

    #[test]
    fn ids_in_broken_and_skipped_text_are_kept() {
        let text = "Graph(actor: [Country(id: \"a\")], actors: [Country(id: \"b\" name: \"B\"), Country(id: \"c\", name: \"C),\n Country(id: \"d\")])";
        let p = parse_file(0, text);
        let mut kept: Vec<(EntryKind, &str)> = p
            .entries
            .iter()
            .filter_map(|e| match &e.parsed {
                Parsed::Unreadable(kind, Some(id)) => Some((*kind, id.as_str())),
                _ => None,
            })
            .collect();
        kept.sort();
        assert_eq!(
            kept,
            [(EntryKind::Actor, "a"), (EntryKind::Actor, "b"), (EntryKind::Actor, "c"), (EntryKind::Actor, "d")]
        );
    }
}
