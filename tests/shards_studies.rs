//! Sharded studies (`nines sweep|compare|plan --shard I/N`) merged with `nines merge` write
//! exactly what the unsharded study writes, and the merge refuses pieces that do not make
//! one study.

mod common;

use std::path::Path;

use common::cli::{nines, stderr, stdout, temp_dir, write};
use common::studies::{assert_same_folder, without_timing};

/// A quick model with outages of every length; 40,000 trials are two whole batches and a
/// short one, so seven shards of a compare (three lockstep units) include empty ones and
/// seven shards of a sweep (nine units) split designs between shards.
const ONE: &str = r#"
name = "one server"
[simulation]
trials = 2000
seed = 5
target = "99.9%"
[components.app]
count = 1
need = 1
failure = { dist = "weibull", shape = 1.5, mean = "500h" }
repair = { dist = "lognormal", median = "4h", p95 = "20h" }
[cost.components.app]
per_instance = "$0.10/h"
[cost]
downtime = "$500/h"
[system]
all = ["app"]
"#;

const TRIALS: &str = "40000";

/// A sweep of three designs: nine units of one batch.
const SWEEP: [&str; 6] = [
    "sweep",
    "one.toml",
    "--set",
    "components.app.count=1,2,3",
    "--trials",
    TRIALS,
];

fn setup() -> tempfile::TempDir {
    let dir = temp_dir();
    write(dir.path(), "one.toml", ONE);
    write(
        dir.path(),
        "two.toml",
        &ONE.replace("count = 1", "count = 2")
            .replace("one server", "two servers"),
    );
    dir
}

fn ok(output: &std::process::Output) {
    assert!(output.status.success(), "{}", stderr(output));
}

fn with(args: &[&str], extra: &[&str]) -> Vec<String> {
    args.iter().chain(extra).map(|s| s.to_string()).collect()
}

fn run(dir: &Path, args: &[String]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    nines(&args, dir)
}

/// Runs `study` unsharded, then in 1, 3 and 7 shards merged (given in reverse order), and
/// checks the merge printed and wrote what the unsharded study did. `unsharded` is added
/// to the unsharded command only, `merge` to the merges.
fn check_shards_equal_unsharded(study: &[&str], unsharded: &[&str], merge: &[&str]) {
    let dir = setup();
    let single = run(
        dir.path(),
        &with(
            study,
            &[unsharded, &["--out", "single", "--format", "json"]].concat(),
        ),
    );
    ok(&single);
    for count in [1, 3, 7] {
        let mut parts: Vec<String> = (0..count)
            .map(|i| {
                let out = format!("part-{i}-of-{count}");
                let spec = format!("{i}/{count}");
                ok(&run(
                    dir.path(),
                    &with(study, &["--shard", &spec, "--out", &out]),
                ));
                out
            })
            .collect();
        parts.reverse();
        let out = format!("merged-{count}");
        let mut args = vec!["merge".to_string()];
        args.extend(parts);
        args.extend(with(&["--out", &out, "--format", "json"], merge));
        let merged = run(dir.path(), &args);
        ok(&merged);
        assert_eq!(
            without_timing(&stdout(&merged)),
            without_timing(&stdout(&single)),
            "{count} shards: printed results"
        );
        assert_same_folder(&dir.path().join(&out), &dir.path().join("single"));
    }
}

#[test]
fn sharded_sweeps_merge_into_the_unsharded_sweep() {
    check_shards_equal_unsharded(&SWEEP, &[], &[]);
}

#[test]
fn sharded_compares_merge_into_the_unsharded_compare() {
    check_shards_equal_unsharded(
        &["compare", "one.toml", "two.toml", "--trials", TRIALS],
        &[],
        &[],
    );
}

#[test]
fn sharded_plans_merge_into_the_unsharded_plan_without_racing() {
    // The availability objective rules some designs out exactly (they are not simulated);
    // the requests objective leaves the others to simulation.
    check_shards_equal_unsharded(
        &[
            "plan",
            "one.toml",
            "--vary",
            "components.app.count=1,2,3",
            "--vary",
            "components.app.failure.mean=300h,1000h",
            "--objective",
            "availability>=99.9%",
            "--objective",
            "requests>=99%",
            "--trials",
            TRIALS,
        ],
        &["--no-racing"],
        // The one-step merge: the paired stage run by the merge itself (tests/plan_stages.rs
        // shards it).
        &["--paired", "here"],
    );
}

fn shard_of(dir: &Path, name: &str, study: &[&str], index: u64, count: u64) -> String {
    let out = format!("{name}-{index}-of-{count}");
    let spec = format!("{index}/{count}");
    ok(&run(dir, &with(study, &["--shard", &spec, "--out", &out])));
    out
}

