//! The vocabulary: actor kinds and relation kinds are data, declared by users, not Rust enums.

use std::collections::HashSet;
use std::fmt;

use rustc_hash::FxHashMap;

use crate::problem::{EntryKind, FieldPath, Help, Problem, Site};
use crate::slug::check_slug;
use crate::suggest;

/// Index of an actor kind in its [`Vocabulary`].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ActorKindId(pub(crate) u16);

/// Index of a relation kind in its [`Vocabulary`].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RelationKindId(pub(crate) u16);

/// Whether a relation kind brings actors together, sets them against each other, or neither.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Polarity {
    /// Friendly: partnership, backing, supply, mediation.
    Cooperative,
    /// Adversarial: war, sanctions, rivalry.
    Hostile,
    /// Neither: office held, participation, deconfliction.
    Neutral,
}

impl Polarity {
    /// Every polarity, in declaration order.
    pub const ALL: [Polarity; 3] = [Polarity::Cooperative, Polarity::Hostile, Polarity::Neutral];

    /// The name used in data files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Cooperative => "cooperative",
            Polarity::Hostile => "hostile",
            Polarity::Neutral => "neutral",
        }
    }

    /// Parses a polarity name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// The sign used by structural balance: +1, -1, or 0 for neutral.
    pub fn sign(self) -> i8 {
        match self {
            Polarity::Cooperative => 1,
            Polarity::Hostile => -1,
            Polarity::Neutral => 0,
        }
    }
}

impl fmt::Display for Polarity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a relation kind's edges are drawn.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum LineStyle {
    /// A plain line.
    #[default]
    Solid,
    /// A dashed line.
    Dashed,
    /// A dotted line.
    Dotted,
    /// A thick line.
    Bold,
}

impl LineStyle {
    /// Every style.
    pub const ALL: [LineStyle; 4] = [LineStyle::Solid, LineStyle::Dashed, LineStyle::Dotted, LineStyle::Bold];

    /// The name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            LineStyle::Solid => "solid",
            LineStyle::Dashed => "dashed",
            LineStyle::Dotted => "dotted",
            LineStyle::Bold => "bold",
        }
    }

    /// Parses a style name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// An actor kind as written by a user, before validation.
#[derive(Clone, Debug, Default)]
pub struct ActorKindSpec {
    /// Slug.
    pub id: String,
    /// Display label; defaults to the id with `_` as spaces.
    pub label: Option<String>,
    /// The kind this one refines.
    pub parent: Option<String>,
    /// The node shape diagrams draw it with, a name the drawing side knows.
    pub shape: Option<String>,
    /// Fill colour, `#rrggbb`.
    pub color: Option<String>,
}

/// A relation kind as written by a user, before validation.
#[derive(Clone, Debug, Default)]
pub struct RelationKindSpec {
    /// Slug.
    pub id: String,
    /// Display label; defaults to the id with `_` as spaces.
    pub label: Option<String>,
    /// Whether subject and object play different roles; default true.
    pub directed: Option<bool>,
    /// `cooperative`, `hostile` or `neutral`; required.
    pub polarity: Option<String>,
    /// Free category slug (`diplomatic`, `military`, ...); default `other`.
    pub category: Option<String>,
    /// Actor kinds allowed as subject; empty means any.
    pub subjects: Vec<String>,
    /// Actor kinds allowed as object; empty means any.
    pub objects: Vec<String>,
    /// CAMEO root code, `01` to `20`.
    pub cameo: Option<String>,
    /// Edge colour, `#rrggbb`.
    pub color: Option<String>,
    /// `solid`, `dashed`, `dotted` or `bold`.
    pub style: Option<String>,
}

/// A validated actor kind.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ActorKind {
    /// Slug.
    pub id: Box<str>,
    /// Display label.
    pub label: Box<str>,
    /// The kind this one refines.
    pub parent: Option<ActorKindId>,
    /// The node shape diagrams draw it with, as the data names it; empty when it names none.
    /// The core does not interpret it (see [`Vocabulary::build_with_unreadable`]).
    pub shape: Box<str>,
    /// Fill colour, `#rrggbb`.
    pub color: Box<str>,
}

