//! The k-of-n planning space of tests/plan.rs and tests/plan_paired.rs: n independent
//! instances, 2 needed, of three types (mean time to failure and price moving together),
//! availability exact by binomial sums; `nines plan` over it and what its report says.

use super::cli::{nines, temp_dir, write};

/// Hours a year.
pub const YEAR: f64 = 8766.0;
/// Mean time to repair, hours.
pub const MTTR: f64 = 10.0;
/// Instances needed.
pub const NEED: u32 = 2;
/// Instance counts varied.
pub const COUNTS: [u32; 5] = [2, 3, 4, 5, 6];
/// Instance types: (mean time to failure in hours, dollars per hour), moving together.
pub const TYPES: [(f64, f64); 3] = [(300.0, 0.05), (1000.0, 0.10), (3000.0, 0.20)];

/// The space's scenario: 3 instances of the middle type, 2 needed, priced per instance.
pub const SCENARIO: &str = r#"
name = "k of n"
[simulation]
trials = 4000
seed = 3
target = "99.99%"
[components.app]
count = 3
need = 2
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "10h" }
[cost.components.app]
per_instance = "$0.10/h"
[system]
all = ["app"]
"#;

/// [`SCENARIO`] with downtime priced at $1000 an hour (tests/plan_paired.rs, plan_ties.rs).
pub fn priced_downtime() -> String {
    SCENARIO.replace(
        "[cost.components.app]",
        "[cost]\ndowntime = \"$1000/h\"\n[cost.components.app]",
    )
}

/// The probability that at least `k` of `n` independent instances, each up with
/// probability `a`, are up.
pub fn binomial_at_least(n: u32, k: u32, a: f64) -> f64 {
    let choose = |n: u32, r: u32| (0..r).fold(1.0, |c, i| c * f64::from(n - i) / f64::from(i + 1));
    (k..=n)
        .map(|i| choose(n, i) * a.powi(i as i32) * (1.0 - a).powi((n - i) as i32))
        .sum()
}

/// `nines plan` of `scenario` over [`COUNTS`] x [`TYPES`] for `objective`, with `extra`
/// flags, as JSON; the plan must succeed.
pub fn plan(scenario: &str, objective: &str, extra: &[&str]) -> serde_json::Value {
    let dir = temp_dir();
    write(dir.path(), "kn.toml", scenario);
    let counts = format!(
        "components.app.count={}",
        COUNTS.map(|c| c.to_string()).join(",")
    );
    let mttfs = format!(
        "components.app.failure.mean={}",
        TYPES.map(|t| format!("{}h", t.0)).join(",")
    );
    let prices = format!(
        "cost.components.app.per_instance={}",
        TYPES.map(|t| format!("${}/h", t.1)).join(",")
    );
    let mut args = vec![
        "plan",
        "kn.toml",
        "--vary",
        &counts,
        "--vary",
        &mttfs,
        "--vary",
        &prices,
        "--zip",
        "components.app.failure.mean,cost.components.app.per_instance",
        "--objective",
        objective,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let output = nines(&args, dir.path());
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The winner's (count, mean time to failure) as the report writes them.
pub fn winner(report: &serde_json::Value) -> Option<(String, String)> {
    let w = report["winner"].as_u64()? as usize;
    let values = &report["designs"][w]["values"];
    Some((
        values[0].as_str().unwrap().to_string(),
        values[1].as_str().unwrap().to_string(),
    ))
}

/// Over seeds 0..`seeds` of `plan_at` (the plan with `--seed` and the flags given): how many
/// plans picked another winner than `expected`, and how many discarded `expected` before
/// the full trials (an interim discard or the cost bound).
pub fn errors_over_seeds(
    seeds: u64,
    expected: &(String, String),
    plan_at: &dyn Fn(&[&str]) -> serde_json::Value,
) -> (u64, u64) {
    let (mut wrong, mut discarded) = (0, 0);
    for seed in 0..seeds {
        let report = plan_at(&["--seed", &seed.to_string()]);
        if winner(&report).as_ref() != Some(expected) {
            wrong += 1;
        }
        let truth = report["designs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| {
                d["values"][0] == expected.0.as_str() && d["values"][1] == expected.1.as_str()
            })
            .unwrap();
        let by = truth["decided_by"].as_str().unwrap();
        if by.starts_with("racing") || by == "cost bound" {
            discarded += 1;
        }
    }
    eprintln!("wrong winners {wrong}/{seeds}, true winner discarded early {discarded}/{seeds}");
    (wrong, discarded)
}

/// Checks that the `raced` plan simulated fewer trials than the `full` evaluation.
pub fn assert_fewer_trials(raced: &serde_json::Value, full: &serde_json::Value) {
    let trials = |r: &serde_json::Value| r["simulated_trials"].as_u64().unwrap();
    assert!(
        trials(raced) < trials(full),
        "{} vs {}",
        trials(raced),
        trials(full)
    );
}
