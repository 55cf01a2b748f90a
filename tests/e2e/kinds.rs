//! Vocabulary kinds in the edit commands: added to the dataset's vocabulary, changed, removed,
//! each validated before anything is written.

use std::fs;

use predicates::prelude::*;

use crate::util::diplograph_in;

#[test]
fn kinds_are_added_changed_and_removed_like_entries() {
    let dir = tempfile::tempdir().unwrap();
    let run = || diplograph_in(dir.path());
    run().arg("init").assert().success();
    let vocabulary = dir.path().join("data/vocabulary.ron");
    run()
        .args([
            "add",
            "kind",
            "relation",
            "energy_dependence",
            "--polarity",
            "neutral",
            "--label",
            "depends for energy on",
        ])
        .args(["--set", "subjects+=country", "--set", "objects+=country"])
        .assert()
        .success()
        .stderr("added relation kind \"energy_dependence\" to data/vocabulary.ron\n");
    run().args(["add", "kind", "actor", "militia", "--parent", "armed_group", "--label", "Militia"]).assert().success();
    let text = fs::read_to_string(&vocabulary).unwrap();
    assert!(text.contains("// RelationKind(") && text.contains("id: \"energy_dependence\""), "{text}");
    run().arg("vocabulary").assert().success().stdout(
        predicate::str::is_match(r"militia +Militia \(a kind of armed_group\) +data/vocabulary.ron:\d+:9\n").unwrap(),
    );

    // A kind the vocabulary has already, a relation kind without polarity: refused.
    run()
        .args(["add", "kind", "relation", "war", "--polarity", "hostile"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has a kind \"war\" already"));
    run()
        .args(["add", "kind", "relation", "provokes"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("has no polarity"));
    run().args(["set", "kind:war", "label=x"]).assert().code(2).stderr(predicate::str::contains("is built in"));

    run().args(["set", "kind:militia", "label=Militias"]).assert().success();
    assert!(fs::read_to_string(&vocabulary).unwrap().contains("label: \"Militias\""));
    // A kind in use cannot go: the data would not check.
    run().args(["add", "actor", "militia", "wagner", "--name", "Wagner"]).assert().success();
    let before = fs::read_to_string(&vocabulary).unwrap();
    run()
        .args(["rm", "kind:militia"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown actor kind \"militia\""));
    assert_eq!(fs::read_to_string(&vocabulary).unwrap(), before);
    run().args(["rm", "wagner"]).assert().success();
    run()
        .args(["rm", "kind:militia"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with("removed actor kind \"militia\""));
    run().args(["check"]).assert().success();
}
