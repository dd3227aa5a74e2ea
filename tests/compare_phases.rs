//! `nines compare` of designs with `[[phases]]`: each design's figures per phase as `nines
//! run` gives them, and the paired difference per phase against its exact value.
//!
//! Two designs of two servers of which one is needed, each failing at rate λ and repaired
//! at rate μ on its own (unlimited crews): "steady" keeps λ all the time, "stressed" has its
//! failure clocks run four times faster in a repeating "season". The servers are
//! independent, so the service is down with probability q(t)² where q is one server's
//! transient unavailability, q(t) = a + (q₀ − a)·e^(−st) over a stretch of constant rates
//! (s = λ' + μ, a = λ'/s): the exact mean availability over each phase is a closed form.

mod common;

use common::cli::{nines, stderr, stdout, temp_dir, write};
use serde_json::Value;

/// Horizon, period, length and first start of the season, in hours, as
/// `common::phases::season_pair` writes them.
const HORIZON: f64 = 2000.0;
const EVERY: f64 = 1000.0;
const LENGTH: f64 = 300.0;
const START: f64 = 500.0;
/// One server's failure and repair rates (`common::phases::SERVER_PAIR`), and the
/// season's failure factor.
const FAIL: f64 = 1.0 / 100.0;
const REPAIR: f64 = 1.0 / 10.0;
const FACTOR: f64 = 4.0;

/// A design of the pair of servers with a season of failure factor `factor` named `season`.
fn design(name: &str, season: &str, factor: f64) -> String {
    common::phases::season_pair(
        name,
        season,
        &factor.to_string(),
        4000,
        // TOML's integers stop at i64::MAX; a sweep's derived seed may not.
        common::test_seed(61) & i64::MAX as u64,
    )
}

/// A folder with the designs "steady" (factor 1) and "stressed" (factor 4).
fn steady_and_stressed() -> tempfile::TempDir {
    let dir = temp_dir();
    write(dir.path(), "steady.toml", &design("steady", "season", 1.0));
    write(
        dir.path(),
        "stressed.toml",
        &design("stressed", "season", FACTOR),
    );
    dir
}

/// Exact mean unavailability of the 1-of-2 service over each phase ([normal, season]) when
/// the season multiplies the failure rate by `factor`: q² integrated stretch by stretch in
/// closed form, each stretch starting from the q the previous one ended with.
fn exact_unavailability(factor: f64) -> [f64; 2] {
    let mut q = 0.0;
    let (mut integral, mut hours) = ([0.0; 2], [0.0; 2]);
    let mut t = 0.0;
    while t < HORIZON {
        let into = (t - START).rem_euclid(EVERY);
        let in_season = t >= START && into < LENGTH;
        let end = if t < START {
            START
        } else if in_season {
            t - into + LENGTH
        } else {
            t - into + EVERY
        }
        .min(HORIZON);
        let (phase, rate) = if in_season {
            (1, FAIL * factor)
        } else {
            (0, FAIL)
        };
        let length = end - t;
        let s = rate + REPAIR;
        let a = rate / s;
        let c = q - a;
        integral[phase] += a * a * length
            + 2.0 * a * c * (1.0 - (-s * length).exp()) / s
            + c * c * (1.0 - (-2.0 * s * length).exp()) / (2.0 * s);
        hours[phase] += length;
        q = a + c * (-s * length).exp();
        t = end;
    }
    [integral[0] / hours[0], integral[1] / hours[1]]
}

fn json(args: &[&str], dir: &std::path::Path) -> Value {
    let output = nines(args, dir);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// The entry of `name` in a list of phase figures.
fn phase<'a>(list: &'a Value, key: &str, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|p| p[key] == name)
        .unwrap_or_else(|| panic!("no phase {name} in {list}"))
}

#[test]
fn per_phase_figures_equal_runs_and_paired_differences_meet_exact_values() {
    let dir = steady_and_stressed();
    let compare = [
        "compare",
        "steady.toml",
        "stressed.toml",
        "--format",
        "json",
        "--confidence",
        "0.999",
    ];
    let report = json(&compare, dir.path());

    // Each design's per-phase figures are those of `nines run` on the same seed and trials.
    for (i, file) in ["steady.toml", "stressed.toml"].iter().enumerate() {
        let run = json(
            &["run", file, "--format", "json", "--confidence", "0.999"],
            dir.path(),
        );
        assert_eq!(report["designs"][i]["phases"], run["phases"], "{file}");
        assert_eq!(run["phases"].as_array().unwrap().len(), 2, "{file}");
    }

    // The paired difference within each phase contains the exact difference.
    let (steady, stressed) = (exact_unavailability(1.0), exact_unavailability(FACTOR));
    let comparison = &report["comparisons"][0];
    assert!(
        comparison.get("phases_not_common").is_none(),
        "{comparison}"
    );
    for (p, name) in ["normal", "season"].iter().enumerate() {
        let exact = steady[p] - stressed[p];
        let entry = phase(&comparison["phases"], "phase", name);
        let d = &entry["availability_difference"];
        let (mean, low, high) = (
            d["mean"].as_f64().unwrap(),
            d["ci_low"].as_f64().unwrap(),
            d["ci_high"].as_f64().unwrap(),
        );
        common::print_z(name, mean, low, high, 0.999, exact);
        assert!(
            low <= exact && exact <= high,
            "{name}: exact {exact} outside [{low}, {high}]"
        );
        let minutes = entry["downtime_minutes_per_phase_hour_difference"]
            .as_f64()
            .unwrap();
        assert!((minutes + mean * 60.0).abs() < 1e-12, "{entry}");
        // Each design's own interval in the phase holds its exact availability too.
        for (i, exact) in [steady[p], stressed[p]].iter().enumerate() {
            let a = &phase(&report["designs"][i]["phases"], "name", name)["availability"];
            let (low, high) = (
                a["ci_low"].as_f64().unwrap(),
                a["ci_high"].as_f64().unwrap(),
            );
            assert!(
                low <= 1.0 - exact && 1.0 - exact <= high,
                "design {i} {name}: {} outside [{low}, {high}]",
                1.0 - exact
            );
        }
    }
    // The season costs the stressed design availability, and the comparison finds it; the
    // normal time's difference (what the season leaves behind as it ends) is small beside it.
    let season = phase(&comparison["phases"], "phase", "season");
    assert_eq!(season["significant"], true, "{season}");
    let exact_season = steady[1] - stressed[1];
    let exact_normal = steady[0] - stressed[0];
    assert!(exact_season < -0.05, "{exact_season}");
    assert!(
        exact_normal < 0.0 && exact_normal > 0.05 * exact_season,
        "{exact_normal}"
    );
}

