//! Command-line arguments (clap derive); turned into plain values before any work is done.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use diplograph_export::Format as ExportFormat;

use diplograph_core::query::{Metric, SignPolicy};
use diplograph_diagram::page::Page;
use diplograph_diagram::picture::{Engine, LegendMode, RankDir, SizeBy};

use crate::config::{Format, Shell};

/// diplograph: a knowledge graph of geopolitical actors, kept as RON files in git.
#[derive(Parser, Debug)]
#[command(name = "diplograph", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Examples:\n  diplograph check\n  diplograph show russia\n  diplograph path russia hamas\n  diplograph render -o diagram.svg\n\nExit status: 0 success, 1 the data has errors or the query found nothing, 2 usage or environment error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The command line, parsed, as [`Parser::parse`] does (a mistake ends the process with
    /// clap's message and status 2), but a word a command does not take gets a tip saying where it
    /// belongs: `check seed` is told that the data directory is given with `--data`, `render
    /// diagram.svg` that the output file is given with `-o`.
    pub fn parse_with_tips() -> Self {
        use clap::error::{ContextKind, ContextValue, ErrorKind};
        match Self::try_parse() {
            Ok(cli) => cli,
            Err(mut e) => {
                if e.kind() == ErrorKind::UnknownArgument
                    && let Some(ContextValue::String(word)) = e.get(ContextKind::InvalidArg)
                    && !word.starts_with('-')
                {
                    let tip = stray_tip(word);
                    e.insert(ContextKind::Suggested, ContextValue::StyledStrs(vec![tip.into()]));
                }
                e.exit()
            }
        }
    }
}

/// Where a word given as an argument the command does not take belongs: an output file (named
/// with the extension of a format diplograph writes) is given with `-o`, anything else is taken
/// for the data directory.
fn stray_tip(word: &str) -> String {
    const WRITTEN: &[&str] =
        &["svg", "png", "pdf", "dot", "gv", "mmd", "json", "graphml", "gexf", "md", "ttl", "nt", "ftm", "1"];
    let path = std::path::Path::new(word);
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if !path.is_dir() && ext.as_deref().is_some_and(|e| WRITTEN.contains(&e)) {
        format!("the output file is given with -o FILE: `-o {word}`")
    } else {
        format!("the data directory (or .ron file) is given with --data DIR: `diplograph --data {word} ...`")
    }
}

/// Options every command takes.
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// The data directory (or one .ron file). Default: $DIPLOGRAPH_DATA, else ./data.
    #[arg(long, global = true, value_name = "DIR", env = "DIPLOGRAPH_DATA", hide_env_values = true)]
    pub data: Option<PathBuf>,
    /// When to colour messages.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Read the data files even when the cache holds a snapshot of them (see docs/performance.md).
    #[arg(long, global = true)]
    pub no_cache: bool,
}

/// When to use colour.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    /// When writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `--format` of the query commands.
#[derive(Args, Debug, Clone, Copy)]
pub struct FormatArg {
    /// Output format.
    #[arg(long, value_parser = listed(&Format::ALL, Format::name, format_about), default_value = "text")]
    pub format: Format,
}

