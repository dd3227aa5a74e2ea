//! The summary of a run: every headline figure, in the shape of DESIGN.md's summary JSON
//! contract (field names and units are relied on by users' scripts).

use serde::Serialize;

use super::{moments_interval, DataTally, Moments, StoppingSummary};
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
}

/// Outages of the service: maximal intervals with the system down.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OutageSummary {
    /// Outages beginning per year of operation.
    pub per_year: f64,
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
#[derive(Debug, Clone, Serialize, PartialEq)]
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
    /// Lower bound of the mean's confidence interval (incidents taken as independent);
    /// null with fewer than two incidents.
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
}

impl Summary {
    /// Computes the summary of a finished run, with the importance of its components when
    /// computed.
    pub fn new(model: &Model, run: &RunOutput, importance: Option<&Importance>) -> Summary {
        let settings = &model.settings;
        let horizon = settings.horizon;
        let stats = &run.stats;

        let interval = moments_interval(&stats.availability, settings.confidence);
        let requests = moments_interval(&stats.requests, settings.confidence);
        let unavailability = 1.0 - interval.mean;
        let nines = (unavailability > 0.0).then(|| -unavailability.log10());

        let per_year = YEAR / horizon;
        let q = stats.downtime.quantiles(&[0.5, 0.9, 0.99]);
        let trials = stats.trials.max(1) as f64;

        let total_downtime = stats.downtime_hours;
        let planned = stats.planned_hours;
        let outages = stats.outages;
        let total_time = horizon * stats.trials as f64;
        let with_outages = |value: f64| (outages > 0).then_some(value);

        Summary {
            scenario: model.name.clone(),
            seed: settings.seed,
            trials: stats.trials,
            horizon_hours: horizon,
            availability: AvailabilitySummary {
                mean: interval.mean,
                // A Student-t interval can reach past 100% when downtime is rare; no
                // availability can, so the bounds are clipped.
                ci_low: interval.low.map(|low| low.clamp(0.0, 1.0)),
                ci_high: interval.high.map(|high| high.clamp(0.0, 1.0)),
                confidence: settings.confidence,
                nines,
            },
            request_availability: RequestSummary {
                mean: requests.mean,
                ci_low: requests.low.map(|low| low.clamp(0.0, 1.0)),
                ci_high: requests.high.map(|high| high.clamp(0.0, 1.0)),
                confidence: settings.confidence,
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
                met: interval.low.is_some_and(|low| low >= settings.target),
                p_trial_meets: stats.meeting_target as f64 / trials,
            },
            outages: OutageSummary {
                per_year: outages as f64 / total_time * YEAR,
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
            rpo: recovery(
                &DataTally::combined(&run.tally.data),
                true,
                None,
                objective_incidents(model, run, |d| d.rpo),
                settings.confidence,
            ),
            rto: recovery(
                &DataTally::combined(&run.tally.data),
                false,
                None,
                objective_incidents(model, run, |d| d.rto),
                settings.confidence,
            ),
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
                        set.rpo.map(|_| tally.incidents),
                        settings.confidence,
                    ),
                    rto: recovery(
                        tally,
                        false,
                        set.rto,
                        set.rto.map(|_| tally.incidents),
                        settings.confidence,
                    ),
                    backup_storage: StorageSummary {
                        mean_bytes: tally.storage_mean(total_time),
                        peak_bytes: tally.storage_peak,
                    },
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
        }
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

/// Incidents of the data sets that set the objective `of`, or `None` if none does.
fn objective_incidents(
    model: &Model,
    run: &RunOutput,
    of: impl Fn(&crate::model::DataSet) -> Option<f64>,
) -> Option<u64> {
    let mut any = false;
    let incidents = model
        .data
        .iter()
        .zip(&run.tally.data)
        .filter(|(set, _)| of(set).is_some())
        .map(|(_, tally)| {
            any = true;
            tally.incidents
        })
        .sum();
    any.then_some(incidents)
}

/// Recovery points (`rpo`) or times of a tally, in seconds; `judged` incidents had an
/// objective to meet.
fn recovery(
    tally: &DataTally,
    rpo: bool,
    objective: Option<f64>,
    judged: Option<u64>,
    confidence: f64,
) -> RecoverySummary {
    let stats = if rpo { tally.rpo() } else { tally.rto() };
    let seconds = |hours: f64| hours * 3600.0;
    let half_width = stats.filter(|s| s.count > 1).map(|s| {
        let t = statrs::distribution::StudentsT::new(0.0, 1.0, (s.count - 1) as f64)
            .expect("degrees of freedom are positive");
        use statrs::distribution::ContinuousCDF;
        t.inverse_cdf(0.5 + confidence / 2.0) * s.sd / (s.count as f64).sqrt()
    });
    let met = if rpo { tally.rpo_met } else { tally.rto_met };
    RecoverySummary {
        incidents: stats.map_or(0, |s| s.count),
        mean_seconds: stats.map(|s| seconds(s.mean)),
        ci_low_seconds: stats
            .zip(half_width)
            .map(|(s, h)| seconds((s.mean - h).max(0.0))),
        ci_high_seconds: stats.zip(half_width).map(|(s, h)| seconds(s.mean + h)),
        p50_seconds: stats.map(|s| seconds(s.p50)),
        p95_seconds: stats.map(|s| seconds(s.p95)),
        p99_seconds: stats.map(|s| seconds(s.p99)),
        max_seconds: stats.map(|s| seconds(s.max)),
        objective_seconds: objective.map(seconds),
        met_share: judged.filter(|&n| n > 0).map(|n| met as f64 / n as f64),
    }
}

fn sla(model: &Model, run: &RunOutput) -> SlaSummary {
    let settings = &model.settings;
    let window = model.sla.window;
    let windows = (settings.horizon / window + 1e-9).floor() as u64;
    let objective = model.sla.objective.unwrap_or(settings.target);
    let estimate = |moments: &Moments| {
        let interval = moments_interval(moments, settings.confidence);
        Estimate {
            mean: interval.mean,
            ci_low: interval.low.map(|v| v.max(0.0)),
            ci_high: interval.high,
        }
    };
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
        p_window_breach: judged.then(|| estimate(&stats.window_breach)),
        expected_credit_per_year: (judged && !model.sla.credits.is_empty())
            .then(|| estimate(&stats.credit)),
    }
}
