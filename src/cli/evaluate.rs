//! Simulating a model end to end for the commands: the trials, the importance runs, the
//! summary, with progress on stderr.

use std::io::Write;

use super::progress;
use crate::engine::{self, Importance, RunOutput};
use crate::error::{Error, Result};
use crate::model::{Model, Settings};
use crate::report::TrialRows;
use crate::stats::{StopRule, Summary};

/// A simulated model: its summary and what its trials folded into.
pub struct Evaluation {
    /// Every headline figure.
    pub summary: Summary,
    /// The run's accumulated statistics and counts (for charts).
    pub run: RunOutput,
}

/// Simulates `model` on `threads` threads until `rule` says stop, streaming each trial's row
/// into `rows` when given; `label` names it on the progress bar.
pub fn evaluate(
    model: &Model,
    threads: usize,
    label: &str,
    rule: &StopRule,
    mut rows: Option<&mut TrialRows>,
) -> Result<Evaluation> {
    if model.settings.method == crate::model::Method::Rare {
        super::rare::check(model)?;
        return super::rare::evaluate_rare(model, threads, label, rule, rows);
    }
    let bar = progress::trials_bar(rule.max_trials, label);
    let mut write_rows = |first, records: &[_]| {
        if let Some(rows) = rows.as_deref_mut() {
            rows.write(first, records);
        }
    };
    let run = engine::simulate_until(model, threads, rule, &|done| bar.inc(done), &mut write_rows)?;
    bar.finish_and_clear();
    summarize(model, run, threads, label)
}

/// The summary of a simulated run of `model`, with the importance runs it asks for (on
/// `threads` threads; `label` names them on the progress bar).
pub fn summarize(model: &Model, run: RunOutput, threads: usize, label: &str) -> Result<Evaluation> {
    let importance = importance(model, &run, threads, label)?;
    let summary = Summary::new(model, &run, importance.as_ref());
    Ok(Evaluation { summary, run })
}

/// The importance of the model's components, when asked for (by default), over the first
/// trials of the run.
fn importance(
    model: &Model,
    run: &RunOutput,
    threads: usize,
    label: &str,
) -> Result<Option<Importance>> {
    let settings = &model.settings;
    let requested = settings
        .importance_trials
        .unwrap_or(Settings::DEFAULT_IMPORTANCE_TRIALS)
        .min(run.stats.trials);
    if requested == 0 {
        return Ok(None);
    }
    let (components, trials) = engine::importance_plan(
        model,
        &run.tally,
        requested,
        settings.importance_trials.is_some(),
        run.stats.trials,
    );
    let variants: u64 = components
        .iter()
        .map(|&c| if model.components[c].count > 1 { 3 } else { 2 })
        .sum();
    let bar = progress::trials_bar((variants + 1) * trials, &format!("{label}: importance"));
    let importance =
        engine::importance(model, &components, trials, threads, &|done| bar.inc(done))?;
    bar.finish_and_clear();
    Ok(Some(importance))
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
