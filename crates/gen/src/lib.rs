//! Synthetic datasets in the real data format: many actors and relations, deterministic for a seed.
//!
//! The generator draws actors of every kind of the vocabulary, then relations whose kinds allow
//! the kinds at both ends (`Vocabulary::allows`). Endpoints are chosen by preferential
//! attachment: an actor already at the end of many relations is proportionally more likely to
//! be chosen again, which gives the heavy-tailed degrees of real event data (a few hubs, many
//! actors with one or two relations). Every actor takes part in at least one relation and every
//! source is cited, so once there are at least as many relations as actors `check` reports no
//! warning but one per source: the generated sources have no full text, so their quotes are not
//! checked (`unchecked-quotes`). The same arguments always write the same bytes: a hand-written splitmix64 generator
//! drives every choice, and nothing iterates a hash map.

use std::fmt::Write as _;
use std::io;

use diplograph_core::{
    ActorForm, ActorKindId, ActorSpec, EvidenceSpec, HOLDS_OFFICE, OfficeSpec, RelationKindId, RelationSpec,
    SourceSpec, SplitMix64, Vocabulary,
};
use diplograph_syntax::writer;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct SynthSpec {
    /// Number of actors.
    pub actors: usize,
    /// Number of relations, offices included (each office is a `holds_office` relation).
    pub relations: usize,
    /// Number of files the data is spread over.
    pub files: usize,
    /// Seed of the random choices.
    pub seed: u64,
}

/// A small, fast, seedable generator (splitmix64); its output is fixed for a seed forever.
struct Rng(SplitMix64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(SplitMix64::new(seed ^ 0x5eed_d1b1_0a7a_0001))
    }

    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number in `0..n`; `n` must be positive.
    fn below(&mut self, n: usize) -> usize {
        (self.0.unit() * n as f64) as usize % n
    }

    fn chance(&mut self, p: f64) -> bool {
        self.0.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index into `weights`, chosen in proportion to them (at least one must be positive).
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.next_u64() % total;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// How the actors of each kind are written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Form {
    Country,
    Person,
    Organization,
    Event,
    Generic,
}

/// Share of actors, in parts per thousand, by actor kind id; kinds not listed get 5.
const ACTOR_SHARES: &[(&str, u64)] = &[
    ("country", 20),
    ("person", 330),
    ("organization", 80),
    ("party", 40),
    ("armed_group", 40),
    ("alliance", 10),
    ("international_body", 20),
    ("government_body", 50),
    ("media", 30),
    ("event", 30),
    ("war", 20),
    ("conflict", 20),
    ("confrontation", 20),
    ("attack", 40),
    ("election", 30),
    ("summit", 50),
    ("crisis", 30),
    ("place", 10),
    ("region", 15),
    ("city", 35),
];

/// Relative frequency of relation kinds, roughly as in event data; kinds not listed get 2.
const RELATION_SHARES: &[(&str, u64)] = &[
    ("public_messaging", 12),
    ("participates_in", 10),
    ("partnership", 8),
    ("negotiation", 8),
    ("member_of", 8),
    ("political_backing", 6),
    ("involvement_in", 6),
    ("hostility", 5),
    ("economic_cooperation", 5),
    ("rivalry", 4),
    ("sanctions", 4),
    ("part_of", 3),
    ("influence_over", 3),
    ("interest_in", 3),
    ("alignment", 3),
    ("military_support", 3),
    ("supplies_arms", 3),
    ("strategic_partnership", 2),
    ("alliance", 2),
    ("military_aid", 2),
    ("mediation", 2),
    ("neutral_stance", 2),
    ("mutual_defence", 1),
    ("war", 1),
    ("deconfliction", 1),
    ("restraint", 1),
    ("governs", 1),
    ("supplies_manpower", 1),
];

const SYLLABLES: &[&str] = &[
    "ka", "ro", "vi", "len", "dor", "sa", "mi", "tal", "ber", "zan", "qu", "el", "ar", "ti", "mo", "na", "ri", "sho",
    "ov", "ia", "ke", "lu", "gar", "des", "pol", "mar", "in", "os", "te", "va", "bri", "chen", "ha", "jo", "nu", "ef",
];
const COUNTRY_ENDINGS: &[&str] = &["ia", "stan", "land", "a", "or", "ene", ""];
const ORG_PATTERNS: &[&str] = &[
    "{} Liberation Front",
    "{} Workers' Party",
    "Council of {}",
    "{} Defence Ministry",
    "{} Broadcasting Corporation",
    "{} Cooperation Organization",
    "Union for {}",
    "{} Security Service",
];
const EVENT_PATTERNS: &[&str] = &["{} crisis", "{} summit", "{} offensive", "{} talks", "{} election", "{} clashes"];
const QUOTES: &[&str] = &[
    "{s} and {o}: {l}, according to officials",
    "officials in {s} confirmed {l} with {o}",
    "{s} announced {l} involving {o}",
    "the statement by {s} described {l} toward {o}",
    "{s} said {l} with {o} would continue",
];
const NEGATED_QUOTES: &[&str] = &[
    "{s} denied any {l} with {o}",
    "{s} stopped short of {l} toward {o}",
    "officials said there was no {l} between {s} and {o}",
];
const PUBLISHERS: &[&str] =
    &["Global Wire", "The Observer Desk", "Eastern Monitor", "Policy Review", "Daily Ledger", "Regional Times"];
