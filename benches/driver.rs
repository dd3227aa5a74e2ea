//! The batch driver on quiet trials: one component that rarely fails, where the cost per
//! trial is the driver's and the accumulators' rather than events'. It measures the claim
//! that folding records batch by batch (bounded memory) keeps a billion trials practical.
//!
//! Run: `cargo bench --bench driver`. Criterion reports "thrpt" in elements (trials) per
//! second.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const TRIALS: u64 = 200_000;

const QUIET: &str = r#"
[simulation]
horizon = "1y"
seed = 7
importance_trials = 0
[components.server]
failure = { dist = "exponential", mean = "10y" }
repair = { dist = "exponential", mean = "4h" }
[system]
all = ["server"]
"#;

fn driver(c: &mut Criterion) {
    let mut model = nines::scenario::parse(QUIET, "bench", Path::new("."), "quiet")
        .expect("the bench scenario compiles");
    model.settings.trials = TRIALS;
    let mut group = c.benchmark_group("quiet trials, one thread");
    group.sample_size(10);
    group.throughput(Throughput::Elements(TRIALS));
    group.bench_function("simulate + fold", |b| {
        b.iter(|| nines::engine::simulate(&model, 1, &|_| {}).expect("runs"))
    });
    group.finish();
}

criterion_group!(benches, driver);
criterion_main!(benches);
