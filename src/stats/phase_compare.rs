//! Paired differences per operational phase (`nines compare` of designs with `[[phases]]`):
//! within each phase both designs have, matched by name, the design's availability in the
//! phase minus the baseline's, trial by trial over the same trials (common random numbers).

use serde::{Deserialize, Serialize};

use super::compare::{compare, PairedDifferences};
use super::summary::Estimate;
use crate::model::Model;

/// One phase's paired differences, folded as [`PairedDifferences`] folds the whole horizon's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PhaseDifferences {
    /// The phase's name, shared by both designs.
    pub name: String,
    /// Per trial: the design's availability in the phase minus the baseline's.
    pub differences: PairedDifferences,
}

/// How a design compares with the baseline within one phase.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PhaseComparison {
    /// The phase.
    pub phase: String,
    /// Availability in the phase minus the baseline's, with its interval.
    pub availability_difference: Estimate,
    /// Downtime minutes per phase-hour minus the baseline's (negative: less downtime).
    pub downtime_minutes_per_phase_hour_difference: f64,
    /// True when the interval of the difference excludes zero.
    pub significant: bool,
}

/// The phases of each run's per-trial phase downtimes that pair: a name both designs have,
/// with time in the horizon in both (the phases the summary reports).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhasePairing {
    /// Phase index in the design, its hours, index in the baseline, its hours; by name.
    pairs: Vec<(String, usize, f64, usize, f64)>,
    /// Phases per trial in the design's and the baseline's phase downtimes.
    widths: (usize, usize),
    /// Reported phases of one design the other lacks, the baseline's first.
    not_common: Vec<String>,
}

/// The phases of `model` with time in its horizon: (index, name, hours).
fn reported(model: &Model) -> Vec<(usize, &str, f64)> {
    let Some(phases) = &model.phases else {
        return Vec::new();
    };
    let hours = phases.hours(model.settings.horizon);
    phases
        .names
        .iter()
        .enumerate()
        .filter(|&(p, _)| hours[p] > 0.0)
        .map(|(p, name)| (p, name.as_str(), hours[p]))
        .collect()
}

impl PhasePairing {
    /// The phases `design` and `baseline` share, in the baseline's order. Without phases in
    /// both, none pair: a design without phases has no "normal" to set against another's.
    pub fn new(design: &Model, baseline: &Model) -> PhasePairing {
        let (ours, theirs) = (reported(design), reported(baseline));
        let width = |m: &Model| m.phases.as_ref().map_or(0, |p| p.count());
        let mut pairing = PhasePairing {
            widths: (width(design), width(baseline)),
            ..PhasePairing::default()
        };
        for &(b, name, b_hours) in &theirs {
            match ours.iter().find(|(_, n, _)| *n == name) {
                Some(&(d, _, d_hours)) => {
                    pairing
                        .pairs
                        .push((name.to_string(), d, d_hours, b, b_hours));
                }
                _ => pairing.not_common.push(name.to_string()),
            }
        }
        for &(_, name, _) in &ours {
            if !theirs.iter().any(|(_, n, _)| *n == name) {
                pairing.not_common.push(name.to_string());
            }
        }
        pairing
    }

    /// True when no phase pairs (nothing to fold).
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Phases one design reports and the other does not.
    pub fn not_common(&self) -> &[String] {
        &self.not_common
    }

    /// Folds in one batch: `design` and `baseline` are the same trials' downtime per phase
    /// (hours, trial-major, as `Batches::phase_downtime` keeps them).
    pub fn add(&self, paired: &mut PairedDifferences, design: &[f64], baseline: &[f64]) {
        if paired.phases.len() != self.pairs.len() {
            paired.phases = self
                .pairs
                .iter()
                .map(|(name, ..)| PhaseDifferences {
                    name: name.clone(),
                    differences: PairedDifferences {
                        // Kept like the whole horizon's, for the same merges.
                        batches: paired.batches.as_ref().map(|_| Vec::new()),
                        ..PairedDifferences::default()
                    },
                })
                .collect();
        }
        let (dw, bw) = self.widths;
        let trials = design.len().checked_div(dw).unwrap_or(0);
        for (phase, &(_, d, d_hours, b, b_hours)) in paired.phases.iter_mut().zip(&self.pairs) {
            phase.differences.add_differences(
                (0..trials).map(|t| baseline[t * bw + b] / b_hours - design[t * dw + d] / d_hours),
            );
        }
    }
}

