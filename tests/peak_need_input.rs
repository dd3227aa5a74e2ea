//! `need = "peak"` and `headroom` as users write them: one-line errors with exit code 2,
//! and `nines check` saying the need follows demand.

mod common;

use common::cli::{assert_input_error, nines, stderr, stdout, temp_dir, write};

fn scenario(load: &str, web: &str) -> String {
    common::cli::balanced_trio(load, web)
}

const LOAD: &str = "[load]\ndemand = \"300 rps\"";

#[test]
fn bad_peak_needs_are_one_line_errors_naming_the_key() {
    let cases = [
        (
            LOAD,
            "need = \"most\"\ncapacity = \"100 rps\"",
            "components.web.need: \"most\" is not a need; expected a whole number or \"peak\"",
        ),
        (
            LOAD,
            "need = \"peak\"",
            "components.web.need: need = \"peak\" counts instances of capacity",
        ),
        (
            "",
            "need = \"peak\"",
            "components.web.need: need = \"peak\" follows demand: add [load]",
        ),
        (
            LOAD,
            "need = 2\nheadroom = \"20%\"\ncapacity = \"100 rps\"",
            "components.web.headroom: headroom is spare capacity above demand",
        ),
        (
            LOAD,
            "need = \"peak\"\nheadroom = \"-5%\"\ncapacity = \"100 rps\"",
            "components.web.headroom: is not a headroom",
        ),
        (
            LOAD,
            "need = \"peak\"\nheadroom = \"lots\"\ncapacity = \"100 rps\"",
            "components.web.headroom: is not a headroom",
        ),
    ];
    for (load, web, expected) in cases {
        assert_input_error(&scenario(load, web), expected);
    }
}

#[test]
fn check_says_the_need_follows_demand_and_exact_methods_step_aside() {
    let dir = temp_dir();
    write(
        dir.path(),
        "s.toml",
        &scenario(
            LOAD,
            "need = \"peak\"\nheadroom = \"25%\"\ncapacity = \"100 rps\"",
        ),
    );
    let output = nines(&["check", "s.toml"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("web 100 rps per instance, need follows demand × 1.25"),
        "{}",
        stdout(&output)
    );
    let output = nines(&["solve", "s.toml"], dir.path());
    assert!(
        stdout(&output).contains("need = \"peak\" follows demand hour by hour")
            || stderr(&output).contains("need = \"peak\" follows demand hour by hour"),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
}

#[test]
fn the_summary_and_the_table_state_a_groups_need() {
    let dir = temp_dir();
    let group = "need = \"peak\"\nheadroom = \"20%\"\ncapacity = \"200 rps\"";
    write(dir.path(), "s.toml", &scenario(LOAD, group));
    write(
        dir.path(),
        "p.toml",
        &scenario(LOAD, "need = 2\ncapacity = \"200 rps\""),
    );
    let json = |file: &str| {
        let output = nines(&["run", file, "--format", "json"], dir.path());
        assert!(output.status.success(), "{}", stderr(&output));
        serde_json::from_str::<serde_json::Value>(&stdout(&output)).unwrap()
    };
    assert_eq!(
        json("s.toml")["load"]["capacity"][0]["peak_need_headroom"],
        0.2
    );
    // An added key: absent with a fixed need.
    assert!(json("p.toml")["load"]["capacity"][0]
        .get("peak_need_headroom")
        .is_none());
    let table = stdout(&nines(&["run", "s.toml"], dir.path()));
    let row = table
        .lines()
        .find(|l| l.trim_start().starts_with("Capacity of web"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(row.ends_with("; need follows demand × 1.2"), "{row}");
}

#[test]
fn an_outage_begun_by_rising_demand_counts_to_the_instance_lost_before_it() {
    // Nothing fails; web's rolling maintenance takes one of its three instances down at a
    // time. 300 rps × 1.3 needs all three of 150 rps from 12:00, two before (half the
    // demand): a window opened in a quiet hour costs nothing until 12:00, and the outage
    // then begun counts to maintenance, planned, as one begun by it directly.
    let text = scenario(
        "[load]\ndemand = \"300 rps\"\ndaily = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]",
        "need = \"peak\"\nheadroom = \"30%\"\ncapacity = \"150 rps\"",
    )
    .replace("mean = \"1000h\"", "mean = \"1000y\"")
    .replace("mean = \"300h\"", "mean = \"1000y\"")
    .replace(
        "[components.web.health_check]",
        "[components.web.maintenance]\nevery = \"1w\"\nduration = \"2h\"\n[components.web.health_check]",
    );
    let summary = common::simulate(&text);
    let planned = &summary.planned_downtime;
    assert!(planned.planned_minutes_per_year > 1000.0, "{planned:?}");
    assert_eq!(planned.unplanned_minutes_per_year, 0.0, "{planned:?}");
    assert!(
        summary
            .attribution
            .causes
            .iter()
            .all(|c| c.cause == "maintenance"),
        "{:?}",
        summary.attribution.causes
    );
}
