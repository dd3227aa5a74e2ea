//! `nines plan` with an objective on requests: designs are shown, ranked on the Pareto front
//! and charted by request availability, the figures of a plain run of the same design.

mod common;

use std::path::Path;

use common::cli::{nines, stderr, stdout};

fn json(args: &[&str]) -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = nines(args, root);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

/// The retail example planned over 8 and 10 app servers at 200 trials for `objective`.
fn plan_for(objective: &str) -> serde_json::Value {
    json(&[
        "plan",
        "scenarios/retail.toml",
        "--vary",
        "components.app.count=8,10",
        "--objective",
        objective,
        "--trials",
        "200",
        "--format",
        "json",
    ])
}

#[test]
fn a_plan_for_requests_shows_request_availability() {
    let plan = plan_for("requests>=99.9%");
    assert_eq!(plan["availability_axis"], "requests");
    let run = json(&[
        "run",
        "scenarios/retail.toml",
        "--trials",
        "200",
        "--format",
        "json",
    ]);
    let design = plan["designs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["values"][0] == "8")
        .expect("the design with 8 app servers");
    assert_eq!(
        design["trials"], 200,
        "decided at the full trials: {design}"
    );
    assert_eq!(
        design["availability"]["mean"],
        run["request_availability"]["mean"]
    );
    assert_ne!(
        design["availability"]["mean"], run["availability"]["mean"],
        "time and requests differ in this scenario"
    );
    // On time, the axis stays time.
    let plan = plan_for("availability>=99.9%");
    assert_eq!(plan["availability_axis"], "time");
}
