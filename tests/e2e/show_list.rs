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
fn list_with_no_match_says_so_and_exits_1() {
    diplograph()
        .args(["list", "--kind", "city"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("no actor of kind \"city\" in the data\n");
    diplograph()
        .args(["list", "--kind", "city", "--format", "json"])
        .assert()
        .code(1)
        .stdout("{\n  \"version\": 2,\n  \"actors\": []\n}\n");
}

#[test]
fn list_filters_by_kind_including_sub_kinds() {
    let output = diplograph().args(["list", "--kind", "organization", "--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&output.stdout).unwrap();
    let kinds: Vec<&str> = v["actors"].as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap()).collect();
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

/// The field names of the table that follows `heading` in docs/cli.md, in table order.
fn documented_fields(heading: &str) -> Vec<String> {
    let doc = std::fs::read_to_string(crate::util::root().join("docs/cli.md")).unwrap();
    let table = &doc[doc.find(heading).unwrap_or_else(|| panic!("no {heading} in docs/cli.md"))..];
    let mut fields = Vec::new();
    for line in table.lines().skip_while(|l| !l.starts_with('|')).take_while(|l| l.starts_with('|')).skip(2) {
        let first = line.split('|').nth(1).unwrap();
        fields.extend(first.split(',').map(|f| f.trim().trim_matches('`').to_owned()));
    }
    fields
}

/// The text of the first JSON object that starts at or after byte `from` of `json`.
fn first_object(json: &str, from: usize) -> &str {
    let start = from + json[from..].find('{').expect("an object");
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, c) in json[start..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '{' if !in_string => depth += 1,
            '}' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return &json[start..=start + i];
                }
            }
            _ => {}
        }
    }
    panic!("unclosed object in {json}")
}

/// Asserts that the keys of the top level of `object` are `fields`, in that order.
fn assert_keys(object: &str, fields: &[String]) {
    let value: Value = serde_json::from_str(object).unwrap();
    let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
    // serde_json's map sorts its keys: find where each is written, at the object's own indent.
    let first_line = object.lines().nth(1).expect("a pretty-printed object");
    let indent = &first_line[..first_line.len() - first_line.trim_start().len()];
    keys.sort_by_key(|k| object.find(&format!("\n{indent}\"{k}\":")));
    let documented: Vec<&str> = fields.iter().map(String::as_str).collect();
    assert_eq!(keys, documented, "{object}");
}

#[test]
fn json_fields_come_in_the_documented_order() {
    let actor = documented_fields("ACTOR:");
    let relation = documented_fields("RELATION:");
    assert_eq!(actor.len(), 14, "{actor:?}");
    assert_eq!(relation.len(), 22, "{relation:?}");
    let output = diplograph().args(["list", "--format", "json"]).output().unwrap();
    let json = String::from_utf8(output.stdout).unwrap();
    assert_keys(first_object(&json, json.find("\"actors\"").unwrap()), &actor);
    let output = diplograph().args(["show", "lavrov", "--format", "json"]).output().unwrap();
    let json = String::from_utf8(output.stdout).unwrap();
    assert_keys(first_object(&json, json.find("\"relations\"").unwrap()), &relation);
}
