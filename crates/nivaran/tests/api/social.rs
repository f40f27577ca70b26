//! Social media as a door (issue 18, part 1), against fakes of the platforms on 127.0.0.1: Meta's
//! webhook (its verification, its signature, its payloads), the generic feed, and the X API v2
//! (mentions pulled after the last taken, replies posted); the SMGT desk filing, linking, asking
//! and dismissing; the replies with the number and the disposal; the figures.

use crate::helpers::*;
use crate::web::{filing_fields, multipart};
use crate::web_client::WebClient;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use nivaran::social::{SocialConfig, signature_of};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const APP_SECRET: &str = "meta-app-secret";
const FEED_SECRET: &str = "feed-secret-0123456789";

#[derive(Default)]
struct FakeX {
    /// Mentions the API has, oldest first.
    mentions: Vec<Value>,
    /// The since_id of each pull.
    pulls: Vec<Option<String>>,
    /// Replies posted: (in reply to, text).
    replies: Vec<(String, String)>,
    /// Feed replies taken: their bodies.
    feed_replies: Vec<Value>,
}

type Fake = Arc<Mutex<FakeX>>;

async fn mentions(
    State(fake): State<Fake>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> (StatusCode, String) {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer x-read") {
        return (StatusCode::UNAUTHORIZED, "{}".into());
    }
    let mut x = fake.lock().unwrap();
    let since = query.get("since_id").cloned();
    x.pulls.push(since.clone());
    let newer: Vec<Value> = x
        .mentions
        .iter()
        .filter(|m| {
            since.as_ref().is_none_or(|s| {
                m["id"].as_str().unwrap().parse::<u64>().unwrap() > s.parse().unwrap()
            })
        })
        .cloned()
        .rev()
        .collect();
    let meta = match newer.first() {
        Some(newest) => json!({"newest_id": newest["id"], "result_count": newer.len()}),
        None => json!({"result_count": 0}),
    };
    let page = json!({"data": newer, "meta": meta,
        "includes": {"users": [{"id": "42", "username": "sunita_rwr", "name": "Sunita Devi"}]}});
    (StatusCode::OK, page.to_string())
}

async fn tweet(State(fake): State<Fake>, headers: HeaderMap, body: String) -> (StatusCode, String) {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer x-write") {
        return (StatusCode::FORBIDDEN, "{}".into());
    }
    let body: Value = serde_json::from_str(&body).unwrap();
    let mut x = fake.lock().unwrap();
    x.replies.push((
        body["reply"]["in_reply_to_tweet_id"]
            .as_str()
            .unwrap()
            .to_string(),
        body["text"].as_str().unwrap().to_string(),
    ));
    let id = 1_800_000 + x.replies.len();
    (
        StatusCode::CREATED,
        json!({"data": {"id": id.to_string()}}).to_string(),
    )
}

async fn feed_reply(State(fake): State<Fake>, headers: HeaderMap, body: String) -> StatusCode {
    let signed = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if signed != signature_of(FEED_SECRET, body.as_bytes()) {
        return StatusCode::FORBIDDEN;
    }
    fake.lock()
        .unwrap()
        .feed_replies
        .push(serde_json::from_str(&body).unwrap());
    StatusCode::OK
}

/// The fake platforms, and the configuration that points at them (Meta without a page token:
/// its replies are the desk's to post by hand).
async fn platforms(app: &TestApp) -> (Fake, SocialConfig) {
    let fake = Fake::default();
    let router = axum::Router::new()
        .route("/2/users/{id}/mentions", get(mentions))
        .route("/2/tweets", post(tweet))
        .route("/feed/replies", post(feed_reply))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let config: SocialConfig = toml::from_str(&format!(
        r#"
        answer_within_hours = 24
        [x]
        user_id = "1234"
        bearer_token = "x-read"
        reply_token = "x-write"
        api_base = "{base}"
        [meta]
        app_secret = "{APP_SECRET}"
        verify_token = "verify-me-please"
        [feed]
        secret = "{FEED_SECRET}"
        reply_url = "{base}/feed/replies"
        "#
    ))
    .unwrap();
    config.check().unwrap();
    app.store.set_social(config.clone());
    (fake, config)
}

