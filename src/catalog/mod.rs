//! The preset catalog: common components' failure behaviour with the field studies each
//! number comes from. Presets are data (`presets.toml`, embedded in the binary), read with
//! the scenario format's own distribution types, so a preset means exactly what the same
//! table would mean in a scenario.

mod embedded;

use std::sync::OnceLock;

use serde::Deserialize;

use crate::scenario::raw::RawDist;

pub use embedded::durations;

/// The catalog as shipped.
const PRESETS_TOML: &str = include_str!("presets.toml");

/// How a source's figure was checked, from the strongest to the weakest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// The paper, its abstract or the owner's own page was read.
    Primary,
    /// Computed here from public raw data.
    Data,
    /// A source quoting the primary, not checked against it.
    Secondary,
    /// A secondary of unknown reliability: a hint to confirm.
    Low,
}

impl Evidence {
    /// The label `nines catalog` prints and its JSON carries.
    pub fn label(self) -> &'static str {
        match self {
            Evidence::Primary => "primary",
            Evidence::Data => "data",
            Evidence::Secondary => "secondary",
            Evidence::Low => "low",
        }
    }
}

/// A published study or data set behind a preset's numbers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Authors, as published.
    pub authors: String,
    /// Title of the paper.
    pub title: String,
    /// Conference or journal.
    pub venue: String,
    /// Year of publication, where the source gives one.
    pub year: Option<u32>,
    /// Which of the preset's fields it supports.
    pub supports: String,
    /// How its figure was checked.
    pub evidence: Evidence,
    /// Where in the source the figure is (section, table, page).
    pub place: String,
    /// What the source reports, in its words where possible.
    pub note: String,
}

impl Source {
    /// One-line citation: authors, "title", venue year.
    pub fn citation(&self) -> String {
        let year = self.year.map(|y| format!(" {y}")).unwrap_or_default();
        format!("{}, \"{}\", {}{year}", self.authors, self.title, self.venue)
    }
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
    /// Probability that the pair's automatic switchover works, if a source gives one.
    pub failover_success: Option<f64>,
    /// Set when no public figure exists: what the user must supply instead. Such a preset
    /// ships no number and a scenario naming it is refused with this text.
    pub unavailable: Option<String>,
    /// Every conversion and assumption between the sources' figures and the parameters.
    pub assumptions: String,
    /// The studies behind the numbers.
    pub sources: Vec<Source>,
}

impl Preset {
    /// The weakest evidence among the sources: a preset is only as sure as its least sure
    /// number.
    pub fn evidence(&self) -> Evidence {
        self.sources
            .iter()
            .map(|s| s.evidence)
            .max()
            .unwrap_or(Evidence::Low)
    }

    /// Every source's citation, joined.
    pub fn source(&self) -> String {
        let mut cited: Vec<String> = Vec::new();
        for citation in self.sources.iter().map(Source::citation) {
            // Two sources of one paper (one per field) are cited once.
            if !cited.contains(&citation) {
                cited.push(citation);
            }
        }
        cited.join("; ")
    }
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
            assert!(!preset.assumptions.is_empty(), "{}", preset.name);
            for source in &preset.sources {
                assert!(source.year.is_none_or(|y| y > 1950));
                assert!(!source.authors.is_empty() && !source.note.is_empty());
                assert!(!source.place.is_empty(), "{}", preset.name);
            }
            let gives = preset.failure.is_some()
                || preset.repair.is_some()
                || preset.failover_success.is_some();
            // A preset either ships numbers or says why not, never both nor neither.
            assert_eq!(gives, preset.unavailable.is_none(), "{}", preset.name);
            // Every field given must be claimed by a source.
            let supported: Vec<&str> = preset.sources.iter().map(|s| s.supports.as_str()).collect();
            for (field, given) in [
                ("failure", preset.failure.is_some()),
                ("repair", preset.repair.is_some()),
                ("failover", preset.failover_success.is_some()),
            ] {
                if given {
                    assert!(
                        supported.iter().any(|s| s.contains(field)),
                        "{}: {field}",
                        preset.name
                    );
                }
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

    #[test]
    fn evidence_is_the_weakest_source() {
        let tor = find("switch-tor").unwrap();
        assert_eq!(tor.evidence(), Evidence::Low);
        assert_eq!(find("rack").unwrap().evidence(), Evidence::Secondary);
        assert_eq!(find("server-node-hw").unwrap().evidence(), Evidence::Data);
        // Two sources of one paper are cited once.
        assert_eq!(tor.source().matches("SIGCOMM").count(), 1);
    }
}
