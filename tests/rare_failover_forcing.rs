//! The rare method keeps forcing through a failover's outage.
//!
//! A branch runs naturally after its first outage (docs/rare-events.md), except after an
//! outage that is a failover under way, which ends by itself: in a 1 + 1 pair every failure
//! of the active is one, and the rare part of the excursion (the new active failing before
//! the old one is repaired) is still ahead. Left natural, that part was seen only at its
//! natural odds (4 in 10 000 here) with weight 1, the heavy tail that made the pair's
//! intervals too narrow on some seeds (z down to −5.6 in the seed sweep of
//! tests/validation_rare_blocks.rs and tests/validation_rare_ha.rs, docs/testing.md).
//!
//! Figures: `cargo test --release --test rare_failover_forcing -- --nocapture`.

mod common;

use common::rare::{rare_model, run};
use nines::stats::RareSummary;

/// Two instances, mean life 10 000 h, repairs 4 h, both exponential; `extra` configures
/// them (a failover group or a need).
fn pair(extra: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "1y"
trials = 20000
seed = 71
importance_trials = 0
[components.pair]
count = 2
failure = {{ dist = "exponential", mean = "10000h" }}
repair = {{ dist = "exponential", mean = "4h" }}
{extra}
[system]
all = ["pair"]
"#
    )
}

/// Steady-state unavailability of two independent exponential units both down:
/// (λ / (λ + μ))².
fn both_down(mttf: f64, mttr: f64) -> f64 {
    let p = (1.0 / mttf) / (1.0 / mttf + 1.0 / mttr);
    p * p
}

/// The steady-state estimate within 1.2 half-widths of `exact` (the rare tests' rule), z
/// printed; returns the relative half-width.
fn check(label: &str, s: &RareSummary, exact: f64) -> f64 {
    println!(
        "{label}: {} of {} branches with an outage, ESS {:.0}, {:.2} windows a branch",
        s.branches_with_outage, s.branches, s.ess, s.mean_windows_per_branch
    );
    common::rare::check(label, &s.steady_state, exact);
    s.steady_state.relative_error.expect("an interval")
}

/// `successes` of `trials` within the 99.9% normal interval of a binomial share `p`.
fn assert_binomial(label: &str, successes: u64, trials: u64, p: f64) {
    let share = successes as f64 / trials as f64;
    let se = (p * (1.0 - p) / trials as f64).sqrt();
    assert!(
        (share - p).abs() <= 3.29 * se,
        "{label}: share {share:.4} of {trials}, expected {p} ± {:.4}",
        3.29 * se
    );
}

/// An instant failover (no detection, no switchover time) makes the pair the same process
/// as a 1-of-2 tier: down exactly while both instances are. The method must estimate both
/// alike. Each excursion (one instance under repair) opens one window until the repair.
/// The odds rule (the default) forces the other's failure in it with odds θ / (1 − θ) ×
/// μ / λ times the natural odds e^{λT} − 1, i.e. about μT at θ = 0.5 (λT ≤ 1e-3 for all
/// but a negligible share of repairs), so with T exponential of rate μ a branch reaches
/// both down with probability E[X / (1 + X)], X exponential of mean 1: 1 − e·E1(1) =
/// 0.40365 (mpmath: `1 - e * e1(1)`, and the integral `quad(x/(1+x) e^-x)` alike), in the
/// pair as in the tier.
#[test]
fn an_instant_failover_pair_is_forced_as_a_one_of_two_tier() {
    const REACHED: f64 = 0.403_652_637_676_806;
    let exact = both_down(10_000.0, 4.0);
    let tier = run(&rare_model(&pair("need = 1")), 0);
    let pair = run(
        &rare_model(&pair(
            "[components.pair.failover]\ndetection = \"0s\"\nswitchover = \"0s\"",
        )),
        0,
    );
    let tier_error = check("1-of-2 tier", &tier, exact);
    let pair_error = check("instant failover pair", &pair, exact);
    for (label, s) in [("tier", &tier), ("pair", &pair)] {
        assert_binomial(label, s.branches_with_outage, s.branches, REACHED);
    }
    // Before the fix the pair's branches went natural at the failover's outage of no
    // length: a quarter of them reached both down and its relative error was 5 to 15
    // times the tier's.
    assert!(
        pair_error <= 1.25 * tier_error,
        "pair ±{:.1}% against the tier's ±{:.1}%",
        100.0 * pair_error,
        100.0 * tier_error
    );
}

/// A 30 s switchover is an outage of its own at every failure of the active. The branch
/// pauses forcing while it lasts and forces again once the standby has taken over, so
/// every excursion opens a window on the way to both instances down (the one failed
/// first under repair, the other forced), and the estimate is as well centred.
#[test]
fn forcing_resumes_after_a_switchover() {
    let source = pair(
        r#"[components.pair.failover]
detection = "0s"
switchover = { dist = "exponential", mean = "30s" }"#,
    );
    let model = rare_model(&source);
    let exact = nines::exact::solve(&model, 400_000)
        .markov
        .figures
        .expect("a Markov chain")
        .unavailability;
    let s = run(&model, 0);
    let error = check("30 s switchover pair", &s, exact);
    // Its both-down part is the instant pair's, estimated alike; the switchovers add five
    // times as much downtime at a small spread (one outage of mean 30 s per failure of the
    // active, unforced). Natural after the switchover, it was ±10% here.
    let instant = run(
        &rare_model(&pair(
            "[components.pair.failover]\ndetection = \"0s\"\nswitchover = \"0s\"",
        )),
        0,
    );
    let instant_error = check("instant failover pair", &instant, both_down(10_000.0, 4.0));
    assert!(
        error <= instant_error,
        "30 s switchover ±{:.1}% against the instant pair's ±{:.1}%",
        100.0 * error,
        100.0 * instant_error
    );
    // Natural after the switchover's outage, the branches of an active's failure (half of
    // them) opened no window at all: 0.5 windows a branch.
    assert!(
        s.mean_windows_per_branch >= 0.95,
        "{:.3} windows a branch",
        s.mean_windows_per_branch
    );
}
