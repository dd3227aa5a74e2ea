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
        assert!(((mu + sigma * z95()).exp() - 8.0).abs() < 1e-9);
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

    #[test]
    fn bad_parameters_name_their_key() {
        assert_eq!(Dist::exponential(0.0).unwrap_err().key, "mean");
        assert_eq!(Dist::exponential(-1.0).unwrap_err().key, "mean");
        assert_eq!(Dist::weibull_mean(0.0, 5.0).unwrap_err().key, "shape");
        assert_eq!(Dist::lognormal_median_p95(2.0, 1.0).unwrap_err().key, "p95");
        assert_eq!(Dist::uniform(3.0, 3.0).unwrap_err().key, "max");
        assert_eq!(Dist::empirical(vec![]).unwrap_err().key, "file");
        assert_eq!(Dist::fixed(-1.0).unwrap_err().key, "value");
    }
}
