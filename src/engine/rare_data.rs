//! The rare-event method on a durable data set: excursion importance sampling towards data
//! loss (docs/design/rare-events.md §6.1, §6.3).
//!
//! The same scheme as [`super::rare`] with the data set in place of the service: a trial's
//! main run is a plain trial; each time one of the set's devices is destroyed (an
//! *excursion*, until every destroyed device is rebuilt) the state is copied into a branch
//! that re-simulates the excursion with destructive failures forced on the devices that
//! bring a stripe closest to its loss (the data distance of `data_distance()`), keeping
//! the exact likelihood ratio. A branch's first loss weight, summed over the excursions
//! begun before the main run's own first loss, is an unbiased estimate of the probability
//! of a loss within the horizon; its weighted loss events, of their expected number.
//! Everything else (repairs, rebuilds and their pool, backups, node and zone outages) runs
//! naturally in the branch. With full backups each loss counts weighted by its probability
//! of no usable backup, their outcomes integrated out (rare_backup.rs); with incrementals or
//! differentials a loss a drawn backup covers is not counted, as in a plain run.

use super::queue::{wrap_generation, Event};
use super::rare_backup::{BackupCoverage, MAX_LOSS_TIMES};
use super::sampler::{forced_probability, Sampler, WindowClock};
use super::trial::Simulator;
use crate::model::{DataSet, Forcing, Model, RareSettings};

/// Branch streams of data sets use replicates from here, apart from the service's branches
/// (replicate 0), so the two estimates of one run do not share random numbers.
const DATA_REPLICATE: u32 = 1 << 8;

/// Why data set `set` gets the plain run's figures under `--method rare` rather than a rare
/// run of its own, or `None` when its losses are rare and [`DataRareRunner`] estimates them.
/// Each case is one where the plain figures are adequate, not a refusal: the events that
/// shape them are not rare, and a branch would be biased or blind (docs/rare-events.md).
pub fn plain_reason(set: &DataSet) -> Option<String> {
    let Some(durability) = &set.durability else {
        // Its incidents (failovers, disasters) and restores happen at their natural rates,
        // and the service's figures already count the downtime they cause.
        return Some(
            "no redundancy (backups and restores only): its incidents are not rare events, so its figures are the plain run's".into(),
        );
    };
    if durability.parity == 0 {
        // The excursions would begin at the loss itself: the branches never see it.
        return Some(
            "a single copy is lost at its disk's first destructive failure, which is not rare: its figures are the plain run's".into(),
        );
    }
    if !set.disasters.is_empty() {
        // A strike loses every copy at once: P(loss) is at least the strike rate, which a
        // plain run estimates, and the data branches do not bias strikes.
        return Some(
            "its disasters destroy every copy at once, so its losses are as frequent as they are, not rare: its figures are the plain run's".into(),
        );
    }
    None
}

/// What one trial contributes to a data set's rare estimates.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DataRareRecord {
    /// Weighted indicator of the horizon's first loss: estimates P(loss within the horizon).
    pub first: f64,
    /// Weighted loss events within the horizon: estimates their expected number.
    pub losses: f64,
    /// Whether the unbiased main run itself lost data (what a plain trial would show).
    pub plain_lost: bool,
    /// Branches run (one per excursion).
    pub branches: u32,
    /// Branches with a loss within the horizon.
    pub branches_with_loss: u32,
    /// Sum and sum of squares of the branches' final likelihood ratios (mean 1).
    pub weight_sum: f64,
    /// See `weight_sum`.
    pub weight_sq_sum: f64,
    /// Sum, sum of squares and largest of the branches' weighted loss events.
    pub contribution_sum: f64,
    /// See `contribution_sum`.
    pub contribution_sq_sum: f64,
    /// See `contribution_sum`.
    pub contribution_max: f64,
    /// Smallest and largest log10 weight at which a branch lost data (±∞ when none).
    pub log10_weight_min: f64,
    /// See `log10_weight_min`.
    pub log10_weight_max: f64,
    /// Windows decided in the branches.
    pub windows: u64,
    /// Events handled: main run and branches.
    pub events: u64,
    /// Branches stopped by the end of the horizon rather than by the excursion's end.
    pub cut_by_end: u32,
}

