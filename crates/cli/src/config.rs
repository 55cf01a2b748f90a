//! The plain configuration the commands run on: the command line's values, checked before any
//! data is loaded. No clap type reaches past this module.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use diplograph_answer::path::PathQuery;
use diplograph_answer::rank::RankQuery;
use diplograph_core::FilterSpec;
use diplograph_core::query::SignPolicy;
use diplograph_diagram::page::Page;
use diplograph_diagram::picture::{Frame, LegendMode};
use diplograph_diagram::render;
use diplograph_edit::Assignment;
use diplograph_gen::SynthSpec;

use crate::app::UsageError;
use crate::cli::{self, Cli};

/// What to run, and with which data.
pub struct Config {
    /// The options every command takes.
    pub global: Global,
    /// The command.
    pub command: Command,
}

/// Options every command takes.
#[derive(Clone, Debug)]
pub struct Global {
    /// `--data`, else `$DIPLOGRAPH_DATA`; `None`: `./data`.
    pub data: Option<PathBuf>,
    /// Whether to colour what is written to stderr.
    pub color: bool,
    /// Read the files even when the cache holds a snapshot of them.
    pub no_cache: bool,
}

/// Output format of the query commands and `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Text for people.
    Text,
    /// JSON for programs.
    Json,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 2] = [Format::Text, Format::Json];

    /// Its name in `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
        }
    }
}

/// The commands, each with its checked options.
pub enum Command {
    Init { dir: PathBuf },
    Check(Check),
    List { kind: Option<String>, format: Format },
    Show { id: String, format: Format },
    Vocabulary { builtin: bool, format: Format },
    Path(Path),
    Neighbors(Neighbors),
    Between(Between),
    Rank(Rank),
    Balance(Balance),
    Dot { diagram: Diagram, output: Option<PathBuf> },
    Render(Render),
    Mermaid { diagram: Diagram, output: Option<PathBuf> },
    Watch(Watch),
    Serve(Serve),
    Gen { spec: SynthSpec, output: PathBuf },
    Export(Export),
    Add(Add),
    Set { target: String, assignments: Vec<Assignment>, edit: Edit },
    Rm { target: String, cascade: bool, edit: Edit },
    Import { paths: Vec<PathBuf>, edit: Edit },
    Rename { old: String, new: String, alias: bool, edit: Edit },
    Fmt { check: bool, no_wait: bool },
    Diff(Diff),
    Completions(Shell),
    Man { output: Option<PathBuf> },
}

/// `check`.
pub struct Check {
    /// A directory of source texts, checked to be one.
    pub sources: Option<PathBuf>,
    /// Leave warnings out.
    pub quiet: bool,
    /// List the facts that rest on no quote.
    pub unsourced: bool,
    /// Text on stderr, or JSON on stdout.
    pub format: Format,
}

/// `path`.
pub struct Path {
    /// The query, its counts and filter values checked.
    pub query: PathQuery,
    /// Leave the quotes out.
    pub quiet: bool,
    /// Output format.
    pub format: Format,
}

/// `neighbors`.
pub struct Neighbors {
    /// The actor at the centre.
    pub id: String,
    /// How many hops away, at least 1.
    pub depth: usize,
    /// The relations considered.
    pub filter: FilterSpec,
    /// Leave out the relations that reach each actor.
    pub quiet: bool,
    /// Output format.
    pub format: Format,
}

/// `between`.
pub struct Between {
    /// One actor.
    pub a: String,
    /// The other actor.
    pub b: String,
    /// The relations considered.
    pub filter: FilterSpec,
    /// Leave out the quotes and notes.
    pub quiet: bool,
    /// Output format.
    pub format: Format,
}

/// `rank`.
pub struct Rank {
    /// The measure and how much to show, checked.
    pub query: RankQuery,
    /// The relations considered.
    pub filter: FilterSpec,
    /// Output format.
    pub format: Format,
}

/// `balance`.
pub struct Balance {
    /// The relations considered.
    pub filter: FilterSpec,
    /// How an ambivalent pair is signed.
    pub policy: SignPolicy,
    /// Leave out the relations and quotes behind each pair.
    pub quiet: bool,
    /// Output format.
    pub format: Format,
}

