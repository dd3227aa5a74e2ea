//! What the summary needs from the per-trial records, folded as the trials finish: memory
//! stays bounded however many trials run.
//!
//! The driver hands over each batch of records in trial-index order, so sums and moments
//! come out bit-identical whatever the thread count.
//!
//! Floating-point folds are not associative, so the moments and sums of each batch are
//! folded apart ([`BatchMoments`], from zero) and merged into the totals in batch order. A
//! shard of whole batches keeps its batches' moments, and merging shards replays them in
//! order: the same arithmetic as one run, so the same bits (docs/partials.md). Everything
//! else here is a count, a maximum or a list in trial order, which merge exactly.

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

use super::{BoundedAccumulator, BoundedInterval, ClusterSums, Moments};
use crate::engine::TrialRecord;
use crate::model::Model;
use crate::units::YEAR;

/// Trials with downtime whose values are kept exactly (with their trial index): up to this
/// many, downtime quantiles are exact; beyond, they come from the histogram.
pub const EXACT_TRIALS: usize = 1_000_000;

/// Relative error of downtime quantiles read from the histogram (three significant
/// digits: buckets 1/1024 wide), once more trials than [`EXACT_TRIALS`] had downtime.
pub const HISTOGRAM_RELATIVE_ERROR: f64 = 0.001;

/// Milli-minutes per minute: yearly downtime is histogrammed in whole thousandths of a
/// minute.
const SCALE: f64 = 1000.0;

/// The distribution of per-trial downtime (hours the objective counts), in bounded memory.
///
/// Serialized without the exact values (partial results store them apart, in binary, so
/// that a merge reads only as many as it keeps).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DowntimeDistribution {
    /// Trials per year: yearly minutes are hours × 60 × this.
    per_year: f64,
    count: u64,
    zeros: u64,
    /// Downtime hours and trial index of the first [`EXACT_TRIALS`] trials with downtime.
    #[serde(skip)]
    exact: Vec<(f64, u64)>,
    /// Whether more trials had downtime than `exact` holds.
    overflowed: bool,
    /// Yearly downtime of every trial with downtime in milli-minutes (three significant
    /// digits); the zeros are `zeros` (recording costs more than a quiet trial's simulation).
    #[serde(with = "super::histogram_serde")]
    histogram: Histogram<u64>,
    max_hours: f64,
}

impl DowntimeDistribution {
    fn new(horizon: f64) -> DowntimeDistribution {
        DowntimeDistribution {
            per_year: YEAR / horizon,
            count: 0,
            zeros: 0,
            exact: Vec::new(),
            overflowed: false,
            histogram: Histogram::new_with_bounds(1, u64::MAX / 4, 3)
                .expect("the bounds and 3 significant digits are valid"),
            max_hours: 0.0,
        }
    }

    #[inline]
    fn push(&mut self, hours: f64, trial: u64) {
        self.count += 1;
        self.max_hours = self.max_hours.max(hours);
        if hours > 0.0 {
            if self.exact.len() < EXACT_TRIALS {
                self.exact.push((hours, trial));
            } else {
                self.overflowed = true;
            }
            let scaled = (self.minutes(hours) * SCALE).round() as u64;
            self.histogram.saturating_record(scaled);
        } else {
            self.zeros += 1;
        }
    }

    /// Yearly minutes of `hours` of trial downtime (the same expression as every report
    /// uses, so exact quantiles match them to the bit).
    #[inline]
    fn minutes(&self, hours: f64) -> f64 {
        hours * 60.0 * self.per_year
    }

    /// Trials with downtime.
    pub fn positives(&self) -> u64 {
        self.count - self.zeros
    }

    /// The kept trials with downtime: (hours, trial index), in trial order.
    pub fn exact_values(&self) -> &[(f64, u64)] {
        &self.exact
    }

    /// Puts back the kept values of a distribution read without them (they are stored
    /// apart); `values` must be the first `min(positives, EXACT_TRIALS)` written.
    pub fn restore_exact(&mut self, values: Vec<(f64, u64)>) {
        self.exact = values;
    }

    /// How many of a later distribution's kept values an append keeps.
    pub fn room(&self) -> usize {
        EXACT_TRIALS - self.exact.len()
    }

