//! Neo4j import files: CSV with `neo4j-admin database import` headers (`name:type`, `:ID`,
//! `:START_ID`, `:END_ID`, `:TYPE`, `:LABEL`; arrays split on U+001F, given as
//! `--array-delimiter=U+001F`), and a Cypher script that loads the same files with `LOAD CSV`.
//!
//! Actors are `:Actor` nodes with a second label for their kind (`:Country`, `:ArmedGroup`);
//! sources are `:Source` nodes; relations are relationships whose type is the kind id.

use std::fmt::Write as _;

use diplograph_core::Graph;

use crate::fields::{self, ACTOR_FIELDS, RELATION_FIELDS, SOURCE_FIELDS, Type, Value};
use crate::{Error, Subgraph};

/// The array delimiter of the import files (`--array-delimiter=U+001F`).
pub const ARRAY_DELIMITER: char = '\u{1F}';

/// The files of a Neo4j export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Neo4jFiles {
    /// `actors.csv`: `:Actor` nodes.
    pub actors: Vec<u8>,
    /// `sources.csv`: `:Source` nodes.
    pub sources: Vec<u8>,
    /// `relations.csv`: relationships between actors.
    pub relations: Vec<u8>,
    /// `import.cypher`: the `LOAD CSV` script.
    pub cypher: Vec<u8>,
}

