//! Failover groups under the rare-event method (docs/design/rare-events.md §3.4).
//!
//! Groups need two things from the method. The failure distance must count a group's
//! available standbys as redundancy (a 1 + 1 pair with its standby up is two failures from
//! a long outage, not one), and a branch biases the random choices a group makes, whether
//! an automatic switchover works and whether a standby called on starts (`fails_to_start`),
//! upwards towards failure with their exact likelihood ratios.
//! Everything else a group does (detection, switchover and start-up times, manual failover,
//! latent standby failures, failback) runs unbiased in branches as in the plain engine; a
//! standby's failure clock is biased like any other, at the speed it ages while idle.

use super::failover::Role;
use super::trial::Simulator;
use crate::model::{Model, Warmup};

/// The least probability of a failed switchover, or of a standby's failed start, in a branch
/// (θ_sw of the design): a failed switchover leaves a position empty until an operator steps
/// in, a failed start takes the standby out for a repair, often the longest outage a group
/// has, and at a natural 1 % either would be seen once in a hundred branches.
pub const SWITCHOVER_BIAS: f64 = 0.25;

impl Simulator<'_> {
    /// Standbys of `group` it could fill a position with, as the group believes them to be.
    /// A latent (unnoticed) standby failure still counts: the excursion then begins when the
    /// standby is called on and found broken, not at its unnoticed failure, which can go
    /// unnoticed for months and would make one excursion, and the product of its
    /// likelihood ratios, that long. One being switched in does not count: until it serves,
    /// the loss of the last active is an outage. Counted, a switchover with every instance
    /// up (the failed one repaired within it) looked like full redundancy, so the active's
    /// failure then went down from outside any excursion, at its natural odds and weight 1:
    /// rare large weights that made the intervals too narrow (on a 2 + 1 warm group, 24
    /// seeds in 30 met no such outage and were 1.9 % low on average; the other 6 carried
    /// it).
    pub(super) fn group_spares(&self, group: usize) -> u32 {
        let g = self.layout.groups[group];
        let first = g.first_instance as usize;
        self.role[first..first + g.count as usize]
            .iter()
            .filter(|role| matches!(role, Role::Standby))
            .count() as u32
    }

    /// Whether some group is filling a position without a repair: a switchover (detection
    /// and start-up included) or an operator's manual failover under way. An outage begun
    /// then is a failover's, which ends by itself; the branch keeps forcing once it is over
    /// (rare.rs, `count_outage_start`).
    pub(super) fn failover_under_way(&self) -> bool {
        self.groups
            .iter()
            .any(|group| group.promoting > 0 || group.manual_pending)
    }

    /// Whether an automatic switchover that works with probability `success` works. In a
    /// branch (`switchover_bias` above the natural failure probability) the failure is drawn
    /// with the bias instead and the likelihood ratio goes to `ln_lr`; it is biased in every
    /// state, since a failed switchover either lengthens the outage under way or leaves the
    /// group a position short, both on the way to what the method estimates. The factors
    /// are bounded: σ/(1 − θ_sw) ≤ 4/3 for a success, (1 − σ)/θ_sw ≤ 1 for a failure.
    pub(super) fn switchover_works(&mut self, success: f64) -> bool {
        match self.demand_fails_biased(1.0 - success) {
            Some(failed) => !failed,
            None => self.sampler.chance(success),
        }
    }

    /// Whether a demand that fails with probability `fails` (a switchover, a standby's
    /// start) fails, drawn with the branch's bias and its likelihood ratio added to `ln_lr`;
    /// `None` outside a branch or when the bias would not raise the probability, the caller
    /// then drawing it naturally (its own way, so that plain runs keep their streams). A
    /// demand that cannot fail stays sure: there may be no manual failover to follow.
    pub(super) fn demand_fails_biased(&mut self, fails: f64) -> Option<bool> {
        if fails > 0.0 && self.switchover_bias > fails {
            let (failed, ln_lr) = self.sampler.chance_biased(fails, self.switchover_bias);
            self.ln_lr += ln_lr;
            Some(failed)
        } else {
            None
        }
    }
}

/// The automatic warm-up's share for failover groups whose standbys are not monitored: a
/// latent standby failure lasts until the active's failure reveals it, so such a group
/// forgets its start only after `ln 200 / λ`, λ the total failure rate of an active (its
/// modes' rates summed); 0 when the warm-up is set by hand or every group is monitored.
pub(super) fn group_warmup(model: &Model) -> f64 {
    if !matches!(model.settings.rare.warmup, Warmup::Auto) {
        return 0.0;
    }
    model
        .layout
        .groups
        .iter()
        .map(|g| &model.components[g.component as usize])
        .filter(|c| c.failover.as_ref().is_some_and(|f| !f.monitored))
        .map(|c| {
            let rate: f64 = c.modes.iter().map(|m| 1.0 / m.failure.mean()).sum();
            200f64.ln() / rate
        })
        .fold(0.0, f64::max)
}
