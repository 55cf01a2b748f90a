//! The `diplograph` binary: a thin `main` around [`app::run`].

mod app;
mod cli;
mod commands;
mod diagram;
mod edit;
mod filter_args;
mod json;
mod output;
mod text;

use std::process::ExitCode;

fn main() -> ExitCode {
    app::main()
}
