//! Every export opened by its real reader: NetworkX, igraph, pyoxigraph (SPARQL) and
//! followthemoney in Python, through `tests/interop/readers.py`. The Python interpreter comes
//! from `DIPLOGRAPH_PYTHON` (set by `.ci/run`, which installs the packages); without it the
//! tests say so and pass locally, and fail under CI.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::util::{diplograph_in, root, test_data};

/// The Python that has the readers, or `None` (outside CI) when none is configured.
fn python() -> Option<PathBuf> {
    match std::env::var_os("DIPLOGRAPH_PYTHON") {
        Some(p) => {
            let p = PathBuf::from(p);
            assert!(p.exists(), "DIPLOGRAPH_PYTHON={} does not exist", p.display());
            Some(p)
        }
        None if std::env::var_os("CI").is_some() => panic!("CI must set DIPLOGRAPH_PYTHON (see .ci/run)"),
        None => {
            eprintln!("DIPLOGRAPH_PYTHON is not set: the real readers are not run");
            None
        }
    }
}

fn run_json(data: &Path, args: &[&str]) -> Value {
    let out = diplograph_in(&root()).arg("--data").arg(data).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every actor (`list`) and every relation (`show`, each from its subject), as the CLI says.
fn expected(data: &Path) -> Value {
    let list = run_json(data, &["list", "--format", "json"]);
    let actors = list["actors"].as_array().unwrap().clone();
    let mut relations = Vec::new();
    for a in &actors {
        let id = a["id"].as_str().unwrap();
        let show = run_json(data, &["show", id, "--format", "json"]);
        relations.extend(show["relations"].as_array().unwrap().iter().filter(|r| r["subject"] == id).cloned());
    }
    json!({ "actors": actors, "relations": relations })
}

fn export(data: &Path, format: &str, out: &Path) {
    let status = diplograph_in(&root())
        .arg("--data")
        .arg(data)
        .args(["export", "--format", format, "-o"])
        .arg(out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{format}: {}", String::from_utf8_lossy(&status.stderr));
}

fn read(python: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]) {
    let mut cmd = Command::new(python);
    cmd.arg(root().join("tests/interop/readers.py"));
    for a in args {
        cmd.arg(a);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

/// NetworkX (GraphML, GEXF, node-link, Cytoscape), igraph (GraphML) and followthemoney give back
/// every actor and relation with every field, on the seed and on the adversarial names.
#[test]
fn real_readers_give_back_every_actor_and_relation() {
    let Some(python) = python() else { return };
    for data in [root().join("data"), test_data().join("adversarial")] {
        let dir = tempfile::tempdir().unwrap();
        let expected_path = dir.path().join("expected.json");
        std::fs::write(&expected_path, serde_json::to_vec(&expected(&data)).unwrap()).unwrap();
        for (reader, format) in [
            ("graphml-networkx", "graphml"),
            ("graphml-igraph", "graphml"),
            ("gexf-networkx", "gexf"),
            ("nodelink-networkx", "json"),
            ("cytoscape-networkx", "cytoscape"),
            ("ftm", "ftm"),
        ] {
            let file = dir.path().join(format!("export.{format}"));
            if !file.exists() {
                export(&data, format, &file);
            }
            read(&python, &[&reader, &file, &expected_path]);
        }
    }
}

/// Turtle and N-Triples load in pyoxigraph and hold the same triples; every SPARQL query of
/// docs/interop.md runs, and the `between` and `neighbors` ones answer what the CLI answers,
/// on the seed, the adversarial names and a generated dataset.
#[test]
fn sparql_answers_equal_the_cli() {
    let Some(python) = python() else { return };
    let gen_dir = tempfile::tempdir().unwrap();
    let generated = gen_dir.path().join("gen");
    let out = diplograph_in(&root())
        .args(["gen", "--actors", "60", "--relations", "200", "--files", "2", "--seed", "3", "-o"])
        .arg(&generated)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for (data, seed) in [(root().join("data"), true), (test_data().join("adversarial"), false), (generated, false)] {
        let dir = tempfile::tempdir().unwrap();
        let (ttl, nt) = (dir.path().join("g.ttl"), dir.path().join("g.nt"));
        export(&data, "turtle", &ttl);
        export(&data, "ntriples", &nt);
        let list = run_json(&data, &["list", "--format", "json"]);
        let ids: Vec<String> =
            list["actors"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_owned()).collect();
        let mut between = Vec::new();
        let mut neighbors = Vec::new();
        for (i, a) in ids.iter().enumerate().take(12) {
            let out = diplograph_in(&root())
                .arg("--data")
                .arg(&data)
                .args(["neighbors", a, "--depth", "1", "--format", "json"])
                .output()
                .unwrap();
            let near: Vec<String> = if out.status.success() {
                let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                v["hops"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|h| h["distance"] == 1)
                    .flat_map(|h| h["actors"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_owned()))
                    .collect()
            } else {
                Vec::new()
            };
            neighbors.push(json!({ "actor": a, "neighbors": near }));
            for b in ids.iter().skip(i + 1).take(6) {
                let out = diplograph_in(&root())
                    .arg("--data")
                    .arg(&data)
                    .args(["between", a, b, "--format", "json"])
                    .output()
                    .unwrap();
                let relations: Vec<Value> = if out.status.success() {
                    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                    v["relations"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|r| r["origin"] == "stated" || r["origin"] == "office")
                        .map(|r| json!([r["subject"], r["kind"], r["object"], r["negated"], r["since"], r["until"]]))
                        .collect()
                } else {
                    Vec::new()
                };
                between.push(json!({ "a": a, "b": b, "relations": relations }));
            }
        }
        let answers = dir.path().join("answers.json");
        let doc = json!({ "seed": seed, "base": "https://diplograph.example/id/", "between": between, "neighbors": neighbors });
        std::fs::write(&answers, serde_json::to_vec(&doc).unwrap()).unwrap();
        read(&python, &[&"rdf", &ttl, &nt, &root().join("docs/interop.md"), &answers]);
    }
}

/// The `node_modules` directory with `mermaid` and `jsdom`, or `None` (outside CI) when none is
/// configured.
fn node_modules() -> Option<PathBuf> {
    match std::env::var_os("DIPLOGRAPH_NODE_MODULES") {
        Some(p) => {
            let p = PathBuf::from(p);
            assert!(p.join("mermaid").exists(), "DIPLOGRAPH_NODE_MODULES={} has no mermaid", p.display());
            Some(p)
        }
        None if std::env::var_os("CI").is_some() => panic!("CI must set DIPLOGRAPH_NODE_MODULES (see .ci/run)"),
        None => {
            eprintln!("DIPLOGRAPH_NODE_MODULES is not set: Mermaid is not parsed by mermaid");
            None
        }
    }
}

/// The Mermaid diagrams (the goldens, the whole seed graph with denied relations, the
/// adversarial names) are parsed by the real `mermaid` package, as a Markdown page would.
#[test]
fn mermaid_parses_every_diagram() {
    let Some(modules) = node_modules() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(test_data().join("golden/mermaid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "mmd"))
        .collect();
    for (name, data, args) in [
        ("seed.mmd", root().join("data"), vec!["mermaid", "--show-negated", "--cluster"]),
        ("adversarial.mmd", test_data().join("adversarial"), vec!["mermaid", "--show-negated"]),
    ] {
        let out = diplograph_in(&root()).arg("--data").arg(&data).args(&args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let file = dir.path().join(name);
        std::fs::write(&file, &out.stdout).unwrap();
        files.push(file);
    }
    let out = Command::new("node")
        .arg(root().join("tests/interop/mermaid-parse.mjs"))
        .args(&files)
        .env("DIPLOGRAPH_NODE_MODULES", &modules)
        .output()
        .expect("node runs");
    assert!(out.status.success(), "{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}
