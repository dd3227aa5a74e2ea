//! The Slurm example (examples/slurm/) on a real single-node Slurm: a 4-task job array of
//! shards and the dependent merge job, submitted with `sbatch --wait`, give exactly the
//! result of a local run.
//!
//! Needs root and Debian's munge, slurmctld, slurmd and slurm-client packages; the test
//! starts the daemons itself (examples/slurm/start-local-slurm.sh). Where they are absent it
//! skips with a message, unless NINES_REQUIRE_SLURM=1 (CI sets it) makes that a failure.

mod common;

use std::path::Path;
use std::process::Command;

use common::cli::{assert_same_results, nines, stderr, temp_dir, web_service, SHARDED_SETTINGS};

fn required() -> bool {
    std::env::var("NINES_REQUIRE_SLURM").is_ok_and(|v| v == "1")
}

/// Skips (or, in CI, fails) with `why`.
fn unavailable(why: &str) {
    assert!(!required(), "NINES_REQUIRE_SLURM=1 but {why}");
    eprintln!("skipping the Slurm test: {why} (set NINES_REQUIRE_SLURM=1 to make this a failure)");
}

#[test]
fn a_slurm_job_array_and_merge_equal_a_local_run() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/slurm");
    if Command::new("sbatch").arg("--version").output().is_err() {
        return unavailable("sbatch is not installed");
    }
    let start = Command::new("bash")
        .arg(examples.join("start-local-slurm.sh"))
        .output()
        .expect("bash runs");
    if !start.status.success() {
        return unavailable(&format!(
            "a local Slurm could not be started (root is needed): {}",
            stderr(&start).trim()
        ));
    }

    let dir = temp_dir();
    let scenario = web_service();
    let mut local = vec!["run", scenario.as_str(), "--out", "local"];
    local.extend(SHARDED_SETTINGS);
    let output = nines(&local, dir.path());
    assert!(output.status.success(), "{}", stderr(&output));

    let submit = Command::new("bash")
        .arg(examples.join("submit.sh"))
        .arg("--wait")
        .current_dir(dir.path())
        .env("SCENARIO", &scenario)
        .env("TRIALS", "70000")
        .env("SEED", "11")
        .env("RUN_ARGS", "--importance-trials 300")
        .env("SHARDS", "4")
        .env("CPUS", "1")
        .env("NINES", env!("CARGO_BIN_EXE_nines"))
        .env("PARTS", dir.path().join("parts"))
        .env("REPORT", dir.path().join("report"))
        .output()
        .expect("bash runs");
    let logs = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| {
                let path = e.unwrap().path();
                (path.extension()? == "log").then(|| std::fs::read_to_string(path).unwrap())
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        submit.status.success(),
        "{}{}\n{}",
        String::from_utf8_lossy(&submit.stdout),
        stderr(&submit),
        logs()
    );
    // A merge cancelled because a shard failed also ends `sbatch --wait`: the report is
    // the proof.
    let report = dir.path().join("report");
    assert!(
        report.join("summary.json").exists(),
        "no report; logs:\n{}",
        logs()
    );
    for shard in 0..4 {
        assert!(dir
            .path()
            .join(format!("parts/{shard}/partial.json"))
            .exists());
    }
    assert_same_results(&report, &dir.path().join("local"));
}
