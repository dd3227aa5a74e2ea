//! Estimators and diagnostics of the rare-event method (docs/design/rare-events.md §3.6–3.7).
//!
//! Each trial's weighted downtime `D_i`, outages `O_i` and first-downtime weight `A_i` are
//! i.i.d. unbiased estimates, so every figure is a mean over trials with a Student-t
//! interval corrected for the estimates' skewness ([`skew_corrected_interval`]: they are
//! right-skewed, and a symmetric interval is too short on the high side), or a ratio of
//! means with a delta-method interval. Records are folded in trial
//! order, so results do not depend on the thread count.

use serde::Serialize;

use super::interval::skew_corrected_interval;
use super::student::normal_quantile;
use super::{Estimate, Moments};
use crate::engine::{Counted, RareRecord};
use crate::model::Model;
use crate::units::YEAR;

/// Moments of one counting window's per-trial estimates.
#[derive(Debug, Clone, Default)]
pub(crate) struct WindowMoments {
    downtime: Moments,
    outages: Moments,
    first: Moments,
    /// Outage hours, planned ones included (they differ from `downtime` with
    /// exclude_planned): the mean outage duration's numerator.
    outage_hours: Moments,
    /// Raw sums for the delta method of the mean outage duration.
    sum_dd: f64,
    sum_do: f64,
    sum_oo: f64,
}

impl WindowMoments {
    /// Folds in the next trial's totals.
    pub(crate) fn push(&mut self, c: &Counted) {
        self.downtime.push(c.downtime);
        self.outages.push(c.outages);
        self.first.push(c.first);
        let hours = c.downtime + c.planned;
        self.outage_hours.push(hours);
        self.sum_dd += hours * hours;
        self.sum_do += hours * c.outages;
        self.sum_oo += c.outages * c.outages;
    }
}

/// The rare method's per-trial records, folded in trial order.
#[derive(Debug, Clone, Default)]
pub struct RareStats {
    horizon: WindowMoments,
    steady: WindowMoments,
    branches: u64,
    branches_with_outage: u64,
    weight_sum: f64,
    weight_sq_sum: f64,
    contribution_sum: f64,
    contribution_sq_sum: f64,
    contribution_max: f64,
    log10_min: f64,
    log10_max: f64,
    windows: u64,
    /// Events of main runs and branches.
    pub events: u64,
    cut_by_end: u64,
    /// Weighted horizon downtime by cause, summed in chunk order by the driver.
    pub causes: Vec<f64>,
    /// Outages the main runs (plain trials) saw within the horizon.
    plain_outages: u64,
    /// Per phase (empty without phases): the per-trial weighted horizon downtime (hours)
    /// and weighted outages begun in it.
    pub phases: Vec<(Moments, Moments)>,
    /// The per-trial weighted load shares (untouched without `[load]`).
    pub load: super::RareLoadMoments,
}

impl RareStats {
    /// Empty statistics for `causes` causes.
    pub fn new(causes: usize) -> RareStats {
        RareStats {
            causes: vec![0.0; causes],
            log10_min: f64::INFINITY,
            log10_max: f64::NEG_INFINITY,
            ..RareStats::default()
        }
    }

    /// Folds in the next trial's record.
    pub fn add(&mut self, r: &RareRecord) {
        self.horizon.push(&r.horizon);
        self.steady.push(&r.steady);
        self.branches += u64::from(r.branches);
        self.branches_with_outage += u64::from(r.branches_with_outage);
        self.weight_sum += r.weight_sum;
        self.weight_sq_sum += r.weight_sq_sum;
        self.contribution_sum += r.contribution_sum;
        self.contribution_sq_sum += r.contribution_sq_sum;
        self.contribution_max = self.contribution_max.max(r.contribution_max);
        self.log10_min = self.log10_min.min(r.log10_weight_min);
        self.log10_max = self.log10_max.max(r.log10_weight_max);
        self.windows += r.windows;
        self.events += r.events;
        self.cut_by_end += u64::from(r.cut_by_end);
        self.plain_outages += u64::from(r.plain.outages);
        self.load.push(&r.load);
    }

