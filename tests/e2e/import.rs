//! `diplograph import csv`: tables brought in through the edit engine. A dataset exported to CSV
//! and imported into an empty one is the same graph (`diff` finds nothing), on the seed, the
//! adversarial names and random generated datasets; every bad table is refused with its message
//! at the row and column (tests/data/import/NAME.csv beside NAME.stderr), nothing written.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::util::{data_copy, diplograph_in, golden, root, test_data};

/// Every data file below `dir` (not the locks and journal of `.diplograph/`), with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_owned(), fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    diplograph_in(dir).args(args).output().unwrap()
}

/// Exports `data` as CSV, imports the tables into a new empty dataset, and checks that `diff`
/// finds nothing between the two and that a second import changes nothing.
fn round_trip(data: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let (tables, empty) = (dir.path().join("tables"), dir.path().join("empty"));
    fs::create_dir(&empty).unwrap();
    let out = run(dir.path(), &["--data", data.to_str().unwrap(), "export", "--format", "csv", "-o", "tables"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(dir.path(), &["--data", "empty", "import", "csv", tables.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(dir.path(), &["diff", data.to_str().unwrap(), "empty", "--exit-code"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}{}",
        data.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let before = snapshot(&empty);
    let again = run(dir.path(), &["--data", "empty", "import", "csv", "tables"]);
    assert!(again.status.success());
    let stderr = String::from_utf8(again.stderr).unwrap();
    assert!(stderr.contains("nothing to change"), "{stderr}");
    assert!(snapshot(&empty) == before, "a second import changed the data");
}

#[test]
fn the_seed_and_the_adversarial_names_survive_a_round_trip_through_csv() {
    round_trip(&root().join("data"));
    round_trip(&test_data().join("adversarial"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Random generated datasets of every size survive the round trip.
    #[test]
    fn generated_datasets_survive_a_round_trip_through_csv(
        seed in 0u64..10_000,
        actors in 2usize..60,
        relations in 0usize..150,
        files in 1usize..4,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let out = run(dir.path(), &[
            "gen", "--actors", &actors.to_string(), "--relations", &relations.to_string(),
            "--files", &files.to_string(), "--seed", &seed.to_string(), "-o", "gen",
        ]);
        prop_assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        round_trip(&dir.path().join("gen"));
    }
}

/// Each bad table is refused with the message in its golden file, and the data is left as it
/// was, byte for byte.
#[test]
fn bad_tables_are_refused_at_their_row_and_column() {
    let cases = test_data().join("import");
    let mut names: Vec<PathBuf> = fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    names.sort();
    assert!(names.len() >= 10);
    let copy = data_copy();
    let data = copy.path().join("data");
    let before = snapshot(&data);
    for case in names {
        let name = case.file_name().unwrap().to_str().unwrap();
        let out = run(&cases, &["--data", data.to_str().unwrap(), "import", "csv", name]);
        let code = out.status.code().unwrap_or(-1);
        let actual = format!("{}[exit status: {code}]\n", String::from_utf8_lossy(&out.stderr));
        golden(&case.with_extension("stderr"), &actual);
        assert_eq!(code, 1, "{name}");
        assert!(out.stdout.is_empty());
        assert!(snapshot(&data) == before, "{name} changed the data");
    }
}

/// A spreadsheet of relations with a few columns in its own order goes into the files where
/// `add` would put it; every other file keeps its bytes; `--dry-run` shows it and writes nothing.
#[test]
fn an_analysts_table_is_added_where_add_would_put_it() {
    let copy = data_copy();
    let dir = copy.path();
    let table = dir.join("mine.csv");
    fs::write(
        &table,
        "source,quote,object,kind,subject,confidence,since\n\
         realist-2026,\"In 2025, Moscow and Tehran signed a strategic partnership agreement\",iran,economic_cooperation,russia,0.6,2025\n\
         ,,belarus,alignment,iran,,\n",
    )
    .unwrap();
    let before = snapshot(&dir.join("data"));
    let dry = run(dir, &["import", "csv", "mine.csv", "--dry-run"]);
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    let diff = String::from_utf8(dry.stdout).unwrap();
    assert!(diff.contains("+++ b/data/relations/russia-iran.ron"), "{diff}");
    assert!(diff.contains("kind: \"economic_cooperation\""), "{diff}");
    assert!(snapshot(&dir.join("data")) == before, "a dry run writes nothing");

    let out = run(dir, &["import", "csv", "mine.csv"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("imported 0 sources, 0 actors, 2 relations and 0 offices"), "{stderr}");
    assert!(stderr.contains("warning: relation has no evidence"), "{stderr}");
    assert!(stderr.contains("┌─ mine.csv:3:"), "the warning is shown at its row: {stderr}");
    let after = snapshot(&dir.join("data"));
    let changed: Vec<&PathBuf> = after.keys().filter(|k| before.get(*k) != after.get(*k)).collect();
    // Both relations share an actor with the relations of one file, where `add` puts them too.
    assert_eq!(changed, [Path::new("relations/russia-iran.ron")], "{changed:?}");
    // Each changed file is the old one with the new entry spliced in: its old bytes are all kept.
    for path in changed {
        let (old, new) = (String::from_utf8_lossy(&before[path]), String::from_utf8_lossy(&after[path]));
        let mut new_lines = new.lines();
        let kept = old.lines().all(|line| new_lines.any(|n| n == line));
        assert!(kept, "{}: {new}", path.display());
    }
    let between = run(dir, &["between", "russia", "iran"]);
    assert!(String::from_utf8(between.stdout).unwrap().contains("economic cooperation"));
    let check = run(dir, &["check", "--quiet"]);
    assert!(check.status.success());
}
