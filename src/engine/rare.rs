//! The rare-event method: excursion importance sampling (docs/design/rare-events.md §3).
//!
//! A trial's *main run* is the plain run, unbiased. Each time it leaves its nominal
//! redundancy (the structure's failure distance drops below its all-up value, see
//! [`Distance`]) the whole simulator state is copied into a pre-allocated *branch*
//! simulator, which re-simulates that excursion under importance sampling with its own
//! stream: in every window between two queued events it forces, with probability at least
//! θ, one on-cut clock to fail within the window (the clock chosen half uniformly, half in
//! proportion to the true odds), keeping the exact likelihood ratio through cumulative
//! hazards. The branch stops when its distance is back to `d0` or at the end of the run; its
//! weighted downtime, outages and first-outage weight are conditionally unbiased given the
//! state it started from, so the sums over a trial's excursions are i.i.d. unbiased
//! per-trial estimates. The main run's own outages are not counted (they are rare, and the
//! branches stand for them).
//!
//! Two windows are counted at once: the horizon `[0, H]` from all-new (what a plain run
//! estimates) and the steady-state window `[W, W + H]` after a warm-up `W`.

use super::distance::Distance;
use super::queue::Event;
use super::rare_failover::{group_warmup, SWITCHOVER_BIAS};
use super::rare_inspection::inspection_warmup;
use super::rare_load::{ForkFrom, LoadCounted, LoadWatch, NaturalFork};
use super::rare_shock::{shock_clocks, shock_warmup, REACH_BIAS};
use super::sampler::{Sampler, WindowClock};
use super::trial::{Simulator, TrialRecord};
use crate::model::{Failover, Forcing, Layout, Model, RareSettings, Standby};

/// Weighted totals of one counting window of one trial.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counted {
    /// Weighted hours of downtime.
    pub downtime: f64,
    /// Weighted outages begun.
    pub outages: f64,
    /// Weighted indicator of the window's first downtime (estimates P(any downtime)).
    pub first: f64,
    /// Weighted hours of planned downtime left out of `downtime` (`exclude_planned`; 0
    /// otherwise): outages still last `downtime + planned` hours.
    pub planned: f64,
}

/// What one trial of the rare method contributes: its plain record (from the unbiased main
/// run) and its weighted estimates, with the branch diagnostics.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RareRecord {
    /// The main run's own record over the horizon: a plain trial.
    pub plain: TrialRecord,
    /// Estimates over the horizon from all-new.
    pub horizon: Counted,
    /// Estimates over the steady-state window after the warm-up.
    pub steady: Counted,
    /// Branches run (one per excursion counted).
    pub branches: u32,
    /// Branches with downtime in the horizon.
    pub branches_with_outage: u32,
    /// Sum and sum of squares of the branches' final likelihood ratios (mean 1).
    pub weight_sum: f64,
    /// See `weight_sum`.
    pub weight_sq_sum: f64,
    /// Sum, sum of squares and largest of the branches' horizon downtime contributions.
    pub contribution_sum: f64,
    /// See `contribution_sum`.
    pub contribution_sq_sum: f64,
    /// See `contribution_sum`.
    pub contribution_max: f64,
    /// Smallest and largest log10 weight at which a branch's outage ran (±∞ when none).
    pub log10_weight_min: f64,
    /// See `log10_weight_min`.
    pub log10_weight_max: f64,
    /// Windows decided in the branches.
    pub windows: u64,
    /// Events handled: main run and branches.
    pub events: u64,
    /// Branches stopped by the end of the run rather than by the excursion's end.
    pub cut_by_end: u32,
    /// Weighted load estimates over the horizon (zero without `[load]`, rare_load.rs).
    pub load: LoadCounted,
}

