//! The picture: which actors and relations a diagram shows and how each is drawn, decided once
//! and then written as DOT, Mermaid or a built-in SVG.

use diplograph_core::{ActorKey, Graph, Origin, Relation};

use crate::cluster::countries;
use crate::legend::Legend;
use crate::select::Selection;
use crate::style::{EdgeLook, NodeLook};
use diplograph_core::text::{dates, relation_line};

/// The direction ranks run in, Graphviz's `rankdir`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum RankDir {
    /// Top to bottom.
    Tb,
    /// Left to right.
    #[default]
    Lr,
    /// Bottom to top.
    Bt,
    /// Right to left.
    Rl,
}

impl RankDir {
    /// Graphviz's name.
    pub fn as_str(self) -> &'static str {
        match self {
            RankDir::Tb => "TB",
            RankDir::Lr => "LR",
            RankDir::Bt => "BT",
            RankDir::Rl => "RL",
        }
    }
}

/// A Graphviz layout engine.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Engine {
    /// Layered drawing: the clearest for up to a few hundred actors.
    #[default]
    Dot,
    /// Spring model: small graphs without a direction.
    Neato,
    /// Force-directed placement: medium graphs, clusters kept together.
    Fdp,
    /// Scalable force-directed placement: large graphs.
    Sfdp,
    /// Circular layout: rings and cycles.
    Circo,
}

impl Engine {
    /// Graphviz's name, also the `-K` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Dot => "dot",
            Engine::Neato => "neato",
            Engine::Fdp => "fdp",
            Engine::Sfdp => "sfdp",
            Engine::Circo => "circo",
        }
    }
}

/// How the picture is laid out and decorated.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    /// A title over the picture.
    pub title: Option<String>,
    /// Rank direction.
    pub rankdir: RankDir,
    /// Layout engine.
    pub engine: Engine,
    /// Whether to group actors in a box per country.
    pub cluster: bool,
    /// Whether to draw a legend.
    pub legend: bool,
}

/// An actor in the picture.
#[derive(Clone, Debug, PartialEq)]
pub struct PNode {
    /// The actor's slug: the DOT node id.
    pub id: String,
    /// The actor's name.
    pub label: String,
    /// Hover text: name, id, kind, note.
    pub tooltip: String,
    /// The actor kind's label, for the legend.
    pub kind: String,
    /// Shape and fill.
    pub look: NodeLook,
    /// Whether it is on the highlighted path.
    pub highlight: bool,
    /// Index in [`Picture::clusters`].
    pub cluster: Option<usize>,
}

/// A relation in the picture.
#[derive(Clone, Debug, PartialEq)]
pub struct PEdge {
    /// Index of the subject in [`Picture::nodes`].
    pub from: usize,
    /// Index of the object in [`Picture::nodes`].
    pub to: usize,
    /// The relation's label and dates.
    pub label: String,
    /// Hover text: the relation, its evidence quotes and their sources, its note.
    pub tooltip: String,
    /// Colour, line, arrowhead.
    pub look: EdgeLook,
    /// Whether it is on the highlighted path.
    pub highlight: bool,
}

/// A box around the actors of one country.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// The country's slug.
    pub id: String,
    /// The country's name.
    pub label: String,
}

/// Everything a diagram shows, in a fixed order: nodes in data order, edges in data order.
#[derive(Clone, Debug)]
pub struct Picture {
    /// Layout and decoration.
    pub frame: Frame,
    /// Actors.
    pub nodes: Vec<PNode>,
    /// Relations.
    pub edges: Vec<PEdge>,
    /// Country boxes (empty without `--cluster`), in order of their first member.
    pub clusters: Vec<Cluster>,
    /// The legend, from what the picture holds.
    pub legend: Option<Legend>,
}

impl Picture {
    /// Draws a selection of `graph`.
    pub fn new(graph: &Graph, selection: &Selection, frame: Frame) -> Self {
        let vocabulary = graph.vocabulary();
        let mut position = vec![usize::MAX; graph.actor_count()];
        let mut nodes = Vec::with_capacity(selection.actors.len());
        let countries = if frame.cluster { countries(graph, &selection.actors) } else { Vec::new() };
        let mut clusters: Vec<Cluster> = Vec::new();
        for (i, &key) in selection.actors.iter().enumerate() {
            let actor = graph.actor(key);
            let kind = vocabulary.actor_kind(actor.kind);
            let cluster = countries.get(i).copied().flatten().map(|country| {
                let c = graph.actor(country);
                clusters.iter().position(|cl| *cl.id == *c.id).unwrap_or_else(|| {
                    clusters.push(Cluster { id: c.id.to_string(), label: c.name.to_string() });
                    clusters.len() - 1
                })
            });
            position[key.index()] = nodes.len();
            nodes.push(PNode {
                id: actor.id.to_string(),
                label: actor.name.to_string(),
                tooltip: node_tooltip(graph, key),
                kind: kind.label.to_string(),
                look: NodeLook::of(kind),
                highlight: selection.path_actors.contains(&key),
                cluster,
            });
        }
        let edges = selection
            .relations
            .iter()
            .map(|&rk| {
                let r = graph.relation(rk);
                let kind = vocabulary.relation_kind(r.kind);
                PEdge {
                    from: position[r.subject.index()],
                    to: position[r.object.index()],
                    label: edge_label(graph, r),
                    tooltip: edge_tooltip(graph, r),
                    look: EdgeLook::of(kind, r),
                    highlight: selection.path_relations.contains(&rk),
                }
            })
            .collect();
        let mut picture = Picture { frame, nodes, edges, clusters, legend: None };
        if picture.frame.legend && !picture.nodes.is_empty() {
            picture.legend = Some(Legend::of(graph, selection, &picture));
        }
        picture
    }
}

/// `strategic partnership` / `since 2025-01-17`; offices show their title; denials start with NOT.
pub fn edge_label(graph: &Graph, r: &Relation) -> String {
    let kind = graph.vocabulary().relation_kind(r.kind);
    let name = match (r.origin, &r.note) {
        (Origin::Office { .. }, Some(title)) => title.to_string(),
        _ => kind.label.to_string(),
    };
    let mut label = if r.negated { format!("NOT {name}") } else { name };
    if let Some(d) = dates(r.since, r.until) {
        label.push('\n');
        label.push_str(&d);
    }
    label
}

fn edge_tooltip(graph: &Graph, r: &Relation) -> String {
    let mut lines = vec![relation_line(graph, r)];
    for e in &r.evidence {
        let source = graph.source(e.source);
        let from = match &source.title {
            Some(title) => format!("{}: {}", source.id, title),
            None => source.id.to_string(),
        };
        lines.push(format!("\u{201C}{}\u{201D} ({from})", e.text));
    }
    if let (Origin::Stated(_), Some(note)) = (r.origin, &r.note) {
        lines.push(format!("note: {note}"));
    }
    lines.join("\n")
}

fn node_tooltip(graph: &Graph, key: ActorKey) -> String {
    let actor = graph.actor(key);
    let kind = graph.vocabulary().actor_kind(actor.kind);
    let mut text = format!("{} ({}), {}", actor.name, actor.id, kind.label);
    if !actor.aliases.is_empty() {
        text.push_str(&format!("\naliases: {}", actor.aliases.join(", ")));
    }
    if let Some(note) = &actor.note {
        text.push_str(&format!("\n{note}"));
    }
    text
}
