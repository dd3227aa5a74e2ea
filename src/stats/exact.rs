//! Exact intervals for counts: Clopper-Pearson for a binomial share, Garwood for a Poisson
//! rate. Both are valid (coverage at least nominal) at any count, zero included, which is
//! why they are used wherever nines reports a share or a rate of events.
//!
//! Both invert a tail sum of the distribution by bisection. The tail sums are computed term
//! by term in log space (no incomplete beta or gamma function, whose statrs versions lose
//! accuracy at large parameters) up to [`EXACT_LIMIT`] terms; beyond, the counts are so large
//! that the normal approximations used (Wilson's score interval with a continuity
//! correction, the Wilson-Hilferty cube root) differ from the exact bounds by less than 1e-3
//! of the interval's width (checked against scipy).

use super::student::normal_quantile;

/// Largest count for which tails are summed exactly.
const EXACT_LIMIT: f64 = 100_000.0;

/// An interval `[low, high]`.
pub type Bounds = (f64, f64);

/// ln of the sum of exp(terms), terms given from the largest index down.
fn log_sum(terms: impl Iterator<Item = f64>) -> f64 {
    let mut max = f64::NEG_INFINITY;
    let mut sum = 0.0;
    for term in terms {
        // mutants: equivalent because `>` → `>=` changes only a tie, where both branches add
        // exactly 1 to the sum: sum · exp(0) + 1 and sum + exp(0).
        if term > max {
            sum = sum * (max - term).exp() + 1.0;
            max = term;
        } else {
            sum += (term - max).exp();
        }
    }
    max + sum.ln()
}

/// P(X ≤ x) for X binomial(n, p), 0 ≤ x < n.
fn binomial_cdf(x: f64, n: f64, p: f64) -> f64 {
    if p <= 0.0 {
        return 1.0;
    }
    if p >= 1.0 {
        return 0.0;
    }
    use statrs::function::gamma::ln_gamma;
    let top = ln_gamma(n + 1.0) - ln_gamma(x + 1.0) - ln_gamma(n - x + 1.0)
        + x * p.ln()
        + (n - x) * (-p).ln_1p();
    let odds = ((-p).ln_1p() - p.ln()).exp();
    let mut term = top;
    let terms = (0..=x as u64).rev().map(move |i| {
        let current = term;
        let i = i as f64;
        // C(n, i-1) / C(n, i) = i / (n - i + 1)
        term += (i / (n - i + 1.0)).ln() + odds.ln();
        current
    });
    log_sum(terms).exp().min(1.0)
}

/// P(K ≤ k) for K Poisson with mean `mu`.
fn poisson_cdf(k: f64, mu: f64) -> f64 {
    if mu <= 0.0 {
        return 1.0;
    }
    use statrs::function::gamma::ln_gamma;
    let mut term = -mu + k * mu.ln() - ln_gamma(k + 1.0);
    let terms = (0..=k as u64).rev().map(move |i| {
        let current = term;
        term += (i as f64 / mu).ln();
        current
    });
    log_sum(terms).exp().min(1.0)
}

/// The root in `[low, high]` of a function decreasing from above `target` to below it.
fn bisect(mut low: f64, mut high: f64, target: f64, f: impl Fn(f64) -> f64) -> f64 {
    for _ in 0..200 {
        let middle = 0.5 * (low + high);
        // mutants: equivalent because `||` → `&&` only keeps looping once `middle` has rounded
        // onto an end, and every end it can round onto was set by this same test of f (or is
        // p = 1 or the reach, where f is below any target; a first low of 0 is never reached,
        // 200 halvings staying above 2^-200): the remaining passes leave both ends as they are.
        if middle <= low || middle >= high {
            break;
        }
        if f(middle) > target {
            low = middle;
        } else {
            high = middle;
        }
    }
    0.5 * (low + high)
}

