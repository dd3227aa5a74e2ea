//! Backups in the rare method's data-loss estimates: the probability that no backup is
//! usable at a loss, with the backups' outcomes integrated out rather than drawn.
//!
//! A loss a usable backup covers loses nothing for good, so the rare quantity is a stripe
//! loss *and* every backup within retention failed, at 1e-14 with seven nightly copies at
//! 99%: beyond what the branches could reach by drawing outcomes. But a full backup's
//! timing does not depend on any outcome (its size is the data set's, it runs on its clock,
//! and nothing in the disks' process looks at backups), so given the schedule's phase the
//! outcomes are independent Bernoulli draws and the loss process does not depend on them.
//! The probability that a set of loss times includes one with no usable backup is then a
//! closed form over the schedule (conditional Monte Carlo: replacing the drawn indicator by
//! its conditional expectation keeps the estimate unbiased and removes that part of its
//! variance). Incrementals and differentials copy the changes since the last *successful*
//! backup, so their timing carries their outcomes; data sets with them keep drawn outcomes.

use crate::model::{BackupKind, DataSet};

/// Loss times a trial may hold for the closed form (inclusion–exclusion over their subsets).
pub const MAX_LOSS_TIMES: usize = 16;

/// One full-backup schedule: attempts at `first + k·every` (k ∈ ℤ; with a `start`, none in
/// `[0, start)`), each restorable from `snapshot + duration` until `snapshot + retention`
/// with probability `1 − fail`.
#[derive(Debug, Clone, Copy)]
struct FullSchedule {
    every: f64,
    duration: f64,
    retention: f64,
    start: Option<f64>,
    fail: f64,
}

/// The backups of one data set, when their outcomes can be integrated out.
#[derive(Debug, Clone, Default)]
pub struct BackupCoverage {
    schedules: Vec<FullSchedule>,
}

