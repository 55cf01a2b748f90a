//! `diplograph balance`: structural balance of the signed graph, its ambivalent pairs, its
//! frustration index and its balancers.

use std::io::Write;

use anyhow::Result;
use diplograph_core::query::{Balance, Balancer, Sign, SignPolicy, SignedPair, balance};
use diplograph_core::{Graph, RelationKey};

use crate::app::{Outcome, load_valid, resolve_filter, undated_among, undated_note};
use crate::config::{Balance as BalanceConfig, Format, Global};
use crate::output::{stdout, write_json};
use crate::text::{plural, quotes, relation_line};

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

pub fn run(global: &Global, args: BalanceConfig) -> Result<Outcome> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let filter = resolve_filter(&graph, &args.filter)?;
    let policy = args.policy;
    let b = balance(&graph, &filter, policy);
    let undated = undated_among(&graph, &filter, b.pairs.iter().flat_map(|p| p.relations()));
    let mut out = stdout();
    if args.format == Format::Json {
        write_json(&mut out, &diplograph_answer::balance::json(&graph, &b, &filter))?;
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
