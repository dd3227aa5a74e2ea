//! Demand over time and capacity per instance: what `[load]` and `capacity` compile to.
//!
//! Demand is constant within each hour of a trial (profiles are hourly, peaks whole days,
//! growth steps each day), so the engine integrates served and lost requests exactly:
//! the demand table gives every hour's demand from a factor per day and the profile, and
//! its maxima per day and per period tell in a few comparisons whether a stretch between two
//! events can exceed a capacity at all.

use crate::units::{DAY, YEAR};

/// How demand grows over the trial.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Growth {
    /// Growth per year, as a fraction (0.4 for "40%/y").
    pub rate: f64,
    /// Linear (`1 + rate·t`) rather than compound (`(1 + rate)^t`), t in years.
    pub linear: bool,
}

impl Growth {
    /// The demand multiplier `hours` into the trial.
    pub fn factor(self, hours: f64) -> f64 {
        let years = hours / YEAR;
        if self.linear {
            // A shrinking demand stops at zero rather than going negative.
            (1.0 + self.rate * years).max(0.0)
        } else {
            (1.0 + self.rate).powf(years)
        }
    }
}

/// Days of the year whose demand is multiplied (a sale, a holiday season).
#[derive(Debug, Clone, PartialEq)]
pub struct Peak {
    /// First day, counted from 0 = 1 January.
    pub first_day: u32,
    /// Number of days.
    pub days: u32,
    /// Multiplier of demand on those days.
    pub factor: f64,
}

/// The demand model as the scenario gave it (kept for reports and `nines check`).
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    /// Unit of demand and capacity, such as "rps".
    pub unit: String,
    /// Demand at multiplier 1.
    pub demand: f64,
    /// Multipliers that repeat: 24 (a day), 168 (a week, from Monday 00:00) or any number
    /// of hours from a CSV file; empty for a flat profile.
    pub profile: Vec<f64>,
    /// Seasonal peaks.
    pub peaks: Vec<Peak>,
    /// Growth over the trial, if any.
    pub growth: Option<Growth>,
    /// Capacity per instance of each component (by component index), if it has one.
    pub capacity: Vec<Option<f64>>,
    /// Headroom of each component whose need is `"peak"` (by component index): it needs
    /// enough instances for demand × (1 + headroom) at that moment.
    pub peak_need: Vec<Option<f64>>,
    /// Blocks whose members pool their capacity (see `CapacityPool`).
    pub pools: Vec<super::CapacityPool>,
}

impl Load {
    /// One line for `nines check`: demand, shape, peaks, growth, and the capacities of
    /// `names` (component names by index).
    pub fn describe(&self, names: &[&str]) -> String {
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        let shape = match self.profile.len() {
            0 => "flat".to_string(),
            24 => "a daily profile".to_string(),
            168 => "a weekly profile".to_string(),
            n => format!("a profile of {n} hours"),
        };
        let peaks: Vec<String> = self
            .peaks
            .iter()
            .map(|p| {
                format!(
                    "×{} for {} days from day {}",
                    p.factor,
                    p.days,
                    p.first_day + 1
                )
            })
            .collect();
        let growth = self.growth.map_or("no growth".to_string(), |g| {
            format!(
                "growth {}%/y {}",
                g.rate * 100.0,
                if g.linear { "linear" } else { "compound" }
            )
        });
        let capacity: Vec<String> = self
            .capacity
            .iter()
            .zip(names)
            .zip(&self.peak_need)
            .filter_map(|((c, name), peak)| {
                let need = peak.map_or(String::new(), |h| {
                    format!(", need follows demand × {}", 1.0 + h)
                });
                c.map(|c| format!("{name} {c}{unit} per instance{need}"))
            })
            .collect();
        let pooled: Vec<String> = self
            .pools
            .iter()
            .map(|p| {
                let members: Vec<&str> = p.members.iter().map(|&c| names[c]).collect();
                format!("; pooled: {}", members.join(" + "))
            })
            .collect();
        format!(
            "load: {}{unit} × {shape}; peaks: {}; {growth}; capacity: {}{}",
            self.demand,
            if peaks.is_empty() {
                "none".to_string()
            } else {
                peaks.join(", ")
            },
            if capacity.is_empty() {
                "none".to_string()
            } else {
                capacity.join(", ")
            },
            pooled.concat()
        )
    }

