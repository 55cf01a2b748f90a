//! The picture as DOT, built as graphviz-rust's syntax tree and printed by it.
//!
//! Every id and value is quoted by `escape::id`, so the tree prints to valid DOT whatever the
//! names hold. Node ids are the actor slugs; legend ids start with `_`, which no slug does.

use std::io::{self, Write};

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph as DotGraph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::escape;
use crate::legend::Legend;
use crate::picture::{Engine, LabelLine, PEdge, PNode, Picture};
use crate::style::{EdgeLook, FONT, HIGHLIGHT_WIDTH, Line, TEXT, Width, label_color};

/// The DOT text of a picture, ending with a newline: see [`write_dot`].
pub fn to_dot(picture: &Picture<'_>) -> String {
    let mut bytes = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_dot(picture, &mut bytes);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the DOT text of a picture, ending with a newline: exactly `print` of `to_ast`,
/// printed one statement at a time, so that neither the whole syntax tree nor the printer's
/// intermediate strings (several times the text) are ever in memory.
pub fn write_dot(picture: &Picture<'_>, out: &mut dyn Write) -> io::Result<()> {
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
pub fn to_ast(picture: &Picture<'_>) -> DotGraph {
    DotGraph::DiGraph { id: graph_id(), strict: false, stmts: statements(picture).collect() }
}

/// The size of edge label text, in points: the smallest text of a picture but the legend's.
pub const LABEL_SIZE: f64 = 9.0;
/// The size of actor names, in points.
const NODE_SIZE: f64 = 11.0;
/// The widest caption line, in characters.
const CAPTION_WRAP: usize = 110;

fn html(text: String) -> Attribute {
    html_attr("label", text)
}

fn html_attr(key: &str, text: String) -> Attribute {
    Attribute(Id::Plain(key.into()), Id::Html(format!("<{text}>")))
}

/// The statements of a picture's DOT, in order, made one at a time.
fn statements<'a>(picture: &'a Picture<'_>) -> impl Iterator<Item = Stmt> + 'a {
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
        // No two actors on top of each other, edges routed around actors, and edge labels
        // placed as external labels, where Graphviz finds room for them.
        graph_attrs.push(attr("overlap", "prism"));
        graph_attrs.push(attr("splines", "true"));
        graph_attrs.push(attr("sep", "+14"));
        graph_attrs.push(attr("esep", "+6"));
        graph_attrs.push(attr("forcelabels", "true"));
        if frame.engine == Engine::Sfdp {
            // Longer springs and a stronger push: room for the labels between actors.
            graph_attrs.push(attr("K", "1.6"));
            graph_attrs.push(attr("repulsiveforce", "2"));
        }
    }
    if let Some((w, h)) = frame.size {
        graph_attrs.push(attr("size", &format!("{w:.2},{h:.2}")));
    }
    if let Some(dpi) = frame.dpi {
        graph_attrs.push(attr("dpi", &dpi.to_string()));
    }
    if let Some(label) = graph_label(picture) {
        graph_attrs.extend([html(label), attr("labelloc", "b"), attr("labeljust", "l")]);
    }
    let head = vec![
        Stmt::GAttribute(GraphAttributes::Graph(graph_attrs)),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", "filled"),
            attr("fontname", FONT),
            attr("fontsize", &format!("{NODE_SIZE}")),
            attr("margin", "0.08,0.04"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", FONT),
            attr("fontsize", &format!("{LABEL_SIZE}")),
            attr("fontcolor", TEXT),
            attr("arrowsize", "0.7"),
            attr("penwidth", Width::Medium.pen()),
        ])),
    ];
    let clusters = picture.clusters.iter().enumerate().map(|(i, cluster)| {
        let mut body = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
            // The title sits in a band of its own at the top of the box, which labels and
            // edges keep clear of (see docs/diagrams.md).
            html(format!(
                r#"<table border="0" cellpadding="2"><tr><td>{}</td></tr></table>"#,
                tag("b", "", &escape::html(&cluster.label))
            )),
            attr("labelloc", "t"),
            attr("labeljust", "l"),
            attr("style", "rounded,dashed,filled"),
            attr("fillcolor", "#f7f9fa"),
            attr("color", "#78909c"),
            attr("fontcolor", "#37474f"),
            attr("fontsize", "12"),
            attr("margin", "14"),
        ]))];
        body.extend(picture.nodes.iter().filter(|n| n.cluster == Some(i)).map(node_stmt));
        Stmt::Subgraph(Subgraph { id: escape::id(&format!("cluster_{}", cluster.id)), stmts: body })
    });
    let engine = frame.engine;
    head.into_iter()
        .chain(clusters)
        .chain(picture.nodes.iter().filter(|n| n.cluster.is_none()).map(node_stmt))
        .chain(picture.edges.iter().map(move |e| edge_stmt(picture, &e, engine)))
}

