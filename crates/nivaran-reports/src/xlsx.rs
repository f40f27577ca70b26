//! The same report as a workbook: a summary sheet, the trend, and one sheet per table, with
//! counts and shares as numbers (shares formatted as percentages) so they can be added up.

use crate::{Cell, Report};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, and unique.
fn sheet_name(title: &str, taken: &mut Vec<String>) -> String {
    let clean: String = title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(28)
        .collect();
    let mut name = clean.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{clean} {n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

fn write_cell(sheet: &mut Worksheet, row: u32, col: u16, cell: &Cell) -> Result<(), XlsxError> {
    let percent = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.0");
    match cell {
        Cell::Text(t) => {
            sheet.write_string(row, col, t)?;
        }
        Cell::Count(n) => {
            sheet.write_number(row, col, *n as f64)?;
        }
        Cell::Share(Some(s)) => {
            sheet.write_number_with_format(row, col, *s, &percent)?;
        }
        Cell::Decimal(Some(d)) => {
            sheet.write_number_with_format(row, col, *d, &decimal)?;
        }
        Cell::Share(None) | Cell::Decimal(None) => {}
    }
    Ok(())
}

fn build(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let mut taken = Vec::new();
    {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name("Summary", &mut taken))?;
        sheet.write_string_with_format(0, 0, &report.title, &bold)?;
        sheet.write_string(1, 0, &report.subtitle)?;
        for (i, (label, value)) in report.summary.iter().enumerate() {
            let row = 3 + i as u32;
            sheet.write_string(row, 0, label)?;
            write_cell(sheet, row, 1, value)?;
        }
        sheet.set_column_width(0, 40)?;
    }
    if let Some(trend) = &report.trend {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name("Trend", &mut taken))?;
        sheet.write_string_with_format(0, 0, &trend.title, &bold)?;
        for (c, (name, _, _)) in trend.lines.iter().enumerate() {
            sheet.write_string_with_format(1, 1 + c as u16, name, &bold)?;
        }
        for (i, label) in trend.labels.iter().enumerate() {
            let row = 2 + i as u32;
            sheet.write_string(row, 0, label)?;
            for (c, (_, _, values)) in trend.lines.iter().enumerate() {
                if let Some(v) = values.get(i) {
                    sheet.write_number(row, 1 + c as u16, *v as f64)?;
                }
            }
        }
    }
    for table in &report.tables {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&table.title, &mut taken))?;
        for (c, head) in table.headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, head, &bold)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                write_cell(sheet, 1 + r as u32, c as u16, cell)?;
            }
        }
        sheet.set_column_width(0, 36)?;
    }
    book.save_to_buffer()
}

/// The report as an XLSX workbook.
pub fn xlsx(report: &Report) -> Result<Vec<u8>, String> {
    build(report).map_err(|e| format!("the workbook could not be written: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(
            sheet_name("Overdue: oldest [20]", &mut taken),
            "Overdue oldest 20"
        );
        assert_eq!(
            sheet_name("Overdue: oldest [20]", &mut taken),
            "Overdue oldest 20 2"
        );
        let long = sheet_name(&"विभाग".repeat(10), &mut taken);
        assert!(long.chars().count() <= 31);
    }
}