const OFFICES: &[&str] = &["Foreign Minister", "President", "Defence Minister", "Spokesperson", "Chair", "Envoy"];

struct ActorGen {
    id: String,
    name: String,
    kind: usize,
}

/// An actor kind of the vocabulary that the generator uses.
struct KindInfo {
    id: ActorKindId,
    name: String,
    form: Form,
    /// Actor indices of this kind.
    pool: Vec<u32>,
    /// One entry per relation end already attached to an actor of this kind.
    ends: Vec<u32>,
}

/// A relation kind with the generator's kinds allowed at each end.
struct RelKindInfo {
    name: String,
    label: String,
    weight: u64,
    subjects: Vec<usize>,
    objects: Vec<usize>,
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
}

fn word(rng: &mut Rng, syllables: usize) -> String {
    let mut w = String::new();
    for _ in 0..syllables {
        let syllable = SYLLABLES[rng.below(SYLLABLES.len())];
        w.push_str(syllable);
    }
    capitalize(&w)
}

fn slug_of(name: &str) -> String {
    let mut s = diplograph_core::slugify(name);
    s.truncate(40);
    s.trim_end_matches('_').to_owned()
}

/// A date string `YYYY`, `YYYY-MM` or `YYYY-MM-DD` in or after `from_year`.
fn date(rng: &mut Rng, from_year: u32, to_year: u32) -> (u32, String) {
    let year = from_year + rng.below((to_year - from_year + 1) as usize) as u32;
    let text = match rng.below(20) {
        0..=11 => format!("{year:04}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        12..=16 => format!("{year:04}-{:02}", 1 + rng.below(12)),
        _ => format!("{year:04}"),
    };
    (year, text)
}

struct Generator<'v> {
    vocabulary: &'v Vocabulary,
    rng: Rng,
    kinds: Vec<KindInfo>,
    relation_kinds: Vec<RelKindInfo>,
    actors: Vec<ActorGen>,
    /// Whether each actor is already at an end of some relation.
    attached: Vec<bool>,
    sources: usize,
}