    /// Appends the trials of `later`, which come after these; `later_exact` are its first
    /// [`DowntimeDistribution::room`] kept values (or all, if fewer). The same as pushing
    /// its trials one by one: counts add, the maximum is a maximum, the histogram counts
    /// add, and the kept values are the first ones in trial order.
    pub fn append(&mut self, later: &DowntimeDistribution, later_exact: &[(f64, u64)]) {
        self.count += later.count;
        self.zeros += later.zeros;
        self.max_hours = self.max_hours.max(later.max_hours);
        self.histogram
            .add(&later.histogram)
            .expect("histograms with the same bounds always merge");
        let room = self.room();
        self.exact
            .extend_from_slice(&later_exact[..room.min(later_exact.len())]);
        self.overflowed = self.positives() > EXACT_TRIALS as u64;
    }

    /// Whether quantiles are exact (every trial with downtime kept).
    pub fn is_exact(&self) -> bool {
        !self.overflowed
    }

    /// Relative error of the quantiles: 0 when exact.
    pub fn relative_error(&self) -> f64 {
        if self.is_exact() {
            0.0
        } else {
            HISTOGRAM_RELATIVE_ERROR
        }
    }

    /// Yearly minutes of the kept trials with downtime, ascending.
    fn sorted_minutes(&self) -> Vec<f64> {
        let mut minutes: Vec<f64> = self.exact.iter().map(|&(h, _)| self.minutes(h)).collect();
        minutes.sort_by(f64::total_cmp);
        minutes
    }

    /// The `qs` quantiles of yearly downtime minutes over trials (Hyndman and Fan's type 7
    /// when exact); `NaN` without trials.
    pub fn quantiles(&self, qs: &[f64]) -> Vec<f64> {
        if self.count == 0 {
            return vec![f64::NAN; qs.len()];
        }
        if !self.is_exact() {
            let mut all = self.histogram.clone();
            all.record_n(0, self.zeros)
                .expect("zero is within the histogram's range");
            return qs
                .iter()
                .map(|&q| all.value_at_quantile(q) as f64 / SCALE)
                .collect();
        }
        let positives = self.sorted_minutes();
        let zeros = self.zeros as usize;
        let at = |i: usize| if i < zeros { 0.0 } else { positives[i - zeros] };
        let n = self.count as usize;
        qs.iter()
            .map(|&q| {
                let position = q.clamp(0.0, 1.0) * (n - 1) as f64;
                let below = position.floor() as usize;
                let above = (below + 1).min(n - 1);
                let fraction = position - below as f64;
                at(below) + fraction * (at(above) - at(below))
            })
            .collect()
    }

    /// The worst trial's yearly downtime minutes (exact).
    pub fn max_minutes(&self) -> f64 {
        self.minutes(self.max_hours)
    }

    /// At most `limit` yearly downtime minutes, ascending, standing for every trial: the
    /// values themselves when few enough, evenly spaced quantiles otherwise (for charts).
    pub fn sample(&self, limit: usize) -> Vec<f64> {
        let n = self.count as usize;
        if self.is_exact() && n <= limit {
            let mut all = vec![0.0; self.zeros as usize];
            all.extend(self.sorted_minutes());
            return all;
        }
        let limit = limit.max(2);
        let qs: Vec<f64> = (0..limit).map(|i| i as f64 / (limit - 1) as f64).collect();
        let mut values = self.quantiles(&qs);
        // The histogram's top bucket may round past the exact maximum.
        let max = self.max_minutes();
        values.iter_mut().for_each(|v| *v = v.min(max));
        values
    }

    /// The trial whose timeline is drawn: the 90th percentile of downtime among the trials
    /// with any (the first [`EXACT_TRIALS`] of them); its downtime hours and how many trials
    /// it was picked from. `None` when no trial had downtime.
    pub fn bad_trial(&self) -> Option<(u64, f64, usize)> {
        if self.exact.is_empty() {
            return None;
        }
        let mut down = self.exact.clone();
        down.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let pick = ((down.len() - 1) as f64 * 0.9).round() as usize;
        let (hours, trial) = down[pick];
        Some((trial, hours, down.len()))
    }
}

