//! Properties of the formatter and the edit engine that hold for every input, shared by the
//! fuzz targets (`fuzz/`) and the property tests: each panics when its property fails.

use diplograph_loader::{LoadOptions, load_texts};
use diplograph_syntax::lexer::{Lexer, Tok};
use diplograph_syntax::navigate::first_token;
use diplograph_syntax::outline::{Section, outline};
use diplograph_syntax::raw::{ActorKindRaw, ActorRaw, RelationKindRaw, RelationRaw, SourceRaw, ron_options};
use diplograph_syntax::schema::FORMS;

use crate::format::format;
use crate::splice::apply;
use crate::{AssignOp, Assignment, assign};

/// The tokens of `text` but commas and comments.
pub fn significant(text: &str) -> Vec<&str> {
    Lexer::at(text, 0)
        .filter(|t| !matches!(t.kind, Tok::Comma | Tok::Comment { .. }))
        .map(|t| &text[t.start..t.end])
        .collect()
}

/// The comments of `text`, without trailing whitespace.
pub fn comments(text: &str) -> Vec<&str> {
    Lexer::at(text, 0)
        .filter(|t| matches!(t.kind, Tok::Comment { .. }))
        .map(|t| text[t.start..t.end].trim_end())
        .collect()
}

/// Formatting `text`, when it can be formatted, is idempotent, keeps every comment and every
/// token but commas, leaves no trailing whitespace, and keeps what a valid file means.
pub fn formatter(text: &str) {
    let Ok(once) = format(text) else { return };
    let twice = format(&once).expect("a formatted text formats");
    assert_eq!(twice, once, "formatting is not idempotent");
    assert_eq!(significant(text), significant(&once), "tokens changed");
    assert_eq!(comments(text), comments(&once), "comments changed");
    // Outside string literals, whose line breaks and spaces are their value.
    let mut outside = String::with_capacity(once.len());
    let mut at = 0;
    for t in Lexer::at(&once, 0).filter(|t| matches!(t.kind, Tok::Str { .. })) {
        outside.push_str(&once[at..t.start]);
        outside.push_str("\"\"");
        at = t.end;
    }
    outside.push_str(&once[at..]);
    // Spaces and tabs: what the formatter lays out (a non-breaking space is a character of a
    // token to RON, kept as written).
    assert!(outside.lines().all(|l| l.trim_end_matches([' ', '\t']) == l), "trailing whitespace");
    let load = |t: &str| load_texts(&[("f.ron", t)], &LoadOptions::default());
    let before = load(text);
    let Some(before) = before.graph else { return };
    let after = load(&once).graph.expect("a valid file stays valid once formatted");
    assert_eq!(
        format!("{:?}", before.actors().collect::<Vec<_>>()),
        format!("{:?}", after.actors().collect::<Vec<_>>())
    );
    assert_eq!(
        format!("{:?}", before.relations().collect::<Vec<_>>()),
        format!("{:?}", after.relations().collect::<Vec<_>>())
    );
    assert_eq!(
        format!("{:?}", before.sources().collect::<Vec<_>>()),
        format!("{:?}", after.sources().collect::<Vec<_>>())
    );
}

/// One assignment (`FIELD=VALUE`, `+=` or `-=`, the field chosen by `field` among those of the
/// entry's form) to the entry number `entry` of `text`: when the engine carries it out, its
/// splices stay inside the entry, every byte outside it is kept, and a string field set in an
/// entry that ron reads reads back as the value.
pub fn assignment(text: &str, entry: usize, field: usize, op: u8, value: &str) {
    let o = outline(text);
    let entries: Vec<_> = o.sections.iter().flat_map(|s| s.entries.iter().map(|e| (e.clone(), s.section))).collect();
    if entries.is_empty() {
        return;
    }
    let (range, section) = entries[entry % entries.len()].clone();
    let form_name = &text[first_token(text, range.clone())];
    let Some(form) = FORMS.iter().find(|f| f.name == form_name) else { return };
    let name = form.fields[field % form.fields.len()].name;
    let op = [AssignOp::Set, AssignOp::Add, AssignOp::Remove][usize::from(op) % 3];
    let a = Assignment { field: name.into(), op, value: value.into() };
    let Ok(splices) = assign(text, range.clone(), form.name, &a) else { return };
    for s in &splices {
        assert!(range.start <= s.range.start && s.range.end <= range.end, "{s:?} outside {range:?}");
    }
    let after = apply(text, &splices);
    let grown = after.len() as isize - text.len() as isize;
    let end = (range.end as isize + grown) as usize;
    assert_eq!(&after[..range.start], &text[..range.start], "bytes before the entry changed");
    assert_eq!(&after[end..], &text[range.end..], "bytes after the entry changed");
    let is_string = diplograph_syntax::schema::field_type(form.name, name)
        .is_ok_and(|t| t == diplograph_syntax::schema::FieldType::Str);
    // Edits are made on data that loads: a value set in an entry that ron reads reads back.
    if op == AssignOp::Set && is_string && !value.is_empty() && reads(&text[range.clone()], section) {
        let read = crate::address::string_field(&after, range.start..end, name);
        assert_eq!(read.as_deref(), Some(value), "the value does not read back: {after}");
    }
}

/// Whether ron reads `entry` as an entry of `section`.
fn reads(entry: &str, section: Section) -> bool {
    let options = ron_options();
    match section {
        Section::Sources => options.from_str::<SourceRaw>(entry).is_ok(),
        Section::Actors => options.from_str::<ActorRaw>(entry).is_ok(),
        Section::Relations => options.from_str::<RelationRaw>(entry).is_ok(),
        Section::ActorKinds => options.from_str::<ActorKindRaw>(entry).is_ok(),
        Section::RelationKinds => options.from_str::<RelationKindRaw>(entry).is_ok(),
    }
}
