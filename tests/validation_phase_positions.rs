//! A phase's `need` for a failover group (its active positions), against exact values.
//!
//! - Hot standbys, instant detection and switchover, certain success: the group has as many
//!   actives as positions while enough instances are available, so 3 instances with need
//!   1 -> 2 in a season are a k-of-3 whose k changes, exact by the chain (uniformisation,
//!   tests/common/phased.rs).
//! - Instances that never fail, one active and one hot standby, need 1 -> 2 in a season:
//!   the only downtime is the promotion at the season's start, a switchover S that works
//!   with probability p, else an operator's manual failover M after it, so the season's
//!   expected downtime is E[S] + (1 - p) E[M], once a year; the fall at its end demotes the
//!   extra active at once (no downtime).

mod common;

use common::cli::{nines, refused_run, stdout, temp_dir, write};
use common::phased::{
    advance, assert_phase_within, assert_same_on_any_thread_count, exact_by_phase, phase, units,
    YEAR,
};
use common::simulate;

/// 1 November for 60 days: hours [304 d, 364 d) of the year.
const SEASON_FROM: f64 = 304.0 * 24.0;
const SEASON_TO: f64 = 364.0 * 24.0;

/// A group `db` of `count` instances, one active, with `failover` keys and laws, a season
/// from 1 November for 60 days with need `season_need`.
fn group(count: usize, laws: &str, failover: &str, season_need: usize, seed: u64) -> String {
    format!(
        r#"
        name = "failover need rises"
        [simulation]
        horizon = "1y"
        trials = 4000
        seed = {seed}
        [components.db]
        count = {count}
        {laws}
        [components.db.failover]
        active = 1
        standby = "hot"
        {failover}
        [system]
        all = ["db"]
        [[phases]]
        name = "season"
        from = "11-01"
        days = 60
        need = {{ db = {season_need} }}
        "#
    )
}

const MTTF: f64 = 100.0;
const MTTR: f64 = 20.0;

/// Three hot instances with instant, certain failover: a k-of-3.
fn instant(seed: u64) -> String {
    group(
        3,
        &format!(
            r#"failure = {{ dist = "exponential", mean = "{MTTF}h" }}
        repair = {{ dist = "exponential", mean = "{MTTR}h" }}"#
        ),
        r#"detection = "0s"
        switchover = "0s""#,
        2,
        seed,
    )
}

#[test]
fn instant_failover_with_a_rising_need_is_a_k_of_n() {
    let summary = simulate(&instant(151));
    let (normal, season, year) = exact_by_phase(
        SEASON_FROM,
        SEASON_TO,
        |_| units(3, 1.0 / MTTF, 1.0 / MTTR),
        |p, down| 3 - down >= if p == 1 { 2 } else { 1 },
    );
    assert_phase_within("failover need 1 -> 2", &summary, "normal", normal);
    assert_phase_within("failover need 1 -> 2", &summary, "season", season);
    common::assert_availability_within_interval("failover need 1 -> 2, year", &summary, year);
    // The season's need matters: a need of 1 all year is far above the season's interval.
    let (_, unchanged, _) = exact_by_phase(
        SEASON_FROM,
        SEASON_TO,
        |_| units(3, 1.0 / MTTF, 1.0 / MTTR),
        |_, down| down < 3,
    );
    let high = phase(&summary, "season").availability.ci_high.unwrap();
    assert!(
        unchanged > high,
        "need 1 gives {unchanged}, not above {high}"
    );
}

/// Mean switchover, success and mean manual failover (hours) of the boundary case.
const SWITCH: f64 = 1.0;
const SUCCESS: f64 = 0.8;
const MANUAL: f64 = 4.0;

/// One active and one hot standby that never fail; the season promotes the standby.
fn promoted_at_the_boundary(seed: u64) -> String {
    group(
        2,
        r#"failure = { dist = "fixed", value = "1000y" }
        repair = { dist = "fixed", value = "1h" }"#,
        &format!(
            r#"detection = "1000h"
        switchover = {{ dist = "exponential", mean = "{SWITCH}h" }}
        success = "{}%"
        manual = {{ dist = "exponential", mean = "{MANUAL}h" }}"#,
            SUCCESS * 100.0
        ),
        2,
        seed,
    )
}

