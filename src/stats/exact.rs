//! Exact intervals for counts: Clopper-Pearson for a binomial share, Garwood for a Poisson
//! rate. Both are valid (coverage at least nominal) at any count, zero included, which is
//! why they are used wherever nines reports a share or a rate of events.
//!
//! Both invert a tail sum of the distribution by bisection. The tails are summed term by
//! term (no incomplete beta or gamma function, whose statrs versions lose accuracy at large
//! parameters) for counts up to [`EXACT_LIMIT`], from the count away from the mode, from a
//! first term in Loader's saddle-point form (a difference of ln Γ keeps the rounding of
//! ln Γ(n + 1)). Each end sums the tail it inverts, P(X ≥ x) for the lower and P(X ≤ x) for
//! the upper, never one as 1 minus the other while that tail is small: α/2 can be as small
//! as 2^-54, and 1 - α/2 then rounds to 1 (issue 15; docs/testing.md). Beyond the limit,
//! the counts are so large that the normal approximations used (Wilson's score interval
//! with a continuity correction, the Wilson-Hilferty cube root) differ from the exact
//! bounds by less than 1e-3 of the interval's width (checked against scipy).

use super::student::normal_quantile;

/// Largest count for which tails are summed exactly.
const EXACT_LIMIT: f64 = 100_000.0;

/// An interval `[low, high]`.
pub type Bounds = (f64, f64);

/// Stirling's error ln m! - (m + 1/2) ln m + m - ln √(2π), m ≥ 1: from ln Γ up to 15
/// (where ln m! is at most 28; statrs's rounding of it reached 7e-14 at 15, absolute, in
/// `every_piece_of_the_tail_sums_matches_mpmath`), by its series above.
fn stirling_error(m: f64) -> f64 {
    use statrs::function::gamma::ln_gamma;
    if m <= 15.0 {
        let ln_sqrt_2pi = 0.5 * (2.0 * std::f64::consts::PI).ln();
        return ln_gamma(m + 1.0) - (m + 0.5) * m.ln() + m - ln_sqrt_2pi;
    }
    // 1/(12m) - 1/(360m³) + 1/(1260m⁵) - 1/(1680m⁷) + 1/(1188m⁹); the next term, 691/(360360
    // m¹¹), is below 1e-16 from m = 16.
    let w = 1.0 / (m * m);
    (1.0 / 12.0 - w * (1.0 / 360.0 - w * (1.0 / 1260.0 - w * (1.0 / 1680.0 - w / 1188.0)))) / m
}

/// x ln(x / m) + m - x, the deviance term, without the cancellation of its two parts when
/// x is near m: a series in v = (x - m)/(x + m) then, |v| up to 1/10 included (on the
/// switch, 11 against 9, the other form has lost 7.7e-15; the series 3e-17).
fn deviance(x: f64, m: f64) -> f64 {
    if (x - m).abs() <= 0.1 * (x + m) {
        let v = (x - m) / (x + m);
        let mut sum = (x - m) * v;
        let mut power = 2.0 * x * v;
        // |v| ≤ 0.1: each term is at most a hundredth of the one before.
        for j in 1..100 {
            power *= v * v;
            let next = sum + power / f64::from(2 * j + 1);
            if next == sum {
                break;
            }
            sum = next;
        }
        return sum;
    }
    x * (x / m).ln() + m - x
}

/// ln P(X = x) for X binomial(n, p), 0 ≤ x ≤ n, 0 < p < 1, by Loader's saddle-point form
/// (Loader 2000, "Fast and accurate computation of binomial probabilities"): the difference
/// ln Γ(n + 1) - ln Γ(n - x + 1) keeps the rounding of its parts, about 1e-16 n ln n, which
/// moved the lower end for 5 successes in 1e7 trials by 1.1e-7 (at 90 %, before issue 15).
fn ln_binomial_pmf(x: f64, n: f64, p: f64) -> f64 {
    if x == 0.0 {
        return n * (-p).ln_1p();
    }
    if x == n {
        return n * p.ln();
    }
    let q = 1.0 - p;
    stirling_error(n)
        - stirling_error(x)
        - stirling_error(n - x)
        - deviance(x, n * p)
        - deviance(n - x, n * q)
        + 0.5 * (n / (2.0 * std::f64::consts::PI * x * (n - x))).ln()
}

/// ln P(K = k) for K Poisson with mean `mu` > 0, in the same form as [`ln_binomial_pmf`].
fn ln_poisson_pmf(k: f64, mu: f64) -> f64 {
    if k == 0.0 {
        return -mu;
    }
    -stirling_error(k) - deviance(k, mu) - 0.5 * (2.0 * std::f64::consts::PI * k).ln()
}

