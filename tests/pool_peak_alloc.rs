//! `need = "peak"` on a pool allocates nothing per event or per trial: over 400 trials a
//! simulator whose pool's need follows demand makes as many allocations, once warmed up, as
//! the same pool without it, counted by a global allocator on this thread.

use std::path::Path;

use nines::engine::Simulator;

// The counting allocator (one per test binary, so not in tests/common/mod.rs).
#[path = "common/counting.rs"]
mod counting;
use counting::allocations;

/// Three zones with short lives and a member of `app` (3 × 1000 rps) in each, against a
/// daily profile peaking at 6000 rps; `need` is the pool's need line, if any.
fn scenario(need: &str) -> String {
    let mut text = String::from(
        "[simulation]\nhorizon = \"1y\"\nseed = 23\n[load]\ndemand = \"3000 rps\"\ndaily = [0.5, 0.35, 0.25, 0.2, 0.2, 0.25, 0.4, 0.6, 0.8, 0.9, 1.0, 1.1, 1.2, 1.1, 1.0, 1.0, 1.1, 1.3, 1.5, 1.8, 2.0, 1.8, 1.3, 0.8]\n",
    );
    for zone in ["a", "b", "c"] {
        text.push_str(&format!(
            r#"
            [components.zone-{zone}]
            failure = {{ dist = "exponential", mean = "500h" }}
            repair = {{ dist = "exponential", mean = "8h" }}
            [components.app-{zone}]
            count = 3
            need = 1
            capacity = "1000 rps"
            depends_on = ["zone-{zone}"]
            failure = {{ dist = "exponential", mean = "200h" }}
            repair = {{ dist = "lognormal", median = "6h", p95 = "48h" }}
            "#
        ));
    }
    text.push_str(&format!(
        "[blocks.app]\nk = 2\nof = [\"app-a\", \"app-b\", \"app-c\"]\n{need}\n[system]\nall = [\"app\"]\n"
    ));
    text
}

#[test]
fn a_pools_peak_need_allocates_nothing_per_event_or_trial() {
    let parse = |need: &str| {
        nines::scenario::parse(&scenario(need), "s", Path::new("."), "s")
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
    // The need binds: the pool is down at evening peaks with a zone out.
    assert!(
        downtime_b > 2.0 * downtime_a,
        "{downtime_b} vs {downtime_a}"
    );
    assert_eq!(
        counted_b, counted_a,
        "allocations with the need following demand against without"
    );
}
