//! What `[load]` runs add up to over trials, in integers so that merging per-thread tallies
//! in any order gives the same result.
//!
//! Per-trial shares are stored in fixed point (units of 1e-12), times in nanoseconds; sums
//! of squares of the per-period shares give each period's interval.

/// Fixed-point units per unit share.
const FIXED: f64 = 1e12;
/// Nanoseconds per hour.
const NS_PER_HOUR: f64 = 3.6e12;

/// One trial's load figures, as the engine hands them over.
#[derive(Debug, Clone, Copy)]
pub struct LoadTrial<'a> {
    /// Share of the trial's time in capacity shortfall.
    pub shortfall_time_share: f64,
    /// Share of the trial's demand that arrived in capacity shortfall.
    pub shortfall_demand_share: f64,
    /// Share of each hour of the day's demand lost.
    pub lost_share_by_hour: &'a [f64; 24],
    /// Hours in shortfall at each hour of the day.
    pub shortfall_by_hour: &'a [f64; 24],
    /// Share of each period's demand lost.
    pub lost_share_by_period: &'a [f64],
    /// Shortfall episodes begun in the trial.
    pub shortfall_episodes: u64,
}

/// Sums of a per-trial share and of its square, in fixed point.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ShareSums {
    sum: u128,
    squares: u128,
}

impl ShareSums {
    fn add(&mut self, share: f64) {
        let x = fixed(share);
        self.sum += x;
        self.squares += x * x;
    }

    fn merge(&mut self, other: &ShareSums) {
        self.sum += other.sum;
        self.squares += other.squares;
    }

    /// Mean and sample variance over `trials` trials.
    pub fn moments(&self, trials: u64) -> (f64, f64) {
        let n = trials.max(1) as f64;
        let mean = self.sum as f64 / n / FIXED;
        if trials < 2 {
            return (mean, 0.0);
        }
        // Integer sums keep n·Σx² − (Σx)² exact while it fits; otherwise floating point.
        let spread = (trials as u128)
            .checked_mul(self.squares)
            .zip(self.sum.checked_mul(self.sum))
            .map(|(a, b)| a.saturating_sub(b) as f64)
            .unwrap_or_else(|| (n * self.squares as f64 - (self.sum as f64).powi(2)).max(0.0));
        (mean, spread / (n * (n - 1.0)) / (FIXED * FIXED))
    }
}

/// Load figures summed over trials.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LoadTally {
    /// Trials folded in.
    pub trials: u64,
    /// Per-trial share of time in shortfall.
    pub shortfall_time: ShareSums,
    /// Per-trial share of demand that arrived in shortfall.
    pub shortfall_demand: ShareSums,
    lost_by_hour: [u128; 24],
    shortfall_ns_by_hour: [u128; 24],
    /// Per-trial share of each period's demand lost.
    pub period_lost: Vec<ShareSums>,
    /// Shortfall episodes begun over all trials (added; 0 in older checkpoints): the
    /// plain-or-rare decision counts them as outages.
    #[serde(default)]
    pub shortfall_episodes: u64,
}

fn fixed(share: f64) -> u128 {
    round_half_up(share.clamp(0.0, 1.0) * FIXED)
}

fn ns(hours: f64) -> u128 {
    round_half_up(hours.max(0.0) * NS_PER_HOUR)
}

/// `x.round() as u128` for `x` in 0..2^62 (every figure here: shares times 1e12, and at
/// most 20 years in nanoseconds), without the libm call: once per trial for each hour of
/// the day and each period. `x - trunc(x)` is exact, so halves round up as `round` does.
#[inline]
fn round_half_up(x: f64) -> u128 {
    // Through i64: one conversion instruction each way, where u64 takes a sequence.
    let whole = x as i64;
    (whole + i64::from(x - whole as f64 >= 0.5)) as u128
}

impl LoadTally {
    /// Folds in one trial.
    pub fn add_trial(&mut self, trial: LoadTrial) {
        self.trials += 1;
        self.shortfall_episodes += trial.shortfall_episodes;
        self.shortfall_time.add(trial.shortfall_time_share);
        self.shortfall_demand.add(trial.shortfall_demand_share);
        for h in 0..24 {
            self.lost_by_hour[h] += fixed(trial.lost_share_by_hour[h]);
            self.shortfall_ns_by_hour[h] += ns(trial.shortfall_by_hour[h]);
        }
        // mutants: equivalent because `<` → `<=` only adds a resize to the length the vector
        // already has, which changes nothing.
        if self.period_lost.len() < trial.lost_share_by_period.len() {
            self.period_lost
                .resize(trial.lost_share_by_period.len(), ShareSums::default());
        }
        for (sums, &share) in self.period_lost.iter_mut().zip(trial.lost_share_by_period) {
            sums.add(share);
        }
    }

    /// Adds `other` into `self`.
    pub fn merge(&mut self, other: &LoadTally) {
        self.trials += other.trials;
        self.shortfall_episodes += other.shortfall_episodes;
        self.shortfall_time.merge(&other.shortfall_time);
        self.shortfall_demand.merge(&other.shortfall_demand);
        for h in 0..24 {
            self.lost_by_hour[h] += other.lost_by_hour[h];
            self.shortfall_ns_by_hour[h] += other.shortfall_ns_by_hour[h];
        }
        // mutants: equivalent, as in `add_trial`: a resize to the same length.
        if self.period_lost.len() < other.period_lost.len() {
            self.period_lost
                .resize(other.period_lost.len(), ShareSums::default());
        }
        for (sums, add) in self.period_lost.iter_mut().zip(&other.period_lost) {
            sums.merge(add);
        }
    }

