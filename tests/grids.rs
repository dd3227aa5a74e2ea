//! `nines sweep` grids: keys combine as a product, `--zip` pairs keys that move together.

mod common;

use common::cli::{nines, temp_dir, write};

const ONE: &str = r#"
name = "one server"
[simulation]
trials = 200
seed = 5
[components.app]
count = 1
need = 1
failure = { dist = "exponential", mean = "500h" }
repair = { dist = "exponential", mean = "5h" }
[system]
all = ["app"]
"#;

fn sweep(args: &[&str]) -> std::process::Output {
    let dir = temp_dir();
    write(dir.path(), "one.toml", ONE);
    let mut all = vec!["sweep", "one.toml"];
    all.extend_from_slice(args);
    nines(&all, dir.path())
}

fn points(output: &std::process::Output) -> Vec<Vec<String>> {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    report["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn three_keys_make_every_combination_first_fastest() {
    let output = sweep(&[
        "--set",
        "components.app.count=1,2",
        "--set",
        "components.app.repair.mean=1h,5h",
        "--set",
        "components.app.need=1",
        "--format",
        "json",
    ]);
    let points = points(&output);
    assert_eq!(
        points,
        [
            ["1", "1h", "1"],
            ["2", "1h", "1"],
            ["1", "5h", "1"],
            ["2", "5h", "1"]
        ]
    );
}

#[test]
fn zipped_keys_move_together_and_the_rest_multiplies() {
    let output = sweep(&[
        "--set",
        "components.app.count=1,2,3",
        "--set",
        "components.app.repair.mean=1h,5h",
        "--set",
        "components.app.need=1,1,2",
        "--zip",
        "components.app.count,components.app.need",
        "--format",
        "json",
    ]);
    let points = points(&output);
    // Zipped keys sit side by side in the first axis; 3 pairs times 2 repair times.
    assert_eq!(points.len(), 6);
    assert_eq!(points[0], ["1", "1", "1h"]);
    assert_eq!(points[2], ["3", "2", "1h"]);
    assert_eq!(points[5], ["3", "2", "5h"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["keys"],
        serde_json::json!([
            "components.app.count",
            "components.app.need",
            "components.app.repair.mean"
        ])
    );
    // One verdict per repair time, the other keys' values named.
    assert_eq!(report["smallest_meeting_target"][1]["with"], "5h");
}

#[test]
fn bad_zips_are_one_line_errors_with_code_2() {
    for (args, says) in [
        (
            &[
                "--set",
                "components.app.count=1,2,3",
                "--set",
                "components.app.need=1,1",
                "--zip",
                "components.app.count,components.app.need",
            ][..],
            "as many values",
        ),
        (
            &[
                "--set",
                "components.app.count=1,2",
                "--zip",
                "components.app.count,components.app.need",
            ],
            "is not varied",
        ),
        (
            &[
                "--set",
                "components.app.count=1,2",
                "--zip",
                "components.app.count",
            ],
            "two or more",
        ),
    ] {
        let output = sweep(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(output.stdout.is_empty());
    }
}
