//! `--method rare` on the command line: what it refuses (one line, exit 2) and what it adds
//! to the summary.

mod common;

use common::cli::{nines, stderr, stdout, temp_dir, write};

const ONE_OF_THREE: &str = r#"
[simulation]
trials = 2000
seed = 1
[components.app]
count = 3
need = 1
failure = { dist = "exponential", mean = "10000h" }
repair = { dist = "exponential", mean = "4h" }
[system]
all = ["app"]
"#;

/// `nines run FILE --method rare EXTRA...` in `dir`.
fn run_rare(dir: &std::path::Path, file: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["run", file.to_str().unwrap(), "--method", "rare"];
    args.extend_from_slice(extra);
    nines(&args, dir)
}

#[test]
fn json_gets_the_rare_key_and_the_headline() {
    let dir = temp_dir();
    let file = write(dir.path(), "a.toml", ONE_OF_THREE);
    let out = run_rare(dir.path(), &file, &["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rare = &json["rare"];
    let u = rare["horizon"]["unavailability"]["mean"].as_f64().unwrap();
    assert!(u > 0.0 && u < 1e-9, "{u}");
    let a = json["availability"]["mean"].as_f64().unwrap();
    assert_eq!(a, 1.0 - u);
    assert!(rare["branches"].as_u64().unwrap() > 0);
    assert!(
        rare["steady_state"]["unavailability"]["mean"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    // A plain run has the key, null.
    let plain = nines(
        &["run", file.to_str().unwrap(), "--format", "json"],
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&plain)).unwrap();
    assert!(json["rare"].is_null());
}

/// The table shows the skew-corrected interval's two sides, each as the JSON's ends give it:
/// longer above than below.
#[test]
fn the_table_shows_both_sides_of_the_skewed_interval() {
    let dir = temp_dir();
    let file = write(dir.path(), "a.toml", ONE_OF_THREE);
    let json = run_rare(dir.path(), &file, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let u = &json["rare"]["horizon"]["unavailability"];
    let (mean, low, high) = (
        u["mean"].as_f64().unwrap(),
        u["ci_low"].as_f64().unwrap(),
        u["ci_high"].as_f64().unwrap(),
    );
    let (up, down) = ((high - mean) / mean * 100.0, (mean - low) / mean * 100.0);
    assert!(up > down, "{u}");
    let rel = json["rare"]["horizon"]["relative_error"].as_f64().unwrap();
    assert!((rel * 100.0 - up).abs() < 1e-9 * up, "{rel} vs {up}");
    let table = stdout(&run_rare(dir.path(), &file, &[]));
    let sides = format!("(+{up:.1}% / −{down:.1}%)");
    let line = table
        .lines()
        .find(|l| l.contains("Unavailability, horizon"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(line.ends_with(&sides), "{line} does not end with {sides}");
}

#[test]
fn plain_runs_with_few_outages_suggest_the_method() {
    let dir = temp_dir();
    let file = write(dir.path(), "a.toml", ONE_OF_THREE);
    let out = nines(&["run", file.to_str().unwrap()], dir.path());
    assert!(
        stdout(&out).contains("0 outages observed"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("--method rare"));
    let rare = run_rare(dir.path(), &file, &[]);
    assert!(
        stdout(&rare).contains("Rare-event method"),
        "{}",
        stdout(&rare)
    );
    assert!(!stdout(&rare).contains("outages observed"));
}

#[test]
fn unsupported_models_and_settings_are_refused_in_one_line() {
    let dir = temp_dir();
    // Maintenance left out of availability and inspections are supported now
    // (tests/validation_rare_ext2.rs), and demand profiles (tests/validation_rare_load.rs);
    // demand growth is not.
    let loaded = write(
        dir.path(),
        "f.toml",
        &common::cli::balanced_trio(
            "[load]\ndemand = \"150 rps\"\ngrowth = \"10%/y\"",
            "need = 1\ncapacity = \"100 rps\"",
        ),
    );
    let out = run_rare(dir.path(), &loaded, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("[load] growth") && err.contains("--method rare"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    let out = nines(&["run", "--method", "fast"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("\"plain\" or \"rare\""),
        "{}",
        stderr(&out)
    );

    let bad = write(
        dir.path(),
        "b.toml",
        &ONE_OF_THREE.replace(
            "seed = 1",
            "seed = 1\nmethod = \"rare\"\n[simulation.rare]\nbias = 0.95",
        ),
    );
    let out = nines(&["run", bad.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("simulation.rare.bias") && err.contains("0.1 and 0.9"),
        "{err}"
    );
    let bad = write(
        dir.path(),
        "k.toml",
        &ONE_OF_THREE.replace(
            "seed = 1",
            "seed = 1\nmethod = \"rare\"\n[simulation.rare]\nrepair_bias = 3.5",
        ),
    );
    let out = nines(&["run", bad.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("k.toml")
            && err.contains("simulation.rare.repair_bias")
            && err.contains("between 0 (off) and 3")
            && err.contains("1 is the default"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    // --precision with the rare method: tests/rare_precision.rs.
}

/// `nines run a.toml --method rare --out report EXTRA...` in a new folder: the folder, the
/// report's path and the output.
fn run_rare_out(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf, std::process::Output) {
    let dir = temp_dir();
    let file = write(dir.path(), "a.toml", ONE_OF_THREE);
    let folder = dir.path().join("report");
    let mut args = vec!["--out", folder.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = run_rare(dir.path(), &file, &args);
    (dir, folder, out)
}

#[test]
fn out_writes_the_report_folder_with_the_rare_figures() {
    let (dir, folder, out) = run_rare_out(&["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("summary.json")).unwrap())
            .unwrap();
    assert!(written["rare"]["branches"].as_u64().unwrap() > 0);
    assert_eq!(written["rare"], printed["rare"]);
    assert_eq!(written["availability"], printed["availability"]);
    assert_eq!(written["outages"], printed["outages"]);
    let u = written["rare"]["horizon"]["unavailability"]["mean"]
        .as_f64()
        .unwrap();
    assert_eq!(written["availability"]["mean"].as_f64().unwrap(), 1.0 - u);
    // trials.csv holds the unbiased main runs: one row per trial.
    let csv = std::fs::read_to_string(folder.join("trials.csv")).unwrap();
    assert_eq!(csv.lines().count(), 2000 + 1);
    let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(html.contains("Rare-event method"), "no rare section");
    // The rare table of the page carries the run's own figures.
    let branches = format!(
        "{} ({} with an outage)",
        written["rare"]["branches"], written["rare"]["branches_with_outage"]
    );
    assert!(html.contains(&branches), "{branches} not in index.html");
    // It says how the windows were forced, as the JSON's rare.forcing does.
    assert_eq!(written["rare"]["forcing"], "odds");
    assert_eq!(written["rare"]["repair_bias"], 1.0);
    assert!(
        html.contains("odds (bias θ 0.5, mixture β 0.5, repair bias k 1 on lognormal repairs)"),
        "no forcing row in index.html"
    );
    assert!(folder.join("downtime.svg").exists());
    // No staging folder is left beside it.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn resume_is_refused_with_the_rare_method() {
    let (_dir, folder, out) = run_rare_out(&["--resume"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--resume"), "{}", stderr(&out));
    assert!(!folder.exists());
}

#[test]
fn compare_runs_each_design_with_the_rare_method() {
    let dir = temp_dir();
    let three = write(dir.path(), "three.toml", ONE_OF_THREE);
    let two = write(
        dir.path(),
        "two.toml",
        &ONE_OF_THREE.replace("count = 3", "count = 2"),
    );
    let args = |extra: &[&str]| {
        let mut a = vec![
            "compare",
            three.to_str().unwrap(),
            two.to_str().unwrap(),
            "--method",
            "rare",
        ];
        a.extend_from_slice(extra);
        nines(&a, dir.path())
    };
    let out = args(&["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["comparisons"].as_array().unwrap().len(), 0);
    assert!(json["paired_note"]
        .as_str()
        .unwrap()
        .contains("not available"));
    // Each design's figures are those `nines run --method rare` gives it alone.
    for (i, file) in [&three, &two].iter().enumerate() {
        let alone = run_rare(dir.path(), file, &["--format", "json"]);
        let alone: serde_json::Value = serde_json::from_str(&stdout(&alone)).unwrap();
        assert_eq!(json["designs"][i]["rare"], alone["rare"]);
        assert_eq!(json["designs"][i]["availability"], alone["availability"]);
    }
    // One spare fewer is less available.
    let a = |i: usize| json["designs"][i]["availability"]["mean"].as_f64().unwrap();
    assert!(a(1) < a(0), "{} {}", a(0), a(1));

    let table = stdout(&args(&[]));
    assert!(
        table.contains("Paired differences: not available"),
        "{table}"
    );
    assert!(!table.contains("vs first (paired)"), "{table}");
    // The rare estimate is a mean, not the bound a plain run without downtime gives.
    let availability = table
        .lines()
        .find(|l| l.starts_with("Availability"))
        .unwrap();
    assert!(!availability.contains('≥'), "{table}");

    // `[simulation] method` works too, and so does --precision (tests/rare_precision.rs).
    let by_file = write(
        dir.path(),
        "m.toml",
        &ONE_OF_THREE.replace("seed = 1", "seed = 1\nmethod = \"rare\""),
    );
    let out = nines(
        &[
            "compare",
            by_file.to_str().unwrap(),
            two.to_str().unwrap(),
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("paired_note"));
    let out = args(&["--precision", "30%", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        json["designs"][1]["stopping"]["reason"],
        "precision_reached"
    );
}

/// A rare sweep's table shows each point's estimate, not the bound a plain run with no
/// downtime gets ("≥ 99.99…%", "< 0.0" minutes), though its main runs saw no outage.
#[test]
fn rare_sweep_tables_show_estimates_not_bounds() {
    let dir = temp_dir();
    let file = write(dir.path(), "a.toml", ONE_OF_THREE);
    let out = nines(
        &[
            "sweep",
            file.to_str().unwrap(),
            "--set",
            "components.app.count=3,4",
            "--method",
            "rare",
            "--trials",
            "500",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with(['3', '4'])).collect();
    assert_eq!(rows.len(), 2, "{text}");
    for row in rows {
        assert!(!row.contains('≥') && !row.contains('<'), "{row}");
    }
}
