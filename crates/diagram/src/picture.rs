//! The picture: which actors and relations a diagram shows and how each is drawn, decided once
//! and then written as DOT, Mermaid or a built-in SVG.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

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
/// (a bundle where its first relation is). A picture of a graph borrows it: its edges are
/// drawn from the graph's relations when they are written.
#[derive(Clone, Debug)]
pub struct Picture<'g> {
    /// Layout and decoration.
    pub frame: Frame,
    /// Actors.
    pub nodes: Vec<PNode>,
    /// Relations.
    pub edges: Edges<'g>,
    /// Country boxes (empty without `--cluster`), in order of their first member.
    pub clusters: Vec<Cluster>,
    /// The legend, from what the picture holds.
    pub legend: Option<Legend>,
    /// The caption: the sources cited and the date shown.
    pub caption: Option<String>,
}

impl<'g> Picture<'g> {
    /// Draws a selection of `graph`; `scores` (by actor index) size the actors with
    /// `frame.size_by`.
    pub fn new(graph: &'g Graph, selection: &Selection, frame: Frame, scores: Option<&[f64]>) -> Self {
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
        let edges = Edges::Bundled(Bundles::new(graph, selection, frame.expand, &position));
        let caption = frame.caption.then(|| caption(graph, selection, frame.at.as_deref()));
        let mut picture = Picture { frame, nodes, edges, clusters, legend: None, caption };
        if picture.frame.legend != LegendMode::None && !picture.nodes.is_empty() {
            let Edges::Bundled(bundles) = &picture.edges else { unreachable!("just made") };
            picture.legend = Some(Legend::of(graph, selection, &picture, &bundles.looks));
        }
        picture
    }
}

/// The edges of a picture.
#[derive(Clone)]
pub enum Edges<'g> {
    /// Edges described whole (`diff` draws the union of two graphs so).
    Given(Vec<PEdge>),
    /// The bundles of a graph's relations, each edge drawn when it is asked for: a whole
    /// graph's edges are never all in memory as text at once.
    Bundled(Bundles<'g>),
}

impl fmt::Debug for Edges<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// How an edge is marked, without its text: what the legend needs to know of it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Marks {
    /// Pattern: the status.
    pub line: Line,
    /// Width: the confidence.
    pub width: Width,
    /// Whether it is a denial.
    pub negated: bool,
    /// Whether it is on the highlighted path.
    pub highlight: bool,
}

impl<'g> Edges<'g> {
    /// How many edges.
    pub fn len(&self) -> usize {
        match self {
            Edges::Given(edges) => edges.len(),
            Edges::Bundled(b) => b.bundles.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The edge at `i`, drawn now for a bundle.
    pub fn get(&self, i: usize) -> Option<Cow<'_, PEdge>> {
        match self {
            Edges::Given(edges) => edges.get(i).map(Cow::Borrowed),
            Edges::Bundled(b) => (i < b.bundles.len()).then(|| Cow::Owned(b.edge(i))),
        }
    }

    /// Every edge in order, each drawn when the iterator reaches it.
    pub fn iter(&self) -> impl Iterator<Item = Cow<'_, PEdge>> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Every edge's marks in order, without drawing its text.
    pub fn marks(&self) -> Box<dyn Iterator<Item = Marks> + '_> {
        match self {
            Edges::Given(edges) => Box::new(edges.iter().map(|e| Marks {
                line: e.look.line,
                width: e.look.width,
                negated: e.look.negated,
                highlight: e.highlight,
            })),
            Edges::Bundled(b) => Box::new((0..b.bundles.len()).map(|i| b.marks(i))),
        }
    }
}

/// The relations of a picture grouped into edges, by index into the graph: what is needed
/// to draw each edge when it is written.
#[derive(Clone)]
pub struct Bundles<'g> {
    graph: &'g Graph,
    looks: BTreeMap<RelationKindId, KindLook>,
    /// The relations of every bundle, one bundle after another.
    members: Vec<RelationKey>,
    bundles: Vec<Bundle>,
    addresses: Addresses,
    /// Whether a path is highlighted (the edges off it are faded).
    path: bool,
}

/// One bundle: its ends (indices in [`Picture::nodes`]) and its relations, `members[start..end]`.
#[derive(Clone, Copy)]
struct Bundle {
    from: usize,
    to: usize,
    start: usize,
    end: usize,
    highlight: bool,
}

