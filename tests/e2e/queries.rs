//! `diplograph path`, `neighbors`, `between`, `rank` and `balance` on the shipped data.

use predicates::prelude::*;
use serde_json::Value;

use crate::util::{diplograph, golden, root, test_data};

fn run(args: &[&str]) -> (i32, String, String) {
    let output = diplograph().args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn json(args: &[&str]) -> Value {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn path_russia_hamas_is_the_mediation_offer_with_its_quote() {
    let (code, text, _) = run(&["path", "russia", "hamas"]);
    assert_eq!(code, 0);
    golden(&test_data().join("golden/path-russia-hamas.txt"), &text);
    // The offer links the two, but it was rejected: it carries no sign.
    assert!(text.contains("? Russia -[mediates for, since 2023-10, rejected]-> Hamas"), "{text}");
    assert!(text.contains("Russia offered to mediate between Israel and Hamas"), "{text}");
    assert!(text.contains("1 hop, sign ? (a hop is neutral or rejected)"), "{text}");
    let (_, quiet, _) = run(&["path", "russia", "hamas", "--quiet"]);
    assert!(!quiet.contains('\u{201C}'), "{quiet}");
}

#[test]
fn a_path_reads_in_its_own_direction_and_carries_its_sign() {
    // Hamas to Iran: Hamas is at war with Israel, which is hostile to Iran: - × - = +.
    let v = json(&["path", "hamas", "iran", "--polarity", "hostile", "--format", "json"]);
    assert_eq!(v["mode"], "shortest");
    let path = &v["paths"][0];
    assert_eq!(path["actors"], serde_json::json!(["hamas", "israel", "iran"]));
    assert_eq!(path["sign"], "positive");
    // Against the stated direction of a directed relation, the arrow points back.
    let (_, text, _) = run(&["path", "hamas", "russia", "--quiet"]);
    assert!(text.contains("Hamas <-[mediates for, since 2023-10, rejected]- Russia"), "{text}");
}

#[test]
fn path_at_2024_does_not_use_the_2025_partnership() {
    let all = json(&["path", "russia", "iran", "-k", "5", "--format", "json"]);
    let kinds = |v: &Value| -> Vec<String> {
        v["paths"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| {
                p["steps"].as_array().unwrap().iter().map(|s| s["relation"]["kind"].as_str().unwrap().to_string())
            })
            .collect()
    };
    assert!(
        kinds(&all).contains(&"mediation".to_string()) || kinds(&all).contains(&"strategic_partnership".to_string())
    );
    let at = json(&["path", "russia", "iran", "-k", "5", "--at", "2024", "--format", "json"]);
    let k = kinds(&at);
    assert!(!k.is_empty());
    assert!(!k.contains(&"strategic_partnership".to_string()), "{k:?}");
    for p in at["paths"].as_array().unwrap() {
        for s in p["steps"].as_array().unwrap() {
            let r = &s["relation"];
            let since = r["since"].as_str().unwrap_or("0000");
            assert!(&since[..4] <= "2024", "{r}");
            assert!(r["until"].as_str().is_none_or(|u| &u[..4] >= "2024"), "{r}");
            assert_eq!(r["negated"], false);
        }
    }
    // With the treaty: the partnership is a one-hop path that day.
    let (_, text, _) =
        run(&["path", "russia", "iran", "-k", "5", "--at", "2025-06", "--kinds", "strategic_partnership"]);
    assert!(text.contains("strategic partnership"), "{text}");
}

#[test]
fn k_shortest_paths_are_distinct_and_sorted() {
    let v = json(&["path", "lavrov", "israel", "-k", "4", "--format", "json"]);
    let paths = v["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 4);
    let lengths: Vec<u64> = paths.iter().map(|p| p["hops"].as_u64().unwrap()).collect();
    assert!(lengths.windows(2).all(|w| w[0] <= w[1]), "{lengths:?}");
    let mut sequences: Vec<String> = paths.iter().map(|p| p["actors"].to_string()).collect();
    sequences.sort();
    sequences.dedup();
    assert_eq!(sequences.len(), 4);
}

#[test]
fn all_paths_notice_the_limit() {
    let (code, text, stderr) =
        run(&["path", "russia", "israel", "--all", "--max-hops", "3", "--limit", "2", "--quiet"]);
    assert_eq!(code, 0);
    assert_eq!(text.matches("Russia to Israel").count(), 2, "{text}");
    assert!(stderr.contains("notice: more than 2 paths of at most 3 hops exist"), "{stderr}");
    let (_, _, stderr) = run(&["path", "russia", "hamas", "--all", "--max-hops", "1"]);
    assert!(!stderr.contains("notice"), "{stderr}");
}

#[test]
fn no_path_says_which_filter_hid_one() {
    let (code, stdout, stderr) = run(&["path", "russia", "hamas", "--at", "2020"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("no path from Russia to Hamas"), "{stderr}");
    assert!(stderr.contains("does not hold at 2020 (--at)"), "{stderr}");
    let (code, _, stderr) =
        run(&["path", "russia", "hamas", "--directed", "--avoid", "israel", "--polarity", "hostile"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("polarity cooperative is filtered out (--polarity)"), "{stderr}");
}

#[test]
fn unknown_ids_and_bad_filters_are_usage_errors() {
    diplograph()
        .args(["path", "rusia", "hamas"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"russia\""));
    diplograph().args(["neighbors", "irn"]).assert().code(2).stderr(predicate::str::contains("did you mean \"iran\"?"));
    diplograph()
        .args(["path", "russia", "hamas", "--kinds", "partnershp"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"partnership\"?"));
    diplograph()
        .args(["path", "russia", "hamas", "--at", "2024-13"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("month 13"));
    diplograph()
        .args(["between", "russia", "isreal"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"israel\"?"));
}

#[test]
fn between_russia_iran_shows_every_relation_negated_and_ended_ones_included() {
    let (code, text, _) = run(&["between", "russia", "iran"]);
    assert_eq!(code, 0);
    golden(&test_data().join("golden/between-russia-iran.txt"), &text);
    for expected in [
        "Russia -[strategic partnership, since 2025-01-17, active]- Iran",
        "Russia -[NOT mutual defence commitment, since 2025-01-17]- Iran",
        "Iran -[supplies arms or military technology, since 2022, ended]-> Russia",
        "Iran -[NOT supplies troops or fighters",
        "stopped short of mutual defense guarantees",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let v = json(&["between", "iran", "russia", "--format", "json"]);
    assert_eq!(v["relations"].as_array().unwrap().len(), 10);
    diplograph()
        .args(["between", "hamas", "ukraine"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no relation links"));
}

#[test]
fn balance_reports_the_russia_iran_israel_triad() {
    let (code, text, _) = run(&["balance"]);
    assert_eq!(code, 0);
    golden(&test_data().join("golden/balance.txt"), &text);
    assert!(text.contains("  Russia, Iran, Israel\n"), "{text}");
    assert!(text.contains("- Iran and Israel"), "{text}");
    assert!(text.contains("As tensions between Iran, Israel and the United States intensify"), "{text}");
    let v = json(&["balance", "--format", "json"]);
    let triads = v["unbalanced"].as_array().unwrap();
    assert!(triads.iter().any(|t| t["actors"] == serde_json::json!(["russia", "iran", "israel"])));
    assert_eq!(v["triads"].as_u64().unwrap() - v["balanced_triads"].as_u64().unwrap(), triads.len() as u64);
    // In 2019 the undated working relationships and hostility hold (an undated relation holds
    // at every date, and the answer says how many it rests on); the 2023 offer of mediation to
    // Hamas did not.
    let early = json(&["balance", "--at", "2019", "--format", "json"]);
    let actors: Vec<&Value> = early["unbalanced"].as_array().unwrap().iter().map(|t| &t["actors"]).collect();
    assert_eq!(actors, [&serde_json::json!(["russia", "iran", "israel"])]);
    assert!(early["undated_relations"].as_u64().unwrap() >= 3, "{early}");
}

#[test]
fn neighbors_are_grouped_by_hop() {
    let (code, text, _) = run(&["neighbors", "iran"]);
    assert_eq!(code, 0);
    golden(&test_data().join("golden/neighbors-iran.txt"), &text);
    let v = json(&["neighbors", "hamas", "--depth", "2", "--format", "json"]);
    let hops = v["hops"].as_array().unwrap();
    assert_eq!(hops.len(), 2);
    let first: Vec<&str> = hops[0]["actors"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert!(first.contains(&"israel") && first.contains(&"russia"), "{first:?}");
    assert!(!first.contains(&"iran"));
    let second: Vec<&str> = hops[1]["actors"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert!(second.contains(&"iran"), "{second:?}");
    diplograph()
        .args(["neighbors", "hamas", "--at", "2020"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no relation that passes"));
}

#[test]
fn rank_puts_russia_first_as_the_broker() {
    let (code, text, _) = run(&["rank", "--top", "5"]);
    assert_eq!(code, 0);
    golden(&test_data().join("golden/rank-betweenness.txt"), &text);
    for metric in ["degree", "betweenness", "closeness", "pagerank"] {
        let v = json(&["rank", "--metric", metric, "--format", "json"]);
        assert_eq!(v["actors"][0]["id"], "russia", "{metric}");
        let scores: Vec<f64> = v["actors"].as_array().unwrap().iter().map(|a| a["score"].as_f64().unwrap()).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{metric}: {scores:?}");
    }
    let sampled = json(&["rank", "--samples", "5", "--seed", "3", "--format", "json"]);
    assert_eq!(sampled["samples"], 5);
    assert_eq!(json(&["rank", "--samples", "5", "--seed", "3", "--format", "json"]), sampled);
}

#[test]
fn every_query_command_shows_an_example_in_its_help() {
    for (command, example) in [
        ("path", "diplograph path russia hamas"),
        ("neighbors", "diplograph neighbors iran"),
        ("between", "diplograph between russia iran"),
        ("rank", "diplograph rank --metric degree"),
        ("balance", "diplograph balance"),
    ] {
        diplograph().args([command, "--help"]).assert().success().stdout(predicate::str::contains(example));
    }
}

#[test]
fn bad_arguments_are_refused_before_any_data_is_read() {
    // The data path does not exist: a command that read the data first would say so instead.
    let missing = root().join("no-such-data");
    for (args, message) in [
        (&["path", "a", "b", "-k", "0"][..], "-k must be at least 1"),
        (&["path", "a", "b", "--all", "--limit", "0"], "--limit must be at least 1"),
        (&["neighbors", "a", "--at", "2024-13"], "--at 2024-13: month 13"),
        (&["between", "a", "b", "--polarity", "friendly"], "--polarity: unknown polarity \"friendly\""),
        (&["rank", "--top", "0"], "--top must be at least 1"),
        (&["add", "relation", "a", "k", "b", "--since", "2025-13-01"], "--since 2025-13-01: month 13"),
        (&["add", "relation", "a", "k", "b", "--until", "2025-02-30"], "--until 2025-02-30: day 30"),
        (&["add", "relation", "a", "k", "b", "--confidence", "2"], "--confidence 2 is outside 0.0 to 1.0"),
        (&["add", "relation", "a", "k", "b", "--strength", "huge"], "--strength huge: the strength is one of"),
        (&["add", "relation", "a", "k", "b", "--status", "maybe"], "--status maybe: the status is one of"),
        (&["add", "source", "s", "--published", "20x"], "--published 20x: "),
        (&["balance", "--min-confidence", "2"], "--min-confidence 2 is outside 0.0 to 1.0"),
        (&["rank", "--samples", "0"], "--samples must be at least 1"),
        (&["rank", "--metric", "degree", "--samples", "5"], "--samples applies to --metric betweenness only"),
        (&["render", "-o", "x.gif"], "cannot tell the format of x.gif"),
        (&["dot", "--at", "2024-02-30"], "day 30 does not exist in 2024-02"),
        (&["export", "--format", "csv"], "-o DIR"),
        (&["set", "russia", "name"], "is not FIELD=VALUE"),
    ] {
        let output = diplograph().arg("--data").arg(&missing).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message) && !stderr.contains("no-such-data"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_word_a_command_does_not_take_is_told_where_it_belongs() {
    for (args, tip) in [
        (
            &["check", "seed"][..],
            "tip: the data directory (or .ron file) is given with --data DIR: `diplograph --data seed ...`",
        ),
        (&["list", "my-data"], "--data my-data"),
        (&["render", "diagram.svg"], "tip: the output file is given with -o FILE: `-o diagram.svg`"),
        (&["dot", "graph.dot"], "-o graph.dot"),
        (&["export", "--format", "graphml", "out.graphml"], "-o out.graphml"),
    ] {
        let out = diplograph().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("unexpected argument") && stderr.contains(tip), "{args:?}: {stderr}");
    }
}