/// Runs rare-method trials for one durable data set: a main simulator, a branch simulator
/// and the scratch of the windows, all allocated once.
pub struct DataRareRunner<'m> {
    main: Simulator<'m>,
    branch: Simulator<'m>,
    settings: RareSettings,
    horizon: f64,
    seed: u64,
    /// The set, among the model's durable data sets, and its index in `Model::data`.
    set: usize,
    data: usize,
    /// Scratch: devices on the cut, by global device index.
    on_cut: Vec<bool>,
    /// Whether each slot's clock is biased in the branch now, and would be after the
    /// event just handled.
    eligible: Vec<bool>,
    next_eligible: Vec<bool>,
    /// The open window's clocks (ages at its start), their slots, and their odds
    /// `(q_c, p_c)`: probability of failing within it, and of being the one forced.
    clocks: Vec<WindowClock<'m>>,
    clock_slots: Vec<u32>,
    clock_odds: Vec<(f64, f64)>,
    /// Per slot, the inverse of its mean life, and the inverse of the set's mean rebuild:
    /// the failure and rebuild rates of `Forcing::Odds`.
    clock_rate: Vec<f64>,
    rebuild_rate: f64,
    window: Option<Window>,
    /// The branch has lost data: from then on it runs naturally. Its later losses count
    /// at the weight reached (unbiased: the likelihood ratio stays put), and forcing more
    /// failures would only keep a branch of negligible weight away from its end.
    natural: bool,
    /// The set's backups with their outcomes integrated out (rare_backup.rs); empty when
    /// it has none, or when their outcomes are drawn (`integrated` false).
    coverage: BackupCoverage,
    /// Every stripe loss counts, weighted by the probability that no backup is usable;
    /// else only those the drawn backups leave uncovered, each in full.
    integrated: bool,
    /// Distinct loss times of the main run this trial, and of the branch under way.
    main_losses: Vec<f64>,
    branch_losses: Vec<f64>,
    /// Scratch: the main run's losses before the branch's, then with them.
    joint: Vec<f64>,
}

/// A window of a data branch, open until its forced failure, the next rebuild, or a change
/// of the biasable clocks.
#[derive(Debug, Clone, Copy)]
struct Window {
    start: f64,
    length: f64,
    /// `start + length`.
    end: f64,
    /// θ_w: the probability that a failure was forced within it.
    theta: f64,
    /// The forced failure's slot and generation.
    forced: Option<(u32, u32)>,
    /// The likelihood ratio of the forced failure, when it happens.
    forced_ln_lr: f64,
}

