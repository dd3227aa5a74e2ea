//! A phase's `need` for a balanced group under `[load]` is refused, with the reason (a
//! failover group's: tests/validation_phase_positions.rs).

mod common;

use common::cli::{refused_run, temp_dir, write};

/// `scenario` (a file of scenarios/) with a phase changing `component`'s need to `need`.
fn refused(scenario: &str, component: &str, need: u32) -> String {
    let path = format!("{}/scenarios/{scenario}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap()
        + &format!("\n[[phases]]\nname = \"peak\"\nfrom = \"11-01\"\ndays = 30\nneed = {{ {component} = {need} }}\n");
    let dir = temp_dir();
    let file = write(dir.path(), scenario, &text);
    refused_run(dir.path(), &file, scenario)
}

#[test]
fn a_balanced_groups_need_under_load_is_refused_with_why() {
    // Without [load] a phase may change it (tests/validation_phase_need.rs).
    let message = refused("retail.toml", "app", 2);
    assert!(
        message.contains(
            "phases[0].need.app: a phase cannot change the need of a health-checked backend group under [load]"
        ),
        "{message}"
    );
}
