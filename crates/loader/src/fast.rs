//! The one-pass reading of a clean file: each entry is read straight from the file's text, by
//! the plain reader ([`crate::plain`]) or, when it refuses the entry, by ron; only the few tokens
//! between entries are lexed here.
//!
//! [`outline`](crate::outline::outline) first splits a file into entries and ron then reads
//! each entry again: every byte is scanned twice. That is what makes one broken entry harmless,
//! but a file without a single problem does not need it. This path gives up (returns `None`) at
//! the first thing that is not plainly right, and the file is then read the careful way, so that
//! its messages are exactly those of [`parse_outlined`](crate::parse::parse_outlined). What it
//! returns when it succeeds is what the careful way returns for the same text (tested below).

use std::cell::Cell;
use std::ops::Range;

use diplograph_core::{Checks, EntryKind};
use ron::Options;
use serde::de::DeserializeOwned;

use crate::cancel::{CHECK_EVERY, Cancel};
use crate::diagnostic::Diagnostic;
use crate::lexer::{Lexer, Tok, Token};
use crate::outline::{FileForm, Outline, Section, SectionOutline};
use crate::parse::{Parsed, ParsedEntry, ParsedFile, parse_outlined, ron_options};
use crate::plain;
use crate::raw::{ActorKindRaw, ActorRaw, RelationKindRaw, RelationRaw, SourceRaw};

/// Reads `text` in one pass, or `None` when the file has anything the careful reading would
/// report (or anything this path does not handle).
pub(crate) fn parse_clean(text: &str) -> Option<ParsedFile> {
    read_file(text, None).map(|(file, _)| file)
}

/// Where a file's relations start, left to be read while the graph is built
/// ([`read_relations`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tail {
    /// Just after the `[` of the relations list.
    pub at: usize,
    /// How many relations there may be (an estimate, to make room).
    pub expected: usize,
}

/// Like [`parse_clean`], but stops at the relations list: everything before it, and where it
/// starts. Relations must come last in the file for this; `None` otherwise. `text` is the
/// start of a text of `whole` bytes (all of it when they are equal), which the estimate of how
/// many relations there are counts in.
pub(crate) fn parse_head(text: &str, whole: usize) -> Option<(ParsedFile, Option<Tail>)> {
    read_file(text, Some(whole))
}

/// Reads the relations list of a file read by [`parse_head`] up to the end of the file,
/// checking each relation as soon as it is read, into `checks`; the byte range of each, or
/// `None` when anything is not plainly right (the file is then read the careful way, into
/// checks made afresh) or `cancel` was cancelled (looked at every [`CHECK_EVERY`] relations).
pub(crate) fn read_relations(
    text: &str,
    tail: Tail,
    checks: &mut Checks<'_, '_>,
    cancel: &Cancel,
) -> Option<Vec<Range<usize>>> {
    let options = ron_options();
    let checker = checks.checker();
    let mut ranges = Vec::with_capacity(tail.expected);
    // Each relation is checked once the next one is read, and what its check looks up first
    // is fetched from memory meanwhile (see `RelationChecker::prefetch`).
    let mut waiting = None;
    let (_, after) = entries(text, tail.at, &mut |t| {
        if ranges.len() % CHECK_EVERY == CHECK_EVERY - 1 && cancel.is_cancelled() {
            return None;
        }
        let (relation, range) = read::<RelationRaw>(text, t.start, &options)?;
        let spec = relation.into_spec();
        checker.prefetch(&spec);
        if let Some(before) = waiting.replace(spec) {
            checks.check(before);
        }
        ranges.push(range.clone());
        Some(range)
    })?;
    if let Some(last) = waiting {
        checks.check(last);
    }
    // The end of the file: `)`, perhaps after a comma, then nothing but comments.
    let mut lexer = Lexer::at(text, after);
    let mut t = lexer.next_significant()?;
    if t.kind == Tok::Comma {
        t = lexer.next_significant()?;
    }
    (t.kind == Tok::Close(b')') && only_comments(text, t.end)).then_some(ranges)
}

