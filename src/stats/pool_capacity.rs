//! The summary's `load.pools` (added key): blocks whose members pool their capacity.

use serde::Serialize;

use crate::model::{Load, Model};

/// One member of a pool: a component and its capacity.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PoolMember {
    /// The component.
    pub component: String,
    /// Capacity per instance.
    pub per_instance: f64,
    /// Instances.
    pub instances: usize,
}

/// A block whose members pool their capacity, against the peak demand.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PoolCapacity {
    /// The block (`system` for the root).
    pub block: String,
    /// Members up the block needs (its `k`).
    pub k: usize,
    /// Its members.
    pub members: Vec<PoolMember>,
    /// Capacity of every instance of every member.
    pub capacity: f64,
    /// Peak demand over the horizon divided by `capacity`.
    pub peak_utilisation: f64,
    /// With `need = "peak"` on the block, its headroom: the block counts as up while its
    /// members' instances up cover demand × (1 + this) (and `k` members are up). Added key,
    /// absent without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_need_headroom: Option<f64>,
}

/// The pools of `model` (with `load`), against `peak_demand`.
pub fn pool_capacities(model: &Model, load: &Load, peak_demand: f64) -> Vec<PoolCapacity> {
    load.pools
        .iter()
        .map(|pool| {
            let block = &model.blocks[pool.block];
            let members: Vec<PoolMember> = pool
                .members
                .iter()
                .map(|&c| PoolMember {
                    component: model.components[c].name.clone(),
                    per_instance: load.capacity[c].unwrap_or(0.0),
                    instances: model.components[c].count,
                })
                .collect();
            let capacity = members
                .iter()
                .map(|m| m.per_instance * m.instances as f64)
                .sum::<f64>();
            PoolCapacity {
                block: block.name.clone(),
                k: block.k,
                members,
                capacity,
                peak_utilisation: peak_demand / capacity,
                peak_need_headroom: pool.peak,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two members of unequal capacity and count pooled by a 1-of-2 block: the pool's
    /// capacity is 3 × 100 + 2 × 250 = 800 rps, and a peak of 600 rps uses 0.75 of it.
    #[test]
    fn a_pools_capacity_sums_its_members_instances() {
        let source = r#"
[simulation]
horizon = "1y"
[load]
demand = "600 rps"
[components.small]
count = 3
need = 1
capacity = "100 rps"
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "1h" }
[components.large]
count = 2
need = 1
capacity = "250 rps"
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "1h" }
[blocks.web]
k = 1
of = ["small", "large"]
[system]
all = ["web"]
"#;
        let model = crate::scenario::parse(source, "pool.toml", std::path::Path::new("."), "pool")
            .expect("a valid scenario");
        let load = model.load.as_ref().expect("[load]");
        let pools = pool_capacities(&model, load, 600.0);
        assert_eq!(pools.len(), 1);
        let pool = &pools[0];
        assert_eq!((pool.block.as_str(), pool.k), ("web", 1));
        let members: Vec<_> = pool
            .members
            .iter()
            .map(|m| (m.component.as_str(), m.per_instance, m.instances))
            .collect();
        assert_eq!(members, [("small", 100.0, 3), ("large", 250.0, 2)]);
        assert_eq!(pool.capacity, 800.0);
        assert_eq!(pool.peak_utilisation, 0.75);
        assert_eq!(pool.peak_need_headroom, None);
    }
}
