//! `need = "peak"` on a pool allocates nothing per event or per trial: over 400 trials a
//! simulator whose pool's need follows demand makes as many allocations, once warmed up, as
//! the same pool without it, counted by a global allocator on this thread.

use std::path::Path;

use nines::engine::Simulator;

// The counting allocator (one per test binary, so not in tests/common/mod.rs).
#[path = "common/counting.rs"]
mod counting;
use counting::allocations;

/// A 2-of-3 pool of uneven members (one behind a zone with a short life) against a daily
/// profile peaking at 6000 rps; `{need}` is the pool's need line, if any.
const MODEL: &str = r#"
[simulation]
horizon = "1y"
seed = 23

[load]
demand = "3000 rps"
daily = [0.5, 0.35, 0.25, 0.2, 0.2, 0.25, 0.4, 0.6, 0.8, 0.9, 1.0, 1.1,
         1.2, 1.1, 1.0, 1.0, 1.1, 1.3, 1.5, 1.8, 2.0, 1.8, 1.3, 0.8]

[components.zone]
failure = { dist = "exponential", mean = "400h" }
repair = { dist = "exponential", mean = "8h" }

[components.app-a]
count = 3
need = 1
capacity = "1000 rps"
depends_on = ["zone"]
failure = { dist = "exponential", mean = "200h" }
repair = { dist = "lognormal", median = "6h", p95 = "48h" }

[components.app-b]
count = 2
need = 1
capacity = "1500 rps"
failure = { dist = "exponential", mean = "150h" }
repair = { dist = "exponential", mean = "12h" }

[components.app-c]
count = 4
need = 2
capacity = "750 rps"
failure = { dist = "weibull", shape = 1.5, scale = "300h" }
repair = { dist = "exponential", mean = "5h" }

[blocks.app]
k = 2
of = ["app-a", "app-b", "app-c"]
{need}

[system]
all = ["app"]
"#;

#[test]
fn a_pools_peak_need_allocates_nothing_per_event_or_trial() {
    let parse = |need: &str| {
        nines::scenario::parse(&MODEL.replace("{need}", need), "s", Path::new("."), "s")
            .expect("the model compiles")
    };
    let (fixed, peak) = (parse(""), parse("need = \"peak\"\nheadroom = \"10%\""));
    let (mut a, mut b) = (Simulator::new(&fixed), Simulator::new(&peak));
    // The first trials size the per-trial storage (the queue among it: the NeedCheck events).
    for trial in 0..20 {
        a.run(trial);
        b.run(trial);
    }
    let (mut downtime_a, mut downtime_b) = (0.0, 0.0);
    let counted_a = allocations(|| {
        for trial in 20..420 {
            downtime_a += a.run(trial).downtime;
        }
    });
    let counted_b = allocations(|| {
        for trial in 20..420 {
            downtime_b += b.run(trial).downtime;
        }
    });
    // The need binds: the pool is down at evening peaks with a member short.
    assert!(
        downtime_b > 2.0 * downtime_a,
        "{downtime_b} vs {downtime_a}"
    );
    assert_eq!(
        counted_b, counted_a,
        "allocations with the need following demand against without"
    );
}
