//! Actor arguments given by id, name or alias, and names that several actors share.

use std::fs;

use predicates::prelude::*;

use crate::util::{diplograph, diplograph_in};

#[test]
fn names_and_aliases_stand_for_ids_in_every_actor_argument() {
    let by_id = diplograph().args(["show", "russia"]).output().unwrap();
    let by_alias = diplograph().args(["show", "the Kremlin"]).output().unwrap();
    let by_name = diplograph().args(["show", "RUSSIA"]).output().unwrap();
    assert!(by_id.status.success());
    assert_eq!(by_alias.stdout, by_id.stdout);
    assert_eq!(by_name.stdout, by_id.stdout);
    diplograph()
        .args(["path", "Moscow", "Islamic Resistance Movement"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Russia to Hamas: 1 hop"));
    diplograph().args(["between", "Tehran", "Moscow", "--quiet"]).assert().success();
    diplograph().args(["neighbors", "Kyiv"]).assert().success().stdout(predicate::str::contains("Ukraine"));
    // Filters too: --avoid by alias.
    diplograph()
        .args(["path", "russia", "hamas", "--avoid", "Islamic Resistance Movement"])
        .assert()
        .code(2)
        .stderr("error: \"hamas\" is both an end of the path and avoided (--avoid)\n");
}

#[test]
fn an_ambiguous_name_lists_the_candidates() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("actors.ron"),
        r#"Graph(actors: [
    Country(id: "georgia", name: "Georgia", aliases: ["Tbilisi"]),
    Actor(kind: "region", id: "georgia_us", name: "Georgia", aliases: ["Peach State"]),
])"#,
    )
    .unwrap();
    diplograph_in(dir.path())
        .args(["--data", ".", "show", "Georgia"])
        .assert()
        .code(2)
        .stderr("error: \"Georgia\" is ambiguous: it names georgia (Georgia), georgia_us (Georgia); give the id\n");
    diplograph_in(dir.path()).args(["--data", ".", "show", "Peach State"]).assert().success();
    diplograph_in(dir.path())
        .args(["--data", ".", "show", "tbilsi"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"georgia\"?"));
}

#[test]
fn edits_take_names_and_aliases_too() {
    let dir = crate::util::data_copy();
    diplograph_in(dir.path()).args(["set", "the Kremlin", "note=Named by its alias."]).assert().success();
    let countries = fs::read_to_string(dir.path().join("data/actors/countries.ron")).unwrap();
    assert!(countries.contains("note: \"Named by its alias.\""), "{countries}");
    diplograph_in(dir.path())
        .args(["add", "relation", "Tehran", "rivalry", "Islamic Resistance Movement", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("subject: \"iran\", kind: \"rivalry\", object: \"hamas\""));
}
