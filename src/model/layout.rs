//! The engine's view of a model: flat arrays indexed by instance, failure slot and structure
//! node, with adjacency in compressed-sparse-row form so that a state change walks contiguous
//! memory and allocates nothing.

use super::{Block, Child, Component, DataSet, FailureMode, InspectionLayout};

/// Index of a node of the structure: components first (node i is component i), then blocks.
pub type NodeId = u32;

/// Marks the absence of a node.
pub const NO_NODE: NodeId = u32::MAX;

/// Marks an instance that belongs to no failover group.
pub const NO_GROUP: u32 = u32::MAX;

/// A failover group: a component with active positions and standbys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupLayout {
    /// The component.
    pub component: u32,
    /// Its first instance.
    pub first_instance: u32,
    /// Its number of instances.
    pub count: u32,
    /// Active positions; instances below `first_instance + active` start active.
    pub active: u32,
    /// Cause of outages that a failback's switchover starts.
    pub failback_cause: u32,
}

/// What an outage is attributed to: a component and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// The component.
    pub component: u32,
    /// What happened: a failure mode's name, or a mechanism such as "failback".
    pub label: String,
    /// Whether it is planned (maintenance).
    pub planned: bool,
}

/// A shock process of one component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShockLayout {
    /// The component.
    pub component: u32,
    /// Index of the shock within the component's shocks.
    pub index: u32,
    /// The component's first instance.
    pub first_instance: u32,
    /// The component's number of instances.
    pub count: u32,
    /// Cause of outages it starts.
    pub cause: u32,
    /// Where its instances' hit flags start in the flattened flags.
    pub hit_offset: u32,
}

/// A backend group behind a load balancer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BalancedLayout {
    /// The component.
    pub component: u32,
    /// Its first instance.
    pub first_instance: u32,
    /// Its number of instances.
    pub count: u32,
    /// Backends needed to carry the full load.
    pub need: u32,
    /// Hours between health checks.
    pub interval: f64,
    /// Failed checks in a row that take a backend out of rotation.
    pub unhealthy_threshold: u32,
    /// Passed checks in a row that put it back.
    pub healthy_threshold: u32,
}

/// A disaster process of one data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisasterLayout {
    /// The data set.
    pub data_set: u32,
    /// Index of the disaster within the data set's disasters.
    pub index: u32,
    /// Cause of outages it starts.
    pub cause: u32,
    /// First instance of the storing component.
    pub first_instance: u32,
    /// Instances of the storing component (replicas).
    pub replicas: u32,
    /// Where its replicas' lost-copy counters start (replicas disasters).
    pub lost_offset: u32,
}

/// A component's maintenance schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaintenanceLayout {
    /// The component.
    pub component: u32,
    /// The component's first instance.
    pub first_instance: u32,
    /// The component's number of instances.
    pub count: u32,
    /// Instances that must stay available (rolling maintenance never goes below).
    pub need: u32,
    /// Cause of outages it starts.
    pub cause: u32,
}

/// Lists of indices per item, stored back to back.
#[derive(Debug, Clone, Default)]
pub struct Adjacency {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Adjacency {
    /// Lists stored back to back, in order.
    pub fn from_lists(lists: Vec<Vec<u32>>) -> Adjacency {
        let mut start = Vec::with_capacity(lists.len() + 1);
        let mut items = Vec::new();
        start.push(0);
        for list in lists {
            items.extend(list);
            start.push(items.len() as u32);
        }
        Adjacency { start, items }
    }

