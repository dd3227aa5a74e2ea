//! Quantiles of the normal and Student t distributions, right and fast at every number of
//! degrees of freedom.
//!
//! statrs inverts the t distribution through its inverse incomplete beta function, which
//! takes minutes and returns wrong values beyond a few million degrees of freedom (1.91
//! instead of 1.96 at 1e7). Here:
//!
//! - one and two degrees of freedom have closed forms;
//! - from [`EXPANSION_DOF`] on, the Cornish-Fisher expansion of the t quantile in powers of
//!   1/ν (Abramowitz and Stegun 26.7.5, the expansion behind Hill's algorithm 396) with four
//!   correction terms: its error is of order ν⁻⁵, below 1e-14 relative there;
//! - below, that expansion is a starting point for Newton's method on the upper tail
//!   probability ½ I_{ν/(ν+t²)}(ν/2, ½), which statrs computes accurately for moderate ν.
//!
//! The unit tests compare against 20-digit values computed independently with mpmath
//! (`scripts/t-quantiles.py`).

use statrs::distribution::{Continuous, StudentsT};
use statrs::function::{beta, erf};

/// Degrees of freedom from which the expansion alone is used.
const EXPANSION_DOF: f64 = 1000.0;

/// The `p` quantile of the standard normal distribution.
pub fn normal_quantile(p: f64) -> f64 {
    -std::f64::consts::SQRT_2 * erf::erfc_inv(2.0 * p)
}

/// The `p` quantile of Student's t distribution with `dof` degrees of freedom (`dof` > 0,
/// `p` in (0, 1)); the normal quantile when `dof` is infinite.
pub fn t_quantile(p: f64, dof: f64) -> f64 {
    assert!(dof > 0.0 && p > 0.0 && p < 1.0, "t_quantile({p}, {dof})");
    // mutants: equivalent because `<` → `<=` sends p = 0.5 here, which returns -0.0 in
    // place of 0.0: equal as f64s, and every caller scales it and adds it to an estimate.
    if p < 0.5 {
        return -t_quantile(1.0 - p, dof);
    }
    if p == 0.5 {
        return 0.0;
    }
    if dof == 1.0 {
        // mutants: equivalent because tan has period π: `p - 0.5` → `p + 0.5` is the same
        // quantile in exact arithmetic. It adds one rounding (p - 0.5 is exact, p + 0.5 is
        // not), usually but not always a larger error (scripts/student-mutants.py: against
        // mpmath, 2.1e-16 vs 4.3e-15 at p = 0.975, but 7.5e-12 vs 1.1e-12 at 0.999995), so
        // a tolerance separating them would be fitted to one p's rounding.
        return (std::f64::consts::PI * (p - 0.5)).tan();
    }
    if dof == 2.0 {
        // F(t) = 1/2 + t / (2 sqrt(2 + t²)), inverted.
        let a = 4.0 * p * (1.0 - p);
        return (2.0 * p - 1.0) * (2.0 / a).sqrt();
    }
    let z = normal_quantile(p);
    let start = cornish_fisher(z, dof);
    if dof >= EXPANSION_DOF {
        return start;
    }
    newton(1.0 - p, dof, start).0
}

/// Cornish-Fisher expansion of the t quantile about the normal quantile `z`.
fn cornish_fisher(z: f64, dof: f64) -> f64 {
    let z2 = z * z;
    let g1 = z * (z2 + 1.0) / 4.0;
    let g2 = z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0;
    let g3 = z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / 384.0;
    let g4 = z * ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) / 92160.0;
    let v = 1.0 / dof;
    z + v * (g1 + v * (g2 + v * (g3 + v * g4)))
}

