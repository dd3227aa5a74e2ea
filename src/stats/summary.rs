//! The summary of a run: every headline figure, in the shape of DESIGN.md's summary JSON
//! contract (field names and units are relied on by users' scripts).

use serde::Serialize;

use super::bounded::BoundedInterval;
use super::exact::{clopper_pearson, garwood};
use super::verdict::{verdict, Verdict};
use super::{moments_interval, ClusterSums, DataTally, Moments, StoppingSummary, TrialStats};
use crate::engine::{Importance, RunOutput};
use crate::model::Model;
use crate::units::{MINUTES_PER_YEAR, YEAR};

/// Availability over all trials.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AvailabilitySummary {
    /// Mean of the per-trial availabilities.
    pub mean: f64,
    /// Lower bound of the confidence interval, clipped to [0, 1] (null with one trial).
    pub ci_low: Option<f64>,
    /// Upper bound of the confidence interval, clipped to [0, 1] (null with one trial).
    pub ci_high: Option<f64>,
    /// Confidence level of the interval.
    pub confidence: f64,
    /// -log10(1 - mean); null when no downtime was observed.
    pub nines: Option<f64>,
    /// -log10(1 - ci_low): the nines the interval guarantees (never infinite); null with
    /// one trial.
    pub nines_lower_bound: Option<f64>,
    /// Trials with any downtime: the interval's method depends on it.
    pub trials_with_downtime: u64,
    /// How the interval was computed (docs/statistics.md).
    pub method: &'static str,
}

/// The share of requests served, over trials.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RequestSummary {
    /// Mean over trials of the time-averaged share of requests served.
    pub mean: f64,
    /// Lower bound of the confidence interval, clipped to [0, 1] (null with one trial).
    pub ci_low: Option<f64>,
    /// Upper bound of the confidence interval, clipped to [0, 1] (null with one trial).
    pub ci_high: Option<f64>,
    /// Confidence level of the interval.
    pub confidence: f64,
    /// How the interval was computed (docs/statistics.md).
    pub method: &'static str,
}

/// Downtime per year, over trials.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DowntimeSummary {
    /// Mean minutes of downtime per year.
    pub mean: f64,
    /// Median over trials.
    pub p50: f64,
    /// 90th percentile over trials.
    pub p90: f64,
    /// 99th percentile over trials.
    pub p99: f64,
    /// Worst trial.
    pub max: f64,
    /// Relative error of the percentiles: 0 when exact (up to a million trials with
    /// downtime), 0.001 when read from a histogram with three significant digits.
    pub quantile_relative_error: f64,
}

/// The availability objective and how the design fares against it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TargetSummary {
    /// The objective, as a fraction.
    pub availability: f64,
    /// True when the interval's lower bound reaches the objective.
    pub met: bool,
    /// Share of trials whose own availability reached the objective.
    pub p_trial_meets: f64,
    /// Lower end of the exact (Clopper-Pearson) interval of `p_trial_meets`.
    pub p_trial_meets_ci_low: f64,
    /// Upper end of the exact (Clopper-Pearson) interval of `p_trial_meets`.
    pub p_trial_meets_ci_high: f64,
    /// "met" (the interval lies at or above the objective), "missed" (below it) or "not
    /// demonstrated" (it contains the objective, or there are too few trials).
    pub verdict: &'static str,
    /// Why, in plain words, and what would settle it.
    pub reason: String,
}

/// Outages of the service: maximal intervals with the system down.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OutageSummary {
    /// Outages beginning per year of operation.
    pub per_year: f64,
    /// Outages counted over all trials.
    pub count: u64,
    /// Lower end of the interval of `per_year`: Garwood's exact Poisson interval, widened
    /// to the Student t interval over trials where counts vary more than Poisson's.
    pub per_year_ci_low: f64,
    /// Upper end of the interval of `per_year`.
    pub per_year_ci_high: f64,
    /// Mean outage duration; null with no outage.
    pub mean_duration_minutes: Option<f64>,
    /// 95th percentile of outage durations (three significant digits); null with no outage.
    pub p95_duration_minutes: Option<f64>,
    /// Up time per outage: the mean time between failures; null with no outage.
    pub mtbf_hours: Option<f64>,
}

/// Planned (maintenance) downtime apart from unplanned.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlannedSummary {
    /// Minutes per year of outages begun by planned maintenance.
    pub planned_minutes_per_year: f64,
    /// Minutes per year of every other outage.
    pub unplanned_minutes_per_year: f64,
    /// Whether availability, downtime and the objective leave planned downtime out.
    pub excluded_from_availability: bool,
}

