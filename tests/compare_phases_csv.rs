//! `nines compare --format csv` per phase: each design's figures per phase and the paired
//! differences per phase, column by column the same numbers as `--format json` gives.

mod common;

use common::cli::{nines, stderr, stdout, temp_dir, write};
use serde_json::Value;

/// A design of two servers (one needed) with a season named `season` whose failure
/// clocks run `factor` times faster (`common::phases::season_pair`), 200 trials.
fn design(name: &str, season: &str, factor: f64) -> String {
    common::phases::season_pair(name, season, &factor.to_string(), 200, 71)
}

/// `nines compare` of the files in `dir` in `format` (stdout; the run must succeed).
fn compare(dir: &std::path::Path, files: &[&str], format: &str) -> String {
    let output = nines(
        &[
            &["compare"],
            files,
            &["--format", format, "--trials", "200"],
        ]
        .concat(),
        dir,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

/// The CSV's rows as (header, cell) maps, one per design.
fn csv_rows(text: &str) -> Vec<Vec<(String, String)>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The cell of `key` in `row`; panics naming the key when there is no such column.
fn cell<'a>(row: &'a [(String, String)], key: &str) -> &'a str {
    row.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no column {key}"))
}

/// The entry of `list` whose `key` is `name`.
fn named<'a>(list: &'a Value, key: &str, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|p| p[key] == name)
        .unwrap_or_else(|| panic!("no {name} in {list}"))
}

#[test]
fn csv_has_each_phases_figures_and_paired_differences_as_json_does() {
    let dir = temp_dir();
    write(dir.path(), "steady.toml", &design("steady", "season", 1.0));
    write(
        dir.path(),
        "stressed.toml",
        &design("stressed", "season", 4.0),
    );
    let files = ["steady.toml", "stressed.toml"];
    let rows = csv_rows(&compare(dir.path(), &files, "csv"));
    let report: Value = serde_json::from_str(&compare(dir.path(), &files, "json")).unwrap();
    assert_eq!(rows.len(), 2);
    for (i, row) in rows.iter().enumerate() {
        for name in ["normal", "season"] {
            let phase = named(&report["designs"][i]["phases"], "name", name);
            for (key, value) in [
                ("hours_per_year", &phase["hours_per_year"]),
                ("availability_mean", &phase["availability"]["mean"]),
                ("availability_ci_low", &phase["availability"]["ci_low"]),
                ("availability_ci_high", &phase["availability"]["ci_high"]),
                (
                    "downtime_minutes_per_phase_hour",
                    &phase["downtime_minutes"]["per_phase_hour"],
                ),
                ("outages_count", &phase["outages"]["count"]),
            ] {
                let column = format!("phase_{name}_{key}");
                assert_eq!(
                    cell(row, &column),
                    value.to_string(),
                    "design {i}, {column}"
                );
            }
            let paired = format!("phase_{name}_vs_first_availability_difference_mean");
            if i == 0 {
                // The first design is the baseline: no difference of its own.
                assert_eq!(cell(row, &paired), "", "{paired}");
                continue;
            }
            let d = named(&report["comparisons"][i - 1]["phases"], "phase", name);
            for (key, value) in [
                (
                    "availability_difference_mean",
                    &d["availability_difference"]["mean"],
                ),
                (
                    "availability_difference_ci_low",
                    &d["availability_difference"]["ci_low"],
                ),
                (
                    "availability_difference_ci_high",
                    &d["availability_difference"]["ci_high"],
                ),
                (
                    "downtime_minutes_per_phase_hour_difference",
                    &d["downtime_minutes_per_phase_hour_difference"],
                ),
                ("significant", &d["significant"]),
            ] {
                let column = format!("phase_{name}_vs_first_{key}");
                assert_eq!(cell(row, &column), value.to_string(), "{column}");
            }
        }
    }
    // Four times the failures in the season: the stressed design is worse there.
    let worse: f64 = cell(
        &rows[1],
        "phase_season_vs_first_availability_difference_mean",
    )
    .parse()
    .unwrap();
    assert!(worse < 0.0, "{worse}");
}

#[test]
fn csv_leaves_a_phase_not_in_both_empty_and_names_it() {
    let dir = temp_dir();
    write(dir.path(), "steady.toml", &design("steady", "season", 1.0));
    write(dir.path(), "peak.toml", &design("peaky", "peak", 4.0));
    let rows = csv_rows(&compare(dir.path(), &["steady.toml", "peak.toml"], "csv"));
    // Each design's own phase has figures; the other's phase columns are empty.
    assert_ne!(cell(&rows[0], "phase_season_availability_mean"), "");
    assert_eq!(cell(&rows[1], "phase_season_availability_mean"), "");
    assert_eq!(cell(&rows[0], "phase_peak_availability_mean"), "");
    assert_ne!(cell(&rows[1], "phase_peak_availability_mean"), "");
    // Only "normal" pairs.
    assert_ne!(
        cell(
            &rows[1],
            "phase_normal_vs_first_availability_difference_mean"
        ),
        ""
    );
    // A phase paired in no comparison has no difference columns.
    assert!(!rows[1].iter().any(
        |(k, _)| k.starts_with("phase_peak_vs_first") || k.starts_with("phase_season_vs_first")
    ));
    assert_eq!(
        cell(&rows[1], "phases_not_in_both_vs_first"),
        "season, peak"
    );
    assert_eq!(cell(&rows[0], "phases_not_in_both_vs_first"), "");
}
