//! Validating construction of a [`Graph`] from user-written specs, reporting every problem.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, OnceLock, mpsc};

use petgraph::graph::{DiGraph, NodeIndex};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::actor::{Actor, ActorForm, ActorSpec, Office};
use crate::checks::{Batch, Produced, RelationChecker, numbered};
use crate::date::PartialDate;
use crate::evidence::{ACTOR_FACTS, Evidence, EvidenceAt, EvidenceContext, OFFICE_FACTS};
use crate::graph::{ActorKey, Graph, RelationKey, SourceKey, handles_fit};
use crate::id_index::{IdIndex, PREFETCH_AHEAD};
use crate::problem::{EntryKind, FieldPath, Help, Problem, Site};
use crate::quote::QuoteText;
use crate::relation::{Origin, Relation, RelationSpec, Source, SourceKind, SourceSpec};
use crate::relation_check::RelationContext;
use crate::slug::check_slug;
use crate::suggest;
use crate::tally::{Counts, Tally};
use crate::vocabulary::{ActorKindId, HOLDS_OFFICE, Vocabulary};

/// The result of [`GraphBuilder::build`]: the graph when there is no error, and every problem.
#[derive(Debug)]
pub struct Built {
    /// The graph; `None` when any problem is an error, or when the build keeps no graph
    /// ([`GraphBuilder::counts_only`]).
    pub graph: Option<Graph>,
    /// The counts, for a build that keeps no graph; `None` when any problem is an error.
    pub counts: Option<Counts>,
    /// For a build that keeps no graph, the relations of the produced chunks checked to be
    /// handed back ([`RelationChecker::checks`]), by chunk, when each was checked without an
    /// error.
    pub handed_back: Vec<(usize, Vec<Relation>)>,
    /// Every problem found, errors and warnings, in the order found.
    pub problems: Vec<Problem>,
}

/// A chunk checked: which of the produced chunks it is (none for relations added), and what
/// checking gave.
type Checked = (Option<usize>, Batch);

/// Relations to check during a build: added to the builder, or chunk `k` of those produced.
enum Chunk {
    Added(Vec<RelationSpec>),
    Produced(usize),
}

/// Collects sources, actors and relations, then validates them all at once.
///
/// Entries are numbered in the order they are added; problems point back at them with a
/// [`Site`]. References between entries (`subject: "iran"`) are resolved in `build`, so the
/// order of adding does not matter.
#[derive(Debug)]
pub struct GraphBuilder {
    vocabulary: Vocabulary,
    sources: Vec<SourceSpec>,
    actors: Vec<ActorSpec>,
    /// Relations in chunks, as added (one chunk per [`add_relations`](Self::add_relations)).
    relations: Vec<Vec<RelationSpec>>,
    relation_count: usize,
    unreadable_actors: HashSet<String>,
    unreadable_sources: HashSet<String>,
    incomplete: bool,
    /// Ids that stand for another actor: `(from, to)`, see [`join`](Self::join).
    joins: Vec<(String, String)>,
    /// Sources whose text could not be read (the caller reported why).
    texts_unreadable: HashSet<usize>,
    /// Whether to keep no graph, only counts ([`counts_only`](Self::counts_only)).
    counts_only: bool,
}

pub(crate) fn site(entry: EntryKind, index: usize, field: &'static str) -> Site {
    Site::new(entry, index, FieldPath::Field(field))
}

pub(crate) fn parse_date(text: Option<&str>, at: Site, problems: &mut Vec<Problem>) -> Option<PartialDate> {
    let text = text?;
    match PartialDate::parse(text) {
        Ok(d) => Some(d),
        Err(e) => {
            problems.push(
                Problem::error(at, format!("invalid date: {e}"))
                    .with_code("invalid-date")
                    .with_help("dates are \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", for example \"2025-06-13\""),
            );
            None
        }
    }
}

pub(crate) fn check_order(
    since: Option<PartialDate>,
    until: Option<PartialDate>,
    entry: EntryKind,
    index: usize,
    fields: (FieldPath, FieldPath),
    problems: &mut Vec<Problem>,
) {
    if let (Some(s), Some(u)) = (since, until) {
        if u.last_day() < s.first_day() {
            let (from, to) = fields;
            problems.push(
                Problem::error(Site::new(entry, index, to.clone()), format!("`{to}` ({u}) is before `{from}` ({s})"))
                    .with_code("dates-reversed")
                    .with_related(Site::new(entry, index, from.clone()), format!("`{from}` is {s}"))
                    .with_help(format!("swap the two dates, or correct `{to}`")),
            );
        }
    }
}

/// Resolves actor ids, suggesting near names for unknown ones.
pub(crate) struct Resolver<'a> {
    index: &'a IdIndex,
    unreadable: &'a HashSet<String>,
    specs: &'a [ActorSpec],
    /// Every id, name and alias, prepared on the first unknown id.
    candidates: OnceLock<suggest::Candidates<'a>>,
    /// The help given for each unknown id: an id misspelt once is often used many times.
    helps: Mutex<HashMap<String, Help>>,
    /// Whether any id was unknown.
    missed: AtomicBool,
}

/// What checking one relation gave: the relation, or what it referred to when it could not be
/// built; and its problems.
pub(crate) struct RelationCheck {
    pub(crate) outcome: Result<Relation, Unbuilt>,
    pub(crate) problems: Vec<Problem>,
}

/// `on` given with one of the span's fields (`since`, `start`, ...).
pub(crate) fn one_date_and(field: &str, what: &str, at: Site, on: Site) -> Problem {
    Problem::error(at, format!("`{field}` given with `on`"))
        .with_code("date-and-on")
        .with_related(on, "`on` is the one date")
        .with_help(format!(
            "`on` dates {what} that took place at one date; remove `{field}`, or write the span with its own fields instead of `on`"
        ))
}

