//! Shocks under the rare-event method (docs/design/rare-events.md §3.4).
//!
//! A shock process is a clock like a failure slot: its age is the time since its last
//! recovery (or since a strike that hit nobody), its law the shock's `every`. While the
//! service is up and the shock would take down an on-cut instance, a branch puts its next
//! strike into the window competition with the failure clocks (forcing through the
//! cumulative hazard, exact likelihood ratio); otherwise the strike comes at a natural
//! residual time drawn from the age. Whom a strike reaches is biased upwards to at least
//! [`REACH_BIAS`] per instance, also with its exact likelihood ratio. Recoveries are never
//! biased.
//!
//! A strike carries no generation in the event queue (its packing has no room to spare):
//! the simulator keeps the time each process's strike is due, and a strike popped at
//! another time is superseded.

use super::distance::Distance;
use super::queue::Event;
use super::sampler::WindowClock;
use super::trial::Simulator;
use crate::model::{Model, RareSettings, Warmup};

/// The least probability that a strike in a branch reaches an instance (θ_reach).
pub const REACH_BIAS: f64 = 0.5;

/// A shock's strike is being decided by the branch's windows: no natural strike is queued.
const DECIDING: f64 = -1.0;

impl Simulator<'_> {
    /// Queues shock `shock`'s next strike `delay` from now, its clock starting now.
    pub(super) fn schedule_strike(&mut self, shock: usize, delay: f64) {
        self.shock_since[shock] = self.now;
        self.requeue_strike(shock, self.now + delay);
    }

    /// Queues shock `shock`'s pending strike at `at` instead, its clock's age kept.
    pub(super) fn requeue_strike(&mut self, shock: usize, at: f64) {
        self.shock_due[shock] = at;
        self.queue.push(at, Event::ShockStrikes(shock as u32));
    }

    /// Whether a strike of `shock` popped now is the one due, rather than superseded; it is
    /// no longer pending after this.
    pub(super) fn take_strike(&mut self, shock: usize) -> bool {
        if self.shock_due[shock] != self.now {
            return false;
        }
        self.shock_due[shock] = f64::INFINITY;
        true
    }

    /// Whether `event` is a shock's strike due now (not superseded).
    pub(super) fn strike_due(&self, event: Event) -> bool {
        matches!(event, Event::ShockStrikes(k) if self.shock_due[k as usize] == self.now)
    }

    /// Whether a strike reaches an instance it reaches with probability `reach`; biased in
    /// branches (`reach_bias` above `reach`), the likelihood ratio going to `ln_lr`.
    pub(super) fn shock_reaches(&mut self, reach: f64) -> bool {
        // A reach of 0 stays 0 (a hit would weigh nothing).
        if reach > 0.0 && self.reach_bias > reach {
            let (hit, ln_lr) = self.sampler.chance_biased(reach, self.reach_bias);
            self.ln_lr += ln_lr;
            hit
        } else {
            self.sampler.chance(reach)
        }
    }
}

/// The shock clocks of one window, appended after the failure slots' in the runner's lists:
/// clock `slot_count + k` is shock `k`. `eligible[slot_count + k]` says whether shock `k`
/// was in the previous window's competition.
pub(super) fn shock_clocks<'m>(
    sim: &mut Simulator<'m>,
    distance: &Distance,
    up: bool,
    eligible: &mut [bool],
    clocks: &mut Vec<WindowClock<'m>>,
    clock_ids: &mut Vec<u32>,
) {
    let layout = sim.layout;
    let offset = layout.slot_count();
    for (k, shock) in layout.shocks.iter().enumerate() {
        let every = &sim.shock_defs[k].every;
        let armed = sim.shock_due[k] != f64::INFINITY;
        let first = shock.first_instance as usize;
        let now_eligible = up
            && armed
            && every.is_continuous()
            && (first..first + shock.count as usize)
                .any(|i| sim.is_available(i) && distance.on_cut(i));
        let age = sim.now - sim.shock_since[k];
        if now_eligible {
            // Any strike queued is superseded by this window's decision.
            sim.shock_due[k] = DECIDING;
            clocks.push(WindowClock::new(every, age, 1.0));
            clock_ids.push((offset + k) as u32);
        } else if eligible[offset + k] && armed {
            let residual = sim.sampler.residual(every, age);
            sim.requeue_strike(k, sim.now + residual);
        }
        eligible[offset + k] = now_eligible;
    }
}

/// The automatic warm-up's share for shocks: the time for each shock's alternating
/// strike–recovery process to forget its start, by the rule the failure modes use
/// (`ln 200 / (λ + μ)` for exponential laws, ten mean cycles otherwise); 0 when the warm-up
/// is set by hand or there are no shocks.
pub(super) fn shock_warmup(model: &Model) -> f64 {
    if !matches!(model.settings.rare.warmup, Warmup::Auto) {
        return 0.0;
    }
    model
        .layout
        .shocks
        .iter()
        .map(|k| {
            let def = &model.components[k.component as usize].shocks[k.index as usize];
            RareSettings::cycle_warmup(&def.every, &def.recovery)
        })
        .fold(0.0, f64::max)
}
