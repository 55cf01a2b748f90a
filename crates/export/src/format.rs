//! The one list of export formats: the name each is asked for by, what it is for, and whether
//! it is one stream or several files.

use std::fmt;

/// A format `diplograph export` writes (docs/interop.md says which tool reads which).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Node-link JSON ([`node_link`](crate::node_link)).
    Json,
    /// GraphML ([`graphml`](crate::graphml)).
    Graphml,
    /// GEXF 1.2 ([`gexf`](crate::gexf)).
    Gexf,
    /// Cytoscape.js JSON ([`cytoscape`](crate::cytoscape)).
    Cytoscape,
    /// CSV tables, three files ([`tables`](crate::tables)).
    Csv,
    /// A Markdown report annex ([`markdown`](crate::markdown)).
    Markdown,
    /// Neo4j import files ([`neo4j`](crate::neo4j)).
    Neo4j,
    /// RDF Turtle ([`rdf`](crate::rdf)).
    Turtle,
    /// RDF N-Triples ([`rdf`](crate::rdf)).
    Ntriples,
    /// FollowTheMoney entities ([`followthemoney`](crate::followthemoney)).
    Ftm,
}

impl Format {
    /// Every format, in the order they are listed to users.
    pub const ALL: [Format; 10] = [
        Format::Json,
        Format::Graphml,
        Format::Gexf,
        Format::Cytoscape,
        Format::Csv,
        Format::Markdown,
        Format::Neo4j,
        Format::Turtle,
        Format::Ntriples,
        Format::Ftm,
    ];

    /// The name it is asked for by (`--format graphml`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::Cytoscape => "cytoscape",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Neo4j => "neo4j",
            Format::Turtle => "turtle",
            Format::Ntriples => "ntriples",
            Format::Ftm => "ftm",
        }
    }

    /// The format named `name`.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What it is and which tools read it, in one line for a list of formats.
    pub fn about(self) -> &'static str {
        match self {
            Format::Json => "Node-link JSON, as read by NetworkX's `node_link_graph`",
            Format::Graphml => "GraphML (NetworkX, igraph, yEd, Cytoscape)",
            Format::Gexf => "GEXF 1.2 with time spells (Gephi's timeline, NetworkX)",
            Format::Cytoscape => "Cytoscape.js JSON",
            Format::Csv => {
                "actors.csv, relations.csv and sources.csv, in a directory (spreadsheets, Kumu, `import csv`)"
            }
            Format::Markdown => "A report annex: the relations with their quotes, and the sources cited",
            Format::Neo4j => "Files for `neo4j-admin database import` and a Cypher `LOAD CSV` script, in a directory",
            Format::Turtle => "RDF Turtle",
            Format::Ntriples => "RDF N-Triples",
            Format::Ftm => "FollowTheMoney entities, one JSON object a line (Aleph, OpenSanctions)",
        }
    }

    /// Whether it is several files, written into a directory, rather than one stream.
    pub fn is_directory(self) -> bool {
        matches!(self, Format::Csv | Format::Neo4j)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_found_by_its_own_name_only() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
            assert_eq!(f.to_string(), f.name());
        }
        assert_eq!(Format::from_name("JSON"), None);
    }
}