/// A validated relation kind.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RelationKind {
    /// Slug.
    pub id: Box<str>,
    /// Display label.
    pub label: Box<str>,
    /// Whether subject and object play different roles.
    pub directed: bool,
    /// Friendly, hostile or neither.
    pub polarity: Polarity,
    /// Category slug.
    pub category: Box<str>,
    /// Actor kinds allowed as subject (sub-kinds included); empty means any.
    pub subjects: Vec<ActorKindId>,
    /// Actor kinds allowed as object (sub-kinds included); empty means any.
    pub objects: Vec<ActorKindId>,
    /// CAMEO root code, 1 to 20.
    pub cameo: Option<u8>,
    /// Edge colour, `#rrggbb`, when the kind has its own.
    pub color: Option<Box<str>>,
    /// Line style.
    pub style: LineStyle,
}

/// The four root actor kinds every vocabulary declares, used by the four actor forms.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Roots {
    /// `country`.
    pub country: ActorKindId,
    /// `person`.
    pub person: ActorKindId,
    /// `organization`.
    pub organization: ActorKindId,
    /// `event`.
    pub event: ActorKindId,
}

/// Actor kinds and relation kinds, with an index by id.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Vocabulary {
    actor_kinds: Vec<ActorKind>,
    relation_kinds: Vec<RelationKind>,
    actor_index: FxHashMap<Box<str>, ActorKindId>,
    relation_index: FxHashMap<Box<str>, RelationKindId>,
    roots: Roots,
    holds_office: RelationKindId,
}

/// The root actor kinds that must exist.
pub const ROOT_KINDS: [&str; 4] = ["country", "person", "organization", "event"];
/// The relation kind offices are drawn and queried through.
pub const HOLDS_OFFICE: &str = "holds_office";

fn default_label(id: &str) -> Box<str> {
    id.replace('_', " ").into()
}

