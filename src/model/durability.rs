//! Durability of a data set: stripes of fragments on devices, lost when more than the parity
//! are destroyed before they are rebuilt (issue 10 §3, docs/durability.md).

use super::ComponentId;
use crate::dist::Dist;

/// How fragments of one stripe are kept apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spread {
    /// Any distinct devices.
    Device,
    /// Devices that depend on distinct instances of this component (a node, a zone).
    Domain(ComponentId),
}

/// Which device sets hold a stripe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stripes {
    /// This many stripes, each on devices drawn once per model from the seed (copysets).
    Count(usize),
    /// Declustered: objects are many, so any `parity + 1` devices in distinct domains hold
    /// some stripe.
    All,
}

/// A failure mode whose failure destroys the fragments on devices, rather than only making
/// them unavailable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Destructive {
    /// The storing component, or a component it depends on (directly or not): a failure of
    /// one of its instances destroys every device that depends on that instance.
    pub component: ComponentId,
    /// The mode, by index into that component's modes.
    pub mode: usize,
}

/// Redundancy, placement and rebuild of a data set stored as stripes on devices.
#[derive(Debug, Clone)]
pub struct Durability {
    /// Fragments each stripe needs to be read (replication: 1).
    pub data: usize,
    /// Fragments a stripe can lose (replication: replicas − 1).
    pub parity: usize,
    /// Whether the scenario gave replicas (for reports: "3 replicas" rather than "1+2").
    pub replicas: bool,
    /// Domains the fragments of one stripe must be spread over.
    pub spread: Spread,
    /// Which device sets hold stripes.
    pub stripes: Stripes,
    /// Bytes a destroyed device held (what its rebuild copies).
    pub per_disk: f64,
    /// Time to rebuild one destroyed device's fragments.
    pub rebuild: Dist,
    /// Rebuilds that run at once over the data set, first come first served
    /// (`usize::MAX`: no limit).
    pub concurrent: usize,
    /// Failure modes that destroy fragments.
    pub destructive: Vec<Destructive>,
    /// Storage price per raw terabyte-month, for cost comparisons.
    pub cost_per_tb_month: Option<f64>,
}

impl Durability {
    /// Fragments per stripe.
    pub fn width(&self) -> usize {
        self.data + self.parity
    }

    /// Raw bytes stored per byte of data (3.0 for three replicas, 1.5 for 6+3).
    pub fn overhead(&self) -> f64 {
        self.width() as f64 / self.data as f64
    }

    /// One line for `nines check`: redundancy, placement, rebuild, destructive modes.
    pub fn describe_line(&self, components: &[super::Component], disk: ComponentId) -> String {
        let spread = match self.spread {
            Spread::Device => components[disk].name.clone(),
            Spread::Domain(c) => components[c].name.clone(),
        };
        let stripes = match self.stripes {
            Stripes::Count(n) => format!("{n} stripes"),
            Stripes::All => "declustered".to_string(),
        };
        let concurrent = if self.concurrent == usize::MAX {
            "no limit".to_string()
        } else {
            format!("{} at once", self.concurrent)
        };
        let destructive: Vec<String> = self
            .destructive
            .iter()
            .map(|d| {
                format!(
                    "{}.{}",
                    components[d.component].name, components[d.component].modes[d.mode].name
                )
            })
            .collect();
        format!(
            "durability: {} ({:.1}x raw), {stripes}, one fragment per {spread}, {} per disk rebuilt in {} ({concurrent}), destroyed by {}",
            self.describe(),
            self.overhead(),
            crate::units::format_size(self.per_disk),
            self.rebuild,
            destructive.join(", ")
        )
    }

    /// The redundancy as a reader says it: "3 replicas" or "6+3".
    pub fn describe(&self) -> String {
        if self.replicas {
            format!("{} replicas", self.width())
        } else {
            format!("{}+{}", self.data, self.parity)
        }
    }
}

