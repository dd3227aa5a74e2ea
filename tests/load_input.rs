//! `[load]` and `capacity` as users write them: one-line errors with exit code 2, CSV
//! profiles, determinism across thread counts, and the engine's exact hour-by-hour
//! accounting seen through totals that must add up.

mod common;

use common::cli::{assert_input_error, nines, stderr, stdout, temp_dir, write};

/// A balanced group of three backends behind a balancer, with `load` as the `[load]` table
/// body and `capacity` on the backends.
fn scenario(load: &str, capacity: &str) -> String {
    common::cli::balanced_trio(&format!("[load]\n{load}"), &format!("need = 1\n{capacity}"))
}

fn json(dir: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["run", "s.toml", "--format", "json"];
    args.extend_from_slice(extra);
    let output = nines(&args, dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    value.as_object_mut().unwrap().remove("performance");
    value["exact"].as_object_mut().unwrap().remove("seconds");
    value
}

#[test]
fn bad_load_settings_are_one_line_errors_naming_the_key() {
    const CAPACITY: &str = r#"capacity = "100 rps""#;
    let load_cases = [
        (r#"demand = "lots""#, "load.demand"),
        (
            "demand = \"300 rps\"\ndaily = [1.0, 2.0]",
            "load.daily: 2 multipliers; expected 24",
        ),
        ("demand = \"300 rps\"\nweekly = [1.0]", "expected 168"),
        ("demand = \"300 rps\"\ngrowth = \"40%\"", "load.growth"),
        (
            "demand = \"300 rps\"\ngrowth_kind = \"linear\"",
            "growth_kind without growth",
        ),
        (
            "demand = \"300 rps\"\n[[load.peaks]]\nstart = \"13-01\"\nfactor = 2.0",
            "load.peaks[0].start",
        ),
        (
            "demand = \"300 rps\"\nprofile = \"missing.csv\"",
            "load.profile: cannot read",
        ),
    ];
    let capacity_cases = [
        (
            r#"capacity = "100 qps""#,
            "components.web.capacity: unit \"qps\" differs",
        ),
        (r#"capacity = "-5 rps""#, "components.web.capacity"),
    ];
    let cases = load_cases
        .iter()
        .map(|&(load, expected)| (load, CAPACITY, expected))
        .chain(
            capacity_cases
                .iter()
                .map(|&(capacity, expected)| (r#"demand = "300 rps""#, capacity, expected)),
        );
    for (load, capacity, expected) in cases {
        assert_input_error(&scenario(load, capacity), expected);
    }
}

#[test]
fn capacity_needs_load_and_a_balanced_group() {
    let dir = temp_dir();
    let no_load = scenario("", r#"capacity = "100 rps""#).replace("[load]\n", "");
    write(dir.path(), "s.toml", &no_load);
    let output = nines(&["run", "s.toml"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("capacity needs demand"));
    let unbalanced = scenario(r#"demand = "300 rps""#, "")
        .replace("[components.lb]", "[components.db]\ncapacity = \"100 rps\"\nfailure = { dist = \"exponential\", mean = \"1000h\" }\nrepair = { dist = \"exponential\", mean = \"1h\" }\n[components.lb]")
        .replace("all = [\"lb\", \"web\"]", "all = [\"lb\", \"web\", \"alt\"]\n[blocks.alt]\nany = [\"db\", \"lb\"]");
    write(dir.path(), "s.toml", &unbalanced);
    let output = nines(&["run", "s.toml"], dir.path());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("components.db.capacity: capacity outside a balanced group needs the component in series"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_csv_profile_of_a_day_runs_like_the_same_daily_list() {
    let day: Vec<f64> = (0..24).map(|h| 0.5 + (h as f64) / 16.0).collect();
    let list = day
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let csv: String = std::iter::once("hour,multiplier\n".to_string())
        .chain(day.iter().enumerate().map(|(h, v)| format!("{h},{v}\n")))
        .collect();
    let dir = temp_dir();
    write(dir.path(), "day.csv", &csv);
    write(
        dir.path(),
        "s.toml",
        &scenario(
            &format!("demand = \"200 rps\"\ndaily = [{list}]"),
            r#"capacity = "100 rps""#,
        ),
    );
    let from_list = json(dir.path(), &[]);
    write(
        dir.path(),
        "s.toml",
        &scenario(
            "demand = \"200 rps\"\nprofile = \"day.csv\"",
            r#"capacity = "100 rps""#,
        ),
    );
    let from_csv = json(dir.path(), &[]);
    assert_eq!(from_list, from_csv);
    // Demand reaches 200 × 1.94 = 388 rps at 23:00 against 300 of capacity: short at every
    // 23:00; at midnight (200 × 0.5 = 100 rps, one backend's worth) only with all down.
    let load = &from_list["load"];
    let short = |h: usize| load["by_hour"][h]["shortfall_time_share"].as_f64().unwrap();
    assert!(short(23) > 0.0);
    assert!(short(23) > 10.0 * short(0), "{} vs {}", short(23), short(0));
    assert!(load["shortfall_time_share"]["mean"].as_f64().unwrap() > 0.0);
}

#[test]
fn load_results_do_not_depend_on_threads() {
    let dir = temp_dir();
    write(
        dir.path(),
        "s.toml",
        &scenario(
            "demand = \"250 rps\"\ngrowth = \"30%/y\"\n[[load.peaks]]\nstart = \"11-27\"\ndays = 4\nfactor = 1.5",
            r#"capacity = "100 rps""#,
        ),
    );
    let one = json(dir.path(), &["--threads", "1"]);
    let two = json(dir.path(), &["--threads", "2"]);
    assert_eq!(one, two);
    assert!(one["load"]["runway"].is_object());
    // Without growth there is no runway to report.
    write(
        dir.path(),
        "s.toml",
        &scenario(r#"demand = "250 rps""#, r#"capacity = "100 rps""#),
    );
    assert!(json(dir.path(), &[])["load"]["runway"].is_null());
}

#[test]
fn without_capacity_demand_only_weights_the_time_served() {
    // With no capacity and no loss while up, the share of requests served is the share of
    // demand arriving while the service is up: a flat profile makes it time availability.
    let dir = temp_dir();
    write(
        dir.path(),
        "s.toml",
        &scenario(r#"demand = "250 rps""#, "").replace(
            "[components.web.health_check]\nbalancer = \"lb\"\ninterval = \"5s\"\n",
            "",
        ),
    );
    let value = json(dir.path(), &[]);
    let requests = value["request_availability"]["mean"].as_f64().unwrap();
    let time = value["availability"]["mean"].as_f64().unwrap();
    assert!((requests - time).abs() < 1e-9, "{requests} vs {time}");
    assert!(time < 1.0);
}

#[test]
fn check_describes_the_load() {
    let dir = temp_dir();
    write(
        dir.path(),
        "s.toml",
        &scenario(
            "demand = \"250 rps\"\ngrowth = \"30%/y\"\ngrowth_kind = \"linear\"",
            r#"capacity = "100 rps""#,
        ),
    );
    let output = nines(&["check", "s.toml"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("load: 250 rps × flat; peaks: none; growth 30%/y linear; capacity: web 100 rps per instance"),
        "{text}"
    );
}
