//! A small row-major `f32` matrix with the three products backpropagation needs.
//!
//! The network keeps one matrix per layer for each of `Z`, `A` and `δ`, shaped
//! *neurons × samples*: a row holds one neuron's values for every sample of
//! the mini-batch, so the inner loops run along contiguous samples (and the
//! compiler can carry several samples in one SIMD register).
//!
//! | product                  | used for                    | shapes                     |
//! |--------------------------|-----------------------------|----------------------------|
//! | `C = A · B`              | `Z = W · A_prev`            | (m×k)·(k×n) → m×n          |
//! | `C = A · Bᵀ`             | `∂L/∂W = δ · A_prevᵀ`       | (m×n)·(k×n)ᵀ → m×k         |
//! | `C = Aᵀ · B`             | `δ_prev = Wᵀ · δ`           | (k×m)ᵀ·(k×n) → m×n         |
//!
//! Buffers are reshaped in place with `Matrix::reshape`, which reuses the
//! allocation when it is large enough: a training step allocates nothing.

use alloc::vec;
use alloc::vec::Vec;

use crate::lanes::F4;

/// A dense row-major matrix of `f32`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f32>,
}

impl Matrix {
    /// A `rows × cols` matrix of zeros (0 × 0 if the size overflows).
    pub fn zeros(rows: usize, cols: usize) -> Self {
        match rows.checked_mul(cols) {
            Some(len) => Matrix {
                rows,
                cols,
                data: vec![0.0; len],
            },
            None => Matrix::default(),
        }
    }

    /// Appends a row (`row` as long as the matrix is wide).
    pub(crate) fn push_row(&mut self, row: &[f32]) {
        debug_assert_eq!(row.len(), self.cols);
        self.data.extend_from_slice(row);
        self.rows += 1;
    }

    /// Removes row `r`, keeping the others in order.
    pub(crate) fn remove_row(&mut self, r: usize) {
        if r < self.rows {
            self.data.drain(r * self.cols..(r + 1) * self.cols);
            self.rows -= 1;
        }
    }

    /// A matrix from row-major values; `None` if the length is not `rows · cols`.
    pub fn from_vec(rows: usize, cols: usize, data: Vec<f32>) -> Option<Self> {
        (data.len() == rows * cols).then_some(Matrix { rows, cols, data })
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// All values, row after row.
    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }

    /// All values, row after row, writable.
    pub fn as_mut_slice(&mut self) -> &mut [f32] {
        &mut self.data
    }

    /// Row `r` (empty if there is no such row).
    // Always inlined: the wasm build's low inlining threshold left it a call
    // per neuron per step (4 % of a batch-of-one step).
    #[inline(always)]
    pub fn row(&self, r: usize) -> &[f32] {
        self.data
            .get(r * self.cols..(r + 1) * self.cols)
            .unwrap_or(&[])
    }

    /// Row `r`, writable (empty if there is no such row).
    pub fn row_mut(&mut self, r: usize) -> &mut [f32] {
        self.data
            .get_mut(r * self.cols..(r + 1) * self.cols)
            .unwrap_or(&mut [])
    }

    /// The value at (`r`, `c`), if the matrix has that cell.
    pub fn get(&self, r: usize, c: usize) -> Option<f32> {
        (r < self.rows && c < self.cols).then(|| self.data[r * self.cols + c])
    }

    /// Sets the value at (`r`, `c`); false (and nothing changes) if the
    /// matrix has no such cell.
    pub fn set(&mut self, r: usize, c: usize, value: f32) -> bool {
        let inside = r < self.rows && c < self.cols;
        if inside {
            self.data[r * self.cols + c] = value;
        }
        inside
    }

    /// The value at (`r`, `c`), for the crate's loops whose indices are in
    /// range by construction.
    #[inline]
    pub(crate) fn at(&self, r: usize, c: usize) -> f32 {
        self.data[r * self.cols + c]
    }

    /// Sets the value at (`r`, `c`), indices in range by construction.
    #[inline]
    pub(crate) fn put(&mut self, r: usize, c: usize, value: f32) {
        self.data[r * self.cols + c] = value;
    }

    /// Changes the shape, keeping the allocation when it is big enough.
    /// The contents afterwards are unspecified (callers overwrite them).
    pub(crate) fn reshape(&mut self, rows: usize, cols: usize) {
        self.rows = rows;
        self.cols = cols;
        self.data.resize(rows * cols, 0.0);
    }