/// A relation that could not be built (an end or its kind is unknown): what it still refers to,
/// so that no actor or source is wrongly reported as unused.
pub(crate) struct Unbuilt {
    pub(crate) id: Option<String>,
    pub(crate) refs: Vec<ActorKey>,
    /// The sources its evidence cites, and whether each citation is a quote.
    pub(crate) cited: Vec<(SourceKey, bool)>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn resolve(&self, id: &str, at: Site, problems: &mut Vec<Problem>) -> Option<ActorKey> {
        if let Some(i) = self.index.get(id) {
            return Some(ActorKey(i as u32));
        }
        if self.unreadable.contains(id) {
            return None;
        }
        self.missed.store(true, Ordering::Relaxed);
        let mut helps = self.helps.lock().unwrap_or_else(|e| e.into_inner());
        if !helps.contains_key(id) {
            let specs = self.specs;
            let candidates = self.candidates.get_or_init(|| {
                let unreadable = self.unreadable.iter().map(|id| (id.as_str(), id.as_str()));
                suggest::Candidates::new(
                    specs
                        .iter()
                        .flat_map(|a| {
                            [(a.id.as_str(), a.id.as_str()), (a.id.as_str(), a.name.as_str())]
                                .into_iter()
                                .chain(a.aliases.iter().map(|al| (a.id.as_str(), al.as_str())))
                        })
                        .chain(unreadable),
                )
            });
            let help = suggest::did_you_mean(&candidates.closest(id))
                .map_or_else(|| Help::DeclareActor(id.to_owned()), Help::Text);
            helps.insert(id.to_owned(), help);
        }
        problems.push(
            Problem::error(at, format!("unknown actor \"{id}\""))
                .with_code("unknown-actor")
                .with_label("no actor has this id")
                .with_help(helps[id].clone()),
        );
        None
    }
}

impl GraphBuilder {
    /// A builder validating against `vocabulary`.
    pub fn new(vocabulary: Vocabulary) -> Self {
        Self {
            vocabulary,
            sources: Vec::new(),
            actors: Vec::new(),
            relations: Vec::new(),
            relation_count: 0,
            unreadable_actors: HashSet::new(),
            unreadable_sources: HashSet::new(),
            incomplete: false,
            joins: Vec::new(),
            texts_unreadable: HashSet::new(),
            counts_only: false,
        }
    }

    /// Makes the build check everything as usual but keep no graph: it gives the
    /// [`Counts`](Built::counts) of valid data instead, and each relation is dropped once
    /// checked. What `check` needs, in a fraction of the memory.
    pub fn counts_only(&mut self) {
        self.counts_only = true;
    }

    /// The vocabulary.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Adds a source; returns its input index.
    pub fn add_source(&mut self, spec: SourceSpec) -> usize {
        self.sources.push(spec);
        self.sources.len() - 1
    }

    /// Adds an actor; returns its input index.
    pub fn add_actor(&mut self, spec: ActorSpec) -> usize {
        self.actors.push(spec);
        self.actors.len() - 1
    }

    /// Adds a relation; returns its input index.
    pub fn add_relation(&mut self, spec: RelationSpec) -> usize {
        match self.relations.last_mut() {
            Some(chunk) => chunk.push(spec),
            None => self.relations.push(vec![spec]),
        }
        self.relation_count += 1;
        self.relation_count - 1
    }

    /// Adds relations in input order; returns the input index of the first. Cheaper than
    /// [`add_relation`](Self::add_relation) one by one: the vector is kept as it is, and the
    /// build validates it on all cores and frees it once its relations are in the graph.
    pub fn add_relations(&mut self, specs: Vec<RelationSpec>) -> usize {
        let first = self.relation_count;
        self.relation_count += specs.len();
        if !specs.is_empty() {
            self.relations.push(specs);
            // Later single additions start a chunk of their own.
            self.relations.push(Vec::new());
        }
        first
    }

    /// Records an entry that could not be read (its syntax is broken), so that validation neither
    /// reports references to its id as unknown nor warns about what it would have used.
    /// The build then fails, since the caller has reported the broken entry.
    pub fn add_unreadable(&mut self, entry: EntryKind, id: Option<String>) {
        self.incomplete = true;
        match (entry, id) {
            (EntryKind::Actor, Some(id)) => {
                self.unreadable_actors.insert(id);
            }
            (EntryKind::Source, Some(id)) => {
                self.unreadable_sources.insert(id);
            }
            _ => {}
        }
    }

    /// Makes every reference to actor id `from` mean the actor `to`: the same actor known under
    /// two ids, one defined in another dataset. `from` must not be the id of an actor added
    /// (its definition is left out by the caller); a `to` that no actor has joins nothing, and
    /// references to `from` are then reported as unknown.
    pub fn join(&mut self, from: impl Into<String>, to: impl Into<String>) {
        self.joins.push((from.into(), to.into()));
    }

    /// Records that the text of source `index` (as [`add_source`](Self::add_source) numbered
    /// it) could not be read: the caller reports why, so that its quotes are not also reported
    /// as unchecked for want of a text.
    pub fn text_unreadable(&mut self, index: usize) {
        self.texts_unreadable.insert(index);
    }

    /// Reserves room for more entries.
    pub fn reserve(&mut self, actors: usize, relations: usize) {
        self.actors.reserve(actors);
        if relations > 0 {
            self.relations.push(Vec::with_capacity(relations));
        }
    }

    /// Validates everything added and builds the graph.
    pub fn build(self) -> Built {
        self.build_with(0, 0, |_, _| Produced::nothing())
    }

