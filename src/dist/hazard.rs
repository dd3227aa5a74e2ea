//! Cumulative hazards of the continuous laws and their inverses: what the rare-event
//! estimator needs to bias failures and keep exact likelihood ratios (docs/design/rare-events.md
//! §3.3, §4.1).
//!
//! With `H(a) = −ln P(T > a)`, a clock of age `a` survives a further `x` with probability
//! `exp(−(H(a + x) − H(a)))`, and its natural residual life is `H⁻¹(H(a) + E) − a` with
//! `E ~ Exp(1)`. Only `H` and `H⁻¹` enter the likelihood ratio (the hazard itself cancels),
//! so these work for Weibull and gamma shapes below 1, whose hazard is unbounded at 0.

use libm::erfc;
use statrs::function::erf::erfc_inv;
use statrs::function::gamma::{gamma_lr, gamma_ur, ln_gamma};

use super::Dist;

/// Steps shorter than this share of the age are integrated (the hazard is smooth over them)
/// rather than taken as a difference of two nearly equal values of `H`.
const SHORT_STEP: f64 = 0.01;

/// Five-point Gauss–Legendre quadrature of `f` over `[a, a + w]` (the width given, as `a + w`
/// rounds to `a`'s ulp), exact for polynomials of degree nine: double precision for a step.
fn gauss_legendre(f: impl Fn(f64) -> f64, a: f64, w: f64) -> f64 {
    const NODES: [(f64, f64); 5] = [
        (0.0, 0.568_888_888_888_888_9),
        (0.538_469_310_105_683_1, 0.478_628_670_499_366_5),
        (-0.538_469_310_105_683_1, 0.478_628_670_499_366_5),
        (0.906_179_845_938_664, 0.236_926_885_056_189_1),
        (-0.906_179_845_938_664, 0.236_926_885_056_189_1),
    ];
    let (mid, half) = (a + w / 2.0, w / 2.0);
    // mutants: equivalent because the nodes are symmetric with equal weights, so `mid −
    // half·x` for `mid + half·x` evaluates the same five points, summed in another order.
    half * NODES
        .iter()
        .map(|&(x, w)| w * f(mid + half * x))
        .sum::<f64>()
}

/// `ln P(Z > z)` for a standard normal `Z`, accurate in the far tail.
fn ln_normal_sf(z: f64) -> f64 {
    // mutants: equivalent because at z = 0 both branches give ln ½ (ln_1p(−0.5) and ln 0.5
    // are the same f64), so `<=` for `<` changes nothing.
    if z < 0.0 {
        // Survival near 1: through the small lower tail, or ln loses its digits.
        return (-0.5 * erfc(-z / std::f64::consts::SQRT_2)).ln_1p();
    }
    let sf = 0.5 * erfc(z / std::f64::consts::SQRT_2);
    // mutants: equivalent in practice because `>=` for `>` differs only when the survival is
    // exactly the f64 1e-300, which no input aims at (both ways are accurate there).
    if sf > 1e-300 {
        return sf.ln();
    }
    // Mills-ratio expansion: erfc underflows long before the log does.
    let z2 = z * z;
    -z2 / 2.0 - (z * (2.0 * std::f64::consts::PI).sqrt()).ln()
        + (1.0 - 1.0 / z2 + 3.0 / (z2 * z2)).ln()
}

/// The `z` with `P(Z > z) = s` for a standard normal `Z`.
fn normal_isf(s: f64) -> f64 {
    std::f64::consts::SQRT_2 * erfc_inv(2.0 * s)
}

/// The bracket `(low, high)` of the root of an increasing function, given whether an
/// argument lies below the root, from `start`: doubled until `high` is not below it, then
/// halved until `low` is, so that `high = 2 low`; `(0, high)` when even the least positive
/// normal f64 is not below it; `(high, ∞)` when even the largest f64 is below it.
fn bracket_by_doubling(start: f64, mut below: impl FnMut(f64) -> bool) -> (f64, f64) {
    let mut high = start.max(f64::MIN_POSITIVE);
    while below(high) {
        // mutants: equivalent because `>=` for `>` changes only high = MAX/2 exactly, whose
        // double is finite: the bracket ends at ∞ from MAX/2 or MAX, below the root either way.
        if high > f64::MAX / 2.0 {
            return (high, f64::INFINITY);
        }
        high *= 2.0;
    }
    let mut low = high / 2.0;
    while !below(low) {
        if low <= f64::MIN_POSITIVE {
            return (0.0, low);
        }
        high = low;
        low /= 2.0;
    }
    (low, high)
}

/// Below this `x` the regularised lower incomplete gamma function is summed here: statrs's
/// `gamma_lr` returns 0 for `x` within 1e-15 of 0, where `P(k, x) ≈ x^k / Γ(k + 1)` is still
/// large for shapes below 1 (1e-3 at x = 1e-15 for k = 0.2).
const SMALL_X: f64 = 1e-10;