/// Why the rare method cannot run a model, naming the mechanism: its biasing covers
/// failure slots with own repairs or crews (shared, by kind, with priorities and
/// preemption), k-of-n blocks, depends_on, failover groups (with failed switchovers and
/// starts), operational phases (rare_phases.rs), shocks, maintenance (also left out with `exclude_planned`), health checks,
/// hidden failures with inspections and clocks paused while the service is down, and it
/// refuses the rest rather than give a biased answer.
pub fn unsupported(model: &Model) -> Option<String> {
    // Data sets need no refusal: each gets its own rare run or the plain run's figures
    // (rare_data::plain_reason); their disasters and restores run naturally in the
    // service's branches, as in its main runs.
    super::rare_load::unsupported(model).or_else(|| {
            // Branches force a clock through its mode's own law; a phase's replacement law
            // would need its own hazard there (factors are clock speeds, which they follow).
            let phases = model.phases.as_ref()?;
            super::phase_positions::rare_refusal(model, phases).or_else(|| {
            phases.failure_law.iter().enumerate().find_map(|(p, laws)| {
                let c = laws.iter().position(Option::is_some)?;
                Some(format!(
                    "phase '{}': a failure law replaced in a phase ([phases.failure] for '{}') is not supported by --method rare yet; use failure_factor or the plain method",
                    phases.names[p], model.components[c].name
                ))
            })
            })
        })
}

/// 1 / `mean`, or 0 for something that takes no time (it never holds a window open).
fn inverse_mean(mean: f64) -> f64 {
    if mean > 0.0 {
        1.0 / mean
    } else {
        0.0
    }
}

/// Per slot, the inverse of its mode's mean life: the failure rates of `Forcing::Odds`,
/// computed once rather than a law's mean (a gamma function for a Weibull) per window.
pub(super) fn slot_failure_rates(layout: &Layout) -> impl Iterator<Item = f64> + '_ {
    (0..layout.slot_count())
        .map(|slot| 1.0 / layout.modes[layout.slot_mode[slot] as usize].failure.mean())
}

/// Per slot, the rate at which its component's inspections find a latent fault: `finds /
/// every`, the mean wait of a hidden fault the automatic warm-up uses too
/// (rare_inspection.rs); 0 for a component without inspections, whose latent faults are
/// found only by a demand. Counted, the windows of a hidden fault waiting for its
/// inspection get the odds rule rather than the window rule, whose even forcing of every
/// window between inspections multiplied a branch's weight by 1 / (1 − θ) per window
/// survived: an inspection that misses (1 in 10) adds three windows, a heavy tail the
/// interval did not see (three hidden units: z spread 1.19 over 100 seeds, 0.99 now).
fn find_rates(model: &Model) -> Vec<f64> {
    let layout = &model.layout;
    layout
        .slot_instance
        .iter()
        .map(|&instance| {
            let component =
                &model.components[layout.instance_component[instance as usize] as usize];
            component
                .inspection
                .as_ref()
                .map_or(0.0, |i| i.finds / i.every)
        })
        .collect()
}

/// The inverse of a promotion's mean time: detection, switchover and, for a standby that
/// is not hot, start-up (a retried promotion skips detection; the rate only tunes the odds
/// rule, any positive value keeps it unbiased).
fn promotion_rate(failover: &Failover) -> f64 {
    let startup = if failover.standby == Standby::Hot {
        0.0
    } else {
        failover.startup.mean()
    };
    inverse_mean(failover.detection.mean() + failover.switchover.mean() + startup)
}

/// The error of a branch of trial `trial` past `max` events.
fn over_budget(trial: u64, max: u64) -> String {
    format!(
        "a rare-event branch of trial {trial} took more than {max} events: the model leaves its nominal redundancy for too long for this method (try the plain method)"
    )
}

/// The span a trial counts: horizon `[0, h]` and steady window `[w, w + h]`.
#[derive(Debug, Clone, Copy)]
struct Span {
    h: f64,
    w: f64,
    end: f64,
}

