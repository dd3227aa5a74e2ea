//! The binary file of kept per-trial downtime values (`downtime.bin`, docs/partials.md):
//! 16 bytes per trial with downtime, in trial order, the hours as an IEEE 754 double then
//! the trial index as an unsigned 64-bit integer, both little-endian. Binary so that the
//! values read back bit for bit and a reader can stop after the ones it needs.

use std::io::{BufReader, Read};
use std::path::Path;

/// Bytes per value.
pub const VALUE_BYTES: u64 = 16;

/// The encoding of `values`.
pub fn encode(values: &[(f64, u64)]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(values.len() * VALUE_BYTES as usize);
    for &(hours, trial) in values {
        bytes.extend_from_slice(&hours.to_bits().to_le_bytes());
        bytes.extend_from_slice(&trial.to_le_bytes());
    }
    bytes
}

/// The first `count` values of the file at `path`.
pub fn read(path: &Path, count: usize) -> std::io::Result<Vec<(f64, u64)>> {
    let mut input = BufReader::new(std::fs::File::open(path)?);
    let mut values = Vec::with_capacity(count);
    let mut pair = [0u8; VALUE_BYTES as usize];
    for _ in 0..count {
        input.read_exact(&mut pair)?;
        let (hours, trial) = pair.split_at(8);
        values.push((
            f64::from_bits(u64::from_le_bytes(hours.try_into().expect("8 bytes"))),
            u64::from_le_bytes(trial.try_into().expect("8 bytes")),
        ));
    }
    Ok(values)
}
