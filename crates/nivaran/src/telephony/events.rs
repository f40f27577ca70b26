//! Reading a call's events as each system sends them: Nivaran's generic JSON, Exotel's Passthru
//! applet and status callback parameters, and Asterisk's ARI event JSON.

use crate::store::{CallEvent, CallStatus};
use nivaran_domain::text::mobile_digits;
use serde::Deserialize;
use serde_json::Value;

/// A number as ten digits where it is an Indian mobile, else as given (a landline).
fn number(given: &str) -> String {
    mobile_digits(given).unwrap_or_else(|| given.trim().chars().take(20).collect())
}

/// The generic webhook's body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericEvent {
    pub call_id: String,
    /// `ringing`, `answered`, `ended` or `failed`.
    pub event: String,
    #[serde(default)]
    pub caller: String,
    #[serde(default)]
    pub called: Option<String>,
    /// The operator it rings for: a username, or the phone it rings.
    #[serde(default)]
    pub agent: Option<String>,
    /// `inbound` (default) or `outbound`.
    #[serde(default)]
    pub direction: Option<String>,
    #[serde(default)]
    pub recording_url: Option<String>,
}

pub fn read_generic(body: &[u8]) -> Result<CallEvent, String> {
    let event: GenericEvent = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let status = match event.event.as_str() {
        "ringing" => CallStatus::Ringing,
        "answered" => CallStatus::Answered,
        "ended" => CallStatus::Ended,
        "failed" => CallStatus::Failed,
        other => {
            return Err(format!(
                "event '{other}' is not ringing, answered, ended or failed"
            ));
        }
    };
    let direction = event.direction.unwrap_or_else(|| "inbound".into());
    if !matches!(direction.as_str(), "inbound" | "outbound") {
        return Err("direction is inbound or outbound".into());
    }
    check_call_id(&event.call_id)?;
    check_recording(event.recording_url.as_deref())?;
    Ok(CallEvent {
        provider: "generic".into(),
        payload: String::from_utf8_lossy(body).into_owned(),
        call_id: event.call_id,
        direction,
        caller: number(&event.caller),
        called: event.called,
        agent: event
            .agent
            .filter(|a| !a.is_empty())
            .map(|a| number_or_name(&a)),
        status,
        recording_url: event.recording_url,
    })
}

fn number_or_name(agent: &str) -> String {
    mobile_digits(agent).unwrap_or_else(|| agent.trim().to_string())
}

fn check_call_id(id: &str) -> Result<(), String> {
    if id.trim().is_empty() || id.len() > 100 {
        return Err("call_id is 1 to 100 characters".into());
    }
    Ok(())
}

fn check_recording(url: Option<&str>) -> Result<(), String> {
    match url {
        Some(url) if !(url.starts_with("https://") || url.starts_with("http://")) => {
            Err("a recording's link is an http or https address".into())
        }
        _ => Ok(()),
    }
}

/// Exotel: the Passthru applet's GET (a call arriving, or its dial ending) or the status
/// callback's POST (`Status`), by their documented parameters.
pub fn read_exotel(params: &[(String, String)]) -> Result<CallEvent, String> {
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let call_id = get("CallSid").ok_or("CallSid is missing")?;
    check_call_id(&call_id)?;
    let status = match (get("Status"), get("CallType"), get("DialCallStatus")) {
        // The status callback of a call that ended.
        (Some(status), _, _) => match status.as_str() {
            "completed" => CallStatus::Ended,
            "in-progress" => CallStatus::Answered,
            "ringing" | "queued" => CallStatus::Ringing,
            _ => CallStatus::Failed,
        },
        (None, _, Some(dial)) if dial == "in-progress" => CallStatus::Answered,
        (None, Some(kind), _) if kind == "call-attempt" => CallStatus::Ringing,
        (None, Some(_), _) => CallStatus::Ended,
        (None, None, _) => CallStatus::Ringing,
    };
    let direction = match get("Direction").as_deref() {
        Some("outbound-api") | Some("outbound-dial") | Some("outbound") => "outbound",
        _ => "inbound",
    };
    let recording_url = get("RecordingUrl");
    check_recording(recording_url.as_deref())?;
    let payload = serde_json::to_string(
        &params
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect::<serde_json::Map<_, _>>(),
    )
    .unwrap_or_default();
    Ok(CallEvent {
        provider: "exotel".into(),
        call_id,
        direction: direction.into(),
        caller: number(&get("CallFrom").or_else(|| get("From")).unwrap_or_default()),
        called: get("CallTo").or_else(|| get("To")),
        agent: get("DialWhomNumber").map(|a| number_or_name(&a)),
        status,
        recording_url,
        payload,
    })
}

