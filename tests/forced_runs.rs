//! The importance runs (a component forced up or down) reuse one simulator from trial to
//! trial: a trial's result must not depend on the trials that ran before it on the same
//! simulator, or the importance figures would change with the thread count (rayon hands
//! each thread a different run of trials). Found with `age_while_down = false` and a
//! failover pair, where a change of clock speed restarted a forced component's clock from
//! the previous trial's due time.

use std::path::Path;

use nines::engine::{Force, Simulator};

/// A hidden-failure pump in series with a failover pair whose standbys may fail to start,
/// components that stop ageing while the service is down, and warm standbys that age at half
/// speed while idle: every path that changes a clock's speed.
const SCENARIO: &str = r#"
[simulation]
trials = 40
seed = 3
age_while_down = false
[components.pump]
failure = { dist = "exponential", mean = "2000h" }
repair = { dist = "exponential", mean = "10h" }
hidden = true
[components.pump.inspection]
every = "500h"
[components.db]
count = 2
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "5h" }
[components.db.failover]
detection = "0s"
switchover = "0s"
fails_to_start = 0.1
[system]
all = ["pump", "db"]
"#;

#[test]
fn a_forced_trial_does_not_depend_on_the_trials_before_it() {
    let model = nines::scenario::parse(SCENARIO, "forced.toml", Path::new("."), "forced").unwrap();
    for component in 0..model.components.len() {
        for up in [true, false] {
            for one_instance in [true, false] {
                let force = Some(Force {
                    component,
                    up,
                    one_instance,
                });
                let mut warm = Simulator::with_force(&model, force);
                for trial in 0..40 {
                    let after_others = warm.run(trial);
                    let alone = Simulator::with_force(&model, force).run(trial);
                    assert_eq!(
                        format!("{after_others:?}"),
                        format!("{alone:?}"),
                        "component {component} up {up} one {one_instance} trial {trial}"
                    );
                }
            }
        }
    }
}
