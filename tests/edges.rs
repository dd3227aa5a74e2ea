//! Rough edges of the command line and the reports (issue 11 and more of the same kinds):
//! the README's commands, closed pipes, messages, sweeps, comparisons, output folders,
//! digits that decide a verdict, horizons other than a year, and bad or extreme inputs.

mod common;

use common::cli::{nines, stderr, stdout, temp_dir, write};

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Asserts a bad-input failure: exit code 2, no panic, every fragment in the message, and
/// nothing on stdout.
fn assert_refused(output: &Output, fragments: &[&str]) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "stderr: {err}");
    assert!(!err.contains("panicked"), "panic: {err}");
    for fragment in fragments {
        assert!(err.contains(fragment), "no {fragment:?} in: {err}");
    }
    assert!(output.stdout.is_empty(), "printed: {}", stdout(output));
}

fn scenarios() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

const ONE: &str = r#"
name = "one server"
[simulation]
trials = 400
seed = 3
target = "99%"
[components.app]
need = 1
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "10h" }
[system]
all = ["app"]
"#;

// ---------------------------------------------------------------------------------------
// Item 14: the README's first command.

/// The commands of the README's Quick start code block.
fn quick_start_commands() -> Vec<String> {
    common::readme::block_after("## Quick start")
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

#[test]
fn the_readme_quick_start_commands_run() {
    let commands = quick_start_commands();
    assert!(
        commands.iter().any(|c| c.starts_with("cargo run")),
        "{commands:?}"
    );
    for command in &commands {
        // `cargo run --release [-- ARGS]` runs the binary with ARGS; `cargo test` is what
        // is running now.
        let Some(rest) = command.strip_prefix("cargo run") else {
            assert!(command.starts_with("cargo test"), "unknown: {command}");
            continue;
        };
        let args: Vec<&str> = rest
            .split_once(" -- ")
            .map_or("", |(_, a)| a)
            .split_whitespace()
            .collect();
        let output = nines(&args, Path::new(env!("CARGO_MANIFEST_DIR")));
        assert_eq!(
            output.status.code(),
            Some(0),
            "{command}: {}",
            stderr(&output)
        );
        let out = stdout(&output);
        assert!(out.contains("Web service in two zones"), "{command}: {out}");
        assert!(out.contains("Availability"), "{command}: {out}");
    }
}

// ---------------------------------------------------------------------------------------
// Item 13: a closed stdout is no panic.

#[test]
fn no_command_panics_on_a_closed_stdout() {
    let scenario = scenarios().join("single-server.toml");
    let scenario = scenario.to_str().unwrap();
    let all: Vec<String> = std::fs::read_dir(scenarios())
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".toml"))
        .collect();
    let mut commands: Vec<Vec<&str>> = vec![
        vec!["catalog"],
        vec!["run", scenario, "--trials", "50"],
        vec!["run", scenario, "--trials", "50", "--format", "json"],
        vec!["compare", scenario, scenario, "--trials", "50"],
        vec![
            "sweep",
            scenario,
            "--set",
            "simulation.seed=1,2",
            "--trials",
            "20",
        ],
        vec!["--help"],
    ];
    let mut check = vec!["check"];
    check.extend(all.iter().map(String::as_str));
    commands.push(check);
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nines"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the first line is written, as `| head -0` would.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let err = stderr(&output);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(output.status.code(), Some(101), "{args:?}: {err}");
    }
}

// ---------------------------------------------------------------------------------------
// Item 16: messages.

#[test]
fn missing_arguments_are_named() {
    let dir = temp_dir();
    let output = nines(&["check"], dir.path());
    assert_refused(&output, &["<SCENARIO>", "usage: nines check"]);
    let output = nines(&["sweep", "x.toml"], dir.path());
    assert_refused(&output, &["--set"]);
    assert_eq!(stderr(&output).lines().count(), 1);
}

#[test]
fn a_bad_format_lists_the_valid_ones() {
    let output = nines(&["run", "--format", "bogus"], Path::new("."));
    assert_refused(&output, &["bogus", "table, json, csv, markdown"]);
    assert_eq!(stderr(&output).lines().count(), 1);
}

