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

#[cfg(test)]
mod tests {
    use super::*;

    /// Three replicas over a horizon of half a year (a year of 8766 h is two horizons), at
    /// 95 %.
    fn model() -> Model {
        let source = super::super::durability::tests::STORE
            .replace("horizon = \"2y\"", "horizon = \"4383h\"\nconfidence = 0.95");
        crate::scenario::parse(&source, "store.toml", std::path::Path::new("."), "store")
            .expect("a valid scenario")
    }

    /// Eight hand-made trials (scripts/rare-data-expected.py): weighted first losses and
    /// loss events, and per trial the branches' counts, weights, contributions, log10
    /// weights of the branches that lost data (±∞ for none), windows, events and cuts.
    fn stats() -> DataRareStats {
        let first = [0.0, 0.2, 0.1, 0.05, 0.3, 0.45, 0.1, 0.0];
        let losses = [0.0, 0.3, 0.15, 0.05, 0.35, 0.6, 0.1, 0.0];
        let branches = [1, 2, 0, 1, 3, 2, 1, 0];
        let with = [0, 1, 0, 1, 0, 2, 1, 0];
        let weights = [(0.9, 0.81), (2.1, 2.5), (0.0, 0.0), (1.2, 1.44)];
        let weights_rest = [(2.7, 2.6), (2.2, 2.6), (0.8, 0.64), (0.0, 0.0)];
        let contributions = [(0.0, 0.0, 0.0), (0.3, 0.05, 0.2), (0.15, 0.1, 0.15)];
        let contributions_rest = [
            (0.05, 0.0025, 0.05),
            (0.35, 0.12, 0.3),
            (0.6, 0.6, 0.55),
            (0.1, 0.1, 0.1),
            (0.0, 0.0, 0.0),
        ];
        let none = (f64::INFINITY, f64::NEG_INFINITY);
        let log10 = [
            none,
            (-2.5, -0.5),
            none,
            (-1.3, -1.3),
            none,
            (-3.1, 0.2),
            (-1.0, -1.0),
            none,
        ];
        let windows = [3, 7, 0, 2, 9, 6, 2, 0];
        let events = [100, 200, 50, 80, 300, 250, 90, 40];
        let mut stats = DataRareStats::default();
        for i in 0..8 {
            let (weight_sum, weight_sq_sum) =
                weights.iter().chain(&weights_rest).nth(i).copied().unwrap();
            let (contribution_sum, contribution_sq_sum, contribution_max) = contributions
                .iter()
                .chain(&contributions_rest)
                .nth(i)
                .copied()
                .unwrap();
            stats.add(&DataRareRecord {
                first: first[i],
                losses: losses[i],
                plain_lost: i == 5,
                branches: branches[i],
                branches_with_loss: with[i],
                weight_sum,
                weight_sq_sum,
                contribution_sum,
                contribution_sq_sum,
                contribution_max,
                log10_weight_min: log10[i].0,
                log10_weight_max: log10[i].1,
                windows: windows[i],
                events: events[i],
                cut_by_end: u32::from(i == 1),
            });
        }
        stats
    }

    fn close(got: f64, expected: f64) {
        assert!(
            ((got - expected) / expected).abs() < 1e-9,
            "{got} vs {expected}"
        );
    }

    #[test]
    fn every_figure_of_the_entry_follows_its_definition() {
        let stats = stats();
        assert_eq!(stats.trials(), 8);
        assert_eq!(stats.events, 1110);
        let d = stats.entry(&model(), "objects").expect("a durable set");
        // scripts/rare-data-expected.py
        let p = &d.p_loss_horizon;
        close(p.mean, 0.15);
        close(p.ci_low, 0.043_021_297_942_765_02);
        close(p.ci_high, 0.348_510_481_971_168_63);
        let y = &d.p_loss_per_year;
        close(y.mean, 0.2775);
        close(y.ci_low, 0.084_191_763_808_849_85);
        close(y.ci_high, 0.575_561_407_898_561);
        let l = &d.losses_per_year;
        close(l.mean, 0.3875);
        close(l.ci_low, 0.105_252_149_498_568_81);
        close(l.ci_high, 0.923_287_543_429_323_7);
        let m = &d.mttdl_hours;
        close(m.mean.unwrap(), 22_621.935_483_870_97);
        close(m.ci_low, 9_494.333_658_440_637);
        close(m.ci_high.unwrap(), 83_285.709_999_862_74);
        close(d.nines.mean.unwrap(), 0.556_737_012_541_304_9);
        close(d.nines.at_least, 0.239_908_333_739_233_73);
        close(d.relative_error.unwrap(), 1.323_403_213_141_123_7);
        close(d.effective_sample_size.unwrap(), 2.470_437_017_994_859);
        assert_eq!(d.method, "rare");
        let r = d.rare.expect("diagnostics");
        assert_eq!(r.method, "excursion-is");
        assert_eq!((r.branches, r.branches_with_loss), (10, 5));
        assert_eq!(r.plain_trials_with_loss, 1);
        close(r.weight_mean, 0.99);
        close(r.weight_mean_ci[0], 0.815_904_882_046_403_7);
        close(r.weight_mean_ci[1], 1.164_095_117_953_596_3);
        close(r.max_share, 0.55 / 1.55);
        assert_eq!(r.log10_weight_range, Some([-3.1, 0.2]));
        close(r.mean_windows_per_branch, 2.9);
        close(r.cut_by_end, 0.1);
        // Five branches lost data, fewer than the 100 wanted; nothing else warns.
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0].contains("only 5 branches lost data"));
    }

    /// A run that lost nothing: no mean time to loss, no upper end of it, no relative
    /// error, no weight range, an effective sample size of 0.
    #[test]
    fn a_run_without_losses_has_no_mttdl() {
        let mut stats = DataRareStats::default();
        for _ in 0..3 {
            stats.add(&DataRareRecord {
                branches: 1,
                weight_sum: 1.0,
                weight_sq_sum: 1.0,
                log10_weight_min: f64::INFINITY,
                log10_weight_max: f64::NEG_INFINITY,
                ..DataRareRecord::default()
            });
        }
        let d = stats.entry(&model(), "objects").expect("a durable set");
        assert_eq!(d.p_loss_horizon.mean, 0.0);
        assert_eq!(d.mttdl_hours.mean, None);
        assert_eq!(d.mttdl_hours.ci_high, None);
        assert_eq!(d.mttdl_hours.ci_low, f64::INFINITY);
        assert_eq!(d.nines.mean, None);
        assert_eq!(d.relative_error, None);
        assert_eq!(d.effective_sample_size, Some(0.0));
        let r = d.rare.expect("diagnostics");
        assert_eq!(r.log10_weight_range, None);
        assert_eq!(r.max_share, 0.0);
        assert_eq!(r.weight_mean, 1.0);
    }
}
