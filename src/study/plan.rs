//! `nines plan`: the cheapest design meeting the objectives, found by racing.
//!
//! Every design runs the same trial indices (common random numbers). Rounds take the
//! designs still in the race to growing trial counts (each a quarter of the next, up to the
//! full count), each simulating only the trials a design lacks (study::carry); between
//! rounds a design is discarded when its interval shows it misses an objective, or that it
//! costs more than a design already shown to meet them all. Interim
//! intervals are at confidence 1 - alpha / (interim decisions), Bonferroni over every design,
//! round and figure, so that with probability at least 1 - alpha no interim discard is wrong
//! (as far as the intervals hold their level). Exact solutions decide designs without
//! simulating where the model allows, and the exactly known infrastructure cost is a lower
//! bound on the total: a design whose infrastructure alone costs more than a feasible
//! design's total is never simulated. docs/studies.md has the procedure and its references.

use serde::{Deserialize, Serialize};

use super::carry::Carried;
use super::eliminate::Round;
use super::figures::{Figures, Needs};
use super::objective::{Judgement, Metric, Objective};
use super::paired_cost::TrialCost;
use crate::error::{Error, Result};
use crate::exact::ExactSummary;
use crate::model::cost::DowntimePrice;
use crate::model::Model;
use crate::stats::{Estimate, Summary};
use crate::units::YEAR;

/// What `nines plan` minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Minimize {
    /// Infrastructure + expected downtime + expected SLA credits, per year.
    TotalCost,
    /// Infrastructure alone, per year (known exactly).
    InfrastructureCost,
}

/// How to search.
#[derive(Debug, Clone)]
pub struct PlanSpec {
    /// The objectives every design must be shown to meet.
    pub objectives: Vec<Objective>,
    /// What to minimise.
    pub minimize: Minimize,
    /// Error rate of the racing's interim discards, together.
    pub alpha: f64,
    /// Fewest trials of the first round.
    pub first_trials: u64,
    /// Race, and skip designs by the cost bound (false: every design not decided exactly
    /// runs the full trial count).
    pub racing: bool,
    /// Decide designs with exact solutions where the model allows.
    pub exact: bool,
    /// The indifference zone, a share of the kept design's cost: a racing design whose
    /// paired cost difference with a design shown feasible is shown above minus this much
    /// of that design's cost is dropped as tied with it (0: no ties but identical designs).
    pub indifference: f64,
}

/// Where a design ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Shown to meet every objective.
    Feasible,
    /// Shown to miss an objective, or not shown to meet them all at the full trial count.
    Infeasible,
    /// Shown to cost more than a feasible design.
    Costlier,
    /// Not separable from a design kept in its place: shown to cost at most the
    /// indifference zone less than it, or identical to it on every trial run.
    Tied,
}

/// One design's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DesignResult {
    /// The varied keys' values.
    pub values: Vec<String>,
    /// Infrastructure per year, exact.
    pub infrastructure_per_year: f64,
    /// The minimised cost per year, with its interval at the stage it was decided.
    pub cost_per_year: Estimate,
    /// Availability at the stage it was decided.
    pub availability: Estimate,
    /// Trials its last estimates come from; 0 when decided exactly or by the cost bound.
    pub trials: u64,
    /// Where it ended.
    pub status: Status,
    /// How: "exact", "cost bound", "racing at N trials", "full trials".
    pub decided_by: String,
    /// Why, in a sentence.
    pub reason: String,
    /// The design kept in its place, when tied (index into `designs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tied_with: Option<usize>,
}

/// The winner against a runner-up, over the same trials.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Paired {
    /// The runner-up's index in `designs`.
    pub design: usize,
    /// Runner-up's availability minus the winner's, paired.
    pub availability_difference: Estimate,
    /// Runner-up's minimised cost minus the winner's, where it follows from the paired
    /// availability (downtime priced per hour, no SLA credits, or infrastructure cost).
    pub cost_difference: Option<Estimate>,
    /// Whether the availability difference's interval excludes zero.
    pub significant: bool,
}

