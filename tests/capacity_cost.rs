//! `capacity` outside balanced groups, and downtime priced per lost request from `[load]`.
//!
//! A plain component of n instances (no balancer), each failing and repaired
//! exponentially, capacity c each: at demand D it serves E[min(D, K·c)] with K ~
//! Binomial(n, a(t)), a(t) = a + (1 - a)·e^{-(λ+μ)t}, integrated over the horizon (Simpson,
//! 64 panels per hour). The bill is checked to the cent against the requests the summary
//! says were lost and the demand the profile offers, summed here hour by hour.

mod common;

use common::cli::{assert_input_error, nines, stderr, stdout, temp_dir, write};
use common::{simulate, TEST_CONFIDENCE};

const MTTF: f64 = 90.0;
const MTTR: f64 = 10.0;
const COUNT: usize = 4;
const CAPACITY: f64 = 1000.0;
const HOURS: usize = 24 * 91;
const YEAR: f64 = 8766.0;

fn up_probability(t: f64) -> f64 {
    let (lambda, mu) = (1.0 / MTTF, 1.0 / MTTR);
    let a = mu / (lambda + mu);
    a + (1.0 - a) * (-(lambda + mu) * t).exp()
}

/// E[min(d, K·c)] at time t.
fn served(d: f64, t: f64) -> f64 {
    let p = up_probability(t);
    let mut choose = 1.0;
    (0..=COUNT)
        .map(|k| {
            if k > 0 {
                choose *= (COUNT - k + 1) as f64 / k as f64;
            }
            let pk = choose * p.powi(k as i32) * (1.0 - p).powi((COUNT - k) as i32);
            pk * d.min(k as f64 * CAPACITY)
        })
        .sum()
}

/// Exact request availability over `HOURS` hours at constant demand `d`.
fn exact_requests(d: f64) -> f64 {
    let panels = 64;
    let step = 1.0 / panels as f64;
    let total: f64 = (0..HOURS)
        .map(|h| {
            (0..=panels)
                .map(|i| common::simpson_weight(i, panels) * served(d, h as f64 + i as f64 * step))
                .sum::<f64>()
                * step
                / 3.0
        })
        .sum();
    total / (d * HOURS as f64)
}

/// A service of one plain component `app` (no balancer) with `app` as its extra keys.
fn scenario(load: &str, app: &str, cost: &str) -> String {
    format!(
        r#"
        name = "plain capacity"
        [simulation]
        horizon = "{HOURS}h"
        trials = 3000
        seed = 91
        [load]
        {load}
        [components.app]
        count = {COUNT}
        need = 1
        {app}
        failure = {{ dist = "exponential", mean = "{MTTF}h" }}
        repair = {{ dist = "exponential", mean = "{MTTR}h" }}
        [system]
        all = ["app"]
        {cost}
        "#
    )
}

#[test]
fn a_plain_component_serves_up_to_the_capacity_of_its_instances_up() {
    // 2500 rps on 4 instances of 1000: three carry it all, two serve 80%.
    let summary = simulate(&scenario(
        "demand = \"2500 rps\"",
        &format!("capacity = \"{CAPACITY} rps\""),
        "",
    ));
    let exact = exact_requests(2500.0);
    let r = &summary.request_availability;
    let (low, high) = (r.ci_low.unwrap(), r.ci_high.unwrap());
    println!(
        "plain capacity: requests served {:.7} [{low:.7}, {high:.7}] ({}% CI), exact {exact:.7}",
        r.mean,
        TEST_CONFIDENCE * 100.0
    );
    assert!(
        low <= exact && exact <= high,
        "{exact} outside [{low}, {high}]"
    );
    // Capacity binds: far below the time availability (any instance up).
    assert!(exact < summary.availability.mean - 0.01);
    let load = summary.load.as_ref().unwrap();
    assert!(load.shortfall_time_share.mean > 0.01);
}

