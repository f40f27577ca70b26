//! The guided conversation. A message moves a citizen's conversation one step, and the step's
//! replies are saved with it in one transaction (a node that lost the race to another reads the
//! conversation again and handles the message anew; filing is idempotent by the message's id,
//! so a message never files twice).
//!
//! menu → (1) name → place (a shared location, or its name) → description → category (from the
//! suggestion) → a photo or document, or "skip" → filed, with the number; (2) "status" at any
//! step → the citizen's latest cases; (3) feedback on their latest disposed case. "cancel" goes
//! back to the menu. The language is the one the citizen first wrote in; "हिंदी" or "English"
//! changes it.

use super::{Inbound, InboundKind, Media};
use crate::store::{
    ActionRequest, Actor, Conversation, Filing, IdempotencyKey, Store, StoreError, Upload,
};
use nivaran_domain::grievance::{GrievanceForm, language_of, subject_from};
use nivaran_domain::text::mobile_digits;
use nivaran_domain::types::{Language, Role};
use serde_json::json;

type Result<T> = std::result::Result<T, StoreError>;

/// Both languages of each thing said.
fn say(language: Language, en: &str, hi: &str) -> String {
    match language {
        Language::En => en.to_string(),
        Language::Hi => hi.to_string(),
    }
}

fn menu(language: Language) -> String {
    say(
        language,
        "Welcome to the Chief Minister's grievance line.\nReply 1 to file a grievance, 2 to know the status of your grievances, 3 to give feedback on one that was disposed of.\nहिंदी के लिए \"हिंदी\" लिखें.",
        "मुख्यमंत्री शिकायत सेवा में आपका स्वागत है।\nशिकायत दर्ज करने के लिए 1, अपनी शिकायतों की स्थिति जानने के लिए 2, निस्तारित शिकायत पर अपनी राय देने के लिए 3 भेजें।\nFor English, write \"English\".",
    )
}

fn is_any(text: &str, words: &[&str]) -> bool {
    let text = text.trim().to_lowercase();
    words.iter().any(|w| text == *w)
}

/// Handles one message: at most three tries when other nodes move the same conversation.
pub async fn handle(store: &Store, media: &Media, message: &Inbound) -> Result<()> {
    for _ in 0..3 {
        let mut conversation = match store.conversation(&message.wa_id).await? {
            Some(c) => c,
            None => Conversation {
                wa_id: message.wa_id.clone(),
                language: match &message.kind {
                    InboundKind::Text(t) => language_of(t),
                    _ => Language::Hi,
                },
                step: "new".into(),
                data: json!({}),
                version: 0,
            },
        };
        let (replies, grievance) = step(store, media, &mut conversation, message).await?;
        if store
            .save_conversation(&conversation, &message.id, &replies, grievance)
            .await?
        {
            return Ok(());
        }
    }
    Err(StoreError::Conflict { current: -1 })
}

/// The citizen's mobile number: their WhatsApp number without the country code.
fn mobile_of(wa_id: &str) -> String {
    mobile_digits(wa_id).unwrap_or_default()
}