/// One branch's bookkeeping while it runs.
#[derive(Debug, Default)]
struct Branch {
    log_w: f64,
    /// Whether a natural continuation has taken over the load figures (rare_load.rs).
    forked: bool,
    /// Set by the branch's first outage: from then on it runs naturally (§ "natural after
    /// the first outage" in docs/rare-events.md). Switching the dynamics at a stopping time
    /// keeps the likelihood ratio exact (it stops moving), and it bounds the excursion: kept
    /// forcing after an outage, clocks whose repairs are long (hours) keep failing in the
    /// windows between the short repairs of others (minutes), and the excursion never ends.
    natural: bool,
    /// `natural`, `log10_min` and `log10_max` as they were before the last outage began,
    /// restored when that outage is taken back (an instantaneous failover).
    before_outage: (bool, f64, f64),
    /// Whether a first downtime may still count in each window (no earlier one).
    first_open_h: bool,
    first_open_s: bool,
    contribution: f64,
    windows: u64,
    events: u64,
    log10_min: f64,
    log10_max: f64,
}

/// Runs rare-method trials of one model: a main simulator, a branch simulator and the
/// structure's distance, all allocated once.
pub struct RareRunner<'m> {
    main: Simulator<'m>,
    branch: Simulator<'m>,
    distance: Distance,
    settings: RareSettings,
    span: Span,
    seed: u64,
    /// The all-up distance in each phase (one entry without phases): an excursion is a
    /// stretch below the nominal distance of the phase holding.
    d0: Vec<u32>,
    /// Scratch of the trial under way: weighted horizon downtime per phase, then weighted
    /// outages begun per phase (empty without phases).
    phase_figures: Vec<f64>,
    /// Whether each clock is biased in the branch now: the slots', then the shocks'.
    eligible: Vec<bool>,
    /// Scratch: the clocks of one window and their indices (as in `eligible`).
    clocks: Vec<WindowClock<'m>>,
    clock_slots: Vec<u32>,
    /// The nominal request view and load distance, with `[load]`.
    load: Option<LoadWatch>,
    /// The natural continuation of branches turning short at peak, with `[load]`.
    fork: Option<NaturalFork<'m>>,
    /// Per failure mode of the layout, the inverse of its mean repair: the repair rates of
    /// `Forcing::Odds`.
    repair_rate: Vec<f64>,
    /// Per slot, the rate at which inspections find a latent fault of it (`finds / every`
    /// of its component's schedule, 0 without one): what ends a window of `Forcing::Odds`
    /// while the fault waits to be found, as a repair ends it once found.
    find_rate: Vec<f64>,
    /// The inverse of each clock's mean life, indexed as `eligible` (the slots', then the
    /// shocks'): the failure rates of `Forcing::Odds`, computed once rather than a law's
    /// mean (a gamma function for a Weibull) per clock per window.
    clock_rate: Vec<f64>,
    /// Per failover group, the inverse of a promotion's mean time (detection, switchover,
    /// start-up) and of a manual failover's (0 when it takes no time or there is none):
    /// events that end a window as repairs do, counted with them by `Forcing::Odds`.
    promotion_rate: Vec<f64>,
    manual_rate: Vec<f64>,
}

