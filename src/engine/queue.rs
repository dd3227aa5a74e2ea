//! The future event list: a binary heap ordered by time, ties broken by insertion order so
//! that simultaneous events (fixed delays, shocks) replay identically.

/// What happens at an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A failure slot (one instance's failure mode) fails, unless its clock was rescheduled
    /// since (the slot's generation moved on).
    Fail {
        /// The slot.
        slot: u32,
        /// The slot's generation when this was scheduled.
        generation: u32,
    },
    /// A failure slot's repair completes.
    Repaired(u32),
    /// A switchover of a standby into an active position completes.
    FailoverDone {
        /// The instance being promoted.
        instance: u32,
        /// The instance's role generation when this was scheduled.
        generation: u32,
    },
    /// An operator's manual failover completes.
    ManualFailover {
        /// The failover group.
        group: u32,
        /// The group's manual generation when this was scheduled.
        generation: u32,
    },
    /// A shock strikes its component.
    ShockStrikes(u32),
    /// The instances a shock hit are back.
    ShockRecovered(u32),
    /// A maintenance window opens.
    MaintenanceWindow(u32),
    /// A rolling maintenance pass tries its next instance again.
    MaintenanceStep(u32),
    /// Maintenance of an instance (or, with [`ALL_INSTANCES`], of all) ends.
    MaintenanceEnd {
        /// The maintenance schedule.
        schedule: u32,
        /// The instance, or [`ALL_INSTANCES`].
        instance: u32,
    },
    /// Health checks take a failed backend out of rotation.
    BackendOut {
        /// The backend instance.
        instance: u32,
        /// Its rotation generation when this was scheduled.
        generation: u32,
    },
    /// Health checks put a recovered backend back into rotation.
    BackendIn {
        /// The backend instance.
        instance: u32,
        /// Its rotation generation when this was scheduled.
        generation: u32,
    },
    /// A backup schedule takes its next backup.
    BackupStart(u32),
    /// A backup schedule's running backup completes.
    BackupEnd(u32),
    /// A disaster damages its data set.
    DisasterStrikes(u32),
    /// The damage is noticed: provisioning and the restore begin.
    RestoreBegin(u32),
    /// The restore completes: the data set serves again.
    RestoreDone(u32),
    /// A destroyed device's fragments are rebuilt (engine::durability; the device's index
    /// over every durable data set). Packed as a `Repaired` with generation 1, since the
    /// four kind bits are all taken and `Repaired` never uses its generation.
    FragmentRebuilt(u32),
    /// Demand changes at this hour boundary enough to flip a group whose need follows
    /// demand (engine::peak_need; the group's index). Packed as a `ShockStrikes` with
    /// generation 1, as `FragmentRebuilt` is.
    NeedCheck(u32),
    /// An inspection schedule's next inspection begins (engine::inspection). Packed as a
    /// `Repaired` with generation 2.
    InspectionBegins(u32),
    /// An inspection ends: what it finds is found now. Packed as a `Repaired` with
    /// generation 3.
    InspectionEnds(u32),
    /// The trial enters the next stretch of its phase timeline (engine::phases; the
    /// stretch's index). Packed as a `ShockStrikes` with generation 2.
    PhaseChange(u32),
}

/// Stands for every instance of a component in [`Event::MaintenanceEnd`].
pub const ALL_INSTANCES: u32 = u32::MAX;

impl Event {
    /// Packs the event into one word: kind in the top 4 bits, a 28-bit generation (or
    /// second index), and a 32-bit index. Generations only need to tell the latest schedule
    /// from older ones, so wrapping after 2^28 reschedules within a trial is harmless.
    #[inline(always)]
    fn pack(self) -> u64 {
        let (kind, generation, index) = match self {
            Event::Fail { slot, generation } => (0u64, generation, slot),
            Event::Repaired(slot) => (1, 0, slot),
            Event::FragmentRebuilt(device) => (1, 1, device),
            Event::InspectionBegins(schedule) => (1, 2, schedule),
            Event::InspectionEnds(schedule) => (1, 3, schedule),
            Event::FailoverDone {
                instance,
                generation,
            } => (2, generation, instance),
            Event::ManualFailover { group, generation } => (3, generation, group),
            Event::ShockStrikes(shock) => (4, 0, shock),
            Event::NeedCheck(group) => (4, 1, group),
            Event::PhaseChange(stretch) => (4, 2, stretch),
            Event::ShockRecovered(shock) => (5, 0, shock),
            Event::MaintenanceWindow(schedule) => (6, 0, schedule),
            Event::MaintenanceStep(schedule) => (7, 0, schedule),
            Event::MaintenanceEnd { schedule, instance } => (8, schedule, instance),
            Event::BackendOut {
                instance,
                generation,
            } => (9, generation, instance),
            Event::BackendIn {
                instance,
                generation,
            } => (10, generation, instance),
            Event::BackupStart(schedule) => (11, 0, schedule),
            Event::BackupEnd(schedule) => (12, 0, schedule),
            Event::DisasterStrikes(disaster) => (13, 0, disaster),
            Event::RestoreBegin(disaster) => (14, 0, disaster),
            Event::RestoreDone(disaster) => (15, 0, disaster),
        };
        kind << 60 | (u64::from(generation) & GENERATION_MASK) << 32 | u64::from(index)
    }

