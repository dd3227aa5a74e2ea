//! Data durability: fragments of stripes on devices, destroyed by destructive failures,
//! rebuilt by a per-data-set pool (first come, first served), and a loss whenever a stripe
//! has more fragments destroyed at once than its parity (docs/durability.md).
//!
//! Everything is indexed: devices of every durable data set are numbered together, each
//! failure slot lists the devices its failure destroys, each device the stripes it holds.
//! A destroyed device stays destroyed until its rebuild completes, whatever happens to the
//! device's own repair; a second destruction meanwhile changes nothing. Declustered data
//! sets (`stripes = "all"`) keep one counter per domain instead of per stripe.

use std::collections::VecDeque;

use super::queue::Event;
use super::trial::Simulator;
use crate::dist::Dist;
use crate::model::{device_domains, instance_in, place_stripes, Adjacency, Model, Stripes};

/// One durable data set, flattened.
#[derive(Debug)]
struct SetPlan<'m> {
    /// Index in `Model::data`.
    data: usize,
    /// Its devices are `first_device..first_device + devices` over every durable set.
    first_device: usize,
    /// Stripes are counted per domain (declustered), not per stripe.
    declustered: bool,
    /// Lost fragments a stripe survives.
    tolerated: u32,
    rebuild: &'m Dist,
    concurrent: usize,
    /// A loss is covered when a usable backup exists.
    has_backups: bool,
}

/// What the engine knows of every durable data set: a fixed plan and per-trial counters.
#[derive(Debug, Default)]
pub struct DurabilityRun<'m> {
    sets: Vec<SetPlan<'m>>,
    /// Devices each failure slot destroys (global device indices).
    slot_destroys: Adjacency,
    /// Set of each device.
    device_set: Vec<u32>,
    /// Stripes each device holds (global stripe indices; counted sets).
    device_stripes: Adjacency,
    /// Global domain of each device (declustered sets).
    device_domain: Vec<u32>,
    /// Whether each device's fragments are destroyed and not yet rebuilt.
    device_lost: Vec<bool>,
    /// Destroyed fragments per stripe.
    stripe_lost: Vec<u32>,
    /// Destroyed devices per domain (declustered sets).
    domain_lost: Vec<u32>,
    /// Domains with a destroyed device, per set (declustered sets).
    domains_hit: Vec<u32>,
    /// Rebuilds that may still start, per set.
    free: Vec<usize>,
    /// Destroyed devices waiting for a rebuild slot, per set.
    waiting: Vec<VecDeque<u32>>,
}

impl<'m> DurabilityRun<'m> {
    /// Becomes a copy of `other`'s per-trial state (lost fragments, rebuild queues), keeping
    /// the plan, which is the same for both (the rare method's branches copy the main run).
    pub(super) fn copy_state_from(&mut self, other: &DurabilityRun<'m>) {
        self.device_lost.clone_from(&other.device_lost);
        self.stripe_lost.clone_from(&other.stripe_lost);
        self.domain_lost.clone_from(&other.domain_lost);
        self.domains_hit.clone_from(&other.domains_hit);
        self.free.clone_from(&other.free);
        self.waiting.clone_from(&other.waiting);
    }

