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

    /// Sets every value to `value`.
    pub fn fill(&mut self, value: f32) {
        self.data.fill(value);
    }

    /// `self = a · b`.
    pub(crate) fn assign_product(&mut self, a: &Matrix, b: &Matrix) {
        debug_assert_eq!(a.cols, b.rows);
        self.reshape(a.rows, b.cols);
        for r in 0..a.rows {
            let out = &mut self.data[r * b.cols..(r + 1) * b.cols];
            out.fill(0.0);
            for (k, &a_rk) in a.row(r).iter().enumerate() {
                axpy(out, a_rk, b.row(k));
            }
        }
    }

    /// `self = a · bᵀ`.
    pub(crate) fn assign_product_transposed(&mut self, a: &Matrix, b: &Matrix) {
        debug_assert_eq!(a.cols, b.cols);
        self.reshape(a.rows, b.rows);
        for r in 0..a.rows {
            for k in 0..b.rows {
                self.data[r * b.rows + k] = dot(a.row(r), b.row(k));
            }
        }
    }

    /// `self = aᵀ · b`.
    pub(crate) fn assign_transposed_product(&mut self, a: &Matrix, b: &Matrix) {
        debug_assert_eq!(a.rows, b.rows);
        self.reshape(a.cols, b.cols);
        self.data.fill(0.0);
        for k in 0..a.rows {
            for (r, &a_kr) in a.row(k).iter().enumerate() {
                axpy(&mut self.data[r * b.cols..(r + 1) * b.cols], a_kr, b.row(k));
            }
        }
    }
}

/// `y += alpha · x` over two slices of equal length.
#[inline]
pub(crate) fn axpy(y: &mut [f32], alpha: f32, x: &[f32]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += alpha * x;
    }
}

/// `Σ a_i · b_i`, with four partial sums so the loop can vectorize.
#[inline]
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let len = a.len().min(b.len());
    let (a, b) = (&a[..len], &b[..len]);
    let mut acc = [0.0f32; 4];
    let chunks = len / 4;
    for c in 0..chunks {
        for l in 0..4 {
            acc[l] += a[4 * c + l] * b[4 * c + l];
        }
    }
    let mut sum = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for i in 4 * chunks..len {
        sum += a[i] * b[i];
    }
    sum
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
        c.assign_product(&a, &b);
        assert_eq!(c, m(2, 2, &[58., 64., 139., 154.]));

        let bt = m(2, 3, &[7., 9., 11., 8., 10., 12.]);
        c.assign_product_transposed(&a, &bt);
        assert_eq!(c, m(2, 2, &[58., 64., 139., 154.]));

        let at = m(3, 2, &[1., 4., 2., 5., 3., 6.]);
        c.assign_transposed_product(&at, &b);
        assert_eq!(c, m(2, 2, &[58., 64., 139., 154.]));
    }

    #[test]
    fn dot_handles_lengths_that_are_not_multiples_of_four() {
        let a: Vec<f32> = (1..=7).map(|i| i as f32).collect();
        assert_eq!(dot(&a, &a), 140.0);
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
