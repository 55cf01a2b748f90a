//! The `diplograph` binary: a thin `main` around [`app::run`].

mod app;
mod cli;
mod edit;
mod commands;
mod json;
mod output;
mod text;

use std::process::ExitCode;

fn main() -> ExitCode {
    app::main()
}