/// The t > 0 whose upper tail probability is `q`, by Newton's method from `start`, and the
/// number of steps taken (so tests can check it stops once converged, not at the cap).
fn newton(q: f64, dof: f64, start: f64) -> (f64, usize) {
    let density = StudentsT::new(0.0, 1.0, dof).expect("degrees of freedom are positive");
    let upper = |t: f64| 0.5 * beta::beta_reg(dof / 2.0, 0.5, dof / (dof + t * t));
    let mut t = start.max(f64::MIN_POSITIVE);
    for steps in 1..=50 {
        let step = (upper(t) - q) / density.pdf(t);
        // Halve steps that would leave the positive half-line (far in the tails the
        // expansion can start far from the root).
        // mutants: equivalent because `>` → `>=` (0 in place of t/2) and `t / 2.0` →
        // `t % 2.0` only pick another point in [0, t) when the step overshoots: the upper
        // tail is convex for t > 0, so from any point below the root Newton's steps climb
        // to it without overshooting, and the result is the same root.
        let next = if t + step > 0.0 { t + step } else { t / 2.0 };
        // Newton converges quadratically: after a move of 1e-12 of t the next would be
        // about its square, below the noise of `beta_reg` (above 1e-15 at hundreds of
        // degrees of freedom, where a tolerance of 1e-15 sent Newton wandering to the cap).
        // mutants: equivalent because `1e-12 / t` for `1e-12 * t` scales the tolerance by
        // 1/t²: above t = 1 it takes one more step at most (3 of the reference table's 32
        // cases, whose errors against mpmath stay below 5e-13), and below it, to t = 0.1, it
        // stops after a move within 1e-10 of t, whose quadratic error is near 1e-20.
        if (next - t).abs() <= 1e-12 * t {
            return (next, steps);
        }
        t = next;
    }
    (t, 50)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (p, degrees of freedom, quantile) to 20 digits, from mpmath at 40 digits:
    /// `scripts/t-quantiles.py` (root of ½ I_{ν/(ν+t²)}(ν/2, ½) = 1 − p).
    #[allow(clippy::excessive_precision)]
    const REFERENCE: &[(f64, f64, f64)] = &[
        (0.975, 2.0, 4.302_652_729_749_463_9),
        (0.975, 9.0, 2.262_157_162_798_205_5),
        (0.975, 30.0, 2.042_272_456_301_238_3),
        (0.975, 1000.0, 1.962_339_080_826_408_5),
    ];

    #[test]
    fn matches_independent_values_from_2_to_1e9_degrees_of_freedom() {
        let mut all = REFERENCE.to_vec();
        all.extend_from_slice(super::reference::TABLE);
        for &(p, dof, expected) in &all {
            let got = t_quantile(p, dof);
            let error = (got - expected).abs() / expected;
            assert!(error < 1e-12, "t({p}, {dof}) = {got}, expected {expected}");
            assert!((t_quantile(1.0 - p, dof) + got).abs() < 1e-15 * got.abs().max(1.0));
        }
    }

    #[test]
    fn normal_quantile_is_exact() {
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-15);
        assert!((normal_quantile(0.9995) - 3.290_526_731_491_926).abs() < 1e-14);
    }

    /// (z, degrees of freedom, four-term expansion) to 20 digits, from mpmath at 40 digits:
    /// `scripts/student-mutants.py`, which also checks A&S's g1..g4 against mpmath's t
    /// quantiles. At 4 and 10 degrees of freedom every term moves the sum far beyond
    /// rounding, which the quantiles from 1000 on (g4/ν⁴ below 1e-10) cannot show.
    #[allow(clippy::excessive_precision)]
    const EXPANSION: &[(f64, f64, f64)] = &[
        (1.0, 4.0, 1.141_579_182_942_708_333_3),
        (1.0, 10.0, 1.052_561_927_083_333_333_3),
        (2.0, 4.0, 2.868_287_404_378_255_208_3),
        (2.0, 10.0, 2.283_668_782_552_083_333_3),
        (3.5, 4.0, 10.285_443_584_869_305_293),
        (3.5, 10.0, 5.096_417_621_885_935_465_5),
    ];

    #[test]
    fn cornish_fisher_matches_its_series_term_by_term() {
        for &(z, dof, expected) in EXPANSION {
            let got = cornish_fisher(z, dof);
            assert!(
                ((got - expected) / expected).abs() < 1e-14,
                "expansion({z}, {dof}) = {got}, expected {expected}"
            );
            // The expansion is odd in z.
            assert_eq!(cornish_fisher(-z, dof), -got);
        }
    }

    /// From 3 to 999 degrees of freedom Newton's method stops on its tolerance within 5
    /// steps of the expansion (quadratic convergence), well before its cap of 50, within
    /// 1e-12 of mpmath. With a tolerance of 1e-15 it ran to the cap at 300 and 999 in 7 of
    /// the table's 8 cases: the noise of `beta_reg` there exceeds it.
    #[test]
    fn newton_stops_once_converged() {
        for &(p, dof, expected) in super::reference::TABLE {
            // Newton runs below EXPANSION_DOF.
            if dof > 2.0 && dof < EXPANSION_DOF {
                let start = cornish_fisher(normal_quantile(p), dof);
                let (t, steps) = newton(1.0 - p, dof, start);
                assert!(steps <= 5, "t({p}, {dof}): {steps} steps");
                assert!(((t - expected) / expected).abs() < 1e-12);
            }
        }
    }

    /// From the expansion's start no step left the positive half-line in a scan of 231
    /// (p, dof), dof 0.05 to 999 (`scripts/student-mutants.py`), so only a start far above
    /// the root reaches the halving: from 100 the first step goes to -756,070, and halving
    /// must bring it back to t(0.975, 3) of the mpmath table.
    #[test]
    fn newton_recovers_from_a_start_far_above_the_root() {
        let (t, steps) = newton(0.025, 3.0, 100.0);
        assert!(((t - 3.182_446_305_283_709_6) / t).abs() < 1e-12, "{t}");
        assert!(steps < 50);
    }

    #[test]
    fn is_fast_at_any_dof() {
        let started = std::time::Instant::now();
        for dof in [3.0, 30.0, 999.0, 1e4, 1.5e7, 1e9, 1e15] {
            assert!(t_quantile(0.975, dof) > 1.959);
        }
        assert!(started.elapsed().as_secs_f64() < 0.5);
    }
}

#[cfg(test)]
#[path = "student_reference.rs"]
mod reference;
