//! The summary JSON, DESIGN.md's contract.

use crate::error::{Error, Result};
use crate::stats::Summary;

/// The summary as pretty-printed JSON, with a trailing newline.
pub fn render(summary: &Summary) -> Result<String> {
    serde_json::to_string_pretty(summary)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| Error::Runtime(format!("cannot encode the summary as JSON: {e}")))
}
