//! A phase's need for a balanced backend group or a failover group allocates nothing per
//! event or per trial: over 400 trials a simulator whose phases raise and lower that need
//! every week makes no more allocations, once warmed up, than the same model without phases, counted by a
//! global allocator on this thread.

use std::path::Path;

use nines::engine::Simulator;

#[path = "common/counting.rs"]
mod counting;
use counting::allocations;

const MODEL: &str = r#"
[simulation]
horizon = "1y"
seed = 17

[components.lb]
failure = { dist = "exponential", mean = "5000h" }
repair = { dist = "exponential", mean = "4h" }

[components.web]
count = 3
need = 1
failure = { dist = "exponential", mean = "300h" }
repair = { dist = "exponential", mean = "12h" }
[components.web.health_check]
balancer = "lb"
interval = "30s"

[system]
all = ["lb", "web"]
"#;

const PHASES: &str = r#"
[[phases]]
name = "weekday"
every = "1w"
duration = "5d"
need = { web = 3 }
"#;

/// A failover group of one active and two warm standbys with failed switchovers.
const FAILOVER: &str = r#"
[simulation]
horizon = "1y"
seed = 19

[components.db]
count = 3
failure = { dist = "exponential", mean = "300h" }
repair = { dist = "exponential", mean = "12h" }
[components.db.failover]
active = 1
standby = "warm"
warm_factor = 0.5
detection = "1m"
switchover = { dist = "exponential", mean = "10m" }
success = "90%"
manual = { dist = "exponential", mean = "1h" }

[system]
all = ["db"]
"#;

const FAILOVER_PHASES: &str = r#"
[[phases]]
name = "weekday"
every = "1w"
duration = "5d"
need = { db = 2 }
"#;

#[test]
fn a_balanced_groups_phase_need_allocates_nothing() {
    assert_no_more_allocations(MODEL, PHASES);
}

#[test]
fn a_failover_groups_phase_need_allocates_nothing() {
    assert_no_more_allocations(FAILOVER, FAILOVER_PHASES);
}

/// Runs 400 trials (after 400 to warm up) of `model` without and with `phases`, and asserts the phases did act
/// (downtime) and added no allocation.
fn assert_no_more_allocations(model: &str, phases: &str) {
    let parse = |text: &str| {
        nines::scenario::parse(text, "t", Path::new("."), "t").expect("the model compiles")
    };
    let plain = parse(model);
    let phased = parse(&(model.to_string() + phases));
    let (mut a, mut b) = (Simulator::new(&plain), Simulator::new(&phased));
    // The first trials size the per-trial storage (the event queue's capacity grows to
    // the most events ever pending at once, which a rare trial may raise once).
    for trial in 0..400 {
        a.run(trial);
        b.run(trial);
    }
    let mut downtime = 0.0;
    let counted_plain = allocations(|| {
        for trial in 400..800 {
            a.run(trial);
        }
    });
    let counted_phased = allocations(|| {
        for trial in 400..800 {
            downtime += b.run(trial).downtime;
        }
    });
    println!("allocations over 400 trials: {counted_plain} without phases, {counted_phased} with");
    assert!(downtime > 0.0);
    assert!(
        counted_phased <= counted_plain,
        "{counted_phased} allocations with phases, {counted_plain} without"
    );
}
