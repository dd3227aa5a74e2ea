//! Exact values for independent instances failing and repaired exponentially: the chance
//! one is up at a time, how many of n are, and time averages hour by hour.

/// Probability that an instance new (up) at time 0, with exponential failure and repair of
/// means `mttf` and `mttr`, is up at `t`: a + (1 − a)·e^{−(λ+μ)t}, a = μ/(λ+μ).
pub fn up_probability(mttf: f64, mttr: f64, t: f64) -> f64 {
    let (lambda, mu) = (1.0 / mttf, 1.0 / mttr);
    let a = mu / (lambda + mu);
    a + (1.0 - a) * (-(lambda + mu) * t).exp()
}

/// P(K = j) for j = 0..=n, K ~ Binomial(n, p).
pub fn pmf(n: usize, p: f64) -> Vec<f64> {
    let mut choose = 1.0;
    (0..=n)
        .map(|j| {
            if j > 0 {
                choose *= (n - j + 1) as f64 / j as f64;
            }
            choose * p.powi(j as i32) * (1.0 - p).powi((n - j) as i32)
        })
        .collect()
}

/// The time average over `hours` whole hours of `f(hour, t)`, integrated within each hour by
/// Simpson's rule on `panels` panels (even), so that a value constant within each hour
/// (demand) may change at its boundaries.
pub fn hourly_average(hours: usize, panels: usize, f: impl Fn(usize, f64) -> f64) -> f64 {
    let step = 1.0 / panels as f64;
    let mut sum = 0.0;
    for h in 0..hours {
        let integral: f64 = (0..=panels)
            .map(|i| super::simpson_weight(i, panels) * f(h, h as f64 + i as f64 * step))
            .sum();
        sum += integral * step / 3.0;
    }
    sum / hours as f64
}
