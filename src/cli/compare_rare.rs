//! `nines compare --method rare`: every design estimated with the rare-event method under the
//! shared settings, side by side. Paired differences are not given: each design draws its
//! own excursion branches, so no trial of one design has a twin in another.

use super::evaluate::print;
use super::study_shard::Mode;
use crate::error::Result;
use crate::model::Model;
use crate::report::{self, CompareReport, CHART_TRIALS};
use crate::stats::StopRule;

/// What the comparison says in place of the paired differences.
pub const NO_PAIRED_DIFFERENCES: &str = "Paired differences: not available with the rare method (each design draws its own branch streams); compare the intervals above.";

/// Runs every design (settings already shared) with the rare method, prints them side by
/// side and, with `--out`, writes the comparison report.
pub fn execute(models: &[Model], mode: &Mode, rule: &StopRule) -> Result<()> {
    for model in models {
        super::rare::check(model, rule)?;
    }
    // The output folder is checked (and its staging folder made) before simulating.
    let staging = mode.staging()?;
    let evaluations = models
        .iter()
        .map(|model| {
            let label = format!("comparing {}", model.name);
            super::rare::evaluate_rare(model, mode.output.threads, &label, None)
        })
        .collect::<Result<Vec<_>>>()?;
    let report = CompareReport {
        designs: evaluations.iter().map(|e| &e.summary).collect(),
        comparisons: Vec::new(),
        paired_note: Some(NO_PAIRED_DIFFERENCES),
    };
    // Results reach stdout before any file is written, so a failing --out loses nothing.
    print(&report::render_comparison(&report, mode.output.format)?)?;
    if let Some(staging) = staging {
        let downtime: Vec<Vec<f64>> = evaluations
            .iter()
            .map(|e| e.run.stats.downtime.sample(CHART_TRIALS))
            .collect();
        report::write_compare_report(staging.path(), &report, &downtime)?;
        staging.commit()?;
    }
    Ok(())
}
