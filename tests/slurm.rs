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

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/slurm")
}

/// Starts the local Slurm; false (after skipping or failing) where it cannot run.
fn slurm_ready() -> bool {
    if Command::new("sbatch").arg("--version").output().is_err() {
        unavailable("sbatch is not installed");
        return false;
    }
    let start = Command::new("bash")
        .arg(examples().join("start-local-slurm.sh"))
        .output()
        .expect("bash runs");
    if !start.status.success() {
        unavailable(&format!(
            "a local Slurm could not be started (root is needed): {}",
            stderr(&start).trim()
        ));
        return false;
    }
    true
}

/// The jobs' logs in `dir`, for failure messages.
fn logs(dir: &Path) -> String {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            (path.extension()? == "log").then(|| std::fs::read_to_string(path).unwrap())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs examples/slurm/submit.sh --wait in `dir` with `env`, seed 11, one core per job, this
/// build of nines, partials in `dir`/parts and the report in `dir`/report.
fn submit(dir: &Path, env: &[(&str, &str)]) -> std::process::Output {
    Command::new("bash")
        .arg(examples().join("submit.sh"))
        .arg("--wait")
        .current_dir(dir)
        .envs(env.iter().copied())
        .env("SEED", "11")
        .env("CPUS", "1")
        .env("NINES", env!("CARGO_BIN_EXE_nines"))
        .env("PARTS", dir.join("parts"))
        .env("REPORT", dir.join("report"))
        .output()
        .expect("bash runs")
}

#[test]
fn a_slurm_job_array_and_merge_equal_a_local_run() {
    if !slurm_ready() {
        return;
    }
    let dir = temp_dir();
    let scenario = web_service();
    let mut local = vec!["run", scenario.as_str(), "--out", "local"];
    local.extend(SHARDED_SETTINGS);
    let output = nines(&local, dir.path());
    assert!(output.status.success(), "{}", stderr(&output));

    let submit = submit(
        dir.path(),
        &[
            ("SCENARIO", &scenario),
            ("TRIALS", "70000"),
            ("RUN_ARGS", "--importance-trials 300"),
            ("SHARDS", "4"),
        ],
    );
    let logs = || logs(dir.path());
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

/// COMMAND=plan: the design stage's array, the ranking merge, the paired stage's array and
/// the final merge, chained by submit.sh, print and write what `nines plan --no-racing`
/// does on one machine.
#[test]
fn a_sharded_plan_in_two_stages_on_slurm_equals_a_local_plan() {
    if !slurm_ready() {
        return;
    }
    let dir = temp_dir();
    let scenario = web_service().replace("web-service.toml", "web-service-priced.toml");
    let flags = [
        "--vary",
        "components.app.count=3,4,5,6",
        "--objective",
        "availability>=99.9%",
        "--objective",
        "requests>=99%",
    ];
    let mut local = vec![
        "plan",
        scenario.as_str(),
        "--no-racing",
        "--trials",
        "20000",
    ];
    local.extend(["--seed", "11", "--format", "json", "--out", "local"]);
    local.extend(flags);
    let expected = nines(&local, dir.path());
    assert!(expected.status.success(), "{}", stderr(&expected));
    let submit = submit(
        dir.path(),
        &[
            ("COMMAND", "plan"),
            ("SCENARIO", &scenario),
            ("TRIALS", "20000"),
            ("RUN_ARGS", &flags.join(" ")),
            ("SHARDS", "3"),
            ("PAIRED_SHARDS", "2"),
        ],
    );
    let report = dir.path().join("report");
    assert!(
        submit.status.success() && report.join("plan.json").exists(),
        "{}{}\n{}",
        String::from_utf8_lossy(&submit.stdout),
        stderr(&submit),
        logs(dir.path())
    );
    assert!(dir.path().join("report-ranking/paired-stage.json").exists());
    assert!(dir.path().join("parts-paired/1/study.json").exists());
    let printed = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
    assert_eq!(printed, common::cli::stdout(&expected));
    for file in ["plan.json", "index.html", "frontier.svg", "frontier.png"] {
        assert!(
            std::fs::read(report.join(file)).unwrap()
                == std::fs::read(dir.path().join("local").join(file)).unwrap(),
            "{file} differs"
        );
    }
}