    /// Folds in the next trial's per-phase figures: its weighted downtime in each phase,
    /// then its weighted outages begun in each phase.
    pub fn add_phases(&mut self, row: &[f64]) {
        let (downtime, outages) = row.split_at(row.len() / 2);
        self.phases
            .resize(downtime.len(), (Moments::default(), Moments::default()));
        for ((moments, &d), &o) in self.phases.iter_mut().zip(downtime).zip(outages) {
            moments.0.push(d);
            moments.1.push(o);
        }
    }

    /// Trials folded in.
    pub fn trials(&self) -> u64 {
        self.horizon.downtime.n
    }

    /// The horizon unavailability's interval, as `(mean, low, high)` (for stopping rules).
    pub fn unavailability(&self, horizon: f64, confidence: f64) -> (f64, Option<f64>, Option<f64>) {
        let i = skew_corrected_interval(&self.horizon.downtime, confidence);
        (
            i.mean / horizon,
            i.low.map(|l| l / horizon),
            i.high.map(|h| h / horizon),
        )
    }
}

/// One counting window's figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RareWindow {
    /// Where the window starts, in hours from all-new (0, or the warm-up).
    pub from_hours: f64,
    /// Unavailability (mean share of time down) with its interval.
    pub unavailability: Estimate,
    /// `−log10` of the unavailability; null when it is 0.
    pub nines: Option<f64>,
    /// The interval's upper half-width over the estimate (the longer half: the interval is
    /// corrected for skewness); null when the estimate is 0.
    pub relative_error: Option<f64>,
    /// Outages per year with their interval.
    pub outages_per_year: Estimate,
    /// Mean outage duration in minutes, with a delta-method interval; null without outages.
    pub mean_outage_minutes: Option<Estimate>,
    /// Probability that a window of one horizon has any downtime, with its interval.
    pub p_any_downtime: Estimate,
}

/// One cause's share of the horizon downtime.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RareCause {
    /// Component.
    pub component: String,
    /// Failure mode or mechanism.
    pub cause: String,
    /// Share of the weighted downtime.
    pub share: f64,
}

/// The `rare` key of the summary: the rare method's estimates and diagnostics.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RareSummary {
    /// "excursion-is": excursion importance sampling with forcing and balanced failure biasing.
    pub method: &'static str,
    /// θ, the least forcing probability of a window.
    pub bias: f64,
    /// β, the proportional share of the choice of the failing clock.
    pub mixture: f64,
    /// How windows were forced: "window" or "odds" (an added key).
    pub forcing: &'static str,
    /// k: the opening lognormal repair's tilt towards r^k (0: none; an added key).
    pub repair_bias: f64,
    /// Warm-up before the steady-state window, in hours.
    pub warmup_hours: f64,
    /// Over the horizon from all-new (what the availability headline reports).
    pub horizon: RareWindow,
    /// Over one horizon after the warm-up: the steady state.
    pub steady_state: RareWindow,
    /// Weighted downtime by cause over the horizon, largest first.
    pub attribution: Vec<RareCause>,
    /// Branches run (one per excursion from nominal redundancy).
    pub branches: u64,
    /// Branches with downtime in the horizon.
    pub branches_with_outage: u64,
    /// Effective sample size of the branches' downtime contributions (Kong 1992).
    pub ess: f64,
    /// Largest single branch's share of the weighted downtime.
    pub max_share: f64,
    /// Mean final likelihood ratio of the branches (1 in expectation).
    pub weight_mean: f64,
    /// Its interval, which should contain 1.
    pub weight_mean_ci: [f64; 2],
    /// Range of log10 weights at which outages ran; null without outages.
    pub log10_weight_range: Option<[f64; 2]>,
    /// Windows decided per branch.
    pub mean_windows_per_branch: f64,
    /// Share of branches stopped by the end of the run.
    pub cut_by_end: f64,
    /// Outages the unbiased main runs saw themselves (what a plain run would rest on).
    pub plain_outages: u64,
    /// What may make the interval too narrow, and what to do.
    pub warnings: Vec<String>,
    /// With `[load]`: request availability and shortfall from the weighted branches (added
    /// key, left out otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load: Option<super::RareLoadSummary>,
}

