//! `diplograph dot`, `render` and `mermaid`: goldens on the seed data, adversarial names, the
//! real Graphviz, the built-in fallback, failures and time-outs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use graphviz_rust::printer::{DotPrinter, PrinterContext};
use predicates::prelude::*;

use crate::util::{diplograph, golden, test_data};

/// Whether Graphviz is installed; prints a notice when it is not (CI always has it).
fn have_dot() -> bool {
    let found = Command::new("dot").arg("-V").stderr(Stdio::null()).status().is_ok();
    if !found {
        eprintln!("notice: Graphviz (dot) is not installed; skipping the checks that need it");
    }
    found
}

/// Feeds DOT to the real `dot -Tsvg`: it must succeed without a word on stderr. Returns the SVG.
fn graphviz_accepts(dot_text: &str, what: &str) -> Option<String> {
    if !have_dot() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.dot");
    fs::write(&input, dot_text).unwrap();
    let out = Command::new("dot").arg("-Tsvg").arg(&input).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.is_empty(), "dot rejected or warned about {what}:\n{stderr}");
    Some(String::from_utf8(out.stdout).unwrap())
}

/// graphviz-rust parses the DOT, and the parsed tree prints back to the very same text.
fn parses_back(dot_text: &str, what: &str) {
    let graph = graphviz_rust::parse(dot_text).unwrap_or_else(|e| panic!("graphviz-rust cannot parse {what}: {e}"));
    let mut printed = graph.print(&mut PrinterContext::default());
    printed.push('\n');
    assert_eq!(printed, dot_text, "{what} does not parse back to the same graph");
}

fn run_dot_command(args: &[&str]) -> String {
    let out = diplograph().arg("dot").args(args).output().unwrap();
    assert!(out.status.success(), "dot {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn seed_goldens_are_accepted_by_graphviz_and_parse_back() {
    let cases: [(&str, &[&str]); 16] = [
        ("whole", &[]),
        ("focus-iran", &["--focus", "iran", "--depth", "1"]),
        ("path-putin-hamas", &["--path", "putin", "hamas"]),
        ("only-path-lavrov-hamas", &["--path", "lavrov", "hamas", "--only-path", "--title", "Lavrov to Hamas"]),
        ("cluster", &["--cluster"]),
        ("negated", &["--show-negated", "--focus", "russia"]),
        ("legend-full", &["--focus", "iran", "--legend", "full"]),
        ("legend-none", &["--focus", "iran", "--legend", "none", "--no-caption"]),
        ("expand", &["--focus", "iran", "--expand"]),
        ("show-isolated", &["--show-isolated", "--legend", "none"]),
        ("size-by-degree", &["--size-by", "degree"]),
        ("size-by-betweenness", &["--size-by", "betweenness", "--focus", "russia"]),
        ("sfdp", &["--layout", "sfdp"]),
        ("at-2024", &["--at", "2024", "--title", "In 2024"]),
        ("rankdir-tb", &["--focus", "israel", "--rankdir", "TB", "--cluster"]),
        ("page-a4", &["--path", "lavrov", "hamas", "--only-path", "--page", "a4"]),
    ];
    for (name, args) in cases {
        let text = run_dot_command(args);
        golden(&test_data().join(format!("golden/dot/{name}.dot")), &text);
        parses_back(&text, name);
        if let Some(svg) = graphviz_accepts(&text, name) {
            assert!(svg.contains("<title>russia</title>") || name.contains("path"), "{name}: no Russia node");
        }
    }
}

#[test]
fn goldens_show_what_their_options_promise() {
    let whole = run_dot_command(&[]);
    assert!(!whole.contains("NOT "), "negated relations are hidden by default");
    assert!(whole.contains("\"russia\"[label=\"Russia\" shape=\"ellipse\" fillcolor=\"#dae8fc\""));
    assert!(whole.contains("id=\"russia\" class=\"actor\""), "node ids are actor ids");
    assert!(whole.contains("class=\"relation ru-ir-partnership"), "edges carry their relations' ids");
    assert!(whole.contains("actor kinds") || whole.contains(">Country</font>"), "the legend names actor kinds");
    assert!(whole.contains("Source: realist-2026"), "the caption names the source");
    assert!(!whole.contains("\"syria\"[") || whole.contains("-> \"syria\"") || whole.contains("\"syria\" ->"));
    // Russia and Iran: one edge for the symmetric kinds, one for Russia's directed ones.
    let russia_iran = whole.lines().filter(|l| l.starts_with("  \"russia\" -> \"iran\"")).count();
    let expanded = run_dot_command(&["--expand"]);
    let russia_iran_expanded = expanded.lines().filter(|l| l.starts_with("  \"russia\" -> \"iran\"")).count();
    assert!(russia_iran < russia_iran_expanded, "{russia_iran} bundles, {russia_iran_expanded} relations");
    let negated = run_dot_command(&["--show-negated"]);
    assert!(negated.contains(">NOT mutual defence commitment"), "denials are marked NOT");
    assert!(negated.contains("arrowhead=\"tee\""));
    let clustered = run_dot_command(&["--cluster"]);
    let russia =
        clustered.split("subgraph \"cluster_russia\" {").nth(1).expect("a Russia box").split('}').next().unwrap();
    for member in ["\"putin\"[", "\"lavrov\"[", "\"bogdanov\"[", "\"russia\"["] {
        assert!(russia.contains(member), "{member} is not in the Russia box");
    }
    assert!(!russia.contains("\"iran\"["));
    let focus = run_dot_command(&["--focus", "hamas", "--depth", "1"]);
    assert!(focus.contains("\"hamas\"[") && focus.contains("\"israel\"["));
    assert!(!focus.contains("\"putin\"["), "Putin is two steps from Hamas");
    let path = run_dot_command(&["--path", "lavrov", "hamas", "--only-path"]);
    assert_eq!(path.matches("penwidth=\"3\"").count(), 3, "three actors highlighted");
    let context = run_dot_command(&["--path", "lavrov", "hamas"]);
    assert!(context.contains("55\" style="), "relations off the path are faded");
    let sized = run_dot_command(&["--size-by", "degree"]);
    let russia_size = sized.lines().find(|l| l.starts_with("  \"russia\"[")).unwrap();
    assert!(russia_size.contains("fontsize=\"20\""), "the most linked actor is the largest: {russia_size}");
}

#[test]
fn the_same_data_and_flags_give_the_same_bytes() {
    let args = ["--cluster", "--show-negated", "--title", "x", "--rankdir", "TB"];
    assert_eq!(run_dot_command(&args), run_dot_command(&args));
}

/// Text as Graphviz writes it in SVG.
fn svg_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
        .replace('-', "&#45;")
}

