//! The command line as users meet it: exit codes, one-line errors that name the file, line
//! and key, output formats, the output folder, and determinism across thread counts.

mod common;

use common::cli::{nines, temp_dir, write};

use std::path::Path;

const VALID: &str = r#"
name = "one server"
[simulation]
trials = 500
seed = 3
[components.server]
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "10h" }
[system]
all = ["server"]
"#;

/// Runs `nines run` on `scenario` and asserts it fails with exit code 2 and a single line
/// naming the file, the expected line and every expected fragment.
fn assert_bad_scenario(scenario: &str, line: usize, fragments: &[&str]) {
    let dir = temp_dir();
    write(dir.path(), "bad.toml", scenario);
    let output = nines(&["run", "bad.toml"], dir.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "not one line: {stderr}"
    );
    let location = format!("bad.toml:{line}:");
    assert!(stderr.contains(&location), "no {location} in: {stderr}");
    for fragment in fragments {
        assert!(stderr.contains(fragment), "no {fragment:?} in: {stderr}");
    }
    assert!(
        output.stdout.is_empty(),
        "printed results despite the error"
    );
}

#[test]
fn malformed_toml() {
    assert_bad_scenario("name = \"x\"\n[components.a\ncount = 2\n", 2, &["error:"]);
}

#[test]
fn unknown_key() {
    let scenario = VALID.replace("[components.server]", "[components.server]\ncuont = 2");
    assert_bad_scenario(&scenario, 7, &["components.server.cuont", "unknown field"]);
}

#[test]
fn unknown_reference_suggests_the_near_name() {
    let scenario = VALID.replace("all = [\"server\"]", "all = [\"sever\"]");
    assert_bad_scenario(
        &scenario,
        10,
        &["system.all[0]", "\"sever\"", "did you mean \"server\""],
    );
}

#[test]
fn unknown_dependency() {
    let scenario = VALID.replace(
        "[components.server]",
        "[components.server]\ndepends_on = [\"zone\"]",
    );
    assert_bad_scenario(
        &scenario,
        7,
        &["components.server.depends_on[0]", "unknown component"],
    );
}

#[test]
fn cyclic_blocks() {
    let scenario = format!(
        "{}\n[blocks.a]\nall = [\"b\", \"server\"]\n[blocks.b]\nany = [\"a\"]\n",
        VALID.replace("all = [\"server\"]", "all = [\"a\"]")
    );
    assert_bad_scenario(&scenario, 12, &["blocks.a", "cycle: a -> b -> a"]);
}

#[test]
fn cyclic_dependencies() {
    let scenario = r#"
[components.a]
depends_on = ["b"]
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "10h" }
[components.b]
depends_on = ["a"]
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "10h" }
[system]
all = ["a"]
"#;
    assert_bad_scenario(
        scenario,
        3,
        &["components.a.depends_on", "dependency cycle: a -> b -> a"],
    );
}

#[test]
fn need_above_count() {
    let scenario = VALID.replace(
        "[components.server]",
        "[components.server]\ncount = 2\nneed = 3",
    );
    assert_bad_scenario(
        &scenario,
        8,
        &[
            "components.server.need",
            "need (3) must be from 1 to count (2)",
        ],
    );
}

#[test]
fn need_missing_for_a_group() {
    let scenario = VALID.replace("[components.server]", "[components.server]\ncount = 3");
    assert_bad_scenario(&scenario, 6, &["components.server", "set need"]);
}

#[test]
fn k_above_the_number_of_children() {
    let scenario = VALID.replace("all = [\"server\"]", "k = 2\nof = [\"server\"]");
    assert_bad_scenario(
        &scenario,
        10,
        &[
            "system.k",
            "k (2) must be from 1 to the number of children (1)",
        ],
    );
}

#[test]
fn zero_mean() {
    let scenario = VALID.replace("mean = \"1000h\"", "mean = \"0h\"");
    assert_bad_scenario(
        &scenario,
        7,
        &["components.server.failure.mean", "longer than zero"],
    );
}

#[test]
fn negative_mean() {
    let scenario = VALID.replace("mean = \"10h\"", "mean = \"-10h\"");
    assert_bad_scenario(&scenario, 8, &["components.server.repair.mean", "duration"]);
}

#[test]
fn duration_without_unit() {
    let scenario = VALID.replace("mean = \"10h\"", "mean = 10");
    assert_bad_scenario(
        &scenario,
        8,
        &["components.server.repair.mean", "no unit", "\"10h\""],
    );
}

