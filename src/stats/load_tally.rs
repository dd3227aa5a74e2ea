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
    /// Hours in capacity shortfall.
    pub shortfall_hours: f64,
    /// Share of the trial's demand that arrived in capacity shortfall.
    pub shortfall_demand_share: f64,
    /// Share of each hour of the day's demand lost.
    pub lost_share_by_hour: &'a [f64; 24],
    /// Hours in shortfall at each hour of the day.
    pub shortfall_by_hour: &'a [f64; 24],
    /// Share of each period's demand lost.
    pub lost_share_by_period: &'a [f64],
}

/// Load figures summed over trials.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadTally {
    /// Trials folded in.
    pub trials: u64,
    shortfall_ns: u128,
    shortfall_demand: u128,
    lost_by_hour: [u128; 24],
    shortfall_ns_by_hour: [u128; 24],
    period_lost: Vec<u128>,
    period_lost_squares: Vec<u128>,
}

fn fixed(share: f64) -> u128 {
    (share.clamp(0.0, 1.0) * FIXED).round() as u128
}

fn ns(hours: f64) -> u128 {
    (hours.max(0.0) * NS_PER_HOUR).round() as u128
}

impl LoadTally {
    /// Folds in one trial.
    pub fn add_trial(&mut self, trial: LoadTrial) {
        self.trials += 1;
        self.shortfall_ns += ns(trial.shortfall_hours);
        self.shortfall_demand += fixed(trial.shortfall_demand_share);
        for h in 0..24 {
            self.lost_by_hour[h] += fixed(trial.lost_share_by_hour[h]);
            self.shortfall_ns_by_hour[h] += ns(trial.shortfall_by_hour[h]);
        }
        if self.period_lost.len() < trial.lost_share_by_period.len() {
            self.period_lost.resize(trial.lost_share_by_period.len(), 0);
            self.period_lost_squares
                .resize(trial.lost_share_by_period.len(), 0);
        }
        for (p, &share) in trial.lost_share_by_period.iter().enumerate() {
            let x = fixed(share);
            self.period_lost[p] += x;
            self.period_lost_squares[p] += x * x;
        }
    }

    /// Adds `other` into `self`.
    pub fn merge(&mut self, other: &LoadTally) {
        self.trials += other.trials;
        self.shortfall_ns += other.shortfall_ns;
        self.shortfall_demand += other.shortfall_demand;
        for h in 0..24 {
            self.lost_by_hour[h] += other.lost_by_hour[h];
            self.shortfall_ns_by_hour[h] += other.shortfall_ns_by_hour[h];
        }
        if self.period_lost.len() < other.period_lost.len() {
            self.period_lost.resize(other.period_lost.len(), 0);
            self.period_lost_squares.resize(other.period_lost.len(), 0);
        }
        for (p, (x, xx)) in other
            .period_lost
            .iter()
            .zip(&other.period_lost_squares)
            .enumerate()
        {
            self.period_lost[p] += x;
            self.period_lost_squares[p] += xx;
        }
    }

    /// Mean hours in capacity shortfall per trial.
    pub fn shortfall_hours(&self) -> f64 {
        self.per_trial(self.shortfall_ns) / NS_PER_HOUR
    }

    /// Mean share of a trial's demand that arrived in shortfall.
    pub fn shortfall_demand_share(&self) -> f64 {
        self.per_trial(self.shortfall_demand) / FIXED
    }

    /// Mean share of each hour of the day's demand lost.
    pub fn lost_share_by_hour(&self) -> [f64; 24] {
        std::array::from_fn(|h| self.per_trial(self.lost_by_hour[h]) / FIXED)
    }

    /// Mean hours in shortfall at each hour of the day, per trial.
    pub fn shortfall_hours_by_hour(&self) -> [f64; 24] {
        std::array::from_fn(|h| self.per_trial(self.shortfall_ns_by_hour[h]) / NS_PER_HOUR)
    }

    /// Mean and sample variance over trials of each period's lost share.
    pub fn period_moments(&self) -> Vec<(f64, f64)> {
        let n = self.trials as f64;
        self.period_lost
            .iter()
            .zip(&self.period_lost_squares)
            .map(|(&sum, &squares)| {
                let mean = sum as f64 / n / FIXED;
                let variance = if self.trials > 1 {
                    // Integer sums keep n·Σx² − (Σx)² exact while it fits; otherwise
                    // fall back to floating point.
                    let exact = (self.trials as u128)
                        .checked_mul(squares)
                        .and_then(|a| sum.checked_mul(sum).map(|b| (a, b)))
                        .map(|(a, b)| a.saturating_sub(b) as f64);
                    let spread = exact
                        .unwrap_or_else(|| (n * squares as f64 - (sum as f64).powi(2)).max(0.0));
                    spread / (n * (n - 1.0)) / (FIXED * FIXED)
                } else {
                    0.0
                };
                (mean, variance)
            })
            .collect()
    }

    fn per_trial(&self, total: u128) -> f64 {
        if self.trials == 0 {
            0.0
        } else {
            total as f64 / self.trials as f64
        }
    }
}
