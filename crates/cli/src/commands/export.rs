//! `diplograph export`: the whole graph for other tools, as node-link JSON or GraphML.

use std::io::Write;

use anyhow::Result;
use diplograph_core::Graph;

use crate::app::{Outcome, load_valid};
use crate::cli::{ExportArgs, ExportFormat, Global};
use crate::output::emit;
use crate::progress::Progress;

pub fn run(global: &Global, args: ExportArgs) -> Result<Outcome> {
    let (loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let progress = Progress::spinner_if(graph.relation_count() > 200_000, "exporting");
    let mut text = Vec::new();
    match args.format {
        ExportFormat::Json => node_link(&graph, &mut text)?,
        ExportFormat::Graphml => graphml(&graph, &mut text)?,
    }
    progress.finish();
    emit(args.output.as_deref(), &text)?;
    crate::app::release((loaded, graph));
    Ok(Outcome::Success)
}

/// A JSON string literal.
fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// NetworkX's node-link format: `{"directed", "multigraph", "graph", "nodes", "edges"}`.
fn node_link(graph: &Graph, out: &mut Vec<u8>) -> std::io::Result<()> {
    let vocabulary = graph.vocabulary();
    writeln!(out, "{{\"directed\": true, \"multigraph\": true, \"graph\": {{}}, \"nodes\": [")?;
    for (i, (_, a)) in graph.actors().enumerate() {
        let sep = if i == 0 { "" } else { ",\n" };
        let kind = &vocabulary.actor_kind(a.kind).id;
        write!(out, "{sep}{{\"id\": {}, \"name\": {}, \"kind\": {}}}", json(&a.id), json(&a.name), json(kind))?;
    }
    writeln!(out, "\n], \"edges\": [")?;
    for (i, (key, r)) in graph.relations().enumerate() {
        let sep = if i == 0 { "" } else { ",\n" };
        let kind = vocabulary.relation_kind(r.kind);
        write!(
            out,
            "{sep}{{\"source\": {}, \"target\": {}, \"key\": {}, \"kind\": {}, \"polarity\": \"{}\", \"directed\": {}, \"negated\": {}}}",
            json(&graph.actor(r.subject).id),
            json(&graph.actor(r.object).id),
            key.index(),
            json(&kind.id),
            kind.polarity,
            kind.directed,
            r.negated
        )?;
    }
    writeln!(out, "\n]}}")
}

/// XML text with `&`, `<`, `>` and `"` escaped.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// GraphML, with the same attributes as the node-link JSON.
fn graphml(graph: &Graph, out: &mut Vec<u8>) -> std::io::Result<()> {
    let vocabulary = graph.vocabulary();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(out, "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">")?;
    for (id, on, ty) in [
        ("name", "node", "string"),
        ("kind", "node", "string"),
        ("kind", "edge", "string"),
        ("polarity", "edge", "string"),
        ("negated", "edge", "boolean"),
    ] {
        writeln!(out, "  <key id=\"{on}_{id}\" for=\"{on}\" attr.name=\"{id}\" attr.type=\"{ty}\"/>")?;
    }
    writeln!(out, "  <graph id=\"diplograph\" edgedefault=\"directed\">")?;
    for (_, a) in graph.actors() {
        writeln!(
            out,
            "    <node id=\"{}\"><data key=\"node_name\">{}</data><data key=\"node_kind\">{}</data></node>",
            xml(&a.id),
            xml(&a.name),
            xml(&vocabulary.actor_kind(a.kind).id)
        )?;
    }
    for (_, r) in graph.relations() {
        let kind = vocabulary.relation_kind(r.kind);
        writeln!(
            out,
            "    <edge source=\"{}\" target=\"{}\"><data key=\"edge_kind\">{}</data><data key=\"edge_polarity\">{}</data><data key=\"edge_negated\">{}</data></edge>",
            xml(&graph.actor(r.subject).id),
            xml(&graph.actor(r.object).id),
            xml(&kind.id),
            kind.polarity,
            r.negated
        )?;
    }
    writeln!(out, "  </graph>\n</graphml>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_xml_and_json() {
        assert_eq!(xml(r#"AT&T <"x"> 'y'"#), "AT&amp;T &lt;&quot;x&quot;&gt; 'y'");
        assert_eq!(json("a \"b\" \\ \n"), r#""a \"b\" \\ \n""#);
    }
}