    /// Validates everything added and builds the graph, with more relations produced during the
    /// build: `produce(k, checker)` gives chunk `k` of `chunks`, checked with `checker`, and is
    /// called on all cores, a few chunks at a time, while the chunks before are merged into the
    /// graph. The produced relations come after those added, chunk by chunk, and are numbered
    /// in that order. `expected` is how many relations to make room for.
    ///
    /// This lets a caller validate each relation as soon as it is read, while it is still in the
    /// processor's caches, instead of collecting every spec first: the actors and sources added
    /// before are what the relations are checked against.
    pub fn build_with(
        self,
        chunks: usize,
        expected: usize,
        produce: impl Fn(usize, &RelationChecker<'_>) -> Produced + Sync,
    ) -> Built {
        let mut problems = Vec::new();
        let vocabulary = &self.vocabulary;

        // Sources.
        // Ids are looked up several times per relation, in an `IdIndex`: a lookup of a short
        // id reads one place in memory.
        let Sources { index: source_index, sources, texts: source_texts, redefined: source_redefined } =
            self.check_sources(&mut problems);
        let mut source_cited = vec![0u32; sources.len()];
        let mut source_quoted = vec![0u32; sources.len()];
        let source_kinds: Vec<SourceKind> = sources.iter().map(|s| s.kind).collect();
        // Prepared on the first unknown source: the suggestions, and the list of declared ones.
        let source_suggestions: OnceLock<(suggest::Candidates<'_>, Option<String>)> = OnceLock::new();
        let source_missed = AtomicBool::new(false);
        let evidence = EvidenceContext {
            source_index: &source_index,
            source_texts: &source_texts,
            source_kinds: &source_kinds,
            unreadable_sources: &self.unreadable_sources,
            source_suggestions: &source_suggestions,
            source_missed: &source_missed,
        };

        // Actor ids.
        let (actor_index, redefined) = check_actor_ids(&self.actors, &self.joins, &mut problems);
        let resolver = Resolver {
            index: &actor_index,
            unreadable: &self.unreadable_actors,
            specs: &self.actors,
            candidates: OnceLock::new(),
            helps: Mutex::new(HashMap::new()),
            missed: AtomicBool::new(false),
        };
        let mut referenced = vec![false; self.actors.len()];

        // Actors, checked on all cores, each with its problems and the actors it refers to;
        // then, in input order, their problems noted and the actors made the graph's nodes.
        let roots = vocabulary.roots();
        let counts_only = self.counts_only;
        let offices_written: usize = self.actors.iter().map(|a| a.offices.len()).sum();
        let edges = if counts_only { 0 } else { self.relation_count + expected + offices_written };
        let mut net: DiGraph<Actor, Relation, u32> = DiGraph::with_capacity(self.actors.len(), edges);
        let checked: Vec<(Actor, Vec<Problem>, Vec<ActorKey>)> = self
            .actors
            .par_iter()
            .enumerate()
            .with_min_len(256)
            .map(|(i, a)| {
                let (mut found, mut refers) = (Vec::new(), Vec::new());
                let checked = actor(vocabulary, &resolver, &evidence, i, a, &mut refers, &mut found);
                (checked, found, refers)
            })
            .collect();
        for (checked, found, refers) in checked {
            problems.extend(found);
            for k in refers {
                referenced[k.index()] = true;
            }
            let evidence = checked.evidence.iter().chain(checked.offices.iter().flat_map(|o| &o.evidence));
            for (s, quote) in evidence.map(Evidence::citation) {
                source_cited[s.index()] += 1;
                source_quoted[s.index()] += u32::from(quote);
            }
            net.add_node(checked);
        }
        let office_count: usize = net.node_weights().map(|a| a.offices.len()).sum();
        let kinds: Vec<ActorKindId> = net.node_weights().map(|a| a.kind).collect();

        fitting_references(vocabulary, &self.actors, &actor_index, &kinds, &mut problems);

        // Relations: each is checked on its own, in parallel, then merged in input order.
        let holds_office = vocabulary.holds_office();
        // Each actor's start and end, for relations bounded by an event.
        let event_dates: Vec<(Option<PartialDate>, Option<PartialDate>)> =
            net.node_weights().map(|a| (a.start, a.end)).collect();
        let event_root = roots.event;
        let context = RelationContext {
            vocabulary,
            resolver: &resolver,
            kinds: &kinds,
            holds_office,
            evidence,
            event_dates: &event_dates,
            event_root,
        };
        // The graph is filled while merging; it is dropped if any problem is an error.
        let (actor_count, kind_count, source_count) =
            (net.node_count(), vocabulary.relation_kinds().len(), source_cited.len());
        let mut merged = Merged {
            net,
            problems: &mut problems,
            relation_ids: FxHashMap::default(),
            referenced: &mut referenced,
            source_cited: &mut source_cited,
            source_quoted: &mut source_quoted,
            complete: true,
            stated: 0,
            unsourced: 0,
            handed_back: Vec::new(),
        };
        // The chunks added, then the chunks produced, checked on all cores and merged in input
        // order as they come (`check_in_order`); the specs of a chunk are freed once checked, so
        // the specs and the graph are never both whole in memory.
        let unreadable = AtomicBool::new(false);
        let fits = |r: &Relation| handles_fit(r, actor_count, kind_count, source_count);
        let checker = RelationChecker {
            context: &context,
            unreadable: &unreadable,
            fits: &fits,
            counts_only,
            actors: actor_count,
            sources: source_count,
            actor_index: &actor_index,
            source_index: &source_index,
        };
        let work = self.relations.into_iter().map(Chunk::Added).chain((0..chunks).map(Chunk::Produced));
        // A build that keeps no graph tallies each chunk on the thread that checked it.
        let check_chunk = |chunk: Chunk| -> Checked {
            match chunk {
                // Numbered when merged, like the produced ones.
                Chunk::Added(specs) => {
                    let relations = specs.into_par_iter().with_min_len(512).map(|r| context.check(0, r)).collect();
                    (None, Batch::of(relations, counts_only))
                }
                Chunk::Produced(k) => (Some(k), produce(k, &checker).0),
            }
        };
        check_in_order(work, &check_chunk, &mut merged);

        let Merged { net, complete, stated, unsourced, handed_back, .. } = merged;
        let incomplete = self.incomplete || unreadable.load(Ordering::Relaxed);

        // A misspelt reference leaves what it meant unreferenced: say nothing about that.
        let sources_all_read = !incomplete && !source_missed.load(Ordering::Relaxed);
        unused_sources(
            &sources,
            (&source_cited, &source_quoted),
            &source_texts,
            &source_redefined,
            &self.texts_unreadable,
            sources_all_read,
            &mut problems,
        );
        let actors_all_read = !incomplete && !resolver.missed.load(Ordering::Relaxed);
        unrelated_actors(&net, &referenced, &redefined, actors_all_read, &mut problems);

        if !complete || incomplete || problems.iter().any(Problem::is_error) {
            return Built { graph: None, counts: None, handed_back: Vec::new(), problems };
        }
        if counts_only {
            let actor_facts: usize = net.node_weights().map(crate::sourcing::actor_unsourced).sum();
            let counts = Counts {
                actors: net.node_count(),
                relations: stated + office_count,
                sources: sources.len(),
                unsourced: actor_facts + unsourced as usize,
            };
            return Built { graph: None, counts: Some(counts), handed_back, problems };
        }

        let graph = into_graph(self.vocabulary, sources, net, office_count);
        Built { graph: Some(graph), counts: None, handed_back: Vec::new(), problems }
    }

    /// The sources, each checked: its id (a slug, defined once) and publication date.
    fn check_sources(&self, problems: &mut Vec<Problem>) -> Sources {
        let mut source_index = IdIndex::with_capacity(self.sources.len());
        let mut sources = Vec::with_capacity(self.sources.len());
        let mut source_texts: Vec<Option<Box<QuoteText>>> = Vec::with_capacity(self.sources.len());
        // Sources whose id was already taken: their evidence goes to the first.
        let mut source_redefined = Vec::new();
        for (i, s) in self.sources.iter().enumerate() {
            if let Some(ahead) = self.sources.get(i + PREFETCH_AHEAD) {
                source_index.prefetch(&ahead.id);
            }
            if let Some(p) = check_slug(&s.id, site(EntryKind::Source, i, "id"), "source") {
                problems.push(p);
            }
            if let Some(first) = source_index.insert_new(&s.id, sources.len()) {
                source_redefined.push(i);
                problems.push(duplicate(
                    "source",
                    &s.id,
                    site(EntryKind::Source, i, "id"),
                    site(EntryKind::Source, first, "id"),
                ));
            }
            let published = parse_date(s.published.as_deref(), site(EntryKind::Source, i, "published"), problems);
            let kind =
                s.kind.as_deref().map_or(SourceKind::Document, |k| {
                    SourceKind::parse(k).unwrap_or_else(|| {
                        let names = SourceKind::ALL.map(SourceKind::as_str);
                        let near = suggest::closest(k, names.iter().map(|n| (*n, *n)));
                        problems.push(
                            Problem::error(site(EntryKind::Source, i, "kind"), format!("unknown source kind \"{k}\""))
                                .with_code("unknown-source-kind")
                                .with_help(suggest::did_you_mean(&near).unwrap_or_else(|| {
                                    format!("a source's kind is one of {}", suggest::one_of(names, 4))
                                })),
                        );
                        SourceKind::Document
                    })
                });
            sources.push(Source {
                id: s.id.as_str().into(),
                title: s.title.as_deref().map(Into::into),
                publisher: s.publisher.as_deref().map(Into::into),
                published,
                url: s.url.as_deref().map(Into::into),
                kind,
            });
            source_texts.push(s.text.as_deref().map(|t| Box::new(QuoteText::new(t))));
        }
        Sources { index: source_index, sources, texts: source_texts, redefined: source_redefined }
    }
}

/// Warns of the sources cited by quotes that cannot be checked (they have no text), and, when
/// every relation and source reference could be read (`all_read`), of those never cited; a
/// source defined again is left to the error about it.
fn unused_sources(
    sources: &[Source],
    (cited_by, quoted_by): (&[u32], &[u32]),
    texts: &[Option<Box<QuoteText>>],
    redefined: &[usize],
    texts_unreadable: &HashSet<usize>,
    all_read: bool,
    problems: &mut Vec<Problem>,
) {
    let warnings = |i: usize| {
        let (cited, quoted) = (cited_by[i], quoted_by[i]);
        // Quoting general knowledge is an error of its own: no text is missing.
        let quotable = sources[i].kind != SourceKind::GeneralKnowledge;
        let id = &sources[i].id;
        let unchecked =
            (quoted > 0 && quotable && texts[i].is_none() && !redefined.contains(&i) && !texts_unreadable.contains(&i))
                .then(|| {
                    Problem::warning(
                        site(EntryKind::Source, i, "id"),
                        format!("the quotes citing source \"{id}\" are not checked: it has no text"),
                    )
                    .with_label(format!("cited by {}", crate::text::plural(quoted as usize, "quote")))
                    .with_code("unchecked-quotes")
                    .with_help(Help::AddSourceText(id.to_string()))
                });
        let unused = (cited == 0 && all_read && !redefined.contains(&i)).then(|| {
            Problem::warning(site(EntryKind::Source, i, "id"), format!("source \"{id}\" is never cited"))
                .with_code("unused-source")
                .with_help("cite it in an entry's `evidence`, or remove it")
        });
        unchecked.into_iter().chain(unused)
    };
    // On all cores, in order: a dataset of many sources without text has a warning for each.
    let found: Vec<Problem> = (0..sources.len()).into_par_iter().with_min_len(1024).flat_map_iter(warnings).collect();
    problems.extend(found);
}

/// When every relation and actor reference could be read (`all_read`), warns of the actors
/// that nothing refers to and that hold no office; an actor defined again is left to the error
/// about it.
fn unrelated_actors(
    net: &DiGraph<Actor, Relation, u32>,
    referenced: &[bool],
    redefined: &[bool],
    all_read: bool,
    problems: &mut Vec<Problem>,
) {
    for (i, a) in net.node_weights().enumerate() {
        if !referenced[i] && !redefined[i] && a.offices.is_empty() && all_read {
            problems.push(
                Problem::warning(
                    site(EntryKind::Actor, i, "id"),
                    format!("actor \"{}\" is not related to anything", a.id),
                )
                .with_code("unrelated-actor")
                .with_help("add a relation that involves it, or remove it"),
            );
        }
    }
}

/// The graph of checked actors and relations, with the relations the offices stand for and
/// the indexes by id.
fn into_graph(
    vocabulary: Vocabulary,
    sources: Vec<Source>,
    mut net: DiGraph<Actor, Relation, u32>,
    office_count: usize,
) -> Graph {
    let holds_office = vocabulary.holds_office();
    let mut office_relations = Vec::with_capacity(office_count);
    for (i, a) in net.node_weights().enumerate() {
        for (j, o) in a.offices.iter().enumerate() {
            office_relations.push(Relation {
                id: None,
                subject: ActorKey(i as u32),
                kind: holds_office,
                object: o.of,
                since: o.since,
                until: o.until,
                on: None,
                since_event: None,
                until_event: None,
                status: None,
                negated: false,
                about: Vec::new(),
                place: None,
                strength: None,
                confidence: None,
                evidence: o.evidence.clone(),
                note: Some(o.title.clone()),
                origin: Origin::Office { actor: i as u32, office: j as u32 },
            });
        }
    }
    let index: FxHashMap<Box<str>, ActorKey> =
        net.node_weights().enumerate().map(|(i, a)| (a.id.clone(), ActorKey(i as u32))).collect();
    let relation_index: FxHashMap<Box<str>, RelationKey> = net
        .edge_weights()
        .enumerate()
        .filter_map(|(i, r)| r.id.clone().map(|id| (id, RelationKey(i as u32))))
        .collect();
    for r in office_relations {
        net.add_edge(NodeIndex::new(r.subject.index()), NodeIndex::new(r.object.index()), r);
    }
    let source_index = sources.iter().enumerate().map(|(i, s)| (s.id.clone(), SourceKey(i as u32))).collect();
    Graph { vocabulary, sources, source_index, net, index, relation_index }
}

/// The checked relations, merged into the graph in input order, with what they refer to.
struct Merged<'a> {
    /// The graph, filled while merging; dropped if any problem is an error.
    net: DiGraph<Actor, Relation, u32>,
    problems: &'a mut Vec<Problem>,
    /// The index of the relation with each id.
    relation_ids: FxHashMap<Box<str>, usize>,
    /// Whether anything refers to each actor.
    referenced: &'a mut [bool],
    /// How many pieces of evidence cite each source.
    source_cited: &'a mut [u32],
    /// How many quotes cite each source.
    source_quoted: &'a mut [u32],
    /// Whether every relation was checked whole.
    complete: bool,
    /// How many relations were merged, and how many of their facts rest on no quote (counted
    /// only by a build that keeps no graph).
    stated: usize,
    unsourced: u64,
    /// The relations handed back, by chunk ([`Built::handed_back`]).
    handed_back: Vec<(usize, Vec<Relation>)>,
}

impl Merged<'_> {
    /// Merges a chunk checked (chunk `k` of those produced, if it was produced), its relations
    /// numbered from `offset`.
    fn merge(&mut self, offset: usize, (k, batch): Checked) {
        match batch {
            Batch::Relations(checked) => self.merge_relations(offset, checked),
            Batch::Tallied { tally, problems, complete, relations } => {
                self.merge_tally(offset, tally, problems, complete);
                if let (Some(k), Some(relations)) = (k, relations) {
                    self.handed_back.push((k, relations));
                }
            }
        }
    }

