//! Running a command: find and load the data, dispatch, map outcomes to exit codes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use diplograph_core::Graph;
use diplograph_loader::{Cache, LoadOptions, Loaded, load_cached};

use crate::cli::Cli;
use crate::commands;
use crate::config::{self, Command, Config, Global};
use crate::output::{is_broken_pipe, report_errors};
use crate::progress::Progress;
use crate::text::plural;

/// How a command ended, as an exit status.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Outcome {
    /// 0: success.
    Success,
    /// 1: the data has errors, or the query found nothing.
    Failure,
    /// 2: a usage or environment error.
    Usage,
    /// 3: a search stopped at its limit before it could finish; what it found is shown, and
    /// more (or, when nothing was found, an answer) may exist.
    Incomplete,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        match o {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Failure => ExitCode::from(1),
            Outcome::Usage => ExitCode::from(2),
            Outcome::Incomplete => ExitCode::from(3),
        }
    }
}

/// A usage error with a message for the user (exit status 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Parses and checks the arguments, runs the command and turns errors into messages and exit
/// codes.
pub fn main() -> ExitCode {
    let cli = Cli::parse_with_tips();
    let color = config::color(cli.global.color);
    match Config::new(cli).map_err(anyhow::Error::from).and_then(run) {
        Ok(outcome) => outcome.into(),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let prefix = if color { "\x1b[1;31merror\x1b[0m" } else { "error" };
            // An error may quote the data (a did-you-mean) or what was typed: escaped.
            use std::io::Write as _;
            let mut err = crate::output::Escaping(std::io::stderr().lock());
            let _ = write!(err.0, "{prefix}: ");
            let _ = write!(err, "{}", explain(&e));
            // Data problems and empty answers are reported as outcomes, not errors: what reaches
            // here is a usage or environment error.
            Outcome::Usage.into()
        }
    }
}

/// An error's message after `error: `: the error, each cause not already said (an error that
/// quotes its source does not repeat it), and what to do about it when that is plain.
fn explain(e: &anyhow::Error) -> String {
    let mut out = format!("{e}\n");
    let mut said = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !said.contains(&cause) {
            out.push_str(&format!("  caused by: {cause}\n"));
            said.push_str(&cause);
        }
    }
    if let Some(help) = help(e) {
        out.push_str(&format!("  help: {help}\n"));
    }
    out
}

/// What to do about an environment error, when it is plain: a data directory without data, a
/// file this user may not read or write.
fn help(e: &anyhow::Error) -> Option<String> {
    for cause in e.chain() {
        if let Some(diplograph_loader::Error::NoFiles(dir)) = cause.downcast_ref() {
            return Some(format!("to start a dataset there, run `diplograph init {}`", dir.display()));
        }
        if cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::PermissionDenied) {
            return Some("this user may not read or write that file or directory: fix its permissions".into());
        }
    }
    None
}

/// Runs a checked command line.
pub fn run(config: Config) -> Result<Outcome> {
    let global = &config.global;
    match config.command {
        Command::Init { dir } => commands::init::run(&dir),
        Command::Check(c) => commands::check::run(global, c),
        Command::List { kind, format } => commands::list::run(global, kind.as_deref(), format),
        Command::Show { id, format } => commands::show::run(global, &id, format),
        Command::Vocabulary { builtin, format } => commands::vocabulary::run(global, builtin, format),
        Command::Add(c) => commands::add::run(global, c),
        Command::Set { target, assignments, edit } => commands::set::run(global, &target, &assignments, edit),
        Command::Rm { target, cascade, edit } => commands::rm::run(global, &target, cascade, edit),
        Command::Import { paths, edit } => commands::import::run(global, &paths, edit),
        Command::Rename { old, new, alias, edit } => commands::rename::run(global, &old, &new, alias, edit),
        Command::Fmt { check, no_wait } => commands::fmt::run(global, check, no_wait),
        Command::Diff(c) => commands::diff::run(global, c),
        Command::Watch(c) => commands::watch::run(global, c),
        Command::Serve(c) => commands::serve::run(global, c),
        Command::Dot { diagram, output } => commands::dot::run(global, &diagram, output.as_deref()),
        Command::Render(c) => commands::render::run(global, c),
        Command::Mermaid { diagram, output } => commands::mermaid::run(global, &diagram, output.as_deref()),
        Command::Path(c) => commands::path::run(global, c),
        Command::Neighbors(c) => commands::neighbors::run(global, c),
        Command::Between(c) => commands::between::run(global, c),
        Command::Rank(c) => commands::rank::run(global, c),
        Command::Balance(c) => commands::balance::run(global, c),
        Command::Gen { spec, output } => commands::generate::run(&spec, &output),
        Command::Export(c) => commands::export::run(global, c),
        Command::Completions(shell) => commands::shell::completions(shell),
        Command::Man { output } => commands::shell::man(output.as_deref()),
    }
}

