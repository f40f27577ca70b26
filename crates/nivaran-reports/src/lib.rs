//! Review reports for the weekly meeting, as PDF and XLSX.
//!
//! Kept in a crate of its own because PDF writing and text shaping are the slowest part of the
//! build. The PDF embeds Noto Sans and Noto Sans Devanagari (SIL Open Font License, shipped in
//! `fonts/`); Devanagari is shaped with HarfBuzz's rules (rustybuzz), so conjuncts and vowel
//! signs come out as a reader expects and the text extracts back as the same words.

mod pdf;
mod xlsx;

pub use pdf::pdf;
pub use xlsx::xlsx;

/// One cell of a table: text, a count, a share (0–1) or a decimal.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(i64),
    Share(Option<f64>),
    Decimal(Option<f64>),
}

impl Cell {
    /// The cell as the PDF and CSV print it: counts with Indian digit grouping, shares as
    /// percentages with one decimal, "—" for nothing to measure.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => indian_number(*n),
            Cell::Share(Some(s)) => format!("{:.1}%", s * 100.0),
            Cell::Decimal(Some(d)) => format!("{d:.1}"),
            Cell::Share(None) | Cell::Decimal(None) => "—".into(),
        }
    }

    fn is_numeric(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

/// A round step for a chart's value axis: 1, 2 or 5 times a power of ten, about a quarter of
/// `max` (the web page's SVG chart and the PDF's use the same).
pub fn nice_step(max: i64) -> i64 {
    let rough = (max.max(1) as f64 / 4.0).max(1.0);
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    step.max(1.0) as i64
}

/// `1234567` → `12,34,567`.
pub fn indian_number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let (head, last3) = if digits.len() > 3 {
        digits.split_at(digits.len() - 3)
    } else {
        ("", digits.as_str())
    };
    let mut groups: Vec<&str> = Vec::new();
    let mut rest = head;
    while rest.len() > 2 {
        let (a, b) = rest.split_at(rest.len() - 2);
        groups.push(b);
        rest = a;
    }
    if !rest.is_empty() {
        groups.push(rest);
    }
    groups.reverse();
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    for g in groups {
        out.push_str(g);
        out.push(',');
    }
    out.push_str(last3);
    out
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Also the XLSX sheet's name (cut to 31 characters).
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The trend chart's data: one label per step, and lines of values.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub title: String,
    pub labels: Vec<String>,
    /// Name, colour (RGB) and one value per label.
    pub lines: Vec<(String, [u8; 3], Vec<i64>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    pub subtitle: String,
    /// Label and value, in order.
    pub summary: Vec<(String, Cell)>,
    pub tables: Vec<Table>,
    pub trend: Option<Trend>,
    /// Printed at the foot of every page.
    pub footer: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_the_indian_way() {
        assert_eq!(indian_number(0), "0");
        assert_eq!(indian_number(999), "999");
        assert_eq!(indian_number(1000), "1,000");
        assert_eq!(indian_number(1234567), "12,34,567");
        assert_eq!(indian_number(-2_800_000), "-28,00,000");
    }
}
