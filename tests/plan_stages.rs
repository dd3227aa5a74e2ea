//! A sharded plan in two stages (docs/cluster.md): the design stage's shards, a merge that
//! ranks them and leaves the paired stage pending (`--paired sharded`), the paired stage's
//! shards (`nines plan ... --paired-stage DIR --shard I/N`), and a second merge, which
//! prints and writes exactly what the unsharded `nines plan --no-racing` does; and the
//! merges refuse partials that do not make one stage of one ranking.

mod common;

use std::path::Path;

use common::cli::{file_names, nines, stderr, stdout, temp_dir, write};

/// Eight designs: the single server failing every 400 hours misses 99% exactly (it is not
/// simulated), the other seven are simulated (the requests objective needs simulation) and
/// at least four are feasible, so the paired stage runs the winner and three runners-up.
/// 40,000 trials are three batches: seven shards of the paired stage include empty ones.
const WEB: &str = r#"
name = "web tier"
[simulation]
trials = 1000
seed = 3
target = "99.5%"
[components.web]
count = 2
need = 1
failure = { dist = "weibull", shape = 0.8, mean = "800h" }
repair = { dist = "lognormal", median = "6h", p95 = "30h" }
[cost.components.web]
per_instance = "$0.25/h"
[cost]
downtime = "$800/h"
[system]
all = ["web"]
"#;

const PLAN: [&str; 11] = [
    "plan",
    "web.toml",
    "--vary",
    "components.web.count=1,2,3,4",
    "--vary",
    "components.web.failure.mean=400h,1600h",
    "--objective",
    "availability>=99%",
    "--objective",
    "requests>=99%",
    "--trials",
];
const TRIALS: &str = "40000";

fn plan(extra: &[&str]) -> Vec<String> {
    PLAN.iter()
        .chain(&[TRIALS])
        .chain(extra)
        .map(|s| s.to_string())
        .collect()
}

fn run(dir: &Path, args: &[String]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = nines(&args, dir);
    assert!(
        output.status.success(),
        "nines {}: {}",
        args.join(" "),
        stderr(&output)
    );
    output
}

/// Runs shards 0..count of `command` (a plan's own flags, stage 1 or 2) into
/// `name-I-of-count`, and returns their folders in reverse order (the merge takes any).
fn shards(dir: &Path, name: &str, command: &[String], count: u64) -> Vec<String> {
    let mut parts: Vec<String> = (0..count)
        .map(|i| {
            let out = format!("{name}-{i}-of-{count}");
            let spec = format!("{i}/{count}");
            let mut args = command.to_vec();
            args.extend(["--shard", &spec, "--out", &out].map(String::from));
            run(dir, &args);
            out
        })
        .collect();
    parts.reverse();
    parts
}

fn merge(dir: &Path, parts: &[String], out: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["merge".to_string()];
    args.extend(parts.iter().cloned());
    args.extend(["--out", out, "--format", "json"].map(String::from));
    args.extend(extra.iter().map(|s| s.to_string()));
    run(dir, &args)
}

/// Asserts two report folders hold the same files, byte for byte (a plan's JSON holds no
/// timings).
fn assert_same_files(actual: &Path, expected: &Path) {
    assert_eq!(file_names(actual), file_names(expected));
    for name in file_names(expected) {
        assert!(
            std::fs::read(actual.join(&name)).unwrap()
                == std::fs::read(expected.join(&name)).unwrap(),
            "{} differs from {}",
            actual.join(&name).display(),
            expected.join(&name).display()
        );
    }
}

