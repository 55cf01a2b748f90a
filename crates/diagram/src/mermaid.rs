//! The picture as a Mermaid flowchart, for Markdown pages that code-hosting sites render.
//!
//! Node ids come from `mermaid_id`, labels from `esc` (`escape::mermaid`); colours and
//! line styles become `classDef` and `linkStyle` lines. Mermaid has no tooltips on edges and
//! fewer shapes than Graphviz: each shape maps to the nearest one.

use std::fmt::Write;

use crate::escape::{mermaid as esc, mermaid_id};
use crate::picture::Picture;
use crate::style::{EdgeLook, FADED, Line, label_color};

/// The Mermaid text of a picture, ending with a newline.
pub fn to_mermaid(picture: &Picture<'_>) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_mermaid(picture, &mut out);
    out
}

/// Mermaid's brackets for a Graphviz shape.
fn brackets(shape: &str) -> (&'static str, &'static str) {
    match shape {
        "ellipse" | "oval" | "egg" => ("([", "])"),
        "circle" | "point" | "Mcircle" => ("((", "))"),
        "doublecircle" => ("(((", ")))"),
        "diamond" | "Mdiamond" => ("{", "}"),
        "hexagon" | "octagon" | "doubleoctagon" | "tripleoctagon" | "septagon" | "pentagon" => ("{{", "}}"),
        "trapezium" => ("[/", "\\]"),
        "invtrapezium" => ("[\\", "/]"),
        "parallelogram" => ("[/", "/]"),
        "cylinder" => ("[(", ")]"),
        "cds" | "rarrow" | "house" | "invhouse" | "triangle" | "invtriangle" | "star" => (">", "]"),
        "box3d" | "component" => ("[[", "]]"),
        _ => ("[", "]"),
    }
}

fn arrow(look: &EdgeLook) -> &'static str {
    match (look.line, look.directed || look.negated) {
        (Line::Dotted | Line::Dashed, true) => "-.->",
        (Line::Dotted | Line::Dashed, false) => "-.-",
        (Line::Solid, true) => "-->",
        (Line::Solid, false) => "---",
    }
}

/// Mermaid draws one colour a link: a bundle of several kinds takes its first kind's.
fn link_style(look: &EdgeLook) -> String {
    let color = look.colors.first().map_or("#333333", String::as_str);
    let alpha = if look.faded { FADED } else { "" };
    let mut style = format!("stroke:{color}{alpha},color:{},stroke-width:{}px", label_color(color), look.width.pen());
    match look.line {
        Line::Dashed => style.push_str(",stroke-dasharray:6 4"),
        Line::Dotted => style.push_str(",stroke-dasharray:2 3"),
        Line::Solid => {}
    }
    style
}

fn write_mermaid(picture: &Picture<'_>, out: &mut String) -> std::fmt::Result {
    if let Some(title) = &picture.frame.title {
        // A JSON string is a valid YAML scalar.
        let quoted = serde_json::to_string(title).unwrap_or_default();
        writeln!(out, "---\ntitle: {quoted}\n---")?;
    }
    writeln!(out, "flowchart {}", picture.frame.rankdir.as_str())?;
    // Classes: one per distinct node look, in order of first use.
    let mut classes: Vec<(String, String)> = Vec::new();
    let mut class_of = |fill: &str| -> usize {
        classes.iter().position(|(f, _)| f == fill).unwrap_or_else(|| {
            classes.push((fill.to_owned(), String::new()));
            classes.len() - 1
        })
    };
    let mut members: Vec<Vec<String>> = Vec::new();
    let mut node_line = |out: &mut String, indent: &str, id: &str, label: &str, shape: &str, fill: &str| {
        let class = class_of(fill);
        if members.len() <= class {
            members.resize(class + 1, Vec::new());
        }
        members[class].push(id.to_owned());
        let (open, close) = brackets(shape);
        writeln!(out, "{indent}{id}{open}\"{}\"{close}", esc(label))
    };
    for (i, cluster) in picture.clusters.iter().enumerate() {
        writeln!(out, "  subgraph c_{}[\"{}\"]", mermaid_id(&cluster.id), esc(&cluster.label))?;
        for n in picture.nodes.iter().filter(|n| n.cluster == Some(i)) {
            node_line(out, "    ", &mermaid_id(&n.id), &n.label, &n.look.shape, &n.look.fill)?;
        }
        writeln!(out, "  end")?;
    }
    for n in picture.nodes.iter().filter(|n| n.cluster.is_none()) {
        node_line(out, "  ", &mermaid_id(&n.id), &n.label, &n.look.shape, &n.look.fill)?;
    }
    let mut links = Vec::new();
    for e in picture.edges.iter() {
        let (from, to) = (mermaid_id(&picture.nodes[e.from].id), mermaid_id(&picture.nodes[e.to].id));
        writeln!(out, "  {from} {}|\"{}\"| {to}", arrow(&e.look), esc(&e.label()))?;
        links.push(link_style(&e.look));
    }
    if let Some(legend) = &picture.legend {
        writeln!(out, "  subgraph legend[\"Legend\"]")?;
        for (i, k) in legend.kinds.iter().enumerate() {
            node_line(out, "    ", &format!("legend_kind_{i}"), &k.label, &k.look.shape, &k.look.fill)?;
        }
        for (i, line) in legend.lines.iter().enumerate() {
            writeln!(
                out,
                "    legend_line_{i}_a[\" \"] {}|\"{}\"| legend_line_{i}_b[\" \"]",
                arrow(&line.look),
                esc(&line.label)
            )?;
            links.push(link_style(&line.look));
        }
        writeln!(out, "  end")?;
    }
    for (i, (fill, _)) in classes.iter().enumerate() {
        writeln!(out, "  classDef look{i} fill:{fill},stroke:#455a64,color:#000000")?;
        writeln!(out, "  class {} look{i}", members[i].join(","))?;
    }
    let highlighted: Vec<String> = picture.nodes.iter().filter(|n| n.highlight).map(|n| mermaid_id(&n.id)).collect();
    if !highlighted.is_empty() {
        writeln!(out, "  classDef onpath stroke-width:4px")?;
        writeln!(out, "  class {} onpath", highlighted.join(","))?;
    }
    if let Some(legend) = &picture.legend {
        if !legend.lines.is_empty() {
            let points: Vec<String> = (0..legend.lines.len())
                .flat_map(|i| [format!("legend_line_{i}_a"), format!("legend_line_{i}_b")])
                .collect();
            writeln!(out, "  classDef legendpoint fill:none,stroke:none")?;
            writeln!(out, "  class {} legendpoint", points.join(","))?;
        }
    }
    for (i, style) in links.iter().enumerate() {
        writeln!(out, "  linkStyle {i} {style}")?;
    }
    Ok(())
}
