//! Hidden failures, inspections, `age_while_down` and `fails_to_start` as users write them:
//! one-line errors with exit code 2 naming the file, line and key; `nines solve` refusing
//! the Markov chain in one line naming the mechanism; the rare method refusing hidden
//! failures and inspections.

mod common;

use common::cli::{nines, stderr, stdout, temp_dir, write};

/// A pump (hidden failures inspected) and a database pair, with `pump` and `db` appended to
/// their tables.
fn scenario(pump: &str, db: &str) -> String {
    format!(
        r#"[simulation]
trials = 200
seed = 3
[components.pump]
failure = {{ dist = "exponential", mean = "2000h" }}
repair = {{ dist = "exponential", mean = "10h" }}
{pump}
[components.db]
count = 2
failure = {{ dist = "exponential", mean = "1000h" }}
repair = {{ dist = "exponential", mean = "5h" }}
[components.db.failover]
detection = "0s"
switchover = "0s"
{db}
[system]
all = ["pump", "db"]
"#
    )
}

const INSPECTED: &str = "hidden = true\n[components.pump.inspection]\nevery = \"500h\"";

#[test]
fn bad_settings_are_one_line_errors_naming_the_key() {
    let cases = [
        ("hidden = true", "", "nothing would ever find it"),
        (
            "[components.pump.inspection]\nevery = \"500h\"",
            "",
            "components.pump.inspection: an inspection finds hidden failures",
        ),
        (
            "hidden = true\n[components.pump.inspection]\nevery = \"0h\"",
            "",
            "components.pump.inspection.every",
        ),
        (
            "hidden = true\n[components.pump.inspection]\nevery = \"500h\"\nfinds = 0",
            "",
            "components.pump.inspection.finds",
        ),
        (
            "hidden = true\n[components.pump.inspection]\nevery = \"5h\"\nduration = \"6h\"",
            "",
            "inspections would overlap",
        ),
        (
            "hidden = true\n[components.pump.inspection]\nevery = \"5h\"\ntakes_down = true",
            "",
            "components.pump.inspection.takes_down",
        ),
        (
            "hidden = true\n[components.pump.inspection]\nevery = \"5h\"\noften = true",
            "",
            "often",
        ),
        (
            INSPECTED,
            "fails_to_start = 1.5",
            "components.db.failover.fails_to_start",
        ),
        (INSPECTED, "fails_to_start = \"100%\"", "below 100%"),
        ("age_while_down = \"no\"", "", "age_while_down"),
    ];
    for (pump, db, expected) in cases {
        let dir = temp_dir();
        write(dir.path(), "s.toml", &scenario(pump, db));
        let output = nines(&["run", "s.toml"], dir.path());
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{pump} / {db}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{expected}: {err}");
        assert!(err.contains("s.toml:"), "no file and line: {err}");
    }
}

#[test]
fn hidden_is_refused_beside_modes() {
    let text = r#"[components.pump]
hidden = true
[[components.pump.modes]]
name = "seal"
failure = { dist = "exponential", mean = "2000h" }
repair = { dist = "exponential", mean = "10h" }
[components.pump.inspection]
every = "500h"
[system]
all = ["pump"]
"#;
    let dir = temp_dir();
    write(dir.path(), "s.toml", text);
    let output = nines(&["run", "s.toml"], dir.path());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("components.pump.hidden"), "{err}");
}

#[test]
fn solve_refuses_the_chain_in_one_line_naming_the_mechanism() {
    let cases = [
        (INSPECTED, "", "inspections come on a fixed period"),
        ("age_while_down = false", "", "age_while_down = false"),
        ("", "fails_to_start = 0.1", "fails_to_start"),
    ];
    for (pump, db, expected) in cases {
        let dir = temp_dir();
        write(dir.path(), "s.toml", &scenario(pump, db));
        let output = nines(&["solve", "s.toml", "--format", "json"], dir.path());
        assert!(output.status.success(), "{}", stderr(&output));
        let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        let reason = value["markov"]["reason"].as_str().unwrap();
        assert!(reason.contains(expected), "{expected}: {reason}");
        assert_eq!(reason.lines().count(), 1);
        // The formula still answers, and says it leaves the mechanism out.
        assert!(!value["independent"]["leaves_out"]
            .as_array()
            .unwrap()
            .is_empty());
    }
}

#[test]
fn the_rare_method_runs_inspections_and_paused_ageing() {
    // tests/validation_rare_ext2.rs and validation_rare_ext.rs check the figures; here the
    // command line runs them.
    for pump in [INSPECTED, "age_while_down = false"] {
        // Without the failover group.
        let text = scenario(pump, "")
            .replace(
                "[components.db.failover]\ndetection = \"0s\"\nswitchover = \"0s\"\n",
                "",
            )
            .replace("count = 2\n", "");
        let dir = temp_dir();
        write(dir.path(), "s.toml", &text);
        let output = nines(&["run", "s.toml", "--method", "rare"], dir.path());
        let err = stderr(&output);
        assert!(output.status.success(), "{pump}: {err}");
        assert!(stdout(&output).contains("Rare-event method"), "{pump}");
    }
}
