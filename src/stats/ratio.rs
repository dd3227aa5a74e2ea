//! Means and shares over events that cluster in trials: recovery points and times of
//! incidents, the share of incidents meeting an objective, the share of SLA windows
//! breaching.
//!
//! Events within a trial are not independent (one bad year has several long incidents), so
//! the trial is the independent unit: the mean over events is a ratio estimator R = Σx / Σm
//! of per-trial totals x (seconds, successes) and counts m (incidents, windows), with the
//! delta-method variance n/(n-1) Σ(x - R m)² / (Σm)² (Cochran 1977, §6.4). Shares then get a
//! Clopper-Pearson interval at the effective sample size p(1-p)/var (Korn and Graubard
//! 1998), which stays valid and nonzero-width with no event or all events.
//!
//! Sums are integers (milliseconds and counts) so that they merge across threads in any
//! order to the same value.

use super::exact::clopper_pearson;
use super::student::t_quantile;

/// Per-trial sums of one quantity over events, accumulated over trials.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClusterSums {
    /// Trials.
    pub trials: u64,
    /// Σ x over trials.
    pub x: u128,
    /// Σ m over trials.
    pub m: u128,
    /// Σ x².
    pub xx: u128,
    /// Σ m².
    pub mm: u128,
    /// Σ x m.
    pub xm: u128,
}

impl ClusterSums {
    /// Adds one trial's total `x` over `m` events.
    pub fn add_trial(&mut self, x: u64, m: u64) {
        let (x, m) = (u128::from(x), u128::from(m));
        self.trials += 1;
        self.x += x;
        self.m += m;
        self.xx += x * x;
        self.mm += m * m;
        self.xm += x * m;
    }

    /// Adds another set of trials.
    pub fn merge(&mut self, other: &ClusterSums) {
        self.trials += other.trials;
        self.x += other.x;
        self.m += other.m;
        self.xx += other.xx;
        self.mm += other.mm;
        self.xm += other.xm;
    }

    /// The ratio Σx / Σm; `None` without events.
    pub fn ratio(&self) -> Option<f64> {
        (self.m > 0).then(|| self.x as f64 / self.m as f64)
    }

    /// Delta-method standard error of the ratio; `None` with fewer than two trials or no
    /// event.
    pub fn ratio_se(&self) -> Option<f64> {
        let r = self.ratio()?;
        if self.trials < 2 {
            return None;
        }
        let n = self.trials as f64;
        let residual = self.xx as f64 - 2.0 * r * self.xm as f64 + r * r * self.mm as f64;
        let m = self.m as f64;
        Some((n / (n - 1.0) * residual.max(0.0)).sqrt() / m)
    }

    /// Interval of the mean per event, `scale` converting units, at `confidence`, with
    /// `iid_sd` the standard deviation of single events: the standard error is the larger of
    /// the clustered one and the one treating events as independent, so that a run where one
    /// trial holds every event (clustered variance zero) still gets a real width.
    pub fn mean_interval(&self, iid_sd: f64, confidence: f64) -> Option<(f64, f64)> {
        let r = self.ratio()?;
        let se = self.ratio_se()?;
        let events = self.m as f64;
        if events < 2.0 {
            return None;
        }
        let se = se.max(iid_sd / events.sqrt());
        // Degrees of freedom: trials, as the independent units (never more than events).
        let dof = (self.trials.min(self.m as u64) - 1).max(1) as f64;
        let half = t_quantile(0.5 + confidence / 2.0, dof) * se;
        Some(((r - half).max(0.0), r + half))
    }

    /// Share Σx / Σm with a Clopper-Pearson interval at the effective sample size (x counts
    /// successes among m events per trial); `None` without events.
    pub fn share_interval(&self, confidence: f64) -> Option<(f64, f64, f64)> {
        let p = self.ratio()?;
        let m = self.m as f64;
        let effective = match self.ratio_se() {
            Some(se) if se > 0.0 && p > 0.0 && p < 1.0 => (p * (1.0 - p) / (se * se)).min(m),
            _ => m,
        };
        let (low, high) = clopper_pearson(p * effective, effective, confidence);
        Some((p, low, high))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn independent_events_keep_the_binomial_interval() {
        // One event per trial: the effective sample size is the number of events.
        let mut sums = ClusterSums::default();
        for i in 0..100 {
            sums.add_trial(u64::from(i % 4 == 0), 1);
        }
        let (p, low, high) = sums.share_interval(0.95).unwrap();
        assert_eq!(p, 0.25);
        let (l, h) = clopper_pearson(25.0, 100.0, 0.95);
        assert!((low - l).abs() < 0.01 && (high - h).abs() < 0.01);
    }

    #[test]
    fn clustered_events_widen_the_interval() {
        // Trials meet all or none of their ten events: ten times fewer independent units.
        let mut sums = ClusterSums::default();
        for i in 0..100 {
            sums.add_trial(if i % 4 == 0 { 10 } else { 0 }, 10);
        }
        let (_, low, high) = sums.share_interval(0.95).unwrap();
        let (l, h) = clopper_pearson(25.0, 100.0, 0.95);
        assert!((low - l).abs() < 0.01 && (high - h).abs() < 0.01);
    }

    #[test]
    fn no_success_is_not_zero_width() {
        let mut sums = ClusterSums::default();
        for _ in 0..50 {
            sums.add_trial(0, 2);
        }
        let (p, low, high) = sums.share_interval(0.95).unwrap();
        assert_eq!((p, low), (0.0, 0.0));
        assert!((high - clopper_pearson(0.0, 100.0, 0.95).1).abs() < 1e-12);
    }
}
