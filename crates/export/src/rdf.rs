//! RDF: Turtle or N-Triples in a small vocabulary (documented in docs/interop.md).
//!
//! Each actor, relation and source is a resource under a base IRI. A relation that is not
//! negated is also stated directly, `actor kind:KIND actor`, so that SPARQL reads ties as
//! triples; every relation, negated or not, is a reified `rdf:Statement` carrying its dates,
//! status, negation, confidence, strength, place, note and quotes. Relation kinds are
//! properties described with their label, direction, polarity, category and CAMEO code.

use std::io::Write;

use diplograph_core::{Evidence, Graph, PartialDate};
use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use oxttl::{NTriplesSerializer, TurtleSerializer};

use crate::{Error, Subgraph, fields};

/// The vocabulary's namespace (`dg:`).
pub const VOCABULARY: &str = "https://diplograph.example/ns#";
/// The namespace of relation kinds as properties (`kind:`).
pub const KINDS: &str = "https://diplograph.example/kind/";
/// The default base of actors, relations and sources (`actor/ID`, `relation/HANDLE`,
/// `source/ID`).
pub const DEFAULT_BASE: &str = "https://diplograph.example/id/";

const OWL_SYMMETRIC: &str = "http://www.w3.org/2002/07/owl#SymmetricProperty";

/// The RDF syntaxes written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RdfSyntax {
    /// Turtle, with prefixes.
    Turtle,
    /// N-Triples, one triple a line.
    NTriples,
}

/// Builds the triples of an export.
struct Triples<'g> {
    graph: &'g Graph,
    base: String,
    out: Vec<Triple>,
}

impl Triples<'_> {
    fn iri(&self, text: String) -> Result<NamedNode, Error> {
        NamedNode::new(text).map_err(|e| Error::Rdf(e.to_string()))
    }
    fn dg(&self, term: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{VOCABULARY}{term}"))
    }
    fn actor(&self, key: diplograph_core::ActorKey) -> Result<NamedNode, Error> {
        self.iri(format!("{}actor/{}", self.base, self.graph.actor(key).id))
    }
    fn source(&self, key: diplograph_core::SourceKey) -> Result<NamedNode, Error> {
        self.iri(format!("{}source/{}", self.base, self.graph.source(key).id))
    }
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNode, o: impl Into<Term>) {
        self.out.push(Triple::new(s, p, o));
    }
    fn text(&mut self, s: &NamedNode, p: &str, value: Option<&str>) {
        if let Some(v) = value {
            let p = self.dg(p);
            self.add(s.clone(), p, Literal::new_simple_literal(v));
        }
    }
    fn date(&mut self, s: &NamedNode, p: &str, value: Option<PartialDate>) {
        if let Some(d) = value {
            let p = self.dg(p);
            self.add(s.clone(), p, date(d));
        }
    }
    fn link(&mut self, s: &NamedNode, p: &str, value: Option<diplograph_core::ActorKey>) -> Result<(), Error> {
        if let Some(k) = value {
            let (p, o) = (self.dg(p), self.actor(k)?);
            self.add(s.clone(), p, o);
        }
        Ok(())
    }
}

/// A partial date as `xsd:gYear`, `xsd:gYearMonth` or `xsd:date`.
fn date(d: PartialDate) -> Literal {
    let ty = match (d.month_part(), d.day_part()) {
        (None, _) => xsd::G_YEAR,
        (Some(_), None) => xsd::G_YEAR_MONTH,
        _ => xsd::DATE,
    };
    Literal::new_typed_literal(d.to_string(), ty)
}

