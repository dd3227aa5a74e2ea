//! Sharded runs (`nines run --shard I/N`) merged with `nines merge` give exactly the
//! unsharded run's results, and the merge refuses pieces that do not make one run.

mod common;

use std::path::Path;

use common::cli::{
    assert_same_results, file_names, nines, stderr, temp_dir, web_service, SHARDED_SETTINGS,
};

fn run_args<'a>(scenario: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args: Vec<&str> = vec!["run", scenario];
    args.extend(SHARDED_SETTINGS);
    args.extend_from_slice(extra);
    args
}

fn ok(output: &std::process::Output) {
    assert!(output.status.success(), "{}", stderr(output));
}

fn shard(dir: &Path, scenario: &str, index: usize, count: usize) -> std::path::PathBuf {
    let out = dir.join(format!("part-{index}-of-{count}"));
    let spec = format!("{index}/{count}");
    ok(&nines(
        &run_args(
            scenario,
            &["--shard", &spec, "--out", out.to_str().unwrap()],
        ),
        dir,
    ));
    out
}

#[test]
fn merged_shards_equal_the_unsharded_run_byte_for_byte() {
    let dir = temp_dir();
    let scenario = web_service();
    ok(&nines(
        &run_args(&scenario, &["--out", "single"]),
        dir.path(),
    ));
    let single = dir.path().join("single");
    let expected_rows = std::fs::read(single.join("trials.csv")).unwrap();
    assert_eq!(
        expected_rows.iter().filter(|&&b| b == b'\n').count(),
        70_001
    );
    for count in [1, 3, 7] {
        // Given in reverse: the merge orders the pieces by their trials.
        let mut parts: Vec<String> = (0..count)
            .map(|i| {
                shard(dir.path(), &scenario, i, count)
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        parts.reverse();
        let out = dir.path().join(format!("merged-{count}"));
        let mut args: Vec<&str> = vec!["merge"];
        args.extend(parts.iter().map(String::as_str));
        args.extend(["--out", out.to_str().unwrap()]);
        ok(&nines(&args, dir.path()));
        assert_same_results(&out, &single);
        assert_eq!(file_names(&out), file_names(&single), "{count} shards");
    }
}

#[test]
fn merge_refuses_gaps_overlaps_and_pieces_of_other_runs() {
    let dir = temp_dir();
    let scenario = web_service();
    let parts: Vec<String> = (0..3)
        .map(|i| {
            shard(dir.path(), &scenario, i, 3)
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let merge = |pieces: &[&str]| {
        let mut args = vec!["merge"];
        args.extend_from_slice(pieces);
        args.extend(["--out", "merged"]);
        let output = nines(&args, dir.path());
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            !dir.path().join("merged").exists(),
            "nothing written on error"
        );
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
        message
    };
    let (p0, p1, p2) = (parts[0].as_str(), parts[1].as_str(), parts[2].as_str());
    // Shard 1 of 3 holds batches 1 and 2 of 5: trials 16384..49151.
    let gap = merge(&[p0, p2]);
    assert!(gap.contains("trials 16384..49151 missing"), "{gap}");
    let end = merge(&[p0, p1]);
    assert!(end.contains("trials 49152..69999 missing"), "{end}");
    let doubled = merge(&[p0, p1, p1, p2]);
    assert!(
        doubled.contains("trials 16384..49151 are in two partials"),
        "{doubled}"
    );

    let other_seed = dir.path().join("other-seed");
    let mut args = run_args(
        &scenario,
        &["--shard", "1/3", "--out", other_seed.to_str().unwrap()],
    );
    args[5] = "12";
    ok(&nines(&args, dir.path()));
    let seed = merge(&[p0, other_seed.to_str().unwrap(), p2]);
    assert!(
        seed.contains("seed 12 differs") && seed.contains("seed 11"),
        "{seed}"
    );

    let other_model = dir.path().join("other-model");
    ok(&nines(
        &run_args(
            &scenario,
            &[
                "--target",
                "99.9%",
                "--shard",
                "1/3",
                "--out",
                other_model.to_str().unwrap(),
            ],
        ),
        dir.path(),
    ));
    let model = merge(&[p0, other_model.to_str().unwrap(), p2]);
    assert!(model.contains("model hash"), "{model}");

    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let empty = merge(&[p0, "empty"]);
    assert!(empty.contains("no partial.json"), "{empty}");
}

#[test]
fn bad_shard_flags_are_input_errors() {
    let dir = temp_dir();
    let scenario = web_service();
    for extra in [
        vec!["--shard", "3/3", "--out", "p"],
        vec!["--shard", "x", "--out", "p"],
        vec!["--shard", "0/2"],
    ] {
        let output = nines(&run_args(&scenario, &extra), dir.path());
        assert_eq!(
            output.status.code(),
            Some(2),
            "{extra:?}: {}",
            stderr(&output)
        );
        assert!(!dir.path().join("p").exists());
    }
    let precision = nines(
        &[
            "run",
            &scenario,
            "--precision",
            "10%",
            "--shard",
            "0/2",
            "--out",
            "p",
        ],
        dir.path(),
    );
    assert_eq!(precision.status.code(), Some(2));
}

/// The library path of the same claim, without processes: the statistics of shards
/// appended in order, each read back from its JSON as a merge does, are bit for bit those
/// of one run (compared through their debug form, which prints every float exactly).
#[test]
fn appended_shard_statistics_equal_one_runs_bit_for_bit() {
    use nines::engine::{simulate_from, Start, BATCH};
    use nines::shard::Shard;
    use nines::stats::{StopRule, TrialStats};

    let mut model = nines::scenario::load(Path::new(&web_service())).unwrap();
    model.settings.trials = 4 * BATCH + 999;
    let trials = model.settings.trials;
    let whole = nines::engine::simulate(&model, 2, &|_| {}).unwrap();
    let mut merged = TrialStats::new(&model);
    for index in 0..3 {
        let (first, end) = Shard { index, count: 3 }.trials(trials);
        let mut start = Start::new(&model);
        start.first = first;
        start.stats.keep_batches();
        let part = simulate_from(
            &model,
            1,
            &StopRule::fixed(end),
            start,
            &|_| {},
            &mut |_, _, _| Ok(()),
        )
        .unwrap();
        let exact = part.stats.downtime.exact_values().to_vec();
        let read: TrialStats =
            serde_json::from_str(&serde_json::to_string(&part.stats).unwrap()).unwrap();
        merged.append(&read, &exact);
    }
    merged.batches = None;
    // A histogram read back records its largest raw value as that bucket's highest
    // equivalent value: internal only (max() and every query go through the bucket).
    let comparable = |stats: &TrialStats| {
        let text = format!("{stats:?}");
        let at = text.find("max_value: ").unwrap() + "max_value: ".len();
        let end = at + text[at..].find(',').unwrap();
        format!("{}{}", &text[..at], &text[end..])
    };
    assert_eq!(comparable(&merged), comparable(&whole.stats));
    assert_eq!(
        merged.downtime.quantiles(&[0.5, 0.9, 0.99, 1.0]),
        whole.stats.downtime.quantiles(&[0.5, 0.9, 0.99, 1.0])
    );
}