/// `P(k, x)`, the regularised lower incomplete gamma function.
fn gamma_lower(shape: f64, x: f64) -> f64 {
    // mutants: equivalent because `<=` for `<` changes only x = 1e-10 exactly, above statrs's
    // cutoff, where its series and this one agree to rounding (the third term is 1e-20).
    if x < SMALL_X {
        // P = x^k e^(−x) / Γ(k + 1) · (1 + x / (k + 1) + x² / ((k + 1)(k + 2)) + ...); the
        // third term is below x² < 1e-20 of the sum.
        return (shape * x.ln() - x - ln_gamma(shape + 1.0)).exp() * (1.0 + x / (shape + 1.0));
    }
    gamma_lr(shape, x)
}

/// `ln Q(k, x)`, the log of the regularised upper incomplete gamma function.
fn ln_gamma_sf(shape: f64, x: f64) -> f64 {
    if x == f64::INFINITY {
        // statrs's incomplete gamma panics on an infinite argument.
        return f64::NEG_INFINITY;
    }
    let p = gamma_lower(shape, x);
    // mutants: equivalent in practice because `<=` for `<` differs only when P is exactly
    // 0.5, and then both branches give ln ½ to rounding; likewise `>=` for `q > 1e-300`.
    if p < 0.5 {
        // Survival near 1: through the small lower tail, as for the normal.
        return (-p).ln_1p();
    }
    let q = gamma_ur(shape, x);
    if q > 1e-300 {
        return q.ln();
    }
    // Asymptotic series for large x, where Q underflows.
    (shape - 1.0) * x.ln() - x - ln_gamma(shape)
        + (1.0 + (shape - 1.0) / x + (shape - 1.0) * (shape - 2.0) / (x * x)).ln()
}

impl Dist {
    /// Whether times have a density (exponential, Weibull, lognormal, gamma, uniform): only
    /// those clocks can be biased. Fixed and empirical lives are atoms.
    pub fn is_continuous(&self) -> bool {
        !matches!(self, Dist::Fixed { .. } | Dist::Empirical { .. })
    }

    /// The cumulative hazard `H(a) = −ln P(T > a)`; +∞ beyond the support. Atoms (fixed,
    /// empirical) have none: NaN.
    pub fn cum_hazard(&self, age: f64) -> f64 {
        if age <= 0.0 {
            return 0.0;
        }
        match self {
            Dist::Exponential { mean, .. } => age / mean,
            Dist::Weibull { shape, scale, .. } => (age / scale).powf(*shape),
            Dist::LogNormal { mu, sigma, .. } => -ln_normal_sf((age.ln() - mu) / sigma),
            Dist::Gamma { shape, scale, .. } => -ln_gamma_sf(*shape, age / scale),
            Dist::Uniform { min, max } => {
                if age <= *min {
                    0.0
                } else if age >= *max {
                    f64::INFINITY
                // mutants: equivalent because `<=` for `<` changes only the midpoint, where
                // both branches take a share of ½, exact.
                } else if age - min < max - age {
                    // Survival near 1: through the elapsed share, or ln loses its digits.
                    -(-(age - min) / (max - min)).ln_1p()
                } else {
                    -((max - age) / (max - min)).ln()
                }
            }
            Dist::Fixed { .. } | Dist::Empirical { .. } => f64::NAN,
        }
    }

    /// The hazard rate `h(a)` (density over survival), for the first-order increment.
    fn hazard_rate(&self, age: f64) -> f64 {
        match self {
            Dist::Exponential { mean, .. } => 1.0 / mean,
            Dist::Weibull { shape, scale, .. } => shape / scale * (age / scale).powf(shape - 1.0),
            Dist::LogNormal { mu, sigma, .. } => {
                let z = (age.ln() - mu) / sigma;
                let ln_pdf =
                    -z * z / 2.0 - (sigma * age * (2.0 * std::f64::consts::PI).sqrt()).ln();
                (ln_pdf - ln_normal_sf(z)).exp()
            }
            Dist::Gamma { shape, scale, .. } => {
                let x = age / scale;
                let ln_pdf = (shape - 1.0) * x.ln() - x - ln_gamma(*shape) - scale.ln();
                (ln_pdf - ln_gamma_sf(*shape, x)).exp()
            }
            Dist::Uniform { min, max } => {
                if age < *min {
                    0.0
                } else {
                    1.0 / (max - age)
                }
            }
            Dist::Fixed { .. } | Dist::Empirical { .. } => f64::NAN,
        }
    }

