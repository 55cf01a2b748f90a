//! `diplograph check`: the shipped data is clean, and each kind of mistake gets a located message.

use std::fs;

use predicates::prelude::*;

use crate::util::{data_copy, data_dir, diplograph, diplograph_in, edit, golden, test_data};

#[test]
fn shipped_data_is_clean() {
    diplograph()
        .arg("check")
        .assert()
        .success()
        .stderr(predicate::str::starts_with("ok: "))
        .stderr(predicate::str::contains("warning").not());
}

#[test]
fn every_quote_in_the_shipped_data_occurs_in_the_article() {
    // The article is kept in data/sources/: every check checks each quote against it.
    diplograph().args(["check"]).assert().success().stderr(predicate::str::contains("warning").not());
}

/// Every date and fact of the shipped data rests on a quote or is marked as background
/// knowledge; without one of its `Background(...)`, `check --unsourced` lists the date it
/// backed, at its place, and fails.
#[test]
fn every_fact_of_the_shipped_data_rests_on_a_quote_or_on_background() {
    diplograph()
        .args(["check", "--unsourced"])
        .assert()
        .success()
        .stderr("ok: 25 actors, 60 relations, 2 sources in 15 files\n");
    let json = diplograph().args(["check", "--unsourced", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!((v["unsourced"].as_u64(), v["unsourced_facts"].as_array().map(Vec::len)), (Some(0), Some(0)));

    let dir = data_copy();
    let file = dir.path().join("data/relations/russia-iran.ron");
    let text = fs::read_to_string(&file).unwrap();
    let background = text.find("Background(").unwrap();
    let end = background + text[background..].find("),").unwrap() + 2;
    fs::write(&file, format!("{}{}", &text[..background], &text[end..])).unwrap();
    let line = text[..text.find("since: \"2025-01-17\"").unwrap()].lines().count();
    // Listed only when asked; counted in the summary.
    diplograph_in(dir.path())
        .args(["check", "--no-cache"])
        .assert()
        .success()
        .stderr("ok: 25 actors, 60 relations, 2 sources in 15 files (1 fact rests on no quote)\nnote: `check --unsourced` lists them, with what to add\n");
    let listed = diplograph_in(dir.path()).args(["check", "--no-cache", "--unsourced"]).assert().code(1);
    let stderr = String::from_utf8(listed.get_output().stderr.clone()).unwrap();
    assert!(stderr.starts_with("warning: since 2025-01-17 rests on no quote\n"), "{stderr}");
    assert!(stderr.contains(&format!("┌─ data/relations/russia-iran.ron:{line}:20\n")), "{stderr}");
    assert!(stderr.contains("quote words of a source that state 17 January 2025, or mark it as background knowledge: add `Background(source: \"...\", fields: [\"since\"], note: \"...\")`"), "{stderr}");
    let json =
        diplograph_in(dir.path()).args(["check", "--no-cache", "--unsourced", "--format", "json"]).output().unwrap();
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let facts = v["unsourced_facts"].as_array().unwrap();
    assert_eq!(facts.len(), 1);
    assert_eq!(
        (&facts[0]["code"], &facts[0]["file"], &facts[0]["line"], &facts[0]["column"]),
        (
            &serde_json::json!("unsourced"),
            &serde_json::json!("data/relations/russia-iran.ron"),
            &serde_json::json!(line),
            &serde_json::json!(20)
        )
    );
    assert_eq!(v["ok"], true, "the data has no error: a fact resting on no quote is not one");
}

#[test]
fn a_wrong_quote_is_caught_against_the_article() {
    let dir = data_copy();
    edit(
        &dir.path().join("data/relations/russia-iran.ron"),
        "stopped short of mutual defense guarantees",
        "stopped short of mutual defence pacts",
    );
    diplograph_in(dir.path())
        .args(["check"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("this quote does not occur in the text of source \"realist-2026\""))
        .stderr(predicate::str::contains("data/relations/russia-iran.ron:"))
        .stderr(predicate::str::contains(
            "the closest passage of the text is “stopped short of mutual [-defence pacts-] {+defense guarantees.+}”",
        ));

    // Without a text, quotes cannot be checked, and `check` says so, once per source.
    edit(&dir.path().join("data/sources.ron"), "text: \"sources/realist-2026.txt\",", "");
    let output = diplograph_in(dir.path()).args(["check", "--no-cache"]).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.matches("warning: the quotes citing source \"realist-2026\" are not checked: it has no text").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("cited by 84 quotes"), "{stderr}");

    // --sources DIR gives texts from outside the data.
    let texts = tempfile::tempdir().unwrap();
    fs::copy(data_dir().join("sources/realist-2026.txt"), texts.path().join("realist-2026.txt")).unwrap();
    diplograph_in(dir.path())
        .args(["check", "--sources"])
        .arg(texts.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("this quote does not occur in the text of source \"realist-2026\""));
}

/// Each `tests/data/invalid/NAME.ron` (or directory `NAME/`) is checked; stderr and the exit
/// status must equal `NAME.stderr`.
#[test]
fn invalid_inputs_match_their_golden_messages() {
    let dir = test_data().join("invalid");
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "ron"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "expected the full set of invalid inputs, found {}", cases.len());
    let root = crate::util::root();
    for case in cases {
        let rel = case.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        let output = diplograph().args(["check", "--data", &rel]).output().unwrap();
        let code = output.status.code().unwrap_or(-1);
        assert_ne!(code, 2, "{rel}: exit 2 means the data could not be read at all");
        let actual = format!("{}[exit status: {code}]\n", String::from_utf8_lossy(&output.stderr));
        golden(&case.with_extension("stderr"), &actual);
    }
}

#[test]
fn the_done_when_scenario_reports_one_located_error_per_problem() {
    // A misspelt id, a missing comma and an id defined in two files.
    let dir = data_copy();
    let data = dir.path().join("data");
    edit(&data.join("relations/russia-iran.ron"), "object: \"iran\"", "object: \"iram\"");
    edit(&data.join("actors/people.ron"), "actors: [", "actors: [\n        Country(id: \"israel\", name: \"Israel\"),");
    let countries = data.join("actors/countries.ron");
    let text = fs::read_to_string(&countries).unwrap();
    let first_entry_end = text.find("),\n").unwrap();
    fs::write(&countries, format!("{}){}", &text[..first_entry_end], &text[first_entry_end + 2..])).unwrap();

    let output = diplograph_in(dir.path()).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.matches("\nerror: ").count() + usize::from(stderr.starts_with("error: ")), 4, "{stderr}");
    assert!(stderr.contains("error: 3 errors"), "{stderr}");
    assert!(stderr.contains("unknown actor \"iram\""), "{stderr}");
    assert!(stderr.contains("did you mean \"iran\"?"), "{stderr}");
    assert!(stderr.contains("data/relations/russia-iran.ron:"), "{stderr}");
    assert!(stderr.contains("expected `,` between two entries of `actors`"), "{stderr}");
    assert!(stderr.contains("data/actors/countries.ron:"), "{stderr}");
    assert!(stderr.contains("actor \"israel\" is defined twice"), "{stderr}");
    assert!(stderr.contains("data/actors/people.ron:"), "{stderr}");
    assert!(stderr.contains("first defined here"), "{stderr}");
}

