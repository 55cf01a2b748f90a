//! The picture as DOT, built as graphviz-rust's syntax tree and printed by it.
//!
//! Every id and value is quoted by [`escape::id`], so the tree prints to valid DOT whatever the
//! names hold. Node ids are the actor slugs; legend ids start with `_`, which no slug does.

use std::io::{self, Write};

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph as DotGraph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::escape;
use crate::legend::Legend;
use crate::picture::{Engine, PEdge, PNode, Picture};
use crate::style::{EdgeLook, FONT, HIGHLIGHT_WIDTH, Line};

/// The DOT text of a picture, ending with a newline: see [`write_dot`].
pub fn to_dot(picture: &Picture) -> String {
    let mut bytes = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_dot(picture, &mut bytes);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the DOT text of a picture, ending with a newline: exactly `print` of `to_ast`,
/// printed one statement at a time, so that neither the whole syntax tree nor the printer's
/// intermediate strings (several times the text) are ever in memory.
pub fn write_dot(picture: &Picture, out: &mut dyn Write) -> io::Result<()> {
    // Printing an empty digraph gives its first line and leaves the printer's context as it is
    // for the statements inside one (indented, with `->` edges); the statements then follow,
    // one per line, as the printer joins them. The tests check that this is `print(&to_ast(..))`.
    let mut ctx = PrinterContext::default();
    let empty = DotGraph::DiGraph { id: graph_id(), strict: false, stmts: Vec::new() }.print(&mut ctx);
    out.write_all(empty.strip_suffix("\n}").unwrap_or(&empty).as_bytes())?;
    for (i, stmt) in statements(picture).enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(stmt.print(&mut ctx).as_bytes())?;
    }
    out.write_all(b"\n}\n")
}

fn graph_id() -> Id {
    escape::id("diplograph")
}

/// Prints a DOT syntax tree the way [`to_dot`] does.
#[cfg(test)]
pub fn print(graph: &DotGraph) -> String {
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    text
}

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_owned()), escape::id(value))
}

fn node_id(id: &str) -> NodeId {
    NodeId(escape::id(id), None)
}

fn edge(from: &str, to: &str, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Edge(Edge { ty: EdgeTy::Pair(Vertex::N(node_id(from)), Vertex::N(node_id(to))), attributes })
}

/// The DOT syntax tree of a picture.
#[cfg(test)]
pub fn to_ast(picture: &Picture) -> DotGraph {
    DotGraph::DiGraph { id: graph_id(), strict: false, stmts: statements(picture).collect() }
}

/// The statements of a picture's DOT, in order, made one at a time.
fn statements(picture: &Picture) -> impl Iterator<Item = Stmt> + '_ {
    let frame = &picture.frame;
    let mut graph_attrs = vec![
        attr("rankdir", frame.rankdir.as_str()),
        attr("fontname", FONT),
        attr("bgcolor", "#ffffff"),
        attr("newrank", "true"),
        attr("nodesep", "0.3"),
        attr("ranksep", "0.6"),
    ];
    if frame.engine != Engine::Dot {
        graph_attrs.push(attr("layout", frame.engine.as_str()));
        graph_attrs.push(attr("overlap", "false"));
        graph_attrs.push(attr("splines", "true"));
    }
    if let Some(title) = &frame.title {
        graph_attrs.extend([attr("label", title), attr("labelloc", "t"), attr("fontsize", "18")]);
    }
    let head = vec![
        Stmt::GAttribute(GraphAttributes::Graph(graph_attrs)),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", "filled"),
            attr("fontname", FONT),
            attr("fontsize", "11"),
            attr("margin", "0.08,0.04"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![attr("fontname", FONT), attr("fontsize", "9")])),
    ];
    let clusters = picture.clusters.iter().enumerate().map(|(i, cluster)| {
        let mut body = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", &cluster.label),
            attr("style", "rounded,dashed"),
            attr("color", "#78909c"),
            attr("fontcolor", "#455a64"),
            attr("fontsize", "12"),
        ]))];
        body.extend(picture.nodes.iter().filter(|n| n.cluster == Some(i)).map(node_stmt));
        Stmt::Subgraph(Subgraph { id: escape::id(&format!("cluster_{}", cluster.id)), stmts: body })
    });
    head.into_iter()
        .chain(clusters)
        .chain(picture.nodes.iter().filter(|n| n.cluster.is_none()).map(node_stmt))
        .chain(picture.edges.iter().map(|e| edge_stmt(picture, e)))
        .chain(picture.legend.iter().map(legend_subgraph))
}