    /// `H(a + w) − H(a)`, the hazard accumulated over a further `w`, without cancellation.
    pub fn hazard_increment(&self, age: f64, w: f64) -> f64 {
        if w <= 0.0 {
            return 0.0;
        }
        let age = age.max(0.0);
        match self {
            Dist::Exponential { mean, .. } => w / mean,
            Dist::Weibull { shape, scale, .. } => {
                if age == 0.0 {
                    (w / scale).powf(*shape)
                } else {
                    (age / scale).powf(*shape) * (shape * (w / age).ln_1p()).exp_m1()
                }
            }
            Dist::Uniform { min, max } => {
                let from = age.max(*min);
                let to = age + w;
                if to <= *min {
                    0.0
                } else if to >= *max {
                    f64::INFINITY
                } else {
                    -(-(to - from) / (max - from)).ln_1p()
                }
            }
            Dist::LogNormal { .. } | Dist::Gamma { .. } => {
                if w <= SHORT_STEP * age {
                    // A difference of two nearby H values would lose its digits: integrate
                    // the (smooth, over so short a step) hazard instead.
                    gauss_legendre(|t| self.hazard_rate(t), age, w)
                } else {
                    (self.cum_hazard(age + w) - self.cum_hazard(age)).max(0.0)
                }
            }
            Dist::Fixed { .. } | Dist::Empirical { .. } => f64::NAN,
        }
    }

    /// The age at which `H` reaches `h` (the inverse of [`Dist::cum_hazard`]; `h ≥ 0`).
    pub fn age_at_hazard(&self, h: f64) -> f64 {
        match self {
            Dist::Exponential { mean, .. } => h * mean,
            Dist::Weibull { shape, scale, .. } => scale * h.powf(1.0 / shape),
            Dist::LogNormal { mu, sigma, .. } => {
                // P(T > a) = e^{-h}: invert the survival function directly so that large h
                // (ages far in the tail) keep their digits.
                // mutants: equivalent because `<` → `<=` changes only h = ln 2, where
                // e^{−h} and −expm1(−h) both round to exactly ½: z = ±normal_isf(½), the
                // same age.
                let z = if h < std::f64::consts::LN_2 {
                    -normal_isf(-(-h).exp_m1())
                } else {
                    normal_isf((-h).exp())
                };
                (mu + sigma * z).exp()
            }
            Dist::Gamma { shape, scale, .. } => self.invert_hazard(*shape, *scale, h),
            // As for the lognormal: a small h through expm1, or e^{−h} rounds to 1.
            // mutants: equivalent because `<=` for `<` changes only h = ln 2, where both
            // take half the width, exactly.
            Dist::Uniform { min, max } if h < std::f64::consts::LN_2 => {
                min - (max - min) * (-h).exp_m1()
            }
            Dist::Uniform { min, max } => max - (max - min) * (-h).exp(),
            Dist::Fixed { .. } | Dist::Empirical { .. } => f64::NAN,
        }
    }

    /// The further age `x` at which a clock of age `a` has accumulated hazard `y`:
    /// `H(a + x) = H(a) + y`, computed so that small `x` keep their relative accuracy.
    pub fn age_increment(&self, age: f64, y: f64) -> f64 {
        if y <= 0.0 {
            return 0.0;
        }
        match self {
            Dist::Exponential { mean, .. } => y * mean,
            Dist::Weibull { shape, .. } if age > 0.0 => {
                let from = self.cum_hazard(age);
                age * ((y / from).ln_1p() / shape).exp_m1()
            }
            _ => {
                let to = self.age_at_hazard(self.cum_hazard(age) + y);
                (to - age).max(0.0)
            }
        }
    }

    /// Solves `H(a) = h` for the gamma law: bracket, then Newton steps kept in the bracket
    /// (bisection when a step leaves it).
    fn invert_hazard(&self, shape: f64, scale: f64, h: f64) -> f64 {
        self.invert_hazard_counted(shape, scale, h).0
    }

