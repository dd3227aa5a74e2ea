//! Paired differences under the rare-event method: per-trial differences of two designs'
//! weighted horizon downtime.
//!
//! Each design's trial record is an unbiased estimate of that trial's expected downtime, and
//! records of different trial indices are independent, so the per-trial differences are
//! i.i.d. unbiased estimates of the difference of the designs' means, whatever the designs:
//! their Student t interval is valid. It is narrow when the two estimates of a trial move
//! together, which is what common random numbers buy: every design draws trial i's main run
//! from the stream of (seed, i) and the branch of its excursion j from the stream of
//! (seed, i, j, replicate). That only lines draws up where the designs' excursions
//! correspond ([`pairing_obstacle`]).

use super::interval::skew_corrected_interval;
use super::{Comparison, Estimate, Moments};
use crate::engine::RareRecord;

/// How the rare method's paired differences are computed, as reports state it.
pub const RARE_PAIRED_METHOD: &str = "paired differences of per-trial rare-event estimates (weighted horizon downtime, Student t with Hall's skewness correction); every design draws trial i's main run and the branch of its excursion j from the same streams, keyed by seed, trial, excursion and replicate (common random numbers)";

/// Per-trial differences of a design's rare estimates from the baseline's, folded in trial
/// order as both run the same trials.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RarePairs {
    /// The design's availability minus the baseline's, per trial: the baseline's weighted
    /// horizon downtime minus the design's, over the horizon.
    pub differences: Moments,
}

impl RarePairs {
    /// Folds in the same trials of the design and of the baseline, in trial order.
    pub fn add(&mut self, design: &[RareRecord], baseline: &[RareRecord], horizon: f64) {
        for (d, b) in design.iter().zip(baseline) {
            self.differences
                .push((b.horizon.downtime - d.horizon.downtime) / horizon);
        }
    }

    /// The comparison of `design` with `baseline` at `confidence`.
    pub fn compare(&self, design: &str, baseline: &str, confidence: f64) -> Comparison {
        let interval = skew_corrected_interval(&self.differences, confidence);
        let difference = Estimate {
            mean: interval.mean,
            ci_low: interval.low,
            ci_high: interval.high,
        };
        super::compare::comparison(design, baseline, difference, RARE_PAIRED_METHOD)
    }
}

/// What a design's excursions look like to the pairing: its failure clocks and its failure
/// distance from all-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExcursionShape {
    /// Failure clocks (instances × failure modes).
    pub clocks: usize,
    /// Further instance failures that bring the service down from all-up.
    pub distance: u32,
}

/// Why `design`'s trials do not pair with `baseline`'s under the rare method, in one line;
/// `None` when they do. Draws line up only when both have the same failure clocks (so the
/// main runs draw lives in the same order) and the same distance from all-up (so the
/// excursions, numbered in the same way, branch from corresponding states).
pub fn pairing_obstacle(
    design: (&str, ExcursionShape),
    baseline: (&str, ExcursionShape),
) -> Option<String> {
    let ((name, d), (base, b)) = (design, baseline);
    (d != b).then(|| {
        format!(
            "Paired differences: not available with the rare method between '{name}' and '{base}': '{name}' has {} failure clocks {} failures from an outage, '{base}' has {} clocks {} failures away, so their excursions do not correspond; compare the intervals above.",
            d.clocks, d.distance, b.clocks, b.distance
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Counted;

    /// A trial's record with `downtime` weighted hours over the horizon.
    fn record(downtime: f64) -> RareRecord {
        RareRecord {
            horizon: Counted {
                downtime,
                ..Counted::default()
            },
            ..RareRecord::default()
        }
    }

    /// Four trials over a 10 h horizon: the baseline down 3, 1, 4 and 2 h, the design 1, 1,
    /// 2 and 2.5 h, so the design's availability is higher by 0.2, 0, 0.2 and −0.05; the
    /// interval from scripts/rare-window-expected.py (Hall's, by bisection; scipy 1.17.1).
    #[test]
    fn the_differences_are_the_baselines_downtime_less_the_designs_over_the_horizon() {
        let baseline: Vec<RareRecord> = [3.0, 1.0, 4.0, 2.0].map(record).to_vec();
        let design: Vec<RareRecord> = [1.0, 1.0, 2.0, 2.5].map(record).to_vec();
        let mut pairs = RarePairs::default();
        pairs.add(&design[..2], &baseline[..2], 10.0);
        pairs.add(&design[2..], &baseline[2..], 10.0);
        assert_eq!(pairs.differences.n, 4);
        let c = pairs.compare("b", "a", 0.95);
        assert_eq!((c.design.as_str(), c.baseline.as_str()), ("b", "a"));
        assert_eq!(c.method, RARE_PAIRED_METHOD);
        let d = &c.availability_difference;
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs();
        assert!(close(d.mean, 0.0875), "{d:?}");
        assert!(close(d.ci_low.unwrap(), -0.13063377760345546), "{d:?}");
        assert!(close(d.ci_high.unwrap(), 0.28891778272024315), "{d:?}");
        assert!(!c.significant);
    }

    /// Designs pair only with the same failure clocks and the same distance from an outage;
    /// the refusal names both designs and both shapes.
    #[test]
    fn only_designs_of_one_shape_pair() {
        let shape = |clocks, distance| ExcursionShape { clocks, distance };
        assert_eq!(
            pairing_obstacle(("b", shape(4, 2)), ("a", shape(4, 2))),
            None
        );
        let why = pairing_obstacle(("b", shape(6, 3)), ("a", shape(4, 2))).unwrap();
        assert!(
            why.contains("'b' has 6 failure clocks 3 failures from an outage")
                && why.contains("'a' has 4 clocks 2 failures away"),
            "{why}"
        );
        assert!(pairing_obstacle(("b", shape(4, 3)), ("a", shape(4, 2))).is_some());
    }
}
