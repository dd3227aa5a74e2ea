//! The flags that `nines sweep`, `compare` and `plan` share, in one place: each command
//! flattens these structs instead of repeating the flags.

use std::path::PathBuf;

use clap::Args;

use super::parse;
use super::precision::PrecisionArgs;
use crate::model::{Method, Settings};
use crate::report::Format;
use crate::shard::Shard;

/// Flags of every study: run settings shared by all designs, threads, output, shards.
#[derive(Debug, Args)]
pub struct StudyArgs {
    /// Trials of every design (default: the scenario's, the first one's for compare).
    #[arg(long, value_name = "N", value_parser = parse::trials_for_intervals, allow_hyphen_values = true)]
    pub trials: Option<u64>,

    /// Seed of every design, the same for all (default: the scenario's).
    #[arg(long, value_name = "S", value_parser = parse::seed, allow_hyphen_values = true)]
    pub seed: Option<u64>,

    /// Confidence level of every interval: 0.95 or "99%" (default: the scenario's).
    #[arg(long, value_name = "C", value_parser = parse::confidence, allow_hyphen_values = true)]
    pub confidence: Option<f64>,

    /// Worker threads; 0 uses one per core. Results do not depend on it.
    #[arg(long, value_name = "T", default_value_t = 0, value_parser = parse::threads)]
    pub threads: usize,

    /// How to print the results on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Also write a report into this folder: index.html with the charts (SVG and PNG) and
    /// the study's JSON.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Simulate only shard I of N of the whole study (counted from 0: a contiguous block
    /// of its design x batch units) and write its partial result into --out, for
    /// `nines merge`, which writes exactly the unsharded study's report (docs/partials.md).
    /// Racing is adaptive and cannot be split: a sharded plan runs its designs without
    /// racing, and the merge ranks them (as --no-racing does).
    #[arg(long, value_name = "I/N", value_parser = Shard::parse, requires = "out")]
    pub shard: Option<Shard>,

    /// With --shard, print a progress line on stderr every 5 seconds (the shard's trials
    /// done, rate, time left), for batch logs where no terminal shows the bar.
    #[arg(long, requires = "shard")]
    pub progress: bool,
}

impl StudyArgs {
    /// Applies the flags given to `settings`; importance runs are skipped (studies do not
    /// report them).
    pub fn adjust(&self, settings: &mut Settings) {
        settings.trials = self.trials.unwrap_or(settings.trials);
        settings.seed = self.seed.unwrap_or(settings.seed);
        settings.confidence = self.confidence.unwrap_or(settings.confidence);
        settings.importance_trials = Some(0);
    }
}

/// Flags of the studies that simulate each design as a run does (sweep, compare).
#[derive(Debug, Args)]
pub struct DesignArgs {
    /// Length of one trial for every design, with units: "1y", "6w" (default: the
    /// scenario's).
    #[arg(long, value_name = "DURATION", value_parser = parse::duration, allow_hyphen_values = true)]
    pub horizon: Option<f64>,

    /// Availability objective for every design: "99.99%" or 0.9999 (default: the
    /// scenario's).
    #[arg(long, value_name = "A", value_parser = parse::target, allow_hyphen_values = true)]
    pub target: Option<f64>,

    /// Estimator for every design: "plain" Monte Carlo, or "rare" (docs/rare-events.md).
    /// Overrides `[simulation] method`.
    #[arg(long, value_name = "METHOD", value_parser = parse::method)]
    pub method: Option<Method>,

    /// With --precision, every design runs until its own interval is that narrow.
    #[command(flatten)]
    pub precision: PrecisionArgs,
}

impl DesignArgs {
    /// Applies the flags given to `settings`.
    pub fn adjust(&self, settings: &mut Settings) {
        settings.horizon = self.horizon.unwrap_or(settings.horizon);
        settings.target = self.target.unwrap_or(settings.target);
        settings.method = self.method.unwrap_or(settings.method);
    }

    /// Refuses what a sharded study cannot do: stop on precision (a shard cannot know when
    /// the whole study is precise), or the rare method (it runs in seconds on one machine).
    pub fn check_shard(&self, method: Method) -> crate::error::Result<()> {
        if self.precision.precision.is_some() {
            return Err(crate::error::Error::Input(
                "--shard cannot be combined with --precision: a shard cannot know when the whole study is precise; give --trials".into(),
            ));
        }
        if method == Method::Rare {
            return Err(crate::error::Error::Input(
                "--shard runs the plain method only; --method rare runs in seconds on one machine"
                    .into(),
            ));
        }
        Ok(())
    }
}
