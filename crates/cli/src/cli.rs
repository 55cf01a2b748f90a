//! Command-line arguments (clap derive); turned into plain values before any work is done.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// diplograph: a knowledge graph of geopolitical actors, kept as RON files in git.
#[derive(Parser, Debug)]
#[command(name = "diplograph", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Examples:\n  diplograph check\n  diplograph show russia\n  diplograph list --kind person\n\nExit status: 0 success, 1 the data has errors or the query found nothing, 2 usage or environment error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
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

/// Output format of query commands.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Text for people.
    #[default]
    Text,
    /// JSON for programs (shape documented in docs/cli.md).
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate the data and report every problem with its file, line and column.
    #[command(
        after_help = "Examples:\n  diplograph check\n  diplograph check --data my-data/\n  diplograph check --sources texts/   # also check quotes against DIR/SOURCE-ID.txt\n\nExit status: 0 no errors (warnings allowed), 1 errors found, 2 the data could not be read."
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
    /// Write a synthetic dataset (for benchmarks and scale tests): the same files for the same arguments.
    #[command(
        after_help = "Examples:\n  diplograph gen -o /tmp/synth\n  diplograph gen --actors 100000 --relations 1000000 --files 100 --seed 7 -o /tmp/synth-1m\n  diplograph check --data /tmp/synth"
    )]
    Gen(GenArgs),
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// A directory of source texts: DIR/ID.txt is the full text of source ID; quotes must occur in it.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
    /// Do not print warnings.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only actors of this kind (sub-kinds included), e.g. country, person, armed_group.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The actor's id, e.g. russia.
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
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
