//! `[load]` under the rare-event method (docs/rare-events.md, "Demand and capacity").
//!
//! A branch copies the main run's request view with its state and accounts its own
//! stretches as a plain run does (engine/load.rs); after each event it handles, the requests
//! lost, the hours in shortfall and the demand that met a shortfall since the last event are
//! added at the branch's weight then. A weight taken at or after the stretch it pays for keeps
//! the estimate unbiased (the likelihood ratio is a martingale), the same argument as for
//! downtime.
//!
//! Every loss must lie inside an excursion, since the main run's own losses are not
//! counted: an excursion here is a stretch below the nominal distance *or* away from the
//! nominal request view (every balanced backend up and in rotation, every component with a
//! capacity outside balanced groups all up). That view is lossless at every hour only when
//! all-up capacity covers the peak demand, which [`all_up_short`] checks before a rare run.
//!
//! The biasing may follow capacity too: the *load distance* of a component with a capacity
//! is the number of further instance failures after which its instances up no longer carry
//! the peak demand of the horizon (the smallest distance over the profile). When it is
//! below the structure's failure distance, the branch forces that component's instances
//! rather than the structure's cut. Any choice keeps the likelihood ratio exact; this one
//! only makes shortfalls at peak frequent in the branches.
//!
//! Once a branch still forcing reaches a state short at peak, forcing on would cut the
//! shortfall short (the next failure forced within a window), leaving long shortfalls to
//! rare paths with large weights; running naturally from there would leave the downtime
//! beyond it to chance. So the branch forks ([`NaturalFork`]): a copy runs the rest of the
//! excursion naturally and counts the load figures from then on, at the weight reached;
//! the branch goes on forcing and counts downtime only. Both continuations start from the
//! same state at a stopping time, so each is an unbiased estimate of its own part.

use super::distance::Distance;
use super::rare_shock::shock_clocks;
use super::sampler::{Sampler, WindowClock};
use super::trial::Simulator;
use crate::model::Model;

/// One trial's weighted load estimates over the horizon, as shares.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LoadCounted {
    /// Share of the horizon's demand lost.
    pub lost: f64,
    /// Share of the horizon's time in capacity shortfall.
    pub shortfall_time: f64,
    /// Share of the horizon's demand that arrived in capacity shortfall.
    pub shortfall_demand: f64,
}

/// Why the rare method cannot run a model's `[load]` yet, if it cannot.
pub fn unsupported(model: &Model) -> Option<String> {
    let load = model.load.as_ref()?;
    if load.growth.is_some() {
        return Some("[load] growth is not supported by --method rare yet (the runway needs per-period figures the branches do not keep); remove growth or use the plain method".into());
    }
    if !load.pools.is_empty() {
        return Some("[load]: capacity pooled across a block is not supported by --method rare yet (its shortfall is not tied to one component's instances); use the plain method".into());
    }
    let peak = load.peak_need.iter().position(Option::is_some)?;
    Some(format!(
        "component '{}': need = \"peak\" is not supported by --method rare yet (its need moves with demand, so the all-up distance the excursions start from moves too); use a fixed need or the plain method",
        model.components[peak].name
    ))
}

/// Why a rare run of `model` would miss losses, if it would: a component whose instances,
/// all up, cannot carry the peak demand loses requests outside any excursion (such a design
/// is short at every peak: not rare, and the plain-or-rare decision keeps plain figures).
pub fn all_up_short(model: &Model) -> Option<String> {
    let load = model.load.as_ref()?;
    let peak = load.table(model.settings.horizon).peak();
    load.capacity.iter().enumerate().find_map(|(c, capacity)| {
        let capacity = (*capacity)?;
        let count = model.components[c].count;
        (count as f64 * capacity < peak).then(|| {
            format!(
                "component '{}': {count} instances × {capacity} {unit} carry less than the peak demand {peak} {unit}, so it is short at peak with everything up: not rare; use the plain method",
                model.components[c].name,
                unit = load.unit
            )
        })
    })
}

/// A component with a capacity, for the load distance.
#[derive(Debug, Clone, Copy)]
struct Carrier {
    /// Its node (component index).
    node: u32,
    /// Its instances, `first..end`.
    first: u32,
    end: u32,
    /// Instances up needed to carry the peak demand.
    need_at_peak: u32,
}

/// Further instance failures of `c` after which its instances up in `sim` no longer carry
/// the peak demand.
#[inline]
fn load_distance(c: &Carrier, sim: &Simulator<'_>) -> u32 {
    (sim.node_up_children[c.node as usize] + 1).saturating_sub(c.need_at_peak)
}

/// What a rare runner needs to follow `[load]`: the nominal request view, the load
/// distance, and the horizon's totals that turn accounted figures into shares.
#[derive(Debug, Clone)]
pub(super) struct LoadWatch {
    /// Instances of each balanced group.
    group_count: Vec<u32>,
    /// Components with a capacity outside balanced groups: (node, instances).
    plain: Vec<(u32, u32)>,
    carriers: Vec<Carrier>,
    /// 1 / demand·hours over the horizon, and 1 / the horizon.
    per_demand: f64,
    per_hour: f64,
}