impl<'m> RareRunner<'m> {
    /// A runner for `model` (which [`unsupported`] accepts).
    pub fn new(model: &'m Model) -> RareRunner<'m> {
        let settings = model.settings.rare;
        let h = model.settings.horizon;
        let w = super::rare_phases::aligned_warmup(
            model,
            settings
                .warmup_hours(&model.layout.modes)
                .max(shock_warmup(model))
                .max(group_warmup(model))
                .max(inspection_warmup(model)),
        );
        let mut main = Simulator::new(model);
        let clock_rate = slot_failure_rates(&model.layout)
            .chain(main.shock_defs.iter().map(|shock| 1.0 / shock.every.mean()))
            .collect();
        let promotion_rate = main
            .group_failover
            .iter()
            .map(|f| promotion_rate(f))
            .collect();
        let manual_rate = main
            .group_failover
            .iter()
            .map(|f| f.manual.as_ref().map_or(0.0, |m| inverse_mean(m.mean())))
            .collect();
        main.horizon = w + h;
        // The main run's phases go on to the end of the steady window.
        main.phases = super::phases::PhaseRun::over(model, w + h);
        let mut branch = Simulator::new(model);
        branch.switchover_bias = SWITCHOVER_BIAS;
        branch.reach_bias = REACH_BIAS;
        branch.phases.clone_from(&main.phases);
        let mut distance = Distance::new(&model.layout);
        let d0 = super::rare_phases::nominal_distances(&mut main, &mut distance);
        let phase_figures = vec![0.0; 2 * main.phases.as_ref().map_or(0, |r| r.count())];
        let slots = model.layout.slot_count() + model.layout.shocks.len();
        let load = LoadWatch::for_model(model, &main);
        let fork = load.as_ref().map(|_| NaturalFork::new(model, &main));
        RareRunner {
            load,
            fork,
            main,
            branch,
            distance,
            settings,
            span: Span { h, w, end: w + h },
            seed: model.settings.seed,
            d0,
            phase_figures,
            eligible: vec![false; slots],
            clocks: Vec::with_capacity(slots),
            clock_slots: Vec::with_capacity(slots),
            repair_rate: model
                .layout
                .modes
                .iter()
                .map(|mode| 1.0 / mode.repair.mean())
                .collect(),
            find_rate: find_rates(model),
            clock_rate,
            promotion_rate,
            manual_rate,
        }
    }

    /// The `Forcing::Odds` scale of the window opening now: θ / (1 − θ) × M / Λ, M the sum
    /// of the rates of what is under way and ends a window (the repairs of the failure
    /// modes down, inspections finding latent faults, failover groups' promotions and
    /// manual failovers) and Λ that of the
    /// forced clocks' failure rates at their speeds; `None` (the window rule) with nothing
    /// under way. Counting only repairs under-forced the windows a switchover closes,
    /// where a failure of the last active is the outage: the 2 + 1 warm group's interval
    /// was twice as wide as the window rule's.
    fn odds_scale(&self) -> Option<f64> {
        if self.settings.forcing != Forcing::Odds {
            return None;
        }
        let sim = &self.branch;
        let layout = sim.layout;
        let under_way: f64 = (0..layout.slot_count())
            .filter(|&slot| sim.slot_down[slot])
            .map(|slot| {
                if sim.slot_latent[slot] {
                    self.find_rate[slot]
                } else {
                    self.repair_rate[layout.slot_mode[slot] as usize]
                }
            })
            .sum::<f64>()
            + sim
                .groups
                .iter()
                .enumerate()
                .map(|(g, group)| {
                    f64::from(group.promoting) * self.promotion_rate[g]
                        + if group.manual_pending {
                            self.manual_rate[g]
                        } else {
                            0.0
                        }
                })
                .sum::<f64>();
        let failures: f64 = self
            .clocks
            .iter()
            .zip(&self.clock_slots)
            .map(|(clock, &id)| clock.speed * self.clock_rate[id as usize])
            .sum();
        super::sampler::odds_scale(self.settings.bias, under_way, failures)
    }

    /// Further instance failures that bring the service down from all-up: an excursion
    /// begins when the distance drops below it. With phases, the normal phase's (each
    /// phase has its own, see rare_phases.rs).
    pub fn nominal_distance(&self) -> u32 {
        self.d0[0]
    }

    /// The nominal distance of the phase `sim` is in now.
    #[inline]
    fn nominal(&self, sim: &Simulator<'_>) -> u32 {
        self.d0[sim.phases.as_ref().map_or(0, |r| r.current())]
    }

    /// Whether `sim` is at its nominal request view (always, without `[load]`): an
    /// excursion lasts while it is not, as while the distance is below nominal.
    #[inline]
    fn load_nominal(&self, sim: &Simulator<'_>) -> bool {
        self.load.as_ref().is_none_or(|w| w.nominal(sim))
    }

    /// The last trial's weighted horizon downtime (hours) per phase, then its weighted
    /// outages begun per phase; empty without phases.
    pub fn phase_figures(&self) -> &[f64] {
        &self.phase_figures
    }

    /// The warm-up before the steady-state window, in hours.
    pub fn warmup(&self) -> f64 {
        self.span.w
    }

    /// The main runs' counts (a plain run's tally of the trials run).
    pub fn into_tally(self) -> crate::stats::Tally {
        self.main.into_tally()
    }

    /// Simulates trial `trial`, adding its weighted horizon downtime by cause into `causes`.
    /// Fails when a branch exceeds its event budget.
    pub fn run(&mut self, trial: u64, causes: &mut [f64]) -> Result<RareRecord, String> {
        let span = self.span;
        let mut record = RareRecord {
            log10_weight_min: f64::INFINITY,
            log10_weight_max: f64::NEG_INFINITY,
            ..RareRecord::default()
        };
        // A trial abandoned midway (a branch over budget) may have left its books closed.
        self.main.reopen_books();
        self.main.start_trial(trial);
        self.phase_figures.fill(0.0);
        let mut checkpoints = [span.w, span.h, span.end];
        checkpoints.sort_by(f64::total_cmp);
        let (mut in_excursion, mut branched, mut excursion) = (false, false, 0u32);
        // Outages the main run began up to W, and whether it was down at W.
        let mut at_warmup = (0u32, false);
        let mut events = 0u64;
        for stop in checkpoints {
            while let Some((time, event)) = self.main.queue.pop_until(stop) {
                self.main.now = time;
                let counted = time < span.h || time >= span.w;
                // A shock striking at full redundancy begins an excursion of its own: the
                // branch makes the strike, its reach biased (rare_shock.rs).
                let strike = !in_excursion && counted && self.main.strike_due(event);
                if strike {
                    excursion += 1;
                    let at = (Some(event), at_warmup, None);
                    self.branch_from_main(trial, excursion, true, at, &mut record, causes)?;
                }
                if !self.main.handle(event) {
                    continue;
                }
                events += 1;
                let d = self.distance.distance(&self.main);
                if d >= self.nominal(&self.main) && self.load_nominal(&self.main) {
                    in_excursion = false;
                } else if !in_excursion {
                    in_excursion = true;
                    branched = counted;
                    if counted && !strike {
                        excursion += 1;
                        let at = (None, at_warmup, Some(event));
                        self.branch_from_main(trial, excursion, true, at, &mut record, causes)?;
                    }
                }
            }
            self.main.now = self.main.now.max(stop);
            if stop == span.h {
                record.plain = self.main.record_at(span.h);
                if self.load.is_some() {
                    // The main runs' own load figures, as a plain run's.
                    record.plain.served = self.main.close_served(span.h);
                }
                self.main.close_books_at(span.h);
            }
            if stop == span.w && span.w < span.end {
                at_warmup = (self.main.record_at(span.w).outages, !self.main.service_up());
                if in_excursion && !branched {
                    // The excursion under way at W began in (H, W) and has no branch yet.
                    branched = true;
                    excursion += 1;
                    let at = (None, at_warmup, None);
                    self.branch_from_main(trial, excursion, false, at, &mut record, causes)?;
                }
            }
        }
        self.main.reopen_books();
        record.events += events;
        self.main.tally.events += events;
        self.main.tally.end_trial();
        Ok(record)
    }

    /// Runs the branch of excursion `excursion` from the main run's state now. `starts_now`:
    /// the excursion begins at this instant (rather than being picked up at the warm-up's end);
    /// `first`: the event that begins it, not yet handled by the main run (a shock's strike),
    /// if any; with what the main run had seen at the warm-up's end; and `opened`, the event
    /// the main run just handled that began the excursion (its repair is redrawn,
    /// engine::rare_repair), if any.
    fn branch_from_main(
        &mut self,
        trial: u64,
        excursion: u32,
        starts_now: bool,
        (first, at_warmup, opened): (Option<Event>, (u32, bool), Option<Event>),
        record: &mut RareRecord,
        causes: &mut [f64],
    ) -> Result<(), String> {
        let span = self.span;
        let now = self.main.now;
        let before = self.main.outages_before_now();
        let mut b = Branch {
            first_open_h: now < span.h && before == 0,
            first_open_s: now < span.w || (!at_warmup.1 && before == at_warmup.0),
            log10_min: f64::INFINITY,
            log10_max: f64::NEG_INFINITY,
            ..Branch::default()
        };
        self.branch.clone_state_from(&self.main);
        self.branch.sampler = Sampler::for_branch(self.seed, trial, excursion, 0);
        self.branch.ln_lr = 0.0;
        self.eligible.fill(false);
        if let Some(event) = first {
            self.branch.handle(event);
            b.log_w += std::mem::take(&mut self.branch.ln_lr);
        } else if let Some(opened) = opened {
            b.log_w += self
                .branch
                .tilt_opening_repair(self.settings.repair_bias, opened);
        }
        let mut down_since = (!self.branch.service_up()).then_some(now);
        let mut cause = self.branch.cause;
        if down_since.is_some() && starts_now {
            self.count_outage_start(&mut b, now, record);
        }
        // A strike that took nothing down ends its excursion at once.
        let mut cut = !(first.is_some()
            && down_since.is_none()
            && self.distance.distance(&self.branch) >= self.nominal(&self.branch));
        if cut {
            self.open_window(&mut b, down_since.is_none());
        }
        while let Some((time, event)) = cut.then(|| self.branch.queue.pop_until(span.end)).flatten()
        {
            self.branch.now = time;
            b.events += 1;
            if b.events > self.settings.max_branch_events {
                return Err(over_budget(trial, self.settings.max_branch_events));
            }
            let handled = self.branch.handle(event);
            // Biased choices inside the handler (a switchover, a shock's reach).
            b.log_w += std::mem::take(&mut self.branch.ln_lr);
            if !b.forked {
                self.load_step(&mut b, trial, excursion, record)?;
            }
            if handled {
                let up = self.branch.service_up();
                match (down_since, up) {
                    (None, false) => {
                        down_since = Some(time);
                        cause = self.branch.cause;
                        self.count_outage_start(&mut b, time, record);
                    }
                    (Some(since), true) if time <= since => {
                        // Down and up at the same instant (an instantaneous failover): no
                        // outage, as in a plain run (engine/trial.rs).
                        self.uncount_outage_start(&mut b, since, record);
                        down_since = None;
                    }
                    (Some(since), true) => {
                        self.count_downtime(&mut b, since, time, cause, record, causes);
                        down_since = None;
                    }
                    (Some(since), false) => {
                        // An event taking over the outage (a hidden fault found, a
                        // standby's failed start) counts its downtime from now on, as the
                        // plain run's tally does.
                        let now_cause = self.branch.outage_downtime_cause().unwrap_or(cause);
                        if now_cause != cause {
                            self.count_downtime(&mut b, since, time, cause, record, causes);
                            (down_since, cause) = (Some(time), now_cause);
                        }
                    }
                    _ => {}
                }
                if up
                    && self.distance.distance(&self.branch) >= self.nominal(&self.branch)
                    && self.load_nominal(&self.branch)
                {
                    cut = false;
                    break;
                }
            }
            self.open_window(&mut b, down_since.is_none());
        }
        if let Some(since) = down_since {
            self.count_downtime(&mut b, since, span.end, cause, record, causes);
        }
        if let (Some(watch), false) = (&self.load, b.forked) {
            let end = if cut { span.end } else { self.branch.now };
            watch.finish_branch(&mut self.branch, end, b.log_w, &mut record.load);
        }
        let weight = b.log_w.exp();
        record.branches += 1;
        record.weight_sum += weight;
        record.weight_sq_sum += weight * weight;
        record.contribution_sum += b.contribution;
        record.contribution_sq_sum += b.contribution * b.contribution;
        record.contribution_max = record.contribution_max.max(b.contribution);
        record.branches_with_outage += u32::from(b.contribution > 0.0);
        record.log10_weight_min = record.log10_weight_min.min(b.log10_min);
        record.log10_weight_max = record.log10_weight_max.max(b.log10_max);
        record.windows += b.windows;
        record.events += b.events;
        record.cut_by_end += u32::from(cut);
        Ok(())
    }

    /// After the branch handled an event: collects its load figures, and forks a natural
    /// continuation for them when a forcing branch turns short at peak (rare_load.rs).
    fn load_step(
        &mut self,
        b: &mut Branch,
        trial: u64,
        excursion: u32,
        record: &mut RareRecord,
    ) -> Result<(), String> {
        let (Some(watch), Some(fork)) = (&self.load, &mut self.fork) else {
            return Ok(());
        };
        watch.collect(&mut self.branch, b.log_w, &mut record.load);
        if b.natural || !watch.short_at_peak(&self.branch) {
            return Ok(());
        }
        b.forked = true;
        let from = ForkFrom {
            branch: &self.branch,
            eligible: &self.eligible,
            stream: Sampler::for_branch(self.seed, trial, excursion, 1),
            log_w: b.log_w,
            end: self.span.end,
            budget: self.settings.max_branch_events,
        };
        let d0 = &self.d0;
        let over = |distance: &mut Distance, sim: &Simulator<'_>| {
            let nominal = d0[sim.phases.as_ref().map_or(0, |r| r.current())];
            sim.service_up() && distance.distance(sim) >= nominal && watch.nominal(sim)
        };
        let events = fork
            .run(from, &mut self.distance, watch, &mut record.load, over)
            .map_err(|()| over_budget(trial, self.settings.max_branch_events))?;
        b.events += events;
        Ok(())
    }