/// Whether `text` is a colour of the form `#rrggbb`.
pub fn is_color(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Kinds whose entries could not be read (their syntax is broken), for
/// [`Vocabulary::build_with_unreadable`]: what refers to them is not reported again.
#[derive(Clone, Debug, Default)]
pub struct UnreadableKinds {
    /// Ids of the actor kinds that could not be read.
    pub actor_kinds: HashSet<String>,
    /// Ids of the relation kinds that could not be read.
    pub relation_kinds: HashSet<String>,
    /// Whether some unreadable entry had no id that could be found: any kind may then be the
    /// one it defines, so no kind the vocabulary needs is reported missing.
    pub without_id: bool,
}

impl UnreadableKinds {
    /// Whether every kind could be read.
    pub fn is_empty(&self) -> bool {
        self.actor_kinds.is_empty() && self.relation_kinds.is_empty() && !self.without_id
    }
}

impl Vocabulary {
    /// Validates user-written kinds into a vocabulary.
    ///
    /// Every problem is returned; the vocabulary is `None` when any of them is an error.
    pub fn build(
        actor_specs: Vec<ActorKindSpec>,
        relation_specs: Vec<RelationKindSpec>,
    ) -> (Option<Self>, Vec<Problem>) {
        Self::build_with_unreadable(actor_specs, relation_specs, &UnreadableKinds::default(), &[])
    }

    /// Like [`build`](Self::build), for a vocabulary some of whose entries could not be read:
    /// references to the `unreadable` kinds are not reported, nor are they reported missing.
    /// The vocabulary is then `None`, since the caller has reported the broken entries.
    ///
    /// `shapes` are the node shapes an actor kind may name, as the syntax of the data defines
    /// them (the core knows none); with none given, any name is kept.
    pub fn build_with_unreadable(
        actor_specs: Vec<ActorKindSpec>,
        relation_specs: Vec<RelationKindSpec>,
        unreadable: &UnreadableKinds,
        shapes: &[&str],
    ) -> (Option<Self>, Vec<Problem>) {
        let mut problems = Vec::new();
        let (actor_index, first_actor_def) = actor_ids(&actor_specs, &mut problems);
        let known: Vec<&str> =
            first_actor_def.keys().copied().chain(unreadable.actor_kinds.iter().map(String::as_str)).collect();
        let lookup = ActorKindLookup { index: &actor_index, unreadable, known };
        let (actor_kinds, actor_kind_site) =
            actor_kinds(&actor_specs, &first_actor_def, &lookup, shapes, &mut problems);
        parent_loops(&actor_kinds, &actor_kind_site, &mut problems);
        let (relation_kinds, relation_index) = relation_kinds(&relation_specs, &lookup, &mut problems);
        let (roots, holds_office) = required_kinds(&actor_index, &relation_index, unreadable, &mut problems);
        if actor_kinds.len() > usize::from(u16::MAX) || relation_kinds.len() > usize::from(u16::MAX) {
            let whole = Site::new(EntryKind::ActorKind, 0, FieldPath::Whole);
            problems
                .push(Problem::error(whole, "the vocabulary has more than 65535 kinds").with_code("too-many-kinds"));
        }
        if problems.iter().any(Problem::is_error) || !unreadable.is_empty() {
            return (None, problems);
        }
        let vocabulary = Vocabulary { actor_kinds, relation_kinds, actor_index, relation_index, roots, holds_office };
        (Some(vocabulary), problems)
    }

    /// Whether every kind id the vocabulary holds is in range (for vocabularies read back from a
    /// snapshot rather than built).
    pub(crate) fn is_consistent(&self) -> bool {
        let actor_ok = |k: ActorKindId| (k.0 as usize) < self.actor_kinds.len();
        let roots = [self.roots.country, self.roots.person, self.roots.organization, self.roots.event];
        roots.into_iter().all(actor_ok)
            && (self.holds_office.0 as usize) < self.relation_kinds.len()
            && self.actor_kinds.iter().all(|k| k.parent.is_none_or(actor_ok))
            && self.actor_index.values().all(|&k| actor_ok(k))
            && self.relation_index.values().all(|k| (k.0 as usize) < self.relation_kinds.len())
            && self.relation_kinds.iter().all(|k| k.subjects.iter().chain(&k.objects).all(|&a| actor_ok(a)))
    }

    /// Every actor kind, in declaration order.
    pub fn actor_kinds(&self) -> impl ExactSizeIterator<Item = (ActorKindId, &ActorKind)> {
        self.actor_kinds.iter().enumerate().map(|(i, k)| (ActorKindId(i as u16), k))
    }

    /// Every relation kind, in declaration order.
    pub fn relation_kinds(&self) -> impl ExactSizeIterator<Item = (RelationKindId, &RelationKind)> {
        self.relation_kinds.iter().enumerate().map(|(i, k)| (RelationKindId(i as u16), k))
    }

    /// An actor kind by index.
    pub fn actor_kind(&self, id: ActorKindId) -> &ActorKind {
        &self.actor_kinds[id.0 as usize]
    }

    /// A relation kind by index.
    pub fn relation_kind(&self, id: RelationKindId) -> &RelationKind {
        &self.relation_kinds[id.0 as usize]
    }

    /// Looks up an actor kind by its id.
    pub fn actor_kind_id(&self, name: &str) -> Option<ActorKindId> {
        self.actor_index.get(name).copied()
    }

    /// Looks up a relation kind by its id.
    pub fn relation_kind_id(&self, name: &str) -> Option<RelationKindId> {
        self.relation_index.get(name).copied()
    }

    /// The four root kinds.
    pub fn roots(&self) -> Roots {
        self.roots
    }

    /// The `holds_office` relation kind.
    pub fn holds_office(&self) -> RelationKindId {
        self.holds_office
    }

    /// Whether `kind` is `ancestor` or one of its sub-kinds.
    pub fn is_a(&self, kind: ActorKindId, ancestor: ActorKindId) -> bool {
        let mut current = Some(kind);
        // Bounded: the builder rejects parent loops.
        for _ in 0..=self.actor_kinds.len() {
            match current {
                Some(k) if k == ancestor => return true,
                Some(k) => current = self.actor_kinds[k.0 as usize].parent,
                None => return false,
            }
        }
        false
    }

    /// The root of `kind`'s hierarchy.
    pub fn root_of(&self, kind: ActorKindId) -> ActorKindId {
        let mut k = kind;
        for _ in 0..=self.actor_kinds.len() {
            match self.actor_kinds[k.0 as usize].parent {
                Some(p) => k = p,
                None => break,
            }
        }
        k
    }

    /// Whether `kind` lets an actor of kind `subject` relate to one of kind `object`.
    ///
    /// Symmetric kinds accept the pair in either order.
    pub fn allows(&self, kind: RelationKindId, subject: ActorKindId, object: ActorKindId) -> bool {
        let k = self.relation_kind(kind);
        let fits = |allowed: &[ActorKindId], actual: ActorKindId| {
            allowed.is_empty() || allowed.iter().any(|&a| self.is_a(actual, a))
        };
        (fits(&k.subjects, subject) && fits(&k.objects, object))
            || (!k.directed && fits(&k.subjects, object) && fits(&k.objects, subject))
    }
}

/// Where field `f` of the `i`-th actor kind is.
fn actor_site(i: usize, f: &'static str) -> Site {
    Site::new(EntryKind::ActorKind, i, FieldPath::Field(f))
}

/// Where field `f` of the `i`-th relation kind is.
fn relation_site(i: usize, f: &'static str) -> Site {
    Site::new(EntryKind::RelationKind, i, FieldPath::Field(f))
}

/// The ids of the actor kinds (the first pass): each id's index, and where each one is first
/// defined; ids that are not slugs and kinds defined twice are reported.
fn actor_ids<'s>(
    actor_specs: &'s [ActorKindSpec],
    problems: &mut Vec<Problem>,
) -> (FxHashMap<Box<str>, ActorKindId>, FxHashMap<&'s str, usize>) {
    let mut actor_index: FxHashMap<Box<str>, ActorKindId> = FxHashMap::default();
    let mut first_actor_def: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, spec) in actor_specs.iter().enumerate() {
        if let Some(p) = check_slug(&spec.id, actor_site(i, "id"), "actor kind") {
            problems.push(p);
        }
        if let Some(&first) = first_actor_def.get(spec.id.as_str()) {
            problems.push(
                Problem::error(actor_site(i, "id"), format!("actor kind \"{}\" is defined twice", spec.id))
                    .with_code("duplicate-kind")
                    .with_label("defined again here")
                    .with_related(actor_site(first, "id"), "first defined here")
                    .with_help("remove one of the definitions or give this one another id"),
            );
            continue;
        }
        first_actor_def.insert(&spec.id, i);
        let id = u16::try_from(actor_index.len()).unwrap_or(u16::MAX);
        actor_index.insert(spec.id.as_str().into(), ActorKindId(id));
    }
    (actor_index, first_actor_def)
}

