//! E-mail to citizens who gave an address, and the officers' daily digest, through a fake SMTP
//! server on 127.0.0.1.

use crate::helpers::*;
use nivaran::notify::{EmailConfig, build_email_gateway};
use serde_json::json;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// A minimal SMTP server: accepts every message and keeps its raw text.
async fn fake_smtp() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake.smtp ESMTP\r\n").await.unwrap();
                let mut in_data = false;
                let mut message = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            store.lock().unwrap().push(std::mem::take(&mut message));
                            write.write_all(b"250 2.0.0 queued\r\n").await.unwrap();
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let command = line.to_uppercase();
                    let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO")
                    {
                        b"250 fake.smtp\r\n"
                    } else if command.starts_with("DATA") {
                        in_data = true;
                        b"354 go ahead\r\n"
                    } else if command.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 OK\r\n"
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, received)
}

/// The text of a base64-encoded plain-text mail.
fn decoded_body(raw: &str) -> String {
    use base64::Engine;
    let encoded: String = raw
        .split("\n\n")
        .skip(1)
        .collect::<Vec<_>>()
        .join("")
        .split_whitespace()
        .collect();
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap(),
    )
    .unwrap()
}

fn smtp_config(port: u16) -> EmailConfig {
    EmailConfig {
        smtp_host: Some("127.0.0.1".into()),
        smtp_port: Some(port),
        security: Some("none".into()),
        from: Some("Nivaran <no-reply@nivaran.example.gov.in>".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn citizens_who_gave_an_email_get_mail_too() {
    let app = spawn_app().await;
    let (port, received) = fake_smtp().await;
    let gateway = build_email_gateway(&smtp_config(port), std::path::Path::new("/tmp")).unwrap();
    let mut f = form();
    f["email"] = json!("rameshwar@example.in");
    let regno = app.file(&f).await["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let report = nivaran::worker::delivery::deliver_email(&app.store, &gateway, "w1")
        .await
        .unwrap();
    assert_eq!(report.sent, 1);
    let mail = received.lock().unwrap()[0].clone();
    assert!(mail.contains("rameshwar@example.in"), "{mail}");
    assert!(mail.contains("no-reply@nivaran.example.gov.in"), "{mail}");
    assert!(mail.contains(&regno), "{mail}");
    // Nothing twice.
    assert_eq!(
        nivaran::worker::delivery::deliver_email(&app.store, &gateway, "w1")
            .await
            .unwrap()
            .sent,
        0
    );
    assert_eq!(received.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn officers_get_a_daily_digest_of_pending_and_overdue_cases_once_a_day() {
    let app = spawn_app().await;
    sqlx::query("UPDATE users SET email = 'je.phed.rewari@example.gov.in' WHERE username = 'officer.phed.rewari.block'")
        .execute(app.store.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE users SET email = 'ee.phed.rewari@example.gov.in' WHERE username = 'supervisor.phed.rewari'")
        .execute(app.store.pool())
        .await
        .unwrap();
    let first = app.file_default().await;
    app.file_default().await;
    app.clock.advance_days(6); // both past their deadline of 27 Nov
    let mut f = form();
    f["subject"] = json!("Another village tank is empty");
    app.file(&f).await; // one more, not yet overdue
    assert_eq!(app.store.enqueue_officer_digests().await.unwrap(), 2);
    assert_eq!(
        app.store.enqueue_officer_digests().await.unwrap(),
        2,
        "counted, but…"
    );
    let digests: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE template_key = 'officer_digest'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(digests, 2, "…written once per person per day");
    let (port, received) = fake_smtp().await;
    let gateway = build_email_gateway(&smtp_config(port), std::path::Path::new("/tmp")).unwrap();
    assert_eq!(
        nivaran::worker::delivery::deliver_email(&app.store, &gateway, "w1")
            .await
            .unwrap()
            .sent,
        2
    );
    let mails = received.lock().unwrap().clone();
    let officer_mail = mails
        .iter()
        .find(|m| m.contains("je.phed.rewari@"))
        .unwrap();
    assert!(
        officer_mail.contains("Subject: Nivaran digest 2026-11-29: 3 pending, 2 overdue"),
        "{officer_mail}"
    );
    let body = decoded_body(officer_mail);
    assert!(
        body.contains("3 grievances pending, 2 of them past their deadline"),
        "{body}"
    );
    assert!(body.contains(&first), "{body}");
    assert!(body.contains("समय-सीमा पार"), "{body}");
    // The next day brings a new digest.
    app.clock.advance_days(1);
    app.store.enqueue_officer_digests().await.unwrap();
    let digests: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE template_key = 'officer_digest'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(digests, 4);
}

#[tokio::test]
async fn an_unreachable_mail_server_means_retry_later_not_loss() {
    let app = spawn_app().await;
    // A port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let gateway = build_email_gateway(&smtp_config(port), std::path::Path::new("/tmp")).unwrap();
    let mut f = form();
    f["email"] = json!("rameshwar@example.in");
    app.file(&f).await;
    let report = nivaran::worker::delivery::deliver_email(&app.store, &gateway, "w1")
        .await
        .unwrap();
    assert_eq!((report.sent, report.failed), (0, 1));
    let (status, attempts): (String, i64) =
        sqlx::query_as("SELECT status, attempts FROM outbox WHERE channel = 'email'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!((status.as_str(), attempts), ("pending", 1));
}

#[tokio::test]
async fn the_weekly_review_report_is_emailed_as_a_pdf_on_its_day_once() {
    use nivaran::config::{Recipient, ReportsConfig};
    use nivaran::scheduled_reports::send_weekly_reports;
    let app = spawn_app().await;
    for mobile in ["9812000101", "9812000102"] {
        let mut f = form();
        f["mobile"] = json!(mobile);
        app.file(&f).await;
    }
    let config = ReportsConfig {
        weekday: "monday".into(),
        recipients: vec![Recipient {
            scope: "area:06084".into(),
            emails: vec![
                "dc.rewari@example.gov.in".into(),
                "cm.cell@example.gov.in".into(),
            ],
            lang: "hi".into(),
        }],
    };
    // Not on other days.
    let mut day = app.store.now().ist_date();
    while day.weekday() != time::Weekday::Monday {
        let queued = send_weekly_reports(&app.store, &config, day).await.unwrap();
        assert_eq!(queued, 0, "{day}");
        day = day.next_day().unwrap();
    }
    app.clock
        .set(nivaran_domain::Timestamp::start_of_ist_day(day).plus_days(0));
    assert_eq!(
        send_weekly_reports(&app.store, &config, day).await.unwrap(),
        2
    );
    // Run again the same day (the worker runs hourly): nothing more.
    assert_eq!(
        send_weekly_reports(&app.store, &config, day).await.unwrap(),
        0
    );

    let (port, received) = fake_smtp().await;
    let gateway = build_email_gateway(&smtp_config(port), std::path::Path::new("/tmp")).unwrap();
    let report = nivaran::worker::delivery::deliver_email(&app.store, &gateway, "w1")
        .await
        .unwrap();
    assert_eq!(report.sent, 2);
    let mails = received.lock().unwrap().clone();
    let mail = mails
        .iter()
        .find(|m| m.contains("dc.rewari@example.gov.in"))
        .expect("the collector's copy");
    assert!(mail.contains("multipart/mixed"), "{mail}");
    assert!(mail.contains("application/pdf"), "{mail}");
    assert!(mail.contains("review-area-06084-"), "{mail}");
    // The PDF travels base64-encoded: its first bytes are "%PDF".
    assert!(mail.contains("JVBERi"), "{mail}");

    // A wrong weekday or language in the configuration is refused when it is read.
    let bad = ReportsConfig {
        weekday: "someday".into(),
        ..config.clone()
    };
    assert!(bad.check().is_err());
}
