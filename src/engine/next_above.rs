//! The first hour whose demand exceeds a limit, remembered per limit, so that closing a
//! stretch under a view that loses nothing below that limit is one comparison.
//!
//! A view that loses nothing below demand L loses nothing until the first hour whose
//! demand exceeds L. The demand table is the same in every trial and a trial's stretches
//! move forward in time, while a trial's views take few distinct limits (the backends in
//! rotation times their capacity), so the answer for one limit stays good from one close to
//! the next until that hour is reached. A fixed handful of entries, so nothing is allocated
//! after the simulator is built.
//!
//! When the caller knows which limit it asks for by a small number (one balanced group: the
//! backends in rotation), the entry is found by that number (`hour_in`): the scan over the
//! entries, a comparison whose outcome changes with every view, is then skipped.

use crate::model::DemandTable;

/// Limits remembered at once: a group of eight backends in rotation takes at most nine.
const ENTRIES: usize = 8;

/// Limits remembered by number (`hour_in`): a group of up to 15 backends.
const SLOTS: usize = 16;

/// What is known for one limit: no hour of `from..next` exceeds it, and `next` does (or is
/// the end of the table); likewise for `0..first`, so each new trial starts with an answer.
#[derive(Debug, Clone, Copy)]
struct Entry {
    limit: f64,
    from: u32,
    next: u32,
    first: u32,
}

/// The remembered answers of one simulator.
#[derive(Debug, Clone)]
pub struct NextAbove {
    entries: [Entry; ENTRIES],
    /// The entries found by number.
    slots: [Entry; SLOTS],
    /// The entry the next new limit replaces (round robin).
    replace: usize,
}

impl Default for NextAbove {
    fn default() -> Self {
        // A NaN limit equals nothing, so an unused entry never answers.
        let unused = Entry {
            limit: f64::NAN,
            from: 0,
            next: 0,
            first: 0,
        };
        NextAbove {
            entries: [unused; ENTRIES],
            slots: [unused; SLOTS],
            replace: 0,
        }
    }
}

impl NextAbove {
    /// The first hour at or after `hour` whose demand in `table` exceeds `limit`, or
    /// `table.hours()` if none does. Hours fit in 32 bits (see `floor_hour`).
    #[inline]
    pub fn hour(&mut self, table: &DemandTable, hour: usize, limit: f64) -> usize {
        for entry in &mut self.entries {
            if entry.limit == limit {
                return Self::answer(entry, table, hour, limit);
            }
        }
        self.add(table, hour, limit)
    }

    /// As [`NextAbove::hour`], for a limit that the caller numbers `slot` (the same limit
    /// under the same number as long as it can: a number may be given another limit, which
    /// then replaces the one remembered). Numbers from [`SLOTS`] on are looked up by limit.
    #[inline(always)]
    pub fn hour_in(&mut self, table: &DemandTable, hour: usize, limit: f64, slot: usize) -> usize {
        let Some(entry) = self.slots.get_mut(slot) else {
            return self.hour(table, hour, limit);
        };
        if entry.limit == limit {
            return Self::answer(entry, table, hour, limit);
        }
        Self::fill(entry, table, hour, limit)
    }

    /// The answer for `hour` from `entry`, which remembers `limit`: as remembered if it
    /// still holds, else searched.
    #[inline(always)]
    fn answer(entry: &mut Entry, table: &DemandTable, hour: usize, limit: f64) -> usize {
        let at = hour as u32;
        if entry.from <= at && at <= entry.next {
            return entry.next as usize;
        }
        if at <= entry.first {
            return entry.first as usize;
        }
        Self::search(entry, table, hour, limit)
    }

    /// Remembers `limit` in place of the oldest entry and answers for `hour`.
    #[inline(never)]
    fn add(&mut self, table: &DemandTable, hour: usize, limit: f64) -> usize {
        let entry = &mut self.entries[self.replace];
        self.replace = (self.replace + 1) % ENTRIES;
        Self::fill(entry, table, hour, limit)
    }

    /// Remembers `limit` in `entry` (in place of what it held) and answers for `hour`.
    #[inline(never)]
    fn fill(entry: &mut Entry, table: &DemandTable, hour: usize, limit: f64) -> usize {
        entry.limit = limit;
        Self::search(entry, table, 0, limit);
        entry.first = entry.next;
        if hour as u32 <= entry.first {
            return entry.first as usize;
        }
        Self::search(entry, table, hour, limit)
    }

    /// Searches the table from `hour` (through its period and day maxima) and remembers
    /// the answer in `entry`.
    #[inline(never)]
    fn search(entry: &mut Entry, table: &DemandTable, hour: usize, limit: f64) -> usize {
        let next = table
            .next_above(hour, limit, |_| true)
            .unwrap_or(table.hours());
        entry.from = hour as u32;
        entry.next = next as u32;
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every answer, remembered or searched, in any order of queries and limits, is the
    /// first hour above the limit found by a scan.
    #[test]
    fn answers_match_a_scan() {
        let days: Vec<f64> = (0..90).map(|d| 1.0 + ((d * 7919) % 13) as f64).collect();
        let profile: Vec<f64> = (0..24).map(|h| 0.5 + (h % 7) as f64 / 4.0).collect();
        let table = DemandTable::new(days, profile, 89.5 * 24.0);
        let scan = |hour: usize, limit: f64| {
            (hour..table.hours())
                .find(|&h| table.hour(h) > limit)
                .unwrap_or(table.hours())
        };
        let mut above = NextAbove::default();
        // More limits than entries, hours going forward and back (a new trial).
        let limits: Vec<f64> = (0..12).map(|k| 2.0 + k as f64 * 1.5).collect();
        let mut hour = 0;
        for step in 0..5000usize {
            let limit = limits[(step * 7) % limits.len()];
            hour = if step % 400 == 0 {
                0
            } else {
                (hour + (step * 31) % 50) % table.hours()
            };
            assert_eq!(
                above.hour(&table, hour, limit),
                scan(hour, limit),
                "hour {hour}, limit {limit}"
            );
        }
        assert_eq!(above.hour(&table, 0, f64::INFINITY), table.hours());
        // By number: a number keeps its limit, is given another one, or is past the slots.
        let mut above = NextAbove::default();
        for step in 0..5000usize {
            let slot = (step * 5) % 20;
            let limit = limits[(slot + step / 1000) % limits.len()];
            hour = if step % 400 == 0 {
                0
            } else {
                (hour + (step * 31) % 50) % table.hours()
            };
            assert_eq!(
                above.hour_in(&table, hour, limit, slot),
                scan(hour, limit),
                "hour {hour}, limit {limit}, slot {slot}"
            );
        }
    }
}
