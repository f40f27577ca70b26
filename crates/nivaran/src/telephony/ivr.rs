//! The IVR's status answer: the digits a caller keyed (a registration number, or the mobile
//! number they filed with) read back as a short text for text-to-speech, in Hindi or English:
//! each case's number digit by digit, its status, the office that holds it and the date it is
//! due by (or the officer's promised date).

use crate::store::Store;
use nivaran_domain::Timestamp;
use nivaran_domain::lifecycle::Status;

/// Hindi or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speech {
    Hi,
    En,
}

/// A number said one digit at a time, its groups apart.
fn spoken_digits(number: &str) -> String {
    number
        .split('-')
        .map(|group| {
            group
                .chars()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn spoken_date(at: i64, speech: Speech) -> String {
    let date = Timestamp(at).ist_date();
    const HI: [&str; 12] = [
        "जनवरी",
        "फ़रवरी",
        "मार्च",
        "अप्रैल",
        "मई",
        "जून",
        "जुलाई",
        "अगस्त",
        "सितंबर",
        "अक्टूबर",
        "नवंबर",
        "दिसंबर",
    ];
    match speech {
        Speech::En => format!("{} {} {}", date.day(), date.month(), date.year()),
        Speech::Hi => format!(
            "{} {} {}",
            date.day(),
            HI[date.month() as usize - 1],
            date.year()
        ),
    }
}

/// The text for the digits keyed.
pub async fn status_text(
    store: &Store,
    digits: &str,
    speech: Speech,
) -> Result<String, crate::store::StoreError> {
    let digits: String = digits.chars().filter(char::is_ascii_digit).collect();
    let cases = store.ivr_cases(&digits).await?;
    if cases.is_empty() {
        return Ok(match speech {
            Speech::En => "No grievance was found for the number you entered. Please check the number and try again, or stay on the line to speak to an operator.".into(),
            Speech::Hi => "आपके द्वारा दर्ज संख्या पर कोई शिकायत नहीं मिली। कृपया संख्या जांच कर फिर प्रयास करें, या ऑपरेटर से बात करने के लिए लाइन पर बने रहें।".into(),
        });
    }
    let master = store.master();
    let mut parts = Vec::new();
    for case in cases {
        let status = Status::parse(&case.status);
        let office = case
            .holding_office_id
            .and_then(|id| master.offices.get(&id))
            .map(|o| match speech {
                Speech::En => o.name_en.clone(),
                Speech::Hi => o.name_hi.clone(),
            })
            .unwrap_or_default();
        let open = status.is_some_and(|s| !matches!(s, Status::Disposed | Status::Closed));
        let by = case.eta.unwrap_or(case.due_at);
        let number = spoken_digits(&case.registration_number);
        let text = match speech {
            Speech::En => {
                let label = status.map(|s| s.label_en()).unwrap_or("on record");
                if open {
                    format!(
                        "Grievance {number}: {label}, with {office}, to be resolved by {}.",
                        spoken_date(by, speech)
                    )
                } else {
                    format!("Grievance {number}: {label}.")
                }
            }
            Speech::Hi => {
                let label = status.map(|s| s.label_hi()).unwrap_or("दर्ज");
                if open {
                    format!(
                        "शिकायत {number}: {label}, {office} के पास, {} तक निस्तारण होना है।",
                        spoken_date(by, speech)
                    )
                } else {
                    format!("शिकायत {number}: {label}।")
                }
            }
        };
        parts.push(text);
    }
    Ok(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_said_digit_by_digit() {
        assert_eq!(spoken_digits("0626-0000007-0"), "0 6 2 6, 0 0 0 0 0 0 7, 0");
    }
}