    /// The list of item `i`.
    #[inline]
    pub fn of(&self, i: usize) -> &[u32] {
        &self.items[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// The flat model the engine runs on.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Component of each instance.
    pub instance_component: Vec<u32>,
    /// First instance of each component (instances of a component are contiguous).
    pub component_first_instance: Vec<u32>,
    /// For each instance, the instances that depend on it.
    pub dependents: Adjacency,
    /// Every failure mode of every component, flattened.
    pub modes: Vec<FailureMode>,
    /// Component of each flattened mode.
    pub mode_component: Vec<u32>,
    /// First failure slot of each instance, and one past the last instance's slots at the
    /// end: instance i's slots are `instance_first_slot[i]..instance_first_slot[i + 1]`.
    pub instance_first_slot: Vec<u32>,
    /// Failover group of each instance, or [`NO_GROUP`].
    pub instance_group: Vec<u32>,
    /// The failover groups.
    pub groups: Vec<GroupLayout>,
    /// Every backend group behind a load balancer.
    pub balanced: Vec<BalancedLayout>,
    /// Balanced group of each instance, or [`NO_GROUP`].
    pub instance_balanced: Vec<u32>,
    /// Node thresholds for request accounting: as `node_threshold`, but 0 (always up) for
    /// balanced groups, whose partial service counts through their share instead.
    pub request_threshold: Vec<u32>,
    /// Every shock process.
    pub shocks: Vec<ShockLayout>,
    /// Every maintenance schedule.
    pub maintenance: Vec<MaintenanceLayout>,
    /// Every disaster process.
    pub disasters: Vec<DisasterLayout>,
    /// For each component, the data sets stored on it.
    pub component_data: Adjacency,
    /// For each flattened failure mode, the replicas disasters it can bring about.
    pub mode_watchers: Adjacency,
    /// Total lost-copy counters of all replicas disasters.
    pub lost_counters: usize,
    /// Total instance hit flags of all shocks.
    pub shock_hit_flags: usize,
    /// Instance of each failure slot (one slot per instance and mode).
    pub slot_instance: Vec<u32>,
    /// How fast each slot's failure clock runs at the start of a trial (1, or a standby's
    /// idle speed).
    pub slot_initial_speed: Vec<f64>,
    /// Everything outages are attributed to: first one cause per flattened mode (cause i is
    /// mode i), then mechanisms.
    pub causes: Vec<Cause>,
    /// Flattened mode of each failure slot.
    pub slot_mode: Vec<u32>,
    /// How many up children each node needs to be up.
    pub node_threshold: Vec<u32>,
    /// How many children each node has (all up at the start of a trial).
    pub node_children: Vec<u32>,
    /// The nodes each node is a child of.
    pub node_parents: Adjacency,
    /// The root node: the service is up while it is.
    pub root: NodeId,
    /// Hidden failures, inspections, paused ageing and failed starts.
    pub inspection: InspectionLayout,
}

impl Layout {
    /// Flattens validated components and blocks.
    pub fn build(
        components: &[Component],
        blocks: &[Block],
        root: usize,
        data: &[DataSet],
    ) -> Layout {
        let mut instance_component = Vec::new();
        let mut component_first_instance = Vec::with_capacity(components.len());
        for (c, component) in components.iter().enumerate() {
            component_first_instance.push(instance_component.len() as u32);
            instance_component.extend(std::iter::repeat_n(c as u32, component.count));
        }

        let mut dependents = vec![Vec::new(); instance_component.len()];
        for (c, component) in components.iter().enumerate() {
            for &d in &component.depends_on {
                let m = components[d].count;
                for i in 0..component.count {
                    let needed = component_first_instance[d] as usize + i % m;
                    dependents[needed].push(component_first_instance[c] + i as u32);
                }
            }
        }

        let mut modes = Vec::new();
        let mut mode_component = Vec::new();
        let mut slot_instance = Vec::new();
        let mut slot_mode = Vec::new();
        let mut slot_initial_speed = Vec::new();
        let mut instance_first_slot = Vec::with_capacity(instance_component.len() + 1);
        for (c, component) in components.iter().enumerate() {
            let first_mode = modes.len() as u32;
            modes.extend(component.modes.iter().cloned());
            mode_component.extend(std::iter::repeat_n(c as u32, component.modes.len()));
            for i in 0..component.count {
                instance_first_slot.push(slot_instance.len() as u32);
                let speed = match &component.failover {
                    Some(f) if i >= f.active => f.standby.idle_speed(),
                    _ => 1.0,
                };
                for m in 0..component.modes.len() {
                    slot_instance.push(component_first_instance[c] + i as u32);
                    slot_mode.push(first_mode + m as u32);
                    slot_initial_speed.push(speed);
                }
            }
        }
        instance_first_slot.push(slot_instance.len() as u32);

        let mut causes: Vec<Cause> = modes
            .iter()
            .zip(&mode_component)
            .map(|(mode, &component)| Cause {
                component,
                label: mode.name.clone(),
                planned: false,
            })
            .collect();
        let mut instance_group = vec![NO_GROUP; instance_component.len()];
        let mut groups = Vec::new();
        for (c, component) in components.iter().enumerate() {
            if let Some(failover) = &component.failover {
                let first = component_first_instance[c];
                for instance in
                    &mut instance_group[first as usize..first as usize + component.count]
                {
                    *instance = groups.len() as u32;
                }
                groups.push(GroupLayout {
                    component: c as u32,
                    first_instance: first,
                    count: component.count as u32,
                    active: failover.active as u32,
                    failback_cause: causes.len() as u32,
                });
                causes.push(Cause {
                    component: c as u32,
                    label: "failback".to_string(),
                    planned: false,
                });
            }
        }
        let mut balanced = Vec::new();
        let mut instance_balanced = vec![NO_GROUP; instance_component.len()];
        for (c, component) in components.iter().enumerate() {
            if let Some(check) = &component.health_check {
                let first = component_first_instance[c];
                for instance in
                    &mut instance_balanced[first as usize..first as usize + component.count]
                {
                    *instance = balanced.len() as u32;
                }
                balanced.push(BalancedLayout {
                    component: c as u32,
                    first_instance: first,
                    count: component.count as u32,
                    need: component.need as u32,
                    interval: check.interval,
                    unhealthy_threshold: check.unhealthy_threshold,
                    healthy_threshold: check.healthy_threshold,
                });
            }
        }
        let mut shocks = Vec::new();
        let mut maintenance = Vec::new();
        let mut shock_hit_flags = 0;
        for (c, component) in components.iter().enumerate() {
            let first_instance = component_first_instance[c];
            for (index, shock) in component.shocks.iter().enumerate() {
                shocks.push(ShockLayout {
                    component: c as u32,
                    index: index as u32,
                    first_instance,
                    count: component.count as u32,
                    cause: causes.len() as u32,
                    hit_offset: shock_hit_flags as u32,
                });
                shock_hit_flags += component.count;
                causes.push(Cause {
                    component: c as u32,
                    label: shock.name.clone(),
                    planned: false,
                });
            }
            if component.maintenance.is_some() {
                maintenance.push(MaintenanceLayout {
                    component: c as u32,
                    first_instance,
                    count: component.count as u32,
                    need: component.need as u32,
                    cause: causes.len() as u32,
                });
                causes.push(Cause {
                    component: c as u32,
                    label: "maintenance".to_string(),
                    planned: true,
                });
            }
        }

        let block_node = |b: usize| (components.len() + b) as NodeId;
        let node_count = components.len() + blocks.len();
        let mut node_threshold = Vec::with_capacity(node_count);
        let mut node_children = Vec::with_capacity(node_count);
        let mut node_parents = vec![Vec::new(); node_count];
        for component in components {
            node_threshold.push(component.need as u32);
            // A failover group counts filled active positions, not instances.
            let positions = component
                .failover
                .as_ref()
                .map_or(component.count, |f| f.active);
            node_children.push(positions as u32);
        }
        for (b, block) in blocks.iter().enumerate() {
            node_threshold.push(block.k as u32);
            node_children.push(block.children.len() as u32);
            for child in &block.children {
                let child_node = match *child {
                    Child::Component(c) => c,
                    Child::Block(inner) => block_node(inner) as usize,
                };
                node_parents[child_node].push(block_node(b));
            }
        }

        let mut disasters = Vec::new();
        let mut component_data = vec![Vec::new(); components.len()];
        let mut mode_watchers = vec![Vec::new(); modes.len()];
        let mut lost_counters = 0;
        let first_mode_of =
            |c: usize| -> usize { components[..c].iter().map(|comp| comp.modes.len()).sum() };
        for (d, data_set) in data.iter().enumerate() {
            component_data[data_set.stored_on].push(d as u32);
            let replicas = components[data_set.stored_on].count;
            for (index, disaster) in data_set.disasters.iter().enumerate() {
                let k = disasters.len() as u32;
                let lost_offset = lost_counters as u32;
                if let super::DisasterKind::Replicas(watched) = &disaster.kind {
                    let first_mode = first_mode_of(data_set.stored_on);
                    for &m in watched {
                        mode_watchers[first_mode + m].push(k);
                    }
                    lost_counters += replicas;
                }
                disasters.push(DisasterLayout {
                    data_set: d as u32,
                    index: index as u32,
                    cause: causes.len() as u32,
                    first_instance: component_first_instance[data_set.stored_on],
                    replicas: replicas as u32,
                    lost_offset,
                });
                causes.push(Cause {
                    component: data_set.stored_on as u32,
                    label: format!("{} of {}", disaster.name, data_set.name),
                    planned: false,
                });
            }
        }
        let inspection = InspectionLayout::build(
            components,
            &mut causes,
            &slot_instance,
            &instance_component,
            &component_first_instance,
        );
        let mut request_threshold = node_threshold.clone();
        for b in &balanced {
            request_threshold[b.component as usize] = 0;
        }
        Layout {
            balanced,
            instance_balanced,
            request_threshold,
            instance_component,
            component_first_instance,
            dependents: Adjacency::from_lists(dependents),
            modes,
            mode_component,
            instance_first_slot,
            instance_group,
            groups,
            shocks,
            maintenance,
            disasters,
            component_data: Adjacency::from_lists(component_data),
            mode_watchers: Adjacency::from_lists(mode_watchers),
            lost_counters,
            shock_hit_flags,
            slot_instance,
            slot_initial_speed,
            causes,
            slot_mode,
            node_threshold,
            node_children,
            node_parents: Adjacency::from_lists(node_parents),
            root: block_node(root),
            inspection,
        }
    }

    /// Number of component instances.
    pub fn instance_count(&self) -> usize {
        self.instance_component.len()
    }

    /// Number of failure slots (instances times their modes).
    pub fn slot_count(&self) -> usize {
        self.slot_instance.len()
    }

    /// Number of structure nodes.
    pub fn node_count(&self) -> usize {
        self.node_threshold.len()
    }
}