    /// Requests offered per hour on average over a horizon of `horizon` hours, if the unit
    /// of demand is a request rate: "rps" (or "/s"), "rpm" (or "/min"), "rph" (or "/h").
    pub fn requests_per_hour(&self, horizon: f64) -> Option<f64> {
        let per_hour = match self.unit.as_str() {
            "rps" | "/s" | "req/s" | "requests/s" => 3600.0,
            "rpm" | "/min" | "req/min" | "requests/min" => 60.0,
            "rph" | "/h" | "req/h" | "requests/h" => 1.0,
            _ => return None,
        };
        Some(self.table(horizon).total() / horizon * per_hour)
    }

    /// Demand over a horizon of `horizon` hours, with its total and maxima. Built per
    /// simulator (a command-line `--horizon` may differ from the file's).
    pub fn table(&self, horizon: f64) -> DemandTable {
        let hours = (horizon.ceil() as usize).max(1);
        let day_factor = (0..hours.div_ceil(DAY_HOURS))
            .map(|day| self.day_factor(day))
            .collect();
        let profile = if self.profile.is_empty() {
            vec![1.0]
        } else {
            self.profile.clone()
        };
        DemandTable::new(day_factor, profile, horizon)
    }

    /// Demand on day `day` of a trial before the hourly profile: the base demand, the
    /// peaks of that day of the year, and growth at the start of the day. Day 0 starts on
    /// Monday 1 January, 00:00; a day's day of the year counts from the start of the trial
    /// year it starts in.
    fn day_factor(&self, day: usize) -> f64 {
        let start = (day * DAY_HOURS) as f64;
        let day_of_year = ((start % YEAR) / DAY).floor() as u32;
        let seasonal: f64 = self
            .peaks
            .iter()
            .filter(|p| (p.first_day..p.first_day + p.days).contains(&day_of_year))
            .map(|p| p.factor)
            .product();
        let grown = self.growth.map_or(1.0, |g| g.factor(start));
        self.demand * seasonal * grown
    }
}

/// Hours per period of the runway: whole hours (so each hour lies in one period), about a
/// month.
pub const PERIOD_HOURS: usize = 730;

/// Hours per block of the middle level of [`DemandTable`]'s maxima (a day).
pub const DAY_HOURS: usize = 24;

/// Hours in a weekly profile.
const WEEK_HOURS: usize = 168;

/// Demand per hour of the horizon, as a factor per day times the hourly profile (small
/// arrays that stay in cache, where a table of every hour would not), with its total and
/// its maxima per day and per period, so that a stretch between two events is checked
/// against a capacity by a few comparisons rather than a walk over its hours.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DemandTable {
    /// Demand of each day before the profile.
    day_factor: Vec<f64>,
    /// Hourly multipliers that repeat (at least one).
    profile: Vec<f64>,
    /// Hours in the horizon, the last one possibly partial.
    hours: usize,
    /// Demand·hours over the horizon.
    total: f64,
    /// Largest demand of each day (block of [`DAY_HOURS`] hours).
    day_max: Vec<f64>,
    /// Largest demand of each period (block of [`PERIOD_HOURS`] hours).
    period_max: Vec<f64>,
}

impl DemandTable {
    /// The table of demand `day_factor[h / 24] · profile[h % profile.len()]` in each hour h
    /// of a horizon of `horizon` hours (`profile` not empty; a factor for every day).
    pub fn new(day_factor: Vec<f64>, profile: Vec<f64>, horizon: f64) -> DemandTable {
        let hours = (horizon.ceil() as usize).max(1);
        // A flat profile repeated over a day reads the same multiplier through the daily
        // arm of `hour`, whose modulus is a constant.
        let profile = if profile.len() == 1 {
            vec![profile[0]; DAY_HOURS]
        } else {
            profile
        };
        let mut table = DemandTable {
            day_factor,
            profile,
            hours,
            total: 0.0,
            day_max: Vec::new(),
            period_max: Vec::new(),
        };
        let hourly: Vec<f64> = (0..hours).map(|h| table.hour(h)).collect();
        table.total = hourly
            .iter()
            .enumerate()
            .map(|(h, d)| d * (horizon - h as f64).min(1.0))
            .sum();
        let block_max = |size: usize| -> Vec<f64> {
            hourly
                .chunks(size)
                .map(|c| c.iter().copied().fold(0.0, f64::max))
                .collect()
        };
        table.day_max = block_max(DAY_HOURS);
        table.period_max = block_max(PERIOD_HOURS);
        table
    }

    /// Number of hours in the table.
    pub fn hours(&self) -> usize {
        self.hours
    }