#[test]
fn a_misspelt_flag_gets_its_tip_on_the_same_line() {
    let output = nines(&["run", "--trails", "5"], Path::new("."));
    assert_refused(&output, &["--trails", "--trials"]);
    assert_eq!(stderr(&output).lines().count(), 1);
}

#[test]
fn check_reports_every_error_of_every_file() {
    let dir = temp_dir();
    write(
        dir.path(),
        "two.toml",
        &ONE.replace("trials = 400", "trials = 0")
            .replace("all = [\"app\"]", "all = [\"ap\"]"),
    );
    write(dir.path(), "good.toml", ONE);
    write(
        dir.path(),
        "third.toml",
        &ONE.replace("mean = \"10h\"", "mean = \"-1h\""),
    );
    let output = nines(
        &[
            "check",
            "two.toml",
            "good.toml",
            "missing.toml",
            "third.toml",
        ],
        dir.path(),
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    for fragment in [
        "two.toml:4: simulation.trials",
        "two.toml:12: system.all[0]",
        "missing.toml",
        "third.toml:10: components.app.repair",
        "3 of 4 files are invalid",
    ] {
        assert!(err.contains(fragment), "no {fragment:?} in: {err}");
    }
    // The valid one is still described.
    assert!(stdout(&output).contains("good.toml: valid"));
}

// ---------------------------------------------------------------------------------------
// Item 4 and 18: sweeps.

#[test]
fn sweep_refuses_the_same_key_twice() {
    let dir = temp_dir();
    write(dir.path(), "one.toml", ONE);
    let output = nines(
        &[
            "sweep",
            "one.toml",
            "--set",
            "components.app.count=5,6",
            "--set",
            "components.app.count=7,8",
        ],
        dir.path(),
    );
    assert_refused(&output, &["components.app.count", "twice", "5,6,7,8"]);
}

#[test]
fn sweep_names_each_swept_target_in_its_verdict() {
    let dir = temp_dir();
    write(dir.path(), "one.toml", ONE);
    let output = nines(
        &[
            "sweep",
            "one.toml",
            "--set",
            "components.app.count=1,2",
            "--set",
            "simulation.target=99.9%,99.999%",
        ],
        dir.path(),
    );
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let verdicts: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("with confidence"))
        .collect();
    assert_eq!(verdicts.len(), 2, "{out}");
    assert!(
        verdicts[0].contains("99.9% ") && verdicts[0].contains("=99.9%)"),
        "{out}"
    );
    assert!(
        verdicts[1].contains("99.999% ") && verdicts[1].contains("=99.999%)"),
        "{out}"
    );
}

#[test]
fn sweep_reaches_array_elements_and_takes_the_compare_flags() {
    let dir = temp_dir();
    write(
        dir.path(),
        "modes.toml",
        r#"
[simulation]
trials = 300
[components.app]
[[components.app.modes]]
name = "hardware"
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "10h" }
[[components.app.modes]]
name = "crash"
failure = { dist = "exponential", mean = "100h" }
repair = { dist = "fixed", value = "1m" }
[system]
all = ["app"]
"#,
    );
    for key in [
        "components.app.modes.0.repair.mean",
        "components.app.modes[0].repair.mean",
    ] {
        let output = nines(
            &[
                "sweep",
                "modes.toml",
                "--set",
                &format!("{key}=1h,100h"),
                "--horizon",
                "1w",
                "--target",
                "99.5%",
                "--confidence",
                "90%",
                "--format",
                "json",
            ],
            dir.path(),
        );
        assert_eq!(output.status.code(), Some(0), "{key}: {}", stderr(&output));
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let points = report["points"].as_array().unwrap();
        let first = &points[0]["summary"];
        assert_eq!(first["horizon_hours"], 168.0);
        assert_eq!(first["target"]["availability"], 0.995);
        assert_eq!(first["availability"]["confidence"], 0.9);
        // The edit took: slower repairs of the hardware mode, lower availability.
        let mean = |p: &serde_json::Value| p["summary"]["availability"]["mean"].as_f64().unwrap();
        assert!(mean(&points[0]) > mean(&points[1]), "{report}");
    }
    let output = nines(
        &[
            "sweep",
            "modes.toml",
            "--set",
            "components.app.modes.2.repair.mean=1h",
        ],
        dir.path(),
    );
    assert_refused(&output, &["modes.2", "has 2 elements"]);
}