/// How much work the run did and how fast.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PerformanceSummary {
    /// Events processed over all trials.
    pub events: u64,
    /// Wall-clock seconds of the simulation.
    pub wall_seconds: f64,
    /// Events per wall-clock second.
    pub events_per_second: f64,
    /// Wall-clock seconds of the importance runs (0 without them), on top of
    /// `wall_seconds`.
    pub importance_seconds: f64,
}

/// An estimate with its confidence interval.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Estimate {
    /// Point estimate.
    pub mean: f64,
    /// Lower bound (null with one trial).
    pub ci_low: Option<f64>,
    /// Upper bound (null with one trial).
    pub ci_high: Option<f64>,
}

/// Downtime started by one cause: a component's failure mode or mechanism.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CauseSummary {
    /// The component.
    pub component: String,
    /// The failure mode or mechanism ("failback").
    pub cause: String,
    /// Outages it started, per year.
    pub outages_per_year: f64,
    /// Minutes per year of the outages it started (each outage counts wholly to the event
    /// that began it).
    pub downtime_minutes_per_year: f64,
    /// Its share of all downtime; null with no downtime.
    pub share_of_downtime: Option<f64>,
    /// Whether it is planned maintenance.
    pub planned: bool,
}

/// How much one component matters.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ComponentImportance {
    /// The component.
    pub component: String,
    /// Minutes per year of the outages its events started.
    pub downtime_minutes_per_year: f64,
    /// Share of the service's outages its events started; null with no outage.
    pub criticality: Option<f64>,
    /// Improvement potential: minutes of downtime a year saved if no instance of the
    /// component ever failed; null when not computed.
    pub improvement_potential_minutes_per_year: Option<Estimate>,
    /// Minutes a year saved if one instance never failed (for a single instance, the same as
    /// `improvement_potential_minutes_per_year`); null when not computed.
    pub instance_improvement_potential_minutes_per_year: Option<Estimate>,
    /// Risk achievement: minutes of downtime a year added if one instance were down for the
    /// whole horizon; null when not computed.
    pub risk_achievement_minutes_per_year: Option<Estimate>,
    /// What its importance cost: trials simulated for its variants (two, or three with
    /// several instances, each over `importance_trials` trials); null when not computed. The
    /// time of every importance run is `performance.importance_seconds`.
    pub importance_cost_trials: Option<u64>,
}

/// Where the downtime comes from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AttributionSummary {
    /// Causes that started at least one outage or took one over (a disaster), most downtime
    /// first.
    pub causes: Vec<CauseSummary>,
    /// Every component, most downtime first.
    pub components: Vec<ComponentImportance>,
    /// Trials behind each importance estimate (0: not computed).
    pub importance_trials: u64,
    /// Components whose importance was computed (the rest are null: beyond the budget).
    pub importance_components: u64,
    /// How importance is estimated.
    pub importance_method: &'static str,
}

/// How importance is estimated, as reports state it.
pub const IMPORTANCE_METHOD: &str = "each variant (component never fails; one instance never fails; one instance down for good) re-runs the first trials with the same random streams (common random numbers); paired t interval on per-trial downtime differences";

/// Recovery points or times of incidents, in seconds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RecoverySummary {
    /// Incidents measured (RPO: those with a restorable point).
    pub incidents: u64,
    /// Mean; null without incidents.
    pub mean_seconds: Option<f64>,
    /// Lower bound of the mean's confidence interval, from per-trial totals (a ratio
    /// estimator: incidents of one trial are not independent); null with fewer than two
    /// incidents or trials.
    pub ci_low_seconds: Option<f64>,
    /// Upper bound of the mean's confidence interval; null with fewer than two incidents.
    pub ci_high_seconds: Option<f64>,
    /// Median (three significant digits); null without incidents.
    pub p50_seconds: Option<f64>,
    /// 95th percentile (three significant digits); null without incidents.
    pub p95_seconds: Option<f64>,
    /// 99th percentile (three significant digits); null without incidents.
    pub p99_seconds: Option<f64>,
    /// Largest; null without incidents.
    pub max_seconds: Option<f64>,
    /// The objective; null when none is set (per data set in `data_sets`).
    pub objective_seconds: Option<f64>,
    /// Share of incidents meeting their objective (unrecoverable ones never do); null
    /// without objectives or incidents.
    pub met_share: Option<f64>,
    /// Lower end of the interval of `met_share` (Clopper-Pearson at the effective number
    /// of incidents given their clustering in trials); null with `met_share`.
    pub met_share_ci_low: Option<f64>,
    /// Upper end of the interval of `met_share`; null with `met_share`.
    pub met_share_ci_high: Option<f64>,
}

