//! Downtime and outages per operational phase, summed over trials.
//!
//! Each trial spends the same hours in each phase (the timeline depends only on the
//! horizon), so a phase's availability in a trial is 1 − downtime / hours and its interval
//! comes from the per-trial downtimes. Sums are integers (microseconds and counts) so that
//! they merge across threads in any order to the same value.

use serde::{Deserialize, Serialize};

use super::Moments;

/// Microseconds per hour.
const US_PER_HOUR: f64 = 3.6e9;

/// The sums of one phase over trials.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseSums {
    /// Trials.
    pub trials: u64,
    /// Σ downtime in the phase, in microseconds.
    pub downtime_us: u128,
    /// Σ (downtime in the phase)², in microseconds squared.
    pub downtime_us_sq: u128,
    /// Outages that began in the phase.
    pub outages: u64,
}

impl PhaseSums {
    /// The per-trial downtimes' moments, in hours.
    pub fn downtime_moments(&self) -> Moments {
        let n = self.trials;
        if n == 0 {
            return Moments::default();
        }
        let sum = self.downtime_us as f64 / US_PER_HOUR;
        let squares = self.downtime_us_sq as f64 / (US_PER_HOUR * US_PER_HOUR);
        let mean = sum / n as f64;
        Moments {
            n,
            mean,
            m2: (squares - sum * mean).max(0.0),
            // Plain phases' intervals are symmetric: no third moment is kept.
            m3: 0.0,
        }
    }
}

/// The sums of every phase ("normal" first); empty without phases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseTally {
    /// By phase.
    pub phases: Vec<PhaseSums>,
}

impl PhaseTally {
    /// A tally for `count` phases.
    pub fn new(count: usize) -> PhaseTally {
        PhaseTally {
            phases: vec![PhaseSums::default(); count],
        }
    }

    /// Adds one trial's downtime (hours) and outages in each phase.
    pub fn record_trial(&mut self, downtime: &[f64], outages: &[u32]) {
        for ((sums, &hours), &count) in self.phases.iter_mut().zip(downtime).zip(outages) {
            let us = (hours * US_PER_HOUR).round() as u128;
            sums.trials += 1;
            sums.downtime_us += us;
            sums.downtime_us_sq += us * us;
            sums.outages += u64::from(count);
        }
    }

    /// Adds another set of trials.
    pub fn merge(&mut self, other: &PhaseTally) {
        if self.phases.is_empty() {
            self.phases.clone_from(&other.phases);
            return;
        }
        for (total, add) in self.phases.iter_mut().zip(&other.phases) {
            total.trials += add.trials;
            total.downtime_us += add.downtime_us;
            total.downtime_us_sq += add.downtime_us_sq;
            total.outages += add.outages;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_match_the_values_and_merging_in_any_order_agrees() {
        let values = [0.0, 1.5, 0.25, 0.0, 3.0];
        let (mut a, mut b, mut all) = (PhaseTally::new(1), PhaseTally::new(1), PhaseTally::new(1));
        for (i, &v) in values.iter().enumerate() {
            all.record_trial(&[v], &[1]);
            if i % 2 == 0 { &mut a } else { &mut b }.record_trial(&[v], &[1]);
        }
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b;
        ba.merge(&a);
        assert_eq!(ab, all);
        assert_eq!(ba, all);
        let m = all.phases[0].downtime_moments();
        let mut direct = Moments::default();
        values.iter().for_each(|&v| direct.push(v));
        assert_eq!(m.n, 5);
        assert!((m.mean - direct.mean).abs() < 1e-12);
        assert!((m.sd() - direct.sd()).abs() < 1e-12);
        assert_eq!(all.phases[0].outages, 5);
    }

    /// The sums written out: 1.5 h and 0.5 h are 5.4e9 and 1.8e9 µs, their squares 2.916e19
    /// and 3.24e18; the moments in hours are mean 1 and Σ(x − mean)² 0.5. A tally without
    /// phases takes another's whole, and one without trials has empty moments.
    #[test]
    fn sums_are_microseconds_and_an_empty_tally_takes_the_other() {
        let mut tally = PhaseTally::new(2);
        tally.record_trial(&[1.5, 0.0], &[2, 0]);
        tally.record_trial(&[0.5, 0.0], &[1, 0]);
        let sums = tally.phases[0];
        assert_eq!(sums.trials, 2);
        assert_eq!(sums.downtime_us, 7_200_000_000);
        assert_eq!(
            sums.downtime_us_sq,
            29_160_000_000_000_000_000 + 3_240_000_000_000_000_000
        );
        assert_eq!(sums.outages, 3);
        let m = sums.downtime_moments();
        assert_eq!((m.n, m.mean, m.m2, m.m3), (2, 1.0, 0.5, 0.0));
        let mut empty = PhaseTally::default();
        empty.merge(&tally);
        assert_eq!(empty, tally);
        assert_eq!(tally.phases[1].downtime_moments().m2, 0.0);
        assert_eq!(PhaseSums::default().downtime_moments(), Moments::default());
    }
}
