//! Means with Student-t confidence intervals.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use super::Moments;

/// A mean and its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanInterval {
    /// The sample mean.
    pub mean: f64,
    /// The sample standard deviation.
    pub sd: f64,
    /// Lower bound of the interval; `None` with fewer than two values.
    pub low: Option<f64>,
    /// Upper bound of the interval; `None` with fewer than two values.
    pub high: Option<f64>,
}

/// The mean of `values` with a two-sided Student-t interval at `confidence`.
///
/// Values are summed in the order given (Welford's update), so the same values in the same
/// order give bit-identical results.
pub fn mean_interval(values: impl IntoIterator<Item = f64>, confidence: f64) -> MeanInterval {
    let mut moments = Moments::default();
    for value in values {
        moments.push(value);
    }
    moments_interval(&moments, confidence)
}

/// The interval of [`mean_interval`] from moments folded as the values streamed by: the one
/// place an interval of a mean is computed, so that runs of any length use the same method.
pub fn moments_interval(moments: &Moments, confidence: f64) -> MeanInterval {
    let (n, mean) = (moments.n, moments.mean);
    if n < 2 {
        return MeanInterval {
            mean,
            sd: 0.0,
            low: None,
            high: None,
        };
    }
    let sd = moments.sd();
    let t = t_quantile((n - 1) as f64, 0.5 + confidence / 2.0);
    let half = t * sd / (n as f64).sqrt();
    MeanInterval {
        mean,
        sd,
        low: Some(mean - half),
        high: Some(mean + half),
    }
}

/// Degrees of freedom from which the t quantile comes from its expansion around the normal
/// quantile: statrs' inverse incomplete beta takes minutes at millions of degrees of freedom
/// (and loses accuracy), while the expansion's error there is below 1e-12.
const EXPANSION_DF: f64 = 1000.0;

/// The `p` quantile of Student's t with `df` degrees of freedom.
fn t_quantile(df: f64, p: f64) -> f64 {
    if df < EXPANSION_DF {
        return StudentsT::new(0.0, 1.0, df)
            .expect("degrees of freedom are positive")
            .inverse_cdf(p);
    }
    // Cornish-Fisher expansion (Abramowitz and Stegun 26.7.5), four terms: the first
    // neglected one is of order z^9 / df^4, below 1e-12 from 1000 degrees of freedom.
    let z = Normal::new(0.0, 1.0)
        .expect("the standard normal is valid")
        .inverse_cdf(p);
    let (z2, v) = (z * z, df);
    let g1 = (z2 + 1.0) * z / 4.0;
    let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
    z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_a_textbook_interval() {
        // Values 1..=10: mean 5.5, sd 3.02765; t(0.975, 9) = 2.262157.
        let interval = mean_interval((1..=10).map(f64::from), 0.95);
        assert!((interval.mean - 5.5).abs() < 1e-12);
        assert!((interval.sd - 3.0276503540974917).abs() < 1e-12);
        let half = 2.2621571627409915 * 3.0276503540974917 / 10f64.sqrt();
        assert!((interval.low.unwrap() - (5.5 - half)).abs() < 1e-9);
        assert!((interval.high.unwrap() - (5.5 + half)).abs() < 1e-9);
    }

    #[test]
    fn large_degrees_of_freedom_are_fast_and_right() {
        // Known values (scipy): t(0.975) at 999 and 1000 df; at 1e9 df the normal quantile
        // 1.959963984540054 plus (z^3 + z) / (4 df), the rest being below 1e-18.
        assert!((t_quantile(1000.0, 0.975) - 1.962339080826_4).abs() < 1e-9);
        assert!((t_quantile(999.0, 0.975) - 1.962341461).abs() < 1e-6);
        assert!((t_quantile(1e9, 0.975) - 1.959963986912).abs() < 1e-11);
    }

    #[test]
    fn one_value_has_no_interval() {
        let interval = mean_interval([0.5], 0.95);
        assert_eq!(interval.mean, 0.5);
        assert_eq!(interval.low, None);
    }
}
