//! `[load]` figures under `--method rare`: request availability and the shares of time and
//! of requests in capacity shortfall, from the branches' weighted per-trial shares
//! (engine/rare_load.rs) rather than the main runs' (which rarely see a loss). Each is a
//! mean over i.i.d. unbiased per-trial estimates with a Student-t interval, as the rare
//! method's unavailability.

use serde::Serialize;

use super::interval::skew_corrected_interval;
use super::load_summary::ShareEstimate;
use super::{Estimate, Moments, Summary};
use crate::engine::LoadCounted;

/// Moments of the per-trial weighted load shares.
#[derive(Debug, Clone, Default)]
pub struct RareLoadMoments {
    lost: Moments,
    shortfall_time: Moments,
    shortfall_demand: Moments,
}

impl RareLoadMoments {
    /// Folds in the next trial's shares.
    pub fn push(&mut self, c: &LoadCounted) {
        self.lost.push(c.lost);
        self.shortfall_time.push(c.shortfall_time);
        self.shortfall_demand.push(c.shortfall_demand);
    }
}

/// The `rare.load` key (added; left out without `[load]`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RareLoadSummary {
    /// Share of the horizon's requests lost, with its interval.
    pub request_unavailability: Estimate,
    /// `−log10` of the request unavailability; null when it is 0.
    pub request_nines: Option<f64>,
    /// Share of time in capacity shortfall, with its interval.
    pub shortfall_time_share: Estimate,
    /// Share of requests that arrived in capacity shortfall, with its interval.
    pub shortfall_request_share: Estimate,
}

/// The interval of a mean share, its low end clipped at 0 (per-trial shares are never
/// negative).
fn share(moments: &Moments, confidence: f64) -> Estimate {
    let i = skew_corrected_interval(moments, confidence);
    Estimate {
        mean: i.mean,
        ci_low: i.low.map(|l| l.max(0.0)),
        ci_high: i.high,
    }
}

impl RareLoadSummary {
    /// The figures of `moments` at `confidence`.
    pub fn new(moments: &RareLoadMoments, confidence: f64) -> RareLoadSummary {
        let request_unavailability = share(&moments.lost, confidence);
        RareLoadSummary {
            request_nines: (request_unavailability.mean > 0.0)
                .then(|| -request_unavailability.mean.log10()),
            request_unavailability,
            shortfall_time_share: share(&moments.shortfall_time, confidence),
            shortfall_request_share: share(&moments.shortfall_demand, confidence),
        }
    }

    /// Puts these figures in `summary`'s headline request availability and its `load` key's
    /// shortfall shares, in place of the main runs' own.
    pub fn apply(&self, summary: &mut Summary) {
        let u = &self.request_unavailability;
        let r = &mut summary.request_availability;
        r.mean = 1.0 - u.mean;
        r.ci_low = u.ci_high.map(|x| (1.0 - x).max(0.0));
        r.ci_high = u.ci_low.map(|x| (1.0 - x).min(1.0));
        r.method = "rare-event (excursion importance sampling), Student t";
        if let Some(load) = &mut summary.load {
            load.shortfall_time_share = as_share(&self.shortfall_time_share);
            load.shortfall_request_share = as_share(&self.shortfall_request_share);
        }
    }
}

/// An estimate as the `load` key's share (its interval ends are never null there: a single
/// trial's interval is all of [0, 1]).
fn as_share(e: &Estimate) -> ShareEstimate {
    ShareEstimate {
        mean: e.mean,
        ci_low: e.ci_low.unwrap_or(0.0),
        ci_high: e.ci_high.unwrap_or(1.0).min(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shares_interval_is_clipped_at_zero_and_the_nines_follow() {
        let mut m = RareLoadMoments::default();
        for lost in [0.0, 0.0, 3e-9, 0.0] {
            m.push(&LoadCounted {
                lost,
                shortfall_time: lost / 2.0,
                shortfall_demand: lost,
            });
        }
        let s = RareLoadSummary::new(&m, 0.95);
        assert!((s.request_unavailability.mean - 7.5e-10).abs() < 1e-24);
        assert_eq!(s.request_unavailability.ci_low, Some(0.0));
        assert!(s.request_unavailability.ci_high.unwrap() > 7.5e-10);
        assert!((s.request_nines.unwrap() - 9.1249).abs() < 1e-4);
        assert!((s.shortfall_time_share.mean - 3.75e-10).abs() < 1e-24);
    }

    /// A run of 4 trials of a 100 h horizon with `[load]`: a Summary to apply figures to.
    fn summary() -> Summary {
        let source = "[simulation]\nhorizon = \"100h\"\ntrials = 4\n[load]\ndemand = \"100 rps\"\n[components.lb]\nfailure = { dist = \"fixed\", value = \"1000y\" }\nrepair = { dist = \"fixed\", value = \"1h\" }\n[components.web]\ncount = 2\nneed = 1\ncapacity = \"1000 rps\"\nfailure = { dist = \"exponential\", mean = \"90h\" }\nrepair = { dist = \"exponential\", mean = \"10h\" }\n[components.web.health_check]\nbalancer = \"lb\"\ninterval = \"1ms\"\nunhealthy_threshold = 1\nhealthy_threshold = 1\n[system]\nall = [\"lb\", \"web\"]\n";
        let model = crate::scenario::parse(source, "t.toml", std::path::Path::new("."), "t")
            .expect("scenario compiles");
        let run = crate::engine::simulate(&model, 1, &|_| {}).expect("simulation runs");
        Summary::new(&model, &run, None)
    }

    /// The request availability becomes 1 − the rare unavailability with its ends swapped,
    /// and the load key's shares the rare ones, a missing end read as 0 or 1 and an upper
    /// end above 1 clipped (values worked out by hand).
    #[test]
    fn apply_puts_the_rare_figures_in_the_summary() {
        let rare = RareLoadSummary {
            request_unavailability: Estimate {
                mean: 0.25,
                ci_low: Some(0.125),
                ci_high: Some(0.5),
            },
            request_nines: Some(0.6),
            shortfall_time_share: Estimate {
                mean: 0.375,
                ci_low: None,
                ci_high: None,
            },
            shortfall_request_share: Estimate {
                mean: 0.75,
                ci_low: Some(0.0625),
                ci_high: Some(1.5),
            },
        };
        let mut s = summary();
        rare.apply(&mut s);
        let r = &s.request_availability;
        assert_eq!(
            (r.mean, r.ci_low, r.ci_high),
            (0.75, Some(0.5), Some(0.875))
        );
        assert_eq!(
            r.method,
            "rare-event (excursion importance sampling), Student t"
        );
        let load = s.load.expect("the model has [load]");
        let time = load.shortfall_time_share;
        assert_eq!((time.mean, time.ci_low, time.ci_high), (0.375, 0.0, 1.0));
        let requests = load.shortfall_request_share;
        assert_eq!(
            (requests.mean, requests.ci_low, requests.ci_high),
            (0.75, 0.0625, 1.0)
        );
    }
}
