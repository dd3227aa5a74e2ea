//! Blocks that pool their members' capacity, in the request view: each serves the flow
//! reaching it up to the sum over its members of their instances up times their capacity.
//!
//! Kept apart from `load.rs` so that models without such blocks run the same code as before
//! (every method here is skipped when there is no pool). The sums are recomputed in a fixed
//! order when a member changes, so results do not depend on the order of events within a
//! time; nothing is allocated after set-up.

use crate::model::Model;

/// The pools of one simulator and their members' instances up during the stretch under way.
#[derive(Debug, Default)]
pub struct Pools {
    /// Members of every pool, pool by pool: (node, capacity per instance).
    members: Vec<(u32, f64)>,
    /// The end of each pool's members in `members`.
    ends: Vec<u32>,
    /// Instances up of each member during the stretch under way.
    up: Vec<u32>,
    /// Capacity of each pool's instances up during the stretch under way.
    capacity: Vec<f64>,
}

impl Pools {
    /// The pools of `model` (none without `[load]`).
    pub fn for_model(model: &Model) -> Pools {
        let Some(load) = model.load.as_ref() else {
            return Pools::default();
        };
        let mut pools = Pools::default();
        for pool in &load.pools {
            for &c in &pool.members {
                // The scenario checks that every member has a capacity.
                let capacity = load.capacity[c].unwrap_or(0.0);
                pools.members.push((c as u32, capacity));
                pools.up.push(model.components[c].count as u32);
            }
            pools.ends.push(pools.members.len() as u32);
            pools.capacity.push(0.0);
        }
        pools
    }

    /// Whether there is no pool.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Marks the members' nodes in `watched`, so their changes reach the request view.
    pub fn watch(&self, watched: &mut [bool]) {
        for &(node, _) in &self.members {
            watched[node as usize] = true;
        }
    }

    /// Whether the members' instances up are those of `up_children` (by node).
    #[inline]
    pub fn same(&self, up_children: &[u32]) -> bool {
        self.members
            .iter()
            .zip(&self.up)
            .all(|(&(node, _), &up)| up_children[node as usize] == up)
    }

    /// Takes the members' instances up from `up_children` (by node) and sums each pool's
    /// capacity.
    pub fn take(&mut self, up_children: &[u32]) {
        let mut first = 0;
        for (p, &end) in self.ends.iter().enumerate() {
            let mut sum = 0.0;
            for m in first..end as usize {
                let (node, capacity) = self.members[m];
                let up = up_children[node as usize];
                self.up[m] = up;
                sum += f64::from(up) * capacity;
            }
            self.capacity[p] = sum;
            first = end as usize;
        }
    }

    /// What the pools serve of `flow` reaching them (each in turn); sets `short` if a pool's
    /// capacity binds.
    #[inline]
    pub fn serve(&self, mut flow: f64, short: &mut bool) -> f64 {
        for &most in &self.capacity {
            if flow > most {
                *short = true;
                flow = most;
            }
        }
        flow
    }

    /// The demand up to which the pools lose nothing: the smallest pool's capacity.
    #[inline]
    pub fn limit(&self) -> f64 {
        self.capacity.iter().copied().fold(f64::INFINITY, f64::min)
    }
}
