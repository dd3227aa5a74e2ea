//! `--method rare` on the built-in example (scenarios/web-service.toml): every part of the
//! model gets figures with intervals and says which method gave them, on any thread count;
//! and the part the example adds to the service's rare run, a data set whose disasters take
//! the service down (no redundancy, restores from backup), is estimated without bias.
//!
//! Figures: `cargo test --release --test rare_builtin_example -- --nocapture`.

mod common;

use common::rare::{check, check_weights, rare_model, run};
use serde_json::Value;

/// `nines run` of the built-in example with `extra` arguments and `--format json`, on
/// `threads` threads, with the wall-clock figures (which differ between runs) removed.
fn example(extra: &[&str], threads: &str) -> Value {
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/web-service.toml");
    let mut args = vec![
        "run",
        scenario,
        "--method",
        "rare",
        "--format",
        "json",
        "--importance-trials",
        "0",
        "--threads",
        threads,
    ];
    args.extend_from_slice(extra);
    let dir = common::cli::temp_dir();
    let output = common::cli::nines(&args, dir.path());
    assert!(output.status.success(), "{}", common::cli::stderr(&output));
    let mut json: Value = serde_json::from_str(&common::cli::stdout(&output)).unwrap();
    json.as_object_mut().unwrap().remove("performance");
    if let Some(exact) = json["exact"].as_object_mut() {
        exact.remove("seconds");
    }
    json
}

/// `{mean, ci_low, ci_high}` with low ≤ mean ≤ high and a finite, non-degenerate high end.
fn interval(label: &str, v: &Value) -> (f64, f64, f64) {
    let (mean, low, high) = (
        v["mean"].as_f64(),
        v["ci_low"].as_f64(),
        v["ci_high"].as_f64(),
    );
    let (Some(mean), Some(low), Some(high)) = (mean, low, high) else {
        panic!("{label}: no interval in {v}");
    };
    assert!(low <= mean && mean <= high && high > low, "{label}: {v}");
    println!("{label}: {mean:.4e} [{low:.4e}, {high:.4e}]");
    (mean, low, high)
}

/// The orders data set keeps the plain trials' figures (its incidents are not rare) and says
/// so, with intervals on its incident rates and recovery figures.
fn check_orders(json: &Value) {
    let orders = &json["data_sets"][0];
    assert_eq!(orders["name"], "orders");
    let method = &orders["method"];
    assert_eq!(method["method"], "plain", "{method}");
    assert!(
        method["reason"].as_str().unwrap().contains("no redundancy"),
        "{method}"
    );
    assert_eq!(method["plain_trials"], json["trials"]);
    let (incidents, _, _) = interval("orders incidents/year", &method["incidents_per_year"]);
    // The same count as the plain figure beside it.
    assert!((incidents - orders["incidents_per_year"].as_f64().unwrap()).abs() < 1e-9);
    let unrecoverable = &method["unrecoverable_per_year"];
    assert!(
        unrecoverable["ci_high"].as_f64().unwrap() > 0.0,
        "{unrecoverable}"
    );
    for key in ["rpo", "rto"] {
        let r = &orders[key];
        let (low, mean, high) = (
            r["ci_low_seconds"].as_f64().unwrap(),
            r["mean_seconds"].as_f64().unwrap(),
            r["ci_high_seconds"].as_f64().unwrap(),
        );
        assert!(low < mean && mean < high, "{key}: {r}");
    }
}

