//! `nines sweep --set` and `nines plan --vary` over the keys of `[[phases]]` elements
//! (`phases.0.failure_factor`): each point is the scenario with that value written in.

mod common;

use common::cli::{nines, stderr, temp_dir, write};
use serde_json::Value;

/// The pair of servers with a season of failure factor `factor` (a TOML value: a number
/// or a table by component), priced for `nines plan`.
fn scenario(factor: &str) -> String {
    common::phases::season_pair("pair", "season", factor, 400, 8)
        + "[cost.components.app]\nper_instance = \"$1/h\"\n"
}

fn json(args: &[&str], dir: &std::path::Path) -> Value {
    let output = nines(args, dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// `nines run` of the scenario with the factor written in by hand.
fn run_with(dir: &std::path::Path, factor: &str) -> Value {
    write(dir, "edited.toml", &scenario(factor));
    json(&["run", "edited.toml", "--format", "json"], dir)
}

#[test]
fn a_sweep_over_a_phase_factor_runs_each_value_as_written() {
    let dir = temp_dir();
    // One number for every component, or a table by component (the key reaches into it).
    for (key, base, values) in [
        ("phases.0.failure_factor", "1", ["1", "2", "5"]),
        (
            "phases.0.failure_factor.app",
            "{ app = 1 }",
            ["1", "2", "5"],
        ),
    ] {
        write(dir.path(), "base.toml", &scenario(base));
        let set = format!("{key}={}", values.join(","));
        let sweep = json(
            &["sweep", "base.toml", "--set", &set, "--format", "json"],
            dir.path(),
        );
        let points = sweep["points"].as_array().unwrap();
        assert_eq!(points.len(), 3, "{key}");
        let mut seasons = Vec::new();
        for (point, value) in points.iter().zip(values) {
            assert_eq!(point["values"], serde_json::json!([value]));
            let written = if key.ends_with(".app") {
                format!("{{ app = {value} }}")
            } else {
                value.to_string()
            };
            let run = run_with(dir.path(), &written);
            let summary = &point["summary"];
            assert_eq!(summary["phases"], run["phases"], "{key}={value}");
            assert_eq!(
                summary["availability"], run["availability"],
                "{key}={value}"
            );
            let season = &summary["phases"][1];
            assert_eq!(season["name"], "season");
            seasons.push(season["availability"]["mean"].as_f64().unwrap());
        }
        // Faster failure clocks in the season: less availability in it.
        assert!(
            seasons[0] > seasons[1] && seasons[1] > seasons[2],
            "{seasons:?}"
        );
    }
}

#[test]
fn a_plan_varies_a_phase_factor_with_other_keys() {
    let dir = temp_dir();
    write(dir.path(), "base.toml", &scenario("1"));
    let plan = json(
        &[
            "plan",
            "base.toml",
            "--vary",
            "components.app.count=2,3",
            "--vary",
            "phases.0.failure_factor=1,4",
            "--no-racing",
            "--format",
            "json",
        ],
        dir.path(),
    );
    let designs = plan["designs"].as_array().unwrap();
    let design = |count: &str, factor: &str| {
        designs
            .iter()
            .find(|d| d["values"] == serde_json::json!([count, factor]))
            .unwrap_or_else(|| panic!("no design {count}, {factor} in {plan}"))
    };
    // Two servers meet 99% with the season as the rest of the time (about 99.2%) and miss
    // it when the season's failures come four times as often (about 97%).
    assert_eq!(design("2", "1")["status"], "feasible", "{plan}");
    assert_eq!(design("2", "4")["status"], "infeasible", "{plan}");
    let run = run_with(dir.path(), "4");
    assert_eq!(
        design("2", "4")["availability"]["mean"],
        run["availability"]["mean"]
    );
    let winner = plan["winner"].as_u64().unwrap() as usize;
    assert_eq!(
        designs[winner]["values"],
        serde_json::json!(["2", "1"]),
        "{plan}"
    );
}

#[test]
fn a_phase_that_is_not_there_is_refused_with_the_count() {
    let dir = temp_dir();
    write(dir.path(), "base.toml", &scenario("1"));
    let output = nines(
        &["sweep", "base.toml", "--set", "phases.1.failure_factor=1,2"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains("no phases.1") && message.contains("phases has 1 elements"),
        "{message}"
    );
}
