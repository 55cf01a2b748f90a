//! `diplograph balance`: structural balance of the signed graph, its ambivalent pairs, its
//! frustration index and its balancers.

use std::io::Write;

use anyhow::Result;
use diplograph_core::query::{Balance, Balancer, Sign, SignPolicy, SignedPair, balance};
use diplograph_core::{Graph, RelationKey};
use serde::Serialize;

use crate::app::{Outcome, load_valid, resolve_filter, undated_among, undated_note};
use crate::cli::{BalanceArgs, Format, Global};
use crate::json::RelationJson;
use crate::output::{stdout, write_json};
use crate::text::{plural, quotes, relation_line};

#[derive(Serialize)]
struct PairJson<'a> {
    a: &'a str,
    b: &'a str,
    /// The sign in triads: `positive`, `negative`, or `ambivalent` when the policy leaves an
    /// ambivalent pair unresolved.
    sign: &'static str,
    /// Whether the pair has both cooperative and hostile relations.
    ambivalent: bool,
    cooperative: Vec<RelationJson<'a>>,
    hostile: Vec<RelationJson<'a>>,
}

#[derive(Serialize)]
struct TriadJson<'a> {
    actors: [&'a str; 3],
    balanced: bool,
    pairs: Vec<PairJson<'a>>,
}

#[derive(Serialize)]
struct FrustrationJson {
    /// No split contradicts fewer relations.
    lower: usize,
    /// The relations the camps contradict.
    upper: usize,
    exact: bool,
    /// `enumeration` (every split tried) or `local search` (with a lower bound).
    method: &'static str,
}

#[derive(Serialize)]
struct BridgeJson<'a> {
    between: [&'a str; 2],
    weight: f64,
    /// The balancer with each of the two, then the two with each other.
    pairs: Vec<PairJson<'a>>,
}

#[derive(Serialize)]
struct BalancerJson<'a> {
    actor: &'a str,
    weight: f64,
    bridges: Vec<BridgeJson<'a>>,
}

#[derive(Serialize)]
struct BalanceJson<'a> {
    policy: &'static str,
    actors: usize,
    pairs: usize,
    triads: usize,
    balanced_triads: usize,
    /// Balanced triads over all triads; null when there is none.
    balanced_share: Option<f64>,
    frustration: FrustrationJson,
    /// Pairs with both cooperative and hostile relations.
    ambivalent: Vec<PairJson<'a>>,
    balancers: Vec<BalancerJson<'a>>,
    unbalanced: Vec<TriadJson<'a>>,
    camps: [Vec<&'a str>; 2],
    /// Pairs with relations the camps contradict.
    frustrated: Vec<PairJson<'a>>,
    /// Pairs whose actors are in different camps.
    crossing: Vec<PairJson<'a>>,
    /// With --at: how many of the relations behind the pairs have no date.
    undated_relations: Option<usize>,
}

fn pair_json<'a>(graph: &'a Graph, p: &SignedPair) -> PairJson<'a> {
    let relations = |keys: &[RelationKey]| keys.iter().map(|&k| RelationJson::new(graph, graph.relation(k))).collect();
    PairJson {
        a: &graph.actor(p.a).id,
        b: &graph.actor(p.b).id,
        sign: p.sign.as_str(),
        ambivalent: p.is_ambivalent(),
        cooperative: relations(&p.cooperative),
        hostile: relations(&p.hostile),
    }
}

fn labels(graph: &Graph, keys: &[RelationKey]) -> String {
    let mut labels: Vec<&str> = Vec::new();
    for &k in keys {
        let label = &*graph.vocabulary().relation_kind(graph.relation(k).kind).label;
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    labels.join(", ")
}

/// `+ Russia and Iran: strategic partnership, partnership`; an ambivalent pair shows both sides
/// and what the policy made of it: `± Russia and The West: + public messaging; - rivalry
/// (signed - by net weight)`.
fn pair_line(graph: &Graph, p: &SignedPair, policy: SignPolicy) -> String {
    let names = format!("{} and {}", graph.actor(p.a).name, graph.actor(p.b).name);
    if !p.is_ambivalent() {
        let keys = if p.sign == Sign::Positive { &p.cooperative } else { &p.hostile };
        return format!("{} {names}: {}", p.sign.symbol(), labels(graph, keys));
    }
    let verdict = match p.sign {
        Sign::Ambivalent => format!("unresolved by {}", policy_words(policy)),
        s => format!("signed {} by {}", s.symbol(), policy_words(policy)),
    };
    format!("± {names}: + {}; - {} ({verdict})", labels(graph, &p.cooperative), labels(graph, &p.hostile))
}

fn policy_words(policy: SignPolicy) -> &'static str {
    match policy {
        SignPolicy::Net => "net weight",
        SignPolicy::Strongest => "the strongest relation",
        SignPolicy::Drop => "--policy drop",
    }
}

