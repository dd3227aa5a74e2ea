//! Hidden failures and inspections under the rare-event method.
//!
//! Nothing about them needs biasing: a hidden failure takes its instance down as any other
//! failure does (the structure, hence the failure distance, sees the truth; a failover group
//! counts its standbys as it believes them), and its slot stays down until an inspection
//! finds it. Inspections are a schedule, copied into each branch with the queue, and whether
//! one finds a fault is drawn with its true probability, so it carries no likelihood ratio.
//! What they change is how long the model remembers its start: this module gives the
//! automatic warm-up its share for them. And what ends a window while a fault waits to be
//! found: the odds rule counts its inspections' `finds / every` (rare.rs, `find_rates`).

use crate::model::{Model, Warmup};

/// The automatic warm-up's share for inspected components with hidden failure modes: a
/// hidden fault lasts until an inspection finds it, `every / finds` hours on average, so such
/// a component forgets its start after the first inspection plus `ln 200 / (λ + finds /
/// every)` (λ the rate of its hidden modes); 0 when the warm-up is set by hand or nothing is
/// both hidden and inspected.
pub(super) fn inspection_warmup(model: &Model) -> f64 {
    if !matches!(model.settings.rare.warmup, Warmup::Auto) {
        return 0.0;
    }
    model
        .components
        .iter()
        .filter_map(|c| {
            let inspection = c.inspection.as_ref()?;
            let rate: f64 = c
                .modes
                .iter()
                .filter(|m| m.hidden)
                .map(|m| 1.0 / m.failure.mean())
                .sum();
            (rate > 0.0 && inspection.finds > 0.0).then(|| {
                inspection.start + 200f64.ln() / (rate + inspection.finds / inspection.every)
            })
        })
        .fold(0.0, f64::max)
}
