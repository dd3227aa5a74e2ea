//! More of one trial (src/engine/trial.rs) against timelines worked out by hand, for the
//! cargo-mutants survivors of its second half (clocks, failures, repairs, propagation;
//! docs/testing.md, "Mutation results"). tests/trial_record.rs holds the first half's.
//!
//! A phase may replace a failure law only by one with a density, so the laws below that
//! must act at a known time are uniform over a thousandth of an hour: every failure time is
//! known to 1e-3 h; with fixed repairs, every downtime figure is exact.

use std::path::Path;

use nines::engine::{Force, Simulator};
use nines::model::Model;

fn model(source: &str) -> Model {
    nines::scenario::parse(source, "trial2.toml", Path::new("."), "trial2").expect("valid scenario")
}

/// Asserts an hour figure within `tolerance` hours of the value worked out by hand.
fn near(label: &str, value: f64, exact: f64, tolerance: f64) {
    assert!(
        (value - exact).abs() <= tolerance,
        "{label}: {value}, expected {exact} ± {tolerance}"
    );
}

/// Asserts the service never down in trial 0 with `component` (or its first instance) held
/// up.
fn never_down(model: &Model, component: usize, one_instance: bool) {
    let force = Force {
        component,
        up: true,
        one_instance,
    };
    let record = Simulator::with_force(model, Some(force)).run(0);
    assert_eq!(record.outages, 0);
    near("downtime", record.downtime, 0.0, 0.0);
}

/// One server whose own life (exponential, mean 10¹² h) practically never ends (a failure
/// within the 200 h has probability 2e-10), in a phase from 10 h on whose law is uniform on
/// [30, 30.001] h. At 10 h its clock, 10 h old, draws the rest of its life from the phase's
/// law given that age: 20 h. So it fails at 30 h, and after each 5 h repair lives 30 h more:
/// down 30-35, 65-70, 100-105, 135-140 and 170-175 h.
const PHASE_LAW: &str = r#"
[simulation]
horizon = "200h"
[components.server]
failure = { dist = "exponential", mean = "1000000000000h" }
repair = { dist = "fixed", value = "5h" }
[[phases]]
name = "strained"
every = "1000h"
duration = "500h"
start = "10h"
[phases.failure]
server = { dist = "uniform", min = "30h", max = "30.001h" }
[system]
all = ["server"]
"#;

/// A phase that replaces a failure law redraws a running clock's remaining life from the new
/// law at the age it reached (`clock_never_runs` must say false for a running clock).
#[test]
fn a_phase_law_redraws_a_running_clock_from_its_age() {
    let model = model(PHASE_LAW);
    let record = Simulator::new(&model).run(0);
    assert_eq!(record.outages, 5);
    near("downtime", record.downtime, 25.0, 1e-9);
    near("longest", record.longest_outage, 5.0, 1e-9);
}

/// A component held up never fails, phase or not: its clock never runs, and a phase's new
/// law must not start it (`clock_never_runs` must say true for it).
#[test]
fn a_phase_law_leaves_a_held_up_clock_stopped() {
    let model = model(PHASE_LAW);
    never_down(&model, 0, false);
}

/// A cold-standby pair under the same phase law, with a 1 h switchover. At 10 h db0 (active,
/// 10 h old) draws 20 h more and db1 (cold, never run) 30 h, kept until it runs. Each
/// failure starts a 1 h switchover to the other instance, which then runs its 30 h; the one
/// failed is back 5 h later, cold, with a fresh 30 h life from the phase's law. So the
/// service is down for 1 h at about 30, 61, 92, 123, 154 and 185 h (the promoted clock runs
/// from the switchover's end) or 30, 60, ..., 180 h (from its start): 6 outages either way.
const COLD_PAIR: &str = r#"
[simulation]
horizon = "200h"
[components.db]
count = 2
failure = { dist = "exponential", mean = "1000000000000h" }
repair = { dist = "fixed", value = "5h" }
[components.db.failover]
detection = "0s"
switchover = "1h"
standby = "cold"
[[phases]]
name = "strained"
every = "1000h"
duration = "500h"
start = "10h"
[phases.failure]
db = { dist = "uniform", min = "30h", max = "30.001h" }
[system]
all = ["db"]
"#;

/// Importance runs reuse one simulator, holding a component up in one trial and not in the
/// next. A held clock's due time and stopped life are infinite; the next trial must not read
/// those left-overs as "never runs": running (db0) or stopped (db1, cold), each clock draws
/// its life from the phase's law at 10 h, as on a fresh simulator.
#[test]
fn a_phase_law_reaches_every_clock_after_a_held_trial() {
    let model = model(COLD_PAIR);
    let fresh = Simulator::new(&model).run(1);
    let force = Force {
        component: 0,
        up: true,
        one_instance: false,
    };
    let mut reused = Simulator::with_force(&model, Some(force));
    assert_eq!(reused.run(0).outages, 0, "held up: never down");
    reused.set_force(None);
    let again = reused.run(1);
    for (label, record) in [("fresh", fresh), ("after a held trial", again)] {
        assert_eq!(record.outages, 6, "{label}");
        near(label, record.downtime, 6.0, 1e-9);
    }
}