impl BackupCoverage {
    /// The coverage of `set`'s backups, or `None` when a schedule's timing depends on its
    /// outcomes (incrementals, differentials) or a write outlasts its period (the engine
    /// then skips starts, which this form does not follow). No backups: an empty coverage,
    /// every loss uncovered.
    pub fn of(set: &DataSet) -> Option<BackupCoverage> {
        let schedules = set
            .backups
            .iter()
            .map(|b| {
                let duration = set.size / b.throughput;
                (b.kind == BackupKind::Full && duration < b.every).then_some(FullSchedule {
                    every: b.every,
                    duration,
                    retention: b.retention,
                    start: b.start,
                    fail: 1.0 - b.success,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(BackupCoverage { schedules })
    }

    /// Whether there are backups at all.
    pub fn has_backups(&self) -> bool {
        !self.schedules.is_empty()
    }

    /// The attempts of schedule `s` (origin `phase`: the data set's shared random origin)
    /// usable at `t`: indices `k` of snapshots in `(t − retention, t − duration]`, as an
    /// inclusive range (empty when `lo > hi`).
    fn window(&self, s: usize, phase: f64, t: f64) -> (i64, i64) {
        let sc = &self.schedules[s];
        let first = sc.start.unwrap_or(phase % sc.every);
        let lo = ((t - sc.retention - first) / sc.every).floor() as i64 + 1;
        let hi = ((t - sc.duration - first) / sc.every).floor() as i64;
        (lo, hi)
    }

    /// Attempts of schedule `s` in the union of the ranges `ranges` (sorted by `lo`), less
    /// those a `start` leaves out (none runs in `[0, start)`).
    fn attempts(&self, s: usize, ranges: &mut [(i64, i64)]) -> i64 {
        ranges.sort_unstable();
        let sc = &self.schedules[s];
        // Indices k < 0 with first + k·every ≥ 0 never ran.
        let gap = sc
            .start
            .map(|start| ((-start / sc.every).ceil() as i64, -1))
            .filter(|(lo, hi)| lo <= hi);
        let count = |(lo, hi): (i64, i64)| {
            let own = (hi - lo + 1).max(0);
            let skipped = gap.map_or(0, |(glo, ghi)| (hi.min(ghi) - lo.max(glo) + 1).max(0));
            own - skipped
        };
        let (mut total, mut open): (i64, Option<(i64, i64)>) = (0, None);
        for &(lo, hi) in ranges.iter().filter(|(lo, hi)| lo <= hi) {
            open = match open {
                Some((olo, ohi)) if lo <= ohi + 1 => Some((olo, ohi.max(hi))),
                Some(done) => {
                    total += count(done);
                    Some((lo, hi))
                }
                None => Some((lo, hi)),
            };
        }
        total + open.map_or(0, count)
    }

    /// The probability that no backup is usable at every one of `times` at once.
    fn all_uncovered(&self, phase: f64, times: &[f64]) -> f64 {
        let mut ranges = [(0i64, 0i64); MAX_LOSS_TIMES];
        let mut p = 1.0;
        for s in 0..self.schedules.len() {
            for (range, &t) in ranges.iter_mut().zip(times) {
                *range = self.window(s, phase, t);
            }
            let n = self.attempts(s, &mut ranges[..times.len()]);
            p *= self.schedules[s].fail.powi(n as i32);
        }
        p
    }

    /// The probability that at least one of `times` (distinct, at most [`MAX_LOSS_TIMES`])
    /// has no usable backup, by inclusion–exclusion over their subsets.
    pub fn any_uncovered(&self, phase: f64, times: &[f64]) -> f64 {
        if times.is_empty() {
            return 0.0;
        }
        if !self.has_backups() {
            return 1.0;
        }
        let mut subset = [0.0; MAX_LOSS_TIMES];
        let mut total = 0.0;
        for mask in 1u32..(1 << times.len()) {
            let mut n = 0;
            for (i, &t) in times.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    subset[n] = t;
                    n += 1;
                }
            }
            let sign = if n % 2 == 1 { 1.0 } else { -1.0 };
            total += sign * self.all_uncovered(phase, &subset[..n]);
        }
        total.clamp(0.0, 1.0)
    }

    /// The probability that `t` has no usable backup.
    pub fn uncovered(&self, phase: f64, t: f64) -> f64 {
        self.all_uncovered(phase, &[t])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn daily(start: Option<f64>) -> BackupCoverage {
        BackupCoverage {
            schedules: vec![FullSchedule {
                every: 24.0,
                duration: 6.0,
                retention: 72.0,
                start,
                fail: 0.1,
            }],
        }
    }

    #[test]
    fn usable_attempts_follow_the_schedule() {
        let c = daily(None);
        // Phase 0: snapshots at 0, 24, 48, ...; at t = 100, those at 48 and 72 are done
        // (done 54, 78) and unexpired, 96 is still writing, 24 expired at 96: two.
        assert!((c.uncovered(0.0, 100.0) - 0.01).abs() < 1e-15);
        // At t = 103: 96 is done too: three.
        assert!((c.uncovered(0.0, 103.0) - 0.001).abs() < 1e-15);
        // Two times sharing their backups count them once.
        assert!((c.any_uncovered(0.0, &[100.0, 101.0]) - (0.01 + 0.01 - 0.01)).abs() < 1e-15);
        // Disjoint windows: independent.
        let far = c.any_uncovered(0.0, &[103.0, 1003.0]);
        assert!((far - (1.0 - 0.999 * 0.999)).abs() < 1e-15);
    }

    #[test]
    fn a_start_leaves_out_attempts_before_it() {
        // First at 48: history at 24 and 0 is in [0, 48) and never ran; −24 did.
        let c = daily(Some(48.0));
        // At t = 40: snapshots in (−32, 34]: −24, 0, 24, of which only −24 ran.
        assert!((c.uncovered(0.0, 40.0) - 0.1).abs() < 1e-15);
    }

    #[test]
    fn no_backups_leave_every_loss_uncovered() {
        let c = BackupCoverage::default();
        assert_eq!(c.any_uncovered(3.0, &[1.0, 2.0]), 1.0);
        assert_eq!(c.any_uncovered(3.0, &[]), 0.0);
    }
}
