//! The summary's `load` key: demand against capacity over the day and the years.

use serde::Serialize;

use super::load_tally::ShareSums;
use super::{t_quantile, Tally};
use crate::model::{Model, PERIOD_HOURS};
use crate::units::YEAR;

/// Demand and capacity over one hour of the day.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HourLoad {
    /// Hour of the day, 0 to 23 (the trial starts at midnight).
    pub hour: u32,
    /// Mean demand in that hour over the horizon.
    pub mean_demand: f64,
    /// Share of that hour's requests served, over trials.
    pub served_share: f64,
    /// Share of that hour's time in capacity shortfall, over trials.
    pub shortfall_time_share: f64,
}

/// One balanced group's capacity against demand.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupCapacity {
    /// The component.
    pub component: String,
    /// Capacity per instance.
    pub per_instance: f64,
    /// Instances.
    pub instances: usize,
    /// Peak demand over the horizon divided by the capacity of every instance.
    pub peak_utilisation: f64,
    /// With `need = "peak"`, its headroom: the group counts as up while its instances up
    /// cover demand × (1 + this). Added key, absent with a fixed need.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_need_headroom: Option<f64>,
}

/// Request availability over one period (730 hours, about a month) of the trial; a last
/// period shorter than half that is left out.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PeriodLoad {
    /// Start of the period, in years from the start of the trial.
    pub start_years: f64,
    /// Peak demand in the period.
    pub peak_demand: f64,
    /// Share of the period's requests served, over trials.
    pub request_availability: ShareEstimate,
}

/// When a growing demand first makes the design miss the objective.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Runway {
    /// The objective on the share of each period's requests served.
    pub objective: f64,
    /// Start of the first period whose request availability is below the objective; null
    /// when none is within the horizon.
    pub years: Option<f64>,
    /// Start of the first period whose interval reaches below the objective (the earliest
    /// the design plausibly misses); null when none.
    pub years_low: Option<f64>,
    /// Start of the first period whose whole interval is below the objective (by then it
    /// has missed); null when none is within the horizon.
    pub years_high: Option<f64>,
}

/// A mean share over trials with its interval.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct ShareEstimate {
    /// Mean over trials.
    pub mean: f64,
    /// Lower end of the interval.
    pub ci_low: f64,
    /// Upper end of the interval.
    pub ci_high: f64,
}

impl ShareEstimate {
    /// The interval of a mean share in [0, 1] from per-trial sums: Student t, or with no
    /// nonzero share in any trial the exact (Clopper-Pearson) bound for no event in n
    /// trials, which bounds the mean of a share in [0, 1] too.
    fn of(sums: &ShareSums, trials: u64, confidence: f64) -> ShareEstimate {
        let (mean, variance) = sums.moments(trials);
        let alpha = 1.0 - confidence;
        let (ci_low, ci_high) = if mean == 0.0 {
            (0.0, 1.0 - (alpha / 2.0).powf(1.0 / trials.max(1) as f64))
        } else if trials < 2 {
            (0.0, 1.0)
        } else {
            let t = t_quantile(1.0 - alpha / 2.0, (trials - 1) as f64);
            let half = t * (variance / trials as f64).sqrt();
            ((mean - half).max(0.0), (mean + half).min(1.0))
        };
        ShareEstimate {
            mean,
            ci_low,
            ci_high,
        }
    }

    /// One minus this share (a lost share into a served one).
    fn complement(self) -> ShareEstimate {
        ShareEstimate {
            mean: 1.0 - self.mean,
            ci_low: 1.0 - self.ci_high,
            ci_high: 1.0 - self.ci_low,
        }
    }
}