/// Under the picture, as a report's figure has them: the title in bold, the legend, the
/// caption.
fn graph_label(picture: &Picture<'_>) -> Option<String> {
    let mut rows = Vec::new();
    if let Some(title) = &picture.frame.title {
        rows.push(format!(
            r#"<tr><td align="left">{}</td></tr>"#,
            tag("font", r#" point-size="16""#, &tag("b", "", &escape::html(title)))
        ));
    }
    if let Some(legend) = &picture.legend {
        rows.push(format!(r#"<tr><td align="left">{}</td></tr>"#, legend_html(legend)));
    }
    if let Some(caption) = &picture.caption {
        let text = wrap_words(caption, CAPTION_WRAP).iter().map(|l| escape::html(l)).collect::<Vec<_>>().join("<br/>");
        rows.push(format!(
            r#"<tr><td align="left" balign="left">{}</td></tr>"#,
            tag("font", &format!(r#" color="{TEXT}""#), &text)
        ));
    }
    (!rows.is_empty()).then(|| {
        let inner = format!(r#"<table border="0" cellspacing="6" cellpadding="0">{}</table>"#, rows.concat());
        format!(
            r#"<table border="0" cellspacing="4" cellpadding="0"><tr><td align="left"><font point-size="{LABEL_SIZE}">{inner}</font></td></tr></table>"#
        )
    })
}

/// `text` in lines of at most `width` characters, broken at spaces.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(last) if last.chars().count() + 1 + word.chars().count() <= width => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

fn node_stmt(n: &PNode) -> Stmt {
    let mut attributes = vec![
        attr("label", &n.label),
        attr("shape", &n.look.shape),
        attr("fillcolor", &n.look.fill),
        attr("tooltip", &n.tooltip),
        attr("id", &n.id),
        attr("class", "actor"),
    ];
    if n.highlight {
        attributes.push(attr("penwidth", HIGHLIGHT_WIDTH));
    }
    if let Some(size) = n.size {
        attributes.push(attr("fontsize", &format!("{:.0}", NODE_SIZE + 9.0 * size)));
        attributes.push(attr("width", &format!("{:.2}", 0.75 + 1.25 * size)));
        attributes.push(attr("height", &format!("{:.2}", 0.5 + 0.5 * size)));
    }
    Stmt::Node(Node { id: node_id(&n.id), attributes })
}

/// Colour, pattern, width and end marks of a line; what is Graphviz's default or the
/// picture's (a solid line, the medium width, a directed edge's `normal` head) is left out.
fn line_attributes(look: &EdgeLook) -> Vec<Attribute> {
    let mut attributes = vec![attr("color", &look.color_list())];
    if look.line != Line::Solid {
        attributes.push(attr("style", look.line.as_str()));
    }
    if look.width != Width::Medium {
        attributes.push(attr("penwidth", look.width.pen()));
    }
    if look.directed {
        if look.mark != "normal" {
            attributes.push(attr("arrowhead", &look.mark));
        }
    } else if look.mark == "none" {
        attributes.push(attr("dir", "none"));
    } else {
        attributes.extend([attr("dir", "both"), attr("arrowhead", &look.mark), attr("arrowtail", &look.mark)]);
    }
    attributes
}

/// An edge label: a line per kind in the kind's text colour. sfdp, which places labels
/// without room for them, gets the kinds alone (dates and places stay in the tooltip).
fn label_html(lines: &[LabelLine], alone: bool, reduced: bool) -> String {
    lines
        .iter()
        .map(|l| {
            let text = if reduced { l.text.clone() } else { l.full(alone) };
            let text = text.split('\n').map(escape::html).collect::<Vec<_>>().join("<br/>");
            tag("font", &format!(r#" color="{}""#, l.color), &text)
        })
        .collect::<Vec<_>>()
        .join("<br/>")
}

fn edge_stmt(picture: &Picture<'_>, e: &PEdge, engine: Engine) -> Stmt {
    let label = label_html(&e.lines, e.ids.len() == 1, engine == Engine::Sfdp);
    // Force-directed engines place edge labels with no room kept for them; as external labels,
    // Graphviz places them clear of actors and of each other where it can.
    let key = if engine == Engine::Dot { "label" } else { "xlabel" };
    // The label's tooltip is the edge's: quoted once.
    let tooltip = escape::id(&e.tooltip);
    let mut attributes = vec![
        html_attr(key, label),
        Attribute(Id::Plain("tooltip".into()), tooltip.clone()),
        Attribute(Id::Plain("labeltooltip".into()), tooltip),
    ];
    attributes.extend(line_attributes(&e.look));
    if let Some(first) = e.ids.first() {
        attributes.push(attr("id", first));
    }
    attributes.push(attr("class", &format!("relation {}", e.ids.join(" "))));
    edge(&picture.nodes[e.from].id, &picture.nodes[e.to].id, attributes)
}

/// `<name attributes>inner</name>`, or nothing when `inner` is empty: Graphviz refuses an
/// empty element.
fn tag(name: &str, attributes: &str, inner: &str) -> String {
    if inner.is_empty() { String::new() } else { format!("<{name}{attributes}>{inner}</{name}>") }
}

/// A mark as text, for the legend's samples: Graphviz cannot put arrowheads in a table.
fn mark_glyph(mark: &str) -> &'static str {
    match mark {
        "normal" => "\u{25b6}",
        "vee" => "&gt;",
        "diamond" => "\u{25c6}",
        "box" => "\u{25a0}",
        "dot" => "\u{25cf}",
        "odiamond" => "\u{25c7}",
        "obox" => "\u{25a1}",
        "odot" => "\u{25cb}",
        "tee" => "|",
        "curve" => ")",
        "icurve" => "(",
        _ => "",
    }
}

/// A sample line: a table cell's bottom border in the line's colour, pattern and width, and
/// its end marks.
fn sample_cells(look: &EdgeLook) -> String {
    let width = look.width.pen().parse::<f64>().unwrap_or(1.0).round().max(1.0);
    let color = look.colors.first().map_or(TEXT, String::as_str);
    let style = match look.line.as_str() {
        "solid" => String::new(),
        other => format!(r#" style="{other}""#),
    };
    let head = if look.directed || look.negated || look.mark != "none" { mark_glyph(&look.mark) } else { "" };
    let tail = if !look.directed && look.mark != "none" { mark_glyph(&look.mark) } else { "" };
    // A mark is drawn as text, so it takes the readable shade of its colour.
    let text = label_color(color);
    let glyph = |g: &str| tag("font", &format!(r#" color="{text}""#), g);
    format!(
        r#"<td>{}</td><td width="30" height="7" fixedsize="true" sides="b" border="{width}" color="{color}"{style}></td><td align="left">{}</td>"#,
        glyph(tail),
        glyph(head)
    )
}

/// The legend as a table under the picture, in columns of at most [`LEGEND_ROWS`] rows:
/// actor kinds as filled swatches, lines as samples.
fn legend_html(legend: &Legend) -> String {
    let mut cells: Vec<String> = Vec::new();
    for k in &legend.kinds {
        cells.push(format!(
            r#"<td></td><td width="30" height="11" fixedsize="true" border="1" color="{TEXT}" bgcolor="{}"></td><td></td><td align="left" balign="left">{}</td>"#,
            k.look.fill,
            tag("font", &format!(r#" color="{TEXT}""#), &escape::html(&k.label))
        ));
    }
    for l in &legend.lines {
        let text = l.label.split('\n').map(escape::html).collect::<Vec<_>>().join("<br/>");
        cells.push(format!(
            r#"{}<td align="left" balign="left">{}</td>"#,
            sample_cells(&l.look),
            tag("font", &format!(r#" color="{}""#, l.text), &text)
        ));
    }
    if let Some(note) = &legend.note {
        cells.push(format!(
            r#"<td colspan="3"></td><td align="left">{}</td>"#,
            tag("font", &format!(r#" color="{TEXT}""#), &escape::html(note))
        ));
    }
    // Each column a table of its own, so that a tall row in one leaves the others alone.
    let mut html = String::from(r#"<table border="0" cellspacing="0" cellpadding="0"><tr>"#);
    for (c, column) in cells.chunks(LEGEND_ROWS).enumerate() {
        if c > 0 {
            html.push_str(r#"<td width="16"></td>"#);
        }
        html.push_str(r#"<td valign="top"><table border="0" cellspacing="0" cellpadding="1">"#);
        for cell in column {
            html.push_str(&format!("<tr>{cell}</tr>"));
        }
        html.push_str("</table></td>");
    }
    html.push_str("</tr></table>");
    html
}

/// The most rows a column of the legend has.
const LEGEND_ROWS: usize = 7;
