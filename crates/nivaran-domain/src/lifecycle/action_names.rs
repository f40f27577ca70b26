//! Every action's code (its event's name and the API's `action`), a sample of each kind for
//! asking what is allowed, and its name in English and Hindi.

use super::*;

impl Action {
    pub const CODES: &'static [&'static str] = &[
        "assign",
        "accept",
        "assign_officer",
        "declare_eta",
        "ask_clarification",
        "receive_clarification",
        "forward",
        "return_report",
        "transfer",
        "add_joint_department",
        "part_accept",
        "part_assign_officer",
        "part_declare_eta",
        "part_forward",
        "part_return_report",
        "part_submit_atr",
        "part_return_atr",
        "part_waive",
        "part_remind",
        "part_escalate",
        "submit_atr",
        "approve_atr",
        "return_atr",
        "request_special_close",
        "approve_special_close",
        "dispose",
        "record_verification",
        "reopen",
        "audit_reopen",
        "audit_flag",
        "appeal",
        "rts_appeal",
        "close",
        "escalate",
        "remark",
        "link_duplicate",
        "unlink_duplicate",
    ];

    /// An action of the kind `code` with placeholder details, for asking "may this kind of
    /// action be taken?" of [`CaseState::allows`] and of the access rules.
    pub fn sample(code: &str) -> Option<Action> {
        Some(match code {
            "assign" => Action::Assign {
                office: 0,
                unrouted: false,
            },
            "accept" => Action::Accept,
            "assign_officer" => Action::AssignOfficer {
                officer: 0,
                reason: String::new(),
            },
            "declare_eta" => Action::DeclareEta {
                eta: Timestamp(0),
                reason: String::new(),
            },
            "ask_clarification" => Action::AskClarification {
                question: String::new(),
            },
            "receive_clarification" => Action::ReceiveClarification {
                answer: String::new(),
            },
            "forward" => Action::Forward {
                office: 0,
                instructions: String::new(),
            },
            "return_report" => Action::ReturnReport {
                report: String::new(),
            },
            "transfer" => Action::Transfer {
                office: 0,
                reason: String::new(),
            },
            "add_joint_department" => Action::AddJointDepartment {
                department: 0,
                office: None,
                reason: String::new(),
            },
            "part_accept" => Action::PartAccept { department: 0 },
            "part_assign_officer" => Action::PartAssignOfficer {
                department: 0,
                officer: 0,
                reason: String::new(),
            },
            "part_declare_eta" => Action::PartDeclareEta {
                department: 0,
                eta: Timestamp(0),
                reason: String::new(),
            },
            "part_forward" => Action::PartForward {
                department: 0,
                office: 0,
                instructions: String::new(),
            },
            "part_return_report" => Action::PartReturnReport {
                department: 0,
                report: String::new(),
            },
            "part_submit_atr" => Action::PartSubmitAtr {
                department: 0,
                text: String::new(),
                documents: Vec::new(),
            },
            "part_return_atr" => Action::PartReturnAtr {
                department: 0,
                reason: String::new(),
            },
            "part_waive" => Action::PartWaive {
                department: 0,
                reason: String::new(),
            },
            "part_remind" => Action::PartRemind {
                department: 0,
                text: String::new(),
            },
            "part_escalate" => Action::PartEscalate {
                department: 0,
                manual: true,
            },
            "submit_atr" => Action::SubmitAtr {
                text: String::new(),
                documents: Vec::new(),
            },
            "approve_atr" => Action::ApproveAtr,
            "return_atr" => Action::ReturnAtr {
                reason: String::new(),
            },
            "request_special_close" => Action::RequestSpecialClose {
                reason: String::new(),
            },
            "approve_special_close" => Action::ApproveSpecialClose,
            "dispose" => Action::Dispose {
                kind: DisposalKind::Relief,
                remarks: String::new(),
            },
            "record_verification" => Action::RecordVerification {
                outcome: Verification::Satisfied,
                remarks: String::new(),
            },
            "reopen" => Action::Reopen {
                reason: String::new(),
            },
            "audit_reopen" => Action::AuditReopen {
                reason: String::new(),
            },
            "audit_flag" => Action::AuditFlag {
                reason: String::new(),
            },
            "appeal" => Action::Appeal {
                office: 0,
                reason: String::new(),
            },
            "rts_appeal" => Action::RtsAppeal { office: 0 },
            "close" => Action::Close,
            "escalate" => Action::Escalate { manual: true },
            "remark" => Action::Remark {
                text: String::new(),
            },
            "link_duplicate" => Action::LinkDuplicate {
                original: 0,
                reason: String::new(),
            },
            "unlink_duplicate" => Action::UnlinkDuplicate {
                reason: String::new(),
            },
            _ => return None,
        })
    }

    pub fn code(&self) -> &'static str {
        match self {
            Action::Assign { .. } => "assign",
            Action::Accept => "accept",
            Action::AssignOfficer { .. } => "assign_officer",
            Action::DeclareEta { .. } => "declare_eta",
            Action::AskClarification { .. } => "ask_clarification",
            Action::ReceiveClarification { .. } => "receive_clarification",
            Action::Forward { .. } => "forward",
            Action::ReturnReport { .. } => "return_report",
            Action::Transfer { .. } => "transfer",
            Action::AddJointDepartment { .. } => "add_joint_department",
            Action::PartAccept { .. } => "part_accept",
            Action::PartAssignOfficer { .. } => "part_assign_officer",
            Action::PartDeclareEta { .. } => "part_declare_eta",
            Action::PartForward { .. } => "part_forward",
            Action::PartReturnReport { .. } => "part_return_report",
            Action::PartSubmitAtr { .. } => "part_submit_atr",
            Action::PartReturnAtr { .. } => "part_return_atr",
            Action::PartWaive { .. } => "part_waive",
            Action::PartRemind { .. } => "part_remind",
            Action::PartEscalate { .. } => "part_escalate",
            Action::SubmitAtr { .. } => "submit_atr",
            Action::ApproveAtr => "approve_atr",
            Action::ReturnAtr { .. } => "return_atr",
            Action::RequestSpecialClose { .. } => "request_special_close",
            Action::ApproveSpecialClose => "approve_special_close",
            Action::Dispose { .. } => "dispose",
            Action::RecordVerification { .. } => "record_verification",
            Action::Reopen { .. } => "reopen",
            Action::AuditReopen { .. } => "audit_reopen",
            Action::AuditFlag { .. } => "audit_flag",
            Action::Appeal { .. } => "appeal",
            Action::RtsAppeal { .. } => "rts_appeal",
            Action::Close => "close",
            Action::Escalate { .. } => "escalate",
            Action::Remark { .. } => "remark",
            Action::LinkDuplicate { .. } => "link_duplicate",
            Action::UnlinkDuplicate { .. } => "unlink_duplicate",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Action::Assign { .. } => "assign",
            Action::Accept => "accept",
            Action::AssignOfficer { .. } => "assign an officer to",
            Action::DeclareEta { .. } => "declare an ETA for",
            Action::AskClarification { .. } => "ask for clarification on",
            Action::ReceiveClarification { .. } => "record a clarification on",
            Action::Forward { .. } => "forward",
            Action::ReturnReport { .. } => "return a report on",
            Action::Transfer { .. } => "transfer",
            Action::AddJointDepartment { .. } => "add a joint department to",
            Action::PartAccept { .. } => "accept a part of",
            Action::PartAssignOfficer { .. } => "assign an officer to a part of",
            Action::PartDeclareEta { .. } => "declare an ETA for a part of",
            Action::PartForward { .. } => "forward a part of",
            Action::PartReturnReport { .. } => "return a report on a part of",
            Action::PartSubmitAtr { .. } => "submit a part's ATR for",
            Action::PartReturnAtr { .. } => "return a part's ATR of",
            Action::PartWaive { .. } => "waive a part of",
            Action::PartRemind { .. } => "send a part's office a reminder about",
            Action::PartEscalate { .. } => "escalate a part of",
            Action::SubmitAtr { .. } => "submit an ATR for",
            Action::ApproveAtr => "approve the ATR of",
            Action::ReturnAtr { .. } => "return the ATR of",
            Action::RequestSpecialClose { .. } => "request special closure of",
            Action::ApproveSpecialClose => "approve special closure of",
            Action::Dispose { .. } => "dispose of",
            Action::RecordVerification { .. } => "record verification of",
            Action::Reopen { .. } => "reopen",
            Action::AuditReopen { .. } => "reopen after audit",
            Action::AuditFlag { .. } => "record an audit finding on",
            Action::Appeal { .. } => "appeal",
            Action::RtsAppeal { .. } => "send to the first appellate officer",
            Action::Close => "close",
            Action::Escalate { .. } => "escalate",
            Action::Remark { .. } => "add a remark to",
            Action::LinkDuplicate { .. } => "link as a duplicate",
            Action::UnlinkDuplicate { .. } => "undo the duplicate link of",
        }
    }

    pub fn label_hi(&self) -> &'static str {
        match self {
            Action::Assign { .. } => "आवंटन",
            Action::Accept => "स्वीकार करना",
            Action::AssignOfficer { .. } => "अधिकारी को सौंपना",
            Action::DeclareEta { .. } => "अनुमानित समय घोषित करना",
            Action::AskClarification { .. } => "स्पष्टीकरण मांगना",
            Action::ReceiveClarification { .. } => "स्पष्टीकरण दर्ज करना",
            Action::Forward { .. } => "अधीनस्थ को अग्रेषित करना",
            Action::ReturnReport { .. } => "रिपोर्ट लौटाना",
            Action::Transfer { .. } => "स्थानांतरण",
            Action::AddJointDepartment { .. } => "संयुक्त विभाग जोड़ना",
            Action::PartAccept { .. } => "संयुक्त विभाग का भाग स्वीकार करना",
            Action::PartAssignOfficer { .. } => "भाग के लिए अधिकारी सौंपना",
            Action::PartDeclareEta { .. } => "भाग का अनुमानित समय घोषित करना",
            Action::PartForward { .. } => "भाग अधीनस्थ को अग्रेषित करना",
            Action::PartReturnReport { .. } => "भाग की रिपोर्ट लौटाना",
            Action::PartSubmitAtr { .. } => "भाग की एटीआर प्रस्तुत करना",
            Action::PartReturnAtr { .. } => "भाग की एटीआर लौटाना",
            Action::PartWaive { .. } => "भाग से छूट देना",
            Action::PartRemind { .. } => "भाग के कार्यालय को स्मरण पत्र भेजना",
            Action::PartEscalate { .. } => "भाग को उच्च स्तर पर भेजना",
            Action::SubmitAtr { .. } => "एटीआर प्रस्तुत करना",
            Action::ApproveAtr => "एटीआर अनुमोदन",
            Action::ReturnAtr { .. } => "एटीआर लौटाना",
            Action::RequestSpecialClose { .. } => "विशेष निस्तारण का अनुरोध",
            Action::ApproveSpecialClose => "विशेष निस्तारण का अनुमोदन",
            Action::Dispose { .. } => "निस्तारण",
            Action::RecordVerification { .. } => "सत्यापन दर्ज करना",
            Action::Reopen { .. } => "पुनः खोलना",
            Action::AuditReopen { .. } => "लेखा परीक्षा के बाद पुनः खोलना",
            Action::AuditFlag { .. } => "लेखा परीक्षा का निष्कर्ष दर्ज करना",
            Action::Appeal { .. } => "अपील",
            Action::RtsAppeal { .. } => "प्रथम अपील अधिकारी को भेजना",
            Action::Close => "बंद करना",
            Action::Escalate { .. } => "उच्च स्तर पर भेजना",
            Action::Remark { .. } => "टिप्पणी जोड़ना",
            Action::LinkDuplicate { .. } => "दोहराव के रूप में जोड़ना",
            Action::UnlinkDuplicate { .. } => "दोहराव का जोड़ हटाना",
        }
    }
}
