//! The loader never panics and never overflows the stack, whatever the bytes: mutated copies of
//! the shipped data files, and hand-made pathological inputs.

use std::fs;
use std::path::Path;

use diplograph_loader::{LoadOptions, Loaded, load_texts};
use proptest::prelude::*;

fn seed_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let mut files: Vec<(String, String)> = diplograph_loader::discover(&root)
        .unwrap()
        .into_iter()
        .map(|p| (p.strip_prefix(&root).unwrap().to_string_lossy().into_owned(), fs::read_to_string(&p).unwrap()))
        .collect();
    files.sort();
    files
}

/// Loads files from memory, with the shipped data's source texts (by path relative to `data/`).
fn load(files: &[(String, String)]) -> Loaded {
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let name = "sources/realist-2026.txt";
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data").join(name)).unwrap();
    load_texts(&refs, &LoadOptions { side_texts: [(name.into(), text)].into(), ..LoadOptions::default() })
}

/// Every diagnostic's labels lie inside their file and on character boundaries; the rendering
/// gives every error's message and the file, line and column of every located diagnostic.
fn assert_well_formed(loaded: &Loaded) {
    for d in &loaded.diagnostics {
        for label in d.primary.iter().chain(&d.secondary) {
            let text = &loaded.files[label.file].text;
            assert!(label.range.start <= label.range.end && label.range.end <= text.len(), "{d:?}");
            assert!(text.is_char_boundary(label.range.start) && text.is_char_boundary(label.range.end), "{d:?}");
        }
    }
    let rendered = loaded.render(false);
    for d in &loaded.diagnostics {
        if d.is_error() {
            // As messages show user data: escaped, and cut when long.
            let message = diplograph_loader::excerpt::shown(&d.message);
            assert!(rendered.contains(&format!("error: {message}\n")), "{:?} not rendered:\n{rendered}", d.message);
        }
        if let Some(p) = d.position(&loaded.files) {
            let at = format!("{}:{}:{}", p.file, p.line, p.column);
            assert!(rendered.contains(&at), "{at} ({:?}) not rendered:\n{rendered}", d.message);
        }
    }
    if loaded.error_count() == 0 {
        assert!(loaded.graph.is_some(), "no errors but no graph:\n{rendered}");
    } else {
        assert!(loaded.graph.is_none());
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, bytes: String },
    Duplicate { at: usize, len: usize },
    Truncate { at: usize },
    Swap { a: usize, b: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let fragment = prop_oneof![
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(",".to_owned()),
        Just("\"".to_owned()),
        Just("/*".to_owned()),
        Just("//".to_owned()),
        Just("r#\"".to_owned()),
        Just("'".to_owned()),
        Just("\\".to_owned()),
        Just("\u{FEFF}".to_owned()),
        Just("99999999999999999999999999999".to_owned()),
        Just("id: \"russia\"".to_owned()),
        Just("Country(id: \"x\", name: \"X\"),".to_owned()),
        "[a-z_]{1,12}".prop_map(|s| s),
        any::<String>(),
    ];
    prop_oneof![
        (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), fragment).prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<usize>(), 1usize..400).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap { a, b }),
    ]
}