/// Finds actor kinds by name for the fields that refer to them.
struct ActorKindLookup<'a> {
    index: &'a FxHashMap<Box<str>, ActorKindId>,
    unreadable: &'a UnreadableKinds,
    /// The names of the kinds defined or unreadable, in no order.
    known: Vec<&'a str>,
}

impl ActorKindLookup<'_> {
    /// The actor kind `name`; an unknown kind is reported at `site`, with the nearest names,
    /// unless it is one that could not be read.
    fn get(&self, name: &str, site: Site, problems: &mut Vec<Problem>) -> Option<ActorKindId> {
        if let Some(&k) = self.index.get(name) {
            return Some(k);
        }
        if self.unreadable.actor_kinds.contains(name) {
            return None;
        }
        let mut sorted = self.known.clone();
        sorted.sort_unstable();
        let mut p = Problem::error(site, format!("unknown actor kind \"{name}\"")).with_code("unknown-actor-kind");
        let near = suggest::closest(name, sorted.iter().map(|k| (*k, *k)));
        p = p.with_help(
            suggest::did_you_mean(&near)
                .unwrap_or_else(|| format!("known actor kinds: {}", suggest::one_of(sorted.iter().copied(), 12))),
        );
        problems.push(p);
        None
    }
}

/// The actor kinds themselves (the second pass), each first definition checked: its parent,
/// shape (one of `shapes`, when given) and colour; and the index of each one's spec.
fn actor_kinds(
    actor_specs: &[ActorKindSpec],
    first_actor_def: &FxHashMap<&str, usize>,
    lookup: &ActorKindLookup<'_>,
    shapes: &[&str],
    problems: &mut Vec<Problem>,
) -> (Vec<ActorKind>, Vec<usize>) {
    let mut actor_kinds: Vec<ActorKind> = Vec::with_capacity(lookup.index.len());
    let mut actor_kind_site = Vec::with_capacity(lookup.index.len());
    for (i, spec) in actor_specs.iter().enumerate() {
        if first_actor_def.get(spec.id.as_str()) != Some(&i) {
            continue;
        }
        let parent = spec.parent.as_deref().and_then(|p| lookup.get(p, actor_site(i, "parent"), problems));
        let shape = spec.shape.as_deref().unwrap_or_default();
        if spec.shape.is_some() && !shapes.is_empty() && !shapes.contains(&shape) {
            let near = suggest::closest(shape, shapes.iter().map(|s| (*s, *s)));
            problems.push(
                Problem::error(actor_site(i, "shape"), format!("unknown node shape \"{shape}\""))
                    .with_code("unknown-shape")
                    .with_help(
                        suggest::did_you_mean(&near)
                            .unwrap_or_else(|| format!("shapes: {}", suggest::one_of(shapes.iter().copied(), 12))),
                    ),
            );
        }
        let color = spec.color.as_deref().unwrap_or("#ffffff");
        if !is_color(color) {
            problems.push(
                Problem::error(actor_site(i, "color"), format!("\"{color}\" is not a colour"))
                    .with_code("invalid-color")
                    .with_help("write colours as \"#rrggbb\", for example \"#dbe9f6\""),
            );
        }
        actor_kinds.push(ActorKind {
            id: spec.id.as_str().into(),
            label: spec.label.as_deref().map_or_else(|| default_label(&spec.id), Into::into),
            parent,
            shape: shape.into(),
            color: color.into(),
        });
        actor_kind_site.push(i);
    }
    (actor_kinds, actor_kind_site)
}

