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
    let failover = write(
        dir.path(),
        "f.toml",
        r#"
[components.db]
count = 2
need = 1
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "4h" }
failover = { active = 1, detection = "10s", switchover = "30s" }
[system]
all = ["db"]
"#,
    );
    let out = run_rare(dir.path(), &failover, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("component 'db'") && err.contains("failover"),
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

    let file = write(dir.path(), "a.toml", ONE_OF_THREE);
    let out = run_rare(dir.path(), &file, &["--precision", "10%"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--precision"), "{}", stderr(&out));
}
