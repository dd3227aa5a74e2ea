//! Demand over time against the capacity of the backends up and in rotation.
//!
//! Between two changes of the request view (a backend out or in, the service down or up)
//! nothing changes but demand, which is constant within each hour. So each stretch is
//! integrated when it closes: when nothing is lost below some demand (all up, or only
//! capacity short), only the hours above it count, found through per-period and per-day
//! maxima; otherwise (down, or a failed backend still in rotation: short spells) hour by
//! hour. Requests reaching a balanced group are
//! spread evenly over the backends in rotation; each up backend serves up to its capacity,
//! a group without capacity serves H / max(R, need) of what reaches it, and what a group
//! serves goes on to the next.

use super::balancing::RotationState;
use super::load_pool::Pools;
use super::next_above::NextAbove;
use super::trial::Simulator;
use crate::model::{BalancedLayout, DemandTable, Model, DAY_HOURS, PERIOD_HOURS as PERIOD};
use crate::stats::{LoadTally, LoadTrial};

/// The hour that time `time` lies in. Times are never negative and hours fit in 32 bits (the
/// horizon is at most 20 years with `[load]`), so truncating through `u32` is the floor, in
/// one conversion instruction where `as usize` takes a saturating sequence and `floor` a
/// libm call.
#[inline(always)]
pub(super) fn floor_hour(time: f64) -> usize {
    time as u32 as usize
}

/// The time at which hour `hour` starts: exact, and through `u32` for the same reason.
#[inline(always)]
fn hour_start(hour: usize) -> f64 {
    f64::from(hour as u32)
}

/// One simulator's load state: the demand table and the stretch under way.
#[derive(Debug)]
pub struct LoadRun {
    table: DemandTable,
    /// Capacity per backend of each balanced group (0: none).
    capacity: Vec<f64>,
    /// Components outside balanced groups with a capacity (node, capacity per instance):
    /// their instances up serve up to that each, after the balanced groups.
    plain: Vec<(u32, f64)>,
    /// Whether each component (by node) is one of `plain` or a member of one of `pools`, so
    /// its changes reach the view.
    is_plain: Vec<bool>,
    /// Blocks whose members pool their capacity: they apply after the balanced groups.
    pools: Pools,
    /// Whether the view is one balanced group and nothing else with a capacity (most models
    /// with `[load]`): its figures are then read without the loops' set-up.
    one_group: bool,
    /// With `one_group`, the group's view (in place of `snapshot[0]`), its need and its
    /// capacity per backend: fields rather than reads through `snapshot`, `groups` and
    /// `capacity`, which cost a bounds check and a pointer each, several times a view.
    one: RotationState,
    one_need: u32,
    one_capacity: f64,
    /// Instances up of each of `plain` during the stretch under way.
    plain_up: Vec<u32>,
    /// Demand over the horizon.
    total: f64,
    /// Demand at each hour of the day over the horizon.
    hour_demand: [f64; 24],
    /// Demand in each period.
    period_demand: Vec<f64>,
    /// The first hour above each recent lossless limit.
    next_above: NextAbove,
    /// The request view during the stretch under way.
    snapshot: Vec<RotationState>,
    root_up: bool,
    since: f64,
    /// The demand up to which the view under way loses nothing (`lossless_below`), taken
    /// with the view so that its close need not find it again.
    limit: Option<f64>,
    /// The first hour from `since` whose demand exceeds `limit` (meaningless without one).
    next: usize,
    /// The time up to which the view under way loses nothing: the start of hour `next`
    /// under a lossless view, minus infinity otherwise. A stretch ending by then closes in
    /// one comparison, without a call.
    safe_until: f64,
    /// Under a lossy view, the end of the hour it was taken in (`spell_hour`), minus
    /// infinity otherwise: a stretch ending by then (a failed backend's seconds in
    /// rotation, nearly always) lies in that one hour and is accounted without the walk's
    /// set-up or its call.
    spell_end: f64,
    spell_hour: usize,
    /// This trial's totals.
    lost: f64,
    shortfall_hours: f64,
    shortfall_demand: f64,
    lost_by_hour: [f64; 24],
    shortfall_by_hour: [f64; 24],
    lost_by_period: Vec<f64>,
    /// Shortfall episodes begun this trial, and where the last hour found short ends (a
    /// short hour starting there continues the episode): they count towards the
    /// plain-or-rare decision as outages do.
    shortfall_episodes: u64,
    short_until: f64,
}