/// The instance of component `target` that instance `instance` of `component` depends on,
/// following `depends_on` (instance i needs instance i mod count of each); `Some(instance)`
/// when `target` is `component` itself, `None` when it depends on no instance of `target`.
pub fn instance_in(
    components: &[super::Component],
    component: ComponentId,
    instance: usize,
    target: ComponentId,
) -> Option<usize> {
    if component == target {
        return Some(instance);
    }
    components[component]
        .depends_on
        .iter()
        .find_map(|&d| instance_in(components, d, instance % components[d].count, target))
}

/// The domain of each device of `set` under its spread (the device itself for
/// [`Spread::Device`]).
pub fn device_domains(components: &[super::Component], set: &super::DataSet) -> Vec<u32> {
    let durability = set.durability.as_ref().expect("a data set with durability");
    (0..components[set.stored_on].count)
        .map(|i| match durability.spread {
            Spread::Device => i as u32,
            Spread::Domain(c) => instance_in(components, set.stored_on, i, c)
                .expect("the scenario checked that the devices depend on the spread component")
                as u32,
        })
        .collect()
}

/// Draws the devices of each of `count` stripes of width `width`, no two fragments of a
/// stripe in one domain. Stripes take devices no other stripe holds while there are enough
/// (so `count · width ≤ devices` gives disjoint copysets); after that, any devices. The draw
/// depends only on the seed, so every simulator and the exact solution see the same stripes.
pub fn place_stripes(domains: &[u32], width: usize, count: usize, seed: u64) -> Vec<Vec<u32>> {
    let mut rng = crate::engine::Sampler::for_trial(seed ^ 0xD15C_5EED, u64::MAX);
    let n = domains.len();
    let mut taken = vec![false; n];
    let mut order: Vec<u32> = (0..n as u32).collect();
    let mut stripes = Vec::with_capacity(count);
    for _ in 0..count {
        // A fresh random order each stripe; free devices first, then taken ones.
        for i in (1..n).rev() {
            let j = (rng.fraction() * (i + 1) as f64) as usize;
            order.swap(i, j.min(i));
        }
        let mut stripe: Vec<u32> = Vec::with_capacity(width);
        for pass_free in [true, false] {
            for &device in &order {
                if stripe.len() == width {
                    break;
                }
                let d = device as usize;
                if taken[d] != pass_free
                    && !stripe.iter().any(|&s| domains[s as usize] == domains[d])
                {
                    stripe.push(device);
                }
            }
        }
        debug_assert_eq!(
            stripe.len(),
            width,
            "the scenario checked there are enough domains"
        );
        for &d in &stripe {
            taken[d as usize] = true;
        }
        stripe.sort_unstable();
        stripes.push(stripe);
    }
    stripes
}

/// Whether no device holds fragments of two stripes.
pub fn disjoint(stripes: &[Vec<u32>]) -> bool {
    let mut seen = std::collections::HashSet::new();
    stripes.iter().flatten().all(|d| seen.insert(*d))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Twelve disks in three zones (disk i in zone i mod 3).
    fn zones() -> Vec<u32> {
        (0..12).map(|i| i % 3).collect()
    }

    #[test]
    fn stripes_respect_the_spread() {
        let domains = zones();
        for stripe in place_stripes(&domains, 3, 500, 7) {
            let mut seen: Vec<u32> = stripe.iter().map(|&d| domains[d as usize]).collect();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), 3, "{stripe:?}");
        }
    }

    #[test]
    fn few_stripes_are_disjoint_many_overlap() {
        let domains = zones();
        assert!(disjoint(&place_stripes(&domains, 3, 4, 7)));
        assert!(!disjoint(&place_stripes(&domains, 3, 5, 7)));
    }

    #[test]
    fn the_seed_decides_the_stripes() {
        let domains = zones();
        let a = place_stripes(&domains, 2, 50, 1);
        assert_eq!(a, place_stripes(&domains, 2, 50, 1));
        assert_ne!(a, place_stripes(&domains, 2, 50, 2));
    }
}