#[test]
fn text_markdown_and_html_show_the_phases_side_by_side() {
    let dir = steady_and_stressed();
    let files = ["compare", "steady.toml", "stressed.toml", "--trials", "200"];
    let text = stdout(&nines(&files, dir.path()));
    for row in [
        "Phase normal: availability",
        "Phase season: availability",
        "Phase season: downtime min/phase-hour",
        "Phase season: vs first (paired)",
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(row))
            .unwrap_or_else(|| panic!("no row {row} in\n{text}"));
        assert!(!line.contains(" - "), "{line}");
    }
    let paired = text
        .lines()
        .find(|l| l.starts_with("Phase season: vs first (paired)"))
        .unwrap();
    assert!(
        paired.contains("baseline") && paired.contains("significant"),
        "{paired}"
    );

    let markdown = stdout(&nines(
        &[&files[..], &["--format", "markdown"]].concat(),
        dir.path(),
    ));
    assert!(
        markdown
            .lines()
            .any(|l| l.starts_with("| Phase season: vs first (paired)")
                && l.contains("| baseline")
                && l.contains("] significant")),
        "{markdown}"
    );

    let out = nines(&[&files[..], &["--out", "report"]].concat(), dir.path());
    assert_eq!(out.status.code(), Some(0));
    let html = std::fs::read_to_string(dir.path().join("report/index.html")).unwrap();
    assert!(html.contains("Phase season: vs first (paired)"), "{html}");
    let saved: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("report/comparison.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        saved["comparisons"][0]["phases"].as_array().unwrap().len(),
        2
    );
}

#[test]
fn phases_by_other_names_are_shown_and_named_as_not_common() {
    let dir = temp_dir();
    write(dir.path(), "steady.toml", &design("steady", "season", 1.0));
    write(dir.path(), "peak.toml", &design("peaky", "peak", FACTOR));
    let report = json(
        &[
            "compare",
            "steady.toml",
            "peak.toml",
            "--format",
            "json",
            "--trials",
            "200",
        ],
        dir.path(),
    );
    let comparison = &report["comparisons"][0];
    assert_eq!(
        comparison["phases_not_common"],
        serde_json::json!(["season", "peak"])
    );
    // Only the time outside both designs' phases pairs.
    let paired: Vec<&str> = comparison["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["phase"].as_str().unwrap())
        .collect();
    assert_eq!(paired, ["normal"]);

    let text = stdout(&nines(
        &["compare", "steady.toml", "peak.toml", "--trials", "200"],
        dir.path(),
    ));
    let row = |start: &str| {
        text.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no row {start} in\n{text}"))
            .to_string()
    };
    // Each design shows the phase it has; the other has none of it.
    assert!(row("Phase season: availability").trim_end().ends_with('-'));
    assert!(row("Phase peak: availability").contains("  -  "));
    assert!(row("Phase peak: vs first (paired)").contains("not in both"));
    assert!(row("Phases not in both (vs first)").contains("season, peak"));
}

#[test]
fn per_phase_differences_do_not_depend_on_threads() {
    let dir = steady_and_stressed();
    let run = |threads: &str| {
        let report = json(
            &[
                "compare",
                "steady.toml",
                "stressed.toml",
                "--format",
                "json",
                "--trials",
                "600",
                "--threads",
                threads,
            ],
            dir.path(),
        );
        report["comparisons"][0]["phases"].clone()
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn sharded_compares_merge_into_the_same_per_phase_differences() {
    let dir = steady_and_stressed();
    let designs = ["compare", "steady.toml", "stressed.toml"];
    for i in 0..3 {
        let shard = format!("{i}/3");
        let out = format!("s{i}");
        let output = nines(
            &[&designs[..], &["--shard", &shard, "--out", &out]].concat(),
            dir.path(),
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let merged = nines(&["merge", "s0", "s1", "s2", "--out", "merged"], dir.path());
    assert_eq!(merged.status.code(), Some(0), "{}", stderr(&merged));
    let whole = nines(&[&designs[..], &["--out", "whole"]].concat(), dir.path());
    assert_eq!(stdout(&merged), stdout(&whole));
    let read = |folder: &str| -> Value {
        let path = dir.path().join(folder).join("comparison.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let (merged, whole) = (read("merged"), read("whole"));
    let phases = &whole["comparisons"][0]["phases"];
    assert_eq!(phases.as_array().unwrap().len(), 2);
    assert_eq!(merged["comparisons"][0]["phases"], *phases);
}