/// A window's figures from its moments (also the per-block figures of plain trials).
pub(crate) fn window(m: &WindowMoments, from: f64, horizon: f64, confidence: f64) -> RareWindow {
    let per = |moments: &Moments, scale: f64| {
        let i = skew_corrected_interval(moments, confidence);
        Estimate {
            mean: i.mean * scale,
            ci_low: i.low.map(|l| (l * scale).max(0.0)),
            ci_high: i.high.map(|h| h * scale),
        }
    };
    let unavailability = per(&m.downtime, 1.0 / horizon);
    let nines = (unavailability.mean > 0.0).then(|| -unavailability.mean.log10());
    let relative_error = match (unavailability.ci_high, unavailability.mean > 0.0) {
        (Some(high), true) => Some((high - unavailability.mean) / unavailability.mean),
        _ => None,
    };
    let n = m.downtime.n as f64;
    let mean_outage_minutes = (m.outages.mean > 0.0).then(|| {
        let r = m.outage_hours.mean / m.outages.mean;
        let ss = (m.sum_dd - 2.0 * r * m.sum_do + r * r * m.sum_oo).max(0.0);
        let s = (ss / (n - 1.0).max(1.0)).sqrt();
        let half = normal_quantile(0.5 + confidence / 2.0) * s / (n.sqrt() * m.outages.mean);
        Estimate {
            mean: r * 60.0,
            ci_low: Some(((r - half) * 60.0).max(0.0)),
            ci_high: Some((r + half) * 60.0),
        }
    });
    RareWindow {
        from_hours: from,
        unavailability,
        nines,
        relative_error,
        outages_per_year: per(&m.outages, YEAR / horizon),
        mean_outage_minutes,
        p_any_downtime: per(&m.first, 1.0),
    }
}

impl RareSummary {
    /// The summary of `stats` for `model`, with `warmup` hours before the steady window.
    pub fn new(model: &Model, stats: &RareStats, warmup: f64) -> RareSummary {
        let settings = &model.settings;
        let (h, c) = (settings.horizon, settings.confidence);
        let horizon = window(&stats.horizon, 0.0, h, c);
        let steady_state = window(&stats.steady, warmup, h, c);
        let total: f64 = stats.causes.iter().sum();
        let mut attribution: Vec<RareCause> = stats
            .causes
            .iter()
            .enumerate()
            .filter(|&(_, &d)| d > 0.0)
            .map(|(i, &d)| {
                let cause = &model.layout.causes[i];
                RareCause {
                    component: model.components[cause.component as usize].name.clone(),
                    cause: cause.label.clone(),
                    share: d / total,
                }
            })
            .collect();
        attribution.sort_by(|a, b| b.share.total_cmp(&a.share));
        let branches = stats.branches.max(1) as f64;
        let weight_mean = stats.weight_sum / branches;
        let weight_var = (stats.weight_sq_sum / branches - weight_mean * weight_mean).max(0.0);
        let weight_mean_se = (weight_var / branches).sqrt();
        let weight_half = normal_quantile(0.5 + c / 2.0) * weight_mean_se;
        let weight_mean_ci = [weight_mean - weight_half, weight_mean + weight_half];
        let ess = if stats.contribution_sq_sum > 0.0 {
            stats.contribution_sum * stats.contribution_sum / stats.contribution_sq_sum
        } else {
            0.0
        };
        let max_share = if stats.contribution_sum > 0.0 {
            stats.contribution_max / stats.contribution_sum
        } else {
            0.0
        };
        let with = stats.branches_with_outage;
        let warnings = degeneracy_warnings(
            &WeightHealth {
                branches: stats.branches,
                with,
                ess,
                max_share,
                weight_mean,
                weight_mean_se,
            },
            &OUTAGE_WORDS,
        );
        RareSummary {
            method: "excursion-is",
            bias: settings.rare.bias,
            mixture: settings.rare.mixture,
            forcing: settings.rare.forcing.name(),
            repair_bias: settings.rare.repair_bias,
            warmup_hours: warmup,
            horizon,
            steady_state,
            attribution,
            branches: stats.branches,
            branches_with_outage: with,
            ess,
            max_share,
            weight_mean,
            weight_mean_ci,
            log10_weight_range: (stats.log10_min <= stats.log10_max)
                .then_some([stats.log10_min, stats.log10_max]),
            mean_windows_per_branch: stats.windows as f64 / branches,
            cut_by_end: stats.cut_by_end as f64 / branches,
            plain_outages: stats.plain_outages,
            warnings,
            load: model
                .load
                .as_ref()
                .map(|_| super::RareLoadSummary::new(&stats.load, c)),
        }
    }
}