#[test]
fn shape_not_positive() {
    let scenario = VALID.replace(
        "{ dist = \"exponential\", mean = \"1000h\" }",
        "{ dist = \"weibull\", shape = 0, mean = \"1000h\" }",
    );
    assert_bad_scenario(
        &scenario,
        7,
        &["components.server.failure.shape", "greater than zero"],
    );
}

#[test]
fn p95_below_median() {
    let scenario = VALID.replace(
        "{ dist = \"exponential\", mean = \"10h\" }",
        "{ dist = \"lognormal\", median = \"4h\", p95 = \"2h\" }",
    );
    assert_bad_scenario(
        &scenario,
        8,
        &["components.server.repair.p95", "must be above the median"],
    );
}

#[test]
fn parameter_of_another_family() {
    let scenario = VALID.replace(
        "{ dist = \"exponential\", mean = \"10h\" }",
        "{ dist = \"exponential\", mean = \"10h\", shape = 2 }",
    );
    assert_bad_scenario(
        &scenario,
        8,
        &[
            "components.server.repair.shape",
            "exponential takes mean, rate, afr",
        ],
    );
}

#[test]
fn unknown_distribution() {
    let scenario = VALID.replace(
        "dist = \"exponential\", mean = \"10h\"",
        "dist = \"poisson\", mean = \"10h\"",
    );
    assert_bad_scenario(
        &scenario,
        8,
        &[
            "components.server.repair.dist",
            "unknown distribution \"poisson\"",
            "weibull",
        ],
    );
}

#[test]
fn empty_empirical_file() {
    let dir = temp_dir();
    write(dir.path(), "repairs.csv", "");
    let scenario = VALID.replace(
        "{ dist = \"exponential\", mean = \"10h\" }",
        "{ dist = \"empirical\", file = \"repairs.csv\" }",
    );
    write(dir.path(), "bad.toml", &scenario);
    let output = nines(&["check", "bad.toml"], dir.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("bad.toml:8: components.server.repair.file"),
        "{stderr}"
    );
    assert!(stderr.contains("holds no durations"), "{stderr}");
}

#[test]
fn empirical_file_is_read_relative_to_the_scenario() {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    write(
        &dir.path().join("data"),
        "repairs.csv",
        "repair_time\n2h\n4h\n30m\n",
    );
    let scenario = VALID.replace(
        "{ dist = \"exponential\", mean = \"10h\" }",
        "{ dist = \"empirical\", file = \"repairs.csv\" }",
    );
    write(&dir.path().join("data"), "ok.toml", &scenario);
    let output = nines(&["check", "data/ok.toml"], dir.path());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("empirical(3 observations, 30m to 4h; mean 130m)"),
        "{stdout}"
    );
}

#[test]
fn missing_scenario_file() {
    let dir = temp_dir();
    let output = nines(&["run", "nowhere.toml"], dir.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("nowhere.toml: cannot read scenario: no such file"),
        "{stderr}"
    );
}

#[test]
fn zero_trials_in_the_file() {
    let scenario = VALID.replace("trials = 500", "trials = 0");
    assert_bad_scenario(&scenario, 4, &["simulation.trials", "at least 1"]);
}

#[test]
fn bad_flag_values_exit_with_code_2() {
    let dir = temp_dir();
    write(dir.path(), "ok.toml", VALID);
    for args in [
        &["run", "ok.toml", "--trials", "0"][..],
        &["run", "ok.toml", "--format", "xml"],
        &["run", "ok.toml", "--horizon", "12"],
        &["run", "ok.toml", "--target", "120%"],
        &["run", "ok.toml", "--frobnicate"],
    ] {
        let output = nines(args, dir.path());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error:"), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn help_explains_every_flag() {
    let output = nines(&["run", "--help"], Path::new("."));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0));
    for flag in [
        "--trials",
        "--horizon",
        "--seed",
        "--threads",
        "--target",
        "--format",
        "--out",
    ] {
        assert!(stdout.contains(flag), "{flag} missing from: {stdout}");
    }
}

#[test]
fn builtin_example_runs_without_a_scenario() {
    let output = nines(&["run", "--trials", "200"], Path::new("."));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Web service in two zones"), "{stdout}");
    assert!(stdout.contains("Availability"), "{stdout}");
}

