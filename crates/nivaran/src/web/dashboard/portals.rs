//! The portals side by side (seed 001): on an area's dashboard, one row for each door the
//! cases came through (CM Window on the web, Samadhan camps, SMGT on social media, CPGRAMS, the
//! helpline, …) with the figures a district's review reads for each: received, disposed,
//! pending, overdue, ATR uploaded, within time, Right to Service within the notified time and
//! social-media cases answered. Every number links to its cases, as everywhere.

use super::*;
use nivaran_domain::types::Channel;

/// The figures of the portals' table, in its order.
pub const PORTAL_FIGURES: [Figure; 8] = [
    Figure::Received,
    Figure::Disposed,
    Figure::Pending,
    Figure::Overdue,
    Figure::AtrShare,
    Figure::InTime,
    Figure::RtsInTime,
    Figure::SocialAnswered,
];

/// One portal's row.
pub struct PortalRow {
    pub name: String,
    /// The dashboard filtered to the portal.
    pub href: String,
    pub cells: Vec<Cell>,
}

pub struct PortalTable {
    pub columns: Vec<String>,
    pub rows: Vec<PortalRow>,
}

/// Is the table shown on this view? On an area's dashboard (a state, district, …) that is not
/// already by portal nor narrowed to one portal.
pub fn shown(view: &View) -> bool {
    matches!(view.scope, Scope::Area(_))
        && view.breakdown != Breakdown::Channel
        && !view
            .filters
            .iter()
            .any(|r| r.breakdown == Breakdown::Channel)
}

/// The portals' rows of the figures by channel, in the vocabulary's order (portals with no
/// case in the period are left out).
pub fn table(c: &Ctx, master: &MasterData, view: &View, rows: &[FigureRow]) -> PortalTable {
    let by_portal = View {
        breakdown: Breakdown::Channel,
        ..view.clone()
    };
    let mut out = Vec::new();
    for (i, channel) in Channel::ALL.iter().enumerate() {
        let Some(row) = rows.iter().find(|r| r.key == Some(i as i64)) else {
            continue;
        };
        let code = key_code(master, Breakdown::Channel, row.key);
        out.push(PortalRow {
            name: c.pick(channel.label_en(), channel.label_hi()).to_string(),
            href: format!(
                "{}{}&channel={}",
                dashboard_href(&view.scope_code, &view.period),
                view.filter_query(),
                url_encode(&code)
            ),
            cells: cells_of(c, &by_portal, &row.figures, Some(&code), &PORTAL_FIGURES),
        });
    }
    PortalTable {
        columns: PORTAL_FIGURES
            .iter()
            .map(|f| c.t(f.message_key()))
            .collect(),
        rows: out,
    }
}
