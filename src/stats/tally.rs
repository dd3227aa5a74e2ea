//! Counts that every trial adds to and that merge across threads in any order.

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

use super::ratio::ClusterSums;

/// Milliseconds per hour: outage durations are histogrammed in whole milliseconds.
const MS_PER_HOUR: f64 = 3_600_000.0;

/// The longest duration histogrammed exactly, in milliseconds: a thousand years. Longer ones
/// are counted at this value.
const MAX_MS: u64 = 1000 * 8766 * 3_600_000;

/// Nanoseconds per hour: downtime by cause is summed in whole nanoseconds.
const NS_PER_HOUR: f64 = 3.6e12;

/// The survival curve of a histogram of milliseconds: for each distinct recorded value (in
/// hours, at the histogram's three significant digits), the share of samples above it,
/// starting from (smallest, 1).
fn survival_hours(histogram: &Histogram<u64>) -> Vec<(f64, f64)> {
    let total = histogram.len() as f64;
    let mut below_or_at = 0u64;
    let mut points = Vec::new();
    for step in histogram.iter_recorded() {
        let hours = step.value_iterated_to() as f64 / MS_PER_HOUR;
        if points.is_empty() {
            points.push((hours, 1.0));
        }
        below_or_at += step.count_at_value();
        points.push((hours, 1.0 - below_or_at as f64 / total));
    }
    points
}

/// Recovery incidents of one data set: failovers and restores, with what they cost.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DataTally {
    /// Recovery point of each recoverable incident, in milliseconds.
    #[serde(with = "super::histogram_serde")]
    rpo_ms: Histogram<u64>,
    /// Recovery time of each incident, in milliseconds.
    #[serde(with = "super::histogram_serde")]
    rto_ms: Histogram<u64>,
    rpo_sum_ns: u128,
    rto_sum_ns: u128,
    rpo_max_ns: u64,
    rto_max_ns: u64,
    /// Incidents (failovers and disasters).
    pub incidents: u64,
    /// Disasters with no restorable backup: the data was lost entirely.
    pub unrecoverable: u64,
    /// Incidents whose recovery point met the objective.
    pub rpo_met: u64,
    /// Incidents whose recovery time met the objective.
    pub rto_met: u64,
    /// Backup storage over time, in byte-hours.
    storage_byte_hours: u128,
    /// Most backup storage used at any time, in bytes.
    pub storage_peak: f64,
    /// The current trial's totals, folded into `per_trial` when it ends.
    trial: TrialTotals,
    /// Per-trial totals over finished trials: incidents cluster in trials, so intervals
    /// come from these (ratio estimators), not from incidents taken as independent.
    pub per_trial: PerTrialSums,
    /// Stripe losses (data sets with durability).
    pub durability: super::durability::DurabilityTally,
}

/// One trial's recovery totals, in milliseconds and counts.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct TrialTotals {
    rpo_ms: u64,
    recoverable: u64,
    rto_ms: u64,
    /// Incidents with a recovery time (back within the trial).
    recovered: u64,
    incidents: u64,
    rpo_met: u64,
    rto_met: u64,
}

/// Sums over trials of per-trial recovery totals (see [`ClusterSums`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerTrialSums {
    /// Recovery points (ms) over recoverable incidents.
    pub rpo: ClusterSums,
    /// Recovery times (ms) over incidents with one (back within the trial).
    pub rto: ClusterSums,
    /// Incidents meeting the recovery-point objective, over incidents.
    pub rpo_met: ClusterSums,
    /// Incidents meeting the recovery-time objective, over incidents (one never back does
    /// not meet it).
    pub rto_met: ClusterSums,
}

impl Default for DataTally {
    fn default() -> Self {
        let histogram = || {
            Histogram::new_with_bounds(1, MAX_MS, 3)
                .expect("the bounds and 3 significant digits are valid")
        };
        DataTally {
            rpo_ms: histogram(),
            rto_ms: histogram(),
            rpo_sum_ns: 0,
            rto_sum_ns: 0,
            rpo_max_ns: 0,
            rto_max_ns: 0,
            incidents: 0,
            unrecoverable: 0,
            rpo_met: 0,
            rto_met: 0,
            storage_byte_hours: 0,
            storage_peak: 0.0,
            trial: TrialTotals::default(),
            per_trial: PerTrialSums::default(),
            durability: Default::default(),
        }
    }
}

