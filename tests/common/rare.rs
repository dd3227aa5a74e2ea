//! Running scenarios with the rare-event method and checking its estimates against exact
//! values, for tests/validation_rare.rs, tests/validation_rare_ha.rs,
//! tests/validation_rare_ext.rs, tests/validation_rare_ext2.rs,
//! tests/validation_rare_phases.rs and tests/validation_rare_load.rs.

use nines::engine::simulate_rare;
use nines::model::{Method, Model};
use nines::stats::{RareSummary, RareWindow};

/// The exact solver's Markov figures: (steady unavailability, horizon-mean unavailability).
pub fn markov(model: &Model) -> (f64, f64) {
    let figures = nines::exact::solve(model, 400_000)
        .markov
        .figures
        .expect("a Markov chain");
    (
        figures.unavailability,
        1.0 - figures.horizon_availability.expect("horizon mean"),
    )
}

/// The mean final weight's interval contains 1 (the likelihood ratios' martingale).
pub fn check_weights(label: &str, s: &RareSummary) {
    assert!(
        s.weight_mean_ci[0] <= 1.0 && 1.0 <= s.weight_mean_ci[1],
        "{label}: mean weight {:?}",
        s.weight_mean_ci
    );
}

/// Confidence level of the rare method's intervals in the tests (the design's tolerance of
/// 1.2 × the half-width is set for that level, docs/design/rare-events.md §5.3).
pub const RARE_CONFIDENCE: f64 = 0.95;

/// `source` compiled for the rare method at [`RARE_CONFIDENCE`], on the seed
/// [`super::test_seed`] picks.
pub fn rare_model(source: &str) -> Model {
    let mut model = super::model(source);
    model.settings.method = Method::Rare;
    model.settings.confidence = RARE_CONFIDENCE;
    model
}

/// The rare method's summary of `model` on `threads` threads (0: one per core).
pub fn run(model: &Model, threads: usize) -> RareSummary {
    let out = simulate_rare(model, threads, &|_| {}).expect("rare run");
    RareSummary::new(model, &out.rare, out.warmup)
}

/// `n` exponential units needing `need`, each on its own repair, as the whole service: the
/// k-of-n models of the rare tests (tests/validation_rare.rs, tests/validation_rare_phases.rs).
pub fn kofn(n: usize, need: usize, mttf: &str, mttr: &str, trials: u64, seed: u64) -> String {
    format!(
        r#"
[simulation]
horizon = "1y"
trials = {trials}
seed = {seed}
[components.app]
count = {n}
need = {need}
failure = {{ dist = "exponential", mean = "{mttf}" }}
repair = {{ dist = "exponential", mean = "{mttr}" }}
[system]
all = ["app"]
"#
    )
}

/// |estimate − exact| ≤ 1.2 × half-width for a window's unavailability, printing the
/// figures and z either way.
pub fn check(label: &str, window: &RareWindow, exact: f64) {
    check_estimate(label, &window.unavailability, exact);
}

/// |estimate − exact| ≤ 1.2 × half-width for any rare estimate with an interval, printing
/// the figures and z either way.
pub fn check_estimate(label: &str, u: &nines::stats::Estimate, exact: f64) {
    let (low, high) = (u.ci_low.unwrap(), u.ci_high.unwrap());
    let half = half_towards(u, exact);
    println!(
        "{label}: {:.4e} [{low:.4e}, {high:.4e}] -{:.1}% +{:.1}% exact {exact:.4e}",
        u.mean,
        100.0 * (u.mean - low) / u.mean,
        100.0 * (high - u.mean) / u.mean
    );
    print_z_rare(label, u, exact);
    assert!(
        (u.mean - exact).abs() <= 1.2 * half,
        "{label}: {:.4e} ± {half:.3e} vs exact {exact:.4e}",
        u.mean
    );
}