impl<'v> Generator<'v> {
    fn new(vocabulary: &'v Vocabulary, spec: &SynthSpec) -> Self {
        let roots = vocabulary.roots();
        let mut kinds: Vec<KindInfo> = vocabulary
            .actor_kinds()
            .map(|(id, k)| {
                let form = if vocabulary.is_a(id, roots.country) {
                    Form::Country
                } else if vocabulary.is_a(id, roots.person) {
                    Form::Person
                } else if vocabulary.is_a(id, roots.organization) {
                    Form::Organization
                } else if vocabulary.is_a(id, roots.event) {
                    Form::Event
                } else {
                    Form::Generic
                };
                KindInfo { id, name: k.id.to_string(), form, pool: Vec::new(), ends: Vec::new() }
            })
            .collect();
        let shares: Vec<u64> =
            kinds.iter().map(|k| ACTOR_SHARES.iter().find(|(n, _)| *n == k.name).map_or(5, |(_, w)| *w)).collect();
        let total: u64 = shares.iter().sum();
        // Every kind gets its share, rounded down; the rest goes to the kinds in turn. At least two
        // countries, so that country-to-country relations always have two ends.
        let mut counts: Vec<usize> =
            shares.iter().map(|&w| (spec.actors as u128 * w as u128 / total as u128) as usize).collect();
        let mut assigned: usize = counts.iter().sum();
        let mut turn = 0;
        while assigned < spec.actors {
            let n = counts.len();
            counts[turn % n] += 1;
            assigned += 1;
            turn += 1;
        }
        let mut rng = Rng::new(spec.seed);
        let mut actors = Vec::with_capacity(spec.actors);
        // Kinds are interleaved, so that every file holds a mix of kinds.
        let mut remaining = counts.clone();
        while actors.len() < spec.actors {
            for (k, left) in remaining.iter_mut().enumerate() {
                if *left == 0 {
                    continue;
                }
                *left -= 1;
                let index = actors.len();
                let name = match kinds[k].form {
                    Form::Country => {
                        let syl = 2 + rng.below(2);
                        format!("{}{}", word(&mut rng, syl), rng.pick(COUNTRY_ENDINGS))
                    }
                    Form::Person => {
                        let (a, b) = (1 + rng.below(2), 2 + rng.below(2));
                        format!("{} {}", word(&mut rng, a), word(&mut rng, b))
                    }
                    Form::Organization => {
                        let base = word(&mut rng, 2);
                        rng.pick(ORG_PATTERNS).replace("{}", &base)
                    }
                    Form::Event => {
                        let base = word(&mut rng, 2);
                        format!("{} {}", rng.pick(EVENT_PATTERNS).replace("{}", &base), 1990 + rng.below(37))
                    }
                    Form::Generic => {
                        let syl = 2 + rng.below(2);
                        word(&mut rng, syl)
                    }
                };
                let id = format!("{}_{index}", slug_of(&name));
                kinds[k].pool.push(index as u32);
                actors.push(ActorGen { id, name, kind: k });
            }
        }
        let relation_kinds = vocabulary
            .relation_kinds()
            .filter(|(_, k)| &*k.id != HOLDS_OFFICE)
            .map(|(rid, k)| {
                let weight = RELATION_SHARES.iter().find(|(n, _)| *n == &*k.id).map_or(2, |(_, w)| *w);
                let (subjects, objects) = Self::ends_of(vocabulary, rid, &kinds);
                RelKindInfo { name: k.id.to_string(), label: k.label.to_string(), weight, subjects, objects }
            })
            .filter(|k| !k.subjects.is_empty() && !k.objects.is_empty())
            .collect();
        let sources = (spec.relations / 50).max(1);
        let attached = vec![false; actors.len()];
        Self { vocabulary, rng, kinds, relation_kinds, actors, attached, sources }
    }

    /// The generator's kinds (with at least one actor) allowed as subject and as object.
    fn ends_of(vocabulary: &Vocabulary, kind: RelationKindId, kinds: &[KindInfo]) -> (Vec<usize>, Vec<usize>) {
        let k = vocabulary.relation_kind(kind);
        let fits = |allowed: &[ActorKindId], actual: ActorKindId| {
            allowed.is_empty() || allowed.iter().any(|&a| vocabulary.is_a(actual, a))
        };
        let present = |i: &usize| !kinds[*i].pool.is_empty();
        let subjects = (0..kinds.len()).filter(present).filter(|&i| fits(&k.subjects, kinds[i].id)).collect();
        let objects = (0..kinds.len()).filter(present).filter(|&i| fits(&k.objects, kinds[i].id)).collect();
        (subjects, objects)
    }

    /// An actor of one of `allowed` kinds: with probability 0.6 in proportion to the relations it
    /// already has, otherwise uniformly.
    fn endpoint(&mut self, allowed: &[usize]) -> u32 {
        let weights: Vec<u64> =
            allowed.iter().map(|&k| (self.kinds[k].pool.len() + self.kinds[k].ends.len()) as u64).collect();
        let k = allowed[self.rng.weighted(&weights)];
        let info = &self.kinds[k];
        if !info.ends.is_empty() && self.rng.chance(0.6) {
            *self.rng.pick(&info.ends)
        } else {
            *self.rng.pick(&info.pool)
        }
    }

    fn attach(&mut self, actor: u32) {
        self.attached[actor as usize] = true;
        let k = self.actors[actor as usize].kind;
        self.kinds[k].ends.push(actor);
    }

    /// A relation kind and two distinct ends it allows; `fixed` forces one end to be that actor.
    fn relation_ends(&mut self, fixed: Option<u32>) -> Option<(usize, u32, u32)> {
        let weights: Vec<u64> = match fixed {
            None => self.relation_kinds.iter().map(|k| k.weight).collect(),
            Some(a) => {
                let kind = self.actors[a as usize].kind;
                self.relation_kinds
                    .iter()
                    .map(|k| if k.subjects.contains(&kind) || k.objects.contains(&kind) { k.weight } else { 0 })
                    .collect()
            }
        };
        if weights.iter().all(|&w| w == 0) {
            return None;
        }
        for _ in 0..32 {
            let r = self.rng.weighted(&weights);
            let (subjects, objects) = (self.relation_kinds[r].subjects.clone(), self.relation_kinds[r].objects.clone());
            let (s, o) = match fixed {
                None => (self.endpoint(&subjects), self.endpoint(&objects)),
                Some(a) => {
                    let kind = self.actors[a as usize].kind;
                    let as_subject = subjects.contains(&kind) && (!objects.contains(&kind) || self.rng.chance(0.5));
                    if as_subject { (a, self.endpoint(&objects)) } else { (self.endpoint(&subjects), a) }
                }
            };
            if s != o {
                return Some((r, s, o));
            }
        }
        None
    }