    /// [`Self::invert_hazard`] and the number of evaluations of `H` it took, bracketing
    /// included, so tests can check the iteration's path and not only its root: a Newton
    /// step thrown away for bisection, or a worse start, still reaches the root within the
    /// cap of 200 steps.
    fn invert_hazard_counted(&self, shape: f64, scale: f64, h: f64) -> (f64, usize) {
        if h <= 0.0 {
            return (0.0, 0);
        }
        let mut evaluations = 0;
        let mut hazard = |a: f64| {
            evaluations += 1;
            self.cum_hazard(a)
        };
        // Small hazards sit where H ≈ P(k, x) ≈ x^k / Γ(k + 1): start the bracket at that root
        // (hundreds of halvings below the mean for shapes below 1), or at the mean for larger
        // ones.
        let small_root = scale * ((h.ln() + ln_gamma(shape + 1.0)) / shape).exp();
        // mutants: equivalent because `<=` for `<` changes only H(a) = h exactly, where `a`
        // is the root: the bracket then has it at one end, and Newton returns to it.
        let (mut low, mut high) =
            bracket_by_doubling(small_root.min(self.mean()), |a| hazard(a) < h);
        if high == f64::INFINITY {
            // Beyond every finite age (h = ∞ among them).
            return (f64::INFINITY, evaluations);
        }
        let mut a = 0.5 * (low + high);
        for _ in 0..200 {
            let f = hazard(a) - h;
            // mutants: equivalent because `>=` for `>` changes only f = 0, where the step is 0
            // and `next = a`, an end of the bracket either way: the stopping rule returns it.
            if f > 0.0 {
                high = a;
            } else {
                low = a;
            }
            let step = f / self.hazard_rate(a);
            let mut next = a - step;
            // A step below the ulp of `a` (the root within rounding) lands on the end of the
            // bracket that `a` just became: only a step beyond an end is thrown away.
            if next < low || next > high || !next.is_finite() {
                next = 0.5 * (low + high);
            }
            // A bisection moves half the bracket's width, so this stops it too, once the
            // bracket is 2e-13 of `a` wide.
            if (next - a).abs() <= 1e-13 * a.abs() {
                return (next, evaluations);
            }
            a = next;
        }
        (a, evaluations)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Whether `got` is within `tol` of `want`, relative.
    fn close(got: f64, want: f64, tol: f64) -> bool {
        (got - want).abs() <= tol * want.abs()
    }

    fn laws() -> Vec<(&'static str, Dist)> {
        vec![
            ("exponential", Dist::exponential(100.0).unwrap()),
            ("weibull 0.7", Dist::weibull_mean(0.7, 100.0).unwrap()),
            ("weibull 2.5", Dist::weibull_mean(2.5, 100.0).unwrap()),
            ("lognormal", Dist::lognormal_mean_sd(4.0, 6.0).unwrap()),
            ("gamma 0.5", Dist::gamma(0.5, 100.0).unwrap()),
            ("gamma 3", Dist::gamma(3.0, 100.0).unwrap()),
            ("uniform", Dist::uniform(2.0, 10.0).unwrap()),
        ]
    }

    fn ages(dist: &Dist) -> Vec<f64> {
        let m = dist.mean();
        [0.001, 0.05, 0.3, 1.0, 1.7, 4.0]
            .iter()
            .map(|f| f * m)
            .filter(|&a| dist.cum_hazard(a).is_finite())
            .collect()
    }

    #[test]
    fn age_at_hazard_inverts_cum_hazard() {
        for (name, dist) in laws() {
            for a in ages(&dist) {
                let h = dist.cum_hazard(a);
                if h == 0.0 {
                    continue; // below a uniform's minimum: H is flat, no inverse
                }
                let back = dist.age_at_hazard(h);
                assert!(close(back, a, 1e-9), "{name}: a {a} -> H {h} -> {back}");
            }
        }
    }

    #[test]
    fn cum_hazard_matches_the_survival_function() {
        // Survival against independent formulas: P(T > a) = exp(-H(a)).
        let exp = Dist::exponential(50.0).unwrap();
        assert!((exp.cum_hazard(25.0) - 0.5).abs() < 1e-15);
        let weibull = Dist::weibull_scale(0.7, 200.0).unwrap();
        assert!((weibull.cum_hazard(200.0) - 1.0).abs() < 1e-15);
        // Lognormal: at the median H = ln 2.
        let lognormal = Dist::lognormal_median_p95(3.0, 12.0).unwrap();
        assert!((lognormal.cum_hazard(3.0) - std::f64::consts::LN_2).abs() < 1e-12);
        // Gamma with shape 1 is exponential.
        let gamma = Dist::gamma(1.0, 10.0).unwrap();
        assert!((gamma.cum_hazard(7.0) - 0.7).abs() < 1e-12);
        // Gamma(2, θ): P(T > a) = (1 + a/θ) e^{-a/θ}.
        let gamma2 = Dist::gamma(2.0, 20.0).unwrap();
        let x: f64 = 30.0 / 10.0;
        assert!((gamma2.cum_hazard(30.0) - (x - x.ln_1p())).abs() < 1e-12);
        let uniform = Dist::uniform(2.0, 10.0).unwrap();
        assert!((uniform.cum_hazard(6.0) - 2f64.ln()).abs() < 1e-15);
        assert_eq!(uniform.cum_hazard(1.0), 0.0);
        assert_eq!(uniform.cum_hazard(10.0), f64::INFINITY);
    }

    #[test]
    fn hazard_increment_is_the_difference_at_moderate_values() {
        for (name, dist) in laws() {
            for a in ages(&dist) {
                let w = 0.3 * dist.mean();
                let direct = dist.cum_hazard(a + w) - dist.cum_hazard(a);
                let inc = dist.hazard_increment(a, w);
                if direct.is_infinite() {
                    assert!(inc.is_infinite(), "{name}");
                    continue;
                }
                assert!(
                    (inc - direct).abs() <= 1e-9 * direct.max(1e-300),
                    "{name} a {a}: {inc} vs {direct}"
                );
            }
        }
    }

    #[test]
    fn tiny_windows_keep_their_relative_accuracy() {
        // w = 1e-6·a: ΔH ≈ h(a)·w to first order; the relative error of that approximation
        // is O(w·h'/h) ≈ 1e-6, so compare to 1e-5 with the hazard at the midpoint.
        for (name, dist) in laws() {
            for a in ages(&dist) {
                if dist.hazard_rate(a) == 0.0 {
                    continue;
                }
                let w = 1e-6 * a;
                let inc = dist.hazard_increment(a, w);
                let first_order = dist.hazard_rate(a + w / 2.0) * w;
                assert!(
                    close(inc, first_order, 1e-9),
                    "{name} a {a}: {inc} vs {first_order}"
                );
                // And the inverse gives the window back, to the precision of the age itself
                // (lognormal and gamma invert H numerically at the age, not the increment).
                let x = dist.age_increment(a, inc);
                assert!((x - w).abs() <= 1e-9 * a, "{name} a {a}: {x} vs {w}");
            }
        }
    }

    /// Kolmogorov–Smirnov distance between residual lives drawn as H⁻¹(H(a) + E) − a and the
    /// conditional law P(T − a ≤ x | T > a) = 1 − exp(−ΔH(a, x)), computed independently by
    /// rejection (natural draws that exceed a).
    #[test]
    fn residual_lives_follow_the_conditional_law() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let n = 4000;
        for (name, dist) in laws() {
            let a = 0.5 * dist.mean();
            let mut residual: Vec<f64> = (0..n)
                .map(|_| {
                    let e = -(1.0 - rng.random::<f64>()).ln();
                    dist.age_increment(a, e)
                })
                .collect();
            let mut natural = Vec::with_capacity(n);
            while natural.len() < n {
                let t = dist.sample(&mut rng);
                if t > a {
                    natural.push(t - a);
                }
            }
            residual.sort_by(f64::total_cmp);
            natural.sort_by(f64::total_cmp);
            // Two-sample KS statistic; the 0.1% critical value is 1.95·sqrt(2/n) = 0.0436.
            let mut d: f64 = 0.0;
            let (mut i, mut j) = (0, 0);
            while i < n && j < n {
                if residual[i] <= natural[j] {
                    i += 1;
                } else {
                    j += 1;
                }
                d = d.max((i as f64 - j as f64).abs() / n as f64);
            }
            assert!(d < 0.0436, "{name}: KS distance {d}");
            // The formula's CDF at the residual median matches too.
            let median = residual[n / 2];
            let p = -(-dist.hazard_increment(a, median)).exp_m1();
            assert!((p - 0.5).abs() < 0.03, "{name}: F(median) {p}");
        }
    }

