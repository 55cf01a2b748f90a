//! `diplograph init`, and the first entries of a new dataset.

use std::fs;

use predicates::prelude::*;

use crate::util::diplograph_in;

#[test]
fn a_new_dataset_checks_clean_and_keeps_its_examples_as_entries_arrive() {
    let dir = tempfile::tempdir().unwrap();
    let run = || diplograph_in(dir.path());
    run().args(["init"]).assert().success().stderr(predicate::str::starts_with("created a dataset in data:\n"));
    for file in ["sources.ron", "vocabulary.ron", "actors/actors.ron", "relations/relations.ron"] {
        assert!(
            fs::read_to_string(dir.path().join("data").join(file)).unwrap().starts_with("// "),
            "{file} has a header"
        );
    }
    run().args(["check"]).assert().success().stderr("ok: 0 actors, 0 relations, 0 sources in 4 files\n");
    run().args(["vocabulary"]).assert().success().stdout(predicate::str::contains("strategic_partnership"));

    run().args(["add", "actor", "country", "turkey", "--name", "Türkiye"]).assert().success();
    let actors = fs::read_to_string(dir.path().join("data/actors/actors.ron")).unwrap();
    assert!(actors.contains("// Country(id: \"turkey\"") && actors.contains("    Country(\n"), "{actors}");

    // Never over anything.
    let before = fs::read_to_string(dir.path().join("data/sources.ron")).unwrap();
    run().args(["init"]).assert().code(2).stderr(predicate::str::contains("data is not empty"));
    run().args(["init", "data/actors"]).assert().code(2);
    assert_eq!(fs::read_to_string(dir.path().join("data/sources.ron")).unwrap(), before);
}

#[test]
fn add_with_a_new_file_works_on_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("new")).unwrap();
    diplograph_in(dir.path())
        .args(["--data", "new", "add", "actor", "country", "russia", "--name", "Russia", "--file", "new/actors.ron"])
        .assert()
        .success();
    diplograph_in(dir.path()).args(["--data", "new", "list"]).assert().success().stdout("russia  country  Russia\n");
}

#[test]
fn init_without_a_directory_makes_the_data_directory_the_other_commands_read() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("data")).unwrap();
    fs::write(dir.path().join("data/keep.txt"), "not empty").unwrap();
    diplograph_in(dir.path()).args(["--data", "mine", "init"]).assert().success().stderr(
        predicate::str::starts_with("created a dataset in mine:\n")
            .and(predicate::str::contains("next: `diplograph --data mine check`")),
    );
    diplograph_in(dir.path()).args(["--data", "mine", "check"]).assert().success();
    diplograph_in(dir.path()).env("DIPLOGRAPH_DATA", "mine2").args(["init"]).assert().success();
    diplograph_in(dir.path()).env("DIPLOGRAPH_DATA", "mine2").args(["check"]).assert().success();
    // A directory given is the one made, whatever the data directory.
    diplograph_in(dir.path()).env("DIPLOGRAPH_DATA", "mine2").args(["init", "third"]).assert().success();
    assert!(dir.path().join("third/sources.ron").is_file());
    assert_eq!(fs::read_dir(dir.path().join("data")).unwrap().count(), 1, "./data is left alone");
}

#[test]
fn an_empty_data_directory_points_to_init() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("empty")).unwrap();
    diplograph_in(dir.path()).args(["--data", "empty", "check"]).assert().code(2).stderr(
        predicate::str::contains("no .ron files in empty")
            .and(predicate::str::ends_with("help: to start a dataset there, run `diplograph init empty`\n")),
    );
}
