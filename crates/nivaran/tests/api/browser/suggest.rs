//! The category suggested from what is typed, in Chromium: a citizen filing in Hindi, and an
//! operator at a camp desk.

use super::*;

#[tokio::test]
async fn a_citizen_types_a_complaint_in_hindi_and_chooses_the_suggested_category() {
    let app = spawn_app().await;
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.goto("/file").await;
    b.submit("form.lang button").await;
    assert_eq!(b.h1().await, "शिकायत दर्ज करें");
    b.fill("#f-citizen_name", "कमला देवी").await;
    b.fill("#f-mobile", "9812012377").await;
    b.fill("#f-subject", "हैंडपंप खराब").await;
    b.fill(
        "#f-description",
        "हमारी ढाणी का इकलौता हैंडपंप पंद्रह दिन से खराब पडा है, पानी के लिए दूर जाना पडता है",
    )
    .await;
    // The suggestions arrive as the words are typed (htmx), each a button.
    b.click("#f-suggest button[data-suggested=\"PHED-HP-REPAIR\"]")
        .await;
    b.wait_until("return document.querySelector('#f-category').value === 'PHED-HP-REPAIR'")
        .await;
    b.check_page().await;
    b.shot("file-suggested").await;
    for (depth, code) in ["06", "06084", "0608401", "060840101", "06084010101"]
        .iter()
        .enumerate()
    {
        b.choose(&format!("#place-{depth}"), code).await;
        b.find(&format!("#place-{}", depth + 1)).await;
    }
    b.submit("form.stack > div > button[type=submit]").await;
    assert_eq!(b.h1().await, "शिकायत पंजीकृत हुई");
    let regno = b.text("#regno").await;
    let admin = app.login("admin").await;
    let case = app.case(&admin, &regno).await;
    assert_eq!(case["grievance"]["category"]["code"], "PHED-HP-REPAIR");
    let (rank, _) = crate::suggest::recorded_suggestion(&app).await;
    assert!(rank.is_some(), "recorded as a suggestion chosen");
    b.close().await;
}

#[tokio::test]
async fn an_operator_at_a_camp_fills_the_category_in_from_a_suggestion() {
    let app = spawn_app().await;
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.login("operator.rewari").await;
    assert_eq!(b.h1().await, "Camp mode");
    b.fill("#f-citizen_name", "Mahesh Kumar").await;
    b.fill("#f-mobile", "9812012378").await;
    b.fill("#f-place", "0608401010101").await;
    b.fill("#f-subject", "Transformer burnt").await;
    b.fill(
        "#f-description",
        "The transformer of our village burnt four days ago and there is no light since",
    )
    .await;
    b.click("#f-suggest button[data-suggested=\"POWER-TR-BURNT\"]")
        .await;
    b.wait_until("return document.querySelector('#f-category').value === 'POWER-TR-BURNT'")
        .await;
    b.submit("#camp-submit").await;
    let notice = b.text("#camp-filed").await;
    assert!(notice.starts_with("Filed: 0626-"), "{notice}");
    let (rank, channel) = crate::suggest::recorded_suggestion(&app).await;
    assert!(rank.is_some());
    assert_eq!(channel, "samadhan_camp");
    b.close().await;
}

/// At the camp desk, a petition the village has already filed shows up while it is typed, and
/// the operator attaches the petitioner to it instead of filing it again.
#[tokio::test]
async fn an_operator_at_a_camp_attaches_a_petitioner_to_a_similar_open_case() {
    let app = spawn_app().await;
    let mut earlier = crate::helpers::form();
    earlier["jurisdiction"] = serde_json::json!("0608401010101");
    earlier["category"] = serde_json::json!("POWER-TR-BURNT");
    earlier["subject"] = serde_json::json!("Transformer burnt in Gokalgarh");
    earlier["description"] =
        serde_json::json!("The village transformer burnt four days ago, no light since then");
    let original = app.file(&earlier).await["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.login("operator.rewari").await;
    b.fill("#f-citizen_name", "Mahesh Kumar").await;
    b.fill("#f-mobile", "9812012378").await;
    b.fill("#f-place", "0608401010101").await;
    b.fill("#f-subject", "Transformer burnt").await;
    b.fill(
        "#f-description",
        "The transformer of our village burnt four days ago and there is no light since",
    )
    .await;
    b.click("#f-suggest button[data-suggested=\"POWER-TR-BURNT\"]")
        .await;
    let button = format!("#attach-{original}");
    b.wait_until(&format!(
        "return document.querySelector('{button}') !== null"
    ))
    .await;
    b.submit(&button).await;
    let notice = b.text("#camp-attached").await;
    assert!(notice.contains(&original), "{notice}");
    // The desk is ready for the next petition, and nothing was filed for this one.
    b.wait_until("return document.querySelector('#f-citizen_name').value === ''")
        .await;
    let filed: i64 =
        sqlx::query_scalar("SELECT count(*) FROM grievances WHERE mobile = '9812012378'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(filed, 0);
    b.close().await;
}

#[tokio::test]
async fn a_citizen_sees_a_similar_open_case_nearby_and_attaches_to_it() {
    let app = spawn_app().await;
    let mut earlier = crate::helpers::form();
    earlier["category"] = serde_json::json!("PHED-HP-REPAIR");
    earlier["subject"] = serde_json::json!("गोकलगढ़ का हैंडपंप खराब");
    earlier["description"] = serde_json::json!(
        "गोकलगढ़ की ढाणी का हैंडपंप पंद्रह दिन से खराब पडा है, पानी के लिए दूर जाना पडता है"
    );
    let original = app.file(&earlier).await["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.goto("/file").await;
    b.submit("form.lang button").await;
    b.fill("#f-citizen_name", "कमला देवी").await;
    b.fill("#f-mobile", "9812012377").await;
    b.fill("#f-subject", "हैंडपंप खराब").await;
    b.fill(
        "#f-description",
        "हमारी ढाणी का हैंडपंप पंद्रह दिन से खराब पडा है, पानी के लिए दूर जाना पडता है",
    )
    .await;
    b.click("#f-suggest button[data-suggested=\"PHED-HP-REPAIR\"]")
        .await;
    b.wait_until("return document.querySelector('#f-category').value === 'PHED-HP-REPAIR'")
        .await;
    for (depth, code) in ["06", "06084", "0608401", "060840101", "06084010101"]
        .iter()
        .enumerate()
    {
        b.choose(&format!("#place-{depth}"), code).await;
        b.find(&format!("#place-{}", depth + 1)).await;
    }
    // The similar open case at the same place arrives as the form is filled (htmx), with a
    // button to attach to it instead of filing again.
    b.find(&format!("#attach-{original}")).await;
    b.check_page().await;
    b.shot("file-similar").await;
    b.submit(&format!("#attach-{original}")).await;
    assert_eq!(b.h1().await, "पहले से दर्ज शिकायत से जोड़ा गया");
    assert!(b.text("#attached-to").await.contains(&original));
    let followers: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM case_followers WHERE mobile = '9812012377'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(followers, 1);
    b.close().await;
}
