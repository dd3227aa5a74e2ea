//! A run continued in pieces: plan's racing rounds take each surviving design from the
//! trials it has to the next round's count, instead of simulating it again from trial 0.
//!
//! The pieces fold exactly what one run over all their trials folds: batches are cut where a
//! run from trial 0 cuts them (at multiples of [`BATCH`] and at the end), and a batch that
//! a round ends inside stays open ([`TrialStats::add_open`]) until the next round fills it.
//! A design carried to the full count therefore has the same figures, to the bit, as
//! `nines run` of it at that count.

use std::time::Instant;

use super::paired_cost::TrialCost;
use crate::engine::{Batches, RunOutput, BATCH};
use crate::error::Result;
use crate::model::Model;
use crate::stats::{BatchMoments, StopReason, StopRule, Tally, TrialStats};

/// What a design's trials so far folded into.
#[derive(Debug, Clone)]
pub struct Carried {
    stats: TrialStats,
    /// The floating-point folds of the batch the last piece ended inside.
    open: BatchMoments,
    tally: Tally,
    wall_seconds: f64,
    /// Each trial's priced loss, in trial order, when kept for paired eliminations.
    losses: Option<(TrialCost, Vec<f64>)>,
}

impl Carried {
    /// Nothing run yet.
    pub fn new(model: &Model) -> Carried {
        Carried {
            stats: TrialStats::new(model),
            open: BatchMoments::default(),
            tally: Tally::new(model.layout.causes.len(), model.data.len()),
            wall_seconds: 0.0,
            losses: None,
        }
    }

    /// Nothing run yet, keeping each trial's loss as `pricing` prices it (one number a
    /// trial: plan keeps them only for the designs still in the race).
    pub fn keeping_losses(model: &Model, pricing: TrialCost) -> Carried {
        Carried {
            losses: Some((pricing, Vec::new())),
            ..Carried::new(model)
        }
    }

    /// How its trials are priced, if their losses are kept.
    pub fn pricing(&self) -> Option<&TrialCost> {
        self.losses.as_ref().map(|(p, _)| p)
    }

    /// Each trial's priced loss so far, in trial order, if kept.
    pub fn losses(&self) -> Option<&[f64]> {
        self.losses.as_ref().map(|(_, l)| l.as_slice())
    }

    /// A run made whole elsewhere (a merge of a sharded plan's pieces), to go on from.
    pub fn from_output(run: RunOutput) -> Carried {
        Carried {
            stats: run.stats,
            open: BatchMoments::default(),
            tally: run.tally,
            wall_seconds: run.wall_seconds,
            losses: None,
        }
    }

    /// Trials folded so far: trials 0 to this, exclusive.
    pub fn trials(&self) -> u64 {
        self.stats.trials + self.open.trials
    }

    /// Simulates trials `self.trials()..to` of `model` on `threads` threads and folds them
    /// in; `progress` as [`crate::engine::simulate`] takes it.
    pub fn advance(
        &mut self,
        model: &Model,
        threads: usize,
        to: u64,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<()> {
        let started = Instant::now();
        let mut next = self.trials();
        if next >= to {
            return Ok(());
        }
        let mut batches = Batches::new(model, threads, None)?;
        batches.seek(next);
        while next < to {
            let end = ((next / BATCH + 1) * BATCH).min(to);
            let records = batches.run((end - next) as usize, progress);
            if let Some((pricing, losses)) = &mut self.losses {
                losses.extend(records.iter().map(|r| pricing.value(r)));
            }
            self.stats.add_open(&mut self.open, next, records);
            next = end;
            if next.is_multiple_of(BATCH) {
                self.stats.close(&self.open);
                self.open = BatchMoments::default();
            }
        }
        // Integer counts and histograms: their sum does not depend on the order.
        let tally = std::mem::replace(&mut self.tally, Tally::new(0, 0));
        self.tally = batches.into_tally().merge(tally);
        self.wall_seconds += started.elapsed().as_secs_f64();
        Ok(())
    }

    /// The run so far, as a run of `self.trials()` trials would hand it over: the open
    /// batch is closed in a copy, so that the run can go on.
    pub fn output(&self) -> RunOutput {
        let mut stats = self.stats.clone();
        if self.open.trials > 0 {
            stats.close(&self.open);
        }
        RunOutput {
            stats,
            tally: self.tally.clone(),
            wall_seconds: self.wall_seconds,
            rule: StopRule::fixed(self.trials()),
            stopped: StopReason::Trials,
        }
    }
}