/// What a diagram shows and how: `dot`, `render`, `mermaid` and `watch`.
#[derive(Clone, Debug)]
pub struct Diagram {
    /// The relations drawn; negated ones when asked for.
    pub filter: FilterSpec,
    /// Draw the neighbourhood of these actors (none: no focus).
    pub focus: Vec<String>,
    /// Highlight a shortest path between these two actors.
    pub path: Option<[String; 2]>,
    /// How many relations away from the focus or the path to go.
    pub depth: usize,
    /// With `path`: the path alone.
    pub only_path: bool,
    /// Also draw actors no drawn relation touches.
    pub show_isolated: bool,
    /// The most actors drawn.
    pub max_nodes: usize,
    /// The look of the picture.
    pub frame: Frame,
    /// The page to fit the picture to.
    pub page: Option<Page>,
}

/// `render`.
pub struct Render {
    /// What to draw.
    pub diagram: Diagram,
    /// The picture file.
    pub output: PathBuf,
    /// Its format, from its extension.
    pub format: render::Format,
    /// How long Graphviz may take.
    pub timeout: Duration,
}

/// `watch`.
pub struct Watch {
    /// What to draw.
    pub diagram: Diagram,
    /// Where to draw it after each good check, and in what format (`None`: DOT).
    pub output: Option<(PathBuf, Option<render::Format>)>,
    /// How long Graphviz may take.
    pub timeout: Duration,
    /// How long to wait after the last save.
    pub debounce: Duration,
}

/// `serve`.
pub struct Serve {
    /// The address to listen on, checked against `--allow-remote`.
    pub bind: IpAddr,
    /// The port.
    pub port: u16,
    /// Open a browser.
    pub open: bool,
    /// The longest a query may run.
    pub budget: Duration,
    /// The most requests a second, at least 1.
    pub rate: u64,
    /// How long to wait after the last save.
    pub debounce: Duration,
    /// A directory of source texts, checked to be one.
    pub sources: Option<PathBuf>,
}

/// `export`.
pub struct Export {
    /// The format.
    pub format: diplograph_export::Format,
    /// Only the actors within `depth` relations of these.
    pub focus: Vec<String>,
    /// How far from `focus`.
    pub depth: usize,
    /// Whether negated relations are written.
    pub negated: bool,
    /// RDF: the base IRI.
    pub base: Option<String>,
    /// The relations written.
    pub filter: FilterSpec,
    /// The file (or, for csv and neo4j, the directory, then always given) to write.
    pub output: Option<PathBuf>,
}

/// Options every edit command takes.
#[derive(Clone, Copy, Debug)]
pub struct Edit {
    /// Print the diff instead of writing.
    pub dry_run: bool,
    /// Fail at once when another edit is in progress.
    pub no_wait: bool,
}

/// `add`.
pub enum Add {
    /// `add actor`.
    Actor { kind: String, id: String, name: String, assignments: Vec<Assignment>, file: Option<PathBuf>, edit: Edit },
    /// `add relation`.
    Relation(Box<AddRelation>),
    /// `add source`.
    Source { id: String, assignments: Vec<Assignment>, text: Option<PathBuf>, file: Option<PathBuf>, edit: Edit },
    /// `add kind`.
    Kind { relation: bool, id: String, assignments: Vec<Assignment>, file: Option<PathBuf>, edit: Edit },
}

/// `add relation`: the actors are resolved by name or alias once the data is open.
pub struct AddRelation {
    pub subject: String,
    pub kind: String,
    pub object: String,
    pub id: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub on: Option<String>,
    pub since_event: Option<String>,
    pub until_event: Option<String>,
    pub status: Option<String>,
    pub negated: bool,
    pub about: Vec<String>,
    pub place: Option<String>,
    pub strength: Option<String>,
    pub confidence: Option<String>,
    pub evidence: Vec<String>,
    pub background: Vec<String>,
    pub note: Option<String>,
    pub file: Option<PathBuf>,
    pub edit: Edit,
}