    #[inline(always)]
    fn unpack(word: u64) -> Event {
        let index = word as u32;
        let generation = ((word >> 32) & GENERATION_MASK) as u32;
        match word >> 60 {
            0 => Event::Fail {
                slot: index,
                generation,
            },
            1 if generation == 0 => Event::Repaired(index),
            1 if generation == 1 => Event::FragmentRebuilt(index),
            1 if generation == 2 => Event::InspectionBegins(index),
            1 => Event::InspectionEnds(index),
            2 => Event::FailoverDone {
                instance: index,
                generation,
            },
            3 => Event::ManualFailover {
                group: index,
                generation,
            },
            4 if generation == 0 => Event::ShockStrikes(index),
            4 if generation == 1 => Event::NeedCheck(index),
            4 => Event::PhaseChange(index),
            5 => Event::ShockRecovered(index),
            6 => Event::MaintenanceWindow(index),
            7 => Event::MaintenanceStep(index),
            8 => Event::MaintenanceEnd {
                schedule: generation,
                instance: index,
            },
            9 => Event::BackendOut {
                instance: index,
                generation,
            },
            10 => Event::BackendIn {
                instance: index,
                generation,
            },
            11 => Event::BackupStart(index),
            12 => Event::BackupEnd(index),
            13 => Event::DisasterStrikes(index),
            14 => Event::RestoreBegin(index),
            _ => Event::RestoreDone(index),
        }
    }
}

const GENERATION_MASK: u64 = (1 << 28) - 1;

/// Keeps a generation within the bits an event stores of it.
#[inline(always)]
pub fn wrap_generation(generation: u32) -> u32 {
    generation & GENERATION_MASK as u32
}

/// A pending event. Its order key is (time, insertion sequence) as two integers: times are
/// never negative, and the bit patterns of non-negative doubles order like the numbers, so
/// comparing keys costs two integer comparisons.
#[derive(Debug, Clone, Copy)]
struct Entry {
    time_bits: u64,
    seq: u64,
    event: u64,
}

impl Entry {
    #[inline(always)]
    fn before(&self, other: &Entry) -> bool {
        (self.time_bits, self.seq) < (other.time_bits, other.seq)
    }
}

/// A deterministic priority queue of timed events: a binary min-heap on (time, insertion
/// order). Its storage is kept across trials, so after the first trial scheduling allocates
/// nothing.
#[derive(Debug, Default, Clone)]
pub struct EventQueue {
    heap: Vec<Entry>,
    next_seq: u64,
}

impl EventQueue {
    /// An empty queue with room for `capacity` pending events.
    pub fn with_capacity(capacity: usize) -> EventQueue {
        EventQueue {
            heap: Vec::with_capacity(capacity),
            next_seq: 0,
        }
    }

    /// Empties the queue for a new trial, keeping its storage.
    pub fn clear(&mut self) {
        self.heap.clear();
        self.next_seq = 0;
    }

    /// Schedules `event` at `time` (hours, never negative).
    #[inline(always)]
    pub fn push(&mut self, time: f64, event: Event) {
        debug_assert!(time >= 0.0, "event scheduled at negative time {time}");
        let entry = Entry {
            time_bits: time.to_bits(),
            seq: self.next_seq,
            event: event.pack(),
        };
        self.next_seq += 1;
        self.heap.push(entry);
        self.sift_up(self.heap.len() - 1);
    }

