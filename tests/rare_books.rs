//! The rare method's main runs go on past the horizon to the end of the steady window; the
//! plain figures they report (here a data set's losses counted trial by trial) must still be
//! those of the horizon, i.e. equal a plain run's of the same seed and trials.

mod common;

use common::cli::{nines, stderr, stdout, temp_dir, write};

/// Disks that never take the service down (so its figures are the rare method's: no outage
/// in the plain run that decides) holding two replicas lost about once in eight years.
const STORE: &str = r#"
[simulation]
horizon = "1y"
trials = 2000
seed = 5
importance_trials = 0
[components.disk]
count = 3
need = 1
failure = { dist = "exponential", afr = "500%" }
repair = { dist = "fixed", value = "1s" }
[system]
all = ["disk"]
[data.objects]
size = "1TB"
stored_on = "disk"
redundancy = { replicas = 2 }
placement = { stripes = 1 }
fragment_rebuild = { time = { dist = "exponential", mean = "24h" } }
"#;

fn json(args: &[&str], dir: &std::path::Path) -> serde_json::Value {
    let out = nines(args, dir);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn main_runs_count_losses_over_the_horizon_only() {
    let dir = temp_dir();
    write(dir.path(), "s.toml", STORE);
    let rare = json(
        &["run", "s.toml", "--method", "rare", "--format", "json"],
        dir.path(),
    );
    let plain = json(&["run", "s.toml", "--format", "json"], dir.path());
    assert_eq!(
        rare["service_method"]["method"], "rare",
        "{}",
        rare["service_method"]
    );
    let (r, p) = (
        &rare["durability"]["objects"],
        &plain["durability"]["objects"],
    );
    assert_eq!(r["method"], "rare");
    let losses = p["trials_with_loss"].as_u64().unwrap();
    assert!(losses > 100, "{losses}");
    for key in ["trials_with_loss", "loss_events", "stripes_lost"] {
        assert_eq!(r[key], p[key], "{key}");
    }
}
