//! `diplograph gen` and a dataset of 50,000 relations: generated data is valid and
//! deterministic, and answers from the cache equal answers from the files.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::util::diplograph;

fn generate(dir: &Path, actors: &str, relations: &str, files: &str, seed: &str) {
    diplograph()
        .args(["gen", "--actors", actors, "--relations", relations, "--files", files, "--seed", seed, "-o"])
        .arg(dir)
        .assert()
        .success();
}

/// Every file of a directory, by name, with its bytes.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), fs::read(e.path()).unwrap()))
        .collect();
    all.sort();
    all
}

#[test]
fn gen_is_deterministic_for_a_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
    generate(&a, "300", "1500", "4", "7");
    generate(&b, "300", "1500", "4", "7");
    generate(&c, "300", "1500", "4", "8");
    let (a, b, c) = (contents(&a), contents(&b), contents(&c));
    assert_eq!(a.len(), 4);
    assert_eq!(a, b, "the same seed must give the same bytes");
    assert_ne!(a, c, "another seed must give other data");
}

#[test]
fn gen_output_checks_clean_with_the_counts_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("synth");
    generate(&dir, "500", "2500", "3", "1");
    let text: String = contents(&dir).iter().map(|(_, b)| String::from_utf8_lossy(b).into_owned()).collect();
    assert!(text.contains("negated: true"), "some relations are negated");
    assert!(text.contains("Quote(source: \""), "relations cite sources");
    assert!(text.contains("offices: [Office("), "some people hold offices");
    check_clean(&dir, "ok: 500 actors, 2500 relations, 50 sources in 3 files (50 warnings");
}

/// Checks generated data: no error, and no warning but one per source, whose texts are not
/// generated (their quotes are not checked). The summary (from its start to its warnings) is
/// followed by the count of facts resting on no quote (generated quotes state no dates), which
/// is not listed.
fn check_clean(data: &Path, summary: &str) {
    let out = diplograph().args(["check", "--no-cache", "--data"]).arg(data).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    let [.., last, note] = lines[..] else { panic!("{stderr}") };
    assert!(last.starts_with(summary) && last.ends_with(" facts rest on no quote)"), "{stderr}");
    assert_eq!(note, "note: `check --unsourced` lists them, with what to add");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning: ")).collect();
    assert!(warnings.iter().all(|w| w.ends_with("are not checked: it has no text")), "{warnings:?}");
}

/// Files larger than what `check --no-cache` first reads of them (their heads), one with a
/// lone carriage return and one with a byte that is not UTF-8 deep in its relations: the
/// messages are those of a `check` through the cache, which reads every file whole.
#[test]
fn files_read_by_their_heads_first_check_as_files_read_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("synth");
    generate(&data, "2000", "6000", "2", "5");
    let files = contents(&data);
    assert!(files.iter().all(|(_, bytes)| bytes.len() > 2 << 18), "each file is larger than its first two pieces");
    let check = |no_cache: bool| {
        let mut cmd = diplograph();
        cmd.args(["check", "--data"]).arg(&data);
        if no_cache {
            cmd.arg("--no-cache");
        }
        cmd.env("DIPLOGRAPH_CACHE_DIR", tmp.path().join("cache")).output().unwrap()
    };
    for (name, bad) in [("part-0002.ron", &b"\r"[..]), ("part-0001.ron", b"\xFF")] {
        let path = data.join(name);
        let mut bytes = fs::read(&path).unwrap();
        let at =
            bytes.len() - 1000 + bytes[bytes.len() - 1000..].windows(7).position(|w| w == b"text: \"").unwrap() + 7;
        bytes.splice(at..at, bad.iter().copied());
        fs::write(&path, bytes).unwrap();
        let (lean, whole) = (check(true), check(false));
        assert!(!lean.status.success());
        assert_eq!(String::from_utf8_lossy(&lean.stderr), String::from_utf8_lossy(&whole.stderr));
    }
    let stderr = String::from_utf8(check(true).stderr).unwrap();
    assert!(stderr.contains("lone carriage return") && stderr.contains("not valid UTF-8"), "{stderr}");
}

#[test]
fn gen_refuses_a_directory_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("keep.ron"), "Graph()").unwrap();
    diplograph().args(["gen", "-o"]).arg(tmp.path()).assert().code(2).stderr(predicate::str::contains("is not empty"));
    assert_eq!(fs::read_to_string(tmp.path().join("keep.ron")).unwrap(), "Graph()");
}