pub fn run(global: &Global, args: BalanceArgs) -> Result<Outcome> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let filter = resolve_filter(&graph, &args.filter.to_spec())?;
    let policy = args.policy.to_core();
    let b = balance(&graph, &filter, policy);
    let undated = undated_among(&graph, &filter, b.pairs.iter().flat_map(|p| p.relations()));
    let mut out = stdout();
    if args.format == Format::Json {
        write_json(&mut out, &to_json(&graph, &b, undated.map(|u| u.0)))?;
    } else if !b.pairs.is_empty() {
        write_text(&mut out, &graph, &b, args.quiet)?;
    }
    out.flush()?;
    if b.pairs.is_empty() {
        eprintln!("no cooperative or hostile relation passes the filters");
        return Ok(Outcome::Failure);
    }
    if let Some((undated, total)) = undated {
        undated_note(undated, total);
    }
    Ok(Outcome::Success)
}

fn to_json<'a>(graph: &'a Graph, b: &Balance, undated: Option<usize>) -> BalanceJson<'a> {
    let pairs = |idx: &mut dyn Iterator<Item = usize>| idx.map(|i| pair_json(graph, &b.pairs[i])).collect::<Vec<_>>();
    BalanceJson {
        policy: b.policy.as_str(),
        actors: b.actor_count(),
        pairs: b.pairs.len(),
        triads: b.triads.len(),
        balanced_triads: b.balanced_count(),
        balanced_share: b.balanced_share(),
        frustration: FrustrationJson {
            lower: b.frustration.lower,
            upper: b.frustration.upper,
            exact: b.frustration.is_exact(),
            method: if b.frustration.enumerated { "enumeration" } else { "local search" },
        },
        ambivalent: pairs(&mut b.ambivalent().into_iter()),
        balancers: b
            .balancers
            .iter()
            .map(|x| BalancerJson {
                actor: &graph.actor(x.actor).id,
                weight: x.weight,
                bridges: x
                    .bridges
                    .iter()
                    .map(|br| BridgeJson {
                        between: br.between.map(|a| &*graph.actor(a).id),
                        weight: br.weight,
                        pairs: pairs(&mut br.pairs.into_iter()),
                    })
                    .collect(),
            })
            .collect(),
        unbalanced: b
            .triads
            .iter()
            .filter(|t| !t.balanced)
            .map(|t| TriadJson {
                actors: t.actors.map(|a| &*graph.actor(a).id),
                balanced: false,
                pairs: pairs(&mut t.pairs.into_iter()),
            })
            .collect(),
        camps: [0, 1].map(|c| b.camps[c].iter().map(|&a| &*graph.actor(a).id).collect()),
        frustrated: pairs(&mut b.frustrated.iter().copied()),
        crossing: pairs(&mut b.crossing().into_iter()),
        undated_relations: undated,
    }
}

fn write_text(out: &mut impl Write, graph: &Graph, b: &Balance, quiet: bool) -> Result<()> {
    let count = |s: Sign| b.pairs.iter().filter(|p| p.own_sign() == s).count();
    writeln!(
        out,
        "Signed graph: {}, {} ({} +, {} -, {} ±)",
        plural(b.actor_count(), "actor"),
        plural(b.pairs.len(), "pair"),
        count(Sign::Positive),
        count(Sign::Negative),
        count(Sign::Ambivalent),
    )?;
    let unbalanced: Vec<_> = b.triads.iter().filter(|t| !t.balanced).collect();
    match b.balanced_share() {
        Some(share) => writeln!(
            out,
            "Triads: {}, {} balanced ({:.1}%), {} unbalanced",
            b.triads.len(),
            b.balanced_count(),
            share * 100.0,
            unbalanced.len()
        )?,
        None => writeln!(out, "Triads: none")?,
    }
    write_frustration(out, b)?;
    let ambivalent = b.ambivalent();
    if !ambivalent.is_empty() {
        writeln!(out, "\nAmbivalent pairs, both cooperative and hostile (--policy {}):", b.policy.as_str())?;
        for &i in &ambivalent {
            write_pair(out, graph, b, i, "  ", quiet)?;
        }
    }
    if !b.balancers.is_empty() {
        writeln!(out, "\nBalancers, cooperative with both sides of a hostile pair:")?;
        for (rank, x) in b.balancers.iter().enumerate() {
            write_balancer(out, graph, b, rank + 1, x, quiet)?;
        }
    }
    if !unbalanced.is_empty() {
        writeln!(out, "\nUnbalanced triads:")?;
        for t in &unbalanced {
            let names: Vec<&str> = t.actors.iter().map(|&a| &*graph.actor(a).name).collect();
            writeln!(out, "  {}", names.join(", "))?;
            for &i in &t.pairs {
                writeln!(out, "    {}", pair_line(graph, &b.pairs[i], b.policy))?;
            }
        }
    }
    write_camps(out, graph, b)
}

