//! SLA windows: the trial's downtime split by window (a month, usually), each window judged
//! against the objective and the credit table at the end of the trial.

use super::trial::Simulator;

impl Simulator<'_> {
    /// Adds the outage `[since, until)` to the windows it overlaps.
    pub(super) fn account_windows(&mut self, since: f64, until: f64) {
        let window = self.sla_window;
        let count = self.window_downtime.len();
        if count == 0 {
            return;
        }
        let mut start = since;
        while start < until {
            let index = (start / window) as usize;
            if index >= count {
                // Past the last whole window (a horizon that is not a multiple of it).
                break;
            }
            let end = until.min((index + 1) as f64 * window);
            self.window_downtime[index] += end - start;
            start = end;
        }
    }

    /// Judges every window of the finished trial: how many breached, what credit they earn.
    pub(super) fn judge_windows(&mut self) -> (u32, f64) {
        let sla = self.sla;
        let window = self.sla_window;
        let mut breached = 0;
        let mut credit = 0.0;
        for &downtime in &self.window_downtime {
            let availability = 1.0 - downtime / window;
            if availability < self.sla_objective {
                breached += 1;
            }
            credit += sla.credit(availability);
            self.tally.record_window(downtime);
        }
        (breached, credit)
    }
}