async fn step(
    store: &Store,
    media: &Media,
    c: &mut Conversation,
    message: &Inbound,
) -> Result<(Vec<String>, Option<i64>)> {
    let text = match &message.kind {
        InboundKind::Text(t) => t.clone(),
        InboundKind::Choice(id) => id.clone(),
        _ => String::new(),
    };
    // What works at any step.
    if is_any(&text, &["हिंदी", "hindi"]) {
        c.language = Language::Hi;
        c.step = "menu".into();
        return Ok((vec![menu(c.language)], None));
    }
    if is_any(&text, &["english", "अंग्रेज़ी", "अंग्रेजी"]) {
        c.language = Language::En;
        c.step = "menu".into();
        return Ok((vec![menu(c.language)], None));
    }
    if is_any(&text, &["cancel", "रद्द", "menu", "मेनू"]) || c.step == "new" {
        c.step = "menu".into();
        c.data = json!({});
        return Ok((vec![menu(c.language)], None));
    }
    if is_any(&text, &["status", "स्थिति"]) || (c.step == "menu" && text.trim() == "2")
    {
        c.step = "menu".into();
        return Ok((vec![status(store, &message.wa_id, c.language).await?], None));
    }
    let l = c.language;
    match c.step.as_str() {
        "menu" => match text.trim() {
            "1" => {
                c.step = "name".into();
                c.data = json!({"profile_name": message.name});
                Ok((
                    vec![say(
                        l,
                        "Please write your full name.",
                        "कृपया अपना पूरा नाम लिखें।",
                    )],
                    None,
                ))
            }
            "3" => feedback_start(store, c, &message.wa_id).await,
            _ => Ok((vec![menu(l)], None)),
        },
        "name" => {
            let name = text.trim();
            if name.chars().count() < 2 || name.chars().count() > 100 {
                return Ok((
                    vec![say(
                        l,
                        "Please write your full name.",
                        "कृपया अपना पूरा नाम लिखें।",
                    )],
                    None,
                ));
            }
            c.data["name"] = json!(name);
            c.step = "place".into();
            Ok((
                vec![say(
                    l,
                    "Where is the problem? Share its location (📎 → Location), or write the village or ward and the district.",
                    "समस्या कहां है? उसकी लोकेशन भेजें (📎 → लोकेशन), या गांव या वार्ड और ज़िले का नाम लिखें।",
                )],
                None,
            ))
        }
        "place" => {
            let master = store.master();
            let found = match &message.kind {
                InboundKind::Location {
                    latitude,
                    longitude,
                } => master.place_at(*latitude, *longitude, None),
                InboundKind::Text(t) => master.place_in_address(t, None),
                _ => None,
            };
            let Some(place) = found.and_then(|id| master.jurisdictions.get(&id)) else {
                return Ok((
                    vec![say(
                        l,
                        "That place could not be found. Please share the location, or write the village or ward and the district again.",
                        "यह स्थान नहीं मिला। कृपया लोकेशन भेजें, या गांव या वार्ड और ज़िले का नाम फिर से लिखें।",
                    )],
                    None,
                ));
            };
            c.data["place"] = json!(place.code);
            c.step = "description".into();
            let name = match l {
                Language::En => &place.name_en,
                Language::Hi => &place.name_hi,
            };
            Ok((
                vec![say(
                    l,
                    &format!(
                        "Place: {name}. Now describe the problem: what is wrong, since when, and exactly where."
                    ),
                    &format!("स्थान: {name}। अब समस्या बताएं: क्या ख़राब है, कब से, और ठीक कहां।"),
                )],
                None,
            ))
        }
        "description" => {
            if text.chars().count() < 10 {
                return Ok((
                    vec![say(
                        l,
                        "Please describe the problem in a few more words.",
                        "कृपया समस्या कुछ और शब्दों में बताएं।",
                    )],
                    None,
                ));
            }
            let suggestions = store.suggest_categories(&text, 3).await?;
            if suggestions.is_empty() {
                return Ok((
                    vec![say(
                        l,
                        "Please describe the problem in other words: which service (water, electricity, road, ration, …) and what is wrong.",
                        "कृपया समस्या दूसरे शब्दों में बताएं: कौन सी सेवा (पानी, बिजली, सड़क, राशन, …) और क्या ख़राब है।",
                    )],
                    None,
                ));
            }
            c.data["description"] = json!(text.chars().take(4000).collect::<String>());
            c.data["offered"] = json!(
                suggestions
                    .iter()
                    .map(|s| s.code.clone())
                    .collect::<Vec<_>>()
            );
            let list: Vec<String> = suggestions
                .iter()
                .enumerate()
                .map(|(i, s)| match l {
                    Language::En => format!("{}. {} ({})", i + 1, s.name_en, s.department_en),
                    Language::Hi => format!("{}. {} ({})", i + 1, s.name_hi, s.department_hi),
                })
                .collect();
            c.step = "category".into();
            Ok((
                vec![format!(
                    "{}\n{}",
                    say(
                        l,
                        "Which of these is it? Reply with its number.",
                        "इनमें से कौन सी है? उसकी संख्या भेजें।"
                    ),
                    list.join("\n")
                )],
                None,
            ))
        }
        "category" => {
            let offered: Vec<String> =
                serde_json::from_value(c.data["offered"].clone()).unwrap_or_default();
            let chosen = text
                .trim()
                .parse::<usize>()
                .ok()
                .and_then(|n| offered.get(n.wrapping_sub(1)));
            let Some(code) = chosen.cloned() else {
                return Ok((
                    vec![say(
                        l,
                        "Please reply with the number of one of the choices.",
                        "कृपया किसी एक विकल्प की संख्या भेजें।",
                    )],
                    None,
                ));
            };
            c.data["category"] = json!(code);
            c.step = "attachment".into();
            Ok((
                vec![say(
                    l,
                    "If you have a photo or document of the problem, send it now. Otherwise reply \"skip\".",
                    "समस्या की फ़ोटो या दस्तावेज़ हो तो अभी भेजें। नहीं तो \"छोड़ें\" लिखें।",
                )],
                None,
            ))
        }
        "attachment" => {
            let files = match &message.kind {
                InboundKind::Media {
                    id,
                    mime_type,
                    filename,
                } => match media.fetch(id).await {
                    Ok(bytes) => vec![Upload {
                        filename: filename.clone().unwrap_or_else(|| {
                            let ext = mime_type.rsplit('/').next().unwrap_or("bin");
                            format!("whatsapp-{id}.{ext}")
                        }),
                        bytes,
                    }],
                    Err(why) => {
                        tracing::warn!(%why, "a citizen's WhatsApp file could not be fetched");
                        return Ok((
                            vec![say(
                                l,
                                "The file could not be received. Please send it again, or reply \"skip\".",
                                "फ़ाइल नहीं मिल सकी। कृपया फिर से भेजें, या \"छोड़ें\" लिखें।",
                            )],
                            None,
                        ));
                    }
                },
                _ if is_any(&text, &["skip", "no", "छोड़ें", "नहीं"]) => {
                    Vec::new()
                }
                _ => {
                    return Ok((
                        vec![say(
                            l,
                            "Send a photo or document, or reply \"skip\".",
                            "फ़ोटो या दस्तावेज़ भेजें, या \"छोड़ें\" लिखें।",
                        )],
                        None,
                    ));
                }
            };
            file(store, c, message, files).await
        }
        "feedback" => {
            let regno = c.data["regno"].as_str().unwrap_or_default().to_string();
            let outcome = match text.trim() {
                "1" => "satisfied",
                "2" => "not_satisfied",
                _ => {
                    return Ok((
                        vec![say(
                            l,
                            "Reply 1 if you are satisfied, 2 if you are not.",
                            "संतुष्ट हैं तो 1, नहीं तो 2 भेजें।",
                        )],
                        None,
                    ));
                }
            };
            let actor = Actor {
                user_id: None,
                label: format!("citizen on WhatsApp {}", message.wa_id),
                role: Some(Role::Citizen),
                office_id: None,
                jurisdiction_id: None,
                mobile: Some(mobile_of(&message.wa_id)),
            };
            let request = ActionRequest::RecordVerification {
                outcome: outcome.into(),
                remarks: say(l, "Given on WhatsApp", "व्हाट्सऐप पर दी गई"),
            };
            c.step = "menu".into();
            c.data = json!({});
            let said = match store.act(&regno, &request, &actor, None).await {
                Ok(_) if outcome == "satisfied" => {
                    say(l, "Thank you for your feedback.", "आपकी राय के लिए धन्यवाद।")
                }
                Ok(_) => say(
                    l,
                    "We are sorry. Your feedback is recorded; the case will be looked into again. You may also reopen it at the portal or on 181.",
                    "हमें खेद है। आपकी राय दर्ज हो गई है; मामले को फिर से देखा जाएगा। आप इसे पोर्टल या 181 पर दोबारा भी खुलवा सकते हैं।",
                ),
                // Given already (this message handled before, or on the phone): nothing to add.
                Err(StoreError::Lifecycle(_)) | Err(StoreError::Invalid(_)) => say(
                    l,
                    "Your feedback on this case was already recorded.",
                    "इस मामले पर आपकी राय पहले ही दर्ज है।",
                ),
                Err(e) => return Err(e),
            };
            Ok((vec![said], None))
        }
        _ => {
            c.step = "menu".into();
            Ok((vec![menu(l)], None))
        }
    }
}

