//! `nines check`: validate scenarios and show the model as it will be simulated.

use std::fmt::Write;
use std::path::PathBuf;

use clap::Args;

use super::evaluate::print;
use crate::error::{Error, Result};
use crate::scenario;

/// Arguments of `nines check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files to validate.
    #[arg(required = true, value_name = "SCENARIO")]
    pub scenarios: Vec<PathBuf>,
}

/// Checks every file, printing each valid model, and reports every problem of every invalid
/// one: a user fixing a folder of scenarios sees the whole list at once, not one per run.
pub fn execute(args: CheckArgs) -> Result<()> {
    let mut out = String::new();
    let mut problems = Vec::new();
    let mut invalid = 0;
    for file in &args.scenarios {
        match scenario::load(file) {
            Ok(model) => {
                if !out.is_empty() {
                    out.push('\n');
                }
                // Writing to a String cannot fail.
                let _ = writeln!(out, "# {}: valid", file.display());
                out.push_str(&model.describe());
            }
            Err(error) => {
                invalid += 1;
                problems.push(error.to_string());
            }
        }
    }
    print(&out)?;
    if problems.is_empty() {
        return Ok(());
    }
    if args.scenarios.len() > 1 {
        problems.push(format!(
            "{invalid} of {} files are invalid",
            args.scenarios.len()
        ));
    }
    Err(Error::Input(problems.join("\n")))
}