/// Where `diff` reads its two datasets.
pub enum DiffSides {
    /// Two data paths.
    Paths(PathBuf, PathBuf),
    /// Revision `A`, and revision `B` or (`None`) the working directory, of the data directory.
    Git(String, Option<String>),
}

/// What `diff` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffOutput {
    Quiet,
    Dot,
    Report(Format),
}

/// `diff`.
pub struct Diff {
    pub sides: DiffSides,
    pub output: DiffOutput,
    /// Exit 1 when the datasets differ.
    pub exit_code: bool,
}

/// The shells `completions` writes for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

impl Shell {
    /// Every shell.
    pub const ALL: [Shell; 5] = [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::Powershell, Shell::Elvish];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Zsh => "zsh",
            Shell::Fish => "fish",
            Shell::Powershell => "powershell",
            Shell::Elvish => "elvish",
        }
    }
}

/// A usage error for the command line.
fn usage(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

impl Config {
    /// Checks the parsed command line and turns it into plain values.
    pub fn new(cli: Cli) -> Result<Self, UsageError> {
        let global = Global { data: cli.global.data, color: color(cli.global.color), no_cache: cli.global.no_cache };
        let command = match cli.command {
            // Without a directory, the data directory the other commands would read.
            cli::Command::Init(a) => {
                Command::Init { dir: a.dir.or_else(|| global.data.clone()).unwrap_or_else(|| PathBuf::from("data")) }
            }
            other => command(other)?,
        };
        Ok(Self { global, command })
    }
}

/// Whether to colour what is written to stderr.
pub fn color(choice: cli::ColorChoice) -> bool {
    match choice {
        cli::ColorChoice::Always => true,
        cli::ColorChoice::Never => false,
        cli::ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
        }
    }
}

fn command(command: cli::Command) -> Result<Command, UsageError> {
    use cli::Command as C;
    Ok(match command {
        C::Init(a) => Command::Init { dir: a.dir.unwrap_or_else(|| PathBuf::from("data")) },
        C::Check(a) => Command::Check(Check {
            sources: sources_dir(a.sources)?,
            quiet: a.quiet,
            unsourced: a.unsourced,
            format: a.format.into(),
        }),
        C::List(a) => Command::List { kind: a.kind, format: a.format.into() },
        C::Show(a) => Command::Show { id: a.id, format: a.format.into() },
        C::Vocabulary(a) => Command::Vocabulary { builtin: a.builtin, format: a.format.into() },
        C::Path(a) => Command::Path(path(a)?),
        C::Neighbors(a) => Command::Neighbors(Neighbors {
            id: a.id,
            depth: a.depth,
            filter: filter(&a.filter)?,
            quiet: a.quiet.quiet,
            format: a.format.into(),
        }),
        C::Between(a) => Command::Between(Between {
            a: a.a,
            b: a.b,
            filter: filter(&a.filter)?,
            quiet: a.quiet.quiet,
            format: a.format.into(),
        }),
        C::Rank(a) => Command::Rank(rank(a)?),
        C::Balance(a) => Command::Balance(Balance {
            filter: filter(&a.filter)?,
            policy: a.policy,
            quiet: a.quiet.quiet,
            format: a.format.into(),
        }),
        C::Dot(a) => Command::Dot { diagram: diagram(a.diagram)?, output: a.output },
        C::Render(a) => Command::Render(Render {
            format: picture_format(&a.output, ".svg, .png or .pdf")?,
            diagram: diagram(a.diagram)?,
            output: a.output,
            timeout: seconds("--timeout", a.timeout)?,
        }),
        C::Mermaid(a) => Command::Mermaid { diagram: diagram(a.diagram)?, output: a.output },
        C::Watch(a) => Command::Watch(watch(a)?),
        C::Serve(a) => Command::Serve(serve(a)?),
        C::Gen(a) => Command::Gen { spec: synth(&a)?, output: a.output },
        C::Export(a) => Command::Export(export(a)?),
        C::Add(a) => Command::Add(add(*a)?),
        C::Set(a) => Command::Set { target: a.target, assignments: assignments(&a.assignments)?, edit: a.edit.into() },
        C::Rm(a) => Command::Rm { target: a.target, cascade: a.cascade, edit: a.edit.into() },
        C::Import(cli::ImportCommand::Csv(a)) => Command::Import { paths: a.paths, edit: a.edit.into() },
        C::Rename(a) => Command::Rename { old: a.old, new: a.new, alias: !a.no_alias, edit: a.edit.into() },
        C::Fmt(a) => Command::Fmt { check: a.check, no_wait: a.no_wait },
        C::Diff(a) => Command::Diff(diff(a)?),
        C::Completions(a) => Command::Completions(a.shell),
        C::Man(a) => Command::Man { output: a.output },
    })
}