    /// The same values read as `rows × cols` (as many as before): a
    /// matrix of `F × (P·n)` is one of `(F·P) × n`, row-major.
    #[cfg_attr(not(feature = "images"), allow(dead_code))]
    pub(crate) fn set_shape(&mut self, rows: usize, cols: usize) {
        debug_assert_eq!(rows * cols, self.rows * self.cols);
        if rows * cols == self.rows * self.cols {
            self.rows = rows;
            self.cols = cols;
        }
    }

    /// Sets every value to `value`.
    pub fn fill(&mut self, value: f32) {
        self.data.fill(value);
    }

    /// `self = w · x + bias` (a layer's pre-activations: `w` is neurons ×
    /// inputs, `x` inputs × samples, one bias per neuron).
    pub(crate) fn assign_affine(&mut self, w: &Matrix, x: &Matrix, bias: &[f32]) {
        debug_assert_eq!(w.cols, x.rows);
        self.reshape(w.rows, x.cols);
        combine(
            &mut self.data,
            x.cols,
            &w.data,
            (w.cols, 1),
            x.values(),
            Some(bias),
        );
    }

    /// `self = a · bᵀ` (a layer's weight gradient `δ · A_prevᵀ`); `scratch`
    /// receives `bᵀ`, so the lanes run along contiguous inputs.
    pub(crate) fn assign_product_transposed(
        &mut self,
        a: &Matrix,
        b: &Matrix,
        scratch: &mut Matrix,
    ) {
        debug_assert_eq!(a.cols, b.cols);
        scratch.assign_transpose(b);
        self.reshape(a.rows, b.rows);
        combine(
            &mut self.data,
            b.rows,
            &a.data,
            (a.cols, 1),
            scratch.values(),
            None,
        );
    }

    /// `self = aᵀ · b` (the error a layer passes back, `Wᵀ · δ`).
    pub(crate) fn assign_transposed_product(&mut self, a: &Matrix, b: &Matrix) {
        debug_assert_eq!(a.rows, b.rows);
        self.reshape(a.cols, b.cols);
        combine(
            &mut self.data,
            b.cols,
            &a.data,
            (1, a.cols),
            b.values(),
            None,
        );
    }

    /// `self = a · b` (a product whose right side is already laid out
    /// row by row: a recurrent layer's weight gradients, summed over time).
    #[cfg(feature = "sequences")]
    pub(crate) fn assign_product(&mut self, a: &Matrix, b: &Matrix) {
        debug_assert_eq!(a.cols, b.rows);
        self.reshape(a.rows, b.cols);
        combine(
            &mut self.data,
            b.cols,
            &a.data,
            (a.cols, 1),
            b.values(),
            None,
        );
    }

    /// The values, row after row (`rows × cols` of them).
    fn values(&self) -> &[f32] {
        &self.data[..self.rows * self.cols]
    }

    /// `self = aᵀ`.
    pub(crate) fn assign_transpose(&mut self, a: &Matrix) {
        self.reshape(a.cols, a.rows);
        for (r, row) in a.data[..a.rows * a.cols]
            .chunks_exact(a.cols.max(1))
            .enumerate()
        {
            for (c, &v) in row.iter().enumerate() {
                self.data[c * a.rows + r] = v;
            }
        }
    }
}

/// `out = w · x + bias` on a block of a larger buffer: `x` is `w.cols()`
/// rows of `cols` values, `out` `w.rows()` rows of `cols` (a recurrent
/// layer's step `t`, whose inputs and states are blocks of the batch).
#[cfg(feature = "sequences")]
pub(crate) fn affine_block(
    out: &mut [f32],
    w: &Matrix,
    x: &[f32],
    cols: usize,
    bias: Option<&[f32]>,
) {
    debug_assert_eq!(x.len(), w.cols * cols);
    debug_assert_eq!(out.len(), w.rows * cols);
    combine(out, cols, &w.data, (w.cols, 1), x, bias);
}

/// `out = wᵀ · d` on blocks: `d` is `w.rows()` rows of `cols` values,
/// `out` `w.cols()` rows of `cols` (the error a recurrent step hands back).
#[cfg(feature = "sequences")]
pub(crate) fn transposed_product_block(out: &mut [f32], w: &Matrix, d: &[f32], cols: usize) {
    debug_assert_eq!(d.len(), w.rows * cols);
    debug_assert_eq!(out.len(), w.cols * cols);
    combine(out, cols, &w.data, (1, w.cols), d, None);
}

