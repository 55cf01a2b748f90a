//! A library user's view of the core, with no files and no RON: a vocabulary and a few actors
//! and relations built in code, checked (every problem at once), then asked how two actors are
//! connected at a date.
//!
//! Run with `cargo run -p diplograph-core --example path`.

use diplograph_core::query::{Sign, View};
use diplograph_core::text::{dates, relation_tag};
use diplograph_core::*;

fn main() {
    // The kinds the data may use. The four root actor kinds and `holds_office` must exist.
    let actor_kinds = ["country", "person", "organization", "event"]
        .map(|id| ActorKindSpec { id: id.into(), ..Default::default() })
        .to_vec();
    let relation_kind = |id: &str, polarity: &str| RelationKindSpec {
        id: id.into(),
        polarity: Some(polarity.into()),
        directed: Some(false),
        ..Default::default()
    };
    let relation_kinds = vec![
        relation_kind("holds_office", "neutral"),
        relation_kind("partnership", "cooperative"),
        relation_kind("war", "hostile"),
    ];
    let (vocabulary, problems) = Vocabulary::build(actor_kinds, relation_kinds);
    assert!(problems.is_empty(), "{problems:?}");

    let mut builder = GraphBuilder::new(vocabulary.expect("a valid vocabulary"));
    builder.add_source(SourceSpec { id: "report-2025".into(), title: Some("A report".into()), ..Default::default() });
    for (id, name) in [("russia", "Russia"), ("iran", "Iran"), ("israel", "Israel")] {
        builder.add_actor(ActorSpec::new(ActorForm::Country, id, name));
    }
    let mut lavrov = ActorSpec::new(ActorForm::Person, "lavrov", "Sergei Lavrov");
    lavrov.offices.push(OfficeSpec {
        title: "Foreign Minister".into(),
        of: "russia".into(),
        since: Some("2004-03".into()),
        until: None,
    });
    builder.add_actor(lavrov);
    let quote = |text: &str| vec![EvidenceSpec { source: "report-2025".into(), text: text.into() }];
    builder.add_relation(RelationSpec {
        subject: "russia".into(),
        kind: "partnership".into(),
        object: "iran".into(),
        since: Some("2025-01-17".into()),
        evidence: quote("a comprehensive strategic partnership"),
        ..Default::default()
    });
    builder.add_relation(RelationSpec {
        subject: "iran".into(),
        kind: "war".into(),
        object: "israel".into(),
        since: Some("2025-06-13".into()),
        evidence: quote("the war of June 2025"),
        ..Default::default()
    });
    let built = builder.build();
    // Problems are located by entry and field, not by file: the caller knows where each entry
    // came from. Here the only ones are warnings (sources whose quotes cannot be checked).
    for p in &built.problems {
        println!("{:?} at {:?} #{} {}: {}", p.severity, p.site.entry, p.site.index, p.site.field, p.message);
    }
    let graph = built.graph.expect("valid data");

    // How is Lavrov connected to Israel in July 2025? Filters name things as users do; they
    // are resolved against the graph, which reports unknown names with a did-you-mean.
    let spec = FilterSpec { at: Some("2025-07".into()), ..Default::default() };
    let filter = Filter::resolve(&spec, &graph).expect("a valid filter");
    let view = View::new(&graph, &filter);
    let key = |id: &str| find_actor(&graph, id).expect("a known actor");
    let path = view.shortest_path(key("Sergei Lavrov"), key("israel"), false).expect("a path");
    for hop in &path.hops {
        let relation = graph.relation(hop.relation);
        println!("{} -[{}]- {}", graph.actor(hop.from).name, relation_tag(&graph, relation), graph.actor(hop.to).name);
        for e in &relation.evidence {
            println!("    \u{201C}{}\u{201D} ({})", e.text, graph.source(e.source).id);
        }
    }
    // A path's sign multiplies its hops' polarities; the office hop is neutral, so it is unknown.
    assert_eq!(path.sign(&view), Sign::Unknown);
    let from_russia = view.shortest_path(key("russia"), key("israel"), false).expect("a path");
    println!("Russia to Israel: sign {}, the partner of an enemy", from_russia.sign(&view).symbol());
    assert_eq!(from_russia.sign(&view), Sign::Negative);

    // Before the war began, there is no such path.
    let before = Filter::resolve(&FilterSpec { at: Some("2025-03".into()), ..Default::default() }, &graph).unwrap();
    assert!(View::new(&graph, &before).shortest_path(key("lavrov"), key("israel"), false).is_none());
    let office = &graph.actor(key("lavrov")).offices[0];
    println!("Lavrov: {} ({})", office.title, dates(office.since, office.until).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_example_runs_and_its_checks_hold() {
        super::main();
    }
}