#[test]
fn check_prints_the_model_with_defaults() {
    let dir = temp_dir();
    write(dir.path(), "ok.toml", VALID);
    let output = nines(&["check", "ok.toml"], dir.path());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0));
    for expected in [
        "ok.toml: valid",
        "horizon 1y (8766 h), trials 500, seed 3, target 99.9%, confidence 0.95",
        "repair crews: unlimited",
        "server: count 1, need 1",
        "mode failure: failure exponential(mean 1000h); repair exponential(mean 10h)",
        "system (root): all of [server]",
    ] {
        assert!(
            stdout.contains(expected),
            "{expected:?} missing from:\n{stdout}"
        );
    }
}

/// The summary JSON of a run, with the timing fields removed.
fn json_without_timing(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["run", "ok.toml", "--format", "json"];
    args.extend_from_slice(extra);
    let output = nines(&args, dir);
    assert_eq!(output.status.code(), Some(0));
    let mut value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let performance = value["performance"].as_object_mut().unwrap();
    performance.remove("wall_seconds");
    performance.remove("events_per_second");
    performance.remove("importance_seconds");
    value["exact"].as_object_mut().unwrap().remove("seconds");
    value
}

#[test]
fn results_do_not_depend_on_threads_or_repetition() {
    let dir = temp_dir();
    let group = VALID
        .replace(
            "[components.server]",
            "[components.server]\ncount = 3\nneed = 2",
        )
        .replace("trials = 500", "trials = 3000");
    write(dir.path(), "ok.toml", &group);
    let one = json_without_timing(dir.path(), &["--threads", "1"]);
    let two = json_without_timing(dir.path(), &["--threads", "2"]);
    let again = json_without_timing(dir.path(), &["--threads", "2"]);
    assert_eq!(one, two);
    assert_eq!(two, again);
    let other_seed = json_without_timing(dir.path(), &["--seed", "4"]);
    assert_ne!(one["availability"], other_seed["availability"]);
}

#[test]
fn summary_json_has_every_contract_key() {
    let dir = temp_dir();
    write(dir.path(), "ok.toml", VALID);
    let value = json_without_timing(dir.path(), &[]);
    for key in ["scenario", "seed", "trials", "horizon_hours"] {
        assert!(value.get(key).is_some(), "{key}");
    }
    let sections: [(&str, &[&str]); 5] = [
        (
            "availability",
            &["mean", "ci_low", "ci_high", "confidence", "nines"],
        ),
        (
            "downtime_minutes_per_year",
            &["mean", "p50", "p90", "p99", "max"],
        ),
        ("target", &["availability", "met", "p_trial_meets"]),
        (
            "outages",
            &[
                "per_year",
                "mean_duration_minutes",
                "p95_duration_minutes",
                "mtbf_hours",
            ],
        ),
        ("performance", &["events"]),
    ];
    for (section, keys) in sections {
        for key in keys {
            assert!(value[section].get(key).is_some(), "{section}.{key}");
        }
    }
    assert_eq!(value["trials"], 500);
    assert_eq!(value["seed"], 3);
}