/// What a rare run's likelihood ratios say about its interval, for the degeneracy warnings.
pub(crate) struct WeightHealth {
    /// Branches run.
    pub branches: u64,
    /// Branches that reached the rare event.
    pub with: u64,
    /// Effective sample size of the weights of those branches.
    pub ess: f64,
    /// Largest share one branch carries of the estimate.
    pub max_share: f64,
    /// Mean likelihood ratio over all branches (1 when the weights are sound).
    pub weight_mean: f64,
    /// Its standard error.
    pub weight_mean_se: f64,
}

/// The two-sided confidence of the test that warns of a mean likelihood ratio away from 1,
/// whatever the run's confidence, so that a sound run is warned of once in a thousand
/// rather than once in twenty at 95 %.
const WEIGHT_MEAN_ALARM_CONFIDENCE: f64 = 0.999;

/// The words a warning uses for the rare event: service outages or data losses.
pub(crate) struct EventWords {
    /// A branch "reached an outage" / "lost data".
    pub reached: &'static str,
    /// "outages" / "losses", for the advice and the effective sample size.
    pub plural: &'static str,
    /// What one branch can carry a share of: "downtime" / "losses".
    pub carried: &'static str,
    /// What the method may not fit: "model" / "data set".
    pub subject: &'static str,
}

/// The words of the service's rare estimate.
pub(crate) const OUTAGE_WORDS: EventWords = EventWords {
    reached: "reached an outage",
    plural: "outages",
    carried: "downtime",
    subject: "model",
};

