//! `nines catalog`: the presets, their parameters and the field studies behind them.

use std::fmt::Write;

use clap::Args;

use super::evaluate::print;

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
    // Case does not matter: "HDD" finds disk-hdd.
    let filter = args.filter.as_deref().map(str::to_lowercase);
    let matches = |name: &str, kind: &str| {
        filter
            .as_deref()
            .is_none_or(|f| name.to_lowercase().contains(f) || kind.to_lowercase().contains(f))
    };
    // Built whole, then printed once: a closed stdout cannot interrupt it halfway with a
    // panic. Writing to a String cannot fail.
    let mut out = String::new();
    let mut shown = 0;
    for preset in presets().iter().filter(|p| matches(&p.name, &p.kind)) {
        if shown > 0 {
            out.push('\n');
        }
        shown += 1;
        let _ = writeln!(out, "{} ({}): {}", preset.name, preset.kind, preset.summary);
        for (field, raw) in [("failure", &preset.failure), ("repair", &preset.repair)] {
            match raw {
                Some(raw) => {
                    let dist = compile_distribution(raw).map_err(|e| {
                        Error::Runtime(format!("preset {}: {field}: {e}", preset.name))
                    })?;
                    let _ = writeln!(out, "  {field}: {dist}");
                }
                None => {
                    let _ = writeln!(
                        out,
                        "  {field}: not given (no source in the catalog): set it in the scenario"
                    );
                }
            }
        }
        for source in &preset.sources {
            let _ = writeln!(
                out,
                "  source ({}): {}, \"{}\", {} {}",
                source.supports, source.authors, source.title, source.venue, source.year
            );
            let _ = writeln!(out, "    {}", source.note);
        }
    }
    if shown == 0 {
        return Err(Error::Input(format!(
            "no preset matches \"{}\"; `nines catalog` lists them all",
            args.filter.unwrap_or_default()
        )));
    }
    let _ = writeln!(out, "\nUse one with preset = \"NAME\" in [components.NAME]; any field set there overrides the preset's.");
    print(&out)
}