/// `--quiet` of the query commands.
#[derive(Args, Debug, Clone, Copy)]
pub struct QuietArg {
    /// Print the answer's lines alone, without the relations, quotes and notes under them.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Which relations a query considers.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Filters")]
pub struct FilterArgs {
    /// Only relations that hold at this date: YYYY, YYYY-MM or YYYY-MM-DD; a partial date is an
    /// interval (`--at 2025` keeps a relation that starts in 2025-06).
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
    /// Only these relation kinds, comma-separated (e.g. partnership,war).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub kinds: Vec<String>,
    /// Never these relation kinds, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub exclude_kinds: Vec<String>,
    /// Only relations of these polarities, comma-separated: cooperative, hostile, neutral.
    #[arg(long, value_delimiter = ',', value_name = "POLARITY")]
    pub polarity: Vec<String>,
    /// Only relation kinds of these categories, comma-separated (diplomatic, military, ...).
    #[arg(long, value_delimiter = ',', value_name = "CATEGORY")]
    pub category: Vec<String>,
    /// Leave out undated relations (neither since nor until), which otherwise hold at every
    /// --at date.
    #[arg(long)]
    pub dated: bool,
    /// Only relations with at least this confidence (0.0 to 1.0; no confidence counts as 1.0).
    #[arg(long, value_name = "C")]
    pub min_confidence: Option<f64>,
    /// Never pass through these actors, comma-separated ids.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub avoid: Vec<String>,
    /// Follow relations from subject to object only (symmetric kinds count both ways).
    #[arg(long)]
    pub directed: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start a new dataset: sources, vocabulary, actors/ and relations/ with commented examples.
    #[command(
        after_help = "Examples:\n  diplograph init            # ./data\n  diplograph init my-analysis\n  diplograph --data my-analysis init\n\nThe new dataset checks clean at once; init never writes into a directory that is not empty."
    )]
    Init(InitArgs),
    /// Validate the data and report every problem with its file, line and column.
    #[command(
        after_help = "Examples:\n  diplograph check\n  diplograph check --data my-data/\n  diplograph check --sources texts/   # also check quotes against DIR/SOURCE-ID.txt\n  diplograph check --format json      # for editors and CI\n\nExit status: 0 no errors (warnings allowed), 1 errors found, 2 the data could not be read."
    )]
    Check(CheckArgs),
    /// List the actors, one a line.
    #[command(
        after_help = "Examples:\n  diplograph list\n  diplograph list --kind person\n  diplograph list --kind organization --format json"
    )]
    List(ListArgs),
    /// Show everything about one actor: fields, offices, and every relation in and out.
    #[command(after_help = "Examples:\n  diplograph show russia\n  diplograph show lavrov --format json")]
    Show(ShowArgs),
    /// The kinds of actors and relations the data may use, and where each is defined: the
    /// built-in vocabulary, extended by the dataset's Vocabulary files.
    #[command(
        after_help = "Examples:\n  diplograph vocabulary\n  diplograph vocabulary --format json\n  diplograph vocabulary --builtin > vocabulary.ron   # to start a vocabulary of your own"
    )]
    Vocabulary(VocabularyArgs),
    /// How two actors are connected: the shortest path, the k shortest, or every path.
    #[command(after_help = PATH_HELP)]
    Path(PathArgs),
    /// The actors within N hops of one actor, grouped by hop, with the relations that reach them.
    #[command(
        after_help = "Examples:\n  diplograph neighbors iran\n  diplograph neighbors hamas --depth 2 --at 2024\n  diplograph neighbors russia --polarity hostile --format json\n\nExit status: 0 success, 1 no relation passes the filters, 2 usage error."
    )]
    Neighbors(NeighborsArgs),
    /// Everything known about two actors: every relation between them, both ways, negated and
    /// ended ones included, with evidence.
    #[command(
        after_help = "Examples:\n  diplograph between russia iran\n  diplograph between russia israel --at 2026 --quiet\n\nExit status: 0 success, 1 no relation links them, 2 usage error."
    )]
    Between(BetweenArgs),
    /// Who is central and who brokers: actors ranked by degree, betweenness, closeness or PageRank.
    #[command(
        after_help = "Examples:\n  diplograph rank\n  diplograph rank --metric degree --top 5\n  diplograph rank --metric betweenness --samples 256   # estimate on a large graph\n  diplograph rank --metric pagerank --directed --at 2026\n\nScores: degree counts distinct linked actors; betweenness and closeness are normalised as\nNetworkX does; PageRank sums to 1. See docs/queries.md."
    )]
    Rank(RankArgs),
    /// Structural balance: unbalanced triads, the share of balanced ones, and the best split
    /// into two camps.
    #[command(
        after_help = "Examples:\n  diplograph balance\n  diplograph balance --at 2026 --quiet\n  diplograph balance --format json\n\nCooperative relations are +, hostile ones -; neutral and negated relations are left out,\nand direction is ignored. See docs/queries.md."
    )]
    Balance(BalanceArgs),
    /// Write the relationship diagram as Graphviz DOT.
    #[command(
        after_help = "Examples:\n  diplograph dot -o graph.dot\n  diplograph dot --focus iran --depth 1\n  diplograph dot --path putin hamas --only-path\n  diplograph dot --cluster --show-negated | dot -Tsvg > graph.svg\n\nExit status: 0 success, 1 nothing to draw (no path, nothing passes the filters), 2 usage error or too many actors."
    )]
    Dot(DotArgs),
    /// Draw the relationship diagram to an SVG, PNG or PDF file with Graphviz.
    #[command(
        after_help = "Examples:\n  diplograph render -o diagram.svg\n  diplograph render -o iran.png --focus iran --depth 2 --cluster\n  diplograph render -o path.pdf --path putin hamas\n\nWithout Graphviz installed, SVG is drawn by a simpler built-in layout; PNG and PDF need Graphviz.\nExit status: 0 success, 1 nothing to draw, 2 usage error, too many actors, or Graphviz failed."
    )]
    Render(RenderArgs),
    /// Write the relationship diagram as a Mermaid flowchart, for Markdown pages.
    #[command(
        after_help = "Examples:\n  diplograph mermaid --focus iran\n  diplograph mermaid -o docs/iran.mmd --kinds war,military_support"
    )]
    Mermaid(MermaidArgs),
    /// Add an actor or a relation; the files keep every comment and their layout.
    #[command(subcommand)]
    Add(Box<AddCommand>),
    /// Change fields of an actor or a relation: FIELD=VALUE, FIELD+=ITEM, FIELD-=ITEM, FIELD= (remove).
    #[command(after_help = SET_HELP)]
    Set(SetArgs),
    /// Remove an actor or a relation.
    #[command(
        after_help = "An actor that relations still refer to is not removed: they are listed. --cascade removes\nthe relations whose subject or object it is and drops it from `about` and `place` of others.\nPeople, organizations and events that name it (country, office, place) must be changed first.\n\nExamples:\n  diplograph rm hamas --dry-run\n  diplograph rm hamas --cascade\n  diplograph rm russia/partnership/iran#2\n\nExit status: 0 removed, 1 refused or the result would be invalid (nothing written), 2 usage error."
    )]
    Rm(RmArgs),
    /// Change an actor's id everywhere it is used; the old id stays as an alias.
    #[command(
        after_help = "Every reference is updated in every file: relation subjects and objects, `about`, `place`,\n`country` and office `of` fields.\n\nExamples:\n  diplograph rename united_states usa --dry-run\n  diplograph rename united_states usa --no-alias"
    )]
    Rename(RenameArgs),
    /// Format the data files canonically, keeping every comment.
    #[command(
        after_help = "Indentation is four spaces; entries stay on one line when they were written on one line and\nfit in 100 columns; fields the author grouped on a line stay together while the line fits;\nbroken lists and entries end every item with a comma. Comments and blank lines are kept.\n\nExamples:\n  diplograph fmt\n  diplograph fmt --check   # for CI: exit 1 and show the diff when a file is not formatted"
    )]
    Fmt(FmtArgs),
    /// Compare two datasets by meaning: actors and relations added, removed, renamed, changed.
    #[command(
        after_help = "OLD and NEW are data directories (or .ron files). With --git, they are revisions of the data\ndirectory read with git (nothing is checked out): --git A..B compares A with B, --git A compares\nA with the working directory.\n\nExamples:\n  diplograph diff old-data/ data/\n  diplograph diff --git HEAD~3..HEAD\n  diplograph diff --git main --format json\n  diplograph diff --git HEAD~1..HEAD --dot | dot -Tsvg > changes.svg\n\nExit status: 0 compared (whether or not anything differs), 1 a dataset has errors, 2 usage error."
    )]
    Diff(DiffArgs),
    /// Re-check the data each time a file is saved, and re-draw a diagram when asked to.
    #[command(
        after_help = "Takes the options of `render`. Stops on Ctrl-C. Errors are shown and the watch goes on.\n\nExamples:\n  diplograph watch\n  diplograph watch -o graph.svg --focus iran --depth 2\n  diplograph watch -o graph.dot"
    )]
    Watch(WatchArgs),
    /// Serve the data to a browser: search, actor pages, diagrams, paths and balance, reloaded on save.
    #[command(
        after_help = "Read-only: the files, the command line and git stay the way to change the data. The page works offline; the JSON API (/api/v1/...) answers as --format json does (see docs/serve.md). Stops on Ctrl-C.\n\nExamples:\n  diplograph serve --open\n  diplograph serve --port 8080 --budget 10"
    )]
    Serve(ServeArgs),
    /// Write a synthetic dataset (for benchmarks and scale tests): the same files for the same arguments.
    #[command(
        after_help = "Examples:\n  diplograph gen -o /tmp/synth\n  diplograph gen --actors 100000 --relations 1000000 --files 100 --seed 7 -o /tmp/synth-1m\n  diplograph check --data /tmp/synth"
    )]
    Gen(GenArgs),
    /// Write the graph for other tools: GraphML, GEXF, JSON, CSV, Neo4j, RDF, FollowTheMoney, Markdown.
    #[command(
        after_help = "Examples:\n  diplograph export --format graphml -o graph.graphml\n  diplograph export --format gexf --at 2025 -o graph.gexf\n  diplograph export --format csv -o table/   # actors.csv, relations.csv, sources.csv\n  diplograph export --format markdown --focus iran --kinds war\n  diplograph export --format turtle -o graph.ttl\n\nEvery actor is a node and every relation an edge, negated ones too, marked `negated`\n(--no-negated leaves them out). The filters are those of the queries. See docs/interop.md."
    )]
    Export(ExportArgs),
    /// Bring tables in: actors, relations and sources from CSV files, as one edit.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Print a completion script for a shell.
    #[command(
        after_help = "Examples:\n  diplograph completions bash > ~/.local/share/bash-completion/completions/diplograph\n  diplograph completions zsh > ~/.zfunc/_diplograph\n  diplograph completions fish > ~/.config/fish/completions/diplograph.fish\n  diplograph completions powershell >> $PROFILE"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), for `man`.
    #[command(
        after_help = "Examples:\n  diplograph man > diplograph.1 && man ./diplograph.1\n  diplograph man -o /usr/local/share/man/man1/diplograph.1"
    )]
    Man(ManArgs),
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_parser = listed(&Shell::ALL, Shell::name, shell_about))]
    pub shell: Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write to FILE instead of standard output (atomically).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

