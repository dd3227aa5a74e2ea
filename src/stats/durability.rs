//! Data losses of one data set, counted by the engine (engine::durability) and folded into
//! the `durability` key of the summary.

use std::collections::BTreeMap;

use serde::Serialize;

use super::exact::{clopper_pearson, garwood};
use super::Tally;
use crate::model::{Model, Stripes};
use crate::units::YEAR;

/// Counts of one data set's stripe losses; integers only, so merging across threads is exact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct DurabilityTally {
    /// Loss events: instants at which stripes lost more fragments than their parity, with
    /// no usable backup (one zone destroyed at once is one event, however many stripes).
    pub losses: u64,
    /// Stripes lost (with no usable backup), over every event.
    pub stripes_lost: u64,
    /// Stripe losses a usable backup covered (counted apart: no data lost for good).
    pub covered_by_backup: u64,
    /// Trials with at least one loss.
    pub trials_with_loss: u64,
    /// Whether the current trial has lost data.
    trial_lost: bool,
    /// When the current trial's last loss happened.
    last_loss: f64,
}

impl DurabilityTally {
    /// A stripe lost data at `now`; `covered`: a usable backup holds it.
    pub fn record_loss(&mut self, covered: bool, now: f64) {
        if covered {
            self.covered_by_backup += 1;
            return;
        }
        self.stripes_lost += 1;
        if !(self.trial_lost && self.last_loss == now) {
            self.losses += 1;
        }
        self.trial_lost = true;
        self.last_loss = now;
    }

    /// Ends a trial: counts it if it lost data.
    pub fn end_trial(&mut self) {
        self.trials_with_loss += u64::from(std::mem::take(&mut self.trial_lost));
    }

    /// Adds `other`'s finished trials.
    pub fn merge(&mut self, other: &DurabilityTally) {
        self.losses += other.losses;
        self.stripes_lost += other.stripes_lost;
        self.covered_by_backup += other.covered_by_backup;
        self.trials_with_loss += other.trials_with_loss;
    }
}

/// A probability with its interval.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Share {
    /// Point estimate.
    pub mean: f64,
    /// Lower end.
    pub ci_low: f64,
    /// Upper end: with no loss seen, the honest upper bound.
    pub ci_high: f64,
}

/// Mean time to data loss, hours, with its interval.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Mttdl {
    /// Simulated hours per loss event; null with no loss seen.
    pub mean: Option<f64>,
    /// Lower end (with no loss seen: the simulated time over the upper end of the count).
    pub ci_low: f64,
    /// Upper end; null with no loss seen (unbounded).
    pub ci_high: Option<f64>,
}

/// Durability as nines of the yearly loss probability.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Nines {
    /// −log10 of the point estimate; null with no loss seen.
    pub mean: Option<f64>,
    /// −log10 of the interval's upper end: what the run demonstrates ("≥ N").
    pub at_least: f64,
}

