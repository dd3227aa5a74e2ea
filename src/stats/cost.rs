//! The `cost` summary key: a design's money per year, infrastructure exactly, downtime with
//! the interval of the availability it is priced from, SLA credits at their expected value.

use serde::Serialize;

use super::summary::{AvailabilitySummary, Estimate, RequestSummary, SlaSummary};
use crate::model::cost::DowntimePrice;
use crate::model::Model;
use crate::units::YEAR;

/// One line of the infrastructure bill.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CostLine {
    /// What it pays for (`components.app`, `data.orders.backups`, `fixed.zone-b`).
    pub item: String,
    /// Money per year.
    pub per_year: f64,
}

/// Money per year (added summary key `cost`; absent without `[cost]`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CostSummary {
    /// Instances, storage and fixed items: known exactly from the design.
    pub infrastructure_per_year: f64,
    /// Expected price of downtime (or lost requests), with the interval that the
    /// availability's (or request availability's) interval maps to; 0 without a price.
    pub downtime_per_year: Estimate,
    /// Expected SLA credits paid, from the simulated credits per year and the fee.
    pub credits_per_year: f64,
    /// Infrastructure + expected downtime + expected credits.
    pub total_per_year: f64,
    /// The infrastructure, itemised.
    pub items: Vec<CostLine>,
}

/// Requests offered per hour: `[load]`'s mean demand over the horizon that ran (a
/// `--horizon` changes it under growth), else the rate the scenario gave.
pub fn requests_rate(model: &Model, given: f64, from_load: bool) -> f64 {
    match (&model.load, from_load) {
        (Some(load), true) => load
            .requests_per_hour(model.settings.horizon)
            .unwrap_or(given),
        _ => given,
    }
}

/// The cost of a simulated design, if it has prices.
pub fn summarize(
    model: &Model,
    availability: &AvailabilitySummary,
    requests: &RequestSummary,
    sla: &SlaSummary,
) -> Option<CostSummary> {
    let estimate = |mean, ci_low, ci_high| Estimate {
        mean,
        ci_low,
        ci_high,
    };
    priced(
        model,
        &estimate(availability.mean, availability.ci_low, availability.ci_high),
        &estimate(requests.mean, requests.ci_low, requests.ci_high),
        sla.expected_credit_per_year.as_ref().map(|c| c.mean),
    )
}

/// The cost of a simulated design from its availability and request availability (each
/// with its interval) and its expected credits per year in window fees (`None` when not
/// counted), if it has prices: what [`summarize`] reads from a summary, for callers that
/// compute only these figures (plan's interim rounds).
pub fn priced(
    model: &Model,
    availability: &Estimate,
    requests: &Estimate,
    credit: Option<f64>,
) -> Option<CostSummary> {
    let cost = model.cost.as_ref()?;
    let infrastructure = cost.infrastructure_per_year();
    // Money per unit of lost share over a year; the share's interval maps to money's
    // interval reversed (a higher availability bound is a lower cost bound).
    let (per_share, mean, low, high) = match cost.downtime {
        None => (0.0, 1.0, Some(1.0), Some(1.0)),
        Some(DowntimePrice::PerHour(price)) => (
            price * YEAR,
            availability.mean,
            availability.ci_low,
            availability.ci_high,
        ),
        Some(DowntimePrice::PerRequest {
            price,
            requests_per_hour,
            from_load,
        }) => (
            price * requests_rate(model, requests_per_hour, from_load) * YEAR,
            requests.mean,
            requests.ci_low,
            requests.ci_high,
        ),
    };
    let downtime = Estimate {
        mean: (1.0 - mean) * per_share,
        ci_low: high.map(|h| (1.0 - h) * per_share),
        ci_high: low.map(|l| (1.0 - l) * per_share),
    };
    let credits = match (credit, cost.fee_per_window) {
        (Some(credit), Some(fee)) => credit * fee,
        _ => 0.0,
    };
    Some(CostSummary {
        infrastructure_per_year: infrastructure,
        total_per_year: infrastructure + downtime.mean + credits,
        downtime_per_year: downtime,
        credits_per_year: credits,
        items: cost
            .items
            .iter()
            .map(|i| CostLine {
                item: i.name.clone(),
                per_year: i.per_year,
            })
            .collect(),
    })
}
