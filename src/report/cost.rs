//! The `cost` summary as people read it: money per year, shared by the table, Markdown,
//! HTML and compare outputs.

use crate::stats::{CostSummary, Estimate};

/// Money with thousands separators and no cents from $100 up: "$12,345".
pub fn money(value: f64) -> String {
    if value.abs() < 100.0 {
        return format!("${value:.2}");
    }
    let whole = format!("{:.0}", value.abs());
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}${grouped}", if value < 0.0 { "-" } else { "" })
}

/// An estimate of money with its interval: "$1,234 [$900, $1,600]".
pub fn money_interval(e: &Estimate) -> String {
    match (e.ci_low, e.ci_high) {
        (Some(low), Some(high)) if high > low => {
            format!("{} [{}, {}]", money(e.mean), money(low), money(high))
        }
        _ => money(e.mean),
    }
}

/// (label, value) rows: the totals, then the infrastructure items.
pub fn rows(c: &CostSummary) -> Vec<(String, String)> {
    let mut rows = vec![
        ("Total cost / year".to_string(), money(c.total_per_year)),
        (
            "Infrastructure / year".to_string(),
            money(c.infrastructure_per_year),
        ),
        (
            "Downtime cost / year".to_string(),
            money_interval(&c.downtime_per_year),
        ),
        ("SLA credits / year".to_string(), money(c.credits_per_year)),
    ];
    rows.extend(
        c.items
            .iter()
            .map(|i| (format!("  {}", i.item), money(i.per_year))),
    );
    rows
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(1234567.4), "$1,234,567");
        assert_eq!(money(999.6), "$1,000");
        assert_eq!(money(12.5), "$12.50");
        assert_eq!(money(-2500.0), "-$2,500");
    }
}
