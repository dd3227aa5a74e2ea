//! The load accounting allocates nothing per event or per trial: a simulator with `[load]`
//! makes exactly as many allocations over a run of trials as the same model without it
//! (whatever the rest of the engine allocates, for example its tally's growth), counted by
//! a global allocator on this thread. Both models draw the same failures (same downtime,
//! checked), so the same engine work runs beside the load accounting. The same holds for a
//! block whose members pool their capacity (app servers in three zones).

use std::path::Path;

use nines::engine::Simulator;

// The counting allocator (one per test binary, so not in tests/common/mod.rs).
#[path = "common/counting.rs"]
mod counting;
use counting::allocations;

/// Four balanced backends with short lives, so that a trial has many changes of rotation,
/// spells of a failed backend still in rotation, whole-service outages and hours above
/// capacity; `{load}` is the demand section and `{capacity}` the backends' capacity line.
const TEMPLATE: &str = r#"
[simulation]
horizon = "2y"
seed = 12

{load}

[components.zone]
count = 2
failure = { dist = "exponential", mean = "3000h" }
repair = { dist = "exponential", mean = "6h" }

[components.lb]
count = 2
depends_on = ["zone"]
failure = { dist = "exponential", mean = "4000h" }
repair = { dist = "exponential", mean = "1h" }

[components.lb.failover]
detection = "3s"
switchover = "2s"

[components.app]
count = 4
need = 1
{capacity}
depends_on = ["zone"]
failure = { dist = "exponential", mean = "300h" }
repair = { dist = "lognormal", median = "6h", p95 = "48h" }

[components.app.health_check]
balancer = "lb"
interval = "5s"
unhealthy_threshold = 3
healthy_threshold = 2

[system]
all = ["lb", "app"]
"#;

const LOAD: &str = r#"
[load]
demand = "1000 rps"
daily = [0.5, 0.35, 0.25, 0.2, 0.2, 0.25, 0.4, 0.6, 0.8, 0.9, 1.0, 1.1,
         1.2, 1.1, 1.0, 1.0, 1.1, 1.3, 1.5, 1.8, 2.0, 1.8, 1.3, 0.8]
growth = "60%/y"

[[load.peaks]]
start = "11-27"
days = 4
factor = 2.5
"#;

/// Runs 400 trials of `plain` and of `loaded` (the same model with load accounting, drawing
/// the same failures: checked) and asserts they allocate as much as each other, once the
/// first trial has sized the per-trial storage (the tally's per-period sums among it), and
/// that the load path ran: some requests lost, some time in shortfall over `horizon` hours.
fn assert_same_allocations(
    plain: &nines::model::Model,
    loaded: &nines::model::Model,
    horizon: f64,
) {
    let (mut a, mut b) = (Simulator::new(plain), Simulator::new(loaded));
    a.run(0);
    b.run(0);
    let (mut downtime_a, mut downtime_b) = (Vec::with_capacity(400), Vec::with_capacity(400));
    let mut served = 0.0;
    let counted_a = allocations(|| {
        for trial in 1..400 {
            downtime_a.push(a.run(trial).downtime);
        }
    });
    let counted_b = allocations(|| {
        for trial in 1..400 {
            let record = b.run(trial);
            downtime_b.push(record.downtime);
            served += record.served;
        }
    });
    assert_eq!(downtime_a, downtime_b, "both models draw the same failures");
    assert!(served > 0.0 && served < 399.0 * horizon);
    assert!(b.tally().load.shortfall_time.moments(400).0 > 0.0);
    assert_eq!(
        counted_b, counted_a,
        "allocations with load accounting against without"
    );
}

#[test]
fn load_accounting_allocates_nothing_per_event_or_trial() {
    let text = |load: &str, capacity: &str| {
        TEMPLATE
            .replace("{load}", load)
            .replace("{capacity}", capacity)
    };
    let plain = nines::scenario::parse(&text("", ""), "plain", Path::new("."), "plain")
        .expect("the plain model compiles");
    let loaded = text(LOAD, r#"capacity = "900 rps""#);
    let loaded = nines::scenario::parse(&loaded, "loaded", Path::new("."), "loaded")
        .expect("the loaded model compiles");
    assert!(loaded.load.is_some() && plain.load.is_none());
    // The load path runs: requests lost to failures and to capacity.
    assert_same_allocations(&plain, &loaded, 2.0 * 8766.0);
}

/// Three zones with short lives and a member of `app` in each; `with_load` adds a daily
/// profile and 1000 rps per instance, so that hours above the pool's capacity occur.
fn pool_scenario(with_load: bool) -> String {
    let mut text = String::from("[simulation]\nhorizon = \"1y\"\nseed = 21\n");
    if with_load {
        text.push_str(
            "[load]\ndemand = \"3000 rps\"\ndaily = [0.5, 0.35, 0.25, 0.2, 0.2, 0.25, 0.4, 0.6, 0.8, 0.9, 1.0, 1.1, 1.2, 1.1, 1.0, 1.0, 1.1, 1.3, 1.5, 1.8, 2.0, 1.8, 1.3, 0.8]\n",
        );
    }
    for zone in ["a", "b", "c"] {
        let capacity = if with_load {
            "capacity = \"1000 rps\""
        } else {
            ""
        };
        text.push_str(&format!(
            r#"
            [components.zone-{zone}]
            failure = {{ dist = "exponential", mean = "500h" }}
            repair = {{ dist = "exponential", mean = "8h" }}
            [components.app-{zone}]
            count = 3
            need = 1
            {capacity}
            depends_on = ["zone-{zone}"]
            failure = {{ dist = "exponential", mean = "200h" }}
            repair = {{ dist = "lognormal", median = "6h", p95 = "48h" }}
            "#
        ));
    }
    text.push_str(
        "[blocks.app]\nk = 2\nof = [\"app-a\", \"app-b\", \"app-c\"]\n[system]\nall = [\"app\"]\n",
    );
    text
}

#[test]
fn a_pool_allocates_nothing_per_event_or_trial() {
    let parse = |with_load: bool| {
        nines::scenario::parse(&pool_scenario(with_load), "s", Path::new("."), "s")
            .expect("the model compiles")
    };
    let (plain, pooled) = (parse(false), parse(true));
    assert_eq!(pooled.load.as_ref().map(|l| l.pools.len()), Some(1));
    // The pool binds: requests lost to its capacity.
    assert_same_allocations(&plain, &pooled, 8766.0);
}