#[test]
fn a_rise_is_down_for_its_switchover_and_a_fall_for_nothing() {
    let summary = simulate(&promoted_at_the_boundary(152));
    // The detection (1000 h) is left out at a planned boundary: were it counted, the
    // season would be down for most of its 1440 hours.
    let hours = SEASON_TO - SEASON_FROM;
    let season = 1.0 - (SWITCH + (1.0 - SUCCESS) * MANUAL) / hours;
    assert_phase_within("promotion at the boundary", &summary, "season", season);
    let normal = phase(&summary, "normal");
    assert_eq!(normal.availability.mean, 1.0, "the fall costs nothing");
    assert_eq!(normal.outages.count, 0);
    // One outage a year, begun in the season.
    assert_eq!(phase(&summary, "season").outages.count, summary.trials);
}

#[test]
fn a_failover_groups_phase_need_on_any_thread_count() {
    assert_same_on_any_thread_count(&promoted_at_the_boundary(153));
    assert_same_on_any_thread_count(&instant(154));
}

#[test]
fn check_shows_a_failover_groups_phase_need() {
    let dir = temp_dir();
    write(dir.path(), "s.toml", &instant(155));
    let text = stdout(&nines(&["check", "s.toml"], dir.path()));
    assert!(
        text.contains("db: need 2 of 3 (outside phases 1); 1 standby(s) promoted by switchover at the phase's start"),
        "{text}"
    );
}

#[test]
fn a_failover_groups_phase_need_out_of_range_or_unlike_its_positions_is_refused() {
    let dir = temp_dir();
    let file = write(
        dir.path(),
        "s.toml",
        &instant(156).replace("db = 2 }", "db = 4 }"),
    );
    let message = refused_run(dir.path(), &file, "above the count");
    assert!(
        message.contains("s.toml:22: phases[0].need.db: 4 is out of range; expected a whole number from 1 to the component's count (3)"),
        "{message}"
    );
    let two_active = instant(157)
        .replace("active = 1", "active = 2")
        .replace("count = 3", "count = 3\n        need = 1")
        .replace("db = 2 }", "db = 3 }");
    let file = write(dir.path(), "t.toml", &two_active);
    let message = refused_run(dir.path(), &file, "need unlike active");
    assert!(
        message.contains("phases[0].need.db: a phase cannot change the need of a failover group whose need differs from its active positions"),
        "{message}"
    );
}

#[test]
fn the_rare_method_refuses_a_failover_groups_phase_need() {
    let dir = temp_dir();
    let file = write(dir.path(), "s.toml", &instant(158));
    let output = nines(&["run", "s.toml", "--method", "rare"], dir.path());
    let message = common::cli::stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(
        message.contains(
            "a phase's need for the failover group 'db' is not supported by --method rare yet"
        ),
        "{message}"
    );
    assert!(file.exists());
}

#[test]
fn a_phase_holding_at_the_start_begins_with_its_positions() {
    // Every other week from hour 0, two of three are needed: the trial starts in the phase,
    // with two actives and one standby (engine::phase_positions, start_with_positions).
    let source = instant(159).replace(
        "from = \"11-01\"\n        days = 60",
        "every = \"2w\"\n        duration = \"1w\"",
    );
    let summary = simulate(&source);
    let rates = units(3, 1.0 / MTTF, 1.0 / MTTR);
    let mut pi = vec![1.0, 0.0, 0.0, 0.0];
    let (mut up, mut hours) = ([0.0; 2], [0.0; 2]);
    let mut start = 0.0;
    while start < YEAR {
        let in_phase = ((start / 168.0).round() as u64).is_multiple_of(2);
        let end = (start + 168.0_f64).min(YEAR);
        let integral = advance(&rates, &mut pi, end - start);
        let (p, need) = if in_phase { (1, 2) } else { (0, 1) };
        up[p] += (0..=3 - need).map(|down| integral[down]).sum::<f64>();
        hours[p] += end - start;
        start = end;
    }
    assert_phase_within("phase at the start", &summary, "normal", up[0] / hours[0]);
    assert_phase_within("phase at the start", &summary, "season", up[1] / hours[1]);
}