/// Everything the summary reads from per-trial records, folded trial by trial.
///
/// The interval accumulators ([`BoundedAccumulator`]) are pushed one trial at a time in
/// trial-index order (the driver hands batches over in order and never merges these across
/// threads), so their moments and the nonzero values kept for the bootstrap are the same
/// whatever the thread count.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrialStats {
    horizon: f64,
    exclude_planned: bool,
    target: f64,
    windows: u64,
    /// The run's seed: seeds the bootstrap of the unavailability interval.
    seed: u64,
    /// Trials folded in.
    pub trials: u64,
    /// Per-trial unavailability: counted downtime over the horizon, in [0, 1].
    pub losses: BoundedAccumulator,
    /// Per-trial share of requests lost, in [0, 1].
    pub requests_lost: BoundedAccumulator,
    /// SLA windows breached per trial, over the windows of a trial (no trial without whole
    /// windows).
    pub windows_breached: ClusterSums,
    /// Per-trial credits per year, in window fees (empty without whole windows).
    pub credit: BoundedAccumulator,
    /// Moments of per-trial outage counts (their over-dispersion widens the interval of
    /// outages per year).
    pub outage_counts: Moments,
    /// Hours of downtime, summed in trial order.
    pub downtime_hours: f64,
    /// Hours of planned downtime, summed in trial order.
    pub planned_hours: f64,
    /// Outages.
    pub outages: u64,
    /// Trials whose availability reached the objective.
    pub meeting_target: u64,
    /// Per-trial counted downtime.
    pub downtime: DowntimeDistribution,
    /// Every batch's moments, in order, when kept (shards: merging replays them).
    pub batches: Option<Vec<BatchMoments>>,
}

/// The floating-point folds of one batch of trials, from zero: merged into the totals in
/// batch order by one run and by a merge of shards alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct BatchMoments {
    /// Trials in the batch.
    pub trials: u64,
    /// Moments of per-trial unavailability.
    pub losses: Moments,
    /// Moments of per-trial shares of requests lost.
    pub requests_lost: Moments,
    /// Moments of per-trial credits (none without whole windows).
    pub credit: Moments,
    /// Moments of per-trial outage counts.
    pub outage_counts: Moments,
    /// Hours of downtime, summed in trial order.
    pub downtime_hours: f64,
    /// Hours of planned downtime, summed in trial order.
    pub planned_hours: f64,
}

impl TrialStats {
    /// Empty statistics for runs of `model`.
    pub fn new(model: &Model) -> TrialStats {
        let settings = &model.settings;
        TrialStats {
            horizon: settings.horizon,
            exclude_planned: settings.exclude_planned,
            target: settings.target,
            windows: (settings.horizon / model.sla.window + 1e-9).floor() as u64,
            seed: settings.seed,
            trials: 0,
            losses: BoundedAccumulator::default(),
            requests_lost: BoundedAccumulator::default(),
            windows_breached: ClusterSums::default(),
            credit: BoundedAccumulator::default(),
            outage_counts: Moments::default(),
            downtime_hours: 0.0,
            planned_hours: 0.0,
            outages: 0,
            meeting_target: 0,
            downtime: DowntimeDistribution::new(settings.horizon),
            batches: None,
        }
    }

    /// Keeps every batch's moments from now on, so that these statistics can be merged
    /// after earlier ones ([`TrialStats::append`]).
    pub fn keep_batches(&mut self) {
        self.batches.get_or_insert_with(Vec::new);
    }

    /// Folds in the records of trials `first`, `first + 1`, ... (call in trial order, one
    /// batch at a time: the batch is the unit of floating-point folding).
    pub fn add(&mut self, first: u64, records: &[TrialRecord]) {
        let mut batch = BatchMoments::default();
        self.add_open(&mut batch, first, records);
        self.fold_batch(&batch);
    }

    /// Folds in the records of trials `first`, `first + 1`, ... as [`TrialStats::add`]
    /// does, but leaves their floating-point folds in `batch`, which stays open for the
    /// trials that follow until [`TrialStats::close`]: a run continued in pieces (plan's
    /// racing rounds) then folds the same batches as one run, so the same bits.
    pub fn add_open(&mut self, batch: &mut BatchMoments, first: u64, records: &[TrialRecord]) {
        batch.trials += records.len() as u64;
        for (offset, r) in records.iter().enumerate() {
            let counted = r.counted_downtime(self.exclude_planned);
            let availability = 1.0 - counted / self.horizon;
            let loss = counted / self.horizon;
            let requests_lost = (1.0 - r.served / self.horizon).clamp(0.0, 1.0);
            batch.losses.push(loss);
            self.losses.push_nonzero(loss);
            batch.requests_lost.push(requests_lost);
            self.requests_lost.push_nonzero(requests_lost);
            if self.windows > 0 {
                self.windows_breached
                    .add_trial(u64::from(r.windows_breached), self.windows);
                let credit = r.credit * YEAR / self.horizon;
                batch.credit.push(credit);
                self.credit.push_nonzero(credit);
            }
            batch.outage_counts.push(f64::from(r.outages));
            batch.downtime_hours += r.downtime;
            batch.planned_hours += r.planned_downtime;
            self.outages += u64::from(r.outages);
            if availability >= self.target {
                self.meeting_target += 1;
            }
            self.downtime.push(counted, first + offset as u64);
        }
    }