    fn source(&mut self, i: usize) -> SourceSpec {
        let (_, published) = date(&mut self.rng, 1995, 2026);
        let topic = word(&mut self.rng, 2);
        let publisher = self.rng.pick(PUBLISHERS);
        SourceSpec {
            id: format!("src-{i}"),
            title: Some(format!("Report on {topic}")),
            publisher: Some(publisher.to_string()),
            published: Some(published),
            ..SourceSpec::default()
        }
    }

    fn actor(&mut self, i: usize, office: Option<u32>) -> ActorSpec {
        let a = &self.actors[i];
        let k = &self.kinds[a.kind];
        let (id, name, kind_name, form) = (a.id.clone(), a.name.clone(), k.name.clone(), k.form);
        let root = |f: Form| match f {
            Form::Country => "country",
            Form::Person => "person",
            Form::Organization => "organization",
            Form::Event => "event",
            Form::Generic => "",
        };
        let kind = (kind_name != root(form)).then_some(kind_name);
        let countries = self.kinds.iter().position(|k| k.form == Form::Country && !k.pool.is_empty());
        let country = |rng: &mut Rng, p: f64| -> Option<String> {
            match countries {
                Some(c) if rng.chance(p) => {
                    let pool = &self.kinds[c].pool;
                    let other = pool[rng.below(pool.len())];
                    (other as usize != i).then(|| self.actors[other as usize].id.clone())
                }
                _ => None,
            }
        };
        let spec_form = match form {
            Form::Country => ActorForm::Country,
            Form::Person => ActorForm::Person,
            Form::Organization => ActorForm::Organization,
            Form::Event => ActorForm::Event,
            Form::Generic => ActorForm::Generic,
        };
        let mut spec = ActorSpec { kind, ..ActorSpec::new(spec_form, id, name) };
        match form {
            Form::Country => {
                let iso: String = (0..3).map(|_| (b'A' + self.rng.below(26) as u8) as char).collect();
                spec.iso3 = Some(iso);
            }
            Form::Person => {
                spec.country = country(&mut self.rng, 0.5);
                if let Some(of) = office {
                    let title = self.rng.pick(OFFICES);
                    let (_, since) = date(&mut self.rng, 1990, 2026);
                    let of = self.actors[of as usize].id.clone();
                    spec.offices = vec![OfficeSpec { title: title.to_string(), of, since: Some(since), until: None }];
                }
            }
            Form::Organization => spec.country = country(&mut self.rng, 0.3),
            Form::Event => {
                let (year, start) = date(&mut self.rng, 1990, 2025);
                spec.start = Some(start);
                if self.rng.chance(0.6) {
                    spec.end = Some((year + 1 + self.rng.below(3) as u32).to_string());
                }
            }
            Form::Generic => {}
        }
        spec
    }

    fn relation(&mut self, index: usize, (r, s, o): (usize, u32, u32), source: usize) -> RelationSpec {
        self.attach(s);
        self.attach(o);
        let rng = &mut self.rng;
        let kind = &self.relation_kinds[r];
        let (subject, object) = (&self.actors[s as usize], &self.actors[o as usize]);
        debug_assert!({
            let sk = self.kinds[subject.kind].id;
            let ok = self.kinds[object.kind].id;
            self.vocabulary.allows(self.vocabulary.relation_kind_id(&kind.name).unwrap(), sk, ok)
        });
        let mut spec = RelationSpec {
            id: rng.chance(0.1).then(|| format!("r-{index}")),
            subject: subject.id.clone(),
            kind: kind.name.clone(),
            object: object.id.clone(),
            ..RelationSpec::default()
        };
        let (year, since) = date(rng, 1990, 2026);
        spec.since = Some(since);
        let ended = rng.chance(0.25);
        if ended {
            spec.until = Some((year + 1 + rng.below(5) as u32).to_string());
        }
        let negated = rng.chance(0.05);
        spec.status = match rng.below(40) {
            0..=11 if ended => Some("ended".into()),
            0 => Some("proposed".into()),
            1 => Some("offered".into()),
            _ => None,
        };
        spec.negated = negated;
        spec.strength = match rng.below(10) {
            0 => Some("limited".into()),
            1 => Some("strong".into()),
            _ => None,
        };
        if rng.chance(0.4) {
            spec.confidence = Some((5 + rng.below(5)) as f64 / 10.0);
        }
        let templates = if negated { NEGATED_QUOTES } else { QUOTES };
        let text =
            rng.pick(templates).replace("{s}", &subject.name).replace("{o}", &object.name).replace("{l}", &kind.label);
        spec.evidence = vec![EvidenceSpec { source: format!("src-{source}"), text }];
        spec
    }
}