/// The warnings a reader needs when the weights may have degenerated: too few branches
/// reached the event, a small effective sample size, one branch dominating, or a mean
/// likelihood ratio whose interval excludes 1 (the last two make the interval too narrow).
pub(crate) fn degeneracy_warnings(h: &WeightHealth, words: &EventWords) -> Vec<String> {
    let WeightHealth {
        branches,
        with,
        ess,
        max_share,
        weight_mean,
        weight_mean_se,
    } = *h;
    let EventWords {
        reached,
        plural,
        carried,
        subject,
    } = *words;
    let advice = format!("run more trials, or use the plain method if {plural} are not rare");
    let mut warnings = Vec::new();
    if with < 100 {
        warnings.push(format!(
            "weights may degenerate: only {with} branches {reached} (100 or more wanted); {advice}"
        ));
    }
    // Without a branch that reached the event this never warns (ess is not negative), so
    // it needs no test of `with > 0`.
    if ess < 0.01 * with as f64 {
        warnings.push(format!(
            "weights degenerate: effective sample size {ess:.1} of {with} branches with {plural}; the interval may be too narrow; {advice}"
        ));
    }
    if max_share > 0.05 && with >= 100 {
        warnings.push(format!(
            "weights degenerate: one branch carries {:.0}% of the {carried}; the interval may be too narrow; {advice}",
            max_share * 100.0
        ));
    }
    let alarm = normal_quantile(0.5 + WEIGHT_MEAN_ALARM_CONFIDENCE / 2.0) * weight_mean_se;
    let (low, high) = (weight_mean - alarm, weight_mean + alarm);
    if branches > 1 && !(low <= 1.0 && 1.0 <= high) {
        warnings.push(format!(
            "mean likelihood ratio {weight_mean:.4} (99.9% interval {low:.4} to {high:.4}) excludes 1: weights degenerate or the method does not fit this {subject}"
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::{ContinuousCDF, StudentsT};

    /// A trial's record with `downtime` weighted hours over the horizon, one outage.
    fn record(downtime: f64) -> RareRecord {
        let counted = Counted {
            downtime,
            outages: 1.0,
            first: 1.0,
            planned: 0.0,
        };
        RareRecord {
            horizon: counted,
            steady: counted,
            ..RareRecord::default()
        }
    }

    /// Hall's interval computed from the raw values without `Moments` or the closed-form
    /// inverse: two-pass moments, statrs' t quantile, and bisection on Hall's g as printed
    /// in the paper.
    fn independent_hall(values: &[f64], confidence: f64) -> (f64, f64) {
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let m2 = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        let m3 = values.iter().map(|v| (v - mean).powi(3)).sum::<f64>() / n;
        let (gamma, s) = (m3 / m2.powf(1.5), (m2 * n / (n - 1.0)).sqrt());
        let t = StudentsT::new(0.0, 1.0, n - 1.0).unwrap();
        let q = t.inverse_cdf(0.5 + confidence / 2.0) / n.sqrt();
        let g =
            |x: f64| x + gamma * x * x / 3.0 + gamma * gamma * x.powi(3) / 27.0 + gamma / (6.0 * n);
        let solve = |target: f64| {
            let (mut lo, mut hi) = (-100.0, 100.0);
            for _ in 0..200 {
                let mid = (lo + hi) / 2.0;
                if g(mid) < target {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            (lo + hi) / 2.0
        };
        (mean - s * solve(q), mean - s * solve(-q))
    }

    #[test]
    fn the_unavailability_interval_is_halls_skew_corrected_one() {
        // 200 trials: most with a little weighted downtime, a few with much more.
        let values: Vec<f64> = (0..200)
            .map(|i| {
                if i % 25 == 3 {
                    0.02 * f64::from(i)
                } else {
                    1e-3
                }
            })
            .collect();
        let mut stats = RareStats::new(0);
        values.iter().for_each(|&v| stats.add(&record(v)));
        let horizon = 8760.0;
        for confidence in [0.95, 0.8] {
            let w = window(&stats.horizon, 0.0, horizon, confidence);
            let (low, high) = independent_hall(&values, confidence);
            let u = &w.unavailability;
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs();
            assert!(close(u.ci_low.unwrap(), low / horizon), "{u:?} vs {low}");
            assert!(close(u.ci_high.unwrap(), high / horizon), "{u:?} vs {high}");
            // Longer above: the values are right-skewed.
            assert!(u.ci_high.unwrap() - u.mean > 1.2 * (u.mean - u.ci_low.unwrap()));
            // The relative error is the upper half over the estimate; the stopping rule's
            // interval is the same one.
            let upper = (u.ci_high.unwrap() - u.mean) / u.mean;
            assert!(close(w.relative_error.unwrap(), upper));
            let (mean, l, h) = stats.unavailability(horizon, confidence);
            assert!(
                close(mean, u.mean) && close(l.unwrap(), low / horizon),
                "{l:?}"
            );
            assert!(close(h.unwrap(), high / horizon), "{h:?}");
            // The outages (one a trial) do not vary: a zero-width interval at 1 a trial.
            let o = &w.outages_per_year;
            assert_eq!((o.ci_low, o.ci_high), (Some(o.mean), Some(o.mean)));
        }
    }

    /// The mean weight's warning is a 99.9 % test whatever the run's confidence: 3.2 standard
    /// errors from 1 (outside a 95 % interval, inside a 99.9 % one) says nothing, 3.4 warn,
    /// on either side; healthy weights raise no other warning.
    #[test]
    fn the_mean_weight_is_warned_of_beyond_three_point_three_standard_errors() {
        let health = |weight_mean: f64| WeightHealth {
            branches: 10_000,
            with: 1_000,
            ess: 500.0,
            max_share: 0.01,
            weight_mean,
            weight_mean_se: 0.01,
        };
        for (mean, warned) in [(1.032, false), (0.968, false), (1.034, true), (0.966, true)] {
            let warnings = degeneracy_warnings(&health(mean), &OUTAGE_WORDS);
            assert_eq!(warnings.len(), usize::from(warned), "{mean}: {warnings:?}");
            if warned {
                assert!(warnings[0].contains("99.9% interval"), "{warnings:?}");
            }
        }
    }

    /// `expected` within a relative 1e-12 of `actual` (the python script's figures are
    /// printed to 17 digits; the last few differ by summation order).
    fn assert_close(actual: f64, expected: f64, what: &str) {
        assert!(
            (actual - expected).abs() <= 1e-12 * expected.abs(),
            "{what}: {actual} vs {expected}"
        );
    }

    /// Eight hand-made trials (downtime, planned, outages, first), all weighted figures.
    const TRIALS: [(f64, f64, f64, f64); 8] = [
        (0.0, 0.0, 0.0, 0.0),
        (0.5, 0.5, 1.0, 1.0),
        (0.0, 0.0, 0.0, 0.0),
        (2.0, 0.0, 2.0, 1.0),
        (0.25, 1.0, 1.0, 0.5),
        (3.0, 0.0, 3.0, 1.0),
        (1.0, 0.25, 1.0, 0.75),
        (1.5, 0.0, 1.0, 1.0),
    ];

    /// Every figure of a window over half a year (a year is two horizons) from the eight
    /// trials above, against scripts/rare-window-expected.py (scipy 1.17.1): Hall's interval
    /// by bisection on g, and the mean outage duration's delta-method interval from the
    /// residuals hᵢ − r·oᵢ one by one (r = 10 h / 9 outages), where outages last downtime
    /// plus planned hours.
    #[test]
    fn a_window_gives_every_figure_from_its_trials() {
        let mut stats = RareStats::new(0);
        for (downtime, planned, outages, first) in TRIALS {
            let counted = Counted {
                downtime,
                outages,
                first,
                planned,
            };
            stats.add(&RareRecord {
                horizon: counted,
                ..RareRecord::default()
            });
        }
        assert_eq!(stats.trials(), 8);
        let horizon = YEAR / 2.0;
        let w = window(&stats.horizon, 12.5, horizon, 0.95);
        assert_eq!(w.from_hours, 12.5);
        let u = &w.unavailability;
        assert_close(u.mean, 0.00023528405201916496, "unavailability");
        assert_close(u.ci_low.unwrap(), 6.455054236518935e-05, "its low end");
        assert_close(u.ci_high.unwrap(), 0.0005118107181161924, "its high end");
        assert_close(w.nines.unwrap(), 3.6284075090959775, "nines");
        assert_close(
            w.relative_error.unwrap(),
            1.1752886084880207,
            "relative error",
        );
        let (mean, low, high) = stats.unavailability(horizon, 0.95);
        assert_close(mean, 0.00023528405201916496, "stopping rule's estimate");
        assert_close(
            low.unwrap(),
            6.455054236518935e-05,
            "stopping rule's low end",
        );
        assert_close(
            high.unwrap(),
            0.0005118107181161924,
            "stopping rule's high end",
        );
        let o = &w.outages_per_year;
        assert_close(o.mean, 2.25, "outages per year");
        assert_close(o.ci_low.unwrap(), 0.8587027568360681, "their low end");
        assert_close(o.ci_high.unwrap(), 4.450644872797605, "their high end");
        let p = &w.p_any_downtime;
        assert_close(p.mean, 0.65625, "P(any downtime)");
        assert_close(p.ci_low.unwrap(), 0.15768293351715668, "its low end");
        assert_close(p.ci_high.unwrap(), 0.9647195404820514, "its high end");
        let m = w.mean_outage_minutes.unwrap();
        assert_close(m.mean, 66.66666666666667, "mean outage minutes");
        assert_close(m.ci_low.unwrap(), 58.254667254728, "its low end");
        assert_close(m.ci_high.unwrap(), 75.07866607860534, "its high end");
    }

    /// A window without downtime or outages has no nines, relative error or mean outage
    /// duration (rather than infinities and NaNs).
    #[test]
    fn a_window_without_downtime_has_no_nines_or_mean_outage() {
        let mut stats = RareStats::new(0);
        for _ in 0..3 {
            stats.add(&RareRecord::default());
        }
        let w = window(&stats.horizon, 0.0, 8766.0, 0.95);
        assert_eq!(w.unavailability.mean, 0.0);
        assert_eq!(
            (w.nines, w.relative_error, w.mean_outage_minutes),
            (None, None, None)
        );
    }

    /// Phases' figures split a row in half: downtime in each phase, then outages.
    #[test]
    fn a_phase_row_is_downtime_then_outages() {
        let mut stats = RareStats::new(0);
        stats.add_phases(&[1.0, 2.0, 0.5, 0.25]);
        stats.add_phases(&[3.0, 0.0, 1.5, 0.0]);
        let means: Vec<(f64, f64, u64)> = stats
            .phases
            .iter()
            .map(|(d, o)| (d.mean, o.mean, d.n))
            .collect();
        assert_eq!(means, [(2.0, 1.0, 2), (1.0, 0.125, 2)]);
    }

    /// Three trials' branch diagnostics folded and summarised, worked out by hand: 6
    /// branches, 3 with an outage, weights summing to 6 (mean 1) with squares summing to 6.5
    /// (variance 6.5/6 − 1 = 1/12, standard error √(1/72)), contributions 0.2, 0.2 + 0.3
    /// and none (sum 0.7, squares 0.17, largest 0.3), 16 windows, 1 branch cut.
    #[test]
    fn the_summary_folds_the_branch_diagnostics() {
        let model = crate::scenario::parse(
            "[simulation]\nhorizon = \"1y\"\n[components.app]\ncount = 2\nneed = 1\nfailure = { dist = \"exponential\", mean = \"1000h\" }\nrepair = { dist = \"fixed\", value = \"1h\" }\n[components.db]\ncount = 2\nneed = 1\nfailure = { dist = \"exponential\", mean = \"2000h\" }\nrepair = { dist = \"fixed\", value = \"1h\" }\n[system]\nall = [\"app\", \"db\"]\n",
            "t.toml",
            std::path::Path::new("."),
            "t",
        )
        .expect("scenario compiles");
        let mut stats = RareStats::new(model.layout.causes.len());
        let mut first = RareRecord {
            branches: 4,
            branches_with_outage: 1,
            weight_sum: 3.5,
            weight_sq_sum: 3.25,
            contribution_sum: 0.2,
            contribution_sq_sum: 0.04,
            contribution_max: 0.2,
            log10_weight_min: -3.0,
            log10_weight_max: -1.0,
            windows: 10,
            events: 100,
            cut_by_end: 1,
            ..RareRecord::default()
        };
        first.plain.outages = 0;
        let mut second = RareRecord {
            branches: 2,
            branches_with_outage: 2,
            weight_sum: 2.5,
            weight_sq_sum: 3.25,
            contribution_sum: 0.5,
            contribution_sq_sum: 0.13,
            contribution_max: 0.3,
            log10_weight_min: -4.0,
            log10_weight_max: -2.0,
            windows: 6,
            events: 50,
            cut_by_end: 0,
            ..RareRecord::default()
        };
        second.plain.outages = 1;
        // A trial without excursions: no weight at which an outage ran.
        let mut third = RareRecord {
            log10_weight_min: f64::INFINITY,
            log10_weight_max: f64::NEG_INFINITY,
            events: 10,
            ..RareRecord::default()
        };
        third.plain.outages = 2;
        for r in [first, second, third] {
            stats.add(&r);
        }
        assert_eq!(stats.events, 160);
        // One hour of weighted downtime from the first cause, three from the last, none
        // from any other: the last first with 3/4.
        let last = stats.causes.len() - 1;
        (stats.causes[0], stats.causes[last]) = (1.0, 3.0);
        let s = RareSummary::new(&model, &stats, 100.0);
        assert_eq!(
            (s.branches, s.branches_with_outage, s.plain_outages),
            (6, 3, 3)
        );
        assert_close(s.weight_mean, 1.0, "mean weight");
        // z(0.975) from scipy 1.17.1 (norm.ppf).
        let half = 1.959963984540054 * (1.0f64 / 72.0).sqrt();
        assert_close(s.weight_mean_ci[0], 1.0 - half, "its low end");
        assert_close(s.weight_mean_ci[1], 1.0 + half, "its high end");
        assert_close(s.ess, 0.49 / 0.17, "effective sample size");
        assert_close(s.max_share, 0.3 / 0.7, "largest share");
        assert_eq!(s.log10_weight_range, Some([-4.0, -1.0]));
        assert_close(s.mean_windows_per_branch, 16.0 / 6.0, "windows per branch");
        assert_close(s.cut_by_end, 1.0 / 6.0, "share cut by the end");
        assert_eq!(s.warmup_hours, 100.0);
        let shares: Vec<(&str, f64)> = s
            .attribution
            .iter()
            .map(|c| (c.component.as_str(), c.share))
            .collect();
        assert_eq!(shares, [("db", 0.75), ("app", 0.25)]);
        // Only the few branches are warned of: the weights' mean is 1 and one branch's
        // share does not count below 100 branches with outages.
        assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
        assert!(s.warnings[0].contains("only 3 branches reached an outage"));
    }

    /// Which warnings `degeneracy_warnings` gives, by their first distinct words.
    fn warned(
        branches: u64,
        with: u64,
        ess: f64,
        max_share: f64,
        weight_mean: f64,
    ) -> Vec<&'static str> {
        let h = WeightHealth {
            branches,
            with,
            ess,
            max_share,
            weight_mean,
            weight_mean_se: 0.01,
        };
        degeneracy_warnings(&h, &OUTAGE_WORDS)
            .iter()
            .map(|w| {
                [
                    "only",
                    "effective sample size",
                    "one branch carries",
                    "likelihood ratio",
                ]
                .into_iter()
                .find(|k| w.contains(k))
                .unwrap_or("other")
            })
            .collect()
    }

    /// Each warning's threshold, on both sides: fewer than 100 branches with outages, an
    /// effective sample size below 1 % of them, one branch above 5 % (counted from 100
    /// branches with outages), and the mean weight's test only from two branches.
    #[test]
    fn each_warning_starts_at_its_threshold() {
        let none: Vec<&str> = Vec::new();
        assert_eq!(warned(10_000, 1_000, 500.0, 0.01, 1.0), none);
        assert_eq!(warned(10_000, 99, 500.0, 0.01, 1.0), ["only"]);
        assert_eq!(warned(10_000, 100, 500.0, 0.01, 1.0), none);
        assert_eq!(warned(10_000, 0, 0.0, 0.0, 1.0), ["only"]);
        // 1 % of 1000 is 10.
        assert_eq!(warned(10_000, 1_000, 10.0, 0.01, 1.0), none);
        assert_eq!(
            warned(10_000, 1_000, 9.99, 0.01, 1.0),
            ["effective sample size"]
        );
        assert_eq!(warned(10_000, 1_000, 500.0, 0.05, 1.0), none);
        assert_eq!(
            warned(10_000, 1_000, 500.0, 0.06, 1.0),
            ["one branch carries"]
        );
        assert_eq!(warned(10_000, 100, 500.0, 0.5, 1.0), ["one branch carries"]);
        assert_eq!(warned(10_000, 99, 500.0, 0.5, 1.0), ["only"]);
        // A mean weight of 2 (100 standard errors from 1) is warned of from two branches.
        assert_eq!(warned(1, 1, 1.0, 0.01, 2.0), ["only"]);
        assert_eq!(warned(2, 1, 1.0, 0.01, 2.0), ["only", "likelihood ratio"]);
    }
}
