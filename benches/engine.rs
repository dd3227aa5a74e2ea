//! Engine throughput on the 2-of-3 model of issue #2 (exponential, MTTF 1000 h, MTTR 10 h,
//! one-year horizon), on one core, in events per second; beside it, a minimal hand-written
//! loop for the same model as the reference a general engine is measured against.
//!
//! The built-in example (scenarios/web-service.toml: zones, failover, shocks, maintenance,
//! health checks, backups and a corruption) is measured too, so that a mechanism whose cost
//! grows with its state (as backups once did, with every retained backup) shows here.
//!
//! Run: `cargo bench --bench engine`. Criterion reports "thrpt" in elements (events) per
//! second.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Exp};
use rand_xoshiro::Xoshiro256PlusPlus;

use nines::engine::Simulator;

const TRIALS_PER_ITERATION: u64 = 200;
const HORIZON: f64 = 8766.0;

const TWO_OF_THREE: &str = r#"
[simulation]
horizon = "1y"
[components.app]
count = 3
need = 2
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "10h" }
[system]
all = ["app"]
"#;

fn engine(c: &mut Criterion) {
    let model = nines::scenario::parse(TWO_OF_THREE, "bench", Path::new("."), "2-of-3")
        .expect("the bench scenario compiles");
    let events = {
        let mut simulator = Simulator::new(&model);
        for trial in 0..TRIALS_PER_ITERATION {
            simulator.run(trial);
        }
        simulator.into_tally().events
    };
    let mut group = c.benchmark_group("2-of-3, one core");
    group.throughput(Throughput::Elements(events));
    group.bench_function("nines engine", |b| {
        let mut simulator = Simulator::new(&model);
        b.iter(|| {
            for trial in 0..TRIALS_PER_ITERATION {
                black_box(simulator.run(trial));
            }
        })
    });

    // The reference: three clocks in an array, no queue, no structure, no statistics beyond
    // downtime. Counted events are comparable: one per failure and one per repair.
    let reference_events = {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        (0..TRIALS_PER_ITERATION)
            .map(|_| hand_written_trial(&mut rng).1)
            .sum::<u64>()
    };
    group.throughput(Throughput::Elements(reference_events));
    group.bench_function("hand-written loop", |b| {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        b.iter(|| {
            for _ in 0..TRIALS_PER_ITERATION {
                black_box(hand_written_trial(&mut rng));
            }
        })
    });
    group.finish();
}

/// One year of a 2-of-3 group: returns (downtime, events).
fn hand_written_trial<R: Rng>(rng: &mut R) -> (f64, u64) {
    let fail = Exp::new(1.0 / 1000.0).unwrap();
    let repair = Exp::new(1.0 / 10.0).unwrap();
    let mut next = [0.0f64; 3];
    let mut up = [true; 3];
    for t in &mut next {
        *t = fail.sample(rng);
    }
    let (mut now, mut downtime, mut events, mut up_count) = (0.0, 0.0, 0u64, 3u32);
    loop {
        let (i, &t) = next
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .unwrap();
        if t > HORIZON {
            if up_count < 2 {
                downtime += HORIZON - now;
            }
            return (downtime, events);
        }
        if up_count < 2 {
            downtime += t - now;
        }
        now = t;
        events += 1;
        if up[i] {
            up[i] = false;
            up_count -= 1;
            next[i] = now + repair.sample(rng);
        } else {
            up[i] = true;
            up_count += 1;
            next[i] = now + fail.sample(rng);
        }
    }
}

/// Trials of the built-in example per iteration: each has several thousand events.
const WEB_TRIALS_PER_ITERATION: u64 = 20;

fn web_service(c: &mut Criterion) {
    let model = nines::scenario::parse(
        nines::scenario::BUILTIN_EXAMPLE,
        "web-service.toml",
        Path::new("."),
        "web-service",
    )
    .expect("the built-in example compiles");
    let events = {
        let mut simulator = Simulator::new(&model);
        for trial in 0..WEB_TRIALS_PER_ITERATION {
            simulator.run(trial);
        }
        simulator.into_tally().events
    };
    let mut group = c.benchmark_group("web-service, one core");
    group.throughput(Throughput::Elements(events));
    group.bench_function("built-in example", |b| {
        let mut simulator = Simulator::new(&model);
        b.iter(|| {
            for trial in 0..WEB_TRIALS_PER_ITERATION {
                black_box(simulator.run(trial));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, engine, web_service);
criterion_main!(benches);