/// Two app servers (need 1), app i on store i. store0 is held up; store1 fails at 50 h and
/// is back at 150 h, past the 140 h horizon, so app1 is cut off (not failed) from 50 h on.
/// Rolling maintenance from 60 h may take app0 down only if another app server is
/// available, and none is: it waits, trying every 10 h, and the service is never down.
const CUT_OFF: &str = r#"
[simulation]
horizon = "140h"
[components.store]
count = 2
failure = { dist = "fixed", value = "50h" }
repair = { dist = "fixed", value = "100h" }
[components.app]
count = 2
need = 1
depends_on = ["store"]
failure = { dist = "exponential", mean = "1000000000000h" }
repair = { dist = "fixed", value = "1h" }
[components.app.maintenance]
every = "1000h"
start = "60h"
duration = "10h"
strategy = "rolling"
[system]
all = ["app"]
"#;

/// An instance is available only with its own modes up *and* its dependencies up: one cut
/// off by a dependency cannot stand in for one taken down for maintenance.
#[test]
fn an_instance_cut_off_by_a_dependency_is_not_available() {
    let model = model(CUT_OFF);
    let store = model.components.iter().position(|c| c.name == "store");
    never_down(&model, store.expect("store is a component"), true);
}

/// app on store: app fails at 30 h and is repaired at 70 h; store fails at 50 h and is back
/// at 60 h, while app is down anyway. Over 90 h (app's next failure would be at 100 h,
/// store's at 110 h) the service is down once, 30-70 h: store's outage neither takes app
/// down a second time nor brings it back before its repair.
const DEPENDENT: &str = r#"
[simulation]
horizon = "90h"
[components.store]
failure = { dist = "fixed", value = "50h" }
repair = { dist = "fixed", value = "10h" }
[components.app]
depends_on = ["store"]
failure = { dist = "fixed", value = "30h" }
repair = { dist = "fixed", value = "40h" }
[system]
all = ["app"]
"#;

/// A dependent is down while its own mode *or* a dependency is down, and back only when
/// both are up; a dependency's outage within its own is no second change.
#[test]
fn a_dependency_outage_within_a_failure_changes_nothing() {
    let model = model(DEPENDENT);
    let record = Simulator::new(&model).run(0);
    assert_eq!(record.outages, 1);
    near("downtime", record.downtime, 40.0, 1e-9);
    near("longest", record.longest_outage, 40.0, 1e-9);
}

/// A server maintained (all at once) for 1 h every 2 h from 10 h fails at 10.5 h and is
/// back at 15.5 h. Its first outage, 10-15.5 h, is planned only until the first window
/// ends (11 h): the windows at 12 and 14 h, opening and closing within the outage, leave it
/// the failure's. Then the windows at 16 and 18 h are planned outages of 1 h each (its next
/// failure is due at 26 h, past the 20 h horizon, and the window at 20 h opens there).
const MAINTAINED_OFTEN: &str = r#"
[simulation]
horizon = "20h"
[components.server]
failure = { dist = "fixed", value = "10.5h" }
repair = { dist = "fixed", value = "5h" }
[components.server.maintenance]
every = "2h"
start = "10h"
duration = "1h"
strategy = "all"
[system]
all = ["server"]
"#;

/// The planned part of an outage ends for good when maintenance first stops holding it.
#[test]
fn a_planned_part_ends_at_the_first_window_end() {
    let record = Simulator::new(&model(MAINTAINED_OFTEN)).run(0);
    assert_eq!(record.outages, 3);
    near("downtime", record.downtime, 5.5 + 1.0 + 1.0, 1e-9);
    near("planned", record.planned_downtime, 1.0 + 1.0 + 1.0, 1e-9);
}

/// A server whose failure (fixed 10 h) is hidden, inspected every 20 h (found when the
/// inspection at 20 h ends, at once), repaired in 5 h: down 10-25 h, then new, failing
/// again at 35 h, found at 40 h, back at 45 h, over 50 h. Until found, an outage's downtime
/// counts to `failure (hidden)` (10-20 and 35-40 h); from then on to `failure` (5 h twice).
/// A switch in series that does not fail within the horizon gives the model a second
/// failure mode, so that the hidden cause (numbered after every mode) is not cause 1: a
/// takeover keyed on a wrong cause number cannot pass by coincidence.
const HIDDEN: &str = r#"
[simulation]
horizon = "50h"
[components.server]
failure = { dist = "fixed", value = "10h" }
repair = { dist = "fixed", value = "5h" }
hidden = true
[components.server.inspection]
every = "20h"
[components.switch]
failure = { dist = "fixed", value = "1000h" }
repair = { dist = "fixed", value = "1h" }
[system]
all = ["server", "switch"]
"#;

/// Finding a hidden fault moves the rest of its outage's downtime to the mode.
#[test]
fn a_found_fault_takes_over_its_outage() {
    let model = model(HIDDEN);
    let mut simulator = Simulator::new(&model);
    let record = simulator.run(0);
    assert_eq!(record.outages, 2);
    near("downtime", record.downtime, 15.0 + 10.0, 1e-9);
    let tally = simulator.tally();
    let server = model.components.iter().position(|c| c.name == "server");
    for (label, exact) in [("failure (hidden)", 10.0 + 5.0), ("failure", 5.0 + 5.0)] {
        let cause = model
            .layout
            .causes
            .iter()
            .position(|c| c.label == label && Some(c.component as usize) == server);
        let cause = cause.unwrap_or_else(|| panic!("a cause {label}"));
        near(label, tally.downtime_by_cause(cause), exact, 1e-9);
    }
}
