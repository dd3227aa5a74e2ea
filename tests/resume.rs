//! A run with --out killed with SIGKILL mid-way (or stopped by SIGTERM, SIGINT) and resumed
//! with --resume ends with exactly the files of an uninterrupted run; --progress lines count
//! from where it resumed.

mod common;

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::cli::{assert_same_results, nines, stderr, temp_dir, web_service};

fn args(out: &str) -> Vec<String> {
    let scenario = web_service();
    [
        "run",
        &scenario,
        "--trials",
        "120000",
        "--seed",
        "4",
        "--importance-trials",
        "100",
        "--out",
        out,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn next_trial(checkpoint: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(checkpoint).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value["next_trial"].as_u64()
}

#[test]
fn a_killed_run_resumes_to_the_uninterrupted_result() {
    interrupted_run_resumes(None);
}

#[test]
fn a_run_stopped_by_sigterm_or_sigint_resumes_to_the_uninterrupted_result() {
    interrupted_run_resumes(Some("TERM"));
    interrupted_run_resumes(Some("INT"));
}

/// Stops a run mid-way with `signal` (None: SIGKILL), resumes it with --progress, and
/// checks its files equal an uninterrupted run's.
fn interrupted_run_resumes(signal: Option<&str>) {
    let dir = temp_dir();
    let whole: Vec<String> = args("whole");
    let whole: Vec<&str> = whole.iter().map(String::as_str).collect();
    let output = nines(&whole, dir.path());
    assert!(output.status.success(), "{}", stderr(&output));

    // A checkpoint after every batch, so that the kill lands after some and before the end.
    let mut command = Command::new(env!("CARGO_BIN_EXE_nines"));
    // A job started in the background by a non-interactive shell (nohup, `&` in a CI
    // script) ignores SIGINT, and its children inherit that: the run would then rightly
    // go on. The child gets the default action back, as from a terminal.
    // SAFETY: `signal` is async-signal-safe, the only call allowed between fork and exec.
    unsafe {
        command.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            Ok(())
        });
    }
    let mut child = command
        .args(args("resumed"))
        .current_dir(dir.path())
        .env("NINES_CHECKPOINT_SECONDS", "0")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let checkpoint = dir.path().join(".resumed.nines-run/checkpoint.json");
    let deadline = Instant::now() + Duration::from_secs(300);
    while next_trial(&checkpoint).is_none_or(|n| n < 2 * 16_384) {
        assert!(Instant::now() < deadline, "no checkpoint within 300 s");
        std::thread::sleep(Duration::from_millis(5));
    }
    match signal {
        None => child.kill().unwrap(), // SIGKILL: nothing is cleaned up or flushed.
        Some(signal) => {
            let sent = Command::new("kill")
                .args([format!("-{signal}"), child.id().to_string()])
                .status()
                .unwrap();
            assert!(sent.success());
        }
    }
    let status = child.wait().unwrap();
    assert!(!status.success(), "{signal:?}: stopped, not finished");
    let resumed = dir.path().join("resumed");
    assert!(!resumed.exists(), "killed before the end");
    let done = next_trial(&checkpoint).unwrap();
    assert!(done < 120_000, "{done}");

    let again: Vec<String> = args("resumed");
    let mut again: Vec<&str> = again.iter().map(String::as_str).collect();
    again.extend(["--resume", "--progress"]);
    let output = nines(&again, dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    // The last progress line counts every trial, the resumed ones included.
    common::cli::assert_progress_ended(&output, "simulating: 120000/120000 trials");
    assert_same_results(&resumed, &dir.path().join("whole"));
    assert!(!dir.path().join(".resumed.nines-run").exists());
    assert!(!resumed.join("checkpoint.json").exists());
}

#[test]
fn resume_without_an_interrupted_run_is_an_input_error() {
    let dir = temp_dir();
    let a: Vec<String> = args("nothing");
    let mut a: Vec<&str> = a.iter().map(String::as_str).collect();
    a.push("--resume");
    let output = nines(&a, dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no interrupted run"),
        "{}",
        stderr(&output)
    );
    let no_out = nines(&["run", "--resume"], dir.path());
    assert_eq!(no_out.status.code(), Some(2));
}