/// Reads the relations of a file whose relations list [`read_relations`] gave up on, the
/// careful way (the whole file is outlined), into `checks`: their ranges and the file's
/// messages. `entries` is how many entries [`parse_head`] read before the list. `None` when
/// the careful reading finds more than the list to differ (other entries after it, or text
/// passed over that may define ids): the whole load is then read the careful way.
pub(crate) fn read_relations_carefully(
    file: usize,
    text: &str,
    entries: usize,
    checks: &mut Checks<'_, '_>,
) -> Option<(Vec<Range<usize>>, Vec<Diagnostic>)> {
    let parsed = parse_outlined(file, text);
    let broken_relations =
        parsed.entries.iter().filter(|e| matches!(e.parsed, Parsed::Unreadable(EntryKind::Relation, _))).count();
    if parsed.entries.len() - broken_relations != entries
        || parsed.outline.skipped.iter().any(|s| s.section != Some(Section::Relations))
    {
        return None;
    }
    if broken_relations > 0 || parsed.outline.truncated || !parsed.outline.skipped.is_empty() {
        checks.checker().unreadable();
    }
    for r in parsed.relations {
        checks.check(r);
    }
    Some((parsed.relation_ranges, parsed.diagnostics))
}

/// How many relations the text from `at` may hold, to make room at once (a vector grown by
/// doubling would leave its earlier buffers behind, as much memory again): the `Relation(` in
/// it, but no more than one per 40 bytes, the shortest a relation can be written in.
fn room(text: &str, at: usize) -> usize {
    room_in(text, at, text.len())
}

/// [`room`] in a text of `whole` bytes of which `text` is the start: the `Relation(` in what
/// `text` holds from `at`, in proportion to what the whole holds from there (a relation per
/// 256 bytes when `text` holds nothing from `at`), but no more than one per 40 bytes.
fn room_in(text: &str, at: usize, whole: usize) -> usize {
    let read = &text.as_bytes()[at..];
    let rest = whole.saturating_sub(at).max(read.len());
    let found = memchr::memmem::find_iter(read, b"Relation(").count();
    let expected = match read.len() {
        0 => rest / 256,
        len => (found as u128 * rest as u128 / len as u128) as usize,
    };
    expected.min(rest / 40)
}

/// [`parse_clean`], or with `head_of` (the length of the whole text `text` starts), [`parse_head`].
fn read_file(text: &str, head_of: Option<usize>) -> Option<(ParsedFile, Option<Tail>)> {
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
        entries: ENTRIES.take(),
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
        if let Some(whole) = head_of.filter(|_| section == Section::Relations) {
            // What follows is not read: the body is known up to here.
            outline.body.end = open.end;
            file.outline = outline;
            settle(&mut file);
            return Some((file, Some(Tail { at: open.end, expected: room_in(text, open.end, whole) })));
        }
        let (list_end, after) = entries(text, open.end, &mut |t| match section {
            Section::Sources => entry::<SourceRaw>(text, t, &options, &mut file, Parsed::Source),
            Section::Actors => entry::<ActorRaw>(text, t, &options, &mut file, |a| Parsed::Actor(a.into_spec())),
            Section::ActorKinds => {
                entry::<ActorKindRaw>(text, t, &options, &mut file, |k| Parsed::ActorKind(k.into_spec()))
            }
            Section::RelationKinds => {
                entry::<RelationKindRaw>(text, t, &options, &mut file, |k| Parsed::RelationKind(k.into_spec()))
            }
            Section::Relations => {
                if file.relations.is_empty() {
                    let room = room(text, t.start);
                    file.relations.reserve_exact(room);
                    file.relation_ranges.reserve_exact(room);
                }
                let (relation, range) = read::<RelationRaw>(text, t.start, &options)?;
                file.relations.push(relation.into_spec());
                file.relation_ranges.push(range.clone());
                Some(range)
            }
        })?;
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
    if !only_comments(text, outline.body.end) {
        return None;
    }
    file.outline = outline;
    settle(&mut file);
    Some((file, None))
}

/// The largest vector of entries, in bytes, that [`ENTRIES`] keeps for the next file.
const KEPT_ENTRIES: usize = 32 << 20;

thread_local! {
    /// The vector each thread reads a file's entries into, kept from file to file: grown by
    /// doubling as the entries come, then copied into one of their exact length ([`settle`]),
    /// it is memory already touched for the next file, where a vector grown for each file
    /// would leave as much fresh memory again behind it.
    static ENTRIES: Cell<Vec<ParsedEntry>> = const { Cell::new(Vec::new()) };
}

