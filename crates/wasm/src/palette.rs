//! Colours. Classes use the Okabe–Ito palette, which stays distinguishable
//! with every common form of colour blindness; magnitudes use viridis, which
//! is perceptually uniform and readable in grey.

/// An RGB colour.
pub type Rgb = [u8; 3];

/// Class colours (Okabe–Ito): orange, blue, bluish green, vermillion,
/// reddish purple, sky blue, yellow, black.
pub const CLASS: [Rgb; 8] = [
    [230, 159, 0],
    [0, 114, 178],
    [0, 158, 115],
    [213, 94, 0],
    [204, 121, 167],
    [86, 180, 233],
    [240, 228, 66],
    [0, 0, 0],
];

/// The training curve: blue.
pub const TRAIN: Rgb = CLASS[1];
/// The test curve: vermillion.
pub const TEST: Rgb = CLASS[3];

/// Links and biases of positive weight: blue, like class 1 (a positive
/// weight pushes towards class 1).
pub const POSITIVE: Rgb = CLASS[1];
/// Negative weights: orange, like class 0.
pub const NEGATIVE: Rgb = CLASS[0];

/// The background where the network is undecided.
pub const NEUTRAL: Rgb = [255, 255, 255];

/// How far the background of a fully confident region moves towards the
/// class colour: the points, drawn at full strength, must stand out on it.
const BACKGROUND_STRENGTH: f32 = 0.55;

/// The colour of class `k` as CSS text.
pub fn css(c: Rgb) -> String {
    format!("rgb({},{},{})", c[0], c[1], c[2])
}

/// The colour of class `k` (cycling after eight classes).
pub fn class(k: usize) -> Rgb {
    CLASS[k % CLASS.len()]
}

/// `a` moved towards `b` by `t` in 0..=1.
pub fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let m = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    [m(a[0], b[0]), m(a[1], b[1]), m(a[2], b[2])]
}

/// Background of a binary or regression output: `t` in −1..=1, class 0's
/// colour below 0, class 1's above, white at 0. NaN (a diverged network)
/// is drawn grey.
pub fn diverging(t: f32) -> Rgb {
    if t.is_nan() {
        return [160, 160, 160];
    }
    let t = t.clamp(-1.0, 1.0);
    if t < 0.0 {
        mix(NEUTRAL, class(0), -t * BACKGROUND_STRENGTH)
    } else {
        mix(NEUTRAL, class(1), t * BACKGROUND_STRENGTH)
    }
}

/// Background of a multiclass output: the probability-weighted class colour,
/// faded towards white as the network is less sure.
pub fn blend(probabilities: &[f32]) -> Rgb {
    let k = probabilities.len().max(1) as f32;
    let mut rgb = [0.0f32; 3];
    let mut best = 0.0f32;
    for (i, &p) in probabilities.iter().enumerate() {
        if p.is_nan() {
            return [160, 160, 160];
        }
        let c = class(i);
        for ch in 0..3 {
            rgb[ch] += p * c[ch] as f32;
        }
        best = best.max(p);
    }
    let confidence = ((best - 1.0 / k) / (1.0 - 1.0 / k)).clamp(0.0, 1.0);
    let colour = [rgb[0] as u8, rgb[1] as u8, rgb[2] as u8];
    mix(NEUTRAL, colour, confidence * BACKGROUND_STRENGTH)
}

/// Viridis at `t` in 0..=1 (dark purple → blue → green → yellow).
pub fn viridis(t: f32) -> Rgb {
    const STOPS: [Rgb; 5] = [
        [68, 1, 84],
        [59, 82, 139],
        [33, 145, 140],
        [94, 201, 98],
        [253, 231, 37],
    ];
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let x = t * (STOPS.len() - 1) as f32;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    mix(STOPS[i], STOPS[i + 1], x - i as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diverging_runs_from_class_0_through_white_to_class_1() {
        assert_eq!(diverging(0.0), NEUTRAL);
        assert_eq!(diverging(-1.0), mix(NEUTRAL, class(0), BACKGROUND_STRENGTH));
        assert_eq!(diverging(1.0), mix(NEUTRAL, class(1), BACKGROUND_STRENGTH));
        assert_eq!(diverging(5.0), diverging(1.0));
        assert_eq!(diverging(f32::NAN), [160, 160, 160]);
    }

    #[test]
    fn blend_is_white_when_unsure_and_coloured_when_sure() {
        assert_eq!(blend(&[1.0 / 3.0; 3]), NEUTRAL);
        let sure = blend(&[0.0, 0.0, 1.0]);
        assert_eq!(sure, mix(NEUTRAL, class(2), BACKGROUND_STRENGTH));
    }

    #[test]
    fn viridis_ends_and_middle() {
        assert_eq!(viridis(0.0), [68, 1, 84]);
        assert_eq!(viridis(1.0), [253, 231, 37]);
        assert_eq!(viridis(0.5), [33, 145, 140]);
    }
}