#[test]
fn out_dir_gets_summary_and_one_row_per_trial() {
    let dir = temp_dir();
    write(dir.path(), "ok.toml", VALID);
    let output = nines(&["run", "ok.toml", "--out", "results/run1"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    let out = dir.path().join("results/run1");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["trials"], 500);
    let trials = std::fs::read_to_string(out.join("trials.csv")).unwrap();
    let mut lines = trials.lines();
    assert_eq!(
        lines.next(),
        Some("trial,availability,request_availability,downtime_minutes,planned_downtime_minutes,outages,longest_outage_minutes")
    );
    assert_eq!(lines.count(), 500);
    let causes = std::fs::read_to_string(out.join("causes.csv")).unwrap();
    assert!(
        causes.starts_with("component,cause,downtime_minutes_per_year"),
        "{causes}"
    );
    assert!(causes.contains("\nserver,failure,"), "{causes}");
    let components = std::fs::read_to_string(out.join("components.csv")).unwrap();
    assert_eq!(components.lines().count(), 2, "{components}");
    // The data, the charts and the page, and no temporary file left behind.
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected = vec![
        "causes.csv",
        "components.csv",
        "index.html",
        "summary.json",
        "trials.csv",
    ];
    let charts = ["causes", "downtime", "outages", "timeline"];
    let chart_files: Vec<String> = charts
        .iter()
        .flat_map(|c| [format!("{c}.png"), format!("{c}.svg")])
        .collect();
    expected.extend(chart_files.iter().map(String::as_str));
    expected.sort();
    assert_eq!(names, expected);
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    for chart in charts {
        assert!(
            page.contains(&format!("<img src=\"{chart}.png\"")),
            "{chart}"
        );
    }
    let png = std::fs::read(out.join("downtime.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let svg = std::fs::read_to_string(out.join("downtime.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
}

#[test]
fn compare_and_sweep_write_reports() {
    let dir = temp_dir();
    write(dir.path(), "ok.toml", VALID);
    let output = nines(
        &[
            "compare", "ok.toml", "ok.toml", "--trials", "50", "--out", "cmp",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    for file in [
        "comparison.json",
        "availability.png",
        "availability.svg",
        "downtime.png",
        "index.html",
    ] {
        assert!(dir.path().join("cmp").join(file).is_file(), "{file}");
    }
    let output = nines(
        &[
            "sweep",
            "ok.toml",
            "--set",
            "components.server.repair.mean=5h,10h",
            "--trials",
            "50",
            "--out",
            "sw",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    for file in ["sweep.json", "sweep.png", "sweep.svg", "index.html"] {
        assert!(dir.path().join("sw").join(file).is_file(), "{file}");
    }
    let sweep: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("sw/sweep.json")).unwrap())
            .unwrap();
    assert_eq!(sweep["points"].as_array().unwrap().len(), 2);
}

#[test]
fn unwritable_out_dir_still_prints_results() {
    let dir = temp_dir();
    write(dir.path(), "ok.toml", VALID);
    write(dir.path(), "taken", "a file where the folder should be");
    let output = nines(&["run", "ok.toml", "--out", "taken"], dir.path());
    // Issue 11: a bad --out is refused before simulating (in a second, not after an hour).
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("taken: is a file"));
}

#[test]
fn csv_and_markdown_formats() {
    let dir = temp_dir();
    write(dir.path(), "ok.toml", VALID);
    let csv = nines(&["run", "ok.toml", "--format", "csv"], dir.path());
    let text = String::from_utf8_lossy(&csv.stdout);
    let lines: Vec<_> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0]
        .starts_with("scenario,seed,trials,horizon_hours,availability_mean,availability_ci_low"));
    assert_eq!(lines[0].split(',').count(), lines[1].split(',').count());
    let markdown = nines(&["run", "ok.toml", "--format", "markdown"], dir.path());
    let text = String::from_utf8_lossy(&markdown.stdout);
    assert!(text.contains("| Metric | Value |"), "{text}");
    assert!(text.contains("| Availability |"), "{text}");
}

const PAIR: &str = r#"
[components.db]
count = 2
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "10h" }
[components.db.failover]
detection = "30s"
switchover = { dist = "lognormal", median = "1m", p95 = "5m" }
[system]
all = ["db"]
"#;

#[test]
fn failover_pair_is_valid_and_described() {
    let dir = temp_dir();
    write(dir.path(), "ok.toml", PAIR);
    let output = nines(&["check", "ok.toml"], dir.path());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("failover: 1 active + 1 hot standby"),
        "{stdout}"
    );
    assert!(stdout.contains("detection fixed(30s)"), "{stdout}");
}

#[test]
fn failover_bad_values() {
    let cases: [(&str, &str, usize, &[&str]); 6] = [
        (
            "detection = \"30s\"",
            "detection = \"30s\"\nactive = 2",
            8,
            &[
                "components.db.failover.active",
                "leaving at least one standby",
            ],
        ),
        (
            "detection = \"30s\"",
            "detection = \"30s\"\nstandby = \"tepid\"",
            8,
            &["components.db.failover.standby", "hot, warm or cold"],
        ),
        (
            "detection = \"30s\"",
            "detection = \"30s\"\nstandby = \"warm\"",
            6,
            &["components.db.failover", "warm_factor"],
        ),
        (
            "detection = \"30s\"",
            "detection = \"30s\"\nsuccess = \"95%\"",
            6,
            &["components.db.failover", "needs manual"],
        ),
        (
            "detection = \"30s\"\n",
            "",
            6,
            &["components.db.failover", "needs detection"],
        ),
        (
            "detection = \"30s\"",
            "detection = \"30 secs\"",
            7,
            &["components.db.failover.detection", "duration"],
        ),
    ];
    for (from, to, line, fragments) in cases {
        assert_bad_scenario(&PAIR.replace(from, to), line, fragments);
    }
}