/// Everything `nines plan` reports.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanReport {
    /// The varied keys.
    pub keys: Vec<String>,
    /// The objectives, as written.
    pub objectives: Vec<String>,
    /// What was minimised.
    pub minimize: Minimize,
    /// Full trials per design, seed, confidence of the final intervals.
    pub trials: u64,
    /// Seed shared by every design.
    pub seed: u64,
    /// Confidence of the final intervals.
    pub confidence: f64,
    /// Error rate of the racing's interim discards (all together).
    pub error_rate: f64,
    /// Confidence of the interim intervals.
    pub interim_confidence: f64,
    /// Trial counts of the rounds.
    pub rounds: Vec<u64>,
    /// Which availability `designs`, the Pareto front and the chart show.
    pub availability_axis: Axis,
    /// Every design, in grid order.
    pub designs: Vec<DesignResult>,
    /// Feasible designs by cost, cheapest first (indices into `designs`).
    pub ranked: Vec<usize>,
    /// The winner (index into `designs`), if any design is feasible.
    pub winner: Option<usize>,
    /// Why it wins.
    pub why: String,
    /// Designs no other beats on both cost and availability, by cost (indices).
    pub pareto: Vec<usize>,
    /// The winner against the next feasible designs, paired.
    pub paired: Vec<Paired>,
    /// Trials simulated in all, the final paired runs included.
    pub simulated_trials: u64,
    /// Trials evaluating every design at the full count would take.
    pub full_evaluation_trials: u64,
    /// The indifference zone racing ties designs within, a share of the kept design's cost.
    #[serde(default)]
    pub indifference: f64,
}

/// Cost per year of a design, with its interval.
pub(crate) fn cost_of(summary: &Figures, minimize: Minimize) -> Estimate {
    let c = summary
        .cost
        .as_ref()
        .expect("plan checks every design has [cost]");
    match minimize {
        Minimize::InfrastructureCost => exact_estimate(c.infrastructure_per_year),
        Minimize::TotalCost => {
            let fixed = c.infrastructure_per_year + c.credits_per_year;
            Estimate {
                mean: c.total_per_year,
                ci_low: c.downtime_per_year.ci_low.map(|l| l + fixed),
                ci_high: c.downtime_per_year.ci_high.map(|h| h + fixed),
            }
        }
    }
}

fn exact_estimate(value: f64) -> Estimate {
    Estimate {
        mean: value,
        ci_low: Some(value),
        ci_high: Some(value),
    }
}

/// The availability a design is shown with: of requests when the objectives bound requests
/// and not time (a plan for request availability), else of time.
fn availability_of(s: &Figures, axis: Axis) -> Estimate {
    match axis {
        Axis::Requests => s.requests.clone(),
        Axis::Time => s.availability.clone(),
    }
}

/// Which availability designs are shown, ranked on the Pareto front and charted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    /// Time availability.
    Time,
    /// Request availability (the objectives bound requests and not time).
    Requests,
}

impl Axis {
    /// The axis of a plan with `objectives`.
    fn of(objectives: &[Objective]) -> Axis {
        let on = |m: Metric| objectives.iter().any(|o| o.metric == m);
        if on(Metric::Requests) && !on(Metric::Availability) && !on(Metric::Downtime) {
            Axis::Requests
        } else {
            Axis::Time
        }
    }
}

/// Trial counts of the rounds: the full count, a quarter of it, ... down to `first`.
pub fn rounds(full: u64, first: u64, racing: bool) -> Vec<u64> {
    let mut rounds = vec![full];
    while racing && rounds[0] / 4 >= first.max(2) {
        rounds.insert(0, rounds[0] / 4);
    }
    rounds
}

