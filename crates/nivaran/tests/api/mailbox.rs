//! E-mail as a door (issue 18, part 6), against a fake IMAP server on 127.0.0.1 speaking the
//! commands a client reads a mailbox with (LOGIN, SELECT, UID SEARCH, UID FETCH, LOGOUT): each
//! new message becomes a post in the SMGT desk's queue once, its attachments checked as uploads
//! are; a case filed from it takes them; the desk's reply goes back by e-mail.

use crate::helpers::*;
use nivaran::notify::platforms::MailboxConfig;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

type Mails = Arc<Mutex<Vec<Vec<u8>>>>;

/// A fake IMAP server holding `mails` (UID n is the n-th), UIDVALIDITY 7.
async fn imap_server(mails: Mails) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let mails = mails.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write
                    .write_all(b"* OK fake IMAP4rev1 ready\r\n")
                    .await
                    .unwrap();
                while let Ok(Some(line)) = lines.next_line().await {
                    let (tag, command) = line.split_once(' ').unwrap_or((line.as_str(), ""));
                    let upper = command.to_uppercase();
                    let held = mails.lock().unwrap().clone();
                    let mut answer = Vec::new();
                    if upper.starts_with("LOGIN") {
                        if !command.contains("grievances@example.gov.in") {
                            answer
                                .extend_from_slice(format!("{tag} NO LOGIN failed\r\n").as_bytes());
                        } else {
                            answer.extend_from_slice(
                                format!("{tag} OK LOGIN completed\r\n").as_bytes(),
                            );
                        }
                    } else if upper.starts_with("SELECT") {
                        answer.extend_from_slice(
                            format!(
                                "* {n} EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Seen)\r\n* OK [UIDVALIDITY 7] UIDs valid\r\n\
                                 * OK [UIDNEXT {next}] next\r\n{tag} OK [READ-WRITE] SELECT completed\r\n",
                                n = held.len(),
                                next = held.len() + 1
                            )
                            .as_bytes(),
                        );
                    } else if upper.starts_with("UID SEARCH") {
                        let from: usize = upper
                            .rsplit(' ')
                            .next()
                            .and_then(|r| r.split(':').next())
                            .and_then(|n| n.parse().ok())
                            .unwrap_or(1);
                        // As RFC 3501 has it, `n:*` includes the last message even below n.
                        let mut uids: Vec<usize> = (from..=held.len()).collect();
                        if uids.is_empty() && !held.is_empty() {
                            uids.push(held.len());
                        }
                        let list: Vec<String> = uids.iter().map(usize::to_string).collect();
                        answer.extend_from_slice(
                            format!(
                                "* SEARCH {}\r\n{tag} OK SEARCH completed\r\n",
                                list.join(" ")
                            )
                            .as_bytes(),
                        );
                    } else if upper.starts_with("UID FETCH") {
                        let set = command.split(' ').nth(2).unwrap_or_default();
                        for uid in set.split(',').filter_map(|u| u.parse::<usize>().ok()) {
                            let Some(mail) = held.get(uid - 1) else {
                                continue;
                            };
                            answer.extend_from_slice(
                                format!("* {uid} FETCH (UID {uid} BODY[] {{{}}}\r\n", mail.len())
                                    .as_bytes(),
                            );
                            answer.extend_from_slice(mail);
                            answer.extend_from_slice(b")\r\n");
                        }
                        answer
                            .extend_from_slice(format!("{tag} OK FETCH completed\r\n").as_bytes());
                    } else if upper.starts_with("LOGOUT") {
                        answer.extend_from_slice(
                            format!("* BYE\r\n{tag} OK LOGOUT completed\r\n").as_bytes(),
                        );
                        write.write_all(&answer).await.unwrap();
                        return;
                    } else {
                        answer.extend_from_slice(format!("{tag} OK done\r\n").as_bytes());
                    }
                    if write.write_all(&answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

fn mail(from: &str, id: &str, subject: &str, attachment: Option<(&str, &str, &str)>) -> Vec<u8> {
    let part = attachment
        .map(|(name, kind, base64)| {
            format!(
                "--b\r\nContent-Type: {kind}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\
                 Content-Transfer-Encoding: base64\r\n\r\n{base64}\r\n"
            )
        })
        .unwrap_or_default();
    format!(
        "From: {from}\r\nTo: grievances@example.gov.in\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n\
         Date: Fri, 20 Nov 2026 10:00:00 +0530\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe hand pump near the school in Gokalgarh has been broken for ten days.\r\n\
         {part}--b--\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn each_new_mail_comes_to_the_desk_once_and_its_case_keeps_its_attachment() {
    let app = spawn_app().await;
    let mails: Mails = Arc::new(Mutex::new(vec![
        mail(
            "Sunita Devi <sunita@example.in>",
            "m1@example.in",
            "No water in Gokalgarh",
            Some(("bill.pdf", "application/pdf", "JVBERi0xLjQKJSVFT0YK")),
        ),
        mail(
            "ramesh@example.in",
            "m2@example.in",
            "Road broken",
            Some((
                "run.exe",
                "application/octet-stream",
                "TVqQAAMAAAAEAAAA//8AALgAAAA=",
            )),
        ),
    ]));
    let port = imap_server(mails.clone()).await;
    let config: MailboxConfig = toml::from_str(&format!(
        "host = \"127.0.0.1\"\nport = {port}\ntls = false\nusername = \"grievances@example.gov.in\"\npassword = \"secret\"\n"
    ))
    .unwrap();
    config.check().unwrap();
    assert_eq!(
        nivaran::mailbox::pull(&app.store, &config).await.unwrap(),
        2
    );
    assert_eq!(
        nivaran::mailbox::pull(&app.store, &config).await.unwrap(),
        0,
        "taken once"
    );
    mails.lock().unwrap().push(mail(
        "anita@example.in",
        "m3@example.in",
        "Ration card",
        None,
    ));
    assert_eq!(
        nivaran::mailbox::pull(&app.store, &config).await.unwrap(),
        1
    );
    // A wrong login is an error, and takes nothing.
    let mut wrong = config.clone();
    wrong.username = "someone@example.gov.in".into();
    assert!(
        nivaran::mailbox::pull(&app.store, &wrong)
            .await
            .unwrap_err()
            .contains("login")
    );

    let operator = app.login("operator.rewari").await;
    let posts: Value = app
        .get(&operator, "/social/posts?platform=email")
        .await
        .json()
        .await
        .unwrap();
    let posts = posts["items"].as_array().unwrap().clone();
    assert_eq!(posts.len(), 3);
    let by = |who: &str| {
        posts
            .iter()
            .find(|p| p["author_handle"] == who)
            .unwrap()
            .clone()
    };
    let sunita = by("sunita@example.in");
    assert_eq!(sunita["author_name"], "Sunita Devi");
    assert!(
        sunita["text"]
            .as_str()
            .unwrap()
            .starts_with("Subject: No water in Gokalgarh")
    );
    let ramesh = by("ramesh@example.in");
    assert!(
        ramesh["text"]
            .as_str()
            .unwrap()
            .contains("[attachments not kept: run.exe"),
        "{ramesh}"
    );
    let id = sunita["id"].as_i64().unwrap();
    assert_eq!(
        app.store.post_files(id).await.unwrap()[0].filename,
        "bill.pdf"
    );

    // Filed from the e-mail: the case takes its attachment; the sender is answered by e-mail.
    let mut f = form();
    f["channel"] = json!("email");
    f["email"] = json!("sunita@example.in");
    f["social_post"] = json!(id);
    let response = app.file_as(&operator, &f).await;
    assert_eq!(response.status(), 201);
    let regno = response.json::<Value>().await.unwrap()["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let admin = app.login("admin").await;
    let documents: Value = app
        .get(&admin, &format!("/grievances/{regno}/attachments"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        documents["attachments"][0]["filename"], "bill.pdf",
        "{documents}"
    );
    let reply: (String, Option<String>, String) = sqlx::query_as(
        "SELECT recipient, subject, body FROM outbox WHERE channel = 'email' AND template_key = 'social_acknowledged'",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(reply.0, "sunita@example.in");
    assert_eq!(reply.1.as_deref(), Some("Re: No water in Gokalgarh"));
    assert!(reply.2.contains(&regno));
    let dir = tempfile::tempdir().unwrap();
    let gateway = nivaran::notify::build_email_gateway(&Default::default(), dir.path()).unwrap();
    nivaran::worker::delivery::deliver_email(&app.store, &gateway, "test")
        .await
        .unwrap();
    let answered: Value = app
        .get(&operator, &format!("/social/posts/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(!answered["post"]["answered_at"].is_null(), "{answered}");
}
