//! The operations of the helpline's telephony (issue 18, part 3): call events and the IVR. Each
//! takes the configured token as `token` or `X-Nivaran-Token`.

use super::*;

pub(super) fn operations() -> Vec<Operation> {
    let call = object(json!({"call": any_object()}), &["call"]);
    let token = ("token", string(), "the configured [telephony] token");
    vec![
        with_query(
            with_body(
                op(
                    "post",
                    "/telephony/calls",
                    "A call's event from any call-centre system: {call_id, event: ringing|answered|ended|failed, caller, called, agent, direction, recording_url}",
                    Access::Anyone,
                    (200, call.clone()),
                ),
                any_object(),
            ),
            vec![token.clone()],
        ),
        with_query(
            op(
                "get",
                "/telephony/exotel",
                "Exotel's Passthru applet as a call arrives (CallSid, CallFrom, CallTo, DialWhomNumber, CallType, …)",
                Access::Anyone,
                (200, call.clone()),
            ),
            vec![
                token.clone(),
                ("CallSid", string(), "Exotel's id of the call"),
                ("CallFrom", string(), "the caller's number"),
                ("DialWhomNumber", string(), "the operator's phone it rings"),
            ],
        ),
        with_query(
            op(
                "post",
                "/telephony/exotel",
                "Exotel's status callback as a call ends (CallSid, Status, RecordingUrl), as a form or JSON",
                Access::Anyone,
                (200, call.clone()),
            ),
            vec![token.clone()],
        ),
        with_query(
            with_body(
                op(
                    "post",
                    "/telephony/asterisk",
                    "An Asterisk ARI event (StasisStart, ChannelStateChange, StasisEnd, ChannelDestroyed, RecordingFinished)",
                    Access::Anyone,
                    (200, any_object()),
                ),
                any_object(),
            ),
            vec![token.clone()],
        ),
        with_query(
            as_plain_text(op(
                "get",
                "/telephony/ivr/status",
                "The IVR's status text for the digits keyed (a registration or mobile number), as plain text for text-to-speech",
                Access::Anyone,
                (200, string()),
            )),
            vec![
                token,
                ("digits", string(), "the digits keyed"),
                ("lang", string(), "hi (default) or en"),
            ],
        ),
    ]
}