/// The one kernel of every product: row `r` of `out` (rows of `cols`
/// values) becomes `bias[r] + Σ_j coef[r·rs + j·js] · b_j` (`b_j`: row `j`
/// of `b`), summed over j in order. Every output is that same sequence of
/// additions whatever the path, so a sample's result does not depend on
/// the batch it came in.
///
/// A row of accumulators carries 16, 10, 8 or 4 columns (the most that
/// fit: four, three, two or one 128-bit SIMD registers, kept in registers
/// across j; 10 is the page's default mini-batch); the last few columns
/// are one more such pass over the last 16, 8 or 4 (recomputing some, to
/// the same bits) rather than a scalar tail. One to three columns (a batch
/// of one to three; the weight gradient of a layer with one to three
/// inputs) run their lanes across four output rows instead. (For four or
/// more columns, four rows of accumulators side by side measured faster in
/// Node at batch 100 but slower in Chromium at batch 10 and on the grid:
/// there a row of accumulators is one row.)
fn combine(
    out: &mut [f32],
    cols: usize,
    coef: &[f32],
    strides: (usize, usize),
    b: &[f32],
    bias: Option<&[f32]>,
) {
    match cols {
        16.. => combine_lanes::<16>(out, cols, coef, strides, b, bias),
        // The page's default mini-batch: one pass of ten, not two of eight.
        10 => combine_lanes::<10>(out, cols, coef, strides, b, bias),
        8..16 => combine_lanes::<8>(out, cols, coef, strides, b, bias),
        4..8 => combine_lanes::<4>(out, cols, coef, strides, b, bias),
        1..4 => combine_narrow(out, cols, coef, strides, b, bias),
        0 => {}
    }
}

/// [`combine`] for one to three columns (a batch of one to three; the
/// weight gradient of a layer with one to three inputs): the lanes run across
/// four output rows instead, each column its own register of four rows'
/// sums; the last rows are one more block over the last four (fewer than
/// four rows: each computed four times over).
fn combine_narrow(
    out: &mut [f32],
    cols: usize,
    coef: &[f32],
    (rs, js): (usize, usize),
    b: &[f32],
    bias: Option<&[f32]>,
) {
    let inner = b.len() / cols;
    let rows = out.len() / cols;
    let apart = usize::from(rows >= 4);
    let gap = rs * apart;
    let mut r = 0;
    while r < rows {
        let top = if rows >= 4 { r.min(rows - 4) } else { r };
        let row = [top, top + apart, top + 2 * apart, top + 3 * apart];
        let init = F4::load(&row.map(|i| bias.and_then(|b| b.get(i)).copied().unwrap_or(0.0)));
        let mut acc = [init; 3];
        for j in 0..inner {
            let first = top * rs + j * js;
            let (Some(kc), Some(bj)) = (
                coef.get(first..first + 3 * gap + 1),
                b.get(j * cols..j * cols + cols),
            ) else {
                break;
            };
            let k = F4::load(&[kc[0], kc[gap], kc[2 * gap], kc[3 * gap]]);
            for (acc, &x) in acc.iter_mut().zip(bj) {
                *acc = acc.add_product(k, F4::splat(x));
            }
        }
        for (c, acc) in acc.iter().enumerate().take(cols) {
            let mut sums = [0.0; 4];
            acc.store(&mut sums);
            for (&i, &v) in row.iter().zip(&sums) {
                if let Some(o) = out.get_mut(i * cols + c) {
                    *o = v;
                }
            }
        }
        r = top + 1 + 3 * apart;
    }
}

