//! The example runs in the documentation are real: each `$ diplograph ...` line of a `console`
//! block whose command only reads the shipped data is run again, and its output must be the
//! lines that follow it. `UPDATE_GOLDEN=1` rewrites the documents with the current output.

use std::fs;
use std::path::Path;

use crate::util::{diplograph, git_output, rewrite_or_check, root};

/// Commands that read the data and change nothing, so their documented output can be checked.
const READ_ONLY: &[&str] =
    &["list", "show", "path", "neighbors", "between", "rank", "balance", "dot", "mermaid", "vocabulary", "export"];

/// Splits a shell-like command line into words (double and single quotes group; inside single
/// quotes, double quotes are kept; no escapes needed here).
pub(crate) fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut single = false;
    for c in line.chars() {
        match c {
            '\'' if !quoted => single = !single,
            '"' if !single => quoted = !quoted,
            ' ' if !quoted && !single => {
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
    // `check` in text shows data changed by hand in the examples; in JSON it is replayed.
    let json_check = args.first().is_some_and(|c| c == "check") && args.windows(2).any(|w| w[1] == "json");
    (json_check || args.first().is_some_and(|c| READ_ONLY.contains(&c.as_str())))
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
    rewrite_or_check(&path, &out, &mismatches);
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

/// The README's short session elides output with `...`, so the check above skips it: here every
/// line it does show must be real output of its command, `...` standing for text left out.
#[test]
fn the_readme_session_shows_real_output() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let session = &readme[readme.find("## A short session").unwrap()..];
    let block = &session[session.find("```console\n").unwrap() + 11..];
    let block = &block[..block.find("```").unwrap()];
    let mut commands = 0;
    for run in block.split("$ diplograph ").skip(1) {
        let mut lines = run.lines();
        let args: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
        let output = diplograph().args(&args).output().unwrap();
        let real = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        // In order: a shown line follows the one before it in the output (blank lines aside),
        // unless a `...` line between them stands for lines left out.
        let real_lines: Vec<&str> = real.lines().collect();
        let (mut next, mut gap) = (0, false);
        for shown in lines.filter(|l| !l.trim().is_empty()) {
            if shown.trim() == "..." {
                gap = true;
                continue;
            }
            let pieces: Vec<&str> = shown.split("...").filter(|p| !p.is_empty()).collect();
            let matches = |line: &str| {
                let mut rest = line;
                pieces.iter().all(|p| match rest.find(p) {
                    Some(i) => {
                        rest = &rest[i + p.len()..];
                        true
                    }
                    None => false,
                })
            };
            while !gap && real_lines.get(next).is_some_and(|l| l.trim().is_empty()) {
                next += 1;
            }
            let found = if gap {
                real_lines[next.min(real_lines.len())..].iter().position(|l| matches(l)).map(|i| next + i)
            } else {
                real_lines.get(next).filter(|l| matches(l)).map(|_| next)
            };
            let Some(at) = found else {
                panic!(
                    "README shows {shown:?} for `diplograph {}` {}, which it does not print there:\n{real}",
                    args.join(" "),
                    if gap { "after the lines before it" } else { "right after the line before it" }
                );
            };
            next = at + 1;
            gap = false;
        }
        commands += 1;
    }
    assert!(commands >= 3, "expected the README session to run several commands");
}

/// Every code block of every document is closed: an odd number of fences turns the rest of the
/// page into code.
#[test]
fn every_code_block_of_the_documents_is_closed() {
    let mut documents = vec![root().join("README.md"), root().join("CHANGELOG.md")];
    for entry in fs::read_dir(root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            documents.push(path);
        }
    }
    assert!(documents.len() > 5);
    for path in documents {
        let text = fs::read_to_string(&path).unwrap();
        let mut open: Option<(usize, &str)> = None;
        for (n, line) in text.lines().enumerate() {
            let fence = line.trim_start();
            if !fence.starts_with("```") {
                continue;
            }
            open = match open {
                // A fence closes a block only bare.
                Some(_) if fence.trim_end() == "```" => None,
                Some(start) => panic!(
                    "{}:{}: a block opens ({fence}) inside the block opened at line {}",
                    path.display(),
                    n + 1,
                    start.0
                ),
                None => Some((n + 1, fence)),
            };
        }
        if let Some((line, fence)) = open {
            panic!("{}:{line}: the block `{fence}` is never closed", path.display());
        }
    }
}

/// What a run printed (stdout, then stderr) as a document shows it: blank lines at the end are
/// not told from the blank lines between runs, so they are left out.
pub(crate) fn run_output(output: &std::process::Output) -> String {
    let mut actual = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    actual.truncate(actual.trim_end_matches('\n').len());
    if !actual.is_empty() {
        actual.push('\n');
    }
    actual
}

/// docs/editing.md, replayed in order on a copy of the shipped data kept in git: every
/// `$ diplograph ...` edit and `$ git ...` it shows is run, and the output must be the lines that
/// follow it (`diff --git`, which needs the history the page assumes, and `watch` are not run).
#[test]
fn the_editing_guide_runs_as_written() {
    let runs = replay_in_order("docs/editing.md", None, &|_, _| {});
    assert!(runs >= 10, "only {runs} runs of docs/editing.md were replayed");
}

/// The editing commands of docs/cli.md, replayed in order the same way, each example on the
/// data as the ones before it left it: `add source --text` copies a `report.txt`, and `import
/// csv` reads the `relations.csv` the page describes, its misspelt row fixed before the second
/// import, as the page says.
#[test]
fn the_editing_commands_of_the_reference_run_as_written() {
    let imports = std::cell::Cell::new(0);
    let before = |dir: &Path, command: &str| {
        if command.contains("--text report.txt") {
            fs::write(dir.join("report.txt"), "The Secretary-General reported on the region.\n").unwrap();
        }
        if command.ends_with("import csv relations.csv") {
            imports.set(imports.get() + 1);
            let object = if imports.get() == 1 { "iram" } else { "iran" };
            let csv = format!("subject,kind,object,since,until,id\nrussia,war,{object},2025,,\n");
            fs::write(dir.join("relations.csv"), csv).unwrap();
        }
    };
    let runs = replay_in_order("docs/cli.md", Some(("## Editing commands", "## `serve`")), &before);
    assert_eq!(imports.get(), 2);
    assert!(runs >= 12, "only {runs} runs of the editing commands of docs/cli.md were replayed");
}

/// Replays the console runs of a document in order (those between the headings `part`, when
/// given) on a copy of the shipped data kept in git, calling `before` with the directory and
/// the command ahead of each; checks (or, with `UPDATE_GOLDEN=1`, rewrites) the output shown;
/// gives how many runs were replayed.
fn replay_in_order(relative: &str, part: Option<(&str, &str)>, before: &dyn Fn(&Path, &str)) -> usize {
    let dir = crate::util::data_copy();
    let git = |args: &[String]| git_output(dir.path(), args);
    for args in [&["init", "-q"][..], &["add", "."], &["commit", "-qm", "seed"]] {
        crate::util::git(dir.path(), args);
    }
    let path = root().join(relative);
    let text = fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let (mut out, mut mismatches, mut runs) = (String::with_capacity(text.len()), Vec::new(), 0);
    let mut in_console = false;
    let mut in_part = part.is_none();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim_end();
        if let Some((from, until)) = part {
            if trimmed == from {
                in_part = true;
            } else if trimmed == until {
                in_part = false;
            }
        }
        if trimmed.starts_with("```") {
            in_console = trimmed == "```console" && !in_console;
        }
        if !(in_part && in_console && trimmed.starts_with("$ ")) {
            out.push_str(lines[i]);
            i += 1;
            continue;
        }
        // The command, with its continuation lines.
        let mut command = String::new();
        let mut j = i;
        loop {
            let line = lines[j].trim_end();
            out.push_str(lines[j]);
            j += 1;
            match line.strip_suffix('\\') {
                Some(part) => command.push_str(part),
                None => {
                    command.push_str(line);
                    break;
                }
            }
        }
        let start = j;
        while j < lines.len() && !lines[j].starts_with("$ ") && !lines[j].trim_end().starts_with("```") {
            j += 1;
        }
        let mut body_end = j;
        while body_end > start && lines[body_end - 1].trim().is_empty() {
            body_end -= 1;
        }
        let expected = lines[start..body_end].concat();
        let args = words(&command[2..]);
        let runnable = !command.contains(['|', '>']) && !args.iter().any(|a| a == "watch" || a == "--git");
        if runnable {
            before(dir.path(), &command);
        }
        let output = match args.split_first() {
            Some((program, rest)) if runnable && program == "diplograph" => {
                Some(crate::util::diplograph_in(dir.path()).args(rest).output().unwrap())
            }
            Some((program, rest)) if runnable && program == "git" => Some(git(rest)),
            _ => None,
        };
        match output {
            Some(output) => {
                let actual = run_output(&output);
                if actual != expected {
                    mismatches.push(format!(
                        "{relative}:{}: `{command}`\n--- documented\n{expected}--- actual\n{actual}",
                        i + 1
                    ));
                }
                out.push_str(&actual);
                runs += 1;
            }
            None => out.push_str(&expected),
        }
        out.push_str(&lines[body_end..j].concat());
        i = j;
    }
    rewrite_or_check(&path, &out, &mismatches);
    runs
}

