//! Bad repair-crew keys (`[repair.crews]`, `crew`, `priority`, `preemption`): one line naming
//! the file, line and key path with what would be valid, exit code 2, no output folder.

mod common;

use common::cli::{nines, refused_run, stderr, temp_dir, write};

/// A scenario with `{repair}` and `{db}` / `{app}` (extra keys of those components) to fill.
fn scenario(repair: &str, db: &str, app: &str) -> String {
    format!(
        r#"name = "crews"
[repair]
{repair}
[components.db]
{db}
failure = {{ dist = "exponential", mean = "1y" }}
repair = {{ dist = "exponential", mean = "8h" }}
[components.app]
count = 2
need = 1
{app}
failure = {{ dist = "exponential", mean = "1y" }}
repair = {{ dist = "exponential", mean = "8h" }}
[system]
all = ["db", "app"]
"#
    )
}

/// ([repair] keys, db keys, app keys, key path the error must name, its line, words it must say)
const CASES: &[(&str, &str, &str, &str, usize, &str)] = &[
    (
        "crews = { ops = 1, net = 1 }",
        "crew = \"opz\"",
        "crew = \"net\"",
        "components.db.crew",
        5,
        "did you mean \"ops\"",
    ),
    (
        "crews = 1",
        "crew = \"ops\"",
        "",
        "components.db.crew",
        5,
        "[repair.crews] gives no kinds",
    ),
    (
        "crews = { ops = 1 }",
        "crew = \"ops\"",
        "",
        "components.app",
        8,
        "such as crew = \"ops\"",
    ),
    (
        "crews = { ops = 1, net = 1 }",
        "crew = \"ops\"",
        "crew = \"ops\"",
        "repair.crews.net",
        3,
        "no component names crew kind \"net\"",
    ),
    (
        "crews = { ops = 0 }",
        "crew = \"ops\"",
        "crew = \"ops\"",
        "repair.crews.ops",
        3,
        "from 1 to",
    ),
    ("crews = { }", "", "", "repair.crews", 3, "lists no kind"),
    (
        "crews = \"two\"",
        "",
        "",
        "repair.crews",
        3,
        "a number of crews",
    ),
    (
        "",
        "priority = 2",
        "",
        "components.db.priority",
        5,
        "gives no crews",
    ),
    (
        "crews = 1",
        "priority = -1",
        "",
        "components.db.priority",
        5,
        "from 0 to 1000",
    ),
    (
        "crews = 1\npreemption = true",
        "priority = 1",
        "priority = 1",
        "repair.preemption",
        4,
        "every component has the same priority",
    ),
    (
        "crews = 1\npreemption = \"yes\"",
        "",
        "",
        "repair.preemption",
        4,
        "expected true or false",
    ),
];

#[test]
fn bad_crew_keys_exit_2_with_the_key_path_and_line() {
    let dir = temp_dir();
    for (repair, db, app, path, line, words) in CASES {
        let text = scenario(repair, db, app);
        let file = write(dir.path(), "crews.toml", &text);
        let case = format!("{repair} / {db} / {app}");
        let message = refused_run(dir.path(), &file, &case);
        assert!(
            message.contains(&format!("crews.toml:{line}")),
            "{case}: {message}"
        );
        assert!(message.contains(path), "{case}: {message}");
        assert!(message.contains(words), "{case}: {message}");
    }
}

#[test]
fn good_crew_keys_check_and_are_described() {
    let dir = temp_dir();
    let text = scenario(
        "preemption = true\n[repair.crews]\nops = 1\nnet = 2",
        "crew = \"ops\"\npriority = 2",
        "crew = \"net\"",
    );
    let file = write(dir.path(), "crews.toml", &text);
    let output = nines(&["check", file.to_str().unwrap()], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let described = common::cli::stdout(&output);
    assert!(
        described.contains("repair crews: by kind (net 2, ops 1)"),
        "{described}"
    );
    assert!(described.contains("preemptive"), "{described}");
}

/// Preemption keeps the engine deterministic: the example scenario gives the same summary on
/// one thread and on three.
#[test]
fn crews_by_kind_with_preemption_do_not_depend_on_threads() {
    let dir = temp_dir();
    let scenario =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/repair-crews.toml");
    let run = |threads: &str| {
        let out = dir.path().join(format!("t{threads}"));
        let output = nines(
            &[
                "run",
                scenario.to_str().unwrap(),
                "--trials",
                "3000",
                "--threads",
                threads,
                "--out",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        common::cli::summary_without_timing(&out)
    };
    assert_eq!(run("1"), run("3"));
}

/// The rare method runs crews by kind, priorities and preemption (validated at rare-event
/// levels in tests/validation_rare_ext.rs) as it runs the default shared pool.
#[test]
fn rare_method_runs_crew_rules() {
    let dir = temp_dir();
    for (repair, db, app) in [
        ("crews = { ops = 1 }", "crew = \"ops\"", "crew = \"ops\""),
        ("crews = 1", "priority = 5", ""),
        ("crews = 1", "", ""),
    ] {
        let file = write(dir.path(), "rare.toml", &scenario(repair, db, app));
        let output = nines(
            &[
                "run",
                file.to_str().unwrap(),
                "--method",
                "rare",
                "--trials",
                "200",
            ],
            dir.path(),
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{repair}: {}",
            stderr(&output)
        );
    }
}