    /// Demand in hour `hour`.
    #[inline]
    pub fn hour(&self, hour: usize) -> f64 {
        // The daily and weekly lengths get a constant modulus (a multiplication) rather than
        // a division by the length: this read is on the engine's per-event path.
        let at = match self.profile.len() {
            DAY_HOURS => hour % DAY_HOURS,
            WEEK_HOURS => hour % WEEK_HOURS,
            n => hour % n,
        };
        self.day_factor[hour / DAY_HOURS] * self.profile[at]
    }

    /// Largest demand of day `day` (hours `day·24..`).
    #[inline]
    pub fn day_max(&self, day: usize) -> f64 {
        self.day_max[day]
    }

    /// Largest demand of period `period` (hours `period·730..`).
    #[inline]
    pub fn period_max(&self, period: usize) -> f64 {
        self.period_max[period]
    }

    /// The first hour from `from` on whose demand exceeds `limit` and that `accept`s, found
    /// through the period and day maxima (so hours at or below `limit` cost nothing).
    pub fn next_above(
        &self,
        from: usize,
        limit: f64,
        mut accept: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        let last = self.hours.checked_sub(1)?;
        for period in from / PERIOD_HOURS..=last / PERIOD_HOURS {
            if self.period_max[period] <= limit {
                continue;
            }
            let to = last.min((period + 1) * PERIOD_HOURS - 1);
            for day in from.max(period * PERIOD_HOURS) / DAY_HOURS..=to / DAY_HOURS {
                if self.day_max[day] <= limit {
                    continue;
                }
                let (mut hour, day_last) =
                    (from.max(day * DAY_HOURS), to.min((day + 1) * DAY_HOURS - 1));
                while let Some(above) = self.first_above_in_day(hour, day_last, limit) {
                    if accept(above) {
                        return Some(above);
                    }
                    hour = above + 1;
                }
            }
        }
        None
    }

    /// The first hour of `first..=last` (within one day) whose demand exceeds `limit`. The
    /// day's factor is read once and the profile stepped through, where `hour` would
    /// divide for every hour; the product is the same, so the answer is `hour`'s.
    #[inline]
    pub fn first_above_in_day(&self, first: usize, last: usize, limit: f64) -> Option<usize> {
        if first > last {
            return None;
        }
        debug_assert_eq!(first / DAY_HOURS, last / DAY_HOURS);
        let factor = self.day_factor[first / DAY_HOURS];
        let len = self.profile.len();
        let mut at = match len {
            DAY_HOURS => first % DAY_HOURS,
            WEEK_HOURS => first % WEEK_HOURS,
            n => first % n,
        };
        for hour in first..=last {
            if factor * self.profile[at] > limit {
                return Some(hour);
            }
            at += 1;
            if at == len {
                at = 0;
            }
        }
        None
    }

    /// The largest demand in the hours `first..=last` (for reports: a scan).
    pub fn max_over(&self, first: usize, last: usize) -> f64 {
        (first..=last).map(|h| self.hour(h)).fold(0.0, f64::max)
    }

    /// The largest demand over the whole horizon.
    pub fn peak(&self) -> f64 {
        self.period_max.iter().copied().fold(0.0, f64::max)
    }

    /// Demand·hours in the whole horizon.
    pub fn total(&self) -> f64 {
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_maxima_and_totals_match_a_scan() {
        let days: Vec<f64> = (0..84).map(|d| ((d * 7919) % 83) as f64).collect();
        let profile: Vec<f64> = (0..7).map(|h| 1.0 + h as f64 / 10.0).collect();
        let horizon = 83.5 * 24.0;
        let table = DemandTable::new(days.clone(), profile.clone(), horizon);
        let hourly: Vec<f64> = (0..table.hours())
            .map(|h| days[h / 24] * profile[h % 7])
            .collect();
        for (day, block) in hourly.chunks(DAY_HOURS).enumerate() {
            assert_eq!(
                table.day_max(day),
                block.iter().copied().fold(0.0, f64::max)
            );
        }
        for (period, block) in hourly.chunks(PERIOD_HOURS).enumerate() {
            assert_eq!(
                table.period_max(period),
                block.iter().copied().fold(0.0, f64::max)
            );
        }
        assert_eq!(table.peak(), hourly.iter().copied().fold(0.0, f64::max));
        let total: f64 = hourly.iter().sum();
        assert!((table.total() - total).abs() < 1e-9 * total);
    }

    #[test]
    fn growth_is_linear_or_compound() {
        let linear = Growth {
            rate: 0.4,
            linear: true,
        };
        let compound = Growth {
            rate: 0.4,
            linear: false,
        };
        assert!((linear.factor(2.0 * YEAR) - 1.8).abs() < 1e-12);
        assert!((compound.factor(2.0 * YEAR) - 1.96).abs() < 1e-12);
    }
}