async fn feedback_start(
    store: &Store,
    c: &mut Conversation,
    wa_id: &str,
) -> Result<(Vec<String>, Option<i64>)> {
    let l = c.language;
    match store.awaiting_feedback(&mobile_of(wa_id)).await? {
        Some(regno) => {
            c.step = "feedback".into();
            c.data = json!({"regno": regno});
            Ok((
                vec![say(
                    l,
                    &format!(
                        "Grievance {regno} was disposed of. Are you satisfied with what was done? Reply 1 for yes, 2 for no."
                    ),
                    &format!(
                        "शिकायत {regno} का निस्तारण हो गया है। क्या आप की गई कार्रवाई से संतुष्ट हैं? हां के लिए 1, नहीं के लिए 2 भेजें।"
                    ),
                )],
                None,
            ))
        }
        None => Ok((
            vec![say(
                l,
                "None of your grievances is waiting for your feedback.",
                "आपकी कोई शिकायत आपकी राय की प्रतीक्षा में नहीं है।",
            )],
            None,
        )),
    }
}

/// Files what the conversation gathered; idempotent by the message, so a message handled again
/// answers with the case it filed.
async fn file(
    store: &Store,
    c: &mut Conversation,
    message: &Inbound,
    files: Vec<Upload>,
) -> Result<(Vec<String>, Option<i64>)> {
    let l = c.language;
    let master = store.master();
    let text = |name: &str| c.data[name].as_str().unwrap_or_default().to_string();
    let description = text("description");
    let category = text("category");
    let fallback = master
        .category_by_code(&category)
        .map(|cat| cat.name_en.clone())
        .unwrap_or_default();
    let mobile = mobile_of(&message.wa_id);
    let form = GrievanceForm {
        citizen_name: text("name"),
        reached_through_integration: mobile.is_empty(),
        mobile,
        jurisdiction: text("place"),
        category,
        subject: subject_from(&description, &fallback),
        description,
        channel: Some("whatsapp".into()),
        language: Some(l.code().into()),
        ..Default::default()
    };
    let actor = Actor {
        user_id: None,
        label: "WhatsApp".into(),
        role: Some(Role::Operator),
        office_id: None,
        jurisdiction_id: None,
        mobile: None,
    };
    let request = serde_json::to_vec(&c.data).unwrap_or_default();
    let filing = Filing {
        files,
        idempotency: Some(IdempotencyKey::new(
            &message.id,
            format!("whatsapp:{}", message.wa_id),
            &request,
        )?),
        ..Filing::new(form, actor)
    };
    c.step = "menu".into();
    c.data = json!({});
    match store.file_now(filing).await {
        Ok(registered) => {
            if !registered.grievance.mobile.is_empty() {
                store
                    .opt_in_whatsapp(&registered.grievance.mobile, &message.wa_id)
                    .await?;
            }
            let g = &registered.grievance;
            let office = g
                .holding_office
                .as_ref()
                .map(|o| match l {
                    Language::En => o.name_en.clone(),
                    Language::Hi => o.name_hi.clone(),
                })
                .unwrap_or_default();
            Ok((
                vec![say(
                    l,
                    &format!(
                        "Your grievance is registered as {}. {office} must act by {}. You will hear of every step here and by SMS. Write \"status\" at any time.",
                        g.registration_number, g.due_date
                    ),
                    &format!(
                        "आपकी शिकायत {} के रूप में दर्ज है। {office} को {} तक कार्रवाई करनी है। हर चरण की सूचना यहां और SMS से मिलेगी। स्थिति जानने के लिए कभी भी \"स्थिति\" लिखें।",
                        g.registration_number, g.due_date
                    ),
                )],
                None,
            ))
        }
        Err(StoreError::Invalid(refused)) => {
            let why = crate::present::i18n::Lang::parse(l.code())
                .unwrap_or(crate::present::i18n::Lang::Hi)
                .say(&refused.message);
            Ok((
                vec![format!(
                    "{} {why}\n{}",
                    say(
                        l,
                        "The grievance could not be registered:",
                        "शिकायत दर्ज नहीं हो सकी:"
                    ),
                    menu(l)
                )],
                None,
            ))
        }
        Err(e) => Err(e),
    }
}

/// The citizen's latest cases, open ones first.
async fn status(store: &Store, wa_id: &str, l: Language) -> Result<String> {
    let cases = store.ivr_cases(&mobile_of(wa_id)).await?;
    if cases.is_empty() {
        return Ok(say(
            l,
            "No grievance was found for your number. Reply 1 to file one.",
            "आपके नंबर पर कोई शिकायत नहीं मिली। दर्ज करने के लिए 1 भेजें।",
        ));
    }
    let master = store.master();
    let lines: Vec<String> = cases
        .iter()
        .map(|case| {
            let status = nivaran_domain::lifecycle::Status::parse(&case.status);
            let label = status
                .map(|s| match l {
                    Language::En => s.label_en(),
                    Language::Hi => s.label_hi(),
                })
                .unwrap_or_default();
            let office = case
                .holding_office_id
                .and_then(|id| master.offices.get(&id))
                .map(|o| match l {
                    Language::En => o.name_en.clone(),
                    Language::Hi => o.name_hi.clone(),
                })
                .unwrap_or_default();
            format!("{}: {label} ({office})", case.registration_number)
        })
        .collect();
    Ok(lines.join("\n"))
}