#[test]
fn both_stages_sharded_merge_into_the_unsharded_plan_without_racing() {
    let dir = temp_dir();
    let dir = dir.path();
    write(dir, "web.toml", WEB);
    let single = run(
        dir,
        &plan(&["--no-racing", "--out", "single", "--format", "json"]),
    );
    let expected: serde_json::Value = serde_json::from_str(&stdout(&single)).unwrap();
    assert_eq!(
        expected["paired"].as_array().unwrap().len(),
        3,
        "a paired stage of four designs"
    );
    let table = run(dir, &plan(&["--no-racing"]));
    for designs in [1, 3, 7] {
        let parts = shards(dir, "designs", &plan(&[]), designs);
        let ranking = format!("ranking-{designs}");
        let pending = merge(dir, &parts, &ranking, &["--paired", "sharded"]);
        assert!(
            stderr(&pending).contains("paired stage pending; next"),
            "{}",
            stderr(&pending)
        );
        assert_eq!(
            file_names(&dir.join(&ranking)),
            ["paired-stage.json"],
            "the pending merge writes only the record"
        );
        for paired in [1, 3, 7] {
            let command = plan(&["--paired-stage", &ranking]);
            let name = format!("paired-{designs}");
            let parts = shards(dir, &name, &command, paired);
            let out = format!("plan-{designs}-{paired}");
            let merged = merge(dir, &parts, &out, &[]);
            assert_eq!(
                stdout(&merged),
                stdout(&single),
                "{designs} design shards, {paired} paired shards: printed results"
            );
            assert_same_files(&dir.join(&out), &dir.join("single"));
        }
    }
    // The paired stage run here from the record, without shards, finishes the plan too.
    let local = run(dir, &plan(&["--paired-stage", "ranking-3"]));
    assert_eq!(stdout(&local), stdout(&table));
}

#[test]
fn the_merge_runs_a_small_paired_stage_itself_and_says_which_it_does() {
    let dir = temp_dir();
    let dir = dir.path();
    write(dir, "web.toml", WEB);
    let single = run(dir, &plan(&["--no-racing", "--format", "json"]));
    // One shard: the paired stage (4 designs x 3 batches) is no more than the design
    // stage's 21 batches on one shard, so the merge finishes the plan.
    let parts = shards(dir, "designs", &plan(&[]), 1);
    let merged = merge(dir, &parts, "one-step", &[]);
    assert_eq!(stdout(&merged), stdout(&single));
    assert!(
        stderr(&merged).contains("run here (no more work than one shard"),
        "{}",
        stderr(&merged)
    );
    // Seven shards hold 3 batches each at most: the paired stage's 12 are left pending,
    // and the merge prints the command to run next.
    let parts = shards(dir, "designs", &plan(&[]), 7);
    let pending = merge(dir, &parts, "ranking", &[]);
    let next = stderr(&pending);
    assert!(
        next.contains("--paired-stage")
            && next.contains("--shard I/N")
            && next.contains("nines merge PAIRED/*"),
        "{next}"
    );
    let record: serde_json::Value = serde_json::from_str(&stdout(&pending)).unwrap();
    assert_eq!(record["format"], "nines plan paired stage");
    assert_eq!(record["designs"].as_array().unwrap().len(), 4);
    // `--paired here` finishes the plan whatever the stage's size.
    let here = merge(dir, &parts, "here", &["--paired", "here"]);
    assert_eq!(stdout(&here), stdout(&single));
}

#[test]
fn a_plan_with_nothing_to_pair_goes_through_both_stages_too() {
    // No downtime at all: every design misses it exactly, so none is feasible and the
    // paired stage is empty; its shards write empty partials and the last merge writes
    // the plan as ranked.
    let dir = temp_dir();
    let dir = dir.path();
    write(dir, "web.toml", WEB);
    let objective = ["--objective", "downtime<=0"];
    let single = run(
        dir,
        &plan(&[&objective[..], &["--no-racing", "--format", "json"]].concat()),
    );
    let expected: serde_json::Value = serde_json::from_str(&stdout(&single)).unwrap();
    assert_eq!(expected["ranked"].as_array().unwrap().len(), 0);
    let parts = shards(dir, "designs", &plan(&objective), 3);
    merge(dir, &parts, "ranking", &["--paired", "sharded"]);
    let record: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("ranking/paired-stage.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(record["designs"].as_array().unwrap().len(), 0);
    let parts = shards(
        dir,
        "paired",
        &plan(&[&objective[..], &["--paired-stage", "ranking"]].concat()),
        2,
    );
    let merged = merge(dir, &parts, "plan", &[]);
    assert_eq!(stdout(&merged), stdout(&single));
}

/// Merges `parts` expecting a one-line input error (exit 2) and no output; returns it.
fn refused(dir: &Path, parts: &[&str], extra: &[&str]) -> String {
    let mut args = vec!["merge"];
    args.extend_from_slice(parts);
    args.extend(["--out", "refused"]);
    args.extend_from_slice(extra);
    let output = nines(&args, dir);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!dir.join("refused").exists(), "nothing written on error");
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    message
}