impl LoadRun {
    /// The load state of `model`, if it has `[load]`.
    pub fn for_model(model: &Model) -> Option<Box<LoadRun>> {
        let load = model.load.as_ref()?;
        let horizon = model.settings.horizon;
        let table = load.table(horizon);
        let capacity: Vec<f64> = model
            .layout
            .balanced
            .iter()
            .map(|g| load.capacity[g.component as usize].unwrap_or(0.0))
            .collect();
        let mut hour_demand = [0.0; 24];
        let periods = horizon.ceil() as usize / PERIOD + 1;
        let mut period_demand = vec![0.0; periods];
        for h in 0..table.hours() {
            let width = (horizon - h as f64).min(1.0);
            hour_demand[h % 24] += table.hour(h) * width;
            period_demand[h / PERIOD] += table.hour(h) * width;
        }
        if period_demand.last() == Some(&0.0) {
            period_demand.pop();
        }
        let groups = model.layout.balanced.len();
        let balanced: Vec<usize> = model
            .layout
            .balanced
            .iter()
            .map(|g| g.component as usize)
            .collect();
        let plain: Vec<(u32, f64)> = load
            .capacity
            .iter()
            .enumerate()
            .filter(|(c, _)| !balanced.contains(c))
            // A pool's members serve together, in `pools`.
            .filter(|(c, _)| !load.pools.iter().any(|p| p.members.contains(c)))
            .filter_map(|(c, capacity)| capacity.map(|capacity| (c as u32, capacity)))
            .collect();
        let mut is_plain = vec![false; model.components.len()];
        for &(c, _) in &plain {
            is_plain[c as usize] = true;
        }
        let pools = Pools::for_model(model);
        pools.watch(&mut is_plain);
        let one_group = groups == 1 && plain.is_empty() && pools.is_empty();
        let one_need = model.layout.balanced.first().map_or(0, |g| g.need);
        let one_capacity = capacity.first().copied().unwrap_or(0.0);
        Some(Box::new(LoadRun {
            one_group,
            one: RotationState::default(),
            one_need,
            one_capacity,
            plain_up: plain
                .iter()
                .map(|&(c, _)| model.components[c as usize].count as u32)
                .collect(),
            plain,
            is_plain,
            pools,
            total: table.total(),
            table,
            capacity,
            hour_demand,
            lost_by_period: vec![0.0; period_demand.len()],
            period_demand,
            next_above: NextAbove::default(),
            snapshot: vec![RotationState::default(); groups],
            root_up: true,
            since: 0.0,
            limit: None,
            next: 0,
            safe_until: f64::NEG_INFINITY,
            spell_end: f64::NEG_INFINITY,
            spell_hour: 0,
            lost: 0.0,
            shortfall_hours: 0.0,
            shortfall_demand: 0.0,
            lost_by_hour: [0.0; 24],
            shortfall_by_hour: [0.0; 24],
            shortfall_episodes: 0,
            short_until: f64::NEG_INFINITY,
        }))
    }

    /// Starts a trial with the request view in `rotation`, the service up.
    fn reset(
        &mut self,
        groups: &[BalancedLayout],
        rotation: &[RotationState],
        up_children: &[u32],
    ) {
        self.snapshot.copy_from_slice(rotation);
        if self.one_group {
            self.one = rotation[0];
        }
        for (up, &(node, _)) in self.plain_up.iter_mut().zip(&self.plain) {
            *up = up_children[node as usize];
        }
        if !self.pools.is_empty() {
            self.pools.take(up_children);
        }
        self.root_up = true;
        self.since = 0.0;
        self.lost = 0.0;
        self.shortfall_hours = 0.0;
        self.shortfall_demand = 0.0;
        self.lost_by_hour = [0.0; 24];
        self.shortfall_by_hour = [0.0; 24];
        self.lost_by_period.fill(0.0);
        self.shortfall_episodes = 0;
        self.short_until = f64::NEG_INFINITY;
        self.take_limit(groups);
    }