/// [`combine`] with `N` columns per row of accumulators (`cols ≥ N`).
fn combine_lanes<const N: usize>(
    out: &mut [f32],
    cols: usize,
    coef: &[f32],
    (rs, js): (usize, usize),
    b: &[f32],
    bias: Option<&[f32]>,
) {
    let bs = b;
    for (r, orow) in out.chunks_exact_mut(cols).enumerate() {
        let init = bias.and_then(|b| b.get(r)).copied().unwrap_or(0.0);
        let row_coef = coef.get(r * rs..).unwrap_or_default();
        let mut c = 0;
        while c < cols {
            let at = c.min(cols - N);
            let mut acc = [init; N];
            // Iterators, not indices: no bounds check inside the sum.
            for (&k, bj) in row_coef
                .iter()
                .step_by(js.max(1))
                .zip(bs.chunks_exact(cols))
            {
                let bj = &bj[at..at + N];
                for l in 0..N {
                    acc[l] += k * bj[l];
                }
            }
            orow[at..at + N].copy_from_slice(&acc);
            c = at + N;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(rows: usize, cols: usize, v: &[f32]) -> Matrix {
        Matrix::from_vec(rows, cols, v.to_vec()).expect("shape")
    }

    #[test]
    fn the_three_products_match_hand_computed_values() {
        let a = m(2, 3, &[1., 2., 3., 4., 5., 6.]);
        let b = m(3, 2, &[7., 8., 9., 10., 11., 12.]);
        let mut c = Matrix::default();
        c.assign_affine(&a, &b, &[0.0, 0.0]);
        assert_eq!(c, m(2, 2, &[58., 64., 139., 154.]));
        c.assign_affine(&a, &b, &[1.0, -1.0]);
        assert_eq!(c, m(2, 2, &[59., 65., 138., 153.]));

        let bt = m(2, 3, &[7., 9., 11., 8., 10., 12.]);
        let mut scratch = Matrix::default();
        c.assign_product_transposed(&a, &bt, &mut scratch);
        assert_eq!(c, m(2, 2, &[58., 64., 139., 154.]));

        let at = m(3, 2, &[1., 4., 2., 5., 3., 6.]);
        c.assign_transposed_product(&at, &b);
        assert_eq!(c, m(2, 2, &[58., 64., 139., 154.]));
    }

    /// The plain triple loop, summing in the order the kernels promise.
    fn naive(a: &Matrix, b: &Matrix) -> Matrix {
        let mut out = Matrix::zeros(a.rows(), b.cols());
        for r in 0..a.rows() {
            for c in 0..b.cols() {
                let mut acc = 0.0f32;
                for k in 0..a.cols() {
                    acc += a.at(r, k) * b.at(k, c);
                }
                out.put(r, c, acc);
            }
        }
        out
    }

    fn filled(rows: usize, cols: usize, seed: f32) -> Matrix {
        let v: Vec<f32> = (0..rows * cols)
            .map(|i| libm::sinf((i as f32 + seed) * 0.37))
            .collect();
        m(rows, cols, &v)
    }

    #[test]
    fn every_kernel_path_agrees_bit_for_bit_with_the_plain_loop() {
        // Batches on each side of the narrow (< 4), 4-wide and 8-wide paths.
        for samples in [1, 2, 3, 4, 5, 7, 8, 9, 10, 15, 16, 17, 19, 40] {
            for (neurons, inputs) in [
                (1, 2),
                (3, 5),
                (8, 8),
                (9, 17),
                (16, 3),
                (4, 1),
                (16, 1),
                (1, 4),
            ] {
                let w = filled(neurons, inputs, 1.0);
                let x = filled(inputs, samples, 2.0);
                let mut c = Matrix::default();
                c.assign_affine(&w, &x, &vec![0.0; neurons]);
                assert_eq!(c, naive(&w, &x), "affine {neurons}×{inputs}·{samples}");

                let d = filled(neurons, samples, 3.0);
                let mut xt = Matrix::default();
                xt.assign_transpose(&x);
                let mut scratch = Matrix::default();
                c.assign_product_transposed(&d, &x, &mut scratch);
                assert_eq!(c, naive(&d, &xt), "δ·xᵀ {neurons}×{samples}·{inputs}");

                let mut wt = Matrix::default();
                wt.assign_transpose(&w);
                c.assign_transposed_product(&w, &d);
                assert_eq!(c, naive(&wt, &d), "wᵀ·δ {inputs}×{neurons}·{samples}");
            }
        }
    }

    #[test]
    fn checked_access_answers_none_or_empty_outside_the_matrix() {
        let x = m(2, 2, &[1., 2., 3., 4.]);
        assert_eq!(x.get(1, 0), Some(3.0));
        assert_eq!(x.get(2, 0), None);
        assert_eq!(x.get(0, 2), None);
        assert_eq!(x.row(1), &[3.0, 4.0]);
        assert!(x.row(5).is_empty());
        assert_eq!(Matrix::zeros(usize::MAX, 2).rows(), 0);
    }

    #[test]
    fn reshape_reuses_the_allocation() {
        let mut x = Matrix::zeros(4, 8);
        let ptr = x.as_slice().as_ptr();
        x.reshape(2, 3);
        x.reshape(4, 8);
        assert_eq!(x.as_slice().as_ptr(), ptr);
        assert_eq!((x.rows(), x.cols()), (4, 8));
    }
}