#[test]
fn sweep_says_which_end_is_cheaper() {
    let dir = temp_dir();
    write(dir.path(), "one.toml", ONE);
    // Slower repairs are cheaper and worse: the verdict is the largest meeting the target.
    let output = nines(
        &[
            "sweep",
            "one.toml",
            "--set",
            "components.app.repair.mean=1h,2h,400h",
        ],
        dir.path(),
    );
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        out.contains("Largest value meeting 99% with confidence: components.app.repair.mean=2h"),
        "{out}"
    );
    assert!(out.contains("availability falls as it grows"), "{out}");
    // The user can say it.
    let output = nines(
        &[
            "sweep",
            "one.toml",
            "--set",
            "components.app.repair.mean=1h,2h,400h",
            "--cheaper",
            "lower",
        ],
        dir.path(),
    );
    assert!(stdout(&output)
        .contains("Smallest value meeting 99% with confidence: components.app.repair.mean=1h"));
    // More replicas: the smallest meeting it.
    let output = nines(
        &[
            "sweep",
            "one.toml",
            "--set",
            "components.app.count=1,2,3",
            "--target",
            "99.9%",
        ],
        dir.path(),
    );
    assert!(
        stdout(&output)
            .contains("Smallest value meeting 99.9% with confidence: components.app.count=2"),
        "{}",
        stdout(&output)
    );
}

// ---------------------------------------------------------------------------------------
// Item 11: compare in every format, whatever sections the designs have.

