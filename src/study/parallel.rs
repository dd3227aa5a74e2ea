//! Jobs run on a few threads, results in the jobs' order: plan's racing spreads a round's
//! designs over the cores (one design a thread) instead of each design's few hundred trials,
//! whose per-design work (interval bootstraps, thread pools) would otherwise run on one core.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Threads `threads` means: itself, or one per core for 0.
pub fn workers(threads: usize) -> usize {
    if threads > 0 {
        threads
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }
}

/// `f` of each job on up to `workers` threads, returned in the order of `jobs`: which
/// thread ran a job changes nothing in its result.
pub fn in_order<J: Send, T: Send>(
    jobs: Vec<J>,
    workers: usize,
    f: &(dyn Fn(J) -> T + Sync),
) -> Vec<T> {
    let n = jobs.len();
    if workers <= 1 || n <= 1 {
        return jobs.into_iter().map(f).collect();
    }
    let slots: Vec<Mutex<Option<J>>> = jobs.into_iter().map(|j| Mutex::new(Some(j))).collect();
    let results: Vec<Mutex<Option<T>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..workers.min(n) {
            scope.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= n {
                    break;
                }
                let job = slots[k]
                    .lock()
                    .expect("no job panicked")
                    .take()
                    .expect("each job is taken once");
                let out = f(job);
                *results[k].lock().expect("no job panicked") = Some(out);
            });
        }
    });
    results
        .into_iter()
        .map(|r| {
            r.into_inner()
                .expect("no job panicked")
                .expect("every job ran")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_jobs_order_whatever_the_threads() {
        let jobs: Vec<u64> = (0..100).collect();
        let square = |j: u64| j * j;
        let one = in_order(jobs.clone(), 1, &square);
        let three = in_order(jobs, 3, &square);
        assert_eq!(one, three);
        assert_eq!(three[7], 49);
    }
}