/// Asterisk's ARI events (as the ARI application forwards them): `StasisStart` (a call enters
/// the helpline's application; its first argument names the operator), `ChannelStateChange` to
/// `Up` (answered), `StasisEnd` and `ChannelDestroyed` (ended), and `RecordingFinished` (its
/// recording, served under `recordings_base`). Other events are not about a call's course:
/// `None`.
pub fn read_asterisk(
    body: &[u8],
    recordings_base: Option<&str>,
) -> Result<Option<CallEvent>, String> {
    let event: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let kind = event["type"].as_str().ok_or("the event has no type")?;
    let channel = &event["channel"];
    let (call_id, status, recording_url) = match kind {
        "StasisStart" => {
            let up = channel["state"].as_str() == Some("Up");
            let status = if up {
                CallStatus::Answered
            } else {
                CallStatus::Ringing
            };
            (channel["id"].as_str(), status, None)
        }
        "ChannelStateChange" if channel["state"].as_str() == Some("Up") => {
            (channel["id"].as_str(), CallStatus::Answered, None)
        }
        "StasisEnd" | "ChannelDestroyed" => (channel["id"].as_str(), CallStatus::Ended, None),
        "RecordingFinished" => {
            let recording = &event["recording"];
            let target = recording["target_uri"].as_str().unwrap_or_default();
            let name = recording["name"]
                .as_str()
                .ok_or("the recording has no name")?;
            let format = recording["format"].as_str().unwrap_or("wav");
            let url = recordings_base
                .map(|base| format!("{}/{name}.{format}", base.trim_end_matches('/')));
            (target.strip_prefix("channel:"), CallStatus::Answered, url)
        }
        _ => return Ok(None),
    };
    let call_id = call_id.ok_or("the event names no channel")?.to_string();
    check_call_id(&call_id)?;
    Ok(Some(CallEvent {
        provider: "asterisk".into(),
        call_id,
        direction: "inbound".into(),
        caller: number(channel["caller"]["number"].as_str().unwrap_or_default()),
        called: channel["dialplan"]["exten"].as_str().map(str::to_string),
        agent: event["args"][0].as_str().map(number_or_name),
        status,
        recording_url,
        payload: event.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn exotel_passthru_and_status_callbacks_are_read() {
        let ringing = read_exotel(&pairs(&[
            ("CallSid", "b6cfaf0e"),
            ("CallFrom", "09812055501"),
            ("CallTo", "01800181181"),
            ("Direction", "incoming"),
            ("CallType", "call-attempt"),
            ("DialWhomNumber", "09812000001"),
        ]))
        .unwrap();
        assert_eq!(ringing.caller, "9812055501");
        assert_eq!(ringing.agent.as_deref(), Some("9812000001"));
        assert_eq!(ringing.status, CallStatus::Ringing);
        let ended = read_exotel(&pairs(&[
            ("CallSid", "b6cfaf0e"),
            ("Status", "completed"),
            ("RecordingUrl", "https://recordings.exotel.com/b6cfaf0e.mp3"),
        ]))
        .unwrap();
        assert_eq!(ended.status, CallStatus::Ended);
        assert!(read_exotel(&pairs(&[("CallFrom", "1")])).is_err());
    }

    #[test]
    fn asterisk_events_are_read_and_the_rest_passed_over() {
        let start = json!({"type": "StasisStart", "application": "nivaran", "args": ["operator.rewari"],
            "channel": {"id": "1533287220.0", "state": "Ring", "caller": {"name": "", "number": "9812055501"},
                "dialplan": {"context": "helpline", "exten": "181", "priority": 1}}});
        let call = read_asterisk(start.to_string().as_bytes(), None)
            .unwrap()
            .unwrap();
        assert_eq!(call.call_id, "1533287220.0");
        assert_eq!(call.agent.as_deref(), Some("operator.rewari"));
        let recorded = json!({"type": "RecordingFinished", "recording": {"name": "call-1533287220",
            "format": "wav", "target_uri": "channel:1533287220.0", "state": "done"}});
        let call = read_asterisk(
            recorded.to_string().as_bytes(),
            Some("https://pbx.example/rec/"),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            call.recording_url.as_deref(),
            Some("https://pbx.example/rec/call-1533287220.wav")
        );
        let dtmf = json!({"type": "ChannelDtmfReceived", "digit": "1", "channel": {"id": "x"}});
        assert_eq!(
            read_asterisk(dtmf.to_string().as_bytes(), None).unwrap(),
            None
        );
    }

    #[test]
    fn the_generic_event_is_checked() {
        let ok = br#"{"call_id": "c-1", "event": "ringing", "caller": "+919812055501", "agent": "operator.rewari"}"#;
        assert_eq!(read_generic(ok).unwrap().caller, "9812055501");
        assert!(read_generic(br#"{"call_id": "c-1", "event": "hold"}"#).is_err());
        assert!(read_generic(br#"{"call_id": "c-1", "event": "ended", "extra": 1}"#).is_err());
    }
}
