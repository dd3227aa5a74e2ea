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
        let sd = (self.moments.m2 / (n - 1) as f64).max(0.0).sqrt();
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
            // mutants: equivalent because `mean > 0.0` → `>=` differs only at a mean of 0
            // with a nonzero value, which nonnegative values give only by underflow; then
            // t·se/0 is NaN or +∞, and min/max with NaN or with 0 change nothing the clip at
            // limits.0 ≥ 0 below leaves.
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

/// The bootstrap's random stream for `seed`, apart from the streams other uses of the seed
/// draw.
fn bootstrap_rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x5eed_b007_57a9_0001)
}

/// The α/2 and 1 - α/2 quantiles of the bootstrap distribution of the studentized mean
/// (m* - m) / se*, over resamples of `n` values of which the nonzero ones are `nonzero`.
/// A resample with se* = 0 counts as -∞ or +∞ on the side its mean lies (0 when equal).
fn bootstrap_t(nonzero: &[f64], n: usize, mean: f64, confidence: f64, seed: u64) -> (f64, f64) {
    let alpha = 1.0 - confidence;
    let resamples = resamples(confidence);
    let mut rng = bootstrap_rng(seed);
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
        assert!((interval.low.unwrap() - mean + half).abs() < 1e-15);
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

    #[test]
    fn the_methods_carry_the_names_the_summary_states() {
        // docs/statistics.md's table of methods, as the summary JSON's `method` strings.
        assert_eq!(Method::None.name(), "none");
        assert_eq!(
            Method::NoEvents.name(),
            "no events: exact binomial bound on the share of trials with any"
        );
        assert_eq!(Method::BootstrapT.name(), "bootstrap-t over trials");
        assert_eq!(Method::StudentT.name(), "Student t over trials");
    }

    #[test]
    fn appending_keeps_what_pushing_one_by_one_keeps() {
        // 4990 nonzero values, then 20 of which 15 are nonzero: 5005 in all, of which the
        // first BOOTSTRAP_MAX + 1 = 5001 are kept.
        let first: Vec<f64> = (1..=4990).map(f64::from).collect();
        let later: Vec<f64> = (0..20)
            .map(|i| if i % 4 == 0 { 0.0 } else { -f64::from(i) })
            .collect();
        let (mut a, mut b, mut whole) = (
            BoundedAccumulator::default(),
            BoundedAccumulator::default(),
            BoundedAccumulator::default(),
        );
        first.iter().for_each(|&v| a.push_nonzero(v));
        later.iter().for_each(|&v| b.push_nonzero(v));
        first
            .iter()
            .chain(&later)
            .for_each(|&v| whole.push_nonzero(v));
        a.append_nonzero(&b);
        assert_eq!(whole.nonzero_count, 5005);
        assert_eq!(whole.nonzero.len(), 5001);
        assert_eq!(
            whole.nonzero[4990..],
            [-1.0, -2.0, -3.0, -5.0, -6.0, -7.0, -9.0, -10.0, -11.0, -13.0, -14.0]
        );
        assert_eq!(a, whole);
        // Appending to an empty accumulator copies; appending to a full one keeps it.
        let mut empty = BoundedAccumulator::default();
        empty.append_nonzero(&b);
        assert_eq!((empty.nonzero_count, empty.nonzero.len()), (15, 15));
        let mut full = whole.clone();
        full.append_nonzero(&b);
        assert_eq!((full.nonzero_count, full.nonzero.len()), (5020, 5001));
    }

    #[test]
    fn the_accumulator_counts_and_averages_what_it_was_given() {
        let mut accumulator = BoundedAccumulator::default();
        [0.0, 0.0, 1.5, 0.0, 0.5]
            .iter()
            .for_each(|&v| accumulator.push(v));
        assert_eq!(accumulator.count(), 5);
        assert!((accumulator.mean() - 0.4).abs() < 1e-15);
        assert_eq!(accumulator.nonzero_count, 2);
    }

    #[test]
    fn fewer_than_two_values_have_no_interval_and_two_have_one() {
        for values in [&[][..], &[0.5][..], &[0.0][..]] {
            let interval = bounded_mean_interval(values, (0.0, 1.0), 0.95, 1);
            assert_eq!(interval.method, Method::None);
            assert_eq!((interval.low, interval.high), (None, None));
        }
        let two = bounded_mean_interval([0.0, 0.0], (0.0, 1.0), 0.95, 1);
        assert_eq!(two.method, Method::NoEvents);
        // 1 - 0.025^(1/2), the Clopper-Pearson bound for 0 of 2.
        assert_eq!(two.low, Some(0.0));
        assert!((two.high.unwrap() - (1.0 - 0.025f64.sqrt())).abs() < 1e-12);
        let two = bounded_mean_interval([0.0, 0.5], (0.0, 1.0), 0.95, 1);
        assert_eq!(two.method, Method::BootstrapT);
        assert!(two.low.is_some() && two.high.is_some());
    }

    #[test]
    fn no_events_scale_both_limits_by_the_share_bound() {
        // Paired differences lie in [-1, 1]: with no nonzero value the mean lies within
        // ±0.16843347098308536 (1 - 0.025^(1/20), scipy), on both sides.
        let interval = bounded_mean_interval([0.0; 20], (-1.0, 1.0), 0.95, 1);
        assert_eq!(interval.method, Method::NoEvents);
        let share = 0.16843347098308536;
        assert!(
            (interval.low.unwrap() + share).abs() < 1e-12,
            "{interval:?}"
        );
        assert!(
            (interval.high.unwrap() - share).abs() < 1e-12,
            "{interval:?}"
        );
    }

    #[test]
    fn resamples_put_the_tail_quantile_twenty_deep_within_the_bounds() {
        // 20 / (0.001 / 2) = 40,000; at 95% 20 / 0.025 = 800 is raised to 2000; at
        // 1 - 1e-8, 4e9 is cut to 200,000.
        assert_eq!(resamples(0.999), 40_000);
        assert_eq!(resamples(0.95), 2000);
        assert_eq!(resamples(1.0 - 1e-8), 200_000);
    }

    #[test]
    fn the_bootstrap_gives_way_to_student_t_when_it_would_draw_too_much() {
        // At 99.9%, 40,000 resamples: 1000 nonzero values draw 4e7 = BOOTSTRAP_DRAWS,
        // 1001 draw more.
        for (k, method) in [(1000, Method::BootstrapT), (1001, Method::StudentT)] {
            let values: Vec<f64> = (0..2000)
                .map(|i| {
                    if i < k {
                        0.001 * f64::from(i % 9 + 1)
                    } else {
                        0.0
                    }
                })
                .collect();
            let interval = bounded_mean_interval(&values, (0.0, 1.0), 0.999, 3);
            assert_eq!(interval.method, method, "{k}");
        }
        // At 95%, 2000 resamples: the bootstrap up to BOOTSTRAP_MAX values.
        for (k, method) in [
            (BOOTSTRAP_MAX, Method::BootstrapT),
            (BOOTSTRAP_MAX + 1, Method::StudentT),
        ] {
            let values: Vec<f64> = (0..6000)
                .map(|i| {
                    if i < k {
                        0.001 * (i % 9 + 1) as f64
                    } else {
                        0.0
                    }
                })
                .collect();
            let interval = bounded_mean_interval(&values, (0.0, 1.0), 0.95, 3);
            assert_eq!(interval.method, method, "{k}");
        }
    }

    /// 400 trials, every tenth with a value 0.001·j² (j = 1..7 in turn): mean 0.0018875,
    /// sample sd 0.007581460288114067 (numpy, ddof = 1).
    fn skewed() -> Vec<f64> {
        let mut values = vec![0.0; 400];
        for i in 0..40 {
            values[i * 10] = 0.001 * ((i % 7 + 1) * (i % 7 + 1)) as f64;
        }
        values
    }

    /// The bootstrap-t quantiles by the book: each resample written out as n values (its
    /// Binomial(n, k/n) nonzero ones drawn uniformly from the k, then zeros), its mean and
    /// sample variance in two passes, (m* - m) / se*, the resamples sorted and the
    /// ⌊q·R⌋-th taken; a resample with se* = 0 is ±∞ by the side of its mean (0 on it).
    fn reference_quantiles(values: &[f64], confidence: f64, seed: u64) -> (f64, f64) {
        let nonzero: Vec<f64> = values.iter().copied().filter(|&v| v != 0.0).collect();
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let mut rng = bootstrap_rng(seed);
        let count = Binomial::new(n as u64, nonzero.len() as f64 / n as f64).unwrap();
        let r = resamples(confidence);
        let mut ts: Vec<f64> = (0..r)
            .map(|_| {
                let drawn = count.sample(&mut rng) as usize;
                let mut resample = vec![0.0; n];
                for slot in resample.iter_mut().take(drawn) {
                    *slot = nonzero[rng.random_range(0..nonzero.len())];
                }
                let m = resample.iter().sum::<f64>() / n as f64;
                let variance =
                    resample.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1) as f64;
                let se = (variance / n as f64).sqrt();
                if se > 0.0 {
                    (m - mean) / se
                } else if m == mean {
                    0.0
                } else if m > mean {
                    f64::INFINITY
                } else {
                    f64::NEG_INFINITY
                }
            })
            .collect();
        ts.sort_by(f64::total_cmp);
        let alpha = 1.0 - confidence;
        let at = |q: f64| ts[(q * r as f64) as usize];
        (at(alpha / 2.0), at(1.0 - alpha / 2.0))
    }

    #[test]
    fn the_bootstrap_quantiles_are_those_of_the_resamples_written_out() {
        let values = skewed();
        let nonzero: Vec<f64> = values.iter().copied().filter(|&v| v != 0.0).collect();
        let mean = 0.0018875;
        for (confidence, seed) in [(0.95, 1), (0.9, 2), (0.999, 3)] {
            let (low, high) = bootstrap_t(&nonzero, 400, mean, confidence, seed);
            let (want_low, want_high) = reference_quantiles(&values, confidence, seed);
            // Skewed to the right: the lower quantile is the longer (about -2.5 and +1.6
            // at 95%), and both are finite with 40 nonzero values.
            assert!(want_low < -1.0 && 0.5 < want_high && want_high < -want_low);
            assert!(
                (low - want_low).abs() < 1e-9,
                "{confidence}: {low} vs {want_low}"
            );
            assert!(
                (high - want_high).abs() < 1e-9,
                "{confidence}: {high} vs {want_high}"
            );
        }
        // Every resample of one value repeated n times is that value: se* = 0, m* = m.
        assert_eq!(bootstrap_t(&[0.25; 3], 3, 0.25, 0.95, 1), (0.0, 0.0));
        // One nonzero value in two trials: a quarter of the resamples hold none (-∞), a
        // quarter hold it twice (+∞, se* = 0), half hold it once (0).
        assert_eq!(
            bootstrap_t(&[0.5], 2, 0.25, 0.8, 1),
            (f64::NEG_INFINITY, f64::INFINITY)
        );
        // The same with a mean of 5e-8: a resample's difference of ±5e-8 is a difference,
        // not rounding (the tolerance is relative to the mean).
        assert_eq!(
            bootstrap_t(&[1e-7], 2, 5e-8, 0.8, 1),
            (f64::NEG_INFINITY, f64::INFINITY)
        );
        // The largest confidence below 1: 1 - α/2 rounds to 1, and the upper quantile is
        // the last resample, not one past it.
        let nonzero: Vec<f64> = skewed().into_iter().filter(|&v| v != 0.0).collect();
        let (_, high) = bootstrap_t(&nonzero[..5], 50, 0.0011, 1.0 - f64::EPSILON / 2.0, 1);
        assert!(high > 0.0, "{high}");
        // At 40%, the 30% and 70% quantiles lie in the middle half, five binomial standard
        // errors (sqrt(0.25·0.75/2000) = 0.0097) from its ends.
        assert_eq!(bootstrap_t(&[0.5], 2, 0.25, 0.4, 1), (0.0, 0.0));
    }

    #[test]
    fn the_seed_picks_the_resamples() {
        let nonzero: Vec<f64> = skewed().into_iter().filter(|&v| v != 0.0).collect();
        let [a, b, c] = [0, 1, 2].map(|seed| bootstrap_t(&nonzero, 400, 0.0018875, 0.95, seed));
        assert!(a != b && b != c && a != c, "{a:?} {b:?} {c:?}");
    }

    fn assert_ends(interval: &BoundedInterval, low: f64, high: f64) {
        let ends = (interval.low.unwrap(), interval.high.unwrap());
        assert!(
            (ends.0 - low).abs() < 1e-12 && (ends.1 - high).abs() < 1e-12,
            "{interval:?}: expected [{low}, {high}]"
        );
    }

    #[test]
    fn the_interval_is_the_union_of_the_bootstrap_and_the_log_interval_within_the_bounds() {
        // mean 0.0018875, sd 0.007581460288114067 (numpy), t(0.975, 399) =
        // 1.965927295920882 and the Clopper-Pearson upper bound for 40 of 400
        // 0.13367785829068946 (scipy).
        let (mean, sd, t, share): (f64, f64, f64, f64) = (
            0.0018875,
            0.007581460288114067,
            1.965927295920882,
            0.13367785829068946,
        );
        let values = skewed();
        let se = sd / 20.0;
        for seed in [1, 2] {
            let (t_low, t_high) = reference_quantiles(&values, 0.95, seed);
            // Nonnegative: the bootstrap-t interval widened to m·exp(±t·se/m).
            let spread = (t * se / mean).exp();
            let interval = bounded_mean_interval(&values, (0.0, 1.0), 0.95, seed);
            assert_eq!(interval.method, Method::BootstrapT);
            assert_eq!(interval.nonzero, 40);
            assert!((interval.mean - mean).abs() < 1e-15);
            let low = (mean - t_high * se).min(mean / spread).max(0.0);
            let high = (mean - t_low * se).max(mean * spread).min(share);
            assert_ends(&interval, low, high);
            // Values that may be negative (paired differences): the bootstrap-t alone,
            // within ±share.
            let interval = bounded_mean_interval(&values, (-1.0, 1.0), 0.95, seed);
            let low = (mean - t_high * se).max(-share);
            let high = (mean - t_low * se).min(share);
            assert_ends(&interval, low, high);
        }
    }

    #[test]
    fn a_single_large_value_at_low_confidence_takes_the_lower_end_from_the_log_interval() {
        // One trial of 400 at 1.0 and 39 at 0.001: at 20% the bootstrap's 60% quantile is
        // near 0 (most resamples hold the large value once), below t(0.6, 399), so
        // m/exp(t·se/m) is the lower end. mean 0.0025975, sd 0.04999599476439291 (numpy),
        // t(0.6, 399) = 0.253516097483759 (scipy).
        let values: Vec<f64> = (0..400)
            .map(|i| match i {
                0 => 1.0,
                i if i % 10 == 0 => 0.001,
                _ => 0.0,
            })
            .collect();
        let (mean, sd, t): (f64, f64, f64) = (0.0025975, 0.04999599476439291, 0.253516097483759);
        let se = sd / 20.0;
        let spread = (t * se / mean).exp();
        let (t_low, t_high) = reference_quantiles(&values, 0.2, 1);
        assert!(mean / spread < mean - t_high * se, "{t_high}");
        let interval = bounded_mean_interval(&values, (0.0, 1.0), 0.2, 1);
        assert_eq!(interval.method, Method::BootstrapT);
        assert_ends(
            &interval,
            mean / spread,
            (mean - t_low * se).max(mean * spread),
        );
    }
}