/// Text made of RON-ish fragments in any order: names, brackets, strings whole and broken,
/// comments open and closed, attributes, numbers, and now and then any characters at all. It
/// reaches far deeper into the outline and the parser than random bytes, which rarely get past
/// the first token.
fn soup() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        8 => prop::sample::select(vec![
            "Graph", "Vocabulary", "Grahp", "(", ")", "[", "]", "{", "}", ",", ":", " ", "\n", "actors", "relations",
            "sources", "actor_kinds", "relation_kinds", "actor", "Country", "Person", "Organization", "Event",
            "Actor", "Relation", "Source", "Quote", "Office", "ActorKind", "RelationKind", "id", "name", "kind",
            "subject", "object", "evidence", "offices", "of", "title", "text", "parent", "polarity", "since",
            "until", "status", "\"iran\"", "\"russia\"", "\"war\"", "\"partnership\"", "\"s\"",
            "\"country\"", "\"person\"", "\"hostile\"", "\"2025-06\"", "\"ended\"", "\"", "'", "'x'",
            "r#\"", "\"#", "b\"", "/*", "*/", "//", "#", "!", "#![enable(implicit_some)]", "1", "-0.5e3",
            "1e999", "true", "fals", "\\", "\\u{", "é", "\u{FEFF}", "\t",
        ]).prop_map(str::to_owned),
        2 => "[a-z_]{1,8}".prop_map(|s| s),
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ];
    // Mostly a plausible file with soup inside, sometimes soup alone.
    prop_oneof![
        3 => prop::collection::vec(fragment.clone(), 0..200).prop_map(|parts| {
            format!("Graph(actors: [Country(id: \"a\", name: \"A\"), {}], relations: [])", parts.concat())
        }),
        1 => prop::collection::vec(fragment, 0..300).prop_map(|parts| parts.concat()),
    ]
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, m: &Mutation) -> String {
    match m {
        Mutation::Delete { at, len } => {
            let a = boundary(text, *at);
            let b = boundary(text, (a + len).min(text.len()));
            format!("{}{}", &text[..a], &text[b.max(a)..])
        }
        Mutation::Insert { at, bytes } => {
            let a = boundary(text, *at);
            format!("{}{bytes}{}", &text[..a], &text[a..])
        }
        Mutation::Duplicate { at, len } => {
            let a = boundary(text, *at);
            let b = boundary(text, (a + len).min(text.len())).max(a);
            format!("{}{}{}", &text[..b], &text[a..b], &text[b..])
        }
        Mutation::Truncate { at } => text[..boundary(text, *at)].to_owned(),
        Mutation::Swap { a, b } => {
            let (x, y) = (boundary(text, *a), boundary(text, *b));
            let (x, y) = (x.min(y), x.max(y));
            let first = text[x..].chars().next();
            let second = text[y..].chars().next();
            match (first, second) {
                (Some(c1), Some(c2)) if y >= x + c1.len_utf8() => {
                    format!("{}{c2}{}{c1}{}", &text[..x], &text[x + c1.len_utf8()..y], &text[y + c2.len_utf8()..])
                }
                _ => text.to_owned(),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_seed_files_never_crash_the_loader(file in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 1..4)) {
        let mut files = seed_files();
        let i = file.index(files.len());
        for m in &mutations {
            files[i].1 = apply(&files[i].1, m);
        }
        let loaded = load(&files);
        assert_well_formed(&loaded);
    }

    #[test]
    fn token_soup_never_crashes_the_loader(files in prop::collection::vec(soup(), 1..3)) {
        let files: Vec<(String, String)> =
            files.into_iter().enumerate().map(|(i, text)| (format!("f{i}.ron"), text)).collect();
        let loaded = load(&files);
        assert_well_formed(&loaded);
    }
}

#[test]
fn the_unmutated_seed_files_load_cleanly() {
    let loaded = load(&seed_files());
    assert_eq!(loaded.error_count(), 0, "{}", loaded.render(false));
    assert!(loaded.graph.is_some());
}

#[test]
fn pathological_inputs_are_reported() {
    let huge_string = format!("Graph(actors: [Country(id: \"x\", name: \"{}\")])", "a".repeat(100 * 1024 * 1024));
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("bom", "\u{FEFF}Graph(actors: [Country(id: \"bom\", name: \"B\")])".to_owned()),
        ("nested brackets", format!("Graph(actors: [{}{}])", "[".repeat(10_000), "]".repeat(10_000))),
        ("nested in an entry", format!("Graph(actors: [Country(id: \"x\", name: {}\"\"{})])", "(".repeat(10_000), ")".repeat(10_000))),
        ("unclosed nesting", "(".repeat(100_000)),
        ("huge number", "Graph(relations: [Relation(subject: \"a\", kind: \"war\", object: \"b\", confidence: 1e999999)])".to_owned()),
        ("huge integer", "Graph(relations: [Relation(subject: \"a\", kind: \"war\", object: \"b\", confidence: 99999999999999999999999999999999)])".to_owned()),
        ("truncated", "Graph(actors: [Country(id: \"x\", na".to_owned()),
        ("huge string", huge_string),
        ("only a comment", "// nothing here\n/* or here */".to_owned()),
    ];
    for (name, text) in &cases {
        let loaded = load_texts(&[("x.ron", text.as_str())], &LoadOptions::default());
        assert_well_formed(&loaded);
        match *name {
            "empty" => assert_eq!(loaded.error_count(), 0, "{name}"),
            "bom" | "huge string" => assert_eq!(loaded.error_count(), 0, "{name}: {}", loaded.render(false)),
            _ => assert!(loaded.error_count() > 0, "{name} should be reported"),
        }
    }
}