/// Statistics of recovery points or times, in hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecoveryStats {
    /// Incidents measured.
    pub count: u64,
    /// Mean.
    pub mean: f64,
    /// Median (three significant digits).
    pub p50: f64,
    /// 95th percentile (three significant digits).
    pub p95: f64,
    /// 99th percentile (three significant digits).
    pub p99: f64,
    /// Largest (exact).
    pub max: f64,
    /// Standard deviation (from the histogram: three significant digits).
    pub sd: f64,
}

impl DataTally {
    /// Records an incident: `rpo` hours of data lost (`None`: no restorable point), back
    /// after `rto` hours (`None`: never, within the trial); objectives in hours.
    pub fn record_incident(
        &mut self,
        rpo: Option<f64>,
        rto: Option<f64>,
        rpo_objective: Option<f64>,
        rto_objective: Option<f64>,
    ) {
        self.incidents += 1;
        let trial = &mut self.trial;
        trial.incidents += 1;
        if let Some(rpo) = rpo {
            trial.recoverable += 1;
            trial.rpo_ms += (rpo * MS_PER_HOUR).round() as u64;
            if rpo_objective.is_some_and(|objective| rpo <= objective) {
                trial.rpo_met += 1;
            }
        }
        match rpo {
            Some(rpo) => {
                let ns = (rpo * NS_PER_HOUR).round() as u64;
                self.rpo_ms
                    .saturating_record((rpo * MS_PER_HOUR).round() as u64);
                self.rpo_sum_ns += u128::from(ns);
                self.rpo_max_ns = self.rpo_max_ns.max(ns);
                if rpo_objective.is_some_and(|objective| rpo <= objective) {
                    self.rpo_met += 1;
                }
            }
            None => self.unrecoverable += 1,
        }
        if let Some(rto) = rto {
            self.record_recovery_time(rto, rto_objective);
        }
    }

    /// Records the recovery time of an incident already counted with no recovery time (an
    /// unrecoverable one, counted when found, back after its rebuild).
    pub fn record_recovery_time(&mut self, rto: f64, rto_objective: Option<f64>) {
        let trial = &mut self.trial;
        trial.recovered += 1;
        trial.rto_ms += (rto * MS_PER_HOUR).round() as u64;
        if rto_objective.is_some_and(|objective| rto <= objective) {
            trial.rto_met += 1;
        }
        let ns = (rto * NS_PER_HOUR).round() as u64;
        self.rto_ms
            .saturating_record((rto * MS_PER_HOUR).round() as u64);
        self.rto_sum_ns += u128::from(ns);
        self.rto_max_ns = self.rto_max_ns.max(ns);
        if rto_objective.is_some_and(|objective| rto <= objective) {
            self.rto_met += 1;
        }
    }

    /// Ends a trial: folds its totals into the per-trial sums.
    pub fn end_trial(&mut self) {
        let t = std::mem::take(&mut self.trial);
        let sums = &mut self.per_trial;
        sums.rpo.add_trial(t.rpo_ms, t.recoverable);
        sums.rto.add_trial(t.rto_ms, t.recovered);
        sums.rpo_met.add_trial(t.rpo_met, t.incidents);
        sums.rto_met.add_trial(t.rto_met, t.incidents);
        self.durability.end_trial();
    }

    /// Adds `bytes` of backup stored for `hours` of the horizon.
    pub fn record_storage(&mut self, bytes: f64, hours: f64) {
        self.storage_byte_hours += (bytes * hours.max(0.0)).round() as u128;
    }

    /// Takes back `bytes` of backup storage for the last `hours` recorded: a backup deleted
    /// before its retention ended.
    pub fn release_storage(&mut self, bytes: f64, hours: f64) {
        let byte_hours = (bytes * hours.max(0.0)).round() as u128;
        self.storage_byte_hours = self.storage_byte_hours.saturating_sub(byte_hours);
    }

    /// Mean backup storage over `total_hours` of simulated time, in bytes.
    pub fn storage_mean(&self, total_hours: f64) -> f64 {
        self.storage_byte_hours as f64 / total_hours
    }