#[test]
fn unreadable_bytes_and_deep_nesting_are_reported_not_crashed_on() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    fs::create_dir_all(&data).unwrap();
    fs::write(data.join("a.ron"), b"Graph(actors: [Country(id: \"x\", name: \"\xff\")])").unwrap();
    fs::write(data.join("b.ron"), format!("Graph(actors: [{}])", "[".repeat(10_000))).unwrap();
    // Balanced, so that the outline passes the entry to ron. No field of the format nests
    // deeper than a few levels, so ron rejects the first bracket where the note's string
    // should be, before its recursion limit could matter; what counts is that the error is
    // ron's, located, and that nothing overflows.
    fs::write(
        data.join("c.ron"),
        format!(
            "Graph(relations: [Relation(subject: \"a\", kind: \"war\", object: \"b\", note: {}\"x\"{})])",
            "(".repeat(10_000),
            ")".repeat(10_000)
        ),
    )
    .unwrap();
    let output = diplograph_in(dir.path()).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("error: this file is not valid UTF-8\n  ┌─ data/a.ron:1:40"), "{stderr}");
    assert!(stderr.contains("error: unexpected end of file: this `[` is never closed\n  ┌─ data/b.ron:1:"), "{stderr}");
    assert!(stderr.contains("error: expected a string\n  ┌─ data/c.ron:1:74\n"), "{stderr}");
    assert_eq!(stderr.matches("data/c.ron:").count(), 1, "{stderr}");
}