    /// An outage begins in the branch at `at`, with the branch's current weight. From then
    /// on the branch runs naturally, unless the outage is a failover's (a switchover or a
    /// manual failover under way): that one ends without a repair, so forcing on after it
    /// cannot pile up long repairs, and the excursion's rarer part is still ahead of it (in
    /// a 1 + 1 pair every active failure is such an outage; left natural, both instances
    /// down was seen only at its natural odds, weighted 1: a heavy tail of rare large
    /// weights that made the intervals too narrow). Nothing is forced while the service is
    /// down either way (`open_window`).
    fn count_outage_start(&mut self, b: &mut Branch, at: f64, record: &mut RareRecord) {
        b.before_outage = (b.natural, b.log10_min, b.log10_max);
        b.natural = b.natural || !self.branch.failover_under_way();
        self.add_outages_at(at, b.log_w.exp(), record);
        let log10 = b.log_w / std::f64::consts::LN_10;
        b.log10_min = b.log10_min.min(log10);
        b.log10_max = b.log10_max.max(log10);
    }

    /// Takes back an outage counted at `at` that ended at the same instant. The weight is
    /// the one it was counted with: no window opened in between. The branch goes back to
    /// forcing if that outage had ended it: an outage of no length is no outage, and a
    /// failover pair's every active failure is one (left natural, its branches saw a second
    /// failure only at its natural odds, weighted 1: a heavy tail of rare large weights
    /// that made the intervals too narrow). Which dynamics run stays decided by the path
    /// so far, so the likelihood ratio stays exact.
    fn uncount_outage_start(&mut self, b: &mut Branch, at: f64, record: &mut RareRecord) {
        self.add_outages_at(at, -b.log_w.exp(), record);
        (b.natural, b.log10_min, b.log10_max) = b.before_outage;
    }

