//! The demo dataset, built into the binary so that `nivaran serve --demo` works from anywhere:
//! Haryana and Rajasthan master data (data/demo/), its users, and a handful of sample cases.

use crate::store::{Actor, Store, StoreError};
use nivaran_domain::grievance::GrievanceForm;
use std::path::Path;

pub const DEMO_PASSWORD: &str = "nivaran-demo-2026";

const FILES: &[(&str, &str)] = &[
    (
        "jurisdictions.csv",
        include_str!("../../../data/demo/jurisdictions.csv"),
    ),
    (
        "departments.csv",
        include_str!("../../../data/demo/departments.csv"),
    ),
    (
        "offices.csv",
        include_str!("../../../data/demo/offices.csv"),
    ),
    (
        "categories.csv",
        include_str!("../../../data/demo/categories.csv"),
    ),
    (
        "routing.csv",
        include_str!("../../../data/demo/routing.csv"),
    ),
    (
        "holidays.csv",
        include_str!("../../../data/demo/holidays.csv"),
    ),
    ("users.csv", include_str!("../../../data/demo/users.csv")),
];

/// Writes the embedded files to `dir` so the ordinary import reads them.
pub fn write_files(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, content) in FILES {
        std::fs::write(dir.join(name), content)?;
    }
    Ok(())
}

/// Sample cases: (name, mobile, jurisdiction, category, subject, description, channel).
const SAMPLES: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    (
        "रामेश्वर दयाल",
        "9812012345",
        "06084010101",
        "PHED-WS-NOSUP",
        "गोकलगढ़ में दस दिन से पेयजल आपूर्ति बंद",
        "गोकलगढ़ गांव की वाल्मीकि बस्ती में पिछले दस दिनों से नलों में पानी नहीं आ रहा है। महिलाओं को दूर से पानी लाना पड़ रहा है।",
        "web",
    ),
    (
        "Sunita Devi",
        "9416012346",
        "06084",
        "POWER-TR-BURNT",
        "Transformer burnt near government school",
        "The 100 KVA transformer near the government senior secondary school burnt out four days ago and the whole lane is without power.",
        "helpline",
    ),
    (
        "महेंद्र सिंह",
        "9829012347",
        "08110",
        "REV-LR-MUT",
        "जमीन के नामांतरण में देरी",
        "मेरे पिता के निधन के बाद कृषि भूमि का नामांतरण तीन महीने से लंबित है, पटवारी बार-बार टाल रहे हैं।",
        "samadhan_camp",
    ),
    (
        "Farida Khan",
        "9785012348",
        "08113",
        "ULB-SAN-GARB",
        "Garbage not lifted for a week",
        "Garbage has not been collected from our street for a week and stray cattle are spreading it across the road.",
        "social_media",
    ),
    (
        "कमला देवी",
        "9950012349",
        "08113",
        "SOC-PEN-OLD",
        "वृद्धावस्था पेंशन छह माह से नहीं मिली",
        "मेरी वृद्धावस्था पेंशन पिछले छह माह से खाते में नहीं आई है। बैंक और विभाग दोनों जगह जा चुकी हूं।",
        "cm_cell",
    ),
    (
        "Ajay Yadav",
        "9671012350",
        "06084",
        "PWD-ROAD-DAMAGE",
        "Deep potholes on Rewari–Bawal road",
        "Deep potholes on the Rewari–Bawal road near the bus stand are causing accidents every week, please repair before the monsoon.",
        "letter",
    ),
];

/// Files the sample cases through the ordinary registration path, once.
pub async fn file_samples(store: &Store) -> Result<usize, StoreError> {
    let operator = store.user_by_username("operator.rewari").await.ok();
    let mut filed = 0;
    for (name, mobile, jurisdiction, category, subject, description, channel) in SAMPLES {
        if store.master().category_by_code(category).is_none()
            || store.master().jurisdiction_by_code(jurisdiction).is_none()
        {
            continue; // the demo data was edited: skip what no longer fits
        }
        let form = GrievanceForm {
            citizen_name: name.to_string(),
            mobile: mobile.to_string(),
            jurisdiction: jurisdiction.to_string(),
            category: category.to_string(),
            subject: subject.to_string(),
            description: description.to_string(),
            channel: Some(channel.to_string()),
            language: Some(if subject.is_ascii() { "en" } else { "hi" }.to_string()),
            ..Default::default()
        };
        let actor = match (&operator, *channel) {
            (_, "web") | (None, _) => Actor::public(&nivaran_domain::text::Mobile::parse(mobile)?),
            (Some(op), _) => Actor::from_user(op),
        };
        let mut form = form;
        if actor.role.is_none() {
            form.channel = Some("web".into());
        }
        store
            .file_now(crate::store::Filing::new(form, actor))
            .await?;
        filed += 1;
    }
    Ok(filed)
}