    /// Merges a batch left open by [`TrialStats::add_open`] into the totals.
    pub fn close(&mut self, batch: &BatchMoments) {
        self.fold_batch(batch);
    }

    /// Merges one batch's floating-point folds into the totals (and the log, if kept).
    fn fold_batch(&mut self, batch: &BatchMoments) {
        self.trials += batch.trials;
        self.losses.moments.merge(&batch.losses);
        self.requests_lost.moments.merge(&batch.requests_lost);
        self.credit.moments.merge(&batch.credit);
        self.outage_counts.merge(&batch.outage_counts);
        self.downtime_hours += batch.downtime_hours;
        self.planned_hours += batch.planned_hours;
        if let Some(log) = &mut self.batches {
            log.push(*batch);
        }
    }

    /// Appends the statistics of the trials that follow these, which kept their batches
    /// ([`TrialStats::keep_batches`]); `later_exact` are its kept downtime values (see
    /// [`DowntimeDistribution::append`]). The result is bit for bit what one run over both
    /// would have folded.
    pub fn append(&mut self, later: &TrialStats, later_exact: &[(f64, u64)]) {
        for batch in later.batches.as_deref().unwrap_or_default() {
            self.fold_batch(batch);
        }
        self.losses.append_nonzero(&later.losses);
        self.requests_lost.append_nonzero(&later.requests_lost);
        self.credit.append_nonzero(&later.credit);
        self.windows_breached.merge(&later.windows_breached);
        self.outages += later.outages;
        self.meeting_target += later.meeting_target;
        self.downtime.append(&later.downtime, later_exact);
    }

