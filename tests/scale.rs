//! Memory does not grow with the number of trials (issue 11, item 10): 20 million trials of
//! a tiny model stay far below what one record per trial would take (48 bytes each: 960 MB).
//!
//! Peak memory is read from /proc/self/status (VmHWM) in a child process that runs only the
//! simulation, so the test harness and other tests do not count.

use std::path::Path;
use std::process::Command;

const CHILD: &str = "NINES_SCALE_CHILD";

/// Trials of the memory test: at one record per trial this would need 960 MB.
const TRIALS: u64 = 20_000_000;

/// Peak resident memory allowed, in kB.
const BOUND_KB: u64 = 100 * 1024;

/// A day-long trial of one component that rarely fails: trials are cheap, so twenty million
/// run in seconds; about one in 3,650 has downtime.
const TINY: &str = r#"
[simulation]
horizon = "1d"
seed = 11
importance_trials = 0
[components.server]
failure = { dist = "exponential", mean = "10y" }
repair = { dist = "exponential", mean = "4h" }
[system]
all = ["server"]
"#;

fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in kB")
}

#[test]
fn twenty_million_trials_run_in_bounded_memory() {
    if std::env::var_os(CHILD).is_some() {
        let mut model = nines::scenario::parse(TINY, "tiny.toml", Path::new("."), "tiny").unwrap();
        model.settings.trials = TRIALS;
        let run = nines::engine::simulate(&model, 0, &|_| {}).unwrap();
        let summary = nines::stats::Summary::new(&model, &run, None);
        assert_eq!(summary.trials, TRIALS);
        println!("peak_kb={}", peak_kb());
        return;
    }
    if !Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc/self/status on this system");
        return;
    }
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "twenty_million_trials_run_in_bounded_memory",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let peak: u64 = stdout
        .lines()
        .find_map(|line| line.split_once("peak_kb=").map(|(_, v)| v))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak in the child's output: {stdout}"));
    println!("{TRIALS} trials: peak resident memory {peak} kB (bound {BOUND_KB} kB)");
    assert!(peak < BOUND_KB, "{peak} kB for {TRIALS} trials");
}

#[test]
fn quantiles_switch_to_the_histogram_with_their_error_stated() {
    // More trials with downtime than are kept exactly: percentiles come from the histogram,
    // within its stated relative error of the exact ones.
    let source = r#"
        [simulation]
        horizon = "1y"
        seed = 5
        importance_trials = 0
        [components.server]
        failure = { dist = "exponential", mean = "2000h" }
        repair = { dist = "exponential", mean = "10h" }
        [system]
        all = ["server"]
    "#;
    let mut model = nines::scenario::parse(source, "t.toml", Path::new("."), "t").unwrap();
    model.settings.trials = (nines::stats::EXACT_TRIALS + 50_000) as u64;
    let run = nines::engine::simulate(&model, 0, &|_| {}).unwrap();
    let summary = nines::stats::Summary::new(&model, &run, None);
    let d = &summary.downtime_minutes_per_year;
    assert_eq!(
        d.quantile_relative_error,
        nines::stats::HISTOGRAM_RELATIVE_ERROR
    );
    let records = nines::engine::trial_records(&model, 0).unwrap();
    let mut minutes: Vec<f64> = records.iter().map(|r| r.downtime * 60.0).collect();
    minutes.sort_by(f64::total_cmp);
    for (q, got) in [(0.5, d.p50), (0.9, d.p90), (0.99, d.p99)] {
        let exact = nines::stats::quantile_sorted(&minutes, q);
        // One bucket (0.1%) plus the spacing of neighbouring order statistics.
        assert!(
            (got / exact - 1.0).abs() < 2.0 * nines::stats::HISTOGRAM_RELATIVE_ERROR,
            "p{q}: {got} vs exact {exact}"
        );
    }
    assert_eq!(d.max, *minutes.last().unwrap());
}

#[test]
fn results_do_not_depend_on_threads_across_batches() {
    let mut model = nines::scenario::parse(TINY, "tiny.toml", Path::new("."), "tiny").unwrap();
    model.settings.trials = 3 * nines::engine::BATCH + 123;
    model.settings.horizon = 8766.0;
    let summary = |threads| {
        let run = nines::engine::simulate(&model, threads, &|_| {}).unwrap();
        let mut s = nines::stats::Summary::new(&model, &run, None);
        s.performance.wall_seconds = 0.0;
        s.exact.seconds = 0.0;
        s.performance.events_per_second = 0.0;
        serde_json::to_string(&s).unwrap()
    };
    assert_eq!(summary(1), summary(2));
    assert_eq!(summary(1), summary(3));
}