/// Reports the loops in the parents of the actor kinds (`actor_kind_site` gives each kind's
/// spec). Each walk up the parents colours the kinds it meets, so a loop is found once, from
/// whichever of its kinds comes first, and kinds that merely lead into it are not blamed.
fn parent_loops(actor_kinds: &[ActorKind], actor_kind_site: &[usize], problems: &mut Vec<Problem>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Walk {
        Unseen,
        OnPath,
        Done,
    }
    let mut walked = vec![Walk::Unseen; actor_kinds.len()];
    for start in 0..actor_kinds.len() {
        let mut path: Vec<usize> = Vec::new();
        let mut current = Some(start);
        while let Some(k) = current {
            match walked[k] {
                Walk::Done => break,
                Walk::OnPath => {
                    // Back at `k`: the kinds from `k` on form a loop. Report it at its first
                    // kind in file order, going round from there.
                    let from = path.iter().position(|&p| p == k).unwrap_or(0);
                    let mut cycle = path[from..].to_vec();
                    let first = cycle.iter().enumerate().min_by_key(|&(_, &c)| c).map_or(0, |(i, _)| i);
                    cycle.rotate_left(first);
                    let mut round: Vec<String> = cycle.iter().map(|&c| format!("\"{}\"", actor_kinds[c].id)).collect();
                    round.push(round[0].clone());
                    let mut p = Problem::error(
                        actor_site(actor_kind_site[cycle[0]], "parent"),
                        format!(
                            "actor kind \"{}\" is its own ancestor: {}",
                            actor_kinds[cycle[0]].id,
                            round.join(" -> ")
                        ),
                    )
                    .with_code("kind-cycle")
                    .with_help("the parents of actor kinds must form a tree; remove a `parent` to break the loop");
                    for &c in &cycle[1..] {
                        p = p.with_related(actor_site(actor_kind_site[c], "parent"), "in the same loop");
                    }
                    problems.push(p);
                    break;
                }
                Walk::Unseen => {
                    walked[k] = Walk::OnPath;
                    path.push(k);
                    current = actor_kinds[k].parent.map(|p| p.0 as usize);
                }
            }
        }
        for k in path {
            walked[k] = Walk::Done;
        }
    }
}

