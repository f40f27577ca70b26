//! WhatsApp as a door (issue 18, part 2), through the WhatsApp Business Cloud API: Meta's
//! webhook (verified, signed with `X-Hub-Signature-256`) brings each citizen's messages; a
//! guided conversation in Hindi or English files a grievance (name, place by a shared location
//! or its name, description, the suggested category, a photo or document), answers "status"
//! and takes the citizen's feedback after disposal. Replies and the mirrored SMS notifications
//! go out through the outbox to the Graph API. The conversation is kept in the database, so it
//! survives restarts and any node takes the next message.

mod conversation;
mod media;
mod send;

pub use conversation::handle;
pub use media::Media;
pub use send::deliver_whatsapp;

use serde_json::Value;

/// One message a citizen sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Inbound {
    /// Meta's id of the message (`wamid…`): a message delivered twice is taken once.
    pub id: String,
    /// The sender's WhatsApp id: their number with the country code.
    pub wa_id: String,
    /// Their WhatsApp profile's name.
    pub name: Option<String>,
    pub kind: InboundKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InboundKind {
    Text(String),
    /// A shared location.
    Location {
        latitude: f64,
        longitude: f64,
    },
    /// A photo or a document, to be fetched from the Graph API by its id.
    Media {
        id: String,
        mime_type: String,
        filename: Option<String>,
    },
    /// A reply button or list row chosen.
    Choice(String),
    /// Anything else (a sticker, a voice note): asked to write instead.
    Other,
}

/// The citizens' messages in one webhook delivery (statuses of sent messages are passed over).
pub fn read_delivery(delivery: &Value) -> Vec<Inbound> {
    let mut messages = Vec::new();
    for entry in delivery["entry"].as_array().into_iter().flatten() {
        for change in entry["changes"].as_array().into_iter().flatten() {
            if change["field"].as_str() != Some("messages") {
                continue;
            }
            let value = &change["value"];
            let name_of = |wa_id: &str| {
                value["contacts"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|c| c["wa_id"].as_str() == Some(wa_id))
                    .and_then(|c| c["profile"]["name"].as_str())
                    .map(str::to_string)
            };
            for message in value["messages"].as_array().into_iter().flatten() {
                let (Some(id), Some(from)) = (message["id"].as_str(), message["from"].as_str())
                else {
                    continue;
                };
                let kind = match message["type"].as_str() {
                    Some("text") => InboundKind::Text(
                        message["text"]["body"]
                            .as_str()
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    ),
                    Some("location") => match (
                        message["location"]["latitude"].as_f64(),
                        message["location"]["longitude"].as_f64(),
                    ) {
                        (Some(latitude), Some(longitude)) => InboundKind::Location {
                            latitude,
                            longitude,
                        },
                        _ => InboundKind::Other,
                    },
                    Some(kind @ ("image" | "document")) => {
                        let media = &message[kind];
                        match media["id"].as_str() {
                            Some(id) => InboundKind::Media {
                                id: id.to_string(),
                                mime_type: media["mime_type"]
                                    .as_str()
                                    .unwrap_or_default()
                                    .to_string(),
                                filename: media["filename"].as_str().map(str::to_string),
                            },
                            None => InboundKind::Other,
                        }
                    }
                    Some("interactive") => {
                        let i = &message["interactive"];
                        let chosen = i["button_reply"]["id"]
                            .as_str()
                            .or_else(|| i["list_reply"]["id"].as_str());
                        chosen.map_or(InboundKind::Other, |c| InboundKind::Choice(c.to_string()))
                    }
                    Some("button") => InboundKind::Text(
                        message["button"]["text"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                    ),
                    _ => InboundKind::Other,
                };
                messages.push(Inbound {
                    id: id.to_string(),
                    wa_id: from.to_string(),
                    name: name_of(from),
                    kind,
                });
            }
        }
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn messages_are_read_and_statuses_passed_over() {
        let delivery = json!({"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [
            {"field": "messages", "value": {"messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "911800181181", "phone_number_id": "1098"},
                "contacts": [{"profile": {"name": "Sunita"}, "wa_id": "919812055501"}],
                "messages": [
                    {"from": "919812055501", "id": "wamid.1", "timestamp": "1795166100", "type": "text", "text": {"body": " नमस्ते "}},
                    {"from": "919812055501", "id": "wamid.2", "timestamp": "1795166101", "type": "location",
                     "location": {"latitude": 28.19, "longitude": 76.62}},
                    {"from": "919812055501", "id": "wamid.3", "timestamp": "1795166102", "type": "image",
                     "image": {"id": "MEDIA1", "mime_type": "image/jpeg", "sha256": "x"}},
                    {"from": "919812055501", "id": "wamid.4", "timestamp": "1795166103", "type": "sticker", "sticker": {"id": "S"}}
                ]}},
            {"field": "messages", "value": {"statuses": [{"id": "wamid.out", "status": "delivered"}]}}
        ]}]});
        let messages = read_delivery(&delivery);
        assert_eq!(messages.len(), 4);
        assert_eq!(messages[0].kind, InboundKind::Text("नमस्ते".into()));
        assert_eq!(messages[0].name.as_deref(), Some("Sunita"));
        assert!(matches!(messages[1].kind, InboundKind::Location { .. }));
        assert!(matches!(&messages[2].kind, InboundKind::Media { id, .. } if id == "MEDIA1"));
        assert_eq!(messages[3].kind, InboundKind::Other);
    }
}