    #[test]
    fn atoms_are_not_continuous() {
        assert!(!Dist::fixed(1.0).unwrap().is_continuous());
        assert!(!Dist::empirical(vec![1.0, 2.0]).unwrap().is_continuous());
        for (_, dist) in laws() {
            assert!(dist.is_continuous());
        }
    }

    /// A uniform law's age at a large hazard is the f64 nearest max − (max − min)e^{−h}
    /// (from mpmath): min + (max − min)(1 − e^{−h}) rounds twice and misses it by an ulp
    /// at h = 5, 20 and 30 from 2 to 10.
    #[test]
    fn a_uniform_law_ends_near_its_maximum_exactly() {
        let uniform = Dist::uniform(2.0, 10.0).unwrap();
        for (h, age) in [
            (1.0, 7.056_964_470_628_461),
            (5.0, 9.946_096_424_007_317),
            (20.0, 9.999_999_983_510_77),
            (30.0, 9.999_999_999_999_252),
        ] {
            assert_eq!(uniform.age_at_hazard(h), age, "h {h}");
        }
    }

    /// A uniform law's H near either end, where a share of the width rounds: from 5 to 8,
    /// 2^-30 past the minimum H = −ln(1 − 2^-30/3), which through ln of the survival
    /// (1 − 2^-30/3, rounded to 1e-16) would be 4e-7 off, and 2^-30 short of the maximum
    /// H = 30 ln 2 + ln 3, which through ln_1p of the elapsed share would be 2e-8 off; from
    /// 5 to 5.75, 2^-30 short of the maximum, H = 30 ln 2 + ln(3/4).
    #[test]
    fn a_uniform_law_keeps_its_digits_at_both_ends() {
        let tiny = 2f64.powi(-30);
        for (min, max, age, h) in [
            (5.0, 8.0, 5.0 + tiny, 3.104_408_582_533_463e-10),
            (5.0, 8.0, 8.0 - tiny, 21.893_027_705_466_47),
            (5.0, 5.75, 5.75 - tiny, 20.506_733_344_346_58),
        ] {
            let got = Dist::uniform(min, max).unwrap().cum_hazard(age);
            assert!(
                close(got, h, 1e-15),
                "{min} to {max}, age {age}: {got} vs {h}"
            );
        }
    }