#[test]
fn shock_and_maintenance_bad_values() {
    let with = |extra: &str| format!("{VALID}\n{extra}");
    // VALID ends at line 11; the extra table starts on line 12.
    assert_bad_scenario(
        &with("[[components.server.shocks]]\nname = \"deploy\"\nevery = \"30d\"\nreach = \"150%\"\nrecovery = \"10m\""),
        15,
        &["components.server.shocks[0].reach", "out of range"],
    );
    assert_bad_scenario(
        &with("[components.server.maintenance]\nevery = \"30d\"\nduration = \"1h\""),
        12,
        &[
            "components.server.maintenance",
            "rolling maintenance",
            "count above need",
        ],
    );
    assert_bad_scenario(
        &with("[components.server.maintenance]\nevery = \"30d\"\nduration = \"1h\"\nstrategy = \"sometimes\""),
        15,
        &["components.server.maintenance.strategy", "rolling or all"],
    );
    assert_bad_scenario(
        &with("[components.server.maintenance]\nevery = \"1h\"\nduration = \"2h\"\nstrategy = \"all\""),
        14,
        &["components.server.maintenance.duration", "overlap"],
    );
}

#[test]
fn health_check_bad_values() {
    let group = |check: &str, structure: &str| {
        format!(
            r#"
[components.lb]
failure = {{ dist = "exponential", mean = "5y" }}
repair = {{ dist = "exponential", mean = "1h" }}
[components.web]
count = 3
need = 2
failure = {{ dist = "exponential", mean = "1000h" }}
repair = {{ dist = "exponential", mean = "10h" }}
[components.web.health_check]
{check}
[system]
{structure}
"#
        )
    };
    let ok_check = "balancer = \"lb\"\ninterval = \"10s\"";
    assert_bad_scenario(
        &group(
            "balancer = \"elb\"\ninterval = \"10s\"",
            "all = [\"lb\", \"web\"]",
        ),
        11,
        &[
            "components.web.health_check.balancer",
            "unknown component \"elb\"",
        ],
    );
    assert_bad_scenario(
        &group(
            "balancer = \"lb\"\ninterval = \"0s\"",
            "all = [\"lb\", \"web\"]",
        ),
        12,
        &["components.web.health_check.interval", "longer than zero"],
    );
    assert_bad_scenario(
        &group(ok_check, "any = [\"lb\", \"web\"]"),
        10,
        &["components.web.health_check", "in series"],
    );
    assert_bad_scenario(
        &group(ok_check, "all = [\"web\"]"),
        11,
        &[
            "components.web.health_check.balancer",
            "not in the structure",
        ],
    );
}

const WITH_PRESET: &str = r#"
[components.lb]
preset = "lb-hardware"
repair = { dist = "lognormal", median = "10m", p95 = "2h" }
[system]
all = ["lb"]
"#;

#[test]
fn presets_fill_fields_and_can_be_overridden() {
    let dir = temp_dir();
    write(dir.path(), "ok.toml", WITH_PRESET);
    let output = nines(&["check", "ok.toml"], dir.path());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // 1 / 0.2231 per year.
    assert!(
        stdout.contains("failure exponential(mean 4.4823y)"),
        "{stdout}"
    );
    let overridden = WITH_PRESET.replace(
        "preset = \"lb-hardware\"",
        "preset = \"lb-hardware\"\nfailure = { dist = \"exponential\", mean = \"2y\" }",
    );
    write(dir.path(), "override.toml", &overridden);
    let output = nines(&["check", "override.toml"], dir.path());
    assert!(String::from_utf8_lossy(&output.stdout).contains("failure exponential(mean 2y)"));
}

#[test]
fn preset_errors() {
    assert_bad_scenario(
        &WITH_PRESET.replace("lb-hardware", "lb-hardwre"),
        3,
        &[
            "components.lb.preset",
            "unknown preset",
            "did you mean \"lb-hardware\"",
            "nines catalog",
        ],
    );
    // disk-hdd gives a failure rate and no repair time.
    let no_repair = WITH_PRESET
        .replace(
            "repair = { dist = \"lognormal\", median = \"10m\", p95 = \"2h\" }\n",
            "",
        )
        .replace("lb-hardware", "disk-hdd");
    assert_bad_scenario(
        &no_repair,
        2,
        &["components.lb", "gives no repair time", "set repair"],
    );
}

