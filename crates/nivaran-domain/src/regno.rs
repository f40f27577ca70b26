//! Registration numbers: all digits, so they can be read out over the phone and keyed into an IVR,
//! grouped for reading, with a Verhoeff check digit (as Aadhaar uses) that catches every single
//! wrong digit and every swap of two neighbours.
//!
//! Shape: `SSYY-NNNNNNN-C` — state census code, two-digit year, a sequence number (seven digits or
//! more), check digit. Example: `0626-0001234-5`.

use serde::{Deserialize, Serialize};
use std::fmt;

const D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
/// Row i is the permutation p1 applied i times (checked by a test).
const P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INV: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/// The Verhoeff check digit for a string of ASCII digits.
pub fn verhoeff_check_digit(digits: &str) -> u8 {
    let mut c = 0u8;
    for (i, b) in digits.bytes().rev().enumerate() {
        c = D[c as usize][P[(i + 1) % 8][(b - b'0') as usize] as usize];
    }
    INV[c as usize]
}

/// True when the last digit is the Verhoeff check digit of the rest.
pub fn verhoeff_valid(digits: &str) -> bool {
    let mut c = 0u8;
    for (i, b) in digits.bytes().rev().enumerate() {
        c = D[c as usize][P[i % 8][(b - b'0') as usize] as usize];
    }
    c == 0
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RegistrationNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegNoError {
    #[error("a registration number has 12 or more digits, like 0626-0001234-5")]
    Shape,
    #[error("this registration number has a mistyped digit (its check digit does not match)")]
    CheckDigit,
}

impl RegistrationNumber {
    /// Makes the number for the `sequence`-th grievance, filed in `state_code` in `year`.
    pub fn new(state_code: &str, year: i32, sequence: u64) -> Self {
        let state: String = state_code
            .chars()
            .filter(|c| c.is_ascii_digit())
            .take(2)
            .collect();
        let state = format!("{state:0>2}");
        let body = format!("{state}{:02}{sequence:07}", year.rem_euclid(100));
        let check = verhoeff_check_digit(&body);
        RegistrationNumber(format!("{}-{}-{}", &body[..4], &body[4..], check))
    }

    /// Accepts what a person types: any spacing or dashes, Devanagari digits.
    pub fn parse(input: &str) -> Result<Self, RegNoError> {
        let mut digits = String::with_capacity(16);
        for c in input.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '०'..='९' => digits.push(char::from(b'0' + (c as u32 - '०' as u32) as u8)),
                ' ' | '-' | '/' | '.' => {}
                _ => return Err(RegNoError::Shape),
            }
        }
        if digits.len() < 12 || digits.len() > 20 {
            return Err(RegNoError::Shape);
        }
        if !verhoeff_valid(&digits) {
            return Err(RegNoError::CheckDigit);
        }
        let n = digits.len();
        Ok(RegistrationNumber(format!(
            "{}-{}-{}",
            &digits[..4],
            &digits[4..n - 1],
            &digits[n - 1..]
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RegistrationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn permutation_rows_are_powers_of_the_first() {
        for i in 1..8 {
            for j in 0..10 {
                assert_eq!(P[i][j], P[1][P[i - 1][j] as usize]);
            }
        }
    }

    #[test]
    fn known_verhoeff_value() {
        // The classic example: 236 → check digit 3.
        assert_eq!(verhoeff_check_digit("236"), 3);
        assert!(verhoeff_valid("2363"));
        assert!(!verhoeff_valid("2364"));
    }

    #[test]
    fn shape_and_round_trip() {
        let n = RegistrationNumber::new("06", 2026, 1234);
        assert!(n.as_str().starts_with("0626-0001234-"));
        assert_eq!(RegistrationNumber::parse(n.as_str()).unwrap(), n);
        let spoken = n.as_str().replace('-', " ");
        assert_eq!(RegistrationNumber::parse(&spoken).unwrap(), n);
        assert_eq!(RegistrationNumber::parse("abc"), Err(RegNoError::Shape));
    }

    proptest! {
        #[test]
        fn any_single_digit_typo_is_caught(seq in 0u64..100_000_000, pos in 0usize..12, delta in 1u8..10) {
            let n = RegistrationNumber::new("08", 2026, seq);
            let mut digits: Vec<u8> = n.as_str().bytes().filter(u8::is_ascii_digit).collect();
            let pos = pos % digits.len();
            digits[pos] = b'0' + (digits[pos] - b'0' + delta) % 10;
            let typed = String::from_utf8(digits).unwrap();
            prop_assert!(RegistrationNumber::parse(&typed).is_err());
        }

        #[test]
        fn any_neighbour_swap_is_caught(seq in 0u64..100_000_000, pos in 0usize..11) {
            let n = RegistrationNumber::new("06", 2027, seq);
            let mut digits: Vec<u8> = n.as_str().bytes().filter(u8::is_ascii_digit).collect();
            let pos = pos % (digits.len() - 1);
            prop_assume!(digits[pos] != digits[pos + 1]);
            digits.swap(pos, pos + 1);
            let typed = String::from_utf8(digits).unwrap();
            prop_assert!(RegistrationNumber::parse(&typed).is_err());
        }
    }
}
