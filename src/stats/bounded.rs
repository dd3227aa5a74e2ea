//! The mean of per-trial values that are mostly zero: unavailability, requests lost, windows
//! breached, credits, paired differences between designs. Valid at any number of events.
//!
//! The Student t interval over trials undercovers when a few trials carry all the downtime
//! (58% instead of 95% with about three outages per run): the sample variance misses the
//! rare long outages and the mean's distribution is strongly skewed. So the method depends
//! on how many trials have a nonzero value (k of n):
//!
//! - **k = 0**: no model can be assumed. Values lie in `[lower, upper]` (per-trial
//!   availability in [0, 1]), so the mean lies within the limits times the share of trials
//!   with any nonzero value; the Clopper-Pearson bound on that share (0 of n) gives an
//!   interval that needs no assumption and is never zero-width.
//! - **0 < k ≤ [`BOOTSTRAP_MAX`]** (and within [`BOOTSTRAP_DRAWS`]): the bootstrap-t (studentized bootstrap; Efron and
//!   Tibshirani 1993, ch. 12; Hall 1988), which corrects for skewness to second order. A
//!   resample of n trials holds Binomial(n, k/n) nonzero values drawn from the k observed,
//!   so it costs O(k), not O(n). When more than α/2 of the resamples have no nonzero value
//!   at all (k ≲ ln(2/α)), the bootstrap cannot bound the mean on that side and the
//!   assumption-free bound above is used instead.
//! - **k > [`BOOTSTRAP_MAX`]**: the Student t interval, whose skewness error has become
//!   negligible.
//!
//! Coverage is measured in tests/coverage.rs and documented in docs/statistics.md.

use std::borrow::Borrow;

use rand::{Rng, SeedableRng};
use rand_distr::{Binomial, Distribution};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::exact::clopper_pearson;
use super::student::t_quantile;
use super::Moments;

/// Most trials with a nonzero value for which the bootstrap-t is used (fewer at high
/// confidence levels, see [`BOOTSTRAP_DRAWS`]).
pub const BOOTSTRAP_MAX: usize = 5000;

/// Most values drawn over all resamples: bounds the bootstrap's cost to a fraction of a
/// second.
pub const BOOTSTRAP_DRAWS: usize = 40_000_000;

/// How an interval was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Fewer than two trials: no interval.
    None,
    /// No nonzero value: the assumption-free bound from the share of trials.
    NoEvents,
    /// Studentized bootstrap (possibly with an assumption-free bound on one side).
    BootstrapT,
    /// Student t over trials.
    StudentT,
}

impl Method {
    /// The method's name, as JSON and reports state it.
    pub fn name(self) -> &'static str {
        match self {
            Method::None => "none",
            Method::NoEvents => "no events: exact binomial bound on the share of trials with any",
            Method::BootstrapT => "bootstrap-t over trials",
            Method::StudentT => "Student t over trials",
        }
    }
}

/// A mean with its interval and how it was computed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundedInterval {
    /// The sample mean.
    pub mean: f64,
    /// Lower end; `None` with fewer than two values.
    pub low: Option<f64>,
    /// Upper end; `None` with fewer than two values.
    pub high: Option<f64>,
    /// Values that were nonzero.
    pub nonzero: u64,
    /// How the interval was computed.
    pub method: Method,
}

/// The mean of `values`, each within `[limits.0, limits.1]` (a range containing 0), with a
/// two-sided interval at `confidence`. `seed` makes the bootstrap reproducible: the same
/// values, in the same order, with the same seed give the same interval.
///
/// One pass through a [`BoundedAccumulator`], keeping at most [`BOOTSTRAP_MAX`] + 1 values:
/// memory does not grow with the number of trials.
pub fn bounded_mean_interval(
    values: impl IntoIterator<Item = impl Borrow<f64>>,
    limits: (f64, f64),
    confidence: f64,
    seed: u64,
) -> BoundedInterval {
    let mut accumulator = BoundedAccumulator::default();
    for value in values {
        accumulator.push(*value.borrow());
    }
    accumulator.interval(limits, confidence, seed)
}

/// What [`bounded_mean_interval`] needs from a stream of values, folded one value at a time
/// (in trial-index order, so that the result does not depend on the thread count): the
/// moments, how many values were nonzero, and the first [`BOOTSTRAP_MAX`] + 1 of those
/// (enough to know whether the bootstrap applies). Memory is bounded.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BoundedAccumulator {
    /// Moments of every value (Welford's update, in the order pushed).
    pub moments: Moments,
    /// Values that were nonzero.
    pub nonzero_count: u64,
    /// The first nonzero values, at most [`BOOTSTRAP_MAX`] + 1.
    nonzero: Vec<f64>,
}

