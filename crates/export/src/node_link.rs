//! NetworkX's node-link JSON (`nx.node_link_graph(data, edges="edges")`): a directed
//! multigraph whose nodes are the actors' JSON shape and whose edges are the relations' shape
//! with `source`, `target` and `key` (the relation's handle).

use std::io::Write;

use diplograph_core::Graph;
use serde::Serialize;

use crate::json::{ActorJson, RelationJson, VERSION};
use crate::{Error, Subgraph, fields};

#[derive(Serialize)]
struct NodeLink<'a> {
    version: u32,
    directed: bool,
    multigraph: bool,
    graph: GraphAttrs,
    nodes: Vec<ActorJson<'a>>,
    edges: Vec<Edge<'a>>,
}

/// Graph attributes: the shapes' version (NetworkX keeps them in `G.graph`).
#[derive(Serialize)]
pub(crate) struct GraphAttrs {
    pub(crate) version: u32,
}

#[derive(Serialize)]
struct Edge<'a> {
    source: &'a str,
    target: &'a str,
    key: String,
    #[serde(flatten)]
    relation: RelationJson<'a>,
}

/// Writes `sub` as node-link JSON.
pub fn node_link(graph: &Graph, sub: &Subgraph, out: &mut dyn Write) -> Result<(), Error> {
    let doc = NodeLink {
        version: VERSION,
        directed: true,
        multigraph: true,
        graph: GraphAttrs { version: VERSION },
        nodes: sub.actors.iter().map(|&k| ActorJson::new(graph, graph.actor(k))).collect(),
        edges: sub
            .relations
            .iter()
            .map(|&k| {
                let r = graph.relation(k);
                Edge {
                    source: &graph.actor(r.subject).id,
                    target: &graph.actor(r.object).id,
                    key: fields::relation_handle(graph, k),
                    relation: RelationJson::new(graph, r),
                }
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")?;
    Ok(())
}