/// Backup storage used over time.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StorageSummary {
    /// Average bytes stored.
    pub mean_bytes: f64,
    /// Most bytes stored at once.
    pub peak_bytes: f64,
}

/// Recovery of one data set.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataSetSummary {
    /// Name.
    pub name: String,
    /// Component holding its replicas.
    pub stored_on: String,
    /// Incidents per year: failovers of its component and disasters.
    pub incidents_per_year: f64,
    /// Disasters per year with no restorable backup.
    pub unrecoverable_per_year: f64,
    /// Recovery points.
    pub rpo: RecoverySummary,
    /// Recovery times.
    pub rto: RecoverySummary,
    /// Backup storage.
    pub backup_storage: StorageSummary,
    /// `--method rare`: which estimator gave this data set's figures, and why (null for
    /// plain runs).
    pub method: Option<super::DataMethod>,
}

/// Availability of SLA windows across all trials.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WindowAvailability {
    /// Mean over windows.
    pub mean: f64,
    /// 1st percentile (the worst window in a hundred).
    pub p1: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
}

/// The service level judged per window (a month, usually), as SLAs are.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SlaSummary {
    /// Hours per window.
    pub window_hours: f64,
    /// Whole windows per trial (a partial last window is not judged).
    pub windows_per_trial: u64,
    /// The windows' availability objective.
    pub objective: f64,
    /// Availability of the windows (three significant digits of downtime); null without
    /// windows.
    pub window_availability: Option<WindowAvailability>,
    /// Probability that a window breaches the objective, with its interval; null without
    /// windows.
    pub p_window_breach: Option<Estimate>,
    /// Expected service credits per year, in window fees (1.0: one month's fee), with its
    /// interval; null without a credit table or windows.
    pub expected_credit_per_year: Option<Estimate>,
}

/// Every headline figure of a run.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// Seed of the run.
    pub seed: u64,
    /// Number of trials.
    pub trials: u64,
    /// Length of one trial, in hours.
    pub horizon_hours: f64,
    /// Time availability.
    pub availability: AvailabilitySummary,
    /// Share of requests served: below time availability where failed backends still get
    /// traffic, above it where a degraded group still serves part of the load.
    pub request_availability: RequestSummary,
    /// Downtime per year.
    pub downtime_minutes_per_year: DowntimeSummary,
    /// The objective.
    pub target: TargetSummary,
    /// Outages.
    pub outages: OutageSummary,
    /// Planned and unplanned downtime.
    pub planned_downtime: PlannedSummary,
    /// The service level per window.
    pub sla: SlaSummary,
    /// Where the downtime comes from.
    pub attribution: AttributionSummary,
    /// Recovery points over every data set's incidents (seconds).
    pub rpo: RecoverySummary,
    /// Recovery times over every data set's incidents (seconds).
    pub rto: RecoverySummary,
    /// Recovery per data set.
    pub data_sets: Vec<DataSetSummary>,
    /// Work and speed.
    pub performance: PerformanceSummary,
    /// How the run was stopped: a fixed number of trials or a requested precision.
    pub stopping: StoppingSummary,
    /// Exact figures beside the simulation (added key): see [`crate::exact::ExactSummary`].
    pub exact: crate::exact::ExactSummary,
    /// Data durability of every data set with redundancy, by name (added key, absent when
    /// none has): see [`super::DurabilitySummary`].
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub durability: std::collections::BTreeMap<String, super::DurabilitySummary>,
    /// The rare-event method's estimates and diagnostics (added key); null for plain runs.
    pub rare: Option<super::RareSummary>,
    /// Under `--method rare`, which estimator gave the service's figures and why (added
    /// key, absent for plain runs): see [`super::ServiceMethod`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_method: Option<super::ServiceMethod>,
    /// Under `--method rare`, each redundant block's own figures and its all-instances-down
    /// part (added key, absent for plain runs): see [`super::BlockFigures`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Vec<super::BlockFigures>>,
    /// Money per year (added key), with `[cost]`: see [`super::cost::CostSummary`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<super::cost::CostSummary>,
    /// Demand against capacity (added key; null without `[load]`): see
    /// [`super::LoadSummary`].
    pub load: Option<super::LoadSummary>,
    /// Availability, downtime and outages per operational phase (added key, absent without
    /// `[[phases]]`): see [`super::PhaseSummary`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<super::PhaseSummary>,
}

