//! The preset catalog: common components' failure behaviour with the field studies each
//! number comes from. Presets are data (`presets.toml`, embedded in the binary), read with
//! the scenario format's own distribution types, so a preset means exactly what the same
//! table would mean in a scenario.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::scenario::raw::RawDist;

/// The catalog as shipped.
const PRESETS_TOML: &str = include_str!("presets.toml");

/// A published study behind a preset's numbers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Authors, as published.
    pub authors: String,
    /// Title of the paper.
    pub title: String,
    /// Conference or journal.
    pub venue: String,
    /// Year of publication.
    pub year: u32,
    /// Which of the preset's fields it supports.
    pub supports: String,
    /// What the paper reports and how the preset's number follows (conversions, roundings).
    pub note: String,
}

/// A named set of component fields a scenario can start from with `preset = "NAME"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// Name used in scenarios.
    pub name: String,
    /// What kind of component it is.
    pub kind: String,
    /// One line for `nines catalog`.
    pub summary: String,
    /// Failure distribution, if a source supports one.
    pub failure: Option<RawDist>,
    /// Repair distribution, if a source supports one.
    pub repair: Option<RawDist>,
    /// The studies behind the numbers.
    pub sources: Vec<Source>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalog {
    preset: Vec<Preset>,
}

/// Every preset, in catalog order.
pub fn presets() -> &'static [Preset] {
    static PRESETS: OnceLock<Vec<Preset>> = OnceLock::new();
    PRESETS.get_or_init(|| {
        toml::from_str::<Catalog>(PRESETS_TOML)
            .expect("the shipped catalog parses (tested)")
            .preset
    })
}

/// The preset called `name`.
pub fn find(name: &str) -> Option<&'static Preset> {
    presets().iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_valid_and_sourced() {
        assert!(!presets().is_empty());
        for preset in presets() {
            assert!(!preset.sources.is_empty(), "{} has no source", preset.name);
            for source in &preset.sources {
                assert!(
                    source.year > 1950 && !source.authors.is_empty() && !source.note.is_empty()
                );
            }
            assert!(
                preset.failure.is_some() || preset.repair.is_some(),
                "{} gives nothing",
                preset.name
            );
            // Every field given must be claimed by a source.
            let supported: Vec<&str> = preset.sources.iter().map(|s| s.supports.as_str()).collect();
            if preset.failure.is_some() {
                assert!(
                    supported.iter().any(|s| s.contains("failure")),
                    "{}",
                    preset.name
                );
            }
            if preset.repair.is_some() {
                assert!(
                    supported.iter().any(|s| s.contains("repair")),
                    "{}",
                    preset.name
                );
            }
        }
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = presets().iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), presets().len());
    }
}