/// P(X ≤ x) for X binomial(n, p), 0 ≤ x < n.
fn binomial_cdf(x: f64, n: f64, p: f64) -> f64 {
    if p <= 0.0 {
        return 1.0;
    }
    if p >= 1.0 {
        return 0.0;
    }
    if n * p <= x {
        // The median, ceil(np) or below, is at most x: the tail is at least 1/2 and its
        // complement loses nothing.
        return 1.0 - binomial_upper(x + 1.0, n, p);
    }
    let odds = (1.0 - p) / p;
    // C(n, i-1) / C(n, i) = i / (n - i + 1); above the mean every ratio is below 1.
    falling_tail(ln_binomial_pmf(x, n, p), x, |j| {
        let i = x - j;
        i / (n - i + 1.0) * odds
    })
}

/// P(X ≥ x) for X binomial(n, p), 0 < x ≤ n.
fn binomial_upper(x: f64, n: f64, p: f64) -> f64 {
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    if n * p >= x {
        // The median, floor(np) or above, is at least x: the tail is at least 1/2 and its
        // complement loses nothing.
        return 1.0 - binomial_cdf(x - 1.0, n, p);
    }
    let odds = p / (1.0 - p);
    // C(n, i+1) / C(n, i) = (n - i) / (i + 1); below the mean every ratio is below 1.
    // mutants: equivalent because `n - x` → `n + x` only allows steps past the last count:
    // the step onto i = n has ratio 0, the term falls to 0, and 0 <= 1e-17 sum stops there.
    falling_tail(ln_binomial_pmf(x, n, p), n - x, |j| {
        let i = x + j;
        (n - i) / (i + 1.0) * odds
    })
}

/// exp(`first`) times the sum of the terms of a tail relative to its first, each the one
/// before times `ratio(j)`, j the steps already taken, for at most `steps` steps. The tail
/// must lie beyond the mode, its ratios below 1 and falling, so what is left after a term is
/// at most the geometric series of its ratio: the sum stops once that is below 1e-17 of it,
/// after a few spreads of the distribution rather than every term up to the count.
fn falling_tail(first: f64, steps: f64, ratio: impl Fn(f64) -> f64) -> f64 {
    let (mut term, mut sum) = (1.0, 1.0);
    let mut j = 0.0;
    while j < steps {
        let r = ratio(j);
        term *= r;
        sum += term;
        j += 1.0;
        if term * r <= 1e-17 * sum * (1.0 - r) {
            break;
        }
    }
    (first + sum.ln()).exp()
}

/// P(K ≥ k) for K Poisson with mean `mu`, k > 0.
fn poisson_upper(k: f64, mu: f64) -> f64 {
    if mu <= 0.0 {
        return 0.0;
    }
    if mu >= k {
        // The median, at least mu - ln 2, is at least k: the tail is at least 1/2 and its
        // complement loses nothing.
        return 1.0 - poisson_cdf(k - 1.0, mu);
    }
    falling_tail(ln_poisson_pmf(k, mu), f64::INFINITY, |j| mu / (k + j + 1.0))
}

/// P(K ≤ k) for K Poisson with mean `mu`.
fn poisson_cdf(k: f64, mu: f64) -> f64 {
    if mu <= 0.0 {
        return 1.0;
    }
    if mu <= k {
        // The median, below mu + 1/3, is at most k: the tail is at least 1/2 and its
        // complement loses nothing.
        return 1.0 - poisson_upper(k + 1.0, mu);
    }
    falling_tail(ln_poisson_pmf(k, mu), k, |j| (k - j) / mu)
}

