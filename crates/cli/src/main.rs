//! The `diplograph` binary: a thin `main` around [`app::main`], which parses the arguments
//! (cli.rs), checks them into a plain configuration (config.rs) and runs the command.

mod app;
mod cli;
mod commands;
mod config;
mod edit;
mod output;
mod progress;
mod text;

use std::process::ExitCode;

/// mimalloc: loading a large dataset makes millions of small allocations on several threads,
/// where it is markedly faster than the system allocator and returns memory more tightly. It
/// asks the kernel for transparent huge pages, which a load's densely used memory gains from
/// (docs/ARCHITECTURE.md, decisions); `MIMALLOC_ALLOW_THP=0` turns them off.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    app::main()
}
