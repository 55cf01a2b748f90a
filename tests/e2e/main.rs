//! End-to-end tests: run the real `diplograph` binary on the shipped data and on test inputs.

mod balance;
mod browser;
mod cache;
mod check;
mod diagrams;
mod docs;
mod editing;
mod export;
mod grammar;
mod import;
mod init;
mod interop;
mod kinds;
mod names;
mod neo4j;
mod queries;
mod reliability;
mod scale;
mod serve;
mod show_list;
mod sources;
mod tutorial;
mod union;
mod util;
