//! Rust types that generated models use for string formats.
//!
//! | format | type |
//! |---|---|
//! | `date-time` | [`DateTime`] (`chrono::DateTime<Utc>`) |
//! | `date` | [`Date`] (`chrono::NaiveDate`) |
//! | `uuid` | [`Uuid`] |
//! | `byte` | [`Base64`] |
//! | `ipv4`, `ipv6` | `std::net::Ipv4Addr`, `std::net::Ipv6Addr` |
//!
//! The crates are re-exported so that user crates need not depend on them.

use std::fmt;

use base64::Engine as _;
use serde::de::{Deserializer, Error as _};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

pub use chrono;
pub use uuid;

/// An RFC 3339 `date-time`, in UTC.
pub type DateTime = chrono::DateTime<chrono::Utc>;

/// An RFC 3339 `full-date`.
pub type Date = chrono::NaiveDate;

/// A UUID.
pub type Uuid = uuid::Uuid;

/// Bytes that travel as base64 text (`format: byte`).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64(pub Vec<u8>);

impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

impl AsRef<[u8]> for Base64 {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        let engine = if text.ends_with('=') {
            &base64::engine::general_purpose::STANDARD
        } else {
            &base64::engine::general_purpose::STANDARD_NO_PAD
        };
        engine
            .decode(text.as_bytes())
            .map(Base64)
            .map_err(|_| D::Error::custom("expected base64-encoded bytes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        let bytes = Base64(b"hello\xff".to_vec());
        let json = serde_json::to_string(&bytes).ok();
        assert_eq!(json.as_deref(), Some(r#""aGVsbG//""#));
        let back: Option<Base64> = serde_json::from_str(r#""aGVsbG//""#).ok();
        assert_eq!(back, Some(bytes));
        let unpadded: Option<Base64> = serde_json::from_str(r#""aGk""#).ok();
        assert_eq!(unpadded, Some(Base64(b"hi".to_vec())));
        assert!(serde_json::from_str::<Base64>(r#""a*b""#).is_err());
    }

    #[test]
    fn dates_parse_rfc3339() {
        let at: Result<DateTime, _> = serde_json::from_str(r#""2024-02-29T12:00:00+02:00""#);
        assert_eq!(
            at.map(|t| t.to_rfc3339()).ok().as_deref(),
            Some("2024-02-29T10:00:00+00:00")
        );
        let day: Result<Date, _> = serde_json::from_str(r#""2024-02-29""#);
        assert!(day.is_ok());
    }
}
