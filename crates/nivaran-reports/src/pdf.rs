//! The PDF: A4 landscape, title and summary, the chart, then each table (its header repeated on
//! every page it runs onto).

use crate::{Cell, Report, Table, Trend};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use std::sync::Arc;

static LATIN: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
static DEVANAGARI: &[u8] = include_bytes!("../fonts/NotoSansDevanagari-Regular.ttf");

const PAGE_W: f32 = 842.0;
const PAGE_H: f32 = 595.0;
const MARGIN: f32 = 36.0;

/// The two fonts, for drawing (krilla) and for measuring (rustybuzz shapes the same way).
struct Fonts {
    latin: Font,
    devanagari: Font,
    latin_face: rustybuzz::Face<'static>,
    devanagari_face: rustybuzz::Face<'static>,
}

impl Fonts {
    fn load() -> Result<Fonts, String> {
        let font = |bytes: &'static [u8]| {
            Font::new(Arc::new(bytes.to_vec()).into(), 0).ok_or("a shipped font did not load")
        };
        let face = |bytes: &'static [u8]| {
            rustybuzz::Face::from_slice(bytes, 0).ok_or("a shipped font did not parse")
        };
        Ok(Fonts {
            latin: font(LATIN)?,
            devanagari: font(DEVANAGARI)?,
            latin_face: face(LATIN)?,
            devanagari_face: face(DEVANAGARI)?,
        })
    }

    /// The text cut into runs of one script each (spaces and punctuation stay with the run
    /// they are in), each with whether it is Devanagari.
    fn runs(text: &str) -> Vec<(bool, String)> {
        let mut runs: Vec<(bool, String)> = Vec::new();
        for ch in text.chars() {
            let devanagari = matches!(ch, '\u{0900}'..='\u{097F}' | '\u{A8E0}'..='\u{A8FF}' | '\u{200C}' | '\u{200D}');
            let neutral = ch.is_whitespace() || ch.is_ascii_punctuation();
            match runs.last_mut() {
                Some((d, run)) if *d == devanagari || neutral => run.push(ch),
                _ => runs.push((devanagari, ch.to_string())),
            }
        }
        runs
    }

    fn run_width(&self, devanagari: bool, run: &str, size: f32) -> f32 {
        let face = if devanagari {
            &self.devanagari_face
        } else {
            &self.latin_face
        };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(run);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(face, &[], buffer);
        let advance: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        advance as f32 * size / face.units_per_em() as f32
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        Fonts::runs(text)
            .iter()
            .map(|(d, run)| self.run_width(*d, run, size))
            .sum()
    }

    /// Draws `text` with its baseline at `y`, starting at `x`.
    fn draw(&self, surface: &mut Surface<'_>, x: f32, y: f32, text: &str, size: f32) {
        let mut x = x;
        for (devanagari, run) in Fonts::runs(text) {
            let font = if devanagari {
                self.devanagari.clone()
            } else {
                self.latin.clone()
            };
            surface.draw_text(
                Point::from_xy(x, y),
                font,
                size,
                &run,
                false,
                TextDirection::Auto,
            );
            x += self.run_width(devanagari, &run, size);
        }
    }

    /// `text` shortened with "…" to fit `width`.
    fn fit(&self, text: &str, size: f32, width: f32) -> String {
        if self.width(text, size) <= width {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut keep = chars.len();
        while keep > 0 {
            keep -= 1;
            let candidate: String = chars[..keep].iter().collect::<String>() + "…";
            if self.width(&candidate, size) <= width {
                return candidate;
            }
        }
        String::new()
    }
}

fn fill(r: u8, g: u8, b: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        ..Default::default()
    }
}

fn stroke(colour: [u8; 3], width: f32) -> Stroke {
    Stroke {
        paint: rgb::Color::new(colour[0], colour[1], colour[2]).into(),
        width,
        ..Default::default()
    }
}

