//! `[cost]`: the infrastructure bill sums exactly, downtime and credits are priced from the
//! simulated figures, every format shows it, bad prices are one-line errors.

mod common;

use common::cli::{nines, temp_dir, write};

const YEAR: f64 = 8766.0;

const PRICED: &str = r#"
name = "priced"
[simulation]
trials = 400
seed = 11
target = "99.9%"
[components.app]
count = 3
need = 2
failure = { dist = "exponential", mean = "300h" }
repair = { dist = "exponential", mean = "10h" }
[components.db]
count = 2
failure = { dist = "exponential", mean = "2000h" }
repair = { dist = "exponential", mean = "5h" }
[components.db.failover]
active = 1
standby = "hot"
detection = "30s"
switchover = "1m"
[data.orders]
size = "2TB"
stored_on = "db"
change_rate = "1%/d"
[[data.orders.backups]]
kind = "full"
every = "1d"
throughput = "1TB/h"
retention = "7d"
[sla]
window = "1mo"
objective = "99.95%"
credits = [{ below = "99.95%", credit = "10%" }, { below = "99%", credit = "25%" }]
[cost]
downtime = "$2000/min"
sla_fee = "$30,000/month"
[cost.components.app]
per_instance = "$0.25/h"
[cost.components.db]
per_instance = "$1200/month"
[cost.data.orders]
stored = "$23/TB-month"
backups = "$5/TB-month"
[cost.fixed]
second-zone = "$6000/y"
[system]
all = ["app", "db"]
"#;

fn run(text: &str, args: &[&str]) -> std::process::Output {
    let dir = temp_dir();
    write(dir.path(), "s.toml", text);
    let mut all = vec!["run", "s.toml"];
    all.extend_from_slice(args);
    nines(&all, dir.path())
}

fn json(text: &str) -> serde_json::Value {
    let output = run(text, &["--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn infrastructure_sums_exactly_and_downtime_and_credits_are_priced_from_the_run() {
    let s = json(PRICED);
    let c = &s["cost"];
    let month = YEAR / 12.0;
    let app = 0.25 * YEAR * 3.0;
    let db = 1200.0 / month * YEAR * 2.0;
    // 2 TB on each of the 2 db instances; 7 daily full backups of 2 TB kept.
    let stored = 23.0 / month * 2.0 * 2.0 * YEAR;
    let backups = 5.0 / month * 2.0 * 7.0 * YEAR;
    let fixed = 6000.0;
    let infrastructure = app + db + stored + backups + fixed;
    assert!(
        close(
            c["infrastructure_per_year"].as_f64().unwrap(),
            infrastructure
        ),
        "{c}"
    );
    let items: Vec<f64> = c["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["per_year"].as_f64().unwrap())
        .collect();
    for expected in [app, db, stored, backups, fixed] {
        assert!(
            items.iter().any(|&i| close(i, expected)),
            "{expected}: {items:?}"
        );
    }
    // Downtime: the simulated unavailability priced at $2000 a minute, its interval from
    // the availability's.
    let a = &s["availability"];
    let per_share = 2000.0 * 60.0 * YEAR;
    let d = &c["downtime_per_year"];
    let mean = d["mean"].as_f64().unwrap();
    assert!(mean > 0.0, "the design has downtime: {d}");
    assert!(close(mean, (1.0 - a["mean"].as_f64().unwrap()) * per_share));
    assert!(close(
        d["ci_high"].as_f64().unwrap(),
        (1.0 - a["ci_low"].as_f64().unwrap()) * per_share
    ));
    assert!(close(
        d["ci_low"].as_f64().unwrap(),
        (1.0 - a["ci_high"].as_f64().unwrap()) * per_share
    ));
    // Credits: expected window fees per year times the fee of one window (a month).
    let fees = s["sla"]["expected_credit_per_year"]["mean"]
        .as_f64()
        .unwrap();
    let credits = c["credits_per_year"].as_f64().unwrap();
    assert!(close(credits, fees * 30_000.0), "{credits} vs {fees}");
    assert!(close(
        c["total_per_year"].as_f64().unwrap(),
        infrastructure + mean + credits
    ));
}

#[test]
fn per_request_downtime_prices_the_requests_lost() {
    let text = PRICED.replace(
        "downtime = \"$2000/min\"",
        "downtime = \"$0.001/request\"\nrequests = \"500 rps\"",
    );
    let s = json(&text);
    let lost = 1.0 - s["request_availability"]["mean"].as_f64().unwrap();
    let expected = lost * 500.0 * 3600.0 * YEAR * 0.001;
    let got = s["cost"]["downtime_per_year"]["mean"].as_f64().unwrap();
    assert!(close(got, expected), "{got} vs {expected}");
}

#[test]
fn without_cost_the_key_is_absent() {
    let start = PRICED.find("[cost]").unwrap();
    let end = PRICED.find("[system]").unwrap();
    let text = format!("{}{}", &PRICED[..start], &PRICED[end..]);
    let s = json(&text);
    assert!(s.get("cost").is_none());
}

#[test]
fn every_format_shows_the_cost() {
    for (format, needle) in [
        ("table", "Total cost / year"),
        ("markdown", "| Total cost / year |"),
        ("csv", "cost_total_per_year"),
    ] {
        let output = run(PRICED, &["--format", format]);
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains(needle), "{format}: {text}");
    }
}

#[test]
fn bad_prices_are_one_line_errors_with_code_2() {
    for (from, to, says) in [
        ("$0.25/h", "$0.25", "cost.components.app.per_instance"),
        ("$23/TB-month", "$23/month", "cost.data.orders.stored"),
        (
            "[cost.components.app]",
            "[cost.components.web]",
            "no component is named \"web\"",
        ),
        ("sla_fee = \"$30,000/month\"", "", "cost.sla_fee"),
        ("$2000/min", "$2000/request", "cost.requests"),
        ("$6000/y", "lots", "cost.fixed.second-zone"),
    ] {
        let text = PRICED.replace(from, to);
        let output = run(&text, &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{from}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{from}: {stderr}");
        assert!(
            stderr.contains("s.toml:"),
            "names the file and line: {stderr}"
        );
    }
}
