//! Phases allocate nothing per event or per trial: over 399 trials, a simulator with phases
//! that cut and restore crews, replace failure and repair laws, change a need and overlap
//! makes no more allocations than the same model without phases (whatever the rest of the
//! engine allocates, such as its tally's growth), counted by a global allocator on this
//! thread.

use std::path::Path;

use nines::engine::Simulator;

#[path = "common/counting.rs"]
mod counting;
use counting::allocations;

const MODEL: &str = r#"
[simulation]
horizon = "2y"
seed = 13

[repair]
crews = 2

[components.app]
count = 4
need = 2
failure = { dist = "weibull", shape = 1.4, mean = "200h" }
repair = { dist = "lognormal", median = "6h", p95 = "30h" }

[system]
all = ["app"]
"#;

const PHASES: &str = r#"
[[phases]]
name = "season"
from = "10-01"
days = 90
failure_factor = 2.0
need = { app = 3 }
[phases.repair]
app = { dist = "fixed", value = "2h" }

[[phases]]
name = "weekend"
every = "1w"
duration = "2d"
start = "5d"
crews = 0
[phases.failure]
app = { dist = "exponential", mean = "150h" }
"#;

#[test]
fn phases_allocate_nothing_per_event_or_trial() {
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
    // The phases did act: crews vanish every weekend, so repairs wait and outages happen.
    assert!(downtime > 0.0);
    assert!(
        counted_phased <= counted_plain,
        "{counted_phased} allocations with phases, {counted_plain} without"
    );
}
