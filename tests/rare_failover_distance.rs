//! A switchover under way is one failure from an outage, whatever else is up.
//!
//! The failure distance (src/engine/distance.rs) counted an instance being switched in as
//! a spare. After a failed active's repair ended within its standby's switchover, every
//! instance was up and the distance read full redundancy, so the last active's failure
//! during the switchover took the service down from outside any excursion: at its
//! natural odds, weight 1. Of 30 seeds of 20,000 trials, 6 met such an outage (one
//! branch carrying up to 10 % of the downtime); the other 24 were 1.9 % low on average
//! (0 % to 3.8 %), with intervals that did not say so (60 seeds: mean z −1.1, spread
//! 1.18, the estimates 0.993 of the exact value on average). The odds rule also counted only repairs as the events that
//! end a window, so it hardly forced the windows a switchover closes, where a failure is
//! the outage: its interval was twice the window rule's on the same group.
//!
//! Figures: `cargo test --release --test rare_failover_distance -- --nocapture`.

mod common;

use common::rare::{markov, rare_model, run};
use nines::model::Forcing;

/// Two actives of which one is needed and a warm standby ageing at half speed, 5 min
/// switchovers that fail 1 time in 100, then a manual failover (tests/validation_rare_ha.rs's
/// N + M group), lives of mean `mttf`.
fn n_plus_m(mttf: &str, trials: u64, seed: u64) -> String {
    format!(
        r#"
[simulation]
horizon = "1y"
trials = {trials}
seed = {seed}
importance_trials = 0
[components.db]
count = 3
need = 1
failure = {{ dist = "exponential", mean = "{mttf}" }}
repair = {{ dist = "exponential", mean = "2h" }}
[components.db.failover]
active = 2
standby = "warm"
warm_factor = 0.5
detection = "0s"
switchover = {{ dist = "exponential", mean = "5m" }}
success = "99%"
manual = {{ dist = "exponential", mean = "30m" }}
[system]
all = ["db"]
"#
    )
}

/// Every outage needs two failures within a repair or a switchover, each forced at odds
/// of about 1 in 10 000 (lives of 2 000 h against 2 h repairs and 5 min switchovers), so
/// no outage may run at a weight near 1. Before the fix, one outage in about 80 000
/// trials did (a repair ending within the switchover, then the active failing: 5 of 20
/// seeds of 20 000 trials had one, at log10 weight 0.0), so 400 000 trials meet one with
/// probability above 0.99.
#[test]
fn no_outage_comes_from_full_redundancy_during_a_switchover() {
    let model = rare_model(&n_plus_m("2000h", 400_000, 11));
    let (steady, _) = markov(&model);
    let s = run(&model, 0);
    let [_, highest] = s.log10_weight_range.expect("outages");
    println!(
        "N + M at 2000 h: highest log10 weight of an outage {highest:.2}, ESS {:.0} of {}",
        s.ess, s.branches_with_outage
    );
    common::rare::check("N + M 2000 h steady", &s.steady_state, steady);
    assert!(
        highest < -1.5,
        "an outage at log10 weight {highest:.2}: reached without forcing"
    );
}

/// The odds rule counts a switchover under way, and a manual failover, as events that end
/// a window, beside repairs: its interval is narrower than the window rule's on the N + M
/// group (0.76 to 0.88 of it on 20 seeds; 1.9 times it when it counted repairs only).
#[test]
fn the_odds_rule_forces_the_windows_a_switchover_closes() {
    let mut model = rare_model(&n_plus_m("20000h", 20_000, 3));
    let (steady, _) = markov(&model);
    model.settings.rare.forcing = Forcing::Window;
    let window = run(&model, 0);
    model.settings.rare.forcing = Forcing::Odds;
    let odds = run(&model, 0);
    common::rare::check("N + M window rule", &window.steady_state, steady);
    common::rare::check("N + M odds rule", &odds.steady_state, steady);
    let (w, o) = (
        window.steady_state.relative_error.expect("an interval"),
        odds.steady_state.relative_error.expect("an interval"),
    );
    assert!(
        o < w,
        "odds ±{:.1}% against the window rule's ±{:.1}%",
        100.0 * o,
        100.0 * w
    );
}