/// Moves the entries of `file` into a vector of their exact length, and keeps the one they
/// were read into for the next file ([`ENTRIES`]).
fn settle(file: &mut ParsedFile) {
    let mut read = std::mem::take(&mut file.entries);
    file.entries = Vec::with_capacity(read.len());
    file.entries.append(&mut read);
    if read.capacity() * size_of::<ParsedEntry>() <= KEPT_ENTRIES {
        ENTRIES.set(read);
    }
}

/// Whether the text from `at` holds nothing but whitespace and closed comments (what may
/// follow a file's closing `)`).
fn only_comments(text: &str, at: usize) -> bool {
    Lexer::at(text, at).all(|t| t.kind == Tok::Comment { terminated: true })
}

/// Reads the entries of a list whose `[` ends at `pos`, each with `read` given its first
/// token; returns the end of the list's `]`, twice (the list's end and where to read on).
fn entries(text: &str, mut pos: usize, read: &mut dyn FnMut(Token) -> Option<Range<usize>>) -> Option<(usize, usize)> {
    loop {
        let t = next_token(text, pos)?;
        match t.kind {
            Tok::Close(b']') => return Some((t.end, t.end)),
            // Every entry is `Name(...)`.
            Tok::Ident => {}
            _ => return None,
        }
        let range = read(t)?;
        // An entry is followed by `,` (and maybe `]`) or by `]`.
        let after = next_token(text, range.end)?;
        match after.kind {
            Tok::Comma => pos = after.end,
            Tok::Close(b']') => return Some((after.end, after.end)),
            _ => return None,
        }
    }
}

/// The token [`Lexer::next_significant`] gives from `pos`, with a shortcut for what lies
/// between entries (ASCII spaces, then `,`, a closing bracket or an entry's name written in
/// ASCII), which a million relations meet a million times; the lexer reads anything else.
fn next_token(text: &str, pos: usize) -> Option<Token> {
    let bytes = text.as_bytes();
    let at = pos + bytes.get(pos..)?.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))?;
    let (kind, end) = match bytes[at] {
        b',' => (Tok::Comma, at + 1),
        b @ (b')' | b']') => (Tok::Close(b), at + 1),
        // Not `r` or `b`, which may start a string.
        b'A'..=b'Z' => {
            let end = at + bytes[at..].iter().position(|&b| !plain::is_ident_byte(b)).unwrap_or(bytes.len() - at);
            if bytes.get(end).is_some_and(|&b| b >= 0x80) {
                return Lexer::at(text, at).next_significant();
            }
            (Tok::Ident, end)
        }
        _ => return Lexer::at(text, at).next_significant(),
    };
    Some(Token { kind, start: at, end })
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

