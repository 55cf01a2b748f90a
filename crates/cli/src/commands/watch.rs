//! `diplograph watch`: re-check the data (and re-draw a diagram) each time a file is saved.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result};
use diplograph_loader::{LoadOptions, fingerprint, is_data_file};
use notify_debouncer_mini::new_debouncer;
use notify_debouncer_mini::notify::RecursiveMode;

use diplograph_core::Graph;

use crate::app::{Outcome, UsageError, data_path};
use crate::cli::{Global, WatchArgs};
use crate::commands::dot::decide;
use crate::commands::render;
use crate::output::{stderr_color, write_atomically};
use diplograph_diagram::dot::to_dot;
use diplograph_diagram::render::Format;

enum Event {
    Touched,
    WatchError(String),
    Stop,
}

pub fn run(global: &Global, args: WatchArgs) -> Result<Outcome> {
    let root = data_path(global)?;
    if let Some(out) = &args.output {
        let dot = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("dot") || e.eq_ignore_ascii_case("gv"));
        if !dot && Format::from_path(out).is_none() {
            return Err(UsageError(format!(
                "cannot tell the format of {}: name the file .svg, .png, .pdf or .dot",
                out.display()
            ))
            .into());
        }
        render::timeout(args.timeout)?;
    }
    let (tx, rx) = mpsc::channel::<Event>();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    })
    .context("cannot install the Ctrl-C handler")?;
    let events = tx.clone();
    let mut debouncer =
        new_debouncer(Duration::from_millis(args.debounce), move |res: notify_debouncer_mini::DebounceEventResult| {
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
fn refresh(global: &Global, root: &Path, args: &WatchArgs) {
    let color = stderr_color(global.color);
    let loaded = match diplograph_loader::load(root, &LoadOptions::default()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return;
        }
    };
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
    let Some(graph) = loaded.graph.as_ref() else {
        eprint!("{}", diplograph_loader::render(&errors, &loaded.files, color));
        eprintln!(
            "error: {} error{}; waiting for the next save",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        return;
    };
    let warnings = loaded.warning_count();
    let mut line = format!("ok: {} actors, {} relations", graph.actor_count(), graph.relation_count());
    if warnings > 0 {
        line.push_str(&format!(" ({warnings} warning{})", if warnings == 1 { "" } else { "s" }));
    }
    if let Some(out) = &args.output {
        match draw(graph, out, args) {
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
fn draw(graph: &Graph, path: &Path, args: &WatchArgs) -> Result<bool> {
    let picture = match decide(graph, &args.diagram)? {
        Ok(p) => p,
        Err(_) => return Ok(false),
    };
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("dot") || e.eq_ignore_ascii_case("gv")) {
        write_atomically(path, to_dot(&picture).as_bytes())?;
    } else {
        let format = Format::from_path(path).ok_or_else(|| {
            UsageError(format!("cannot tell the format of {}: name the file .svg, .png, .pdf or .dot", path.display()))
        })?;
        render::draw(&picture, path, format, render::timeout(args.timeout)?)?;
    }
    Ok(true)
}