/// The data path: `--data`, else `$DIPLOGRAPH_DATA` (both through clap), else `./data`.
///
/// An edit found interrupted there is completed or rolled back first, with a note.
pub fn data_path(global: &Global) -> Result<PathBuf> {
    let path = find_data(global)?;
    if let Some(r) = diplograph_loader::recover(&path)? {
        eprintln!("note: {r}");
    }
    Ok(path)
}

/// The data path, as [`data_path`] finds it.
fn find_data(global: &Global) -> Result<PathBuf> {
    if let Some(p) = &global.data {
        if !p.exists() {
            return Err(UsageError(format!("the data path {} does not exist", p.display())).into());
        }
        return Ok(p.clone());
    }
    let default = Path::new("data");
    if default.is_dir() {
        return Ok(default.to_owned());
    }
    Err(UsageError(
        "no data found: pass --data DIR, set DIPLOGRAPH_DATA, or run from a directory that has a data/ directory"
            .into(),
    )
    .into())
}

/// Where snapshots of validated data are kept: `$DIPLOGRAPH_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/diplograph`, else `~/.cache/diplograph`; `None` when none can be found.
pub fn cache_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = var("DIPLOGRAPH_CACHE_DIR") {
        return Some(dir);
    }
    if let Some(xdg) = var("XDG_CACHE_HOME").filter(|p| p.is_absolute()) {
        return Some(xdg.join("diplograph"));
    }
    var("HOME").map(|home| home.join(".cache").join("diplograph"))
}

/// Data larger than this shows a spinner while it loads (on a terminal).
const LARGE_DATA: u64 = 16 * 1024 * 1024;

/// Loads the data, whatever its state: from the cache when it holds a snapshot of exactly these
/// files, else by parsing them (and then saving a snapshot when the data is valid).
///
/// `texts`: whether the command needs the files' texts (to show positions); without them, a load
/// from the cache does not read the files into memory, it only hashes them.
pub fn load(global: &Global, options: &LoadOptions, texts: bool) -> Result<Loaded> {
    load_showing(global, options, texts, true)
}

/// [`load`]; `warnings`: whether the command shows the load's warnings (a query does not, and
/// then a load from the cache does not read the files to place them).
fn load_showing(global: &Global, options: &LoadOptions, texts: bool, warnings: bool) -> Result<Loaded> {
    // Without a need for texts, they are not kept past parsing (read again for messages).
    let options = &LoadOptions { without_texts: !texts, ..options.clone() };
    let path = data_path(global)?;
    let context = || format!("cannot load the data at {}", path.display());
    let size: u64 = diplograph_loader::data_files(&path)
        .map(|files| files.iter().filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0);
    let progress = Progress::spinner_if(size > LARGE_DATA, &format!("loading {:.0} MB of data", size as f64 / 1e6));
    let cache = if global.no_cache { None } else { cache_dir() };
    let loaded = match cache {
        None => diplograph_loader::load(&path, options).with_context(context)?,
        Some(dir) => {
            let cache = Cache { dir, version: env!("CARGO_PKG_VERSION").to_owned(), texts, warnings };
            let (loaded, status) = load_cached(&path, options, &cache).with_context(context)?;
            if std::env::var_os("DIPLOGRAPH_CACHE_LOG").is_some() {
                eprintln!("cache: {status:?}");
            }
            loaded
        }
    };
    progress.finish();
    Ok(loaded)
}