impl Summary {
    /// Computes the summary of a finished run, with the importance of its components when
    /// computed.
    pub fn new(model: &Model, run: &RunOutput, importance: Option<&Importance>) -> Summary {
        let settings = &model.settings;
        let horizon = settings.horizon;
        let stats = &run.stats;

        // Intervals are computed on the losses (unavailability, requests lost), which are
        // zero in most trials when outages are rare: see bounded.rs. The precision stop
        // (stopping.rs) reads the same interval.
        let unavailable = stats.unavailability_interval(settings.confidence);
        let requests =
            stats
                .requests_lost
                .interval((0.0, 1.0), settings.confidence, settings.seed ^ 1);
        let unavailability = unavailable.mean;
        let nines = (unavailability > 0.0).then(|| -unavailability.log10());
        let availability_low = unavailable.high.map(|high| 1.0 - high);
        let availability_high = unavailable.low.map(|low| 1.0 - low);

        let per_year = YEAR / horizon;
        let q = stats.downtime.quantiles(&[0.5, 0.9, 0.99]);
        let trials = stats.trials.max(1) as f64;

        let total_downtime = stats.downtime_hours;
        let planned = stats.planned_hours;
        let outages = stats.outages;
        let total_time = horizon * stats.trials as f64;
        let with_outages = |value: f64| (outages > 0).then_some(value);
        let (meets_low, meets_high) = clopper_pearson(
            stats.meeting_target as f64,
            stats.trials as f64,
            settings.confidence,
        );
        let outage_rate = outage_rate(stats, outages, total_time, settings.confidence);
        let judged = Verdict {
            target: settings.target,
            low: availability_low,
            high: availability_high,
            mean: 1.0 - unavailability,
            trials: stats.trials,
            trials_with_downtime: unavailable.nonzero,
            horizon,
            confidence: settings.confidence,
        };
        let (verdict, reason) = verdict(&judged);
        let (rpo, rto) = recoveries(model, run);

        let mut summary = Summary {
            scenario: model.name.clone(),
            seed: settings.seed,
            trials: stats.trials,
            horizon_hours: horizon,
            availability: AvailabilitySummary {
                mean: 1.0 - unavailability,
                ci_low: availability_low,
                ci_high: availability_high,
                confidence: settings.confidence,
                nines,
                nines_lower_bound: availability_low.map(|low| -(1.0 - low).log10()),
                trials_with_downtime: unavailable.nonzero,
                method: unavailable.method.name(),
            },
            request_availability: RequestSummary {
                mean: 1.0 - requests.mean,
                ci_low: requests.high.map(|high| 1.0 - high),
                ci_high: requests.low.map(|low| 1.0 - low),
                confidence: settings.confidence,
                method: requests.method.name(),
            },
            downtime_minutes_per_year: DowntimeSummary {
                mean: unavailability * MINUTES_PER_YEAR,
                p50: q[0],
                p90: q[1],
                p99: q[2],
                max: stats.downtime.max_minutes(),
                quantile_relative_error: stats.downtime.relative_error(),
            },
            target: TargetSummary {
                availability: settings.target,
                met: verdict == "met",
                p_trial_meets: stats.meeting_target as f64 / trials,
                p_trial_meets_ci_low: meets_low,
                p_trial_meets_ci_high: meets_high,
                verdict,
                reason,
            },
            outages: OutageSummary {
                per_year: outages as f64 / total_time * YEAR,
                count: outages,
                per_year_ci_low: outage_rate.0,
                per_year_ci_high: outage_rate.1,
                mean_duration_minutes: with_outages(total_downtime / outages as f64 * 60.0),
                p95_duration_minutes: run.tally.outage_quantile(0.95).map(|h| h * 60.0),
                mtbf_hours: with_outages((total_time - total_downtime) / outages as f64),
            },
            planned_downtime: PlannedSummary {
                planned_minutes_per_year: planned * 60.0 / total_time * YEAR,
                unplanned_minutes_per_year: (total_downtime - planned) * 60.0 / total_time * YEAR,
                excluded_from_availability: settings.exclude_planned,
            },
            sla: sla(model, run),
            attribution: attribution(model, run, importance, total_time, per_year),
            rpo,
            rto,
            data_sets: model
                .data
                .iter()
                .zip(&run.tally.data)
                .map(|(set, tally)| DataSetSummary {
                    name: set.name.clone(),
                    stored_on: model.components[set.stored_on].name.clone(),
                    incidents_per_year: tally.incidents as f64 / total_time * YEAR,
                    unrecoverable_per_year: tally.unrecoverable as f64 / total_time * YEAR,
                    rpo: recovery(
                        tally,
                        true,
                        set.rpo,
                        set.rpo.map(|_| (tally.incidents, &tally.per_trial.rpo_met)),
                        settings.confidence,
                    ),
                    rto: recovery(
                        tally,
                        false,
                        set.rto,
                        set.rto.map(|_| (tally.incidents, &tally.per_trial.rto_met)),
                        settings.confidence,
                    ),
                    backup_storage: StorageSummary {
                        mean_bytes: tally.storage_mean(total_time),
                        peak_bytes: tally.storage_peak,
                    },
                    method: None,
                })
                .collect(),
            performance: PerformanceSummary {
                events: run.tally.events,
                wall_seconds: run.wall_seconds,
                events_per_second: run.tally.events as f64 / run.wall_seconds.max(1e-9),
                importance_seconds: importance.map_or(0.0, |i| i.seconds),
            },
            stopping: StoppingSummary::new(&run.rule, run.stopped, &run.stats, settings.confidence),
            exact: crate::exact::ExactSummary::of(model),
            durability: super::durability::summaries(model, &run.tally, stats.trials),
            rare: None,
            service_method: None,
            blocks: None,
            cost: None,
            load: super::load_summary(model, &run.tally),
            phases: super::phase_summaries(model, &run.tally),
        };
        summary.cost = super::cost::summarize(
            model,
            &summary.availability,
            &summary.request_availability,
            &summary.sla,
        );
        summary
    }
}

