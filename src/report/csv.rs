//! The summary as CSV: the JSON's keys flattened with `_` (`availability_ci_low`), so that
//! every key the JSON gains appears here too.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::stats::Summary;

/// Flattens nested objects into (`a_b_c`, value) pairs, in the JSON's order.
pub fn flatten(value: &Value, prefix: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}_{key}")
                };
                flatten(inner, &name, out);
            }
        }
        Value::Null => out.push((prefix.to_string(), String::new())),
        Value::Array(_) => {}
        Value::String(text) => out.push((prefix.to_string(), text.clone())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

/// A header row and one row of figures.
pub fn render(summary: &Summary) -> Result<String> {
    let encode = |e: &dyn std::fmt::Display| Error::Runtime(format!("cannot write CSV: {e}"));
    let value = serde_json::to_value(summary).map_err(|e| encode(&e))?;
    let mut fields = Vec::new();
    flatten(&value, "", &mut fields);
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer
        .write_record(fields.iter().map(|(k, _)| k))
        .map_err(|e| encode(&e))?;
    writer
        .write_record(fields.iter().map(|(_, v)| v))
        .map_err(|e| encode(&e))?;
    let bytes = writer.into_inner().map_err(|e| encode(&e))?;
    String::from_utf8(bytes).map_err(|e| encode(&e))
}