fn stdout_of(args: &[&str], data: &Path, no_cache: bool) -> String {
    let mut cmd = diplograph();
    cmd.args(args).arg("--data").arg(data);
    if no_cache {
        cmd.arg("--no-cache");
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn fifty_thousand_relations_load_and_the_cache_gives_the_same_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("synth");
    generate(&data, "10000", "50000", "10", "3");
    check_clean(&data, "ok: 10000 actors, 50000 relations, 1000 sources in 10 files (1000 warnings");

    let cold = stdout_of(&["list", "--format", "json"], &data, true);
    let list: Value = serde_json::from_str(&cold).unwrap();
    assert_eq!(list["actors"].as_array().unwrap().len(), 10_000);

    // Degrees counted from the files themselves: every actor takes part in a relation, and a few
    // hubs take part in far more than the median.
    let degrees = degrees_in(&data);
    let mut sorted: Vec<usize> = degrees.values().copied().collect();
    sorted.sort_unstable();
    assert_eq!(sorted.len(), 10_000);
    assert!(sorted[0] >= 1, "every actor takes part in a relation");
    let median = sorted[sorted.len() / 2];
    assert!(
        sorted[sorted.len() - 1] >= 15 * median,
        "degrees are skewed: max {} median {median}",
        sorted[sorted.len() - 1]
    );
    let hub = degrees.iter().max_by_key(|(id, d)| (**d, std::cmp::Reverse(id.as_str()))).unwrap().0.clone();
    let typical = degrees.iter().find(|(_, d)| **d == median).unwrap().0.clone();
    for id in [&hub, &typical] {
        let v: Value = serde_json::from_str(&stdout_of(&["show", id, "--format", "json"], &data, true)).unwrap();
        assert_eq!(v["relations"].as_array().unwrap().len(), degrees[id], "relations of {id}");
    }

    // Warm the cache, then read from it: the answers are the same as from the files.
    let first = stdout_of(&["list", "--format", "json"], &data, false);
    let warm = stdout_of(&["list", "--format", "json"], &data, false);
    assert_eq!(first, cold);
    assert_eq!(warm, cold);
    for id in [&hub, &typical] {
        for format in ["text", "json"] {
            let args = ["show", id, "--format", format];
            assert_eq!(stdout_of(&args, &data, false), stdout_of(&args, &data, true), "show {id} --format {format}");
        }
    }

    // Paths: as short as a breadth-first search over the files finds, along real relations, and
    // the same from the cache.
    let (_, links) = links_in(&data);
    let far = degrees.keys().rev().find(|id| **id != typical && distance(&links, &typical, id).is_some_and(|d| d >= 3));
    let far = far.expect("an actor three hops or more away");
    for (from, to) in [(&typical, &hub), (&typical, far), (&hub, far)] {
        let args = ["path", from.as_str(), to.as_str(), "--format", "json"];
        let warm = stdout_of(&args, &data, false);
        assert_eq!(warm, stdout_of(&args, &data, true), "path {from} {to}");
        let v: Value = serde_json::from_str(&warm).unwrap();
        let path = &v["paths"][0];
        assert_eq!(path["hops"].as_u64().map(|h| h as usize), distance(&links, from, to), "path {from} {to}");
        let actors: Vec<&str> = path["actors"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
        assert_eq!((actors[0], actors[actors.len() - 1]), (from.as_str(), to.as_str()));
        for pair in actors.windows(2) {
            assert!(links[pair[0]].iter().any(|b| b == pair[1]), "no relation links {} and {}", pair[0], pair[1]);
        }
    }
    let args = ["neighbors", hub.as_str(), "--depth", "2", "--format", "json"];
    assert_eq!(stdout_of(&args, &data, false), stdout_of(&args, &data, true));
}

/// The value of the first `name: "..."` in `line`.
fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let start = line.find(&format!("{name}: \""))? + name.len() + 3;
    line[start..].split('"').next()
}

/// The number of relations of every actor, offices included, counted in the generated text.
fn degrees_in(dir: &Path) -> BTreeMap<String, usize> {
    links_in(dir).0
}

/// Degrees as in [`degrees_in`], and the pairs of actors that a relation which is not negated
/// links (offices included), both ways: what path queries may follow.
fn links_in(dir: &Path) -> (BTreeMap<String, usize>, BTreeMap<String, Vec<String>>) {
    let mut links: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut link = |a: &str, b: &str| {
        links.entry(a.to_owned()).or_default().push(b.to_owned());
        links.entry(b.to_owned()).or_default().push(a.to_owned());
    };
    let mut degrees = BTreeMap::new();
    let mut last_actor = String::new();
    for (_, bytes) in contents(dir) {
        for line in String::from_utf8(bytes).unwrap().lines() {
            let line = line.trim_start();
            let is_actor =
                ["Country(", "Person(", "Organization(", "Event(", "Actor("].iter().any(|f| line.starts_with(f));
            if is_actor {
                last_actor = field(line, "id").unwrap().to_owned();
                degrees.entry(last_actor.clone()).or_insert(0);
            }
            if line.starts_with("Relation(") {
                let (subject, object) = (field(line, "subject").unwrap(), field(line, "object").unwrap());
                for end in [subject, object] {
                    *degrees.entry(end.to_owned()).or_insert(0) += 1;
                }
                if !line.contains("negated: true") {
                    link(subject, object);
                }
            }
            if let Some(at) = line.find("offices: [Office(") {
                let of = field(&line[at..], "of").unwrap();
                *degrees.entry(of.to_owned()).or_insert(0) += 1;
                *degrees.entry(last_actor.clone()).or_insert(0) += 1;
                link(&last_actor, of);
            }
        }
    }
    (degrees, links)
}

/// The number of hops of a shortest path, by breadth-first search over `links`.
fn distance(links: &BTreeMap<String, Vec<String>>, from: &str, to: &str) -> Option<usize> {
    let mut seen = std::collections::BTreeSet::from([from.to_owned()]);
    let mut frontier = vec![from.to_owned()];
    for hops in 1.. {
        let mut next = Vec::new();
        for a in &frontier {
            for b in links.get(a).into_iter().flatten() {
                if b == to {
                    return Some(hops);
                }
                if seen.insert(b.clone()) {
                    next.push(b.clone());
                }
            }
        }
        if next.is_empty() {
            return None;
        }
        frontier = next;
    }
    None
}
