//! Closed vocabularies of the domain. Each has a stable snake_case code, used in the database,
//! the API and the CSV files, and labels in English and Hindi.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares a closed set with stable codes and bilingual labels.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal, $en:literal, $hi:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }
            pub fn label_hi(self) -> &'static str {
                match self { $($name::$variant => $hi),+ }
            }
            pub fn parse(code: &str) -> Option<Self> {
                match code.trim() { $($code => Some($name::$variant),)+ _ => None }
            }
            /// All codes, comma-separated, for error messages.
            pub fn codes() -> String {
                [$($code),+].join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

vocabulary! {
    /// What the citizen brings.
    Kind {
        Complaint => "complaint", "Complaint", "शिकायत";
        Demand => "demand", "Demand", "मांग";
        Suggestion => "suggestion", "Suggestion", "सुझाव";
    }
}

vocabulary! {
    /// How the grievance reached the system.
    Channel {
        Web => "web", "Web portal", "वेब पोर्टल";
        Helpline => "helpline", "Helpline 181", "हेल्पलाइन 181";
        SamadhanCamp => "samadhan_camp", "Samadhan camp", "समाधान शिविर";
        JanSamvad => "jan_samvad", "Jan Samvad petition", "जन संवाद प्रतिवेदन";
        Letter => "letter", "Letter", "पत्र";
        SocialMedia => "social_media", "Social media", "सोशल मीडिया";
        Email => "email", "Email", "ईमेल";
        CmCell => "cm_cell", "CM cell", "मुख्यमंत्री प्रकोष्ठ";
        VipCell => "vip_cell", "VIP cell", "वीआईपी प्रकोष्ठ";
        Cpgrams => "cpgrams", "CPGRAMS", "सीपीग्राम्स";
        Open311 => "open311", "Open311 integration", "ओपन311 एकीकरण";
        Whatsapp => "whatsapp", "WhatsApp", "व्हाट्सऐप";
    }
}

vocabulary! {
    /// Another grievance system whose reference a case carries (issue 18, part 4).
    ExternalSystem {
        Cpgrams => "cpgrams", "CPGRAMS", "सीपीग्राम्स";
        CmWindow => "cm_window", "CM Window", "सीएम विंडो";
        Saral => "saral", "Saral", "सरल";
        EOffice => "e_office", "e-Office", "ई-ऑफिस";
        GramDarshan => "gram_darshan", "Gram Darshan", "ग्राम दर्शन";
        NagarDarshan => "nagar_darshan", "Nagar Darshan", "नगर दर्शन";
    }
}

impl Channel {
    /// The priority a case gets from its channel alone: CM and VIP cell cases are top priority.
    pub fn default_priority(self) -> Priority {
        match self {
            Channel::CmCell | Channel::VipCell => Priority::Top,
            _ => Priority::Normal,
        }
    }
}

vocabulary! {
    /// The priority cell a case is reviewed under (seed 004: CM-cell and VIP-cell cases head
    /// every pending list): the cell that sent it, or the ordinary stream.
    Cell {
        CmCell => "cm_cell", "CM cell", "मुख्यमंत्री प्रकोष्ठ";
        VipCell => "vip_cell", "VIP cell", "वीआईपी प्रकोष्ठ";
        Normal => "normal", "Normal", "सामान्य";
    }
}

impl Cell {
    /// The cell of a case that came through `channel`.
    pub fn of(channel: Channel) -> Cell {
        match channel {
            Channel::CmCell => Cell::CmCell,
            Channel::VipCell => Cell::VipCell,
            _ => Cell::Normal,
        }
    }
}

vocabulary! {
    Priority {
        Normal => "normal", "Normal", "सामान्य";
        High => "high", "High", "उच्च";
        Top => "top", "Top (CM / VIP)", "सर्वोच्च (मुख्यमंत्री / वीआईपी)";
    }
}

vocabulary! {
    /// How a case was disposed of.
    DisposalKind {
        Relief => "relief", "Relief given", "राहत दी गई";
        PartialRelief => "partial_relief", "Partial relief", "आंशिक राहत";
        Rejected => "rejected", "Rejected with reason", "कारण सहित अस्वीकृत";
        NotFeasible => "not_feasible", "Not feasible", "संभव नहीं";
        Filed => "filed", "Filed", "दाखिल दफ्तर";
        SpecialClose => "special_close", "Special closure (approved)", "विशेष निस्तारण (अनुमोदित)";
    }
}

vocabulary! {
    /// What the citizen said when called after disposal.
    Verification {
        Satisfied => "satisfied", "Satisfied", "संतुष्ट";
        NotSatisfied => "not_satisfied", "Not satisfied", "असंतुष्ट";
        Unreachable => "unreachable", "Unreachable", "संपर्क नहीं हुआ";
    }
}

vocabulary! {
    Role {
        Citizen => "citizen", "Citizen", "नागरिक";
        Operator => "operator", "Operator", "ऑपरेटर";
        Officer => "officer", "Officer", "अधिकारी";
        Supervisor => "supervisor", "Supervisor", "पर्यवेक्षक";
        Verifier => "verifier", "Verifier", "सत्यापनकर्ता";
        Auditor => "auditor", "Auditor", "लेखा परीक्षक";
        Admin => "admin", "Administrator", "प्रशासक";
    }
}

vocabulary! {
    /// Levels of the jurisdiction tree, from the state down to the village.
    JurisdictionLevel {
        State => "state", "State", "राज्य";
        District => "district", "District", "जिला";
        Subdivision => "subdivision", "Subdivision / tehsil", "उपमंडल / तहसील";
        Block => "block", "Block", "खंड";
        Municipality => "municipality", "Municipality", "नगर निकाय";
        GramPanchayat => "gram_panchayat", "Gram panchayat", "ग्राम पंचायत";
        Ward => "ward", "Ward", "वार्ड";
        Village => "village", "Village", "गांव";
    }
}

impl JurisdictionLevel {
    /// Depth in the tree: state 0 … village 5.
    pub fn depth(self) -> u8 {
        match self {
            JurisdictionLevel::State => 0,
            JurisdictionLevel::District => 1,
            JurisdictionLevel::Subdivision => 2,
            JurisdictionLevel::Block | JurisdictionLevel::Municipality => 3,
            JurisdictionLevel::GramPanchayat | JurisdictionLevel::Ward => 4,
            JurisdictionLevel::Village => 5,
        }
    }

    /// The levels a node of this level may hang under.
    pub fn allowed_parents(self) -> &'static [JurisdictionLevel] {
        use JurisdictionLevel::*;
        match self {
            State => &[],
            District => &[State],
            Subdivision => &[District],
            Block | Municipality => &[Subdivision],
            GramPanchayat => &[Block],
            Ward => &[Municipality],
            Village => &[GramPanchayat],
        }
    }
}

/// The language a citizen is written to in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Hi,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Hi => "hi",
            Language::En => "en",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim() {
            "hi" => Some(Language::Hi),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for channel in Channel::ALL {
            assert_eq!(Channel::parse(channel.code()), Some(*channel));
        }
        for kind in DisposalKind::ALL {
            assert_eq!(DisposalKind::parse(kind.code()), Some(*kind));
        }
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(*role));
        }
        assert_eq!(Channel::parse("fax"), None);
    }

    #[test]
    fn cm_and_vip_cells_are_top_priority() {
        assert_eq!(Channel::CmCell.default_priority(), Priority::Top);
        assert_eq!(Channel::VipCell.default_priority(), Priority::Top);
        assert_eq!(Channel::Helpline.default_priority(), Priority::Normal);
    }
}