fn write_frustration(out: &mut impl Write, b: &Balance) -> Result<()> {
    let f = &b.frustration;
    let relations = |n: usize| plural(n, "relation");
    if f.enumerated {
        writeln!(out, "Frustration index: {} (exact: every split tried)", relations(f.upper))?;
    } else if f.is_exact() {
        writeln!(out, "Frustration index: {} (exact: the local search meets the lower bound)", relations(f.upper))?;
    } else {
        writeln!(
            out,
            "Frustration index: between {} and {} (a lower bound, and the best split a local search found)",
            f.lower,
            relations(f.upper)
        )?;
    }
    Ok(())
}

/// A pair line, then (unless `quiet`) each relation with its quotes.
fn write_pair(out: &mut impl Write, graph: &Graph, b: &Balance, i: usize, indent: &str, quiet: bool) -> Result<()> {
    let p = &b.pairs[i];
    writeln!(out, "{indent}{}", pair_line(graph, p, b.policy))?;
    if !quiet {
        for k in p.relations() {
            let r = graph.relation(k);
            writeln!(out, "{indent}    {}", relation_line(graph, r))?;
            for line in quotes(graph, r, &format!("{indent}        ")) {
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

fn write_balancer(
    out: &mut impl Write,
    graph: &Graph,
    b: &Balance,
    rank: usize,
    x: &Balancer,
    quiet: bool,
) -> Result<()> {
    writeln!(
        out,
        "  {rank}. {}: {} (weight {:.2})",
        graph.actor(x.actor).name,
        plural(x.bridges.len(), "hostile pair"),
        x.weight
    )?;
    for br in &x.bridges {
        let [a, c] = br.between.map(|a| &*graph.actor(a).name);
        writeln!(out, "     between {a} and {c} (weight {:.2})", br.weight)?;
        for &i in &br.pairs {
            write_pair(out, graph, b, i, "       ", quiet)?;
        }
    }
    Ok(())
}

fn write_camps(out: &mut impl Write, graph: &Graph, b: &Balance) -> Result<()> {
    let best = if b.frustration.is_exact() { "a best split" } else { "a good split found by local search" };
    writeln!(
        out,
        "\nTwo camps ({best}; {} contradict{} it):",
        plural(b.frustration.upper, "relation"),
        if b.frustration.upper == 1 { "s" } else { "" }
    )?;
    for (c, camp) in b.camps.iter().enumerate() {
        let names: Vec<&str> = camp.iter().map(|&a| &*graph.actor(a).name).collect();
        let names = if names.is_empty() { "(nobody)".to_string() } else { names.join(", ") };
        writeln!(out, "  {}: {names}", ["A", "B"][c])?;
    }
    let crossing = b.crossing();
    if !crossing.is_empty() {
        writeln!(out, "\nPairs across the camps:")?;
        for i in crossing {
            let note =
                if b.pairs[i].cooperative.is_empty() { "" } else { "   <- cooperative relations split by the camps" };
            writeln!(out, "  {}{note}", pair_line(graph, &b.pairs[i], b.policy))?;
        }
    }
    let inside = b.inside();
    if !inside.is_empty() {
        writeln!(out, "\nHostile relations inside one camp:")?;
        for i in inside {
            writeln!(out, "  {}", pair_line(graph, &b.pairs[i], b.policy))?;
        }
    }
    Ok(())
}