/// A design decided from its exact solution, if the model allows: every objective bounds
/// availability (or downtime) and the cost follows from it.
pub(crate) fn decide_exactly(
    model: &Model,
    spec: &PlanSpec,
) -> Option<(Status, Estimate, f64, String)> {
    let exact = ExactSummary::of(model);
    if !exact.leaves_out.is_empty() {
        return None;
    }
    let a = exact.comparable_availability()?;
    let cost = model.cost.as_ref()?;
    let all_availability = spec
        .objectives
        .iter()
        .all(|o| matches!(o.metric, Metric::Availability | Metric::Downtime));
    let meets = |o: &Objective| match o.metric {
        Metric::Availability => a >= o.value,
        Metric::Downtime => (1.0 - a) * crate::units::MINUTES_PER_YEAR <= o.value,
        _ => true,
    };
    let missed = spec.objectives.iter().find(|o| !meets(o));
    let downtime = match cost.downtime {
        None => Some(0.0),
        Some(DowntimePrice::PerHour(p)) => Some((1.0 - a) * p * YEAR),
        Some(DowntimePrice::PerRequest { .. }) => None,
    };
    let infra = cost.infrastructure_per_year();
    let value = match spec.minimize {
        Minimize::InfrastructureCost => Some(infra),
        Minimize::TotalCost if model.sla.credits.is_empty() => downtime.map(|d| infra + d),
        Minimize::TotalCost => None,
    };
    match (missed, all_availability, value) {
        // Missing an availability bound exactly rules a design out whatever else it does.
        (Some(o), _, _) if matches!(o.metric, Metric::Availability | Metric::Downtime) => Some((
            Status::Infeasible,
            exact_estimate(value.unwrap_or(infra)),
            a,
            format!("misses {} exactly (availability {a:.8})", o.text),
        )),
        (None, true, Some(v)) => Some((
            Status::Feasible,
            exact_estimate(v),
            a,
            format!("meets every objective exactly (availability {a:.8})"),
        )),
        _ => None,
    }
}

/// How a plan takes design `i` (`model`, whose `settings.trials` is the round's trial count)
/// from its trials so far to that count, on the threads given: by simulating the trials it
/// lacks ([`Carried::advance`]), or (a merge of a sharded plan, which has one round) by
/// folding the runs its shards made (study::shard). Called from several threads at once.
pub type Runs<'a> = dyn Fn(usize, &Model, &mut Carried, usize) -> Result<()> + Sync + 'a;

/// Designs handed to the threads together. Cost-bound decisions are still made one design
/// at a time in order after a wave, so the plan does not depend on the wave or the threads;
/// a design of a wave that an earlier one's bound rules out has simulated for nothing.
const WAVE: usize = 32;

/// Runs the plan over `models` (one per point of the grid, in grid order) on `threads`,
/// taking designs through rounds with `runs`, and ends with the paired stage
/// (`study::paired_stage`) simulated here.
pub fn plan(
    keys: Vec<String>,
    points: Vec<Vec<String>>,
    models: &[Model],
    spec: &PlanSpec,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
    runs: &Runs,
) -> Result<PlanReport> {
    let ranking = rank(keys, points, models, spec, threads, runs)?;
    super::paired_stage::pair_here(ranking, models, threads, progress)
}

/// One design's round: what it ran to, and its figures there.
struct Ran {
    carried: Carried,
    before: u64,
    summary: Figures,
}