/// The `durability` entry of one data set (added key of the summary).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DurabilitySummary {
    /// "3 replicas" or "6+3".
    pub redundancy: String,
    /// Raw bytes stored per byte of data.
    pub overhead: f64,
    /// Stripes; null when declustered (`stripes = "all"`).
    pub stripes: Option<u64>,
    /// Storage cost per terabyte of data per month (raw price × overhead), when priced.
    pub cost_per_tb_month: Option<f64>,
    /// Probability that a year loses data: Clopper-Pearson on the trials with a loss.
    /// Trials of another length are converted as 1 − (1 − p)^(1 year / horizon), which
    /// assumes a constant loss rate over the trial.
    pub p_loss_per_year: Share,
    /// Probability that a trial (the horizon) loses data, Clopper-Pearson.
    pub p_loss_horizon: Share,
    /// Loss events per year, Garwood's interval on the count.
    pub losses_per_year: Share,
    /// Mean time to data loss: simulated hours per loss event.
    pub mttdl_hours: Mttdl,
    /// Durability in nines of `p_loss_per_year`.
    pub nines: Nines,
    /// Trials with a loss.
    pub trials_with_loss: u64,
    /// Loss events (simultaneous stripe losses count once).
    pub loss_events: u64,
    /// Stripes lost over every event.
    pub stripes_lost: u64,
    /// Stripe losses a usable backup covered (not counted as losses).
    pub covered_by_backup: u64,
    /// The absorbing chain's answer (crate::exact::durability), when disks fail
    /// exponentially; null otherwise, with the reason in `exact_reason`.
    pub exact: Option<crate::exact::durability::ExactDurability>,
    /// Why there is no exact answer, when there is none.
    pub exact_reason: Option<String>,
    /// How the probabilities, MTTDL and nines were estimated: "plain" (counts of trials
    /// with a loss) or "rare" (the rare-event method, crate::stats::DataRareStats).
    pub method: &'static str,
    /// Rare method: the half-width of `p_loss_horizon`'s interval over its mean.
    pub relative_error: Option<f64>,
    /// Rare method: effective sample size of the branches' weighted losses (Kong 1992).
    pub effective_sample_size: Option<f64>,
    /// Rare method: its diagnostics and warnings.
    pub rare: Option<super::DataRareSummary>,
}

/// The `durability` key: every data set with redundancy, by name.
pub fn summaries(model: &Model, tally: &Tally, trials: u64) -> BTreeMap<String, DurabilitySummary> {
    let settings = &model.settings;
    let horizon = settings.horizon;
    let confidence = settings.confidence;
    model
        .data
        .iter()
        .enumerate()
        .filter_map(|(d, set)| set.durability.as_ref().map(|dur| (d, set, dur)))
        .map(|(d, set, dur)| {
            let t = &tally.data[d].durability;
            let n = trials.max(1) as f64;
            let (low, high) = clopper_pearson(t.trials_with_loss as f64, n, confidence);
            let horizon_share = Share {
                mean: t.trials_with_loss as f64 / n,
                ci_low: low,
                ci_high: high,
            };
            let to_year = |p: f64| -((YEAR / horizon) * (-p).ln_1p()).exp_m1();
            let yearly = Share {
                mean: to_year(horizon_share.mean),
                ci_low: to_year(horizon_share.ci_low),
                ci_high: to_year(horizon_share.ci_high),
            };
            let hours = horizon * n;
            let (count_low, count_high) = garwood(t.losses, confidence);
            let per_year = |count: f64| count / hours * YEAR;
            let seen = t.losses > 0;
            let exact = crate::exact::durability::for_data_set(model, d);
            (
                set.name.clone(),
                DurabilitySummary {
                    redundancy: dur.describe(),
                    overhead: dur.overhead(),
                    stripes: match dur.stripes {
                        Stripes::Count(c) => Some(c as u64),
                        Stripes::All => None,
                    },
                    cost_per_tb_month: dur.cost_per_tb_month.map(|c| c * dur.overhead()),
                    p_loss_per_year: yearly,
                    p_loss_horizon: horizon_share,
                    losses_per_year: Share {
                        mean: per_year(t.losses as f64),
                        ci_low: per_year(count_low),
                        ci_high: per_year(count_high),
                    },
                    mttdl_hours: Mttdl {
                        mean: seen.then(|| hours / t.losses as f64),
                        ci_low: hours / count_high,
                        ci_high: (count_low > 0.0).then(|| hours / count_low),
                    },
                    nines: Nines {
                        mean: (yearly.mean > 0.0).then(|| -yearly.mean.log10()),
                        at_least: -yearly.ci_high.log10(),
                    },
                    trials_with_loss: t.trials_with_loss,
                    loss_events: t.losses,
                    stripes_lost: t.stripes_lost,
                    covered_by_backup: t.covered_by_backup,
                    exact_reason: exact.as_ref().err().cloned(),
                    exact: exact.ok(),
                    method: "plain",
                    relative_error: None,
                    effective_sample_size: None,
                    rare: None,
                },
            )
        })
        .collect()
}
