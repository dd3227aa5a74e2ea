//! `--method rare` decides per part: a plain run of the requested trials first, and the
//! service's own rare run only when that plain run saw too few outages for its intervals
//! (see [`crate::stats::ServiceMethod`]); data sets whose losses are rare get the rare
//! method, the others the plain trials' figures (cli/rare_durability.rs).

use super::evaluate::{summarize, Evaluation};
use super::progress;
use crate::engine::{self, RunOutput};
use crate::error::Result;
use crate::model::Model;
use crate::report::TrialRows;
use crate::stats::{ServiceMethod, StopRule};

/// The plain run of `model` under `rule`, streaming its rows into `rows` when given.
pub fn plain_run(
    model: &Model,
    threads: usize,
    label: &str,
    rule: &StopRule,
    mut rows: Option<&mut TrialRows>,
) -> Result<RunOutput> {
    let bar = progress::trials_bar(rule.max_trials, &format!("{label} (plain)"));
    let mut write_rows = |first, records: &[_]| {
        if let Some(rows) = rows.as_deref_mut() {
            rows.write(first, records);
        }
    };
    let run = engine::simulate_until(model, threads, rule, &|done| bar.inc(done), &mut write_rows)?;
    bar.finish_and_clear();
    Ok(run)
}

/// The rule of the plain run that decides: `rule`, but no more trials than the scenario's
/// `trials`, since a precision a rare service never reaches would otherwise run the plain
/// method to `--max-trials`.
pub fn pilot_rule(rule: &StopRule, trials: u64) -> StopRule {
    StopRule {
        max_trials: rule.max_trials.min(trials),
        ..*rule
    }
}

/// The plain run that decides who estimates the service, under [`pilot_rule`]; when it
/// keeps the service plain but stopped short of `rule` (a precision not yet reached by the
/// scenario's trials), the plain run under `rule` itself, with the rows started again.
pub fn decisive_plain_run(
    model: &Model,
    threads: usize,
    label: &str,
    rule: &StopRule,
    mut rows: Option<&mut TrialRows>,
) -> Result<RunOutput> {
    let pilot = pilot_rule(rule, model.settings.trials);
    let run = plain_run(model, threads, label, &pilot, rows.as_deref_mut())?;
    let short = pilot != *rule && run.stopped == crate::stats::StopReason::MaxTrials;
    if !short || choice(&run).is_rare() {
        return Ok(run);
    }
    if let Some(rows) = rows.as_deref_mut() {
        rows.restart()?;
    }
    plain_run(model, threads, label, rule, rows)
}

/// The choice a plain run `run` leads to.
pub fn choice(run: &RunOutput) -> ServiceMethod {
    let (trials, outages) = (run.stats.trials, run.stats.outages);
    if run.tally.load.trials == 0 {
        return ServiceMethod::from_plain(trials, outages);
    }
    ServiceMethod::from_plain_with_shortfalls(trials, outages, run.tally.load.shortfall_episodes)
}

/// The evaluation of a model whose plain run `run` saw enough outages: that run's figures
/// for the service (with the importance runs its settings ask for), the rare method's for
/// its durable data sets, and the choice stated.
pub fn plain_service(
    model: &Model,
    run: RunOutput,
    threads: usize,
    label: &str,
    choice: ServiceMethod,
) -> Result<Evaluation> {
    let mut evaluation = summarize(model, run, threads, label)?;
    evaluation.summary.service_method = Some(choice);
    super::rare_durability::apply(model, &evaluation.run, threads, &mut evaluation.summary)?;
    Ok(evaluation)
}
