//! `--method rare` for the commands: checks the model is supported, runs the rare-event
//! method, and puts its estimates in the summary's headline (availability, outages, target)
//! with the full figures and diagnostics under the added `rare` key.

use super::evaluate::Evaluation;
use super::progress;
use crate::engine::{rare_relative_half_width, rare_unsupported, simulate_rare_until};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::report::TrialRows;
use crate::stats::{verdict, RareSummary, StopRule, Summary, Verdict};
use crate::units::{MINUTES_PER_YEAR, YEAR};

/// Refuses, as bad input, a model the rare method does not support yet.
pub fn check(model: &Model) -> Result<()> {
    match rare_unsupported(model) {
        Some(why) => Err(Error::Input(why)),
        None => Ok(()),
    }
}

/// Simulates `model` with the rare-event method on `threads` threads until `rule` says stop
/// (`--precision`: the rare interval of unavailability is as narrow as asked), streaming the
/// unbiased main runs' rows into `rows` when given.
pub fn evaluate_rare(
    model: &Model,
    threads: usize,
    label: &str,
    rule: &StopRule,
    mut rows: Option<&mut TrialRows>,
) -> Result<Evaluation> {
    let plain =
        super::rare_choice::decisive_plain_run(model, threads, label, rule, rows.as_deref_mut())?;
    let choice = super::rare_choice::choice(&plain);
    if !choice.is_rare() {
        return super::rare_choice::plain_service(model, plain, threads, label, choice);
    }
    // The rows reported are the rare run's main runs.
    if let Some(rows) = rows.as_deref_mut() {
        rows.restart()?;
    }
    let bar = progress::trials_bar(rule.max_trials, label);
    let mut write_rows = |first, records: &[_]| {
        if let Some(rows) = rows.as_deref_mut() {
            rows.write(first, records);
        }
    };
    let out = simulate_rare_until(model, threads, rule, &|done| bar.inc(done), &mut write_rows)?;
    bar.finish_and_clear();
    let mut evaluation = rare_evaluation(model, out, threads)?;
    evaluation.summary.service_method = Some(choice);
    Ok(evaluation)
}

/// The summary of a finished rare run: the plain summary of its main runs with the rare
/// figures in the headline, under `rare`, and in the stopping note.
pub fn rare_evaluation(
    model: &Model,
    out: crate::engine::RareOutput,
    threads: usize,
) -> Result<Evaluation> {
    let rare = RareSummary::new(model, &out.rare, out.warmup);
    let mut summary = Summary::new(model, &out.plain, None);
    // The rule stopped on the rare interval: its note reports that one's precision.
    summary.stopping.achieved_precision = rare_relative_half_width(&out.rare, model);
    headline(model, &mut summary, &rare);
    if let Some(load) = &rare.load {
        load.apply(&mut summary);
    }
    // The downtime's price follows the availability the headline now gives.
    summary.cost = crate::stats::cost_summary(
        model,
        &summary.availability,
        &summary.request_availability,
        &summary.sla,
    );
    summary.rare = Some(rare);
    // The main runs' own per-phase figures would show next to no downtime.
    summary.phases = crate::stats::rare_phase_summaries(model, &out.rare);
    super::rare_durability::apply(model, &out.plain, threads, &mut summary)?;
    Ok(Evaluation {
        summary,
        run: out.plain,
    })
}

/// Replaces the plain figures of the headline with the rare method's horizon estimates: the
/// availability, downtime mean, outage rate and duration, and the target verdict. Quantiles,
/// windows and attribution stay those of the unbiased main runs (the rare method does not
/// estimate them; its own attribution is under `rare`).
fn headline(model: &Model, summary: &mut Summary, rare: &RareSummary) {
    let settings = &model.settings;
    let h = &rare.horizon;
    let u = &h.unavailability;
    let a = &mut summary.availability;
    a.mean = 1.0 - u.mean;
    a.ci_low = u.ci_high.map(|x| 1.0 - x);
    a.ci_high = u.ci_low.map(|x| 1.0 - x);
    a.nines = h.nines;
    a.nines_lower_bound = u.ci_high.filter(|&x| x > 0.0).map(|x| -x.log10());
    a.method = "rare-event (excursion importance sampling), Student t";
    summary.downtime_minutes_per_year.mean = u.mean * MINUTES_PER_YEAR;
    let o = &mut summary.outages;
    o.per_year = h.outages_per_year.mean;
    o.per_year_ci_low = h.outages_per_year.ci_low.unwrap_or(0.0);
    o.per_year_ci_high = h.outages_per_year.ci_high.unwrap_or(f64::INFINITY);
    o.mean_duration_minutes = h.mean_outage_minutes.as_ref().map(|d| d.mean);
    o.mtbf_hours =
        (h.outages_per_year.mean > 0.0).then(|| YEAR * (1.0 - u.mean) / h.outages_per_year.mean);
    let judged = Verdict {
        target: settings.target,
        low: summary.availability.ci_low,
        high: summary.availability.ci_high,
        mean: summary.availability.mean,
        trials: summary.trials,
        trials_with_downtime: summary.trials,
        horizon: settings.horizon,
        confidence: settings.confidence,
    };
    let (v, reason) = verdict(&judged);
    summary.target.met = v == "met";
    summary.target.verdict = v;
    summary.target.reason = reason;
}

/// `nines run --method rare`: prints the summary and, with `--out`, writes the same report
/// folder as a plain run (charts and trials.csv from the unbiased main runs), staged so a
/// failure leaves no half-written folder.
pub fn execute_run(model: &Model, args: &super::run::RunArgs, rule: &StopRule) -> Result<()> {
    check(model)?;
    let Some(out) = args.out.as_deref() else {
        let mut evaluation = evaluate_rare(model, args.threads, "simulating", rule, None)?;
        if args.blocks {
            super::rare_blocks::apply(model, args.threads, &mut evaluation.summary)?;
        }
        return super::evaluate::print(&crate::report::render(&evaluation.summary, args.format)?);
    };
    if args.resume {
        // The rare method takes no checkpoints: there is nothing to resume from.
        return Err(Error::Input(
            "--resume is not supported with --method rare (it keeps no checkpoints); run without --resume".into(),
        ));
    }
    let staging = crate::report::Staging::new(out)?;
    let settings = &model.settings;
    let mut rows = TrialRows::create(staging.path(), settings.horizon, settings.exclude_planned)?;
    let mut evaluation = evaluate_rare(model, args.threads, "simulating", rule, Some(&mut rows))?;
    // Per-block figures are `run`'s alone, on request: compare and sweep would pay for
    // them per variant, and they cost several extra runs.
    if args.blocks {
        super::rare_blocks::apply(model, args.threads, &mut evaluation.summary)?;
    }
    let summary = &evaluation.summary;
    // Results reach stdout before the report is put in place, so a failing --out loses
    // nothing.
    super::evaluate::print(&crate::report::render(summary, args.format)?)?;
    crate::report::write_run_report(staging.path(), model, summary, &evaluation.run, rows)?;
    staging.commit()
}
