//! The rare method on scenarios/app-tier.toml's model (issue 10: "the app-tier sweep at count 7
//! gets a measured point"): k-of-n servers with two failure modes each, Weibull(1.5) hardware
//! failures with lognormal repairs of hours, and weekly Weibull(0.7) crashes restarted in
//! minutes.
//!
//! Before branches ran naturally after their first outage, forcing went on in the windows
//! between the crashes' short repairs while hardware repairs lasted hours: forced hardware
//! failures piled up faster than they were repaired, excursions lasted decades of simulated
//! time (579 windows a branch on average at count 7 by a throwaway instrumentation of that
//! code, some to the end of the run) and a sweep
//! point took minutes. These tests hold the work per branch bounded and check the estimate
//! against plain simulation where plain sees outages.

mod common;

use nines::engine::{simulate, simulate_rare};
use nines::model::{Method, Model};
use nines::stats::{RareSummary, Summary};

/// app-tier.toml at `count` servers (4 needed), with a one-year trial and no warm-up (the
/// steady window is the horizon), and a branch budget that a runaway excursion exceeds.
fn app_tier(count: u32, trials: u64, seed: u64) -> Model {
    let source = format!(
        r#"
[simulation]
horizon = "1y"
trials = {trials}
seed = {seed}
importance_trials = 0
[simulation.rare]
warmup = "0h"
max_branch_events = 10000
[components.app]
count = {count}
need = 4
[[components.app.modes]]
name = "hardware"
failure = {{ dist = "weibull", shape = 1.5, mean = "3y" }}
repair  = {{ dist = "lognormal", median = "6h", p95 = "48h" }}
[[components.app.modes]]
name = "crash"
failure = {{ dist = "weibull", shape = 0.7, mean = "7d" }}
repair  = {{ dist = "uniform", min = "1m", max = "10m" }}
[system]
all = ["app"]
"#
    );
    let mut model = common::model(&source);
    model.settings.confidence = 0.95;
    model
}

fn rare(mut model: Model) -> RareSummary {
    model.settings.method = Method::Rare;
    let out = simulate_rare(&model, 0, &|_| {}).expect("no branch exceeds its event budget");
    RareSummary::new(&model, &out.rare, out.warmup)
}

fn plain(model: &Model) -> Summary {
    let out = simulate(model, 0, &|_| {}).expect("plain run");
    Summary::new(model, &out, None)
}

/// Count 7, where plain simulation sees no outage: every branch stays within its budget of
/// 10,000 events (the run fails otherwise), the mean work per branch stays small, and the
/// estimate is a positive figure with an interval.
#[test]
fn count_seven_runs_bounded_excursions() {
    let s = rare(app_tier(7, 300, 3));
    let u = &s.horizon.unavailability;
    println!(
        "count 7: {:.3e} [{:.3e}, {:.3e}], {:.2} windows a branch, {} branches, cut by end {:.2e}",
        u.mean,
        u.ci_low.unwrap(),
        u.ci_high.unwrap(),
        s.mean_windows_per_branch,
        s.branches,
        s.cut_by_end
    );
    assert!(
        s.mean_windows_per_branch < 10.0,
        "{}",
        s.mean_windows_per_branch
    );
    assert!(s.branches_with_outage > 0 && u.mean > 0.0);
    assert!(s.cut_by_end < 1e-3, "{}", s.cut_by_end);
}

/// Count 5, where plain simulation sees hundreds of outages: the rare estimate of the
/// first-year unavailability agrees with plain's within the 95% half-width of their
/// difference (independent runs: the half-widths add in quadrature).
#[test]
fn count_five_agrees_with_plain() {
    let r = rare(app_tier(5, 4000, 11));
    let p = plain(&app_tier(5, 20_000, 12));
    let ru = &r.horizon.unavailability;
    let pa = &p.availability;
    let p_mean = 1.0 - pa.mean;
    // The rare interval is skewed: its half on the plain estimate's side.
    let r_half = common::rare::half_towards(ru, p_mean);
    let p_half = (pa.ci_high.unwrap() - pa.ci_low.unwrap()) / 2.0;
    let tolerance = r_half.hypot(p_half);
    println!(
        "count 5: rare {:.4e} ± {r_half:.3e}, plain {p_mean:.4e} ± {p_half:.3e} ({} trials with downtime); difference {:.3e}, tolerance {tolerance:.3e}",
        ru.mean,
        pa.trials_with_downtime,
        ru.mean - p_mean
    );
    common::print_z_se(
        "count 5, rare - plain",
        ru.mean - p_mean,
        tolerance / common::rare::z_half(),
        0.0,
    );
    assert!(pa.trials_with_downtime > 100);
    assert!((ru.mean - p_mean).abs() <= tolerance);
}