fn line(surface: &mut Surface<'_>, from: (f32, f32), to: (f32, f32), s: Stroke) {
    let mut pb = PathBuilder::new();
    pb.move_to(from.0, from.1);
    pb.line_to(to.0, to.1);
    if let Some(path) = pb.finish() {
        surface.set_stroke(Some(s));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

/// Lays pages out top to bottom, starting a new page when the next block does not fit.
struct Writer<'a> {
    fonts: &'a Fonts,
    footer: &'a str,
    pages: Vec<Vec<Op>>,
    y: f32,
}

/// What goes on a page, drawn when the document is written.
enum Op {
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        grey: bool,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        colour: [u8; 3],
        width: f32,
    },
    Polyline {
        points: Vec<(f32, f32)>,
        colour: [u8; 3],
    },
}

impl<'a> Writer<'a> {
    fn new(fonts: &'a Fonts, footer: &'a str) -> Writer<'a> {
        Writer {
            fonts,
            footer,
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn ensure(&mut self, height: f32) -> bool {
        if self.y + height > PAGE_H - MARGIN - 14.0 {
            self.pages.push(Vec::new());
            self.y = MARGIN;
            return true;
        }
        false
    }

    fn op(&mut self, op: Op) {
        self.pages.last_mut().expect("a page").push(op);
    }

    fn text(&mut self, x: f32, y: f32, text: &str, size: f32) {
        self.op(Op::Text {
            x,
            y,
            text: text.to_string(),
            size,
            grey: false,
        });
    }

    fn heading(&mut self, text: &str, size: f32) {
        self.ensure(size * 2.2);
        self.y += size * 1.3;
        let text = self.fonts.fit(text, size, PAGE_W - 2.0 * MARGIN);
        self.text(MARGIN, self.y, &text, size);
        self.y += size * 0.7;
    }

    fn summary(&mut self, items: &[(String, Cell)]) {
        let columns = 3;
        let col_w = (PAGE_W - 2.0 * MARGIN) / columns as f32;
        for chunk in items.chunks(columns) {
            self.ensure(16.0);
            self.y += 13.0;
            for (i, (label, value)) in chunk.iter().enumerate() {
                let x = MARGIN + i as f32 * col_w;
                let value = value.display();
                let label = self.fonts.fit(label, 8.5, col_w - 70.0);
                self.text(x, self.y, &label, 8.5);
                let w = self.fonts.width(&value, 10.0);
                self.text(x + col_w - 12.0 - w, self.y, &value, 10.0);
            }
        }
        self.y += 6.0;
    }

    fn table(&mut self, table: &Table) {
        let size = 7.5;
        let usable = PAGE_W - 2.0 * MARGIN;
        let n = table.headers.len().max(1);
        // Widths from the widest cell of each column (the first, names, may be cut short).
        let mut widths: Vec<f32> = (0..n)
            .map(|c| {
                // Headers wrap onto two lines: their longest word must fit.
                let head = table
                    .headers
                    .get(c)
                    .map(|h| {
                        h.split_whitespace()
                            .map(|word| self.fonts.width(word, size))
                            .fold(0.0, f32::max)
                            .max(self.fonts.width(h, size) / 2.0)
                    })
                    .unwrap_or(0.0);
                table
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| self.fonts.width(&cell.display(), size))
                    .fold(head, f32::max)
                    + 8.0
            })
            .collect();
        let others: f32 = widths.iter().skip(1).sum();
        widths[0] = widths[0].min((usable - others).max(usable * 0.22));
        let total: f32 = widths.iter().sum();
        if total > usable {
            let scale = usable / total;
            widths.iter_mut().for_each(|w| *w *= scale);
        }
        self.heading(&table.title, 11.0);
        let header = |w: &mut Writer<'_>| {
            w.ensure(26.0);
            let mut x = MARGIN;
            // Headers may wrap onto two lines.
            for (c, head) in table.headers.iter().enumerate() {
                let width = widths[c] - 4.0;
                let (first, second) = split_two_lines(w.fonts, head, size, width);
                w.op(Op::Text {
                    x,
                    y: w.y + 9.0,
                    text: first,
                    size,
                    grey: true,
                });
                if !second.is_empty() {
                    w.op(Op::Text {
                        x,
                        y: w.y + 18.0,
                        text: second,
                        size,
                        grey: true,
                    });
                }
                x += widths[c];
            }
            w.y += 22.0;
            let y = w.y;
            w.op(Op::Line {
                from: (MARGIN, y),
                to: (MARGIN + usable, y),
                colour: [120, 120, 120],
                width: 0.6,
            });
        };
        header(self);
        for row in &table.rows {
            if self.ensure(12.0) {
                header(self);
            }
            self.y += 11.0;
            let mut x = MARGIN;
            for (c, cell) in row.iter().enumerate().take(n) {
                let text = self.fonts.fit(&cell.display(), size, widths[c] - 4.0);
                let tx = if cell.is_numeric() {
                    x + widths[c] - 4.0 - self.fonts.width(&text, size)
                } else {
                    x
                };
                self.text(tx, self.y, &text, size);
                x += widths[c];
            }
            let y = self.y + 3.0;
            self.op(Op::Line {
                from: (MARGIN, y),
                to: (MARGIN + usable, y),
                colour: [225, 225, 225],
                width: 0.4,
            });
        }
        self.y += 8.0;
    }

    fn chart(&mut self, trend: &Trend) {
        let height = 190.0;
        self.heading(&trend.title, 11.0);
        self.ensure(height + 30.0);
        let (left, top) = (MARGIN + 40.0, self.y + 8.0);
        let (w, h) = (PAGE_W - 2.0 * MARGIN - 60.0, height - 40.0);
        let max = trend
            .lines
            .iter()
            .flat_map(|l| l.2.iter().copied())
            .max()
            .unwrap_or(0)
            .max(1);
        let step = crate::nice_step(max);
        let top_value = (max + step - 1) / step * step;
        let y_of = |v: i64| top + h - h * v as f32 / top_value as f32;
        let points = trend.labels.len().max(1);
        let x_of = |i: usize| {
            if points == 1 {
                left + w / 2.0
            } else {
                left + w * i as f32 / (points - 1) as f32
            }
        };
        let mut v = 0;
        while v <= top_value {
            let y = y_of(v);
            self.op(Op::Line {
                from: (left, y),
                to: (left + w, y),
                colour: [220, 220, 220],
                width: 0.5,
            });
            let label = crate::indian_number(v);
            let lw = self.fonts.width(&label, 7.0);
            self.text(left - 4.0 - lw, y + 2.5, &label, 7.0);
            v += step;
        }
        let every = points.div_ceil(10).max(1);
        for (i, label) in trend.labels.iter().enumerate() {
            if i % every == 0 || (i == points - 1 && (i % every) * 4 >= every * 3) {
                let lw = self.fonts.width(label, 7.0);
                self.text(x_of(i) - lw / 2.0, top + h + 11.0, label, 7.0);
            }
        }
        for (_, colour, values) in &trend.lines {
            let pts = values
                .iter()
                .enumerate()
                .map(|(i, v)| (x_of(i), y_of(*v)))
                .collect();
            self.op(Op::Polyline {
                points: pts,
                colour: *colour,
            });
        }
        let mut lx = left;
        let ly = top + h + 26.0;
        for (name, colour, _) in &trend.lines {
            self.op(Op::Line {
                from: (lx, ly - 3.0),
                to: (lx + 18.0, ly - 3.0),
                colour: *colour,
                width: 2.0,
            });
            self.text(lx + 22.0, ly, name, 8.0);
            lx += 40.0 + self.fonts.width(name, 8.0);
        }
        self.y = top + height;
    }

    fn finish(self) -> Result<Vec<u8>, String> {
        let mut document = Document::new();
        let count = self.pages.len();
        for (number, ops) in self.pages.iter().enumerate() {
            let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("page size")?;
            let mut page = document.start_page_with(settings);
            let mut surface = page.surface();
            for op in ops {
                match op {
                    Op::Text {
                        x,
                        y,
                        text,
                        size,
                        grey,
                    } => {
                        surface.set_fill(Some(if *grey {
                            fill(70, 70, 70)
                        } else {
                            fill(0, 0, 0)
                        }));
                        self.fonts.draw(&mut surface, *x, *y, text, *size);
                    }
                    Op::Line {
                        from,
                        to,
                        colour,
                        width,
                    } => {
                        line(&mut surface, *from, *to, stroke(*colour, *width));
                    }
                    Op::Polyline { points, colour } => {
                        let mut pb = PathBuilder::new();
                        for (i, (x, y)) in points.iter().enumerate() {
                            if i == 0 {
                                pb.move_to(*x, *y);
                            } else {
                                pb.line_to(*x, *y);
                            }
                        }
                        if let Some(path) = pb.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(stroke(*colour, 1.8)));
                            surface.draw_path(&path);
                            surface.set_stroke(None);
                        }
                    }
                }
            }
            surface.set_fill(Some(fill(90, 90, 90)));
            let foot = format!("{} · {}/{}", self.footer, number + 1, count);
            self.fonts
                .draw(&mut surface, MARGIN, PAGE_H - MARGIN + 14.0, &foot, 7.0);
            surface.finish();
            page.finish();
        }
        document
            .finish()
            .map_err(|e| format!("the PDF could not be written: {e:?}"))
    }
}