    /// Mean share of each hour of the day's demand lost.
    pub fn lost_share_by_hour(&self) -> [f64; 24] {
        std::array::from_fn(|h| self.per_trial(self.lost_by_hour[h]) / FIXED)
    }

    /// Mean hours in shortfall at each hour of the day, per trial.
    pub fn shortfall_hours_by_hour(&self) -> [f64; 24] {
        std::array::from_fn(|h| self.per_trial(self.shortfall_ns_by_hour[h]) / NS_PER_HOUR)
    }

    fn per_trial(&self, total: u128) -> f64 {
        if self.trials == 0 {
            0.0
        } else {
            total as f64 / self.trials as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_matches_round_to_the_unit() {
        let awkward = [
            0.0,
            0.49999999999999994,
            0.5,
            1.5,
            2.5,
            4503599627370495.5,
            4503599627370497.0,
            1e12,
            6.3e17,
            f64::NAN,
        ];
        let spread = (0..10_000).map(|i| (i as f64 * 0.123_456_789).powi(3));
        for x in awkward.into_iter().chain(spread) {
            assert_eq!(round_half_up(x), x.round() as u128, "{x}");
        }
        for share in [0.0, 1e-13, 0.3, 0.999_999_999_999_5, 1.0, 2.0, -1.0] {
            assert_eq!(
                fixed(share),
                (share.clamp(0.0, 1.0) * FIXED).round() as u128
            );
        }
    }

    /// Three trials written out by hand; every figure worked out in the comments.
    fn three_trials() -> [LoadTally; 3] {
        let mut hours = [[0.0; 24]; 3];
        let mut short = [[0.0; 24]; 3];
        (hours[0][3], short[0][3]) = (0.5, 2.0);
        (hours[1][3], short[1][3]) = (0.25, 1.0);
        (hours[1][23], short[1][23]) = (1.0, 0.5);
        let periods: [&[f64]; 3] = [&[0.1], &[0.3, 0.6], &[]];
        let (time, demand, episodes) = ([0.1, 0.3, 0.2], [0.2, 0.0, 0.4], [2, 1, 0]);
        std::array::from_fn(|i| {
            let mut t = LoadTally::default();
            t.add_trial(LoadTrial {
                shortfall_time_share: time[i],
                shortfall_demand_share: demand[i],
                lost_share_by_hour: &hours[i],
                shortfall_by_hour: &short[i],
                lost_share_by_period: periods[i],
                shortfall_episodes: episodes[i],
            });
            t
        })
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12
    }

    #[test]
    fn a_tally_of_three_trials_gives_their_figures_merged_in_any_order() {
        let [a, b, c] = three_trials();
        let mut whole = a.clone();
        whole.merge(&b);
        whole.merge(&c);
        let mut rest = b.clone();
        rest.merge(&c);
        let mut other_way = rest.clone();
        other_way.merge(&a);
        // Integer sums: the order of merging changes nothing, to the bit.
        assert_eq!(whole, other_way);
        let t = &whole;
        assert_eq!((t.trials, t.shortfall_episodes), (3, 3));
        // Time shares 0.1, 0.3, 0.2: mean 0.2, variance (0.01 + 0.01 + 0) / 2.
        let (m, v) = t.shortfall_time.moments(3);
        assert!(close(m, 0.2) && close(v, 0.01), "{m} {v}");
        // Demand shares 0.2, 0, 0.4: mean 0.2, variance (0 + 0.04 + 0.04) / 2.
        let (m, v) = t.shortfall_demand.moments(3);
        assert!(close(m, 0.2) && close(v, 0.04), "{m} {v}");
        let lost = t.lost_share_by_hour();
        let short = t.shortfall_hours_by_hour();
        for h in 0..24 {
            let (l, s) = match h {
                3 => (0.75 / 3.0, 3.0 / 3.0),
                23 => (1.0 / 3.0, 0.5 / 3.0),
                _ => (0.0, 0.0),
            };
            assert!(close(lost[h], l) && close(short[h], s), "{h}");
        }
        // Period 0 saw 0.1 and 0.3, period 1 saw 0.6: over 3 trials the absent ones count 0.
        assert_eq!(t.period_lost.len(), 2);
        let (m, v) = t.period_lost[0].moments(3);
        assert!(close(m, 0.4 / 3.0), "{m}");
        assert!(close(v, (0.01 + 0.09 - 0.16 / 3.0) / 2.0), "{v}");
        let (m, v) = t.period_lost[1].moments(3);
        assert!(
            close(m, 0.2) && close(v, (0.36 - 0.36 / 3.0) / 2.0),
            "{m} {v}"
        );
        // The tally of one trial: its share, no spread; of none: nothing.
        assert_eq!(a.shortfall_time.moments(1), (0.1, 0.0));
        assert_eq!(LoadTally::default().lost_share_by_hour(), [0.0; 24]);
        assert_eq!(LoadTally::default().shortfall_hours_by_hour(), [0.0; 24]);
    }

    /// Past u128's reach the variance is computed in floating point: 4e7 trials, half at share
    /// 1 and half at 0, have mean 0.5 and sample variance 0.25 · n / (n − 1).
    #[test]
    fn the_variance_of_sums_too_large_for_integers() {
        let n = 40_000_000u64;
        let sums = ShareSums {
            sum: (n as u128 / 2) * 1_000_000_000_000,
            squares: (n as u128 / 2) * 1_000_000_000_000_000_000_000_000,
        };
        assert!(sums.sum.checked_mul(sums.sum).is_none());
        let (m, v) = sums.moments(n);
        let expected = 0.25 * n as f64 / (n as f64 - 1.0);
        assert!(
            close(m, 0.5) && (v / expected - 1.0).abs() < 1e-9,
            "{m} {v}"
        );
    }
}