    /// Removes and returns the next event if it happens no later than `until`.
    #[inline]
    pub fn pop_until(&mut self, until: f64) -> Option<(f64, Event)> {
        let first = *self.heap.first()?;
        if f64::from_bits(first.time_bits) > until {
            return None;
        }
        let last = self.heap.pop().expect("not empty");
        if !self.heap.is_empty() {
            self.heap[0] = last;
            self.sift_down(0);
        }
        Some((f64::from_bits(first.time_bits), Event::unpack(first.event)))
    }

    /// When the next pending event happens, if any (rare-event windows end there).
    #[inline]
    pub fn next_time(&self) -> Option<f64> {
        self.heap.first().map(|e| f64::from_bits(e.time_bits))
    }

    /// When the earliest pending event that `matches` accepts happens, if any: a scan of
    /// every pending event, for the rare method's data windows, which are few.
    pub fn next_time_where(&self, matches: impl Fn(Event) -> bool) -> Option<f64> {
        self.heap
            .iter()
            .filter(|e| matches(Event::unpack(e.event)))
            .map(|e| f64::from_bits(e.time_bits))
            .min_by(f64::total_cmp)
    }

    /// When `event` is pending, if it is (the first found, should it be queued twice): a
    /// scan of every pending event.
    pub fn time_of(&self, event: Event) -> Option<f64> {
        let word = event.pack();
        self.heap
            .iter()
            .find(|e| e.event == word)
            .map(|e| f64::from_bits(e.time_bits))
    }

    /// Moves `event`, pending at `from`, to `to`; false (and nothing changed) if no such
    /// event is pending. A scan of every pending event: rare-method branches call it once,
    /// as they begin, to redraw the repair their excursion opened with.
    pub fn reschedule(&mut self, event: Event, from: f64, to: f64) -> bool {
        let (word, bits) = (event.pack(), from.to_bits());
        let Some(at) = self
            .heap
            .iter()
            .position(|e| e.event == word && e.time_bits == bits)
        else {
            return false;
        };
        let last = self.heap.pop().expect("not empty");
        if at < self.heap.len() {
            // The last entry fills the hole, then the heap is mended around it: it moves
            // down, or (if smaller than its new parent) up.
            self.heap[at] = last;
            self.sift_down(at);
            self.sift_up(at);
        }
        self.push(to, event);
        true
    }

    /// Moves the entry at `hole` towards the root until its parent is before it, moving
    /// parents down into the hole rather than swapping.
    #[inline(always)]
    fn sift_up(&mut self, mut hole: usize) {
        let entry = self.heap[hole];
        while hole > 0 {
            let parent = (hole - 1) / 2;
            if !entry.before(&self.heap[parent]) {
                break;
            }
            self.heap[hole] = self.heap[parent];
            hole = parent;
        }
        self.heap[hole] = entry;
    }

    /// Moves the entry at `hole` towards the leaves until no child is before it.
    #[inline(always)]
    fn sift_down(&mut self, mut hole: usize) {
        let entry = self.heap[hole];
        let len = self.heap.len();
        loop {
            let left = 2 * hole + 1;
            if left >= len {
                break;
            }
            let right = left + 1;
            let child = if right < len && self.heap[right].before(&self.heap[left]) {
                right
            } else {
                left
            };
            if !self.heap[child].before(&entry) {
                break;
            }
            self.heap[hole] = self.heap[child];
            hole = child;
        }
        self.heap[hole] = entry;
    }