/// The redundant members of [system] (the balancer pair, the 2-of-4 tier, the database pair)
/// each state their own figures and their no-instance-up part with intervals ordered around
/// the estimate, and by which method.
fn check_blocks(json: &Value) {
    let blocks = json["blocks"]
        .as_array()
        .expect("blocks under --method rare");
    let names: Vec<_> = blocks.iter().map(|b| b["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["lb", "app", "db"]);
    for b in blocks {
        let name = b["name"].as_str().unwrap();
        for (part, p) in [("own", b), ("no instance up", &b["all_down"])] {
            let method = p["method"].as_str().unwrap();
            assert!(method == "plain" || method == "rare", "{name} {part}: {p}");
            assert!(p["reason"].as_str().unwrap().contains("plain run of"));
            let label = format!("{name} {part} ({method})");
            let (u, _, _) = interval(&format!("{label} unavailability"), &p["unavailability"]);
            assert!(u > 0.0, "{label}");
            interval(&format!("{label} outages/year"), &p["outages_per_year"]);
            interval(&format!("{label} mean outage"), &p["mean_outage_minutes"]);
        }
    }
}

/// The example as shipped: its plain run of 10,000 trials sees tens of thousands of outages
/// (the edge is a single point of failure, deploys and corruptions take everything down), so
/// the service keeps the plain figures and says why; the orders data set keeps its plain
/// figures too. The same on one and two threads.
#[test]
fn the_built_in_example_states_every_part_s_method_and_intervals() {
    let one = example(&["--blocks"], "1");
    let service = &one["service_method"];
    assert_eq!(service["method"], "plain", "{service}");
    assert!(
        service["plain_outages"].as_u64().unwrap() >= 30,
        "{service}"
    );
    let a = &one["availability"];
    assert!(a["ci_low"].as_f64().unwrap() < a["mean"].as_f64().unwrap());
    assert!(a["mean"].as_f64().unwrap() < a["ci_high"].as_f64().unwrap());
    check_orders(&one);
    check_blocks(&one);
    assert!(
        one == example(&["--blocks"], "2"),
        "results depend on the thread count"
    );
}

/// With few trials the deciding plain run sees fewer than 30 outages and the service gets
/// its rare run, on the whole example (failover pairs, the 2-of-4 tier, zones, shocks,
/// maintenance, health checks, and the orders data set's corruptions and restores, which
/// its branches run naturally): rare figures with intervals, the attribution naming the
/// database, the orders data set still plain. The same on one and two threads.
#[test]
fn the_example_s_service_gets_its_rare_run_when_outages_are_few() {
    let one = example(&["--trials", "7"], "1");
    // Per-block figures only on request (--blocks): they cost several extra runs.
    assert!(one["blocks"].is_null(), "{}", one["blocks"]);
    assert_eq!(
        one["service_method"]["method"], "rare",
        "{}",
        one["service_method"]
    );
    let rare = &one["rare"];
    interval(
        "service unavailability, horizon",
        &rare["horizon"]["unavailability"],
    );
    interval(
        "service unavailability, steady",
        &rare["steady_state"]["unavailability"],
    );
    let causes = rare["attribution"].as_array().expect("an attribution");
    assert!(
        causes.iter().any(|c| c["component"] == "db"),
        "{}",
        rare["attribution"]
    );
    check_orders(&one);
    assert!(
        one == example(&["--trials", "7"], "2"),
        "results depend on the thread count"
    );
}

/// A 1-of-2 database pair (MTTF 10,000 h, MTTR 4 h, exponential, own repairs) holding a data
/// set with no redundancy, corrupted every 1000 years on average (exponential), noticed
/// after a fixed hour and restored from a weekly full backup after a fixed hour of
/// provisioning plus 1 GB at 1 GB/s: each disaster takes the service down for
/// D = 2 h + 1 s, then its clock starts again. The pair and the disasters are independent,
/// so in steady state U = 1 − (1 − u_p)(1 − U_d) with u_p = (λ / (λ + μ))² and
/// U_d = D / (M + D), the alternating renewal's share of time down (M the mean time
/// between disasters). The disasters are not biased: the branches that begin at a strike
/// run naturally at weight 1, so their part rests on the ~200 strikes the main runs see.
const PAIR_WITH_DISASTERS: &str = r#"
[simulation]
horizon = "1y"
trials = 200000
seed = 43
importance_trials = 0
[components.db]
count = 2
need = 1
failure = { dist = "exponential", mean = "10000h" }
repair = { dist = "exponential", mean = "4h" }
[system]
all = ["db"]
[data.orders]
size = "1GB"
stored_on = "db"
[[data.orders.backups]]
kind = "full"
every = "7d"
throughput = "1GB/s"
retention = "15d"
[data.orders.restore]
throughput = "1GB/s"
provisioning = { dist = "fixed", value = "1h" }
[[data.orders.disasters]]
name = "operator error"
kind = "corruption"
every = { dist = "exponential", mean = "1000y" }
detection = { dist = "fixed", value = "1h" }
"#;

#[test]
fn disasters_beside_a_rare_pair_are_estimated_without_bias() {
    let model = rare_model(PAIR_WITH_DISASTERS);
    let (lambda, mu): (f64, f64) = (1.0 / 10_000.0, 1.0 / 4.0);
    let u_pair = (lambda / (lambda + mu)).powi(2);
    let d = 2.0 + 1.0 / 3600.0;
    let m = 1000.0 * nines::units::YEAR;
    let u_disaster = d / (m + d);
    let exact = 1.0 - (1.0 - u_pair) * (1.0 - u_disaster);
    println!("exact: pair {u_pair:.4e}, disasters {u_disaster:.4e}, together {exact:.4e}");
    let s = run(&model, 0);
    check_weights("pair with disasters", &s);
    check("pair with disasters, steady state", &s.steady_state, exact);
    // Both parts are there: neither cause's share of the downtime is negligible.
    let share = |cause: &str| {
        s.attribution
            .iter()
            .filter(|c| c.cause.contains(cause))
            .map(|c| c.share)
            .sum::<f64>()
    };
    println!(
        "shares: operator error {:.3}, failure {:.3}",
        share("operator error"),
        share("failure")
    );
    assert!(share("operator error") > 0.2 && share("failure") > 0.1);
}