/// Appends `later`'s per-phase differences (the trials that follow) to `phases`, by name.
pub(super) fn append(phases: &mut Vec<PhaseDifferences>, later: &[PhaseDifferences]) {
    for next in later {
        let index = match phases.iter().position(|p| p.name == next.name) {
            Some(index) => index,
            None => {
                phases.push(PhaseDifferences {
                    name: next.name.clone(),
                    ..PhaseDifferences::default()
                });
                phases.len() - 1
            }
        };
        phases[index].differences.append(&next.differences);
    }
}

/// Each phase's comparison from its paired differences, as [`compare`] judges the horizon's.
pub fn phase_comparisons(differences: &PairedDifferences, confidence: f64) -> Vec<PhaseComparison> {
    differences
        .phases
        .iter()
        .map(|p| {
            let c = compare(&p.name, &p.name, &p.differences, confidence);
            PhaseComparison {
                phase: p.name.clone(),
                downtime_minutes_per_phase_hour_difference: -c.availability_difference.mean * 60.0,
                availability_difference: c.availability_difference,
                significant: c.significant,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model over 200 days with `phases` (TOML `[[phases]]` tables).
    fn model(phases: &str) -> Model {
        let source = format!(
            "[simulation]\nhorizon = \"200d\"\n[components.app]\ncount = 2\nneed = 1\nfailure = {{ dist = \"exponential\", mean = \"1000h\" }}\nrepair = {{ dist = \"fixed\", value = \"1h\" }}\n[system]\nall = [\"app\"]\n{phases}"
        );
        crate::scenario::parse(&source, "t.toml", std::path::Path::new("."), "t")
            .expect("scenario compiles")
    }

    /// The baseline has freeze (days 9 to 13: 120 h), season (from 1 November: none of the
    /// 200 days) and spring (1 to 30 March: 720 h), so normal 4800 − 840 = 3960 h; the design
    /// spring for 20 days (480 h), audit (1 to 10 June: 240 h) and season, normal 4080 h.
    /// They pair on normal and spring by name, in the baseline's order and at each one's own
    /// index and hours; freeze and audit are not common, season is in neither list.
    #[test]
    fn phases_pair_by_name_among_those_with_hours() {
        let baseline = model(
            "[[phases]]\nname = \"freeze\"\nfrom = \"01-10\"\ndays = 5\n\
             [[phases]]\nname = \"season\"\nfrom = \"11-01\"\ndays = 60\n\
             [[phases]]\nname = \"spring\"\nfrom = \"03-01\"\ndays = 30\n",
        );
        let design = model(
            "[[phases]]\nname = \"spring\"\nfrom = \"03-01\"\ndays = 20\n\
             [[phases]]\nname = \"season\"\nfrom = \"11-01\"\ndays = 60\n\
             [[phases]]\nname = \"audit\"\nfrom = \"06-01\"\ndays = 10\n",
        );
        let pairing = PhasePairing::new(&design, &baseline);
        assert_eq!(
            pairing.pairs,
            vec![
                ("normal".to_string(), 0, 4080.0, 0, 3960.0),
                ("spring".to_string(), 1, 480.0, 3, 720.0),
            ]
        );
        assert_eq!(pairing.widths, (4, 4));
        assert_eq!(pairing.not_common(), ["freeze", "audit"]);
        assert!(!pairing.is_empty());
        // The other way round: the design's order, and its not-common phase first.
        let back = PhasePairing::new(&baseline, &design);
        assert_eq!(
            back.pairs,
            vec![
                ("normal".to_string(), 0, 3960.0, 0, 4080.0),
                ("spring".to_string(), 3, 720.0, 1, 480.0),
            ]
        );
        assert_eq!(back.not_common(), ["audit", "freeze"]);
    }

    /// A batch of three trials, phases at other places in each design (the design's three
    /// phases a trial, the baseline's two): normal 100 h and 50 h, peak 10 h and 20 h. By
    /// hand, normal: 2/50 − 1/100 = 0.03, 0/50 − 2/100 = −0.02, 3/50 − 4/100 = 0.02 (mean
    /// 0.01, Σ(x − mean)² 0.0014); peak: 5/20 − 2/10 = 0.05, 0.5/20 − 1/10 = −0.075,
    /// 1/20 − 0.5/10 = 0 (mean −0.025/3, Σ(x − mean)² 0.008125 − 0.000625/3).
    #[test]
    fn each_trial_reads_its_own_phases_at_their_places() {
        let pairing = PhasePairing {
            pairs: vec![
                ("normal".into(), 0, 100.0, 0, 50.0),
                ("peak".into(), 2, 10.0, 1, 20.0),
            ],
            widths: (3, 2),
            not_common: Vec::new(),
        };
        let design = [1.0, 9.0, 2.0, 2.0, 9.0, 1.0, 4.0, 9.0, 0.5];
        let baseline = [2.0, 5.0, 0.0, 0.5, 3.0, 1.0];
        let mut paired = PairedDifferences::default();
        pairing.add(&mut paired, &design, &baseline);
        let normal = paired.phases[0].differences.differences.moments;
        let peak = paired.phases[1].differences.differences.moments;
        assert_eq!((normal.n, peak.n), (3, 3));
        assert!((normal.mean - 0.01).abs() < 1e-15, "{normal:?}");
        assert!((normal.m2 - 0.0014).abs() < 1e-15, "{normal:?}");
        assert!((peak.mean + 0.025 / 3.0).abs() < 1e-15, "{peak:?}");
        assert!(
            (peak.m2 - (0.008125 - 0.000625 / 3.0)).abs() < 1e-15,
            "{peak:?}"
        );
    }

    /// Without phases in one design nothing pairs, and that design's width is 0.
    #[test]
    fn a_design_without_phases_pairs_none() {
        let phased = model("[[phases]]\nname = \"spring\"\nfrom = \"03-01\"\ndays = 30\n");
        let plain = model("");
        let pairing = PhasePairing::new(&plain, &phased);
        assert!(pairing.is_empty());
        assert_eq!(pairing.widths, (0, 2));
        assert_eq!(pairing.not_common(), ["normal", "spring"]);
        let back = PhasePairing::new(&phased, &plain);
        assert!(back.is_empty());
        assert_eq!(back.widths, (2, 0));
        assert_eq!(back.not_common(), ["normal", "spring"]);
    }

    #[test]
    fn phases_append_by_name_as_one_fold() {
        // Two batches folded in one go, and the same split in two appended: the same sums.
        let pairing = PhasePairing {
            pairs: vec![("peak".into(), 1, 10.0, 0, 20.0)],
            widths: (2, 1),
            not_common: Vec::new(),
        };
        let (design, baseline) = ([0.0, 1.0, 0.0, 0.5], [2.0, 0.0]);
        let mut whole = PairedDifferences::default();
        whole.keep_batches();
        pairing.add(&mut whole, &design[..2], &baseline[..1]);
        pairing.add(&mut whole, &design[2..], &baseline[1..]);
        let mut first = PairedDifferences::default();
        first.keep_batches();
        pairing.add(&mut first, &design[..2], &baseline[..1]);
        let mut second = PairedDifferences::default();
        second.keep_batches();
        pairing.add(&mut second, &design[2..], &baseline[1..]);
        let mut merged = PairedDifferences::default();
        merged.append(&first);
        merged.append(&second);
        let (w, m) = (&whole.phases[0], &merged.phases[0]);
        assert_eq!(m.name, "peak");
        assert_eq!(
            w.differences.differences.moments,
            m.differences.differences.moments
        );
        // Trial 0: 2/20 - 1/10 = 0; trial 1: 0/20 - 0.5/10 = -0.05.
        assert_eq!(w.differences.differences.moments.n, 2);
        let mean = w.differences.differences.moments.mean;
        assert!((mean + 0.025).abs() < 1e-15, "{mean}");
        let c = phase_comparisons(&whole, 0.95);
        assert!((c[0].downtime_minutes_per_phase_hour_difference - 1.5).abs() < 1e-12);
    }
}