impl<'m> DataRareRunner<'m> {
    /// A runner for the `set`-th durable data set of `model` (in the order of
    /// `Model::data`, counting only sets with redundancy).
    pub fn new(model: &'m Model, set: usize) -> DataRareRunner<'m> {
        let data = model
            .data
            .iter()
            .enumerate()
            .filter(|(_, d)| d.durability.is_some())
            .nth(set)
            .map(|(d, _)| d)
            .expect("the set is one of the model's durable data sets");
        let mut main = Simulator::new(model);
        main.horizon = model.settings.horizon;
        let slots = model.layout.slot_count();
        let clock_rate = super::rare::slot_failure_rates(&model.layout).collect();
        let rebuild_rate = model.data[data]
            .durability
            .as_ref()
            .map_or(0.0, |d| 1.0 / d.rebuild.mean());
        let (coverage, integrated) = match BackupCoverage::of(&model.data[data]) {
            Some(coverage) => (coverage, true),
            None => (BackupCoverage::default(), false),
        };
        DataRareRunner {
            coverage,
            integrated,
            main_losses: Vec::with_capacity(MAX_LOSS_TIMES),
            branch_losses: Vec::with_capacity(MAX_LOSS_TIMES),
            joint: Vec::with_capacity(MAX_LOSS_TIMES),
            on_cut: vec![false; main.durability.device_count()],
            main,
            branch: Simulator::new(model),
            settings: model.settings.rare,
            horizon: model.settings.horizon,
            seed: model.settings.seed,
            set,
            data,
            eligible: vec![false; slots],
            next_eligible: vec![false; slots],
            clocks: Vec::with_capacity(slots),
            clock_slots: Vec::with_capacity(slots),
            clock_odds: Vec::with_capacity(slots),
            clock_rate,
            rebuild_rate,
            window: None,
            natural: false,
        }
    }

    /// Stripes the main run has lost so far, over every trial it ran.
    fn main_stripes_lost(&self) -> u64 {
        self.main.tally.data[self.data].durability.stripes_lost
    }

    /// Stripe losses `sim` has counted so far that this estimate weighs: all of them when
    /// the backups' outcomes are integrated out, else those no drawn backup covered.
    fn losses_of(&self, sim: &Simulator) -> u64 {
        let t = &sim.tally.data[self.data].durability;
        t.stripes_lost
            + if self.integrated {
                t.covered_by_backup
            } else {
                0
            }
    }

    /// The data set's shared backup origin in the trial under way (the same in branches).
    fn phase(&self) -> f64 {
        self.main.data_phase[self.data]
    }

    /// Adds `at` to the distinct loss times `times`, failing past the closed form's limit.
    fn note_loss(times: &mut Vec<f64>, at: f64) -> Result<(), String> {
        if times.last() == Some(&at) {
            return Ok(());
        }
        if times.len() == MAX_LOSS_TIMES {
            return Err(format!(
                "a rare-event trial lost data more than {MAX_LOSS_TIMES} times: the data set's losses are not rare (use the plain method)"
            ));
        }
        times.push(at);
        Ok(())
    }

    /// Simulates trial `trial`. Fails when a branch exceeds its event budget.
    pub fn run(&mut self, trial: u64) -> Result<DataRareRecord, String> {
        let mut record = DataRareRecord {
            log10_weight_min: f64::INFINITY,
            log10_weight_max: f64::NEG_INFINITY,
            ..DataRareRecord::default()
        };
        self.main.start_trial(trial);
        let lost_before = self.main_stripes_lost();
        self.main_losses.clear();
        let (mut in_excursion, mut excursion) = (false, 0u32);
        let mut events = 0u64;
        while let Some((time, event)) = self.main.queue.pop_until(self.horizon) {
            self.main.now = time;
            let before = self.losses_of(&self.main);
            if !self.main.handle(event) {
                continue;
            }
            events += 1;
            let lost_now = self.losses_of(&self.main) > before;
            if !self.main.set_degraded(self.set) {
                in_excursion = false;
            } else if !in_excursion {
                in_excursion = true;
                excursion += 1;
                // The first-loss estimate weighs each excursion by the chance that the main
                // run had no uncovered loss before it (§3.6), read off the unbiased main run.
                self.branch_from_main(trial, excursion, lost_now, &mut record)?;
            }
            if lost_now {
                Self::note_loss(&mut self.main_losses, time)?;
            }
        }
        record.plain_lost = self.main_stripes_lost() > lost_before;
        record.events += events;
        self.main.tally.end_trial();
        Ok(record)
    }

    /// Runs the branch of excursion `excursion` from the main run's state now, adding its
    /// weighted losses to `record`. `lost_at_start`: the event that began the excursion
    /// lost data in the main run already (one failure destroying several devices), a loss
    /// the branch starts from, at weight 1.
    fn branch_from_main(
        &mut self,
        trial: u64,
        excursion: u32,
        lost_at_start: bool,
        record: &mut DataRareRecord,
    ) -> Result<(), String> {
        self.branch.clone_state_from(&self.main);
        self.branch.sampler = Sampler::for_branch(self.seed, trial, excursion, DATA_REPLICATE);
        self.eligible.fill(false);
        self.window = None;
        self.natural = lost_at_start;
        self.branch_losses.clear();
        if lost_at_start {
            self.branch_losses.push(self.main.now);
        }
        let (mut log_w, mut loss_log_w) = (0.0f64, 0.0f64);
        let (mut windows, mut events) = (0u64, 0u64);
        let (mut log10_min, mut log10_max) = (f64::INFINITY, f64::NEG_INFINITY);
        let mut cut = true;
        self.mark_cut();
        self.renew_window(&mut windows);
        while let Some((time, event)) = self.branch.queue.pop_until(self.horizon) {
            self.branch.now = time;
            events += 1;
            if events > self.settings.max_branch_events {
                return Err(format!(
                    "a rare-event branch of data set trial {trial} took more than {} events: the data set stays degraded for too long for this method (try the plain method)",
                    self.settings.max_branch_events
                ));
            }
            let before = self.losses_of(&self.branch);
            if !self.branch.handle(event) {
                continue;
            }
            let changed = self.mark_cut();
            log_w += self.close_window(event, changed);
            if self.losses_of(&self.branch) > before {
                // One loss event, however many stripes it took (as a plain run counts). The
                // branch runs naturally from its first: every later one has its weight.
                if !self.natural {
                    loss_log_w = log_w;
                }
                self.natural = true;
                Self::note_loss(&mut self.branch_losses, time)?;
            }
            if !self.branch.set_degraded(self.set) {
                cut = false;
                break;
            }
            if self.window.is_none() {
                self.renew_window(&mut windows);
            }
        }
        if let Some(window) = &self.window {
            // Cut by the horizon with a window open: no eligible failure before it.
            log_w += self.no_failure_ln_lr(window.end.min(self.horizon));
        }
        let contribution = self.weigh_losses(loss_log_w, record)?;
        if contribution > 0.0 {
            // The weight at which the losses count, their chance of no usable backup included.
            let log10 = contribution.log10();
            log10_min = log10_min.min(log10);
            log10_max = log10_max.max(log10);
        }
        let weight = log_w.exp();
        record.branches += 1;
        record.weight_sum += weight;
        record.weight_sq_sum += weight * weight;
        record.contribution_sum += contribution;
        record.contribution_sq_sum += contribution * contribution;
        record.contribution_max = record.contribution_max.max(contribution);
        record.branches_with_loss += u32::from(contribution > 0.0);
        record.log10_weight_min = record.log10_weight_min.min(log10_min);
        record.log10_weight_max = record.log10_weight_max.max(log10_max);
        record.windows += windows;
        record.events += events;
        record.cut_by_end += u32::from(cut);
        Ok(())
    }

    /// Adds the branch's losses, all at weight `exp(loss_log_w)`, to `record`: the expected
    /// uncovered loss events (each loss time's probability of no usable backup), and the
    /// first-loss term, the chance that these losses hold the trial's first uncovered one:
    /// P(some uncovered among the main run's earlier losses and these) − P(some among the
    /// earlier ones alone). Without backups both are plain counts and indicators. Returns
    /// the weighted uncovered loss events.
    fn weigh_losses(
        &mut self,
        loss_log_w: f64,
        record: &mut DataRareRecord,
    ) -> Result<f64, String> {
        if self.branch_losses.is_empty() {
            return Ok(0.0);
        }
        let (weight, phase) = (loss_log_w.exp(), self.phase());
        let coverage = &self.coverage;
        let events: f64 = self
            .branch_losses
            .iter()
            .map(|&t| coverage.uncovered(phase, t))
            .sum();
        self.joint.clear();
        self.joint.extend_from_slice(&self.main_losses);
        let earlier = coverage.any_uncovered(phase, &self.joint);
        for &t in &self.branch_losses {
            Self::note_loss(&mut self.joint, t)?;
        }
        let first = (coverage.any_uncovered(phase, &self.joint) - earlier).max(0.0);
        record.losses += weight * events;
        record.first += weight * first;
        Ok(weight * events)
    }

    /// Marks the devices on the cut and which slots' clocks are biasable now (in
    /// `next_eligible`: none once the branch has lost data); returns whether that set
    /// differs from the open window's.
    fn mark_cut(&mut self) -> bool {
        let sim = &self.branch;
        let layout = sim.layout;
        let distance = sim.mark_data_cut(self.set, &mut self.on_cut);
        let biasing = distance > 0 && !self.natural;
        let mut changed = false;
        for slot in 0..layout.slot_count() {
            let mode = &layout.modes[layout.slot_mode[slot] as usize];
            let now = biasing
                && !sim.slot_down[slot]
                && sim.slot_speed[slot] > 0.0
                && mode.failure.is_continuous()
                && sim
                    .slot_destroys(slot)
                    .iter()
                    .any(|&device| self.on_cut[device as usize]);
            changed |= now != self.eligible[slot];
            self.next_eligible[slot] = now;
        }
        changed
    }

    /// Closes the open window if the event just handled ends it, returning the log
    /// likelihood-ratio factor of its decision: the forced failure happened (`event`), or
    /// the biasable clocks changed (`changed`), or its end came, with no failure of them
    /// until now. A window that none of these ends stays open: the events between (repairs,
    /// node outages, backups) leave its clocks' laws as they were, so its decision holds.
    fn close_window(&mut self, event: Event, changed: bool) -> f64 {
        let Some(window) = &self.window else {
            return 0.0;
        };
        let forced_hit = matches!(
            (event, window.forced),
            (Event::Fail { slot, generation }, Some((s, g))) if slot == s && generation == g
        );
        let ln_lr = if forced_hit {
            window.forced_ln_lr
        } else if changed || self.branch.now >= window.end {
            self.no_failure_ln_lr(self.branch.now)
        } else {
            return 0.0;
        };
        self.window = None;
        ln_lr
    }

    /// The log likelihood ratio of "no biasable clock of the open window failed before
    /// `at`": natural probability `exp(−Σ ΔH_c)` over the biased one, `(1 − θ_w)` plus the
    /// chance that the forced failure falls after `at`, `θ_w Σ p_c P(X_c > at | X_c ≤ W)`.
    /// At the window's end this is `(1 − Q)/(1 − θ_w)`, the design's factor (§3.3).
    fn no_failure_ln_lr(&self, at: f64) -> f64 {
        let Some(window) = &self.window else {
            return 0.0;
        };
        let elapsed = (at - window.start).clamp(0.0, window.length);
        let rest = window.length - elapsed;
        let (mut natural, mut later) = (0.0, 0.0);
        for (clock, &(q, p)) in self.clocks.iter().zip(&self.clock_odds) {
            let survived = clock.dist.hazard_increment(clock.age, elapsed);
            natural += survived;
            if q > 0.0 && rest > 0.0 {
                // e^{−ΔH(elapsed)} − e^{−ΔH(W)}, without subtracting: e^{−a}·(1 − e^{−(b−a)}).
                let after = clock.dist.hazard_increment(clock.age + elapsed, rest);
                later += p * (-survived).exp() * -(-after).exp_m1() / q;
            }
        }
        let biased = (1.0 - window.theta) + window.theta * later;
        -natural - biased.ln()
    }

    /// The `Forcing::Odds` scale of the window opening now: θ / (1 − θ) × M / Λ, M the
    /// rates of the set's rebuilds under way and Λ the forced clocks' failure rates, so
    /// that with exponential laws a failure comes before the next rebuild with
    /// probability θ, as the Markov chain's failure biasing has it; `None` (the window
    /// rule) with no rebuild under way. Forcing each window with θ whatever its length
    /// makes a forced failure's likelihood ratio follow the rebuild's random length: the
    /// odds rule's intervals are a tenth narrower (docs/rare-events.md, data durability).
    fn odds_scale(&self, theta: f64) -> Option<f64> {
        if self.settings.forcing != Forcing::Odds {
            return None;
        }
        let under_way = self.branch.rebuilds_under_way(self.set) as f64 * self.rebuild_rate;
        let failures: f64 = self
            .clock_slots
            .iter()
            .map(|&slot| self.clock_rate[slot as usize])
            .sum();
        super::sampler::odds_scale(theta, under_way, failures)
    }

    /// Brings the slots' clocks to `next_eligible` (those leaving run naturally from their
    /// age; those joining or staying have any pending failure superseded) and opens a
    /// window (§3.3 with the data distance) until the next rebuild completes: whether and
    /// which clock on the cut fails before it. While a stripe is lost (distance 0) nothing
    /// is biased: every clock runs naturally.
    fn renew_window(&mut self, windows: &mut u64) {
        let sim = &mut self.branch;
        let layout = sim.layout;
        self.clocks.clear();
        self.clock_slots.clear();
        for slot in 0..layout.slot_count() {
            let mode = &layout.modes[layout.slot_mode[slot] as usize];
            let running = !sim.slot_down[slot] && sim.slot_speed[slot] > 0.0;
            let age = sim.now - sim.slot_born[slot];
            if self.next_eligible[slot] {
                sim.slot_generation[slot] = wrap_generation(sim.slot_generation[slot] + 1);
                self.clocks.push(WindowClock::new(&mode.failure, age, 1.0));
                self.clock_slots.push(slot as u32);
            } else if self.eligible[slot] && running {
                // Leaving: a natural residual life from its age (exact given the age).
                sim.slot_generation[slot] = wrap_generation(sim.slot_generation[slot] + 1);
                let residual = sim.sampler.residual(&mode.failure, age);
                sim.queue.push(
                    sim.now + residual,
                    Event::Fail {
                        slot: slot as u32,
                        generation: sim.slot_generation[slot],
                    },
                );
            }
            self.eligible[slot] = self.next_eligible[slot];
        }
        if self.clocks.is_empty() {
            return;
        }
        let end = sim
            .queue
            .next_time_where(|e| matches!(e, Event::FragmentRebuilt(_)))
            .unwrap_or(f64::INFINITY)
            .min(self.horizon);
        let length = end - sim.now;
        if length <= 0.0 {
            // A rebuild completes at this very instant: the window opens after it.
            return;
        }
        *windows += 1;
        let (theta, beta) = (self.settings.data_bias, self.settings.mixture);
        // The decision's odds, as force_window takes them, for the no-failure factor.
        self.clock_odds.clear();
        let (mut sum_dh, mut sum_q) = (0.0, 0.0);
        let mut possible = 0usize;
        for clock in &self.clocks {
            let dh = clock.dist.hazard_increment(clock.age, length);
            let q = -(-dh).exp_m1();
            sum_dh += dh;
            if q > 0.0 {
                sum_q += q;
                possible += 1;
            }
            self.clock_odds.push((q, 0.0));
        }
        if sum_q <= 0.0 {
            // Nothing can fail before the end: nothing to bias.
            return;
        }
        for odds in &mut self.clock_odds {
            if odds.0 > 0.0 {
                odds.1 = (1.0 - beta) / possible as f64 + beta * odds.0 / sum_q;
            }
        }
        let odds = self.odds_scale(theta);
        let sim = &mut self.branch;
        let draw = sim
            .sampler
            .force_window(&mut self.clocks, length, theta, beta, odds);
        let forced = draw.forced.map(|(i, delay)| {
            let slot = self.clock_slots[i];
            let generation = sim.slot_generation[slot as usize];
            sim.queue
                .push(sim.now + delay, Event::Fail { slot, generation });
            (slot, generation)
        });
        self.window = Some(Window {
            start: sim.now,
            length,
            end,
            theta: forced_probability(theta, odds, -(-sum_dh).exp_m1()),
            forced,
            forced_ln_lr: if forced.is_some() { draw.ln_lr } else { 0.0 },
        });
    }
}