impl LoadWatch {
    /// The watch of `model` (whose `sim` is one of its simulators), if it has `[load]`.
    pub(super) fn for_model(model: &Model, sim: &Simulator<'_>) -> Option<LoadWatch> {
        let load = model.load.as_ref()?;
        let (total, peak) = sim.load.as_ref()?.demand_total_and_peak();
        let layout = &model.layout;
        let balanced: Vec<usize> = layout
            .balanced
            .iter()
            .map(|g| g.component as usize)
            .collect();
        let instances = |c: usize| {
            let first = layout.component_first_instance[c];
            (first, first + model.components[c].count as u32)
        };
        let carriers = load
            .capacity
            .iter()
            .enumerate()
            .filter_map(|(c, capacity)| {
                let capacity = (*capacity)?;
                let (first, end) = instances(c);
                Some(Carrier {
                    node: c as u32,
                    first,
                    end,
                    need_at_peak: (peak / capacity).ceil() as u32,
                })
            })
            .collect();
        Some(LoadWatch {
            group_count: layout.balanced.iter().map(|g| g.count).collect(),
            plain: load
                .capacity
                .iter()
                .enumerate()
                .filter(|&(c, capacity)| capacity.is_some() && !balanced.contains(&c))
                .map(|(c, _)| (c as u32, model.components[c].count as u32))
                .collect(),
            carriers,
            per_demand: if total > 0.0 { 1.0 / total } else { 0.0 },
            per_hour: 1.0 / model.settings.horizon,
        })
    }

    /// Whether `sim`'s request view is the nominal one, which loses nothing at any hour.
    #[inline]
    pub(super) fn nominal(&self, sim: &Simulator<'_>) -> bool {
        sim.service_up()
            && sim
                .rotation
                .iter()
                .zip(&self.group_count)
                .all(|(r, &n)| r.serving == n && r.in_rotation == n)
            && self
                .plain
                .iter()
                .all(|&(node, n)| sim.request_up_children[node as usize] == n)
    }

    /// Adds what `sim` (a branch) accounted since the last call, at weight `weight`.
    #[inline]
    pub(super) fn collect(&self, sim: &mut Simulator<'_>, log_w: f64, into: &mut LoadCounted) {
        let [lost, hours, demand] = sim.take_load_totals();
        if lost == 0.0 && hours == 0.0 {
            return;
        }
        let weight = log_w.exp();
        into.lost += weight * lost * self.per_demand;
        into.shortfall_time += weight * hours * self.per_hour;
        into.shortfall_demand += weight * demand * self.per_demand;
    }

    /// Ends a branch at `end`: closes its stretch under way and collects it.
    pub(super) fn finish_branch(
        &self,
        sim: &mut Simulator<'_>,
        end: f64,
        log_w: f64,
        into: &mut LoadCounted,
    ) {
        sim.close_load_stretch(end);
        self.collect(sim, log_w, into);
    }

    /// Whether some component's instances up in `sim` no longer carry the peak demand (its
    /// load distance is 0): a shortfall at peak hours. The branch runs naturally from then
    /// on in a natural continuation ([`NaturalFork`]), so that the shortfall lasts as long
    /// as it would.
    #[inline]
    pub(super) fn short_at_peak(&self, sim: &Simulator<'_>) -> bool {
        self.carriers.iter().any(|c| load_distance(c, sim) == 0)
    }

    /// Re-marks the on-cut instances after [`Distance::mark`] when a component's load
    /// distance is at most the structure's failure distance `structure`: its instances
    /// then are a cheapest way to a loss, in place of the structure's cut when below it and
    /// beside it on a tie (that cut leads to a loss too: downtime).
    pub(super) fn remark(&self, sim: &Simulator<'_>, distance: &mut Distance, structure: u32) {
        let Some(least) = self
            .carriers
            .iter()
            .map(|c| load_distance(c, sim))
            .filter(|&d| d > 0)
            .min()
        else {
            return;
        };
        if least > structure {
            return;
        }
        if least < structure {
            distance.clear_marks();
        }
        for c in self
            .carriers
            .iter()
            .filter(|c| load_distance(c, sim) == least)
        {
            distance.mark_instances(sim, c.first as usize..c.end as usize);
        }
    }
}

/// The simulator of a branch's natural continuation, with its scratch, allocated once per
/// runner.
pub(super) struct NaturalFork<'m> {
    sim: Simulator<'m>,
    eligible: Vec<bool>,
    clocks: Vec<WindowClock<'m>>,
    ids: Vec<u32>,
}

/// Where a natural continuation starts: the branch's state now and its biasing.
pub(super) struct ForkFrom<'a, 'm> {
    /// The branch, just after handling an event.
    pub branch: &'a Simulator<'m>,
    /// Which of its clocks (slots, then shocks) its forcing holds.
    pub eligible: &'a [bool],
    /// The continuation's own random stream.
    pub stream: Sampler,
    /// The branch's log weight now.
    pub log_w: f64,
    /// The end of the run, and the most events allowed.
    pub end: f64,
    pub budget: u64,
}

