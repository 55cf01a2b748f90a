//! The `diplograph` binary: a thin `main` around [`app::run`].

mod app;
mod cli;
mod commands;
mod edit;
mod filter_args;
mod output;
mod progress;
mod text;

use std::process::ExitCode;

/// mimalloc: loading a large dataset makes millions of small allocations on several threads,
/// where it is markedly faster than the system allocator and returns memory more tightly.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    app::main()
}
