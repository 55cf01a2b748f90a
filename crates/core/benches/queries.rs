//! Benchmark of the query layer on a generated graph (default 100,000 actors and 1,000,000
//! relations, skewed degrees): view construction, shortest path, k = 5 shortest paths, cheapest
//! path and sampled betweenness. Prints medians.
//!
//! `cargo bench -p diplograph-core --bench queries`; sizes with `BENCH_ACTORS=... BENCH_RELATIONS=...`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use diplograph_core::query::View;
use diplograph_core::{
    ActorForm, ActorKey, ActorKindSpec, ActorSpec, EvidenceSpec, Filter, FilterSpec, Graph, GraphBuilder,
    RelationKindSpec, RelationSpec, SourceSpec, SplitMix64, Vocabulary,
};

/// Half the time uniform, half the time cubed towards low indices: a few hubs with very many
/// relations, a long tail with few.
fn skewed(rng: &mut SplitMix64, n: usize) -> usize {
    if rng.next_u64() & 1 == 0 { rng.below(n) } else { (rng.unit().powi(3) * n as f64) as usize % n }
}

const KINDS: [(&str, &str, bool); 6] = [
    ("partnership", "cooperative", false),
    ("war", "hostile", false),
    ("negotiation", "neutral", false),
    ("political_backing", "cooperative", true),
    ("sanctions", "hostile", true),
    ("holds_office", "neutral", true),
];

fn generate(actors: usize, relations: usize) -> Graph {
    let kinds = ["country", "person", "organization", "event"]
        .map(|id| ActorKindSpec { id: id.into(), ..Default::default() })
        .to_vec();
    let relation_kinds = KINDS
        .iter()
        .map(|(id, p, d)| RelationKindSpec {
            id: (*id).into(),
            polarity: Some((*p).into()),
            directed: Some(*d),
            ..Default::default()
        })
        .collect();
    let vocabulary = Vocabulary::build(kinds, relation_kinds).0.expect("valid vocabulary");
    let mut b = GraphBuilder::new(vocabulary);
    b.reserve(actors, relations);
    b.add_source(SourceSpec { id: "gen".into(), ..Default::default() });
    for i in 0..actors {
        b.add_actor(ActorSpec::new(ActorForm::Country, format!("a{i}"), format!("Actor {i}")));
    }
    let mut rng = SplitMix64::new(42);
    let mut added = 0;
    while added < relations {
        let s = skewed(&mut rng, actors);
        let o = skewed(&mut rng, actors);
        if s == o {
            continue;
        }
        let kind = rng.below(5);
        let year = 1990 + rng.below(36);
        b.add_relation(RelationSpec {
            subject: format!("a{s}"),
            kind: KINDS[kind].0.into(),
            object: format!("a{o}"),
            since: (rng.below(3) > 0).then(|| year.to_string()),
            confidence: Some([0.5, 0.8, 1.0][rng.below(3)]),
            evidence: vec![EvidenceSpec::quote("gen", "generated")],
            ..Default::default()
        });
        added += 1;
    }
    let built = b.build();
    built.graph.expect("the generated graph is valid")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let env = |name: &str, default: usize| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let actors = env("BENCH_ACTORS", 100_000);
    let relations = env("BENCH_RELATIONS", 1_000_000);
    let start = Instant::now();
    let graph = generate(actors, relations);
    println!(
        "graph: {} actors, {} relations, generated and validated in {:.2} s",
        graph.actor_count(),
        graph.relation_count(),
        start.elapsed().as_secs_f64()
    );
    let all = Filter::all();
    let at = Filter::resolve(&FilterSpec { at: Some("2010".into()), ..Default::default() }, &graph).unwrap();

    let times = (0..5).map(|_| time(|| black_box(View::new(&graph, &all)).entry_count())).collect();
    println!("view (all relations): median {}", ms(median(times)));
    let times = (0..5).map(|_| time(|| black_box(View::new(&graph, &at)).entry_count())).collect();
    println!("view (--at 2010): median {}", ms(median(times)));

    let view = View::new(&graph, &all);
    let mut rng = SplitMix64::new(7);
    let pairs: Vec<(ActorKey, ActorKey)> = (0..20)
        .map(|_| {
            let a = graph.actor_key(&format!("a{}", rng.below(actors))).unwrap();
            let b = graph.actor_key(&format!("a{}", rng.below(actors))).unwrap();
            (a, b)
        })
        .collect();
    let mut lengths = Vec::new();
    let times = pairs
        .iter()
        .map(|&(a, b)| {
            let t = Instant::now();
            let p = black_box(view.shortest_path(a, b, false));
            lengths.push(p.map_or(0, |p| p.len()));
            t.elapsed()
        })
        .collect();
    println!("shortest path, 20 random pairs: median {} (hops: {lengths:?})", ms(median(times)));
    let times =
        pairs.iter().map(|&(a, b)| time(|| black_box(view.shortest_path(a, b, true)).map_or(0, |p| p.len()))).collect();
    println!("cheapest path (Dijkstra), 20 pairs: median {}", ms(median(times)));
    let times = pairs[..5]
        .iter()
        .map(|&(a, b)| time(|| black_box(view.k_shortest_paths(a, b, 5, false)).paths.len()))
        .collect();
    println!("k = 5 shortest paths, 5 pairs: median {}", ms(median(times)));
    let times =
        pairs[..5].iter().map(|&(a, b)| time(|| black_box(view.all_paths(a, b, 3, 1000)).paths.len())).collect();
    println!("all paths up to 3 hops (limit 1000), 5 pairs: median {}", ms(median(times)));
    let times = pairs[..5].iter().map(|&(a, _)| time(|| black_box(view.neighborhood(a, 2)).len())).collect();
    println!("neighbourhood depth 2, 5 actors: median {}", ms(median(times)));
    let t = Instant::now();
    let scores = black_box(view.betweenness(Some(256), 0));
    println!(
        "betweenness from 256 sampled sources: {:.2} s (max {:.4})",
        t.elapsed().as_secs_f64(),
        scores.iter().copied().fold(0.0, f64::max)
    );
}

fn time(f: impl FnOnce() -> usize) -> Duration {
    let t = Instant::now();
    black_box(f());
    t.elapsed()
}