impl Neo4jFiles {
    /// The files with their names, in a fixed order.
    pub fn files(&self) -> [(&'static str, &[u8]); 4] {
        [
            ("actors.csv", &self.actors),
            ("sources.csv", &self.sources),
            ("relations.csv", &self.relations),
            ("import.cypher", &self.cypher),
        ]
    }
}

/// A column's header: `name` for text, `name:boolean`, `name:double`, `name:string[]`.
fn header(name: &str, t: Type) -> String {
    match t {
        Type::Text => name.to_owned(),
        Type::Bool => format!("{name}:boolean"),
        Type::Float => format!("{name}:double"),
        Type::List => format!("{name}:string[]"),
    }
}

/// A value as the import tool reads it: arrays joined by [`ARRAY_DELIMITER`] (which an item
/// cannot hold: it becomes U+FFFD).
fn value(v: &Option<Value>) -> String {
    match v {
        None => String::new(),
        Some(Value::List(items)) => {
            let items: Vec<String> = items.iter().map(|i| i.replace(ARRAY_DELIMITER, "\u{FFFD}")).collect();
            items.join(&ARRAY_DELIMITER.to_string())
        }
        Some(v) => v.to_text(),
    }
}

/// A kind id as a Neo4j label: `armed_group` becomes `ArmedGroup`.
pub fn label(kind: &str) -> String {
    kind.split(['_', '-'])
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// `sub` as Neo4j import files.
pub fn neo4j(graph: &Graph, sub: &Subgraph) -> Result<Neo4jFiles, Error> {
    let mut actors = writer();
    let mut head: Vec<String> = vec!["id:ID(Actor)".into()];
    head.extend(ACTOR_FIELDS.iter().skip(1).map(|&(n, t)| header(n, t)));
    head.push(":LABEL".into());
    actors.write_record(&head)?;
    for &k in &sub.actors {
        let a = graph.actor(k);
        let mut row: Vec<String> = fields::actor(graph, a).iter().map(value).collect();
        row.push(format!("Actor{ARRAY_DELIMITER}{}", label(&graph.vocabulary().actor_kind(a.kind).id)));
        actors.write_record(&row)?;
    }
    let mut sources = writer();
    let mut head: Vec<String> = vec!["id:ID(Source)".into()];
    head.extend(SOURCE_FIELDS.iter().skip(1).map(|&(n, t)| header(n, t)));
    head.push(":LABEL".into());
    sources.write_record(&head)?;
    for &k in &sub.sources {
        let mut row: Vec<String> = fields::source(graph.source(k)).iter().map(value).collect();
        row.push("Source".into());
        sources.write_record(&row)?;
    }
    let mut relations = writer();
    let mut head: Vec<String> =
        vec![":START_ID(Actor)".into(), ":END_ID(Actor)".into(), ":TYPE".into(), "handle".into()];
    head.extend(RELATION_FIELDS.iter().map(|&(n, t)| header(n, t)));
    relations.write_record(&head)?;
    for &k in &sub.relations {
        let r = graph.relation(k);
        let mut row = vec![
            graph.actor(r.subject).id.to_string(),
            graph.actor(r.object).id.to_string(),
            graph.vocabulary().relation_kind(r.kind).id.to_string(),
            fields::relation_handle(graph, k),
        ];
        row.extend(fields::relation(graph, r).iter().map(value));
        relations.write_record(&row)?;
    }
    Ok(Neo4jFiles {
        actors: finish(actors)?,
        sources: finish(sources)?,
        relations: finish(relations)?,
        cypher: cypher(graph, sub).into_bytes(),
    })
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, Error> {
    w.into_inner().map_err(|e| Error::Io(e.into_error()))
}

/// A Cypher expression reading column `name` of type `t` from `row`.
fn read(name: &str, t: Type) -> String {
    let col = format!("row.`{}`", header(name, t));
    match t {
        Type::Text => col,
        Type::Bool => format!("toBoolean({col})"),
        Type::Float => format!("toFloat({col})"),
        Type::List => format!("CASE WHEN {col} IS NULL THEN [] ELSE split({col}, '\\u001F') END"),
    }
}

/// The `LOAD CSV` script: nodes, then one statement per relation kind (a relationship type
/// cannot be a parameter in Cypher).
fn cypher(graph: &Graph, sub: &Subgraph) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "// diplograph export for Neo4j: put actors.csv, sources.csv and relations.csv in the");
    let _ = writeln!(s, "// database's import directory, then run: cypher-shell -f import.cypher");
    let _ = writeln!(s, "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;");
    let _ = writeln!(s, "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;");
    let sets = |var: &str, list: &[(&str, Type)]| {
        list.iter().map(|&(n, t)| format!("{var}.`{n}` = {}", read(n, t))).collect::<Vec<_>>().join(", ")
    };
    let _ = writeln!(
        s,
        "LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row\nMERGE (a:Actor {{id: row.`id:ID(Actor)`}})\nSET {};",
        sets("a", &ACTOR_FIELDS[1..])
    );
    let mut kinds: Vec<&str> = Vec::new();
    for &k in &sub.actors {
        let kind = &*graph.vocabulary().actor_kind(graph.actor(k).kind).id;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    for kind in kinds {
        let _ = writeln!(s, "MATCH (a:Actor {{kind: '{kind}'}}) SET a:`{}`;", label(kind));
    }
    let _ = writeln!(
        s,
        "LOAD CSV WITH HEADERS FROM 'file:///sources.csv' AS row\nMERGE (s:Source {{id: row.`id:ID(Source)`}})\nSET {};",
        sets("s", &SOURCE_FIELDS[1..])
    );
    let mut kinds: Vec<&str> = Vec::new();
    for &k in &sub.relations {
        let kind = &*graph.vocabulary().relation_kind(graph.relation(k).kind).id;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    for kind in kinds {
        let _ = writeln!(
            s,
            "LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row\nWITH row WHERE row.`:TYPE` = '{kind}'\n\
             MATCH (a:Actor {{id: row.`:START_ID(Actor)`}}), (b:Actor {{id: row.`:END_ID(Actor)`}})\n\
             CREATE (a)-[r:`{kind}`]->(b)\nSET r.handle = row.handle, {};",
            sets("r", RELATION_FIELDS)
        );
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn kinds_become_labels() {
        assert_eq!(super::label("armed_group"), "ArmedGroup");
        assert_eq!(super::label("country"), "Country");
    }
}