const SET_HELP: &str = "TARGET is an actor id, a relation id, or a relation written SUBJECT/KIND/OBJECT; when several\nrelations match, add #N (from 1, in file order) to pick one, e.g. russia/partnership/iran#2.\nThe order of SUBJECT and OBJECT may be swapped when nothing matches as written. Prefix with\nactor: or relation: when an id is both.\n\nValues: FIELD=VALUE sets a field (a list becomes [VALUE]); FIELD= removes it; FIELD+=ITEM and\nFIELD-=ITEM add to and remove from a list (aliases, tags, about, evidence). Evidence is written\nSOURCE:quote. An actor's id is changed with `diplograph rename`.\n\nExamples:\n  diplograph set russia iso3=RUS aliases+=\"Russian Federation\"\n  diplograph set ru-ir-partnership status=ended until=2026-03\n  diplograph set russia/partnership/iran evidence+='realist-2026:working relationships'\n  diplograph set lavrov note= --dry-run\n\nExit status: 0 changed, 1 the result would be invalid (nothing written), 2 usage error.";

/// What `add` adds.
#[derive(Subcommand, Debug)]
pub enum AddCommand {
    /// Add an actor: KIND is an actor kind of the vocabulary (country, person, armed_group, city...).
    #[command(
        after_help = "The entry goes to the file that already holds the most actors of that kind, or to --file.\n\nExamples:\n  diplograph add actor country egypt --name Egypt --alias Cairo --set iso3=EGY\n  diplograph add actor armed_group houthis --name \"Ansar Allah\" --alias Houthis --set country=yemen\n  diplograph add actor city moscow --name Moscow --dry-run\n\nExit status: 0 added, 1 the result would be invalid (nothing written), 2 usage error."
    )]
    Actor(AddActorArgs),
    /// Add a relation SUBJECT -KIND-> OBJECT.
    #[command(
        after_help = "The entry goes to the file that already holds relations between the same two actors, else\nrelations of one of them, else of the same kind; or to --file.\n\nExamples:\n  diplograph add relation russia economic_cooperation iran --since 2025 \\\n      --evidence 'realist-2026:Russia maintains working relationships with both Tehran and Tel Aviv'\n  diplograph add relation iran supplies_arms russia --negated --status ended --dry-run\n\nExit status: 0 added, 1 the result would be invalid (nothing written), 2 usage error."
    )]
    Relation(Box<AddRelationArgs>),
    /// Add a source; with --text, its full text is kept in the dataset and every quote citing it
    /// is checked against it.
    #[command(after_help = "The entry goes to the file that already holds sources, or to --file; the text is copied to
