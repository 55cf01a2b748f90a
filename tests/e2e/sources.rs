//! Sources and offices in the edit commands: added, changed and removed like actors and
//! relations, validated before anything is written.

use std::fs;

use predicates::prelude::*;

use crate::util::{data_copy, diplograph_in};

#[test]
fn a_source_added_with_its_text_checks_every_quote_citing_it() {
    let dir = tempfile::tempdir().unwrap();
    let run = || diplograph_in(dir.path());
    run().arg("init").assert().success();
    fs::write(dir.path().join("article.txt"), "Trade between the two countries keeps growing.\n").unwrap();
    run()
        .args([
            "add",
            "source",
            "tr-2021",
            "--title",
            "No fixed allies",
            "--published",
            "2021-10",
            "--text",
            "article.txt",
        ])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "added source \"tr-2021\" to data/sources.ron, its text in sources/tr-2021.txt\n",
        ));
    assert_eq!(
        fs::read_to_string(dir.path().join("data/sources/tr-2021.txt")).unwrap(),
        "Trade between the two countries keeps growing.\n"
    );
    // Never twice, never over a text that is there.
    run().args(["add", "source", "tr-2021"]).assert().code(2).stderr(predicate::str::contains("already exists"));
    run().args(["add", "actor", "country", "turkey", "--name", "Turkey"]).assert().success();
    run().args(["add", "actor", "country", "russia", "--name", "Russia"]).assert().success();
    run()
        .args(["add", "relation", "turkey", "economic_cooperation", "russia", "--evidence", "tr-2021:keeps shrinking"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the closest passage of the text is “keeps [-shrinking-] {+growing.+}”"));
    run()
        .args(["add", "relation", "turkey", "economic_cooperation", "russia", "--evidence", "tr-2021:keeps growing"])
        .assert()
        .success();
    run().args(["set", "tr-2021", "url=https://example.org/a"]).assert().success();
    assert!(
        fs::read_to_string(dir.path().join("data/sources.ron")).unwrap().contains("url: \"https://example.org/a\"")
    );
    run().args(["check"]).assert().success().stderr("ok: 2 actors, 1 relation, 1 source in 4 files\n");
}

#[test]
fn a_cited_source_is_removed_only_with_its_quotes() {
    let dir = data_copy();
    let before = fs::read_to_string(dir.path().join("data/sources.ron")).unwrap();
    diplograph_in(dir.path())
        .args(["rm", "realist-2026"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("source \"realist-2026\" is cited by 98 pieces of evidence:"))
        .stderr(predicate::str::contains("pass --cascade"));
    assert_eq!(fs::read_to_string(dir.path().join("data/sources.ron")).unwrap(), before);
    diplograph_in(dir.path()).args(["rm", "source:realist-2026", "--cascade"]).assert().success();
    let relations = fs::read_to_string(dir.path().join("data/relations/russia-iran.ron")).unwrap();
    assert!(!relations.contains("realist-2026"), "{relations}");
    diplograph_in(dir.path())
        .args(["check", "--no-cache"])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 source in"));
}

#[test]
fn offices_are_added_and_removed_by_title() {
    let dir = data_copy();
    let people = dir.path().join("data/actors/people.ron");
    let before = fs::read_to_string(&people).unwrap();
    diplograph_in(dir.path()).args(["set", "Sergei Lavrov", "offices+=Special Envoy@russia@2026"]).assert().success();
    assert!(
        fs::read_to_string(&people)
            .unwrap()
            .contains("Office(title: \"Special Envoy\", of: \"russia\", since: \"2026\")")
    );
    diplograph_in(dir.path())
        .args(["show", "lavrov"])
        .assert()
        .stdout(predicate::str::contains("Special Envoy of Russia (since 2026)"));
    diplograph_in(dir.path()).args(["set", "lavrov", "offices-=Special Envoy"]).assert().success();
    assert_eq!(fs::read_to_string(&people).unwrap(), before);
    diplograph_in(dir.path())
        .args(["set", "lavrov", "offices+=Envoy"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("an office is written TITLE@OF[@SINCE[@UNTIL]]"));
}
