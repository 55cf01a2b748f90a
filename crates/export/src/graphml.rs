//! GraphML, as NetworkX, igraph, yEd and Cytoscape read it.
//!
//! A node's `name` is the actor id (igraph's `vs.find(name=...)`), `label` its display name;
//! an edge's XML id is the relation's handle and its declared id `relation_id`. GraphML readers take one direction for the whole
//! graph, so the graph is directed and a symmetric relation is an edge whose `directed`
//! attribute is false.

use std::io::Write;

use diplograph_core::Graph;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::fields::{self, ACTOR_FIELDS, Type, relation_columns};
use crate::json::VERSION;
use crate::{Error, Subgraph, xml};

/// The GraphML name of an actor field: the display name is `label`, the id also `name`.
fn actor_attr(field: &str) -> &str {
    if field == "name" { "label" } else { field }
}

fn graphml_type(t: Type) -> &'static str {
    match t {
        Type::Text | Type::List => "string",
        Type::Bool => "boolean",
        Type::Float => "double",
    }
}

/// Writes `sub` as GraphML.
pub fn graphml(graph: &Graph, sub: &Subgraph, out: &mut dyn Write) -> Result<(), Error> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("graphml");
    root.push_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"));
    w.write_event(Event::Start(root))?;
    key(&mut w, "g_version", "graph", "version", "int")?;
    key(&mut w, "n_name", "node", "name", "string")?;
    for &(name, t) in ACTOR_FIELDS.iter().skip(1) {
        let attr = actor_attr(name);
        key(&mut w, &format!("n_{attr}"), "node", attr, graphml_type(t))?;
    }
    let relation_columns = relation_columns();
    for &(name, t) in &relation_columns {
        key(&mut w, &format!("e_{name}"), "edge", name, graphml_type(t))?;
    }
    let mut g = BytesStart::new("graph");
    g.push_attribute(("id", "diplograph"));
    g.push_attribute(("edgedefault", "directed"));
    w.write_event(Event::Start(g))?;
    data(&mut w, "g_version", &VERSION.to_string())?;
    for &key in &sub.actors {
        let a = graph.actor(key);
        let mut node = BytesStart::new("node");
        node.push_attribute(("id", &*xml::safe(&a.id)));
        w.write_event(Event::Start(node))?;
        data(&mut w, "n_name", &a.id)?;
        for (&(name, _), value) in ACTOR_FIELDS.iter().zip(fields::actor(graph, a)).skip(1) {
            if let Some(v) = value {
                data(&mut w, &format!("n_{}", actor_attr(name)), &v.to_text())?;
            }
        }
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    for &key in &sub.relations {
        let r = graph.relation(key);
        let mut edge = BytesStart::new("edge");
        edge.push_attribute(("id", &*xml::safe(&fields::relation_handle(graph, key))));
        edge.push_attribute(("source", &*xml::safe(&graph.actor(r.subject).id)));
        edge.push_attribute(("target", &*xml::safe(&graph.actor(r.object).id)));
        w.write_event(Event::Start(edge))?;
        for (&(name, _), value) in relation_columns.iter().zip(fields::relation(graph, r)) {
            if let Some(v) = value {
                data(&mut w, &format!("e_{name}"), &v.to_text())?;
            }
        }
        w.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    w.get_mut().write_all(b"\n")?;
    Ok(())
}

fn key<W: Write>(w: &mut Writer<W>, id: &str, on: &str, name: &str, ty: &str) -> Result<(), Error> {
    let mut k = BytesStart::new("key");
    k.push_attribute(("id", id));
    k.push_attribute(("for", on));
    k.push_attribute(("attr.name", name));
    k.push_attribute(("attr.type", ty));
    w.write_event(Event::Empty(k))?;
    Ok(())
}

fn data<W: Write>(w: &mut Writer<W>, key: &str, value: &str) -> Result<(), Error> {
    let mut d = BytesStart::new("data");
    d.push_attribute(("key", key));
    w.write_event(Event::Start(d))?;
    w.write_event(Event::Text(BytesText::new(&xml::safe(value))))?;
    w.write_event(Event::End(BytesEnd::new("data")))?;
    Ok(())
}
