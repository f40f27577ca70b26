//! The shape of a generated year: where grievances come from, through which channels, about
//! what, in which words. Figures are approximations, written down so the generated data can be
//! argued with.

use rand::Rng;
use rand::rngs::StdRng;

/// District populations in thousands: Census 2011, with the districts made since (Charkhi Dadri
/// in Haryana; Balotra, Beawar, Deeg, Didwana-Kuchaman, Khairthal-Tijara, Kotputli-Behror,
/// Phalodi and Salumbar in Rajasthan) carved out of their parents roughly. Grievances follow
/// people: a district files in proportion to its population.
pub const DISTRICT_POPULATION: &[(&str, u32)] = &[
    ("Panchkula", 561),
    ("Ambala", 1128),
    ("Yamunanagar", 1214),
    ("Kurukshetra", 964),
    ("Kaithal", 1074),
    ("Karnal", 1505),
    ("Panipat", 1205),
    ("Sonipat", 1450),
    ("Jind", 1334),
    ("Fatehabad", 942),
    ("Sirsa", 1295),
    ("Hisar", 1743),
    ("Bhiwani", 1132),
    ("Charkhi Dadri", 502),
    ("Rohtak", 1061),
    ("Jhajjar", 958),
    ("Mahendragarh", 922),
    ("Rewari", 900),
    ("Gurugram", 1514),
    ("Nuh", 1089),
    ("Faridabad", 1809),
    ("Palwal", 1042),
    ("Sri Ganganagar", 1969),
    ("Hanumangarh", 1774),
    ("Bikaner", 2363),
    ("Churu", 2040),
    ("Jhunjhunu", 2137),
    ("Alwar", 2300),
    ("Bharatpur", 1550),
    ("Dholpur", 1206),
    ("Karauli", 1458),
    ("Sawai Madhopur", 1335),
    ("Dausa", 1634),
    ("Jaipur", 5600),
    ("Sikar", 2677),
    ("Nagaur", 1700),
    ("Jodhpur", 2800),
    ("Jaisalmer", 669),
    ("Barmer", 1600),
    ("Jalore", 1828),
    ("Sirohi", 1037),
    ("Pali", 1800),
    ("Ajmer", 2000),
    ("Tonk", 1421),
    ("Bundi", 1111),
    ("Bhilwara", 2408),
    ("Rajsamand", 1156),
    ("Dungarpur", 1389),
    ("Banswara", 1798),
    ("Chittorgarh", 1544),
    ("Kota", 1951),
    ("Baran", 1223),
    ("Jhalawar", 1411),
    ("Udaipur", 2370),
    ("Pratapgarh", 868),
    ("Balotra", 1000),
    ("Beawar", 900),
    ("Deeg", 1000),
    ("Didwana-Kuchaman", 1600),
    ("Khairthal-Tijara", 1000),
    ("Kotputli-Behror", 1200),
    ("Phalodi", 900),
    ("Salumbar", 700),
];

/// How grievances arrive (per cent), after the systems in DOMAIN.md: the 181 helpline and the
/// web portal carry most; camps, Jan Samvad petitions, letters and social media the rest; the CM
/// and VIP cells few but urgent.
pub const CHANNEL_MIX: &[(&str, u32)] = &[
    ("helpline", 35),
    ("web", 30),
    ("samadhan_camp", 10),
    ("jan_samvad", 7),
    ("letter", 5),
    ("social_media", 5),
    ("cpgrams", 4),
    ("cm_cell", 3),
    ("vip_cell", 1),
];

/// How disposals end (per cent).
pub const DISPOSAL_MIX: &[(&str, u32)] = &[
    ("relief", 56),
    ("partial_relief", 15),
    ("rejected", 12),
    ("not_feasible", 8),
    ("filed", 9),
];

const FIRST_NAMES: &[(&str, &str)] = &[
    ("Ramesh", "रमेश"),
    ("Sunita", "सुनीता"),
    ("Mahesh", "महेश"),
    ("Kamla", "कमला"),
    ("Suresh", "सुरेश"),
    ("Geeta", "गीता"),
    ("Rajesh", "राजेश"),
    ("Savitri", "सावित्री"),
    ("Om Prakash", "ओमप्रकाश"),
    ("Anita", "अनीता"),
    ("Mukesh", "मुकेश"),
    ("Santosh", "संतोष"),
    ("Rekha", "रेखा"),
    ("Jagdish", "जगदीश"),
    ("Pooja", "पूजा"),
    ("Bhagwan Singh", "भगवान सिंह"),
    ("Kiran", "किरण"),
    ("Dinesh", "दिनेश"),
    ("Manju", "मंजू"),
    ("Ashok", "अशोक"),
];

const SURNAMES: &[(&str, &str)] = &[
    ("Kumar", "कुमार"),
    ("Devi", "देवी"),
    ("Sharma", "शर्मा"),
    ("Yadav", "यादव"),
    ("Meena", "मीणा"),
    ("Jat", "जाट"),
    ("Saini", "सैनी"),
    ("Choudhary", "चौधरी"),
    ("Gurjar", "गुर्जर"),
    ("Verma", "वर्मा"),
    ("Rathore", "राठौड़"),
    ("Bishnoi", "बिश्नोई"),
    ("Khan", "खान"),
    ("Singh", "सिंह"),
];

