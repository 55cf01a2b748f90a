//! Parsing one file: outline it, then deserialize each entry on its own.

use std::ops::Range;

use diplograph_core::{EntryKind, Severity, suggest};
use ron::Options;
use ron::error::{Error as RonError, SpannedError};
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Label};
use crate::files::offset;
use crate::outline::{Outline, Section, first_token, outline, struct_fields};
use crate::raw::{ActorKindRaw, ActorRaw, RelationKindRaw, RelationRaw, SourceRaw};

/// What one entry turned into.
pub(crate) enum Parsed {
    Source(SourceRaw),
    Actor(diplograph_core::ActorSpec),
    ActorKind(diplograph_core::ActorKindSpec),
    RelationKind(diplograph_core::RelationKindSpec),
    /// Could not be read; its `id` when one could be found.
    Unreadable(EntryKind, Option<String>),
}

/// One entry of a file and where it is.
pub(crate) struct ParsedEntry {
    pub range: Range<usize>,
    pub parsed: Parsed,
}

/// A parsed file.
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

/// The ron options every entry is read with: optional fields take bare values, and
/// `Country(id: ...)` reads as the `Country` variant holding a struct.
pub(crate) fn ron_options() -> Options {
    Options::default().with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES)
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

/// Parses the text of file number `file`.
pub(crate) fn parse_file(file: usize, text: &str) -> ParsedFile {
    let outline = outline(text);
    let mut diagnostics: Vec<Diagnostic> = outline
        .errors
        .iter()
        .map(|e| Diagnostic {
            severity: Severity::Error,
            message: e.message.clone(),
            primary: Some(Label { file, range: e.range.clone(), message: e.label.clone() }),
            secondary: Vec::new(),
            help: e.help.clone(),
        })
        .collect();
    if outline.form.is_none() && outline.errors.is_empty() {
        diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            message: "this file declares nothing".into(),
            primary: Some(Label { file, range: 0..0, message: "empty file".into() }),
            secondary: Vec::new(),
            help: Some("write `Graph(actors: [...], relations: [...])`, or delete the file".into()),
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
                Parsed::Unreadable(kind, find_id(text, range.clone()))
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
                        diagnostics.push(ron_diagnostic(file, text, range.start, &e, section.section));
                        Parsed::Unreadable(kind, find_id(text, range.clone()))
                    }
                }
            };
            entries.push(ParsedEntry { range: range.clone(), parsed });
        }
    }
    // The entries' ranges now live in `entries` and `relation_ranges`; on a large dataset the
    // outline's copies would be tens of megabytes held until the graph is built.
    let mut outline = outline;
    for section in &mut outline.sections {
        section.entries = Vec::new();
        section.sound = Vec::new();
    }
    ParsedFile { outline, entries, relations, relation_ranges, diagnostics }
}

fn read<T: DeserializeOwned>(options: &Options, slice: &str) -> Result<T, SpannedError> {
    options.from_str::<T>(slice)
}

/// The `id: "..."` of a struct entry, read without serde, for entries serde rejected.
fn find_id(text: &str, range: Range<usize>) -> Option<String> {
    let fields = struct_fields(text, range)?;
    let (_, _, value) = fields.into_iter().find(|(n, _, _)| &text[n.clone()] == "id")?;
    let raw = &text[value];
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains('\\')).then(|| inner.to_owned())
}

/// Turns a ron error inside the entry starting at byte `base` into a located diagnostic.
fn ron_diagnostic(file: usize, text: &str, base: usize, e: &SpannedError, section: Section) -> Diagnostic {
    let slice_end = text[base..].len();
    let rel = |p: ron::error::Position| offset(&text[base..], p.line, p.col).min(slice_end);
    let start = base + rel(e.span.start);
    let mut end = base + rel(e.span.end).max(rel(e.span.start));
    if end == start {
        end = text[start..].chars().next().map_or(start, |c| start + c.len_utf8());
    }
    let (message, label, help) = explain(&e.code, section);
    let range = match &e.code {
        // ron points at the end of the entry for a missing field; point at the entry's name.
        RonError::MissingStructField { .. } => first_token(text, base..base + slice_end),
        _ => start..end,
    };
    Diagnostic {
        severity: Severity::Error,
        message,
        primary: Some(Label { file, range, message: label }),
        secondary: Vec::new(),
        help,
    }
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
            (
                format!("unknown entry `{found}`: expected {}", what(section)),
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
            format!("invalid escape in string: {why}"),
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
}
