//! Simulation speed with a demand profile against the same model without one (issue 12's
//! target: within 20%). The model is scenarios/retail.toml (eight balanced backends with a
//! capacity, a daily profile, a Black-Friday peak and growth); the baseline is that file
//! with `[load]`, `capacity` and `[cost]` removed (its downtime is priced per request, which
//! needs `[load]`; prices do not reach the engine), so both runs simulate the same failures
//! with the same random numbers and only the load accounting differs.
//!
//! Both runs go through the same trial numbers, round and round (`TRIAL_CYCLE`), so they
//! time the same trials whatever number of iterations criterion picks for each. Each is
//! sampled for 20 seconds (criterion's default is 5; at the default the same binary moved
//! by about 4% from run to run, docs/load.md).
//!
//! Run: `cargo bench --bench load`. Criterion reports "thrpt" in trials per second.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use nines::engine::Simulator;

const TRIALS_PER_ITERATION: u64 = 20;

/// Trial numbers timed, over and over: many iterations' worth, so that a sample's mean is
/// that of this set rather than of whichever trials it happened to reach.
const TRIAL_CYCLE: u64 = 2000;

/// The retail example without its demand: `[load]` and its peaks, the capacities, and the
/// prices (`[cost]` and its tables).
fn without_load(source: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in source.lines() {
        let header = line.trim_start().starts_with('[');
        if header {
            let name = line.trim().trim_matches(['[', ']']);
            skipping = name == "load"
                || name.starts_with("load.")
                || name == "cost"
                || name.starts_with("cost.");
        }
        if skipping || line.trim_start().starts_with("capacity") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn load(c: &mut Criterion) {
    let source = std::fs::read_to_string("scenarios/retail.toml").expect("the retail example");
    let plain = without_load(&source);
    let models: Vec<_> = [plain.as_str(), source.as_str()]
        .iter()
        .map(|text| {
            nines::scenario::parse(text, "bench", Path::new("scenarios"), "bench")
                .expect("the bench scenario compiles")
        })
        .collect();
    same_failures(&models[0], &models[1]);
    let mut group = c.benchmark_group("retail, 3-year trials, one core");
    group.throughput(Throughput::Elements(TRIALS_PER_ITERATION));
    group.measurement_time(Duration::from_secs(20));
    for (name, model) in ["without load", "with load"].into_iter().zip(&models) {
        assert_eq!(model.load.is_some(), name == "with load");
        group.bench_function(name, |b| {
            let mut simulator = Simulator::new(model);
            let mut trial = 0;
            b.iter(|| {
                for _ in 0..TRIALS_PER_ITERATION {
                    black_box(simulator.run(trial));
                    trial = (trial + 1) % TRIAL_CYCLE;
                }
            })
        });
    }
    group.finish();
}

/// The comparison is fair only if both models draw the same failures: the first trials must
/// have the same downtime and outages to the bit (only the requests served differ).
fn same_failures(plain: &nines::model::Model, loaded: &nines::model::Model) {
    let (mut a, mut b) = (Simulator::new(plain), Simulator::new(loaded));
    for trial in 0..50 {
        let (x, y) = (a.run(trial), b.run(trial));
        assert_eq!(
            (x.downtime.to_bits(), x.outages),
            (y.downtime.to_bits(), y.outages),
            "trial {trial}: the two models simulate different failures"
        );
    }
}

criterion_group!(benches, load);
criterion_main!(benches);