#[test]
fn a_missing_sources_directory_is_a_usage_error() {
    diplograph()
        .args(["check", "--sources", "tests/data/no-such-directory"])
        .assert()
        .code(2)
        .stderr("error: the sources directory tests/data/no-such-directory does not exist; --sources names a directory of source texts, ID.txt for source ID\n");
    diplograph()
        .args(["check", "--sources", "README.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("README.md is not a directory"));
}

#[test]
fn missing_data_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    diplograph_in(dir.path()).arg("check").assert().code(2).stderr(predicate::str::contains("no data found"));
    diplograph_in(dir.path())
        .args(["check", "--data", "nowhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    diplograph_in(dir.path()).arg("check").env("DIPLOGRAPH_DATA", data_dir()).assert().success();
}

#[test]
fn invisible_marks_between_entries_are_whitespace() {
    // A left-to-right mark, as text pasted from an Arabic or Hebrew source brings, before an
    // entry and inside one: RON whitespace, so the data checks as before.
    let dir = data_copy();
    let file = dir.path().join("data/relations/russia-iran.ron");
    edit(&file, "Relation(", "\u{200E}Relation(");
    edit(&file, "kind:", "\u{200E}kind:");
    diplograph_in(dir.path()).args(["check", "--no-cache"]).assert().success().stderr(
        "ok: 25 actors, 60 relations, 2 sources in 15 files
",
    );
}

/// The codes `check --format json` may give, as docs/cli.md lists them (its table of codes).
fn documented_codes() -> Vec<String> {
    let doc = fs::read_to_string(crate::util::root().join("docs/cli.md")).unwrap();
    let table = &doc[doc.find("| code | what it reports |").expect("the table of codes in docs/cli.md")..];
    table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('`').nth(1).expect("a code in backquotes").to_owned())
        .collect()
}

/// `check --format json` gives, for every input of tests/data/invalid and the shipped data, the
/// same diagnostics as the text, in the same order, at the same file, line and column, each with
/// a documented code, and the same exit status.
#[test]
fn json_diagnostics_are_the_text_ones_with_codes() {
    let codes = documented_codes();
    let dir = test_data().join("invalid");
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "ron"))
        .collect();
    cases.sort();
    cases.push(data_dir());
    let root = crate::util::root();
    let mut seen = std::collections::BTreeSet::new();
    for case in cases {
        let rel = case.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        let text = diplograph().args(["check", "--data", &rel]).output().unwrap();
        let json = diplograph().args(["check", "--format", "json", "--data", &rel]).output().unwrap();
        assert_eq!(text.status.code(), json.status.code(), "{rel}");
        assert!(json.stderr.is_empty(), "{rel}: {}", String::from_utf8_lossy(&json.stderr));
        let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(v["version"], 2);
        assert_eq!(v["ok"], text.status.code() == Some(0), "{rel}");
        let stderr = String::from_utf8(text.stderr).unwrap();
        let lines: Vec<&str> = stderr.lines().collect();
        let heads: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].starts_with("error: ") || lines[i].starts_with("warning: "))
            .collect();
        let diagnostics = v["diagnostics"].as_array().unwrap();
        let errors = diagnostics.iter().filter(|d| d["severity"] == "error").count();
        assert_eq!(v["errors"], errors, "{rel}");
        // The text ends with a summary line, `error: N errors ...` when there are errors; it
        // shows a warning ten times at most (the rest are counted), and user data escaped.
        let shown = if errors > 0 { heads.len() - 1 } else { heads.len() };
        let mut repeats = std::collections::BTreeMap::new();
        let in_text: Vec<&serde_json::Value> = diagnostics
            .iter()
            .filter(|d| {
                let n = repeats.entry(d["message"].as_str().unwrap()).or_insert(0);
                *n += 1;
                d["severity"] == "error" || *n <= 10
            })
            .collect();
        assert_eq!(in_text.len(), shown, "{rel}: {stderr}");
        for (d, &at) in in_text.into_iter().zip(&heads) {
            let message = diplograph_loader::excerpt::shown(d["message"].as_str().unwrap());
            assert_eq!(lines[at], format!("{}: {message}", d["severity"].as_str().unwrap()));
            let code = d["code"].as_str().unwrap_or_else(|| panic!("{rel}: no code for {d}"));
            assert!(codes.iter().any(|c| c == code), "{rel}: code {code} is not in docs/cli.md");
            seen.insert(code.to_owned());
            if let Some(file) = d["file"].as_str() {
                let place = format!("┌─ {file}:{}:{}", d["line"], d["column"]);
                assert!(lines[at + 1].ends_with(&place), "{rel}: {} is not at {place}", lines[at + 1]);
                assert!(d["end_line"].as_u64() >= d["line"].as_u64());
            }
        }
    }
    assert!(seen.len() >= 20, "the invalid inputs show only {seen:?}");
}

#[test]
fn json_check_of_clean_data_counts_what_the_text_counts() {
    let out = diplograph().args(["check", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = diplograph().arg("check").output().unwrap();
    let summary = format!(
        "ok: {} actors, {} relations, {} sources in {} files\n",
        v["actors"], v["relations"], v["sources"], v["files"]
    );
    assert_eq!(String::from_utf8(text.stderr).unwrap(), summary);
    assert_eq!(v["diagnostics"], serde_json::json!([]));
    // --quiet leaves the warnings out, as it does of the text.
    let quiet = diplograph()
        .args(["check", "--format", "json", "--quiet", "--data", "tests/data/invalid/duplicate-id.ron"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&quiet.stdout).unwrap();
    assert_eq!(v["warnings"], 1);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(quiet.status.code(), Some(1));
}
