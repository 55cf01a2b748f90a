//! `diplograph serve`: the data in a browser (see the `diplograph-serve` library).

use std::net::SocketAddr;

use anyhow::{Context, Result};
use diplograph_loader::Cache;
use diplograph_serve::Config;

use crate::app::{Outcome, UsageError, cache_dir, data_path};
use crate::config::{Global, Serve};

pub fn run(global: &Global, args: Serve) -> Result<Outcome> {
    let data = data_path(global)?;
    let config = Config {
        budget: args.budget,
        rate: args.rate,
        debounce: args.debounce,
        sources: args.sources.clone(),
        // Reloads after a save read only the files that changed.
        cache: cache_dir().filter(|_| !global.no_cache).map(|dir| Cache {
            dir,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            texts: true,
            warnings: true,
        }),
        ..Config::new(data.clone())
    };
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the server")?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(args.bind, args.port);
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            UsageError(format!("cannot listen on {addr}: {e}; is another server using the port? try --port 0"))
        })?;
        let addr = listener.local_addr()?;
        if !args.bind.is_loopback() {
            eprintln!("warning: listening on {addr}: anyone who can reach this machine can read the data");
        }
        let url = format!("http://{addr}/");
        eprintln!("serving {} at {url} (Ctrl-C to stop)", data.display());
        if args.open {
            open_browser(&url);
        }
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        diplograph_serve::serve(config, listener, shutdown).await.context("the server stopped")?;
        eprintln!("stopped");
        Ok(Outcome::Success)
    })
}

/// Opens `url` in the default browser; a failure is only reported.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: cannot open a browser ({opener}: {e}); open {url} yourself");
    }
}
