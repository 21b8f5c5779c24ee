//! Bounded histories: the loss per epoch and the gradient magnitudes per step,
//! kept in constant memory however long training runs.
//!
//! A [`Series`] stores rows of a fixed width. When it is full it halves itself
//! by averaging neighbouring rows and from then on averages twice as many
//! incoming rows into each stored one. The whole run stays visible, at a
//! resolution that coarsens as it grows; memory is allocated once, up front.

use alloc::vec::Vec;

/// A bounded, progressively averaged sequence of fixed-width rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    width: usize,
    capacity: usize,
    /// Stored rows, row-major.
    rows: Vec<f32>,
    /// How many pushed rows each stored row averages.
    stride: usize,
    /// Sum of the rows pushed since the last stored row.
    pending: Vec<f32>,
    pending_count: usize,
    pushed: u64,
}

impl Series {
    /// An empty series of rows `width` wide, keeping at most `capacity` rows
    /// (an even number, at least 2).
    pub fn new(width: usize, capacity: usize) -> Self {
        let capacity = capacity.max(2) & !1;
        Series {
            width,
            capacity,
            rows: Vec::with_capacity(width * capacity),
            stride: 1,
            pending: alloc::vec![0.0; width],
            pending_count: 0,
            pushed: 0,
        }
    }

    /// Values per row.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Stored rows.
    pub fn len(&self) -> usize {
        self.rows.len() / self.width.max(1)
    }

    /// True if nothing has been stored yet.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Rows pushed since the start (not all are stored separately).
    pub fn pushed(&self) -> u64 {
        self.pushed
    }

    /// How many pushed rows each stored row now averages.
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// Stored row `i`, oldest first (empty if there is no such row).
    pub fn row(&self, i: usize) -> &[f32] {
        self.rows
            .get(i * self.width..(i + 1) * self.width)
            .unwrap_or(&[])
    }

    /// Every stored row, oldest first, row-major.
    pub fn as_slice(&self) -> &[f32] {
        &self.rows
    }

    /// The newest stored row.
    pub fn last(&self) -> Option<&[f32]> {
        (!self.is_empty()).then(|| self.row(self.len() - 1))
    }

    /// Appends a row. Allocates nothing. A row of another width is ignored.
    pub fn push(&mut self, values: &[f32]) {
        if values.len() != self.width {
            return;
        }
        self.pushed += 1;
        if self.pending_count == 0 && self.len() == self.capacity {
            // Full: make room first, so this row already counts at the new stride.
            self.halve();
        }
        for (p, &v) in self.pending.iter_mut().zip(values) {
            *p += v;
        }
        self.pending_count += 1;
        if self.pending_count < self.stride {
            return;
        }
        let count = self.pending_count as f32;
        for p in self.pending.iter_mut() {
            self.rows.push(*p / count);
            *p = 0.0;
        }
        self.pending_count = 0;
    }

    /// Averages neighbouring rows in place: `capacity` rows become half as many.
    fn halve(&mut self) {
        let w = self.width;
        let half = self.len() / 2;
        for i in 0..half {
            for k in 0..w {
                let a = self.rows[2 * i * w + k];
                let b = self.rows[(2 * i + 1) * w + k];
                self.rows[i * w + k] = 0.5 * (a + b);
            }
        }
        self.rows.truncate(half * w);
        self.stride *= 2;
    }

    /// Forgets every row, keeping the allocation.
    pub fn clear(&mut self) {
        self.rows.clear();
        self.pending.fill(0.0);
        self.pending_count = 0;
        self.stride = 1;
        self.pushed = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_everything_until_full_then_averages_neighbours() {
        let mut s = Series::new(1, 4);
        for v in 0..4 {
            s.push(&[v as f32]);
        }
        assert_eq!(s.as_slice(), &[0.0, 1.0, 2.0, 3.0]);
        // Full: the fifth row halves the series, then waits for a partner.
        s.push(&[4.0]);
        assert_eq!(s.as_slice(), &[0.5, 2.5]);
        s.push(&[5.0]);
        assert_eq!(s.as_slice(), &[0.5, 2.5, 4.5]);
        assert_eq!(s.stride(), 2);
        for v in 6..1000 {
            s.push(&[v as f32]);
        }
        assert!(s.len() <= 4);
        assert_eq!(s.pushed(), 1000);
        // Stored rows are averages of consecutive pushes: increasing here.
        assert!(s.as_slice().windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn pushing_never_grows_the_allocation() {
        let mut s = Series::new(3, 16);
        let ptr = s.as_slice().as_ptr();
        for v in 0..10_000 {
            s.push(&[v as f32, 0.0, 1.0]);
        }
        assert_eq!(s.as_slice().as_ptr(), ptr);
    }
}