/// Clopper-Pearson interval of a binomial share: `x` successes in `n` trials, two-sided at
/// `confidence`. Never zero-width: with no success the upper end is 1 - (α/2)^(1/n).
///
/// `x` and `n` may be fractional (an effective sample size, see [`clustered_share`]); the
/// tails are then taken at `x` rounded and `n` rounded down, which can only widen.
pub fn clopper_pearson(x: f64, n: f64, confidence: f64) -> Bounds {
    let alpha = 1.0 - confidence;
    let n = n.floor().max(1.0);
    let x = x.round().clamp(0.0, n);
    if x.min(n - x) > EXACT_LIMIT {
        return wilson(x, n, confidence);
    }
    let low = if x == 0.0 {
        0.0
    } else if x == n {
        (alpha / 2.0).powf(1.0 / n)
    } else {
        // P(X ≥ x; p) = α/2, i.e. P(X ≤ x - 1; p) = 1 - α/2, decreasing in p.
        bisect(0.0, 1.0, 1.0 - alpha / 2.0, |p| binomial_cdf(x - 1.0, n, p))
    };
    let high = if x == n {
        1.0
    } else if x == 0.0 {
        1.0 - (alpha / 2.0).powf(1.0 / n)
    } else {
        bisect(0.0, 1.0, alpha / 2.0, |p| binomial_cdf(x, n, p))
    };
    (low, high)
}

/// Wilson's score interval widened by the continuity correction 1/(2n) on each side (used
/// only for very large counts, where it is within 1e-3 of the width of Clopper-Pearson's).
fn wilson(x: f64, n: f64, confidence: f64) -> Bounds {
    let z = normal_quantile(0.5 + confidence / 2.0);
    let p = x / n;
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z / (1.0 + z * z / n) * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    let correction = 0.5 / n;
    (
        (centre - half - correction).max(0.0),
        (centre + half + correction).min(1.0),
    )
}

