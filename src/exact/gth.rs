//! Steady state of a chain by the Grassmann–Taksar–Heyman algorithm (state reduction with no
//! subtraction, so that probabilities of 1e-15 keep full relative precision), on sparse
//! rows: states are eliminated from the last (most failed, in breadth-first order) to the
//! first, which keeps fill-in small for availability models. Falls back to Gauss–Seidel
//! with a checked residual when the fill-in would exceed a memory budget.

use super::chain::Chain;

/// Fill-in entries GTH may create before the iterative solver is used instead.
const FILL_BUDGET: usize = 40_000_000;

/// How the steady state was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Exact state reduction.
    Gth,
    /// Gauss–Seidel iterations until the relative residual of every balance equation was
    /// below 1e-12.
    GaussSeidel,
}

/// The stationary distribution of an irreducible chain.
pub fn steady_state(chain: &Chain) -> Result<(Vec<f64>, Method), String> {
    match gth(chain) {
        Some(pi) => Ok((pi, Method::Gth)),
        None => gauss_seidel(chain).map(|pi| (pi, Method::GaussSeidel)),
    }
}

/// GTH; `None` when the fill-in budget is exceeded.
pub fn gth(chain: &Chain) -> Option<Vec<f64>> {
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
            nnz = nnz + merged.len() - row.len();
            rows[i as usize].clear();
            rows[i as usize].extend_from_slice(&merged);
        }
        nnz += into.len();
        if nnz > FILL_BUDGET {
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

/// Gauss–Seidel on the balance equations, normalised each sweep, until every equation's
/// relative residual is below 1e-12.
pub fn gauss_seidel(chain: &Chain) -> Result<Vec<f64>, String> {
    let n = chain.len();
    let exit: Vec<f64> = chain
        .rates
        .iter()
        .map(|row| row.iter().map(|&(_, r)| r).sum())
        .collect();
    let mut incoming: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for (i, row) in chain.rates.iter().enumerate() {
        for &(j, r) in row {
            incoming[j as usize].push((i as u32, r));
        }
    }
    let mut pi = vec![1.0 / n as f64; n];
    for sweep in 0..100_000 {
        for j in 0..n {
            let inflow: f64 = incoming[j].iter().map(|&(i, r)| pi[i as usize] * r).sum();
            pi[j] = inflow / exit[j];
        }
        let total: f64 = pi.iter().sum();
        for p in &mut pi {
            *p /= total;
        }
        if sweep % 10 == 9 {
            let worst = (0..n)
                .map(|j| {
                    let inflow: f64 = incoming[j].iter().map(|&(i, r)| pi[i as usize] * r).sum();
                    let outflow = pi[j] * exit[j];
                    if outflow > 0.0 {
                        (inflow - outflow).abs() / outflow
                    } else {
                        0.0
                    }
                })
                .fold(0.0, f64::max);
            if worst < 1e-12 {
                return Ok(pi);
            }
        }
    }
    Err(format!(
        "the iterative solver did not reach a residual of 1e-12 on the {n}-state chain"
    ))
}
