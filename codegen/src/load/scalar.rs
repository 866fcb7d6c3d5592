//! YAML 1.2 core schema resolution of scalars onto JSON values.

use serde_json::{Number, Value};
use yaml_rust2::parser::Tag;
use yaml_rust2::scanner::TScalarStyle;

/// The handle the parser gives to `!!` tags.
const CORE_HANDLE: &str = "tag:yaml.org,2002:";

/// The JSON value of a scalar, following its tag when it has one of the core tags.
///
/// Plain scalars are resolved by the core schema (`null`, `true`, `12`, `0x1f`, `1.5e3`, …);
/// every other style is a string. Numbers that JSON cannot hold (`.inf`, `.nan`) stay strings, and
/// integers too large for 64 bits become floats. A core tag that does not fit the text
/// (`!!int abc`) is an error, returned as its message.
pub(crate) fn resolve(
    text: String,
    style: TScalarStyle,
    tag: Option<&Tag>,
) -> Result<Value, String> {
    let plain = style == TScalarStyle::Plain;
    let Some(tag) = tag else {
        return Ok(if plain {
            resolve_plain(text)
        } else {
            Value::String(text)
        });
    };
    if tag.handle != CORE_HANDLE {
        // `! text` (the non-specific tag) means string; local tags (`!thing`) carry no meaning
        // for OpenAPI, so the scalar reads as if it had none.
        let is_non_specific = tag.handle == "!" && tag.suffix.is_empty();
        return Ok(if plain && !is_non_specific {
            resolve_plain(text)
        } else {
            Value::String(text)
        });
    }
    let wanted = match tag.suffix.as_str() {
        "null" => "null",
        "bool" => "bool",
        "int" => "int",
        "float" => "float",
        _ => return Ok(Value::String(text)),
    };
    let resolved = resolve_plain(text.clone());
    let fits = match (wanted, &resolved) {
        ("null", Value::Null) | ("bool", Value::Bool(_)) => true,
        ("int", Value::Number(n)) => n.is_i64() || n.is_u64() || is_integer_text(&text),
        ("float", Value::Number(_)) => true,
        _ => false,
    };
    if fits {
        Ok(resolved)
    } else {
        Err(format!("`{text}` is not a valid `!!{wanted}`"))
    }
}

/// Resolves an untagged plain scalar by the YAML 1.2 core schema.
pub(crate) fn resolve_plain(text: String) -> Value {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(b'0'..=b'9' | b'-' | b'+' | b'.') => {}
        _ => return Value::String(text),
    }
    if is_integer_text(&text) {
        return decimal(&text, true).unwrap_or(Value::String(text));
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return radix(hex, 16).map_or(Value::String(text), Value::from);
    }
    if let Some(octal) = text.strip_prefix("0o") {
        return radix(octal, 8).map_or(Value::String(text), Value::from);
    }
    if is_float_text(bytes) {
        return decimal(&text, false).unwrap_or(Value::String(text));
    }
    Value::String(text)
}

/// The number written in decimal as `text`: `[-+]?[0-9]+` when `integer`, otherwise a float such
/// as `-1.5e3`. Integers become `i64` when they fit, else `u64`, else `f64`; floats become `f64`.
/// `None` when the value is out of range for JSON (`1e400`): the text then stays a string.
///
/// The YAML and JSON parsers both read numbers through here, so that they agree on every one.
pub(crate) fn decimal(text: &str, integer: bool) -> Option<Value> {
    if integer {
        let digits = text.strip_prefix('+').unwrap_or(text);
        if let Ok(i) = digits.parse::<i64>() {
            return Some(Value::from(i));
        }
        if let Ok(u) = digits.parse::<u64>() {
            return Some(Value::from(u));
        }
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Value::Number)
}

/// `[-+]?[0-9]+`
fn is_integer_text(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_float_text(bytes: &[u8]) -> bool {
    let mut i = usize::from(matches!(bytes.first(), Some(b'-' | b'+')));
    let count_digits = |from: usize| {
        bytes.get(from..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        })
    };
    let int_digits = count_digits(i);
    i += int_digits;
    if bytes.get(i) == Some(&b'.') {
        let fraction_digits = count_digits(i + 1);
        if int_digits == 0 && fraction_digits == 0 {
            return false;
        }
        i += 1 + fraction_digits;
    } else if int_digits == 0 {
        return false;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exponent_digits = count_digits(i);
        if exponent_digits == 0 {
            return false;
        }
        i += exponent_digits;
    }
    i == bytes.len()
}

fn radix(digits: &str, radix: u32) -> Option<u64> {
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plain(text: &str) -> Value {
        resolve_plain(text.to_owned())
    }

    #[test]
    fn core_schema() {
        for null in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(null), Value::Null, "{null:?}");
        }
        assert_eq!(plain("True"), json!(true));
        assert_eq!(plain("FALSE"), json!(false));
        assert_eq!(plain("yes"), json!("yes"));
        assert_eq!(plain("123"), json!(123));
        assert_eq!(plain("+7"), json!(7));
        assert_eq!(plain("-12"), json!(-12));
        assert_eq!(plain("18446744073709551615"), json!(u64::MAX));
        assert_eq!(plain("1e400"), json!("1e400"));
        assert_eq!(
            plain("123456789012345678901234567890"),
            json!(1.2345678901234568e29)
        );
        assert_eq!(plain("0x1F"), json!(31));
        assert_eq!(plain("0o17"), json!(15));
        assert_eq!(plain("0x"), json!("0x"));
        assert_eq!(plain("1.5"), json!(1.5));
        assert_eq!(plain(".5"), json!(0.5));
        assert_eq!(plain("1."), json!(1.0));
        assert_eq!(plain("-2.5e-3"), json!(-0.0025));
        assert_eq!(plain("1e3"), json!(1000.0));
        assert_eq!(plain("."), json!("."));
        assert_eq!(plain("1e"), json!("1e"));
        assert_eq!(plain(".inf"), json!(".inf"));
        assert_eq!(plain("3.0.3"), json!("3.0.3"));
        assert_eq!(plain("1_000"), json!("1_000"));
        assert_eq!(plain("-"), json!("-"));
    }

    #[test]
    fn styles_and_tags() {
        let tag = |suffix: &str| Tag {
            handle: CORE_HANDLE.into(),
            suffix: suffix.into(),
        };
        let quoted = resolve("123".into(), TScalarStyle::DoubleQuoted, None);
        assert_eq!(quoted, Ok(json!("123")));
        let str_tag = resolve("123".into(), TScalarStyle::Plain, Some(&tag("str")));
        assert_eq!(str_tag, Ok(json!("123")));
        let int_tag = resolve("12".into(), TScalarStyle::SingleQuoted, Some(&tag("int")));
        assert_eq!(int_tag, Ok(json!(12)));
        let bad = resolve("abc".into(), TScalarStyle::Plain, Some(&tag("int")));
        assert_eq!(bad, Err("`abc` is not a valid `!!int`".to_owned()));
        let local = Tag {
            handle: "!".into(),
            suffix: "thing".into(),
        };
        assert_eq!(
            resolve("5".into(), TScalarStyle::Plain, Some(&local)),
            Ok(json!(5))
        );
    }
}
