//! Hidden failures and the periodic inspections that find them; components that stop
//! ageing while the service is down; standbys that fail to start when called on.
//!
//! These settings live on [`super::Component`], [`super::FailureMode`] and
//! [`super::Failover`]; this module holds the inspection schedule and the flat layout the
//! engine reads, built once so the per-event path never looks anything up by name.

use super::{format_percent, Cause, Component};
use crate::dist::Dist;
use crate::units::format_duration;

/// Periodic inspections of a component: every instance is inspected at `start`,
/// `start + every`, ... (the same instants in every trial).
#[derive(Debug, Clone)]
pub struct Inspection {
    /// Hours between inspections.
    pub every: f64,
    /// When the first inspection begins, in hours from the start of a trial.
    pub start: f64,
    /// How long one inspection lasts; what it finds is found when it ends.
    pub duration: Dist,
    /// Whether the instances are down while inspected.
    pub takes_down: bool,
    /// Probability an inspection finds each hidden fault it looks at.
    pub finds: f64,
}

/// Marks a flattened mode with no hidden-failure cause (its failures are seen at once).
pub const NOT_HIDDEN: u32 = u32::MAX;

/// One component's inspection schedule, by index in [`InspectionLayout::schedules`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleLayout {
    /// The component.
    pub component: u32,
    /// Its first instance.
    pub first_instance: u32,
    /// Its number of instances.
    pub count: u32,
    /// Cause of outages its downtime starts.
    pub cause: u32,
}

/// What the engine needs of hidden failures, inspections, ageing and failed starts.
#[derive(Debug, Clone, Default)]
pub struct InspectionLayout {
    /// Per flattened mode: the cause its hidden failures count to, or [`NOT_HIDDEN`].
    pub hidden_cause: Vec<u32>,
    /// Every inspection schedule.
    pub schedules: Vec<ScheduleLayout>,
    /// Per slot: whether its failure clock stops while the service is down.
    pub pausable: Vec<bool>,
    /// The slots whose clocks stop while the service is down.
    pub pausable_slots: Vec<u32>,
    /// Whether any slot stops ageing while the service is down.
    pub any_pausable: bool,
    /// Per failover group: the cause of the downtime a standby's failed start brings.
    pub start_failure_cause: Vec<u32>,
}

impl InspectionLayout {
    /// Adds the causes of hidden failures, inspections and failed starts after `causes`
    /// (so the other mechanisms' indices do not move) and flattens the settings.
    /// `slot_instance` and `instance_component` are the layout's.
    pub fn build(
        components: &[Component],
        causes: &mut Vec<Cause>,
        slot_instance: &[u32],
        instance_component: &[u32],
        component_first_instance: &[u32],
    ) -> InspectionLayout {
        let mut layout = InspectionLayout::default();
        for (c, component) in components.iter().enumerate() {
            for mode in &component.modes {
                let cause = if mode.hidden {
                    push_cause(causes, c, format!("{} (hidden)", mode.name))
                } else {
                    NOT_HIDDEN
                };
                layout.hidden_cause.push(cause);
            }
            if component.inspection.is_some() {
                layout.schedules.push(ScheduleLayout {
                    component: c as u32,
                    first_instance: component_first_instance[c],
                    count: component.count as u32,
                    cause: push_cause(causes, c, "inspection".to_string()),
                });
            }
            if let Some(failover) = &component.failover {
                // Groups are numbered in component order, as Layout::build numbers them.
                let cause = if failover.fails_to_start > 0.0 {
                    push_cause(causes, c, "failed to start".to_string())
                } else {
                    NOT_HIDDEN
                };
                layout.start_failure_cause.push(cause);
            }
        }
        layout.pausable = slot_instance
            .iter()
            .map(|&i| !components[instance_component[i as usize] as usize].age_while_down)
            .collect();
        layout.pausable_slots = (0..slot_instance.len() as u32)
            .filter(|&s| layout.pausable[s as usize])
            .collect();
        layout.any_pausable = !layout.pausable_slots.is_empty();
        layout
    }
}

/// Appends an unplanned cause of component `c`; returns its index.
fn push_cause(causes: &mut Vec<Cause>, c: usize, label: String) -> u32 {
    causes.push(Cause {
        component: c as u32,
        label,
        planned: false,
    });
    causes.len() as u32 - 1
}

/// Lines for `nines check` describing a component's hidden modes, inspections, ageing and
/// failed starts (none when it has none of them).
pub fn describe(component: &Component) -> Vec<String> {
    let mut lines = Vec::new();
    let hidden: Vec<&str> = component
        .modes
        .iter()
        .filter(|m| m.hidden)
        .map(|m| m.name.as_str())
        .collect();
    if !hidden.is_empty() {
        lines.push(format!(
            "hidden failures ({}): no repair until an inspection or a demand finds them",
            hidden.join(", ")
        ));
    }
    if let Some(i) = &component.inspection {
        lines.push(format!(
            "inspection: every {} from {}, {} each{}, finds a hidden fault with probability {}",
            format_duration(i.every),
            format_duration(i.start),
            i.duration,
            if i.takes_down {
                ", all instances down meanwhile"
            } else {
                ""
            },
            format_percent(i.finds)
        ));
    }
    if !component.age_while_down {
        lines.push("ageing stops while the service is down".to_string());
    }
    if let Some(f) = component
        .failover
        .as_ref()
        .filter(|f| f.fails_to_start > 0.0)
    {
        lines.push(format!(
            "a standby called on fails to start with probability {}",
            format_percent(f.fails_to_start)
        ));
    }
    lines
}
