//! Several datasets as one graph: a manifest includes another dataset and joins its actors.

use std::fs;
use std::path::Path;

use predicates::prelude::*;

use crate::util::{diplograph_in, git};

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

    // The cache serves the union while no file of it and no manifest changes.
    let logged = |args: &[&str]| {
        let out = run(args).env("DIPLOGRAPH_CACHE_LOG", "1").output().unwrap();
        String::from_utf8(out.stderr).unwrap()
    };
    assert!(logged(&["list"]).starts_with("cache: Hit"));
    let manifest = dir.path().join("mine/diplograph.ron");
    let joined = fs::read_to_string(&manifest).unwrap();
    fs::write(&manifest, joined.replace(", \"russia\": \"russia\"", "")).unwrap();
    assert!(logged(&["check"]).contains("actor \"russia\" is defined twice"));
    fs::write(&manifest, &joined).unwrap();
    assert!(logged(&["list"]).starts_with("cache: Hit"));
    fs::write(dir.path().join("theirs/more.ron"), "Graph(actors: [Country(id: \"iran\", name: \"Iran\")])").unwrap();
    assert!(logged(&["list"]).starts_with("cache: Miss"));

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

#[test]
fn diff_compares_two_unions() {
    let dir = union();
    crate::util::copy_dir(&dir.path().join("mine"), &dir.path().join("mine2"));
    crate::util::edit(
        &dir.path().join("mine2/data.ron"),
        "    relations: [\n",
        "    relations: [\n        Relation(subject: \"greece\", kind: \"rivalry\", object: \"russia\", evidence: [Quote(source: \"mine\", text: \"a\")]),\n",
    );
    diplograph_in(dir.path())
        .args(["diff", "mine", "mine2"])
        .assert()
        .stdout(predicate::str::contains("greece").and(predicate::str::contains("rivalry")))
        .stdout(predicate::str::contains("turkiye").not());
}

#[test]
fn new_entries_go_to_the_dataset_edited_never_to_one_it_includes() {
    let dir = union();
    let mine = dir.path().join("mine");
    let theirs = dir.path().join("theirs/data.ron");
    let before = fs::read_to_string(&theirs).unwrap();
    let run = |args: &[&str]| {
        let mut cmd = diplograph_in(&mine);
        cmd.args(["--data", "."]).args(args);
        cmd
    };
    // Every kind of entry, including those only the included dataset has a file for.
    run(&["add", "actor", "country", "egypt", "--name", "Egypt"]).assert().success();
    run(&["add", "actor", "person", "putin", "--name", "Vladimir Putin"]).assert().success();
    run(&["add", "relation", "russia", "economic_cooperation", "egypt", "--since", "2025"]).assert().success();
    run(&["add", "relation", "turkey", "provokes", "egypt"]).assert().success();
    run(&["add", "source", "report"]).assert().success();
    run(&["add", "kind", "actor", "league", "--set", "label=League"]).assert().success();
    assert_eq!(fs::read_to_string(&theirs).unwrap(), before, "the included dataset is never written");
    let data = fs::read_to_string(mine.join("data.ron")).unwrap();
    for added in ["id: \"egypt\"", "id: \"putin\"", "object: \"egypt\"", "id: \"report\""] {
        assert!(data.contains(added), "{added} not in mine/data.ron:\n{data}");
    }
    assert!(fs::read_to_string(mine.join("vocabulary.ron")).unwrap().contains("id: \"league\""));
    run(&["check"]).assert().success();

    // Changing an included actor is refused with the way to join it; an included relation,
    // with no such hint, which would not apply.
    run(&["set", "turkiye", "note=x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("which edits never change").and(predicate::str::contains("same_as")));
    run(&["set", "turkiye/economic_cooperation/russia#1", "note=x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("edit it in its own dataset\n"));
    assert_eq!(fs::read_to_string(&theirs).unwrap(), before);
}

#[test]
fn diff_at_git_revisions_reads_the_included_datasets_at_the_same_revision() {
    let dir = union();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "one"]);
    let mine = dir.path().join("mine");
    // A relation between an actor of ours and one only the included dataset declares.
    crate::util::edit(
        &dir.path().join("theirs/data.ron"),
        "Country(id: \"russia\"",
        "Country(id: \"iran\", name: \"Iran\"), Country(id: \"russia\"",
    );
    diplograph_in(&mine).args(["--data", ".", "add", "relation", "greece", "provokes", "iran"]).assert().success();
    git(dir.path(), &["commit", "-qam", "two"]);
    let out = diplograph_in(&mine).args(["--data", ".", "diff", "--git", "HEAD~1..HEAD"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Actors:\n  + iran (country, \"Iran\")\nRelations:\n  + greece -[provokes]-> iran\n\nactors: 1 added; relations: 1 added\n"
    );
    // From the top of the repository, with the data named.
    diplograph_in(dir.path()).args(["--data", "mine", "diff", "--git", "HEAD~1"]).assert().success();

    // An error in an included dataset at a revision is shown at that revision's file.
    crate::util::edit(&dir.path().join("theirs/data.ron"), "Country(id: \"iran\"", "Country(id: \"iran\", nmae: \"\"");
    git(dir.path(), &["commit", "-qam", "three"]);
    diplograph_in(&mine)
        .args(["--data", ".", "diff", "--git", "HEAD~1..HEAD"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("HEAD:theirs/data.ron:"));

    // Nothing outside the repository is read, whatever the manifest says.
    fs::write(mine.join("diplograph.ron"), "Dataset(include: [\"../../elsewhere\"])\n").unwrap();
    git(dir.path(), &["commit", "-qam", "four"]);
    diplograph_in(&mine).args(["--data", ".", "diff", "--git", "HEAD~1..HEAD"]).assert().code(2).stderr(
        predicate::str::contains(
            "HEAD:mine/diplograph.ron: the included dataset \"../../elsewhere\" is outside the repository",
        ),
    );
}