sources/ID.txt beside that file.

Examples:
  diplograph add source turkey-russia-2021 --title \"No fixed allies or enemies\" \\
      --publisher \"Example Review\" --published 2021-10 --text article.txt
  diplograph add source un-2024 --url https://example.org/report --dry-run

Exit status: 0 added, 1 the result would be invalid (nothing written), 2 usage error.")]
    Source(AddSourceArgs),
    /// Add a kind to the dataset's vocabulary, which extends the built-in one.
    #[command(
        after_help = "The entry goes to the dataset's Vocabulary file (a new vocabulary.ron when there is none), or to --file.\n\nExamples:\n  diplograph add kind relation energy_dependence --polarity neutral --label \"depends for energy on\" \\\n      --set category=economic --set subjects+=country --set objects+=country\n  diplograph add kind actor militia --parent armed_group --label Militia\n\nExit status: 0 added, 1 the result would be invalid (nothing written), 2 usage error."
    )]
    Kind(AddKindArgs),
}

/// Which vocabulary list a kind belongs to.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindSort {
    /// A kind of actor (`ActorKind`).
    Actor,
    /// A kind of relation (`RelationKind`).
    Relation,
}

#[derive(Args, Debug)]
pub struct AddKindArgs {
    /// Actor or relation.
    #[arg(value_enum)]
    pub sort: KindSort,
    /// The new kind's id, e.g. energy_dependence.
    pub id: String,
    /// The label shown in answers and diagrams.
    #[arg(long)]
    pub label: Option<String>,
    /// Relation kinds: cooperative, hostile or neutral (required for relation kinds).
    #[arg(long)]
    pub polarity: Option<String>,
    /// Actor kinds: the kind it is a sub-kind of, e.g. organization.
    #[arg(long)]
    pub parent: Option<String>,
    /// Another field, FIELD=VALUE (repeatable), e.g. --set directed=false --set subjects+=country.
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub add: AddOptions,
}

#[derive(Args, Debug)]
pub struct AddSourceArgs {
    /// The new id, e.g. turkey-russia-2021.
    pub id: String,
    /// The title.
    #[arg(long)]
    pub title: Option<String>,
    /// Who published it.
    #[arg(long)]
    pub publisher: Option<String>,
    /// When it was published: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Where it can be read.
    #[arg(long)]
    pub url: Option<String>,
    /// A file holding its full text (UTF-8), copied into the dataset.
    #[arg(long, value_name = "FILE")]
    pub text: Option<PathBuf>,
    #[command(flatten)]
    pub add: AddOptions,
}

/// Options every `add` command takes: where the entry goes, and the edit's own.
#[derive(Args, Debug)]
pub struct AddOptions {
    /// The file to add to (created when it does not exist; must be inside the data directory).
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub edit: EditOptions,
}

/// Options every edit command takes.
#[derive(Args, Debug, Clone)]
pub struct EditOptions {
    /// Print the unified diff of the edit instead of writing it.
    #[arg(long, short = 'n')]
    pub dry_run: bool,
    /// Fail at once, rather than wait, when another edit of the data is in progress.
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Args, Debug)]
pub struct AddActorArgs {
    /// The actor kind, e.g. country, person, organization, armed_group, war, city.
    pub kind: String,
    /// The new id, e.g. egypt.
    pub id: String,
    /// The display name.
    #[arg(long)]
    pub name: String,
    /// Another name (repeatable).
    #[arg(long = "alias", value_name = "ALIAS")]
    pub aliases: Vec<String>,
    /// Another field, FIELD=VALUE (repeatable), e.g. --set iso3=EGY --set tags+=africa.
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub add: AddOptions,
}

