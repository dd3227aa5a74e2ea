//! Means with Student-t confidence intervals, plain or corrected for skewness.

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

/// The interval of [`moments_interval`] corrected for the values' skewness by Hall's (1992)
/// transformation of the t statistic ("On the removal of skewness by transformation", JRSS B
/// 54: 221–228): with `T = (mean − μ) / s` and `γ` the sample skewness,
/// `g(T) = T + γT²/3 + γ²T³/27 + γ/(6n)` is nearly normal with standard deviation `1/√n`,
/// and `g` is monotone, so `μ` lies in `[mean − s·g⁻¹(q/√n), mean − s·g⁻¹(−q/√n)]`.
///
/// Why: a mean of right-skewed values (the rare method's weighted per-trial downtimes, most
/// small and a few large) is low together with its standard deviation when a run misses
/// the large ones, so a symmetric interval covers less than it claims exactly when the
/// estimate is low. The correction lengthens the upper side by the amount the skewness
/// says. It becomes the symmetric interval as the skewness goes to 0, and the long side is
/// never more than about four times the symmetric half-width (see `limit`).
pub fn skew_corrected_interval(moments: &Moments, confidence: f64) -> MeanInterval {
    let symmetric = moments_interval(moments, confidence);
    let gamma = moments.skewness();
    // Fewer than two values, or values that do not vary, have γ = 0 too.
    if gamma == 0.0 {
        return symmetric;
    }
    let n = moments.n as f64;
    let q = t_quantile(0.5 + confidence / 2.0, n - 1.0) / n.sqrt();
    // The expansion behind g holds while γ/√n is moderate. Past |γ|(q + |γ|/(6n)) = 9/8 the
    // long side would shrink again as γ grows (to below the symmetric half-width), so γ is
    // held there: the long side at its widest, four times the symmetric half-width.
    let limit = 3.0 * n * ((q * q + 0.75 / n).sqrt() - q);
    let gamma = gamma.clamp(-limit, limit);
    let offset = gamma / (6.0 * n);
    // g⁻¹(x) = ((1 + γ(x − offset))^(1/3) − 1) · 3/γ, written with ln_1p and exp_m1 so that
    // a small γ loses no digits (it tends to x − offset).
    let inverse = |x: f64| {
        let e = gamma * (x - offset);
        // mutants: equivalent because at e = −1 both branches give −1 (`>` → `>=`).
        let root_minus_one = if e > -1.0 {
            (e.ln_1p() / 3.0).exp_m1()
        } else {
            (1.0 + e).cbrt() - 1.0
        };
        3.0 * root_minus_one / gamma
    };
    MeanInterval {
        low: Some(symmetric.mean - symmetric.sd * inverse(q)),
        high: Some(symmetric.mean - symmetric.sd * inverse(-q)),
        ..symmetric
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

    fn moments_of(values: &[f64]) -> Moments {
        let mut m = Moments::default();
        values.iter().for_each(|&v| m.push(v));
        m
    }

    /// Hall's g, written forwards from the paper, to check the inverse the interval uses.
    fn hall_g(t: f64, gamma: f64, n: f64) -> f64 {
        t + gamma * t * t / 3.0 + gamma * gamma * t.powi(3) / 27.0 + gamma / (6.0 * n)
    }

    #[test]
    fn the_skew_corrected_ends_solve_halls_equation() {
        // Right-skewed values: the cubes of 1 to 100, over 1000 (skewness about 1.1).
        let values: Vec<f64> = (1..=100).map(|i| f64::from(i).powi(3) / 1000.0).collect();
        let m = moments_of(&values);
        let i = skew_corrected_interval(&m, 0.95);
        // The skewness from its definition, the t quantile from scipy (t.ppf(0.975, 99)).
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let m2 = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        let m3 = values.iter().map(|v| (v - mean).powi(3)).sum::<f64>() / n;
        let gamma = m3 / m2.powf(1.5);
        let s = (m2 * n / (n - 1.0)).sqrt();
        let q = 1.984_216_951_586_417_4 / n.sqrt();
        assert!(gamma > 1.0, "{gamma}");
        // Each end μ makes g((mean − μ) / s) equal to ∓q.
        let at = |end: f64| hall_g((mean - end) / s, gamma, n);
        assert!((at(i.low.unwrap()) - q).abs() < 1e-9, "{i:?}");
        assert!((at(i.high.unwrap()) + q).abs() < 1e-9, "{i:?}");
        // The long side is the upper one, and longer than the t interval's.
        let half = q * s;
        assert!(
            i.high.unwrap() - mean > half && mean - i.low.unwrap() < half,
            "{i:?}"
        );
        assert!(
            (i.mean - mean).abs() < 1e-9 && (i.sd - s).abs() < 1e-9,
            "{i:?}"
        );
    }

    #[test]
    fn without_skewness_the_interval_is_the_t_interval() {
        let symmetric = moments_of(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(
            skew_corrected_interval(&symmetric, 0.9),
            moments_interval(&symmetric, 0.9)
        );
        // Mirrored values mirror the interval: the long side is then the lower one.
        let right = skew_corrected_interval(&moments_of(&[0.0, 0.0, 0.0, 1.0, 9.0]), 0.95);
        let left = skew_corrected_interval(&moments_of(&[0.0, 0.0, 0.0, -1.0, -9.0]), 0.95);
        assert!((right.low.unwrap() + left.high.unwrap()).abs() < 1e-12);
        assert!((right.high.unwrap() + left.low.unwrap()).abs() < 1e-12);
        assert!(right.high.unwrap() - right.mean > right.mean - right.low.unwrap());
        // Too few values for an interval, or no spread: as the t interval.
        for m in [moments_of(&[3.0]), moments_of(&[2.0, 2.0, 2.0])] {
            assert_eq!(
                skew_corrected_interval(&m, 0.95),
                moments_interval(&m, 0.95)
            );
        }
    }

    #[test]
    fn the_long_side_grows_with_the_skewness_up_to_four_times() {
        // 400 values, k of them 1 and the rest 0: the skewness (1 - 2p) / sqrt(p (1 - p)),
        // p = k / 400, grows from 0 to about 20 as k falls. The long side's ratio to the t
        // half-width never falls as it grows, and stops at about 4.
        let n = 400;
        let mut last = 0.0;
        let mut ratios = Vec::new();
        for k in [200, 120, 40, 20, 12, 4, 1] {
            let values: Vec<f64> = (0..n).map(|i| f64::from(u8::from(i < k))).collect();
            let m = moments_of(&values);
            let t = moments_interval(&m, 0.999);
            let c = skew_corrected_interval(&m, 0.999);
            let ratio = (c.high.unwrap() - c.mean) / (t.high.unwrap() - t.mean);
            assert!(ratio >= last - 1e-12, "{ratios:?} then {ratio}");
            // At the limit the long side is 4 (q + γ/(6n)), q the t half-width over s:
            // γ/(6n) adds under 2% here.
            assert!(ratio <= 4.0 * 1.02, "{ratio}");
            ratios.push(ratio);
            last = ratio;
        }
        assert!((ratios[0] - 1.0).abs() < 1e-12 && last > 3.9, "{ratios:?}");
    }

    #[test]
    fn skew_correction_brings_an_exponential_mean_nearer_its_coverage() {
        // Means of 20 exponential values (skewness 2): the t interval is known to cover
        // less than it claims; Hall's correction should cover nearer 95%. 20,000 samples:
        // a coverage's standard error is about 0.0016.
        use rand::SeedableRng;
        use rand_distr::{Distribution, Exp1};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let (samples, n) = (20_000, 20);
        let (mut t_covers, mut hall_covers) = (0u32, 0u32);
        for _ in 0..samples {
            let mut m = Moments::default();
            for _ in 0..n {
                let v: f64 = Exp1.sample(&mut rng);
                m.push(v);
            }
            let covers = |i: MeanInterval| i.low.unwrap() <= 1.0 && 1.0 <= i.high.unwrap();
            t_covers += u32::from(covers(moments_interval(&m, 0.95)));
            hall_covers += u32::from(covers(skew_corrected_interval(&m, 0.95)));
        }
        let (t, hall) = (
            f64::from(t_covers) / samples as f64,
            f64::from(hall_covers) / samples as f64,
        );
        assert!(t < 0.95 - 5.0 * 0.0016, "t interval {t}");
        assert!(
            (hall - 0.95).abs() < (t - 0.95).abs() / 2.0,
            "t {t}, Hall {hall}"
        );
    }
}
