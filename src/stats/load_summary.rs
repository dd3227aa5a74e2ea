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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{LoadTally, LoadTrial};

    /// A day rising from 1.0 at midnight to 2.0 at 10:00, then falling by 0.1 an hour.
    const DAILY: [f64; 24] = [
        1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 1.9, 1.8, 1.7, 1.6, 1.5, 1.4, 1.3,
        1.2, 1.1, 1.0, 0.9, 0.8, 0.7,
    ];

    /// Four backends of 1000 rps behind a balancer, 100 rps on `DAILY` growing linearly by
    /// 20% a year (`[load]` and the capacity left out without `load`).
    fn model(horizon: &str, load: bool) -> Model {
        let daily: Vec<String> = DAILY.iter().map(f64::to_string).collect();
        let (load, capacity) = if load {
            (
                format!(
                    "[load]\ndemand = \"100 rps\"\ndaily = [{}]\ngrowth = \"20%/y\"\ngrowth_kind = \"linear\"\n",
                    daily.join(", ")
                ),
                "capacity = \"1000 rps\"",
            )
        } else {
            (String::new(), "")
        };
        let source = format!(
            r#"[simulation]
horizon = "{horizon}"
target = "99%"
{load}
[components.lb]
failure = {{ dist = "fixed", value = "1000y" }}
repair = {{ dist = "fixed", value = "1h" }}
[components.web]
count = 4
need = 1
{capacity}
failure = {{ dist = "exponential", mean = "90h" }}
repair = {{ dist = "exponential", mean = "10h" }}
[components.web.health_check]
balancer = "lb"
interval = "1ms"
unhealthy_threshold = 1
healthy_threshold = 1
[system]
all = ["lb", "web"]
"#
        );
        crate::scenario::parse(&source, "t.toml", std::path::Path::new("."), "t")
            .expect("scenario compiles")
    }

    /// Trial `i`'s lost share in each of six periods: none; 1% (exactly the objective's
    /// complement); 0.5% or 1.48% (mean 0.99%); 0.5% or 1.52% (mean 1.01%); 2%; 50%.
    fn period_lost(i: usize) -> [f64; 6] {
        let even = i.is_multiple_of(2);
        [
            0.0,
            0.01,
            if even { 0.005 } else { 0.0148 },
            if even { 0.005 } else { 0.0152 },
            0.02,
            0.5,
        ]
    }

    /// A tally of 1000 trials: trial i spends (i mod 4)·0.1% of its time short of capacity,
    /// has no request in shortfall, loses 0.1%·h of hour h's requests and is short for
    /// 0.5·(h mod 3) hours at hour h, and loses `period_lost(i)`.
    fn tally(model: &Model) -> Tally {
        let mut tally = Tally::new(model.layout.causes.len(), model.data.len());
        let lost: [f64; 24] = std::array::from_fn(|h| 0.001 * h as f64);
        let short: [f64; 24] = std::array::from_fn(|h| 0.5 * (h % 3) as f64);
        let mut load = LoadTally::default();
        for i in 0..1000 {
            load.add_trial(LoadTrial {
                shortfall_time_share: (i % 4) as f64 * 0.001,
                shortfall_demand_share: 0.0,
                lost_share_by_hour: &lost,
                shortfall_by_hour: &short,
                lost_share_by_period: &period_lost(i),
                shortfall_episodes: 0,
            });
        }
        tally.load = load;
        tally
    }

    fn close(actual: f64, expected: f64, what: &str) {
        assert!(
            (actual - expected).abs() <= 1e-12 * expected.abs().max(1e-3),
            "{what}: {actual}, expected {expected}"
        );
    }

    fn close_share(actual: &ShareEstimate, expected: [f64; 3], what: &str) {
        close(actual.mean, expected[0], what);
        close(actual.ci_low, expected[1], what);
        close(actual.ci_high, expected[2], what);
    }

    // Every expected value below is printed by `python3 scripts/load-summary-expected.py`
    // (demand from docs/load.md's definitions, intervals with scipy's t quantile).

    #[test]
    fn every_figure_follows_from_the_demand_and_the_tally() {
        // 3749.5 h: 3750 hours, the last (05:00 on day 156) half long; six periods, the
        // last of 100 hours too short to judge and left out.
        let model = model("3749.5h", true);
        let load = load_summary(&model, &tally(&model)).expect("the model has [load]");
        assert_eq!(load.unit, "rps");
        close(load.mean_demand, 145.0550395083475, "mean demand");
        close(load.peak_demand, 216.97467488021906, "peak demand");
        // Hours 0 to 4 come 157 times, hour 5 156.5 times, the others 156 times.
        let hours: [(f64, f64); 24] = [
            (104.27104722792605, 0.0),
            (114.6981519507187, 0.0031847133757961785),
            (125.12525667351127, 0.006369426751592357),
            (135.55236139630387, 0.0),
            (145.97946611909657, 0.0031847133757961785),
            (156.38610256443903, 0.006389776357827476),
            (166.7898699520876, 0.0),
            (177.21423682409312, 0.003205128205128205),
            (187.63860369609856, 0.00641025641025641),
            (198.06297056810402, 0.0),
            (208.48733744010946, 0.003205128205128205),
            (198.06297056810402, 0.00641025641025641),
            (187.63860369609856, 0.0),
            (177.21423682409312, 0.003205128205128205),
            (166.7898699520876, 0.00641025641025641),
            (156.36550308008216, 0.0),
            (145.9411362080767, 0.003205128205128205),
            (135.51676933607118, 0.00641025641025641),
            (125.0924024640657, 0.0),
            (114.66803559206025, 0.003205128205128205),
            (104.24366872005473, 0.00641025641025641),
            (93.81930184804928, 0.0),
            (83.3949349760438, 0.003205128205128205),
            (72.97056810403835, 0.00641025641025641),
        ];
        assert_eq!(load.by_hour.len(), 24);
        for (h, (row, (demand, short))) in load.by_hour.iter().zip(hours).enumerate() {
            assert_eq!(row.hour, h as u32);
            close(row.mean_demand, demand, &format!("hour {h} demand"));
            close(
                row.served_share,
                1.0 - 0.001 * h as f64,
                &format!("hour {h} served"),
            );
            close(row.shortfall_time_share, short, &format!("hour {h} short"));
        }
        assert_eq!(load.capacity.len(), 1);
        let web = &load.capacity[0];
        assert_eq!((web.component.as_str(), web.instances), ("web", 4));
        assert_eq!(web.per_instance, 1000.0);
        close(web.peak_utilisation, 0.05424366872005476, "utilisation");
        assert_eq!(web.peak_need_headroom, None);
        // Time in shortfall: 0, 0.1%, 0.2%, 0.3% in turn, t(0.975, 999) = 1.96234...; no
        // request in shortfall: the exact bound 1 - 0.025^(1/1000).
        close_share(
            &load.shortfall_time_share,
            [0.0015, 0.0014305860366286788, 0.0015694139633713213],
            "time in shortfall",
        );
        close_share(
            &load.shortfall_request_share,
            [0.0, 0.0, 0.00368208389686564],
            "requests in shortfall",
        );
        // (start in years, peak demand, availability, its interval)
        let periods: [(f64, f64, [f64; 3]); 5] = [
            (0.0, 203.17590691307322, [1.0, 0.9963179161031344, 1.0]),
            (0.08327629477526809, 206.57084188911705, [0.99, 0.99, 0.99]),
            (
                0.16655258955053617,
                209.85626283367557,
                [0.9901, 0.9897957798922555, 0.9904042201077444],
            ),
            (
                0.24982888432580425,
                213.25119780971934,
                [0.9899, 0.9895833627450007, 0.9902166372549993],
            ),
            (0.33310517910107235, 216.53661875427787, [0.98, 0.98, 0.98]),
        ];
        assert_eq!(load.periods.len(), 5, "{:?}", load.periods);
        for (p, (row, (start, peak, share))) in load.periods.iter().zip(periods).enumerate() {
            close(row.start_years, start, &format!("period {p} start"));
            close(row.peak_demand, peak, &format!("period {p} peak"));
            close_share(&row.request_availability, share, &format!("period {p}"));
        }
        // Period 1 sits exactly on the objective, so it is not a miss; period 2's interval
        // reaches below it, period 3's mean is below it, period 4 is wholly below.
        let runway = load.runway.expect("growth gives a runway");
        assert_eq!(runway.objective, 0.99);
        assert_eq!(load.periods[1].request_availability.ci_low, 0.99);
        assert_eq!(load.periods[1].request_availability.ci_high, 0.99);
        assert_eq!(runway.years_low, Some(load.periods[2].start_years));
        assert_eq!(runway.years, Some(load.periods[3].start_years));
        assert_eq!(runway.years_high, Some(load.periods[4].start_years));
    }

    #[test]
    fn a_horizon_shorter_than_half_a_period_keeps_its_one_period_and_no_load_gives_none() {
        let short = model("100h", true);
        let load = load_summary(&short, &tally(&short)).expect("the model has [load]");
        assert_eq!(load.periods.len(), 1);
        assert_eq!(load.periods[0].start_years, 0.0);
        // 10:00 on day 3, the last 10:00 in 100 h: 200 rps grown by 20% of 72 h in years.
        close(
            load.periods[0].peak_demand,
            200.0 * (1.0 + 14.4 / 8766.0),
            "peak",
        );
        let runway = load.runway.expect("growth gives a runway");
        assert_eq!(runway.years_low, None);
        assert_eq!(runway.years, None);
        assert_eq!(runway.years_high, None);
        let plain = model("100h", false);
        assert_eq!(load_summary(&plain, &tally(&plain)), None);
    }

    #[test]
    fn two_trials_get_a_t_interval_one_trial_the_whole_range() {
        let share = |values: &[f64]| {
            let mut load = LoadTally::default();
            let none = [0.0; 24];
            for &v in values {
                load.add_trial(LoadTrial {
                    shortfall_time_share: v,
                    shortfall_demand_share: 0.0,
                    lost_share_by_hour: &none,
                    shortfall_by_hour: &none,
                    lost_share_by_period: &[],
                    shortfall_episodes: 0,
                });
            }
            ShareEstimate::of(&load.shortfall_time, load.trials, 0.95)
        };
        // t(0.975, 1) = 12.7062..., standard error 0.0001 (scripts/load-summary-expected.py).
        close_share(
            &share(&[0.2, 0.2002]),
            [0.2001, 0.19882937952638252, 0.20137062047361748],
            "two trials",
        );
        let one = share(&[0.2]);
        assert_eq!((one.mean, one.ci_low, one.ci_high), (0.2, 0.0, 1.0));
        // Zero in both trials: the exact bound 1 - 0.025^(1/2).
        close_share(
            &share(&[0.0, 0.0]),
            [0.0, 0.0, 1.0 - 0.025f64.sqrt()],
            "none",
        );
    }
}
