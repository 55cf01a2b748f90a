//! The picture: which actors and relations a diagram shows and how each is drawn, decided once
//! and then written as DOT, Mermaid or a built-in SVG.

use std::collections::{BTreeMap, BTreeSet};

use diplograph_core::{ActorKey, Graph, Origin, Relation, RelationKey, RelationKindId};

use crate::cluster::countries;
use crate::legend::Legend;
use crate::select::Selection;
use crate::style::{EdgeLook, KindLook, Line, NodeLook, TEXT, Width, kind_looks};
use diplograph_core::text::{relation_dates, relation_line};

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
    /// Every direction.
    pub const ALL: [RankDir; 4] = [RankDir::Tb, RankDir::Lr, RankDir::Bt, RankDir::Rl];

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
    /// Every engine.
    pub const ALL: [Engine; 5] = [Engine::Dot, Engine::Neato, Engine::Fdp, Engine::Sfdp, Engine::Circo];

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

/// How much legend to draw.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum LegendMode {
    /// None.
    None,
    /// What the picture needs and does not say itself: actor shapes, line patterns, widths,
    /// marks, and one sample per colour of kinds.
    #[default]
    Compact,
    /// Also one sample per relation kind drawn.
    Full,
}

impl LegendMode {
    /// Every mode.
    pub const ALL: [LegendMode; 3] = [LegendMode::None, LegendMode::Compact, LegendMode::Full];

    /// Its name in the options.
    pub fn as_str(self) -> &'static str {
        match self {
            LegendMode::None => "none",
            LegendMode::Compact => "compact",
            LegendMode::Full => "full",
        }
    }
}

/// The measure that sizes actors.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SizeBy {
    /// The number of distinct actors linked.
    Degree,
    /// Betweenness centrality.
    Betweenness,
}

impl SizeBy {
    /// Every measure.
    pub const ALL: [SizeBy; 2] = [SizeBy::Degree, SizeBy::Betweenness];

    /// Its name in the options and the legend.
    pub fn as_str(self) -> &'static str {
        match self {
            SizeBy::Degree => "degree",
            SizeBy::Betweenness => "betweenness",
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
    /// How much legend to draw.
    pub legend: LegendMode,
    /// Whether to write a caption under the picture: its sources and date.
    pub caption: bool,
    /// The `--at` date the picture shows, for the caption.
    pub at: Option<String>,
    /// Whether to draw each relation as its own edge instead of one edge per pair, direction,
    /// status and denial.
    pub expand: bool,
    /// The largest drawing, in inches (Graphviz's `size`), when it must fit a page.
    pub size: Option<(f64, f64)>,
    /// What sizes the actors, if anything.
    pub size_by: Option<SizeBy>,
    /// Dots per inch of a bitmap, when not Graphviz's default.
    pub dpi: Option<u32>,
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
    /// Its size from 0 (smallest) to 1 (largest) with `--size-by`.
    pub size: Option<f64>,
}

/// A kind in an edge's label, in its kind's text colour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelLine {
    /// The kind (an office's title; `NOT` first for a denial; `×N` after it when repeated).
    pub text: String,
    /// What tells its relations apart: dates and places.
    pub detail: Option<String>,
    /// `#rrggbb`, readable on white.
    pub color: String,
}

impl LabelLine {
    /// The line as one text: `kind: detail` in a bundle, `kind\ndetail` alone.
    pub fn full(&self, alone: bool) -> String {
        match (&self.detail, alone) {
            (None, _) => self.text.clone(),
            (Some(d), true) => format!("{}\n{d}", self.text),
            (Some(d), false) => format!("{}: {d}", self.text),
        }
    }
}

/// An edge: one relation, or the relations of one bundle (same ends, direction, status and
/// denial).
#[derive(Clone, Debug, PartialEq)]
pub struct PEdge {
    /// Index of the subject in [`Picture::nodes`].
    pub from: usize,
    /// Index of the object in [`Picture::nodes`].
    pub to: usize,
    /// The label: a line per kind, with dates and places, then the count of a bundle.
    pub lines: Vec<LabelLine>,
    /// Hover text: each relation, its evidence quotes and their sources, its note.
    pub tooltip: String,
    /// Colours, pattern, width, marks.
    pub look: EdgeLook,
    /// Whether it is on the highlighted path.
    pub highlight: bool,
    /// The relations drawn: their ids, or `SUBJECT/KIND/OBJECT` (with `#N` when repeated).
    pub ids: Vec<String>,
}

impl PEdge {
    /// The label as plain text.
    pub fn label(&self) -> String {
        let alone = self.ids.len() == 1;
        self.lines.iter().map(|l| l.full(alone)).collect::<Vec<_>>().join("\n")
    }
}