/// Writes one entry of a list, on its own line.
fn push_entry(out: &mut String, entry: &str) {
    let _ = writeln!(out, "        {entry},");
}

/// The name of file `i` of `n`: `part-0001.ron`, numbered from 1 with enough digits for `n`.
pub fn file_name(i: usize, n: usize) -> String {
    let width = n.to_string().len().max(4);
    format!("part-{:0width$}.ron", i + 1)
}

/// Generates the dataset, calling `write(file_name, text)` for each file in order; returns the
/// number of relations written, offices included (fewer than asked only when the vocabulary
/// allows no relation between the generated actors).
///
/// `vocabulary` must hold the four root kinds; relation kinds whose ends no generated actor can
/// take are skipped.
pub fn generate(
    vocabulary: &Vocabulary,
    spec: &SynthSpec,
    mut write: impl FnMut(&str, &str) -> io::Result<()>,
) -> io::Result<usize> {
    let mut g = Generator::new(vocabulary, spec);
    let files = spec.files.max(1);
    // Offices: one for some people, of a country or an organization, at most a twentieth of the
    // relations; they count as relations (`holds_office`).
    let persons: Vec<u32> =
        g.kinds.iter().filter(|k| k.form == Form::Person).flat_map(|k| k.pool.iter().copied()).collect();
    let office_targets: Vec<u32> = g
        .kinds
        .iter()
        .filter(|k| matches!(k.form, Form::Country | Form::Organization))
        .flat_map(|k| k.pool.iter().copied())
        .collect();
    let office_count = if office_targets.is_empty() { 0 } else { (persons.len() / 3).min(spec.relations / 20) };
    let mut office_of: Vec<Option<u32>> = vec![None; g.actors.len()];
    for &p in persons.iter().take(office_count) {
        let of = *g.rng.pick(&office_targets);
        office_of[p as usize] = Some(of);
    }
    let stated = spec.relations - office_count;
    let chunk = |len: usize, f: usize| (len * f / files, len * (f + 1) / files);
    let mut covered = 0usize;
    let mut written = office_count;
    for f in 0..files {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "// Synthetic data from `diplograph gen --actors {} --relations {} --files {} --seed {}`: part {} of {files}.",
            spec.actors,
            spec.relations,
            files,
            spec.seed,
            f + 1
        );
        out.push_str("Graph(\n");
        let (s0, s1) = chunk(g.sources, f);
        if s1 > s0 {
            out.push_str("    sources: [\n");
            for i in s0..s1 {
                let source = g.source(i);
                push_entry(&mut out, &writer::source(&source));
            }
            out.push_str("    ],\n");
        }
        let (a0, a1) = chunk(g.actors.len(), f);
        if a1 > a0 {
            out.push_str("    actors: [\n");
            #[allow(clippy::needless_range_loop)] // `i` is also the actor's index
            for i in a0..a1 {
                if let Some(of) = office_of[i] {
                    g.attach(i as u32);
                    g.attach(of);
                }
                let actor = g.actor(i, office_of[i]);
                push_entry(&mut out, &writer::actor(&actor));
            }
            out.push_str("    ],\n");
        }
        let (r0, r1) = chunk(stated, f);
        if r1 > r0 {
            out.push_str("    relations: [\n");
            for i in r0..r1 {
                // First give every actor a relation and cite every source, then draw freely.
                let mut ends = None;
                while ends.is_none() && covered < g.actors.len() {
                    let a = covered as u32;
                    covered += 1;
                    if office_of[a as usize].is_none() && !g.attached[a as usize] {
                        ends = g.relation_ends(Some(a));
                    }
                }
                let ends = match ends.or_else(|| g.relation_ends(None)) {
                    Some(e) => e,
                    None => break,
                };
                let source = if i < g.sources { i } else { g.rng.below(g.sources) };
                let relation = g.relation(i, ends, source);
                push_entry(&mut out, &writer::relation(&relation));
                written += 1;
            }
            out.push_str("    ],\n");
        }
        out.push_str(")\n");
        write(&file_name(f, files), &out)?;
    }
    Ok(written)
}
