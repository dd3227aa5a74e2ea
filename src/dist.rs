//! Probability distributions of durations, built from the parameters users think in (a mean,
//! a median and a 95th percentile, an annual failure rate) and sampled through `rand_distr`.
//!
//! Constructors check their parameters and name the offending one in [`DistError`], so the
//! scenario layer can point at the exact key. Sampling is reached only through
//! [`crate::engine::Sampler`], the one place that draws random times.

use std::fmt;

use rand::Rng;
use rand_distr::Distribution;
use statrs::distribution::{ContinuousCDF, Normal};

use crate::units::format_duration;

mod hazard;

/// A distribution of durations, in hours.
#[derive(Debug, Clone)]
pub enum Dist {
    /// Memoryless: constant hazard rate.
    Exponential {
        /// Mean duration.
        mean: f64,
        /// The sampler, built once.
        sampler: rand_distr::Exp<f64>,
    },
    /// Weibull: shape < 1 infant mortality, 1 exponential, > 1 wear-out.
    Weibull {
        /// Shape parameter k.
        shape: f64,
        /// Scale parameter (characteristic life).
        scale: f64,
        /// The sampler, built once.
        sampler: rand_distr::Weibull<f64>,
    },
    /// Lognormal: the usual shape of repair times (most are quick, a few take very long).
    LogNormal {
        /// Mean of the logarithm.
        mu: f64,
        /// Standard deviation of the logarithm.
        sigma: f64,
        /// The sampler, built once.
        sampler: rand_distr::LogNormal<f64>,
    },
    /// Gamma with a shape and a scale.
    Gamma {
        /// Shape parameter.
        shape: f64,
        /// Scale parameter.
        scale: f64,
        /// The sampler, built once.
        sampler: rand_distr::Gamma<f64>,
    },
    /// Always the same duration.
    Fixed {
        /// The duration.
        value: f64,
    },
    /// Uniform between two bounds.
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Resamples observed durations (each observation equally likely).
    Empirical {
        /// The observations, in hours, sorted.
        values: Box<[f64]>,
        /// Their mean, kept for reports.
        mean: f64,
    },
}

/// A distribution parameter out of range: which parameter, and what would be valid.
#[derive(Debug, Clone, PartialEq)]
pub struct DistError {
    /// The parameter's key in the scenario format (`mean`, `shape`, `p95`, ...).
    pub key: &'static str,
    /// What is wrong and what would be valid.
    pub message: String,
}

fn invalid(key: &'static str, message: impl Into<String>) -> DistError {
    DistError {
        key,
        message: message.into(),
    }
}

fn positive(key: &'static str, value: f64, what: &str) -> Result<f64, DistError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(invalid(
            key,
            format!("{what} must be greater than zero (got {value})"),
        ))
    }
}

/// The smallest Weibull shape nines accepts.
const MIN_WEIBULL_SHAPE: f64 = 0.01;

/// The standard normal's 95th percentile, for lognormals given by median and p95.
fn z95() -> f64 {
    Normal::new(0.0, 1.0)
        .expect("the standard normal is valid")
        .inverse_cdf(0.95)
}

impl Dist {
    /// An exponential distribution with the given mean.
    pub fn exponential(mean: f64) -> Result<Dist, DistError> {
        let mean = positive("mean", mean, "the mean")?;
        let sampler = rand_distr::Exp::new(1.0 / mean)
            .map_err(|e| invalid("mean", format!("invalid mean: {e}")))?;
        Ok(Dist::Exponential { mean, sampler })
    }