    /// The plan for `model`'s durable data sets (stripes drawn from its seed).
    pub fn new(model: &'m Model) -> DurabilityRun<'m> {
        let layout = &model.layout;
        let mut run = DurabilityRun::default();
        let mut slot_lists = vec![Vec::new(); layout.slot_count()];
        let mut stripe_lists: Vec<Vec<u32>> = Vec::new();
        let mut stripes_total = 0u32;
        let mut domains_total = 0u32;
        for (d, set) in model.data.iter().enumerate() {
            let Some(durability) = &set.durability else {
                continue;
            };
            let first_device = run.device_set.len();
            let devices = model.components[set.stored_on].count;
            let domains = device_domains(&model.components, set);
            let declustered = durability.stripes == Stripes::All;
            for &domain in &domains {
                run.device_set.push(run.sets.len() as u32);
                run.device_domain.push(domains_total + domain);
            }
            stripe_lists.resize(first_device + devices, Vec::new());
            if let Stripes::Count(count) = durability.stripes {
                let stripes =
                    place_stripes(&domains, durability.width(), count, model.settings.seed);
                for (s, stripe) in stripes.iter().enumerate() {
                    for &device in stripe {
                        stripe_lists[first_device + device as usize].push(stripes_total + s as u32);
                    }
                }
                stripes_total += count as u32;
            }
            domains_total += domains.iter().max().map_or(0, |&m| m + 1);
            // Each destructive mode's slots destroy the devices depending on their instance.
            for destructive in &durability.destructive {
                let c = destructive.component;
                let first_instance = layout.component_first_instance[c] as usize;
                for instance in 0..model.components[c].count {
                    let slot = layout.instance_first_slot[first_instance + instance] as usize
                        + destructive.mode;
                    for device in 0..devices {
                        if instance_in(&model.components, set.stored_on, device, c)
                            == Some(instance)
                        {
                            slot_lists[slot].push((first_device + device) as u32);
                        }
                    }
                }
            }
            run.sets.push(SetPlan {
                data: d,
                first_device,
                declustered,
                tolerated: durability.parity as u32,
                rebuild: &durability.rebuild,
                concurrent: durability.concurrent,
                has_backups: !set.backups.is_empty(),
            });
            run.waiting.push(VecDeque::with_capacity(devices));
        }
        run.slot_destroys = Adjacency::from_lists(slot_lists);
        run.device_stripes = Adjacency::from_lists(stripe_lists);
        run.device_lost = vec![false; run.device_set.len()];
        run.stripe_lost = vec![0; stripes_total as usize];
        run.domain_lost = vec![0; domains_total as usize];
        run.domains_hit = vec![0; run.sets.len()];
        run.free = run.sets.iter().map(|s| s.concurrent).collect();
        run
    }

    /// Whether the model has any durable data set (else the engine skips every hook).
    #[inline(always)]
    pub fn active(&self) -> bool {
        !self.sets.is_empty()
    }

    /// Devices over every durable data set (room the event queue needs for rebuilds).
    pub fn device_count(&self) -> usize {
        self.device_set.len()
    }
}

impl Simulator<'_> {
    /// Every fragment intact, no rebuild under way.
    pub(super) fn reset_durability(&mut self) {
        let run = &mut self.durability;
        run.device_lost.fill(false);
        run.stripe_lost.fill(0);
        run.domain_lost.fill(0);
        run.domains_hit.fill(0);
        for (free, set) in run.free.iter_mut().zip(&run.sets) {
            *free = set.concurrent;
        }
        for waiting in &mut run.waiting {
            waiting.clear();
        }
    }

    /// Failure slot `slot` failed: the fragments on the devices it destroys are lost.
    #[inline]
    pub(super) fn destroy_fragments(&mut self, slot: usize) {
        let destroyed = self.durability.slot_destroys.of(slot).len();
        for k in 0..destroyed {
            let device = self.durability.slot_destroys.of(slot)[k] as usize;
            if !self.durability.device_lost[device] {
                self.durability.device_lost[device] = true;
                self.fragments_changed(device, true);
                self.request_rebuild(device);
            }
        }
    }

    /// Counts a device's fragments lost (`lost`) or back, and a data loss when a stripe
    /// (or, declustered, the set of domains) passes its parity.
    fn fragments_changed(&mut self, device: usize, lost: bool) {
        let set = self.durability.device_set[device] as usize;
        let plan = &self.durability.sets[set];
        let (tolerated, declustered) = (plan.tolerated, plan.declustered);
        let run = &mut self.durability;
        let mut losses = 0u32;
        if declustered {
            let domain = run.device_domain[device] as usize;
            if lost {
                run.domain_lost[domain] += 1;
                if run.domain_lost[domain] == 1 {
                    run.domains_hit[set] += 1;
                    losses += u32::from(run.domains_hit[set] == tolerated + 1);
                }
            } else {
                run.domain_lost[domain] -= 1;
                if run.domain_lost[domain] == 0 {
                    run.domains_hit[set] -= 1;
                }
            }
        } else {
            for &stripe in run.device_stripes.of(device) {
                let count = &mut run.stripe_lost[stripe as usize];
                if lost {
                    *count += 1;
                    losses += u32::from(*count == tolerated + 1);
                } else {
                    *count -= 1;
                }
            }
        }
        for _ in 0..losses {
            self.data_lost(set);
        }
    }

    /// A stripe of durable set `set` lost data: covered if a usable backup exists.
    fn data_lost(&mut self, set: usize) {
        let plan = &self.durability.sets[set];
        let d = plan.data;
        let covered = plan.has_backups && self.has_usable_backup(d);
        self.tally.data[d].durability.record_loss(covered, self.now);
    }

