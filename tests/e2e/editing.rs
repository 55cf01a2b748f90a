//! Editing from the command line: add, set, rm, rename keep every untouched byte, validate
//! before writing, and write nothing when the result would be invalid; fmt, diff and watch.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use predicates::prelude::*;
use serde_json::Value;

use crate::util::{data_copy, diplograph, diplograph_in, edit, git};

/// Every file below `dir` and its bytes, but the locks of the edits (`.diplograph/`).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.ends_with(".diplograph") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_owned(), fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap()
}

#[test]
fn add_appends_entries_and_keeps_every_other_byte() {
    let dir = data_copy();
    let before = snapshot(dir.path());
    diplograph_in(dir.path())
        .args(["add", "actor", "country", "egypt", "--name", "Egypt", "--alias", "Cairo", "--set", "iso3=EGY"])
        .assert()
        .success()
        .stderr(predicate::str::contains("added country \"egypt\" to data/actors/countries.ron"))
        .stderr(predicate::str::contains("warning: actor \"egypt\" is not related to anything"));
    diplograph_in(dir.path())
        .args(["add", "relation", "russia", "economic_cooperation", "egypt", "--since", "2025", "--id", "ru-eg-trade"])
        .args([
            "--evidence",
            "realist-2026:\"Russia maintains working relationships\"",
            "--note",
            "Grain, \"arms\" and \\ more",
        ])
        .assert()
        .success();
    let after = snapshot(dir.path());
    let changed: Vec<&PathBuf> = after.keys().filter(|k| before.get(*k) != after.get(*k)).collect();
    assert_eq!(changed, [Path::new("data/actors/countries.ron"), Path::new("data/relations/russia-iran.ron")]);
    // Each file keeps its text up to the end of its last entry; the new entry follows.
    let countries = read(dir.path(), "data/actors/countries.ron");
    let old = String::from_utf8(before[Path::new("data/actors/countries.ron")].clone()).unwrap();
    let cut = old.rfind("        ),\n    ],\n)").unwrap() + "        ),\n".len();
    assert!(countries.starts_with(&old[..cut]));
    assert!(countries.ends_with(&old[cut..]));
    assert_eq!(
        &countries[cut..countries.len() - (old.len() - cut)],
        "        Country(\n            id: \"egypt\", name: \"Egypt\",\n            iso3: \"EGY\",\n            aliases: [\"Cairo\"],\n        ),\n"
    );
    diplograph_in(dir.path()).arg("check").assert().success();
    let show = diplograph_in(dir.path()).args(["show", "egypt", "--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(v["relations"][0]["note"], "Grain, \"arms\" and \\ more");
    assert_eq!(v["relations"][0]["evidence"][0]["text"], "Russia maintains working relationships");
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let dir = data_copy();
    let before = snapshot(dir.path());
    let out = diplograph_in(dir.path())
        .args(["set", "ru-ir-partnership", "status=ended", "until=2026-03", "--dry-run"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.starts_with("--- a/data/relations/russia-iran.ron\n+++ b/data/relations/russia-iran.ron\n@@ "),
        "{diff}"
    );
    assert!(
        diff.contains(
            "\n-            status: \"active\",\n+            until: \"2026-03\",\n+            status: \"ended\",\n"
        ),
        "{diff}"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn an_edit_that_would_be_invalid_changes_nothing_and_exits_1() {
    let dir = data_copy();
    let before = snapshot(dir.path());
    for args in [
        &["set", "ru-ir-partnership", "since=2025/01"][..],
        &["set", "russia/partnership/iran", "object=iram"],
        &["add", "relation", "russia", "war", "israel_iran_war_2025"],
        &["add", "actor", "country", "bad", "--name", "Bad", "--set", "iso3=xx"],
    ] {
        diplograph_in(dir.path())
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("nothing was written"))
            .stderr(predicate::str::contains("-->").or(predicate::str::contains("┌─")));
        assert_eq!(snapshot(dir.path()), before, "{args:?} changed files");
    }
    // Usage errors: exit 2, nothing written.
    diplograph_in(dir.path())
        .args(["set", "rusia", "name=x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"russia\"?"));
    diplograph_in(dir.path()).args(["set", "russia", "nmae=x"]).assert().code(2);
    assert_eq!(snapshot(dir.path()), before);
    diplograph_in(dir.path()).args(["set", "russia/partnership/iran", "note=x"]).assert().success();
    assert_ne!(snapshot(dir.path()), before);
}

#[test]
fn an_add_naming_an_unknown_actor_is_refused_before_the_edit_naming_the_argument() {
    let dir = data_copy();
    let before = snapshot(dir.path());
    for (args, argument) in [
        (&["add", "relation", "Rusia", "economic_cooperation", "iran"][..], "SUBJECT"),
        (&["add", "relation", "russia", "economic_cooperation", "irn"], "OBJECT"),
        (&["add", "relation", "russia", "economic_cooperation", "iran", "--place", "Moscw"], "--place"),
        (
            &["add", "relation", "russia", "economic_cooperation", "iran", "--about", "israel", "--about", "gza"],
            "--about",
        ),
        (&["add", "actor", "person", "someone", "--name", "Someone", "--set", "country=Rusia"], "--set country"),
    ] {
        let out = diplograph_in(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with(&format!("error: {argument}: no actor \"")), "{args:?}: {err}");
        assert!(err.contains("did you mean"), "{args:?}: {err}");
        assert_eq!(snapshot(dir.path()), before, "{args:?} changed files");
    }
    // Names and aliases are taken, as by every command.
    diplograph_in(dir.path())
        .args(["add", "relation", "Russia", "economic_cooperation", "Iran", "--dry-run"])
        .assert()
        .success();
}

#[test]
fn a_position_in_the_text_an_edit_would_write_says_so() {
    let dir = data_copy();
    let out = diplograph_in(dir.path())
        .args(["add", "relation", "russia", "economic_cooperation", "iran", "--evidence", "nosuchsource:a quote"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let lines = read(dir.path(), "data/relations/russia-iran.ron").lines().count();
    // The line shown is past the end of the file on disk: the file is marked as edited.
    let marked = "data/relations/russia-iran.ron (as edited):";
    let at = err.find(marked).unwrap_or_else(|| panic!("{err}")) + marked.len();
    let line: usize = err[at..].split(':').next().unwrap().parse().unwrap();
    assert!(line > lines, "{err}");
    assert!(err.contains("source: \"nosuchsource\""), "the entry is shown: {err}");
    assert!(err.contains("shown in the files as the edit would leave them; nothing was written"), "{err}");
}

#[test]
fn several_matching_relations_need_a_number() {
    let dir = data_copy();
    let data = dir.path().join("data/relations/russia-iran.ron");
    let text = fs::read_to_string(&data).unwrap();
    // Two relations russia/partnership/iran: the second one gets an explicit number.
    let extra =
        "        Relation(subject: \"russia\", kind: \"partnership\", object: \"iran\", since: \"2020\"),\n    ],\n)";
    fs::write(&data, text.replacen("    ],\n)", extra, 1)).unwrap();
    diplograph_in(dir.path())
        .args(["rm", "russia/partnership/iran"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2 relations match russia/partnership/iran; add #N"))
        .stderr(predicate::str::contains("russia/partnership/iran#2 at data/relations/russia-iran.ron:"));
    diplograph_in(dir.path()).args(["rm", "iran/partnership/russia#2"]).assert().success();
    assert_eq!(fs::read_to_string(&data).unwrap(), text);
}

#[test]
fn rm_refuses_while_relations_refer_and_cascade_says_what_it_removed() {
    let dir = data_copy();
    let before = snapshot(dir.path());
    diplograph_in(dir.path())
        .args(["rm", "hamas"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("actor \"hamas\" is still referred to by"))
        .stderr(predicate::str::contains("links it at data/relations/israel-hamas.ron:"))
        .stderr(predicate::str::contains("--cascade"));
    assert_eq!(snapshot(dir.path()), before);
    let out = diplograph_in(dir.path()).args(["rm", "hamas", "--cascade"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("removed organization \"hamas\""), "{stderr}");
    assert!(stderr.lines().filter(|l| l.starts_with("removed relation")).count() >= 2, "{stderr}");
    let after = snapshot(dir.path());
    assert!(after.values().all(|t| !String::from_utf8_lossy(t).contains("\"hamas\"")));
    diplograph_in(dir.path()).arg("check").assert().success();
}

#[test]
fn rename_updates_every_reference_and_keeps_the_old_id_as_an_alias() {
    let dir = data_copy();
    let before = snapshot(dir.path());
    diplograph_in(dir.path())
        .args(["rename", "united_states", "usa"])
        .assert()
        .success()
        .stderr(predicate::str::contains("renamed actor \"united_states\" to \"usa\""));
    let after = snapshot(dir.path());
    for (path, old) in &before {
        let new = String::from_utf8(after[path].clone()).unwrap();
        let old = String::from_utf8(old.clone()).unwrap();
        // Put the old id back and drop the alias: every file is as it was.
        let back = new.replace("\"usa\"", "\"united_states\"").replace(", \"united_states\"]", "]");
        assert_eq!(back, old, "{}", path.display());
    }
    let out = diplograph_in(dir.path()).args(["show", "usa", "--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["actor"]["aliases"].as_array().unwrap().contains(&Value::from("united_states")));
    assert!(v["relations"].as_array().unwrap().len() >= 3);
    diplograph_in(dir.path()).args(["rename", "usa", "iran"]).assert().code(2);
}

#[test]
fn fmt_formats_keeps_comments_and_check_reports() {
    diplograph().args(["fmt", "--check"]).assert().success();
    let dir = tempfile::tempdir().unwrap();
    let messy = "// Countries.\nGraph(actors:[Country(id:\"a\",name:\"A\"),  // first\n\n\n   Country(id: \"b\",\n name: \"B\")],relations:[Relation(subject:\"a\",kind:\"rivalry\",object:\"b\")])";
    fs::write(dir.path().join("x.ron"), messy).unwrap();
    let out = diplograph_in(dir.path()).args(["fmt", "--check", "--data", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("--- a/./x.ron\n+++ b/./x.ron\n"));
    assert_eq!(fs::read_to_string(dir.path().join("x.ron")).unwrap(), messy);
    diplograph_in(dir.path()).args(["fmt", "--data", "."]).assert().success();
    let expected = "// Countries.\nGraph(\n    actors: [\n        Country(id: \"a\", name: \"A\"), // first\n\n        Country(\n            id: \"b\",\n            name: \"B\",\n        ),\n    ],\n    relations: [\n        Relation(subject: \"a\", kind: \"rivalry\", object: \"b\"),\n    ],\n)\n";
    assert_eq!(fs::read_to_string(dir.path().join("x.ron")).unwrap(), expected);
    diplograph_in(dir.path()).args(["fmt", "--check", "--data", "."]).assert().success();
    fs::write(dir.path().join("x.ron"), "Graph(actors: [Country(id: \"a\"").unwrap();
    diplograph_in(dir.path())
        .args(["fmt", "--data", "."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot format ./x.ron:1:"));
}

/// Two copies of the data: NEW is OLD after a rename, a status change, a new actor, a removed
/// relation and a new quote.
fn changed_copy() -> tempfile::TempDir {
    let dir = data_copy();
    fs::rename(dir.path().join("data"), dir.path().join("old")).unwrap();
    crate::util::copy_dir(&dir.path().join("old"), &dir.path().join("new"));
    let new = dir.path().join("new");
    let run = |args: &[&str]| {
        diplograph_in(dir.path()).arg("--data").arg(&new).args(args).assert().success();
    };
    run(&["rename", "united_states", "usa"]);
    run(&["set", "ru-ir-partnership", "status=ended", "until=2026-03"]);
    run(&["add", "actor", "country", "egypt", "--name", "Egypt"]);
    run(&[
        "add",
        "relation",
        "russia",
        "economic_cooperation",
        "egypt",
        "--evidence",
        "realist-2026:working relationships",
    ]);
    run(&["rm", "ir-ru-no-manpower"]);
    run(&["set", "ru-ir-working-relationship", "evidence-=realist-2026:emphasized continuity in ties with Iran"]);
    dir
}

#[test]
fn diff_reports_changes_by_meaning() {
    let dir = changed_copy();
    let out = diplograph_in(dir.path()).args(["diff", "old", "new"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let expected = "\
Actors:
  ~ united_states -> usa (renamed)
      aliases: + united_states
  + egypt (country, \"Egypt\")
Relations:
  ~ russia -[strategic_partnership]- iran (ru-ir-partnership)
      until: (none) -> 2026-03
      status: active -> ended
  ~ russia -[partnership]- iran (ru-ir-working-relationship)
      evidence: - realist-2026: \"emphasized continuity in ties with Iran\"
  + russia -[economic_cooperation]- egypt
  - iran -[supplies_manpower]-> russia (ir-ru-no-manpower)

actors: 1 added, 1 renamed; relations: 1 added, 1 removed, 2 changed
";
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);

    let out = diplograph_in(dir.path()).args(["diff", "old", "new", "--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["actors"][0]["change"], "renamed");
    assert_eq!(v["actors"][0]["old_id"], "united_states");
    assert_eq!(v["actors"][0]["id"], "usa");
    let changes: Vec<&str> = v["relations"].as_array().unwrap().iter().map(|r| r["change"].as_str().unwrap()).collect();
    assert_eq!(changes, ["changed", "changed", "added", "removed"]);
    assert_eq!(
        v["relations"][0]["fields"][1],
        serde_json::json!({"field": "status", "old": "active", "new": "ended", "item": false})
    );

    let out = diplograph_in(dir.path()).args(["diff", "old", "new", "--dot"]).output().unwrap();
    let dot = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "\"egypt\"[label=\"Egypt\" shape=\"ellipse\" fillcolor=\"#e8f5e9\"",
        "\"usa\"[label=\"United States\\n(united_states \u{2192} usa)\" shape=\"ellipse\" fillcolor=\"#fff3e0\"",
        "\"iran\"[label=\"Iran\" shape=\"ellipse\" fillcolor=\"#ffffff\"",
        "\"russia\" -> \"egypt\" [label=<<font color=\"#2e7d32\">economic cooperation</font>>",
        "relation added",
    ] {
        assert!(dot.contains(expected), "missing {expected:?} in\n{dot}");
    }
    let removed = dot
        .lines()
        .find(|l| l.contains("\"iran\" -> \"russia\" [label=<<font color=\"#c62828\">NOT supplies troops or fighters"))
        .unwrap();
    assert!(removed.contains("color=\"#c62828\"") && removed.contains("style=\"dashed\""), "{removed}");
    // Graphviz reads it without a complaint.
    let mut child = Process::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Graphviz `dot` is installed (.ci/run installs it)");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), dot.as_bytes()).unwrap();
    drop(child.stdin.take());
    let result = child.wait_with_output().unwrap();
    assert!(result.status.success() && result.stderr.is_empty(), "{}", String::from_utf8_lossy(&result.stderr));

    let same = diplograph_in(dir.path()).args(["diff", "old", "old"]).output().unwrap();
    assert_eq!(String::from_utf8(same.stdout).unwrap(), "no differences\n");
}

#[test]
fn diff_reads_git_revisions_without_checking_out() {
    let dir = data_copy();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "one"]);
    diplograph_in(dir.path()).args(["set", "russia", "name=Russian Federation"]).assert().success();
    git(dir.path(), &["commit", "-qam", "two"]);
    edit(&dir.path().join("data/actors/countries.ron"), "name: \"Iran\"", "name: \"Persia\"");
    let out = diplograph_in(dir.path()).args(["diff", "--git", "HEAD~1..HEAD"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Actors:\n  ~ russia\n      name: Russia -> Russian Federation\n\nactors: 1 changed\n"
    );
    // A alone: against the working directory, which is not touched.
    let out = diplograph_in(dir.path()).args(["diff", "--git", "HEAD"]).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Actors:\n  ~ iran\n      name: Iran -> Persia\n\nactors: 1 changed\n"
    );
    assert!(read(dir.path(), "data/actors/countries.ron").contains("Persia"));
    diplograph_in(dir.path()).args(["diff", "--git", "nosuchrev..HEAD"]).assert().code(2);
}

/// Reads stderr lines of a running process into a channel.
fn lines_of(stderr: std::process::ChildStderr) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    rx
}

fn wait_for(rx: &mpsc::Receiver<String>, what: &str, seen: &mut Vec<String>) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(100)) {
            let found = line.contains(what);
            seen.push(line);
            if found {
                return;
            }
        }
    }
    panic!("watch never printed {what:?}; it printed:\n{}", seen.join("\n"));
}

#[test]
fn watch_rechecks_and_redraws_on_save_and_stops_on_ctrl_c() {
    let dir = data_copy();
    let out = dir.path().join("graph.dot");
    let mut child = Process::new(env!("CARGO_BIN_EXE_diplograph"))
        .current_dir(dir.path())
        .env_remove("DIPLOGRAPH_DATA")
        .env("NO_COLOR", "1")
        .args(["watch", "--debounce", "100", "--output"])
        .arg(&out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let rx = lines_of(child.stderr.take().unwrap());
    let mut seen = Vec::new();
    wait_for(&rx, "; wrote", &mut seen);
    assert!(fs::read_to_string(&out).unwrap().contains("\"russia\"[label=\"Russia\""));
    // Reading the files is not a change: nothing happens until a file is saved.
    std::thread::sleep(Duration::from_millis(800));
    let idle: Vec<String> = rx.try_iter().collect();
    assert!(idle.is_empty(), "watch re-ran without a save: {idle:?}");
    let countries = dir.path().join("data/actors/countries.ron");
    // A broken save: the error is shown and the watch goes on.
    edit(&countries, "name: \"Russia\"", "name: \"Russia\", nmae: \"x\"");
    wait_for(&rx, "unknown field `nmae`", &mut seen);
    wait_for(&rx, "waiting for the next save", &mut seen);
    edit(&countries, "name: \"Russia\", nmae: \"x\"", "name: \"Russian Federation\"");
    wait_for(&rx, "; wrote", &mut seen);
    assert!(fs::read_to_string(&out).unwrap().contains("\"russia\"[label=\"Russian Federation\""));
    let pid = child.id().to_string();
    assert!(Process::new("kill").args(["-INT", &pid]).status().unwrap().success());
    wait_for(&rx, "stopped watching", &mut seen);
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

/// `add relation` writes the one-date form, the event bounds and background knowledge, and the
/// facts it adds rest on a quote or on that background.
#[test]
fn add_relation_takes_on_event_bounds_and_background() {
    let dir = data_copy();
    diplograph_in(dir.path())
        .args(["add", "relation", "russia", "negotiation", "israel", "--on", "2026-03"])
        .args(["--evidence", "realist-2026:hosting high-level meetings"])
        .args(["--background", "general-knowledge[on]: A meeting in March 2026."])
        .assert()
        .success();
    diplograph_in(dir.path())
        .args(["add", "relation", "russia", "participates_in", "israel_hamas_war"])
        .args(["--since-event", "october_7_attack", "--until-event", "israel_hamas_war"])
        .args(["--evidence", "realist-2026:mediate between Israel and Hamas"])
        .assert()
        .success();
    let text = read(dir.path(), "data/relations/russia-israel.ron");
    let added = &text[text.find(r#"on: "2026-03""#).expect("the one date written")..];
    for piece in [
        r#"Quote(source: "realist-2026", text: "hosting high-level meetings")"#,
        r#"source: "general-knowledge""#,
        r#"fields: ["on"]"#,
        r#"note: "A meeting in March 2026.""#,
    ] {
        assert!(added.contains(piece), "{piece} in {added}");
    }
    let text = read(dir.path(), "data/relations/russia-iran.ron");
    assert!(text.contains(r#"since_event: "october_7_attack","#), "{text}");
    assert!(text.contains(r#"until_event: "israel_hamas_war","#), "{text}");
    diplograph_in(dir.path())
        .args(["check", "--no-cache", "--unsourced"])
        .assert()
        .success()
        .stderr("ok: 25 actors, 62 relations, 2 sources in 15 files\n");
    // Without its background, the date rests on no quote.
    diplograph_in(dir.path())
        .args(["set", "russia/negotiation/israel", "evidence-=general-knowledge[]"])
        .assert()
        .success();
    diplograph_in(dir.path())
        .args(["check", "--no-cache", "--unsourced"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("warning: on 2026-03 rests on no quote"));
    // A background that is not of the form is a usage mistake, and nothing is written.
    diplograph_in(dir.path())
        .args(["add", "relation", "russia", "negotiation", "iran", "--background", "general-knowledge[since"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is not background knowledge; write SOURCE[FIELD,...]: NOTE"));
}