    /// The lognormal's H at every digit, from 1e-12 to 44, against scripts/hazard-expected.py
    /// (mpmath at the f64 age passed): statrs 0.18's erfc was off by 1e-10 relative (its
    /// interval constants carry 10 digits), and H with it (5e-11 at H = 1e-12).
    #[test]
    fn the_lognormal_hazard_has_every_digit() {
        let lognormal = Dist::lognormal(0.0, 1.0).unwrap();
        for (a, h) in [
            (0.000_911_881_965_554_516_2, 1.279_812_543_886_654_3e-12),
            (0.049_787_068_367_863_944, 0.001_350_809_964_748_194),
            (0.606_530_659_712_633_4, 0.368_946_415_288_656_4),
            (1.648_721_270_700_128_2, 1.175_911_761_593_618_6),
            (7.389_056_098_930_65, 3.783_184_333_682_032),
            (403.428_793_492_735_1, 20.736_768_949_974_705),
            (8_103.083_927_575_384, 43.628_149_113_332_116),
        ] {
            let got = lognormal.cum_hazard(a);
            assert!(close(got, h, 1e-14), "a {a}: {got} vs {h}");
        }
    }

    /// A uniform law from 0 at a small hazard: the age is (max − min)(1 − e^{−h}), which
    /// through e^{−h} rounded to 1 was 0 below h = 1e-16 (and off by 1e-5 at 1e-12); through
    /// expm1 it is 10 h to within h²: 1e-11 at 1e-12, and H takes it back through ln_1p.
    #[test]
    fn a_uniform_law_keeps_small_hazards() {
        let uniform = Dist::uniform(0.0, 10.0).unwrap();
        for h in [1e-20, 1e-12, 1e-6] {
            let age = uniform.age_at_hazard(h);
            assert!(
                (age - 10.0 * h).abs() <= 1e-15 * age + 10.0 * h * h,
                "h {h}: {age}"
            );
            let back = uniform.cum_hazard(age);
            assert!(close(back, h, 1e-15), "h {h}: H {back}");
        }
    }

    /// Far in the tails, where the survival underflows below 1e-300 and the code switches to
    /// asymptotic series: H and h against scripts/hazard-expected.py (mpmath, 50 digits). The
    /// lognormal's Mills-ratio series leaves about 15/z⁶ out of ln P(T > a): 5.0e-9 at z = 38,
    /// so 7e-12 of H and 5e-9 of h (h = e^(ln f − ln P)); the gamma series is exact for shape
    /// 3 and leaves about (k−1)(k−2)(k−3)/x³ = 4e-9 out for shape 0.5.
    #[test]
    fn far_tails_follow_the_asymptotic_series() {
        let lognormal = Dist::lognormal(0.0, 1.0).unwrap();
        for (z, h, rate) in [
            (38.0f64, 726.5572160188201, 1.1936954083311096e-15),
            (40.0, 804.6084420137538, 1.7004024671994626e-16),
        ] {
            let a = z.exp();
            assert!(
                close(lognormal.cum_hazard(a), h, 2e-11),
                "z {z}: {}",
                lognormal.cum_hazard(a)
            );
            assert!(
                close(lognormal.hazard_rate(a), rate, 1e-8),
                "z {z}: {}",
                lognormal.hazard_rate(a)
            );
        }
        for (shape, h, rate) in [
            (3.0, 787.3214237278233, 0.009975031249902587),
            (0.5, 803.9152948331938, 0.010006242211801816),
        ] {
            let gamma = Dist::gamma(shape, 100.0 * shape).unwrap();
            assert!(close(gamma.cum_hazard(80_000.0), h, 1e-11), "shape {shape}");
            assert!(
                close(gamma.hazard_rate(80_000.0), rate, 1e-8),
                "shape {shape}: {}",
                gamma.hazard_rate(80_000.0)
            );
        }
    }

