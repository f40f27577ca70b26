//! The weekly review report, e-mailed on a set weekday to the people the configuration names
//! (`[reports]`): last week's PDF for their district or state, in their language. Run by the
//! worker every hour; each report is queued once per week and recipient (the outbox's key).

use crate::config::ReportsConfig;
use crate::present::i18n::Lang;
use crate::store::{Period, Scope, Store};

/// Queues the week's reports if `today` is the reports' weekday; returns how many e-mails
/// were queued now (none when they were queued before).
pub async fn send_weekly_reports(
    store: &Store,
    config: &ReportsConfig,
    today: time::Date,
) -> Result<usize, String> {
    if config.recipients.is_empty() || today.weekday() != config.weekday()? {
        return Ok(0);
    }
    // The seven days before today.
    let period = Period::last_days(today - time::Duration::days(1), 7);
    let mut queued = 0;
    for recipient in &config.recipients {
        let key_of = |email: &str| {
            format!(
                "review:{}:{}:{}:{email}",
                recipient.scope, period.to, recipient.lang
            )
        };
        // The job runs hourly: a report already queued for everyone is not made again.
        let mut all_queued = true;
        for email in &recipient.emails {
            if !store
                .outbox_has(&key_of(email))
                .await
                .map_err(|e| e.to_string())?
            {
                all_queued = false;
            }
        }
        if all_queued {
            continue;
        }
        let scope = Scope::parse(store, &recipient.scope)
            .await
            .map_err(|e| format!("[reports] scope '{}': {e}", recipient.scope))?;
        let lang = Lang::parse(&recipient.lang).unwrap_or(Lang::Hi);
        let report = crate::present::review::review_report(store, &scope, &period, &[], lang)
            .await
            .map_err(|e| format!("report for {}: {e}", recipient.scope))?;
        let subject = report.title.clone();
        let body = format!(
            "{}\n{}\n\nThe review report is attached. / समीक्षा रिपोर्ट संलग्न है।\n",
            report.title, report.subtitle
        );
        let pdf = tokio::task::spawn_blocking(move || nivaran_reports::pdf(&report))
            .await
            .map_err(|e| e.to_string())??;
        let file = format!(
            "review-{}-{}-{}.pdf",
            recipient.scope.replace(':', "-"),
            period.to,
            recipient.lang
        );
        for email in &recipient.emails {
            let key = key_of(email);
            let language = if lang == Lang::Hi {
                nivaran_domain::types::Language::Hi
            } else {
                nivaran_domain::types::Language::En
            };
            if store
                .enqueue_email_with_file(email, language, &subject, &body, &key, &file, &pdf)
                .await
                .map_err(|e| e.to_string())?
            {
                queued += 1;
            }
        }
    }
    Ok(queued)
}
