//! Progress bars on stderr for work that takes more than a moment; hidden when stderr is not a terminal.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar or spinner, drawn only on a terminal.
pub struct Progress(ProgressBar);

fn target() -> ProgressDrawTarget {
    if std::io::stderr().is_terminal() { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() }
}

impl Progress {
    /// A bar counting `len` steps.
    pub fn bar(len: u64, message: &str) -> Self {
        let bar = ProgressBar::with_draw_target(Some(len), target());
        let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed}, about {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(message.to_owned());
        Self(bar)
    }

    /// A spinner showing `message` until finished.
    pub fn spinner(message: &str) -> Self {
        let bar = ProgressBar::with_draw_target(None, target());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(Duration::from_millis(100));
        Self(bar)
    }

    /// A spinner shown only when `large` (small jobs finish before it could be read).
    pub fn spinner_if(large: bool, message: &str) -> Self {
        if large { Self::spinner(message) } else { Self(ProgressBar::hidden()) }
    }

    /// Advances the bar.
    pub fn inc(&self, n: u64) {
        self.0.inc(n);
    }

    /// Moves the bar to `pos` steps done.
    pub fn set(&self, pos: u64) {
        self.0.set_position(pos);
    }

    /// Removes the bar from the screen.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
