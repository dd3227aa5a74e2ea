//! Means with Student-t confidence intervals.

use super::student::t_quantile;
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
    let t = t_quantile(0.5 + confidence / 2.0, (n - 1) as f64);
    let half = t * sd / (n as f64).sqrt();
    MeanInterval {
        mean,
        sd,
        low: Some(mean - half),
        high: Some(mean + half),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_a_textbook_interval() {
        // Values 1..=10: mean 5.5, sd 3.02765; t(0.975, 9) = 2.2621571628 (mpmath).
        let interval = mean_interval((1..=10).map(f64::from), 0.95);
        assert!((interval.mean - 5.5).abs() < 1e-12);
        assert!((interval.sd - 3.0276503540974917).abs() < 1e-12);
        let half = 2.262_157_162_798_206 * 3.0276503540974917 / 10f64.sqrt();
        assert!((interval.low.unwrap() - (5.5 - half)).abs() < 1e-9);
        assert!((interval.high.unwrap() - (5.5 + half)).abs() < 1e-9);
    }

    #[test]
    fn large_degrees_of_freedom_are_fast_and_right() {
        // Known values (scipy): t(0.975) at 999 and 1000 df; at 1e9 df the normal quantile
        // 1.959963984540054 plus (z^3 + z) / (4 df), the rest being below 1e-18.
        // One implementation of the quantile: student.rs's, argument order (p, dof).
        assert!((t_quantile(0.975, 1000.0) - 1.962339080826_4).abs() < 1e-9);
        assert!((t_quantile(0.975, 999.0) - 1.962341461).abs() < 1e-6);
        assert!((t_quantile(0.975, 1e9) - 1.959963986912).abs() < 1e-11);
    }

    #[test]
    fn two_values_have_an_interval() {
        // Values 1 and 3: mean 2, sd √2; t(0.975, 1) = 12.706204736174704646 (mpmath), so
        // the half-width is t·√2/√2 = t.
        let interval = mean_interval([1.0, 3.0], 0.95);
        let t = 12.706_204_736_174_705;
        assert!((interval.low.unwrap() - (2.0 - t)).abs() < 1e-9);
        assert!((interval.high.unwrap() - (2.0 + t)).abs() < 1e-9);
    }

    #[test]
    fn one_value_has_no_interval() {
        let interval = mean_interval([0.5], 0.95);
        assert_eq!(interval.mean, 0.5);
        assert_eq!(interval.low, None);
    }
}