    /// Becomes a copy of `other`, pending events and insertion counter included (so ties
    /// replay identically), reusing this queue's storage.
    pub fn copy_from(&mut self, other: &EventQueue) {
        self.heap.clone_from(&other.heap);
        self.next_seq = other.next_seq;
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rescheduled_event_pops_at_its_new_time_and_the_rest_keep_their_order() {
        // Every entry of a 40-event heap moved in turn, each to a time before, between and
        // after the others: the pops must equal a sorted list with the same move made.
        for moved in 0..40u32 {
            for to in [0.25, 17.5, 99.0] {
                let mut queue = EventQueue::with_capacity(40);
                // Times 0 to 39 in a scrambled order (7 is coprime with 40), two per time
                // for the even slots so ties must replay in insertion order.
                let mut expected = Vec::new();
                for i in 0..40u32 {
                    let time = f64::from((i * 7) % 40 / 2 * 2);
                    queue.push(time, Event::Repaired(i));
                    expected.push((time, i64::from(i), i));
                }
                let from = expected[moved as usize].0;
                assert!(queue.reschedule(Event::Repaired(moved), from, to));
                // The moved event is pushed anew: last among equal times.
                expected[moved as usize] = (to, 100, moved);
                expected.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let popped: Vec<_> =
                    std::iter::from_fn(|| queue.pop_until(f64::INFINITY)).collect();
                let wanted: Vec<_> = expected
                    .iter()
                    .map(|&(t, _, i)| (t, Event::Repaired(i)))
                    .collect();
                assert_eq!(popped, wanted, "moving {moved} to {to}");
            }
        }
    }

    #[test]
    fn rescheduling_an_event_not_pending_at_that_time_changes_nothing() {
        let mut queue = EventQueue::with_capacity(4);
        queue.push(1.0, Event::Repaired(0));
        queue.push(2.0, Event::Repaired(1));
        assert!(!queue.reschedule(Event::Repaired(1), 1.0, 5.0));
        assert!(!queue.reschedule(Event::Repaired(2), 2.0, 5.0));
        assert_eq!(queue.pop_until(10.0), Some((1.0, Event::Repaired(0))));
        assert_eq!(queue.pop_until(10.0), Some((2.0, Event::Repaired(1))));
        assert_eq!(queue.pop_until(10.0), None);
    }

    #[test]
    fn pops_in_time_order_then_insertion_order() {
        let mut queue = EventQueue::with_capacity(4);
        queue.push(2.0, Event::Repaired(0));
        queue.push(1.0, Event::Repaired(1));
        queue.push(2.0, Event::Repaired(2));
        queue.push(1.0, Event::Repaired(3));
        let order: Vec<_> = std::iter::from_fn(|| queue.pop_until(10.0)).collect();
        assert_eq!(
            order,
            vec![
                (1.0, Event::Repaired(1)),
                (1.0, Event::Repaired(3)),
                (2.0, Event::Repaired(0)),
                (2.0, Event::Repaired(2)),
            ]
        );
    }

    #[test]
    fn agrees_with_a_sort_on_many_events() {
        // Pseudo-random times with many ties: the queue must pop them as a stable sort would.
        let times: Vec<f64> = (0..500u64)
            .map(|i| ((i * 7919) % 97) as f64 * 0.5)
            .collect();
        let mut queue = EventQueue::with_capacity(4);
        for (i, &t) in times.iter().enumerate() {
            queue.push(t, Event::Repaired(i as u32));
        }
        let mut expected: Vec<(f64, Event)> = times
            .iter()
            .enumerate()
            .map(|(i, &t)| (t, Event::Repaired(i as u32)))
            .collect();
        expected.sort_by(|a, b| a.0.total_cmp(&b.0));
        let popped: Vec<_> = std::iter::from_fn(|| queue.pop_until(f64::INFINITY)).collect();
        assert_eq!(popped, expected);
        assert!(queue.is_empty());
    }

    #[test]
    fn events_survive_packing() {
        for event in [
            Event::Fail {
                slot: u32::MAX,
                generation: (1 << 28) - 1,
            },
            Event::ShockStrikes(4),
            Event::ShockRecovered(5),
            Event::MaintenanceWindow(6),
            Event::MaintenanceStep(7),
            Event::MaintenanceEnd {
                schedule: 3,
                instance: ALL_INSTANCES,
            },
            Event::BackendOut {
                instance: 9,
                generation: 2,
            },
            Event::BackendIn {
                instance: 10,
                generation: 3,
            },
            Event::BackupStart(11),
            Event::BackupEnd(12),
            Event::DisasterStrikes(13),
            Event::RestoreBegin(14),
            Event::RestoreDone(15),
            Event::Repaired(7),
            Event::FragmentRebuilt(7),
            Event::FragmentRebuilt(u32::MAX),
            Event::InspectionBegins(5),
            Event::InspectionEnds(u32::MAX),
            Event::FailoverDone {
                instance: 3,
                generation: 12,
            },
            Event::ManualFailover {
                group: 0,
                generation: 1,
            },
        ] {
            assert_eq!(Event::unpack(event.pack()), event);
        }
    }

    #[test]
    fn stops_at_the_horizon() {
        let mut queue = EventQueue::with_capacity(2);
        queue.push(5.0, Event::Repaired(0));
        assert_eq!(queue.pop_until(4.0), None);
        assert_eq!(queue.pop_until(5.0), Some((5.0, Event::Repaired(0))));
    }
}
