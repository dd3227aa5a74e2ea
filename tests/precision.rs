//! `--precision` (issue 9, section 3): batches of trials until the interval of
//! unavailability is as narrow as asked, or a budget runs out; a run that stopped at N trials
//! equals `--trials N` with the same seed, whatever the thread count.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn nines(args: &[&str], dir: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_nines"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "nines {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// One server, down about 1% of the time: ±0.5% at 95% needs about 30,000 one-year trials,
/// two batches.
const SERVER: &str = r#"
name = "one server"
[simulation]
trials = 500
seed = 9
[components.server]
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "10h" }
[system]
all = ["server"]
"#;

/// A server that practically never fails: no outage, so no precision can be claimed.
const NEVER_DOWN: &str = r#"
name = "never down"
[simulation]
seed = 9
[components.server]
failure = { dist = "exponential", mean = "1000000y" }
repair = { dist = "exponential", mean = "1h" }
[system]
all = ["server"]
"#;

fn setup(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), text).unwrap();
    dir
}

/// The JSON without its timings and its stopping note.
fn without_timing(json: &str) -> (String, Value) {
    let mut value: Value = serde_json::from_str(json).unwrap();
    let object = value.as_object_mut().unwrap();
    object.remove("performance");
    // The exact solver's own timing is the only other clock reading in the summary.
    if let Some(exact) = object.get_mut("exact").and_then(Value::as_object_mut) {
        exact.remove("seconds");
    }
    let stopping = object.remove("stopping").expect("a stopping note");
    (serde_json::to_string_pretty(&value).unwrap(), stopping)
}

#[test]
fn a_precision_run_equals_a_fixed_run_of_the_trials_it_used() {
    let dir = setup(SERVER);
    let d = dir.path();
    let precise = nines(
        &[
            "run",
            "s.toml",
            "--precision",
            "0.5%",
            "--importance-trials",
            "100",
            "--threads",
            "2",
            "--format",
            "json",
            "--out",
            "precise",
        ],
        d,
    );
    let (precise, stopping) = without_timing(&precise);
    assert_eq!(stopping["rule"], "precision");
    assert_eq!(stopping["reason"], "precision_reached");
    let trials = stopping["trials"].as_u64().unwrap();
    assert_eq!(trials % nines::engine::BATCH, 0, "stops between batches");
    assert!(
        trials > nines::engine::BATCH,
        "needs more than one batch: {trials}"
    );
    let achieved = stopping["achieved_precision"].as_f64().unwrap();
    assert!(achieved <= 0.005);
    // The achieved precision is the reported interval's half-width over the unavailability.
    let availability = &serde_json::from_str::<Value>(&precise).unwrap()["availability"];
    let [mean, low, high] =
        ["mean", "ci_low", "ci_high"].map(|k| availability[k].as_f64().unwrap());
    let relative = (high - low) / 2.0 / (1.0 - mean);
    assert!(
        (achieved - relative).abs() <= 1e-6 * relative,
        "{achieved} vs {relative}"
    );

    let n = trials.to_string();
    let fixed = nines(
        &[
            "run",
            "s.toml",
            "--trials",
            &n,
            "--importance-trials",
            "100",
            "--threads",
            "1",
            "--format",
            "json",
            "--out",
            "fixed",
        ],
        d,
    );
    let (fixed, fixed_stopping) = without_timing(&fixed);
    assert_eq!(fixed_stopping["rule"], "trials");
    assert_eq!(precise, fixed, "the same figures as --trials {trials}");
    // The files too: summary.json apart from the same keys, trials.csv byte for byte.
    let file = |run: &str, name: &str| std::fs::read_to_string(d.join(run).join(name)).unwrap();
    assert_eq!(
        without_timing(&file("precise", "summary.json")).0,
        without_timing(&file("fixed", "summary.json")).0
    );
    let rows = file("precise", "trials.csv");
    assert_eq!(rows, file("fixed", "trials.csv"));
    assert_eq!(rows.lines().count() as u64, trials + 1);
    // The table says why it stopped.
    let table = nines(&["run", "s.toml", "--precision", "0.5%"], d);
    assert!(
        table.contains("Stopped: precision ±0.5% reached after"),
        "{table}"
    );
}

#[test]
fn without_outages_it_runs_to_the_budget() {
    let dir = setup(NEVER_DOWN);
    let args = [
        "run",
        "s.toml",
        "--precision",
        "10%",
        "--max-trials",
        "40000",
    ];
    let json = nines(&[&args[..], &["--format", "json"]].concat(), dir.path());
    let (_, stopping) = without_timing(&json);
    assert_eq!(stopping["reason"], "max_trials");
    assert_eq!(stopping["trials"], 40000);
    assert!(stopping["achieved_precision"].is_null());
    // JSON writes an infinite precision as null too: the text must say why there is none.
    let text = nines(&args, dir.path());
    assert!(
        text.contains("not reached within --max-trials 40000 (no downtime seen)"),
        "{text}"
    );
}

#[test]
fn a_time_budget_stops_a_run_that_cannot_be_precise() {
    let dir = setup(NEVER_DOWN);
    let json = nines(
        &[
            "run",
            "s.toml",
            "--precision",
            "10%",
            "--max-time",
            "1s",
            "--format",
            "json",
        ],
        dir.path(),
    );
    let (_, stopping) = without_timing(&json);
    assert_eq!(stopping["reason"], "max_time");
    assert_eq!(stopping["max_seconds"], 1.0);
}

#[test]
fn compare_and_sweep_stop_on_precision_too() {
    let dir = setup(SERVER);
    let d = dir.path();
    std::fs::write(
        d.join("better.toml"),
        SERVER.replace("mean = \"10h\"", "mean = \"5h\""),
    )
    .unwrap();
    let json = nines(
        &[
            "compare",
            "s.toml",
            "better.toml",
            "--precision",
            "1%",
            "--format",
            "json",
        ],
        d,
    );
    let value: Value = serde_json::from_str(&json).unwrap();
    let text = value.to_string();
    assert!(text.contains("\"reason\":\"precision_reached\""), "{text}");
    let sweep = nines(
        &[
            "sweep",
            "s.toml",
            "--set",
            "components.server.repair.mean=5h,10h",
            "--precision",
            "1%",
            "--format",
            "json",
        ],
        d,
    );
    assert_eq!(
        sweep.matches("\"reason\": \"precision_reached\"").count(),
        2,
        "{sweep}"
    );
}