    /// Adds `weight` outages begun at `at` to the windows and phases holding `at`.
    fn add_outages_at(&mut self, at: f64, weight: f64, record: &mut RareRecord) {
        if at < self.span.h {
            record.horizon.outages += weight;
            if let Some(run) = &self.branch.phases {
                let count = run.count();
                let figures = &mut self.phase_figures;
                run.phases_at(at, |p| figures[count + p] += weight);
            }
        }
        if at >= self.span.w && at < self.span.end {
            record.steady.outages += weight;
        }
    }

    /// The branch was down over `[from, to]`, at its current weight (which does not move
    /// while the service is down: nothing is biased then).
    fn count_downtime(
        &mut self,
        b: &mut Branch,
        from: f64,
        to: f64,
        cause: u32,
        record: &mut RareRecord,
        causes: &mut [f64],
    ) {
        let weight = b.log_w.exp();
        let span = self.span;
        // With exclude_planned, the outage's planned part [from, counted_from) is left out,
        // as a plain run leaves it out of its availability.
        let counted_from = if self.branch.exclude_planned {
            self.branch.planned_until().max(from).min(to)
        } else {
            from
        };
        let in_h = (to.min(span.h) - counted_from).max(0.0);
        record.horizon.planned += weight * ((to.min(span.h) - from).max(0.0) - in_h);
        if in_h > 0.0 {
            if let Some(run) = &self.branch.phases {
                let figures = &mut self.phase_figures;
                run.split(counted_from, to.min(span.h), |p, hours| {
                    figures[p] += weight * hours;
                });
            }
            record.horizon.downtime += weight * in_h;
            causes[cause as usize] += weight * in_h;
            b.contribution += weight * in_h;
            if b.first_open_h {
                record.horizon.first += weight;
            }
            b.first_open_h = false;
        }
        let in_s = (to.min(span.end) - counted_from.max(span.w)).max(0.0);
        record.steady.planned += weight * ((to.min(span.end) - from.max(span.w)).max(0.0) - in_s);
        if in_s > 0.0 {
            record.steady.downtime += weight * in_s;
            if b.first_open_s {
                record.steady.first += weight;
            }
            b.first_open_s = false;
        }
    }

