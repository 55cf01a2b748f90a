//! GEXF 1.2 in dynamic mode, as Gephi (with its timeline) and NetworkX read it.
//!
//! Dated relations and events carry a time spell from the first day of their start to the last
//! day of their end (partial dates stand for their whole interval); a spell open at one end
//! leaves that end out. A symmetric relation is a `mutual` edge.

use std::io::Write;

use diplograph_core::{Graph, PartialDate, Span};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};

use crate::fields::{self, ACTOR_FIELDS, Type, first_day, last_day, relation_columns};
use crate::json::VERSION;
use crate::{Error, Subgraph, xml};

fn gexf_type(t: Type) -> &'static str {
    match t {
        Type::Text | Type::List => "string",
        Type::Bool => "boolean",
        Type::Float => "double",
    }
}

/// Writes `sub` as GEXF 1.2.
pub fn gexf(graph: &Graph, sub: &Subgraph, out: &mut dyn Write) -> Result<(), Error> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("gexf");
    xml::push(&mut root, "xmlns", "http://www.gexf.net/1.2draft");
    xml::push(&mut root, "version", "1.2");
    w.write_event(Event::Start(root))?;
    let mut meta = BytesStart::new("meta");
    xml::push(&mut meta, "creator", &format!("diplograph (JSON shapes version {VERSION})"));
    w.write_event(Event::Start(meta))?;
    w.write_event(Event::Start(BytesStart::new("description")))?;
    w.write_event(Event::Text(quick_xml::events::BytesText::new("actors and relations exported by diplograph")))?;
    w.write_event(Event::End(BytesEnd::new("description")))?;
    w.write_event(Event::End(BytesEnd::new("meta")))?;
    let mut g = BytesStart::new("graph");
    xml::push(&mut g, "mode", "dynamic");
    xml::push(&mut g, "defaultedgetype", "directed");
    xml::push(&mut g, "timeformat", "date");
    w.write_event(Event::Start(g))?;
    attributes(&mut w, "node", ACTOR_FIELDS)?;
    // NetworkX keeps an edge's XML id as its `id`: the declared id is `relation_id`.
    attributes(&mut w, "edge", &relation_columns())?;

    w.write_event(Event::Start(BytesStart::new("nodes")))?;
    for &key in &sub.actors {
        let a = graph.actor(key);
        let mut node = BytesStart::new("node");
        xml::push(&mut node, "id", &a.id);
        xml::push(&mut node, "label", &a.name);
        w.write_event(Event::Start(node))?;
        attvalues(&mut w, fields::actor(graph, a))?;
        spell(&mut w, a.start, a.end, Span::new(a.start, a.end))?;
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    w.write_event(Event::End(BytesEnd::new("nodes")))?;

    w.write_event(Event::Start(BytesStart::new("edges")))?;
    for &key in &sub.relations {
        let r = graph.relation(key);
        let kind = graph.vocabulary().relation_kind(r.kind);
        let mut edge = BytesStart::new("edge");
        xml::push(&mut edge, "id", &fields::relation_handle(graph, key));
        xml::push(&mut edge, "source", &graph.actor(r.subject).id);
        xml::push(&mut edge, "target", &graph.actor(r.object).id);
        xml::push(&mut edge, "label", &kind.label);
        if !kind.directed {
            xml::push(&mut edge, "type", "mutual");
        }
        w.write_event(Event::Start(edge))?;
        attvalues(&mut w, fields::relation(graph, r))?;
        spell(&mut w, r.since, r.until, r.span())?;
        w.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    w.write_event(Event::End(BytesEnd::new("edges")))?;
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("gexf")))?;
    w.get_mut().write_all(b"\n")?;
    Ok(())
}

fn attributes<W: Write>(w: &mut Writer<W>, class: &str, list: &[(&str, Type)]) -> Result<(), Error> {
    let mut a = BytesStart::new("attributes");
    xml::push(&mut a, "class", class);
    xml::push(&mut a, "mode", "static");
    w.write_event(Event::Start(a))?;
    for (i, &(name, t)) in list.iter().enumerate() {
        let mut at = BytesStart::new("attribute");
        xml::push(&mut at, "id", &i.to_string());
        xml::push(&mut at, "title", name);
        xml::push(&mut at, "type", gexf_type(t));
        w.write_event(Event::Empty(at))?;
    }
    w.write_event(Event::End(BytesEnd::new("attributes")))?;
    Ok(())
}

fn attvalues<W: Write>(w: &mut Writer<W>, values: Vec<Option<fields::Value>>) -> Result<(), Error> {
    w.write_event(Event::Start(BytesStart::new("attvalues")))?;
    for (i, v) in values.into_iter().enumerate() {
        if let Some(v) = v {
            let mut av = BytesStart::new("attvalue");
            xml::push(&mut av, "for", &i.to_string());
            xml::push(&mut av, "value", &v.to_text());
            w.write_event(Event::Empty(av))?;
        }
    }
    w.write_event(Event::End(BytesEnd::new("attvalues")))?;
    Ok(())
}

/// The time spell of a dated element: from the first day of `since` to the last day of `until`.
/// A relation over with no date at all (`Span::NEVER`) gets no spell, as an undated one.
fn spell<W: Write>(
    w: &mut Writer<W>,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
    span: Span,
) -> Result<(), Error> {
    if (since.is_none() && until.is_none()) || span == Span::NEVER {
        return Ok(());
    }
    // An `ended` relation with only a start ends within its start's interval (Relation::span).
    let until = until.or_else(|| span.to.and(since));
    w.write_event(Event::Start(BytesStart::new("spells")))?;
    let mut s = BytesStart::new("spell");
    if let Some(d) = since {
        xml::push(&mut s, "start", &first_day(d));
    }
    if let Some(d) = until {
        xml::push(&mut s, "end", &last_day(d));
    }
    w.write_event(Event::Empty(s))?;
    w.write_event(Event::End(BytesEnd::new("spells")))?;
    Ok(())
}