    /// A destroyed device's rebuild starts now if the pool has room, else waits its turn.
    fn request_rebuild(&mut self, device: usize) {
        let set = self.durability.device_set[device] as usize;
        if self.durability.free[set] > 0 {
            self.durability.free[set] -= 1;
            self.start_rebuild(device);
        } else {
            self.durability.waiting[set].push_back(device as u32);
        }
    }

    fn start_rebuild(&mut self, device: usize) {
        let set = self.durability.device_set[device] as usize;
        let time = self.sampler.time(self.durability.sets[set].rebuild);
        self.queue
            .push(self.now + time, Event::FragmentRebuilt(device as u32));
    }

    /// A device's fragments are whole again; the pool moves on to the longest-waiting one.
    pub(super) fn fragment_rebuilt(&mut self, device: usize) -> bool {
        self.durability.device_lost[device] = false;
        self.fragments_changed(device, false);
        let set = self.durability.device_set[device] as usize;
        match self.durability.waiting[set].pop_front() {
            Some(next) => self.start_rebuild(next as usize),
            None => self.durability.free[set] += 1,
        }
        true
    }

    /// Global device indices of durable set `set`.
    fn set_devices(&self, set: usize) -> std::ops::Range<usize> {
        let run = &self.durability;
        let next = run
            .sets
            .get(set + 1)
            .map_or(run.device_set.len(), |s| s.first_device);
        run.sets[set].first_device..next
    }

    /// Whether some device of durable set `set` is destroyed and not yet rebuilt: the rare
    /// method's excursions (docs/design/rare-events.md §6.1) last exactly that long.
    pub(super) fn set_degraded(&self, set: usize) -> bool {
        let lost = &self.durability.device_lost;
        self.set_devices(set).any(|device| lost[device])
    }

    /// Rebuilds of durable set `set` under way: its destroyed devices not waiting for a
    /// rebuild slot.
    pub(super) fn rebuilds_under_way(&self, set: usize) -> usize {
        let lost = &self.durability.device_lost;
        let destroyed = self.set_devices(set).filter(|&device| lost[device]).count();
        destroyed - self.durability.waiting[set].len()
    }

    /// Devices a failure of slot `slot` destroys (global device indices).
    pub(super) fn slot_destroys(&self, slot: usize) -> &[u32] {
        self.durability.slot_destroys.of(slot)
    }

    /// Marks in `on_cut` (by global device) the intact devices of durable set `set` whose
    /// destruction brings it one fragment closer to a loss along a cheapest path: those
    /// holding a fragment of a stripe with the most fragments lost (declustered: those in a
    /// domain not yet hit). Returns the set's data distance; marks nothing when it is 0.
    pub(super) fn mark_data_cut(&self, set: usize, on_cut: &mut [bool]) -> u32 {
        let distance = self.data_distance(set);
        let run = &self.durability;
        let plan = &run.sets[set];
        let worst = plan.tolerated + 1 - distance.min(plan.tolerated + 1);
        for device in self.set_devices(set) {
            on_cut[device] = distance > 0
                && !run.device_lost[device]
                && if plan.declustered {
                    run.domain_lost[run.device_domain[device] as usize] == 0
                } else {
                    run.device_stripes
                        .of(device)
                        .iter()
                        .any(|&stripe| run.stripe_lost[stripe as usize] == worst)
                };
        }
        distance
    }

    /// The data failure distance of the durable data set `set` (in the order of the
    /// model's data sets that have durability): how many more destroyed fragments would
    /// lose data now, `min over stripes (parity + 1 − lost)`, 0 while a stripe is lost.
    /// For the rare-event estimator's importance function (docs/design/rare-events.md §6.1).
    pub fn data_distance(&self, set: usize) -> u32 {
        let run = &self.durability;
        let plan = &run.sets[set];
        let reach = plan.tolerated + 1;
        let worst = if plan.declustered {
            run.domains_hit[set]
        } else {
            let next = run
                .sets
                .get(set + 1)
                .map_or(run.device_set.len(), |s| s.first_device);
            (plan.first_device..next)
                .flat_map(|device| run.device_stripes.of(device))
                .map(|&stripe| run.stripe_lost[stripe as usize])
                .max()
                .unwrap_or(0)
        };
        reach.saturating_sub(worst)
    }
}