fn attribution(
    model: &Model,
    run: &RunOutput,
    importance: Option<&Importance>,
    total_time: f64,
    per_year: f64,
) -> AttributionSummary {
    let layout = &model.layout;
    let years = total_time / YEAR;
    let tally = &run.tally;
    let total_downtime: f64 = (0..layout.causes.len())
        .map(|c| tally.downtime_by_cause(c))
        .sum();
    let total_outages: u64 = (0..layout.causes.len())
        .map(|c| tally.outages_by_cause(c))
        .sum();
    // mutants: equivalent because `>` → `>=` differs only when outages were counted with no
    // downtime at all; a repair of no time counts no outage (tests/summary_figures.rs), and
    // an outage taken over keeps its downtime under the taker, so none is known to.
    let share = |hours: f64| (total_downtime > 0.0).then(|| hours / total_downtime);

    let mut causes: Vec<CauseSummary> = layout
        .causes
        .iter()
        .enumerate()
        // A disaster that took over an outage has downtime but began no outage.
        .filter(|(c, _)| tally.outages_by_cause(*c) > 0 || tally.downtime_by_cause(*c) > 0.0)
        .map(|(c, cause)| CauseSummary {
            component: model.components[cause.component as usize].name.clone(),
            cause: cause.label.clone(),
            outages_per_year: tally.outages_by_cause(c) as f64 / years,
            downtime_minutes_per_year: tally.downtime_by_cause(c) * 60.0 / years,
            share_of_downtime: share(tally.downtime_by_cause(c)),
            planned: cause.planned,
        })
        .collect();
    causes.sort_by(|a, b| {
        b.downtime_minutes_per_year
            .total_cmp(&a.downtime_minutes_per_year)
            .then_with(|| a.component.cmp(&b.component))
            .then_with(|| a.cause.cmp(&b.cause))
    });

    let mut components: Vec<ComponentImportance> = model
        .components
        .iter()
        .enumerate()
        .map(|(i, component)| {
            let of_component = || {
                layout
                    .causes
                    .iter()
                    .enumerate()
                    .filter(move |(_, cause)| cause.component as usize == i)
                    .map(|(c, _)| c)
            };
            let downtime: f64 = of_component().map(|c| tally.downtime_by_cause(c)).sum();
            let outages: u64 = of_component().map(|c| tally.outages_by_cause(c)).sum();
            let class = importance.and_then(|imp| imp.classes.iter().find(|k| k.component == i));
            // Per-trial differences are hours of downtime per trial: minutes per year.
            let minutes = |m: &Moments| {
                let e = moments_interval(m, model.settings.confidence);
                let scale = 60.0 * per_year;
                Estimate {
                    mean: e.mean * scale,
                    ci_low: e.low.map(|v| v * scale),
                    ci_high: e.high.map(|v| v * scale),
                }
            };
            ComponentImportance {
                component: component.name.clone(),
                downtime_minutes_per_year: downtime * 60.0 / years,
                criticality: (total_outages > 0).then(|| outages as f64 / total_outages as f64),
                improvement_potential_minutes_per_year: class.map(|k| minutes(&k.improvement)),
                instance_improvement_potential_minutes_per_year: class
                    .map(|k| minutes(k.instance_improvement.as_ref().unwrap_or(&k.improvement))),
                risk_achievement_minutes_per_year: class.map(|k| minutes(&k.risk)),
                importance_cost_trials: class.map(|k| {
                    importance.map_or(0, |i| i.trials)
                        * if k.instance_improvement.is_some() {
                            3
                        } else {
                            2
                        }
                }),
            }
        })
        .collect();
    components.sort_by(|a, b| {
        b.downtime_minutes_per_year
            .total_cmp(&a.downtime_minutes_per_year)
            .then_with(|| a.component.cmp(&b.component))
    });

    AttributionSummary {
        causes,
        components,
        importance_trials: importance
            .filter(|i| !i.classes.is_empty())
            .map_or(0, |i| i.trials),
        importance_components: importance.map_or(0, |i| i.classes.len() as u64),
        importance_method: IMPORTANCE_METHOD,
    }
}