    /// Notes the actors a relation refers to and the sources it cites (`(source, quote?)`).
    fn note(&mut self, refs: impl IntoIterator<Item = ActorKey>, cited: impl IntoIterator<Item = (SourceKey, bool)>) {
        for a in refs {
            self.referenced[a.index()] = true;
        }
        for (s, quote) in cited {
            self.source_cited[s.index()] += 1;
            self.source_quoted[s.index()] += u32::from(quote);
        }
    }

    /// Checks the id of relation `i` (a slug, defined once).
    fn relation_id(&mut self, i: usize, id: &str) {
        let at = |f| site(EntryKind::Relation, i, f);
        if let Some(p) = check_slug(id, at("id"), "relation") {
            self.problems.push(p);
        }
        if let Some(&first) = self.relation_ids.get(id) {
            self.problems.push(duplicate("relation", id, at("id"), site(EntryKind::Relation, first, "id")));
        } else {
            self.relation_ids.insert(id.into(), i);
        }
    }

    /// Merges a tally of relations numbered from `offset`, with their problems numbered within
    /// it, in the order [`merge_relations`](Self::merge_relations) gives: each relation's id
    /// checked, then its own problems.
    fn merge_tally(&mut self, offset: usize, tally: Tally, problems: Vec<Problem>, complete: bool) {
        self.complete &= complete;
        let mut problems = problems.into_iter().map(|p| {
            let i = offset + p.site.index;
            numbered(p, i)
        });
        let mut next = problems.next();
        for (j, id) in &tally.ids {
            let i = offset + *j as usize;
            while let Some(p) = next.take_if(|p| p.site.index < i) {
                self.problems.push(p);
                next = problems.next();
            }
            self.relation_id(i, id);
        }
        self.problems.extend(next.into_iter().chain(problems));
        for a in &tally.referenced {
            self.referenced[*a as usize] = true;
        }
        for &(s, cited, quoted) in &tally.cited {
            self.source_cited[s as usize] += cited;
            self.source_quoted[s as usize] += quoted;
        }
        self.stated += tally.len();
        self.unsourced += tally.unsourced;
    }

