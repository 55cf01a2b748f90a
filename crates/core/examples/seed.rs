//! A library user's view of the core with the seed dataset: `data/` loaded by diplograph-loader
//! (files, RON and messages are the loader's business), then the core asked how Russia and
//! Hamas were connected in July 2025.
//!
//! Run with `cargo run -p diplograph-core --example seed`; `cargo test` runs its test.

use std::path::Path;

use diplograph_core::query::View;
use diplograph_core::text::relation_line;
use diplograph_core::{Filter, FilterSpec, find_actor};
use diplograph_loader::{LoadOptions, load};

/// The shortest path from `from` to `to` in the dataset at `data`, among the relations that
/// hold at `at`: a line for the path and its sign, then a line per hop.
fn connection(data: &Path, from: &str, to: &str, at: &str) -> Vec<String> {
    let loaded = load(data, &LoadOptions::default()).expect("the data directory can be read");
    // The loader has located every problem in its file; a library user decides what to do.
    for d in &loaded.diagnostics {
        eprintln!("{}", d.message);
    }
    let graph = loaded.graph.expect("the seed data has no errors");

    // Filters name things as users do; they are resolved against the graph.
    let filter =
        Filter::resolve(&FilterSpec { at: Some(at.into()), ..Default::default() }, &graph).expect("a valid date");
    let view = View::new(&graph, &filter);
    let key = |name: &str| find_actor(&graph, name).expect("a known actor");
    let Some(path) = view.shortest_path(key(from), key(to), false) else {
        return vec![format!("{from} and {to} are not connected at {at}")];
    };
    let mut lines = vec![format!(
        "{} to {} at {at}: {} hops, sign {}",
        graph.actor(path.start).name,
        graph.actor(path.end()).name,
        path.len(),
        path.sign(&view).symbol()
    )];
    lines.extend(path.hops.iter().map(|hop| format!("  {}", relation_line(&graph, graph.relation(hop.relation)))));
    lines
}

/// The seed dataset of this repository.
fn seed() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

fn main() {
    for line in connection(&seed(), "russia", "Hamas", "2025-07") {
        println!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_july_2025_russia_reaches_hamas_through_israel_with_a_negative_sign() {
        let lines = connection(&seed(), "russia", "Hamas", "2025-07");
        assert_eq!(lines[0], "Russia to Hamas at 2025-07: 2 hops, sign -", "{lines:#?}");
        assert!(lines[1].starts_with("  Russia -[") && lines[1].ends_with("]- Israel"), "{lines:#?}");
        assert!(lines[2].starts_with("  Israel -[at war with") && lines[2].ends_with("]- Hamas"), "{lines:#?}");
        // Before the attack of 7 October 2023, no relation of the seed links them.
        let before = connection(&seed(), "russia", "Hamas", "2023-01");
        assert_eq!(before, ["russia and Hamas are not connected at 2023-01"]);
    }
}
