//! Progress on stderr: a bar with trials per second and time left, only when stderr is a
//! terminal (so pipes, files and CI logs stay clean).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar for `total` trials, hidden unless stderr is a terminal.
pub fn trials_bar(total: u64, label: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let style =
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} trials, {per_sec}, {eta} left")
            .expect("the template is valid")
            .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(label.to_string());
    bar
}