#[test]
fn merges_refuse_mixed_stages_other_rankings_gaps_and_overlaps() {
    let dir = temp_dir();
    let dir = dir.path();
    write(dir, "web.toml", WEB);
    let designs = shards(dir, "designs", &plan(&[]), 3);
    merge(dir, &designs, "ranking", &["--paired", "sharded"]);
    let paired = shards(dir, "paired", &plan(&["--paired-stage", "ranking"]), 3);
    // Reversed: paired[2] is shard 0.
    let (p0, p1, p2) = (paired[2].as_str(), paired[1].as_str(), paired[0].as_str());

    let mixed = refused(dir, &[p0, &designs[1], p2], &[]);
    assert!(
        mixed.contains("merge each stage's partials on their own"),
        "{mixed}"
    );

    // Another ranking: the design stage at another seed, merged, and its paired stage.
    let other = plan(&["--seed", "9"]);
    let designs9 = shards(dir, "designs9", &other, 1);
    merge(dir, &designs9, "ranking9", &["--paired", "sharded"]);
    let mut command = other.clone();
    command.extend(["--paired-stage", "ranking9"].map(String::from));
    let paired9 = shards(dir, "paired9", &command, 3);
    let another = refused(dir, &[p0, &paired9[1], p2], &[]);
    assert!(
        another.contains("a paired stage of another ranking"),
        "{another}"
    );

    // --paired means nothing to the paired stage's own merge: refused, not ignored.
    let needless = refused(dir, &[p0, p1, p2], &["--paired", "here"]);
    assert!(
        needless.contains("the paired stage's own partials"),
        "{needless}"
    );

    // Three batches in three shards: shard 1 holds trials 16384..32767 of every design.
    let gap = refused(dir, &[p0, p2], &[]);
    assert!(
        gap.contains("design 0: trials 16384..32767 missing"),
        "{gap}"
    );
    let doubled = refused(dir, &[p0, p1, p1, p2], &[]);
    assert!(
        doubled.contains("design 0: trials 16384..32767 are in two partials"),
        "{doubled}"
    );

    // A paired shard of another grid than the ranked one is refused before it simulates.
    let mut wrong: Vec<String> = plan(&[
        "--paired-stage",
        "ranking",
        "--shard",
        "0/3",
        "--out",
        "wrong",
    ]);
    wrong[3] = "components.web.count=1,2,3,5".into();
    let args: Vec<&str> = wrong.iter().map(String::as_str).collect();
    let output = nines(&args, dir);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(stderr(&output).lines().count(), 1);
    assert!(stderr(&output).contains("the designs ranked there are not this command's"));
    assert!(!dir.join("wrong").exists());

    // A study's shard prints progress lines with --progress, the last at its end.
    let output = run(
        dir,
        &plan(&["--shard", "1/3", "--out", "progress", "--progress"]),
    );
    common::cli::assert_progress_ended(&output, "shard 1/3: ");

    // --paired-stage must name a pending ranking; --paired belongs to plans.
    let args = plan(&[
        "--paired-stage",
        &designs[0],
        "--shard",
        "0/3",
        "--out",
        "wrong",
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = nines(&args, dir);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot read paired-stage.json"),
        "{}",
        stderr(&output)
    );
    let sweep: Vec<String> = [
        "sweep",
        "web.toml",
        "--set",
        "components.web.count=1,2",
        "--trials",
        "2000",
    ]
    .map(String::from)
    .into();
    let sweep_parts = shards(dir, "sweep", &sweep, 2);
    let sweep_parts: Vec<&str> = sweep_parts.iter().map(String::as_str).collect();
    let message = refused(dir, &sweep_parts, &["--paired", "sharded"]);
    assert!(
        message.contains("only a plan has a paired stage"),
        "{message}"
    );
}
