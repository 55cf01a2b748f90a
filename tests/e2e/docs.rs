//! The example runs in the documentation are real: each `$ diplograph ...` line of a `console`
//! block whose command only reads the shipped data is run again, and its output must be the
//! lines that follow it. `UPDATE_GOLDEN=1` rewrites the documents with the current output.

use std::fs;

use crate::util::{diplograph, root};

/// Commands that read the data and change nothing, so their documented output can be checked.
const READ_ONLY: &[&str] = &["list", "show", "path", "neighbors", "between", "rank", "balance", "dot", "mermaid"];

/// Splits a shell-like command line into words (double quotes group; no escapes needed here).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn checkable(args: &[String], expected: &[&str]) -> bool {
    args.first().is_some_and(|c| READ_ONLY.contains(&c.as_str()))
        && !args.iter().any(|a| a == "-o" || a == "|" || a == ">" || a == "\\")
        && !expected.iter().any(|l| l.trim() == "...")
}

/// Checks (or rewrites) one document; returns the number of runs checked.
fn check_document(relative: &str) -> usize {
    let path = root().join(relative);
    let text = fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut checked = 0;
    let mut mismatches = Vec::new();
    let mut i = 0;
    let mut in_console = false;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_end();
        if trimmed.starts_with("```") {
            in_console = trimmed == "```console" && !in_console;
            out.push_str(line);
            i += 1;
            continue;
        }
        let Some(command) = trimmed.strip_prefix("$ diplograph ").filter(|_| in_console) else {
            out.push_str(line);
            i += 1;
            continue;
        };
        out.push_str(line);
        let mut j = i + 1;
        while j < lines.len() && !lines[j].starts_with("$ ") && !lines[j].trim_end().starts_with("```") {
            j += 1;
        }
        // Blank lines before the next command separate runs; they are not output.
        let mut body_end = j;
        while body_end > i + 1 && lines[body_end - 1].trim().is_empty() {
            body_end -= 1;
        }
        let expected: Vec<&str> = lines[i + 1..body_end].to_vec();
        let separator = lines[body_end..j].concat();
        let args = words(command);
        if checkable(&args, &expected) {
            let output = diplograph().args(&args).output().unwrap();
            let actual =
                format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
            if actual != expected.concat() {
                mismatches.push(format!(
                    "{relative}:{}: `diplograph {command}`\n--- documented\n{}--- actual\n{actual}",
                    i + 1,
                    expected.concat()
                ));
            }
            out.push_str(&actual);
            out.push_str(&separator);
            checked += 1;
        } else {
            out.push_str(&lines[i + 1..j].concat());
        }
        i = j;
    }
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, out).unwrap();
    } else {
        assert!(
            mismatches.is_empty(),
            "documented runs differ (UPDATE_GOLDEN=1 rewrites them):\n{}",
            mismatches.join("\n")
        );
    }
    checked
}

#[test]
fn documented_runs_match_the_real_output() {
    let mut total = 0;
    for doc in ["README.md", "docs/cli.md", "docs/queries.md", "docs/diagrams.md"] {
        total += check_document(doc);
    }
    assert!(total >= 15, "only {total} documented runs were checked");
}
