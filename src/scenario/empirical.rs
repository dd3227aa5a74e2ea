//! Reading observed durations from a CSV file for empirical distributions.

use std::path::Path;

use crate::units;

/// Reads the durations in `column` (the first column by default) of the CSV at `file`.
///
/// A first row that does not parse as a duration is taken as a header. Cells are durations
/// with units (`"3h"`, `"45m"`); bare numbers are accepted only when `unit` says what they are.
pub fn read(file: &Path, column: Option<&str>, unit: Option<&str>) -> Result<Vec<f64>, String> {
    let shown = file.display();
    let unit_hours = unit
        .map(|u| {
            units::parse_duration(&format!("1{u}"))
                .map_err(|_| format!("unit \"{u}\" is not one of ms, s, m, min, h, d, w, y"))
        })
        .transpose()?;
    let parse = |cell: &str| -> Option<f64> {
        let cell = cell.trim();
        match (cell.parse::<f64>(), unit_hours) {
            (Ok(number), Some(hours)) => Some(number * hours),
            (Ok(_), None) => None,
            (Err(_), _) => units::parse_duration(cell).ok(),
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(file)
        .map_err(|e| format!("cannot read {shown}: {}", io_reason(&e)))?;
    let mut rows = reader.records();
    let mut values = Vec::new();
    let mut index = 0usize;
    let mut first = true;
    for (row_number, row) in rows.by_ref().enumerate() {
        let line = row_number + 1;
        let row = row.map_err(|e| format!("{shown} line {line}: {e}"))?;
        if first {
            first = false;
            let looks_like_header = row.get(0).is_some_and(|cell| parse(cell).is_none())
                && row.get(0).is_some_and(|c| c.trim().parse::<f64>().is_err());
            if let Some(name) = column {
                index = row
                    .iter()
                    .position(|cell| cell.trim() == name)
                    .ok_or_else(|| {
                        format!("{shown} line 1: no column named \"{name}\" in the header")
                    })?;
                continue;
            }
            if looks_like_header {
                continue;
            }
        }
        let Some(cell) = row.get(index) else {
            return Err(format!("{shown} line {line}: no column {}", index + 1));
        };
        if cell.trim().is_empty() {
            continue;
        }
        let value = parse(cell).ok_or_else(|| {
            if cell.trim().parse::<f64>().is_ok() {
                format!("{shown} line {line}: \"{cell}\" has no unit; add one (\"{cell}h\") or set unit = \"h\" on the distribution")
            } else {
                format!("{shown} line {line}: \"{cell}\" is not {}", units::DURATION_HELP)
            }
        })?;
        // Checked here, where the line is known, rather than later without one.
        if !(value >= 0.0 && value.is_finite()) {
            return Err(format!(
                "{shown} line {line}: \"{}\" is not a duration of zero or more",
                cell.trim()
            ));
        }
        values.push(value);
    }
    if values.is_empty() {
        return Err(format!("{shown} holds no durations"));
    }
    Ok(values)
}

fn io_reason(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            "no such file".to_string()
        }
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => error.to_string(),
    }
}