/// The design stage of [`plan`]: every design decided and the feasible ones ranked, without
/// the paired stage (`paired` empty), which a sharded plan can run in shards of its own.
pub fn rank(
    keys: Vec<String>,
    points: Vec<Vec<String>>,
    models: &[Model],
    spec: &PlanSpec,
    threads: usize,
    runs: &Runs,
) -> Result<PlanReport> {
    let settings = models[0].settings.clone();
    let full = settings.trials;
    let rounds = rounds(full, spec.first_trials, spec.racing);
    let axis = Axis::of(&spec.objectives);
    let needs = Needs::of(&spec.objectives, &models[0]);
    let interim_decisions =
        (models.len() * (rounds.len() - 1) * (spec.objectives.len() + 1)).max(1);
    let interim_confidence = 1.0 - spec.alpha / interim_decisions as f64;
    let workers = super::parallel::workers(threads);
    let infra: Vec<f64> = models
        .iter()
        .map(|m| m.cost.as_ref().map_or(0.0, |c| c.infrastructure_per_year()))
        .collect();
    // Each trial's priced loss is kept while a design races on total cost, for paired
    // eliminations (infrastructure cost is known exactly: nothing to pair).
    let pricing: Vec<Option<TrialCost>> = models
        .iter()
        .map(|m| {
            let pairs = spec.racing && rounds.len() > 1 && spec.minimize == Minimize::TotalCost;
            pairs.then(|| TrialCost::of(m)).flatten()
        })
        .collect();
    let mut designs: Vec<Option<DesignResult>> = vec![None; models.len()];
    let mut simulated = 0u64;
    // The lowest upper bound on the cost of a design shown feasible: any design sure to
    // cost more cannot win.
    let mut best_high = f64::INFINITY;
    // The lowest cost of a design decided feasible exactly.
    let mut best_exact: Option<(usize, f64)> = None;
    if spec.exact {
        for (i, model) in models.iter().enumerate() {
            if let Some((status, cost, a, reason)) = decide_exactly(model, spec) {
                if status == Status::Feasible {
                    best_high = best_high.min(cost.ci_high.unwrap_or(cost.mean));
                    if best_exact.is_none_or(|(_, c)| cost.mean < c) {
                        best_exact = Some((i, cost.mean));
                    }
                }
                designs[i] = Some(DesignResult {
                    values: points[i].clone(),
                    infrastructure_per_year: infra[i],
                    cost_per_year: cost,
                    availability: exact_estimate(a),
                    trials: 0,
                    status,
                    decided_by: "exact".into(),
                    reason,
                    tied_with: None,
                });
            }
        }
    }
    // Cheapest infrastructure first, so a feasible design's bound comes early.
    let mut order: Vec<usize> = (0..models.len()).collect();
    order.sort_by(|&a, &b| infra[a].total_cmp(&infra[b]).then(a.cmp(&b)));
    let mut last_seen: Vec<Option<Figures>> = vec![None; models.len()];
    // Designs kept in place of one tied within the indifference zone, or in place of
    // such a design: these are dropped only when shown costlier outright, so that the
    // zone's slack is taken once on any chain of discards.
    let mut keepers = vec![false; models.len()];
    // Each design's trials so far: a round simulates only the trials it adds.
    let mut carried: Vec<Option<Carried>> = vec![None; models.len()];
    for (round, &trials) in rounds.iter().enumerate() {
        let last = round + 1 == rounds.len();
        let confidence = if last {
            settings.confidence
        } else {
            interim_confidence
        };
        let stage = if last {
            "full trials".to_string()
        } else {
            format!("racing at {trials} trials")
        };
        // Designs shown to meet every objective this round (undecided until the last).
        let mut met_now: Vec<usize> = Vec::new();
        let todo: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| designs[i].is_none())
            .collect();
        for wave in todo.chunks(WAVE) {
            let jobs: Vec<(usize, Model, Carried)> = wave
                .iter()
                .filter(|&&i| !(spec.racing && infra[i] > best_high))
                .map(|&i| {
                    let mut model = models[i].clone();
                    model.settings.trials = trials;
                    model.settings.confidence = confidence;
                    let so_far = carried[i].take().unwrap_or_else(|| match pricing[i] {
                        Some(p) => Carried::keeping_losses(&model, p),
                        None => Carried::new(&model),
                    });
                    (i, model, so_far)
                })
                .collect();
            // Few designs left: each gets a share of the threads instead.
            let per_job = (workers / jobs.len().max(1)).max(1);
            let ran = super::parallel::in_order(jobs, workers, &|(i, model, mut so_far): (
                usize,
                Model,
                Carried,
            )| {
                let before = so_far.trials();
                runs(i, &model, &mut so_far, per_job)?;
                let output = so_far.output();
                // Only a finishing design needs (and reports) its full summary.
                let summary = if last {
                    Figures::of(&Summary::new(&model, &output, None))
                } else {
                    Figures::interim(&model, &output, needs)
                };
                Ok((
                    i,
                    Ran {
                        carried: so_far,
                        before,
                        summary,
                    },
                ))
            });
            let mut ran: Vec<(usize, Ran)> = ran.into_iter().collect::<Result<_>>()?;
            for &i in wave {
                let this = ran
                    .iter()
                    .position(|(j, _)| *j == i)
                    .map(|k| ran.swap_remove(k).1);
                if let Some(r) = &this {
                    simulated += r.carried.trials() - r.before;
                }
                if spec.racing && infra[i] > best_high {
                    designs[i] = Some(DesignResult {
                        values: points[i].clone(),
                        infrastructure_per_year: infra[i],
                        cost_per_year: exact_estimate(infra[i]),
                        availability: last_seen[i].as_ref().map_or(
                            Estimate {
                                mean: f64::NAN,
                                ci_low: None,
                                ci_high: None,
                            },
                            |s| availability_of(s, axis),
                        ),
                        trials: last_seen[i].as_ref().map_or(0, |s| s.trials),
                        status: Status::Costlier,
                        decided_by: "cost bound".into(),
                        reason:
                            "its infrastructure alone costs more than a feasible design's total"
                                .into(),
                        tied_with: None,
                    });
                    continue;
                }
                let Ran {
                    carried: so_far,
                    summary,
                    ..
                } = this.expect("a design not ruled out by the cost bound ran");
                let judged: Vec<Judgement> = spec
                    .objectives
                    .iter()
                    .map(|o| o.judge(&summary, last))
                    .collect();
                let cost = cost_of(&summary, spec.minimize);
                let decided = |status, reason: String| DesignResult {
                    values: points[i].clone(),
                    infrastructure_per_year: infra[i],
                    cost_per_year: cost.clone(),
                    availability: availability_of(&summary, axis),
                    trials,
                    status,
                    decided_by: stage.clone(),
                    reason,
                    tied_with: None,
                };
                if let Some(k) = judged.iter().position(|j| *j == Judgement::Missed) {
                    let reason = format!("misses {}", spec.objectives[k].text);
                    designs[i] = Some(decided(Status::Infeasible, reason));
                } else if judged.iter().all(|j| *j == Judgement::Met) {
                    best_high = best_high.min(cost.ci_high.unwrap_or(f64::INFINITY));
                    if last {
                        let reason = "meets every objective with confidence".to_string();
                        designs[i] = Some(decided(Status::Feasible, reason));
                    } else {
                        met_now.push(i);
                    }
                } else if last {
                    let k = judged
                        .iter()
                        .position(|j| *j == Judgement::Unsure)
                        .expect("neither all met nor any missed");
                    let reason = format!(
                        "not shown to meet {} at the full trials",
                        spec.objectives[k].text
                    );
                    designs[i] = Some(decided(Status::Infeasible, reason));
                }
                last_seen[i] = Some(summary);
                if designs[i].is_none() {
                    carried[i] = Some(so_far);
                }
            }
        }
        if last {
            break;
        }
        let judge = Round {
            spec,
            keys: &keys,
            points: &points,
            infra: &infra,
            workers,
            confidence,
            keepers: &keepers,
        };
        let still: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| designs[i].is_none())
            .collect();
        let out = judge.eliminate(
            &still, &last_seen, &carried, &met_now, best_high, best_exact,
        );
        for e in out {
            let i = e.design;
            if let Some(k) = e.kept {
                keepers[k] |= e.slack || keepers[i];
            }
            let s = last_seen[i].as_ref().expect("an eliminated design ran");
            designs[i] = Some(DesignResult {
                values: points[i].clone(),
                infrastructure_per_year: infra[i],
                cost_per_year: e.cost,
                availability: availability_of(s, axis),
                trials,
                status: if e.tied {
                    Status::Tied
                } else {
                    Status::Costlier
                },
                decided_by: stage.clone(),
                reason: e.reason,
                tied_with: e.kept.filter(|_| e.tied),
            });
            carried[i] = None;
        }
    }
    let designs: Vec<DesignResult> = designs
        .into_iter()
        .map(|d| d.expect("every design is decided by the last round"))
        .collect();
    let mut ranked: Vec<usize> = (0..designs.len())
        .filter(|&i| designs[i].status == Status::Feasible)
        .collect();
    ranked.sort_by(|&a, &b| {
        designs[a]
            .cost_per_year
            .mean
            .total_cmp(&designs[b].cost_per_year.mean)
            .then(infra[a].total_cmp(&infra[b]))
            .then(a.cmp(&b))
    });
    let winner = ranked.first().copied();
    let why = why(&designs, &ranked, &keys, spec);
    let pareto = pareto(&designs);
    Ok(PlanReport {
        keys,
        objectives: spec.objectives.iter().map(|o| o.text.clone()).collect(),
        minimize: spec.minimize,
        trials: full,
        seed: settings.seed,
        confidence: settings.confidence,
        error_rate: spec.alpha,
        interim_confidence,
        rounds,
        availability_axis: axis,
        designs,
        ranked,
        winner,
        why,
        pareto,
        paired: Vec::new(),
        simulated_trials: simulated,
        full_evaluation_trials: full * models.len() as u64,
        indifference: spec.indifference,
    })
}

