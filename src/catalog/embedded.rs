//! Observed durations shipped with the binary, for the catalog's empirical presets: the
//! Los Alamos repair records (data provided by Los Alamos National Laboratory), reduced by
//! scripts/lanl-repairs.py to a count per down time and cause so that no build or run needs
//! the raw data.

/// `data/lanl-repairs.csv`: comment lines, then `cause,minutes,count`.
const LANL_REPAIRS_CSV: &str = include_str!("data/lanl-repairs.csv");

/// The data sets a scenario or preset can name as `file = "catalog:NAME"`: all records, or
/// one root-cause category.
const SETS: &[(&str, Option<&str>)] = &[
    ("lanl-all", None),
    ("lanl-hardware", Some("Hardware")),
    ("lanl-software", Some("Software")),
    ("lanl-undetermined", Some("Undetermined")),
    ("lanl-network", Some("Network")),
    ("lanl-facilities", Some("Facilities")),
    ("lanl-human-error", Some("Human Error")),
];

/// The durations (hours, one per record) of the shipped data set `name`, or an error naming
/// the sets there are.
pub fn durations(name: &str) -> Result<Vec<f64>, String> {
    let Some(&(_, cause)) = SETS.iter().find(|(set, _)| *set == name) else {
        let names: Vec<_> = SETS
            .iter()
            .map(|(set, _)| format!("catalog:{set}"))
            .collect();
        return Err(format!(
            "no shipped data set \"catalog:{name}\"; expected one of {}",
            names.join(", ")
        ));
    };
    let mut hours = Vec::new();
    for line in LANL_REPAIRS_CSV
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
    {
        let mut cells = line.split(',');
        let (Some(category), Some(minutes), Some(count)) =
            (cells.next(), cells.next(), cells.next())
        else {
            unreachable!("the shipped file has three cells a row (tested)");
        };
        if cause.is_some_and(|c| c != category) {
            continue;
        }
        let minutes: f64 = minutes.parse().expect("the shipped file parses (tested)");
        let count: usize = count.parse().expect("the shipped file parses (tested)");
        hours.extend(std::iter::repeat_n(minutes / 60.0, count));
    }
    Ok(hours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_parses_and_causes_partition_the_records() {
        let all = durations("lanl-all").unwrap().len();
        let by_cause: usize = SETS[1..]
            .iter()
            .map(|(name, _)| durations(name).unwrap().len())
            .sum();
        // 453 records have no category: field-data.md's "none recorded 1.9 %".
        assert_eq!(all, 23_739);
        assert_eq!(all - by_cause, 453);
        assert!(durations("lanl").unwrap_err().contains("catalog:lanl-all"));
    }
}
