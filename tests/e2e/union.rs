//! Several datasets as one graph: a manifest includes another dataset and joins its actors.

use std::fs;
use std::path::Path;

use predicates::prelude::*;

use crate::util::diplograph_in;

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// `mine/` includes `theirs/`, which knows Turkey as `turkiye`.
fn union() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "mine/diplograph.ron",
        "Dataset(include: [\"../theirs\"], same_as: {\"turkiye\": \"turkey\", \"russia\": \"russia\"})\n",
    );
    write(
        root,
        "mine/vocabulary.ron",
        "Vocabulary(relation_kinds: [RelationKind(id: \"provokes\", polarity: \"hostile\")])\n",
    );
    write(
        root,
        "mine/data.ron",
        r#"Graph(
    sources: [Source(id: "mine")],
    actors: [
        Country(id: "turkey", name: "Turkey", aliases: ["Ankara"]),
        Country(id: "russia", name: "Russia"),
        Country(id: "greece", name: "Greece"),
    ],
    relations: [
        Relation(subject: "turkey", kind: "provokes", object: "greece", evidence: [Quote(source: "mine", text: "a")]),
    ],
)
"#,
    );
    write(
        root,
        "theirs/data.ron",
        r#"Graph(
    sources: [Source(id: "theirs")],
    actors: [Country(id: "russia", name: "Russian Federation"), Country(id: "turkiye", name: "Türkiye")],
    relations: [
        Relation(subject: "turkiye", kind: "economic_cooperation", object: "russia", evidence: [Quote(source: "theirs", text: "b")]),
    ],
)
"#,
    );
    dir
}

#[test]
fn queries_and_diagrams_see_the_union_and_edits_leave_the_included_dataset_alone() {
    let dir = union();
    let run = |args: &[&str]| {
        let mut cmd = diplograph_in(&dir.path().join("mine"));
        cmd.args(["--data", "."]).args(args);
        cmd
    };
    run(&["check"])
        .assert()
        .success()
        .stderr(predicate::str::ends_with("ok: 3 actors, 2 relations, 2 sources in 4 files (2 warnings)\n"));
    run(&["path", "Greece", "russia"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Greece to Russia: 2 hops"));
    run(&["dot"]).assert().success().stdout(
        predicate::str::contains("\"turkey\" -> \"russia\"")
            .or(predicate::str::contains("\"russia\" -> \"turkey\""))
            .or(predicate::str::contains("\"turkey\" -- \"russia\"")),
    );
    run(&["vocabulary"]).assert().success().stdout(
        predicate::str::is_match(r"provokes +provokes \(hostile, directed\) +\./vocabulary.ron:1:29\n").unwrap(),
    );

    let theirs = dir.path().join("theirs/data.ron");
    let before = fs::read_to_string(&theirs).unwrap();
    run(&["set", "russia", "note=joined"]).assert().success();
    assert!(fs::read_to_string(dir.path().join("mine/data.ron")).unwrap().contains("note: \"joined\""));
    run(&["set", "turkiye/economic_cooperation/russia#1", "note=x"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("belongs to a dataset this one includes, which edits never change"));
    assert_eq!(fs::read_to_string(&theirs).unwrap(), before, "the included dataset is never written");
}
