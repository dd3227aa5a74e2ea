//! The exact solvers on large k-of-n tiers: the independent formula on 990-of-1000 (and in
//! two zones, conditioned on them), and the lumped Markov chain of 990-of-1000 (1001
//! states). Each must take milliseconds.
//!
//! Run: `cargo bench --bench exact`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

fn tier(zones: bool) -> String {
    let zone = if zones {
        "[components.zone]\ncount = 2\nfailure = { dist = \"exponential\", mean = \"2y\" }\n\
         repair = { dist = \"lognormal\", median = \"2h\", p95 = \"8h\" }\n"
    } else {
        ""
    };
    let depends = if zones { "depends_on = [\"zone\"]" } else { "" };
    format!(
        r#"
{zone}
[components.node]
count = 1000
need = 990
{depends}
failure = {{ dist = "exponential", mean = "2000h" }}
repair = {{ dist = "exponential", mean = "4h" }}
[system]
all = ["node"]
"#
    )
}

fn exact(c: &mut Criterion) {
    let plain = nines::scenario::parse(&tier(false), "bench", Path::new("."), "990-of-1000")
        .expect("the bench scenario compiles");
    let zoned = nines::scenario::parse(&tier(true), "bench", Path::new("."), "zoned")
        .expect("the bench scenario compiles");
    c.bench_function("independent 990-of-1000", |b| {
        b.iter(|| black_box(nines::exact::independent::solve(&plain).unwrap()))
    });
    c.bench_function("independent 990-of-1000 in two zones", |b| {
        b.iter(|| black_box(nines::exact::independent::solve(&zoned).unwrap()))
    });
    let mut group = c.benchmark_group("markov");
    group.sample_size(10);
    group.bench_function("markov 990-of-1000 (1001 states)", |b| {
        b.iter(|| black_box(nines::exact::markov(&plain, 10_000).figures.unwrap()))
    });
    group.finish();
}

criterion_group!(benches, exact);
criterion_main!(benches);