impl Summary {
    /// Disasters per year, over every data set, that no backup could restore: each lost
    /// data, and cost the downtime of its rebuild (or the rest of the trial).
    pub fn unrecoverable_per_year(&self) -> f64 {
        self.data_sets
            .iter()
            .map(|d| d.unrecoverable_per_year)
            .sum()
    }
}

/// Recovery points and times over every data set's incidents (`rpo`, `rto`), as the summary
/// reports them; plan's interim rounds read them alone (study::figures).
pub(crate) fn recoveries(model: &Model, run: &RunOutput) -> (RecoverySummary, RecoverySummary) {
    let combined = DataTally::combined(&run.tally.data);
    let confidence = model.settings.confidence;
    let (rpo_judged, rto_judged) = (judged(model, run, |d| d.rpo), judged(model, run, |d| d.rto));
    (
        recovery(
            &combined,
            true,
            None,
            rpo_judged
                .as_ref()
                .map(|t| (t.incidents, &t.per_trial.rpo_met)),
            confidence,
        ),
        recovery(
            &combined,
            false,
            None,
            rto_judged
                .as_ref()
                .map(|t| (t.incidents, &t.per_trial.rto_met)),
            confidence,
        ),
    )
}

/// Whether a run's SLA credits are counted: whole windows in the horizon, windows tallied,
/// and credit tiers.
pub(crate) fn credits_counted(model: &Model, run: &RunOutput) -> bool {
    let windows = (model.settings.horizon / model.sla.window + 1e-9).floor() as u64;
    // mutants: equivalent because either `>` → `>=` leaves the other test deciding alone,
    // and each implies the other: the engine tallies this same count of windows in every
    // trial (engine/trial.rs's `window_downtime`), and a run has at least one trial.
    windows > 0 && run.tally.window_count() > 0 && !model.sla.credits.is_empty()
}

/// The incidents of the data sets that set the objective `of`, together, or `None` if none
/// does: the met share and its interval count these only (the others meet no objective).
fn judged(
    model: &Model,
    run: &RunOutput,
    of: impl Fn(&crate::model::DataSet) -> Option<f64>,
) -> Option<DataTally> {
    let sets: Vec<&DataTally> = model
        .data
        .iter()
        .zip(&run.tally.data)
        .filter(|(set, _)| of(set).is_some())
        .map(|(_, tally)| tally)
        .collect();
    (!sets.is_empty()).then(|| DataTally::combined(sets))
}

