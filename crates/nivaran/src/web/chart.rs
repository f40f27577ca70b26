//! Trend charts drawn on the server as SVG: no script, readable on a cheap phone, printable, and
//! the same drawing goes into the PDF reports. The page puts the numbers in a table beside it.

use nivaran_reports::nice_step;
use std::fmt::Write;

/// One line of a chart.
pub struct Series<'a> {
    pub label: &'a str,
    /// A colour the three lines can be told apart by, also in grey print (with the dash).
    pub colour: &'static str,
    pub dash: &'static str,
    pub values: &'a [i64],
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 56.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A line chart of `series` over `labels` (one per point), titled `title`.
pub fn line_chart(title: &str, labels: &[String], series: &[Series<'_>]) -> String {
    let points = labels.len().max(1);
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let step = nice_step(max);
    let top_value = ((max + step - 1) / step) * step;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |i: usize| {
        if points == 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (points - 1) as f64
        }
    };
    let y = |v: i64| TOP + plot_h - plot_h * v as f64 / top_value as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-label="{}" class="chart" font-family="Noto Sans, Noto Sans Devanagari, sans-serif" font-size="11"><title>{}</title>"#,
        escape(title),
        escape(title)
    );
    // Value axis with grid lines.
    let mut v = 0;
    while v <= top_value {
        let yy = y(v);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#333">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            super::i18n::indian_number(v)
        );
        v += step;
    }
    // Time axis: at most about eight labels.
    let every = points.div_ceil(8).max(1);
    for (i, label) in labels.iter().enumerate() {
        // The last label only where it does not run into the one before.
        if i % every == 0 || (i == points - 1 && (i % every) * 4 >= every * 3) {
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#333">{}</text>"##,
                x(i),
                HEIGHT - BOTTOM + 16.0,
                escape(label)
            );
        }
    }
    for s in series {
        let path: Vec<String> = s
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline fill="none" stroke="{}" stroke-width="2" stroke-dasharray="{}" points="{}"/>"#,
            s.colour,
            s.dash,
            path.join(" ")
        );
    }
    // Legend under the axis.
    let mut lx = LEFT;
    for s in series {
        let ly = HEIGHT - 14.0;
        let _ = write!(
            svg,
            r##"<line x1="{lx:.1}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="{}" stroke-width="2" stroke-dasharray="{}"/><text x="{:.1}" y="{:.1}" fill="#111">{}</text>"##,
            lx + 24.0,
            s.colour,
            s.dash,
            lx + 30.0,
            ly + 4.0,
            escape(s.label)
        );
        lx += 40.0 + 8.0 * s.label.chars().count() as f64;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(1), 1);
        assert_eq!(nice_step(37), 10);
        assert_eq!(nice_step(4_000), 1_000);
        assert_eq!(nice_step(9_000), 5_000);
    }

    #[test]
    fn a_chart_has_one_line_per_series_and_escapes_its_text() {
        let labels = vec!["1/11".to_string(), "2/11".to_string(), "3/11".to_string()];
        let svg = line_chart(
            "Received & disposed",
            &labels,
            &[
                Series {
                    label: "प्राप्त",
                    colour: "#1f5fa8",
                    dash: "none",
                    values: &[3, 5, 2],
                },
                Series {
                    label: "<disposed>",
                    colour: "#2e7d32",
                    dash: "6 3",
                    values: &[1, 4, 6],
                },
            ],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains("Received &amp; disposed"));
        assert!(svg.contains("&lt;disposed&gt;") && !svg.contains("<disposed>"));
        assert!(svg.contains("प्राप्त"));
    }
}