#[derive(Args, Debug)]
pub struct AddRelationArgs {
    /// The subject's actor id.
    pub subject: String,
    /// The relation kind, e.g. strategic_partnership, supplies_arms.
    pub kind: String,
    /// The object's actor id.
    pub object: String,
    /// A stable id for later edits, e.g. ru-eg-trade.
    #[arg(long)]
    pub id: Option<String>,
    /// Start date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// End date.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// The one date of a relation that held at one date (a meeting, a vote), instead of
    /// --since and --until.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["since", "until"])]
    pub on: Option<String>,
    /// The event (an actor id) whose start is the relation's start, instead of --since.
    #[arg(long, value_name = "ID", conflicts_with = "since")]
    pub since_event: Option<String>,
    /// The event (an actor id) whose end is the relation's end, instead of --until.
    #[arg(long, value_name = "ID", conflicts_with = "until")]
    pub until_event: Option<String>,
    /// active, ended, offered, proposed, rejected or suspended.
    #[arg(long)]
    pub status: Option<String>,
    /// The source denies the relation.
    #[arg(long)]
    pub negated: bool,
    /// An actor the relation is about (repeatable).
    #[arg(long, value_name = "ID")]
    pub about: Vec<String>,
    /// Where it holds (an actor id).
    #[arg(long, value_name = "ID")]
    pub place: Option<String>,
    /// limited, moderate or strong.
    #[arg(long)]
    pub strength: Option<String>,
    /// How sure, from 0.0 to 1.0.
    #[arg(long)]
    pub confidence: Option<String>,
    /// A quote: SOURCE:"the words" (repeatable).
    #[arg(long, value_name = "SOURCE:QUOTE")]
    pub evidence: Vec<String>,
    /// Background knowledge for facts no quote states (the help text gives the syntax).
    #[arg(
        long,
        value_name = "SOURCE[FIELDS]: NOTE",
        help = "Background knowledge for facts no quote states: SOURCE[FIELD,...]: NOTE, e.g. 'general-knowledge[since]: Signed on 17 January 2025' (repeatable; SOURCE[] for the whole relation)"
    )]
    pub background: Vec<String>,
    /// Free text.
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub add: AddOptions,
}

#[derive(Args, Debug)]
pub struct SetArgs {
    /// An actor id, a relation id, or SUBJECT/KIND/OBJECT[#N].
    pub target: String,
    /// FIELD=VALUE, FIELD+=ITEM, FIELD-=ITEM or FIELD= (one or more).
    #[arg(required = true, value_name = "FIELD=VALUE")]
    pub assignments: Vec<String>,
    #[command(flatten)]
    pub edit: EditOptions,
}

#[derive(Args, Debug)]
pub struct RmArgs {
    /// An actor id, a relation id, or SUBJECT/KIND/OBJECT[#N].
    pub target: String,
    /// Also remove the relations that link the actor, and drop it from the `about` and `place`
    /// of other relations (actors that name it must be changed first).
    #[arg(long)]
    pub cascade: bool,
    #[command(flatten)]
    pub edit: EditOptions,
}

#[derive(Args, Debug)]
pub struct RenameArgs {
    /// The actor's current id.
    pub old: String,
    /// The new id.
    pub new: String,
    /// Do not keep the old id as an alias.
    #[arg(long)]
    pub no_alias: bool,
    #[command(flatten)]
    pub edit: EditOptions,
}

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Change nothing: exit 1 and print the diff when a file is not formatted.
    #[arg(long)]
    pub check: bool,
    /// Fail at once, rather than wait, when an edit of the data is in progress.
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The old dataset (a directory or .ron file); with --git, not given.
    #[arg(value_name = "OLD")]
    pub old: Option<PathBuf>,
    /// The new dataset.
    #[arg(value_name = "NEW")]
    pub new: Option<PathBuf>,
    /// Compare git revisions of the data directory: A..B, or A alone for A against the working directory.
    #[arg(long, value_name = "A..B", conflicts_with_all = ["old", "new"])]
    pub git: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
    /// Print the union graph as Graphviz DOT: added green, removed red, changed orange.
    #[arg(long, conflicts_with = "format")]
    pub dot: bool,
    /// Exit with status 1 when the datasets differ, 0 when they do not (as `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
    /// Print nothing; implies --exit-code.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct WatchArgs {
    #[command(flatten)]
    pub diagram: DiagramArgs,
    /// Draw the diagram to FILE after each good check: .svg, .png or .pdf as `render` does, .dot as `dot` does.
    #[arg(long, short, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
    /// Stop Graphviz after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, help_heading = "Output")]
    pub timeout: f64,
    /// Wait this long after the last save before re-checking, in milliseconds.
    #[arg(long, default_value_t = 200, value_name = "MS")]
    pub debounce: u64,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The port to listen on (0: any free port, printed at start).
    #[arg(long, short, default_value_t = 7878)]
    pub port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// The address to listen on. Anything but a loopback address needs --allow-remote.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Accept a --bind address other machines can reach (the data becomes readable by them).
    #[arg(long)]
    pub allow_remote: bool,
    /// Stop a query after this many seconds and answer that it ran too long.
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0)]
    pub budget: f64,
    /// Serve at most this many requests a second; more wait their turn.
    #[arg(long, value_name = "N", default_value_t = 2000)]
    pub rate: u64,
    /// Wait this long after the last save before reloading, in milliseconds.
    #[arg(long, default_value_t = 200, value_name = "MS")]
    pub debounce: u64,
    /// A directory of source texts (DIR/ID.txt for source ID): quotes are checked against them, as
    /// `check --sources` does, and the page shows each quote in its passage.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
}

