//! CSV tables: `actors.csv`, `relations.csv` and `sources.csv`, one row per actor, relation
//! (offices included, marked `origin` = `office`) and source, with the columns of
//! [`crate::fields`]. For spreadsheets, Kumu, a report annex, and `import csv`.

use diplograph_core::Graph;

use crate::fields::{self, ACTOR_FIELDS, RELATION_FIELDS, SOURCE_FIELDS, Value};
use crate::{Error, Subgraph};

/// The three CSV files of an export, each with its header row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tables {
    /// `actors.csv`.
    pub actors: Vec<u8>,
    /// `relations.csv`.
    pub relations: Vec<u8>,
    /// `sources.csv`.
    pub sources: Vec<u8>,
}

impl Tables {
    /// The files with their names, in a fixed order.
    pub fn files(&self) -> [(&'static str, &[u8]); 3] {
        [("actors.csv", &self.actors), ("relations.csv", &self.relations), ("sources.csv", &self.sources)]
    }
}

/// `sub` as three CSV tables.
pub fn tables(graph: &Graph, sub: &Subgraph) -> Result<Tables, Error> {
    let actors = table(ACTOR_FIELDS, sub.actors.iter().map(|&k| fields::actor(graph, graph.actor(k))))?;
    let relations = table(RELATION_FIELDS, sub.relations.iter().map(|&k| fields::relation(graph, graph.relation(k))))?;
    let sources = table(SOURCE_FIELDS, sub.sources.iter().map(|&k| fields::source(graph.source(k))))?;
    Ok(Tables { actors, relations, sources })
}

fn table(columns: &[(&str, fields::Type)], rows: impl Iterator<Item = Vec<Option<Value>>>) -> Result<Vec<u8>, Error> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    w.write_record(columns.iter().map(|(name, _)| *name))?;
    for row in rows {
        w.write_record(row.iter().map(|v| v.as_ref().map(Value::to_text).unwrap_or_default()))?;
    }
    w.into_inner().map_err(|e| Error::Io(e.into_error()))
}
