//! Importance of each component class, in the terms an SRE acts on: minutes a year saved if
//! it (or one of its instances) never failed, and minutes a year lost if one instance were
//! down for good.
//!
//! Each question is a variant of the model run over the same trial indices as the base
//! (common random numbers: trial i of every variant starts from the same random stream), so
//! the interval comes from the per-trial paired differences. Variants run in lockstep batches
//! with the base, so memory stays bounded. On large models the work is capped at a multiple
//! of the main run's trials: fewer trials per estimate (a wider, stated interval) and, past
//! that, only the components with the most downtime.

use std::time::Instant;

use super::driver::{Batches, BATCH};
use super::trial::Force;
use crate::error::Error;
use crate::model::Model;
use crate::stats::{Moments, Tally};

/// Importance work allowed by default, in trials, per trial of the main run.
pub const BUDGET_PER_TRIAL: u64 = 4;

/// Fewest trials per estimate when the budget spreads them thin.
pub const MIN_TRIALS: u64 = 200;

/// The importance of one component class: per-trial differences of counted downtime
/// (hours), variant minus base.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassImportance {
    /// The component.
    pub component: usize,
    /// Base minus "no instance ever fails".
    pub improvement: Moments,
    /// Base minus "its first instance never fails"; `None` for single-instance components
    /// (the same question as `improvement`).
    pub instance_improvement: Option<Moments>,
    /// "Its first instance down for good" minus base.
    pub risk: Moments,
}

/// What the importance runs found and what they cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Importance {
    /// Classes computed, in the order chosen (most downtime first).
    pub classes: Vec<ClassImportance>,
    /// Trials behind each estimate.
    pub trials: u64,
    /// Wall-clock seconds of every importance run, base included.
    pub seconds: f64,
}

/// Which classes to compute and with how many trials each: everything at `requested`
/// trials when the user set it; by default, within [`BUDGET_PER_TRIAL`] times the main
/// run's trials, spreading down to [`MIN_TRIALS`] per estimate, then the components whose
/// outages cost the most downtime first (ties by name).
pub fn plan(
    model: &Model,
    tally: &Tally,
    requested: u64,
    explicit: bool,
    main_trials: u64,
) -> (Vec<usize>, u64) {
    let variants = |c: usize| if model.components[c].count > 1 { 3 } else { 2 };
    let mut ranked: Vec<(f64, usize)> = (0..model.components.len())
        .map(|c| {
            let downtime = model
                .layout
                .causes
                .iter()
                .enumerate()
                .filter(|(_, cause)| cause.component as usize == c)
                .map(|(i, _)| tally.downtime_by_cause(i))
                .sum();
            (downtime, c)
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| model.components[a.1].name.cmp(&model.components[b.1].name))
    });
    let order: Vec<usize> = ranked.into_iter().map(|(_, c)| c).collect();
    if explicit || requested == 0 {
        return (if requested == 0 { Vec::new() } else { order }, requested);
    }
    let total: u64 = order.iter().map(|&c| variants(c)).sum();
    let budget = (BUDGET_PER_TRIAL * main_trials).max(requested * 3);
    let trials = requested.min((budget / total.max(1)).max(MIN_TRIALS.min(requested)));
    let mut spent = 0;
    let chosen = order
        .into_iter()
        .take_while(|&c| {
            spent += variants(c) * trials;
            spent <= budget
        })
        .collect();
    (chosen, trials)
}

/// Runs the importance variants of `components` over trials `0..trials` on `threads`
/// threads; `progress` counts trials (base and variants).
pub fn importance(
    model: &Model,
    components: &[usize],
    trials: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Importance, Error> {
    let started = Instant::now();
    let exclude = model.settings.exclude_planned;
    let mut classes: Vec<ClassImportance> = components
        .iter()
        .map(|&component| ClassImportance {
            component,
            improvement: Moments::default(),
            instance_improvement: (model.components[component].count > 1).then(Moments::default),
            risk: Moments::default(),
        })
        .collect();
    let mut batches = Batches::new(model, threads, None)?;
    let mut base = Vec::new();
    let mut first = 0;
    while first < trials && !classes.is_empty() {
        let count = BATCH.min(trials - first) as usize;
        batches.set_force(None);
        batches.seek(first);
        base.clear();
        base.extend(
            batches
                .run(count, progress)
                .iter()
                .map(|r| r.counted_downtime(exclude)),
        );
        for class in &mut classes {
            let mut variant = |up: bool, one_instance: bool, moments: &mut Moments| {
                batches.set_force(Some(Force {
                    component: class.component,
                    up,
                    one_instance,
                }));
                batches.seek(first);
                for (r, b) in batches.run(count, progress).iter().zip(&base) {
                    let forced = r.counted_downtime(exclude);
                    // Saved downtime for a perfect variant, lost downtime for a failed one.
                    moments.push(if up { b - forced } else { forced - b });
                }
            };
            variant(true, false, &mut class.improvement);
            if let Some(moments) = &mut class.instance_improvement {
                variant(true, true, moments);
            }
            variant(false, true, &mut class.risk);
        }
        first += count as u64;
    }
    Ok(Importance {
        classes,
        trials,
        seconds: started.elapsed().as_secs_f64(),
    })
}