    /// Merges the checked relations numbered from `offset`: numbers them and their problems,
    /// checks their ids (slugs, defined once), and notes the actors and sources they refer to.
    fn merge_relations(&mut self, offset: usize, checked: Vec<RelationCheck>) {
        for (j, c) in checked.into_iter().enumerate() {
            let i = offset + j;
            // Relations are checked before their index is known: it is set here.
            let mut outcome = c.outcome;
            if let Ok(r) = &mut outcome {
                r.origin = Origin::Stated(i as u32);
            }
            let id = match &outcome {
                Ok(r) => r.id.as_deref(),
                Err(u) => u.id.as_deref(),
            };
            if let Some(id) = id {
                self.relation_id(i, id);
            }
            self.problems.extend(c.problems.into_iter().map(|p| numbered(p, i)));
            match outcome {
                Ok(r) => {
                    self.note(r.referred(), r.evidence.iter().map(Evidence::citation));
                    self.net.add_edge(NodeIndex::new(r.subject.index()), NodeIndex::new(r.object.index()), r);
                }
                Err(u) => {
                    self.complete = false;
                    self.note(u.refs, u.cited);
                }
            }
        }
    }
}

/// Checks the chunks of relations on all cores, each thread taking the next chunk not yet taken
/// as soon as it is done with one, while another thread merges the checked chunks in input
/// order as they come. No thread waits for the others but at the very end, or when it would
/// run more than a few chunks ahead of the merging (a build of the graph merges slower than it
/// checks): the chunks checked and not yet merged are never more than a few, so that the specs
/// and the graph are never both whole in memory.
fn check_in_order(
    work: impl Iterator<Item = Chunk> + Send,
    check_chunk: &(impl Fn(Chunk) -> Checked + Sync),
    merged: &mut Merged<'_>,
) {
    let threads = rayon::current_num_threads().max(1);
    let ahead = 4 * threads;
    // Taken a chunk at a time, with its place in the input.
    let work = Mutex::new(work.enumerate());
    // How many chunks are merged, for the threads waiting to run ahead.
    let (done, advanced) = (Mutex::new(0usize), Condvar::new());
    let (checked, to_merge) = mpsc::channel::<(usize, Checked)>();
    std::thread::scope(|s| {
        // A thread of its own, never one of the pool's, which would then have a thread fewer.
        s.spawn(|| {
            // Should merging fail, no thread is left waiting for it.
            let _release = Release { done: &done, advanced: &advanced, always: true };
            let mut waiting = BTreeMap::new();
            let (mut first, mut offset) = (0, 0);
            for (i, chunk) in to_merge {
                waiting.insert(i, chunk);
                while let Some(chunk) = waiting.remove(&first) {
                    let n = chunk.1.len();
                    merged.merge(offset, chunk);
                    offset += n;
                    first += 1;
                }
                if let Ok(mut done) = done.lock() {
                    // Never back below a release (see `Release`).
                    *done = first.max(*done);
                }
                advanced.notify_all();
            }
        });
        (0..threads).into_par_iter().for_each_with(checked, |checked, _| {
            // Should checking a chunk fail, the threads waiting for it to be merged go on.
            let _release = Release { done: &done, advanced: &advanced, always: false };
            // The guard is moved into the closure: the queue is locked only while a chunk is taken.
            while let Some((i, chunk)) = work.lock().ok().and_then(|mut w| w.next()) {
                // The chunk first in line is never held back: its index is below `done + ahead`.
                if let Ok(mut done) = done.lock() {
                    while i >= *done + ahead {
                        match advanced.wait(done) {
                            Ok(d) => done = d,
                            Err(_) => break,
                        }
                    }
                }
                if checked.send((i, check_chunk(chunk))).is_err() {
                    break;
                }
            }
        });
    });
}