fn json(text: &str) -> serde_json::Value {
    let dir = temp_dir();
    write(dir.path(), "s.toml", text);
    let output = nines(&["run", "s.toml", "--format", "json"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

#[test]
fn lost_requests_are_priced_from_the_demand_the_profile_offers() {
    // Busy mornings, quiet afternoons, 30% growth a year: the requests offered are summed
    // here hour by hour (growth steps daily), independently of the engine's table.
    let daily: Vec<f64> = (0..24).map(|h| if h < 12 { 1.0 } else { 0.4 }).collect();
    let list = daily
        .iter()
        .map(f64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let text = scenario(
        &format!("demand = \"2500 rps\"\ndaily = [{list}]\ngrowth = \"30%/y\""),
        &format!("capacity = \"{CAPACITY} rps\""),
        "[cost]\ndowntime = \"$2/1000 requests\"\n[cost.components.app]\nper_instance = \"$0.25/h\"",
    );
    let s = json(&text);
    let offered: f64 = (0..HOURS)
        .map(|h| {
            let day_start = (h / 24 * 24) as f64;
            2500.0 * daily[h % 24] * 1.3f64.powf(day_start / YEAR) * 3600.0
        })
        .sum();
    let years = HOURS as f64 / YEAR;
    let lost = 1.0 - s["request_availability"]["mean"].as_f64().unwrap();
    let expected = lost * offered / years * 2.0 / 1000.0;
    let cost = &s["cost"];
    let got = cost["downtime_per_year"]["mean"].as_f64().unwrap();
    println!("per 1000 requests: {got:.2} $/y, from the lost share and demand {expected:.2}");
    assert!((got - expected).abs() <= 0.005, "{got} vs {expected}");
    // The interval maps from the request availability's, reversed.
    let high = 1.0 - s["request_availability"]["ci_low"].as_f64().unwrap();
    let ci_high = cost["downtime_per_year"]["ci_high"].as_f64().unwrap();
    assert!((ci_high - high * offered / years * 0.002).abs() <= 0.005);
    // Infrastructure exactly: 4 × $0.25/h × 8766 h.
    let infrastructure = cost["infrastructure_per_year"].as_f64().unwrap();
    assert!((infrastructure - 4.0 * 0.25 * YEAR).abs() < 1e-6);
    let total = cost["total_per_year"].as_f64().unwrap();
    assert!((total - infrastructure - got).abs() < 1e-6);
    assert!(
        got > 100.0,
        "the check is not passed by a trivial zero: {got}"
    );
}

#[test]
fn a_horizon_from_the_command_line_prices_the_demand_it_runs() {
    // Under growth a longer horizon offers more per hour on average.
    let text = scenario(
        "demand = \"2500 rps\"\ngrowth = \"50%/y\"",
        &format!("capacity = \"{CAPACITY} rps\""),
        "[cost]\ndowntime = \"$0.001/request\"",
    );
    let dir = temp_dir();
    write(dir.path(), "s.toml", &text);
    let output = nines(
        &[
            "run",
            "s.toml",
            "--format",
            "json",
            "--horizon",
            "2y",
            "--trials",
            "300",
        ],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let s: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let hours = 2.0 * YEAR;
    let offered: f64 = (0..hours as usize)
        .map(|h| 2500.0 * 1.5f64.powf((h / 24 * 24) as f64 / YEAR) * 3600.0)
        .sum();
    let lost = 1.0 - s["request_availability"]["mean"].as_f64().unwrap();
    let expected = lost * offered / 2.0 * 0.001;
    let got = s["cost"]["downtime_per_year"]["mean"].as_f64().unwrap();
    assert!(
        (got - expected).abs() <= 1e-9 * expected.max(1.0),
        "{got} vs {expected}"
    );
}

#[test]
fn bad_capacity_and_per_request_prices_are_one_line_errors() {
    let parallel = scenario(
        "demand = \"300 rps\"",
        "capacity = \"100 rps\"",
        "[components.spare]\nfailure = { dist = \"exponential\", mean = \"100h\" }\nrepair = { dist = \"exponential\", mean = \"1h\" }",
    )
    .replace("all = [\"app\"]", "any = [\"app\", \"spare\"]");
    let cases = [
        (
            parallel,
            "components.app.capacity: capacity outside a balanced group needs the component in series",
        ),
        (
            scenario(
                "demand = \"300 users\"",
                "capacity = \"100 users\"",
                "[cost]\ndowntime = \"$0.01/request\"",
            ),
            "cost.downtime: a per-request price reads the requests offered from [load], whose demand is in \"users\"",
        ),
        (
            scenario(
                "demand = \"300 rps\"",
                "",
                "[cost]\ndowntime = \"$0.01/request\"\nrequests = \"300 rps\"",
            ),
            "cost.requests: [load] gives the requests offered hour by hour",
        ),
    ];
    for (text, expected) in cases {
        assert_input_error(&text, expected);
    }
}
