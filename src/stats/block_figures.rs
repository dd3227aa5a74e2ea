//! Per-block figures of a `--method rare` run (the summary's added `blocks` key): for each
//! redundant block, its own unavailability, outages and mean outage as if it alone were the
//! service, and the part of it with no instance up at all, each by the method the same rule
//! as the service's picks (docs/rare-events.md, "Per-block figures").

use serde::Serialize;

use super::rare::{window, WindowMoments};
use super::{RareWindow, RARE_BELOW_OUTAGES};
use crate::engine::{Counted, TrialRecord};

/// Which outages a part counts, for the sentences that say why its method was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The block down, as its parent sees it (switchover windows included).
    Block,
    /// No instance of the block available.
    AllDown,
}

impl Part {
    fn events(self) -> &'static str {
        match self {
            Part::Block => "outages of the block",
            Part::AllDown => "spells with no instance up",
        }
    }
}

/// One part's figures over the horizon, and how they were estimated.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PartFigures {
    /// "plain" or "rare".
    pub method: &'static str,
    /// One sentence saying why.
    pub reason: String,
    /// Trials of the plain pass that decided (the scenario's trials and seed).
    pub plain_trials: u64,
    /// The part's outages that plain pass saw.
    pub plain_outages: u64,
    /// Unavailability, outages per year, mean outage and P(downtime in a horizon), with
    /// intervals.
    #[serde(flatten)]
    pub figures: RareWindow,
    /// The rare run's degeneracy warnings (empty for plain figures).
    pub warnings: Vec<String>,
}

impl PartFigures {
    /// The method the rule picks for `part` after a plain pass of `trials` trials that saw
    /// `outages` of its outages: `true` for rare, with the sentence saying why.
    pub fn choice(part: Part, trials: u64, outages: u64) -> (bool, String) {
        let events = part.events();
        if outages < RARE_BELOW_OUTAGES {
            (
                true,
                format!(
                    "a plain run of {trials} trials saw {outages} {events} (fewer than {RARE_BELOW_OUTAGES}): the rare method's figures"
                ),
            )
        } else {
            (
                false,
                format!(
                    "a plain run of {trials} trials saw {outages} {events} (at least {RARE_BELOW_OUTAGES}): not rare, that run's figures"
                ),
            )
        }
    }
}

/// A redundant block's figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BlockFigures {
    /// The component's or block's name.
    pub name: String,
    /// "component" or "block".
    pub kind: &'static str,
    /// The block as if it alone were the service.
    #[serde(flatten)]
    pub own: PartFigures,
    /// The part of its downtime with no instance of it available; null when it cannot be
    /// estimated (`all_down_reason` says why).
    pub all_down: Option<PartFigures>,
    /// Why `all_down` is null, when it is.
    pub all_down_reason: Option<String>,
}

/// Folds plain trials' records into the figures of one window over the horizon.
#[derive(Debug, Clone, Default)]
pub struct PlainWindow {
    moments: WindowMoments,
    exclude_planned: bool,
}

impl PlainWindow {
    /// Nothing folded yet; `exclude_planned` as the scenario's.
    pub fn new(exclude_planned: bool) -> PlainWindow {
        PlainWindow {
            moments: WindowMoments::default(),
            exclude_planned,
        }
    }

    /// Folds in the next trial's record.
    pub fn push(&mut self, r: &TrialRecord) {
        let downtime = r.counted_downtime(self.exclude_planned);
        self.moments.push(&Counted {
            downtime,
            outages: f64::from(r.outages),
            first: if downtime > 0.0 { 1.0 } else { 0.0 },
            planned: r.downtime - downtime,
        });
    }

    /// The horizon's figures (Student-t intervals, the delta method for the mean outage).
    pub fn figures(&self, horizon: f64, confidence: f64) -> RareWindow {
        window(&self.moments, 0.0, horizon, confidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_is_the_line_and_plain_figures_are_the_means() {
        assert!(PartFigures::choice(Part::AllDown, 100, 29).0);
        let (rare, reason) = PartFigures::choice(Part::Block, 100, 30);
        assert!(!rare);
        assert!(reason.contains("30 outages of the block"));
        let mut w = PlainWindow::new(false);
        for (downtime, outages) in [(2.0, 1), (0.0, 0), (4.0, 3), (0.0, 0)] {
            w.push(&TrialRecord {
                downtime,
                outages,
                ..TrialRecord::default()
            });
        }
        let f = w.figures(100.0, 0.95);
        assert!((f.unavailability.mean - 6.0 / 4.0 / 100.0).abs() < 1e-15);
        assert!((f.p_any_downtime.mean - 0.5).abs() < 1e-15);
        // 6 hours over 4 outages.
        let d = f.mean_outage_minutes.expect("outages seen");
        assert!((d.mean - 90.0).abs() < 1e-9);
        assert!(d.ci_low.unwrap() <= d.mean && d.mean <= d.ci_high.unwrap());
    }

    /// P(any downtime) counts the trials with counted downtime: one of four here, and with
    /// `exclude_planned` a trial down only for planned maintenance is not one of them.
    #[test]
    fn any_downtime_counts_the_trials_down() {
        for exclude_planned in [false, true] {
            let mut w = PlainWindow::new(exclude_planned);
            for (downtime, planned_downtime) in [(3.0, 0.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0)] {
                w.push(&TrialRecord {
                    downtime,
                    planned_downtime,
                    outages: u32::from(downtime > 0.0),
                    ..TrialRecord::default()
                });
            }
            assert_eq!(w.figures(100.0, 0.95).p_any_downtime.mean, 0.25);
        }
        let mut w = PlainWindow::new(true);
        for (downtime, planned_downtime) in [(2.0, 2.0), (5.0, 1.0), (0.0, 0.0), (0.0, 0.0)] {
            w.push(&TrialRecord {
                downtime,
                planned_downtime,
                outages: 1,
                ..TrialRecord::default()
            });
        }
        let f = w.figures(100.0, 0.95);
        assert_eq!(f.p_any_downtime.mean, 0.25);
        // Counted downtime 4 h over 4 trials of 100 h.
        assert!((f.unavailability.mean - 0.01).abs() < 1e-15);
    }
}
