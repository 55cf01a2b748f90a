//! `diplograph export`: the whole graph as node-link JSON and GraphML, for other tools.

use serde_json::Value;

use crate::util::{diplograph, golden, test_data};

fn export(format: &str) -> String {
    let out = diplograph().args(["export", "--format", format]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn json_holds_every_actor_and_every_relation_of_the_shipped_data() {
    let v: Value = serde_json::from_str(&export("json")).unwrap();
    let list: Value =
        serde_json::from_slice(&diplograph().args(["list", "--format", "json"]).output().unwrap().stdout).unwrap();
    assert_eq!(list["version"], 2);
    let list = list["actors"].as_array().unwrap();
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), list.len());
    for (node, actor) in nodes.iter().zip(list) {
        assert_eq!(node["id"], actor["id"]);
    }
    // `check` counts the relations, offices included; so does the export.
    let check = diplograph().arg("check").output().unwrap();
    let summary = String::from_utf8(check.stderr).unwrap();
    let edges = v["edges"].as_array().unwrap();
    assert!(summary.contains(&format!(", {} relations,", edges.len())), "{summary}");
    let ids: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    for e in edges {
        assert!(ids.contains(&e["source"].as_str().unwrap()) && ids.contains(&e["target"].as_str().unwrap()));
    }
    assert!(edges.iter().any(|e| e["negated"] == true), "denied relations are exported, marked");
    assert!(edges.iter().any(|e| e["kind"] == "holds_office"), "offices are relations");
}

#[test]
fn graphml_matches_its_golden_file() {
    let text = export("graphml");
    assert_eq!(text.matches("<node ").count(), text.matches("</node>").count());
    golden(&test_data().join("golden/export.graphml"), &text);
}

/// The report annex (`--format csv` and `--format markdown`, with a focus, kinds and a date,
/// and a denied relation on its own) is exactly the hand-written tables in tests/data/annex.
#[test]
fn the_report_annex_matches_hand_written_tables() {
    let annex = test_data().join("annex");
    let run = |args: &[&str]| {
        let out = diplograph().arg("--data").arg(annex.join("data")).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let read = |name: &str| std::fs::read_to_string(annex.join(name)).unwrap();
    let filters = ["--focus", "alpha", "--kinds", "war,mutual_defence", "--at", "2024"];
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tables");
    let mut args = vec!["export", "--format", "csv", "-o", out.to_str().unwrap()];
    args.extend(filters);
    run(&args);
    for name in ["actors.csv", "relations.csv", "sources.csv"] {
        assert_eq!(std::fs::read_to_string(out.join(name)).unwrap(), read(&format!("focus-alpha/{name}")), "{name}");
    }
    let mut args = vec!["export", "--format", "markdown"];
    args.extend(filters);
    assert_eq!(run(&args), read("focus-alpha/annex.md"));
    assert_eq!(run(&["export", "--format", "markdown", "--kinds", "mutual_defence"]), read("denied/annex.md"));
    // `-o -` is standard output, and a directory format refuses it.
    assert_eq!(
        run(&["export", "--format", "markdown", "--kinds", "mutual_defence", "-o", "-"]),
        read("denied/annex.md")
    );
    let refused =
        diplograph().arg("--data").arg(annex.join("data")).args(["export", "--format", "csv"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
}