/// Lets every thread waiting in [`check_in_order`] go on, when the merging ends (`always`) or
/// a thread checking chunks panics: none is then left waiting for a chunk never to come.
struct Release<'a> {
    done: &'a Mutex<usize>,
    advanced: &'a Condvar,
    always: bool,
}

impl Drop for Release<'_> {
    fn drop(&mut self) {
        if !self.always && !std::thread::panicking() {
            return;
        }
        if let Ok(mut done) = self.done.lock() {
            *done = usize::MAX / 2;
        }
        self.advanced.notify_all();
    }
}

/// The sources, checked.
struct Sources {
    /// The index of each id's first source.
    index: IdIndex,
    sources: Vec<Source>,
    /// Each source's text, when it has one; boxed, so that the list looked at for every quote
    /// stays small.
    texts: Vec<Option<Box<QuoteText>>>,
    /// Sources whose id was already taken: their evidence goes to the first.
    redefined: Vec<usize>,
}

/// The index of the actors by id (ids that stand for another actor included), each id
/// checked (a slug, defined once); and which actors define an id again.
fn check_actor_ids(
    specs: &[ActorSpec],
    joins: &[(String, String)],
    problems: &mut Vec<Problem>,
) -> (IdIndex, Vec<bool>) {
    let mut actor_index = IdIndex::with_capacity(specs.len() + joins.len());
    let mut redefined = vec![false; specs.len()];
    for (i, a) in specs.iter().enumerate() {
        if let Some(ahead) = specs.get(i + PREFETCH_AHEAD) {
            actor_index.prefetch(&ahead.id);
        }
        if let Some(p) = check_slug(&a.id, site(EntryKind::Actor, i, "id"), "actor") {
            problems.push(p);
        }
        if let Some(first) = actor_index.insert_new(&a.id, i) {
            problems.push(duplicate(
                "actor",
                &a.id,
                site(EntryKind::Actor, i, "id"),
                site(EntryKind::Actor, first, "id"),
            ));
            redefined[i] = true;
        }
    }
    for (from, to) in joins {
        if let Some(i) = actor_index.get(to) {
            let _ = actor_index.insert_new(from, i);
        }
    }
    (actor_index, redefined)
}

/// Checks the `i`-th actor: its name, kind, ISO code, aliases, the actors it names (added to
/// `referenced`), dates and offices.
fn actor(
    vocabulary: &Vocabulary,
    resolver: &Resolver<'_>,
    sources: &EvidenceContext<'_>,
    i: usize,
    a: &ActorSpec,
    referenced: &mut Vec<ActorKey>,
    problems: &mut Vec<Problem>,
) -> Actor {
    let roots = vocabulary.roots();
    let at = |f| site(EntryKind::Actor, i, f);
    if a.name.trim().is_empty() {
        problems.push(
            Problem::error(at("name"), format!("actor \"{}\" has an empty name", a.id))
                .with_code("empty-name")
                .with_help("give the name people know it by"),
        );
    }
    let kind = actor_kind(vocabulary, i, a, problems);
    if let Some(code) = a.iso3.as_deref() {
        if !(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())) {
            problems.push(
                Problem::error(at("iso3"), format!("\"{code}\" is not an ISO 3166-1 alpha-3 code"))
                    .with_code("invalid-iso3")
                    .with_help("use three capital letters, for example \"IRN\" for Iran"),
            );
        }
    }
    for (j, alias) in a.aliases.iter().enumerate() {
        if alias.trim().is_empty() {
            problems.push(
                Problem::error(Site::new(EntryKind::Actor, i, FieldPath::Item("aliases", j)), "empty alias")
                    .with_code("empty-alias")
                    .with_help("remove it"),
            );
        }
    }
    let mut link = |id: &Option<String>, field: &'static str, problems: &mut Vec<Problem>| -> Option<ActorKey> {
        let key = resolver.resolve(id.as_deref()?, at(field), problems)?;
        referenced.push(key);
        Some(key)
    };
    let country = link(&a.country, "country", problems);
    let place = link(&a.place, "place", problems);
    if let Some(c) = country.filter(|c| c.index() == i) {
        let _ = c;
        problems.push(
            Problem::error(at("country"), format!("actor \"{}\" names itself as its country", a.id))
                .with_code("own-country")
                .with_help("remove the `country` field"),
        );
    }
    let mut start = parse_date(a.start.as_deref(), at("start"), problems);
    let mut end = parse_date(a.end.as_deref(), at("end"), problems);
    let on = parse_date(a.on.as_deref(), at("on"), problems);
    if on.is_some() {
        for (field, given) in [("start", &a.start), ("end", &a.end)] {
            if given.is_some() {
                problems.push(one_date_and(field, "an event", at(field), at("on")));
            }
        }
        (start, end) = (on, on);
    }
    check_order(start, end, EntryKind::Actor, i, (FieldPath::Field("start"), FieldPath::Field("end")), problems);
    let offices = offices(resolver, sources, i, a, referenced, problems);
    let at_evidence = EvidenceAt { entry: EntryKind::Actor, index: i, office: None };
    let evidence = sources.check(a.evidence.clone(), &at_evidence, ACTOR_FACTS, problems);
    if !a.offices.is_empty() && !vocabulary.is_a(kind, roots.person) {
        problems.push(
            Problem::error(at("offices"), format!("only people hold offices, and \"{}\" is not a person", a.id))
                .with_code("office-not-person")
                .with_help(Help::MoveOfficeToPerson),
        );
    }
    Actor {
        id: a.id.as_str().into(),
        name: a.name.as_str().into(),
        aliases: a.aliases.iter().map(|s| s.as_str().into()).collect(),
        kind,
        tags: a.tags.iter().map(|s| s.as_str().into()).collect(),
        note: a.note.as_deref().map(Into::into),
        iso3: a.iso3.as_deref().map(Into::into),
        country,
        offices,
        start,
        end,
        on,
        place,
        evidence,
    }
}

