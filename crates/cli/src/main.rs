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
/// where it is markedly faster than the system allocator and returns memory more tightly.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // No transparent huge pages: mimalloc asks for them, and the kernel then zeroes (and may
    // first compact memory for) two megabytes at each fault. Loading a million relations
    // touches hundreds of megabytes once: without them it spends a fraction of that time in
    // the kernel (docs/performance.md). A refusal changes nothing but speed.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    app::main()
}