fn refused(dir: &Path, pieces: &[&str]) -> String {
    let mut args = vec!["merge"];
    args.extend_from_slice(pieces);
    args.extend(["--out", "merged"]);
    let output = nines(&args, dir);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!dir.join("merged").exists(), "nothing written on error");
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    message
}

#[test]
fn merge_refuses_gaps_overlaps_and_mixed_studies() {
    let dir = setup();
    let sweep = SWEEP;
    let parts: Vec<String> = (0..3)
        .map(|i| shard_of(dir.path(), "sweep", &sweep, i, 3))
        .collect();
    let (p0, p1, p2) = (parts[0].as_str(), parts[1].as_str(), parts[2].as_str());
    // A shard run again (a retried task) replaces its folder.
    assert_eq!(shard_of(dir.path(), "sweep", &sweep, 1, 3), p1);
    // Nine units (three designs of three batches), three per shard: shard 1 holds design 1.
    let gap = refused(dir.path(), &[p0, p2]);
    assert!(gap.contains("design 1: trials 0..39999 missing"), "{gap}");
    let doubled = refused(dir.path(), &[p0, p1, p1, p2]);
    assert!(
        doubled.contains("design 1: trials 0..39999 are in two partials"),
        "{doubled}"
    );

    // A shard of another study: another grid, another command, a run.
    let other = shard_of(
        dir.path(),
        "other",
        &[
            "sweep",
            "one.toml",
            "--set",
            "components.app.count=1,2,4",
            "--trials",
            TRIALS,
        ],
        1,
        3,
    );
    let mixed = refused(dir.path(), &[p0, &other, p2]);
    assert!(mixed.contains("partials of different studies"), "{mixed}");
    let compare = shard_of(
        dir.path(),
        "compare",
        &["compare", "one.toml", "two.toml", "--trials", TRIALS],
        1,
        3,
    );
    let mixed = refused(dir.path(), &[p0, &compare, p2]);
    assert!(mixed.contains("partials of different studies"), "{mixed}");
    ok(&nines(
        &[
            "run", "one.toml", "--trials", TRIALS, "--shard", "1/3", "--out", "run-part",
        ],
        dir.path(),
    ));
    let mixed = refused(dir.path(), &[p0, "run-part", p2]);
    assert!(mixed.contains("run-part: a run's partial"), "{mixed}");
}

#[test]
fn what_a_shard_cannot_do_is_refused() {
    let dir = setup();
    for args in [
        &[
            "sweep",
            "one.toml",
            "--set",
            "components.app.count=1,2",
            "--precision",
            "10%",
        ][..],
        &["compare", "one.toml", "two.toml", "--method", "rare"],
    ] {
        let output = run(
            dir.path(),
            &with(args, &["--shard", "0/2", "--out", "part"]),
        );
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
        assert!(stderr(&output).contains("--shard"), "{}", stderr(&output));
        assert!(!dir.path().join("part").exists());
    }
    let output = run(
        dir.path(),
        &with(
            &["plan", "one.toml", "--vary", "components.app.count=1,2"],
            &["--shard", "0/2"],
        ),
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--out"), "{}", stderr(&output));
}

#[test]
fn partials_without_rows_merge_into_the_same_summary_and_a_header_only_trials_csv() {
    let dir = setup();
    let plain = ["run", "one.toml", "--trials", TRIALS];
    ok(&run(dir.path(), &with(&plain, &["--out", "single"])));
    let part = |i: u64, extra: &[&str]| {
        let out = format!("part-{i}");
        let spec = format!("{i}/3");
        let args = with(
            &plain,
            &[&["--shard", &spec, "--out", &out][..], extra].concat(),
        );
        ok(&run(dir.path(), &args));
        out
    };
    let parts: Vec<String> = (0..3).map(|i| part(i, &["--no-rows"])).collect();
    let mut args = vec!["merge"];
    args.extend(parts.iter().map(String::as_str));
    args.extend(["--out", "merged"]);
    ok(&nines(&args, dir.path()));
    let (merged, single) = (dir.path().join("merged"), dir.path().join("single"));
    assert_eq!(
        common::cli::summary_without_timing(&merged),
        common::cli::summary_without_timing(&single)
    );
    let rows = std::fs::read_to_string(merged.join("trials.csv")).unwrap();
    let all = std::fs::read_to_string(single.join("trials.csv")).unwrap();
    assert_eq!(rows.lines().count(), 1, "only the header");
    assert_eq!(rows.lines().next(), all.lines().next());

    std::fs::remove_dir_all(&merged).unwrap();
    let with_rows = part(1, &[]);
    let message = refused(dir.path(), &[&parts[0], &with_rows, &parts[2]]);
    assert!(message.contains("rows kept (--no-rows)"), "{message}");
}