/// The `i`-th actor's kind: the one it names, which must fit its form, or its form's root kind.
fn actor_kind(vocabulary: &Vocabulary, i: usize, a: &ActorSpec, problems: &mut Vec<Problem>) -> ActorKindId {
    let roots = vocabulary.roots();
    let at = |f| site(EntryKind::Actor, i, f);
    let root = match a.form {
        ActorForm::Country => Some(roots.country),
        ActorForm::Person => Some(roots.person),
        ActorForm::Organization => Some(roots.organization),
        ActorForm::Event => Some(roots.event),
        ActorForm::Generic => None,
    };
    match (a.kind.as_deref(), root) {
        (None, Some(r)) => r,
        (None, None) => {
            problems.push(
                Problem::error(
                    Site::new(EntryKind::Actor, i, FieldPath::Whole),
                    format!("actor \"{}\" has no kind", a.id),
                )
                .with_code("missing-kind")
                .with_help(Help::AddActorKind),
            );
            roots.organization
        }
        (Some(k), root) => match vocabulary.actor_kind_id(k) {
            Some(id) => {
                if let Some(r) = root.filter(|&r| !vocabulary.is_a(id, r)) {
                    let subs: Vec<&str> = vocabulary
                        .actor_kinds()
                        .filter(|(kid, _)| vocabulary.is_a(*kid, r))
                        .map(|(_, k)| &*k.id)
                        .collect();
                    problems.push(
                        Problem::error(at("kind"), format!("\"{k}\" is not a kind of {}", vocabulary.actor_kind(r).id))
                            .with_code("wrong-form")
                            .with_help(Help::GeneralForm {
                                form: a.form,
                                kinds: suggest::one_of(subs, 12),
                                kind: k.to_owned(),
                            }),
                    );
                }
                id
            }
            None => {
                let names: Vec<&str> = vocabulary
                    .actor_kinds()
                    .filter(|(kid, _)| root.is_none_or(|r| vocabulary.is_a(*kid, r)))
                    .map(|(_, k)| &*k.id)
                    .collect();
                let near = suggest::closest(k, names.iter().map(|n| (*n, *n)));
                problems.push(
                    Problem::error(at("kind"), format!("unknown actor kind \"{k}\""))
                        .with_code("unknown-actor-kind")
                        .with_help(
                            suggest::did_you_mean(&near).unwrap_or_else(|| {
                                format!("the kinds that fit here are {}", suggest::one_of(names, 12))
                            }),
                        ),
                );
                root.unwrap_or(roots.organization)
            }
        },
    }
}

/// The `i`-th actor's offices, each checked: what it is held in (so referenced), its title and
/// dates.
fn offices(
    resolver: &Resolver<'_>,
    sources: &EvidenceContext<'_>,
    i: usize,
    a: &ActorSpec,
    referenced: &mut Vec<ActorKey>,
    problems: &mut Vec<Problem>,
) -> Vec<Office> {
    let mut offices = Vec::with_capacity(a.offices.len());
    for (j, o) in a.offices.iter().enumerate() {
        let of = FieldPath::ItemField("offices", j, "of");
        let key = resolver.resolve(&o.of, Site::new(EntryKind::Actor, i, of), problems);
        if let Some(k) = key {
            referenced.push(k);
            if k.index() == i {
                problems.push(
                    Problem::error(
                        Site::new(EntryKind::Actor, i, FieldPath::ItemField("offices", j, "of")),
                        "an office of the person itself",
                    )
                    .with_code("own-office")
                    .with_help("`of` names the country or organization the office belongs to"),
                );
            }
        }
        if o.title.trim().is_empty() {
            problems.push(
                Problem::error(
                    Site::new(EntryKind::Actor, i, FieldPath::ItemField("offices", j, "title")),
                    "empty office title",
                )
                .with_code("empty-office-title")
                .with_help("write the title, for example \"Foreign Minister\""),
            );
        }
        let since = parse_date(
            o.since.as_deref(),
            Site::new(EntryKind::Actor, i, FieldPath::ItemField("offices", j, "since")),
            problems,
        );
        let until = parse_date(
            o.until.as_deref(),
            Site::new(EntryKind::Actor, i, FieldPath::ItemField("offices", j, "until")),
            problems,
        );
        check_order(
            since,
            until,
            EntryKind::Actor,
            i,
            (FieldPath::ItemField("offices", j, "since"), FieldPath::ItemField("offices", j, "until")),
            problems,
        );
        let at = EvidenceAt { entry: EntryKind::Actor, index: i, office: Some(j) };
        let evidence = sources.check(o.evidence.clone(), &at, OFFICE_FACTS, problems);
        if let Some(of) = key {
            offices.push(Office { title: o.title.as_str().into(), of, since, until, evidence });
        }
    }
    offices
}

