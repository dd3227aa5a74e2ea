//! A phase's `need` for a balanced backend group in `nines check`, and its bad inputs.

mod common;

use common::cli::{nines, refused_run, stdout, temp_dir, write};

/// Three backends `web` (need 1) behind `lb`, with `phase` (the keys after its dates) and
/// `extra` tables at the end.
fn balanced(phase: &str, extra: &str) -> String {
    format!(
        r#"[components.lb]
failure = {{ dist = "exponential", mean = "10000h" }}
repair = {{ dist = "exponential", mean = "4h" }}
[components.web]
count = 3
need = 1
failure = {{ dist = "exponential", mean = "1000h" }}
repair = {{ dist = "exponential", mean = "8h" }}
[components.web.health_check]
balancer = "lb"
interval = "10s"
[system]
all = ["lb", "web"]
[[phases]]
name = "season"
from = "11-01"
days = 60
{phase}
{extra}"#
    )
}

#[test]
fn check_shows_a_balanced_groups_phase_need() {
    let dir = temp_dir();
    write(dir.path(), "s.toml", &balanced("need = { web = 2 }", ""));
    let output = nines(&["check", "s.toml"], dir.path());
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains(
            "web: need 2 of 3 (outside phases 1); serves healthy / max(in rotation, 2) of requests"
        ),
        "{text}"
    );
}

/// Runs a refused variant and returns its one-line error.
fn refused(phase: &str, extra: &str, case: &str) -> String {
    let dir = temp_dir();
    let file = write(dir.path(), "s.toml", &balanced(phase, extra));
    refused_run(dir.path(), &file, case)
}

#[test]
fn a_balanced_groups_phase_need_out_of_range_is_refused() {
    for (need, case) in [(0, "zero"), (4, "above the count")] {
        let message = refused(&format!("need = {{ web = {need} }}"), "", case);
        assert!(
            message.contains(&format!(
                "s.toml:18: phases[0].need.web: {need} is out of range; expected a whole number from 1 to the component's count (3)"
            )),
            "{case}: {message}"
        );
    }
}

#[test]
fn a_balanced_groups_phase_need_under_load_is_refused() {
    let message = refused(
        "need = { web = 2 }",
        "[load]\ndemand = \"1000 rps\"\n",
        "under [load]",
    );
    assert!(
        message.contains("s.toml:18: phases[0].need.web: a phase cannot change the need of a health-checked backend group under [load]"),
        "{message}"
    );
}
