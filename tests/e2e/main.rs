//! End-to-end tests: run the real `diplograph` binary on the shipped data and on test inputs.

mod cache;
mod check;
mod diagrams;
mod docs;
mod editing;
mod export;
mod grammar;
mod queries;
mod scale;
mod show_list;
mod util;
