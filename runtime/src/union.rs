//! Support for generated `oneOf`/`anyOf` enums: choosing the alternative a JSON value belongs to,
//! and writing the discriminator of a tagged alternative.

use serde::ser::{Error as _, Serialize, Serializer};
use serde_json::Value;

use crate::schema::{self, Schema};

/// The index of the first alternative whose schema `value` satisfies. Deciding by the schemas
/// (rather than by which Rust type happens to deserialize first) picks the alternative the spec
/// means, even when one alternative's fields are a subset of another's.
pub fn select(value: &Value, alternatives: &[&Schema]) -> Option<usize> {
    alternatives.iter().position(|s| schema::is_valid(s, value))
}

/// The discriminator value of `value`: the string at `property`.
pub fn tag(value: &Value, property: &str) -> Result<String, String> {
    match value.get(property) {
        Some(Value::String(tag)) => Ok(tag.clone()),
        Some(_) => Err(format!("discriminator `{property}` must be a string")),
        None => Err(format!("discriminator `{property}` is missing")),
    }
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
    use crate::schema::{IntegerRules, StringRules};

    static INT: Schema = Schema::Integer(IntegerRules::NONE);
    static TEXT: Schema = Schema::String(StringRules::NONE);

    #[test]
    fn selects_by_schema() {
        assert_eq!(select(&Value::from(3), &[&TEXT, &INT]), Some(1));
        assert_eq!(select(&Value::from("a"), &[&TEXT, &INT]), Some(0));
        assert_eq!(select(&Value::Bool(true), &[&TEXT, &INT]), None);
    }

    #[test]
    fn tags() {
        let value = serde_json::json!({ "kind": "cat", "n": 1 });
        assert_eq!(tag(&value, "kind").as_deref(), Ok("cat"));
        assert!(tag(&value, "n").is_err());
        assert!(tag(&value, "missing").is_err());
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