/// The relation kinds, each first definition checked, with each id's index; ids that are not
/// slugs and kinds defined twice are reported.
fn relation_kinds(
    relation_specs: &[RelationKindSpec],
    lookup: &ActorKindLookup<'_>,
    problems: &mut Vec<Problem>,
) -> (Vec<RelationKind>, FxHashMap<Box<str>, RelationKindId>) {
    let mut relation_index: FxHashMap<Box<str>, RelationKindId> = FxHashMap::default();
    let mut first_relation_def: FxHashMap<&str, usize> = FxHashMap::default();
    let mut relation_kinds = Vec::with_capacity(relation_specs.len());
    for (i, spec) in relation_specs.iter().enumerate() {
        if let Some(p) = check_slug(&spec.id, relation_site(i, "id"), "relation kind") {
            problems.push(p);
        }
        if let Some(&first) = first_relation_def.get(spec.id.as_str()) {
            problems.push(
                Problem::error(relation_site(i, "id"), format!("relation kind \"{}\" is defined twice", spec.id))
                    .with_code("duplicate-kind")
                    .with_label("defined again here")
                    .with_related(relation_site(first, "id"), "first defined here")
                    .with_help("remove one of the definitions or give this one another id"),
            );
            continue;
        }
        first_relation_def.insert(&spec.id, i);
        let kind = relation_kind(i, spec, lookup, problems);
        let id = u16::try_from(relation_kinds.len()).unwrap_or(u16::MAX);
        relation_index.insert(spec.id.as_str().into(), RelationKindId(id));
        relation_kinds.push(kind);
    }
    (relation_kinds, relation_index)
}

/// The `i`-th relation kind, its fields checked: polarity, category, the kinds of its subjects
/// and objects, CAMEO code, colour and line style.
fn relation_kind(
    i: usize,
    spec: &RelationKindSpec,
    lookup: &ActorKindLookup<'_>,
    problems: &mut Vec<Problem>,
) -> RelationKind {
    let polarity = match spec.polarity.as_deref() {
        None => {
            problems.push(
                Problem::error(
                    Site::new(EntryKind::RelationKind, i, FieldPath::Whole),
                    format!("relation kind \"{}\" has no polarity", spec.id),
                )
                .with_code("missing-polarity")
                .with_help(Help::AddPolarity),
            );
            Polarity::Neutral
        }
        Some(p) => Polarity::parse(p).unwrap_or_else(|| {
            problems.push(
                Problem::error(relation_site(i, "polarity"), format!("unknown polarity \"{p}\""))
                    .with_code("unknown-polarity")
                    .with_help("polarity is \"cooperative\", \"hostile\" or \"neutral\""),
            );
            Polarity::Neutral
        }),
    };
    let category = spec.category.as_deref().unwrap_or("other");
    if let Some(p) = check_slug(category, relation_site(i, "category"), "category") {
        problems.push(p);
    }
    let kinds_of = |names: &[String], field: &'static str, problems: &mut Vec<Problem>| -> Vec<ActorKindId> {
        names
            .iter()
            .enumerate()
            .filter_map(|(j, n)| {
                lookup.get(n, Site::new(EntryKind::RelationKind, i, FieldPath::Item(field, j)), problems)
            })
            .collect()
    };
    let subjects = kinds_of(&spec.subjects, "subjects", problems);
    let objects = kinds_of(&spec.objects, "objects", problems);
    let cameo = spec.cameo.as_deref().and_then(|c| {
        let ok = c.len() == 2 && c.bytes().all(|b| b.is_ascii_digit());
        match c.parse::<u8>() {
            Ok(n) if ok && (1..=20).contains(&n) => Some(n),
            _ => {
                problems.push(
                    Problem::error(relation_site(i, "cameo"), format!("\"{c}\" is not a CAMEO root code")).with_code("invalid-cameo")
                        .with_help("CAMEO root codes are two digits from \"01\" (make public statement) to \"20\" (mass violence)"),
                );
                None
            }
        }
    });
    if let Some(c) = spec.color.as_deref().filter(|c| !is_color(c)) {
        problems.push(
            Problem::error(relation_site(i, "color"), format!("\"{c}\" is not a colour"))
                .with_code("invalid-color")
                .with_help("write colours as \"#rrggbb\", for example \"#2e7d32\""),
        );
    }
    let style = match spec.style.as_deref() {
        None => LineStyle::Solid,
        Some(s) => LineStyle::parse(s).unwrap_or_else(|| {
            problems.push(
                Problem::error(relation_site(i, "style"), format!("unknown line style \"{s}\""))
                    .with_code("unknown-style")
                    .with_help("style is \"solid\", \"dashed\", \"dotted\" or \"bold\""),
            );
            LineStyle::Solid
        }),
    };
    RelationKind {
        id: spec.id.as_str().into(),
        label: spec.label.as_deref().map_or_else(|| default_label(&spec.id), Into::into),
        directed: spec.directed.unwrap_or(true),
        polarity,
        category: category.into(),
        subjects,
        objects,
        cameo,
        color: spec.color.as_deref().map(Into::into),
        style,
    }
}