const PATH_HELP: &str = "Examples:
  diplograph path russia hamas
  diplograph path lavrov israel -k 3
  diplograph path russia israel --all --max-hops 3
  diplograph path iran united_states --at 2024 --avoid russia
  diplograph path lavrov hamas --weighted --quiet

Direction is ignored unless --directed; negated relations never connect actors. The sign of a
path is the product of its hops' polarities (+ cooperative, - hostile, ? when a hop is neutral or rejected).
--weighted: each relation costs 1 / (strength × confidence), strength limited 1/3, moderate 2/3
(the default), strong 1; confidence defaults to 1.0.

Exit status: 0 a path was found, 1 no path, 2 usage error (e.g. an unknown id).";

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// A directory of source texts: DIR/ID.txt is the full text of source ID; quotes must occur in it.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
    /// Do not print warnings.
    #[arg(long, short)]
    pub quiet: bool,
    /// List every fact that rests on no quote and is not marked as background knowledge (a
    /// relation without a quote, a date no quote of its entry states), each with its place and
    /// what to add; exit status 1 when there is one.
    #[arg(long)]
    pub unsourced: bool,
    /// `--format json`: every diagnostic with its file, line, column, severity, code, message
    /// and help, on stdout (shape in docs/cli.md).
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only actors of this kind (sub-kinds included), e.g. country, person, armed_group.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The directory to create the dataset in; it must not exist or be empty. Default: the
    /// data directory (--data, else $DIPLOGRAPH_DATA, else ./data).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct VocabularyArgs {
    /// Print the built-in vocabulary as RON, without reading the data.
    #[arg(long)]
    pub builtin: bool,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The actor: its id, name or an alias, e.g. russia, "the Kremlin".
    pub id: String,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Args, Debug)]
pub struct PathArgs {
    /// The actor the path starts from, e.g. russia.
    pub from: String,
    /// The actor the path ends at, e.g. hamas.
    pub to: String,
    /// The K shortest loopless paths, best first (distinct as actor sequences).
    #[arg(short = 'k', long = "k", value_name = "K", conflicts_with = "all")]
    pub k: Option<usize>,
    /// Every simple path up to --max-hops hops, shortest first.
    #[arg(long)]
    pub all: bool,
    /// With --all: the most hops a path may have.
    #[arg(long, value_name = "H", default_value_t = 4, requires = "all")]
    pub max_hops: usize,
    /// With --all: the most paths shown (a notice says when there are more).
    #[arg(long, value_name = "N", default_value_t = 100, requires = "all")]
    pub limit: usize,
    /// The cheapest path, each relation costing 1 / (strength × confidence).
    #[arg(long, conflicts_with = "all")]
    pub weighted: bool,
    /// Paths must pass through these actors, comma-separated ids.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub through: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub quiet: QuietArg,
    #[command(flatten)]
    pub format: FormatArg,
}

/// A count of at least 1 (`--depth 0` would be the actor alone).
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

#[derive(Args, Debug)]
pub struct NeighborsArgs {
    /// The actor at the centre, e.g. iran.
    pub id: String,
    /// How many hops away to look (at least 1).
    #[arg(long, short, value_name = "N", default_value_t = 1, value_parser = at_least_one)]
    pub depth: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub quiet: QuietArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Args, Debug)]
pub struct BetweenArgs {
    /// One actor, e.g. russia.
    pub a: String,
    /// The other actor, e.g. iran.
    pub b: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub quiet: QuietArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Args, Debug)]
pub struct RankArgs {
    /// The centrality measure.
    #[arg(long, value_parser = listed(&Metric::ALL, Metric::as_str, metric_about), default_value = "betweenness")]
    pub metric: Metric,
    /// How many actors to show.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Betweenness from K sampled source actors instead of all: an estimate for large graphs.
    #[arg(long, value_name = "K")]
    pub samples: Option<usize>,
    /// The seed choosing the sampled sources (same seed, same answer).
    #[arg(long, value_name = "N", default_value_t = 0, requires = "samples")]
    pub seed: u64,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Args, Debug)]
pub struct BalanceArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// How an ambivalent pair (both cooperative and hostile relations) is signed in triads.
    #[arg(long, value_parser = listed(&SignPolicy::ALL, SignPolicy::as_str, policy_about), default_value = "net")]
    pub policy: SignPolicy,
    #[command(flatten)]
    pub quiet: QuietArg,
    #[command(flatten)]
    pub format: FormatArg,
}

