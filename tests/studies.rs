//! `nines compare` and `nines sweep`.

mod common;

use common::cli::nines;

use common::{is_up, Ctmc};

const ONE: &str = r#"
name = "one server"
[simulation]
trials = 2000
seed = 5
target = "99.9%"
[components.app]
count = 1
need = 1
failure = { dist = "exponential", mean = "500h" }
repair = { dist = "exponential", mean = "5h" }
[system]
all = ["app"]
"#;

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("one.toml"), ONE).unwrap();
    std::fs::write(
        dir.path().join("two.toml"),
        ONE.replace("count = 1", "count = 2")
            .replace("one server", "two servers"),
    )
    .unwrap();
    dir
}

#[test]
fn compare_measures_the_exact_difference_between_designs() {
    let dir = setup();
    // The files' seed 5, or the seed sweep's (NINES_TEST_SEED), as every statistical check.
    let seed = common::test_seed(5).to_string();
    let output = nines(
        &[
            "compare",
            "one.toml",
            "two.toml",
            "--format",
            "json",
            "--confidence",
            "0.999",
            "--seed",
            &seed,
        ],
        dir.path(),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["designs"].as_array().unwrap().len(), 2);
    let comparisons = report["comparisons"].as_array().unwrap();
    assert_eq!(comparisons[0]["design"], "two servers");
    assert_eq!(comparisons[0]["significant"], true);
    // The paired difference against its exact value: one server (MTTF 500 h, MTTR 5 h)
    // against two in parallel, each repaired on its own, from their Markov chains.
    // (Comparing a design with itself gives zero by construction: no test of anything.)
    let rates = (1.0 / 500.0, 1.0 / 5.0);
    let one = Ctmc::independent(&[rates]).interval_availability(8766.0, |s| is_up(s, 0));
    let two = Ctmc::independent(&[rates, rates]).interval_availability(8766.0, |s| s != 0b11);
    let exact = two - one;
    let difference = &comparisons[0]["availability_difference"];
    let value = |key: &str| difference[key].as_f64().unwrap();
    let (low, high) = (value("ci_low"), value("ci_high"));
    println!(
        "difference: {:.6} [{low:.6}, {high:.6}], exact {exact:.6}",
        value("mean")
    );
    common::print_z("compare difference", value("mean"), low, high, 0.999, exact);
    assert!(
        low <= exact && exact <= high,
        "{exact} outside [{low}, {high}]"
    );
    assert!(high - low < 0.1 * exact, "[{low}, {high}] too wide");

    let table = nines(&["compare", "one.toml", "two.toml"], dir.path());
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("vs first (paired)") && text.contains("significant"),
        "{text}"
    );
    let csv = nines(
        &["compare", "one.toml", "two.toml", "--format", "csv"],
        dir.path(),
    );
    assert_eq!(String::from_utf8_lossy(&csv.stdout).lines().count(), 3);
}

#[test]
fn compare_needs_two_scenarios() {
    let dir = setup();
    let output = nines(&["compare", "one.toml"], dir.path());
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn sweep_finds_the_smallest_count_meeting_the_target() {
    let dir = setup();
    let output = nines(
        &[
            "sweep",
            "one.toml",
            "--set",
            "components.app.count=1,2,3",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let points = report["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    // One server: 500/505 = 99.0%, below 99.9%; two in parallel: 99.99%, above it.
    assert_eq!(points[0]["summary"]["target"]["met"], false);
    assert_eq!(points[1]["summary"]["target"]["met"], true);
    assert_eq!(report["smallest_meeting_target"][0]["value"], "2");
}

#[test]
fn sweep_over_two_keys_makes_a_grid() {
    let dir = setup();
    let output = nines(
        &[
            "sweep",
            "one.toml",
            "--set",
            "components.app.count=1,2",
            "--set",
            "components.app.repair.mean=1h,5h,20h",
            "--format",
            "csv",
            "--trials",
            "500",
        ],
        dir.path(),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<_> = text.lines().collect();
    assert!(lines[0].starts_with("components.app.count,components.app.repair.mean,availability"));
    // A header and one row per point: nothing else, so the output stays valid CSV.
    assert_eq!(lines.len(), 1 + 6, "{text}");
}

#[test]
fn sweep_bad_keys_and_values_exit_with_code_2() {
    let dir = setup();
    for args in [
        &["sweep", "one.toml", "--set", "components.web.count=1,2"][..],
        &["sweep", "one.toml", "--set", "components.app.count"],
        &["sweep", "one.toml", "--set", "components.app.need=5"],
    ] {
        let output = nines(args, dir.path());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
    }
}