impl BoundedAccumulator {
    /// Folds in the next value.
    #[inline]
    pub fn push(&mut self, value: f64) {
        self.moments.push(value);
        self.push_nonzero(value);
    }

    /// Folds in the next value's nonzero tracking only: the caller folds its moments
    /// separately (per batch, then merged in order, so that sharded runs do the same
    /// arithmetic as whole ones).
    #[inline]
    pub fn push_nonzero(&mut self, value: f64) {
        if value != 0.0 {
            self.nonzero_count += 1;
            if self.nonzero.len() <= BOOTSTRAP_MAX {
                self.nonzero.push(value);
            }
        }
    }

    /// Appends the nonzero tracking of values that come after these (not their moments,
    /// see [`BoundedAccumulator::push_nonzero`]): the same as pushing them one by one.
    pub fn append_nonzero(&mut self, later: &BoundedAccumulator) {
        self.nonzero_count += later.nonzero_count;
        let room = (BOOTSTRAP_MAX + 1).saturating_sub(self.nonzero.len());
        self.nonzero
            .extend(later.nonzero.iter().take(room).copied());
    }

    /// Values folded in.
    pub fn count(&self) -> u64 {
        self.moments.n
    }

    /// Their mean.
    pub fn mean(&self) -> f64 {
        self.moments.mean
    }

    /// The mean with its interval, as [`bounded_mean_interval`] gives it for the same values
    /// in the same order.
    pub fn interval(&self, limits: (f64, f64), confidence: f64, seed: u64) -> BoundedInterval {
        let n = self.moments.n as usize;
        let mean = self.moments.mean;
        let k = self.nonzero_count as usize;
        let sd = if n > 1 {
            (self.moments.m2 / (n - 1) as f64).max(0.0).sqrt()
        } else {
            0.0
        };
        let mut interval = BoundedInterval {
            mean,
            low: None,
            high: None,
            nonzero: k as u64,
            method: Method::None,
        };
        if n < 2 {
            return interval;
        }
        // The assumption-free bounds: the mean lies within the limits times the share of
        // trials with a nonzero value, whose upper bound is exact.
        let share = clopper_pearson(k as f64, n as f64, confidence).1;
        let free = (limits.0 * share, limits.1 * share);
        let (low, high, method) = if k == 0 {
            (free.0, free.1, Method::NoEvents)
        } else if k <= BOOTSTRAP_MAX && k * resamples(confidence) <= BOOTSTRAP_DRAWS {
            let (t_low, t_high) = bootstrap_t(&self.nonzero, n, mean, confidence, seed);
            let se = sd / (n as f64).sqrt();
            let mut low = if t_high.is_finite() {
                mean - t_high * se
            } else {
                free.0
            };
            let mut high = if t_low.is_finite() {
                mean - t_low * se
            } else {
                free.1
            };
            if limits.0 >= 0.0 && mean > 0.0 {
                // Nonnegative values: also the interval of the log of the mean (delta
                // method), m·exp(±t·se/m), whose upper side grows with the relative error.
                // Heavy tails make the bootstrap's skewness estimate itself too small; the
                // union of two intervals covers at least as often as either.
                let t = t_quantile(0.5 + confidence / 2.0, (n - 1) as f64);
                let spread = (t * se / mean).exp();
                low = low.min(mean / spread);
                high = high.max(mean * spread);
            }
            (low, high, Method::BootstrapT)
        } else {
            let half = t_quantile(0.5 + confidence / 2.0, (n - 1) as f64) * sd / (n as f64).sqrt();
            (mean - half, mean + half, Method::StudentT)
        };
        interval.low = Some(low.max(limits.0).max(free.0));
        interval.high = Some(high.min(limits.1).min(free.1));
        interval.method = method;
        interval
    }
}

/// Mean and sample standard deviation of `n` values (Welford's update, in order).
#[cfg(test)]
fn mean_sd(values: impl Iterator<Item = f64>, n: usize) -> (f64, f64) {
    let (mut count, mut mean, mut m2) = (0.0f64, 0.0f64, 0.0f64);
    for value in values {
        count += 1.0;
        let delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
    }
    let sd = if n > 1 {
        (m2 / (n - 1) as f64).max(0.0).sqrt()
    } else {
        0.0
    };
    (mean, sd)
}

