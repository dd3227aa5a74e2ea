//! Steady state of a chain by the Grassmann–Taksar–Heyman algorithm (state reduction with no
//! subtraction, so that probabilities of 1e-15 keep full relative precision), on sparse
//! rows: states are eliminated from the last (most failed, in breadth-first order) to the
//! first, which keeps fill-in small for chains that are nearly one-dimensional (one k-of-n
//! tier, a few components). Several large tiers make the fill-in grow with the product of
//! their sizes (a 20×20×20 product: 3 s; 300×300: 52 s), so the reduction stops when its
//! fill-in or its work passes a budget and [`iterative`](super::iterative) Gauss–Seidel,
//! with a checked residual, is used instead.

use super::chain::Chain;
use super::iterative;

/// Fill-in entries GTH may create before the iterative solver is used instead.
const FILL_BUDGET: usize = 20_000_000;

/// Multiply-adds GTH may spend first, before the iterative solver is tried (a few tenths of
/// a second): chains that need more are faster by Gauss–Seidel.
pub const FIRST_WORK: usize = 5_000_000;

/// Multiply-adds GTH may spend when the iterative solver did not converge (a minute or so).
pub const LAST_WORK: usize = 10_000_000_000;

/// How the steady state was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Exact state reduction.
    Gth,
    /// Gauss–Seidel sweeps until the relative residual of every balance equation was
    /// below 1e-13.
    GaussSeidel,
}

/// The stationary distribution of an irreducible chain: GTH when it is cheap, else
/// Gauss–Seidel, else GTH with a larger budget.
pub fn steady_state(chain: &Chain) -> Result<(Vec<f64>, Method), String> {
    if let Some(pi) = gth(chain, FIRST_WORK) {
        return Ok((pi, Method::Gth));
    }
    match iterative::gauss_seidel(chain) {
        Ok((pi, _)) => Ok((pi, Method::GaussSeidel)),
        Err(why) => gth(chain, LAST_WORK).map(|pi| (pi, Method::Gth)).ok_or_else(|| {
            format!("{why}, and state reduction would need more than {FILL_BUDGET} entries or {LAST_WORK} operations")
        }),
    }
}

/// GTH; `None` when the fill-in passes its budget or the work passes `work_budget`
/// multiply-adds.
pub fn gth(chain: &Chain, work_budget: usize) -> Option<Vec<f64>> {
    let n = chain.len();
    let mut rows: Vec<Vec<(u32, f64)>> = chain.rates.clone();
    let mut cols: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, row) in rows.iter().enumerate() {
        for &(j, _) in row {
            cols[j as usize].push(i as u32);
        }
    }
    let mut nnz: usize = rows.iter().map(Vec::len).sum();
    // Per eliminated state: its exit sum to lower states and the rates into it.
    let mut sums = vec![0.0; n];
    let mut incoming: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    let mut merged: Vec<(u32, f64)> = Vec::new();
    let mut work = 0usize;
    for k in (1..n).rev() {
        let out: Vec<(u32, f64)> = rows[k]
            .iter()
            .copied()
            .filter(|&(j, _)| (j as usize) < k)
            .collect();
        let s: f64 = out.iter().map(|&(_, r)| r).sum();
        if s <= 0.0 {
            // Not irreducible: no way back to lower states.
            return None;
        }
        sums[k] = s;
        let mut sources = std::mem::take(&mut cols[k]);
        sources.sort_unstable();
        sources.dedup();
        let mut into = Vec::with_capacity(sources.len());
        for &i in &sources {
            if i as usize >= k {
                continue;
            }
            let row = &rows[i as usize];
            if let Ok(p) = row.binary_search_by_key(&(k as u32), |&(j, _)| j) {
                into.push((i, row[p].1));
            }
        }
        for &(i, v) in &into {
            let row = &rows[i as usize];
            merged.clear();
            let (mut a, mut b) = (0, 0);
            let scale = v / s;
            while a < row.len() || b < out.len() {
                let ta = row.get(a).map_or(u32::MAX, |e| e.0);
                let tb = out.get(b).map_or(u32::MAX, |e| e.0);
                if ta == k as u32 {
                    a += 1;
                    continue;
                }
                if ta < tb {
                    merged.push(row[a]);
                    a += 1;
                } else if tb < ta {
                    if tb != i {
                        merged.push((tb, out[b].1 * scale));
                        cols[tb as usize].push(i);
                    }
                    b += 1;
                } else {
                    merged.push((ta, row[a].1 + out[b].1 * scale));
                    a += 1;
                    b += 1;
                }
            }
            work += merged.len();
            nnz = nnz + merged.len() - row.len();
            rows[i as usize].clear();
            rows[i as usize].extend_from_slice(&merged);
        }
        nnz += into.len();
        if nnz > FILL_BUDGET || work > work_budget {
            return None;
        }
        incoming[k] = into;
        rows[k] = Vec::new();
    }
    let mut pi = vec![0.0; n];
    pi[0] = 1.0;
    for k in 1..n {
        pi[k] = incoming[k]
            .iter()
            .map(|&(i, v)| pi[i as usize] * v)
            .sum::<f64>()
            / sums[k];
    }
    let total: f64 = pi.iter().sum();
    for p in &mut pi {
        *p /= total;
    }
    Some(pi)
}