impl<'g> Bundles<'g> {
    fn new(graph: &'g Graph, selection: &Selection, expand: bool, position: &[usize]) -> Self {
        let groups = bundles(graph, selection, expand);
        let mut members = Vec::with_capacity(selection.relations.len());
        let mut bundles = Vec::with_capacity(groups.len());
        for group in groups {
            let first = graph.relation(group[0]);
            let start = members.len();
            members.extend_from_slice(&group);
            bundles.push(Bundle {
                from: position[first.subject.index()],
                to: position[first.object.index()],
                start,
                end: members.len(),
                highlight: group.iter().any(|rk| selection.path_relations.contains(rk)),
            });
        }
        Bundles {
            graph,
            looks: kind_looks(graph.vocabulary()),
            members,
            bundles,
            addresses: Addresses::of(graph, &selection.relations),
            path: !selection.path_relations.is_empty(),
        }
    }

    fn edge(&self, i: usize) -> PEdge {
        let b = self.bundles[i];
        let mut e = bundle_edge(self.graph, &self.looks, &self.members[b.start..b.end], &self.addresses);
        e.from = b.from;
        e.to = b.to;
        e.highlight = b.highlight;
        e.look.faded = self.path && !b.highlight;
        e
    }

    fn marks(&self, i: usize) -> Marks {
        let b = self.bundles[i];
        let members = &self.members[b.start..b.end];
        let first = self.graph.relation(members[0]);
        Marks {
            line: Line::of(first.status),
            width: Width::of(confidence(self.graph, members)),
            negated: first.negated,
            highlight: b.highlight,
        }
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
    let mut index: HashMap<(ActorKey, ActorKey, bool, Line, bool), usize> = HashMap::new();
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

/// The highest confidence among relations.
fn confidence(graph: &Graph, members: &[RelationKey]) -> Option<f64> {
    members.iter().filter_map(|&rk| graph.relation(rk).confidence).reduce(f64::max)
}

/// The edge of one bundle: a label line per kind (dates and places of each relation of it),
/// a count when it holds more than one relation, every relation in the tooltip. Its ends are
/// left at 0, for the caller to set.
fn bundle_edge(
    graph: &Graph,
    looks: &BTreeMap<RelationKindId, KindLook>,
    members: &[RelationKey],
    addresses: &Addresses,
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
    let tooltip = members.iter().map(|&rk| edge_tooltip(graph, graph.relation(rk))).collect::<Vec<_>>().join("\n\n");
    PEdge {
        from: 0,
        to: 0,
        lines,
        tooltip,
        look: EdgeLook::of(&kind_looks, first, Width::of(confidence(graph, members))),
        highlight: false,
        ids: members.iter().map(|&rk| addresses.get(graph, rk)).collect(),
    }
}

/// What gives each relation its address: its id, or `SUBJECT/KIND/OBJECT` (with `#N`,
/// counted in data order, when other relations share it), as `edit` addresses it. Only the
/// `N`s are kept; the addresses are written when asked for.
#[derive(Clone, Default)]
struct Addresses {
    ordinals: HashMap<RelationKey, usize>,
}

type Triple = (ActorKey, RelationKindId, ActorKey);

fn triple(r: &Relation) -> Triple {
    (r.subject, r.kind, r.object)
}

impl Addresses {
    /// The ordinals `relations` need: two passes over the graph, and only when some relation
    /// has no id.
    fn of(graph: &Graph, relations: &[RelationKey]) -> Self {
        let mut count: HashMap<Triple, usize> =
            relations.iter().map(|&rk| graph.relation(rk)).filter(|r| r.id.is_none()).map(|r| (triple(r), 0)).collect();
        if count.is_empty() {
            return Addresses::default();
        }
        for (_, r) in graph.relations() {
            if let Some(c) = count.get_mut(&triple(r)) {
                *c += 1;
            }
        }
        count.retain(|_, c| *c > 1);
        let mut ordinals = HashMap::new();
        if !count.is_empty() {
            let wanted: HashSet<RelationKey> = relations
                .iter()
                .copied()
                .filter(|&rk| graph.relation(rk).id.is_none() && count.contains_key(&triple(graph.relation(rk))))
                .collect();
            let mut seen: HashMap<Triple, usize> = HashMap::new();
            for (k, r) in graph.relations() {
                if count.contains_key(&triple(r)) {
                    let n = seen.entry(triple(r)).or_insert(0);
                    *n += 1;
                    if wanted.contains(&k) {
                        ordinals.insert(k, *n);
                    }
                }
            }
        }
        Addresses { ordinals }
    }

    /// The address of `rk`.
    fn get(&self, graph: &Graph, rk: RelationKey) -> String {
        let r = graph.relation(rk);
        match &r.id {
            Some(id) => id.to_string(),
            None => {
                let base = format!(
                    "{}/{}/{}",
                    graph.actor(r.subject).id,
                    graph.vocabulary().relation_kind(r.kind).id,
                    graph.actor(r.object).id
                );
                match self.ordinals.get(&rk) {
                    Some(n) => format!("{base}#{n}"),
                    None => base,
                }
            }
        }
    }
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