/// Writes `sub` as RDF; actors, relations and sources are named under `base` (default
/// [`DEFAULT_BASE`]).
pub fn rdf(
    graph: &Graph,
    sub: &Subgraph,
    base: Option<&str>,
    syntax: RdfSyntax,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let mut t = Triples { graph, base: base.unwrap_or(DEFAULT_BASE).to_owned(), out: Vec::new() };
    t.iri(t.base.clone())?;
    kinds(&mut t, sub)?;
    for &k in &sub.sources {
        let s = graph.source(k);
        let node = t.source(k)?;
        let class = t.dg("Source");
        t.add(node.clone(), rdf::TYPE.into_owned(), class);
        t.text(&node, "id", Some(&s.id));
        t.text(&node, "title", s.title.as_deref());
        t.text(&node, "publisher", s.publisher.as_deref());
        t.text(&node, "sourceKind", Some(s.kind.as_str()));
        t.date(&node, "published", s.published);
        if let Some(url) = &s.url {
            let p = t.dg("url");
            t.add(node.clone(), p, Literal::new_typed_literal(&**url, xsd::ANY_URI));
        }
    }
    for &k in &sub.actors {
        let a = graph.actor(k);
        let node = t.actor(k)?;
        let class = t.dg("Actor");
        t.add(node.clone(), rdf::TYPE.into_owned(), class);
        t.add(node.clone(), rdfs::LABEL.into_owned(), Literal::new_simple_literal(&*a.name));
        t.text(&node, "id", Some(&a.id));
        t.text(&node, "name", Some(&a.name));
        t.text(&node, "kind", Some(&graph.vocabulary().actor_kind(a.kind).id));
        for alias in &a.aliases {
            t.text(&node, "alias", Some(alias));
        }
        t.text(&node, "iso3", a.iso3.as_deref());
        t.link(&node, "country", a.country)?;
        for tag in &a.tags {
            t.text(&node, "tag", Some(tag));
        }
        t.date(&node, "start", a.start);
        t.date(&node, "end", a.end);
        t.date(&node, "on", a.on);
        t.link(&node, "place", a.place)?;
        t.text(&node, "note", a.note.as_deref());
        evidence(&mut t, &node, &format!("a{}", k.index()), &a.evidence)?;
    }
    for &k in &sub.relations {
        relation(&mut t, k)?;
    }
    match syntax {
        RdfSyntax::Turtle => {
            let mut s = TurtleSerializer::new();
            for (prefix, iri) in [
                ("dg", VOCABULARY),
                ("kind", KINDS),
                ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
                ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
                ("xsd", "http://www.w3.org/2001/XMLSchema#"),
                ("owl", "http://www.w3.org/2002/07/owl#"),
            ] {
                s = s.with_prefix(prefix, iri).map_err(|e| Error::Rdf(e.to_string()))?;
            }
            let mut w = s.for_writer(out);
            for triple in &t.out {
                w.serialize_triple(triple)?;
            }
            w.finish()?;
        }
        RdfSyntax::NTriples => {
            let mut w = NTriplesSerializer::new().for_writer(out);
            for triple in &t.out {
                w.serialize_triple(triple)?;
            }
            w.finish();
        }
    }
    Ok(())
}

/// The relation kinds used, as properties.
fn kinds(t: &mut Triples<'_>, sub: &Subgraph) -> Result<(), Error> {
    let vocabulary = t.graph.vocabulary();
    let mut used = vec![false; vocabulary.relation_kinds().len()];
    for &k in &sub.relations {
        used[vocabulary.relation_kinds().position(|(id, _)| id == t.graph.relation(k).kind).unwrap_or(0)] = true;
    }
    for ((_, kind), used) in vocabulary.relation_kinds().zip(used) {
        if !used {
            continue;
        }
        let node = t.iri(format!("{KINDS}{}", kind.id))?;
        t.add(node.clone(), rdf::TYPE.into_owned(), rdf::PROPERTY.into_owned());
        let class = t.dg("RelationKind");
        t.add(node.clone(), rdf::TYPE.into_owned(), class);
        if !kind.directed {
            t.add(node.clone(), rdf::TYPE.into_owned(), NamedNode::new_unchecked(OWL_SYMMETRIC));
        }
        t.add(node.clone(), rdfs::LABEL.into_owned(), Literal::new_simple_literal(&*kind.label));
        t.text(&node, "id", Some(&kind.id));
        let p = t.dg("directed");
        t.add(node.clone(), p, Literal::from(kind.directed));
        t.text(&node, "polarity", Some(kind.polarity.as_str()));
        t.text(&node, "category", Some(&kind.category));
        let cameo = kind.cameo.map(|c| format!("{c:02}"));
        t.text(&node, "cameo", cameo.as_deref());
    }
    Ok(())
}

