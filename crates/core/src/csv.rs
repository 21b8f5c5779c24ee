//! Points as CSV text, in and out: what a learner downloads, edits in a
//! spreadsheet and loads back.
//!
//! ```text
//! x,y,label,set
//! -1.5,2,1,train
//! 0.25,-3,0,test
//! ```
//!
//! The header names the columns; `set` is optional (every point trains
//! without it). Blank lines are skipped. Each value is checked as a typed
//! point is (finite coordinates within ±1000, a label the task allows), and
//! a refusal names the line: "line 7: a label of a binary task must be 0 or
//! 1, got 2".

use crate::dataset::{Dataset, Point, Task};
use crate::error::{Error, Result};
use crate::Limits;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;

/// The header the points are written with.
pub const HEADER: &str = "x,y,label,set";

/// The training and test points of `text` for `task`, within `limits`.
///
/// ```
/// use nnplay_core::{csv::parse_points, Limits, Task};
/// let (train, test) = parse_points("x,y,label\n1,2,1\n-1,0,0\n", Task::Binary, &Limits::default())?;
/// assert_eq!((train.len(), test.len()), (2, 0));
/// let err = parse_points("x,y,label\n1,2,7\n", Task::Binary, &Limits::default()).unwrap_err();
/// assert_eq!(err.to_string(), "line 2: a label of a binary task must be 0 or 1, got 7");
/// # Ok::<(), nnplay_core::Error>(())
/// ```
pub fn parse_points(text: &str, task: Task, limits: &Limits) -> Result<(Vec<Point>, Vec<Point>)> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let (_, header) = lines.next().ok_or_else(|| {
        csv_error(
            1,
            "the text is empty; the first line must be the header x,y,label",
        )
    })?;
    let columns: Vec<String> = header
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    let with_set = match columns
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["x", "y", "label"] => false,
        ["x", "y", "label", "set"] => true,
        _ => {
            return Err(csv_error(
                1,
                format!(
                    "the header must be x,y,label or x,y,label,set, got {}",
                    shorten(header)
                ),
            ))
        }
    };
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (line, row) in lines {
        let cells: Vec<&str> = row.split(',').map(str::trim).collect();
        if cells.len() != columns.len() {
            return Err(csv_error(
                line,
                format!(
                    "{} values expected ({}), got {}",
                    columns.len(),
                    columns.join(","),
                    cells.len()
                ),
            ));
        }
        let number = |i: usize| -> Result<f32> {
            cells[i].parse::<f32>().map_err(|_| {
                csv_error(
                    line,
                    format!("{} must be a number, got {}", columns[i], shorten(cells[i])),
                )
            })
        };
        let point = Point::checked(number(0)?, number(1)?, number(2)?, task)
            .map_err(|e| csv_error(line, format!("{e}")))?;
        let is_test = with_set
            && match cells[3] {
                "train" => false,
                "test" => true,
                other => {
                    return Err(csv_error(
                        line,
                        format!("set must be train or test, got {}", shorten(other)),
                    ))
                }
            };
        if train.len() + test.len() >= limits.max_points {
            return Err(csv_error(
                line,
                format!("at most {} points fit", limits.max_points),
            ));
        }
        if is_test {
            test.push(point);
        } else {
            train.push(point);
        }
    }
    if train.is_empty() {
        return Err(Error::NoData {
            what: "training set",
        });
    }
    Ok((train, test))
}

/// Every point of `data` as CSV, training points first.
pub fn write_points(data: &Dataset) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for (set, points) in [("train", &data.train), ("test", &data.test)] {
        for p in points.points() {
            let _ = writeln!(out, "{},{},{},{set}", p.x1, p.x2, p.label);
        }
    }
    out
}

fn csv_error(line: usize, reason: impl Into<String>) -> Error {
    Error::Csv {
        line,
        reason: reason.into(),
    }
}

/// A value quoted in an error, cut to 30 characters. (Quoted by hand:
/// `{:?}` would bring Rust's string escaping into the wasm module.)
fn shorten(text: &str) -> String {
    let short: String = text.chars().take(30).collect();
    format!("\"{short}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DatasetKind, Trainer, TrainerConfig};

    #[test]
    fn points_round_trip_through_csv() {
        let t = Trainer::new(TrainerConfig {
            dataset: DatasetKind::Spiral3,
            ..TrainerConfig::default()
        })
        .expect("valid");
        let text = write_points(t.data());
        let (train, test) = parse_points(&text, t.task(), &Limits::default()).expect("its own CSV");
        assert_eq!(train, t.data().train.points().collect::<Vec<_>>());
        assert_eq!(test, t.data().test.points().collect::<Vec<_>>());
    }

    #[test]
    fn bad_rows_are_refused_with_their_line() {
        let limits = Limits::default();
        let cases = [
            (
                "",
                "line 1: the text is empty; the first line must be the header x,y,label",
            ),
            (
                "a,b,c\n1,2,1",
                "line 1: the header must be x,y,label or x,y,label,set, got \"a,b,c\"",
            ),
            (
                "x,y,label\n1,2,1\n\n3,abc,0",
                "line 4: y must be a number, got \"abc\"",
            ),
            (
                "x,y,label\n1,2",
                "line 2: 3 values expected (x,y,label), got 2",
            ),
            (
                "x,y,label\n1,NaN,1",
                "line 2: a point's y must be a finite number from -1000 to 1000, got NaN",
            ),
            (
                "x,y,label\n1e9,0,1",
                "line 2: a point's x must be a finite number from -1000 to 1000, got 1000000000",
            ),
            (
                "x,y,label,set\n1,0,1,dev",
                "line 2: set must be train or test, got \"dev\"",
            ),
            (
                "x,y,label,set\n1,0,1,test",
                "the training set has no points",
            ),
        ];
        for (text, message) in cases {
            let err = parse_points(text, Task::Binary, &limits).expect_err(text);
            assert_eq!(err.to_string(), message);
        }
        let many: String = core::iter::once("x,y,label\n".into())
            .chain((0..5001).map(|i| format!("{},0,1\n", i % 100)))
            .collect();
        assert_eq!(
            parse_points(&many, Task::Binary, &limits)
                .unwrap_err()
                .to_string(),
            "line 5002: at most 5000 points fit"
        );
    }
}
