//! Query-string parameters: the filters every query shares, and the parsing of numbers and
//! flags, with errors that name the parameter.

use diplograph_core::FilterSpec;
use serde::Deserialize;

use crate::error::ApiError;

/// The filter parameters, as in the command line's filter options: `at`, `kinds`,
/// `exclude_kinds`, `polarity`, `category` (comma-separated lists), `min_confidence`, `avoid`,
/// `directed`.
#[derive(Deserialize, Default, Clone, Debug, PartialEq, Eq, Hash)]
#[serde(default)]
pub(crate) struct FilterParams {
    at: Option<String>,
    kinds: Option<String>,
    exclude_kinds: Option<String>,
    polarity: Option<String>,
    category: Option<String>,
    min_confidence: Option<String>,
    avoid: Option<String>,
    directed: Option<String>,
}

/// A filter as asked for, normalised: the key of a kept view.
pub(crate) type FilterKey = FilterParams;

/// A comma-separated list, without empty items.
pub(crate) fn list(value: &Option<String>) -> Vec<String> {
    value.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// A flag: absent, `true`/`1`/`yes` or `false`/`0`/`no` (or empty, which is true).
pub(crate) fn flag(name: &str, value: &Option<String>) -> Result<bool, ApiError> {
    match value.as_deref().map(str::trim) {
        None => Ok(false),
        Some("" | "true" | "1" | "yes" | "on") => Ok(true),
        Some("false" | "0" | "no" | "off") => Ok(false),
        Some(v) => Err(ApiError::bad(format!("{name}={v} is not true or false"))),
    }
}

/// A number, or `default` when absent.
pub(crate) fn number<T: std::str::FromStr>(name: &str, value: &Option<String>, default: T) -> Result<T, ApiError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some(v) => v.parse().map_err(|_| ApiError::bad(format!("{name}={v} is not a valid number"))),
    }
}

/// A required parameter.
pub(crate) fn required<'a>(name: &str, value: &'a Option<String>) -> Result<&'a str, ApiError> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::bad(format!("the parameter `{name}` is missing")))
}

impl FilterParams {
    /// The filter as the core takes it.
    pub(crate) fn to_spec(&self) -> Result<FilterSpec, ApiError> {
        let min_confidence = match self.min_confidence.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(_) => Some(number("min_confidence", &self.min_confidence, 0.0)?),
        };
        Ok(FilterSpec {
            kinds: list(&self.kinds),
            exclude_kinds: list(&self.exclude_kinds),
            polarities: list(&self.polarity),
            categories: list(&self.category),
            at: self.at.clone().map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()),
            min_confidence,
            avoid: list(&self.avoid),
            through: Vec::new(),
            directed: flag("directed", &self.directed)?,
            include_negated: false,
        })
    }

    /// The key of the view this filter gives: the same for the same filter however written.
    pub(crate) fn key(&self) -> Result<FilterKey, ApiError> {
        let spec = self.to_spec()?;
        let join = |v: &[String]| (!v.is_empty()).then(|| v.join(","));
        Ok(FilterParams {
            at: spec.at,
            kinds: join(&spec.kinds),
            exclude_kinds: join(&spec.exclude_kinds),
            polarity: join(&spec.polarities),
            category: join(&spec.categories),
            min_confidence: spec.min_confidence.map(|c| c.to_string()),
            avoid: join(&spec.avoid),
            directed: spec.directed.then(|| "true".into()),
        })
    }
}
