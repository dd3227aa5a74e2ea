//! What a design costs: its infrastructure per year, itemised, and the prices that turn
//! simulated downtime and SLA credits into money (`[cost]`, compiled by `scenario::cost`).

/// One line of the infrastructure bill.
#[derive(Debug, Clone, PartialEq)]
pub struct CostItem {
    /// What it pays for, as the scenario names it (`components.app`, `data.orders.backups`).
    pub name: String,
    /// Money per year.
    pub per_year: f64,
}

/// The price of unavailability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DowntimePrice {
    /// Money per hour the service is down.
    PerHour(f64),
    /// Money per request lost, at this many requests per hour offered.
    PerRequest {
        /// Money per request.
        price: f64,
        /// Requests offered per hour (with `from_load`, at the file's horizon).
        requests_per_hour: f64,
        /// The requests offered are `[load]`'s demand: their mean rate depends on the
        /// horizon (growth), so a summary takes it from the horizon it ran.
        from_load: bool,
    },
}

/// The prices of a design.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cost {
    /// Infrastructure, itemised; fixed for the design (the counts are known before running).
    pub items: Vec<CostItem>,
    /// The price of downtime, if given.
    pub downtime: Option<DowntimePrice>,
    /// The fee one SLA window's credits are shares of, if the SLA has credit tiers.
    pub fee_per_window: Option<f64>,
}

impl Cost {
    /// Infrastructure money per year: the sum of the items.
    pub fn infrastructure_per_year(&self) -> f64 {
        self.items.iter().map(|i| i.per_year).sum()
    }
}