#[test]
fn catalog_lists_presets_with_their_sources() {
    let output = nines(&["catalog"], Path::new("."));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0));
    for expected in [
        "lb-hardware (load balancer)",
        "Gill, Navendu Jain, Nachiappan Nagappan",
        "ACM SIGCOMM 2011",
        "disk-hdd (disk)",
        "USENIX FAST 2007",
    ] {
        assert!(
            stdout.contains(expected),
            "{expected:?} missing from:\n{stdout}"
        );
    }
    let filtered = nines(&["catalog", "switch"], Path::new("."));
    let text = String::from_utf8_lossy(&filtered.stdout);
    assert!(
        text.contains("switch-tor") && !text.contains("disk-hdd"),
        "{text}"
    );
    let none = nines(&["catalog", "teleporter"], Path::new("."));
    assert_eq!(none.status.code(), Some(2));
}

const DATA: &str = r#"
[components.db]
failure = { dist = "exponential", mean = "5y" }
repair = { dist = "exponential", mean = "4h" }
[system]
all = ["db"]
[data.orders]
size = "1TB"
stored_on = "db"
[[data.orders.backups]]
kind = "full"
every = "7d"
throughput = "200MB/s"
retention = "28d"
[data.orders.restore]
throughput = "100MB/s"
[[data.orders.disasters]]
name = "region loss"
kind = "loss"
every = "5y"
"#;

#[test]
fn data_set_is_valid_and_described() {
    let dir = temp_dir();
    write(dir.path(), "ok.toml", DATA);
    let output = nines(&["check", "ok.toml"], dir.path());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("data orders: 1 TB on db"), "{stdout}");
    assert!(stdout.contains("full every 1w"), "{stdout}");
}

#[test]
fn data_set_bad_values() {
    let cases: [(&str, &str, usize, &[&str]); 6] = [
        (
            "throughput = \"200MB/s\"",
            "throughput = \"0MB/s\"",
            13,
            &["data.orders.backups[0].throughput", "above zero"],
        ),
        (
            "retention = \"28d\"",
            "retention = \"3d\"",
            14,
            &[
                "data.orders.backups[0].retention",
                "shorter than the full-backup period",
            ],
        ),
        (
            "kind = \"full\"",
            "kind = \"incremental\"",
            11,
            &["data.orders.backups[0].kind", "no full backup"],
        ),
        (
            "stored_on = \"db\"",
            "stored_on = \"dbs\"",
            9,
            &["data.orders.stored_on", "unknown component"],
        ),
        (
            "stored_on = \"db\"",
            "stored_on = \"db\"\nreplication = \"async\"",
            7,
            &["data.orders", "needs lag"],
        ),
        (
            "kind = \"loss\"",
            "kind = \"meteor\"",
            19,
            &[
                "data.orders.disasters[0].kind",
                "loss, corruption or replicas",
            ],
        ),
    ];
    for (from, to, line, fragments) in cases {
        assert_bad_scenario(&DATA.replace(from, to), line, fragments);
    }
}

#[test]
fn replicas_disaster_errors() {
    let replicas = DATA.replace(
        "kind = \"loss\"\nevery = \"5y\"",
        "kind = \"replicas\"\nmodes = [\"disk\"]",
    );
    assert_bad_scenario(
        &replicas,
        20,
        &[
            "data.orders.disasters[0].modes[0]",
            "no failure mode \"disk\"",
            "failure",
        ],
    );
    let with_every = DATA.replace("kind = \"loss\"", "kind = \"replicas\"");
    assert_bad_scenario(
        &with_every,
        20,
        &["data.orders.disasters[0].every", "takes no every"],
    );
}

#[test]
fn sla_bad_values() {
    let with = |extra: &str| format!("{VALID}\n{extra}");
    assert_bad_scenario(
        &with("[sla]\nwindow = \"0s\""),
        13,
        &["sla.window", "longer than zero"],
    );
    assert_bad_scenario(
        &with("[sla]\ncredits = [{ below = \"99.9%\", credit = \"-5%\" }]"),
        13,
        &["sla.credits[0].credit", "zero or more"],
    );
    assert_bad_scenario(
        &with("[sla]\ncredits = [{ below = \"150%\", credit = \"5%\" }]"),
        13,
        &["sla.credits[0].below", "out of range"],
    );
}
