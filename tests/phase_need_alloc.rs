//! A phase's need for a balanced backend group allocates nothing per event or per trial:
//! over 399 trials a simulator whose phases raise and lower that need every week makes no
//! more allocations than the same model without phases, counted by a global allocator on
//! this thread.

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

#[test]
fn a_balanced_groups_phase_need_allocates_nothing() {
    let parse = |text: &str| {
        nines::scenario::parse(text, "t", Path::new("."), "t").expect("the model compiles")
    };
    let plain = parse(MODEL);
    let phased = parse(&(MODEL.to_string() + PHASES));
    let (mut a, mut b) = (Simulator::new(&plain), Simulator::new(&phased));
    // The first trial sizes the per-trial storage.
    a.run(0);
    b.run(0);
    let mut downtime = 0.0;
    let counted_plain = allocations(|| {
        for trial in 1..400 {
            a.run(trial);
        }
    });
    let counted_phased = allocations(|| {
        for trial in 1..400 {
            downtime += b.run(trial).downtime;
        }
    });
    println!("allocations over 399 trials: {counted_plain} without phases, {counted_phased} with");
    // The phases did act: with all three backends needed on weekdays, outages happen.
    assert!(downtime > 0.0);
    assert!(
        counted_phased <= counted_plain,
        "{counted_phased} allocations with phases, {counted_plain} without"
    );
}