/// Checks a rare estimate of the horizon's unavailability against a plain run of `source`
/// with `plain_trials` trials (both unbiased): agreement within 1.2 × the two halves in
/// quadrature (the rare one on the plain estimate's side), printing z of the difference.
pub fn check_against_plain(
    label: &str,
    rare: &nines::stats::Estimate,
    source: &str,
    plain_trials: u64,
) {
    let mut plain_model = super::model(source);
    plain_model.settings.confidence = RARE_CONFIDENCE;
    plain_model.settings.trials = plain_trials;
    let plain_run = nines::engine::simulate(&plain_model, 0, &|_| {}).unwrap();
    let plain = nines::stats::Summary::new(&plain_model, &plain_run, None);
    let p = &plain.availability;
    let (p_mean, p_half) = (1.0 - p.mean, (p.ci_high.unwrap() - p.ci_low.unwrap()) / 2.0);
    let r_half = half_towards(rare, p_mean);
    let combined = (p_half * p_half + r_half * r_half).sqrt();
    println!(
        "{label}: rare {:.4e} ± {r_half:.2e}, plain {p_mean:.4e} ± {p_half:.2e}",
        rare.mean
    );
    super::print_z_se(label, rare.mean - p_mean, combined / z_half(), 0.0);
    assert!(
        (rare.mean - p_mean).abs() <= 1.2 * combined,
        "{label}: rare {:.4e}, plain {p_mean:.4e}, tolerance {:.3e}",
        rare.mean,
        1.2 * combined
    );
}

/// `any = [a, b]`: a single server with weekly maintenance (all at once, 1 h, random phase)
/// beside a 1-of-2 pair. Independent parts: U = P(a unavailable) × P(both of b down), with
/// P(a unavailable) = 1 − (1 − 1/168)(1 − u(t)), u(t) = u(1 − e^{−(λ+μ)t}) from new. Weekly
/// maintenance starts 52 short excursions a trial: 100 000 trials reach about ±12%.
pub const MAINTENANCE: &str = r#"
[simulation]
horizon = "1y"
trials = 100000
seed = 13
[components.a]
count = 1
failure = { dist = "exponential", mean = "10000h" }
repair = { dist = "exponential", mean = "4h" }
maintenance = { every = "168h", duration = "1h", strategy = "all" }
[components.b]
count = 2
need = 1
failure = { dist = "exponential", mean = "10000h" }
repair = { dist = "exponential", mean = "4h" }
[system]
any = ["a", "b"]
"#;

/// The side of a rare estimate's interval that faces `exact`: its upper half when `exact` is
/// above the estimate, its lower half otherwise. The rare method's intervals are skewed
/// (longer above: src/stats/interval.rs, `skew_corrected_interval`), so the interval covers
/// `exact` exactly when the distance is within this half. A lower end clipped at 0 (the
/// outage duration's) says nothing of the spread: the upper half stands in for it.
pub fn half_towards(estimate: &nines::stats::Estimate, exact: f64) -> f64 {
    half_facing(
        estimate.mean,
        estimate.ci_low.unwrap(),
        estimate.ci_high.unwrap(),
        exact,
    )
}

/// [`half_towards`] for an interval given by its ends.
pub fn half_facing(mean: f64, low: f64, high: f64, exact: f64) -> f64 {
    if exact >= mean || low <= 0.0 {
        high - mean
    } else {
        mean - low
    }
}

/// Prints z for a rare estimate against `exact`, its standard error taken from the half of
/// its reported interval at [`RARE_CONFIDENCE`] that faces `exact` ([`half_towards`]): the
/// half over the normal quantile, since the interval is a (skew-corrected) normal one.
pub fn print_z_rare(label: &str, estimate: &nines::stats::Estimate, exact: f64) {
    let half = half_towards(estimate, exact);
    let (low, high) = (estimate.mean - half, estimate.mean + half);
    super::print_z(label, estimate.mean, low, high, RARE_CONFIDENCE, exact);
}

/// The normal quantile of [`RARE_CONFIDENCE`]'s two-sided interval: a half-width over it is
/// the standard error.
pub fn z_half() -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::new(0.0, 1.0)
        .unwrap()
        .inverse_cdf(0.5 + RARE_CONFIDENCE / 2.0)
}