/// What `country` and offices name must fit: a country, and an actor the vocabulary lets
/// offices be held in. Checked once every actor's kind is known.
fn fitting_references(
    vocabulary: &Vocabulary,
    specs: &[ActorSpec],
    actor_index: &IdIndex,
    kinds: &[ActorKindId],
    problems: &mut Vec<Problem>,
) {
    let roots = vocabulary.roots();
    // On all cores, each actor's problems apart, then in input order.
    let found: Vec<Vec<Problem>> = specs.par_iter().enumerate().with_min_len(256).map(|(i, a)| {
        let mut problems = Vec::new();
        let kind_of = |id: &str| actor_index.get(id).map(|k| kinds[k]);
        let named = |k| &*vocabulary.actor_kind(k).id;
        if let Some(c) = a.country.as_deref().filter(|c| *c != a.id) {
            if let Some(ck) = kind_of(c).filter(|&ck| !vocabulary.is_a(ck, roots.country)) {
                problems.push(
                    Problem::error(site(EntryKind::Actor, i, "country"), format!("\"{c}\" is not a country")).with_code("not-a-country")
                        .with_label(format!("\"{c}\" is of kind \"{}\"", named(ck)))
                        .with_help(
                            "`country` names the country the actor belongs to; link it to other actors with a relation, such as `member_of`",
                        ),
                );
            }
        }
        let kind = kinds[i];
        if !vocabulary.is_a(kind, roots.person) {
            return problems;
        }
        let office = vocabulary.holds_office();
        for (j, o) in a.offices.iter().enumerate().filter(|(_, o)| o.of != a.id) {
            let Some(ok) = kind_of(&o.of).filter(|&ok| !vocabulary.allows(office, kind, ok)) else {
                continue;
            };
            let allowed = &vocabulary.relation_kind(office).objects;
            problems.push(
                Problem::error(
                    Site::new(EntryKind::Actor, i, FieldPath::ItemField("offices", j, "of")),
                    format!("an office cannot be held in \"{}\", of kind \"{}\"", o.of, named(ok)),
                )
                .with_code("office-not-allowed")
                .with_help(format!(
                    "the vocabulary's \"{HOLDS_OFFICE}\" kind allows offices in {}",
                    allowed.iter().map(|&k| format!("\"{}\"", named(k))).collect::<Vec<_>>().join(" or ")
                )),
            );
        }
        problems
    }).collect();
    problems.extend(found.into_iter().flatten());
}

fn duplicate(what: &str, id: &str, again: Site, first: Site) -> Problem {
    Problem::error(again, format!("{what} \"{id}\" is defined twice"))
        .with_code("duplicate-id")
        .with_label("defined again here")
        .with_related(first, "first defined here")
        .with_help(format!("remove one of the two definitions, or give this {what} another id"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::testing::vocabulary;

    /// Chunk `k` of a build: `k % 5 + 1` relations of the unknown kind `nope-k`, made after a
    /// wait that differs from chunk to chunk, so that chunks are checked out of order.
    fn chunk(k: usize, checker: &RelationChecker<'_>) -> Produced {
        std::thread::sleep(std::time::Duration::from_micros(((k * 7919) % 13) as u64 * 200));
        let mut checks = checker.checks(k % 5 + 1, false);
        for _ in 0..k % 5 + 1 {
            checks.check(RelationSpec { kind: format!("nope-{k}"), ..RelationSpec::default() });
        }
        Produced::from(checks)
    }

    #[test]
    fn produced_chunks_are_numbered_in_input_order_however_they_are_checked() {
        let expected: Vec<usize> = (0..60).flat_map(|k| std::iter::repeat_n(k, k % 5 + 1)).collect();
        for counts_only in [false, true] {
            let mut builder = GraphBuilder::new(vocabulary());
            if counts_only {
                builder.counts_only();
            }
            let built = builder.build_with(60, 0, chunk);
            let kinds: Vec<(usize, usize)> = built
                .problems
                .iter()
                .filter(|p| p.code == Some("unknown-relation-kind"))
                .map(|p| {
                    let k = p.message.trim_end_matches('"').rsplit('-').next().and_then(|k| k.parse().ok());
                    (p.site.index, k.unwrap_or(usize::MAX))
                })
                .collect();
            let numbered: Vec<(usize, usize)> = expected.iter().copied().enumerate().collect();
            assert_eq!(kinds, numbered, "counts only: {counts_only}");
        }
    }

    #[test]
    fn a_chunk_that_fails_to_be_checked_fails_the_build_and_leaves_no_thread_waiting() {
        let (sent, received) = mpsc::channel();
        std::thread::spawn(move || {
            let built = std::panic::catch_unwind(|| {
                GraphBuilder::new(vocabulary()).build_with(200, 0, |k, checker| {
                    if k == 3 {
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        panic!("chunk 3 fails");
                    }
                    chunk(k, checker)
                })
            });
            let _ = sent.send(built.is_err());
        });
        assert_eq!(received.recv_timeout(std::time::Duration::from_secs(120)), Ok(true));
    }

    /// The problems of a graph of the given actors alone.
    fn problems_of(actors: Vec<ActorSpec>) -> Vec<Problem> {
        let mut builder = GraphBuilder::new(vocabulary());
        for a in actors {
            builder.add_actor(a);
        }
        builder.build().problems.into_iter().filter(Problem::is_error).collect()
    }

    #[test]
    fn an_actor_of_the_general_form_without_a_kind_is_told_to_name_one() {
        let problems = problems_of(vec![ActorSpec::new(ActorForm::Generic, "un", "United Nations")]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].code, &problems[0].message[..]), (Some("missing-kind"), "actor \"un\" has no kind"));
        assert_eq!(problems[0].help, Some(Help::AddActorKind));
    }

    #[test]
    fn a_kind_outside_the_form_is_told_the_form_structurally() {
        let mut city = ActorSpec::new(ActorForm::Country, "paris", "Paris");
        city.kind = Some("person".into());
        let problems = problems_of(vec![city]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, Some("wrong-form"));
        let Some(Help::GeneralForm { form, kind, .. }) = &problems[0].help else { panic!("{problems:?}") };
        assert_eq!((*form, &kind[..]), (ActorForm::Country, "person"));
    }
}
