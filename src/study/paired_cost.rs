//! Each trial's priced losses, for plan's paired eliminations: on common random numbers two
//! designs see the same failures, so the per-trial difference of their costs varies far
//! less than either cost does, and a design can be shown costlier than the incumbent long
//! before its own interval leaves the incumbent's.
//!
//! A trial's priced loss is what the summary's `cost` averages over trials, less the
//! infrastructure: its downtime (or lost requests) at the downtime price, plus its SLA
//! credits at the window fee, both per year. Its mean over trials, plus the infrastructure,
//! is the design's `total_per_year`.

use crate::engine::TrialRecord;
use crate::model::cost::DowntimePrice;
use crate::model::Model;
use crate::stats::{BoundedAccumulator, Estimate};
use crate::units::YEAR;

/// Seed of the paired intervals' bootstrap (any fixed value: the same values give the same
/// interval, whatever the thread count).
const PAIRED_SEED: u64 = 0x9a1e_d0c0_57b1_a5e5;

/// How one trial's record is priced.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrialCost {
    horizon: f64,
    exclude_planned: bool,
    /// Money per year per unit share of time down (or of requests lost).
    per_share: f64,
    /// Whether the share priced is of requests rather than time.
    requests: bool,
    /// Money per year per window fee of credits (0 without credits).
    per_credit: f64,
    /// The largest priced loss a trial can have.
    most: f64,
}

impl TrialCost {
    /// The pricing of `model`'s trials, if it has prices.
    pub fn of(model: &Model) -> Option<TrialCost> {
        let cost = model.cost.as_ref()?;
        let settings = &model.settings;
        let (per_share, requests) = match cost.downtime {
            None => (0.0, false),
            Some(DowntimePrice::PerHour(price)) => (price * YEAR, false),
            Some(DowntimePrice::PerRequest {
                price,
                requests_per_hour,
                from_load,
            }) => (
                price * crate::stats::requests_rate(model, requests_per_hour, from_load) * YEAR,
                true,
            ),
        };
        let windows = (settings.horizon / model.sla.window + 1e-9).floor();
        // As the summary prices credits: only with whole windows and credit tiers.
        let per_credit = match cost.fee_per_window {
            Some(fee) if windows > 0.0 && !model.sla.credits.is_empty() => fee,
            _ => 0.0,
        };
        let largest_credit = model
            .sla
            .credits
            .iter()
            .map(|t| t.credit)
            .fold(0.0, f64::max);
        let most_credit = largest_credit * windows * YEAR / settings.horizon;
        Some(TrialCost {
            horizon: settings.horizon,
            exclude_planned: settings.exclude_planned,
            per_share,
            requests,
            per_credit,
            most: per_share + per_credit * most_credit,
        })
    }

    /// The largest priced loss a trial can have, per year.
    pub fn most(&self) -> f64 {
        self.most
    }

    /// One trial's priced loss, per year.
    #[inline]
    pub fn value(&self, r: &TrialRecord) -> f64 {
        let share = if self.requests {
            (1.0 - r.served / self.horizon).clamp(0.0, 1.0)
        } else {
            r.counted_downtime(self.exclude_planned) / self.horizon
        };
        let credits = if self.per_credit > 0.0 {
            r.credit * YEAR / self.horizon * self.per_credit
        } else {
            0.0
        };
        share * self.per_share + credits
    }
}

/// `b`'s total cost per year minus `a`'s, from their priced losses over the same trials
/// (`a_losses[t]` and `b_losses[t]` from trial t) and their exactly known infrastructure
/// costs, with its interval at `confidence`; `most` bounds a trial's loss in either design.
/// The differences are mostly zero where the designs fail alike, so the interval is the one
/// for such values (stats::bounded).
pub fn paired_difference(
    a_losses: &[f64],
    a_infrastructure: f64,
    b_losses: &[f64],
    b_infrastructure: f64,
    most: f64,
    confidence: f64,
) -> Estimate {
    debug_assert_eq!(a_losses.len(), b_losses.len());
    let mut accumulator = BoundedAccumulator::default();
    for (a, b) in a_losses.iter().zip(b_losses) {
        accumulator.push(b - a);
    }
    let interval = accumulator.interval((-most, most), confidence, PAIRED_SEED);
    let infrastructure = b_infrastructure - a_infrastructure;
    Estimate {
        mean: interval.mean + infrastructure,
        ci_low: interval.low.map(|l| l + infrastructure),
        ci_high: interval.high.map(|h| h + infrastructure),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pricing() -> TrialCost {
        TrialCost {
            horizon: 8766.0,
            exclude_planned: false,
            per_share: 1000.0,
            requests: false,
            per_credit: 0.0,
            most: 1000.0,
        }
    }

    #[test]
    fn a_trial_is_priced_by_its_share_of_time_down() {
        let r = TrialRecord {
            downtime: 87.66,
            ..TrialRecord::default()
        };
        assert!((pricing().value(&r) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn identical_losses_differ_by_the_infrastructure_exactly() {
        let losses: Vec<f64> = (0..400).map(|t| f64::from(t % 7)).collect();
        let d = paired_difference(&losses, 100.0, &losses, 130.0, pricing().most(), 0.99);
        assert_eq!(d.mean, 30.0);
        // No trial differs: the assumption-free bound on the share of trials that do,
        // times the largest loss, around the infrastructure's difference.
        let (low, high) = (d.ci_low.unwrap(), d.ci_high.unwrap());
        assert!(low < 30.0 && high > 30.0, "{low} {high}");
    }

    #[test]
    fn a_design_losing_more_on_the_same_trials_is_shown_costlier() {
        let a: Vec<f64> = (0..2000)
            .map(|t| if t % 5 == 0 { 4.0 } else { 0.0 })
            .collect();
        let b: Vec<f64> = a.iter().map(|x| x * 1.5).collect();
        let d = paired_difference(&a, 0.0, &b, 0.0, pricing().most(), 0.999);
        assert!((d.mean - 0.4).abs() < 1e-12, "{}", d.mean);
        assert!(d.ci_low.unwrap() > 0.0, "{d:?}");
    }
}
