//! Racing rounds carry each design's trials forward: a design taken to the full count in
//! pieces has, to the bit, the figures of one run of it at that count.

mod common;

use std::path::Path;

use common::cli::{nines, temp_dir, write};
use nines::stats::Summary;
use nines::study::carry::Carried;

/// Three instances, two needed, with demand and capacity, priced, SLA windows with credits:
/// every accumulator the summary reads has something to fold.
const SCENARIO: &str = r#"
name = "carried"
[simulation]
trials = 36000
seed = 11
target = "99.9%"
[components.app]
count = 3
need = 2
capacity = "600 rps"
failure = { dist = "exponential", mean = "800h" }
repair = { dist = "lognormal", median = "6h", p95 = "30h" }
[load]
demand = "1000 rps"
daily = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.4, 1.4, 1.4, 1, 0.8, 0.6]
[sla]
window = "1mo"
credits = [{ below = "99.9%", credit = "10%" }]
[cost]
downtime = "$100/min"
sla_fee = "$1,000/month"
[cost.components.app]
per_instance = "$0.10/h"
[system]
all = ["app"]
"#;

/// The summary as JSON, without its timings (the only figures that may differ).
fn figures(summary: &Summary) -> serde_json::Value {
    let mut value = serde_json::to_value(summary).unwrap();
    value.as_object_mut().unwrap().remove("performance");
    value["exact"].as_object_mut().unwrap().remove("seconds");
    value
}

fn model(trials: u64) -> nines::model::Model {
    let mut model =
        nines::scenario::parse(SCENARIO, "carried.toml", Path::new("."), "carried").unwrap();
    model.settings.trials = trials;
    model
}

/// The run in pieces ending at `stops`, against one run of the last stop's trials.
fn assert_pieces_fold_as_one_run(stops: &[u64]) {
    let full = *stops.last().unwrap();
    let model = model(full);
    let one = nines::engine::simulate(&model, 2, &|_| {}).unwrap();
    let mut carried = Carried::new(&model);
    for &stop in stops {
        carried.advance(&model, 2, stop, &|_| {}).unwrap();
        assert_eq!(carried.trials(), stop);
    }
    let pieces = carried.output();
    assert_eq!(pieces.stats.trials, full);
    assert_eq!(
        figures(&Summary::new(&model, &pieces, None)),
        figures(&Summary::new(&model, &one, None)),
        "pieces ending at {stops:?}"
    );
}

#[test]
fn racing_rounds_fold_to_the_bits_of_one_run() {
    // plan's schedule for 36,000 trials: rounds end inside the first batch of 16,384
    // trials and the last round crosses two batch boundaries.
    let rounds = nines::study::plan::rounds(36_000, 500, true);
    assert_eq!(rounds, vec![562, 2250, 9000, 36_000]);
    assert_pieces_fold_as_one_run(&rounds);
    // A piece ending exactly on a batch boundary.
    assert_pieces_fold_as_one_run(&[16_384, 20_000]);
}

#[test]
fn an_interim_look_does_not_change_what_follows() {
    // Reading the figures at a round (the open batch closed in a copy) and going on gives
    // the same as going on without looking.
    let model = model(20_000);
    let mut looked = Carried::new(&model);
    let mut unlooked = Carried::new(&model);
    looked.advance(&model, 1, 5000, &|_| {}).unwrap();
    let interim = looked.output();
    assert_eq!(interim.stats.trials, 5000);
    let mut at_5000 = model.clone();
    at_5000.settings.trials = 5000;
    let alone = nines::engine::simulate(&at_5000, 1, &|_| {}).unwrap();
    assert_eq!(
        figures(&Summary::new(&at_5000, &interim, None)),
        figures(&Summary::new(&at_5000, &alone, None))
    );
    looked.advance(&model, 2, 20_000, &|_| {}).unwrap();
    unlooked.advance(&model, 2, 20_000, &|_| {}).unwrap();
    assert_eq!(
        figures(&Summary::new(&model, &looked.output(), None)),
        figures(&Summary::new(&model, &unlooked.output(), None))
    );
}

/// `nines plan` on two designs: two instances miss the objective early, three survive every
/// round, and their estimates are those `nines run` prints for them at the full count.
#[test]
fn a_design_raced_to_the_end_reports_what_nines_run_reports() {
    let dir = temp_dir();
    write(dir.path(), "carried.toml", SCENARIO);
    let output = nines(
        &[
            "plan",
            "carried.toml",
            "--vary",
            "components.app.count=2,3",
            "--objective",
            "availability>=99.9%",
            "--no-exact",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(plan["rounds"], serde_json::json!([562, 2250, 9000, 36000]));
    let design = plan["designs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["values"][0] == "3")
        .unwrap();
    assert_eq!(design["decided_by"], "full trials", "{design}");
    assert_eq!(design["trials"], 36000);
    let output = nines(&["run", "carried.toml", "--format", "json"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let run: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for key in ["mean", "ci_low", "ci_high"] {
        assert_eq!(
            design["availability"][key], run["availability"][key],
            "{key}"
        );
    }
    assert_eq!(
        design["cost_per_year"]["mean"],
        run["cost"]["total_per_year"]
    );
}
