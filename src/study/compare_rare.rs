//! `nines compare --method rare` as a study: designs run with the rare-event method in
//! lockstep over the same trials, folding each design's estimates and, where the designs'
//! excursions correspond, the paired differences of their per-trial estimates from the
//! first's.

use std::time::Instant;

use crate::engine::{rare_stop_reason, RareBatches, RareFold, RareOutput, RareRunner};
use crate::error::Result;
use crate::model::Model;
use crate::stats::{pairing_obstacle, ExcursionShape, RarePairs, StopReason, StopRule};

/// What a lockstep rare comparison produces.
#[derive(Debug)]
pub struct RareLockstep {
    /// Each design's run, in the order given.
    pub runs: Vec<RareOutput>,
    /// Paired differences of each design after the first from the first; empty when some
    /// design's excursions do not correspond to the first's.
    pub pairs: Vec<RarePairs>,
    /// Why there are no paired differences, when there are none.
    pub obstacle: Option<String>,
}

/// The shape of `model`'s excursions, as the pairing sees it.
pub fn excursion_shape(model: &Model) -> ExcursionShape {
    ExcursionShape {
        clocks: model.layout.slot_count(),
        distance: RareRunner::new(model).nominal_distance(),
    }
}

/// Runs every design batch by batch over the same trials until `rule` says stop for every
/// design (precision: all of them precise; any budget stops them all). `progress` hears of
/// every trial done, of any design.
pub fn run_rare_in_lockstep(
    models: &[Model],
    threads: usize,
    rule: &StopRule,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RareLockstep> {
    let started = Instant::now();
    let base = (models[0].name.as_str(), excursion_shape(&models[0]));
    let obstacle = models[1..]
        .iter()
        .find_map(|m| pairing_obstacle((m.name.as_str(), excursion_shape(m)), base));
    let mut batches = models
        .iter()
        .map(|model| RareBatches::new(model, threads))
        .collect::<Result<Vec<_>>>()?;
    let mut folds: Vec<RareFold> = models.iter().map(RareFold::new).collect();
    let mut pairs = vec![RarePairs::default(); models.len() - 1];
    let mut seconds = vec![0.0; models.len()];
    let horizon = models[0].settings.horizon;
    let stopped = loop {
        let reasons: Vec<Option<StopReason>> = models
            .iter()
            .zip(&folds)
            .map(|(model, fold)| rare_stop_reason(rule, &fold.rare, model, started))
            .collect();
        if let Some(reason) = super::compare::lockstep_reason(&reasons) {
            break reason;
        }
        let count = crate::engine::batch_len(rule, batches[0].next_trial());
        for (i, design) in batches.iter_mut().enumerate() {
            let design_started = Instant::now();
            design.run(count, progress)?;
            folds[i].add(design);
            seconds[i] += design_started.elapsed().as_secs_f64();
        }
        if obstacle.is_none() {
            let (baseline, others) = batches.split_first().expect("two designs or more");
            for (pair, design) in pairs.iter_mut().zip(others) {
                pair.add(design.records(), baseline.records(), horizon);
            }
        }
    };
    let runs = folds
        .into_iter()
        .zip(batches)
        .zip(seconds)
        .map(|((fold, design), wall)| fold.finish(design, wall, *rule, stopped))
        .collect();
    Ok(RareLockstep {
        runs,
        pairs: if obstacle.is_none() {
            pairs
        } else {
            Vec::new()
        },
        obstacle,
    })
}
