//! Blocks whose members pool their capacity: app servers spread over zones as a k-of-n (or
//! `any`) block of per-zone components, each with a `capacity` per instance.

/// A k-of-n or `any` block in series on every request's path whose members (components, each
/// with a `capacity`) pool it: the block serves the flow reaching it up to the sum over its
/// members of their instances up times their capacity. Its `k` still decides when it is up.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityPool {
    /// The block, by index in `Model::blocks`.
    pub block: usize,
    /// Its members, by component index (each has a capacity in `Load::capacity`).
    pub members: Vec<usize>,
    /// With `need = "peak"` on the block, its headroom: the block is up only while its
    /// members' instances up cover demand × (1 + headroom), `k` members up still required.
    pub peak: Option<f64>,
}