/// Recovery points (`rpo`) or times of a tally, in seconds; `judged` incidents had an
/// objective to meet, with their per-trial sums of those meeting it.
fn recovery(
    tally: &DataTally,
    rpo: bool,
    objective: Option<f64>,
    judged: Option<(u64, &ClusterSums)>,
    confidence: f64,
) -> RecoverySummary {
    let stats = if rpo { tally.rpo() } else { tally.rto() };
    let seconds = |hours: f64| hours * 3600.0;
    let per_trial = if rpo {
        &tally.per_trial.rpo
    } else {
        &tally.per_trial.rto
    };
    // Per-trial totals are in milliseconds, the histogram's sd in hours.
    let interval = stats.and_then(|s| {
        per_trial
            .mean_interval(s.sd * MS_PER_HOUR, confidence)
            .map(|(low, high)| (low / MS_PER_HOUR, high / MS_PER_HOUR))
    });
    let met = if rpo { tally.rpo_met } else { tally.rto_met };
    // mutants: equivalent because `>` → `>=` adds only n = 0, where the judged sums hold no
    // incident either, so `share_interval` gives `None` all the same.
    let share = judged
        .filter(|&(n, _)| n > 0)
        .and_then(|(_, met_sums)| met_sums.share_interval(confidence));
    RecoverySummary {
        incidents: stats.map_or(0, |s| s.count),
        mean_seconds: stats.map(|s| seconds(s.mean)),
        ci_low_seconds: interval.map(|(low, _)| seconds(low)),
        ci_high_seconds: interval.map(|(_, high)| seconds(high)),
        p50_seconds: stats.map(|s| seconds(s.p50)),
        p95_seconds: stats.map(|s| seconds(s.p95)),
        p99_seconds: stats.map(|s| seconds(s.p99)),
        max_seconds: stats.map(|s| seconds(s.max)),
        objective_seconds: objective.map(seconds),
        met_share: judged
            .filter(|&(n, _)| n > 0)
            .map(|(n, _)| met as f64 / n as f64),
        met_share_ci_low: share.map(|(_, low, _)| low),
        met_share_ci_high: share.map(|(_, _, high)| high),
    }
}

/// Milliseconds per hour: per-trial recovery totals are kept in milliseconds.
const MS_PER_HOUR: f64 = 3_600_000.0;

/// Interval of outages per year: Garwood's exact Poisson interval on the total count, and,
/// where trials' counts vary more than a Poisson count would (common causes make them
/// overdispersed), the Student t interval over per-trial counts: the union of the two.
fn outage_rate(stats: &TrialStats, outages: u64, total_time: f64, confidence: f64) -> (f64, f64) {
    let years = total_time / YEAR;
    if years <= 0.0 {
        return (0.0, 0.0);
    }
    let (low, high) = garwood(outages, confidence);
    let (mut low, mut high) = (low / years, high / years);
    let per_trial = moments_interval(&stats.outage_counts, confidence);
    let trial_years = years / stats.trials as f64;
    if let (Some(l), Some(h)) = (per_trial.low, per_trial.high) {
        low = low.min((l / trial_years).max(0.0));
        high = high.max(h / trial_years);
    }
    (low, high)
}