    /// A Weibull distribution from its shape and scale.
    pub fn weibull_scale(shape: f64, scale: f64) -> Result<Dist, DistError> {
        let shape = positive("shape", shape, "the shape")?;
        // Below this, draws are 0 or infinite in floating point and the mean's Γ(1 + 1/k)
        // overflows: the problem is the shape, whatever else the user wrote.
        if shape < MIN_WEIBULL_SHAPE {
            return Err(invalid(
                "shape",
                format!("the shape {shape} is too small to simulate; expected {MIN_WEIBULL_SHAPE} or more (0.5 is already a steep early-failure curve)"),
            ));
        }
        let scale = positive("scale", scale, "the scale")?;
        let sampler = rand_distr::Weibull::new(scale, shape)
            .map_err(|e| invalid("shape", format!("invalid Weibull: {e}")))?;
        Ok(Dist::Weibull {
            shape,
            scale,
            sampler,
        })
    }

    /// A Weibull distribution from its shape and mean: scale = mean / Γ(1 + 1/shape).
    pub fn weibull_mean(shape: f64, mean: f64) -> Result<Dist, DistError> {
        let shape = positive("shape", shape, "the shape")?;
        if shape < MIN_WEIBULL_SHAPE {
            // Checked here too, before the scale is derived, so the message names the shape.
            return Dist::weibull_scale(shape, 1.0);
        }
        let mean = positive("mean", mean, "the mean")?;
        Dist::weibull_scale(
            shape,
            mean / statrs::function::gamma::gamma(1.0 + 1.0 / shape),
        )
    }

    /// A lognormal distribution from its median and 95th percentile.
    pub fn lognormal_median_p95(median: f64, p95: f64) -> Result<Dist, DistError> {
        let median = positive("median", median, "the median")?;
        let p95 = positive("p95", p95, "the 95th percentile")?;
        if p95 <= median {
            return Err(invalid(
                "p95",
                format!(
                    "the 95th percentile ({}) must be above the median ({})",
                    format_duration(p95),
                    format_duration(median)
                ),
            ));
        }
        Dist::lognormal(median.ln(), (p95 / median).ln() / z95())
    }

    /// A lognormal distribution from its mean and standard deviation.
    pub fn lognormal_mean_sd(mean: f64, sd: f64) -> Result<Dist, DistError> {
        let mean = positive("mean", mean, "the mean")?;
        let sd = positive("sd", sd, "the standard deviation")?;
        let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
        Dist::lognormal(mean.ln() - sigma2 / 2.0, sigma2.sqrt())
    }

    fn lognormal(mu: f64, sigma: f64) -> Result<Dist, DistError> {
        let sampler = rand_distr::LogNormal::new(mu, sigma)
            .map_err(|e| invalid("p95", format!("invalid lognormal: {e}")))?;
        Ok(Dist::LogNormal { mu, sigma, sampler })
    }

    /// A gamma distribution from its shape and mean.
    pub fn gamma(shape: f64, mean: f64) -> Result<Dist, DistError> {
        let shape = positive("shape", shape, "the shape")?;
        let mean = positive("mean", mean, "the mean")?;
        let scale = mean / shape;
        let sampler = rand_distr::Gamma::new(shape, scale)
            .map_err(|e| invalid("shape", format!("invalid gamma: {e}")))?;
        Ok(Dist::Gamma {
            shape,
            scale,
            sampler,
        })
    }

    /// A fixed duration; zero is allowed (an instantaneous step).
    pub fn fixed(value: f64) -> Result<Dist, DistError> {
        if value.is_finite() && value >= 0.0 {
            Ok(Dist::Fixed { value })
        } else {
            Err(invalid(
                "value",
                format!("the value must be zero or more (got {value})"),
            ))
        }
    }

    /// A uniform distribution on `[min, max]`.
    pub fn uniform(min: f64, max: f64) -> Result<Dist, DistError> {
        if !(min.is_finite() && min >= 0.0) {
            return Err(invalid(
                "min",
                format!("min must be zero or more (got {min})"),
            ));
        }
        if !(max.is_finite() && max > min) {
            return Err(invalid(
                "max",
                format!(
                    "max ({}) must be above min ({})",
                    format_duration(max),
                    format_duration(min)
                ),
            ));
        }
        Ok(Dist::Uniform { min, max })
    }

