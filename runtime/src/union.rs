//! Support for generated `oneOf`/`anyOf` enums: choosing the alternative a JSON value belongs to,
//! and writing the discriminator of a tagged alternative. The generated `Serialize` and
//! `Deserialize` impls are a `match` over calls to these functions.

use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde::ser::{Error as _, Serialize, Serializer};
use serde_json::Value;

use crate::schema::{self, Schema};

/// The index of the first alternative whose schema `value` satisfies. Deciding by the schemas
/// (rather than by which Rust type happens to deserialize first) picks the alternative the spec
/// means, even when one alternative's fields are a subset of another's.
pub fn select(value: &Value, alternatives: &[&Schema]) -> Option<usize> {
    alternatives.iter().position(|s| schema::is_valid(s, value))
}

/// Reads a union's whole value, before its alternative is chosen.
pub fn value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    Value::deserialize(deserializer)
}

/// The discriminator value of `value`: the string at `property`.
pub fn tag<E: serde::de::Error>(value: &Value, property: &str) -> Result<String, E> {
    match value.get(property) {
        Some(Value::String(tag)) => Ok(tag.clone()),
        Some(_) => Err(E::custom(format_args!(
            "discriminator `{property}` must be a string"
        ))),
        None => Err(E::custom(format_args!(
            "discriminator `{property}` is missing"
        ))),
    }
}

/// Deserializes the chosen alternative.
pub fn from_value<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// The error for a discriminator value that names no alternative of `union`.
pub fn unknown_tag<E: serde::de::Error>(property: &str, tag: &str, union: &str) -> E {
    E::custom(format_args!(
        "unknown `{property}` value `{tag}` for `{union}`"
    ))
}

/// The error for a value that satisfies none of the alternatives of `union`.
pub fn no_match<E: serde::de::Error>(union: &str) -> E {
    E::custom(format_args!(
        "matches none of the alternatives of `{union}`"
    ))
}

/// Serializes an untagged alternative.
pub fn serialize<T: Serialize + ?Sized, S: Serializer>(
    inner: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    inner.serialize(serializer)
}

/// Serializes `inner` with `property: tag` added when the alternative's own type does not
/// carry the discriminator.
pub fn serialize_tagged<S: Serializer, T: Serialize>(
    inner: &T,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(inner).map_err(S::Error::custom)?;
    if let Value::Object(map) = &mut value {
        if !map.contains_key(property) {
            map.insert(property.to_owned(), Value::String(tag.to_owned()));
        }
    }
    value.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{INTEGER as INT, STRING as TEXT};

    #[test]
    fn selects_by_schema() {
        assert_eq!(select(&Value::from(3), &[&TEXT, &INT]), Some(1));
        assert_eq!(select(&Value::from("a"), &[&TEXT, &INT]), Some(0));
        assert_eq!(select(&Value::Bool(true), &[&TEXT, &INT]), None);
    }

    #[test]
    fn tags() {
        let value = serde_json::json!({ "kind": "cat", "n": 1 });
        let read = |property| tag::<serde_json::Error>(&value, property).map_err(|e| e.to_string());
        assert_eq!(read("kind"), Ok("cat".to_owned()));
        assert_eq!(
            read("n"),
            Err("discriminator `n` must be a string".to_owned())
        );
        assert_eq!(
            read("missing"),
            Err("discriminator `missing` is missing".to_owned())
        );
    }

    #[test]
    fn serializes_missing_tag() {
        #[derive(serde::Serialize)]
        struct Cat {
            lives: u8,
        }
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::new(&mut out);
        serialize_tagged(&Cat { lives: 9 }, "kind", "cat", &mut serializer).ok();
        assert_eq!(String::from_utf8_lossy(&out), r#"{"lives":9,"kind":"cat"}"#);
    }
}