/// What a diagram shows and how; shared by `dot`, `render` and `mermaid`.
#[derive(Args, Debug, Clone)]
pub struct DiagramArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Draw only the actors within --depth relations of these actors (comma-separated ids, or
    /// the option repeated).
    #[arg(long, value_name = "IDS", value_delimiter = ',', conflicts_with = "path", help_heading = "What to draw")]
    pub focus: Vec<String>,
    /// How many relations away from --focus (or from the --path) to go.
    #[arg(long, value_name = "N", default_value_t = 1, help_heading = "What to draw")]
    pub depth: usize,
    /// Highlight a shortest path between two actors, drawn in its --depth neighbourhood.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"], help_heading = "What to draw")]
    pub path: Option<Vec<String>>,
    /// With --path: draw the path alone.
    #[arg(long, requires = "path", help_heading = "What to draw")]
    pub only_path: bool,
    /// Also draw negated relations (what the sources deny), ended by a bar and marked NOT.
    #[arg(long, help_heading = "What to draw")]
    pub show_negated: bool,
    /// Refuse to draw more actors than this (Graphviz cannot lay out huge pictures legibly).
    #[arg(long, value_name = "N", default_value_t = 300, help_heading = "What to draw")]
    pub max_nodes: usize,
    /// Group people and organizations in a box per country (by declared country or office).
    #[arg(long, help_heading = "Look")]
    pub cluster: bool,
    /// How much legend to draw: none; compact (actor kinds, one row per colour, patterns,
    /// widths and marks drawn); full (one row per relation kind).
    #[arg(
        long,
        value_parser = listed(&LegendMode::ALL, LegendMode::as_str, legend_about),
        value_name = "WHAT",
        default_value = "compact",
        help_heading = "Look"
    )]
    pub legend: LegendMode,
    /// The same as --legend none.
    #[arg(long, hide = true, help_heading = "Look")]
    pub no_legend: bool,
    /// Leave out the caption (the sources cited and the --at date) under the picture.
    #[arg(long, help_heading = "Look")]
    pub no_caption: bool,
    /// Draw each relation as its own edge, instead of one edge per pair of actors, direction,
    /// status and denial listing its kinds.
    #[arg(long, help_heading = "What to draw")]
    pub expand: bool,
    /// Also draw actors that no drawn relation touches (places named only as a relation's
    /// `place`, actors whose relations are all hidden); only without filters.
    #[arg(long, help_heading = "What to draw")]
    pub show_isolated: bool,
    /// Size actors by a centrality over the relations that pass the filters.
    #[arg(long, value_parser = listed(&SizeBy::ALL, SizeBy::as_str, size_by_about), value_name = "MEASURE", help_heading = "Look")]
    pub size_by: Option<SizeBy>,
    /// Fit the picture to a page (a4, letter, or a width such as 16cm) so that every label
    /// prints at 8 pt or more, or say that it cannot (needs Graphviz).
    #[arg(long, value_name = "PAGE", value_parser = parse_page, help_heading = "Look")]
    pub page: Option<Page>,
    /// A title over the picture.
    #[arg(long, value_name = "TEXT", help_heading = "Look")]
    pub title: Option<String>,
    /// The direction of the layout.
    #[arg(
        long,
        value_parser = listed(&RankDir::ALL, RankDir::as_str, rankdir_about),
        default_value = "LR",
        ignore_case = true,
        help_heading = "Look"
    )]
    pub rankdir: RankDir,
    /// The Graphviz layout engine: dot (layered, default), neato, fdp, sfdp (large graphs), circo.
    #[arg(long, value_parser = listed(&Engine::ALL, Engine::as_str, engine_about), default_value = "dot", help_heading = "Look")]
    pub layout: Engine,
}

fn parse_page(text: &str) -> Result<Page, String> {
    text.parse()
}

#[derive(Args, Debug)]
pub struct DotArgs {
    #[command(flatten)]
    pub diagram: DiagramArgs,
    /// Write to FILE instead of standard output (atomically: no half-written file).
    #[arg(long, short, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    #[command(flatten)]
    pub diagram: DiagramArgs,
    /// The picture to write; its extension chooses the format: .svg, .png or .pdf.
    #[arg(long, short, value_name = "FILE", help_heading = "Output")]
    pub output: PathBuf,
    /// Stop Graphviz after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, help_heading = "Output")]
    pub timeout: f64,
}

#[derive(Args, Debug)]
pub struct MermaidArgs {
    #[command(flatten)]
    pub diagram: DiagramArgs,
    /// Write to FILE instead of standard output (atomically: no half-written file).
    #[arg(long, short, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct GenArgs {
    /// Number of actors.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub actors: usize,
    /// Number of relations, offices included.
    #[arg(long, default_value_t = 5000, value_name = "M")]
    pub relations: usize,
    /// Number of files to spread the data over.
    #[arg(long, default_value_t = 10, value_name = "F")]
    pub files: usize,
    /// Seed of the random choices: the same seed and sizes give the same files, byte for byte.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// The directory to write to; it must be new or empty.
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
}

/// What `import` reads.
#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// CSV tables of actors, relations (and offices) and sources, as `export --format csv` writes
    /// them or a spreadsheet saves them.
    #[command(
        after_help = "Each PATH is a CSV file, or a directory whose .csv files are read. A table is told by its\nheader: relations have subject, kind and object; actors id, name and kind; sources id. The\ncolumns are listed in docs/interop.md; an empty cell leaves a field out, and a row already\nin the data is passed over. Everything is checked before anything is written.\n\nExamples:\n  diplograph import csv tables/ --dry-run\n  diplograph import csv actors.csv relations.csv --data my-data/\n\nExit status: 0 imported, 1 a row or the result has errors (nothing written), 2 usage error."
    )]
    Csv(ImportCsvArgs),
}