/// Lets a large value go without freeing it: the process is about to exit, which frees
/// everything at once, while freeing a million relations one by one takes a noticeable time.
pub fn release<T>(value: T) {
    std::mem::forget(value);
}

/// Loads the data for a query; when it has errors, prints them and returns `Err(Outcome)`.
pub fn load_valid(global: &Global) -> Result<std::result::Result<(Loaded, Graph), Outcome>> {
    load_valid_with(global, false)
}

/// [`load_valid`], with the files' texts when `texts` (see [`load`]).
pub fn load_valid_with(global: &Global, texts: bool) -> Result<std::result::Result<(Loaded, Graph), Outcome>> {
    let mut loaded = load_showing(global, &LoadOptions::default(), texts, false)?;
    match loaded.graph.take() {
        Some(graph) => Ok(Ok((loaded, graph))),
        None => {
            let errors = loaded.error_count();
            let summary = format!(
                "the data has {}; fix {} (see `diplograph check`) and try again",
                plural(errors, "error"),
                if errors == 1 { "it" } else { "them" }
            );
            report_errors(loaded.diagnostics.iter().filter(|d| d.is_error()), &loaded.files, global.color, &summary);
            Ok(Err(Outcome::Failure))
        }
    }
}

/// The key of an actor id, or a usage error with a did-you-mean.
pub fn actor_key(graph: &Graph, id: &str) -> Result<diplograph_core::ActorKey> {
    diplograph_answer::actor_key(graph, id).map_err(usage)
}

/// A request the answers refuse, as a usage error (exit status 2).
pub fn usage(e: diplograph_answer::Error) -> anyhow::Error {
    UsageError(e.to_string()).into()
}

/// Resolves a filter against the graph; unknown names are usage errors with a did-you-mean.
/// Says, after an answer at a date, how many of its relations have no date: unless over, an
/// undated relation holds at every date, so it is in the answer whatever `--at` says.
pub fn undated_note(undated: usize, total: usize) {
    if undated > 0 {
        eprintln!(
            "note: {undated} of the {} in this answer {} no date and {} at every date; --dated leaves them out",
            plural(total, "relation"),
            if undated == 1 { "has" } else { "have" },
            if undated == 1 { "holds" } else { "hold" },
        );
    }
}

/// With `--at` and without `--dated`, the number of undated relations among `relations`.
pub fn undated_among(
    graph: &Graph,
    filter: &diplograph_core::Filter,
    relations: impl IntoIterator<Item = diplograph_core::RelationKey>,
) -> Option<(usize, usize)> {
    if filter.at.is_none() || filter.dated_only {
        return None;
    }
    let (mut undated, mut total) = (0, 0);
    for k in relations {
        total += 1;
        undated += usize::from(graph.relation(k).is_undated());
    }
    Some((undated, total))
}

pub fn resolve_filter(graph: &Graph, spec: &diplograph_core::FilterSpec) -> Result<diplograph_core::Filter> {
    diplograph_core::Filter::resolve(spec, graph).map_err(|e| UsageError(e.to_string()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_file_is_said_once_with_what_to_do() {
        // As root, a file of mode 000 is readable: the error it gives another user is made here.
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let reason = diplograph_loader::confine::Refusal::Io(denied);
        let e = anyhow::Error::new(diplograph_loader::Error::NotRead { path: "data/a.ron".into(), reason })
            .context("cannot load the data at data");
        let text = explain(&e);
        assert_eq!(text.matches("permission denied").count(), 1, "{text}");
        assert!(
            text.starts_with("cannot load the data at data\n  caused by: cannot read data/a.ron: permission denied\n")
        );
        assert!(text.ends_with("help: this user may not read or write that file or directory: fix its permissions\n"));
    }

    #[test]
    fn a_directory_without_data_points_to_init() {
        let e = anyhow::Error::new(diplograph_loader::Error::NoFiles("empty".into())).context("cannot load the data");
        assert!(
            explain(&e).ends_with("help: to start a dataset there, run `diplograph init empty`\n"),
            "{}",
            explain(&e)
        );
    }
}