    fn merge(&mut self, other: &DataTally) {
        self.rpo_ms.add(&other.rpo_ms).expect("same bounds");
        self.rto_ms.add(&other.rto_ms).expect("same bounds");
        self.rpo_sum_ns += other.rpo_sum_ns;
        self.rto_sum_ns += other.rto_sum_ns;
        self.rpo_max_ns = self.rpo_max_ns.max(other.rpo_max_ns);
        self.rto_max_ns = self.rto_max_ns.max(other.rto_max_ns);
        self.incidents += other.incidents;
        self.unrecoverable += other.unrecoverable;
        self.rpo_met += other.rpo_met;
        self.rto_met += other.rto_met;
        self.storage_byte_hours += other.storage_byte_hours;
        self.storage_peak = self.storage_peak.max(other.storage_peak);
        let (sums, add) = (&mut self.per_trial, &other.per_trial);
        sums.rpo.merge(&add.rpo);
        sums.rto.merge(&add.rto);
        sums.rpo_met.merge(&add.rpo_met);
        sums.rto_met.merge(&add.rto_met);
        self.durability.merge(&other.durability);
    }

    fn stats(histogram: &Histogram<u64>, sum_ns: u128, max_ns: u64) -> Option<RecoveryStats> {
        let count = histogram.len();
        (count > 0).then(|| {
            let q = |p| histogram.value_at_quantile(p) as f64 / MS_PER_HOUR;
            RecoveryStats {
                count,
                mean: sum_ns as f64 / count as f64 / NS_PER_HOUR,
                p50: q(0.5),
                p95: q(0.95),
                p99: q(0.99),
                max: max_ns as f64 / NS_PER_HOUR,
                sd: histogram.stdev() / MS_PER_HOUR,
            }
        })
    }

    /// Recovery points of the recoverable incidents; `None` without any.
    pub fn rpo(&self) -> Option<RecoveryStats> {
        Self::stats(&self.rpo_ms, self.rpo_sum_ns, self.rpo_max_ns)
    }

    /// Recovery times of all incidents; `None` without any.
    pub fn rto(&self) -> Option<RecoveryStats> {
        Self::stats(&self.rto_ms, self.rto_sum_ns, self.rto_max_ns)
    }

    /// Survival curve of recovery points, in hours (see [`Tally::outage_survival`]).
    pub fn rpo_survival(&self) -> Vec<(f64, f64)> {
        survival_hours(&self.rpo_ms)
    }

    /// Survival curve of recovery times, in hours (see [`Tally::outage_survival`]).
    pub fn rto_survival(&self) -> Vec<(f64, f64)> {
        survival_hours(&self.rto_ms)
    }

    /// All data sets' incidents together.
    pub fn combined<'a>(tallies: impl IntoIterator<Item = &'a DataTally>) -> DataTally {
        let mut total = DataTally::default();
        for tally in tallies {
            total.merge(tally);
        }
        total
    }
}

/// Order-independent totals of a run: integer counts only, so merging per-thread tallies in
/// any order gives the same result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tally {
    /// Events processed, over all trials.
    pub events: u64,
    /// Outage durations in milliseconds, to three significant digits.
    #[serde(with = "super::histogram_serde")]
    outage_ms: Histogram<u64>,
    /// Downtime of the outages each cause started, in nanoseconds.
    downtime_ns_by_cause: Vec<u128>,
    /// Outages each cause started.
    outages_by_cause: Vec<u64>,
    /// Recovery incidents and backup storage, per data set.
    pub data: Vec<DataTally>,
    /// Downtime of each SLA window with any, in milliseconds.
    #[serde(with = "super::histogram_serde")]
    window_ms: Histogram<u64>,
    /// SLA windows without downtime (under half a millisecond): most windows of most
    /// trials, counted apart because recording into the histogram costs more than the rest
    /// of a quiet trial.
    window_zeros: u64,
    /// Demand served and lost, with `[load]`.
    pub load: super::LoadTally,
    /// Downtime and outages per operational phase (empty without `[[phases]]`).
    #[serde(default)]
    pub phases: super::PhaseTally,
}

