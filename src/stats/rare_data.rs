//! The rare method's durability estimates (docs/design/rare-events.md §6.3): per-trial
//! weighted first-loss indicators and loss events folded in trial order, turned into the
//! `durability` entry's probability of loss, MTTDL and nines, with diagnostics.
//!
//! Each trial's first-loss weight is an unbiased estimate of P(loss within the horizon) and
//! its weighted loss events of their expected number, and trials are i.i.d., so both are
//! means over trials with skew-corrected Student-t intervals, as for the service's rare
//! estimates.

use serde::Serialize;

use super::durability::{DurabilitySummary, Mttdl, Nines, Share};
use super::interval::skew_corrected_interval;
use super::rare::{degeneracy_warnings, EventWords, WeightHealth};
use super::student::normal_quantile;
use super::Moments;
use crate::engine::DataRareRecord;
use crate::model::Model;
use crate::units::YEAR;

/// The words of a data set's rare estimate.
const LOSS_WORDS: EventWords = EventWords {
    reached: "lost data",
    plural: "losses",
    carried: "losses",
    subject: "data set",
};

/// One data set's rare-method records, folded in trial order.
#[derive(Debug, Clone)]
pub struct DataRareStats {
    first: Moments,
    losses: Moments,
    plain_trials_with_loss: u64,
    branches: u64,
    branches_with_loss: u64,
    weight_sum: f64,
    weight_sq_sum: f64,
    contribution_sum: f64,
    contribution_sq_sum: f64,
    contribution_max: f64,
    log10_min: f64,
    log10_max: f64,
    windows: u64,
    /// Events of main runs and branches.
    pub events: u64,
    cut_by_end: u64,
}

impl Default for DataRareStats {
    fn default() -> DataRareStats {
        DataRareStats {
            first: Moments::default(),
            losses: Moments::default(),
            plain_trials_with_loss: 0,
            branches: 0,
            branches_with_loss: 0,
            weight_sum: 0.0,
            weight_sq_sum: 0.0,
            contribution_sum: 0.0,
            contribution_sq_sum: 0.0,
            contribution_max: 0.0,
            log10_min: f64::INFINITY,
            log10_max: f64::NEG_INFINITY,
            windows: 0,
            events: 0,
            cut_by_end: 0,
        }
    }
}

impl DataRareStats {
    /// Folds in the next trial's record.
    pub fn add(&mut self, r: &DataRareRecord) {
        self.first.push(r.first);
        self.losses.push(r.losses);
        self.plain_trials_with_loss += u64::from(r.plain_lost);
        self.branches += u64::from(r.branches);
        self.branches_with_loss += u64::from(r.branches_with_loss);
        self.weight_sum += r.weight_sum;
        self.weight_sq_sum += r.weight_sq_sum;
        self.contribution_sum += r.contribution_sum;
        self.contribution_sq_sum += r.contribution_sq_sum;
        self.contribution_max = self.contribution_max.max(r.contribution_max);
        self.log10_min = self.log10_min.min(r.log10_weight_min);
        self.log10_max = self.log10_max.max(r.log10_weight_max);
        self.windows += r.windows;
        self.events += r.events;
        self.cut_by_end += u64::from(r.cut_by_end);
    }

    /// Trials folded in.
    pub fn trials(&self) -> u64 {
        self.first.n
    }

    /// The `durability` entry of data set `name` of `model` from this rare run alone (the
    /// plain run's counts are zero): for tests and benches, which run no plain trials.
    pub fn entry(&self, model: &Model, name: &str) -> Option<DurabilitySummary> {
        let tally = super::Tally::new(model.layout.causes.len(), model.data.len());
        let mut entry = super::durability::summaries(model, &tally, 0).remove(name)?;
        self.apply(
            &mut entry,
            model.settings.horizon,
            model.settings.confidence,
        );
        Some(entry)
    }
}

/// Diagnostics of a data set's rare estimate: the `rare` entry under its `durability` key.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataRareSummary {
    /// "excursion-is": excursion importance sampling towards data loss.
    pub method: &'static str,
    /// Branches run (one per excursion: a device destroyed until every one is rebuilt).
    pub branches: u64,
    /// Branches that lost data within the horizon.
    pub branches_with_loss: u64,
    /// Largest single branch's share of the weighted losses.
    pub max_share: f64,
    /// Mean final likelihood ratio of the branches (1 in expectation).
    pub weight_mean: f64,
    /// Its interval, which should contain 1.
    pub weight_mean_ci: [f64; 2],
    /// Range of log10 weights at which losses ran; null without losses.
    pub log10_weight_range: Option<[f64; 2]>,
    /// Windows decided per branch.
    pub mean_windows_per_branch: f64,
    /// Share of branches stopped by the end of the horizon.
    pub cut_by_end: f64,
    /// Trials whose unbiased main run lost data itself (what a plain run would rest on).
    pub plain_trials_with_loss: u64,
    /// What may make the interval too narrow, and what to do.
    pub warnings: Vec<String>,
}