/// Demand against capacity (added key `load`; null without `[load]`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LoadSummary {
    /// Unit of demand and capacity.
    pub unit: String,
    /// Mean demand over the horizon.
    pub mean_demand: f64,
    /// Peak demand over the horizon.
    pub peak_demand: f64,
    /// Share of time in capacity shortfall (a group's backends in rotation get more than
    /// their capacity), over trials.
    pub shortfall_time_share: ShareEstimate,
    /// Share of requests that arrived in capacity shortfall, over trials.
    pub shortfall_request_share: ShareEstimate,
    /// By hour of the day.
    pub by_hour: Vec<HourLoad>,
    /// Balanced groups with a capacity.
    pub capacity: Vec<GroupCapacity>,
    /// Blocks whose members pool their capacity (added key, left out when there is none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pools: Vec<super::PoolCapacity>,
    /// By period of 730 hours.
    pub periods: Vec<PeriodLoad>,
    /// With growth: when the design first misses the objective.
    pub runway: Option<Runway>,
}

/// The `load` summary of a run of `model`, from its tally.
pub fn load_summary(model: &Model, tally: &Tally) -> Option<LoadSummary> {
    let load = model.load.as_ref()?;
    let settings = &model.settings;
    let horizon = settings.horizon;
    let table = load.table(horizon);
    let peak_demand = table.peak();
    let lt = &tally.load;
    let mut hour_demand = [0.0; 24];
    let mut hour_time = [0.0; 24];
    for h in 0..table.hours() {
        let width = (horizon - h as f64).min(1.0);
        hour_demand[h % 24] += table.hour(h) * width;
        hour_time[h % 24] += width;
    }
    let lost = lt.lost_share_by_hour();
    let short = lt.shortfall_hours_by_hour();
    let by_hour = (0..24)
        .map(|h| HourLoad {
            hour: h as u32,
            mean_demand: hour_demand[h] / hour_time[h].max(1e-12),
            served_share: 1.0 - lost[h],
            shortfall_time_share: short[h] / hour_time[h].max(1e-12),
        })
        .collect();
    let capacity = model
        .layout
        .balanced
        .iter()
        .filter_map(|g| {
            let c = &model.components[g.component as usize];
            let per_instance = load.capacity[g.component as usize]?;
            Some(GroupCapacity {
                component: c.name.clone(),
                per_instance,
                instances: c.count,
                peak_utilisation: peak_demand / (per_instance * c.count as f64),
                peak_need_headroom: load.peak_need[g.component as usize],
            })
        })
        .collect();
    let n = lt.trials;
    let confidence = settings.confidence;
    let periods: Vec<PeriodLoad> = lt
        .period_lost
        .iter()
        .enumerate()
        // A last period shorter than half a period (a horizon of whole years ends with a few
        // hours) would stand for too little time to judge the objective on.
        .filter(|(p, _)| p * PERIOD_HOURS + PERIOD_HOURS / 2 <= table.hours() || *p == 0)
        .map(|(p, sums)| {
            let first = p * PERIOD_HOURS;
            let last = ((p + 1) * PERIOD_HOURS).min(table.hours()) - 1;
            PeriodLoad {
                start_years: first as f64 / YEAR,
                peak_demand: table.max_over(first, last),
                request_availability: ShareEstimate::of(sums, n, confidence).complement(),
            }
        })
        .collect();
    let runway = load.growth.map(|_| {
        let objective = settings.target;
        let first = |miss: &dyn Fn(&PeriodLoad) -> bool| {
            periods.iter().find(|p| miss(p)).map(|p| p.start_years)
        };
        Runway {
            objective,
            years: first(&|p| p.request_availability.mean < objective),
            years_low: first(&|p| p.request_availability.ci_low < objective),
            years_high: first(&|p| p.request_availability.ci_high < objective),
        }
    });
    Some(LoadSummary {
        unit: load.unit.clone(),
        mean_demand: table.total() / horizon,
        peak_demand,
        shortfall_time_share: ShareEstimate::of(&lt.shortfall_time, n, confidence),
        shortfall_request_share: ShareEstimate::of(&lt.shortfall_demand, n, confidence),
        by_hour,
        capacity,
        pools: super::pool_capacity::pool_capacities(model, load, peak_demand),
        periods,
        runway,
    })
}
