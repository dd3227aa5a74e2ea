//! Checking exact solvers against closed forms: the 1e-9 relative comparison and the
//! binomial coefficients of k-of-n sums (tests/solve.rs, tests/exact_large.rs).

/// Asserts |value - exact| <= 1e-9 |exact|.
pub fn close(label: &str, value: f64, exact: f64) {
    let error = ((value - exact) / exact).abs();
    println!("{label}: {value:e} vs exact {exact:e} (relative error {error:.1e})");
    assert!(
        error <= 1e-9,
        "{label}: {value:e} differs from {exact:e} by {error:e} relative"
    );
}

/// ln C(n, k), exact in f64 for the sizes used: a sum of logarithms, no gamma function.
pub fn ln_choose(n: usize, k: usize) -> f64 {
    (0..k)
        .map(|i| (((n - i) as f64) / ((k - i) as f64)).ln())
        .sum()
}