/// The keys of an object written as docs/cli.md writes JSON shapes (`{"a", "b": [X, ...], "c":
/// {"d"}}`), in order, with the shape of each key that has one (`"b": [{...}]` gives the inner
/// object's text).
fn documented_keys(shape: &str) -> Vec<(String, Option<String>)> {
    let bytes = shape.as_bytes();
    let (mut keys, mut depth, mut i) = (Vec::new(), 0usize, 0);
    let mut after_colon = false;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth -= 1,
            b':' => after_colon = true,
            b',' => after_colon = false,
            b'"' => {
                let end = i + 1 + shape[i + 1..].find('"').unwrap();
                if depth == 1 && !after_colon {
                    // The inner object of its value, when it is one (directly or in a list).
                    let rest = shape[end + 1..].trim_start();
                    let inner = rest.strip_prefix(':').map(str::trim_start).and_then(|v| {
                        let v = v.trim_start_matches('[');
                        v.starts_with('{').then(|| {
                            let mut d = 0;
                            let close = v
                                .char_indices()
                                .find(|&(_, c)| {
                                    d += match c {
                                        '{' | '[' => 1,
                                        '}' | ']' => -1,
                                        _ => 0,
                                    };
                                    d == 0
                                })
                                .unwrap()
                                .0;
                            v[..=close].to_owned()
                        })
                    });
                    keys.push((shape[i + 1..end].to_owned(), inner));
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

/// The fields a table of docs/cli.md lists (its first column: `` `a` `` or `` `a`, `b` ``).
fn table_fields(section: &str, title: &str) -> Vec<String> {
    let start = section.find(&format!("\n{title}")).unwrap_or_else(|| panic!("no table {title}"));
    let table = &section[start..];
    let table = &table[table.find("\n|").unwrap()..];
    let end = table.find("\n\n").unwrap_or(table.len());
    table[..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .flat_map(|l| l.split('|').nth(1).unwrap().split(',').map(|f| f.trim().trim_matches('`').to_owned()))
        .collect()
}

/// The keys of an object, sorted (as serde_json keeps them).
fn keys(value: &serde_json::Value) -> Vec<String> {
    value.as_object().unwrap_or_else(|| panic!("not an object: {value}")).keys().cloned().collect()
}

/// `fields` sorted, to compare with [`keys`].
fn sorted(mut fields: Vec<String>) -> Vec<String> {
    fields.sort();
    fields
}

/// Checks a documented shape against a real value, nested objects included; returns how many
/// objects were compared.
fn same_shape(what: &str, shape: &str, value: &serde_json::Value) -> usize {
    let documented = documented_keys(shape);
    let mut names: Vec<String> = documented.iter().map(|(k, _)| k.clone()).collect();
    names.sort();
    assert_eq!(names, keys(value), "docs/cli.md documents {what} as {shape}");
    let mut compared = 1;
    for (key, inner) in documented {
        let Some(inner) = inner else { continue };
        let field = &value[&key];
        let sample = if field.is_array() { field.as_array().unwrap().first() } else { Some(field) };
        if let Some(sample) = sample.filter(|s| s.is_object()) {
            compared += same_shape(&format!("{what}.{key}"), &inner, sample);
        }
    }
    compared
}

#[test]
fn the_documented_json_shapes_are_the_real_ones() {
    let cli = fs::read_to_string(root().join("docs/cli.md")).unwrap();
    let section = &cli[cli.find("## JSON output").unwrap()..];
    let raw = |args: &[&str]| diplograph().args(args).args(["--format", "json"]).output().unwrap().stdout;
    let json = |args: &[&str]| -> serde_json::Value {
        serde_json::from_slice(&raw(args)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    };
    let mut compared = 0;
    for (command, args) in [
        ("list", &["list"][..]),
        ("show", &["show", "russia"]),
        ("path", &["path", "russia", "hamas"]),
        ("neighbors", &["neighbors", "iran"]),
        ("between", &["between", "russia", "israel"]),
        ("rank", &["rank"]),
        ("balance", &["balance"]),
    ] {
        let label = format!("`{command} --format json`: `");
        let at = section.find(&label).unwrap_or_else(|| panic!("docs/cli.md documents no {label}")) + label.len();
        let shape = &section[at..at + section[at..].find('`').unwrap()];
        compared += same_shape(command, shape, &json(args));
        // The top-level fields in the order documented: pretty-printed, they are the lines
        // indented by two spaces.
        let text = String::from_utf8(raw(args)).unwrap();
        let order: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("  \"").filter(|_| !l.starts_with("   ")))
            .map(|l| l[..l.find('"').unwrap()].to_owned())
            .collect();
        let documented: Vec<String> = documented_keys(shape).into_iter().map(|(k, _)| k).collect();
        assert_eq!(documented, order, "docs/cli.md gives the fields of `{command}` in another order");
    }
    // The shapes the tables and PAIR name.
    let show = json(&["show", "russia"]);
    assert_eq!(sorted(table_fields(section, "ACTOR:")), keys(&show["actor"]));
    assert_eq!(sorted(table_fields(section, "RELATION:")), keys(&show["relations"][0]));
    let path = json(&["path", "russia", "hamas"]);
    assert_eq!(sorted(table_fields(section, "PATH:")), keys(&path["paths"][0]));
    let pair = section.find("PAIR is `").map(|i| &section[i + 9..]).unwrap();
    let balance = json(&["balance"]);
    compared += same_shape("PAIR", &pair[..pair.find('`').unwrap()], &balance["crossing"][0]);
    assert!(compared >= 12, "only {compared} objects compared");
}
