//! `--progress`: one line on stderr every few seconds (trials done, rate, time left), for
//! batch logs where no terminal shows the bar (Slurm, Kubernetes, CI).

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Seconds between two progress lines.
const EVERY: Duration = Duration::from_secs(5);

/// Progress lines for a run of trial indices up to `total`.
pub struct ProgressLines {
    label: String,
    total: u64,
    /// Trials done when this run started (a resumed run's or a shard's first trial).
    first: u64,
    done: AtomicU64,
    started: Instant,
    /// When the last line was printed; a worker that finds it locked skips printing.
    last: Mutex<Instant>,
}

impl ProgressLines {
    /// Lines labelled `label` for trials `first..total`.
    pub fn new(label: &str, first: u64, total: u64) -> ProgressLines {
        let now = Instant::now();
        ProgressLines {
            label: label.to_string(),
            total,
            first,
            done: AtomicU64::new(first),
            started: now,
            last: Mutex::new(now),
        }
    }

    /// Counts `trials` more as done (from any worker thread) and prints a line when one is
    /// due.
    pub fn add(&self, trials: u64) {
        let done = self.done.fetch_add(trials, Ordering::Relaxed) + trials;
        let Ok(mut last) = self.last.try_lock() else {
            return;
        };
        if last.elapsed() >= EVERY {
            *last = Instant::now();
            self.print(done);
        }
    }

    /// Prints the last line, at the end of the run.
    pub fn finish(&self) {
        self.print(self.done.load(Ordering::Relaxed));
    }

    fn print(&self, done: u64) {
        let seconds = self.started.elapsed().as_secs_f64();
        let rate = (done - self.first) as f64 / seconds.max(1e-9);
        let left = self.total.saturating_sub(done);
        let eta = if left == 0 {
            "done".to_string()
        } else if rate > 0.0 {
            format!("about {} left", duration(left as f64 / rate))
        } else {
            "time left unknown".to_string()
        };
        let percent = 100.0 * done as f64 / self.total.max(1) as f64;
        // A closed stderr is no reason to stop the run.
        let _ = writeln!(
            std::io::stderr().lock(),
            "{}: {done}/{} trials ({percent:.1}%), {rate:.0} trials/s, {eta}",
            self.label,
            self.total
        );
    }
}

/// Seconds in the unit a person reads best.
fn duration(seconds: f64) -> String {
    if seconds < 120.0 {
        format!("{seconds:.0} s")
    } else if seconds < 7200.0 {
        format!("{:.0} min", seconds / 60.0)
    } else {
        format!("{:.1} h", seconds / 3600.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_their_unit() {
        assert_eq!(duration(42.4), "42 s");
        assert_eq!(duration(600.0), "10 min");
        assert_eq!(duration(9000.0), "2.5 h");
    }
}
