//! Simulation speed with a demand profile against the same model without one (issue 12's
//! target: within 20%). The model is scenarios/retail.toml (eight balanced backends with a
//! capacity, a daily profile, a Black-Friday peak and growth); the baseline is that file
//! with `[load]` and `capacity` removed, so both runs simulate the same failures and only
//! the load accounting differs.
//!
//! Run: `cargo bench --bench load`. Criterion reports "thrpt" in trials per second.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use nines::engine::Simulator;

const TRIALS_PER_ITERATION: u64 = 20;

/// The retail example without its demand: `[load]` and its peaks, and the capacities.
fn without_load(source: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in source.lines() {
        let header = line.trim_start().starts_with('[');
        if header {
            skipping = line.trim() == "[load]" || line.trim() == "[[load.peaks]]";
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
    let mut group = c.benchmark_group("retail, 3-year trials, one core");
    group.throughput(Throughput::Elements(TRIALS_PER_ITERATION));
    for (name, text) in [("without load", plain.as_str()), ("with load", &source)] {
        let model = nines::scenario::parse(text, "bench", Path::new("scenarios"), name)
            .expect("the bench scenario compiles");
        assert_eq!(model.load.is_some(), name == "with load");
        group.bench_function(name, |b| {
            let mut simulator = Simulator::new(&model);
            let mut trial = 0;
            b.iter(|| {
                for _ in 0..TRIALS_PER_ITERATION {
                    black_box(simulator.run(trial));
                    trial += 1;
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
