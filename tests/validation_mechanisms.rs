//! Shocks and planned maintenance against exact answers.

mod common;

use common::{assert_availability_within_interval, simulate, Ctmc};

const YEAR: f64 = 8766.0;

/// A component that never fails within a year, so only the mechanism under test acts.
const NEVER_FAILS: &str = r#"failure = { dist = "fixed", value = "1000y" }
repair = { dist = "fixed", value = "1h" }"#;

#[test]
fn shock_hitting_every_instance_is_a_two_state_process() {
    // Shocks every exp(100 h) after the last recovery, each hitting all four instances,
    // recovering after exp(10 h): the service alternates up exp(λ), down exp(μ).
    let summary = simulate(&format!(
        r#"
        [simulation]
        trials = 20000
        seed = 51
        [components.app]
        count = 4
        need = 4
        {NEVER_FAILS}
        [[components.app.shocks]]
        name = "bad deploy"
        every = {{ dist = "exponential", mean = "100h" }}
        reach = "100%"
        recovery = {{ dist = "exponential", mean = "10h" }}
        [system]
        all = ["app"]
        "#
    ));
    let exact = Ctmc::independent(&[(0.01, 0.1)]).interval_availability(YEAR, |s| s == 0);
    assert_availability_within_interval("shock, reach 100%", &summary, exact);
    let cause = &summary.attribution.causes[0];
    assert_eq!(
        (cause.component.as_str(), cause.cause.as_str()),
        ("app", "bad deploy")
    );
}

#[test]
fn partial_shock_reach_with_spare_capacity() {
    // Reach 50% on 4 instances, 2 needed: the service is down only while 3 or 4 are hit.
    // A shock hitting nobody is over at once; one hitting 1 or 2 instances still holds off
    // the next shock until its recovery. States: 0 waiting for a shock (up), 1 recovering
    // with the service up, 2 recovering with the service down.
    // P(hit 0) = 1/16, P(1 or 2) = 10/16, P(3 or 4) = 5/16; exponential every makes the
    // shocks that hit nobody a thinning: 0 -> 1 at 10λ/16, 0 -> 2 at 5λ/16; 1, 2 -> 0 at μ.
    let (l, m) = (0.01, 0.1);
    let summary = simulate(&format!(
        r#"
        [simulation]
        trials = 20000
        seed = 52
        [components.app]
        count = 4
        need = 2
        {NEVER_FAILS}
        [[components.app.shocks]]
        name = "config push"
        every = {{ dist = "exponential", mean = "100h" }}
        reach = "50%"
        recovery = {{ dist = "exponential", mean = "10h" }}
        [system]
        all = ["app"]
        "#
    ));
    let chain = Ctmc {
        rates: vec![
            vec![0.0, l * 10.0 / 16.0, l * 5.0 / 16.0],
            vec![m, 0.0, 0.0],
            vec![m, 0.0, 0.0],
        ],
    };
    let exact = chain.interval_availability(YEAR, |s| s < 2);
    assert_availability_within_interval("shock, reach 50%, 2 of 4", &summary, exact);
}

fn maintenance_scenario(component: &str, exclude: bool) -> String {
    format!(
        r#"
        [simulation]
        trials = 50
        exclude_planned = {exclude}
        {component}
        [system]
        all = ["app"]
        "#
    )
}

#[test]
fn all_at_once_maintenance_is_planned_downtime() {
    // Windows at 15 d, 45 d, ..., 345 d: 12 in a year of 365.25 d, 2 h each: 24 h exactly.
    let component = format!(
        r#"[components.app]
        count = 2
        need = 1
        {NEVER_FAILS}
        [components.app.maintenance]
        every = "30d"
        start = "15d"
        duration = "2h"
        strategy = "all""#
    );
    let counted = simulate(&maintenance_scenario(&component, false));
    assert!((counted.planned_downtime.planned_minutes_per_year - 1440.0).abs() < 1e-6);
    assert_eq!(counted.planned_downtime.unplanned_minutes_per_year, 0.0);
    assert!((counted.availability.mean - (1.0 - 24.0 / YEAR)).abs() < 1e-12);
    assert!((counted.outages.per_year - 12.0).abs() < 1e-9);

    let excluded = simulate(&maintenance_scenario(&component, true));
    assert_eq!(excluded.availability.mean, 1.0);
    assert!(excluded.planned_downtime.excluded_from_availability);
    assert_eq!(excluded.target.p_trial_meets, 1.0);
}

#[test]
fn rolling_maintenance_never_goes_below_need() {
    let component = format!(
        r#"[components.app]
        count = 3
        need = 2
        {NEVER_FAILS}
        [components.app.maintenance]
        every = "7d"
        duration = "4h"
        strategy = "rolling""#
    );
    let summary = simulate(&maintenance_scenario(&component, false));
    assert_eq!(summary.availability.mean, 1.0);
    assert_eq!(summary.outages.per_year, 0.0);
}

#[test]
fn rolling_maintenance_of_a_failover_pair_costs_two_switchovers_a_window() {
    // Maintenance takes the active down: the standby takes over after detection (30 s) +
    // switchover (30 s). When it is back, the new active's turn costs another minute.
    // 12 windows a year (every 30 d from 15 d): 24 minutes of planned downtime, exactly.
    let component = format!(
        r#"[components.app]
        count = 2
        {NEVER_FAILS}
        [components.app.failover]
        detection = "30s"
        switchover = "30s"
        [components.app.maintenance]
        every = "30d"
        start = "15d"
        duration = "1h""#
    );
    let summary = simulate(&maintenance_scenario(&component, false));
    let planned = summary.planned_downtime.planned_minutes_per_year;
    assert!((planned - 24.0).abs() < 1e-6, "{planned}");
    assert!((summary.outages.per_year - 24.0).abs() < 1e-9);
    assert_eq!(summary.attribution.causes[0].cause, "maintenance");
}

#[test]
fn sla_windows_split_outages_at_their_boundaries_and_earn_credits() {
    // A 2 h outage every month, starting 1 h before each month ends (729.5 h into it): month
    // 0 gets 1 h (its end), months 1 to 11 get 2 h (1 h at the start, 1 h at the end; the
    // last one is cut at the horizon). Availability: month 0, 1 - 1/730.5 = 99.863%; the
    // others 1 - 2/730.5 = 99.726%. Every month breaches 99.9%. Credits: 10% below 99.9%,
    // 25% below 99.8%: 0.10 + 11 x 0.25 = 2.85 monthly fees a year, in every trial.
    let summary = simulate(&format!(
        r#"
        [simulation]
        trials = 20
        target = "99.9%"
        [components.app]
        count = 2
        need = 1
        {NEVER_FAILS}
        [components.app.maintenance]
        every = "1mo"
        start = "729.5h"
        duration = "2h"
        strategy = "all"
        [system]
        all = ["app"]
        [sla]
        window = "1mo"
        credits = [{{ below = "99.9%", credit = "10%" }}, {{ below = "99.8%", credit = "25%" }}]
        "#
    ));
    let sla = &summary.sla;
    assert_eq!(sla.windows_per_trial, 12);
    assert_eq!(sla.p_window_breach.as_ref().unwrap().mean, 1.0);
    let credit = sla.expected_credit_per_year.as_ref().unwrap().mean;
    assert!((credit - 2.85).abs() < 1e-9, "{credit}");
    let windows = sla.window_availability.as_ref().unwrap();
    // Eleven of twelve months have 2 h down: the median month is at 1 - 2/730.5.
    assert!(
        (windows.p50 - (1.0 - 2.0 / 730.5)).abs() < 1e-5,
        "{}",
        windows.p50
    );
}