    /// Finds, for the view just taken at `since`, what its close will need: the demand
    /// below which it loses nothing, the first hour above that, and the time it stays safe
    /// until. The question is the one a close would ask (the same hour, the same limit), so
    /// the answer is the same, asked once per view rather than once per close.
    #[inline(always)]
    fn take_limit(&mut self, groups: &[BalancedLayout]) {
        self.limit = self.lossless_below(groups);
        let hour = floor_hour(self.since);
        match self.limit {
            Some(limit) => {
                self.next = if self.one_group {
                    // The group's limit is its backends in rotation times their capacity:
                    // their number names it.
                    let slot = self.one.in_rotation as usize;
                    self.next_above.hour_in(&self.table, hour, limit, slot)
                } else {
                    self.next_above.hour(&self.table, hour, limit)
                };
                self.safe_until = hour_start(self.next);
                self.spell_end = f64::NEG_INFINITY;
            }
            None => {
                self.safe_until = f64::NEG_INFINITY;
                self.spell_hour = hour;
                // A view taken at or after the horizon (a rare-method branch's) has no hour
                // of the table to account: `account_stretch` finds none.
                self.spell_end = if hour < self.table.hours() {
                    hour_start(hour + 1)
                } else {
                    f64::NEG_INFINITY
                };
            }
        }
    }

    /// Requests served per hour at demand `demand`, and whether a capacity binds. One
    /// group's figures inlined (a lossy spell's piece reads them), any other view's
    /// through the loops.
    #[inline(always)]
    fn served(&self, groups: &[BalancedLayout], demand: f64) -> (f64, bool) {
        if !self.one_group {
            return self.served_in_general(groups, demand);
        }
        if !self.root_up {
            return (0.0, false);
        }
        let mut short = false;
        match group_serves(
            self.one_need,
            self.one,
            self.one_capacity,
            demand,
            &mut short,
        ) {
            Some(flow) => (flow, short),
            None => (0.0, self.one_capacity > 0.0),
        }
    }

    /// `served` for any view: groups, components in series, pools.
    #[inline(never)]
    fn served_in_general(&self, groups: &[BalancedLayout], demand: f64) -> (f64, bool) {
        if !self.root_up {
            return (0.0, false);
        }
        let mut flow = demand;
        let mut short = false;
        for ((g, &state), &capacity) in groups.iter().zip(&self.snapshot).zip(&self.capacity) {
            match group_serves(g.need, state, capacity, flow, &mut short) {
                Some(served) => flow = served,
                // No backend to send requests to: with a capacity, that is a shortfall.
                None => return (0.0, short || capacity > 0.0),
            }
        }
        if !self.pools.is_empty() {
            flow = self.pools.serve(flow, &mut short);
        }
        // Most models have no such component: skip the loop's set-up, not only its body.
        if self.plain.is_empty() {
            return (flow, short);
        }
        for (&(_, capacity), &up) in self.plain.iter().zip(&self.plain_up) {
            let most = f64::from(up) * capacity;
            if flow > most {
                short = true;
                flow = most;
            }
        }
        (flow, short)
    }

    /// The demand up to which nothing is lost in the current view (infinite without a
    /// capacity), or `None` when something is lost at any demand (the service down, a
    /// backend down but still in rotation, a group below its need).
    #[inline(always)]
    fn lossless_below(&self, groups: &[BalancedLayout]) -> Option<f64> {
        if !self.root_up {
            return None;
        }
        let mut limit = f64::INFINITY;
        if self.one_group {
            return group_limit(self.one_need, self.one, self.one_capacity, limit);
        }
        for ((g, &state), &capacity) in groups.iter().zip(&self.snapshot).zip(&self.capacity) {
            limit = group_limit(g.need, state, capacity, limit)?;
        }
        if !self.pools.is_empty() {
            limit = limit.min(self.pools.limit());
        }
        if self.plain.is_empty() {
            return Some(limit);
        }
        for (&(_, capacity), &up) in self.plain.iter().zip(&self.plain_up) {
            limit = limit.min(capacity * f64::from(up));
        }
        Some(limit)
    }