#[test]
fn adversarial_names_survive_graphviz_intact() {
    let data = test_data().join("adversarial");
    let out = diplograph()
        .args(["--data"])
        .arg(&data)
        .args(["dot", "--cluster", "--show-negated", "--title", "\"T\" \\ <b>&"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    golden(&test_data().join("golden/dot/adversarial.dot"), &text);
    parses_back(&text, "the adversarial dataset");
    for keyword in ["node", "edge", "graph", "subgraph", "strict", "digraph"] {
        assert!(text.contains(&format!(" \"{keyword}\"[label=")), "{keyword} is not a quoted node id");
    }
    let Some(svg) = graphviz_accepts(&text, "the adversarial dataset") else { return };
    for name in [
        "Say \"hi\" \\ <b>bold</b> & AT&amp;T",
        "ישראל \u{202e}RTL override",
        "Émile \\N 日本 🙂",
        "}]; digraph x { a -> b }",
        "<<table>> & \"strict\"",
        "'single' `back` |pipe| #hash; end",
        "Minister of \"Quotes\" <i>&</i>",
        "\"T\" \\ <b>&",
    ] {
        let shown = format!(">{}</text>", svg_text(name));
        assert!(svg.contains(&shown), "{name:?} is not drawn as itself; looked for {shown}");
    }
    for id in ["node", "edge", "graph", "subgraph", "strict", "digraph"] {
        assert!(svg.contains(&format!("<title>{id}</title>")), "no node {id}");
    }
}

#[test]
fn mermaid_golden_and_escaping() {
    let text = String::from_utf8(diplograph().args(["mermaid", "--focus", "iran"]).output().unwrap().stdout).unwrap();
    golden(&test_data().join("golden/mermaid/focus-iran.mmd"), &text);
    assert!(text.starts_with("flowchart LR\n"));
    let out = diplograph()
        .arg("--data")
        .arg(test_data().join("adversarial"))
        .args(["mermaid", "--show-negated"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    golden(&test_data().join("golden/mermaid/adversarial.mmd"), &text);
    assert!(text.contains("a_node([\"Say #34;hi#34; #92; #60;b#62;bold#60;/b#62; #38; AT#38;amp#59;T\"])"), "{text}");
    // Inside labels, nothing but entity codes and <br>: no bracket, quote or pipe can end them.
    for line in text.lines().filter(|l| l.contains("|\"")) {
        let label = line.split("|\"").nth(1).unwrap().split("\"|").next().unwrap();
        let label = label.replace("<br>", "");
        assert!(!label.contains(['"', '|', '[', ']', '{', '}', '<', '>', '`']), "{line}");
    }
}

/// A directory holding only a fake `dot` running `script` (a POSIX shell body).
fn fake_dot(script: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dot");
    fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    }
    dir
}

fn with_path(dir: &Path) -> std::ffi::OsString {
    let mut paths = vec![dir.to_path_buf()];
    paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(paths).unwrap()
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

#[test]
fn render_writes_svg_png_and_pdf_with_graphviz() {
    if !have_dot() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    for (file, magic) in [("d.svg", &b"<?xml"[..]), ("d.png", &b"\x89PNG"[..]), ("d.pdf", &b"%PDF"[..])] {
        let path = out.path().join(file);
        diplograph().args(["render", "--focus", "iran", "-o"]).arg(&path).assert().success().stderr("");
        let bytes = fs::read(&path).unwrap();
        assert!(bytes.starts_with(magic), "{file} is not what its name says");
    }
    assert_eq!(entries(out.path()).len(), 3, "no temporary file left behind");
}

#[test]
fn render_passes_the_layout_engine_and_format_to_graphviz() {
    let fake = fake_dot("echo \"$@\" > \"$0.args\"\ncat > \"$0.in\"\necho '<svg/>'");
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("d.svg");
    diplograph()
        .env("PATH", with_path(fake.path()))
        .args(["render", "--layout", "neato", "-o"])
        .arg(&path)
        .assert()
        .success();
    assert_eq!(fs::read_to_string(fake.path().join("dot.args")).unwrap(), "-Kneato -Tsvg\n");
    let fed = fs::read_to_string(fake.path().join("dot.in")).unwrap();
    assert!(fed.contains("layout=\"neato\""), "the DOT names its engine too");
    assert_eq!(fs::read_to_string(&path).unwrap(), "<svg/>\n");
}

#[test]
fn graphviz_errors_are_reported_and_nothing_is_written() {
    let fake = fake_dot("cat > /dev/null\necho 'Error: <stdin>: syntax error in line 3 near x' >&2\nexit 1");
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("d.png");
    fs::write(&path, "old picture").unwrap();
    diplograph()
        .env("PATH", with_path(fake.path()))
        .args(["render", "-o"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Graphviz failed (exit status 1)"))
        .stderr(predicate::str::contains("syntax error in line 3 near x"));
    assert_eq!(fs::read_to_string(&path).unwrap(), "old picture", "the old file is untouched");
    assert_eq!(entries(out.path()), vec![path], "no temporary file left behind");
}

#[test]
fn a_graphviz_that_hangs_is_stopped_at_the_timeout() {
    let fake = fake_dot("exec sleep 60");
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("d.svg");
    let start = Instant::now();
    diplograph()
        .env("PATH", with_path(fake.path()))
        .args(["render", "--timeout", "0.5", "-o"])
        .arg(&path)
        .timeout(Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did not finish within 0.5 s"));
    assert!(start.elapsed() < Duration::from_secs(20));
    assert!(entries(out.path()).is_empty(), "no file, whole or partial");
}

#[test]
fn without_graphviz_svg_uses_the_built_in_layout_and_png_asks_for_graphviz() {
    let empty = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let svg = out.path().join("d.svg");
    diplograph()
        .env("PATH", empty.path())
        .args(["render", "--focus", "iran", "-o"])
        .arg(&svg)
        .assert()
        .success()
        .stderr(predicate::str::contains("notice: Graphviz is not installed").and(predicate::str::contains("graphviz")))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    let text = fs::read_to_string(&svg).unwrap();
    assert!(text.contains("<svg") && text.contains("Iran") && text.contains("Israel"), "{text}");
    let png = out.path().join("d.png");
    diplograph().env("PATH", empty.path()).args(["render", "-o"]).arg(&png).assert().code(2).stderr(
        predicate::str::contains("writing PNG needs Graphviz").and(predicate::str::contains("`graphviz` package")),
    );
    assert_eq!(entries(out.path()), vec![svg]);
    // The adversarial names go through the built-in layout too.
    let adv = out.path().join("adv.svg");
    diplograph()
        .env("PATH", empty.path())
        .arg("--data")
        .arg(test_data().join("adversarial"))
        .args(["render", "--show-negated", "-o"])
        .arg(&adv)
        .assert()
        .success();
    assert!(fs::read_to_string(&adv).unwrap().contains("&lt;&lt;table&gt;&gt;"));
}

#[test]
fn too_many_actors_are_refused_with_a_hint() {
    diplograph()
        .args(["dot", "--max-nodes", "5"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("more than --max-nodes 5").and(predicate::str::contains("--focus")));
    diplograph().args(["dot", "--max-nodes", "5", "--focus", "hamas", "--depth", "1"]).assert().success();
}

#[test]
fn bad_requests_fail_clearly() {
    diplograph()
        .args(["dot", "--focus", "irn"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"iran\"?"));
    diplograph()
        .args(["dot", "--path", "putin", "hamas", "--kinds", "war"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no path between \"putin\" and \"hamas\""));
    diplograph()
        .args(["dot", "--kinds", "wr"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"war\"?"));
    diplograph()
        .args(["dot", "--kinds", "war", "--at", "1990"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing to draw"));
    diplograph()
        .args(["render", "-o", "x.gif"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".svg, .png or .pdf"));
    diplograph().args(["dot", "--only-path"]).assert().code(2);
}

#[test]
fn dot_and_mermaid_write_files_atomically() {
    let out = tempfile::tempdir().unwrap();
    let dot = out.path().join("g.dot");
    let mmd = out.path().join("g.mmd");
    diplograph().args(["dot", "--focus", "iran", "-o"]).arg(&dot).assert().success().stdout("");
    diplograph().args(["mermaid", "--focus", "iran", "-o"]).arg(&mmd).assert().success().stdout("");
    assert_eq!(fs::read_to_string(&dot).unwrap(), run_dot_command(&["--focus", "iran"]));
    assert!(fs::read_to_string(&mmd).unwrap().starts_with("flowchart LR"));
    diplograph().args(["dot", "--kinds", "nope", "-o"]).arg(out.path().join("bad.dot")).assert().code(2);
    assert_eq!(entries(out.path()), vec![dot, mmd]);
}

#[test]
fn dot_to_a_file_writes_what_it_prints_and_leaves_nothing_else() {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("seed.dot");
    diplograph().args(["dot", "--cluster", "-o"]).arg(&path).assert().success().stdout("").stderr("");
    assert_eq!(fs::read_to_string(&path).unwrap(), run_dot_command(&["--cluster"]));
    assert_eq!(entries(out.path()).len(), 1, "no temporary file left behind");
}

#[test]
fn a_file_in_a_missing_directory_is_refused_naming_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nodir");
    for (args, file) in [
        (&["render", "-o"][..], "x.svg"),
        (&["dot", "-o"], "x.dot"),
        (&["mermaid", "-o"], "x.mmd"),
        (&["export", "--format", "graphml", "-o"], "x.graphml"),
        (&["man", "-o"], "x.1"),
    ] {
        let out = diplograph().args(args).arg(missing.join(file)).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(&format!("the directory {} does not exist", missing.display())), "{args:?}: {stderr}");
        assert!(!stderr.contains(".diplograph-"), "a temporary name leaks: {stderr}");
    }
    assert!(!missing.exists());
}
