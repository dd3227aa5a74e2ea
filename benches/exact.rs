//! The exact solvers on large k-of-n tiers: the independent formula on 990-of-1000 (and in
//! two zones, conditioned on them), and the lumped Markov chain of 990-of-1000 (1001
//! states), each in milliseconds; the whole Markov solution of three tiers in series
//! (97,336 states), and the steady state alone of three larger tiers (1,030,301 states,
//! chain built once outside the timing).
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

/// Three tiers of `n` instances in series, each needing all but two.
fn tiers(n: usize) -> String {
    let mut text = String::new();
    for (t, (mttf, mttr)) in [("2000h", "8h"), ("3000h", "12h"), ("5000h", "24h")]
        .iter()
        .enumerate()
    {
        text += &format!(
            "[components.tier{t}]\ncount = {n}\nneed = {}\n\
             failure = {{ dist = \"exponential\", mean = \"{mttf}\" }}\n\
             repair = {{ dist = \"exponential\", mean = \"{mttr}\" }}\n",
            n - 2
        );
    }
    text + "[system]\nall = [\"tier0\", \"tier1\", \"tier2\"]\n"
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
    let three = nines::scenario::parse(&tiers(45), "bench", Path::new("."), "tiers")
        .expect("the bench scenario compiles");
    group.bench_function("markov 3 tiers of 45 (97,336 states)", |b| {
        b.iter(|| {
            black_box(
                nines::exact::markov(&three, nines::exact::SOLVE_MAX_STATES)
                    .figures
                    .unwrap(),
            )
        })
    });
    let large = nines::scenario::parse(&tiers(100), "bench", Path::new("."), "tiers")
        .expect("the bench scenario compiles");
    let chain = nines::exact::chain::build(&large, 2_000_000).unwrap();
    group.bench_function("steady state of 3 tiers of 100 (1,030,301 states)", |b| {
        b.iter(|| black_box(nines::exact::gth::steady_state(&chain).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, exact);
criterion_main!(benches);
