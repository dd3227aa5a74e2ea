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
        // mutants: equivalent because the guard only keeps 0/0 and x/0 out of the division,
        // and `.min(m)` would give m there anyway: p = 0 or 1 means x = 0 or x = m in every
        // trial, so every residual and se are exactly 0 (integer sums), and with se = 0 the
        // quotient is NaN or +inf, which f64::min turns into m, the fallback arm's value.
        // Loosening any of its comparisons (or the guard to `true`) changes no result.
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

    // Reference values below: scipy 1.17.1, `stats.t.ppf(q, dof)` for Student's t and
    // `stats.beta.ppf` for Clopper-Pearson's bounds (Beta(x, n - x + 1) at α/2 and
    // Beta(x + 1, n - x) at 1 - α/2).
    const T_975_1: f64 = 12.706204736174694;
    const T_975_2: f64 = 4.302652729749462;
    const T_975_3: f64 = 3.1824463052837078;
    const T_95_3: f64 = 2.3533634348018233;

    /// Four trials, (x, m) = (3, 1), (5, 2), (0, 0), (10, 4): R = 18/7, and the residuals
    /// x - R m are 3/7, -1/7, 0, -2/7, whose squares sum to 14/49 = 2/7.
    fn four_trials() -> ClusterSums {
        let mut sums = ClusterSums::default();
        for (x, m) in [(3, 1), (5, 2), (0, 0), (10, 4)] {
            sums.add_trial(x, m);
        }
        sums
    }

    /// sqrt(n/(n-1) Σ(x - R m)²) / Σm for [`four_trials`]: sqrt(4/3 · 2/7) / 7.
    fn four_trials_se() -> f64 {
        (4.0f64 / 3.0 * 2.0 / 7.0).sqrt() / 7.0
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance * b.abs().max(1e-300)
    }

    #[test]
    fn trials_add_up_to_their_sums_and_products() {
        let sums = four_trials();
        // Σx = 18, Σm = 7, Σx² = 9+25+0+100, Σm² = 1+4+0+16, Σxm = 3+10+0+40.
        let expected = ClusterSums {
            trials: 4,
            x: 18,
            m: 7,
            xx: 134,
            mm: 21,
            xm: 53,
        };
        assert_eq!(sums, expected);
        let (mut first, mut second) = (ClusterSums::default(), ClusterSums::default());
        // One trial and three: no field's two parts multiply to their sum (2 · 2 = 2 + 2).
        first.add_trial(3, 1);
        second.add_trial(5, 2);
        second.add_trial(0, 0);
        second.add_trial(10, 4);
        first.merge(&second);
        assert_eq!(first, expected);
        // Products wider than 64 bits stay exact in the 128-bit sums.
        let mut big = ClusterSums::default();
        big.add_trial(u64::MAX, 3);
        assert_eq!(big.xx, u128::from(u64::MAX) * u128::from(u64::MAX));
        assert_eq!(big.xm, u128::from(u64::MAX) * 3);
    }

    #[test]
    fn the_ratio_and_its_delta_method_error() {
        let sums = four_trials();
        assert_eq!(sums.ratio(), Some(18.0 / 7.0));
        let se = sums.ratio_se().unwrap();
        assert!(close(se, four_trials_se(), 1e-12), "{se}");
        let mut none = ClusterSums::default();
        none.add_trial(0, 0);
        none.add_trial(0, 0);
        assert_eq!((none.ratio(), none.ratio_se()), (None, None));
        let mut one = ClusterSums::default();
        one.add_trial(4, 2);
        assert_eq!((one.ratio(), one.ratio_se()), (Some(2.0), None));
    }

    #[test]
    fn mean_intervals_take_t_with_trials_as_the_units() {
        let sums = four_trials();
        let r = 18.0 / 7.0;
        // Clustered error above the independent one (0.1 / sqrt 7): t at 4 - 1 dof.
        let (low, high) = sums.mean_interval(0.1, 0.95).unwrap();
        let half = T_975_3 * four_trials_se();
        assert!(
            close(low, r - half, 1e-9) && close(high, r + half, 1e-9),
            "{low} {high}"
        );
        let (low, high) = sums.mean_interval(0.1, 0.90).unwrap();
        let half = T_95_3 * four_trials_se();
        assert!(
            close(low, r - half, 1e-9) && close(high, r + half, 1e-9),
            "{low} {high}"
        );
        // Independent error above the clustered one: sd / sqrt(events).
        let (low, high) = sums.mean_interval(1.0, 0.95).unwrap();
        let half = T_975_3 / 7f64.sqrt();
        assert!(
            close(low, r - half, 1e-9) && close(high, r + half, 1e-9),
            "{low} {high}"
        );
    }

    #[test]
    fn fewer_events_than_trials_set_the_degrees_of_freedom() {
        // Ten trials, three holding one event each (4, 6, 5 s): R = 5, residuals -1, 1, 0,
        // se = sqrt(10/9 · 2) / 3, at 3 - 1 dof.
        let mut sums = ClusterSums::default();
        for (x, m) in [(4, 1), (6, 1), (5, 1)] {
            sums.add_trial(x, m);
        }
        for _ in 0..7 {
            sums.add_trial(0, 0);
        }
        let (low, high) = sums.mean_interval(0.0, 0.95).unwrap();
        let half = T_975_2 * (10.0f64 / 9.0 * 2.0).sqrt() / 3.0;
        assert!(
            close(low, 5.0 - half, 1e-9) && close(high, 5.0 + half, 1e-9),
            "{low} {high}"
        );
    }

    #[test]
    fn two_events_have_an_interval_clamped_at_zero_and_one_has_none() {
        // (0, 1) and (10, 1): R = 5, residuals ±5, se = sqrt(2 · 50) / 2 = 5, 1 dof.
        let mut sums = ClusterSums::default();
        sums.add_trial(0, 1);
        sums.add_trial(10, 1);
        let (low, high) = sums.mean_interval(0.0, 0.95).unwrap();
        assert_eq!(low, 0.0);
        assert!(close(high, 5.0 + T_975_1 * 5.0, 1e-9), "{high}");
        let mut one = ClusterSums::default();
        one.add_trial(7, 1);
        one.add_trial(0, 0);
        assert_eq!(one.mean_interval(1.0, 0.95), None);
        assert_eq!(ClusterSums::default().mean_interval(1.0, 0.95), None);
    }

    #[test]
    fn shares_use_the_effective_sample_size() {
        // 100 trials of 10 events: 20 meet all, 20 half, 60 none. R = 300 / 1000 = 0.3,
        // Σ(x - R m)² = 20 · 7² + 20 · 2² + 60 · 3² = 1600, var = 100/99 · 1600 / 1000²,
        // effective = 0.3 · 0.7 / var = 129.9375 events, so Clopper-Pearson of 0.3 · 129.9375
        // -> 39 in 129 (whole counts, as clopper_pearson takes them).
        let mut sums = ClusterSums::default();
        for i in 0..100 {
            sums.add_trial([10, 5, 0, 0, 0][i % 5], 10);
        }
        let (p, low, high) = sums.share_interval(0.95).unwrap();
        assert_eq!(p, 0.3);
        assert!(close(low, 0.22460978318041702, 1e-6), "{low}");
        assert!(close(high, 0.389363148321841, 1e-6), "{high}");
        assert_eq!(ClusterSums::default().share_interval(0.95), None);
    }

    #[test]
    fn all_events_meeting_the_objective_keep_every_event() {
        // p = 1, no spread: effective = 100 events, low = (α/2)^(1/100).
        let mut sums = ClusterSums::default();
        for _ in 0..50 {
            sums.add_trial(2, 2);
        }
        let (p, low, high) = sums.share_interval(0.95).unwrap();
        assert_eq!((p, high), (1.0, 1.0));
        assert!(close(low, 0.025f64.powf(0.01), 1e-12), "{low}");
    }
}