impl Tally {
    /// An empty tally for a model with `causes` causes of outages and `data_sets` data sets.
    pub fn new(causes: usize, data_sets: usize) -> Tally {
        Tally {
            events: 0,
            outage_ms: Histogram::new_with_bounds(1, MAX_MS, 3)
                .expect("the bounds and 3 significant digits are valid"),
            downtime_ns_by_cause: vec![0; causes],
            outages_by_cause: vec![0; causes],
            data: vec![DataTally::default(); data_sets],
            window_ms: Histogram::new_with_bounds(1, MAX_MS, 3)
                .expect("the bounds and 3 significant digits are valid"),
            window_zeros: 0,
            load: super::LoadTally::default(),
            phases: super::PhaseTally::default(),
        }
    }

    /// Ends a trial: per-trial totals of every data set are folded in.
    pub fn end_trial(&mut self) {
        for data in &mut self.data {
            data.end_trial();
        }
    }

    /// Records one SLA window's downtime, in hours.
    #[inline]
    pub fn record_window(&mut self, hours: f64) {
        let ms = (hours * MS_PER_HOUR).round() as u64;
        if ms == 0 {
            self.window_zeros += 1;
        } else {
            self.window_ms.saturating_record(ms);
        }
    }

    /// Windows recorded.
    pub fn window_count(&self) -> u64 {
        self.window_ms.len() + self.window_zeros
    }

    /// The `q` quantile of window downtime, in hours; `None` without windows.
    pub fn window_downtime_quantile(&self, q: f64) -> Option<f64> {
        if self.window_count() == 0 {
            return None;
        }
        // The zeros go back in (as the same bucket they would have been recorded in), on a
        // copy: this runs a few times per summary, recording runs every window.
        let mut all = self.window_ms.clone();
        all.record_n(0, self.window_zeros)
            .expect("zero is within the histogram's range");
        Some(all.value_at_quantile(q) as f64 / MS_PER_HOUR)
    }

    /// Records one outage lasting `hours`, started by `cause`.
    #[inline]
    pub fn record_outage(&mut self, hours: f64, cause: u32) {
        let ms = (hours * MS_PER_HOUR).round().max(1.0) as u64;
        self.outage_ms.saturating_record(ms);
        self.downtime_ns_by_cause[cause as usize] += (hours * NS_PER_HOUR).round() as u128;
        self.outages_by_cause[cause as usize] += 1;
    }

    /// Moves `hours` of downtime, already recorded to cause `from`, to cause `to` (the rest
    /// of an outage that a later event took over).
    pub fn move_downtime(&mut self, hours: f64, from: u32, to: u32) {
        let ns = (hours * NS_PER_HOUR).round() as u128;
        let moved = ns.min(self.downtime_ns_by_cause[from as usize]);
        self.downtime_ns_by_cause[from as usize] -= moved;
        self.downtime_ns_by_cause[to as usize] += moved;
    }

    /// Adds `other` into `self`.
    pub fn merge(mut self, other: Tally) -> Tally {
        self.events += other.events;
        self.outage_ms
            .add(&other.outage_ms)
            .expect("histograms with the same bounds always merge");
        for (total, add) in self
            .downtime_ns_by_cause
            .iter_mut()
            .zip(&other.downtime_ns_by_cause)
        {
            *total += add;
        }
        for (total, add) in self
            .outages_by_cause
            .iter_mut()
            .zip(&other.outages_by_cause)
        {
            *total += add;
        }
        for (total, add) in self.data.iter_mut().zip(&other.data) {
            total.merge(add);
        }
        self.window_ms
            .add(&other.window_ms)
            .expect("histograms with the same bounds always merge");
        self.window_zeros += other.window_zeros;
        self.load.merge(&other.load);
        self.phases.merge(&other.phases);
        self
    }

    /// Hours of downtime in outages that `cause` started.
    pub fn downtime_by_cause(&self, cause: usize) -> f64 {
        self.downtime_ns_by_cause[cause] as f64 / NS_PER_HOUR
    }

    /// Outages that `cause` started.
    pub fn outages_by_cause(&self, cause: usize) -> u64 {
        self.outages_by_cause[cause]
    }

    /// Number of outages recorded.
    pub fn outage_count(&self) -> u64 {
        self.outage_ms.len()
    }

    /// Survival curve of outage durations: for each distinct duration (hours, three
    /// significant digits), the share of outages lasting longer; empty with no outage.
    pub fn outage_survival(&self) -> Vec<(f64, f64)> {
        survival_hours(&self.outage_ms)
    }

