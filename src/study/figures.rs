//! The figures plan's racing decides on: the objectives' estimates, the design's cost and
//! the availability it is shown with.
//!
//! A full [`Summary`] computes far more (quantiles, attribution, outage-rate and
//! window-breach intervals, the exact solution, a bootstrap for every bounded figure), and
//! at interim rounds, whose intervals are at a Bonferroni-corrected level, that work cost
//! more than the racing's own. So interim rounds compute these figures alone, each with the
//! interval a summary would give it at the same confidence; a design at its full trial
//! count is read from its full summary, so that what a finishing design reports is what
//! `nines run` gives.

use super::objective::{Metric, Objective};
use crate::engine::RunOutput;
use crate::model::cost::DowntimePrice;
use crate::model::Model;
use crate::stats::{
    cost_priced, credits_counted, recoveries, CostSummary, Estimate, RecoverySummary, Summary,
};

/// A design's figures at the end of a round.
#[derive(Debug, Clone)]
pub(crate) struct Figures {
    /// Trials they come from.
    pub trials: u64,
    /// Time availability.
    pub availability: Estimate,
    /// Share of requests served (its interval only where a decision reads it).
    pub requests: Estimate,
    /// Recovery times and points, where an objective bounds them.
    pub recovery: Option<(RecoverySummary, RecoverySummary)>,
    /// Money per year, if the design has prices.
    pub cost: Option<CostSummary>,
}

/// Which optional figures a plan's decisions read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Needs {
    /// The request availability's interval: an objective on requests, or downtime priced
    /// per lost request.
    pub requests: bool,
    /// Recovery times or points: an objective on either.
    pub recovery: bool,
}

impl Needs {
    /// What `objectives` (and `model`'s pricing) read.
    pub fn of(objectives: &[Objective], model: &Model) -> Needs {
        let per_request = model
            .cost
            .as_ref()
            .is_some_and(|c| matches!(c.downtime, Some(DowntimePrice::PerRequest { .. })));
        Needs {
            requests: per_request || objectives.iter().any(|o| o.metric == Metric::Requests),
            recovery: objectives
                .iter()
                .any(|o| matches!(o.metric, Metric::Rto(_) | Metric::Rpo(_))),
        }
    }
}

impl Figures {
    /// The figures of a full summary.
    pub fn of(s: &Summary) -> Figures {
        Figures {
            trials: s.trials,
            availability: Estimate {
                mean: s.availability.mean,
                ci_low: s.availability.ci_low,
                ci_high: s.availability.ci_high,
            },
            requests: Estimate {
                mean: s.request_availability.mean,
                ci_low: s.request_availability.ci_low,
                ci_high: s.request_availability.ci_high,
            },
            recovery: Some((s.rpo.clone(), s.rto.clone())),
            cost: s.cost.clone(),
        }
    }

    /// The figures `needs` asks for of `model`'s run so far, at `model`'s confidence: each
    /// interval the one [`Summary::new`] computes for the same run, the others left out.
    pub fn interim(model: &Model, run: &RunOutput, needs: Needs) -> Figures {
        let settings = &model.settings;
        let stats = &run.stats;
        let unavailable = stats.unavailability_interval(settings.confidence);
        let availability = Estimate {
            mean: 1.0 - unavailable.mean,
            ci_low: unavailable.high.map(|h| 1.0 - h),
            ci_high: unavailable.low.map(|l| 1.0 - l),
        };
        let requests = if needs.requests {
            let lost =
                stats
                    .requests_lost
                    .interval((0.0, 1.0), settings.confidence, settings.seed ^ 1);
            Estimate {
                mean: 1.0 - lost.mean,
                ci_low: lost.high.map(|h| 1.0 - h),
                ci_high: lost.low.map(|l| 1.0 - l),
            }
        } else {
            Estimate {
                mean: 1.0 - stats.requests_lost.mean(),
                ci_low: None,
                ci_high: None,
            }
        };
        // Cost reads only the credits' mean, which needs no interval.
        let credit = credits_counted(model, run).then(|| stats.credit.mean());
        Figures {
            trials: stats.trials,
            cost: cost_priced(model, &availability, &requests, credit),
            availability,
            requests,
            recovery: needs.recovery.then(|| recoveries(model, run)),
        }
    }
}
