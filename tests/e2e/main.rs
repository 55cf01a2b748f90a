//! End-to-end tests: run the real `diplograph` binary on the shipped data and on test inputs.

mod check;
mod diagrams;
mod docs;
mod editing;
mod queries;
mod show_list;
mod util;