/// One relation: the direct triple (unless negated) and the reified statement.
fn relation(t: &mut Triples<'_>, key: diplograph_core::RelationKey) -> Result<(), Error> {
    let graph = t.graph;
    let r = graph.relation(key);
    let kind = graph.vocabulary().relation_kind(r.kind);
    let handle = fields::relation_handle(graph, key);
    let node = t.iri(format!("{}relation/{handle}", t.base))?;
    let (s, o) = (t.actor(r.subject)?, t.actor(r.object)?);
    let p = t.iri(format!("{KINDS}{}", kind.id))?;
    if !r.negated {
        t.add(s.clone(), p.clone(), o.clone());
    }
    t.add(node.clone(), rdf::TYPE.into_owned(), rdf::STATEMENT.into_owned());
    let class = t.dg("Relation");
    t.add(node.clone(), rdf::TYPE.into_owned(), class);
    t.add(node.clone(), rdf::SUBJECT.into_owned(), s);
    t.add(node.clone(), rdf::PREDICATE.into_owned(), p);
    t.add(node.clone(), rdf::OBJECT.into_owned(), o);
    t.text(&node, "id", r.id.as_deref());
    t.text(&node, "kind", Some(&kind.id));
    t.date(&node, "since", r.since);
    t.date(&node, "until", r.until);
    t.date(&node, "on", r.on);
    t.link(&node, "sinceEvent", r.since_event)?;
    t.link(&node, "untilEvent", r.until_event)?;
    t.text(&node, "status", r.status.map(|s| s.as_str()));
    let p = t.dg("negated");
    t.add(node.clone(), p, Literal::from(r.negated));
    if let Some(c) = r.confidence {
        let p = t.dg("confidence");
        t.add(node.clone(), p, Literal::new_typed_literal(c.to_string(), xsd::DOUBLE));
    }
    t.text(&node, "strength", r.strength.map(|s| s.as_str()));
    t.link(&node, "place", r.place)?;
    for &a in &r.about {
        t.link(&node, "about", Some(a))?;
    }
    t.text(&node, "note", r.note.as_deref());
    t.text(&node, "origin", Some(fields::origin(r)));
    evidence(t, &node, &format!("e{}", key.index()), &r.evidence)
}

/// An entry's evidence, each a blank node (`{prefix}x{i}`) with its `dg:source` and either its
/// `dg:quote`, or, typed `dg:Background`, the `dg:fact`s it backs (none: the whole entry) and its
/// `dg:note`.
fn evidence(t: &mut Triples<'_>, node: &NamedNode, prefix: &str, evidence: &[Evidence]) -> Result<(), Error> {
    for (i, e) in evidence.iter().enumerate() {
        let b = BlankNode::new_unchecked(format!("{prefix}x{i}"));
        let p = t.dg("evidence");
        t.add(node.clone(), p, b.clone());
        let (p, src) = (t.dg("source"), t.source(e.source())?);
        t.add(b.clone(), p, src);
        match e {
            Evidence::Quote { text, .. } => {
                let p = t.dg("quote");
                t.add(b, p, Literal::new_simple_literal(&**text));
            }
            Evidence::Background { fields, note, .. } => {
                let class = t.dg("Background");
                t.add(b.clone(), rdf::TYPE.into_owned(), class);
                for f in fields {
                    let p = t.dg("fact");
                    t.add(b.clone(), p, Literal::new_simple_literal(&**f));
                }
                if let Some(n) = note {
                    let p = t.dg("note");
                    t.add(b, p, Literal::new_simple_literal(&**n));
                }
            }
        }
    }
    Ok(())
}
