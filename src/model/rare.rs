//! How a run estimates: plain Monte Carlo, or the rare-event method and its settings
//! (`[simulation] method` and `[simulation.rare]`; docs/rare-events.md).

/// The estimator a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Method {
    /// Plain Monte Carlo: every trial simulated as it happens.
    #[default]
    Plain,
    /// Excursion importance sampling: plain trials, and a biased, reweighted branch each time
    /// a trial leaves its nominal redundancy.
    Rare,
}

impl Method {
    /// The name used in scenario files, flags and reports.
    pub fn name(self) -> &'static str {
        match self {
            Method::Plain => "plain",
            Method::Rare => "rare",
        }
    }
}

/// Warm-up before the steady-state window of the rare method.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Warmup {
    /// Chosen from the model's failure and repair laws (see [`RareSettings::warmup_hours`]).
    Auto,
    /// A fixed number of hours (0: the steady-state window is the horizon itself).
    Hours(f64),
}

/// How a branch decides whether a window forces a failure (docs/rare-events.md, "A known
/// inefficiency").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Forcing {
    /// With probability θ (or the natural one, if larger), whatever the window's length.
    Window,
    /// The natural odds of a failure in the window scaled by θ / (1 − θ) × M / Λ, M the
    /// rates of what is under way and ends windows (repairs, switchovers, inspections
    /// finding a hidden fault; a data set's rebuilds) and Λ the forced clocks' failure
    /// rates (their means' inverses): the Markov chain's failure biasing, whose forced
    /// failures' likelihood ratios do not follow the window's random length. Windows with
    /// nothing under way fall back to `Window`. The default: calibrated and narrower on
    /// every model swept (docs/rare-events.md, "A known inefficiency").
    #[default]
    Odds,
}

impl Forcing {
    /// The name used in scenario files and reports.
    pub fn name(self) -> &'static str {
        match self {
            Forcing::Window => "window",
            Forcing::Odds => "odds",
        }
    }
}

/// Settings of the rare-event method.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RareSettings {
    /// θ: the least probability that a window forces a failure (0.1 to 0.9).
    pub bias: f64,
    /// β: share of the choice of the failing clock made in proportion to the clocks' true
    /// probabilities (the rest uniformly, as balanced failure biasing); 0 to 1.
    pub mixture: f64,
    /// Warm-up before the steady-state window.
    pub warmup: Warmup,
    /// Events one branch may take before the run stops with an error.
    pub max_branch_events: u64,
    /// θ of data sets' windows, which span a whole rebuild rather than the time to the
    /// next event, so forcing more often pays (docs/rare-events.md, data durability).
    #[serde(default = "default_data_bias")]
    pub data_bias: f64,
    /// How branches force a window, the service's and data sets' alike.
    #[serde(default = "forcing_of_files_without_it")]
    pub forcing: Forcing,
    /// k: a branch redraws the lognormal repair its excursion opened with from the law
    /// tilted by r^k (its log-mean moved by kσ²), likelihood ratio E[R^k] / r^k; 0 leaves
    /// it as drawn (docs/rare-events.md, "The weak case").
    #[serde(default)]
    pub repair_bias: f64,
}

/// The largest `repair_bias` accepted: beyond it the ratio's variance, e^{k²σ²}, is out of
/// any useful range for the lognormal repairs met in practice.
pub const MAX_REPAIR_BIAS: f64 = 3.0;

/// The default θ of data sets' windows: high, because a loss needs every remaining fragment
/// of a stripe lost within one rebuild window, so most of a window's forcing is wanted.
pub const DEFAULT_DATA_BIAS: f64 = 0.9;

fn default_data_bias() -> f64 {
    DEFAULT_DATA_BIAS
}

/// Saved settings from before the key existed were run with the window rule, the default then.
fn forcing_of_files_without_it() -> Forcing {
    Forcing::Window
}

impl Default for RareSettings {
    fn default() -> Self {
        RareSettings {
            bias: 0.5,
            mixture: 0.5,
            warmup: Warmup::Auto,
            max_branch_events: 1_000_000,
            data_bias: DEFAULT_DATA_BIAS,
            forcing: Forcing::Odds,
            repair_bias: 1.0,
        }
    }
}

impl RareSettings {
    /// The warm-up in hours for `modes`' laws. `Auto`: for every mode, the time for its
    /// alternating renewal process to forget its start — `ln 200 / (λ + μ)` when both laws
    /// are exponential (within 0.5 % of steady state), ten mean cycles otherwise (the
    /// prototype's validated choice for Weibull(0.7) lives, docs/design/rare-events.md §5.2);
    /// the longest over modes.
    pub fn warmup_hours(&self, modes: &[super::FailureMode]) -> f64 {
        match self.warmup {
            Warmup::Hours(hours) => hours,
            Warmup::Auto => modes
                .iter()
                .map(|mode| RareSettings::cycle_warmup(&mode.failure, &mode.repair))
                .fold(0.0, f64::max),
        }
    }

    /// The time for an alternating renewal process with `up` and `down` laws to forget its
    /// start: `ln 200 / (λ + μ)` when both are exponential, ten mean cycles otherwise (the
    /// automatic warm-up's rule, for failure modes and for shocks alike).
    pub fn cycle_warmup(up: &crate::dist::Dist, down: &crate::dist::Dist) -> f64 {
        let exponential =
            |d: &crate::dist::Dist| matches!(d, crate::dist::Dist::Exponential { .. });
        let (up_mean, down_mean) = (up.mean(), down.mean());
        if exponential(up) && exponential(down) {
            200f64.ln() / (1.0 / up_mean + 1.0 / down_mean.max(f64::MIN_POSITIVE))
        } else {
            10.0 * (up_mean + down_mean)
        }
    }
}
