//! The filter options shared by the query and diagram commands, turned into a core [`FilterSpec`].

use clap::Args;
use diplograph_core::FilterSpec;

/// Which relations a command considers.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Only these relation kinds (comma-separated), e.g. war,sanctions.
    #[arg(long, value_name = "KIND,...", value_delimiter = ',', help_heading = "Filters")]
    pub kinds: Vec<String>,
    /// Never these relation kinds (comma-separated), e.g. holds_office.
    #[arg(long, value_name = "KIND,...", value_delimiter = ',', help_heading = "Filters")]
    pub exclude_kinds: Vec<String>,
    /// Only relations of these polarities: cooperative, hostile, neutral.
    #[arg(long, value_name = "POLARITY,...", value_delimiter = ',', help_heading = "Filters")]
    pub polarity: Vec<String>,
    /// Only relations of these categories, e.g. military,diplomatic.
    #[arg(long, value_name = "CATEGORY,...", value_delimiter = ',', help_heading = "Filters")]
    pub category: Vec<String>,
    /// Only relations that hold at this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE", help_heading = "Filters")]
    pub at: Option<String>,
    /// Only relations with at least this confidence (0.0 to 1.0; none given counts as 1.0).
    #[arg(long, value_name = "C", help_heading = "Filters")]
    pub min_confidence: Option<f64>,
    /// Never pass through these actors (comma-separated ids).
    #[arg(long, value_name = "ID,...", value_delimiter = ',', help_heading = "Filters")]
    pub avoid: Vec<String>,
}

impl FilterArgs {
    /// The core filter these options describe.
    pub fn to_spec(&self) -> FilterSpec {
        FilterSpec {
            kinds: self.kinds.clone(),
            exclude_kinds: self.exclude_kinds.clone(),
            polarities: self.polarity.clone(),
            categories: self.category.clone(),
            at: self.at.clone(),
            min_confidence: self.min_confidence,
            avoid: self.avoid.clone(),
            ..FilterSpec::default()
        }
    }
}
