//! The HTML report's charts, drawn as inline SVG (no scripts, no network, and
//! they print): a half-circle gauge for the overall score and a horizontal
//! bar chart of the category scores.

use std::fmt::Write;

use crate::render::html::escape;

/// The colour of a score, as a CSS variable of the report's stylesheet.
pub fn score_color(score: f64) -> &'static str {
    if score >= 8.0 {
        "var(--good)"
    } else if score >= 5.0 {
        "var(--fair)"
    } else {
        "var(--poor)"
    }
}

/// A point on the gauge's circle, `fraction` 0 (left) → 1 (right).
fn gauge_point(fraction: f64, cx: f64, cy: f64, r: f64) -> (f64, f64) {
    let angle = std::f64::consts::PI * (1.0 - fraction);
    (cx + r * angle.cos(), cy - r * angle.sin())
}

/// Overall score gauge: a grey track and a coloured arc over 0–10.
pub fn gauge(score: f64, grade: &str) -> String {
    let (cx, cy, r) = (110.0, 110.0, 90.0);
    let fraction = (score / 10.0).clamp(0.0, 1.0);
    let (sx, sy) = gauge_point(0.0, cx, cy, r);
    let (ex, ey) = gauge_point(1.0, cx, cy, r);
    let (vx, vy) = gauge_point(fraction, cx, cy, r);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg id=\"score-gauge\" class=\"gauge\" viewBox=\"0 0 220 130\" width=\"220\" height=\"130\" role=\"img\" \
         aria-label=\"Overall score {score:.1} out of 10, grade {grade}\">"
    );
    let _ = write!(svg, "<path d=\"M {sx:.1} {sy:.1} A {r} {r} 0 0 1 {ex:.1} {ey:.1}\" class=\"gauge-track\"/>");
    if fraction > 0.0 {
        let _ = write!(
            svg,
            "<path d=\"M {sx:.1} {sy:.1} A {r} {r} 0 0 1 {vx:.1} {vy:.1}\" class=\"gauge-value\" style=\"stroke:{}\"/>",
            score_color(score)
        );
    }
    let _ = write!(svg, "<text x=\"{cx}\" y=\"98\" class=\"gauge-score\">{score:.1}</text>");
    let _ = write!(svg, "<text x=\"{cx}\" y=\"122\" class=\"gauge-grade\">/ 10 · grade {}</text>", escape(grade));
    svg.push_str("</svg>");
    svg
}

/// Category scores as horizontal bars, in the order given.
pub fn category_bars(rows: &[(String, f64)]) -> String {
    let (label_width, bar_width, row_height) = (130.0, 330.0, 26.0);
    let height = row_height * rows.len() as f64 + 8.0;
    let width = label_width + bar_width + 60.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg id=\"category-chart\" class=\"bars\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" \
         aria-label=\"Score per category\">"
    );
    for (i, (name, score)) in rows.iter().enumerate() {
        let y = 4.0 + row_height * i as f64;
        let length = bar_width * (score / 10.0).clamp(0.0, 1.0);
        let _ = write!(svg, "<g class=\"bar\" data-category=\"{}\">", escape(name));
        let _ = write!(svg, "<text x=\"{}\" y=\"{:.1}\" class=\"bar-label\">{}</text>", label_width - 8.0, y + 17.0, escape(name));
        let _ = write!(svg, "<rect x=\"{label_width}\" y=\"{:.1}\" width=\"{bar_width}\" height=\"18\" rx=\"3\" class=\"bar-track\"/>", y + 3.0);
        if length > 0.0 {
            let _ = write!(
                svg,
                "<rect x=\"{label_width}\" y=\"{:.1}\" width=\"{length:.1}\" height=\"18\" rx=\"3\" style=\"fill:{}\"/>",
                y + 3.0,
                score_color(*score)
            );
        }
        let _ = write!(svg, "<text x=\"{:.1}\" y=\"{:.1}\" class=\"bar-value\">{score:.1}</text></g>", label_width + bar_width + 8.0, y + 17.0);
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauge_arc_ends_where_the_score_is() {
        assert!(gauge(10.0, "A+").contains("A 90 90 0 0 1 200.0 110.0\" class=\"gauge-value\""));
        assert!(!gauge(0.0, "F").contains("gauge-value"), "no arc for zero");
        assert!(gauge(5.0, "C").contains("110.0 20.0"), "half way is the top");
    }

    #[test]
    fn bars_scale_to_ten() {
        let svg = category_bars(&[("security".into(), 5.0), ("testing".into(), 0.0)]);
        assert!(svg.contains("width=\"165.0\""));
        assert_eq!(svg.matches("<g class=\"bar\"").count(), 2);
    }
}