/// Resamples at `confidence`: enough that the α/2 quantile lies 20 order statistics deep.
fn resamples(confidence: f64) -> usize {
    ((20.0 / ((1.0 - confidence) / 2.0)).ceil() as usize).clamp(2000, 200_000)
}

/// The α/2 and 1 - α/2 quantiles of the bootstrap distribution of the studentized mean
/// (m* - m) / se*, over resamples of `n` values of which the nonzero ones are `nonzero`.
/// A resample with se* = 0 counts as -∞ or +∞ on the side its mean lies (0 when equal).
fn bootstrap_t(nonzero: &[f64], n: usize, mean: f64, confidence: f64, seed: u64) -> (f64, f64) {
    let alpha = 1.0 - confidence;
    let resamples = resamples(confidence);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x5eed_b007_57a9_0001);
    let count = Binomial::new(n as u64, nonzero.len() as f64 / n as f64)
        .expect("a share in [0, 1] is a valid binomial probability");
    let nf = n as f64;
    let mut ts: Vec<f64> = (0..resamples)
        .map(|_| {
            let drawn = count.sample(&mut rng) as usize;
            let (mut sum, mut squares) = (0.0f64, 0.0f64);
            for _ in 0..drawn {
                let value = nonzero[rng.random_range(0..nonzero.len())];
                sum += value;
                squares += value * value;
            }
            let m = sum / nf;
            let variance = ((squares - sum * m) / (nf - 1.0)).max(0.0);
            let se = (variance / nf).sqrt();
            let difference = m - mean;
            if se > 0.0 {
                difference / se
            } else if difference.abs() <= 1e-12 * mean.abs() {
                0.0
            } else {
                difference.signum() * f64::INFINITY
            }
        })
        .collect();
    ts.sort_by(f64::total_cmp);
    let at = |q: f64| ts[((q * resamples as f64).floor() as usize).min(resamples - 1)];
    (at(alpha / 2.0), at(1.0 - alpha / 2.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_events_give_the_exact_binomial_bound() {
        let interval = bounded_mean_interval([0.0; 20], (0.0, 1.0), 0.95, 1);
        assert_eq!(interval.method, Method::NoEvents);
        assert_eq!(interval.low, Some(0.0));
        let high = interval.high.unwrap();
        assert!((high - 0.1684334709830853).abs() < 1e-12, "{high}");
    }

    #[test]
    fn many_events_give_the_student_interval() {
        let values: Vec<f64> = (0..20000).map(|i| f64::from(i % 7) / 10.0).collect();
        let interval = bounded_mean_interval(&values, (0.0, 1.0), 0.95, 1);
        assert_eq!(interval.method, Method::StudentT);
        let (mean, sd) = mean_sd(values.iter().copied(), values.len());
        let half = t_quantile(0.975, 19999.0) * sd / 20000f64.sqrt();
        assert!((interval.high.unwrap() - mean - half).abs() < 1e-15);
    }

    #[test]
    fn few_events_give_a_skewed_interval_above_the_mean() {
        let mut values = vec![0.0; 100];
        for (i, v) in [0.01, 0.002, 0.03, 0.004, 0.02, 0.001].iter().enumerate() {
            values[i * 13] = *v;
        }
        let interval = bounded_mean_interval(&values, (0.0, 1.0), 0.95, 1);
        assert_eq!(interval.method, Method::BootstrapT);
        let (low, high) = (interval.low.unwrap(), interval.high.unwrap());
        assert!(low < interval.mean && interval.mean < high);
        // Skewed: longer above the mean than below.
        assert!(high - interval.mean > interval.mean - low);
        // Reproducible.
        assert_eq!(
            interval,
            bounded_mean_interval(&values, (0.0, 1.0), 0.95, 1)
        );
    }

    #[test]
    fn the_accumulator_gives_the_same_interval() {
        let mut values = vec![0.0; 3000];
        for i in 0..40 {
            values[i * 71] = 0.001 * (i % 5 + 1) as f64;
        }
        let mut accumulator = BoundedAccumulator::default();
        values.iter().for_each(|&v| accumulator.push(v));
        assert_eq!(
            accumulator.interval((0.0, 1.0), 0.95, 7),
            bounded_mean_interval(&values, (0.0, 1.0), 0.95, 7)
        );
    }
}
