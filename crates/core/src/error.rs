//! The one error type of the core. Every mistake a learner can make (a
//! learning rate of -1, a network 40 layers deep, a point at NaN) comes back
//! as an [`Error`] whose message says what was wrong and what is allowed.

use alloc::string::String;
use core::fmt;

/// Errors a user can cause. Internal invariants are `debug_assert!`s instead.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// A number outside its allowed range, or not finite.
    OutOfRange {
        /// What the number is ("learning rate", "neurons in hidden layer 2").
        what: String,
        /// What is allowed, in words ("a finite number > 0").
        allowed: String,
        /// The value that was given, as text (it may be NaN or huge).
        got: String,
    },
    /// Two settings that cannot go together.
    Incompatible {
        /// The explanation, naming both settings.
        reason: String,
    },
    /// Sizes that do not fit, such as an input row of the wrong length.
    ShapeMismatch {
        /// The operation that was asked for.
        op: &'static str,
        /// The size it needs.
        expected: usize,
        /// The size it got.
        got: usize,
    },
    /// There are no points to train or evaluate on.
    NoData {
        /// Which set is empty ("training set").
        what: &'static str,
    },
    /// A line of CSV text that cannot be read.
    Csv {
        /// The line (from 1).
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A model file that cannot be read.
    Model {
        /// What is wrong with it.
        reason: String,
    },
}

/// `Result` with the core's [`Error`].
pub type Result<T> = core::result::Result<T, Error>;

impl Error {
    /// Shorthand for [`Error::OutOfRange`].
    pub fn out_of_range(
        what: impl Into<String>,
        allowed: impl Into<String>,
        got: impl fmt::Display,
    ) -> Self {
        Error::OutOfRange {
            what: what.into(),
            allowed: allowed.into(),
            got: alloc::format!("{got}"),
        }
    }

    /// Shorthand for [`Error::Incompatible`].
    pub fn incompatible(reason: impl Into<String>) -> Self {
        Error::Incompatible {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::OutOfRange { what, allowed, got } => {
                write!(f, "{what} must be {allowed}, got {got}")
            }
            Error::Incompatible { reason } => f.write_str(reason),
            Error::ShapeMismatch { op, expected, got } => {
                write!(f, "{op} needs {expected} values, got {got}")
            }
            Error::NoData { what } => write!(f, "the {what} has no points"),
            Error::Model { reason } => write!(f, "cannot read the model file: {reason}"),
            Error::Csv { line, reason } => write!(f, "line {line}: {reason}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// Checks that `value` is finite and within `min..=max`.
pub(crate) fn check_range(what: impl Into<String>, value: f32, min: f32, max: f32) -> Result<f32> {
    if value.is_finite() && value >= min && value <= max {
        Ok(value)
    } else {
        Err(Error::out_of_range(
            what,
            alloc::format!("a finite number from {min} to {max}"),
            value,
        ))
    }
}

/// Checks that `value` is a whole number within `min..=max`.
pub(crate) fn check_count(
    what: impl Into<String>,
    value: usize,
    min: usize,
    max: usize,
) -> Result<usize> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(Error::out_of_range(
            what,
            alloc::format!("a whole number from {min} to {max}"),
            value,
        ))
    }
}