/// A date given as `option`, checked: a mistake names the option and the value.
fn date(option: &str, value: Option<&str>) -> Result<(), UsageError> {
    match value.map(diplograph_core::PartialDate::parse) {
        Some(Err(e)) => Err(usage(format!("{option} {}: {e}", value.unwrap_or_default()))),
        _ => Ok(()),
    }
}

/// `add relation --status`, `--strength` and `--confidence`, checked: a mistake names the option
/// and the value.
fn qualifiers(a: &cli::AddRelationArgs) -> Result<(), UsageError> {
    use diplograph_core::{Status, Strength};
    if let Some(s) = a.status.as_deref().filter(|s| Status::parse(s).is_none()) {
        let all: Vec<&str> = Status::ALL.iter().map(|x| x.as_str()).collect();
        return Err(usage(format!("--status {s}: the status is one of {}", all.join(", "))));
    }
    if let Some(s) = a.strength.as_deref().filter(|s| Strength::parse(s).is_none()) {
        let all: Vec<&str> = Strength::ALL.iter().map(|x| x.as_str()).collect();
        return Err(usage(format!("--strength {s}: the strength is one of {}", all.join(", "))));
    }
    if let Some(c) = a.confidence.as_deref() {
        match c.parse::<f64>() {
            Ok(x) if (0.0..=1.0).contains(&x) => {}
            Ok(_) => return Err(usage(format!("--confidence {c} is outside 0.0 to 1.0"))),
            Err(_) => return Err(usage(format!("--confidence {c} is not a number (0.0 to 1.0)"))),
        }
    }
    Ok(())
}

/// The filter options as the core takes them, their values checked.
fn filter(args: &cli::FilterArgs) -> Result<FilterSpec, UsageError> {
    date("--at", args.at.as_deref())?;
    let spec = FilterSpec {
        kinds: args.kinds.clone(),
        exclude_kinds: args.exclude_kinds.clone(),
        polarities: args.polarity.clone(),
        categories: args.category.clone(),
        at: args.at.clone(),
        min_confidence: args.min_confidence,
        dated_only: args.dated,
        avoid: args.avoid.clone(),
        through: Vec::new(),
        directed: args.directed,
        include_negated: false,
    };
    spec.check().map_err(|e| match e {
        diplograph_core::Error::UnknownPolarity(_) => usage(format!("--polarity: {e}")),
        e => usage(e.to_string()),
    })?;
    Ok(spec)
}

fn path(a: cli::PathArgs) -> Result<Path, UsageError> {
    let query = PathQuery {
        from: a.from,
        to: a.to,
        k: a.k,
        all: a.all,
        max_hops: a.max_hops,
        limit: a.limit,
        weighted: a.weighted,
        filter: FilterSpec { through: a.through, ..filter(&a.filter)? },
    };
    query.check().map_err(|e| usage(e.to_string()))?;
    Ok(Path { query, quiet: a.quiet.quiet, format: a.format.into() })
}

fn rank(a: cli::RankArgs) -> Result<Rank, UsageError> {
    let query = RankQuery { metric: a.metric, top: a.top, samples: a.samples, seed: a.seed };
    diplograph_answer::rank::check(&query).map_err(|e| usage(e.to_string()))?;
    Ok(Rank { query, filter: filter(&a.filter)?, format: a.format.into() })
}