    /// Accounts the stretch from `since` to `end` under the current view.
    #[inline(always)]
    fn close_stretch(&mut self, groups: &[BalancedLayout], end: f64) {
        let start = self.since;
        self.since = end;
        // Under a view that loses nothing below its limit, nothing is lost before the
        // first hour above it: most stretches end before it, settled here in one
        // comparison, inlined into the caller.
        if end <= start || end <= self.safe_until {
            return;
        }
        // A lossy spell within the hour it began in: what `account_stretch` would find
        // (its first and last hour are that hour, whose bounds clip nothing).
        if end <= self.spell_end {
            self.account_piece(groups, self.spell_hour, start, end);
            return;
        }
        self.account_stretch(groups, start, end);
    }

    /// Accounts a stretch that may lose something: under a lossy view, or across an hour
    /// above a lossless view's limit.
    #[inline(never)]
    fn account_stretch(&mut self, groups: &[BalancedLayout], start: f64, end: f64) {
        let first = floor_hour(start);
        let limit = self.limit;
        // The hours skipped below `next` are at or below the limit, so the walk from there
        // accounts exactly what a walk from `first` would.
        let from = match limit {
            Some(_) => self.next,
            None => first,
        };
        let end_hour = floor_hour(end);
        let last = (end_hour - usize::from(end == hour_start(end_hour)))
            .max(first)
            .min(self.table.hours() - 1);
        match limit {
            // Only the hours above the limit lose anything: found through the period and
            // day maxima, so a stretch costs a comparison per period it spans when no hour
            // is above, and a day's scan for each day that has one.
            Some(limit) => self.visit_above(groups, limit, from, last, start, end),
            // A failed backend still in rotation is out within seconds: most such spells
            // lie in one hour, accounted without the loop's call.
            // Within the hour, so the width is the stretch's (the hour's bounds clip
            // nothing: the same figure to the bit).
            None if first == last => self.account_piece(groups, first, start, end),
            None => self.account_hours(groups, first, last, start, end),
        }
    }

    /// Accounts every hour of `first..=last` (something is lost at any demand).
    #[inline(never)]
    fn account_hours(
        &mut self,
        groups: &[BalancedLayout],
        first: usize,
        last: usize,
        start: f64,
        end: f64,
    ) {
        for hour in first..=last {
            self.account_hour(groups, hour, start, end);
        }
    }

    /// Accounts the hours of `first..=last` whose demand exceeds `limit`, in order, skipping
    /// the days whose maximum does not (found through the demand table's day tree).
    #[inline(never)]
    fn visit_above(
        &mut self,
        groups: &[BalancedLayout],
        limit: f64,
        first: usize,
        last: usize,
        start: f64,
        end: f64,
    ) {
        let mut hour = first;
        while hour <= last {
            let Some(day) = self.table.first_day_above(hour / DAY_HOURS, limit) else {
                return;
            };
            let day_last = last.min((day + 1) * DAY_HOURS - 1);
            let mut above = self
                .table
                .above_in_day(hour.max(day * DAY_HOURS), day_last, limit);
            // In order of the hours, so the sums are those of a walk.
            while above != 0 {
                let at = day * DAY_HOURS + above.trailing_zeros() as usize;
                self.account_hour(groups, at, start, end);
                above &= above - 1;
            }
            hour = (day + 1) * DAY_HOURS;
        }
    }

    /// Accounts the part of hour `hour` within `start..end`.
    #[inline]
    fn account_hour(&mut self, groups: &[BalancedLayout], hour: usize, start: f64, end: f64) {
        let from = hour_start(hour);
        let (at, until) = (start.max(from), end.min(from + 1.0));
        if until - at <= 0.0 {
            return;
        }
        self.account_piece(groups, hour, at, until);
    }

    /// Accounts `at..until` (more than zero hours, within hour `hour`).
    #[inline(always)]
    fn account_piece(&mut self, groups: &[BalancedLayout], hour: usize, at: f64, until: f64) {
        let width = until - at;
        let demand = self.table.hour(hour);
        let (served, short) = self.served(groups, demand);
        let lost = (demand - served).max(0.0) * width;
        self.lost += lost;
        self.lost_by_hour[hour % 24] += lost;
        self.lost_by_period[hour / PERIOD] += lost;
        if short {
            if at > self.short_until {
                self.shortfall_episodes += 1;
            }
            self.short_until = until;
            self.shortfall_hours += width;
            self.shortfall_by_hour[hour % 24] += width;
            self.shortfall_demand += demand * width;
        }
    }