/// The point in `[low, high]` where `below_root` turns from true to false.
fn bisect(mut low: f64, mut high: f64, below_root: impl Fn(f64) -> bool) -> f64 {
    for _ in 0..200 {
        let middle = 0.5 * (low + high);
        // mutants: equivalent because `||` → `&&` only keeps looping once `middle` has rounded
        // onto an end, and every end it can round onto was set by this same test (or is
        // p = 1 or the reach, where the root lies below; a first low of 0 is never reached,
        // 200 halvings staying above 2^-200): the remaining passes leave both ends as they are.
        if middle <= low || middle >= high {
            break;
        }
        if below_root(middle) {
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
        // P(X ≥ x; p) = α/2, increasing in p.
        // mutants: equivalent because `<` → `<=` here (or `>` → `>=` below) only changes the
        // side kept of a midpoint whose f64 tail is exactly α/2, a root of the computed tail
        // as good as the one found without it: the end moves by rounding alone (a throwaway
        // probe, x from 1 to 1e5 and n - x of n from 2 to 1e9 at ten confidences from 0.5
        // to 1 - 2^-53: 64 of 1,180 lower and 31 of 1,180 upper ends moved, by at most
        // 1.3e-15 relative, below their 4.6e-15 from mpmath in the extremes test).
        bisect(0.0, 1.0, |p| binomial_upper(x, n, p) < alpha / 2.0)
    };
    let high = if x == n {
        1.0
    } else if x == 0.0 {
        // 1 - (α/2)^(1/n), without the rounding of (α/2)^(1/n) near 1 at large n.
        -((alpha / 2.0).ln() / n).exp_m1()
    } else {
        // P(X ≤ x; p) = α/2, decreasing in p.
        bisect(0.0, 1.0, |p| binomial_cdf(x, n, p) > alpha / 2.0)
    };
    (low, high)
}

/// The normal quantile with `alpha` / 2 above it, from the lower tail: 0.5 + confidence / 2
/// rounds to 1 (an infinite z) at the largest confidence below 1.
fn upper_quantile(alpha: f64) -> f64 {
    -normal_quantile(alpha / 2.0)
}

/// Wilson's score interval widened by the continuity correction 1/(2n) on each side (used
/// only for very large counts, where it is within 1e-3 of the width of Clopper-Pearson's).
fn wilson(x: f64, n: f64, confidence: f64) -> Bounds {
    let z = upper_quantile(1.0 - confidence);
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
        let z = upper_quantile(alpha);
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
        // P(K ≥ k; μ) = α/2, increasing in μ.
        // mutants: equivalent because `<` → `<=` here (or `>` → `>=` below) only changes the
        // side kept of a midpoint whose f64 tail is exactly α/2, as in `clopper_pearson` (the
        // same probe, k from 1 to 1e5: 8 of 110 lower and 7 of 110 upper ends moved, by at
        // most 7.7e-16 relative).
        bisect(0.0, reach, |mu| poisson_upper(k, mu) < alpha / 2.0)
    };
    let high = if k == 0.0 {
        (2.0 / alpha).ln()
    } else {
        // P(K ≤ k; μ) = α/2, decreasing in μ.
        bisect(0.0, reach, |mu| poisson_cdf(k, mu) > alpha / 2.0)
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

    /// At the largest confidence below 1 (a scenario accepts it), α/2 = 2^-54 and 1 - α/2
    /// rounds to 1: the lower ends, found through that complement before issue 15, fell to
    /// 3e-61 for 50 of 100 (exact: 0.145). Summing the upper tail keeps them exact. Values
    /// from `scripts/exact-mutants.py`.
    #[test]
    fn at_the_largest_confidence_below_one_the_lower_ends_are_exact() {
        let confidence = 1.0 - f64::EPSILON / 2.0;
        assert_eq!(1.0 - (1.0 - confidence) / 2.0, 1.0);
        let (l, h) = clopper_pearson(50.0, 100.0, confidence);
        assert!(close(l, 0.1449640364277541, 1e-9), "low {l}");
        assert!(close(h, 0.8550359635722459, 1e-9), "high {h}");
        let (l, h) = garwood(10, confidence);
        assert!(close(l, 0.10831509543817429, 1e-9), "low {l}");
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

    /// Every end at seven confidences up to the largest below 1, against
    /// `python3 scripts/exact-mutants.py extremes` (tails summed at 40 digits in mpmath; the
    /// closed forms with no event or no failure; the large-count formulas with z from the
    /// confidence): family, x or k, n, confidence, low, high.
    #[allow(clippy::excessive_precision)]
    #[rustfmt::skip]
    const EXTREMES: &[(&str, f64, f64, f64, f64, f64)] = &[
        ("cp", 0.0, 100.0, 0.9, 0.0, 0.029513049607039935),
        ("cp", 1.0, 100.0, 0.9, 0.000512801416262292, 0.04655981145353895),
        ("cp", 5.0, 100.0, 0.9, 0.019905563662171836, 0.10225337764327451),
        ("cp", 50.0, 100.0, 0.9, 0.41362171463091174, 0.5863782853690882),
        ("cp", 100.0, 100.0, 0.9, 0.9704869503929601, 1.0),
        ("cp", 1.0, 100000.0, 0.9, 5.129328123254253e-07, 4.7437757173860544e-05),
        ("cp", 5.0, 100000.0, 0.9, 1.9701695640052187e-05, 0.00010512745117240343),
        ("cp", 100.0, 100000.0, 0.9, 0.0008414553099809769, 0.0011806859691734534),
        ("cp", 100000.0, 1000000.0, 0.9, 0.09950689981836776, 0.10049481199546188),
        ("cp", 0.0, 1000000000.0, 0.9, 0.0, 2.995732269066785e-09),
        ("cp", 1.0, 100000000.0, 0.9, 5.129329437439551e-10, 4.743864429588649e-08),
        ("cp", 5.0, 10000000.0, 0.9, 1.9701497680150176e-07, 1.0513032010805326e-06),
        ("garwood", 0.0, 0.0, 0.9, 0.0, 2.9957322735539913),
        ("garwood", 1.0, 0.0, 0.9, 0.05129329438755052, 4.743864518390579),
        ("garwood", 5.0, 0.0, 0.9, 1.9701495680595298, 10.513034908741533),
        ("garwood", 100.0, 0.0, 0.9, 84.13927721831419, 118.07927278209706),
        ("garwood", 100000.0, 0.0, 0.9, 99480.42074678872, 100521.71888230444),
        ("cp_formula", 500000.0, 1000000.0, 0.9, 0.49917707429907776, 0.5008229257009222),
        ("garwood_formula", 1000000.0, 0.0, 0.9, 998355.71508817, 1001646.4227630998),
        ("cp", 0.0, 100.0, 0.99, 0.0, 0.05160402962410399),
        ("cp", 1.0, 100.0, 0.99, 5.012416197765646e-05, 0.0719576824016363),
        ("cp", 5.0, 100.0, 0.99, 0.010940333584790032, 0.1351446825356235),
        ("cp", 50.0, 100.0, 0.99, 0.368861437358924, 0.6311385626410759),
        ("cp", 100.0, 100.0, 0.99, 0.948395970375896, 1.0),
        ("cp", 1.0, 100000.0, 0.99, 5.012541697916411e-08, 7.429890621390486e-05),
        ("cp", 5.0, 100000.0, 0.99, 1.0779439899175002e-05, 0.00014149112088792214),
        ("cp", 100.0, 100000.0, 0.99, 0.0007612920672331817, 0.0012874206122704655),
        ("cp", 100000.0, 1000000.0, 0.99, 0.09922865571866266, 0.10077515298219474),
        ("cp", 0.0, 1000000000.0, 0.99, 0.0, 5.298317352511952e-09),
        ("cp", 1.0, 100000000.0, 0.99, 5.0125418234186584e-11, 7.430129261396651e-08),
        ("cp", 5.0, 10000000.0, 0.99, 1.0779283981415379e-07, 1.414975293767952e-06),
        ("garwood", 0.0, 0.0, 0.99, 0.0, 5.298317366548035),
        ("garwood", 1.0, 0.0, 0.99, 0.005012541823544286, 7.430129500280121),
        ("garwood", 5.0, 0.0, 0.99, 1.0779282406523196, 14.149759411023014),
        ("garwood", 100.0, 0.0, 0.99, 76.12049584368918, 128.76058012010245),
        ("garwood", 100000.0, 0.0, 0.99, 99187.32963316483, 100817.43103329056),
        ("cp_formula", 500000.0, 1000000.0, 0.99, 0.49871158962079454, 0.5012884103792055),
        ("garwood_formula", 1000000.0, 0.0, 0.99, 997426.0489345395, 1002578.7089506914),
        ("cp", 0.0, 100.0, 0.999, 0.0, 0.07319215754417004),
        ("cp", 1.0, 100.0, 0.999, 5.001237910590967e-06, 0.09561011107434313),
        ("cp", 5.0, 100.0, 0.999, 0.006433946195449593, 0.1636149925274149),
        ("cp", 50.0, 100.0, 0.999, 0.3355819371905232, 0.6644180628094768),
        ("cp", 100.0, 100.0, 0.999, 0.9268078424558299, 1.0),
        ("cp", 1.0, 100000.0, 0.999, 5.0012504043167305e-09, 9.998227635705419e-05),
        ("cp", 5.0, 100000.0, 0.999, 6.325016901755481e-06, 0.00017409556964625186),
        ("cp", 100.0, 100000.0, 0.999, 0.0007034031043666492, 0.0013734961840369785),
        ("cp", 100000.0, 1000000.0, 0.999, 0.09901536526566143, 0.10099068046176843),
        ("cp", 0.0, 1000000000.0, 0.999, 0.0, 7.600902430655223e-09),
        ("cp", 1.0, 100000000.0, 0.999, 5.0012504168104775e-12, 9.998677047749445e-08),
        ("cp", 5.0, 10000000.0, 0.999, 6.324911468281813e-08, 1.7410626514385107e-06),
        ("garwood", 0.0, 0.0, 0.999, 0.0, 7.600902459542081),
        ("garwood", 1.0, 0.0, 0.999, 0.0005001250416822984, 9.998677497623802),
        ("garwood", 5.0, 0.0, 0.999, 0.6324910403321943, 17.41063731823718),
        ("garwood", 100.0, 0.0, 0.999, 70.33022515950809, 137.37529372057548),
        ("garwood", 100000.0, 0.0, 0.999, 98962.71882665009, 101044.8380767309),
        ("cp_formula", 500000.0, 1000000.0, 0.999, 0.4983542455412807, 0.5016457544587193),
        ("garwood_formula", 1000000.0, 0.0, 0.999, 996712.7485351922, 1003294.8048201229),
        ("cp", 0.0, 100.0, 0.99999, 0.0, 0.11490538178819963),
        ("cp", 1.0, 100.0, 0.99999, 5.000012375018289e-08, 0.13975357490606194),
        ("cp", 5.0, 100.0, 0.99999, 0.0024040978500137157, 0.21359568194213208),
        ("cp", 50.0, 100.0, 0.99999, 0.2856090130347603, 0.7143909869652397),
        ("cp", 100.0, 100.0, 0.99999, 0.8850946182118004, 1.0),
        ("cp", 1.0, 100000.0, 0.99999, 5.000012499893911e-11, 0.00014976191056062039),
        ("cp", 5.0, 100000.0, 0.99999, 2.358641579765204e-06, 0.00023409940618090966),
        ("cp", 100.0, 100000.0, 0.99999, 0.0006184022356409287, 0.001516614958738278),
        ("cp", 100000.0, 1000000.0, 0.99999, 0.09867968842773492, 0.10133099013371608),
        ("cp", 0.0, 1000000000.0, 0.99999, 0.0, 1.220607257104062e-08),
        ("cp", 1.0, 100000000.0, 0.99999, 5.0000125000187867e-14, 1.497723666514561e-07),
        ("cp", 5.0, 10000000.0, 0.99999, 2.3585976321369024e-08, 2.341207428726551e-06),
        ("garwood", 0.0, 0.0, 0.99999, 0.0, 12.206072645534725),
        ("garwood", 1.0, 0.0, 0.99999, 5.000012500018911e-06, 14.977237711847621),
        ("garwood", 5.0, 0.0, 0.99999, 0.235859718823226, 23.412095840542502),
        ("garwood", 100.0, 0.0, 0.99999, 61.82872798055813, 151.70071397154078),
        ("garwood", 100000.0, 0.0, 0.99999, 98609.3327228415, 101404.01517741413),
        ("cp_formula", 500000.0, 1000000.0, 0.99999, 0.49779093483928216, 0.5022090651607178),
        ("garwood_formula", 1000000.0, 0.0, 0.99999, 995588.994849044, 1004424.3483054795),
        ("cp", 0.0, 100.0, 0.999999999, 0.0, 0.192784114563517),
        ("cp", 1.0, 100.0, 0.999999999, 4.999999859827842e-12, 0.21954806336175653),
        ("cp", 5.0, 100.0, 0.999999999, 0.00036896559298750693, 0.29811691612781793),
        ("cp", 50.0, 100.0, 0.999999999, 0.21766461199543516, 0.7823353880045648),
        ("cp", 100.0, 100.0, 0.999999999, 0.807215885436483, 1.0),
        ("cp", 1.0, 100000.0, 0.999999999, 4.99999985984033e-15, 0.00024658483608690104),
        ("cp", 5.0, 100000.0, 0.999999999, 3.6162228290181517e-07, 0.00034477421677387294),
        ("cp", 100.0, 100000.0, 0.999999999, 0.0005045400397949279, 0.0017490292609312827),
        ("cp", 100000.0, 1000000.0, 0.999999999, 0.09817677083477896, 0.10184341028827769),
        ("cp", 0.0, 1000000000.0, 0.999999999, 0.0, 2.1416412816456918e-08),
        ("cp", 1.0, 100000000.0, 0.999999999, 4.999999859840342e-18, 2.4661398084550537e-07),
        ("cp", 5.0, 10000000.0, 0.999999999, 3.6161518747303556e-09, 3.4482453561419903e-06),
        ("garwood", 0.0, 0.0, 0.999999999, 0.0, 21.41641304578829),
        ("garwood", 1.0, 0.0, 0.999999999, 4.999999859840343e-10, 24.661401002166805),
        ("garwood", 5.0, 0.0, 0.999999999, 0.0361615115803822, 34.48250439290552),
        ("garwood", 100.0, 0.0, 0.999999999, 50.44175210623215, 174.9685116017783),
        ("garwood", 100000.0, 0.0, 0.999999999, 98080.12682670906, 101945.09931916399),
        ("cp_formula", 500000.0, 1000000.0, 0.999999999, 0.49694485190198323, 0.5030551480980168),
        ("garwood_formula", 1000000.0, 0.0, 0.999999999, 993902.6909989503, 1006122.5286484641),
        ("cp", 0.0, 100.0, 0.999999999999, 0.0, 0.24666246968477434),
        ("cp", 1.0, 100.0, 0.999999999999, 4.99988939140063e-15, 0.27370307117442266),
        ("cp", 5.0, 100.0, 0.999999999999, 9.227455301487301e-05, 0.3529162057266018),
        ("cp", 50.0, 100.0, 0.999999999999, 0.18144820387271735, 0.8185517961272827),
        ("cp", 100.0, 100.0, 0.999999999999, 0.7533375303152257, 1.0),
        ("cp", 1.0, 100000.0, 0.999999999999, 4.999889391400643e-18, 0.00031810177110551673),
        ("cp", 5.0, 100000.0, 0.999999999999, 9.042560722019689e-08, 0.0004238591347589798),
        ("cp", 100.0, 100000.0, 0.999999999999, 0.00044347537704831654, 0.0018996177517892887),
        ("cp", 100000.0, 1000000.0, 0.999999999999, 0.09787404870488757, 0.10215334381391446),
        ("cp", 0.0, 1000000000.0, 0.999999999999, 0.0, 2.8324190017323426e-08),
        ("cp", 1.0, 100000000.0, 0.999999999999, 4.999889391400643e-21, 3.181507363786706e-07),
        ("cp", 5.0, 10000000.0, 0.999999999999, 9.042382083119256e-10, 4.2393759663885356e-06),
        ("garwood", 0.0, 0.0, 0.999999999999, 0.0, 28.324190418453306),
        ("garwood", 1.0, 0.0, 0.999999999999, 4.999889391400643e-13, 31.815078539787287),
        ("garwood", 5.0, 0.0, 0.999999999999, 0.009042380278730982, 42.393838927215505),
        ("garwood", 100.0, 0.0, 0.999999999999, 44.33541457280827, 190.0473370154671),
        ("garwood", 100000.0, 0.0, 0.999999999999, 97761.72194778168, 102272.51857405184),
        ("cp_formula", 500000.0, 1000000.0, 0.999999999999, 0.49643433568632095, 0.5035656643136791),
        ("garwood_formula", 1000000.0, 0.0, 0.999999999999, 992886.0929860221, 1007148.1400230888),
        ("cp", 0.0, 100.0, 0.9999999999999999, 0.0, 0.31222909093012813),
        ("cp", 1.0, 100.0, 0.9999999999999999, 5.551115123125783e-19, 0.33890831146370964),
        ("cp", 5.0, 100.0, 0.9999999999999999, 1.4915369286442238e-05, 0.41705832435495016),
        ("cp", 50.0, 100.0, 0.9999999999999999, 0.1449640364277541, 0.8550359635722459),
        ("cp", 100.0, 100.0, 0.9999999999999999, 0.6877709090698718, 1.0),
        ("cp", 1.0, 100000.0, 0.9999999999999999, 5.551115123125783e-22, 0.0004116342846271016),
        ("cp", 5.0, 100000.0, 0.9999999999999999, 1.461594057588075e-08, 0.0005253657278055593),
        ("cp", 100.0, 100000.0, 0.9999999999999999, 0.00038061608178563747, 0.00208062189283229),
        ("cp", 100000.0, 1000000.0, 0.9999999999999999, 0.09753027554920754, 0.10250667491999801),
        ("cp", 0.0, 1000000000.0, 0.9999999999999999, 0.0, 3.742994704973656e-08),
        ("cp", 1.0, 100000000.0, 0.9999999999999999, 5.551115123125783e-25, 4.11716887908149e-07),
        ("cp", 5.0, 10000000.0, 0.9999999999999999, 1.4615651284480294e-10, 5.254893931597704e-06),
        ("garwood", 0.0, 0.0, 0.9999999999999999, 0.0, 37.42994775023705),
        ("garwood", 1.0, 0.0, 0.9999999999999999, 5.551115123125783e-17, 41.17169706049852),
        ("garwood", 5.0, 0.0, 0.9999999999999999, 0.0014615648362417976, 52.54906424873604),
        ("garwood", 100.0, 0.0, 0.9999999999999999, 38.050007180055566, 208.17477295741904),
        ("garwood", 100000.0, 0.0, 0.9999999999999999, 97400.26776250562, 102645.92048834896),
        ("cp_formula", 500000.0, 1000000.0, 0.9999999999999999, 0.49585346200717084, 0.5041465379928292),
        ("garwood_formula", 1000000.0, 0.0, 0.9999999999999999, 991730.2073962823, 1008315.9722463425),
    ];

    /// Relative error of `got`, 0 only when an exact 0 is matched exactly.
    fn relative_error(got: f64, expected: f64) -> f64 {
        if expected == 0.0 {
            return if got == 0.0 { 0.0 } else { f64::INFINITY };
        }
        ((got - expected) / expected).abs()
    }

    /// Prints each row's line and error, and the worst error over `tolerance`; fails on every
    /// row whose error is above `tolerance` (or NaN).
    fn assert_all_within(tolerance: f64, rows: impl IntoIterator<Item = (String, f64)>) {
        let mut worst: f64 = 0.0;
        let mut failures = Vec::new();
        for (line, error) in rows {
            println!("{line} ({error:.1e})");
            worst = worst.max(error / tolerance);
            if error.is_nan() || error > tolerance {
                failures.push(line);
            }
        }
        println!("worst error / tolerance: {worst:.1e}");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Every end to 1e-12, at every confidence: none found through a complement that rounds
    /// (before issue 15 the lower ends fell to 3e-61 at 1 - 2^-53), none through the
    /// difference ln Γ(n + 1) - ln Γ(n - x + 1) (1.1e-7 for 5 successes in 1e7 at 90 %). The
    /// largest error was 4.6e-15 when written. Run with `--nocapture` for every row's errors.
    #[test]
    fn every_end_matches_mpmath_up_to_the_largest_confidence_below_one() {
        assert_all_within(
            1e-12,
            EXTREMES
                .iter()
                .flat_map(|&(family, x, n, confidence, low, high)| {
                    let (l, h) = match family {
                        "cp" | "cp_formula" => clopper_pearson(x, n, confidence),
                        _ => garwood(x as u64, confidence),
                    };
                    let row = format!("{family} {x} {n} {confidence}");
                    [
                        (
                            format!("{row}: low {l:e} vs {low:e}"),
                            relative_error(l, low),
                        ),
                        (
                            format!("{row}: high {h:e} vs {high:e}"),
                            relative_error(h, high),
                        ),
                    ]
                }),
        );
    }

    /// On the switch |x - m| = (x + m)/10 (11 against 9: 2 = 0.1 * 20 in f64) the deviance
    /// is the series, 3e-17 from mpmath; x ln(x/m) + m - x there has lost 7.7e-15 to
    /// cancellation (this test's error with `<` in `deviance`, before the fifteenth
    /// session's mutation run).
    #[test]
    fn on_its_switch_the_deviance_is_the_series() {
        let &(.., expected) = PIECES
            .iter()
            .find(|&&(f, a, b, ..)| f == "deviance" && a == 11.0 && b == 9.0)
            .expect("the row of the switch");
        let error = relative_error(deviance(11.0, 9.0), expected);
        assert!(error <= 1e-15, "{error:e}");
    }

    /// Each private piece of the tail sums at arguments on both sides of every branch,
    /// against `python3 scripts/exact-mutants.py pieces` (40 digits in mpmath): function,
    /// three arguments (0 where unused), value. The ends alone are too blunt for them: a
    /// change of 1e-14 in one term of Stirling's series moves no end by 1e-12.
    #[allow(clippy::excessive_precision)]
    #[rustfmt::skip]
    const PIECES: &[(&str, f64, f64, f64, f64)] = &[
        ("stirling_error", 1.0, 0.0, 0.0, 8.106146679532725822e-2),
        ("stirling_error", 2.0, 0.0, 0.0, 4.1340695955409294094e-2),
        ("stirling_error", 7.0, 0.0, 0.0, 1.1896709945891770095e-2),
        ("stirling_error", 15.0, 0.0, 0.0, 5.554733551962801371e-3),
        ("stirling_error", 16.0, 0.0, 0.0, 5.2076559196096404407e-3),
        ("stirling_error", 17.0, 0.0, 0.0, 4.9013959484347378607e-3),
        ("stirling_error", 40.0, 0.0, 0.0, 2.0832899383024217487e-3),
        ("stirling_error", 1000.0, 0.0, 0.0, 8.3333330555556349206e-5),
        ("stirling_error", 10000000.0, 0.0, 0.0, 8.3333333333333305556e-9),
        ("deviance", 10.0, 10.5, 0.0, 1.2098358305679969346e-2),
        ("deviance", 100.0, 99.0, 0.0, 5.0335853501441183549e-3),
        ("deviance", 100000.0, 100003.0, 0.0, 4.4999100020249514012e-5),
        ("deviance", 7.0, 7.0, 0.0, 0.0),
        ("deviance", 30.0, 27.5, 0.0, 1.1034130968889298503e-1),
        ("deviance", 1.0, 10.0, 0.0, 6.697414907005954316),
        ("deviance", 50.0, 10.0, 0.0, 4.047189562170501873e+1),
        ("deviance", 3.0, 0.001, 0.0, 2.1020102702950740168e+1),
        ("deviance", 27.0, 30.0, 0.0, 1.5526607723868986686e-1),
        ("deviance", 11.0, 9.0, 0.0, 2.0737765008366277399e-1),
        ("deviance", 190.0, 10.0, 0.0, 3.794434060416236874e+2),
        ("ln_binomial_pmf", 0.0, 100.0, 0.03, -3.0459207484708544775),
        ("ln_binomial_pmf", 100.0, 100.0, 0.9, -1.0536051565782627656e+1),
        ("ln_binomial_pmf", 1.0, 100.0, 0.01, -9.9498324949664267717e-1),
        ("ln_binomial_pmf", 5.0, 100.0, 0.2, -1.1109001995038003431e+1),
        ("ln_binomial_pmf", 50.0, 100.0, 0.5, -2.5308764039771049327),
        ("ln_binomial_pmf", 99.0, 100.0, 0.99, -9.9498324949664267717e-1),
        ("ln_binomial_pmf", 5.0, 10000000.0, 1e-07, -5.7874922927821745086),
        ("ln_binomial_pmf", 3.0, 20.0, 0.6, -1.007063577177006618e+1),
        ("ln_poisson_pmf", 0.0, 2.5, 0.0, -2.5),
        ("ln_poisson_pmf", 1.0, 0.5, 0.0, -1.1931471805599453094),
        ("ln_poisson_pmf", 5.0, 3.0, 0.0, -2.2944302994414975373),
        ("ln_poisson_pmf", 20.0, 25.0, 0.0, -2.9580999633894700456),
        ("ln_poisson_pmf", 100.0, 80.0, 0.0, -5.5367120881753289171),
        ("ln_poisson_pmf", 100000.0, 99700.0, 0.0, -7.1263041288953016075),
        ("binomial_cdf", 3.0, 100.0, 0.1, 7.8364871211843955855e-3),
        ("binomial_cdf", 12.0, 100.0, 0.1, 8.0182111264043264749e-1),
        ("binomial_cdf", 0.0, 20.0, 0.3, 7.9792266297612026311e-4),
        ("binomial_cdf", 10.0, 20.0, 0.5, 5.880985260009765625e-1),
        ("binomial_cdf", 15.0, 20.0, 0.5, 9.94091033935546875e-1),
        ("binomial_cdf", 98.0, 100.0, 0.9, 9.9967831194680588428e-1),
        ("binomial_cdf", 5.0, 10000000.0, 2e-07, 9.834364023462079827e-1),
        ("binomial_cdf", 40.0, 100.0, 0.05, 1.0),
        ("binomial_cdf", 1999.0, 2000.0, 0.5, 1.0),
        ("binomial_upper", 3.0, 100.0, 0.1, 9.9805511534811998461e-1),
        ("binomial_upper", 12.0, 100.0, 0.1, 2.9696689971124624752e-1),
        ("binomial_upper", 1.0, 20.0, 0.3, 9.9920207733702387974e-1),
        ("binomial_upper", 10.0, 20.0, 0.5, 5.880985260009765625e-1),
        ("binomial_upper", 20.0, 20.0, 0.5, 9.5367431640625e-7),
        ("binomial_upper", 99.0, 100.0, 0.9, 3.2168805319411571927e-4),
        ("binomial_upper", 5.0, 10000000.0, 2e-07, 5.2652999299004912558e-2),
        ("binomial_upper", 30.0, 100.0, 0.05, 8.5563848001972878893e-16),
        ("poisson_cdf", 0.0, 2.5, 0.0, 8.208499862389879517e-2),
        ("poisson_cdf", 3.0, 5.5, 0.0, 2.0169919870252863974e-1),
        ("poisson_cdf", 8.0, 5.5, 0.0, 8.9435667780758625531e-1),
        ("poisson_cdf", 100.0, 80.0, 0.0, 9.8683114512406614551e-1),
        ("poisson_cdf", 100.0, 130.0, 0.0, 3.6752107255873694223e-3),
        ("poisson_cdf", 50.0, 5.0, 0.0, 1.0),
        ("poisson_upper", 1.0, 0.5, 0.0, 3.934693402873665764e-1),
        ("poisson_upper", 3.0, 5.5, 0.0, 9.1162356764321455127e-1),
        ("poisson_upper", 8.0, 5.5, 0.0, 1.9051471748049171463e-1),
        ("poisson_upper", 100.0, 80.0, 0.0, 1.7108313035133114166e-2),
        ("poisson_upper", 100.0, 130.0, 0.0, 9.9724959163269347372e-1),
        ("poisson_upper", 60.0, 5.0, 0.0, 7.6496100811493920857e-43),
    ];

    /// Every piece to 1e-13 relative (a value of 0 exactly), but Stirling's error from
    /// ln Γ (m ≤ 15) to 1e-13 absolute: statrs's ln Γ(m + 1), up to 27.9, carries a few
    /// 1e-15 of itself (7e-14 at m = 15 when written), which a pmf's logarithm takes as it
    /// is. Run with `--nocapture` for every row's error.
    #[test]
    fn every_piece_of_the_tail_sums_matches_mpmath() {
        assert_all_within(
            1e-13,
            PIECES.iter().map(|&(function, a, b, c, value)| {
                let got = match function {
                    "stirling_error" => stirling_error(a),
                    "deviance" => deviance(a, b),
                    "ln_binomial_pmf" => ln_binomial_pmf(a, b, c),
                    "ln_poisson_pmf" => ln_poisson_pmf(a, b),
                    "binomial_cdf" => binomial_cdf(a, b, c),
                    "binomial_upper" => binomial_upper(a, b, c),
                    "poisson_cdf" => poisson_cdf(a, b),
                    _ => poisson_upper(a, b),
                };
                let error = if function == "stirling_error" && a <= 15.0 {
                    (got - value).abs()
                } else {
                    relative_error(got, value)
                };
                (
                    format!("{function}({a}, {b}, {c}) = {got:e} vs {value:e}"),
                    error,
                )
            }),
        );
    }

    /// `falling_tail` stops at the first step where its bound on what is left, term · r /
    /// (1 - r), is at most 1e-17 of the sum. With every ratio 1/2 the term after m steps is
    /// 2^-m and the sum about 2, so the bound is 2^-m: above 2e-17 at m = 55 (2.8e-17), below
    /// it at m = 56 (1.4e-17). A rule looser by 1/(1 - r)² stops sooner and loses digits
    /// where the ratios are near 1 (1.1e-8 short of 1024 at every ratio 1 - 2^-10); one
    /// looser by less (1 + r or 1/r for 1 - r), or a stricter one, ends on the same f64 sum at
    /// both ratios but at another step, 54 or 58 at 1/2 for the rule's 56 (`python3
    /// scripts/exact-mutants.py stops`). Capped at 3 steps, it takes 3, each ratio asked for
    /// with the steps already taken.
    #[test]
    fn falling_tail_stops_where_its_bound_on_the_rest_allows() {
        let asked = std::cell::RefCell::new(Vec::new());
        let halves = |j: f64| {
            asked.borrow_mut().push(j);
            0.5
        };
        let sum = falling_tail(0.0, 1000.0, halves);
        assert!(close(sum, 2.0, 1e-15), "{sum}");
        let expected: Vec<f64> = (0..56).map(f64::from).collect();
        assert_eq!(*asked.borrow(), expected);
        asked.borrow_mut().clear();
        let sum = falling_tail(-1.0, 3.0, halves);
        assert!(close(sum, 1.875 * (-1.0f64).exp(), 1e-15), "{sum}");
        assert_eq!(*asked.borrow(), [0.0, 1.0, 2.0]);
    }
}