fn why(designs: &[DesignResult], ranked: &[usize], keys: &[String], spec: &PlanSpec) -> String {
    let name = |i: usize| super::grid::describe(keys, &designs[i].values);
    let objectives = spec
        .objectives
        .iter()
        .map(|o| o.text.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    match ranked {
        [] => format!("no design was shown to meet {objectives}"),
        [w] => format!("{} is the only design shown to meet {objectives}", name(*w)),
        [w, next, ..] => {
            let cheaper: Vec<&DesignResult> = designs
                .iter()
                .filter(|d| {
                    d.cost_per_year.mean < designs[*w].cost_per_year.mean
                        && !matches!(d.status, Status::Feasible | Status::Tied)
                })
                .collect();
            format!(
                "{} meets {objectives} ({}) at the lowest cost of the {} feasible designs; the next, {}, costs {} more per year; {} cheaper design(s) miss the objectives or were not shown to meet them",
                name(*w),
                designs[*w].decided_by,
                ranked.len(),
                name(*next),
                crate::report::money(designs[*next].cost_per_year.mean - designs[*w].cost_per_year.mean),
                cheaper.len()
            )
        }
    }
}

/// Designs no other design beats on both cost (lower) and availability (higher), by cost.
fn pareto(designs: &[DesignResult]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..designs.len())
        .filter(|&i| designs[i].availability.mean.is_finite())
        .collect();
    order.sort_by(|&a, &b| {
        designs[a]
            .cost_per_year
            .mean
            .total_cmp(&designs[b].cost_per_year.mean)
            .then(
                designs[b]
                    .availability
                    .mean
                    .total_cmp(&designs[a].availability.mean),
            )
    });
    let mut front = Vec::new();
    let mut best = f64::NEG_INFINITY;
    for i in order {
        if designs[i].availability.mean > best {
            best = designs[i].availability.mean;
            front.push(i);
        }
    }
    front
}

/// Checks the designs can be planned: each priced when cost is minimised.
pub fn check(models: &[Model], points: &[Vec<String>], keys: &[String]) -> Result<()> {
    if let Some(i) = models.iter().position(|m| m.cost.is_none()) {
        return Err(Error::Input(format!(
            "{}: the scenario has no [cost] table, so designs cannot be ranked by cost; add one (docs/cost.md)",
            super::grid::describe(keys, &points[i])
        )));
    }
    Ok(())
}
