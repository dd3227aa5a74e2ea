//! What a phase's `need` means for groups that keep their own counts (balanced backend
//! groups, failover groups), in the words `nines check` shows.

use super::Component;

/// The effect of need `need` in a phase on `component`, to follow "need N of M (outside
/// phases K)": empty for a plain k-of-n component, whose need says it all.
pub fn describe(component: &Component, need: usize) -> String {
    if component.health_check.is_some() {
        format!("; serves healthy / max(in rotation, {need}) of requests")
    } else if component.failover.is_some() && need > component.need {
        let n = need - component.need;
        format!(
            "; {n} standby(s) promoted by switchover at the phase's start (down until {need} are active, no detection), demoted to standby at its end"
        )
    } else if component.failover.is_some() {
        let n = component.need - need;
        format!(
            "; {n} active(s) demoted to standby at the phase's start, promoted back by switchover at its end"
        )
    } else {
        String::new()
    }
}