/// The kinds every vocabulary declares: the four root actor kinds and `holds_office`; each one
/// missing is reported, unless it may be among the kinds that could not be read.
fn required_kinds(
    actor_index: &FxHashMap<Box<str>, ActorKindId>,
    relation_index: &FxHashMap<Box<str>, RelationKindId>,
    unreadable: &UnreadableKinds,
    problems: &mut Vec<Problem>,
) -> (Roots, RelationKindId) {
    let whole = Site::new(EntryKind::ActorKind, 0, FieldPath::Whole);
    let mut root = |name: &str| match actor_index.get(name) {
        Some(&k) => k,
        None if unreadable.without_id || unreadable.actor_kinds.contains(name) => ActorKindId(0),
        None => {
            problems.push(
                Problem::error(whole.clone(), format!("the vocabulary has no actor kind \"{name}\""))
                    .with_code("missing-required-kind")
                    .with_help(Help::DeclareRootKind(name.to_owned())),
            );
            ActorKindId(0)
        }
    };
    let roots = Roots {
        country: root("country"),
        person: root("person"),
        organization: root("organization"),
        event: root("event"),
    };
    let holds_office = relation_index.get(HOLDS_OFFICE).copied().unwrap_or_else(|| {
        if unreadable.without_id || unreadable.relation_kinds.contains(HOLDS_OFFICE) {
            return RelationKindId(0);
        }
        problems.push(
            Problem::error(
                Site::new(EntryKind::RelationKind, 0, FieldPath::Whole),
                "the vocabulary has no relation kind \"holds_office\"",
            )
            .with_code("missing-required-kind")
            .with_help(Help::DeclareHoldsOffice),
        );
        RelationKindId(0)
    });
    (roots, holds_office)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ak(id: &str, parent: Option<&str>) -> ActorKindSpec {
        ActorKindSpec { id: id.into(), parent: parent.map(Into::into), ..Default::default() }
    }

    fn rk(id: &str, polarity: &str) -> RelationKindSpec {
        RelationKindSpec { id: id.into(), polarity: Some(polarity.into()), ..Default::default() }
    }

    fn roots() -> Vec<ActorKindSpec> {
        ROOT_KINDS.iter().map(|r| ak(r, None)).collect()
    }

    #[test]
    fn sub_kinds_are_allowed_where_their_parent_is() {
        let mut actors = roots();
        actors.push(ak("armed_group", Some("organization")));
        let mut war = rk("war", "hostile");
        war.directed = Some(false);
        war.subjects = vec!["country".into()];
        war.objects = vec!["organization".into()];
        let (v, problems) = Vocabulary::build(actors, vec![war, rk("holds_office", "neutral")]);
        assert!(problems.is_empty(), "{problems:?}");
        let v = v.unwrap();
        let k = v.relation_kind_id("war").unwrap();
        let country = v.actor_kind_id("country").unwrap();
        let group = v.actor_kind_id("armed_group").unwrap();
        let person = v.actor_kind_id("person").unwrap();
        assert!(v.allows(k, country, group));
        assert!(v.allows(k, group, country), "symmetric kinds accept either order");
        assert!(!v.allows(k, person, group));
        assert_eq!(v.root_of(group), v.roots().organization);
    }

    #[test]
    fn a_parent_loop_is_reported_once_and_kinds_leading_into_it_are_not_blamed() {
        let mut actors = roots();
        // x -> y -> z -> y: the loop is y, z; x only leads into it. w is its own parent.
        actors.push(ak("x", Some("y")));
        actors.push(ak("y", Some("z")));
        actors.push(ak("z", Some("y")));
        actors.push(ak("w", Some("w")));
        let (v, problems) = Vocabulary::build(actors, vec![rk("holds_office", "neutral")]);
        assert!(v.is_none());
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "actor kind \"y\" is its own ancestor: \"y\" -> \"z\" -> \"y\"",
                "actor kind \"w\" is its own ancestor: \"w\" -> \"w\""
            ]
        );
        // Reported at y's parent, with z's parent as the other place of the loop.
        assert_eq!(problems[0].site, Site::new(EntryKind::ActorKind, 5, FieldPath::Field("parent")));
        assert_eq!(
            problems[0].related,
            vec![(Site::new(EntryKind::ActorKind, 6, FieldPath::Field("parent")), "in the same loop".to_owned())]
        );
    }

    #[test]
    fn unreadable_kinds_are_neither_unknown_nor_missing() {
        let mut actors = roots();
        actors.retain(|k| k.id != "organization");
        actors.push(ak("party", Some("organization")));
        let mut member = rk("member_of", "neutral");
        member.objects = vec!["organization".into()];
        let unreadable = UnreadableKinds {
            actor_kinds: ["organization".to_owned()].into(),
            relation_kinds: ["holds_office".to_owned()].into(),
            without_id: false,
        };
        let (v, problems) = Vocabulary::build_with_unreadable(actors.clone(), vec![member.clone()], &unreadable, &[]);
        assert!(v.is_none(), "a vocabulary with unreadable kinds is not built");
        assert_eq!(problems, vec![]);
        // Without them, the same kinds are reported.
        let (_, problems) = Vocabulary::build(actors, vec![member]);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown actor kind \"organization\"",
                "unknown actor kind \"organization\"",
                "the vocabulary has no actor kind \"organization\"",
                "the vocabulary has no relation kind \"holds_office\""
            ]
        );
    }

    #[test]
    fn reports_every_problem() {
        let mut actors = roots();
        actors.push(ak("a", Some("b")));
        actors.push(ak("b", Some("a")));
        actors.push(ak("c", Some("organisation")));
        actors.push(ActorKindSpec {
            id: "d".into(),
            shape: Some("hexagn".into()),
            color: Some("red".into()),
            ..Default::default()
        });
        actors.push(ak("country", None));
        let bad = RelationKindSpec {
            id: "Bad Kind".into(),
            cameo: Some("21".into()),
            style: Some("wavy".into()),
            ..Default::default()
        };
        let shapes = ["ellipse", "hexagon"];
        let (v, problems) = Vocabulary::build_with_unreadable(actors, vec![bad], &UnreadableKinds::default(), &shapes);
        assert!(v.is_none());
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        for expected in [
            "actor kind \"a\" is its own ancestor: \"a\" -> \"b\" -> \"a\"",
            "unknown actor kind \"organisation\"",
            "unknown node shape \"hexagn\"",
            "\"red\" is not a colour",
            "actor kind \"country\" is defined twice",
            "relation kind \"Bad Kind\" has no polarity",
            "\"21\" is not a CAMEO root code",
            "unknown line style \"wavy\"",
            "the vocabulary has no relation kind \"holds_office\"",
        ] {
            assert!(messages.contains(&expected), "missing {expected:?} in {messages:#?}");
        }
        assert!(messages.iter().any(|m| m.contains("\"Bad Kind\" is not a valid relation kind id")), "{messages:#?}");
        assert_eq!(messages.iter().filter(|m| m.contains("ancestor")).count(), 1, "one loop, reported once");
        let typo = problems.iter().find(|p| p.message.contains("organisation")).unwrap();
        assert_eq!(typo.help.as_ref().and_then(Help::as_text), Some("did you mean \"organization\"?"));
    }
}