/// A header cut into at most two lines that fit `width`.
fn split_two_lines(fonts: &Fonts, text: &str, size: f32, width: f32) -> (String, String) {
    if fonts.width(text, size) <= width {
        return (text.to_string(), String::new());
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut first = String::new();
    let mut i = 0;
    while i < words.len() {
        let candidate = if first.is_empty() {
            words[i].to_string()
        } else {
            format!("{first} {}", words[i])
        };
        if fonts.width(&candidate, size) > width && !first.is_empty() {
            break;
        }
        first = candidate;
        i += 1;
    }
    let rest = words[i..].join(" ");
    (
        fonts.fit(&first, size, width),
        fonts.fit(&rest, size, width),
    )
}

/// The report as a PDF.
pub fn pdf(report: &Report) -> Result<Vec<u8>, String> {
    let fonts = Fonts::load()?;
    let mut w = Writer::new(&fonts, &report.footer);
    w.heading(&report.title, 16.0);
    w.y += 2.0;
    let sub = fonts.fit(&report.subtitle, 10.0, PAGE_W - 2.0 * MARGIN);
    w.y += 10.0;
    w.text(MARGIN, w.y, &sub, 10.0);
    w.y += 8.0;
    w.summary(&report.summary);
    if let Some(trend) = &report.trend {
        w.chart(trend);
    }
    for table in &report.tables {
        w.table(table);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_scripts_and_keep_spaces_with_their_run() {
        let runs = Fonts::runs("PHED जयपुर (Jaipur) जल");
        let devanagari: Vec<bool> = runs.iter().map(|r| r.0).collect();
        assert_eq!(devanagari, [false, true, false, true]);
        assert_eq!(
            runs.iter().map(|r| r.1.as_str()).collect::<String>(),
            "PHED जयपुर (Jaipur) जल"
        );
    }

    #[test]
    fn devanagari_is_measured_shaped() {
        let fonts = Fonts::load().unwrap();
        // A conjunct takes less room than its letters side by side.
        let conjunct = fonts.width("क्ष", 10.0);
        let apart = fonts.width("क", 10.0) + fonts.width("्", 10.0) + fonts.width("ष", 10.0);
        assert!(conjunct > 0.0 && conjunct < apart, "{conjunct} vs {apart}");
        assert_eq!(fonts.fit("a long name", 10.0, 1000.0), "a long name");
        assert!(
            fonts
                .fit("a long name of an office", 10.0, 40.0)
                .ends_with('…')
        );
    }
}
