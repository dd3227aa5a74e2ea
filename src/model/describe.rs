//! The model as `nines check` prints it: every default filled in, every distribution resolved.

use std::fmt::Write;

use super::{
    Child, Crews, DisasterKind, MaintenanceStrategy, Model, OnRepair, Rebuild, Replication, Standby,
};
use crate::units::{format_duration, format_number, format_size};

/// Formats an availability objective as a percentage without trailing zeros.
pub fn format_percent(fraction: f64) -> String {
    format!("{}%", format_number(fraction * 100.0))
}

impl Model {
    /// A readable description of the model as it will be simulated.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        let s = &self.settings;
        // Writing to a String cannot fail.
        let _ = writeln!(out, "scenario: {}", self.name);
        let _ = writeln!(
            out,
            "simulation: horizon {} ({} h), trials {}, seed {}, target {}, confidence {}",
            format_duration(s.horizon),
            format_number(s.horizon),
            s.trials,
            s.seed,
            format_percent(s.target),
            format_number(s.confidence)
        );
        let _ = writeln!(
            out,
            "importance: {} trials per estimate; planned downtime {}",
            s.importance_trials(),
            if s.exclude_planned {
                "excluded from availability"
            } else {
                "counted in availability"
            }
        );
        let crews = match self.crews {
            Crews::Unlimited => "unlimited (every failure is repaired at once)".to_string(),
            Crews::Limited(n) => format!("{n} shared, first come first served"),
        };
        let _ = writeln!(out, "repair crews: {}", self.repair.describe(crews));
        let _ = writeln!(out, "components:");
        for (c, component) in self.components.iter().enumerate() {
            let _ = write!(
                out,
                "  {}: count {}, need {}",
                component.name, component.count, component.need
            );
            out.push_str(&self.describe_repair_of(c));
            if !component.depends_on.is_empty() {
                let names: Vec<_> = component
                    .depends_on
                    .iter()
                    .map(|&d| self.components[d].name.as_str())
                    .collect();
                let _ = write!(
                    out,
                    ", depends on {} (instance i needs instance i mod m)",
                    names.join(", ")
                );
            }
            out.push('\n');
            if let Some(f) = &component.failover {
                let standby = match f.standby {
                    Standby::Hot => "hot".to_string(),
                    Standby::Warm(factor) => {
                        format!("warm (idle failure rate x{})", format_number(factor))
                    }
                    Standby::Cold => "cold".to_string(),
                };
                let standbys = component.count - f.active;
                let _ = writeln!(
                    out,
                    "    failover: {} active + {standbys} {standby} standby{}; detection {}, switchover {}{}",
                    f.active,
                    if standbys == 1 { "" } else { "s" },
                    f.detection,
                    f.switchover,
                    if f.standby == Standby::Hot { String::new() } else { format!(", startup {}", f.startup) }
                );
                let manual = f
                    .manual
                    .as_ref()
                    .map_or_else(|| "none".to_string(), |m| m.to_string());
                let _ = writeln!(
                    out,
                    "      switchover success {}, manual failover {manual}, standby failures {}, on repair: {}",
                    format_percent(f.success),
                    if f.monitored { "noticed at once" } else { "latent until a failover" },
                    match f.on_repair {
                        OnRepair::Standby => "becomes standby",
                        OnRepair::Failback => "the original active fails back",
                    }
                );
            }
            if let Some(h) = &component.health_check {
                let _ = writeln!(
                    out,
                    "    balanced by {}: checks every {}, out after {} failed, back after {} passed; serves healthy / max(in rotation, need) of requests",
                    self.components[h.balancer].name,
                    format_duration(h.interval),
                    h.unhealthy_threshold,
                    h.healthy_threshold
                );
            }
            for shock in &component.shocks {
                let _ = writeln!(
                    out,
                    "    shock {}: every {}, hits each instance with probability {}, recovery {}",
                    shock.name,
                    shock.every,
                    format_percent(shock.reach),
                    shock.recovery
                );
            }
            if let Some(m) = &component.maintenance {
                let start = m
                    .start
                    .map_or_else(|| "a random phase each trial".to_string(), format_duration);
                let _ = writeln!(
                    out,
                    "    maintenance: every {} from {start}, {}, {} each (planned downtime)",
                    format_duration(m.every),
                    match m.strategy {
                        MaintenanceStrategy::Rolling =>
                            "rolling, one instance at a time, never below need",
                        MaintenanceStrategy::AllAtOnce => "all instances at once",
                    },
                    m.duration
                );
            }
            for line in super::inspection::describe(component) {
                let _ = writeln!(out, "    {line}");
            }
            for mode in &component.modes {
                let _ = writeln!(
                    out,
                    "    mode {}: failure {}; repair {}",
                    mode.name, mode.failure, mode.repair
                );
            }
        }
        for set in &self.data {
            let replication = match &set.replication {
                Replication::Sync => "synchronous replication".to_string(),
                Replication::Async(lag) => format!("asynchronous replication, lag {lag}"),
            };
            let _ = writeln!(
                out,
                "data {}: {} on {}, {} changed per day, {replication}",
                set.name,
                format_size(set.size),
                self.components[set.stored_on].name,
                format_percent(set.change_rate * 24.0)
            );
            if let Some(durability) = &set.durability {
                let line = durability.describe_line(&self.components, set.stored_on);
                let _ = writeln!(out, "  {line}");
            }
            for b in &set.backups {
                let _ = writeln!(
                    out,
                    "  backup: {} every {} from {}, at {}/s, success {}, kept {}",
                    b.kind.name(),
                    format_duration(b.every),
                    b.start
                        .map_or_else(|| "a shared random phase".to_string(), format_duration),
                    format_size(b.throughput / 3600.0),
                    format_percent(b.success),
                    format_duration(b.retention)
                );
            }
            if set.restore.throughput.is_finite() {
                let _ = writeln!(
                    out,
                    "  restore: at {}/s, {} per piece, provisioning {}",
                    format_size(set.restore.throughput / 3600.0),
                    format_duration(set.restore.per_piece),
                    set.restore.provisioning
                );
            }
            for d in &set.disasters {
                let modes = &self.components[set.stored_on].modes;
                let kind = match &d.kind {
                    DisasterKind::Loss => "loss of every replica".to_string(),
                    DisasterKind::Corruption => "corruption replicated everywhere".to_string(),
                    DisasterKind::Replicas(watched) => format!(
                        "when no replica is left after failures of {}",
                        watched
                            .iter()
                            .map(|&m| modes[m].name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                let every = d
                    .every
                    .as_ref()
                    .map_or_else(String::new, |e| format!(", every {e}"));
                let _ = writeln!(
                    out,
                    "  disaster {} ({kind}){every}, detected after {}",
                    d.name, d.detection
                );
            }
            if !set.disasters.is_empty() {
                let _ = match &set.rebuild {
                    Rebuild::Never => writeln!(
                        out,
                        "  with no usable backup: the data is gone, the service down for the rest of the trial"
                    ),
                    Rebuild::After(time) => writeln!(
                        out,
                        "  with no usable backup: the data is rebuilt from elsewhere, the service back {time} after detection"
                    ),
                };
            }
            let objective = |o: Option<f64>| o.map_or_else(|| "none".to_string(), format_duration);
            let _ = writeln!(
                out,
                "  objectives: RPO {}, RTO {}",
                objective(set.rpo),
                objective(set.rto)
            );
        }
        let sla = &self.sla;
        let credits: Vec<String> = sla
            .credits
            .iter()
            .map(|t| {
                format!(
                    "{} below {}",
                    format_percent(t.credit),
                    format_percent(t.below)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "sla: windows of {} against {}, credits {}",
            format_duration(sla.window),
            format_percent(sla.objective.unwrap_or(s.target)),
            if credits.is_empty() {
                "none".to_string()
            } else {
                credits.join(", ")
            }
        );
        if let Some(load) = &self.load {
            let names: Vec<&str> = self.components.iter().map(|c| c.name.as_str()).collect();
            let _ = writeln!(out, "{}", load.describe(&names));
        }
        for line in self.describe_phases().iter().chain(&self.describe_cost()) {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out, "structure:");
        for (b, block) in self.blocks.iter().enumerate() {
            let children: Vec<String> = block
                .children
                .iter()
                .map(|child| match *child {
                    Child::Component(c) => {
                        let component = &self.components[c];
                        if let Some(f) = &component.failover {
                            format!(
                                "{} ({} of {} active)",
                                component.name, component.need, f.active
                            )
                        } else if component.count > 1 {
                            format!(
                                "{} ({} of {})",
                                component.name, component.need, component.count
                            )
                        } else {
                            component.name.clone()
                        }
                    }
                    Child::Block(inner) => self.blocks[inner].name.clone(),
                })
                .collect();
            let n = children.len();
            let rule = if block.k == n {
                "all of".to_string()
            } else if block.k == 1 {
                "any of".to_string()
            } else {
                format!("{} of", block.k)
            };
            let label = if b == self.root {
                "system (root)"
            } else {
                &block.name
            };
            let _ = writeln!(out, "  {label}: {rule} [{}]", children.join(", "));
        }
        out
    }
}
