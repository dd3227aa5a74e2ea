//! `nines plan` on 20 designs of the built-in example, priced (scenarios/web-service-priced.toml):
//! five application tier sizes by four database failure-detection times, 2,000 trials at
//! most, racing on, one thread. Criterion's throughput is in trials simulated by the plan
//! (its racing rounds and paired stage), so that per-trial cost, decisions included, can be
//! tracked as the engine and the racing change.
//!
//! Run: `cargo bench --bench plan`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use nines::model::Model;
use nines::study::objective::parse_objective;
use nines::study::plan::{plan, Minimize, PlanReport, PlanSpec};
use nines::study::{parse_axis, Base, Grid};

const TRIALS: u64 = 2000;

fn designs() -> (Grid, Vec<Model>) {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/web-service-priced.toml");
    let base = Base::read(&scenario).expect("the example reads");
    let axes = [
        "components.app.count=5,6,7,8,9",
        "components.db.failover.detection=10s,30s,1m,5m",
    ]
    .map(|a| parse_axis(a).expect("the axes parse"));
    let grid = Grid::new(&axes, &[], "--vary").expect("the grid builds");
    let models = grid
        .points
        .iter()
        .map(|values| {
            base.model(&grid, values, "--vary", &|s| s.trials = TRIALS)
                .expect("every design compiles")
        })
        .collect();
    (grid, models)
}

fn run(grid: &Grid, models: &[Model], spec: &PlanSpec) -> PlanReport {
    let runs = |_: usize, model: &Model, so_far: &mut nines::study::carry::Carried, threads| {
        so_far.advance(model, threads, model.settings.trials, &|_| {})
    };
    plan(
        grid.keys.clone(),
        grid.points.clone(),
        models,
        spec,
        1,
        &|_| {},
        &runs,
    )
    .expect("the plan runs")
}

fn bench(c: &mut Criterion) {
    let (grid, models) = designs();
    let spec = PlanSpec {
        objectives: vec![parse_objective("availability>=99.95%").expect("parses")],
        minimize: Minimize::TotalCost,
        alpha: 0.05,
        first_trials: 500,
        racing: true,
        exact: true,
        indifference: 0.01,
    };
    // The plan is deterministic: its trial count, measured once, is every iteration's.
    let simulated = run(&grid, &models, &spec).simulated_trials;
    let mut group = c.benchmark_group("plan, 20 designs, one thread");
    group.sample_size(10);
    group.throughput(Throughput::Elements(simulated));
    group.bench_function("race + paired stage", |b| {
        b.iter(|| run(&grid, &models, &spec))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