    /// The `q` quantile of outage durations, in hours, or `None` with no outage.
    pub fn outage_quantile(&self, q: f64) -> Option<f64> {
        (!self.outage_ms.is_empty())
            .then(|| self.outage_ms.value_at_quantile(q) as f64 / MS_PER_HOUR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_in_any_order_gives_the_same_quantiles() {
        let mut a = Tally::new(2, 0);
        let mut b = Tally::new(2, 0);
        for i in 1..=100 {
            a.record_outage(i as f64, 0);
            b.record_outage(0.01 * i as f64, 1);
        }
        b.events = 5;
        let ab = a.clone().merge(b.clone());
        let ba = b.merge(a);
        assert_eq!(ab.outage_count(), 200);
        assert_eq!(ab.events, 5);
        assert_eq!(ab.outage_quantile(0.95), ba.outage_quantile(0.95));
        // 95th of 200 values: the 190th, which is 90 h; three digits of precision.
        let p95 = ab.outage_quantile(0.95).unwrap();
        assert!((p95 - 90.0).abs() / 90.0 < 1e-3, "{p95}");
        // Both causes, both orders: each side holds the other's cause at zero, so a merge
        // that subtracted or multiplied would show on one of them.
        for merged in [&ab, &ba] {
            assert_eq!(
                (merged.outages_by_cause(0), merged.outages_by_cause(1)),
                (100, 100)
            );
        }
        assert!((ab.downtime_by_cause(0) - 5050.0).abs() < 1e-9);
        assert!((ab.downtime_by_cause(1) - 50.5).abs() < 1e-9);
        assert_eq!(ab.downtime_by_cause(1), ba.downtime_by_cause(1));
    }

    #[test]
    fn survival_steps_down_to_zero() {
        let mut tally = Tally::new(1, 0);
        for hours in [1.0, 1.0, 2.0, 4.0] {
            tally.record_outage(hours, 0);
        }
        let curve = tally.outage_survival();
        let expected = [(1.0, 1.0), (1.0, 0.5), (2.0, 0.25), (4.0, 0.0)];
        assert_eq!(curve.len(), expected.len());
        for ((x, y), (ex, ey)) in curve.iter().zip(expected) {
            assert!(
                (x - ex).abs() / ex < 1e-3 && (y - ey).abs() < 1e-12,
                "{curve:?}"
            );
        }
        assert!(Tally::new(1, 0).outage_survival().is_empty());
    }

    #[test]
    fn no_outage_no_quantile() {
        assert_eq!(Tally::new(1, 0).outage_quantile(0.5), None);
    }

    /// Relative closeness at the histograms' three significant digits.
    fn near3(label: &str, got: f64, want: f64) {
        assert!(
            (got - want).abs() <= 1e-3 * want.abs(),
            "{label}: {got} vs {want}"
        );
    }

    /// `ClusterSums` of trials given as (x, m).
    fn sums(trials: &[(u64, u64)]) -> ClusterSums {
        let mut s = ClusterSums::default();
        for &(x, m) in trials {
            s.add_trial(x, m);
        }
        s
    }

    /// Milliseconds in `hours`.
    fn ms(hours: f64) -> u64 {
        (hours * MS_PER_HOUR) as u64
    }

    /// Two trials: (rpo 1 h, rto 2 h), unrecoverable (back after 1.5 h), (rpo 3 h, rto
    /// 0.5 h), objectives 1 h and 1.5 h (met at equality); then rpo 0.25 h with no
    /// objective and no recovery.
    fn two_trials() -> DataTally {
        let mut t = DataTally::default();
        let (rpo_obj, rto_obj) = (Some(1.0), Some(1.5));
        t.record_incident(Some(1.0), Some(2.0), rpo_obj, rto_obj);
        t.record_incident(None, None, rpo_obj, rto_obj);
        t.record_incident(Some(3.0), Some(0.5), rpo_obj, rto_obj);
        t.record_recovery_time(1.5, rto_obj);
        t.end_trial();
        t.record_incident(Some(0.25), None, None, None);
        t.end_trial();
        t
    }

    #[test]
    fn incidents_fold_into_counts_and_per_trial_sums() {
        let t = two_trials();
        assert_eq!(t.incidents, 4);
        assert_eq!(t.unrecoverable, 1);
        assert_eq!(t.rpo_met, 1);
        assert_eq!(t.rto_met, 2);
        let p = &t.per_trial;
        assert_eq!(p.rpo, sums(&[(ms(4.0), 2), (ms(0.25), 1)]));
        assert_eq!(p.rto, sums(&[(ms(4.0), 3), (0, 0)]));
        assert_eq!(p.rpo_met, sums(&[(1, 3), (0, 1)]));
        assert_eq!(p.rto_met, sums(&[(2, 3), (0, 1)]));
    }

    /// Checks recovery statistics against (count, mean, max, p50, p95) worked out by hand.
    fn check_stats(label: &str, got: Option<RecoveryStats>, want: (u64, f64, f64, f64, f64)) {
        let got = got.unwrap();
        let (count, mean, max, p50, p95) = want;
        assert_eq!((got.count, got.max), (count, max), "{label}: {got:?}");
        assert!((got.mean - mean).abs() < 1e-12, "{label}: {got:?}");
        near3(label, got.p50, p50);
        near3(label, got.p95, p95);
    }

    /// Checks a survival curve point by point.
    fn check_curve(label: &str, curve: Vec<(f64, f64)>, want: &[(f64, f64)]) {
        assert_eq!(curve.len(), want.len(), "{label}: {curve:?}");
        for ((x, y), &(wx, wy)) in curve.into_iter().zip(want) {
            near3(label, x, wx);
            assert!((y - wy).abs() < 1e-12, "{label}");
        }
    }

    #[test]
    fn recovery_stats_from_the_incidents() {
        let t = two_trials();
        check_stats("rpo", t.rpo(), (3, 4.25 / 3.0, 3.0, 1.0, 3.0));
        let rpo = t.rpo().unwrap();
        near3("rpo p99", rpo.p99, 3.0);
        // Population sd of 1, 3 and 0.25.
        let mean = 4.25 / 3.0;
        let var = [1.0, 3.0, 0.25]
            .map(|v: f64| (v - mean).powi(2))
            .iter()
            .sum::<f64>()
            / 3.0;
        near3("rpo sd", rpo.sd, var.sqrt());
        check_stats("rto", t.rto(), (3, 4.0 / 3.0, 2.0, 1.5, 2.0));
        assert_eq!(DataTally::default().rpo(), None);
        assert_eq!(DataTally::default().rto(), None);
        let third = 1.0 / 3.0;
        let rpo_curve = [(0.25, 1.0), (0.25, 2.0 * third), (1.0, third), (3.0, 0.0)];
        check_curve("rpo survival", t.rpo_survival(), &rpo_curve);
        let rto_curve = [(0.5, 1.0), (0.5, 2.0 * third), (1.5, third), (2.0, 0.0)];
        check_curve("rto survival", t.rto_survival(), &rto_curve);
    }

    #[test]
    fn storage_adds_and_releases_byte_hours() {
        let mut t = DataTally::default();
        t.record_storage(10.0, 3.0);
        t.record_storage(5.0, -2.0);
        assert_eq!(t.storage_mean(3.0), 10.0);
        t.release_storage(2.0, 4.0);
        t.release_storage(1.0, -1.0);
        assert_eq!(t.storage_mean(11.0), 2.0);
        t.release_storage(100.0, 1.0);
        assert_eq!(t.storage_mean(1.0), 0.0);
    }

    #[test]
    fn combined_data_sets_add_counts_and_keep_maxima() {
        let a = two_trials();
        let mut b = DataTally::default();
        b.record_incident(Some(5.0), Some(4.0), Some(10.0), Some(10.0));
        b.record_storage(7.0, 1.0);
        b.storage_peak = 3.0;
        b.durability.record_loss(false, 1.0);
        b.end_trial();
        let mut a = a;
        a.record_storage(2.0, 1.0);
        a.storage_peak = 8.0;
        for all in [DataTally::combined([&a, &b]), DataTally::combined([&b, &a])] {
            assert_eq!(all.incidents, 5);
            assert_eq!(all.unrecoverable, 1);
            assert_eq!(all.rpo_met, 2);
            assert_eq!(all.rto_met, 3);
            assert_eq!(all.storage_mean(1.0), 9.0);
            assert_eq!(all.storage_peak, 8.0);
            let rpo = all.rpo().unwrap();
            assert_eq!((rpo.count, rpo.max), (4, 5.0));
            assert!((rpo.mean - 9.25 / 4.0).abs() < 1e-12, "{rpo:?}");
            let rto = all.rto().unwrap();
            assert_eq!((rto.count, rto.max), (4, 4.0));
            assert!((rto.mean - 8.0 / 4.0).abs() < 1e-12, "{rto:?}");
            let p = &all.per_trial;
            assert_eq!(p.rpo, sums(&[(ms(4.0), 2), (ms(0.25), 1), (ms(5.0), 1)]));
            assert_eq!(p.rto, sums(&[(ms(4.0), 3), (0, 0), (ms(4.0), 1)]));
            assert_eq!(p.rpo_met, sums(&[(1, 3), (0, 1), (1, 1)]));
            assert_eq!(p.rto_met, sums(&[(2, 3), (0, 1), (1, 1)]));
            assert_eq!(
                (all.durability.losses, all.durability.trials_with_loss),
                (1, 1)
            );
        }
        assert_eq!(DataTally::combined([]).incidents, 0);
    }

    #[test]
    fn windows_count_zeros_apart_and_put_them_back_in_quantiles() {
        let mut t = Tally::new(1, 0);
        assert_eq!(t.window_count(), 0);
        assert_eq!(t.window_downtime_quantile(0.5), None);
        // 0.1 ms rounds to no downtime.
        for hours in [0.0, 0.1 / MS_PER_HOUR, 1.0, 2.0, 4.0] {
            t.record_window(hours);
        }
        assert_eq!(t.window_count(), 5);
        assert_eq!(t.window_downtime_quantile(0.4), Some(0.0));
        near3("3rd of 5", t.window_downtime_quantile(0.6).unwrap(), 1.0);
        near3("last", t.window_downtime_quantile(1.0).unwrap(), 4.0);
    }

    #[test]
    fn outages_are_histogrammed_up_to_a_thousand_years() {
        let mut t = Tally::new(1, 0);
        t.record_outage(20_000.0, 0);
        near3("20,000 h", t.outage_quantile(1.0).unwrap(), 20_000.0);
        // Longer ones are counted at the bound.
        t.record_outage(1e8, 0);
        near3("bound", t.outage_quantile(1.0).unwrap(), 1000.0 * 8766.0);
        assert_eq!(t.downtime_by_cause(0), 1e8 + 20_000.0);
    }

    #[test]
    fn moved_downtime_changes_cause_up_to_what_it_had() {
        let mut t = Tally::new(2, 0);
        t.record_outage(3.0, 0);
        t.move_downtime(1.0, 0, 1);
        assert_eq!((t.downtime_by_cause(0), t.downtime_by_cause(1)), (2.0, 1.0));
        t.move_downtime(5.0, 1, 0);
        assert_eq!((t.downtime_by_cause(0), t.downtime_by_cause(1)), (3.0, 0.0));
        assert_eq!((t.outages_by_cause(0), t.outages_by_cause(1)), (1, 0));
        // An outage under a millisecond still counts, at one millisecond.
        t.record_outage(0.0, 1);
        assert_eq!(t.outage_count(), 2);
        near3(
            "shortest",
            t.outage_quantile(0.0).unwrap(),
            1.0 / MS_PER_HOUR,
        );
    }

    #[test]
    fn merge_adds_windows_data_load_and_phases() {
        let tally = |window: f64| {
            let mut t = Tally::new(1, 1);
            t.record_window(window);
            t.record_window(0.0);
            t.data[0].record_incident(Some(1.0), Some(1.0), None, None);
            t.end_trial();
            t.load.trials = 2;
            t.phases = crate::stats::PhaseTally::new(1);
            t.phases.record_trial(&[window], &[1]);
            t
        };
        let all = tally(1.0).merge(tally(3.0));
        assert_eq!(all.window_count(), 4);
        assert_eq!(all.window_downtime_quantile(0.5), Some(0.0));
        near3("windows", all.window_downtime_quantile(1.0).unwrap(), 3.0);
        assert_eq!(all.data[0].incidents, 2);
        assert_eq!(all.data[0].per_trial.rpo.trials, 2);
        assert_eq!(all.load.trials, 4);
        assert_eq!(all.phases.phases[0].trials, 2);
        assert_eq!(all.phases.phases[0].outages, 2);
    }
}