    /// An empirical distribution resampling the given observations.
    pub fn empirical(mut values: Vec<f64>) -> Result<Dist, DistError> {
        if values.is_empty() {
            return Err(invalid("file", "the file holds no durations"));
        }
        if let Some(bad) = values.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
            return Err(invalid(
                "file",
                format!("durations must be zero or more (found {bad})"),
            ));
        }
        values.sort_by(f64::total_cmp);
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        Ok(Dist::Empirical {
            values: values.into_boxed_slice(),
            mean,
        })
    }

    /// The distribution's mean, in hours.
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Exponential { mean, .. } => *mean,
            Dist::Weibull { shape, scale, .. } => {
                scale * statrs::function::gamma::gamma(1.0 + 1.0 / shape)
            }
            Dist::LogNormal { mu, sigma, .. } => (mu + sigma * sigma / 2.0).exp(),
            Dist::Gamma { shape, scale, .. } => shape * scale,
            Dist::Fixed { value } => *value,
            Dist::Uniform { min, max } => (min + max) / 2.0,
            Dist::Empirical { mean, .. } => *mean,
        }
    }

    /// Whether every draw is zero, so that a step taking this long can be skipped.
    pub fn is_zero(&self) -> bool {
        matches!(self, Dist::Fixed { value } if *value == 0.0)
    }

    /// Draws one duration. Only the engine's sampler calls this.
    #[inline]
    pub(crate) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Dist::Exponential { sampler, .. } => sampler.sample(rng),
            Dist::Weibull { sampler, .. } => sampler.sample(rng),
            Dist::LogNormal { sampler, .. } => sampler.sample(rng),
            Dist::Gamma { sampler, .. } => sampler.sample(rng),
            Dist::Fixed { value } => *value,
            Dist::Uniform { min, max } => min + (max - min) * rng.random::<f64>(),
            Dist::Empirical { values, .. } => values[rng.random_range(0..values.len())],
        }
    }
}

