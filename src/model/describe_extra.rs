//! The parts of `nines check`'s description beyond components and data: each component's
//! crew kind and priority, operational phases (`[[phases]]`) with their dates and overrides
//! in words, and prices (`[cost]`).

use super::cost::{Cost, DowntimePrice};
use super::phases::{PhaseWhen, Phases};
use super::Model;
use crate::units::{format_duration, format_number, DAY, YEAR};

/// Days before each month of a 365-day year, as `[[phases]]` counts days.
const MONTH_STARTS: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// Day `day` of the year (0 = 1 January, any day past 364 wraps) as "MM-DD".
fn month_day(day: u32) -> String {
    let day = day % 365;
    let month = MONTH_STARTS.iter().rposition(|&s| s <= day).unwrap_or(0);
    format!("{:02}-{:02}", month + 1, day - MONTH_STARTS[month] + 1)
}

/// When a phase applies, in the scenario's own terms.
fn when(w: &PhaseWhen) -> String {
    match *w {
        PhaseWhen::Yearly { start, end } => {
            let first = (start / DAY).round() as u32;
            let last = (end / DAY).floor() as u32 - 1;
            let days = last + 1 - first;
            format!(
                "{} to {} every year ({days} day{})",
                month_day(first),
                month_day(last),
                if days == 1 { "" } else { "s" }
            )
        }
        PhaseWhen::Every {
            every,
            duration,
            start,
        } => format!(
            "{} every {} from {}",
            format_duration(duration),
            format_duration(every),
            format_duration(start)
        ),
    }
}

/// A factor in words: "x1.5".
fn times(factor: f64) -> String {
    format!("x{}", format_number(factor))
}

impl Model {
    /// The crew kind and priority of component `c`, as ", crew ops, priority 2", when the
    /// scenario gives kinds or more than one priority (empty otherwise).
    pub(super) fn describe_repair_of(&self, c: usize) -> String {
        let rules = &self.repair;
        let mut text = String::new();
        if !rules.kinds.is_empty() {
            text += &format!(", repaired by crew {}", rules.kinds[rules.pool_of(c)].name);
        }
        if rules.priorities().len() > 1 {
            let priority = rules.component_priority.get(c).copied().unwrap_or(0);
            text += &format!(", repair priority {priority}");
        }
        text
    }

    /// Lines describing `[[phases]]` (none without phases): each phase with when it holds,
    /// its hours per year over the horizon and each override in words, then "normal".
    pub(super) fn describe_phases(&self) -> Vec<String> {
        let Some(phases) = &self.phases else {
            return Vec::new();
        };
        let horizon = self.settings.horizon;
        let hours = phases.hours(horizon);
        let per_year = |p: usize| format_number(hours[p] / horizon * YEAR);
        let mut lines = vec!["phases:".to_string()];
        for p in 1..phases.count() {
            lines.push(format!(
                "  {}: {}, {} h a year",
                phases.names[p],
                when(&phases.when[p - 1]),
                per_year(p)
            ));
            lines.extend(self.phase_overrides(phases, p).map(|l| format!("    {l}")));
        }
        lines.push(format!(
            "  {}: the rest of the time, {} h a year, every component's own values",
            phases.names[0],
            per_year(0)
        ));
        lines
    }

    /// Phase `p`'s overrides in words, one line each.
    fn phase_overrides<'a>(
        &'a self,
        phases: &'a Phases,
        p: usize,
    ) -> impl Iterator<Item = String> + 'a {
        let component_lines = self
            .components
            .iter()
            .enumerate()
            .flat_map(move |(c, comp)| {
                let mut lines = Vec::new();
                let failure = phases.failure_factor[p][c];
                if failure != 1.0 {
                    lines.push(if failure == 0.0 {
                        format!("{}: failure clocks stopped (no failures)", comp.name)
                    } else {
                        format!(
                            "{}: failure clocks run {} (hazard scaled, age kept)",
                            comp.name,
                            times(failure)
                        )
                    });
                }
                let repair = phases.repair_factor[p][c];
                if repair != 1.0 {
                    lines.push(format!(
                        "{}: repairs that start in the phase take {} as long",
                        comp.name,
                        times(repair)
                    ));
                }
                let need = phases.need[p][c] as usize;
                if need != comp.need {
                    lines.push(format!(
                        "{}: need {need} of {} (outside phases {}){}",
                        comp.name,
                        comp.count,
                        comp.need,
                        super::phase_need::describe(comp, need)
                    ));
                }
                lines
            });
        let freeze =
            phases.freeze[p].then(|| "maintenance frozen: no maintenance window opens".to_string());
        let lines: Vec<String> = component_lines.chain(freeze).collect();
        let none = lines
            .is_empty()
            .then(|| "no override (reported apart only)".to_string());
        lines.into_iter().chain(none)
    }

    /// Lines describing `[cost]` (none without it): the infrastructure bill item by item
    /// and the prices of downtime and SLA credits.
    pub(super) fn describe_cost(&self) -> Vec<String> {
        let Some(cost) = &self.cost else {
            return Vec::new();
        };
        let mut lines = vec![format!(
            "cost: infrastructure {} a year",
            format_number(cost.infrastructure_per_year())
        )];
        for item in &cost.items {
            lines.push(format!(
                "  {}: {} a year",
                item.name,
                format_number(item.per_year)
            ));
        }
        lines.push(format!("  downtime: {}", downtime_price(cost)));
        if let Some(fee) = cost.fee_per_window {
            lines.push(format!(
                "  SLA credits: shares of a fee of {} per window",
                format_number(fee)
            ));
        }
        lines
    }
}

/// The price of downtime in words.
fn downtime_price(cost: &Cost) -> String {
    match cost.downtime {
        None => "not priced".to_string(),
        Some(DowntimePrice::PerHour(price)) => format!("{} per hour down", format_number(price)),
        Some(DowntimePrice::PerRequest {
            price,
            requests_per_hour,
            from_load,
        }) => format!(
            "{} per request lost, {} requests per hour offered{}",
            format_number(price),
            format_number(requests_per_hour),
            if from_load { " (from [load])" } else { "" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_of_the_year_read_as_month_and_day() {
        assert_eq!(month_day(0), "01-01");
        assert_eq!(month_day(31), "02-01");
        assert_eq!(month_day(318), "11-15");
        assert_eq!(month_day(364), "12-31");
        assert_eq!(month_day(365), "01-01");
        assert_eq!(
            when(&PhaseWhen::days(318, 364)),
            "11-15 to 12-31 every year (47 days)"
        );
        assert_eq!(
            when(&PhaseWhen::days(348, 14)),
            "12-15 to 01-15 every year (32 days)"
        );
    }
}
