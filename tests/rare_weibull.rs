//! Target C of issue 10 — 1-of-3 with Weibull(0.7) lives (mean 10,000 h) and lognormal
//! repairs (mean 4 h, sd 6 h) — over the first year from new, against the independent
//! reference of `scripts/rare-weibull-reference.py` (a U-statistic over 2e7 plain
//! single-instance paths: 2.84833e-10 ± 0.44% at 95%, which confirms the design's grid value
//! 2.8493e-10).
//!
//! Measured with the ignored test below: coverage 91/100 at 30,000 trials a seed, and the mean
//! of the 100 estimates 2.8708e-10 ± 1.7% — no bias beyond sampling error (with branches
//! natural after their first outage; before that change, also 91/100 and 2.8732e-10 ± 1.7%).
//! The skew-corrected interval left these 100 seeds at 91 (the symmetric one also covered
//! 91 of them); over seeds 1 to 200 it covers 188 where the symmetric one covered 180.
//! All of that under the window rule; under the odds rule, the default since, the same 100
//! seeds cover 93 and the mean of the estimates is 2.8474e-10 ± 0.8%; with the repair bias
//! (k = 1, the default since) 92 and 2.8537e-10 ± 0.4%.
//! The coverage measurement over 100 seeds is ignored by default (minutes of CPU):
//! `cargo test --release --test rare_weibull -- --ignored --nocapture`.

mod common;

use nines::engine::simulate_rare;
use nines::model::{Method, Model};
use nines::stats::RareSummary;

/// The reference first-year mean unavailability (scripts/rare-weibull-reference.py
/// 20 1000000 7).
const FIRST_YEAR: f64 = 2.84833e-10;

fn model_c(trials: u64, seed: u64) -> Model {
    let source = format!(
        r#"
[simulation]
horizon = "1y"
trials = {trials}
seed = {seed}
importance_trials = 0
[components.app]
count = 3
need = 1
failure = {{ dist = "weibull", shape = 0.7, mean = "10000h" }}
repair = {{ dist = "lognormal", mean = "4h", sd = "6h" }}
[system]
all = ["app"]
"#
    );
    let mut model = common::model(&source);
    model.settings.method = Method::Rare;
    model.settings.confidence = 0.95;
    model
}

fn run(model: &Model) -> RareSummary {
    let out = simulate_rare(model, 0, &|_| {}).expect("rare run");
    RareSummary::new(model, &out.rare, out.warmup)
}

/// The weak case on a fixed seed (validation_rare.rs's) under the window rule and without
/// the repair bias: the warning on the effective sample size fires, as it should for weights
/// this spread. (Under the odds rule, without the repair bias, the same seed keeps 857 of
/// 40,062 branches' worth, above the warning's 1 %; with both defaults, 3,669 of 64,539.)
#[test]
fn the_weak_case_warns_on_its_effective_sample_size() {
    let mut model = model_c(30_000, 23);
    model.settings.rare.forcing = nines::model::Forcing::Window;
    model.settings.rare.repair_bias = 0.0;
    let s = run(&model);
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("effective sample size")),
        "{:?}",
        s.warnings
    );
}

/// The same run against the independent reference within 1.2 × the reported half-width on
/// its side (the rare tests' tolerance). Its seed was kept, not re-seeded: under the window
/// rule it failed while branches forced failures after their first outage (2.5078e-10 ±
/// 10.7%, a miss of 1.26 × the half-width), then gave 2.5311e-10 ± 11.4% (a miss of 1.10 ×),
/// a low draw of the weak case, inside its skew-corrected interval [2.286e-10, 2.895e-10].
/// Under the odds rule, the default since, 2.6984e-10 with an upper half of 7.8%: z −1.40;
/// with the repair bias too, 2.8725e-10 ± 3.1%: z +0.53.
#[test]
fn first_year_matches_the_independent_reference() {
    let s = run(&model_c(30_000, 23));
    let u = &s.horizon.unavailability;
    let half = common::rare::half_towards(u, FIRST_YEAR);
    println!(
        "C first year: {:.4e} ± {half:.3e} (±{:.1}%) vs reference {FIRST_YEAR:.4e}; ESS {:.0} of {}",
        u.mean,
        100.0 * half / u.mean,
        s.ess,
        s.branches_with_outage
    );
    common::rare::print_z_rare("C first year", u, FIRST_YEAR);
    assert!((u.mean - FIRST_YEAR).abs() <= 1.2 * half);
}

/// Over `seeds` seeds of `trials` trials: the share of 95% intervals covering the reference,
/// and the mean of the estimates with its standard error (an estimate of the bias, since the
/// seeds are independent).
#[test]
#[ignore = "minutes of CPU: the coverage measurement of target C"]
fn coverage_of_the_first_year_over_a_hundred_seeds() {
    let (seeds, trials) = (100u64, 30_000u64);
    let mut covered = 0;
    let mut estimates = Vec::new();
    let mut ess = Vec::new();
    for seed in 0..seeds {
        let s = run(&model_c(trials, 5000 + seed));
        let u = &s.horizon.unavailability;
        if u.ci_low.unwrap() <= FIRST_YEAR && FIRST_YEAR <= u.ci_high.unwrap() {
            covered += 1;
        }
        estimates.push(u.mean);
        ess.push(s.ess / s.branches_with_outage.max(1) as f64);
    }
    let n = estimates.len() as f64;
    let mean = estimates.iter().sum::<f64>() / n;
    let sd = (estimates.iter().map(|e| (e - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let below = estimates.iter().filter(|&&e| e < FIRST_YEAR).count();
    println!(
        "C first year, {seeds} seeds × {trials} trials: coverage {covered}/{seeds}; mean of estimates {mean:.4e} ± {:.2e} (95%) vs reference {FIRST_YEAR:.4e}; {below} estimates below it; median ESS share {:.4}",
        1.96 * sd / n.sqrt(),
        {
            ess.sort_by(f64::total_cmp);
            ess[ess.len() / 2]
        }
    );
    assert!(
        covered as f64 >= 0.9 * seeds as f64,
        "coverage {covered}/{seeds}"
    );
}
