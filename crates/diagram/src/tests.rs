//! Tests of the whole diagram pipeline on generated graphs: whatever the names, the DOT is
//! accepted by Graphviz without a warning and parsed back by graphviz-rust to the same tree.

use std::io::Write;
use std::process::{Command, Stdio};

use diplograph_core::{
    ActorForm, ActorKindSpec, ActorSpec, EvidenceSpec, Filter, FilterSpec, Graph, GraphBuilder, OfficeSpec,
    RelationKindSpec, RelationSpec, SourceSpec, Vocabulary,
};
use proptest::prelude::*;

use crate::dot::{print, to_ast, to_dot};
use crate::mermaid::to_mermaid;
use crate::picture::{Frame, Picture};
use crate::select::{Scope, select};

/// Ids that are DOT keywords, and ordinary ones.
const IDS: [&str; 8] = ["node", "edge", "graph", "subgraph", "strict", "digraph", "cluster_x", "a-b"];

/// Texts a name or label may be made of.
const PIECES: &[&str] = &[
    "\"",
    "\\",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\0",
    "\x1b",
    "<b>",
    "</b>",
    "<br/>",
    "&",
    "&amp;",
    "&#60;",
    "🇺🇦",
    "🙂",
    "ישראל",
    "إيران",
    "日本",
    "\u{202e}",
    "\u{200f}",
    "e\u{301}",
    "\u{FFFE}",
    "\u{FFFF}",
    "node",
    "edge",
    "graph",
    "strict",
    "{",
    "}",
    "[",
    "]",
    ";",
    ",",
    "=",
    "->",
    "--",
    "//",
    "/*",
    "*/",
    "#",
    "\\N",
    "\\G",
    "\\l",
    "\\n",
    "%",
    "'",
    "<",
    ">",
    "<<",
    ">>",
    "|",
    "`",
    " ",
    "x",
    "Say",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => proptest::collection::vec(proptest::sample::select(PIECES), 1..8).prop_map(|p| p.concat()),
        1 => any::<String>(),
    ]
}

/// A graph over the keyword ids with the given names and labels.
fn graph(names: &[String], labels: &[String], links: &[(usize, usize, usize, bool, usize)]) -> Option<Graph> {
    let kind =
        |id: &str, label: &String| ActorKindSpec { id: id.into(), label: Some(label.clone()), ..Default::default() };
    let actor_kinds = vec![
        kind("country", &labels[0]),
        kind("person", &labels[1]),
        ActorKindSpec {
            shape: Some("hexagon".into()),
            color: Some("#f4cccc".into()),
            ..kind("organization", &labels[2])
        },
        kind("event", &labels[3]),
    ];
    let rel = |id: &str, polarity: &str, directed: bool, style: &str, label: &String| RelationKindSpec {
        id: id.into(),
        label: Some(label.clone()),
        polarity: Some(polarity.into()),
        directed: Some(directed),
        style: Some(style.into()),
        ..Default::default()
    };
    let relation_kinds = vec![
        rel("holds_office", "neutral", true, "dashed", &labels[4]),
        rel("ally", "cooperative", false, "solid", &labels[5]),
        rel("attack", "hostile", true, "bold", &labels[6]),
        rel("talks", "neutral", false, "dotted", &labels[7]),
    ];
    let (vocabulary, _) = Vocabulary::build(actor_kinds, relation_kinds);
    let mut b = GraphBuilder::new(vocabulary?);
    b.add_source(SourceSpec { id: "src".into(), title: Some(labels[8].clone()), ..Default::default() });
    for (i, id) in IDS.iter().enumerate() {
        let name = names[i % names.len()].clone();
        let mut spec = match i % 4 {
            0 => ActorSpec::new(ActorForm::Country, *id, name),
            1 => {
                let mut p = ActorSpec::new(ActorForm::Person, *id, name);
                p.offices.push(OfficeSpec { title: labels[9].clone(), of: IDS[0].into(), ..Default::default() });
                p
            }
            2 => {
                let mut o = ActorSpec::new(ActorForm::Organization, *id, name);
                o.country = Some(IDS[4].into());
                o
            }
            _ => ActorSpec::new(ActorForm::Event, *id, name),
        };
        spec.note = Some(labels[(i + 3) % labels.len()].clone());
        spec.aliases = vec![labels[i % labels.len()].clone()];
        b.add_actor(spec);
    }
    let kinds = ["ally", "attack", "talks"];
    let statuses = [None, Some("ended"), Some("offered"), Some("active")];
    for &(s, o, k, negated, status) in links {
        let (s, o) = (IDS[s % IDS.len()], IDS[o % IDS.len()]);
        if s == o {
            continue;
        }
        b.add_relation(RelationSpec {
            subject: s.into(),
            kind: kinds[k % kinds.len()].into(),
            object: o.into(),
            negated,
            status: statuses[status % statuses.len()].map(Into::into),
            since: Some("2025-01".into()),
            evidence: vec![EvidenceSpec { source: "src".into(), text: labels[(k + 10) % labels.len()].clone() }],
            note: Some(labels[(s.len() + 2) % labels.len()].clone()),
            ..Default::default()
        });
    }
    b.build().graph
}