/// A mean over trials with its interval, clipped at 0 below.
fn share(moments: &Moments, confidence: f64) -> Share {
    let i = skew_corrected_interval(moments, confidence);
    Share {
        mean: i.mean,
        ci_low: i.low.map_or(0.0, |l| l.max(0.0)),
        ci_high: i.high.unwrap_or(1.0),
    }
}

impl DataRareStats {
    /// Replaces the estimates of `summary` (a plain run's `durability` entry for the same
    /// data set) by the rare method's: probabilities of loss, loss events per year, MTTDL
    /// and nines with their intervals, and adds the method, relative error, effective
    /// sample size and diagnostics. Counts of the plain run (trials with a loss, stripes
    /// lost) stay those of the unbiased main runs.
    pub fn apply(&self, summary: &mut DurabilitySummary, horizon: f64, confidence: f64) {
        let horizon_share = share(&self.first, confidence);
        let to_year = |p: f64| -((YEAR / horizon) * (-p.min(1.0)).ln_1p()).exp_m1();
        let yearly = Share {
            mean: to_year(horizon_share.mean),
            ci_low: to_year(horizon_share.ci_low),
            ci_high: to_year(horizon_share.ci_high),
        };
        let events = share(&self.losses, confidence);
        let per_year = |count: f64| count / horizon * YEAR;
        summary.p_loss_horizon = horizon_share;
        summary.p_loss_per_year = yearly;
        summary.losses_per_year = Share {
            mean: per_year(events.mean),
            ci_low: per_year(events.ci_low),
            ci_high: per_year(events.ci_high),
        };
        // Hours per loss event: the inverse of the loss rate, its interval the inverse of
        // the rate's.
        summary.mttdl_hours = Mttdl {
            mean: (events.mean > 0.0).then(|| horizon / events.mean),
            ci_low: horizon / events.ci_high,
            ci_high: (events.ci_low > 0.0).then(|| horizon / events.ci_low),
        };
        summary.nines = Nines {
            mean: (yearly.mean > 0.0).then(|| -yearly.mean.log10()),
            at_least: -yearly.ci_high.log10(),
        };
        summary.method = "rare";
        summary.relative_error = (horizon_share.mean > 0.0)
            .then(|| (horizon_share.ci_high - horizon_share.mean) / horizon_share.mean);
        summary.effective_sample_size = Some(if self.contribution_sq_sum > 0.0 {
            self.contribution_sum * self.contribution_sum / self.contribution_sq_sum
        } else {
            0.0
        });
        summary.rare =
            Some(self.diagnostics(summary.effective_sample_size.unwrap_or(0.0), confidence));
    }

    /// The diagnostics and their warnings (the rules of the service's rare estimate,
    /// docs/rare-events.md).
    fn diagnostics(&self, ess: f64, confidence: f64) -> DataRareSummary {
        let branches = self.branches.max(1) as f64;
        let weight_mean = self.weight_sum / branches;
        let weight_var = (self.weight_sq_sum / branches - weight_mean * weight_mean).max(0.0);
        let weight_mean_se = (weight_var / branches).sqrt();
        let weight_half = normal_quantile(0.5 + confidence / 2.0) * weight_mean_se;
        let weight_mean_ci = [weight_mean - weight_half, weight_mean + weight_half];
        let max_share = if self.contribution_sum > 0.0 {
            self.contribution_max / self.contribution_sum
        } else {
            0.0
        };
        let with = self.branches_with_loss;
        let warnings = degeneracy_warnings(
            &WeightHealth {
                branches: self.branches,
                with,
                ess,
                max_share,
                weight_mean,
                weight_mean_se,
            },
            &LOSS_WORDS,
        );
        DataRareSummary {
            method: "excursion-is",
            branches: self.branches,
            branches_with_loss: with,
            max_share,
            weight_mean,
            weight_mean_ci,
            log10_weight_range: (self.log10_min <= self.log10_max)
                .then_some([self.log10_min, self.log10_max]),
            mean_windows_per_branch: self.windows as f64 / branches,
            cut_by_end: self.cut_by_end as f64 / branches,
            plain_trials_with_loss: self.plain_trials_with_loss,
            warnings,
        }
    }
}
