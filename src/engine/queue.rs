//! The future event list: a binary heap ordered by time, ties broken by insertion order so
//! that simultaneous events (fixed delays, shocks) replay identically.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// What happens at an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A failure slot (one instance's failure mode) fails.
    Fail(u32),
    /// A failure slot's repair completes.
    Repaired(u32),
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    time: f64,
    seq: u64,
    event: Event,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    /// Reversed, so that the max-heap pops the earliest event, then the first inserted.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// A deterministic priority queue of timed events. Its storage is kept across trials, so
/// after the first trial scheduling allocates nothing.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Entry>,
    next_seq: u64,
}

impl EventQueue {
    /// An empty queue with room for `capacity` pending events.
    pub fn with_capacity(capacity: usize) -> EventQueue {
        EventQueue {
            heap: BinaryHeap::with_capacity(capacity),
            next_seq: 0,
        }
    }

    /// Empties the queue for a new trial, keeping its storage.
    pub fn clear(&mut self) {
        self.heap.clear();
        self.next_seq = 0;
    }

    /// Schedules `event` at `time`.
    #[inline]
    pub fn push(&mut self, time: f64, event: Event) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Entry { time, seq, event });
    }

    /// Removes and returns the next event if it happens no later than `until`.
    #[inline]
    pub fn pop_until(&mut self, until: f64) -> Option<(f64, Event)> {
        match self.heap.peek() {
            Some(entry) if entry.time <= until => {
                let entry = self.heap.pop().expect("peeked");
                Some((entry.time, entry.event))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_then_insertion_order() {
        let mut queue = EventQueue::with_capacity(4);
        queue.push(2.0, Event::Fail(0));
        queue.push(1.0, Event::Fail(1));
        queue.push(2.0, Event::Repaired(2));
        queue.push(1.0, Event::Repaired(3));
        let order: Vec<_> = std::iter::from_fn(|| queue.pop_until(10.0)).collect();
        assert_eq!(
            order,
            vec![
                (1.0, Event::Fail(1)),
                (1.0, Event::Repaired(3)),
                (2.0, Event::Fail(0)),
                (2.0, Event::Repaired(2)),
            ]
        );
    }

    #[test]
    fn stops_at_the_horizon() {
        let mut queue = EventQueue::with_capacity(2);
        queue.push(5.0, Event::Fail(0));
        assert_eq!(queue.pop_until(4.0), None);
        assert_eq!(queue.pop_until(5.0), Some((5.0, Event::Fail(0))));
    }
}
