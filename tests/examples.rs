//! Every scenario in scenarios/ is valid and runs: the examples are documentation users copy
//! from, so a format change that breaks one must fail here.

use std::path::Path;
use std::process::Command;

mod common;

use common::{is_up, Ctmc};

fn example_files() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("scenarios/ exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn there_are_at_least_four_examples_beside_the_builtin_one() {
    assert!(example_files().len() >= 5, "{:?}", example_files());
}

#[test]
fn every_example_checks_and_runs() {
    for file in example_files() {
        let check = Command::new(env!("CARGO_BIN_EXE_nines"))
            .arg("check")
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(
            check.status.code(),
            Some(0),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&check.stderr)
        );
        let run = Command::new(env!("CARGO_BIN_EXE_nines"))
            .arg("run")
            .arg(&file)
            .args(["--trials", "300", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0), "{}", file.display());
        let summary: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        let mean = summary["availability"]["mean"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&mean), "{}: {mean}", file.display());
    }
}

#[test]
fn the_builtin_example_is_the_shipped_web_service_file() {
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/web-service.toml"),
    )
    .unwrap();
    assert_eq!(nines::scenario::BUILTIN_EXAMPLE, shipped);
}

#[test]
fn backup_strategies_differ_as_theory_says() {
    // Full backups: most storage, fastest restore; incrementals: least storage, longest
    // chain; differentials: in between. Each RTO comparison must hold beyond the intervals.
    let run = Command::new(env!("CARGO_BIN_EXE_nines"))
        .arg("run")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/backup-strategy.toml"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    let summary: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let data_set = |name: &str| {
        summary["data_sets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap()
            .clone()
    };
    let (full, inc, diff) = (
        data_set("nightly-full"),
        data_set("weekly-incremental"),
        data_set("weekly-differential"),
    );
    let storage = |d: &serde_json::Value| d["backup_storage"]["mean_bytes"].as_f64().unwrap();
    assert!(storage(&full) > storage(&diff) && storage(&diff) > storage(&inc));
    let rto = |d: &serde_json::Value, bound: &str| d["rto"][bound].as_f64().unwrap();
    assert!(rto(&full, "ci_high_seconds") < rto(&diff, "ci_low_seconds"));
    assert!(rto(&diff, "ci_high_seconds") < rto(&inc, "ci_low_seconds"));
}

#[test]
fn single_server_example_gives_the_availability_its_comment_states() {
    // The file says A = 8766 / (8766 + 8) = 99.909%, about 8 hours of downtime a year. The
    // exact value over its one-year trials (from the Markov chain, starting up) must round
    // to that, and lie in the simulator's interval for the file as shipped.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/single-server.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("= 99.909%, about 8 hours of downtime a year"));
    let exact = Ctmc::independent(&[(1.0 / 8766.0, 1.0 / 8.0)])
        .interval_availability(8766.0, |s| is_up(s, 0));
    assert_eq!(format!("{:.3}%", exact * 100.0), "99.909%");
    let summary = common::simulate(&text);
    common::assert_availability_within_interval("single-server.toml", &summary, exact);
    let hours = summary.downtime_minutes_per_year.mean / 60.0;
    assert!((7.5..8.5).contains(&hours), "{hours} h of downtime a year");
}
