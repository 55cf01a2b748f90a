//! Ambivalence, balancers, the frustration index, time and the seed fixes, end to end.

use predicates::prelude::*;
use serde_json::Value;

use crate::util::{diplograph, test_data};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = diplograph().args(args).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn json(args: &[&str]) -> Value {
    let (code, text, err) = run(args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&text).unwrap()
}

fn ambivalent(args: &[&str]) -> Vec<String> {
    let data = test_data().join("ambivalent");
    let mut all = vec!["--data".to_string(), data.display().to_string()];
    all.extend(args.iter().map(|s| s.to_string()));
    all
}

fn run_ambivalent(args: &[&str]) -> (i32, String, String) {
    let owned = ambivalent(args);
    let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
    run(&refs)
}

#[test]
fn an_ambivalent_pair_is_reported_signed_by_the_policy_and_never_dropped() {
    // Turkey and Russia: trade and an arms sale, and a rivalry.
    let (code, text, _) = run_ambivalent(&["balance", "--quiet"]);
    assert_eq!(code, 0);
    assert!(text.contains("Signed graph: 4 actors, 4 pairs (2 +, 1 -, 1 ±)"), "{text}");
    assert!(
        text.contains("± Turkey and Russia: + economic cooperation, supplies arms or military technology; - rivalry (signed + by net weight)"),
        "{text}"
    );
    // Signed + by net weight, it closes the Turkey-Russia-Ukraine triad.
    assert!(text.contains("Triads: 1, 0 balanced (0.0%), 1 unbalanced"), "{text}");
    // Dropped, the pair is still listed, and the triad is gone.
    let (_, dropped, _) = run_ambivalent(&["balance", "--quiet", "--policy", "drop"]);
    assert!(dropped.contains("Triads: none"), "{dropped}");
    assert!(dropped.contains("± Turkey and Russia:") && dropped.contains("(unresolved by --policy drop)"), "{dropped}");
    // The frustration index counts relations whatever the policy: the rivalry, or the trade and
    // the arms sale, must go with the war.
    for policy in ["net", "strongest", "drop"] {
        let owned = ambivalent(&["balance", "--format", "json", "--policy", policy]);
        let v = json(&owned.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(v["policy"], policy);
        assert_eq!(
            v["frustration"],
            serde_json::json!({"lower": 2, "upper": 2, "exact": true, "method": "enumeration"})
        );
        assert_eq!(v["ambivalent"][0]["ambivalent"], true);
        assert_eq!(v["ambivalent"][0]["hostile"][0]["id"], "tr-ru-rivalry");
    }
}

#[test]
fn turkey_balances_between_russia_and_ukraine() {
    let owned = ambivalent(&["balance", "--format", "json"]);
    let v = json(&owned.iter().map(String::as_str).collect::<Vec<_>>());
    let balancers = v["balancers"].as_array().unwrap();
    assert_eq!(balancers.len(), 1);
    assert_eq!(balancers[0]["actor"], "turkey");
    let bridge = &balancers[0]["bridges"][0];
    assert_eq!(bridge["between"], serde_json::json!(["russia", "ukraine"]));
    assert_eq!(bridge["pairs"][2]["hostile"][0]["id"], "ru-ua-war");
}

#[test]
fn a_hop_between_partners_and_rivals_is_ambivalent_and_shows_both() {
    let (code, text, _) = run_ambivalent(&["path", "poland", "russia", "--quiet"]);
    assert_eq!(code, 0);
    assert!(text.contains("sign ± (a hop links actors with both cooperative and hostile relations)"), "{text}");
    assert!(text.contains("  ± Turkey -[economic cooperation, since 2016]- Russia   (+2 more relations)"), "{text}");
    assert!(text.contains("      - also: Turkey -[rivalry, since 2015]- Russia"), "{text}");
    let owned = ambivalent(&["path", "poland", "russia", "--format", "json"]);
    let v = json(&owned.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(v["paths"][0]["sign"], "ambivalent");
    assert_eq!(v["paths"][0]["steps"][1]["sign"], "ambivalent");
    assert_eq!(v["paths"][0]["steps"][1]["others"].as_array().unwrap().len(), 2);
}

#[test]
fn a_hop_shows_the_relation_behind_its_sign() {
    // The West and Russia: public messaging (neutral) and a rivalry: the hop is hostile and
    // shows the rivalry.
    let (_, text, _) = run(&["path", "west", "russia", "--quiet"]);
    assert!(text.contains("1 hop, sign -"), "{text}");
    assert!(text.contains("  - The West -[rivalry]- Russia   (+1 more relation)"), "{text}");
    // Russia and Israel: a rejected offer of mediation beside standing cooperation: the `+` hop
    // shows a standing cooperative relation, not the rejected offer.
    let (_, text, _) = run(&["path", "russia", "hamas", "--all", "--quiet"]);
    let hop = text
        .lines()
        .find(|l| {
            !l.contains("also:") && l.contains("Russia -[") && (l.contains("]- Israel") || l.contains("]-> Israel"))
        })
        .expect(&text);
    assert!(hop.starts_with("  + ") && !hop.contains("rejected") && !hop.contains("mediates"), "{text}");
}

#[test]
fn russia_balances_between_iran_and_israel_on_the_seed() {
    let v = json(&["balance", "--format", "json"]);
    let first = &v["balancers"][0];
    assert_eq!(first["actor"], "russia");
    let between: Vec<&Value> = first["bridges"].as_array().unwrap().iter().map(|b| &b["between"]).collect();
    assert!(between.contains(&&serde_json::json!(["iran", "israel"])), "{between:?}");
    assert_eq!(v["frustration"]["exact"], true);
    // The 2026 offers of mediation name no party; none is recorded towards the United States,
    // so the Russia-Iran-United States triad is not made up.
    let triads: Vec<&Value> = v["unbalanced"].as_array().unwrap().iter().map(|t| &t["actors"]).collect();
    assert!(!triads.contains(&&serde_json::json!(["russia", "iran", "united_states"])), "{triads:?}");
}

#[test]
fn russia_and_hamas_in_2026_are_linked_through_israel_not_the_2023_offer() {
    // The 2023 offer "gained little traction": rejected, it ended within October 2023. In 2026
    // Russia reaches Hamas only through its ties with Israel, which is at war with Hamas.
    let (code, text, err) = run(&["path", "russia", "hamas", "--at", "2026", "--quiet"]);
    assert_eq!(code, 0, "{err}");
    assert!(text.starts_with("Russia to Hamas: 2 hops, sign -"), "{text}");
    assert!(text.contains("- Israel -[at war with, since 7 October attack (2023-10-07)]- Hamas"), "{text}");
    assert!(!text.contains("mediates for, since 2023-10"), "{text}");
    // The offer itself, asked for alone, says why it is not there.
    diplograph().args(["path", "russia", "hamas", "--at", "2026", "--kinds", "mediation"]).assert().code(1).stderr(
        predicate::str::contains(
            "Russia -[mediates for, since 2023-10, rejected]-> Hamas: does not hold at 2026 (--at)",
        ),
    );
    // No negated mediation sits beside the offers: the missing record of success is its own kind.
    let (_, between, _) = run(&["between", "russia", "israel", "--quiet"]);
    assert!(!between.contains("NOT mediates for"), "{between}");
    let (_, record, _) = run(&["between", "russia", "israeli_palestinian_conflict", "--quiet"]);
    assert!(record.contains("NOT has a record of successful mediation in"), "{record}");
}

#[test]
fn answers_at_a_date_say_how_many_relations_are_undated_and_dated_leaves_them_out() {
    let (_, text, err) = run(&["balance", "--at", "1990", "--quiet"]);
    assert!(text.contains("Russia, Iran, Israel"), "{text}");
    assert!(
        err.contains("relations in this answer have no date and hold at every date; --dated leaves them out"),
        "{err}"
    );
    // Leaving them out leaves nothing signed in 1990.
    diplograph()
        .args(["balance", "--at", "1990", "--dated"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no cooperative or hostile relation passes the filters"));
    // Without --at, nothing is said.
    let (_, _, err) = run(&["balance", "--quiet"]);
    assert!(!err.contains("no date"), "{err}");
    let (_, _, err) = run(&["neighbors", "iran", "--at", "2026"]);
    assert!(err.contains("no date and hold"), "{err}");
}

#[test]
fn depth_zero_is_a_usage_error() {
    diplograph()
        .args(["neighbors", "iran", "--depth", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value '0' for '--depth <N>': must be at least 1"));
}

#[test]
fn a_search_cut_short_by_its_limit_says_so_and_exits_3() {
    // A 6 x 6 grid of partners (over a million simple paths corner to corner) and a leaf beside
    // the start: the shortest segments through the leaf repeat its neighbour, so paths are
    // enumerated, and the budget runs out before any passes through the leaf.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Graph(\n    actors: [\n        Country(id: \"leaf\", name: \"Leaf\"),\n");
    for i in 0..6 {
        for j in 0..6 {
            text.push_str(&format!("        Country(id: \"a{i}{j}\", name: \"A{i}{j}\"),\n"));
        }
    }
    text.push_str(
        "    ],\n    relations: [\n        Relation(subject: \"leaf\", kind: \"partnership\", object: \"a01\"),\n",
    );
    for i in 0..6 {
        for j in 0..6 {
            for (x, y) in [(i + 1, j), (i, j + 1)] {
                if x < 6 && y < 6 {
                    text.push_str(&format!(
                        "        Relation(subject: \"a{i}{j}\", kind: \"partnership\", object: \"a{x}{y}\"),\n"
                    ));
                }
            }
        }
    }
    text.push_str("    ],\n)\n");
    let data = dir.path().join("grid.ron");
    std::fs::write(&data, text).unwrap();
    let out = diplograph()
        .arg("--data")
        .arg(&data)
        .args(["path", "a00", "a55", "--through", "leaf", "--quiet"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("stopped at its limit, after examining 10000 paths: no path found so far, but one may exist"),
        "{err}"
    );
    assert!(!err.contains("no path from"), "{err}");
}

#[test]
fn relations_bounded_by_an_event_hold_from_its_date() {
    // The war between Israel and Hamas starts with the 7 October attack (`on: "2023-10-07"`).
    let (code, text, _) = run(&["between", "israel", "hamas", "--at", "2023-10-07", "--quiet"]);
    assert_eq!(code, 0);
    assert!(text.contains("Israel -[at war with, since 7 October attack (2023-10-07)]- Hamas"), "{text}");
    let (code, _, err) = run(&["between", "israel", "hamas", "--at", "2023-10-06"]);
    assert_eq!(code, 1, "{err}");
    // A relation during a one-day event holds on that day only.
    let (_, text, _) = run(&["show", "october_7_attack"]);
    assert!(text.contains("  on: 2023-10-07"), "{text}");
    assert!(text.contains("[participates in, during 7 October attack (2023-10-07)]"), "{text}");
    let (_, text, _) = run(&["neighbors", "october_7_attack", "--at", "2023-10-08", "--quiet"]);
    assert!(!text.contains("Hamas -[participates in"), "{text}");
    // The JSON answer says how the dates were written.
    let (_, json, _) = run(&["between", "israel", "hamas", "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let war = &v["relations"][0];
    assert_eq!((war["since"].as_str(), war["since_event"].as_str()), (Some("2023-10-07"), Some("october_7_attack")));
}
