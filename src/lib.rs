//! nines: a Monte Carlo availability simulator.
//!
//! Data flows one way: a scenario file is parsed and validated by [`scenario`] into a
//! [`model::Model`]; the [`engine`] simulates independent trials of it in parallel; [`stats`]
//! turns the trials into a [`stats::Summary`]; [`report`] writes it for people and programs.
//! See ARCHITECTURE.md for the codemap.

pub mod catalog;
pub mod cli;
pub mod dist;
pub mod engine;
pub mod error;
pub mod exact;
pub mod model;
pub mod report;
pub mod scenario;
pub mod shard;
pub mod stats;
pub mod study;
pub mod units;

pub use error::{Error, Result};
