//! E-mail as a door (issue 18, part 6): a mailbox citizens write to is read over IMAP (TLS on
//! port 993 by default), each message after the last one taken (its UID, kept in the database
//! with the mailbox's UIDVALIDITY, so a restart or a failed read loses nothing and takes nothing
//! twice). Each becomes a post in the SMGT desk's queue (platform `email`): its sender, subject,
//! words and attachments (checked as uploads are) for an operator to file, link or dismiss; the
//! desk's replies go back by SMTP through the outbox.

use crate::notify::platforms::MailboxConfig;
use crate::store::{IncomingPost, Store, Upload};
use futures_util::TryStreamExt;
use mail_parser::MimeHeaders;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

/// Messages fetched in one request.
const FETCH_AT_ONCE: usize = 20;

/// One read of the mailbox: how many messages were new.
pub async fn pull(store: &Store, config: &MailboxConfig) -> Result<usize, String> {
    let address = (config.host.as_str(), config.port);
    let tcp = tokio::time::timeout(Duration::from_secs(30), TcpStream::connect(address))
        .await
        .map_err(|_| format!("{}:{} did not answer", config.host, config.port))?
        .map_err(|e| format!("{}:{} could not be reached: {e}", config.host, config.port))?;
    if !config.tls {
        return read(store, config, tcp).await;
    }
    crate::install_tls_provider();
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let tls = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from(config.host.clone())
        .map_err(|e| format!("{}: {e}", config.host))?;
    let stream = tokio_rustls::TlsConnector::from(Arc::new(tls))
        .connect(name, tcp)
        .await
        .map_err(|e| format!("TLS with {}: {e}", config.host))?;
    read(store, config, stream).await
}

async fn read<S>(store: &Store, config: &MailboxConfig, stream: S) -> Result<usize, String>
where
    S: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    let imap = |e: async_imap::error::Error| format!("IMAP: {e}");
    let database = |e: crate::store::StoreError| format!("database: {e}");
    let mut client = async_imap::Client::new(stream);
    client
        .read_response()
        .await
        .map_err(|e| format!("IMAP: {e}"))?
        .ok_or("the server closed the connection before greeting")?;
    let mut session = client
        .login(&config.username, &config.password)
        .await
        .map_err(|(e, _)| format!("IMAP login: {e}"))?;
    let mailbox = session.select(&config.mailbox).await.map_err(imap)?;
    let validity = mailbox.uid_validity.unwrap_or(0);
    let cursor_name = format!("imap:{}:{}", config.username, config.mailbox);
    // After the last message taken, unless the mailbox was made anew (its UIDVALIDITY changed).
    let last: u32 = store
        .social_cursor(&cursor_name)
        .await
        .map_err(database)?
        .and_then(|c| {
            let (v, uid) = c.split_once(':')?;
            (v.parse::<u32>().ok()? == validity).then(|| uid.parse().ok())?
        })
        .unwrap_or(0);
    let found = session
        .uid_search(format!("UID {}:*", last + 1))
        .await
        .map_err(imap)?;
    // `n:*` names the last message even when it is older than n.
    let mut uids: Vec<u32> = found.into_iter().filter(|uid| *uid > last).collect();
    uids.sort_unstable();
    let mut new = 0;
    for chunk in uids.chunks(FETCH_AT_ONCE) {
        let set = chunk
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let fetched: Vec<async_imap::types::Fetch> = session
            .uid_fetch(&set, "(UID BODY.PEEK[])")
            .await
            .map_err(imap)?
            .try_collect()
            .await
            .map_err(imap)?;
        let mut taken = last;
        for fetch in &fetched {
            let (Some(uid), Some(body)) = (fetch.uid, fetch.body()) else {
                continue;
            };
            if let Some((post, files)) = read_message(body, validity, uid)
                && store.receive_email(post, files).await.map_err(database)?
            {
                new += 1;
            }
            taken = taken.max(uid);
        }
        store
            .set_social_cursor(&cursor_name, &format!("{validity}:{taken}"))
            .await
            .map_err(database)?;
    }
    let _ = session.logout().await;
    Ok(new)
}

/// A message as a post: the sender, the subject and the text, and the attachments; `None` for
/// one that cannot be read as mail, or has no sender.
pub fn read_message(raw: &[u8], validity: u32, uid: u32) -> Option<(IncomingPost, Vec<Upload>)> {
    let message = mail_parser::MessageParser::default().parse(raw)?;
    let from = message.from()?.first()?;
    let address = from.address()?.trim().to_lowercase();
    if !address.contains('@') {
        return None;
    }
    let subject = message.subject().unwrap_or_default().trim().to_string();
    let body = message
        .body_text(0)
        .map(|b| b.trim().to_string())
        .unwrap_or_default();
    let files: Vec<Upload> = message
        .attachments()
        .map(|part| Upload {
            filename: part.attachment_name().unwrap_or("attachment").to_string(),
            bytes: part.contents().to_vec(),
        })
        .collect();
    let source_id = message
        .message_id()
        .map(|id| id.chars().take(100).collect())
        .unwrap_or_else(|| format!("uid:{validity}:{uid}"));
    let post = IncomingPost {
        platform: "email".into(),
        via: "email".into(),
        source_id,
        author_handle: address,
        author_name: from.name().map(str::to_string),
        text: format!("Subject: {subject}\n\n{body}")
            .chars()
            .take(4000)
            .collect(),
        url: None,
        posted_at: message.date().map(|d| d.to_timestamp() * 1000),
        payload: serde_json::json!({"uid": uid, "uid_validity": validity, "subject": subject})
            .to_string(),
    };
    Some((post, files))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_read_with_its_sender_and_attachment() {
        let raw = b"From: Sunita Devi <Sunita@Example.in>\r\nTo: cm-grievance@haryana.gov.in\r\n\
Subject: No water in Gokalgarh\r\nMessage-ID: <abc@example.in>\r\nDate: Fri, 20 Nov 2026 10:00:00 +0530\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nThe hand pump is broken.\r\n--b\r\n\
Content-Type: application/pdf; name=\"bill.pdf\"\r\nContent-Disposition: attachment; filename=\"bill.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n";
        let (post, files) = read_message(raw, 7, 1).unwrap();
        assert_eq!(post.author_handle, "sunita@example.in");
        assert_eq!(post.author_name.as_deref(), Some("Sunita Devi"));
        assert_eq!(post.source_id, "abc@example.in");
        assert!(
            post.text
                .starts_with("Subject: No water in Gokalgarh\n\nThe hand pump is broken.")
        );
        assert_eq!(post.posted_at, Some(1_795_149_000_000));
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].filename, "bill.pdf");
        assert!(files[0].bytes.starts_with(b"%PDF"));
        assert!(read_message(b"not mail at all", 7, 2).is_none());
    }
}
