//! Simulating a model end to end for the commands: the trials, the importance runs, the
//! summary, with progress on stderr.

use std::io::Write;

use super::progress;
use crate::engine::{self, RunOutput};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::stats::Summary;

/// A simulated model: its summary and its per-trial records.
pub struct Evaluation {
    /// Every headline figure.
    pub summary: Summary,
    /// The trials, for paired comparisons and trials.csv.
    pub run: RunOutput,
}

/// Simulates `model` on `threads` threads; `label` names it on the progress bar.
pub fn evaluate(model: &Model, threads: usize, label: &str) -> Result<Evaluation> {
    let bar = progress::trials_bar(model.settings.trials, label);
    let run = engine::simulate(model, threads, &|done| bar.inc(done))?;
    bar.finish_and_clear();
    let importance_trials = model.settings.importance_trials();
    let birnbaum = if importance_trials > 0 {
        let bar = progress::trials_bar(
            2 * importance_trials * model.components.len() as u64,
            &format!("{label}: importance"),
        );
        let estimates = engine::birnbaum_importance(
            model,
            importance_trials,
            threads,
            model.settings.confidence,
            &|done| bar.inc(done),
        )?;
        bar.finish_and_clear();
        Some(estimates)
    } else {
        None
    };
    let summary = Summary::new(model, &run, birnbaum.as_deref(), importance_trials);
    Ok(Evaluation { summary, run })
}

/// Writes `text` to stdout in one go. A reader that has gone (`nines check ... | head -1`)
/// is not an error, as in ripgrep: the rest of the output is simply not wanted, and the
/// command goes on to write its `--out` files. Any other failure (a full disk) is.
pub fn print(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Runtime(format!(
            "cannot write results to stdout: {e}"
        ))),
        _ => Ok(()),
    }
}