fn mention(id: &str, text: &str) -> Value {
    json!({"id": id, "text": text, "author_id": "42", "created_at": "2026-11-20T09:15:00.000Z"})
}

async fn post_signed(app: &TestApp, path: &str, secret: &str, body: &str) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", signature_of(secret, body.as_bytes()))
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

async fn queue(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let answer: Value = app
        .get(token, &format!("/social/posts?{query}"))
        .await
        .json()
        .await
        .unwrap();
    answer["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{answer}"))
        .clone()
}

async fn deliver(app: &TestApp, config: &SocialConfig) -> nivaran::store::DeliveryReport {
    let replies = nivaran::social::Replies::new(config).unwrap();
    nivaran::social::deliver_replies(&app.store, &replies, "test")
        .await
        .unwrap()
}

#[tokio::test]
async fn meta_webhooks_are_verified_signed_and_taken_once() {
    let app = spawn_app().await;
    platforms(&app).await;
    let hook = "/social/meta/webhook";
    // The subscription's check.
    let verified = app
        .client
        .get(app.url(&format!(
            "{hook}?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(verified.status(), 200);
    assert_eq!(verified.text().await.unwrap(), "1158201444");
    let wrong = app
        .client
        .get(app.url(&format!(
            "{hook}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);

    let delivery = json!({"object": "page", "entry": [{"id": "1122", "time": 1795166100, "changes": [
        {"field": "feed", "value": {"item": "status", "verb": "add", "post_id": "1122_3344",
            "message": "Streetlights off in ward 7 of Rewari for a week", "created_time": 1795166100,
            "from": {"id": "77", "name": "Ramesh Kumar"}}},
        {"field": "feed", "value": {"item": "reaction", "verb": "add", "post_id": "1122_3344"}}
    ]}]})
    .to_string();
    let operator = app.login("operator.rewari").await;
    // A bad signature, a missing one, and a signed body that is not a delivery: nothing taken.
    let forged = post_signed(&app, hook, "not-the-secret", &delivery).await;
    let (status, code, _, _) = error_of(forged).await;
    assert_eq!((status, code.as_str()), (403, "forbidden"));
    let unsigned = app
        .client
        .post(app.url(hook))
        .body(delivery.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 403);
    let garbled = post_signed(&app, hook, APP_SECRET, "{\"object\": ").await;
    assert_eq!(garbled.status(), 422);
    assert!(queue(&app, &operator, "").await.is_empty());
    // Signed: the post is taken (the reaction is not a post), and only once.
    let taken: Value = post_signed(&app, hook, APP_SECRET, &delivery)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(taken, json!({"received": 1, "new": 1}));
    let again: Value = post_signed(&app, hook, APP_SECRET, &delivery)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, json!({"received": 1, "new": 0}));
    let posts = queue(&app, &operator, "").await;
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0]["platform"], "facebook");
    assert_eq!(posts[0]["author_handle"], "Ramesh Kumar");
    assert_eq!(posts[0]["url"], "https://www.facebook.com/1122/posts/3344");

    // Not connected: the door says so.
    app.store.set_social(SocialConfig::default());
    let closed = post_signed(&app, hook, APP_SECRET, &delivery).await;
    assert_eq!(closed.status(), 404);
}

#[tokio::test]
async fn the_feed_takes_signed_posts_and_refuses_a_delivery_with_a_bad_one_whole() {
    let app = spawn_app().await;
    platforms(&app).await;
    let good = json!({"platform": "youtube", "id": "Ugx1", "author": {"handle": "@kisan_rwr"},
        "text": "Canal water not released to our fields", "url": "https://www.youtube.com/watch?v=a&lc=Ugx1",
        "posted_at": "2026-11-20T10:00:00+05:30"});
    let bad = json!({"platform": "You Tube", "id": "2", "author": {"handle": "x"}, "text": "t"});
    let refused = post_signed(
        &app,
        "/social/feed",
        FEED_SECRET,
        &json!({"posts": [good, bad]}).to_string(),
    )
    .await;
    let (status, code, _, message) = error_of(refused).await;
    assert_eq!((status, code.as_str()), (422, "invalid_body"));
    assert!(message.contains("posts[1]"), "{message}");
    let unknown_field = post_signed(
        &app,
        "/social/feed",
        FEED_SECRET,
        &json!({"posts": [good], "extra": 1}).to_string(),
    )
    .await;
    assert_eq!(unknown_field.status(), 422);
    let operator = app.login("operator.rewari").await;
    assert!(queue(&app, &operator, "").await.is_empty());
    let taken: Value = post_signed(
        &app,
        "/social/feed",
        FEED_SECRET,
        &json!({"posts": [good]}).to_string(),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(taken["new"], 1);
    let posts = queue(&app, &operator, "platform=youtube").await;
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0]["posted_at"], 1_795_149_000_000_i64);
    let (status, ..) = error_of(
        app.get(&operator, "/social/posts?platform=You%20Tube")
            .await,
    )
    .await;
    assert_eq!(status, 422);
    let (status, ..) = error_of(app.get(&operator, "/social/posts?state=new").await).await;
    assert_eq!(status, 422, "a parameter the desk does not know is refused");
}

#[tokio::test]
async fn the_desk_files_links_asks_and_dismisses_and_every_author_hears_back() {
    let app = spawn_app().await;
    let (fake, config) = platforms(&app).await;
    fake.lock().unwrap().mentions = vec![
        mention(
            "1790001",
            "@CMOHaryana No drinking water in Gokalgarh for ten days, the pump is broken",
        ),
        mention(
            "1790002",
            "@CMOHaryana Same problem in our lane of Gokalgarh",
        ),
    ];
    assert_eq!(
        nivaran::social::x::pull_into(&app.store, config.x.as_ref().unwrap())
            .await
            .unwrap(),
        2
    );
    fake.lock()
        .unwrap()
        .mentions
        .push(mention("1790003", "@CMOHaryana my ration card is not made"));
    assert_eq!(
        nivaran::social::x::pull_into(&app.store, config.x.as_ref().unwrap())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        fake.lock().unwrap().pulls,
        vec![None, Some("1790002".to_string())],
        "the second pull asks only for what is newer"
    );
    let operator = app.login("operator.rewari").await;
    let posts = queue(&app, &operator, "status=new").await;
    assert_eq!(posts.len(), 3);
    let id_of = |source: &str| {
        posts.iter().find(|p| p["source_id"] == source).unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (first, second, third) = (id_of("1790001"), id_of("1790002"), id_of("1790003"));
    assert_eq!(
        posts.iter().find(|p| p["id"] == first).unwrap()["url"],
        "https://x.com/sunita_rwr/status/1790001"
    );

    // Only operators work the desk, and only they file from a post.
    let officer = app.login("officer.phed.rewari.block").await;
    assert_eq!(app.get(&officer, "/social/posts").await.status(), 403);
    let citizen = app.signup_citizen("9812055561").await;
    let mut by_citizen = form();
    by_citizen["mobile"] = json!("9812055561");
    by_citizen["social_post"] = json!(first);
    let (status, code, field, _) = error_of(app.file_as(&citizen, &by_citizen).await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "operator_only", Some("social_post"))
    );

    // Filed from the first post: settled, and its author told the number on X.
    let mut f = form();
    f["channel"] = json!("social_media");
    f["mobile"] = json!("9812055562");
    f["social_post"] = json!(first);
    let response = app.file_as(&operator, &f).await;
    assert_eq!(response.status(), 201);
    let regno = response.json::<Value>().await.unwrap()["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let filed: Value = app
        .get(&operator, &format!("/social/posts/{first}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(filed["post"]["status"], "filed");
    assert_eq!(filed["post"]["registration_number"], regno.as_str());
    assert_eq!(filed["replies"][0]["kind"], "social_acknowledged");
    // The same post cannot be filed twice.
    let (status, _, field, _) = error_of(app.file_as(&operator, &f).await).await;
    assert_eq!((status, field.as_deref()), (422, Some("social_post")));

    // The second is about the same case: linked. The third: its author is asked for a number.
    let link = |id: i64, body: Value| {
        let app = &app;
        let operator = operator.clone();
        async move {
            app.client
                .post(app.url(&format!("/social/posts/{id}/triage")))
                .bearer_auth(&operator)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let (status, _, field, _) = error_of(
        link(
            second,
            json!({"action": "link", "registration_number": "0626-9999999-9"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, field.as_deref()),
        (422, Some("registration_number"))
    );
    assert_eq!(
        link(
            second,
            json!({"action": "link", "registration_number": regno})
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        link(third, json!({"action": "ask_mobile"})).await.status(),
        200
    );
    let (status, _, field, _) =
        error_of(link(third, json!({"action": "dismiss", "reason": "no"})).await).await;
    assert_eq!((status, field.as_deref()), (422, Some("reason")));
    assert_eq!(
        link(
            third,
            json!({"action": "dismiss", "reason": "Not the state's subject: ration is central"})
        )
        .await
        .status(),
        200
    );
    let (status, ..) = error_of(link(third, json!({"action": "ask_mobile"})).await).await;
    assert_eq!(status, 422, "a dismissed post is not asked again");
    assert_eq!(link(third, json!({"action": "repost"})).await.status(), 422);

    // Every reply goes out on X, each once, and marks its post answered.
    let round = deliver(&app, &config).await;
    assert_eq!(round.sent, 3);
    assert_eq!(deliver(&app, &config).await.handled(), 0);
    let replies = fake.lock().unwrap().replies.clone();
    let to = |tweet: &str| {
        replies
            .iter()
            .filter(|(id, _)| id == tweet)
            .map(|(_, t)| t.clone())
            .collect::<Vec<_>>()
    };
    assert!(to("1790001")[0].contains(&regno), "{replies:?}");
    assert!(to("1790002")[0].contains(&regno));
    assert!(to("1790003")[0].contains("mobile number"));
    let answered = queue(&app, &operator, "").await;
    assert!(answered.iter().all(|p| !p["answered_at"].is_null()));

    // Disposed: both authors whose posts are the case hear how.
    let officer_token = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer_token, &regno, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer_token,
        &regno,
        json!({"action": "submit_atr", "text": "Pump repaired"}),
    )
    .await;
    app.act_ok(
        &officer_token,
        &regno,
        json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored"}),
    )
    .await;
    assert_eq!(deliver(&app, &config).await.sent, 2);
    let replies = fake.lock().unwrap().replies.clone();
    let disposed: Vec<_> = replies
        .iter()
        .filter(|(_, t)| t.contains("disposed of"))
        .collect();
    assert_eq!(disposed.len(), 2, "{replies:?}");
    assert!(
        disposed
            .iter()
            .all(|(_, t)| t.contains(&regno) && t.contains("Relief given"))
    );

    // The figures equal the lists.
    let figures: Value = app
        .get(&operator, "/social/figures?from=2026-11-01&to=2026-12-31")
        .await
        .json()
        .await
        .unwrap();
    let x = &figures["platforms"][0];
    assert_eq!(x["platform"], "x");
    assert_eq!(
        (
            x["received"].as_i64(),
            x["filed"].as_i64(),
            x["linked"].as_i64(),
            x["dismissed"].as_i64(),
            x["triaged"].as_i64(),
            x["answered"].as_i64(),
            x["answered_within"].as_i64()
        ),
        (
            Some(3),
            Some(1),
            Some(1),
            Some(1),
            Some(3),
            Some(3),
            Some(3)
        )
    );
    for (status, n) in [("filed", 1), ("linked", 1), ("dismissed", 1), ("new", 0)] {
        assert_eq!(
            queue(&app, &operator, &format!("status={status}&platform=x"))
                .await
                .len(),
            n
        );
    }
    // A district's figures are the posts that became or joined its cases; another's have none.
    let admin = app.login("admin").await;
    let scoped = |token: String, scope: &'static str| {
        let app = &app;
        async move {
            let body: Value = app
                .get(
                    &token,
                    &format!("/social/figures?from=2026-11-01&to=2026-12-31&scope={scope}"),
                )
                .await
                .json()
                .await
                .unwrap();
            body["platforms"].as_array().unwrap().clone()
        }
    };
    let rewari = scoped(operator.clone(), "area:06084").await;
    assert_eq!(
        (
            rewari[0]["received"].as_i64(),
            rewari[0]["filed"].as_i64(),
            rewari[0]["linked"].as_i64(),
            rewari[0]["dismissed"].as_i64()
        ),
        (Some(2), Some(1), Some(1), Some(0))
    );
    assert!(scoped(admin.clone(), "area:06068").await.is_empty());
    assert_eq!(
        app.get(&operator, "/social/figures?scope=area:06068")
            .await
            .status(),
        403,
        "an operator sees their own district's"
    );
    let (status, code, field, _) =
        error_of(app.get(&operator, "/social/figures?scope=nowhere:1").await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "unknown", Some("scope"))
    );
    // The district's printed review carries them (seed 001: "social-media cases answered").
    let mut web = WebClient::new(&app);
    web.login("admin").await;
    let csv = web
        .get("/reports/review.csv?scope=area:06084&from=2026-11-01&to=2026-12-31&lang=en")
        .await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    let table = csv
        .body
        .split("Social media (SMGT): posts filed as or linked to these cases")
        .nth(1)
        .unwrap_or_else(|| panic!("no SMGT table: {}", csv.body));
    assert!(table.contains("\nx,2,1,1,0,0,2,2\n"), "{table}");
    assert!(table.contains("All platforms,2,1,1,0,0,2,2"), "{table}");
    let page = web
        .get("/smgt/figures?scope=area:06084&from=2026-11-01&to=2026-12-31")
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("id=\"smgt-scope-name\">Rewari"),
        "{}",
        page.body
    );
    let supervisor = app.login("supervisor.phed.rewari").await;
    assert_eq!(app.get(&supervisor, "/social/figures").await.status(), 200);
    let citizen_figures = app.get(&citizen, "/social/figures").await;
    assert_eq!(citizen_figures.status(), 403);
    // Every triage is in the administration log.
    let log = app.store.admin_log(50).await.unwrap();
    for action in [
        "social.file",
        "social.link",
        "social.ask_mobile",
        "social.dismiss",
    ] {
        assert!(log.iter().any(|e| e.action == action), "{action}");
    }
}

#[tokio::test]
async fn on_the_pages_a_post_is_filed_and_a_reply_without_an_api_is_posted_by_hand() {
    let app = spawn_app().await;
    let (fake, config) = platforms(&app).await;
    let delivery =
        json!({"object": "page", "entry": [{"id": "1122", "time": 1795166100, "changes": [
        {"field": "feed", "value": {"item": "comment", "verb": "add", "post_id": "1122_3344",
            "comment_id": "3344_5566", "message": "गोकलगढ़ में दस दिन से पानी नहीं आ रहा",
            "from": {"id": "78", "name": "Anita"}}}]}]})
        .to_string();
    post_signed(&app, "/social/meta/webhook", APP_SECRET, &delivery).await;
    let youtube =
        json!({"posts": [{"platform": "youtube", "id": "Ugx9", "author": {"handle": "@kisan"},
        "text": "Canal water not released"}]})
        .to_string();
    post_signed(&app, "/social/feed", FEED_SECRET, &youtube).await;
    let mut web = WebClient::new(&app);
    web.login("operator.rewari").await;
    let desk = web.get("/smgt").await;
    assert_eq!(desk.status, 200);
    assert!(desk.body.contains("गोकलगढ़ में दस दिन से पानी नहीं आ रहा"));
    let operator = app.login("operator.rewari").await;
    let facebook = queue(&app, &operator, "platform=facebook").await[0]["id"]
        .as_i64()
        .unwrap();
    let from_youtube = queue(&app, &operator, "platform=youtube").await[0]["id"]
        .as_i64()
        .unwrap();

    // The filing form opens with the post's words and files it.
    let form = web.get(&format!("/file?social_post={facebook}")).await;
    assert!(
        form.body
            .contains(&format!("name=\"social_post\" value=\"{facebook}\""))
    );
    assert!(
        form.body
            .contains("Anita (facebook) https://www.facebook.com/3344_5566")
    );
    let mut fields = filing_fields();
    fields.push(("channel", "social_media".into()));
    fields.push(("social_post", facebook.to_string()));
    let filed = web.post_multipart("/file", multipart(&fields)).await;
    assert_eq!(filed.status, 303, "{}", filed.body);
    let post = web.get(&format!("/smgt/{facebook}")).await;
    assert!(post.body.contains("Filed"), "{}", post.body);
    // Facebook's replies are not configured: the desk is told to post it by hand.
    assert_eq!(deliver(&app, &config).await.rejected, 1);
    let post = web.get(&format!("/smgt/{facebook}")).await;
    assert!(
        post.body
            .contains("post this reply on the platform by hand"),
        "{}",
        post.body
    );
    assert!(
        post.body.contains("के रूप में दर्ज है"),
        "the reply is in the author's language"
    );
    let done = web
        .post(
            &format!("/smgt/{facebook}"),
            &[("action", "answered_by_hand")],
        )
        .await;
    assert_eq!(done.status, 303);
    let answered = app
        .get(&operator, &format!("/social/posts/{facebook}"))
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert!(!answered["post"]["answered_at"].is_null());

    // Dismissed on the page, with a reason; a short one is explained.
    web.get(&format!("/smgt/{from_youtube}")).await;
    let short = web
        .post(
            &format!("/smgt/{from_youtube}"),
            &[("action", "dismiss"), ("reason", "no")],
        )
        .await;
    assert_eq!(short.status, 422);
    let dismissed = web
        .post(
            &format!("/smgt/{from_youtube}"),
            &[
                ("action", "dismiss"),
                ("reason", "Irrigation is the canal board's"),
            ],
        )
        .await;
    assert_eq!(dismissed.status, 303);
    // The feed's platform takes its replies through the feed, signed: none for a dismissal.
    assert_eq!(deliver(&app, &config).await.handled(), 0);
    assert!(fake.lock().unwrap().feed_replies.is_empty());
    let figures = web.get("/smgt/figures").await;
    assert_eq!(figures.status, 200);
    assert!(figures.body.contains("data-platform=\"facebook\""));
    assert_eq!(
        web.get("/smgt/figures?from=2026-12-31&to=2026-01-01")
            .await
            .status,
        422
    );
    assert_eq!(web.get("/smgt?sort=new").await.status, 422);
    // A district's dashboard leads its reviewer to the district's figures for the same period:
    // the post filed there, not the one dealt with otherwise; the whole desk's a link away.
    let mut reviewer = WebClient::new(&app);
    reviewer.login("supervisor.revenue.rewari").await;
    let dashboard = reviewer.get("/dashboard?scope=area%3A06084").await;
    let link = dashboard
        .between("id=\"smgt-figures-link\" href=\"", "\"")
        .expect("a link to the desk's figures");
    let figures = reviewer.get(&link.replace("&amp;", "&")).await;
    assert_eq!(figures.status, 200);
    assert!(figures.body.contains("id=\"smgt-scope-name\">Rewari"));
    assert!(figures.body.contains("data-platform=\"facebook\""));
    assert!(!figures.body.contains("data-platform=\"youtube\""));
    let whole = reviewer
        .get(
            &figures
                .between("<a href=\"/smgt/figures?", "\"")
                .map(|q| format!("/smgt/figures?{}", q.replace("&amp;", "&")))
                .expect("a link to the whole desk's figures"),
        )
        .await;
    assert!(whole.body.contains("data-platform=\"youtube\""));
}