/// Deserializes a `T` from the text at `start`, with the plain reader when it can and ron
/// otherwise; the value and the byte range it spans, which ends at its closing `)`.
fn read<T: DeserializeOwned>(text: &str, start: usize, options: &Options) -> Option<(T, Range<usize>)> {
    let rest = &text[start..];
    if let Some((value, len)) = plain::read::<T>(rest) {
        return Some((value, start..start + len));
    }
    let mut de = ron::Deserializer::from_str_with_options(rest, options).ok()?;
    let value = T::deserialize(&mut de).ok()?;
    // ron stops right after the closing `)`.
    let end = start + rest.len() - de.remainder().len();
    text[..end].ends_with(')').then_some((value, start..end))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use std::path::Path;

    use crate::load::{Input, LoadOptions, load_parsed_as};

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

    proptest! {
        /// The shortcut between entries gives the token the lexer gives, from every place of
        /// texts made of what may lie there and of what the shortcut leaves to the lexer.
        #[test]
        fn the_token_between_entries_is_the_lexers(
            parts in prop::collection::vec(
                prop::sample::select(vec![
                    " ", "\n", "\t", "\r", "\u{85}", "\u{2028}", "\u{b}", ",", "]", ")", "(", "Relation", "Rel_2",
                    "é", "Ré", "r#\"x\"#", "b\"x\"", "raw", "// c\n", "/* c */", "\"s\"", "1", "-",
                ]),
                0..12,
            )
        ) {
            let text = parts.concat();
            for pos in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                prop_assert_eq!(next_token(&text, pos), Lexer::at(&text, pos).next_significant(), "at {} of {:?}", pos, text);
            }
        }
    }

    #[test]
    fn clean_files_take_the_fast_path_and_read_the_same() {
        for (name, text) in seed_files() {
            assert!(same(&text), "{name} should take the fast path");
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
        seed_files().into_iter().map(|(_, text)| text).collect()
    }

    /// The nearest character boundary at or before `at` (taken modulo the length).
    fn boundary(text: &str, at: usize) -> usize {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// The seed files with each edit made: at a random place of a random file, a run of up to
    /// the given length replaced by the text given.
    fn edited_seed(edits: Vec<(prop::sample::Index, usize, usize, &str)>) -> Vec<(String, String)> {
        let mut files = seed_files();
        for (file, at, len, insert) in edits {
            let text = &mut file.get_mut(&mut files).1;
            let start = boundary(text, at);
            let end = boundary(text, start + len).max(start);
            text.replace_range(start..end, insert);
        }
        files
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
                // Whitespace for RON beyond ASCII's.
                "\u{200E}", "\u{2028}", "\u{85}", "\u{0B}", "\u{0C}", "\u{200E}/* c */",
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

    /// The whole load: the one-pass reading gives what the careful reading gives (graph,
    /// messages, places), clean or not.
    fn same_load(files: &[(String, String)]) {
        let inputs = || {
            files
                .iter()
                .map(|(name, text)| Input {
                    path: name.into(),
                    name: name.clone(),
                    bytes: text.as_bytes().to_vec(),
                    unread: false,
                })
                .collect()
        };
        let options = seed_options();
        let (fast, _) = load_parsed_as(inputs(), &Default::default(), &options, false, true);
        let (careful, one_pass) = load_parsed_as(inputs(), &Default::default(), &options, false, false);
        assert!(!one_pass);
        assert_eq!(fast.render(false), careful.render(false));
        assert_eq!(format!("{:?}", fast.locations), format!("{:?}", careful.locations));
        assert_eq!(format!("{:?}", fast.graph), format!("{:?}", careful.graph));
        assert_eq!(fast.files.len(), careful.files.len());
        // Keeping no graph, both ways.
        let counting = LoadOptions { counts_only: true, ..options.clone() };
        for one_pass in [true, false] {
            crate::fuzzing::counts_agree(
                &fast,
                &load_parsed_as(inputs(), &Default::default(), &counting, false, one_pass).0,
            );
        }
    }

    /// Options giving the shipped data's source texts, by path relative to `data/`, for its
    /// files read from memory.
    fn seed_options() -> LoadOptions {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let name = "sources/realist-2026.txt";
        let text = std::fs::read_to_string(root.join(name)).unwrap();
        LoadOptions { side_texts: [(name.into(), text)].into(), ..LoadOptions::default() }
    }

    /// The shipped data files, by path relative to `data/`.
    fn seed_files() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        crate::discover(&root)
            .unwrap()
            .into_iter()
            .map(|p| (p.strip_prefix(&root).unwrap().display().to_string(), std::fs::read_to_string(&p).unwrap()))
            .collect()
    }

    #[test]
    fn whitespace_beyond_ascii_is_read_alike() {
        for text in [
            "Graph(actors: [\u{200E}/* c */Country(id: \"a\", name: \"A\")])",
            "Graph(actors: [\u{200E}// c\nCountry(id: \"a\", name: \"A\")])",
            "Graph(actors: [\u{2028}#![enable(unwrap_newtypes)] Country(id: \"a\", name: \"A\")])",
            "Graph(actors: [Country(id: \"a\", name:\u{200E}r#\"A\"B\"#)])",
            "Graph(actors: [Country(id:\u{85}\"a\",\u{0B}name: \"A\"\u{2029})])",
        ] {
            same(text);
            same_load(&[("a.ron".into(), text.into())]);
        }
    }

    #[test]
    fn a_problem_shown_in_two_places_of_a_relation_is_placed_alike() {
        // `until` before `since`: the message shows both; the second file's relations are
        // checked before their number is known.
        let actors = r#"Graph(actors: [Country(id: "a", name: "A"), Country(id: "b", name: "B")])"#;
        let first = r#"Graph(relations: [Relation(subject: "a", kind: "war", object: "b", since: "2001")])"#;
        let second =
            r#"Graph(relations: [Relation(subject: "a", kind: "war", object: "b", since: "2020", until: "2010")])"#;
        same_load(&[("1.ron".into(), actors.into()), ("2.ron".into(), first.into()), ("3.ron".into(), second.into())]);
    }

    #[test]
    fn the_seed_data_loads_the_same_both_ways() {
        let files = seed_files();
        same_load(&files);
        let inputs = files
            .iter()
            .map(|(name, text)| Input {
                path: name.into(),
                name: name.clone(),
                bytes: text.as_bytes().to_vec(),
                unread: false,
            })
            .collect();
        let (loaded, one_pass) = load_parsed_as(inputs, &Default::default(), &seed_options(), false, true);
        assert!(one_pass, "the seed data should be read in one pass");
        assert!(loaded.graph.is_some() && loaded.diagnostics.is_empty(), "{}", loaded.render(false));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Edited seed data (misspelt ids, broken syntax, moved sections) loads the same both
        /// ways.
        #[test]
        fn edited_data_loads_the_same_both_ways(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<usize>(), 0usize..30, prop::sample::select(vec![
                "", " ", ",", ")", "]", "\"", "x", "/* c */", "// c\n", "iran", "russia_", "2025-13",
                "relations: [], ", "actors: [Country(id: \"zz\", name: \"Z\")], ", "negated: true, ",
                "\u{200E}", "\u{2029}", "\u{0B}",
            ])), 1..4),
        ) {
            same_load(&edited_seed(edits));
        }
    }

    /// The whole load from disk: with the texts cut short before the relations (and the
    /// relations read again from the files), it gives what a load keeping every text gives.
    fn same_load_from_disk(files: &[(String, String)]) {
        let bytes: Vec<(String, Vec<u8>)> =
            files.iter().map(|(name, text)| (name.clone(), text.clone().into())).collect();
        same_load_of_bytes_from_disk(&bytes);
    }

    /// [`same_load_from_disk`] of files given as bytes, which may not be UTF-8; and the load
    /// that keeps no graph counts what the graph holds.
    fn same_load_of_bytes_from_disk(files: &[(String, Vec<u8>)]) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let dir = tempfile::tempdir().unwrap();
        let text = "sources/realist-2026.txt";
        std::fs::create_dir_all(dir.path().join("sources")).unwrap();
        std::fs::copy(root.join(text), dir.path().join(text)).unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let lean = crate::load(dir.path(), &LoadOptions { without_texts: true, ..LoadOptions::default() }).unwrap();
        let full = crate::load(dir.path(), &LoadOptions::default()).unwrap();
        assert_eq!(lean.render(false), full.render(false));
        assert_eq!(format!("{:?}", lean.locations), format!("{:?}", full.locations));
        assert_eq!(format!("{:?}", lean.graph), format!("{:?}", full.graph));
        assert_eq!(lean.vocabulary.is_some(), full.vocabulary.is_some());
        let counting = LoadOptions { without_texts: true, counts_only: true, ..LoadOptions::default() };
        crate::fuzzing::counts_agree(&full, &crate::load(dir.path(), &counting).unwrap());
    }

    /// `text` with a comment of about `head` bytes before its first entry and one of `tail`
    /// bytes before its first relation, of two-byte characters (a piece read may end inside
    /// one): a file larger than what is read of it first, whose head spans one piece or
    /// several, and whose relations come after all that is read with the head.
    fn padded(text: &str, head: usize, tail: usize) -> String {
        let open = text.find('(').map_or(0, |i| i + 1);
        let relations = text.find("relations: [").map_or(text.len(), |i| i + "relations: [".len()).max(open);
        let comment = |n: usize| format!("\n// {}\n", "é".repeat(n / 2));
        format!("{}{}{}{}{}", &text[..open], comment(head), &text[open..relations], comment(tail), &text[relations..])
    }

    #[test]
    fn the_seed_data_loads_the_same_from_texts_cut_short() {
        same_load_from_disk(&seed_files());
        // With a byte-order mark, which the cut and the second read count past; and with a
        // problem in every file's relations, so that every text is read back whole.
        let marked: Vec<(String, String)> =
            seed_files().into_iter().map(|(name, text)| (name, format!("\u{FEFF}{text}"))).collect();
        same_load_from_disk(&marked);
        let broken: Vec<(String, String)> = marked
            .into_iter()
            .map(|(name, text)| (name, text.replace("object: \"iran\"", "object: \"iram\"")))
            .collect();
        same_load_from_disk(&broken);
    }

    /// A byte that makes a file unclean (not UTF-8, a lone carriage return) in the relations of
    /// one file, in a string or between two tokens, past all that is read of the file with its
    /// head: the load is what it is when the file is read whole.
    #[test]
    fn files_unclean_after_the_head_read_load_the_same() {
        let seed = seed_files();
        for (file, (name, text)) in seed.iter().enumerate().filter(|(_, (_, text))| text.contains("relations: [")) {
            let text = padded(text, 1000, 2 * crate::cut::FIRST_PIECE);
            for bad in [&b"\xFF"[..], b"\xC3", b"\r"] {
                for (after, len) in [("text: \"", 0), ("\", kind", 1)] {
                    let at = text.rfind(after).unwrap() + after.len();
                    assert!(at > 2 * crate::cut::FIRST_PIECE);
                    let mut bytes = text.clone().into_bytes();
                    bytes.splice(at..at + len, bad.iter().copied());
                    let mut files: Vec<(String, Vec<u8>)> =
                        seed.iter().map(|(name, text)| (name.clone(), text.clone().into_bytes())).collect();
                    files[file] = (name.clone(), bytes);
                    same_load_of_bytes_from_disk(&files);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]

        /// Edited seed data loads the same from disk whether its texts are cut short before
        /// the relations or kept whole.
        #[test]
        fn edited_data_loads_the_same_from_texts_cut_short(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<usize>(), 0usize..30, prop::sample::select(vec![
                "", " ", ",", ")", "]", "\"", "x", "/* c */", "// c\n", "iran", "russia_", "2025-13",
                "relations: [], ", "actors: [Country(id: \"zz\", name: \"Z\")], ", "negated: true, ",
                "\u{FEFF}", "\r", "\u{200E}",
            ])), 1..4),
        ) {
            same_load_from_disk(&edited_seed(edits));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// A file larger than the first piece read of it, whose head ends anywhere in the
        /// first piece or in a later one: it loads as when the texts are kept whole, whatever
        /// is edited in the data (a lone carriage return, a byte-order mark, a problem in the
        /// head or in the relations).
        #[test]
        fn files_read_by_their_heads_first_load_the_same(
            file in any::<prop::sample::Index>(),
            head in 0usize..3 * crate::cut::FIRST_PIECE,
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<usize>(), 0usize..30, prop::sample::select(vec![
                "", ",", "\"", "x", "iran", "2025-13", "negated: true, ", "\u{FEFF}", "\r", "é",
            ])), 0..3),
        ) {
            let mut files = edited_seed(edits);
            let (_, text) = file.get_mut(&mut files);
            *text = padded(text, head, crate::cut::FIRST_PIECE);
            same_load_from_disk(&files);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Clean syntax with problems in the meaning (unknown ids, kinds and sources, bad dates
        /// and confidences, relations defined twice): messages and places are the same both
        /// ways, though the relations are checked before their number is known.
        #[test]
        fn problems_found_while_reading_are_placed_the_same(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), prop::sample::select(vec![
                ("subject: \"", "subject: \"x"), ("object: \"", "object: \"y"), ("kind: \"", "kind: \"k"),
                ("since: \"", "since: \"1"), ("until: \"", "until: \"2"), ("source: \"", "source: \"s"),
                ("confidence: ", "confidence: 7"), ("evidence: [", "evidence: [], note: \"n\", x: ["),
                ("Relation(", "Relation(id: \"r\", "), ("text: \"", "text: \" "),
                ("since: \"", "since: \"2999\", note: \""),
            ])), 1..5),
        ) {
            let mut files = seed_files();
            for (file, nth, (pattern, replacement)) in edits {
                let text = &mut file.get_mut(&mut files).1;
                let at: Vec<usize> = text.match_indices(pattern).map(|(i, _)| i).collect();
                if !at.is_empty() {
                    let i = *nth.get(&at);
                    text.replace_range(i..i + pattern.len(), replacement);
                }
            }
            same_load(&files);
        }
    }
}