/// Garwood's exact interval of a Poisson mean from an observed count `k`, two-sided at
/// `confidence`: with no event, `[0, ln(2/α)]` (3.69 at 95%).
pub fn garwood(k: u64, confidence: f64) -> Bounds {
    let alpha = 1.0 - confidence;
    let k = k as f64;
    if k > EXACT_LIMIT {
        // Wilson-Hilferty: chi-square quantiles through a normal cube root.
        let z = normal_quantile(0.5 + confidence / 2.0);
        let cube = |dof: f64, z: f64| {
            let c = 2.0 / (9.0 * dof);
            dof * (1.0 - c + z * c.sqrt()).powi(3) / 2.0
        };
        return (cube(2.0 * k, -z), cube(2.0 * k + 2.0, z));
    }
    // mutants: equivalent because a bracket reaching past the upper end changes only the
    // bisection's path to it: `k * 40 √(k + 1)`, `(k + 40 √(k + 1)) * 50`, `√(k - 1)` and
    // `√(k * 1)` all stay above the largest upper end an accepted confidence asks for
    // (α ≥ 2^-53; for one event 41.2 against the lowest, 51; scripts/exact-mutants.py).
    let reach = k + 40.0 * (k + 1.0).sqrt() + 50.0;
    let low = if k == 0.0 {
        0.0
    } else {
        // P(K ≥ k; μ) = α/2, i.e. P(K ≤ k - 1; μ) = 1 - α/2, decreasing in μ.
        bisect(0.0, reach, 1.0 - alpha / 2.0, |mu| poisson_cdf(k - 1.0, mu))
    };
    let high = if k == 0.0 {
        (2.0 / alpha).ln()
    } else {
        bisect(0.0, reach, alpha / 2.0, |mu| poisson_cdf(k, mu))
    };
    (low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, expected: f64, relative: f64) -> bool {
        (got - expected).abs() <= relative * expected.abs().max(1e-300)
    }

    /// Values from scipy 1.17: `stats.beta.ppf(0.025, x, n-x+1)`, `stats.beta.ppf(0.975,
    /// x+1, n-x)`.
    #[test]
    fn clopper_pearson_matches_scipy() {
        let cases = [
            (0.0, 20.0, 0.0, 0.1684334709830853),
            (1.0, 20.0, 0.0012650894979498038, 0.24873276277202777),
            (3.0, 100.0, 0.006229971538306395, 0.08517605297428002),
            (50.0, 100.0, 0.39832112950330095, 0.601678870496699),
            (0.0, 1e6, 0.0, 3.688872650206488e-06),
            (5.0, 1e6, 1.6234883192411703e-06, 1.1668293175208817e-05),
            (20.0, 20.0, 0.8315665290169146, 1.0),
            (12345.0, 1e7, 0.0012128311824028495, 0.0012564584128001539),
        ];
        for (x, n, low, high) in cases {
            let (l, h) = clopper_pearson(x, n, 0.95);
            // ln Γ of n near 1e6 cancels to about 1e-9 absolute: 1e-7 relative in p.
            assert!(close(l, low, 1e-7), "{x}/{n}: low {l} vs {low}");
            assert!(close(h, high, 1e-7), "{x}/{n}: high {h} vs {high}");
        }
        // Beyond the exact limit, the corrected score interval, to 1e-3 of the width.
        for (x, n, low, high) in [
            (500_000.0, 1e6, 0.49901951919531184, 0.5009804808046882),
            (150_000.0, 1e7, 0.014924752819190224, 0.015075528175651484),
        ] {
            let (l, h) = clopper_pearson(x, n, 0.95);
            assert!((l - low).abs() < 1e-3 * (h - l), "{x}/{n}: {l} vs {low}");
            assert!((h - high).abs() < 1e-3 * (h - l), "{x}/{n}: {h} vs {high}");
        }
    }

    /// Values from scipy 1.17: `stats.chi2.ppf(0.025, 2k) / 2`, `stats.chi2.ppf(0.975,
    /// 2k+2) / 2`.
    #[test]
    fn garwood_matches_scipy() {
        let cases = [
            (0, 0.0, 3.6888794541139354),
            (1, 0.025317807984289876, 5.571643390938898),
            (3, 0.6186721228956014, 8.767273069742323),
            (10, 4.7953886961324335, 18.39035604201778),
            (100, 81.36399125092314, 121.62679379242638),
            (10000, 9804.952467260184, 10197.951624661473),
        ];
        for (k, low, high) in cases {
            let (l, h) = garwood(k, 0.95);
            assert!(close(l, low, 1e-9), "{k}: low {l} vs {low}");
            assert!(close(h, high, 1e-9), "{k}: high {h} vs {high}");
        }
        let (l, h) = garwood(1_000_000, 0.95);
        assert!((l - 998040.9833402939).abs() < 1e-4 * (h - l));
        assert!((h - 1001961.9119454322).abs() < 1e-4 * (h - l));
    }

    /// Counts at and just past the exact limit, where the tails are still summed: the score
    /// interval is 4.6e-6 (x = 100,000) and 5.4e-6 (the low end at n - x = 5) away,
    /// relative, so the tolerance of 1e-7 tells the two apart. Values from
    /// `scripts/exact-mutants.py` (tails summed at 40 digits; scipy agrees to 1e-16).
    #[test]
    fn clopper_pearson_sums_exactly_while_either_count_is_within_the_limit() {
        for (x, n, low, high) in [
            (100_000.0, 1e7, 0.009938423056847696, 0.010061860890182258),
            (100_005.0, 100_010.0, 0.9998833322359671, 0.9999837665665456),
        ] {
            let (l, h) = clopper_pearson(x, n, 0.95);
            assert!(close(l, low, 1e-7), "{x}/{n}: low {l} vs {low}");
            assert!(close(h, high, 1e-7), "{x}/{n}: high {h} vs {high}");
        }
    }

    /// Beyond the limit, the interval is the one documented on `wilson`, to rounding: the
    /// formula at 40 digits (`scripts/exact-mutants.py`), z from the confidence.
    #[test]
    fn clopper_pearson_beyond_the_limit_is_the_corrected_score_interval() {
        for (x, n, confidence, low, high) in [
            (500_000.0, 1e6, 0.95, 0.4990195198900048, 0.5009804801099952),
            (
                150_000.0,
                1e7,
                0.95,
                0.014924798485261805,
                0.015075574136100662,
            ),
            (
                9_850_000.0,
                1e7,
                0.999,
                0.9848729417127008,
                0.9851260080145179,
            ),
        ] {
            let (l, h) = clopper_pearson(x, n, confidence);
            assert!(close(l, low, 1e-12), "{x}/{n}: low {l} vs {low}");
            assert!(close(h, high, 1e-12), "{x}/{n}: high {h} vs {high}");
        }
    }

    /// At the largest confidence below 1 (a scenario accepts it), α/2 = 2^-54 and the lower
    /// ends' target 1 - α/2 rounds to 1: no CDF computed in f64 lies above it, and the
    /// bisection runs down towards 0 (3e-61 for 50 of 100 after its 200 halvings). The
    /// intervals stay valid (the lower ends below the exact ones) and the upper ends, whose
    /// tails are summed directly, stay exact. Values from `scripts/exact-mutants.py`.
    #[test]
    fn at_the_largest_confidence_below_one_the_lower_ends_stay_valid() {
        let confidence = 1.0 - f64::EPSILON / 2.0;
        assert_eq!(1.0 - (1.0 - confidence) / 2.0, 1.0);
        let (l, h) = clopper_pearson(50.0, 100.0, confidence);
        assert!(l <= 0.1449640364277541, "low {l}");
        assert!(close(h, 0.8550359635722459, 1e-9), "high {h}");
        let (l, h) = garwood(10, confidence);
        assert!(l <= 0.10831509543817429, "low {l}");
        assert!(close(h, 64.09565097462065, 1e-9), "high {h}");
    }

    /// k = 100,000 is still summed exactly: Wilson-Hilferty is 4.9e-10 away, relative, and
    /// the sum good to about 1e-11 (ln Γ(k + 1) ≈ 1.05e6 carries 2e-10 of rounding, which
    /// moves the low end by a twentieth of that). Beyond it, Wilson-Hilferty to rounding.
    /// At 99.9 % the upper end for one event is 10.0, nine above k, which the bisection's
    /// reach must cover. Values from `scripts/exact-mutants.py` (Poisson tails summed at 40
    /// digits; the formula at 40 digits).
    #[test]
    fn garwood_sums_exactly_up_to_the_limit_then_uses_wilson_hilferty() {
        let (l, h) = garwood(100_000, 0.95);
        assert!(close(l, 99381.15266374473, 1e-10), "low {l}");
        assert!(close(h, 100621.74473974388, 1e-10), "high {h}");
        for (k, confidence, low, high) in [
            (100_001, 0.95, 99382.14951611378, 100622.74788661633),
            (1_000_000, 0.95, 998040.9833249861, 1001961.9119606657),
            (250_000, 0.999, 248358.0113115039, 251649.54368688576),
        ] {
            let (l, h) = garwood(k, confidence);
            assert!(close(l, low, 1e-12), "{k}: low {l} vs {low}");
            assert!(close(h, high, 1e-12), "{k}: high {h} vs {high}");
        }
        for (k, low, high) in [
            (1, 0.0005001250416822984, 9.998677497623803),
            (2, 0.03196102225595887, 12.051399497491744),
            (5, 0.6324910403321943, 17.41063731823718),
        ] {
            let (l, h) = garwood(k, 0.999);
            assert!(close(l, low, 1e-9), "{k}: low {l} vs {low}");
            assert!(close(h, high, 1e-9), "{k}: high {h} vs {high}");
        }
    }
}
