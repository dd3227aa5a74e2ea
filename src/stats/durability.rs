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
    /// Rare method: the upper half-width of `p_loss_horizon`'s interval (its longer half: the
    /// interval is corrected for skewness) over its mean.
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Three replicas on three disks, priced, over two-year trials (so that a trial's loss
    /// probability and a year's differ); rare_data.rs's tests use it too.
    pub(in crate::stats) const STORE: &str = r#"name = "store"
[simulation]
horizon = "2y"
trials = 1000
[components.disk]
count = 3
need = 1
failure = { dist = "exponential", mean = "50000h" }
repair = { dist = "fixed", value = "1s" }
[system]
all = ["disk"]
[data.objects]
size = "1TB"
stored_on = "disk"
redundancy = { replicas = 3 }
placement = { stripes = 1 }
fragment_rebuild = { time = "24h" }
cost_per_tb_month = 15.0
"#;

    fn model() -> Model {
        crate::scenario::parse(STORE, "t.toml", std::path::Path::new("."), "t")
            .expect("scenario compiles")
    }

    /// The summary of a tally holding `counts` for the one data set, over 1000 trials.
    fn summary(model: &Model, counts: DurabilityTally) -> DurabilitySummary {
        let mut tally = Tally::new(model.layout.causes.len(), model.data.len());
        tally.data[0].durability = counts;
        summaries(model, &tally, 1000)
            .remove("objects")
            .expect("the data set")
    }

    #[test]
    fn stripes_lost_at_one_instant_are_one_event_and_covered_ones_apart() {
        let mut t = DurabilityTally::default();
        t.record_loss(false, 10.0);
        t.record_loss(false, 10.0);
        t.record_loss(true, 10.0);
        t.record_loss(false, 12.5);
        t.record_loss(false, 12.5);
        t.end_trial();
        // A new trial's first loss is an event even at the last one's instant.
        t.record_loss(false, 12.5);
        t.end_trial();
        t.end_trial();
        assert_eq!(
            (
                t.losses,
                t.stripes_lost,
                t.covered_by_backup,
                t.trials_with_loss
            ),
            (3, 5, 1, 2)
        );
        let mut sum = t;
        sum.merge(&t);
        assert_eq!(
            (
                sum.losses,
                sum.stripes_lost,
                sum.covered_by_backup,
                sum.trials_with_loss
            ),
            (6, 10, 2, 4)
        );
    }

    /// Every figure from the counts, computed here from its definition: 4 trials of 1000
    /// with a loss over two years, 5 loss events.
    #[test]
    fn figures_follow_the_counts_over_a_two_year_horizon() {
        let model = model();
        let counts = DurabilityTally {
            losses: 5,
            stripes_lost: 7,
            covered_by_backup: 2,
            trials_with_loss: 4,
            ..DurabilityTally::default()
        };
        let s = summary(&model, counts);
        let confidence = model.settings.confidence;
        let (low, high) = clopper_pearson(4.0, 1000.0, confidence);
        assert_eq!(
            s.p_loss_horizon,
            Share {
                mean: 0.004,
                ci_low: low,
                ci_high: high
            }
        );
        // A year is half a trial: 1 − (1 − p)^(1/2).
        let yearly = |p: f64| 1.0 - (1.0 - p).sqrt();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs();
        assert!(
            close(s.p_loss_per_year.mean, yearly(0.004)),
            "{:?}",
            s.p_loss_per_year
        );
        assert!(close(s.p_loss_per_year.ci_low, yearly(low)));
        assert!(close(s.p_loss_per_year.ci_high, yearly(high)));
        // 5 events in 2000 trial-years.
        let (count_low, count_high) = garwood(5, confidence);
        assert!(close(s.losses_per_year.mean, 5.0 / 2000.0));
        assert!(close(s.losses_per_year.ci_low, count_low / 2000.0));
        assert!(close(s.losses_per_year.ci_high, count_high / 2000.0));
        let hours = 2000.0 * YEAR;
        assert!(close(s.mttdl_hours.mean.unwrap(), hours / 5.0));
        assert!(close(s.mttdl_hours.ci_low, hours / count_high));
        assert!(close(s.mttdl_hours.ci_high.unwrap(), hours / count_low));
        assert!(close(s.nines.mean.unwrap(), -yearly(0.004).log10()));
        assert!(close(s.nines.at_least, -yearly(high).log10()));
        assert_eq!(
            (
                s.loss_events,
                s.stripes_lost,
                s.covered_by_backup,
                s.trials_with_loss
            ),
            (5, 7, 2, 4)
        );
        // Three replicas store three raw bytes per byte: 3 × 15.
        assert_eq!(s.overhead, 3.0);
        assert_eq!(s.cost_per_tb_month, Some(45.0));
    }

    /// No loss seen: no point estimate of the MTTDL or the nines, but bounds.
    #[test]
    fn no_loss_has_bounds_only() {
        let model = model();
        let s = summary(&model, DurabilityTally::default());
        assert_eq!(s.p_loss_horizon.mean, 0.0);
        assert_eq!(s.mttdl_hours.mean, None);
        assert_eq!(s.mttdl_hours.ci_high, None);
        assert_eq!(s.nines.mean, None);
        assert!(s.nines.at_least.is_finite() && s.nines.at_least > 0.0);
        assert!(s.mttdl_hours.ci_low > 0.0 && s.mttdl_hours.ci_low.is_finite());
    }
}
