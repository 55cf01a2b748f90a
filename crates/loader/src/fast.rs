//! The one-pass reading of a clean file: ron reads each entry straight from the file's text,
//! and only the few tokens between entries are lexed here.
//!
//! [`outline`](crate::outline::outline) first splits a file into entries and ron then reads
//! each entry again: every byte is scanned twice. That is what makes one broken entry harmless,
//! but a file without a single problem does not need it. This path gives up (returns `None`) at
//! the first thing that is not plainly right, and the file is then read the careful way, so that
//! its messages are exactly those of [`parse_outlined`](crate::parse::parse_outlined). What it
//! returns when it succeeds is what the careful way returns for the same text (tested below).

use std::ops::Range;

use ron::Options;
use serde::de::DeserializeOwned;

use crate::lexer::{Lexer, Tok, Token};
use crate::outline::{FileForm, Outline, Section, SectionOutline};
use crate::parse::{Parsed, ParsedEntry, ParsedFile, ron_options};
use crate::raw::{ActorKindRaw, ActorRaw, RelationKindRaw, RelationRaw, SourceRaw};

/// Reads `text` in one pass, or `None` when the file has anything the careful reading would
/// report (or anything this path does not handle).
pub(crate) fn parse_clean(text: &str) -> Option<ParsedFile> {
    let options = ron_options();
    let mut lexer = Lexer::at(text, 0);
    let mut next = || lexer.next_significant().filter(|t| t.kind != Tok::Comment { terminated: false });
    let first = next().filter(|t| t.kind == Tok::Ident)?;
    let form = match &text[first.start..first.end] {
        "Graph" => FileForm::Graph,
        "Vocabulary" => FileForm::Vocabulary,
        _ => return None,
    };
    let open = next().filter(|t| t.kind == Tok::Open(b'('))?;
    let mut outline = Outline {
        form: Some(form),
        form_name: first.start..first.end,
        body: first.start..text.len(),
        ..Outline::default()
    };
    let mut file = ParsedFile {
        outline: Outline::default(),
        entries: Vec::new(),
        relations: Vec::new(),
        relation_ranges: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut pos = open.end;
    loop {
        let mut lexer = Lexer::at(text, pos);
        let t = lexer.next_significant()?;
        match t.kind {
            Tok::Close(b')') => {
                outline.body.end = t.end;
                break;
            }
            Tok::Comma if !outline.sections.is_empty() => {
                pos = t.end;
                continue;
            }
            Tok::Ident => {}
            _ => return None,
        }
        let section = Section::named(&text[t.start..t.end]).filter(|s| Section::of(form).contains(s))?;
        if outline.sections.iter().any(|s| s.section == section) {
            return None;
        }
        lexer.next_significant().filter(|t| t.kind == Tok::Colon)?;
        let open = lexer.next_significant().filter(|t| t.kind == Tok::Open(b'['))?;
        let (list_end, after) = entries(text, open.end, section, &options, &mut file)?;
        outline.sections.push(SectionOutline {
            section,
            name: t.start..t.end,
            list: open.start..list_end,
            entries: Vec::new(),
            sound: Vec::new(),
        });
        // A section is followed by `,` or the closing `)`.
        let follows = Lexer::at(text, after).next_significant()?;
        if !matches!(follows.kind, Tok::Comma | Tok::Close(b')')) {
            return None;
        }
        pos = after;
    }
    // Nothing but whitespace and comments after the closing `)`.
    if Lexer::at(text, outline.body.end).any(|t| t.kind != Tok::Comment { terminated: true }) {
        return None;
    }
    file.outline = outline;
    Some(file)
}

/// Reads the entries of a list whose `[` ends at `pos`; returns the end of its `]`, twice (the
/// list's end and where to read on).
fn entries(
    text: &str,
    mut pos: usize,
    section: Section,
    options: &Options,
    file: &mut ParsedFile,
) -> Option<(usize, usize)> {
    loop {
        let t = Lexer::at(text, pos).next_significant()?;
        match t.kind {
            Tok::Close(b']') => return Some((t.end, t.end)),
            // Every entry is `Name(...)`.
            Tok::Ident => {}
            _ => return None,
        }
        let range = match section {
            Section::Sources => entry::<SourceRaw>(text, t, options, file, Parsed::Source)?,
            Section::Actors => entry::<ActorRaw>(text, t, options, file, |a| Parsed::Actor(a.into_spec()))?,
            Section::ActorKinds => entry::<ActorKindRaw>(text, t, options, file, |k| Parsed::ActorKind(k.into_spec()))?,
            Section::RelationKinds => {
                entry::<RelationKindRaw>(text, t, options, file, |k| Parsed::RelationKind(k.into_spec()))?
            }
            Section::Relations => {
                if file.relations.is_empty() {
                    // Room for every relation at once: a vector grown by doubling would leave
                    // its earlier buffers behind, as much memory again as the relations.
                    let room = memchr::memmem::find_iter(&text.as_bytes()[t.start..], b"Relation(").count();
                    file.relations.reserve_exact(room);
                    file.relation_ranges.reserve_exact(room);
                }
                let (relation, range) = read::<RelationRaw>(text, t.start, options)?;
                file.relations.push(relation.into_spec());
                file.relation_ranges.push(range.clone());
                range
            }
        };
        // An entry is followed by `,` (and maybe `]`) or by `]`.
        let after = Lexer::at(text, range.end).next_significant()?;
        match after.kind {
            Tok::Comma => pos = after.end,
            Tok::Close(b']') => return Some((after.end, after.end)),
            _ => return None,
        }
    }
}

/// Reads one entry starting at token `t` into `file.entries`; its byte range.
fn entry<T: DeserializeOwned>(
    text: &str,
    t: Token,
    options: &Options,
    file: &mut ParsedFile,
    into: impl FnOnce(T) -> Parsed,
) -> Option<Range<usize>> {
    let (value, range) = read::<T>(text, t.start, options)?;
    file.entries.push(ParsedEntry { range: range.clone(), parsed: into(value) });
    Some(range)
}

/// Deserializes a `T` from the text at `start`; the value and the byte range it spans, which
/// ends at its closing `)`.
fn read<T: DeserializeOwned>(text: &str, start: usize, options: &Options) -> Option<(T, Range<usize>)> {
    let rest = &text[start..];
    let mut de = ron::Deserializer::from_str_with_options(rest, options).ok()?;
    let value = T::deserialize(&mut de).ok()?;
    let consumed = rest.len() - de.remainder().len();
    // ron may have read the whitespace after the value; a comment there is left to the careful
    // reading.
    let end = start + rest[..consumed].trim_end_matches([' ', '\t', '\n', '\r']).len();
    text[..end].ends_with(')').then_some((value, start..end))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::parse::parse_outlined;

    fn same(text: &str) -> bool {
        match parse_clean(text) {
            Some(fast) => {
                let careful = parse_outlined(0, text);
                assert!(careful.diagnostics.is_empty(), "fast path took a file with problems: {text}");
                assert_eq!(format!("{fast:?}"), format!("{careful:?}"), "{text}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn clean_files_take_the_fast_path_and_read_the_same() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ron") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(same(&text), "{} should take the fast path", path.display());
            }
        }
    }

    #[test]
    fn anything_unusual_goes_the_careful_way() {
        let ok = r#"Graph(actors: [Country(id: "a", name: "A")])"#;
        assert!(same(ok));
        assert!(same("Graph(actors: [Country(id: \"a\", name: \"A\") /* c */ ])"));
        assert!(same("// c\nGraph( /* x */ actors: [ Country(id: \"a\", name: \"A\") , ], )\n// end\n"));
        for text in [
            "",
            "// nothing",
            "Graph",
            "Graph(",
            "Graph(actors: [Country(id: \"a\", name: \"A\")]",
            "Graph(actors: [Country(id: \"a\", name: \"A\")]) x",
            "Graph(actors: [Country(id: \"a\", name: \"A\")]) /* open",
            "Graph(actors: [Country(id: \"a\", name: \"A\"),, ])",
            "Graph(actors: [Country(id: \"a\", nme: \"A\")])",
            "Graph(actors: [], actors: [])",
            "Graph(actor_kinds: [])",
            "Graph(, actors: [])",
            "Graph(actorz: [])",
            "#![enable(implicit_some)] Graph(actors: [])",
            "Graph(actors: [Country(id: \"a\", name: \"A\") Country(id: \"b\", name: \"B\")])",
            "Graph(relations: [Relation(subject: \"a\", kind: \"k\", object: \"b\"]])",
        ] {
            assert!(!same(text), "{text:?} should go the careful way");
        }
    }

    fn seed_texts() -> Vec<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        texts.sort();
        texts
    }

    /// The nearest character boundary at or before `at` (taken modulo the length).
    fn boundary(text: &str, at: usize) -> usize {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever a file holds, the one-pass reading either gives up or reads exactly what the
        /// careful reading does, with no problem.
        #[test]
        fn the_fast_path_reads_what_the_careful_one_does(
            file in any::<prop::sample::Index>(),
            edits in prop::collection::vec((any::<usize>(), 0usize..40, prop::sample::select(vec![
                "", ",", ")", "]", "(", "[", "\"", "/*", "*/", "//", "\n", " ", "r#\"", "\"#", "'", "\\",
                "#", "Relation(", "Country(id: \"x\", name: \"X\"),", "actors: [", "note: \"n\", ",
                "negated: true, ", "0.5", "id", ":", "/* c */", "// c\n", "é",
            ])), 1..4),
        ) {
            let mut text = file.get(&seed_texts()).clone();
            for (at, len, insert) in edits {
                let start = boundary(&text, at);
                let end = boundary(&text, start + len).max(start);
                text.replace_range(start..end, insert);
            }
            same(&text);
        }
    }
}
