//! A batch of sequences, unrolled: how the recurrent layers lay out time.
//!
//! A batch holds each sample as one column, so a sequence of `T` steps of
//! `R` values is `T · R` rows, step after step: step `t` is the block of
//! rows `t·R .. (t+1)·R`, an `R × n` matrix lying whole in memory. The
//! recurrent layers run their steps on these blocks, and keep their states
//! the same way (`(T + 1)` blocks of `H × n`: the state before the first
//! step, then after each).
//!
//! A weight gradient sums over every step and every sample. Rather than one
//! small product per step, the backward pass lays the step blocks side by
//! side and runs one product over all `T · n` columns:
//!
//! ```text
//! ∂L/∂W = Σ_t δ_t · X_tᵀ = [δ_0 δ_1 … δ_T−1] · [X_0 X_1 … X_T−1]ᵀ
//! ```
//!
//! with the left side as units × (steps · samples) ([`side_by_side`]) and
//! the right side already transposed, (steps · samples) × inputs
//! ([`transposed_blocks`]).

use crate::Matrix;

/// Block `t` of `blocks`, each `len` values long.
pub(super) fn block(blocks: &[f32], t: usize, len: usize) -> &[f32] {
    &blocks[t * len..(t + 1) * len]
}

/// Block `t` of `blocks`, writable.
pub(super) fn block_mut(blocks: &mut [f32], t: usize, len: usize) -> &mut [f32] {
    &mut blocks[t * len..(t + 1) * len]
}

/// `out = [B_0 B_1 … B_T−1]`: the first `steps` blocks of `src` (each
/// `rows × n`) side by side, `rows × (steps · n)`.
pub(super) fn side_by_side(src: &[f32], steps: usize, rows: usize, n: usize, out: &mut Matrix) {
    out.reshape(rows, steps * n);
    let width = steps * n;
    let dst = out.as_mut_slice();
    for t in 0..steps {
        for r in 0..rows {
            let from = &src[(t * rows + r) * n..(t * rows + r + 1) * n];
            dst[r * width + t * n..r * width + (t + 1) * n].copy_from_slice(from);
        }
    }
}

/// `out = [B_0 B_1 … B_T−1]ᵀ`: the first `steps` blocks of `src` (each
/// `rows × n`), each transposed, one under the other: `(steps · n) × rows`,
/// row `t·n + s` holding sample `s`'s values at step `t`.
pub(super) fn transposed_blocks(
    src: &[f32],
    steps: usize,
    rows: usize,
    n: usize,
    out: &mut Matrix,
) {
    out.reshape(steps * n, rows);
    let dst = out.as_mut_slice();
    for t in 0..steps {
        for r in 0..rows {
            let from = &src[(t * rows + r) * n..(t * rows + r + 1) * n];
            for (s, &v) in from.iter().enumerate() {
                dst[(t * n + s) * rows + r] = v;
            }
        }
    }
}

/// The mean of `|v|` over `values` (0 for none).
pub(super) fn mean_abs(values: &[f32]) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().map(|v| v.abs()).sum::<f32>() / values.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_laid_side_by_side_and_transposed() {
        // Two steps of a 2 × 3 block: value = 100·t + 10·r + s.
        let src: alloc::vec::Vec<f32> = (0..2)
            .flat_map(|t| {
                (0..2).flat_map(move |r| (0..3).map(move |s| (100 * t + 10 * r + s) as f32))
            })
            .collect();
        let mut wide = Matrix::default();
        side_by_side(&src, 2, 2, 3, &mut wide);
        assert_eq!((wide.rows(), wide.cols()), (2, 6));
        assert_eq!(wide.row(1), &[10.0, 11.0, 12.0, 110.0, 111.0, 112.0]);
        let mut tall = Matrix::default();
        transposed_blocks(&src, 2, 2, 3, &mut tall);
        assert_eq!((tall.rows(), tall.cols()), (6, 2));
        assert_eq!(tall.row(4), &[101.0, 111.0]);
    }
}