impl fmt::Display for Dist {
    /// The distribution as `nines check` shows it: every parameter resolved, and the mean.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = format_duration;
        match self {
            Dist::Exponential { mean, .. } => write!(f, "exponential(mean {})", d(*mean)),
            Dist::Weibull { shape, scale, .. } => write!(
                f,
                "weibull(shape {shape:.4}, scale {}; mean {})",
                d(*scale),
                d(self.mean())
            ),
            Dist::LogNormal { mu, sigma, .. } => write!(
                f,
                "lognormal(median {}, p95 {}; mean {})",
                d(mu.exp()),
                d((mu + sigma * z95()).exp()),
                d(self.mean())
            ),
            Dist::Gamma { shape, .. } => {
                write!(f, "gamma(shape {shape:.4}, mean {})", d(self.mean()))
            }
            Dist::Fixed { value } => write!(f, "fixed({})", d(*value)),
            Dist::Uniform { min, max } => write!(f, "uniform({} to {})", d(*min), d(*max)),
            Dist::Empirical { values, mean } => write!(
                f,
                "empirical({} observations, {} to {}; mean {})",
                values.len(),
                d(values[0]),
                d(values[values.len() - 1]),
                d(*mean)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn sample_mean(dist: &Dist, n: usize) -> f64 {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        (0..n).map(|_| dist.sample(&mut rng)).sum::<f64>() / n as f64
    }

    #[test]
    fn means_follow_the_parameters() {
        assert!((Dist::exponential(10.0).unwrap().mean() - 10.0).abs() < 1e-12);
        assert!((Dist::weibull_mean(1.3, 6000.0).unwrap().mean() - 6000.0).abs() < 1e-6);
        assert!((Dist::lognormal_mean_sd(4.0, 2.0).unwrap().mean() - 4.0).abs() < 1e-12);
        assert!((Dist::gamma(2.0, 8.0).unwrap().mean() - 8.0).abs() < 1e-12);
        assert!((Dist::uniform(1.0, 3.0).unwrap().mean() - 2.0).abs() < 1e-12);
        assert!((Dist::empirical(vec![1.0, 2.0, 6.0]).unwrap().mean() - 3.0).abs() < 1e-12);
    }

    #[test]
    fn lognormal_median_and_p95_are_honoured() {
        let Dist::LogNormal { mu, sigma, .. } = Dist::lognormal_median_p95(1.0, 8.0).unwrap()
        else {
            panic!("not a lognormal");
        };
        assert!(mu.abs() < 1e-12);
        // z95 written out (scipy.stats.norm.ppf(0.95)), not the code's own `z95()`.
        assert!(((mu + sigma * Z95).exp() - 8.0).abs() < 1e-9);
    }

    #[test]
    fn samples_average_to_the_mean() {
        // 200k draws: the sample mean's relative standard error is below 0.3% for each of these.
        for dist in [
            Dist::exponential(5.0).unwrap(),
            Dist::weibull_mean(0.7, 5.0).unwrap(),
            Dist::lognormal_median_p95(3.0, 9.0).unwrap(),
            Dist::gamma(3.0, 5.0).unwrap(),
            Dist::uniform(2.0, 8.0).unwrap(),
        ] {
            let mean = sample_mean(&dist, 200_000);
            assert!(
                (mean / dist.mean() - 1.0).abs() < 0.015,
                "{dist}: sample mean {mean}"
            );
        }
    }

    // Shape beyond the mean. Each family is checked against values computed here from its
    // textbook formulas (or, where there is no closed form, from scipy 1.17, as recorded),
    // never from `Dist`'s own code: a wrong constant in a constructor (a wrong normal quantile
    // in the lognormal's median + p95, a Weibull with shape and scale swapped) moves a
    // quantile or the variance far beyond these tolerances.

    /// Draws per family: with 200k draws the share below a quantile has a binomial standard
    /// error of at most 0.11%, so a stated p95 off by one point fails by 10 SE.
    const DRAWS: usize = 200_000;

    /// The standard normal's quantiles, from scipy.stats.norm.ppf (not from statrs, which
    /// the code under test uses).
    const Z95: f64 = 1.644_853_626_951_472_2;
    const Z99: f64 = 2.326_347_874_040_840_8;

    /// `DRAWS` draws with a fixed seed, sorted.
    fn draws(dist: &Dist) -> Vec<f64> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let mut values: Vec<f64> = (0..DRAWS).map(|_| dist.sample(&mut rng)).collect();
        values.sort_by(f64::total_cmp);
        values
    }

    /// The share of `sorted` at or below `x` is `p`, within 5 binomial standard errors.
    fn assert_share_below(label: &str, sorted: &[f64], x: f64, p: f64) {
        let n = sorted.len() as f64;
        let share = sorted.partition_point(|&v| v <= x) as f64 / n;
        let se = (p * (1.0 - p) / n).sqrt();
        assert!(
            (share - p).abs() < 5.0 * se,
            "{label}: {share} of draws at or below {x}, expected {p} (SE {se})"
        );
    }

    /// The sample mean and variance match the exact ones within 5 standard errors: s/sqrt(n)
    /// for the mean, sqrt((m4 - s^4)/n) for the variance (m4 the sample fourth central moment).
    fn assert_mean_and_variance(label: &str, sorted: &[f64], mean: f64, variance: f64) {
        let n = sorted.len() as f64;
        let m = sorted.iter().sum::<f64>() / n;
        let m2 = sorted.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n;
        let m4 = sorted.iter().map(|v| (v - m).powi(4)).sum::<f64>() / n;
        let se_mean = (m2 / n).sqrt();
        assert!(
            (m - mean).abs() < 5.0 * se_mean,
            "{label}: sample mean {m}, exact {mean} (SE {se_mean})"
        );
        let se_var = ((m4 - m2 * m2) / n).sqrt();
        assert!(
            (m2 - variance).abs() < 5.0 * se_var,
            "{label}: sample variance {m2}, exact {variance} (SE {se_var})"
        );
    }

    /// Probabilities at which quantile formulas are checked.
    const PROBABILITIES: [f64; 6] = [0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

    #[test]
    fn exponential_quantiles_and_variance() {
        let dist = Dist::exponential(5.0).unwrap();
        let sorted = draws(&dist);
        for p in PROBABILITIES {
            // F(x) = 1 - exp(-x/mean).
            assert_share_below("exponential", &sorted, -5.0 * (1.0 - p).ln(), p);
        }
        assert_mean_and_variance("exponential", &sorted, 5.0, 25.0);
    }

    /// The smallest shape is accepted and anything below it refused, by both constructors
    /// (killed the mutants `<` → `<=` and `<` → `==` of the shape guard, docs/testing.md).
    #[test]
    fn weibull_shape_floor_is_inclusive() {
        assert!(Dist::weibull_scale(MIN_WEIBULL_SHAPE, 1.0).is_ok());
        // At the floor the mean is the one asked for (the scale derived, not a placeholder).
        let at_floor = Dist::weibull_mean(MIN_WEIBULL_SHAPE, 3.0).expect("the floor is valid");
        assert!(
            (at_floor.mean() / 3.0 - 1.0).abs() < 1e-9,
            "{}",
            at_floor.mean()
        );
        // Below it the shape is named even when the mean is wrong too.
        assert_eq!(Dist::weibull_mean(0.005, -1.0).unwrap_err().key, "shape");
        for shape in [0.005, MIN_WEIBULL_SHAPE * 0.999] {
            for built in [
                Dist::weibull_scale(shape, 1.0),
                Dist::weibull_mean(shape, 1.0),
            ] {
                let error = built.expect_err("a shape below the floor");
                assert_eq!(error.key, "shape");
                assert!(
                    error.message.contains("too small to simulate"),
                    "{}",
                    error.message
                );
            }
        }
    }

    #[test]
    fn weibull_quantiles_and_variance() {
        // Shape 2, scale 10: F(x) = 1 - exp(-(x/10)^2); mean 10·Γ(1.5) = 5·sqrt(π),
        // variance 100·(Γ(2) - Γ(1.5)^2) = 100·(1 - π/4).
        let pi = std::f64::consts::PI;
        let dist = Dist::weibull_scale(2.0, 10.0).unwrap();
        assert!(
            (dist.mean() - 5.0 * pi.sqrt()).abs() < 1e-9,
            "{}",
            dist.mean()
        );
        let sorted = draws(&dist);
        for p in PROBABILITIES {
            assert_share_below("weibull 2", &sorted, 10.0 * (-(1.0 - p).ln()).sqrt(), p);
        }
        assert_mean_and_variance(
            "weibull 2",
            &sorted,
            5.0 * pi.sqrt(),
            100.0 * (1.0 - pi / 4.0),
        );

        // Shape 0.5 from a mean of 6: scale = 6 / Γ(3) = 3; F(x) = 1 - exp(-sqrt(x/3)).
        let dist = Dist::weibull_mean(0.5, 6.0).unwrap();
        let Dist::Weibull { scale, .. } = dist else {
            panic!("not a Weibull")
        };
        assert!((scale - 3.0).abs() < 1e-9, "{scale}");
        let sorted = draws(&dist);
        for p in PROBABILITIES {
            assert_share_below("weibull 0.5", &sorted, 3.0 * (1.0 - p).ln().powi(2), p);
        }

        // Shape 1.5 from a mean of 1000 h (tests/validation.rs): scale = 1000 / Γ(5/3), with
        // Γ(5/3) = 0.9027452929509338 (scipy.special.gamma).
        let scale = 1000.0 / 0.902_745_292_950_933_8;
        let sorted = draws(&Dist::weibull_mean(1.5, 1000.0).unwrap());
        for p in PROBABILITIES {
            let x = scale * (-(1.0 - p).ln()).powf(1.0 / 1.5);
            assert_share_below("weibull 1.5", &sorted, x, p);
        }
    }

    #[test]
    fn lognormal_from_median_and_p95_puts_them_where_stated() {
        // Median 8 h, p95 30 h: mu = ln 8, sigma = ln(30/8) / z95. The stated percentiles
        // must hold in the draws, and the mean (11.048606487904019 h), variance
        // (110.76425156364735) and p99 (51.87443307400781 h) are scipy.stats.lognorm's for
        // s = sigma, scale = 8.
        let dist = Dist::lognormal_median_p95(8.0, 30.0).unwrap();
        let Dist::LogNormal { mu, sigma, .. } = dist else {
            panic!("not a lognormal")
        };
        assert!((mu - 8f64.ln()).abs() < 1e-12, "{mu}");
        assert!(
            (sigma - (30.0f64 / 8.0).ln() / Z95).abs() < 1e-12,
            "{sigma}"
        );
        assert!(
            (dist.mean() - 11.048_606_487_904_019).abs() < 1e-9,
            "{}",
            dist.mean()
        );
        let sorted = draws(&dist);
        assert_share_below("lognormal median", &sorted, 8.0, 0.5);
        assert_share_below("lognormal p95", &sorted, 30.0, 0.95);
        assert_share_below("lognormal p99", &sorted, 51.874_433_074_007_81, 0.99);
        assert_share_below("lognormal p5", &sorted, 8.0 * 8.0 / 30.0, 0.05);
        assert_mean_and_variance(
            "lognormal median/p95",
            &sorted,
            11.048_606_487_904_019,
            110.764_251_563_647_35,
        );
        // What `nines check` prints is the p95 the user wrote.
        assert!(dist.to_string().contains("p95 30h"), "{dist}");
    }

    #[test]
    fn lognormal_from_mean_and_sd_has_that_mean_and_sd() {
        // Mean 4, sd 2: sigma^2 = ln(1 + (2/4)^2) = ln 1.25, median = 4 / sqrt(1.25).
        let dist = Dist::lognormal_mean_sd(4.0, 2.0).unwrap();
        let sorted = draws(&dist);
        let (median, sigma) = (4.0 / 1.25f64.sqrt(), 1.25f64.ln().sqrt());
        assert_share_below("lognormal mean/sd median", &sorted, median, 0.5);
        assert_share_below(
            "lognormal mean/sd p95",
            &sorted,
            median * (sigma * Z95).exp(),
            0.95,
        );
        assert_share_below(
            "lognormal mean/sd p99",
            &sorted,
            median * (sigma * Z99).exp(),
            0.99,
        );
        assert_mean_and_variance("lognormal mean/sd", &sorted, 4.0, 4.0);
    }

    #[test]
    fn gamma_quantiles_and_variance() {
        // Shape 3, mean 6 (scale 2) is an Erlang: F(x) = 1 - exp(-y)(1 + y + y^2/2), y = x/2.
        let sorted = draws(&Dist::gamma(3.0, 6.0).unwrap());
        for x in [1.0, 3.0, 6.0, 10.0, 16.0] {
            let y: f64 = x / 2.0;
            let cdf = 1.0 - (-y).exp() * (1.0 + y + y * y / 2.0);
            assert_share_below("gamma 3", &sorted, x, cdf);
        }
        assert_mean_and_variance("gamma 3", &sorted, 6.0, 12.0);

        // Shape 0.5, mean 1 (scale 2): quantiles from scipy.stats.gamma.ppf(p, 0.5, scale=2).
        let sorted = draws(&Dist::gamma(0.5, 1.0).unwrap());
        for (p, x) in [
            (0.05, 0.003_932_140_000_019_522),
            (0.25, 0.101_531_044_267_621_56),
            (0.5, 0.454_936_423_119_572),
            (0.75, 1.323_303_696_931_466_4),
            (0.95, 3.841_458_820_694_124),
            (0.99, 6.634_896_601_021_214_5),
        ] {
            assert_share_below("gamma 0.5", &sorted, x, p);
        }
        assert_mean_and_variance("gamma 0.5", &sorted, 1.0, 2.0);
    }

    #[test]
    fn fixed_is_always_its_value() {
        let sorted = draws(&Dist::fixed(7.0).unwrap());
        assert!(sorted.iter().all(|&v| v == 7.0));
        assert!(Dist::fixed(0.0).unwrap().is_zero());
        assert!(!Dist::fixed(7.0).unwrap().is_zero());
        assert!(!Dist::uniform(0.0, 1.0).unwrap().is_zero());
    }

    #[test]
    fn uniform_quantiles_and_variance() {
        // On [2, 8]: F(x) = (x - 2)/6, variance 6^2/12 = 3, every draw within the bounds.
        let sorted = draws(&Dist::uniform(2.0, 8.0).unwrap());
        assert!(sorted[0] >= 2.0 && sorted[DRAWS - 1] <= 8.0);
        for p in PROBABILITIES {
            assert_share_below("uniform", &sorted, 2.0 + 6.0 * p, p);
        }
        assert_mean_and_variance("uniform", &sorted, 5.0, 3.0);
    }

    #[test]
    fn empirical_draws_every_observation_at_its_frequency() {
        // Observations 6, 2, 1, 2 (unsorted on purpose): 1 and 6 each a quarter of the
        // draws, 2 half; nothing else is ever drawn.
        let dist = Dist::empirical(vec![6.0, 2.0, 1.0, 2.0]).unwrap();
        assert!((dist.mean() - 2.75).abs() < 1e-12);
        let sorted = draws(&dist);
        assert!(sorted.iter().all(|v| [1.0, 2.0, 6.0].contains(v)));
        let n = sorted.len() as f64;
        for (value, p) in [(1.0, 0.25), (2.0, 0.5), (6.0, 0.25)] {
            let share = sorted.iter().filter(|&&v| v == value).count() as f64 / n;
            let se = (p * (1.0 - p) / n).sqrt();
            assert!(
                (share - p).abs() < 5.0 * se,
                "empirical: {value} drawn {share} of the time, expected {p}"
            );
        }
        // Population variance of {1, 2, 2, 6}: mean 2.75, ((1.75^2 + 2·0.75^2 + 3.25^2)/4.
        assert_mean_and_variance("empirical", &sorted, 2.75, 14.75 / 4.0);
    }

    #[test]
    fn means_match_independent_formulas() {
        // Each from a formula written here, not from `Dist::mean` inverted.
        let pi = std::f64::consts::PI;
        let cases = [
            (Dist::exponential(5.0).unwrap(), 5.0),
            (Dist::weibull_scale(2.0, 10.0).unwrap(), 5.0 * pi.sqrt()),
            (Dist::weibull_scale(0.5, 3.0).unwrap(), 6.0),
            (Dist::weibull_scale(1.0, 4.0).unwrap(), 4.0),
            (
                Dist::lognormal_median_p95(8.0, 30.0).unwrap(),
                (8f64.ln() + ((30.0f64 / 8.0).ln() / Z95).powi(2) / 2.0).exp(),
            ),
            (Dist::gamma(3.0, 6.0).unwrap(), 6.0),
            (Dist::fixed(7.0).unwrap(), 7.0),
            (Dist::uniform(2.0, 8.0).unwrap(), 5.0),
        ];
        for (dist, mean) in cases {
            assert!(
                (dist.mean() / mean - 1.0).abs() < 1e-12,
                "{dist}: mean {} vs {mean}",
                dist.mean()
            );
        }
    }

    #[test]
    fn bad_parameters_name_their_key() {
        assert_eq!(Dist::exponential(0.0).unwrap_err().key, "mean");
        assert_eq!(Dist::exponential(-1.0).unwrap_err().key, "mean");
        assert_eq!(Dist::weibull_mean(0.0, 5.0).unwrap_err().key, "shape");
        assert_eq!(Dist::lognormal_median_p95(2.0, 1.0).unwrap_err().key, "p95");
        assert_eq!(Dist::uniform(3.0, 3.0).unwrap_err().key, "max");
        assert_eq!(Dist::empirical(vec![]).unwrap_err().key, "file");
        assert_eq!(Dist::fixed(-1.0).unwrap_err().key, "value");
        // Each boundary on its valid side and just past it, and non-finite values.
        assert_eq!(Dist::exponential(f64::NAN).unwrap_err().key, "mean");
        assert_eq!(Dist::exponential(f64::INFINITY).unwrap_err().key, "mean");
        assert_eq!(Dist::weibull_scale(1.0, 0.0).unwrap_err().key, "scale");
        assert_eq!(Dist::weibull_mean(1.0, 0.0).unwrap_err().key, "mean");
        assert_eq!(
            Dist::lognormal_median_p95(0.0, 1.0).unwrap_err().key,
            "median"
        );
        assert_eq!(Dist::lognormal_median_p95(2.0, 2.0).unwrap_err().key, "p95");
        assert_eq!(Dist::lognormal_mean_sd(1.0, 0.0).unwrap_err().key, "sd");
        assert_eq!(Dist::lognormal_mean_sd(0.0, 1.0).unwrap_err().key, "mean");
        assert_eq!(Dist::gamma(0.0, 1.0).unwrap_err().key, "shape");
        assert_eq!(Dist::gamma(1.0, 0.0).unwrap_err().key, "mean");
        assert_eq!(Dist::fixed(f64::INFINITY).unwrap_err().key, "value");
        assert!(Dist::fixed(0.0).is_ok());
        assert_eq!(Dist::uniform(-1.0, 3.0).unwrap_err().key, "min");
        assert_eq!(Dist::uniform(f64::NAN, 3.0).unwrap_err().key, "min");
        assert_eq!(Dist::uniform(1.0, f64::INFINITY).unwrap_err().key, "max");
        assert!(Dist::uniform(0.0, 3.0).is_ok());
        assert_eq!(Dist::empirical(vec![1.0, -1.0]).unwrap_err().key, "file");
        assert_eq!(Dist::empirical(vec![f64::NAN]).unwrap_err().key, "file");
        assert!(Dist::empirical(vec![0.0]).is_ok());
    }

    #[test]
    fn display_shows_every_parameter_resolved() {
        // What `nines check` prints: figures a user can compare with the file.
        let shown = |d: Result<Dist, DistError>| d.unwrap().to_string();
        assert_eq!(shown(Dist::exponential(5.0)), "exponential(mean 5h)");
        assert_eq!(shown(Dist::fixed(2.0)), "fixed(2h)");
        assert_eq!(shown(Dist::uniform(1.0, 3.0)), "uniform(1h to 3h)");
        let weibull = shown(Dist::weibull_scale(2.0, 10.0));
        assert!(
            weibull.starts_with("weibull(shape 2.0000, scale 10h; mean 8.86"),
            "{weibull}"
        );
        let gamma = shown(Dist::gamma(3.0, 6.0));
        assert_eq!(gamma, "gamma(shape 3.0000, mean 6h)");
        let empirical = shown(Dist::empirical(vec![6.0, 2.0, 1.0, 2.0]));
        assert!(
            empirical == "empirical(4 observations, 1h to 6h; mean 2.75h)",
            "{empirical}"
        );
        let lognormal = shown(Dist::lognormal_median_p95(8.0, 30.0));
        assert!(
            lognormal.starts_with("lognormal(median 8h, p95 30h; mean 11"),
            "{lognormal}"
        );
    }
}