    /// The edges of the formulas, by hand: a Weibull clock of age 0 accumulates (w/scale)^k
    /// and reaches hazard y after scale·y^(1/k); a uniform clock's hazard rate at its minimum
    /// is 1/(max − min); no step accumulates nothing, even past a uniform's maximum; the
    /// gamma law reaches hazard 0 at age 0.
    #[test]
    fn edges_of_the_formulas() {
        let weibull = Dist::weibull_scale(2.0, 10.0).unwrap();
        assert!((weibull.hazard_increment(0.0, 5.0) - 0.25).abs() < 1e-15);
        assert!((weibull.age_increment(0.0, 0.25) - 5.0).abs() < 1e-14);
        let uniform = Dist::uniform(2.0, 10.0).unwrap();
        assert_eq!(uniform.hazard_rate(2.0), 0.125);
        assert_eq!(uniform.hazard_rate(1.0), 0.0);
        assert_eq!(uniform.hazard_increment(12.0, 0.0), 0.0);
        assert_eq!(Dist::gamma(3.0, 300.0).unwrap().age_at_hazard(0.0), 0.0);
    }

    /// The gamma law's numerical inverse to 1e-12 (it stops on steps of 1e-13 of the age)
    /// against scripts/hazard-expected.py (bisection on H in mpmath, 50 digits), from a hazard
    /// of 1e-6 to 20, for a shape above and below 1.
    #[test]
    fn the_gamma_inverse_is_accurate() {
        for (shape, expected) in [
            (
                3.0,
                [
                    1.8254279906964348,
                    226.05335764135236,
                    630.1631600028882,
                    2589.188369810881,
                ],
            ),
            (
                0.5,
                [
                    7.853973780001542e-11,
                    13.26289799002537,
                    192.43078131138327,
                    1795.7502028322226,
                ],
            ),
        ] {
            let gamma = Dist::gamma(shape, 100.0 * shape).unwrap();
            for (h, age) in [1e-6, 0.5, 3.0, 20.0].into_iter().zip(expected) {
                let back = gamma.age_at_hazard(h);
                assert!(
                    close(back, age, 1e-12),
                    "shape {shape}, H {h}: {back} vs {age}"
                );
            }
        }
    }

    /// Near age 0, where statrs's `P(k, x)` is 0 below x = 1e-15 but H of a shape below 1
    /// is still 1e-3 (shape 0.2 at x = 1e-16): H against scripts/hazard-expected.py (mpmath,
    /// 50 digits) on both sides of the switch to the series at x = 1e-10.
    #[test]
    fn the_gamma_hazard_near_age_zero() {
        for (shape, expected) in [
            (
                0.2,
                [
                    1.0891250141547692e-6,
                    6.874272765177054e-4,
                    6.895630834002651e-3,
                    1.7412174685980796e-2,
                ],
            ),
            (
                0.5,
                [
                    1.1283791670955132e-15,
                    1.1283791734617103e-8,
                    3.568254598506516e-6,
                    3.568_311_894_607_773e-5,
                ],
            ),
            (
                3.0,
                [
                    1.6666666666666667e-91,
                    1.6666666666666665e-49,
                    1.6666666666541667e-34,
                    1.6666666654166667e-28,
                ],
            ),
        ] {
            let gamma = Dist::gamma(shape, 100.0 * shape).unwrap();
            for (x, h) in [1e-30, 1e-16, 1e-11, 1e-9].into_iter().zip(expected) {
                let got = gamma.cum_hazard(100.0 * x);
                assert!(close(got, h, 1e-13), "shape {shape}, x {x}: {got} vs {h}");
            }
        }
    }

    /// The inverse at a hazard of 1e-12, where the age is 1e-58 h (shape 0.2) or 1e-22 h
    /// (shape 0.5): against the same script's bisection on ln x.
    #[test]
    fn the_gamma_inverse_reaches_tiny_hazards() {
        for (shape, age) in [
            (0.2, 6.525480843440919e-59),
            (0.5, 7.853_981_633_966_63e-23),
        ] {
            let back = Dist::gamma(shape, 100.0 * shape)
                .unwrap()
                .age_at_hazard(1e-12);
            assert!(close(back, age, 1e-12), "shape {shape}: {back} vs {age}");
        }
    }

    /// The bracket closes on the root from either side within a factor 2, from starts
    /// 300 orders of magnitude away, and ends at 0 when no positive f64 lies below the root.
    #[test]
    fn the_bracket_holds_the_root_within_a_factor_2() {
        for root in [1e-300, 3.7, 1e300] {
            for start in [0.0, 1e-300, 1.0, 3.7, 100.0, 1e300] {
                let (low, high) = bracket_by_doubling(start, |a| a < root);
                assert!(
                    low < root && root <= high,
                    "{root} from {start}: {low}, {high}"
                );
                assert_eq!(high, 2.0 * low, "{root} from {start}");
            }
        }
        for start in [0.0, 1.0, 1e300] {
            let (low, high) = bracket_by_doubling(start, |_| false);
            assert_eq!(low, 0.0);
            assert!(high > 0.0 && high <= f64::MIN_POSITIVE, "{high}");
            let (low, high) = bracket_by_doubling(start, |_| true);
            assert!(
                low > f64::MAX / 2.0 && high == f64::INFINITY,
                "{low}, {high}"
            );
        }
    }

