//! The filter options shared by every query command (and by the diagrams), turned into the
//! core's [`FilterSpec`].

use clap::Args;
use diplograph_core::FilterSpec;

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

impl FilterArgs {
    /// The filter as the core takes it.
    pub fn to_spec(&self) -> FilterSpec {
        FilterSpec {
            kinds: self.kinds.clone(),
            exclude_kinds: self.exclude_kinds.clone(),
            polarities: self.polarity.clone(),
            categories: self.category.clone(),
            at: self.at.clone(),
            min_confidence: self.min_confidence,
            dated_only: self.dated,
            avoid: self.avoid.clone(),
            through: Vec::new(),
            directed: self.directed,
            include_negated: false,
        }
    }
}