impl<'m> NaturalFork<'m> {
    /// A fork for `model`, its phases as `main`'s.
    pub(super) fn new(model: &'m Model, main: &Simulator<'m>) -> NaturalFork<'m> {
        let mut sim = Simulator::new(model);
        sim.phases.clone_from(&main.phases);
        let clocks = model.layout.slot_count() + model.layout.shocks.len();
        NaturalFork {
            sim,
            eligible: vec![false; clocks],
            clocks: Vec::with_capacity(clocks),
            ids: Vec::with_capacity(clocks),
        }
    }

    /// Runs the rest of `from.branch`'s excursion naturally until `is_over` (checked after
    /// each event that changed something) or the end, adding its load figures at the
    /// branch's weight into `into`. Fails past the event budget.
    pub(super) fn run(
        &mut self,
        from: ForkFrom<'_, 'm>,
        distance: &mut Distance,
        watch: &LoadWatch,
        into: &mut LoadCounted,
        mut is_over: impl FnMut(&mut Distance, &Simulator<'m>) -> bool,
    ) -> Result<u64, ()> {
        let sim = &mut self.sim;
        sim.clone_state_from(from.branch);
        sim.sampler = from.stream;
        // The clocks the forcing held have no failure queued: each gets its natural
        // residual life from its age, exact given the age (as when a clock leaves the cut).
        self.eligible.copy_from_slice(from.eligible);
        let layout = sim.layout;
        for slot in 0..layout.slot_count() {
            if self.eligible[slot] && !sim.slot_down[slot] {
                let mode = &layout.modes[layout.slot_mode[slot] as usize];
                let residual = sim.sampler.residual(&mode.failure, sim.slot_age(slot));
                sim.supersede_failure(slot, f64::INFINITY);
                sim.start_clock(slot, residual);
            }
        }
        self.clocks.clear();
        self.ids.clear();
        shock_clocks(
            sim,
            distance,
            false,
            &mut self.eligible,
            &mut self.clocks,
            &mut self.ids,
        );
        let mut events = 0u64;
        let mut end = from.end;
        while let Some((time, event)) = sim.queue.pop_until(from.end) {
            sim.now = time;
            events += 1;
            if events > from.budget {
                return Err(());
            }
            let handled = sim.handle(event);
            watch.collect(sim, from.log_w, into);
            if handled && is_over(distance, sim) {
                end = time;
                break;
            }
        }
        watch.finish_branch(sim, end, from.log_w, into);
        Ok(events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scenario of three servers in series with a capacity of 100 each, over a daily
    /// profile of 80 then 150 (`extra`: more `[load]` keys).
    fn carried(extra: &str) -> Model {
        let source = format!(
            "[simulation]\nhorizon = \"1y\"\n[load]\ndemand = \"100 rps\"\ndaily = [0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]\n{extra}\n[components.c]\ncount = 3\nneed = 1\ncapacity = \"100 rps\"\nfailure = {{ dist = \"exponential\", mean = \"1000h\" }}\nrepair = {{ dist = \"exponential\", mean = \"1h\" }}\n[system]\nall = [\"c\"]\n"
        );
        crate::scenario::parse(&source, "t.toml", std::path::Path::new("."), "t")
            .expect("scenario compiles")
    }

    #[test]
    fn the_load_distance_marks_the_carrier_below_the_structure() {
        let model = carried("");
        assert_eq!(unsupported(&model), None);
        assert_eq!(all_up_short(&model), None);
        let mut sim = Simulator::new(&model);
        sim.start_trial(0);
        let watch = LoadWatch::for_model(&model, &sim).expect("a load");
        assert_eq!(watch.carriers[0].need_at_peak, 2);
        assert!(watch.nominal(&sim));
        let mut distance = Distance::new(&model.layout);
        let structure = distance.distance(&sim);
        distance.mark(&sim);
        assert_eq!(structure, 3);
        // Load distance 2 < 3: the same instances, marked through the carrier.
        watch.remark(&sim, &mut distance, structure);
        assert!((0..3).all(|i| distance.on_cut(i)));
    }

    #[test]
    fn growth_and_short_designs_are_refused() {
        let grown = carried("growth = \"10%/y\"");
        assert!(unsupported(&grown).unwrap().contains("growth"));
        let short = carried("[[load.peaks]]\nstart = \"06-01\"\nfactor = 3.0");
        let why = all_up_short(&short).expect("short at peak");
        assert!(why.contains("'c'") && why.contains("not rare"), "{why}");
        let member = "count = 2\nneed = 1\ncapacity = \"100 rps\"\nfailure = { dist = \"exponential\", mean = \"1000h\" }\nrepair = { dist = \"exponential\", mean = \"1h\" }";
        let source = format!(
            "[simulation]\nhorizon = \"1y\"\n[load]\ndemand = \"100 rps\"\n[components.a]\n{member}\n[components.b]\n{member}\n[blocks.app]\nk = 1\nof = [\"a\", \"b\"]\n[system]\nall = [\"app\"]\n"
        );
        let pooled = crate::scenario::parse(&source, "t.toml", std::path::Path::new("."), "t")
            .expect("scenario compiles");
        assert!(unsupported(&pooled).unwrap().contains("pooled"));
    }
}