fn diagram(a: cli::DiagramArgs) -> Result<Diagram, UsageError> {
    let filter = FilterSpec { include_negated: a.show_negated, ..filter(&a.filter)? };
    let frame = Frame {
        title: a.title,
        rankdir: a.rankdir,
        engine: a.layout,
        cluster: a.cluster,
        legend: if a.no_legend { LegendMode::None } else { a.legend },
        caption: !a.no_caption,
        at: filter.at.clone(),
        expand: a.expand,
        size: None,
        size_by: a.size_by,
        dpi: None,
    };
    Ok(Diagram {
        filter,
        focus: a.focus,
        path: a.path.and_then(|ends| <[String; 2]>::try_from(ends).ok()),
        depth: a.depth,
        only_path: a.only_path,
        show_isolated: a.show_isolated,
        max_nodes: a.max_nodes,
        frame,
        page: a.page,
    })
}

/// The format of a picture file from its extension.
fn picture_format(path: &std::path::Path, names: &str) -> Result<render::Format, UsageError> {
    render::Format::from_path(path)
        .ok_or_else(|| usage(format!("cannot tell the format of {}: name the file {names}", path.display())))
}

/// A number of seconds given as `flag`, as a duration.
fn seconds(flag: &str, seconds: f64) -> Result<Duration, UsageError> {
    if !(seconds.is_finite() && seconds > 0.0) {
        return Err(usage(format!("{flag} {seconds} is not a positive number of seconds")));
    }
    Duration::try_from_secs_f64(seconds).map_err(|_| usage(format!("{flag} {seconds} is too large")))
}

fn watch(a: cli::WatchArgs) -> Result<Watch, UsageError> {
    let output = match a.output {
        Some(path) => {
            let dot = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("dot") || e.eq_ignore_ascii_case("gv"));
            let format = if dot { None } else { Some(picture_format(&path, ".svg, .png, .pdf or .dot")?) };
            Some((path, format))
        }
        None => None,
    };
    Ok(Watch {
        diagram: diagram(a.diagram)?,
        timeout: seconds("--timeout", a.timeout)?,
        output,
        debounce: Duration::from_millis(a.debounce),
    })
}

fn serve(a: cli::ServeArgs) -> Result<Serve, UsageError> {
    if !a.bind.is_loopback() && !a.allow_remote {
        return Err(usage(format!(
            "--bind {} lets other machines read the data; add --allow-remote if that is what you want",
            a.bind
        )));
    }
    if a.rate == 0 {
        return Err(usage("--rate must be at least 1"));
    }
    let budget = seconds("--budget", a.budget)
        .map_err(|_| usage(format!("--budget {} is not a positive number of seconds", a.budget)))?;
    if let Some(dir) = a.sources.as_ref().filter(|d| !d.is_dir()) {
        return Err(usage(format!("the sources directory {} is not a directory", dir.display())));
    }
    Ok(Serve {
        bind: a.bind,
        port: a.port,
        open: a.open,
        budget,
        rate: a.rate,
        debounce: Duration::from_millis(a.debounce),
        sources: a.sources,
    })
}

/// `check --sources DIR`: DIR must be a directory.
fn sources_dir(dir: Option<PathBuf>) -> Result<Option<PathBuf>, UsageError> {
    if let Some(dir) = dir.as_ref().filter(|d| !d.is_dir()) {
        let why = if dir.exists() { "is not a directory" } else { "does not exist" };
        return Err(usage(format!(
            "the sources directory {} {why}; --sources names a directory of source texts, ID.txt for source ID",
            dir.display()
        )));
    }
    Ok(dir)
}

fn synth(a: &cli::GenArgs) -> Result<SynthSpec, UsageError> {
    if a.actors < 2 {
        return Err(usage("--actors must be at least 2: a relation links two different actors"));
    }
    if a.files == 0 {
        return Err(usage("--files must be at least 1"));
    }
    Ok(SynthSpec { actors: a.actors, relations: a.relations, files: a.files, seed: a.seed })
}

fn export(a: cli::ExportArgs) -> Result<Export, UsageError> {
    let format = a.format;
    if format.is_directory() && a.output.as_deref().is_none_or(|p| p.as_os_str() == "-") {
        return Err(usage(format!(
            "--format {format} writes several files: give the directory to write them in with -o DIR"
        )));
    }
    Ok(Export {
        format,
        focus: a.focus,
        depth: a.depth,
        negated: !a.no_negated,
        base: a.base,
        filter: filter(&a.filters)?,
        output: a.output,
    })
}

