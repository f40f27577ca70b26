//! The helpline screen in Chromium: a call event from the call-centre system opens the caller on
//! the operator's screen (htmx follows the calls), with their earlier case, and the filing form
//! opens for them with their number.

use super::*;

#[tokio::test]
async fn a_call_event_opens_the_caller_on_the_operators_helpline_screen() {
    let app = spawn_app().await;
    crate::telephony::configure(&app, None);
    let earlier = app.file_default().await;
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.login("operator.rewari").await;
    b.goto("/helpline").await;
    assert!(
        b.text("#calls")
            .await
            .contains("No call is ringing for you")
    );
    let rung = crate::telephony::call_event(
        &app,
        json!({"call_id": "browser-1", "event": "ringing", "caller": "09812012345",
            "agent": "operator.rewari"}),
    )
    .await;
    assert_eq!(rung.status(), 200);
    // The screen shows the call by itself, within a few seconds.
    b.wait_until("return document.querySelector('#calls article[data-call]') !== null")
        .await;
    let calls = b.text("#calls").await;
    assert!(calls.contains("9812012345"), "{calls}");
    assert!(calls.contains(&earlier), "{calls}");
    b.submit("#calls a.button").await;
    let mobile = b
        .client
        .execute("return document.querySelector('#f-mobile').value", vec![])
        .await
        .unwrap();
    assert_eq!(mobile, json!("9812012345"));
    let channel = b
        .client
        .execute("return document.querySelector('#f-channel').value", vec![])
        .await
        .unwrap();
    assert_eq!(channel, json!("helpline"));
    b.close().await;
}
