//! Writers that hand a diplograph graph to the tools analysts use: node-link JSON (NetworkX),
//! GraphML (igraph, yEd, Cytoscape), GEXF (Gephi's timeline), Cytoscape.js JSON, CSV tables
//! (spreadsheets, Kumu, a report annex), Markdown, Neo4j import files, RDF (Turtle and
//! N-Triples) and FollowTheMoney entities (Aleph, OpenSanctions).
//!
//! Every writer takes the [`Subgraph`] a [`Scope`] selects (the query filters, a focus, and
//! whether negated relations are kept) and writes every field of its actors and relations,
//! in data order, so that the same data gives the same bytes. The meaning of each format's
//! fields is documented in docs/interop.md.
#![deny(missing_docs)]

mod cytoscape;
mod error;
pub mod fields;
mod format;
mod ftm;
mod gexf;
mod graphml;
pub mod json;
mod markdown;
mod neo4j;
mod node_link;
mod rdf;
mod select;
mod table;
mod xml;

pub use cytoscape::cytoscape;
pub use error::Error;
pub use format::Format;
pub use ftm::{FTM_SCHEMA, followthemoney};
pub use gexf::gexf;
pub use graphml::graphml;
pub use markdown::markdown;
pub use neo4j::{Neo4jFiles, neo4j};
pub use node_link::node_link;
pub use rdf::{DEFAULT_BASE, KINDS, RdfSyntax, VOCABULARY, rdf};
pub use select::{Scope, Subgraph, cited_sources};
pub use table::{Tables, tables};
