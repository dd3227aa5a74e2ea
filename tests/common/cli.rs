//! Helpers of the tests that run the `nines` binary as users do.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the built binary with `args` in `dir`.
pub fn nines(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nines"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// A fresh temporary folder, removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// What a run printed on stdout.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What a run printed on stderr.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `nines run FILE --out DIR/report` on a scenario that must be refused, and checks the
/// refusal every bad input gets: exit code 2, one line naming the file, no panic, no output
/// folder left. Returns the line, for the caller's checks of its key path and words; `case`
/// labels failures.
pub fn refused_run(dir: &Path, file: &Path, case: &str) -> String {
    let out = dir.join("report");
    let output = nines(
        &[
            "run",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        dir,
    );
    let message = stderr(&output);
    let name = file.file_name().unwrap().to_string_lossy();
    assert_eq!(output.status.code(), Some(2), "{case}: {message}");
    assert_eq!(message.trim().lines().count(), 1, "{case}: {message}");
    assert!(message.contains(&format!("{name}:")), "{case}: {message}");
    assert!(!message.contains("panicked"), "{case}: {message}");
    assert!(!out.exists(), "{case}: an output folder was left");
    message
}

/// `DIR/summary.json` without what measures the machine rather than the trials:
/// `performance` and the exact solver's `exact.seconds` (they differ between two identical
/// runs), re-serialized so that two can be compared byte for byte.
pub fn summary_without_timing(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("summary.json")).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let object = value.as_object_mut().unwrap();
    assert!(object.remove("performance").is_some());
    if let Some(exact) = object.get_mut("exact").and_then(|e| e.as_object_mut()) {
        exact.remove("seconds");
    }
    serde_json::to_string_pretty(&value).unwrap()
}

/// The built-in example's scenario file (every kind of result: data sets, SLA windows with
/// credits, maintenance, causes), by absolute path.
pub fn web_service() -> String {
    format!("{}/scenarios/web-service.toml", env!("CARGO_MANIFEST_DIR"))
}

/// Settings of the sharded-run tests: 70,000 trials are four whole batches and a short one,
/// so seven shards include empty ones; few importance trials keep them quick.
pub const SHARDED_SETTINGS: [&str; 6] = [
    "--trials",
    "70000",
    "--seed",
    "11",
    "--importance-trials",
    "300",
];

/// Asserts that two report folders hold the same results: summary.json byte for byte apart
/// from timings ([`summary_without_timing`]) and the same trials.csv.
pub fn assert_same_results(actual: &Path, expected: &Path) {
    assert_eq!(
        summary_without_timing(actual),
        summary_without_timing(expected)
    );
    assert!(
        std::fs::read(actual.join("trials.csv")).unwrap()
            == std::fs::read(expected.join("trials.csv")).unwrap(),
        "trials.csv of {} differs from {}",
        actual.display(),
        expected.display()
    );
}

/// The names of the entries of `dir`, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Writes `text` as s.toml in a fresh folder, runs it, and asserts a one-line error naming
/// the file and line and containing `expected`, with exit code 2.
pub fn assert_input_error(text: &str, expected: &str) {
    let dir = temp_dir();
    write(dir.path(), "s.toml", text);
    let output = nines(&["run", "s.toml"], dir.path());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{expected}: {err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains(expected), "{expected}: {err}");
    assert!(err.contains("s.toml:"), "no file and line: {err}");
}

/// Three backends `web` behind a balancer `lb` (400 trials, seed 5), with `tables` (such as
/// `[load]` and its keys) before the components and `web_keys` on the backends.
pub fn balanced_trio(tables: &str, web_keys: &str) -> String {
    format!(
        r#"[simulation]
trials = 400
seed = 5
{tables}
[components.lb]
failure = {{ dist = "exponential", mean = "1000h" }}
repair = {{ dist = "exponential", mean = "1h" }}
[components.web]
count = 3
{web_keys}
failure = {{ dist = "exponential", mean = "300h" }}
repair = {{ dist = "exponential", mean = "8h" }}
[components.web.health_check]
balancer = "lb"
interval = "5s"
[system]
all = ["lb", "web"]
"#
    )
}

/// Asserts that the last line `output` printed on stderr is --progress's line at the end of
/// the run: it starts with `start` (the label, and the trials done) and says all is done.
#[track_caller]
pub fn assert_progress_ended(output: &Output, start: &str) {
    let last = stderr(output)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    assert!(
        last.starts_with(start) && last.contains("(100.0%)") && last.ends_with("done"),
        "{last}"
    );
}