fn node_stmt(n: &PNode) -> Stmt {
    let mut attributes = vec![
        attr("label", &n.label),
        attr("shape", &n.look.shape),
        attr("fillcolor", &n.look.fill),
        attr("tooltip", &n.tooltip),
    ];
    if n.highlight {
        attributes.push(attr("penwidth", HIGHLIGHT_WIDTH));
    }
    Stmt::Node(Node { id: node_id(&n.id), attributes })
}

fn line_attributes(look: &EdgeLook, highlight: bool) -> Vec<Attribute> {
    let mut attributes =
        vec![attr("color", &look.color), attr("fontcolor", &look.color), attr("style", look.line.as_str())];
    if !look.directed {
        attributes.push(attr("dir", "none"));
    } else if look.negated {
        attributes.push(attr("arrowhead", "tee"));
    }
    if highlight {
        attributes.push(attr("penwidth", HIGHLIGHT_WIDTH));
    }
    attributes
}

fn edge_stmt(picture: &Picture, e: &PEdge) -> Stmt {
    let mut attributes = vec![attr("label", &e.label), attr("tooltip", &e.tooltip), attr("labeltooltip", &e.tooltip)];
    attributes.extend(line_attributes(&e.look, e.highlight));
    edge(&picture.nodes[e.from].id, &picture.nodes[e.to].id, attributes)
}

/// A line drawn in text: its dashes, its head, its colour.
fn sample(look: &EdgeLook, highlight: bool) -> String {
    let body = match (look.line, highlight) {
        (_, true) | (Line::Bold, _) => "\u{2501}\u{2501}\u{2501}\u{2501}",
        (Line::Solid, _) => "\u{2500}\u{2500}\u{2500}\u{2500}",
        (Line::Dashed, _) => "\u{2504}\u{2504}\u{2504}\u{2504}",
        (Line::Dotted, _) => "\u{2508}\u{2508}\u{2508}\u{2508}",
    };
    let head = if look.negated {
        "\u{2524}"
    } else if look.directed {
        "\u{25b6}"
    } else {
        &body[..body.len() / 4]
    };
    format!(r#"<font color="{}">{body}{head}</font>"#, escape::html(&look.color))
}

/// The legend's lines as an HTML-like table: a drawn sample, then what it means.
fn lines_table(legend: &Legend) -> String {
    let mut html = String::from(r#"<<table border="0" cellborder="0" cellspacing="1" cellpadding="1">"#);
    for line in &legend.lines {
        html.push_str(&format!(
            r#"<tr><td align="left">{}</td><td align="left">{}</td></tr>"#,
            sample(&line.look, line.highlight),
            escape::html(&line.label)
        ));
    }
    html.push_str("</table>>");
    html
}

/// How many actor kinds the legend shows side by side.
const LEGEND_ROW: usize = 4;

fn legend_subgraph(legend: &Legend) -> Stmt {
    let mut body = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", "Legend"),
            attr("style", "rounded"),
            attr("color", "#bdbdbd"),
            attr("fontsize", "12"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![attr("fontsize", "9")])),
    ];
    for (i, k) in legend.kinds.iter().enumerate() {
        body.push(Stmt::Node(Node {
            id: node_id(&format!("_legend_kind_{i}")),
            attributes: vec![
                attr("label", &k.label),
                attr("shape", &k.look.shape),
                attr("fillcolor", &k.look.fill),
                attr("tooltip", &format!("actor kind: {}", k.label)),
            ],
        }));
    }
    // Invisible edges lay the kinds out in rows of LEGEND_ROW instead of one long column, so
    // the legend does not stretch the picture.
    for i in 1..legend.kinds.len() {
        if i % LEGEND_ROW != 0 {
            body.push(edge(
                &format!("_legend_kind_{}", i - 1),
                &format!("_legend_kind_{i}"),
                vec![attr("style", "invis")],
            ));
        }
    }
    if !legend.lines.is_empty() {
        body.push(Stmt::Node(Node {
            id: node_id("_legend_lines"),
            attributes: vec![
                attr("shape", "plaintext"),
                attr("style", "solid"),
                attr("margin", "0"),
                Attribute(Id::Plain("label".into()), Id::Html(lines_table(legend))),
                attr("tooltip", "relation kinds and line styles"),
            ],
        }));
    }
    Stmt::Subgraph(Subgraph { id: escape::id("cluster__legend"), stmts: body })
}
