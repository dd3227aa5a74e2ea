//! Studies built on runs: compare (designs side by side over the same trials), sweep (a grid
//! of edited scenarios), plan (the cheapest design meeting objectives, by racing), and their
//! shards (`shard`). The command line only parses their flags and prints; `report`
//! renders what they return.

pub mod carry;
pub mod compare;
pub mod compare_rare;
pub mod edit;
mod eliminate;
mod figures;
pub mod grid;
pub mod objective;
pub mod paired_cost;
pub mod paired_stage;
pub mod parallel;
pub mod plan;
pub mod shard;
pub mod sources;
pub mod sweep;

pub use compare::{run_in_lockstep, run_in_lockstep_from};
pub use compare_rare::{run_rare_in_lockstep, RareLockstep};
pub use grid::{parse_axis, parse_zip, Axis, Base, Grid};
pub use sources::{RecordedScenario, Sources};
pub use sweep::{numeric, Cheaper, Cheapest, Point, Smallest, SweepReport};
