//! `--precision`, `--max-trials`, `--max-time`: simulate until the interval is narrow
//! enough, shared by run, compare and sweep.

use clap::Args;

use super::parse;
use crate::stats::StopRule;

/// Trial budget of a precision run when `--max-trials` is not given.
pub const DEFAULT_MAX_TRIALS: u64 = 100_000_000;

/// Flags of a run stopped by precision.
#[derive(Debug, Args, Clone, Default)]
pub struct PrecisionArgs {
    /// Simulate batches of trials until the interval of unavailability is within this
    /// share of its estimate ("10%": ±10%), or until --max-trials / --max-time (not
    /// with --trials). A run that stops at N trials gives the same results as --trials N.
    #[arg(long, value_name = "P", value_parser = parse::precision, conflicts_with = "trials")]
    pub precision: Option<f64>,

    /// With --precision: stop after this many trials at most (default 100,000,000).
    #[arg(long, value_name = "N", requires = "precision",
          value_parser = clap::value_parser!(u64).range(2..))]
    pub max_trials: Option<u64>,

    /// With --precision: stop at the first batch boundary after this long ("10m", "1h");
    /// where it stops then depends on the machine's speed.
    #[arg(long, value_name = "DURATION", requires = "precision", value_parser = parse::duration)]
    pub max_time: Option<f64>,
}

impl PrecisionArgs {
    /// The stopping rule: these flags, or exactly `trials` trials without --precision.
    pub fn rule(&self, trials: u64) -> StopRule {
        match self.precision {
            None => StopRule::fixed(trials),
            Some(precision) => StopRule {
                precision: Some(precision),
                max_trials: self.max_trials.unwrap_or(DEFAULT_MAX_TRIALS),
                max_seconds: self.max_time.map(|hours| hours * 3600.0),
            },
        }
    }
}
