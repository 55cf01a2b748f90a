//! The cache of validated graphs: used when the files are unchanged, never stale, safe when
//! broken, bypassed on request.

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::util::{data_copy, diplograph_in, edit};

/// Runs `diplograph ARGS` in `dir` with its own cache directory, logging what the cache did.
fn run(dir: &Path, cache: &Path, args: &[&str]) -> (String, String) {
    let out = diplograph_in(dir)
        .env("DIPLOGRAPH_CACHE_DIR", cache)
        .env("DIPLOGRAPH_CACHE_LOG", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// The answer without the cache.
fn fresh(dir: &Path, args: &[&str]) -> String {
    let out = diplograph_in(dir).arg("--no-cache").args(args).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The snapshots of whole loads in the cache directory (beside them, a directory of per-file
/// snapshots for each dataset).
fn snapshots(cache: &Path) -> Vec<PathBuf> {
    let all: Vec<PathBuf> = fs::read_dir(cache).map(|d| d.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
    all.into_iter().filter(|p| p.extension().is_some_and(|e| e == "snapshot")).collect()
}

/// Asserts that `args` answers from the cache with what the files say.
fn assert_hit(dir: &Path, cache: &Path, args: &[&str]) -> String {
    let (out, err) = run(dir, cache, args);
    assert!(err.contains("cache: Hit"), "expected a cache hit: {err}");
    assert_eq!(out, fresh(dir, args));
    out
}

/// Asserts that `args` parses the files (the snapshot does not match) and answers what they say.
fn assert_miss(dir: &Path, cache: &Path, args: &[&str]) -> String {
    let (out, err) = run(dir, cache, args);
    assert!(err.contains("cache: Miss"), "expected a cache miss: {err}");
    assert_eq!(out, fresh(dir, args));
    out
}

/// Asserts that `args` does not use the snapshot of the whole load (the files' own snapshots
/// may be used) and answers what the files say.
fn assert_not_hit(dir: &Path, cache: &Path, args: &[&str]) -> String {
    let (out, err) = run(dir, cache, args);
    assert!(err.contains("cache: Miss") || err.contains("cache: Updated"), "expected no cache hit: {err}");
    assert_eq!(out, fresh(dir, args));
    out
}

#[test]
fn after_an_edit_only_the_edited_file_is_read_again() {
    let dir = data_copy();
    let cache = tempfile::tempdir().unwrap();
    assert_miss(dir.path(), cache.path(), &["check"]);
    edit(&dir.path().join("data/relations/russia-iran.ron"), "Relation(", "Relation( ");
    let (_, err) = run(dir.path(), cache.path(), &["check"]);
    // Nine files hold relations: the one edited is read again, with the files without any.
    assert!(err.contains("cache: Updated { reused: 8, read: "), "{err}");
    // `check` keeps no graph and writes no snapshot of it: the first query does, from the
    // parts the checks wrote.
    let (_, err) = run(dir.path(), cache.path(), &["check"]);
    assert!(err.contains("cache: Updated { reused: 9, read: "), "{err}");
    assert!(snapshots(cache.path()).is_empty());
    assert!(assert_not_hit(dir.path(), cache.path(), &["show", "russia"]).contains("Russia"));
    assert_hit(dir.path(), cache.path(), &["show", "russia"]);
    edit(&dir.path().join("data/relations/russia-iran.ron"), "object: \"iran\"", "object: \"iram\"");
    let out = diplograph_in(dir.path()).env("DIPLOGRAPH_CACHE_DIR", cache.path()).arg("check").output().unwrap();
    let cold = diplograph_in(dir.path()).args(["--no-cache", "check"]).output().unwrap();
    assert_eq!(out.stderr, cold.stderr);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown actor \"iram\""));
}

#[test]
fn a_second_run_answers_from_the_cache_with_the_same_output() {
    let dir = data_copy();
    let cache = tempfile::tempdir().unwrap();
    let first = assert_miss(dir.path(), cache.path(), &["show", "russia"]);
    assert_eq!(snapshots(cache.path()).len(), 1, "one snapshot, outside the data directory");
    let second = assert_hit(dir.path(), cache.path(), &["show", "russia"]);
    assert_eq!(first, second);
    assert!(second.contains("defined at: data/actors/countries.ron:"), "locations are kept");
    assert_hit(dir.path(), cache.path(), &["list", "--format", "json"]);
    assert!(
        !dir.path().join("data").read_dir().unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("snapshot"))
    );
}

#[test]
fn the_cache_is_never_stale() {
    let dir = data_copy();
    let cache = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let show = ["show", "russia"];
    assert_miss(dir.path(), cache.path(), &show);

    // An edit.
    edit(&data.join("actors/countries.ron"), "name: \"Russia\"", "name: \"Russland\"");
    let out = assert_miss(dir.path(), cache.path(), &show);
    assert!(out.starts_with("Russland (russia)"));
    assert_hit(dir.path(), cache.path(), &show);

    // A touch changes nothing: content is what counts, not modification times.
    let file = fs::File::options().append(true).open(data.join("actors/countries.ron")).unwrap();
    file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(3600)).unwrap();
    drop(file);
    assert_hit(dir.path(), cache.path(), &show);

    // A rename: where things are defined changes.
    fs::rename(data.join("actors/countries.ron"), data.join("actors/states.ron")).unwrap();
    let out = assert_miss(dir.path(), cache.path(), &show);
    assert!(out.contains("defined at: data/actors/states.ron:"));

    // A deleted file: its relations are gone.
    let before = fresh(dir.path(), &["show", "iran"]);
    fs::remove_file(data.join("relations/russia-iran.ron")).unwrap();
    let after = assert_miss(dir.path(), cache.path(), &["show", "iran"]);
    assert_ne!(before, after);

    // A vocabulary of the dataset's own, then changed.
    let kinds = data.join("vocabulary.ron");
    fs::write(
        &kinds,
        "Vocabulary(actor_kinds: [ActorKind(id: \"federation\", label: \"Federation\", parent: \"country\")])",
    )
    .unwrap();
    let out = assert_miss(dir.path(), cache.path(), &["vocabulary"]);
    assert!(out.contains("Federation (a kind of country)"), "{out}");
    edit(&kinds, "label: \"Federation\"", "label: \"Union\"");
    let out = assert_miss(dir.path(), cache.path(), &["vocabulary"]);
    assert!(out.contains("Union (a kind of country)"), "{out}");

    // A new file.
    fs::write(data.join("extra.ron"), "Graph(actors: [Country(id: \"ruritania\", name: \"Ruritania\")])").unwrap();
    let out = assert_miss(dir.path(), cache.path(), &["list"]);
    assert!(out.contains("ruritania"));
}

#[test]
fn a_corrupt_or_truncated_snapshot_is_ignored_and_rebuilt() {
    let dir = data_copy();
    let cache = tempfile::tempdir().unwrap();
    let show = ["show", "russia", "--format", "json"];
    assert_miss(dir.path(), cache.path(), &show);
    let snapshot = snapshots(cache.path()).pop().unwrap();
    let good = fs::read(&snapshot).unwrap();

    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    fs::write(&snapshot, &flipped).unwrap();
    assert_not_hit(dir.path(), cache.path(), &show);
    assert_eq!(fs::read(&snapshot).unwrap(), good, "rebuilt");

    for len in [0, 10, 60, good.len() / 2, good.len() - 1] {
        fs::write(&snapshot, &good[..len]).unwrap();
        assert_not_hit(dir.path(), cache.path(), &show);
        assert_hit(dir.path(), cache.path(), &show);
    }
    fs::write(&snapshot, b"not a snapshot at all").unwrap();
    assert_not_hit(dir.path(), cache.path(), &show);
}

#[test]
fn no_cache_neither_reads_nor_writes_snapshots() {
    let dir = data_copy();
    let cache = tempfile::tempdir().unwrap();
    let out = diplograph_in(dir.path())
        .env("DIPLOGRAPH_CACHE_DIR", cache.path())
        .env("DIPLOGRAPH_CACHE_LOG", "1")
        .args(["--no-cache", "show", "russia"])
        .assert()
        .success();
    out.stderr(predicate::str::contains("cache:").not());
    assert!(snapshots(cache.path()).is_empty());
}

#[test]
fn check_replays_the_same_warnings_from_the_cache_and_never_caches_errors() {
    let dir = data_copy();
    let cache = tempfile::tempdir().unwrap();
    let file = dir.path().join("data/extra.ron");
    fs::write(&file, "Graph(actors: [Country(id: \"ruritania\", name: \"Ruritania\")])").unwrap();
    let (_, cold) = run(dir.path(), cache.path(), &["check"]);
    let (_, warm) = run(dir.path(), cache.path(), &["check"]);
    assert!(cold.contains("actor \"ruritania\" is not related to anything"));
    // Every file's relations reused: those of the nine files that hold any.
    assert!(warm.starts_with("cache: Updated { reused: 9, "), "{warm}");
    assert_eq!(cold.lines().skip(1).collect::<Vec<_>>(), warm.lines().skip(1).collect::<Vec<_>>());

    // Data with an error is never cached.
    fs::write(&file, "Graph(actors: [Country(id: \"ruritania\", name: \"\")])").unwrap();
    for _ in 0..2 {
        let out = diplograph_in(dir.path())
            .env("DIPLOGRAPH_CACHE_DIR", cache.path())
            .env("DIPLOGRAPH_CACHE_LOG", "1")
            .arg("check")
            .assert()
            .code(1);
        out.stderr(predicate::str::contains("cache: Miss { written: false }"));
    }
}

#[test]
fn a_dataset_with_a_manifest_is_counted_alike_from_the_cache() {
    let dir = data_copy();
    fs::write(dir.path().join("data/diplograph.ron"), "Dataset()").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let cold = diplograph_in(dir.path()).args(["--no-cache", "check", "--unsourced"]).output().unwrap();
    let cold = String::from_utf8(cold.stderr).unwrap();
    assert!(cold.contains("in 16 files"), "{cold}");
    // Written by the first run, answered from the snapshot by the second.
    for status in ["cache: Miss", "cache: Hit"] {
        let (_, err) = run(dir.path(), cache.path(), &["check", "--unsourced"]);
        assert!(err.starts_with(status), "{err}");
        assert_eq!(err.lines().skip(1).collect::<Vec<_>>(), cold.lines().collect::<Vec<_>>());
    }
}