/// A box around the actors of one country.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// The country's slug.
    pub id: String,
    /// The country's name.
    pub label: String,
}

/// Everything a diagram shows, in a fixed order: nodes in data order, edges in data order
/// (a bundle where its first relation is).
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
    /// The caption: the sources cited and the date shown.
    pub caption: Option<String>,
}

impl Picture {
    /// Draws a selection of `graph`; `scores` (by actor index) size the actors with
    /// `frame.size_by`.
    pub fn new(graph: &Graph, selection: &Selection, frame: Frame, scores: Option<&[f64]>) -> Self {
        let vocabulary = graph.vocabulary();
        let mut position = vec![usize::MAX; graph.actor_count()];
        let mut nodes = Vec::with_capacity(selection.actors.len());
        let countries = if frame.cluster { countries(graph, &selection.actors) } else { Vec::new() };
        let mut clusters: Vec<Cluster> = Vec::new();
        let top = scores.map(|s| selection.actors.iter().map(|a| s[a.index()]).fold(0.0, f64::max));
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
            let size = scores.zip(top).map(|(s, top)| if top > 0.0 { s[key.index()] / top } else { 0.0 });
            nodes.push(PNode {
                id: actor.id.to_string(),
                label: actor.name.to_string(),
                tooltip: node_tooltip(graph, key),
                kind: kind.label.to_string(),
                look: NodeLook::of(kind),
                highlight: selection.path_actors.contains(&key),
                cluster,
                size,
            });
        }
        let looks = kind_looks(vocabulary);
        let path = !selection.path_relations.is_empty();
        let addresses = addresses(graph, &selection.relations);
        let edges = bundles(graph, selection, frame.expand)
            .into_iter()
            .map(|members| {
                let mut e = bundle_edge(graph, &looks, &members, &position, &addresses);
                e.highlight = members.iter().any(|rk| selection.path_relations.contains(rk));
                e.look.faded = path && !e.highlight;
                e
            })
            .collect();
        let caption = frame.caption.then(|| caption(graph, selection, frame.at.as_deref()));
        let mut picture = Picture { frame, nodes, edges, clusters, legend: None, caption };
        if picture.frame.legend != LegendMode::None && !picture.nodes.is_empty() {
            picture.legend = Some(Legend::of(graph, selection, &picture, &looks));
        }
        picture
    }
}

/// The selected relations grouped into edges, in data order: with `expand` one each, else one
/// group per (subject, object, direction, status pattern, denial), symmetric kinds joining
/// whichever way round they were written.
pub fn bundles(graph: &Graph, selection: &Selection, expand: bool) -> Vec<Vec<RelationKey>> {
    if expand {
        return selection.relations.iter().map(|&rk| vec![rk]).collect();
    }
    let vocabulary = graph.vocabulary();
    let mut groups: Vec<Vec<RelationKey>> = Vec::new();
    let mut index: BTreeMap<(ActorKey, ActorKey, bool, Line, bool), usize> = BTreeMap::new();
    for &rk in &selection.relations {
        let r = graph.relation(rk);
        let directed = vocabulary.relation_kind(r.kind).directed;
        let (a, b) = if directed { (r.subject, r.object) } else { (r.subject.min(r.object), r.subject.max(r.object)) };
        let key = (a, b, directed, Line::of(r.status), r.negated);
        match index.get(&key) {
            Some(&i) => groups[i].push(rk),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![rk]);
            }
        }
    }
    groups
}