    /// Opens the window that starts now in the branch (§3.3): re-marks the on-cut clocks,
    /// lets clocks leaving the cut run naturally from their age, and decides whether and
    /// which on-cut clock fails before the next queued event. While the service is down
    /// (`up` false) nothing is biased: every clock runs naturally.
    fn open_window(&mut self, b: &mut Branch, up: bool) {
        // After the branch's first outage nothing is biased either (`Branch::natural`).
        let up = up && !b.natural;
        let sim = &mut self.branch;
        let layout = sim.layout;
        if up {
            let d = self.distance.distance(sim);
            self.distance.mark(sim);
            if let Some(watch) = &self.load {
                watch.remark(sim, &mut self.distance, d);
            }
        }
        self.clocks.clear();
        self.clock_slots.clear();
        for slot in 0..layout.slot_count() {
            let instance = layout.slot_instance[slot] as usize;
            let mode = &layout.modes[layout.slot_mode[slot] as usize];
            // Its speed now: its role's, times the phase's failure factor.
            let speed = sim.clock_speed(slot);
            let now_eligible = up
                && !sim.slot_down[slot]
                && speed > 0.0
                && mode.failure.is_continuous()
                && sim.is_available(instance)
                && self.distance.on_cut(instance);
            if now_eligible {
                // Joining, or staying: any pending failure (natural, or forced in a window
                // that has ended) is superseded by this window's decision.
                sim.supersede_failure(slot, f64::INFINITY);
                self.clocks
                    .push(WindowClock::new(&mode.failure, sim.slot_age(slot), speed));
                self.clock_slots.push(slot as u32);
            } else if self.eligible[slot] && !sim.slot_down[slot] {
                // Leaving (or paused, a cold standby stepping down): a natural residual
                // life from its age, exact given the age.
                let residual = sim.sampler.residual(&mode.failure, sim.slot_age(slot));
                sim.supersede_failure(slot, f64::INFINITY);
                sim.start_clock(slot, residual);
            }
            self.eligible[slot] = now_eligible;
        }
        shock_clocks(
            sim,
            &self.distance,
            up,
            &mut self.eligible,
            &mut self.clocks,
            &mut self.clock_slots,
        );
        if self.clocks.is_empty() {
            return;
        }
        let until = sim
            .queue
            .next_time()
            .unwrap_or(f64::INFINITY)
            .min(self.span.end);
        let window = until - sim.now;
        if window <= 0.0 {
            // The next event is at this very instant: the window opens after it.
            return;
        }
        b.windows += 1;
        let odds = self.odds_scale();
        let sim = &mut self.branch;
        let draw = sim.sampler.force_window(
            &mut self.clocks,
            window,
            self.settings.bias,
            self.settings.mixture,
            odds,
        );
        b.log_w += draw.ln_lr;
        if let Some((i, delay)) = draw.forced {
            let at = sim.now + delay;
            let clock = self.clock_slots[i] as usize;
            match clock.checked_sub(layout.slot_count()) {
                Some(shock) => sim.requeue_strike(shock, at),
                None => {
                    sim.supersede_failure(clock, at);
                    let generation = sim.slot_generation[clock];
                    sim.queue.push(
                        at,
                        Event::Fail {
                            slot: clock as u32,
                            generation,
                        },
                    );
                }
            }
        }
    }
}
