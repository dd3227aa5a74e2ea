//! `nines check` describes every mechanism a scenario uses: phases with their dates, hours a
//! year and overrides in words; each component's crew kind and repair priority; prices.

mod common;

use std::path::Path;

use common::cli::{nines, stdout, temp_dir, write};

/// What `nines check` prints for a shipped scenario.
fn check(scenario: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = nines(&["check", &format!("scenarios/{scenario}")], root);
    assert_eq!(output.status.code(), Some(0), "{scenario}");
    stdout(&output)
}

/// The lines of `text` from the one equal to `heading` to the next unindented line.
fn section<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
    let mut lines = text.lines().skip_while(|l| *l != heading);
    let first = lines
        .next()
        .unwrap_or_else(|| panic!("no {heading} in\n{text}"));
    std::iter::once(first)
        .chain(lines.take_while(|l| l.starts_with(' ')))
        .collect()
}

#[test]
fn retail_season_lists_its_phase_with_dates_hours_and_overrides() {
    let text = check("retail-season.toml");
    // 15 November to 31 December: 47 days of 24 hours; normal is the rest of 8766 hours.
    assert_eq!(
        section(&text, "phases:"),
        [
            "phases:",
            "  peak season: 11-15 to 12-31 every year (47 days), 1128 h a year",
            "    app: failure clocks run x1.5 (hazard scaled, age kept)",
            "    app: need 6 of 8 (outside phases 4)",
            "    db: repairs that start in the phase take x0.5 as long",
            "    maintenance frozen: no maintenance window opens",
            "  normal: the rest of the time, 7638 h a year, every component's own values",
        ]
    );
}

#[test]
fn repeating_phases_and_phases_without_overrides_are_described() {
    let dir = temp_dir();
    let scenario = r#"
[simulation]
horizon = "2w"
"#
    .to_string()
        + common::phases::SERVER_PAIR
        + r#"
[[phases]]
name = "weekend"
every = "1w"
duration = "2d"
start = "5d"
failure_factor = 0
[[phases]]
name = "watched"
from = "01-02"
days = 1
"#;
    write(dir.path(), "s.toml", &scenario);
    let text = stdout(&nines(&["check", "s.toml"], dir.path()));
    // Two weekends in two weeks, scaled to a year: 96 h of 336 -> 8766 x 96 / 336.
    let weekend_hours = 8766.0 * 96.0 / 336.0;
    assert_eq!(
        section(&text, "phases:"),
        [
            "phases:".to_string(),
            format!("  weekend: 2d every 1w from 5d, {weekend_hours:.1} h a year"),
            "    app: failure clocks stopped (no failures)".to_string(),
            "  watched: 01-02 to 01-02 every year (1 day), 626.1 h a year".to_string(),
            "    no override (reported apart only)".to_string(),
            format!(
                "  normal: the rest of the time, {:.1} h a year, every component's own values",
                8766.0 - weekend_hours - 626.1428571428571
            ),
        ]
    );
}

#[test]
fn crews_by_kind_and_priorities_are_given_per_component() {
    let text = check("repair-crews.toml");
    for line in [
        "  app: count 4, need 3, repaired by crew ops, repair priority 1",
        "  db: count 2, need 1, repaired by crew ops, repair priority 2",
        "  switch: count 2, need 1, repaired by crew network, repair priority 0",
    ] {
        assert!(text.lines().any(|l| l == line), "no {line:?} in\n{text}");
    }
    // Without kinds or priorities the component line says nothing of crews.
    let plain = check("retail-season.toml");
    assert!(plain.contains("  app: count 8, need 4\n"), "{plain}");
}

#[test]
fn prices_are_listed_item_by_item() {
    let text = check("web-service-priced.toml");
    let cost = section(&text, "cost: infrastructure 116190 a year");
    // $0.40/h for each of 4 app instances over 8766 h; $500/min of downtime; $20,000 a
    // month of fee, the SLA window being a month.
    assert!(
        cost.contains(&"  components.app: 14025.6 a year"),
        "{cost:?}"
    );
    assert!(
        cost.contains(&"  downtime: 30000 per hour down"),
        "{cost:?}"
    );
    assert!(
        cost.contains(&"  SLA credits: shares of a fee of 20000 per window"),
        "{cost:?}"
    );
    // Every item of the bill is listed: they add up to the total.
    let items: f64 = cost[1..]
        .iter()
        .filter_map(|l| l.strip_suffix(" a year"))
        .map(|l| l.rsplit(' ').next().unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((items - 116190.0).abs() < 0.5, "{items} {cost:?}");
}
