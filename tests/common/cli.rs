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
