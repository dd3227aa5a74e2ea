//! What a phase's `need` means for groups that keep their own counts (balanced backend
//! groups), in the words `nines check` shows.

use super::Component;

/// The effect of need `need` in a phase on `component`, to follow "need N of M (outside
/// phases K)": empty for a plain k-of-n component, whose need says it all.
pub fn describe(component: &Component, need: usize) -> String {
    if component.health_check.is_some() {
        format!("; serves healthy / max(in rotation, {need}) of requests")
    } else {
        String::new()
    }
}
