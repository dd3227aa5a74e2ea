//! `nines catalog`: the presets, their parameters and the field studies behind them.

use std::fmt::Write;

use clap::{Args, ValueEnum};
use serde_json::{json, Value};

use super::evaluate::print;

use crate::catalog::{presets, Preset};
use crate::dist::Dist;
use crate::error::{Error, Result};
use crate::scenario::compile_distribution;
use crate::scenario::raw::RawDist;

/// Output formats of `nines catalog`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogFormat {
    /// Text for people.
    Text,
    /// JSON: every preset with its parameters, source, evidence and assumptions.
    Json,
}

/// Arguments of `nines catalog`.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// Show only presets whose name or kind contains this text.
    #[arg(value_name = "FILTER")]
    pub filter: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
    pub format: CatalogFormat,
}

/// Prints every preset (or those matching the filter) with its sources.
pub fn execute(args: CatalogArgs) -> Result<()> {
    // Case does not matter: "HDD" finds disk-hdd.
    let filter = args.filter.as_deref().map(str::to_lowercase);
    let matches = |p: &Preset| {
        filter
            .as_deref()
            .is_none_or(|f| p.name.to_lowercase().contains(f) || p.kind.to_lowercase().contains(f))
    };
    let shown: Vec<&Preset> = presets().iter().filter(|p| matches(p)).collect();
    if shown.is_empty() {
        return Err(Error::Input(format!(
            "no preset matches \"{}\"; `nines catalog` lists them all",
            args.filter.unwrap_or_default()
        )));
    }
    // Built whole, then printed once: a closed stdout cannot interrupt it halfway with a
    // panic.
    let out = match args.format {
        CatalogFormat::Text => text(&shown)?,
        CatalogFormat::Json => {
            let list = shown.iter().map(|p| entry(p)).collect::<Result<Vec<_>>>()?;
            let mut out = serde_json::to_string_pretty(&Value::Array(list))
                .map_err(|e| Error::Runtime(format!("catalog JSON: {e}")))?;
            out.push('\n');
            out
        }
    };
    print(&out)
}

/// A preset's field compiled as a scenario would compile it.
fn compiled(preset: &Preset, field: &str, raw: &Option<RawDist>) -> Result<Option<Dist>> {
    raw.as_ref()
        .map(|raw| {
            compile_distribution(raw)
                .map_err(|e| Error::Runtime(format!("preset {}: {field}: {e}", preset.name)))
        })
        .transpose()
}

fn text(shown: &[&Preset]) -> Result<String> {
    // Writing to a String cannot fail.
    let mut out = String::new();
    for (i, preset) in shown.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // A preset without numbers has no evidence for one: its sources show why there is none.
        let evidence = match preset.unavailable {
            Some(_) => "no number shipped".to_string(),
            None => format!("evidence: {}", preset.evidence().label()),
        };
        let _ = writeln!(
            out,
            "{} ({}): {} [{evidence}]",
            preset.name, preset.kind, preset.summary
        );
        if let Some(what) = &preset.unavailable {
            let _ = writeln!(out, "  no number shipped: {what}");
        } else {
            for (field, raw) in [("failure", &preset.failure), ("repair", &preset.repair)] {
                match compiled(preset, field, raw)? {
                    Some(dist) => {
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
            if let Some(success) = preset.failover_success {
                let _ = writeln!(out, "  failover success: {success}");
            }
        }
        let _ = writeln!(out, "  assumptions: {}", preset.assumptions);
        for source in &preset.sources {
            let _ = writeln!(
                out,
                "  source ({}; evidence: {}; {}): {}",
                source.supports,
                source.evidence.label(),
                source.place,
                source.citation()
            );
            let _ = writeln!(out, "    {}", source.note);
        }
    }
    let _ = writeln!(out, "\nUse one with preset = \"NAME\" in [components.NAME]; any field set there overrides the preset's.");
    Ok(out)
}

fn entry(preset: &Preset) -> Result<Value> {
    let law = |field: &str, raw: &Option<RawDist>| -> Result<Value> {
        Ok(match compiled(preset, field, raw)? {
            Some(dist) => json!({ "law": dist.to_string(), "mean_hours": dist.mean() }),
            None => Value::Null,
        })
    };
    let sources: Vec<Value> = preset
        .sources
        .iter()
        .map(|s| {
            json!({
                "citation": s.citation(),
                "supports": s.supports,
                "evidence": s.evidence.label(),
                "place": s.place,
                "note": s.note,
            })
        })
        .collect();
    Ok(json!({
        "name": preset.name,
        "kind": preset.kind,
        "summary": preset.summary,
        "failure": law("failure", &preset.failure)?,
        "repair": law("repair", &preset.repair)?,
        "failover_success": preset.failover_success,
        "unavailable": preset.unavailable,
        "source": preset.source(),
        "evidence": preset.evidence().label(),
        "assumptions": preset.assumptions,
        "sources": sources,
    }))
}