#[derive(Args, Debug)]
pub struct ImportCsvArgs {
    /// CSV files, or directories of them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub edit: EditOptions,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_parser = listed(&ExportFormat::ALL, ExportFormat::name, ExportFormat::about), default_value = "json")]
    pub format: ExportFormat,
    /// Only the actors within --depth relations of these actors (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub focus: Vec<String>,
    /// How many relations away from --focus to go.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    pub depth: usize,
    /// Leave negated relations out (by default they are written, marked `negated`).
    #[arg(long)]
    pub no_negated: bool,
    /// RDF: the base IRI of actors, relations and sources.
    #[arg(long, value_name = "IRI")]
    pub base: Option<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Write to FILE (`-` or none: standard output), atomically; csv and neo4j write a directory.
    #[arg(long, short, value_name = "FILE|DIR")]
    pub output: Option<PathBuf>,
}

/// The values of an option from a list its owner keeps (a library's, or the configuration's):
/// each value's name comes from there, what it means for `--help` from `about`. clap's derive
/// would need a copy of the list; this reads the one there is.
fn listed<T: Copy + Send + Sync + 'static>(
    values: &'static [T],
    name: fn(T) -> &'static str,
    about: fn(T) -> &'static str,
) -> impl TypedValueParser<Value = T> {
    let possible = values.iter().map(move |&v| PossibleValue::new(name(v)).help(about(v)));
    // The possible values already refused any other name (ignoring case only where asked to).
    PossibleValuesParser::new(possible)
        .try_map(move |typed| values.iter().copied().find(|&v| name(v).eq_ignore_ascii_case(&typed)).ok_or("unknown"))
}

fn format_about(f: Format) -> &'static str {
    match f {
        Format::Text => "Text for people",
        Format::Json => "JSON for programs (shape documented in docs/cli.md)",
    }
}

fn shell_about(s: Shell) -> &'static str {
    match s {
        Shell::Bash => "Bash",
        Shell::Zsh => "Zsh",
        Shell::Fish => "Fish",
        Shell::Powershell => "PowerShell",
        Shell::Elvish => "Elvish",
    }
}

fn metric_about(m: Metric) -> &'static str {
    match m {
        Metric::Degree => "Number of distinct actors linked",
        Metric::Betweenness => "Share of the shortest paths between other actors that pass through the actor: brokers",
        Metric::Closeness => "How close the actor is to every actor it reaches",
        Metric::PageRank => "Linked to by actors that are themselves well linked",
    }
}

fn policy_about(p: SignPolicy) -> &'static str {
    match p {
        SignPolicy::Net => "The sign of the sum of strength × confidence, cooperative relations positive",
        SignPolicy::Strongest => "The sign of the relation with the highest strength × confidence",
        SignPolicy::Drop => "Left out of triads (still listed, and still counted by the frustration index)",
    }
}

fn legend_about(l: LegendMode) -> &'static str {
    match l {
        LegendMode::None => "No legend",
        LegendMode::Compact => "What the picture needs: actor kinds, one row per colour, patterns, widths, marks",
        LegendMode::Full => "Also one row per relation kind, with its end mark",
    }
}

fn size_by_about(s: SizeBy) -> &'static str {
    match s {
        SizeBy::Degree => "The number of distinct actors linked",
        SizeBy::Betweenness => "Betweenness centrality: how often an actor lies on shortest paths",
    }
}

fn rankdir_about(r: RankDir) -> &'static str {
    match r {
        RankDir::Tb => "Top to bottom",
        RankDir::Lr => "Left to right",
        RankDir::Bt => "Bottom to top",
        RankDir::Rl => "Right to left",
    }
}

fn engine_about(e: Engine) -> &'static str {
    match e {
        Engine::Dot => "Layered drawing: the clearest for up to a few hundred actors",
        Engine::Neato => "Spring model: small graphs without a direction",
        Engine::Fdp => "Force-directed placement: medium graphs, clusters kept together",
        Engine::Sfdp => "Scalable force-directed placement: large graphs",
        Engine::Circo => "Circular layout: rings and cycles",
    }
}

/// The completion script for `shell`, generated from these definitions. It is written into
/// memory: clap_complete panics when its output is a closed pipe.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    use clap_complete::Shell as Target;
    let target = match shell {
        Shell::Bash => Target::Bash,
        Shell::Zsh => Target::Zsh,
        Shell::Fish => Target::Fish,
        Shell::Powershell => Target::PowerShell,
        Shell::Elvish => Target::Elvish,
    };
    let mut script = Vec::new();
    clap_complete::generate(target, &mut Cli::command(), "diplograph", &mut script);
    script
}

/// The manual page (roff) generated from these definitions, with a section per command.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let command = Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let man = clap_mangen::Man::new(sub.clone());
        page.extend_from_slice(format!(".SH \"DIPLOGRAPH {}\"\n", sub.get_name().to_uppercase()).as_bytes());
        man.render_synopsis_section(&mut page)?;
        man.render_description_section(&mut page)?;
        man.render_options_section(&mut page)?;
    }
    Ok(page)
}
