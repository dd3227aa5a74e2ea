//! `nines catalog`: the presets, their parameters and the field studies behind them.

use clap::Args;

use crate::catalog::presets;
use crate::error::{Error, Result};
use crate::scenario::compile_distribution;

/// Arguments of `nines catalog`.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// Show only presets whose name or kind contains this text.
    #[arg(value_name = "FILTER")]
    pub filter: Option<String>,
}

/// Prints every preset (or those matching the filter) with its sources.
pub fn execute(args: CatalogArgs) -> Result<()> {
    let matches = |name: &str, kind: &str| {
        args.filter
            .as_deref()
            .is_none_or(|f| name.contains(f) || kind.contains(f))
    };
    let mut shown = 0;
    for preset in presets().iter().filter(|p| matches(&p.name, &p.kind)) {
        if shown > 0 {
            println!();
        }
        shown += 1;
        println!("{} ({}): {}", preset.name, preset.kind, preset.summary);
        for (field, raw) in [("failure", &preset.failure), ("repair", &preset.repair)] {
            match raw {
                Some(raw) => {
                    let dist = compile_distribution(raw).map_err(|e| {
                        Error::Runtime(format!("preset {}: {field}: {e}", preset.name))
                    })?;
                    println!("  {field}: {dist}");
                }
                None => println!(
                    "  {field}: not given (no source in the catalog): set it in the scenario"
                ),
            }
        }
        for source in &preset.sources {
            println!(
                "  source ({}): {}, \"{}\", {} {}",
                source.supports, source.authors, source.title, source.venue, source.year
            );
            println!("    {}", source.note);
        }
    }
    if shown == 0 {
        return Err(Error::Input(format!(
            "no preset matches \"{}\"; `nines catalog` lists them all",
            args.filter.unwrap_or_default()
        )));
    }
    println!("\nUse one with preset = \"NAME\" in [components.NAME]; any field set there overrides the preset's.");
    Ok(())
}
