//! `nines sweep` as a study: the points of a grid, each simulated, and for each setting of
//! the other keys the cheapest value of the first key meeting the objective.

use serde::Serialize;

use crate::stats::Summary;
use crate::units;

/// Which end of the first key's values is the cheaper one to build or run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Cheaper {
    /// Lower values cost less (replicas, crews): the verdict is the smallest meeting it.
    Lower,
    /// Higher values cost less (repair times, check intervals): the largest meeting it.
    Higher,
}

/// A value's position on a numeric axis, for "smallest": numbers, durations, percentages.
pub fn numeric(text: &str) -> Option<f64> {
    text.parse::<f64>()
        .ok()
        .or_else(|| units::parse_duration(text).ok())
        .or_else(|| units::parse_percent(text).ok())
}

/// One point of the sweep.
#[derive(Debug, Serialize)]
pub struct Point {
    /// The values set, one per key.
    pub values: Vec<String>,
    /// The point's summary.
    pub summary: Summary,
}

/// Everything `nines sweep` reports.
#[derive(Debug, Serialize)]
pub struct SweepReport {
    /// The keys swept (keys zipped together side by side).
    pub keys: Vec<String>,
    /// How many of `keys` move as the first axis (more than one with --zip).
    #[serde(skip)]
    pub first_axis: usize,
    /// Every point, in grid order (first key fastest).
    pub points: Vec<Point>,
    /// For each setting of the other keys (or once), the smallest value of the first key
    /// whose interval's lower bound reaches the target; null where none does.
    pub smallest_meeting_target: Vec<Smallest>,
    /// For each setting of the other keys (or once), the cheapest value of the first key
    /// meeting the target: the smallest or the largest, as `cheaper` says.
    pub cheapest_meeting_target: Vec<Cheapest>,
}

/// The smallest value of the first key meeting the target.
#[derive(Debug, Serialize)]
pub struct Smallest {
    /// The other keys' values (the second key's value with two keys), if any.
    pub with: Option<String>,
    /// The first key's smallest value meeting the target, if any.
    pub value: Option<String>,
}

/// The cheapest value of the first key meeting the target, and which way is cheaper.
#[derive(Debug, Serialize)]
pub struct Cheapest {
    /// The other keys' values (the second key's value with two keys), if any.
    pub with: Option<String>,
    /// The availability objective these points were held to (it is swept too, sometimes).
    pub target: f64,
    /// Which values of the first key are cheaper.
    pub cheaper: Cheaper,
    /// Whether `cheaper` was read from the results (availability falls towards the cheaper
    /// end) rather than given with --cheaper.
    pub inferred: bool,
    /// The first key's cheapest value meeting the target, if any.
    pub value: Option<String>,
}

impl SweepReport {
    /// The report of simulated `points` in grid order (the first `first_axis` keys
    /// fastest); `cheaper` as given with --cheaper, else read from the results.
    pub fn new(
        keys: Vec<String>,
        first_axis: usize,
        points: Vec<Point>,
        cheaper: Option<Cheaper>,
    ) -> SweepReport {
        let mut smallest = Vec::new();
        let mut cheapest = Vec::new();
        for group in groups(&points, first_axis) {
            let with = with(&group[0].values, first_axis);
            let ranked = rank(group);
            let meeting = || ranked.iter().filter(|(_, p)| p.summary.target.met);
            smallest.push(Smallest {
                with: with.clone(),
                value: meeting().next().map(|(_, p)| p.values[0].clone()),
            });
            let (cheaper, inferred) = match cheaper {
                Some(cheaper) => (cheaper, false),
                None => (infer_cheaper(&keys[0], &ranked), true),
            };
            let value = match cheaper {
                Cheaper::Lower => meeting().next(),
                Cheaper::Higher => meeting().next_back(),
            };
            cheapest.push(Cheapest {
                with,
                target: group[0].summary.target.availability,
                cheaper,
                inferred,
                value: value.map(|(_, p)| p.values[0].clone()),
            });
        }
        SweepReport {
            keys,
            first_axis,
            points,
            smallest_meeting_target: smallest,
            cheapest_meeting_target: cheapest,
        }
    }

    /// The keys other than the first axis, as `with` lists their values.
    pub fn other_keys(&self) -> String {
        self.keys[self.first_axis..].join(", ")
    }

    /// The points whose other keys are set as `with` says.
    pub fn point_with(&self, value: &str, with: Option<&String>) -> Option<&Point> {
        self.points.iter().find(|p| {
            p.values[0] == value && self::with(&p.values, self.first_axis).as_ref() == with
        })
    }

    /// The points in runs along the first axis: one run per setting of the other keys.
    pub fn curves(&self) -> Vec<&[Point]> {
        groups(&self.points, self.first_axis)
    }
}

/// The other keys' values of a point, joined; `None` when only the first axis varies.
fn with(values: &[String], first_axis: usize) -> Option<String> {
    (values.len() > first_axis).then(|| values[first_axis..].join(", "))
}

/// Consecutive points sharing the other keys' values.
fn groups(points: &[Point], first_axis: usize) -> Vec<&[Point]> {
    points
        .chunk_by(|a, b| a.values[first_axis..] == b.values[first_axis..])
        .collect()
}

/// A group's points from the smallest value of the first key to the largest (values that are
/// not numbers keep the order given).
fn rank(group: &[Point]) -> Vec<(f64, &Point)> {
    let mut ranked: Vec<(usize, f64, &Point)> = group
        .iter()
        .enumerate()
        .map(|(order, p)| (order, numeric(&p.values[0]).unwrap_or(order as f64), p))
        .collect();
    ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().map(|(_, rank, p)| (rank, p)).collect()
}

/// The cheaper end when the user did not say: the end where availability is lower (more
/// replicas cost more and give more; slower repairs cost less and give less). Swept
/// objectives are the exception: the highest one met is the interesting one.
fn infer_cheaper(key: &str, ranked: &[(f64, &Point)]) -> Cheaper {
    if key == "simulation.target" {
        return Cheaper::Higher;
    }
    match (ranked.first(), ranked.last()) {
        (Some((_, low)), Some((_, high)))
            if high.summary.availability.mean < low.summary.availability.mean =>
        {
            Cheaper::Higher
        }
        _ => Cheaper::Lower,
    }
}
