//! The command line: one module per subcommand, parsed with clap.

mod catalog;
mod check;
mod parse;
mod progress;
mod run;

use clap::{Parser, Subcommand};

use crate::error::Error;

/// nines: how many nines does your design really have?
///
/// A Monte Carlo availability simulator: describe servers, zones, load balancers and their
/// failure and repair behaviour in a TOML scenario, and nines simulates many years of
/// operation to report availability, downtime and outages with confidence intervals.
#[derive(Debug, Parser)]
#[command(name = "nines", version, about, long_about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and report its availability (the built-in example without one).
    Run(run::RunArgs),
    /// Validate scenarios and print each model as it will be simulated, defaults filled in.
    Check(check::CheckArgs),
    /// List the component presets, their parameters and the field studies they come from.
    Catalog(catalog::CatalogArgs),
}

/// Runs the command line and returns the process exit code: 0 success, 2 bad input, 1 other
/// failures.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout with code 0, usage errors with code 2.
            let _ = error.print();
            return error.exit_code();
        }
    };
    let result = match cli.command {
        Command::Run(args) => run::execute(args),
        Command::Check(args) => check::execute(args),
        Command::Catalog(args) => catalog::execute(args),
    };
    match result {
        Ok(()) => 0,
        Err(error) => report_error(&error),
    }
}

fn report_error(error: &Error) -> i32 {
    eprintln!("error: {error}");
    error.exit_code()
}
