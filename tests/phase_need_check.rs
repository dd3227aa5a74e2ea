//! A phase's `need` for a balanced backend group in `nines check`, and its bad inputs.

mod common;

use common::cli::{nines, refused_run, stdout, temp_dir, write};

/// Three backends `web` (need 1) behind `lb` (`common::cli::balanced_trio`, with `tables`
/// before the components), and a season from 1 November with `phase` (its keys after its
/// dates).
fn balanced(phase: &str, tables: &str) -> String {
    common::cli::balanced_trio(tables, "need = 1")
        + &format!("[[phases]]\nname = \"season\"\nfrom = \"11-01\"\ndays = 60\n{phase}\n")
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

/// Runs a refused variant; returns its one-line error and the line of the phase's need.
fn refused(phase: &str, tables: &str, case: &str) -> (String, usize) {
    let dir = temp_dir();
    let text = balanced(phase, tables);
    let line = 1 + text
        .lines()
        .position(|l| l.starts_with("need = {"))
        .expect("a phase need");
    let file = write(dir.path(), "s.toml", &text);
    (refused_run(dir.path(), &file, case), line)
}

#[test]
fn a_balanced_groups_phase_need_out_of_range_is_refused() {
    for (need, case) in [(0, "zero"), (4, "above the count")] {
        let (message, line) = refused(&format!("need = {{ web = {need} }}"), "", case);
        assert!(
            message.contains(&format!(
                "s.toml:{line}: phases[0].need.web: {need} is out of range; expected a whole number from 1 to the component's count (3)"
            )),
            "{case}: {message}"
        );
    }
}

#[test]
fn a_balanced_groups_phase_need_under_load_is_refused() {
    let (message, line) = refused(
        "need = { web = 2 }",
        "[load]\ndemand = \"1000 rps\"",
        "under [load]",
    );
    assert!(
        message.contains(&format!("s.toml:{line}: phases[0].need.web: a phase cannot change the need of a health-checked backend group under [load]")),
        "{message}"
    );
}