    /// The mean unavailability with its interval at `confidence` (bootstrap seeded by the
    /// run's seed): the one interval the summary reports and the precision stop reads.
    pub fn unavailability_interval(&self, confidence: f64) -> BoundedInterval {
        self.losses.interval((0.0, 1.0), confidence, self.seed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::quantile_sorted;

    fn distribution(values: &[f64]) -> DowntimeDistribution {
        let mut d = DowntimeDistribution::new(YEAR);
        for (i, &v) in values.iter().enumerate() {
            d.push(v, i as u64);
        }
        d
    }

    #[test]
    fn exact_quantiles_match_sorting_every_value() {
        let hours = [0.0, 2.0, 0.0, 1.0, 5.0, 0.0, 3.0];
        let d = distribution(&hours);
        let mut minutes: Vec<f64> = hours.iter().map(|h| h * 60.0).collect();
        minutes.sort_by(f64::total_cmp);
        for q in [0.0, 0.3, 0.5, 0.9, 0.99, 1.0] {
            assert_eq!(d.quantiles(&[q])[0], quantile_sorted(&minutes, q));
        }
        assert_eq!(d.sample(100), minutes);
        assert_eq!(d.max_minutes(), 300.0);
    }

    #[test]
    fn quiet_trials_are_counted_apart_from_the_kept_values() {
        // Three zeros of five: neither 5 / 3 nor 5 + 3 is 2.
        let d = distribution(&[0.0, 2.0, 0.0, 1.0, 0.0]);
        assert_eq!(d.positives(), 2);
        assert_eq!(d.exact_values(), &[(2.0, 1), (1.0, 3)]);
        assert_eq!(d.room(), EXACT_TRIALS - 2);
        assert!(d.is_exact());
        assert_eq!(d.relative_error(), 0.0);
    }

    #[test]
    fn minutes_are_per_year_over_a_quarter_year_horizon() {
        let mut d = DowntimeDistribution::new(YEAR / 4.0);
        d.push(1.5, 0);
        // 1.5 h in a quarter is 6 h a year: 360 minutes.
        assert_eq!(d.max_minutes(), 360.0);
        assert_eq!(d.quantiles(&[0.5]), vec![360.0]);
    }

    #[test]
    fn appending_equals_pushing_every_trial_in_order() {
        let hours = [0.0, 2.0, 0.0, 1.0, 0.0, 4.0, 0.0, 3.0];
        let whole = distribution(&hours);
        let mut joined = distribution(&hours[..5]);
        let mut later = DowntimeDistribution::new(YEAR);
        for (i, &h) in hours[5..].iter().enumerate() {
            later.push(h, 5 + i as u64);
        }
        joined.append(&later, later.exact_values());
        assert_eq!((joined.count, joined.zeros), (8, 4));
        assert_eq!(joined.exact_values(), whole.exact_values());
        assert_eq!(joined.max_minutes(), 240.0);
        let qs = [0.0, 0.5, 0.9, 1.0];
        assert_eq!(joined.quantiles(&qs), whole.quantiles(&qs));
        assert!(joined.is_exact());
    }

    #[test]
    fn an_append_overflows_past_exact_trials_not_at_it() {
        let mut first = DowntimeDistribution::new(YEAR);
        for i in 0..EXACT_TRIALS as u64 - 1 {
            first.push(1.0, i);
        }
        let mut later = DowntimeDistribution::new(YEAR);
        later.push(2.0, EXACT_TRIALS as u64 - 1);
        let mut full = first.clone();
        full.append(&later, later.exact_values());
        assert!(full.is_exact());
        later.push(3.0, EXACT_TRIALS as u64);
        first.append(&later, &later.exact_values()[..first.room()]);
        assert!(!first.is_exact());
        assert_eq!(first.exact_values().len(), EXACT_TRIALS);
    }

    #[test]
    fn restored_values_replace_the_kept_ones() {
        let mut d = distribution(&[2.0, 1.0]);
        d.restore_exact(vec![(9.0, 7)]);
        assert_eq!(d.exact_values(), &[(9.0, 7)]);
    }

    #[test]
    fn the_first_exact_trials_are_kept_and_one_more_overflows() {
        let mut d = DowntimeDistribution::new(YEAR);
        for i in 0..EXACT_TRIALS as u64 {
            d.push(1.0, i);
        }
        assert!(d.is_exact());
        assert_eq!(d.room(), 0);
        d.push(2.0, EXACT_TRIALS as u64);
        assert!(!d.is_exact());
        assert_eq!(d.relative_error(), HISTOGRAM_RELATIVE_ERROR);
        assert_eq!(d.exact_values().len(), EXACT_TRIALS);
        assert_eq!(d.positives(), EXACT_TRIALS as u64 + 1);
    }

    #[test]
    fn histogram_quantiles_are_within_the_stated_error() {
        let mut d = DowntimeDistribution::new(YEAR);
        d.overflowed = true;
        for i in 1..=10_000u64 {
            d.push(i as f64 / 100.0, i);
        }
        let p90 = d.quantiles(&[0.9])[0];
        let exact = 90.0 * 60.0;
        assert!(
            (p90 / exact - 1.0).abs() <= HISTOGRAM_RELATIVE_ERROR,
            "{p90}"
        );
    }

    #[test]
    fn a_sample_of_more_trials_than_asked_is_evenly_spaced_quantiles() {
        // Exact, but five trials for three points: the minimum, the median and the maximum
        // (quantiles 0, 1/2 and 1), not the five values.
        let d = distribution(&[4.0, 0.0, 2.0, 1.0, 3.0]);
        assert_eq!(d.sample(3), vec![0.0, 120.0, 240.0]);
        // Four points: quantiles 0, 1/3, 2/3 and 1, at positions 0, 4/3, 8/3 and 4 of
        // 0, 60, 120, 180, 240 minutes.
        assert_eq!(d.sample(4), vec![0.0, 80.0, 160.0, 240.0]);
    }

    #[test]
    fn the_bad_trial_is_the_90th_percentile_of_those_with_downtime() {
        assert_eq!(distribution(&[0.0, 0.0]).bad_trial(), None);
        // Eleven trials with downtime (1 h to 11 h) among quiet ones, out of order: the
        // 90th percentile of eleven is position round(10 × 0.9) = 9 of 0..=10, the 10 h
        // trial (index 3 here).
        let hours = [
            7.0, 0.0, 2.0, 10.0, 11.0, 0.0, 1.0, 5.0, 9.0, 3.0, 4.0, 6.0, 8.0,
        ];
        assert_eq!(distribution(&hours).bad_trial(), Some((3, 10.0, 11)));
    }

    /// A 1000 h horizon with an objective of 99% and 250 h SLA windows (four a trial).
    const THOUSAND_HOURS: &str = r#"name = "t"
[simulation]
horizon = "1000h"
trials = 10
seed = 3
target = "99%"
[components.a]
failure = { dist = "fixed", value = "400h" }
repair = { dist = "fixed", value = "5h" }
[system]
all = ["a"]
[sla]
window = "250h"
"#;

    fn stats() -> TrialStats {
        let model =
            crate::scenario::parse(THOUSAND_HOURS, "t.toml", std::path::Path::new("."), "t")
                .expect("scenario compiles");
        TrialStats::new(&model)
    }

    /// Four trials' records: 5 h down (2 planned) in 2 outages, none, 20 h in one, 8 h in three.
    fn records() -> [TrialRecord; 4] {
        let record = |downtime: f64, planned: f64, outages: u32, windows: u32| TrialRecord {
            downtime,
            planned_downtime: planned,
            outages,
            served: 1000.0 - downtime,
            windows_breached: windows,
            credit: 0.1 * f64::from(windows),
            ..TrialRecord::default()
        };
        [
            record(5.0, 2.0, 2, 1),
            record(0.0, 0.0, 0, 0),
            record(20.0, 0.0, 1, 2),
            record(8.0, 0.0, 3, 1),
        ]
    }

    #[test]
    fn a_batch_adds_its_trials_sums_and_counts() {
        let mut s = stats();
        s.keep_batches();
        s.add(10, &records()[..3]);
        assert_eq!(s.trials, 3);
        assert_eq!((s.downtime_hours, s.planned_hours), (25.0, 2.0));
        assert_eq!(s.outages, 3);
        // Availability 99.5%, 100% and 98% against 99%.
        assert_eq!(s.meeting_target, 2);
        // Windows breached: 1 + 0 + 2 of 3 × 4.
        assert_eq!((s.windows_breached.trials, s.windows_breached.x), (3, 3));
        assert_eq!(s.windows_breached.m, 12);
        // Trials numbered from 10; the quiet trial 11 is not kept.
        assert_eq!(s.downtime.exact_values(), &[(5.0, 10), (20.0, 12)]);
        let batches = s.batches.as_deref().expect("kept");
        assert_eq!(batches.len(), 1);
        assert_eq!(batches[0].trials, 3);
        // Mean unavailability (0.005 + 0 + 0.02) / 3.
        let interval = s.unavailability_interval(0.95);
        assert!(
            (interval.mean - 0.025 / 3.0).abs() < 1e-15,
            "{}",
            interval.mean
        );
        assert_eq!(interval.nonzero, 2);
    }

    #[test]
    fn a_batch_left_open_counts_once_closed() {
        let mut s = stats();
        let mut batch = BatchMoments::default();
        s.add_open(&mut batch, 0, &records()[..2]);
        s.add_open(&mut batch, 2, &records()[2..]);
        assert_eq!(s.trials, 0);
        s.close(&batch);
        assert_eq!(s.trials, 4);
        assert_eq!((s.downtime_hours, s.planned_hours), (33.0, 2.0));
        assert_eq!(s.outage_counts.n, 4);
    }

    #[test]
    fn trials_without_a_whole_window_record_no_window_or_credit() {
        let mut s = stats();
        s.windows = 0;
        s.add(0, &records());
        assert_eq!(s.windows_breached, ClusterSums::default());
        assert_eq!(s.credit.count(), 0);
    }

    #[test]
    fn appending_later_statistics_equals_one_run() {
        let all = records();
        let mut whole = stats();
        whole.add(0, &all[..2]);
        whole.add(2, &all[2..]);
        let mut first = stats();
        first.add(0, &all[..2]);
        let mut later = stats();
        later.keep_batches();
        later.add(2, &all[2..]);
        first.append(&later, later.downtime.exact_values());
        // Outages 2 + 0 then 1 + 3; trials meeting the objective 2 (99.5%, 100%) then 1
        // (98%, 99.2%).
        assert_eq!((first.outages, first.meeting_target), (6, 3));
        assert_eq!(first.trials, 4);
        assert_eq!((first.downtime_hours, first.planned_hours), (33.0, 2.0));
        assert_eq!(first.downtime.exact_values(), whole.downtime.exact_values());
        assert_eq!(first.losses, whole.losses);
        assert_eq!(first.windows_breached, whole.windows_breached);
    }
}
