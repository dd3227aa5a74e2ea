//! Rolling maintenance never takes a tier below the need in force: a phase that raises a
//! component's need raises the floor maintenance respects (engine/common_cause.rs reads the
//! trial's need, not the scenario's).
//!
//! Three servers that never fail, need 1, patched monthly one at a time for 20 minutes. With
//! need 1 a patch leaves two up: no downtime either way. In a phase raising the need to 3 for
//! the whole year, taking any server down would be an outage of 20 minutes a patch, 36 a year
//! (12 months x 3 servers: 720 minutes); respecting the phase's need, maintenance waits and the
//! year has no downtime at all.

mod common;

use common::simulate;

fn scenario(phase_need: u32) -> String {
    format!(
        r#"
        name = "maintenance under a raised need"
        [simulation]
        horizon = "1y"
        trials = 20
        seed = 7
        [components.web]
        count = 3
        need = 1
        failure = {{ dist = "fixed", value = "1000y" }}
        repair = {{ dist = "fixed", value = "1h" }}
        [components.web.maintenance]
        every = "30d"
        duration = "20m"
        strategy = "rolling"
        [system]
        all = ["web"]
        [[phases]]
        name = "freeze-free year"
        from = "01-01"
        days = 365
        need = {{ web = {phase_need} }}
        "#
    )
}

#[test]
fn maintenance_respects_a_need_raised_by_a_phase() {
    let raised = simulate(&scenario(3));
    assert_eq!(
        raised.planned_downtime.planned_minutes_per_year, 0.0,
        "maintenance took a server down below the phase's need of 3"
    );
    assert_eq!(raised.availability.mean, 1.0);
}

/// A phase need of 2 leaves maintenance one server to spare: it patches, and two stay up.
#[test]
fn a_phase_need_with_a_spare_loses_nothing() {
    assert_eq!(simulate(&scenario(2)).availability.mean, 1.0);
}
