//! Cytoscape.js JSON (`cy.json()`'s `elements`), also read by NetworkX's `cytoscape_graph`:
//! each element's `data` holds every field, flat, so that selectors such as
//! `edge[kind = "war"]` and `edge[?negated]` work. An edge's `id` is the relation's handle; its
//! declared id is `relation_id`.

use std::io::Write;

use diplograph_core::Graph;
use serde::Serialize;

use crate::json::{ActorJson, RelationFields, RelationJson, VERSION};
use crate::node_link::GraphAttrs;
use crate::{Error, Subgraph, fields};

#[derive(Serialize)]
struct Cytoscape<'a> {
    version: u32,
    data: GraphAttrs,
    directed: bool,
    multigraph: bool,
    elements: Elements<'a>,
}

#[derive(Serialize)]
struct Elements<'a> {
    nodes: Vec<Element<NodeData<'a>>>,
    edges: Vec<Element<EdgeData<'a>>>,
}

#[derive(Serialize)]
struct Element<T> {
    data: T,
}

#[derive(Serialize)]
struct NodeData<'a> {
    /// NetworkX's node key.
    value: &'a str,
    #[serde(flatten)]
    actor: ActorJson<'a>,
}

#[derive(Serialize)]
struct EdgeData<'a> {
    id: String,
    source: &'a str,
    target: &'a str,
    /// NetworkX's multigraph key.
    key: String,
    relation_id: Option<&'a str>,
    #[serde(flatten)]
    fields: RelationFields<'a>,
}

/// Writes `sub` as Cytoscape.js JSON.
pub fn cytoscape(graph: &Graph, sub: &Subgraph, out: &mut dyn Write) -> Result<(), Error> {
    let nodes = sub
        .actors
        .iter()
        .map(|&k| {
            let a = graph.actor(k);
            Element { data: NodeData { value: &a.id, actor: ActorJson::new(graph, a) } }
        })
        .collect();
    let edges = sub
        .relations
        .iter()
        .map(|&k| {
            let r = graph.relation(k);
            let RelationJson { id, fields } = RelationJson::new(graph, r);
            let handle = fields::relation_handle(graph, k);
            Element {
                data: EdgeData {
                    id: handle.clone(),
                    source: &graph.actor(r.subject).id,
                    target: &graph.actor(r.object).id,
                    key: handle,
                    relation_id: id,
                    fields,
                },
            }
        })
        .collect();
    let doc = Cytoscape {
        version: VERSION,
        data: GraphAttrs { version: VERSION },
        directed: true,
        multigraph: true,
        elements: Elements { nodes, edges },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")?;
    Ok(())
}
