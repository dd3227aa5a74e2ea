//! Exact values of hidden failures found by periodic inspections (exponential lives, fixed
//! repairs), for tests/validation_inspection.rs and tests/validation_rare_ext2.rs: the
//! derivation is in the former's header.

use super::simpson_weight;

/// The probabilities (G, F, M) right after each inspection, for inspections ending at
/// `start + d + j every` (j = 0, 1, ...) up to `horizon`.
pub fn states_after_inspections(
    lambda: f64,
    start: f64,
    every: f64,
    d: f64,
    r: f64,
    p: f64,
    horizon: f64,
) -> Vec<(f64, [f64; 3])> {
    let mut out = Vec::new();
    // The first inspection ends after start + d hours of ageing from new.
    let failed = 1.0 - (-lambda * (start + d)).exp();
    let mut state = [1.0 - failed, failed * p, failed * (1.0 - p)];
    let mut end = start + d;
    while end <= horizon {
        out.push((end, state));
        let [g, f, m] = state;
        // Failed by the next inspection's end: from G after `every` hours of ageing, from F
        // after every − r (the repair, then a new life).
        let a = 1.0 - (-lambda * every).exp();
        let b = 1.0 - (-lambda * (every - r)).exp();
        let failed_next = g * a + f * b + m;
        state = [1.0 - failed_next, failed_next * p, failed_next * (1.0 - p)];
        end += every;
    }
    out
}

/// Probability an instance is down at time `t`, with inspections that take nothing down and
/// take no time (d = 0).
pub fn down_at(
    t: f64,
    lambda: f64,
    start: f64,
    every: f64,
    r: f64,
    states: &[(f64, [f64; 3])],
) -> f64 {
    match states.iter().rev().find(|(end, _)| *end <= t) {
        None => 1.0 - (-lambda * t).exp(),
        Some(&(end, [g, f, m])) => {
            let s = t - end;
            let after_repair = if s < r {
                1.0
            } else {
                1.0 - (-lambda * (s - r)).exp()
            };
            debug_assert!(end >= start && s < every + 1e-9);
            g * (1.0 - (-lambda * s).exp()) + f * after_repair + m
        }
    }
}

/// ∫ f over [a, b] by Simpson's rule with `n` (even) steps.
pub fn simpson(a: f64, b: f64, n: usize, f: impl Fn(f64) -> f64) -> f64 {
    let h = (b - a) / n as f64;
    (0..=n)
        .map(|k| simpson_weight(k, n) * f(a + k as f64 * h))
        .sum::<f64>()
        * h
        / 3.0
}

/// ∫ f over [0, horizon], split at every kink of the inspection schedule (inspections and
/// the ends of repairs) so Simpson's rule sees smooth pieces only.
pub fn integrate(horizon: f64, kinks: &[f64], f: impl Fn(f64) -> f64) -> f64 {
    integrate_over(0.0, horizon, kinks, f)
}

/// ∫ f over [from, to], split at the kinks as [`integrate`] does.
pub fn integrate_over(from: f64, to: f64, kinks: &[f64], f: impl Fn(f64) -> f64) -> f64 {
    let mut points: Vec<f64> = kinks
        .iter()
        .copied()
        .filter(|&k| k > from && k < to)
        .collect();
    points.extend([from, to]);
    points.sort_by(f64::total_cmp);
    points.dedup();
    points
        .windows(2)
        .map(|w| simpson(w[0], w[1], 200, &f))
        .sum()
}