fn picture(graph: &Graph, title: Option<String>, cluster: bool) -> Picture<'_> {
    let spec = FilterSpec { include_negated: true, ..Default::default() };
    let filter = Filter::resolve(&spec, graph).unwrap();
    let selection = select(graph, &filter, &Scope::Whole { isolated: true }).unwrap();
    let frame = Frame { title, cluster, caption: true, ..Frame::default() };
    Picture::new(graph, &selection, frame, None)
}

/// Runs `dot -Tsvg` on `text`: `None` when Graphviz is not installed, else (success, stderr, svg).
fn run_dot(text: &str) -> Option<(bool, String, String)> {
    let mut child = match Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("cannot run dot: {e}"),
    };
    let mut stdin = child.stdin.take().unwrap();
    let input = text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    Some((
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    ))
}

#[test]
fn the_printed_tree_parses_back_to_itself() {
    let names: Vec<String> = PIECES.iter().map(|p| format!("N{p}")).collect();
    let labels: Vec<String> = PIECES.iter().map(|p| format!("L{p}")).collect();
    let links: Vec<_> = (0..12).map(|i| (i, i * 3 + 1, i, i % 3 == 0, i)).collect();
    let g = graph(&names, &labels, &links).expect("valid graph");
    let p = picture(&g, Some("T\"\\\n<b>".into()), true);
    assert!(!p.clusters.is_empty() && !p.edges.is_empty() && p.legend.is_some());
    let ast = to_ast(&p);
    let text = print(&ast);
    assert_eq!(to_dot(&p), text, "printed a statement at a time, the DOT is the tree's");
    let parsed = graphviz_rust::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(parsed, ast);
    assert_eq!(print(&parsed), text);
    for keyword in ["node", "edge", "graph", "subgraph", "strict"] {
        assert!(text.contains(&format!(" \"{keyword}\"[label=")), "{keyword} is not a quoted node id");
    }
}

#[test]
fn label_lines_of_markup_characters_reach_graphviz() {
    // Each label line is a text item of its own in an HTML-like label; Graphviz refuses some
    // (a lone `]`), so every such line is drawn once in every place a label goes.
    let lines = ["]", "]]", "]]>", ">", "<", "&", "\"", "[", "}", "|", "<br/>", "&#93;"];
    let labels: Vec<String> =
        lines.iter().map(|l| format!("L\n{l}\n{l}")).chain(std::iter::repeat("L".to_owned())).take(12).collect();
    let names: Vec<String> = lines.iter().map(|l| format!("N\n{l}")).take(4).collect();
    let links: Vec<_> = (0..10).map(|i| (i % 8, (i * 3 + 1) % 8, i % 3, i % 2 == 0, i % 4)).collect();
    let g = graph(&names, &labels, &links).expect("valid graph");
    for title in lines {
        let p = picture(&g, Some(format!("T\n{title}")), true);
        let text = to_dot(&p);
        if let Some((ok, stderr, _)) = run_dot(&text) {
            assert!(ok && stderr.is_empty(), "dot said:\n{stderr}\non:\n{text}");
        }
    }
}

#[test]
fn the_same_picture_gives_the_same_bytes() {
    let names: Vec<String> = PIECES.iter().map(|p| format!("{p}{p}.")).collect();
    let links: Vec<_> = (0..20).map(|i| (i * 7, i * 5 + 1, i, i % 4 == 0, i)).collect();
    let a = graph(&names, &names, &links).unwrap();
    let b = graph(&names, &names, &links).unwrap();
    assert_eq!(to_dot(&picture(&a, None, true)), to_dot(&picture(&b, None, true)));
    assert_eq!(to_mermaid(&picture(&a, None, true)), to_mermaid(&picture(&b, None, true)));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_names_give_dot_that_graphviz_accepts(
        names in proptest::collection::vec(text().prop_map(|t| format!("N{t}")), 1..5),
        labels in proptest::collection::vec(text().prop_map(|t| format!("L{t}")), 12),
        title in proptest::option::of(text()),
        links in proptest::collection::vec((0usize..8, 0usize..8, 0usize..3, any::<bool>(), 0usize..4), 0..10),
        cluster in any::<bool>(),
    ) {
        let g = graph(&names, &labels, &links);
        prop_assume!(g.is_some());
        let g = g.unwrap();
        let p = picture(&g, title, cluster);
        let ast = to_ast(&p);
        let text = print(&ast);
        prop_assert_eq!(&to_dot(&p), &text);
        let parsed = graphviz_rust::parse(&text);
        prop_assert!(parsed.is_ok(), "graphviz-rust cannot parse:\n{}", text);
        prop_assert_eq!(parsed.unwrap(), ast);
        match run_dot(&text) {
            None => eprintln!("notice: Graphviz (dot) is not installed; skipping the Graphviz half of this test"),
            Some((ok, stderr, svg)) => {
                prop_assert!(ok && stderr.is_empty(), "dot said:\n{}\non:\n{}", stderr, text);
                for n in &p.nodes {
                    // Graphviz writes `-` in titles as `&#45;`.
                    let title = format!("<title>{}</title>", n.id.replace('-', "&#45;"));
                    prop_assert!(svg.contains(&title), "node {} missing", n.id);
                }
            }
        }
    }
}
