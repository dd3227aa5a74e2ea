//! What the exact methods say of hidden failures, inspections, paused ageing and failed
//! starts: the Markov chain refuses them (no rule of the engine replayed for them), and the
//! independent formula names them among what it leaves out.

use crate::model::{Component, Model};

/// Why the Markov chain cannot represent this component's mechanisms, if it cannot.
pub fn refusal(c: &Component) -> Option<String> {
    if c.inspection.is_some() {
        return Some(format!(
            "component `{}`: inspections come on a fixed period, which no Markov chain represents exactly",
            c.name
        ));
    }
    if let Some(mode) = c.modes.iter().find(|m| m.hidden) {
        return Some(format!(
            "component `{}`: hidden failure mode `{}` is not in the Markov solution yet",
            c.name, mode.name
        ));
    }
    if !c.age_while_down {
        return Some(format!(
            "component `{}`: age_while_down = false (clocks paused while the service is down) is not in the Markov solution yet",
            c.name
        ));
    }
    if c.failover.as_ref().is_some_and(|f| f.fails_to_start > 0.0) {
        return Some(format!(
            "component `{}`: failover fails_to_start is not in the Markov solution yet",
            c.name
        ));
    }
    None
}

/// The mechanisms of the model the independent formula leaves out.
pub fn left_out(model: &Model) -> Vec<String> {
    let any = |f: &dyn Fn(&Component) -> bool| model.components.iter().any(f);
    let mut out = Vec::new();
    if any(&|c| c.inspection.is_some() || c.modes.iter().any(|m| m.hidden)) {
        out.push("hidden failures and inspections".to_string());
    }
    if any(&|c| !c.age_while_down) {
        out.push("ageing paused while the service is down".to_string());
    }
    if any(&|c| c.failover.as_ref().is_some_and(|f| f.fails_to_start > 0.0)) {
        out.push("standbys failing to start".to_string());
    }
    out
}
