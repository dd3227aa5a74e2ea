//! Scenario pieces of the tests of phases in studies and `nines check`.

/// Two servers of which one is needed, each failing at rate 1/100 h and repaired at rate
/// 1/10 h on its own (exponential, unlimited crews): independent, so exact per-phase values
/// are closed forms.
pub const SERVER_PAIR: &str = r#"[components.app]
count = 2
need = 1
failure = { dist = "exponential", mean = "100h" }
repair = { dist = "exponential", mean = "10h" }
[system]
all = ["app"]
"#;

/// A scenario `name` of [`SERVER_PAIR`] over 2000 h with a phase `season` of 300 h every
/// 1000 h from 500 h, failure factor `factor` (TOML: a number or a table by component).
pub fn season_pair(name: &str, season: &str, factor: &str, trials: u64, seed: u64) -> String {
    format!(
        r#"name = "{name}"
[simulation]
horizon = "2000h"
trials = {trials}
seed = {seed}
target = "99%"
{SERVER_PAIR}
[[phases]]
name = "{season}"
every = "1000h"
duration = "300h"
start = "500h"
failure_factor = {factor}
"#
    )
}
