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
                let need = p.peak.map_or(String::new(), |h| {
                    format!(", need follows demand × {}", 1.0 + h)
                });
                format!("; pooled: {}{need}", members.join(" + "))
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

/// Days in a weekly profile.
const WEEK_DAYS: usize = WEEK_HOURS / DAY_HOURS;

/// How the profile repeats, so that [`DemandTable::hour`] takes an hour's place in it with
/// a constant modulus. Matched on in place of the profile's length: given the length, the
/// compiler folds the arms back into one `hour % len`, a division instruction on the
/// engine's per-event path.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
enum Cycle {
    /// A day's 24 multipliers.
    #[default]
    Day,
    /// A week's 168.
    Week,
    /// Any other length.
    Other,
}

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
    /// The day maxima as a binary tree: leaves from index `len / 2` (padded with minus
    /// infinity to a power of two), each inner node the larger of its children. The first
    /// day above a limit is then two walks of the tree's height, where a scan of the
    /// period and day maxima costs a comparison for each day of the period it lands in.
    day_tree: Vec<f64>,
    /// When the profile is whole days long and no day's factor is negative: for each of its
    /// days, that day's hours from the largest multiplier down. A day's factor times the
    /// multipliers keeps their order (rounding is monotonic), so the hours above a limit
    /// are the first few of that order, found without reading the others. Empty otherwise
    /// (the hours are scanned).
    day_order: Vec<[u8; DAY_HOURS]>,
    /// The profile's length as [`Cycle`].
    cycle: Cycle,
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
        let cycle = match profile.len() {
            DAY_HOURS => Cycle::Day,
            WEEK_HOURS => Cycle::Week,
            _ => Cycle::Other,
        };
        let mut table = DemandTable {
            cycle,
            day_factor,
            profile,
            hours,
            total: 0.0,
            day_max: Vec::new(),
            period_max: Vec::new(),
            day_tree: Vec::new(),
            day_order: Vec::new(),
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
        let leaves = table.day_max.len().next_power_of_two();
        let mut tree = vec![f64::NEG_INFINITY; 2 * leaves];
        tree[leaves..leaves + table.day_max.len()].copy_from_slice(&table.day_max);
        for node in (1..leaves).rev() {
            tree[node] = tree[2 * node].max(tree[2 * node + 1]);
        }
        table.day_tree = tree;
        let orderable = table.profile.len().is_multiple_of(DAY_HOURS)
            && table.profile.iter().all(|p| p.is_finite())
            && table.day_factor.iter().all(|&f| f >= 0.0);
        if orderable {
            table.day_order = table
                .profile
                .chunks(DAY_HOURS)
                .map(|day| {
                    let mut order: [u8; DAY_HOURS] = std::array::from_fn(|h| h as u8);
                    order.sort_by(|&a, &b| day[b as usize].total_cmp(&day[a as usize]));
                    order
                })
                .collect();
        }
        table
    }

    /// Number of hours in the table.
    pub fn hours(&self) -> usize {
        self.hours
    }

    /// Demand in hour `hour`.
    #[inline]
    pub fn hour(&self, hour: usize) -> f64 {
        self.day_factor[hour / DAY_HOURS] * self.profile[self.place(hour)]
    }

    /// Hour `hour`'s place in the profile. The daily and weekly lengths get a constant
    /// modulus (a multiplication) rather than a division by the length: this read is on the
    /// engine's per-event path. The week's place is taken through the day (the same
    /// number as `hour % 168`) and any other length's out of line: written as three
    /// remainders, the compiler merges them into one division by a selected divisor.
    #[inline(always)]
    fn place(&self, hour: usize) -> usize {
        match self.cycle {
            Cycle::Day => hour % DAY_HOURS,
            Cycle::Week => hour / DAY_HOURS % WEEK_DAYS * DAY_HOURS + hour % DAY_HOURS,
            Cycle::Other => self.place_in_other(hour),
        }
    }

    /// [`DemandTable::place`] for a profile of neither a day's nor a week's length.
    #[inline(never)]
    fn place_in_other(&self, hour: usize) -> usize {
        hour % self.profile.len()
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
    /// through the day maxima (so hours at or below `limit` cost nothing).
    pub fn next_above(
        &self,
        from: usize,
        limit: f64,
        mut accept: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        let last = self.hours.checked_sub(1)?;
        let mut hour = from;
        while hour <= last {
            let day = self.first_day_above(hour / DAY_HOURS, limit)?;
            let day_last = last.min((day + 1) * DAY_HOURS - 1);
            let mut above = self.above_in_day(hour.max(day * DAY_HOURS), day_last, limit);
            while above != 0 {
                let at = day * DAY_HOURS + above.trailing_zeros() as usize;
                if accept(at) {
                    return Some(at);
                }
                above &= above - 1;
            }
            hour = (day + 1) * DAY_HOURS;
        }
        None
    }

    /// The first day from `day` on whose largest demand exceeds `limit`: up the day tree
    /// until a subtree to the right has such a day, then down to the leftmost one.
    #[inline]
    pub fn first_day_above(&self, day: usize, limit: f64) -> Option<usize> {
        let leaves = self.day_tree.len() / 2;
        if day >= leaves {
            return None;
        }
        let mut node = leaves + day;
        while self.day_tree[node] <= limit {
            // A right child's subtree ends where its parent's does: climb until a left
            // child, whose right sibling starts just after it.
            while node & 1 == 1 {
                node >>= 1;
                if node <= 1 {
                    return None;
                }
            }
            node += 1;
        }
        while node < leaves {
            node *= 2;
            if self.day_tree[node] <= limit {
                node += 1;
            }
        }
        Some(node - leaves)
    }

    /// The first hour of `first..=last` (within one day) whose demand exceeds `limit`.
    #[inline]
    pub fn first_above_in_day(&self, first: usize, last: usize, limit: f64) -> Option<usize> {
        let mask = self.above_in_day(first, last, limit);
        (mask != 0).then(|| first / DAY_HOURS * DAY_HOURS + mask.trailing_zeros() as usize)
    }

    /// The hours of `first..=last` (within one day) whose demand exceeds `limit`, as bits by
    /// hour of the day (bit h for hour h). The demand compared is the product `hour` makes,
    /// so the hours are `hour`'s.
    #[inline]
    pub fn above_in_day(&self, first: usize, last: usize, limit: f64) -> u32 {
        if first > last {
            return 0;
        }
        debug_assert_eq!(first / DAY_HOURS, last / DAY_HOURS);
        let day = first / DAY_HOURS;
        let factor = self.day_factor[day];
        let (from, to) = (first % DAY_HOURS, last % DAY_HOURS);
        let len = self.profile.len();
        if !self.day_order.is_empty() {
            // The profile's day that this day is (its first hour's place, in days).
            let window = self.place(day * DAY_HOURS) / DAY_HOURS;
            let multipliers = &self.profile[window * DAY_HOURS..(window + 1) * DAY_HOURS];
            let mut above = 0u32;
            for &h in &self.day_order[window] {
                if factor * multipliers[h as usize] > limit {
                    above |= 1 << h;
                } else {
                    break;
                }
            }
            // Bits from..=to (to is at most 23, so the shift stays inside 32 bits).
            let range = ((1u32 << (to + 1)) - 1) & !((1u32 << from) - 1);
            return above & range;
        }
        // The day's factor read once and the profile stepped through, where `hour` would
        // divide for every hour.
        let mut at = self.place(first);
        let mut above = 0u32;
        for h in from..=to {
            if factor * self.profile[at] > limit {
                above |= 1 << h;
            }
            at += 1;
            if at == len {
                at = 0;
            }
        }
        above
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
        // The tree finds the first day above any limit from any day, as a scan does.
        for limit in [0.0, 10.0, 40.0, 81.0, 82.0, 83.0, 120.0, 200.0] {
            for day in 0..table.day_max.len() + 2 {
                let scan = (day..table.day_max.len()).find(|&d| table.day_max(d) > limit);
                assert_eq!(table.first_day_above(day, limit), scan, "{day} {limit}");
            }
        }
        let total: f64 = hourly.iter().sum();
        assert!((table.total() - total).abs() < 1e-9 * total);
    }

    /// The hours above a limit, found through each day's order of multipliers (profiles of
    /// one day, a week, two days) or by a scan (seven hours), are those whose `hour`
    /// exceeds it, over any range within a day.
    #[test]
    fn hours_above_in_a_day_match_a_scan() {
        let days: Vec<f64> = (0..30)
            .map(|d| 1.0 + ((d * 7919) % 13) as f64 / 3.0)
            .collect();
        for len in [24, 168, 48, 7] {
            let profile: Vec<f64> = (0..len)
                .map(|h| 0.2 + ((h * 37) % 11) as f64 / 5.0)
                .collect();
            let table = DemandTable::new(days.clone(), profile, 29.5 * 24.0);
            assert_eq!(table.day_order.is_empty(), len == 7);
            for limit in [0.5, 1.3, 2.0, 3.7, 6.0, 100.0] {
                for day in 0..29 {
                    for (from, to) in [(0, 23), (5, 17), (23, 23), (9, 3)] {
                        let (first, last) = (day * 24 + from, day * 24 + to);
                        let scan: u32 = (first..=last)
                            .filter(|&h| table.hour(h) > limit)
                            .map(|h| 1 << (h % 24))
                            .sum();
                        assert_eq!(table.above_in_day(first, last, limit), scan);
                        assert_eq!(
                            table.first_above_in_day(first, last, limit),
                            (first..=last).find(|&h| table.hour(h) > limit)
                        );
                    }
                }
            }
        }
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
