//! `diplograph balance`: structural balance of the signed graph.

use std::io::Write;

use anyhow::Result;
use diplograph_core::Graph;
use diplograph_core::query::{Balance, Sign, SignedPair, balance};

use crate::app::{Outcome, load_valid, resolve_filter};
use crate::cli::{BalanceArgs, Format, Global};
use crate::output::{stdout, write_json};
use crate::text::{plural, quotes, relation_line};

fn symbol(sign: Sign) -> &'static str {
    match sign {
        Sign::Positive => "+",
        Sign::Negative => "-",
        Sign::Unknown => "±",
    }
}

/// `+ Russia and Iran: strategic partnership, partnership`.
fn pair_line(graph: &Graph, p: &SignedPair) -> String {
    let mut labels: Vec<&str> = Vec::new();
    for &k in &p.relations {
        let label = &*graph.vocabulary().relation_kind(graph.relation(k).kind).label;
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    format!("{} {} and {}: {}", symbol(p.sign), graph.actor(p.a).name, graph.actor(p.b).name, labels.join(", "))
}

pub fn run(global: &Global, args: BalanceArgs) -> Result<Outcome> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let filter = resolve_filter(&graph, &args.filter.to_spec())?;
    let b = balance(&graph, &filter);
    let actors = b.camps[0].len() + b.camps[1].len();
    let mut out = stdout();
    if args.format == Format::Json {
        write_json(&mut out, &diplograph_answer::balance::json(&graph, &b))?;
    } else if !b.pairs.is_empty() || !b.ambivalent.is_empty() {
        write_text(&mut out, &graph, &b, actors, args.quiet)?;
    }
    out.flush()?;
    if b.pairs.is_empty() && b.ambivalent.is_empty() {
        eprintln!("no cooperative or hostile relation passes the filters");
        return Ok(Outcome::Failure);
    }
    Ok(Outcome::Success)
}

fn write_text(out: &mut impl Write, graph: &Graph, b: &Balance, actors: usize, quiet: bool) -> Result<()> {
    let friendly = b.pairs.iter().filter(|p| p.sign == Sign::Positive).count();
    let mut summary = format!(
        "Signed graph: {}, {} ({friendly} +, {} -)",
        plural(actors, "actor"),
        plural(b.pairs.len(), "pair"),
        b.pairs.len() - friendly
    );
    if !b.ambivalent.is_empty() {
        summary.push_str(&format!("; {} left out", plural(b.ambivalent.len(), "ambivalent pair")));
    }
    writeln!(out, "{summary}")?;
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
    if !unbalanced.is_empty() {
        writeln!(out, "\nUnbalanced triads:")?;
        for t in &unbalanced {
            let names: Vec<&str> = t.actors.iter().map(|&a| &*graph.actor(a).name).collect();
            writeln!(out, "  {}", names.join(", "))?;
            for &i in &t.pairs {
                let p = &b.pairs[i];
                writeln!(out, "    {}", pair_line(graph, p))?;
                if !quiet {
                    for &k in &p.relations {
                        let r = graph.relation(k);
                        writeln!(out, "        {}", relation_line(graph, r))?;
                        for line in quotes(graph, r, "            ") {
                            writeln!(out, "{line}")?;
                        }
                    }
                }
            }
        }
    }
    let best = if b.exact { "a best split" } else { "a good split found by local search, not proven best" };
    writeln!(
        out,
        "\nTwo camps ({best}; {} contradict{} it):",
        plural(b.frustrated.len(), "pair"),
        if b.frustrated.len() == 1 { "s" } else { "" }
    )?;
    for (c, camp) in b.camps.iter().enumerate() {
        let names: Vec<&str> = camp.iter().map(|&a| &*graph.actor(a).name).collect();
        writeln!(out, "  {}: {}", ["A", "B"][c], names.join(", "))?;
    }
    let crossing = b.crossing();
    if !crossing.is_empty() {
        writeln!(out, "\nPairs across the camps:")?;
        for i in crossing {
            let note = if b.frustrated.contains(&i) { "   <- friends split by the camps" } else { "" };
            writeln!(out, "  {}{note}", pair_line(graph, &b.pairs[i]))?;
        }
    }
    let inside: Vec<_> = b.frustrated.iter().filter(|&&i| b.pairs[i].sign == Sign::Negative).collect();
    if !inside.is_empty() {
        writeln!(out, "\nEnemies inside one camp:")?;
        for &i in inside {
            writeln!(out, "  {}", pair_line(graph, &b.pairs[i]))?;
        }
    }
    if !b.ambivalent.is_empty() {
        writeln!(out, "\nAmbivalent pairs, both cooperative and hostile (left out; narrow with --at):")?;
        for p in &b.ambivalent {
            writeln!(out, "  {}", pair_line(graph, p))?;
        }
    }
    Ok(())
}