    /// A gamma clock of infinite age has an infinite H (statrs's incomplete gamma panicked
    /// on it), and a hazard beyond every finite age, infinite or not, an infinite age (the
    /// bracket doubled to ∞ and asked for H there).
    #[test]
    fn the_gamma_law_at_infinity() {
        let gamma = Dist::gamma(0.5, 50.0).unwrap();
        assert_eq!(gamma.cum_hazard(f64::INFINITY), f64::INFINITY);
        assert_eq!(gamma.age_at_hazard(f64::INFINITY), f64::INFINITY);
        assert_eq!(gamma.age_at_hazard(1e307), f64::INFINITY);
        assert!(gamma.age_at_hazard(1e300).is_finite());
    }

    /// The inverse's path, not only its root: started at the small-hazard root or the mean
    /// and bracketed within a factor 2, it takes at most 12 evaluations of H beyond the
    /// bracket's (the doublings from the mean and two), over hazards from 1e-12 to 100 (ten
    /// a decade) and shapes 0.2 to 50; at most 7 for shapes below 1, where the start is
    /// nearly the root. Bisection alone would take about 45 from a bracket of factor 2, a
    /// start at the mean hundreds (the old code ran to its cap of 200 at shape 0.2, H =
    /// 1e-9). A Newton step within an ulp of the root, taken for a step out of the bracket
    /// (as the old code did), costs up to 48 beyond the bracket when `a` is its lower end,
    /// 49 when the upper.
    #[test]
    fn the_gamma_inverse_takes_few_steps() {
        for shape in [0.2, 0.5, 0.8, 1.0, 1.5, 2.0, 3.0, 10.0, 50.0] {
            let gamma = Dist::gamma(shape, 100.0 * shape).unwrap();
            let most = if shape < 1.0 { 7.0 } else { 12.0 };
            for tenths in -120..=20 {
                let h = 10f64.powf(tenths as f64 / 10.0);
                let (age, evaluations) = gamma.invert_hazard_counted(shape, 100.0, h);
                // From a start at or below the mean, at least log2(age / mean) doublings, one
                // evaluation at the lower end and one Newton step.
                let bracket = (age / gamma.mean()).log2().ceil().max(0.0) + 2.0;
                let beyond = evaluations as f64 - bracket;
                assert!(
                    (0.0..=most).contains(&beyond),
                    "shape {shape}, H {h}: {evaluations} evaluations, {bracket} for the bracket"
                );
                let back = gamma.cum_hazard(age);
                assert!(
                    (back - h).abs() <= 1e-13 * shape.max(1.0) * h,
                    "shape {shape}, H {h}: H(age) = {back}"
                );
            }
        }
    }

    /// A step of 1e-6 h at a gamma clock 80,000 h old (x = 800, H ≈ 787) accumulates h·w, h
    /// from scripts/hazard-expected.py (its change over the step is below 1e-12 of it): the
    /// quadrature keeps that to 1e-12, where a difference of two values of H near 787 would
    /// lose about eleven of its digits, and a width taken as (a + w) − a five (a's ulp is
    /// 1.5e-11 h: the quadrature's width was that until this test, 7e-6 off).
    #[test]
    fn a_short_step_far_out_is_integrated() {
        let gamma = Dist::gamma(3.0, 300.0).unwrap();
        let inc = gamma.hazard_increment(80_000.0, 1e-6);
        let expected = 0.009975031249902587e-6;
        assert!(close(inc, expected, 1e-12), "{inc}");
    }

    /// A tiny step far out keeps its digits in `age_increment`'s closed forms, where the
    /// general path (`age_at_hazard(H(a) + y) - a`) keeps only those above a's ulp:
    /// exponential y·mean exactly; Weibull(2, 1e4) at 1e5 h (H = 100), y = 1e-9:
    /// a((1 + y/H)^(1/2) - 1) = 4.99999999998750e-7 h (mpmath at 40 digits), which the
    /// general path misses by about 3e-5 relative.
    #[test]
    fn a_tiny_step_far_out_keeps_its_digits() {
        let exponential = Dist::exponential(1000.0).unwrap();
        let x = exponential.age_increment(1e5, 1e-12);
        assert!((x - 1e-9).abs() <= 1e-14 * 1e-9, "{x}");
        let weibull = Dist::weibull_scale(2.0, 1e4).unwrap();
        let x = weibull.age_increment(1e5, 1e-9);
        let expected = 4.999_999_999_987_5e-7;
        assert!(close(x, expected, 1e-12), "{x}");
    }
}
