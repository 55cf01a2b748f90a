//! Properties of the loader that hold for every input, shared by the fuzz targets (`fuzz/`) and
//! the property tests: each panics when its property fails.

use std::fmt;
use std::path::PathBuf;

use serde::de::DeserializeOwned;

use diplograph_core::Counts;

use crate::load::{Input, LoadOptions, Loaded, load_parsed_as};
use crate::parse::ron_options;
use crate::raw::{ActorKindRaw, ActorRaw, RelationKindRaw, RelationRaw, SourceRaw};

/// What ron reads at the start of `text`, and how far.
fn by_ron<T: DeserializeOwned>(text: &str) -> Option<(T, usize)> {
    let options = ron_options();
    let mut de = ron::Deserializer::from_str_with_options(text, &options).ok()?;
    let value = T::deserialize(&mut de).ok()?;
    Some((value, text.len() - de.remainder().len()))
}

/// Whether the plain reader reads `text` as a `T`; when it does, ron reads the same value and
/// stops at the same byte.
pub fn agrees<T: DeserializeOwned + fmt::Debug>(text: &str) -> bool {
    let Some((value, len)) = crate::plain::read::<T>(text) else { return false };
    let Some((expected, ron_len)) = by_ron::<T>(text) else {
        panic!("the plain reader read what ron refuses: {text:?} as {value:?}");
    };
    assert_eq!(format!("{value:?}"), format!("{expected:?}"), "{text:?}");
    assert_eq!(len, ron_len, "{text:?}");
    true
}

/// Tries `text` as every kind of entry; how many the plain reader read (each the same as ron).
pub fn agrees_as_any(text: &str) -> usize {
    [
        agrees::<SourceRaw>(text),
        agrees::<ActorRaw>(text),
        agrees::<RelationRaw>(text),
        agrees::<ActorKindRaw>(text),
        agrees::<RelationKindRaw>(text),
    ]
    .into_iter()
    .filter(|&read| read)
    .count()
}

/// The plain reader agrees with ron on `text` and on every entry the outline finds in it.
pub fn plain_reader(text: &str) {
    agrees_as_any(text);
    for section in crate::outline::outline(text).sections {
        for entry in section.entries {
            agrees_as_any(&text[entry]);
        }
    }
}

/// `bytes` loaded as a one-file dataset (with the built-in vocabulary, and a source text
/// `s.txt` given in memory; nothing is read from the disk): the one-pass reading and the
/// careful one give the same messages, places and graph; every message renders, its places
/// inside the file; a clean file is read the same by both per-file readers.
pub fn whole_file(bytes: &[u8]) {
    let dir = PathBuf::from("/nonexistent-diplograph-fuzz");
    let options = LoadOptions {
        side_texts: [(dir.join("s.txt"), "The quoted words, in a source text.".to_owned())].into(),
        ..LoadOptions::default()
    };
    let inputs = || vec![Input { path: dir.join("f.ron"), name: "f.ron".into(), bytes: bytes.to_vec(), unread: false }];
    let (fast, _) = load_parsed_as(inputs(), &Default::default(), &options, false, true);
    let (careful, one_pass) = load_parsed_as(inputs(), &Default::default(), &options, false, false);
    assert!(!one_pass);
    let counting = LoadOptions { counts_only: true, ..options.clone() };
    for one_pass in [true, false] {
        counts_agree(&fast, &load_parsed_as(inputs(), &Default::default(), &counting, false, one_pass).0);
    }
    let rendered = fast.render(false);
    assert_eq!(rendered, careful.render(false));
    assert_eq!(format!("{:?}", fast.locations), format!("{:?}", careful.locations));
    assert_eq!(format!("{:?}", fast.graph), format!("{:?}", careful.graph));
    assert_eq!(fast.graph.is_some(), !fast.diagnostics.iter().any(|d| d.is_error()));
    for d in &fast.diagnostics {
        for label in d.primary.iter().chain(&d.secondary) {
            let text = &fast.files[label.file].text;
            assert!(label.range.start <= label.range.end && label.range.end <= text.len(), "{label:?}");
        }
    }
    let text = &careful.files[0].text;
    if let Some(clean) = crate::fast::parse_clean(text) {
        let outlined = crate::parse::parse_outlined(0, text);
        assert!(outlined.diagnostics.is_empty(), "the one-pass reading took a file with problems");
        assert_eq!(format!("{clean:?}"), format!("{outlined:?}"));
    }
}

/// The files a load lists, as loads of the same data must agree on them: how many are data
/// files, and each one's name.
pub fn file_names(loaded: &Loaded) -> (usize, Vec<String>) {
    (loaded.data_files, loaded.files.iter().map(|f| f.name.clone()).collect())
}

/// A load that kept no graph ([`LoadOptions::counts_only`]) found what the load of the graph
/// `full` found (messages, places) and counts what its graph holds.
pub fn counts_agree(full: &Loaded, counted: &Loaded) {
    assert_eq!(counted.render(false), full.render(false));
    assert_eq!(file_names(counted), file_names(full));
    assert_eq!(format!("{:?}", counted.diagnostics), format!("{:?}", full.diagnostics));
    assert_eq!(format!("{:?}", counted.locations), format!("{:?}", full.locations));
    assert!(counted.graph.is_none());
    assert_eq!(counted.counts, full.graph.as_ref().map(Counts::of));
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    /// The `.ron` files of the project's data and test data: the fuzz targets' seed corpus.
    fn seeds() -> &'static [Vec<u8>] {
        static SEEDS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
        SEEDS.get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
            let mut out = Vec::new();
            let mut stack = vec![root.join("data"), root.join("tests/data")];
            while let Some(dir) = stack.pop() {
                for entry in std::fs::read_dir(&dir).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == "ron") {
                        out.push(std::fs::read(&path).unwrap());
                    }
                }
            }
            out.sort();
            out
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The fuzz targets `load` and `plain` on mutated seed files: pieces of RON, line
        /// endings, invisible characters and bytes that are not UTF-8 put anywhere.
        #[test]
        fn the_loader_properties_hold_on_mutated_files(
            seed in any::<prop::sample::Index>(),
            edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..16, prop::sample::select(vec![
                &b""[..], b",", b")", b"]", b"(", b"\"", b"\\", b"//", b"/*", b"\r", b"\r\n", b"\n", b"\xEF\xBB\xBF",
                b"\xC2\xA0", b"\0", b"\xFF", b"\xE2\x80\x8B", b"Quote(source: \"s\", text: \"quoted\")",
                b"evidence: [], ", b"note: \"\x1b[2J\", ", b"Relation(subject: \"a\", kind: \"war\", object: \"b\"),",
            ])), 0..4),
        ) {
            let mut bytes = seed.get(seeds()).clone();
            for (at, len, insert) in edits {
                let start = at.index(bytes.len() + 1);
                let end = (start + len).min(bytes.len());
                bytes.splice(start..end, insert.iter().copied());
            }
            super::whole_file(&bytes);
            super::plain_reader(&String::from_utf8_lossy(&bytes));
        }
    }
}
