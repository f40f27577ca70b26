//! What the exchange took from other grievance portals: each record filed (with its case) or
//! failed (with why and the portal's words), the latest first. The returns sent back to the
//! portals are outbox messages of the channel `exchange`, on the outbox page.

use super::*;
use crate::store::ExchangeRecord;

#[derive(Template)]
#[template(path = "admin/exchange.html")]
pub(super) struct Exchange {
    c: Ctx,
    status: String,
    records: Vec<ExchangeRecord>,
}

pub(super) async fn exchange_page(
    state: Arc<AppState>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    let status = query_form(&uri).get("status");
    let records = state
        .store
        .list_exchange_records(Some(status.as_str()), 200)
        .await?;
    Ok(page(&Exchange { c, status, records }))
}
