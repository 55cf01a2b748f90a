//! `diplograph watch`: re-check the data (and re-draw a diagram) each time a file is saved.

use std::path::Path;
use std::sync::mpsc;

use anyhow::{Context, Result};
use diplograph_loader::{LoadOptions, fingerprint, is_data_file};
use notify_debouncer_mini::new_debouncer;
use notify_debouncer_mini::notify::RecursiveMode;

use diplograph_core::Graph;

use crate::app::{Outcome, data_path};
use crate::commands::dot::decide;
use crate::commands::render;
use crate::config::{Global, Watch};
use crate::output::{report_errors, write_atomically};
use crate::text::plural;
use diplograph_diagram::dot::to_dot;
use diplograph_diagram::render::Format;

enum Event {
    Touched,
    WatchError(String),
    Stop,
}

pub fn run(global: &Global, args: Watch) -> Result<Outcome> {
    let root = data_path(global)?;
    let (tx, rx) = mpsc::channel::<Event>();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    })
    .context("cannot install the Ctrl-C handler")?;
    let events = tx.clone();
    let mut debouncer = new_debouncer(args.debounce, move |res: notify_debouncer_mini::DebounceEventResult| {
        let event = match res {
            Ok(evs) if evs.iter().any(|e| is_data_file(&e.path)) => Event::Touched,
            Ok(_) => return,
            Err(e) => Event::WatchError(e.to_string()),
        };
        let _ = events.send(event);
    })
    .context("cannot start watching files")?;
    debouncer
        .watcher()
        .watch(&root, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", root.display()))?;
    eprintln!("watching {} (Ctrl-C to stop)", root.display());
    let mut last = fingerprint(&root);
    refresh(global, &root, &args);
    for event in rx {
        match event {
            Event::Touched => {
                // Reading the files is an event too: only a real change counts.
                let now = fingerprint(&root);
                if now == last {
                    continue;
                }
                let mut changed: Vec<String> = now
                    .iter()
                    .filter(|(p, s)| last.get(*p) != Some(*s))
                    .map(|(p, _)| p.display().to_string())
                    .collect();
                changed.extend(
                    last.keys().filter(|p| !now.contains_key(*p)).map(|p| format!("{} (removed)", p.display())),
                );
                last = now;
                eprintln!("\nchanged: {}", changed.join(", "));
                refresh(global, &root, &args);
            }
            Event::WatchError(e) => eprintln!("warning: file watching reported: {e}"),
            Event::Stop => break,
        }
    }
    drop(debouncer);
    eprintln!("stopped watching");
    Ok(Outcome::Success)
}

/// One round: load and check; on success, write the diagram when asked to. Errors are shown;
/// nothing stops the watch.
fn refresh(global: &Global, root: &Path, args: &Watch) {
    let color = global.color;
    let loaded = match diplograph_loader::load(root, &LoadOptions::default()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return;
        }
    };
    let Some(graph) = loaded.graph.as_ref() else {
        let summary = format!("{}; waiting for the next save", plural(loaded.error_count(), "error"));
        report_errors(loaded.diagnostics.iter().filter(|d| d.is_error()), &loaded.files, color, &summary);
        return;
    };
    let warnings = loaded.warning_count();
    let mut line = format!("ok: {} actors, {} relations", graph.actor_count(), graph.relation_count());
    if warnings > 0 {
        line.push_str(&format!(" ({})", plural(warnings, "warning")));
    }
    if let Some((out, format)) = &args.output {
        match draw(graph, out, *format, args) {
            Ok(true) => line.push_str(&format!("; wrote {}", out.display())),
            Ok(false) => line.push_str(&format!("; nothing to draw, {} left as it was", out.display())),
            Err(e) => {
                eprintln!("{line}");
                eprintln!("error: {e:#}");
                return;
            }
        }
    }
    eprintln!("{line}");
}

/// Draws the diagram as `render` (or `dot`, for a `.dot` file) would; false when the options
/// leave nothing to draw (the reason is printed).
fn draw(graph: &Graph, path: &Path, format: Option<Format>, args: &Watch) -> Result<bool> {
    let picture = match decide(graph, &args.diagram)? {
        Ok(p) => p,
        Err(_) => return Ok(false),
    };
    match format {
        None => write_atomically(path, to_dot(&picture).as_bytes())?,
        Some(format) => render::draw(&picture, path, format, args.timeout)?,
    }
    Ok(true)
}