    /// Ends the trial at `end`: folds its figures into `tally`; returns the share of its
    /// demand served.
    fn finish(&mut self, groups: &[BalancedLayout], end: f64, tally: &mut LoadTally) -> f64 {
        self.close_stretch(groups, end);
        let share = |part: f64, whole: f64| if whole > 0.0 { part / whole } else { 0.0 };
        let lost_share_by_hour: [f64; 24] =
            std::array::from_fn(|h| share(self.lost_by_hour[h], self.hour_demand[h]));
        for (lost, &demand) in self.lost_by_period.iter_mut().zip(&self.period_demand) {
            *lost = share(*lost, demand);
        }
        tally.add_trial(LoadTrial {
            shortfall_time_share: share(self.shortfall_hours, end),
            shortfall_demand_share: share(self.shortfall_demand, self.total),
            lost_share_by_hour: &lost_share_by_hour,
            shortfall_by_hour: &self.shortfall_by_hour,
            lost_share_by_period: &self.lost_by_period,
            shortfall_episodes: self.shortfall_episodes,
        });
        1.0 - share(self.lost, self.total)
    }
}

/// What a balanced group in `state` passes on of the `flow` reaching it (spread evenly over
/// the backends in rotation, each up one serving up to `capacity` if it has one, else
/// H / max(R, need) of the flow); `None` when no backend is in rotation. Sets `short` when
/// the capacity binds.
#[inline(always)]
fn group_serves(
    need: u32,
    state: RotationState,
    capacity: f64,
    flow: f64,
    short: &mut bool,
) -> Option<f64> {
    if state.in_rotation == 0 {
        return None;
    }
    let serving = f64::from(state.serving);
    Some(if capacity > 0.0 {
        let per_backend = flow / f64::from(state.in_rotation);
        if per_backend > capacity {
            *short = true;
            serving * capacity
        } else {
            serving * per_backend
        }
    } else {
        flow * (serving / f64::from(state.in_rotation.max(need)))
    })
}

/// `limit` lowered to what a balanced group in `state` serves without loss, or `None` if it
/// loses something at any demand (no backend in rotation, one down still in rotation, fewer
/// than `need` without a capacity). Nothing is lost upstream of a lossless group, so every
/// group sees the whole demand.
#[inline(always)]
fn group_limit(need: u32, state: RotationState, capacity: f64, limit: f64) -> Option<f64> {
    if state.in_rotation == 0 || state.serving != state.in_rotation {
        return None;
    }
    if capacity > 0.0 {
        Some(limit.min(capacity * f64::from(state.in_rotation)))
    } else if state.in_rotation < need {
        None
    } else {
        Some(limit)
    }
}

/// Whether two rotation states serve the same.
#[inline(always)]
fn same_rotation(a: &RotationState, b: &RotationState) -> bool {
    a.serving == b.serving && a.in_rotation == b.in_rotation
}

