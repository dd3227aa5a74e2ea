//! Sharded runs: a run's trials split into contiguous blocks of whole batches, simulated
//! anywhere (`nines run --shard I/N`), each written as a partial result, and merged
//! (`nines merge`) into exactly the result one run would have given (docs/partials.md).
//!
//! Exactness rests on three facts: each trial's stream depends only on (seed, trial index);
//! shard boundaries are batch boundaries ([`crate::engine::BATCH`]), so every batch holds
//! the same trials sharded or not; and the floating-point folds are per batch and merged in
//! batch order by both paths ([`crate::stats::BatchMoments`]), while the rest are counts.

mod checkpoint;
mod merge;
mod partial;
mod values;

pub use checkpoint::{Checkpointer, CHECKPOINT_FILE};
pub(crate) use merge::check_coverage;
pub use merge::{merge, Merged};
pub use partial::{
    Partial, PartialHeader, StoredScenario, DOWNTIME_FILE, FORMAT_NAME, FORMAT_VERSION,
    PARTIAL_FILE,
};

use crate::engine::BATCH;
use crate::error::Error;
use crate::model::Model;

/// One shard of a run: number `index` of `count`, counted from 0 (as Slurm array task ids
/// and Kubernetes completion indexes are).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 0.
    pub index: u64,
    /// How many shards the run is split into.
    pub count: u64,
}

impl Shard {
    /// Parses `I/N` (0 ≤ I < N), as given to `--shard`.
    pub fn parse(text: &str) -> std::result::Result<Shard, String> {
        let usage = || {
            format!("{text:?} is not a shard; give I/N with 0 <= I < N, such as 0/64 (shards are counted from 0)")
        };
        let (i, n) = text.split_once('/').ok_or_else(usage)?;
        let (index, count) = match (i.trim().parse::<u64>(), n.trim().parse::<u64>()) {
            (Ok(i), Ok(n)) => (i, n),
            _ => return Err(usage()),
        };
        if count == 0 || index >= count {
            return Err(usage());
        }
        Ok(Shard { index, count })
    }

    /// The trial indices `[first, end)` of this shard of a run of `trials` trials: whole
    /// batches, spread as evenly as batches allow (a shard may be empty when there are
    /// more shards than batches).
    pub fn trials(&self, trials: u64) -> (u64, u64) {
        let batches = trials.div_ceil(BATCH);
        let edge = |i: u64| {
            let batch = (u128::from(i) * u128::from(batches) / u128::from(self.count)) as u64;
            (batch * BATCH).min(trials)
        };
        (edge(self.index), edge(self.index + 1))
    }
}

/// A fingerprint of everything simulated: 64-bit FNV-1a over the compiled model's debug
/// form (every component, distribution, parameter and setting, seed and trial count
/// included). Stable within one nines version, which partials also record.
pub fn model_hash(model: &Model) -> String {
    fnv1a64(format_args!("{model:?}"))
}

/// `fnv1a64:` and 16 hex digits: FNV-1a over the text `args` writes, without building it.
pub fn fnv1a64(args: std::fmt::Arguments) -> String {
    struct Fnv(u64);
    impl std::fmt::Write for Fnv {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            for byte in s.bytes() {
                self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            }
            Ok(())
        }
    }
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    // Writing into the hasher cannot fail.
    let _ = std::fmt::write(&mut hash, args);
    format!("fnv1a64:{:016x}", hash.0)
}

/// An input error about the partial result in `dir`.
pub(crate) fn bad(dir: &std::path::Path, what: impl std::fmt::Display) -> Error {
    Error::Input(format!("{}: {what}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_the_trials_in_whole_batches_without_gap_or_overlap() {
        for trials in [1, BATCH - 1, BATCH, 3 * BATCH + 5, 100 * BATCH] {
            for count in [1, 2, 3, 7, 64, 200] {
                let mut next = 0;
                for index in 0..count {
                    let (first, end) = Shard { index, count }.trials(trials);
                    assert_eq!(first, next);
                    assert!(first <= end);
                    assert!(first % BATCH == 0);
                    next = end;
                }
                assert_eq!(next, trials);
            }
        }
    }

    #[test]
    fn shard_specs_parse_or_say_what_is_valid() {
        assert_eq!(
            Shard::parse("3/64"),
            Ok(Shard {
                index: 3,
                count: 64
            })
        );
        for bad in ["64/64", "1", "a/b", "0/0", "-1/4"] {
            assert!(Shard::parse(bad).unwrap_err().contains("I/N"), "{bad}");
        }
    }
}