/// The edge of one bundle: a label line per kind (dates and places of each relation of it),
/// a count when it holds more than one relation, every relation in the tooltip.
fn bundle_edge(
    graph: &Graph,
    looks: &BTreeMap<RelationKindId, KindLook>,
    members: &[RelationKey],
    position: &[usize],
    addresses: &BTreeMap<RelationKey, String>,
) -> PEdge {
    let first = graph.relation(members[0]);
    let mut kinds: Vec<RelationKindId> = Vec::new();
    for &rk in members {
        let k = graph.relation(rk).kind;
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let mut lines: Vec<LabelLine> = Vec::new();
    for &k in &kinds {
        let of_kind: Vec<&Relation> = members.iter().map(|&rk| graph.relation(rk)).filter(|r| r.kind == k).collect();
        let details: Vec<String> = of_kind.iter().filter_map(|r| relation_details(graph, r)).collect();
        let mut text = edge_name(graph, of_kind[0]);
        if of_kind.len() > 1 {
            text.push_str(&format!(" \u{00d7}{}", of_kind.len()));
        }
        let detail = (!details.is_empty()).then(|| details.join("; "));
        lines.push(LabelLine { text, detail, color: looks[&k].text.clone() });
    }
    if members.len() > 1 && kinds.len() < members.len() {
        lines.push(LabelLine { text: format!("({} relations)", members.len()), detail: None, color: TEXT.to_owned() });
    }
    let kind_looks: Vec<&KindLook> = kinds.iter().map(|k| &looks[k]).collect();
    let confidence = members.iter().filter_map(|&rk| graph.relation(rk).confidence).reduce(f64::max);
    let tooltip = members.iter().map(|&rk| edge_tooltip(graph, graph.relation(rk))).collect::<Vec<_>>().join("\n\n");
    PEdge {
        from: position[first.subject.index()],
        to: position[first.object.index()],
        lines,
        tooltip,
        look: EdgeLook::of(&kind_looks, first, Width::of(confidence)),
        highlight: false,
        ids: members.iter().map(|rk| addresses[rk].clone()).collect(),
    }
}

/// Each relation's id, or `SUBJECT/KIND/OBJECT` (with `#N`, counted in data order, when
/// other relations share it), as `edit` addresses it; one pass over the graph.
pub fn addresses(graph: &Graph, relations: &[RelationKey]) -> BTreeMap<RelationKey, String> {
    let vocabulary = graph.vocabulary();
    let triple = |r: &Relation| (r.subject, r.kind, r.object);
    let mut count: BTreeMap<_, (usize, usize)> = BTreeMap::new();
    for &rk in relations {
        let r = graph.relation(rk);
        if r.id.is_none() {
            count.insert(triple(r), (0, 0));
        }
    }
    let mut ordinal = BTreeMap::new();
    if !count.is_empty() {
        let wanted: BTreeSet<RelationKey> = relations.iter().copied().collect();
        for (k, r) in graph.relations() {
            if let Some(c) = count.get_mut(&triple(r)) {
                c.0 += 1;
                if wanted.contains(&k) {
                    ordinal.insert(k, c.0);
                }
            }
        }
    }
    relations
        .iter()
        .map(|&rk| {
            let r = graph.relation(rk);
            let text = match &r.id {
                Some(id) => id.to_string(),
                None => {
                    let (s, k, o) = triple(r);
                    let base =
                        format!("{}/{}/{}", graph.actor(s).id, vocabulary.relation_kind(k).id, graph.actor(o).id);
                    if count[&triple(r)].0 > 1 { format!("{base}#{}", ordinal[&rk]) } else { base }
                }
            };
            (rk, text)
        })
        .collect()
}

/// `strategic partnership`; offices show their title; denials start with NOT.
fn edge_name(graph: &Graph, r: &Relation) -> String {
    let kind = graph.vocabulary().relation_kind(r.kind);
    let name = match (r.origin, &r.note) {
        (Origin::Office { .. }, Some(title)) => title.to_string(),
        _ => kind.label.to_string(),
    };
    if r.negated { format!("NOT {name}") } else { name }
}

/// What tells one relation of a kind from another: its dates and its place.
fn relation_details(graph: &Graph, r: &Relation) -> Option<String> {
    let parts: Vec<String> =
        relation_dates(graph, r).into_iter().chain(r.place.map(|p| format!("in {}", graph.actor(p).name))).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// `strategic partnership` / `since 2025-01-17` / `in Syria`: the label of one relation drawn
/// alone; offices show their title; denials start with NOT.
pub fn edge_label(graph: &Graph, r: &Relation) -> String {
    let mut label = edge_name(graph, r);
    if let Some(d) = relation_details(graph, r) {
        label.push('\n');
        label.push_str(&d);
    }
    label
}

fn edge_tooltip(graph: &Graph, r: &Relation) -> String {
    let mut lines = vec![relation_line(graph, r)];
    if let Some(p) = r.place {
        lines.push(format!("in: {}", graph.actor(p).name));
    }
    if let Some(c) = r.confidence {
        lines.push(format!("confidence: {c}"));
    }
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

/// `Sources: realist-2026 (The title). Relations holding at 2024.`: the sources the drawn
/// relations cite, in data order, and the date shown.
fn caption(graph: &Graph, selection: &Selection, at: Option<&str>) -> String {
    let mut cited = BTreeSet::new();
    for &rk in &selection.relations {
        cited.extend(graph.relation(rk).evidence.iter().map(|e| e.source));
    }
    let sources: Vec<String> = cited
        .into_iter()
        .map(|k| {
            let s = graph.source(k);
            match &s.title {
                Some(t) => format!("{} ({t})", s.id),
                None => s.id.to_string(),
            }
        })
        .collect();
    let mut text = match sources.len() {
        0 => "Sources: none cited.".to_owned(),
        1 => format!("Source: {}.", sources[0]),
        _ => format!("Sources: {}.", sources.join("; ")),
    };
    match at {
        Some(date) => text.push_str(&format!(" Relations holding at {date}.")),
        None => text.push_str(" Relations at any date."),
    }
    text
}
