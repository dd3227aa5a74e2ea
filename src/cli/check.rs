//! `nines check`: validate scenarios and show the model as it will be simulated.

use std::path::PathBuf;

use clap::Args;

use crate::error::Result;
use crate::scenario;

/// Arguments of `nines check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files to validate.
    #[arg(required = true, value_name = "SCENARIO")]
    pub scenarios: Vec<PathBuf>,
}

/// Checks every file, printing each model; stops at the first invalid one.
pub fn execute(args: CheckArgs) -> Result<()> {
    for (i, file) in args.scenarios.iter().enumerate() {
        let model = scenario::load(file)?;
        if i > 0 {
            println!();
        }
        println!("# {}: valid", file.display());
        print!("{}", model.describe());
    }
    Ok(())
}