fn sla(model: &Model, run: &RunOutput) -> SlaSummary {
    let settings = &model.settings;
    let window = model.sla.window;
    let windows = (settings.horizon / window + 1e-9).floor() as u64;
    let objective = model.sla.objective.unwrap_or(settings.target);
    let estimate = |interval: BoundedInterval| Estimate {
        mean: interval.mean,
        ci_low: interval.low,
        ci_high: interval.high,
    };
    // mutants: equivalent because the two tests imply each other (see `credits_counted`),
    // so `&&` → `||` and either `>` → `>=` (leaving the other test alone) give the same.
    let judged = windows > 0 && run.tally.window_count() > 0;
    let availability_at = |q: f64| {
        run.tally
            .window_downtime_quantile(1.0 - q)
            .map(|downtime| 1.0 - downtime / window)
            .unwrap_or(1.0)
    };
    let stats = &run.stats;
    let mean_downtime = stats.downtime_hours;
    SlaSummary {
        window_hours: window,
        windows_per_trial: windows,
        objective,
        window_availability: judged.then(|| WindowAvailability {
            // Whole windows cover the horizon when it is a multiple of the window; the mean
            // uses all downtime otherwise too, which is what a year of months averages to.
            mean: 1.0 - mean_downtime / (settings.horizon * stats.trials as f64),
            p1: availability_at(0.01),
            p5: availability_at(0.05),
            p10: availability_at(0.10),
            p50: availability_at(0.50),
        }),
        // Windows of one trial are not independent (an outage can span two): the share
        // is a ratio over trials with a clustered Clopper-Pearson interval (ratio.rs).
        p_window_breach: judged.then(|| {
            let (mean, low, high) = stats
                .windows_breached
                .share_interval(settings.confidence)
                .expect("judged runs have windows");
            Estimate {
                mean,
                ci_low: (stats.trials > 1).then_some(low),
                ci_high: (stats.trials > 1).then_some(high),
            }
        }),
        // Credits are mostly zero, like downtime: the same method; a trial earns at most
        // the largest credit in every window.
        expected_credit_per_year: credits_counted(model, run).then(|| {
            let per_year = YEAR / settings.horizon;
            let most = model
                .sla
                .credits
                .iter()
                .map(|t| t.credit)
                .fold(0.0, f64::max)
                * windows as f64
                * per_year;
            estimate(
                stats
                    .credit
                    .interval((0.0, most), settings.confidence, settings.seed ^ 2),
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// t(0.975, 3): `scipy.stats.t.ppf(0.975, 3)` (scipy 1.17.1).
    const T_975_3: f64 = 3.182_446_305_283_708;

    /// Trial statistics of a scenario whose horizon is half a year.
    fn half_year_stats() -> TrialStats {
        let model = crate::scenario::parse(
            r#"name = "t"
[simulation]
horizon = "4383h"
[components.a]
failure = { dist = "fixed", value = "100h" }
repair = { dist = "fixed", value = "1h" }
[system]
all = ["a"]
"#,
            "t.toml",
            std::path::Path::new("."),
            "t",
        )
        .expect("scenario compiles");
        TrialStats::new(&model)
    }

    #[test]
    fn overdispersed_outage_counts_widen_both_ends_of_the_rate_interval() {
        // Four half-year trials with 10, 10, 30 and 30 outages: mean 20, sd sqrt(400 / 3)
        // a trial. The t interval, 20 ± t × sd / 2 a trial, over half a year, is wider at
        // both ends than Garwood's on 80 outages in two years (about 32 to 50 a year).
        let mut stats = half_year_stats();
        stats.trials = 4;
        for count in [10.0, 10.0, 30.0, 30.0] {
            stats.outage_counts.push(count);
        }
        let half = T_975_3 * (400.0f64 / 3.0).sqrt() / 2.0;
        let (low, high) = outage_rate(&stats, 80, 4.0 * 4383.0, 0.95);
        assert!((low - (20.0 - half) / 0.5).abs() < 1e-9, "{low}");
        assert!((high - (20.0 + half) / 0.5).abs() < 1e-9, "{high}");
        assert_eq!(outage_rate(&stats, 80, 0.0, 0.95), (0.0, 0.0));
    }

    /// The credit interval's bootstrap draws its own stream, `seed ^ 2`: at seed 3 neither
    /// the unavailability's (the seed, 3) nor the requests' (`seed ^ 1`, 2), so that the three
    /// intervals' resamples are not the same draws. Twenty trials of exponential lives give
    /// credits that differ from trial to trial, so the three streams give three intervals.
    #[test]
    fn the_credit_interval_draws_its_own_bootstrap_stream() {
        let model = crate::scenario::parse(
            r#"name = "t"
[simulation]
horizon = "1000h"
trials = 20
seed = 3
[components.a]
failure = { dist = "exponential", mean = "150h" }
repair = { dist = "exponential", mean = "10h" }
[system]
all = ["a"]
[sla]
window = "100h"
objective = "95%"
credits = [{ below = "95%", credit = "10%" }, { below = "88%", credit = "25%" }]
"#,
            "t.toml",
            std::path::Path::new("."),
            "t",
        )
        .expect("scenario compiles");
        let run = crate::engine::simulate(&model, 1, &|_| {}).expect("simulation runs");
        let credit = Summary::new(&model, &run, None)
            .sla
            .expected_credit_per_year
            .expect("credits are counted");
        // At most 25% in each of ten windows, 8.766 horizons a year.
        let most = 0.25 * 10.0 * YEAR / 1000.0;
        let ends = |seed: u64| {
            let i = run.stats.credit.interval((0.0, most), 0.95, seed);
            (i.low, i.high)
        };
        assert_eq!((credit.ci_low, credit.ci_high), ends(3 ^ 2));
        assert_ne!(ends(3 ^ 2), ends(3));
        assert_ne!(ends(3 ^ 2), ends(2));
    }
}