#[test]
fn compare_designs_with_different_sections_in_every_format() {
    let single = scenarios().join("single-server.toml");
    let web = scenarios().join("web-service.toml");
    for format in ["table", "json", "csv", "markdown"] {
        let output = nines(
            &[
                "compare",
                single.to_str().unwrap(),
                web.to_str().unwrap(),
                "--trials",
                "50",
                "--format",
                format,
            ],
            Path::new("."),
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            stderr(&output)
        );
        if format == "csv" {
            let mut reader = csv::Reader::from_reader(&output.stdout[..]);
            let header = reader.headers().unwrap().len();
            let rows: Vec<_> = reader.records().map(|r| r.unwrap()).collect();
            assert_eq!(rows.len(), 2);
            assert!(rows.iter().all(|r| r.len() == header));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Item 12: the output folder as a whole.

#[test]
fn a_reused_output_folder_keeps_nothing_of_the_old_report() {
    let dir = temp_dir();
    write(dir.path(), "one.toml", ONE);
    std::fs::create_dir(dir.path().join("report")).unwrap();
    // A chart only a run with data sets draws, and an old run's temporary file.
    write(dir.path(), "report/recovery.png", "old");
    write(dir.path(), "report/.tmpAbC123", "old");
    let output = nines(&["run", "one.toml", "--out", "report"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = dir.path().join("report");
    assert!(report.join("summary.json").exists());
    assert!(!report.join("recovery.png").exists());
    assert!(!report.join(".tmpAbC123").exists());
    // Nothing staged is left beside it.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_bad_output_folder_fails_before_simulating() {
    let dir = temp_dir();
    write(dir.path(), "one.toml", ONE);
    write(dir.path(), "file", "not a folder");
    std::fs::create_dir(dir.path().join("mine")).unwrap();
    write(dir.path(), "mine/notes.txt", "the user's");
    for (out, fragment) in [("file", "is a file"), ("mine", "notes.txt")] {
        let started = std::time::Instant::now();
        // A billion trials would take hours: the refusal must come first.
        let output = nines(
            &["run", "one.toml", "--trials", "1000000000", "--out", out],
            dir.path(),
        );
        assert!(started.elapsed().as_secs() < 20, "{out}: simulated first");
        assert_refused(&output, &[fragment]);
    }
    // The user's file is untouched.
    assert!(dir.path().join("mine/notes.txt").exists());
}

// ---------------------------------------------------------------------------------------
// Item 5: rounding never crosses the verdict.

/// Fixed 6.2 min repairs, MTTF 1000 h: 99.98966%, just below 99.99%.
const JUST_BELOW: &str = r#"
[simulation]
trials = 2000
seed = 1
target = "99.99%"
[components.app]
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "fixed", value = "6.2m" }
[system]
all = ["app"]
"#;

/// Every percentage in `line`, as a number.
fn percentages(line: &str) -> Vec<f64> {
    line.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '%'))
        .filter_map(|w| w.strip_suffix('%'))
        .filter_map(|w| w.parse().ok())
        .collect()
}

#[test]
fn no_printed_availability_rounds_up_to_the_target() {
    let dir = temp_dir();
    write(dir.path(), "below.toml", JUST_BELOW);
    let runs: [&[&str]; 4] = [
        &["run", "below.toml"],
        &["run", "below.toml", "--format", "markdown"],
        &["compare", "below.toml", "below.toml"],
        &["sweep", "below.toml", "--set", "simulation.seed=1,2"],
    ];
    for args in runs {
        let output = nines(args, dir.path());
        let out = stdout(&output);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        let lines: Vec<&str> = out
            .lines()
            .filter(|l| {
                let l = l.to_lowercase();
                (l.contains("availability")
                    || l.contains("interval")
                    || l.starts_with('1')
                    || l.starts_with('2'))
                    && !l.contains("target")
                    && !l.contains("meeting")
            })
            .collect();
        let values: Vec<f64> = lines.iter().flat_map(|l| percentages(l)).collect();
        assert!(values.len() >= 3, "{args:?}: {out}");
        for v in values {
            assert!(v < 99.99, "{args:?}: {v}% printed for 99.98966%: {out}");
        }
    }
}

#[test]
fn sla_percentiles_do_not_round_across_the_objective() {
    let dir = temp_dir();
    // Months whose availability sits just below the objective: 4.5 min of downtime in a
    // 30.4-day window is 99.98973%.
    write(
        dir.path(),
        "sla.toml",
        r#"
[simulation]
trials = 200
target = "99.99%"
[components.app]
failure = { dist = "fixed", value = "30.4375d" }
repair = { dist = "fixed", value = "4.5m" }
[system]
all = ["app"]
"#,
    );
    let output = nines(&["run", "sla.toml"], dir.path());
    let out = stdout(&output);
    let line = out
        .lines()
        .find(|l| l.contains("window availability"))
        .unwrap_or_else(|| panic!("no SLA section: {out}"));
    for v in percentages(line) {
        assert!(v != 99.99 || line.contains("100.0"), "{line}");
        assert!(!(99.99..100.0).contains(&v), "{line}");
    }
}

// ---------------------------------------------------------------------------------------
// Item 6: trials shorter or longer than a year.

#[test]
fn a_week_long_trial_is_labelled_as_a_trial() {
    let web = scenarios().join("web-service.toml");
    let web = web.to_str().unwrap();
    let output = nines(
        &["run", web, "--horizon", "1w", "--trials", "300"],
        Path::new("."),
    );
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!out.contains("Years meeting"), "{out}");
    assert!(out.contains("Trials of 1w meeting it"), "{out}");
    assert!(out.contains("Downtime / trial (1w)"), "{out}");
    // The SLA section says why it is absent.
    assert!(out.contains("SLA windows of 30.4d not judged"), "{out}");
    let output = nines(
        &[
            "run",
            web,
            "--horizon",
            "1w",
            "--trials",
            "300",
            "--format",
            "markdown",
        ],
        Path::new("."),
    );
    let out = stdout(&output);
    assert!(out.contains("Trials of 1w meeting the target"), "{out}");
    assert!(!out.contains("Years meeting"), "{out}");
    let output = nines(
        &["compare", web, web, "--horizon", "1w", "--trials", "100"],
        Path::new("."),
    );
    let out = stdout(&output);
    assert!(out.contains("Trials of 1w meeting target"), "{out}");
    assert!(!out.contains("min/y p50"), "{out}");
    // A year keeps its words.
    let output = nines(&["run", web, "--trials", "100"], Path::new("."));
    assert!(stdout(&output).contains("Years meeting it"));
}

#[test]
fn nines_are_never_negative_zero() {
    let dir = temp_dir();
    // Down nearly all the time: the first failure comes after a second and never ends
    // within the trial (a zero time to failure is refused: it would never end).
    write(
        dir.path(),
        "down.toml",
        r#"
[simulation]
trials = 10
horizon = "1d"
[components.app]
failure = { dist = "fixed", value = "1s" }
repair = { dist = "fixed", value = "10y" }
[system]
all = ["app"]
"#,
    );
    for format in ["table", "markdown"] {
        let output = nines(&["run", "down.toml", "--format", format], dir.path());
        let out = stdout(&output);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(!out.contains("-0.00"), "{out}");
    }
}

// ---------------------------------------------------------------------------------------
// Item 16 and more of its kind: messages in the user's words, naming what the user wrote.

/// `check` on `scenario` fails with exit 2 and one line holding every fragment.
fn assert_bad_file(scenario: &str, files: &[(&str, &str)], fragments: &[&str]) {
    let dir = temp_dir();
    write(dir.path(), "bad.toml", scenario);
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    let output = nines(&["run", "bad.toml", "--trials", "10"], dir.path());
    let err = stderr(&output);
    assert_refused(&output, fragments);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    for internal in [
        "i64",
        "f64",
        "struct Raw",
        "Scalar",
        "sequence",
        "(os error",
    ] {
        assert!(!err.contains(internal), "{internal} in: {err}");
    }
}

const TAIL: &str = "repair = { dist = \"exponential\", mean = \"1h\" }\n[system]\nall = [\"a\"]\n";

#[test]
fn type_errors_speak_of_numbers_lists_and_tables() {
    assert_bad_file(
        "[simulation]\ntrials = 1.5\n",
        &[],
        &[
            "bad.toml:2: simulation.trials",
            "expected a whole number, found 1.5",
        ],
    );
    assert_bad_file(
        "[simulation]\ntrials = \"many\"\n",
        &[],
        &["expected a whole number, found \"many\""],
    );
    assert_bad_file(
        &format!("[components.a]\nfailure = 5\n{TAIL}"),
        &[],
        &["components.a.failure", "distribution table such as { dist"],
    );
    assert_bad_file(
        "[system]\nall = \"a\"\n",
        &[],
        &["system.all", "a list such as"],
    );
}

#[test]
fn durations_with_exponents_and_signs_are_understood() {
    // 1e308h is a number with a unit, not "an unknown unit"; it is too long to simulate.
    assert_bad_file(
        &format!("[simulation]\nhorizon = \"1e400h\"\n[components.a]\nfailure = {{ dist = \"exponential\", mean = \"1h\" }}\n{TAIL}"),
        &[],
        &["simulation.horizon", "too long"],
    );
    assert_bad_file(
        &format!("[components.a]\nfailure = {{ dist = \"exponential\", mean = \"-3h\" }}\n{TAIL}"),
        &[],
        &["components.a.failure.mean", "negative"],
    );
    let dir = temp_dir();
    write(
        dir.path(),
        "e.toml",
        &format!("[simulation]\ntrials = 10\n[components.a]\nfailure = {{ dist = \"exponential\", mean = \"1e3h\" }}\n{TAIL}"),
    );
    let output = nines(&["run", "e.toml"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_tiny_weibull_shape_is_blamed_on_the_shape() {
    assert_bad_file(
        &format!("[components.a]\nfailure = {{ dist = \"weibull\", shape = 1e-9, mean = \"1000h\" }}\n{TAIL}"),
        &[],
        &["components.a.failure.shape", "too small"],
    );
}

#[test]
fn a_negative_observation_names_its_line() {
    assert_bad_file(
        "[components.a]\nfailure = { dist = \"exponential\", mean = \"1000h\" }\nrepair = { dist = \"empirical\", file = \"obs.csv\", unit = \"h\" }\n[system]\nall = [\"a\"]\n",
        &[("obs.csv", "hours\n3\n-2\n4\n")],
        &["obs.csv line 3", "\"-2\""],
    );
}

#[test]
fn a_preset_beside_modes_is_refused() {
    assert_bad_file(
        "[components.a]\npreset = \"disk-hdd\"\n[[components.a.modes]]\nname = \"crash\"\nfailure = { dist = \"exponential\", mean = \"1000h\" }\nrepair = { dist = \"exponential\", mean = \"1h\" }\n[system]\nall = [\"a\"]\n",
        &[],
        &["bad.toml:2: components.a.preset", "[[modes]]"],
    );
}

#[test]
fn a_shock_named_like_a_mode_is_refused() {
    assert_bad_file(
        "[components.a]\nfailure = { dist = \"exponential\", mean = \"1000h\" }\nrepair = { dist = \"exponential\", mean = \"1h\" }\n[[components.a.shocks]]\nname = \"failure\"\nevery = { dist = \"exponential\", mean = \"1y\" }\nrecovery = \"1h\"\n[system]\nall = [\"a\"]\n",
        &[],
        &["components.a.shocks[0].name", "already names a failure mode"],
    );
}

#[test]
fn a_folder_given_as_a_scenario_says_so() {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("folder.toml")).unwrap();
    for command in ["run", "check"] {
        let output = nines(&[command, "folder.toml"], dir.path());
        assert_refused(&output, &["folder.toml", "is a folder"]);
        assert!(!stderr(&output).contains("os error"));
    }
    let output = nines(
        &["sweep", "folder.toml", "--set", "simulation.seed=1"],
        dir.path(),
    );
    assert_refused(&output, &["folder.toml", "is a folder"]);
}

#[test]
fn flag_values_get_messages_in_words() {
    let dir = temp_dir();
    write(dir.path(), "one.toml", ONE);
    for (args, fragments) in [
        (
            &["run", "one.toml", "--trials", "0"][..],
            &["at least 1"][..],
        ),
        (
            &["run", "one.toml", "--trials", "1e6"],
            &["without exponent"],
        ),
        (
            &["run", "one.toml", "--horizon", "-1h"],
            &["-1h", "negative"],
        ),
        (&["run", "one.toml", "--seed", "-1"], &["a seed"]),
        (
            &["run", "one.toml", "--threads", "100000"],
            &["at most 1024 threads"],
        ),
        (
            &["compare", "one.toml", "one.toml", "--trials", "1"],
            &["at least 2"],
        ),
    ] {
        let output = nines(args, dir.path());
        assert_refused(&output, fragments);
        let err = stderr(&output);
        assert!(!err.contains("18446744073709551615"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

// ---------------------------------------------------------------------------------------
// More of the same kinds: names in any script, names with commas, empty names.

#[test]
fn names_in_any_script_run_and_report() {
    let dir = temp_dir();
    write(
        dir.path(),
        "uni.toml",
        r#"
name = "Сервис 服务"
[simulation]
trials = 50
[components."база"]
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "10h" }
[system]
all = ["база"]
"#,
    );
    let output = nines(&["run", "uni.toml", "--out", "report"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("Сервис 服务"));
    // A space is refused, with the character named and a name that would do.
    write(
        dir.path(),
        "space.toml",
        &ONE.replace("[components.app]", "[components.\"app server\"]")
            .replace("all = [\"app\"]", "all = [\"app server\"]"),
    );
    let output = nines(&["check", "space.toml"], dir.path());
    assert_refused(&output, &["\"app server\"", "' '", "\"app-server\""]);
}

#[test]
fn report_files_quote_names_with_commas() {
    let dir = temp_dir();
    write(
        dir.path(),
        "comma.toml",
        r#"
[simulation]
trials = 50
[components.app]
[[components.app.modes]]
name = "disk, then \"raid\""
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "10h" }
[system]
all = ["app"]
"#,
    );
    let output = nines(&["run", "comma.toml", "--out", "report"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for file in ["causes.csv", "components.csv"] {
        let text = std::fs::read_to_string(dir.path().join("report").join(file)).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let width = reader.headers().unwrap().len();
        for record in reader.records() {
            assert_eq!(record.unwrap().len(), width, "{file}: {text}");
        }
    }
}

#[test]
fn an_empty_mode_or_shock_name_is_refused() {
    assert_bad_file(
        "[components.a]\nfailure = { dist = \"exponential\", mean = \"1000h\" }\nrepair = { dist = \"exponential\", mean = \"1h\" }\n[[components.a.shocks]]\nname = \" \"\nevery = { dist = \"exponential\", mean = \"1y\" }\nrecovery = \"1h\"\n[system]\nall = [\"a\"]\n",
        &[],
        &["components.a.shocks[0].name", "cannot name a row"],
    );
}

#[test]
fn an_objective_out_of_range_is_shown_as_written() {
    let dir = temp_dir();
    write(dir.path(), "one.toml", ONE);
    let output = nines(&["run", "one.toml", "--target", "101%"], dir.path());
    assert_refused(&output, &["101% is out of range"]);
    let output = nines(
        &["sweep", "one.toml", "--set", "simulation.target=99%,200%"],
        dir.path(),
    );
    assert_refused(&output, &["simulation.target: 200% is out of range"]);
}

#[test]
fn exact_figures_do_not_round_across_the_objective() {
    // 1000 / (1000 + 6.2/60) = 99.98967%: printed to three decimals it would read 99.990%.
    let dir = temp_dir();
    write(dir.path(), "below.toml", JUST_BELOW);
    let runs: [(&[&str], &str); 3] = [
        (&["solve", "below.toml"], "Availability"),
        (
            &["solve", "below.toml", "--format", "markdown"],
            "Availability",
        ),
        (&["run", "below.toml"], "Exact"),
    ];
    for (args, label) in runs {
        let output = nines(args, dir.path());
        let out = stdout(&output);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        let values: Vec<f64> = out
            .lines()
            .filter(|l| l.contains(label))
            .flat_map(percentages)
            .collect();
        assert!(!values.is_empty(), "{args:?}: {out}");
        for v in values {
            assert!(v < 99.99, "{args:?}: {v}% printed for 99.98967%: {out}");
        }
    }
}

#[test]
fn no_request_lost_is_shown_as_a_bound() {
    // Twenty quiet years of a component failing every 200 years: nothing lost, so the
    // requests served are a bound, not 100% as if measured.
    let dir = temp_dir();
    write(
        dir.path(),
        "rare.toml",
        r#"
[simulation]
trials = 20
target = "99.9999%"
[components.c]
failure = { dist = "exponential", mean = "200y" }
repair = { dist = "exponential", mean = "30d" }
[system]
all = ["c"]
"#,
    );
    for format in ["table", "markdown"] {
        let output = nines(&["run", "rare.toml", "--format", format], dir.path());
        let out = stdout(&output);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let line = out
            .lines()
            .find(|l| l.contains("Requests served"))
            .unwrap_or_else(|| panic!("{out}"));
        assert!(line.contains("no loss seen; ≥ 83.16%"), "{format}: {line}");
    }
}

/// A horizon whose SLA windows could not be held in memory is refused as bad input (it
/// panicked with "capacity overflow" before), by the plain and the rare method, and leaves
/// no output folder behind.
#[test]
fn horizon_with_too_many_windows_is_refused() {
    let dir = temp_dir();
    let single = scenarios().join("single-server.toml");
    let single = single.to_str().unwrap();
    for method in ["plain", "rare"] {
        let args = [
            "run",
            single,
            "--horizon",
            "1e308h",
            "--method",
            method,
            "--out",
            "report",
        ];
        let output = nines(&args, dir.path());
        assert_refused(&output, &["SLA windows", "shorter horizon"]);
        assert!(!dir.path().join("report").exists());
    }
}
