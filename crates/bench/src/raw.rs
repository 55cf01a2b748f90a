//! The floor of a cold load: the same files parsed by ron into plain serde structs, on all cores.
//!
//! These structs mirror the data format with owned strings and no validation, no positions and
//! no graph: what any program reading the files with ron would at least have to do.

#![allow(dead_code)]

use std::fs;
use std::path::PathBuf;

use rayon::prelude::*;
use ron::Options;
use ron::extensions::Extensions;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename = "Graph")]
struct Graph {
    #[serde(default)]
    sources: Vec<Source>,
    #[serde(default)]
    actors: Vec<Actor>,
    #[serde(default)]
    relations: Vec<Relation>,
}

#[derive(Deserialize)]
struct Source {
    id: String,
    title: Option<String>,
    publisher: Option<String>,
    published: Option<String>,
    url: Option<String>,
    text: Option<String>,
}

#[derive(Deserialize)]
struct Office {
    title: String,
    of: String,
    since: Option<String>,
    until: Option<String>,
}

#[derive(Deserialize)]
struct ActorFields {
    id: String,
    name: String,
    kind: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    note: Option<String>,
    iso3: Option<String>,
    country: Option<String>,
    #[serde(default)]
    offices: Vec<Office>,
    start: Option<String>,
    end: Option<String>,
    place: Option<String>,
}

/// One entry of `actors: [...]`; the variant names are the data format's.
#[derive(Deserialize)]
#[allow(clippy::enum_variant_names)]
enum Actor {
    Country(ActorFields),
    Person(ActorFields),
    Organization(ActorFields),
    Event(ActorFields),
    Actor(ActorFields),
}

#[derive(Deserialize)]
struct Quote {
    source: String,
    text: String,
}

#[derive(Deserialize)]
struct Relation {
    id: Option<String>,
    subject: String,
    kind: String,
    object: String,
    since: Option<String>,
    until: Option<String>,
    status: Option<String>,
    #[serde(default)]
    negated: bool,
    #[serde(default)]
    about: Vec<String>,
    place: Option<String>,
    strength: Option<String>,
    confidence: Option<f64>,
    #[serde(default)]
    evidence: Vec<Quote>,
    note: Option<String>,
}

/// What was parsed: the records of every file, kept in memory as a loader would keep them.
pub struct Parsed(Vec<Graph>);

impl Parsed {
    /// The number of relations.
    pub fn relations(&self) -> usize {
        self.0.iter().map(|g| g.relations.len()).sum()
    }
}

/// Reads and parses every file on the rayon pool, keeping the records (each text is dropped once
/// parsed).
pub fn parse_all(paths: &[PathBuf]) -> Result<Parsed, String> {
    let options =
        Options::default().with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES);
    let graphs: Result<Vec<Graph>, String> = paths
        .par_iter()
        .map(|p| {
            let text = fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            options.from_str::<Graph>(&text).map_err(|e| format!("{}: {e}", p.display()))
        })
        .collect();
    Ok(Parsed(graphs?))
}
