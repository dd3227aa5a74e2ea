//! `[simulation.rare] forcing = "odds"`: windows forced by scaling the natural odds of a
//! failure (the Markov chain's failure biasing) rather than with probability θ whatever
//! their length (docs/rare-events.md, "A known inefficiency").
//!
//! Figures: `cargo test --release --test rare_odds_forcing -- --nocapture`.

mod common;

use common::rare::{kofn, rare_model, run};
use nines::model::Forcing;
use nines::stats::RareSummary;

/// Test model B of tests/validation_rare.rs: 1-of-4, lives 1000 h, repairs 1 h, both
/// exponential; steady unavailability (λ / (λ + μ))⁴ (docs/design/rare-events.md §5.1).
const B_STEADY: f64 = 9.960100e-13;

/// Model B under `forcing` with `bias`, on the seed the seed sweep picks.
fn model_b(forcing: Forcing, bias: f64) -> RareSummary {
    let mut model = rare_model(&kofn(4, 1, "1000h", "1h", 10_000, 5));
    model.settings.rare.forcing = forcing;
    model.settings.rare.bias = bias;
    run(&model, 0)
}

/// The steady estimate within 1.2 half-widths of model B's exact value; returns the
/// relative half-width.
fn check_b(label: &str, s: &RareSummary) -> f64 {
    println!(
        "{label}: ESS {:.0} of {} branches with an outage, {:.2} windows a branch",
        s.ess, s.branches_with_outage, s.mean_windows_per_branch
    );
    common::rare::check(label, &s.steady_state, B_STEADY);
    s.steady_state.relative_error.expect("an interval")
}

/// Odds scaling estimates model B without bias and more precisely than the window rule at
/// the same θ. Over 50 seeds (docs/rare-events.md): odds at θ = 0.8 z mean −0.26, spread
/// 0.99, ±3.9 % on average; the window rule ±5.2 % at θ = 0.8 and ±10.5 % at the default
/// θ 0.5 (spread 1.07, one seed at −3.6).
#[test]
fn odds_forcing_estimates_model_b_more_precisely() {
    let odds = model_b(Forcing::Odds, 0.8);
    let window = model_b(Forcing::Window, 0.8);
    let window_default_bias = model_b(Forcing::Window, 0.5);
    assert_eq!(odds.forcing, "odds");
    assert_eq!(window.forcing, "window");
    let odds_error = check_b("B, odds 0.8", &odds);
    let window_error = check_b("B, window 0.8", &window);
    let window_default_bias_error = check_b("B, window 0.5", &window_default_bias);
    assert!(
        odds_error < window_default_bias_error,
        "odds ±{:.1}% against the window rule's ±{:.1}% at θ 0.5",
        100.0 * odds_error,
        100.0 * window_default_bias_error
    );
    assert!(
        odds_error < 1.1 * window_error,
        "odds ±{:.1}% against the window rule's ±{:.1}% at the same θ",
        100.0 * odds_error,
        100.0 * window_error
    );
}

/// Where no repair is under way (an excursion opened by maintenance, which has no repair
/// law) the odds rule falls back to the window rule; the estimate stays exact. The model
/// and its exact value are tests/common/rare.rs's (a server's weekly maintenance beside a
/// 1-of-2 pair).
#[test]
fn odds_forcing_falls_back_without_a_repair_under_way() {
    let mut model = rare_model(common::rare::MAINTENANCE);
    model.settings.rare.forcing = Forcing::Odds;
    let s = run(&model, 0);
    // Steady state of tests/common/rare.rs's closed form: (1 − (1 − m)(1 − u)) u², u =
    // λ / (λ + μ), m = 1/168 the maintained hour's share.
    let (lambda, mu, m) = (1.0 / 10_000.0, 1.0 / 4.0, 1.0 / 168.0);
    let u = lambda / (lambda + mu);
    let steady = (1.0 - (1.0 - m) * (1.0 - u)) * u * u;
    common::rare::check("maintenance, odds", &s.steady_state, steady);
}

/// The same results on one and two threads.
#[test]
fn odds_forcing_is_deterministic() {
    let mut model = rare_model(&kofn(4, 1, "1000h", "1h", 2_000, 5));
    model.settings.rare.forcing = Forcing::Odds;
    assert_eq!(run(&model, 1), run(&model, 2));
}

/// A forcing that does not exist is a one-line error naming the key and the valid values,
/// exit code 2.
#[test]
fn an_unknown_forcing_is_refused() {
    let dir = common::cli::temp_dir();
    let file = dir.path().join("b.toml");
    let source = kofn(4, 1, "1000h", "1h", 100, 5) + "[simulation.rare]\nforcing = \"fast\"\n";
    std::fs::write(&file, source).unwrap();
    let output = common::cli::nines(&["check", file.to_str().unwrap()], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = common::cli::stderr(&output);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    for part in [
        "b.toml",
        "simulation.rare.forcing",
        "\"window\"",
        "\"odds\"",
    ] {
        assert!(stderr.contains(part), "{part} missing from: {stderr}");
    }
}