/// A person's name, in Hindi or English.
pub fn name(rng: &mut StdRng, hindi: bool) -> String {
    let (fe, fh) = FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())];
    let (se, sh) = SURNAMES[rng.gen_range(0..SURNAMES.len())];
    if hindi {
        format!("{fh} {sh}")
    } else {
        format!("{fe} {se}")
    }
}

const HINDI_DESCRIPTIONS: &[&str] = &[
    "{place} में {what} की समस्या पिछले {days} दिनों से बनी हुई है। कई बार संबंधित कार्यालय में शिकायत करने पर भी कोई कार्यवाही नहीं हुई। कृपया शीघ्र समाधान करवाएं।",
    "हमारे गांव {place} में {what} को लेकर ग्रामीण परेशान हैं। {days} दिन से किसी अधिकारी ने मौके पर आकर नहीं देखा। बुजुर्गों और बच्चों को सबसे अधिक कठिनाई हो रही है।",
    "निवेदन है कि {place} वार्ड में {what} के संबंध में {days} दिन पहले आवेदन दिया था, जिस पर आज तक कोई सुनवाई नहीं हुई। आपसे अनुरोध है कि उचित कार्यवाही करवाने की कृपा करें।",
    "{what}: {place} के निवासी {days} दिनों से परेशान हैं। पानी, बिजली और सड़क जैसी मूलभूत सुविधाओं के लिए बार-बार चक्कर लगाने पड़ रहे हैं। जल्द निस्तारण की मांग है।",
];

const ENGLISH_DESCRIPTIONS: &[&str] = &[
    "The problem of {what} in {place} has continued for {days} days. Complaints at the office have brought no action so far. Please have it resolved soon.",
    "Residents of {place} are troubled by {what} for the last {days} days. No official has visited the site. The elderly and children are suffering the most.",
    "I applied about {what} in {place} {days} days ago and there has been no hearing yet. Kindly get appropriate action taken at the earliest.",
];

/// Citizens' own words for each demo category (`data/demo/complaints.csv`: Hindi, Hinglish and
/// English), so a generated history reads like a real one and the category suggestion has
/// something to learn from it. Never the evaluation set's texts (`data/eval/`).
const COMPLAINTS: &str = include_str!("../../../data/demo/complaints.csv");

/// Per category code: its phrases for cases in Hindi (Devanagari and Hinglish), and in English.
type Phrases = std::collections::HashMap<String, (Vec<String>, Vec<String>)>;

fn phrases() -> &'static Phrases {
    static PHRASES: std::sync::OnceLock<Phrases> = std::sync::OnceLock::new();
    PHRASES.get_or_init(|| {
        let mut out = Phrases::default();
        let mut reader = csv::Reader::from_reader(COMPLAINTS.as_bytes());
        for record in reader.records().flatten() {
            let (Some(code), Some(language), Some(text)) =
                (record.get(0), record.get(1), record.get(2))
            else {
                continue;
            };
            let entry = out.entry(code.to_string()).or_default();
            match language {
                "en" => entry.1.push(text.to_string()),
                _ => entry.0.push(text.to_string()),
            }
        }
        out
    })
}

/// The phrase case `index` of `category` opens its description with, if the category has any
/// in that language. Chosen by the index, not the random stream, so the rest of a generated
/// case is what it was before phrases were added.
pub fn phrase(category: &str, hindi: bool, index: u64) -> Option<&'static str> {
    let (hi, en) = phrases().get(category)?;
    let list = if hindi { hi } else { en };
    (!list.is_empty()).then(|| list[(index % list.len() as u64) as usize].as_str())
}

/// A subject and a description about `what` (a category's name) in `place`, opening with the
/// citizen's own words (`phrase`) when there are some.
pub fn texts(
    rng: &mut StdRng,
    hindi: bool,
    what_en: &str,
    what_hi: &str,
    place_en: &str,
    place_hi: &str,
    phrase: Option<&str>,
) -> (String, String) {
    let days = rng.gen_range(3..60).to_string();
    let opening = phrase.map(|p| format!("{p} ")).unwrap_or_default();
    if hindi {
        let template = HINDI_DESCRIPTIONS[rng.gen_range(0..HINDI_DESCRIPTIONS.len())];
        (
            format!("{place_hi} में {what_hi}"),
            opening
                + &template
                    .replace("{place}", place_hi)
                    .replace("{what}", what_hi)
                    .replace("{days}", &days),
        )
    } else {
        let template = ENGLISH_DESCRIPTIONS[rng.gen_range(0..ENGLISH_DESCRIPTIONS.len())];
        (
            format!("{what_en} in {place_en}"),
            opening
                + &template
                    .replace("{place}", place_en)
                    .replace("{what}", &what_en.to_lowercase())
                    .replace("{days}", &days),
        )
    }
}

/// Picks by weight.
pub fn weighted<'a, T>(rng: &mut StdRng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| *w).sum();
    let mut pick = rng.gen_range(0..total.max(1));
    for (item, weight) in items {
        if pick < *weight {
            return item;
        }
        pick -= weight;
    }
    &items[items.len() - 1].0
}

/// A sample of a log-normal distribution with this median and spread.
pub fn log_normal(rng: &mut StdRng, median: f64, sigma: f64) -> f64 {
    // Box–Muller: two uniforms make one standard normal.
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.r#gen();
    let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
    median * (sigma * z).exp()
}