impl Simulator<'_> {
    /// Starts the trial's load accounting (after the rotation counters are reset).
    pub(super) fn reset_load(&mut self) {
        if let Some(load) = &mut self.load {
            load.reset(
                &self.layout.balanced,
                &self.rotation,
                &self.request_up_children,
            );
        }
    }

    /// The request view may have changed: closes the stretch under the old view and takes
    /// the new one if it differs. Inlined into `update_served`.
    #[inline(always)]
    pub(super) fn load_view_changed(&mut self, root_up: bool) {
        let groups = &self.layout.balanced;
        if let Some(load) = &mut self.load {
            if load.one_group {
                // The view is the group's rotation and the service's state: compared and
                // taken without the loops over other capacities.
                let now = self.rotation[0];
                if load.root_up != root_up || !same_rotation(&load.one, &now) {
                    load.close_stretch(groups, self.now);
                    load.one = now;
                    load.root_up = root_up;
                    load.take_limit(groups);
                }
                return;
            }
            self.load_view_changed_in_general(root_up);
        }
    }

    /// `load_view_changed` for any view: groups, components in series, pools.
    #[inline(never)]
    fn load_view_changed_in_general(&mut self, root_up: bool) {
        let groups = &self.layout.balanced;
        if let Some(load) = &mut self.load {
            let up_children = &self.request_up_children;
            let same = load.root_up == root_up
                && load
                    .snapshot
                    .iter()
                    .zip(&self.rotation)
                    .all(|(a, b)| same_rotation(a, b))
                && load
                    .plain
                    .iter()
                    .zip(&load.plain_up)
                    .all(|(&(node, _), &up)| up_children[node as usize] == up)
                && (load.pools.is_empty() || load.pools.same(up_children));
            if !same {
                load.close_stretch(groups, self.now);
                // Element by element, writing only what changed: a copy of the whole
                // slice is a call to memcpy for a group or two.
                for (kept, now) in load.snapshot.iter_mut().zip(&self.rotation) {
                    if !same_rotation(kept, now) {
                        *kept = *now;
                    }
                }
                for (up, &(node, _)) in load.plain_up.iter_mut().zip(&load.plain) {
                    *up = up_children[node as usize];
                }
                if !load.pools.is_empty() {
                    load.pools.take(up_children);
                }
                load.root_up = root_up;
                load.take_limit(groups);
            }
        }
    }

    /// Whether a change of component `node` changes what the request view serves (it has a
    /// capacity outside a balanced group, in series or in a pool).
    #[inline]
    pub(super) fn load_caps(&self, node: u32) -> bool {
        self.load
            .as_ref()
            // One group and nothing else with a capacity watches no component: its flag,
            // already in cache for the view, answers without the lookup (every component
            // change asks).
            .is_some_and(|l| !l.one_group && l.is_plain.get(node as usize) == Some(&true))
    }

    /// Closes the trial's load accounting at `end`; the hours of full service equivalent to
    /// the share of demand served (what `TrialRecord::served` holds).
    pub(super) fn close_load(&mut self, end: f64) -> Option<f64> {
        let groups = &self.layout.balanced;
        let load = self.load.as_mut()?;
        let share = load.finish(groups, end, &mut self.tally.load);
        Some(share * end)
    }

    /// Takes `other`'s request view (the same model's main run) from now on, with the
    /// totals the rare method reads zeroed: a branch accounts its own excursion only.
    pub(super) fn copy_load_view_from(&mut self, other: &Simulator<'_>) {
        let (Some(load), Some(from)) = (&mut self.load, &other.load) else {
            return;
        };
        load.snapshot.copy_from_slice(&from.snapshot);
        load.one = from.one;
        load.plain_up.copy_from_slice(&from.plain_up);
        if !load.pools.is_empty() {
            load.pools.take(&other.request_up_children);
        }
        load.root_up = from.root_up;
        // What the main run's stretch held before now is the main run's.
        load.since = other.now;
        // The view's limit and safe-until time are for the view and time just taken.
        load.take_limit(&self.layout.balanced);
        load.take_totals();
    }

    /// Closes the stretch under way at `end` (the rare method's branch ending).
    pub(super) fn close_load_stretch(&mut self, end: f64) {
        let groups = &self.layout.balanced;
        if let Some(load) = &mut self.load {
            load.close_stretch(groups, end);
        }
    }

    /// The requests lost, hours in shortfall and demand·hours in shortfall accounted since
    /// the last call (zero without `[load]`), zeroing them.
    pub(super) fn take_load_totals(&mut self) -> [f64; 3] {
        self.load.as_mut().map_or([0.0; 3], |l| l.take_totals())
    }
}

impl LoadRun {
    /// See [`Simulator::take_load_totals`].
    fn take_totals(&mut self) -> [f64; 3] {
        [
            std::mem::take(&mut self.lost),
            std::mem::take(&mut self.shortfall_hours),
            std::mem::take(&mut self.shortfall_demand),
        ]
    }

    /// Demand·hours over the horizon, and the peak hourly demand.
    pub(super) fn demand_total_and_peak(&self) -> (f64, f64) {
        (self.total, self.table.peak())
    }
}