/// `FIELD=VALUE` items, parsed.
fn assignments(items: &[String]) -> Result<Vec<Assignment>, UsageError> {
    items.iter().map(|s| Assignment::parse(s).map_err(|e| usage(e.to_string()))).collect()
}

/// `(field, value)` pairs of the options given, as assignments.
fn fields(pairs: &[(&str, &Option<String>)]) -> Vec<Assignment> {
    pairs.iter().filter_map(|(field, value)| value.as_deref().map(|v| Assignment::set(field, v))).collect()
}

fn add(command: cli::AddCommand) -> Result<Add, UsageError> {
    Ok(match command {
        cli::AddCommand::Actor(a) => {
            let mut assignments: Vec<Assignment> = a.aliases.iter().map(|x| Assignment::add("aliases", x)).collect();
            assignments.extend(self::assignments(&a.set)?);
            Add::Actor { kind: a.kind, id: a.id, name: a.name, assignments, file: a.add.file, edit: a.add.edit.into() }
        }
        cli::AddCommand::Relation(a) => {
            let a = *a;
            Add::Relation(Box::new(AddRelation {
                status: qualifiers(&a).map(|()| a.status)?,
                since: date("--since", a.since.as_deref()).map(|()| a.since)?,
                until: date("--until", a.until.as_deref()).map(|()| a.until)?,
                on: date("--on", a.on.as_deref()).map(|()| a.on)?,
                since_event: a.since_event,
                until_event: a.until_event,
                subject: a.subject,
                kind: a.kind,
                object: a.object,
                id: a.id,
                negated: a.negated,
                about: a.about,
                place: a.place,
                strength: a.strength,
                confidence: a.confidence,
                evidence: a.evidence,
                background: a.background,
                note: a.note,
                file: a.add.file,
                edit: a.add.edit.into(),
            }))
        }
        cli::AddCommand::Source(a) => {
            date("--published", a.published.as_deref())?;
            let assignments = fields(&[
                ("title", &a.title),
                ("publisher", &a.publisher),
                ("published", &a.published),
                ("url", &a.url),
            ]);
            Add::Source { id: a.id, assignments, text: a.text, file: a.add.file, edit: a.add.edit.into() }
        }
        cli::AddCommand::Kind(a) => {
            let mut assignments = fields(&[("label", &a.label), ("polarity", &a.polarity), ("parent", &a.parent)]);
            assignments.extend(self::assignments(&a.set)?);
            Add::Kind {
                relation: a.sort == cli::KindSort::Relation,
                id: a.id,
                assignments,
                file: a.add.file,
                edit: a.add.edit.into(),
            }
        }
    })
}

fn diff(a: cli::DiffArgs) -> Result<Diff, UsageError> {
    let sides = match (a.git, a.old, a.new) {
        (Some(range), _, _) => match range.split_once("..") {
            Some((x, y)) if !x.is_empty() && !y.is_empty() => DiffSides::Git(x.to_owned(), Some(y.to_owned())),
            Some(_) => return Err(usage(format!("\"{range}\" is not A..B; write both revisions"))),
            None => DiffSides::Git(range, None),
        },
        (None, Some(old), Some(new)) => DiffSides::Paths(old, new),
        _ => {
            return Err(usage(
                "give two datasets (diplograph diff OLD NEW) or git revisions (diplograph diff --git A..B)",
            ));
        }
    };
    let output = match (a.quiet, a.dot) {
        (true, _) => DiffOutput::Quiet,
        (false, true) => DiffOutput::Dot,
        (false, false) => DiffOutput::Report(a.format.into()),
    };
    Ok(Diff { sides, output, exit_code: a.exit_code || a.quiet })
}

impl From<cli::FormatArg> for Format {
    fn from(f: cli::FormatArg) -> Self {
        f.format
    }
}

impl From<cli::EditOptions> for Edit {
    fn from(o: cli::EditOptions) -> Self {
        Edit { dry_run: o.dry_run, no_wait: o.no_wait }
    }
}
