//! `diplograph list` and `diplograph show`, text and JSON.

use predicates::prelude::*;
use serde_json::Value;

use crate::util::{diplograph, golden, test_data};

#[test]
fn show_russia_lists_every_relation_with_its_quote() {
    let output = diplograph().args(["show", "russia"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    golden(&test_data().join("golden/show-russia.txt"), &text);
    for expected in [
        "Russia -[strategic partnership, since 2025-01-17, active]- Iran",
        "Russia -[NOT mutual defence commitment, since 2025-01-17]- Iran",
        "stopped short of mutual defense guarantees",
        "Iran -[NOT supplies troops or fighters",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
}

#[test]
fn show_json_has_the_documented_shape() {
    let output = diplograph().args(["show", "lavrov", "--format", "json"]).output().unwrap();
    assert!(output.status.success());
    let v: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(v["actor"]["id"], "lavrov");
    assert_eq!(v["actor"]["offices"][0]["of"], "russia");
    assert!(v["relations"].as_array().unwrap().iter().all(|r| r["subject"] == "lavrov" || r["object"] == "lavrov"));
    assert!(v["defined_at"].as_str().unwrap().starts_with("data/actors/people.ron:"));
}

#[test]
fn unknown_ids_get_a_did_you_mean_and_exit_2() {
    diplograph().args(["show", "rusia"]).assert().code(2).stderr(predicate::str::contains("did you mean \"russia\"?"));
    diplograph()
        .args(["list", "--kind", "persn"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"person\"?"));
}

#[test]
fn list_filters_by_kind_including_sub_kinds() {
    let output = diplograph().args(["list", "--kind", "organization", "--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&output.stdout).unwrap();
    let kinds: Vec<&str> = v.as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert!(!kinds.is_empty());
    assert!(
        kinds.iter().all(|k| [
            "organization",
            "party",
            "armed_group",
            "alliance",
            "international_body",
            "government_body",
            "media"
        ]
        .contains(k)),
        "{kinds:?}"
    );
    let people = diplograph().args(["list", "--kind", "person"]).output().unwrap();
    let text = String::from_utf8(people.stdout).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.lines().any(|l| l.starts_with("putin ")));
}

#[test]
fn a_closed_pipe_exits_quietly() {
    // `diplograph list | head -1`: stdout closes early; no error, no panic message.
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_diplograph"))
        .args(["list"])
        .current_dir(crate::util::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?} {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
