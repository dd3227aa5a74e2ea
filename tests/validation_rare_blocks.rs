//! Per-block figures of `--method rare` (the summary's `blocks` key) against exact values:
//! a service whose outages are common (an edge at mean 1 y with 30 min repairs, in series)
//! with two rare redundant blocks, a 1-of-2 hot failover pair and a 1-of-3 k-of-n tier.
//!
//! Every unit is exponential with its own repair, so its instances are independent, each
//! unavailable from all-new with u(t) = p (1 − e^{−(λ+μ) t}), p = λ / (λ + μ). The pair
//! fails over at once (zero detection and switchover, every switchover works), so it is down
//! exactly while both instances are. A block of n such instances is then down (and has no
//! instance up) with probability u(t)^n and enters that state at the rate
//! n u(t)^{n−1} (1 − u(t)) λ; the figures over the horizon are their means over [0, H],
//! integrated numerically here (Simpson's rule, far finer than the intervals).
//!
//! Figures: `cargo test --release --test validation_rare_blocks -- --nocapture`.

mod common;

use nines::units::YEAR;
use serde_json::Value;

/// Confidence of the runs' intervals; the tolerance is 1.2 × their half-width (the rare
/// tests' rule, docs/design/rare-events.md §5.3).
const CONFIDENCE: f64 = 0.95;

const MODEL: &str = r#"
[simulation]
horizon = "1y"
trials = 20000
seed = 71
confidence = 0.95
importance_trials = 0
[components.edge]
failure = { dist = "exponential", mean = "1y" }
repair = { dist = "exponential", mean = "30m" }
[components.pair]
count = 2
failure = { dist = "exponential", mean = "10000h" }
repair = { dist = "exponential", mean = "4h" }
[components.pair.failover]
detection = "0s"
switchover = "0s"
[components.tier]
count = 3
need = 1
failure = { dist = "exponential", mean = "2000h" }
repair = { dist = "exponential", mean = "4h" }
[system]
all = ["edge", "pair", "tier"]
"#;

/// Horizon means of (unavailability, outages per year) of n independent instances of
/// failure rate `lambda` and repair rate `mu` (per hour), all needed down, from all-new.
fn exact(n: i32, lambda: f64, mu: f64) -> (f64, f64) {
    let (p, s, h) = (lambda / (lambda + mu), lambda + mu, YEAR);
    let u = |t: f64| p * (1.0 - (-s * t).exp());
    let steps = 200_000;
    let dt = h / steps as f64;
    let (mut down, mut rate) = (0.0, 0.0);
    for i in 0..=steps {
        let t = i as f64 * dt;
        let w = if i == 0 || i == steps {
            1.0
        } else if i % 2 == 1 {
            4.0
        } else {
            2.0
        };
        down += w * u(t).powi(n);
        rate += w * f64::from(n) * u(t).powi(n - 1) * (1.0 - u(t)) * lambda;
    }
    (down * dt / 3.0 / h, rate * dt / 3.0 / h * YEAR)
}

/// `estimate {mean, ci_low, ci_high}` within 1.2 half-widths of `exact`, z printed. The
/// half-width is read from the upper end (the lower one may be clipped at 0).
fn check(label: &str, estimate: &Value, exact: f64) {
    let mean = estimate["mean"].as_f64().unwrap();
    let high = estimate["ci_high"].as_f64().unwrap();
    let half = high - mean;
    println!(
        "{label}: {mean:.4e} ±{:.1}% exact {exact:.4e}",
        100.0 * half / mean
    );
    common::print_z(label, mean, mean - half, high, CONFIDENCE, exact);
    assert!(
        (mean - exact).abs() <= 1.2 * half,
        "{label}: {mean:.4e} ± {half:.3e} vs exact {exact:.4e}"
    );
}

/// `nines run --method rare --format json` of `source` on `threads` threads, the seed the
/// seed sweep picks, without the wall-clock figures.
fn run(source: &str, threads: &str) -> Value {
    let dir = common::cli::temp_dir();
    let file = dir.path().join("blocks.toml");
    std::fs::write(&file, source).unwrap();
    let seed = common::test_seed(71).to_string();
    let args = [
        "run",
        file.to_str().unwrap(),
        "--method",
        "rare",
        "--blocks",
        "--format",
        "json",
        "--threads",
        threads,
        "--seed",
        &seed,
    ];
    let output = common::cli::nines(&args, dir.path());
    assert!(output.status.success(), "{}", common::cli::stderr(&output));
    let mut json: Value = serde_json::from_str(&common::cli::stdout(&output)).unwrap();
    json.as_object_mut().unwrap().remove("performance");
    json
}

/// The block named `name` in the summary's `blocks`.
fn block<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["blocks"]
        .as_array()
        .expect("blocks under --method rare")
        .iter()
        .find(|b| b["name"] == name)
        .unwrap_or_else(|| panic!("no block {name} in {}", json["blocks"]))
}

#[test]
fn rare_blocks_beside_a_common_edge_match_their_exact_figures() {
    let json = run(MODEL, "0");
    // The edge alone goes down about once a year: the service is not rare.
    assert_eq!(json["service_method"]["method"], "plain");
    let names: Vec<_> = json["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["pair", "tier"], "only the redundant members");
    for (name, n, mttf) in [("pair", 2, 10_000.0), ("tier", 3, 2_000.0)] {
        let (u, f) = exact(n, 1.0 / mttf, 1.0 / 4.0);
        let b = block(&json, name);
        assert_eq!(b["method"], "rare", "{name}: {}", b["reason"]);
        assert!(b["plain_outages"].as_u64().unwrap() < 30);
        let all_down = &b["all_down"];
        assert_eq!(all_down["method"], "rare", "{name}: {all_down}");
        check(&format!("{name} unavailability"), &b["unavailability"], u);
        check(
            &format!("{name} no instance up"),
            &all_down["unavailability"],
            u,
        );
        check(
            &format!("{name} no instance up, per year"),
            &all_down["outages_per_year"],
            f,
        );
        // Down hours per spell: 1 / (n μ) for n independent exponential repairs.
        check(
            &format!("{name} no instance up, mean outage minutes"),
            &all_down["mean_outage_minutes"],
            60.0 * u * YEAR / f,
        );
        // An instant switchover (every active failure of the pair) is no outage: the rare
        // run counted each as one (0.88 a year) until it took them back as a plain run does.
        check(&format!("{name} outages/year"), &b["outages_per_year"], f);
    }
}

/// A pair whose switchover takes time: every active failure opens a window, so the
/// block's outages are common (plain figures), while both instances down stays rare (the
/// rare method's figure, dropping the failover group, which leaves hot standbys' instances
/// as they were: the same exact value as the instant pair's).
#[test]
fn a_slow_failover_pair_is_plain_while_both_down_is_rare() {
    let slow = MODEL.replace("switchover = \"0s\"", "switchover = \"1m\"");
    let json = run(&slow, "0");
    let b = block(&json, "pair");
    assert_eq!(b["method"], "plain", "{}", b["reason"]);
    let all_down = &b["all_down"];
    assert_eq!(all_down["method"], "rare", "{all_down}");
    let (u, f) = exact(2, 1.0 / 10_000.0, 1.0 / 4.0);
    check("slow pair no instance up", &all_down["unavailability"], u);
    check(
        "slow pair no instance up, per year",
        &all_down["outages_per_year"],
        f,
    );
    // The block's own downtime holds the switchover minutes: far more than both down.
    let own = b["unavailability"]["mean"].as_f64().unwrap();
    assert!(own > 10.0 * u, "{own:.3e} vs both down {u:.3e}");
}
