//! Static schemas and the validator that checks decoded JSON against them.
//!
//! The generator lays out one `static` [`Schema`] per component schema (and per inline schema in
//! parameters and bodies). Requests are parsed into a [`serde_json::Value`], validated here (every
//! error is collected, each named by its JSON pointer), and only then deserialized into the
//! generated Rust types.

use std::sync::OnceLock;

use serde_json::Value;

use crate::problem::FieldError;

/// A JSON schema, reduced to what request validation needs.
#[derive(Debug)]
pub enum Schema {
    /// Anything (the empty schema).
    Any,
    /// `true` or `false`.
    Boolean,
    /// An integer, with its bounds.
    Integer(IntegerRules),
    /// A number, with its bounds.
    Number(NumberRules),
    /// A string, with its length, pattern, format and allowed values.
    String(StringRules),
    /// An array.
    Array(ArrayRules),
    /// An object.
    Object(ObjectRules),
    /// `null` or the inner schema.
    Nullable(&'static Schema),
    /// One of a fixed set of JSON values (non-string enums and `const`).
    Enum(&'static [Literal]),
    /// Every one of the schemas.
    AllOf(&'static [&'static Schema]),
    /// At least one of the schemas.
    AnyOf(&'static [&'static Schema]),
    /// Exactly one of the schemas.
    OneOf(&'static [&'static Schema]),
    /// An object whose discriminator property chooses the schema (a tagged `oneOf`/`anyOf`).
    Tagged(&'static TaggedRules),
}

/// A discriminated union: the value of `property` selects the schema that applies.
#[derive(Debug)]
pub struct TaggedRules {
    /// The discriminator property.
    pub property: &'static str,
    /// Each discriminator value with its schema.
    pub variants: &'static [(&'static str, &'static Schema)],
}

/// Any value.
pub static ANY: Schema = Schema::Any;
/// A boolean.
pub static BOOLEAN: Schema = Schema::Boolean;
/// An integer without bounds.
pub static INTEGER: Schema = Schema::Integer(IntegerRules::NONE);
/// A number without bounds.
pub static NUMBER: Schema = Schema::Number(NumberRules::NONE);
/// A string without constraints.
pub static STRING: Schema = Schema::String(StringRules::NONE);

impl Schema {
    /// An array of `items` without count constraints.
    pub const fn array(items: &'static Schema) -> Schema {
        Schema::Array(ArrayRules {
            items,
            min_items: None,
            max_items: None,
            unique_items: false,
        })
    }

    /// A map from string keys to values of `values`.
    pub const fn map(values: &'static Schema) -> Schema {
        Schema::Object(ObjectRules {
            properties: &[],
            additional: Additional::Schema(values),
            min_properties: None,
            max_properties: None,
        })
    }

    /// An object with `properties` that allows undeclared ones.
    pub const fn object(properties: &'static [Property]) -> Schema {
        Schema::Object(ObjectRules {
            properties,
            additional: Additional::Allow,
            min_properties: None,
            max_properties: None,
        })
    }
}

impl Property {
    /// A property that must be present.
    pub const fn required(name: &'static str, schema: &'static Schema) -> Property {
        Property {
            name,
            schema,
            required: true,
        }
    }

    /// A property that may be absent.
    pub const fn optional(name: &'static str, schema: &'static Schema) -> Property {
        Property {
            name,
            schema,
            required: false,
        }
    }
}

/// A JSON literal in an enum.
#[derive(Debug, Clone, Copy)]
pub enum Literal {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(&'static str),
}

impl Literal {
    fn matches(&self, value: &Value) -> bool {
        match (self, value) {
            (Literal::Null, Value::Null) => true,
            (Literal::Bool(b), Value::Bool(v)) => b == v,
            (Literal::Int(i), Value::Number(n)) => n.as_i64() == Some(*i),
            (Literal::Float(f), Value::Number(n)) => n.as_f64() == Some(*f),
            (Literal::Str(s), Value::String(v)) => s == v,
            _ => false,
        }
    }
}

/// The `format_range` of `uint64`: the validator also accepts the values above `i64::MAX`.
pub const U64_RANGE: (i64, i64) = (0, i64::MAX);

/// Bounds of an integer.
#[derive(Debug, Clone, Copy, Default)]
pub struct IntegerRules {
    /// Inclusive lower bound (after applying `exclusive_minimum`).
    pub minimum: Option<i64>,
    /// Inclusive upper bound (after applying `exclusive_maximum`).
    pub maximum: Option<i64>,
    /// The value must be a multiple of this.
    pub multiple_of: Option<i64>,
    /// The smallest and largest values of the Rust type (`int32` → `i32`); [`U64_RANGE`] for
    /// `uint64`.
    pub format_range: Option<(i64, i64)>,
}

impl IntegerRules {
    /// No bounds.
    pub const NONE: Self = IntegerRules {
        minimum: None,
        maximum: None,
        multiple_of: None,
        format_range: None,
    };
}

/// Bounds of a number.
#[derive(Debug, Clone, Copy, Default)]
pub struct NumberRules {
    /// Lower bound.
    pub minimum: Option<f64>,
    /// Whether the lower bound is exclusive.
    pub exclusive_minimum: bool,
    /// Upper bound.
    pub maximum: Option<f64>,
    /// Whether the upper bound is exclusive.
    pub exclusive_maximum: bool,
}

impl NumberRules {
    /// No bounds.
    pub const NONE: Self = NumberRules {
        minimum: None,
        exclusive_minimum: false,
        maximum: None,
        exclusive_maximum: false,
    };
}

/// Constraints on a string.
#[derive(Debug, Default)]
pub struct StringRules {
    /// Minimum length in characters.
    pub min_length: Option<usize>,
    /// Maximum length in characters.
    pub max_length: Option<usize>,
    /// A regular expression the string must match (anywhere, as in JSON Schema).
    pub pattern: Option<&'static Pattern>,
    /// A checked format.
    pub format: Option<Format>,
    /// The allowed values, when the schema is a string enum.
    pub enumeration: &'static [&'static str],
}

impl StringRules {
    /// No constraints.
    pub const NONE: Self = StringRules {
        min_length: None,
        max_length: None,
        pattern: None,
        format: None,
        enumeration: &[],
    };
}

/// A string format that the validator checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 3339 date-time.
    DateTime,
    /// RFC 3339 full-date.
    Date,
    /// A UUID in its hyphenated form.
    Uuid,
    /// An e-mail address (a pragmatic check: one `@`, non-empty parts, no spaces).
    Email,
    /// An IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// An absolute URI (`scheme:` followed by at least one character, no spaces).
    Uri,
    /// Base64-encoded bytes (standard alphabet, padded or not).
    Byte,
}

/// A regular expression, compiled on first use.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// A pattern from its source; it is compiled the first time a value is checked.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern's source text.
    pub fn source(&self) -> &'static str {
        self.source
    }

    fn is_match(&self, text: &str) -> bool {
        // The generator checks that every pattern compiles; a pattern that still fails to
        // compile here accepts everything rather than rejecting every request.
        match self
            .compiled
            .get_or_init(|| regex::Regex::new(self.source).ok())
        {
            Some(re) => re.is_match(text),
            None => true,
        }
    }
}

/// Constraints on an array.
#[derive(Debug)]
pub struct ArrayRules {
    /// The schema of every item.
    pub items: &'static Schema,
    /// Minimum number of items.
    pub min_items: Option<usize>,
    /// Maximum number of items.
    pub max_items: Option<usize>,
    /// Whether items must be distinct.
    pub unique_items: bool,
}

/// Constraints on an object.
#[derive(Debug)]
pub struct ObjectRules {
    /// The declared properties.
    pub properties: &'static [Property],
    /// What to do with properties that are not declared.
    pub additional: Additional,
    /// Minimum number of properties.
    pub min_properties: Option<usize>,
    /// Maximum number of properties.
    pub max_properties: Option<usize>,
}

/// A declared property of an object.
#[derive(Debug)]
pub struct Property {
    /// The JSON name.
    pub name: &'static str,
    /// Its schema.
    pub schema: &'static Schema,
    /// Whether it must be present.
    pub required: bool,
}

/// The policy for undeclared properties.
#[derive(Debug, Clone, Copy)]
pub enum Additional {
    /// Allowed and ignored.
    Allow,
    /// Rejected (`additionalProperties: false`).
    Deny,
    /// Allowed when they match the schema.
    Schema(&'static Schema),
}

/// Validates `value` against `schema`, appending one [`FieldError`] per violation.
/// `pointer` is the JSON pointer of `value` (for example `/body` or `/query/limit`).
pub fn validate(schema: &Schema, value: &Value, pointer: &str, errors: &mut Vec<FieldError>) {
    let mut path = String::from(pointer);
    check(schema, value, &mut path, errors);
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn push(errors: &mut Vec<FieldError>, path: &str, message: String) {
    errors.push(FieldError::new(path, message));
}

fn check(schema: &Schema, value: &Value, path: &mut String, errors: &mut Vec<FieldError>) {
    match schema {
        Schema::Any => {}
        Schema::Nullable(inner) => {
            if !value.is_null() {
                check(inner, value, path, errors);
            }
        }
        Schema::Boolean => {
            if !value.is_boolean() {
                push(
                    errors,
                    path,
                    format!("expected a boolean, found {}", type_name(value)),
                );
            }
        }
        Schema::Integer(rules) => check_integer(rules, value, path, errors),
        Schema::Number(rules) => check_number(rules, value, path, errors),
        Schema::String(rules) => match value {
            Value::String(s) => check_string(rules, s, path, errors),
            other => push(
                errors,
                path,
                format!("expected a string, found {}", type_name(other)),
            ),
        },
        Schema::Array(rules) => match value {
            Value::Array(items) => check_array(rules, items, path, errors),
            other => push(
                errors,
                path,
                format!("expected an array, found {}", type_name(other)),
            ),
        },
        Schema::Object(rules) => match value {
            Value::Object(map) => check_object(rules, map, path, errors),
            other => push(
                errors,
                path,
                format!("expected an object, found {}", type_name(other)),
            ),
        },
        Schema::Enum(literals) => {
            if !literals.iter().any(|l| l.matches(value)) {
                push(errors, path, "is not one of the allowed values".to_owned());
            }
        }
        Schema::AllOf(parts) => {
            for part in *parts {
                check(part, value, path, errors);
            }
        }
        Schema::AnyOf(parts) => {
            if !parts.iter().any(|p| is_valid(p, value)) {
                push(
                    errors,
                    path,
                    "does not match any of the allowed schemas".to_owned(),
                );
            }
        }
        Schema::OneOf(parts) => {
            let matched = parts.iter().filter(|p| is_valid(p, value)).count();
            if matched != 1 {
                let message = if matched == 0 {
                    "does not match any of the allowed schemas".to_owned()
                } else {
                    format!("matches {matched} of the schemas, but must match exactly one")
                };
                push(errors, path, message);
            }
        }
        Schema::Tagged(rules) => check_tagged(rules, value, path, errors),
    }
}

fn check_tagged(
    rules: &TaggedRules,
    value: &Value,
    path: &mut String,
    errors: &mut Vec<FieldError>,
) {
    let Value::Object(map) = value else {
        push(
            errors,
            path,
            format!("expected an object, found {}", type_name(value)),
        );
        return;
    };
    let base = path.len();
    match map.get(rules.property) {
        Some(Value::String(tag)) => match rules.variants.iter().find(|(t, _)| t == tag) {
            Some((_, schema)) => check(schema, value, path, errors),
            None => {
                push_token(path, rules.property);
                let allowed: Vec<&str> = rules.variants.iter().map(|(t, _)| *t).collect();
                push(
                    errors,
                    path,
                    format!("must be one of: {}", allowed.join(", ")),
                );
                path.truncate(base);
            }
        },
        Some(other) => {
            push_token(path, rules.property);
            push(
                errors,
                path,
                format!("expected a string, found {}", type_name(other)),
            );
            path.truncate(base);
        }
        None => {
            push_token(path, rules.property);
            push(errors, path, "is required".to_owned());
            path.truncate(base);
        }
    }
}

/// Whether `value` satisfies `schema` (no error is collected).
pub fn is_valid(schema: &Schema, value: &Value) -> bool {
    let mut scratch = Vec::new();
    let mut path = String::new();
    check(schema, value, &mut path, &mut scratch);
    scratch.is_empty()
}

fn check_integer(rules: &IntegerRules, value: &Value, path: &str, errors: &mut Vec<FieldError>) {
    let Value::Number(n) = value else {
        push(
            errors,
            path,
            format!("expected an integer, found {}", type_name(value)),
        );
        return;
    };
    let Some(i) = n.as_i64() else {
        // `uint64` (range `(0, i64::MAX)`) takes the values above `i64::MAX` too.
        if n.is_u64() && rules.format_range == Some(U64_RANGE) && rules.maximum.is_none() {
            if let Some(m) = rules.multiple_of.and_then(|m| u64::try_from(m).ok()) {
                if n.as_u64().is_some_and(|u| m != 0 && u % m != 0) {
                    push(errors, path, format!("must be a multiple of {m}"));
                }
            }
            return;
        }
        let whole = n.is_u64() || n.as_f64().is_some_and(|x| x.fract() == 0.0);
        let message = if whole {
            "is an integer outside the supported range"
        } else {
            "expected an integer, found a number with a fraction"
        };
        push(errors, path, message.to_owned());
        return;
    };
    if let Some((lo, hi)) = rules.format_range {
        if i < lo || i > hi {
            push(errors, path, format!("must be between {lo} and {hi}"));
            return;
        }
    }
    if let Some(min) = rules.minimum {
        if i < min {
            push(errors, path, format!("must be at least {min}"));
        }
    }
    if let Some(max) = rules.maximum {
        if i > max {
            push(errors, path, format!("must be at most {max}"));
        }
    }
    if let Some(m) = rules.multiple_of {
        if m != 0 && i % m != 0 {
            push(errors, path, format!("must be a multiple of {m}"));
        }
    }
}

fn check_number(rules: &NumberRules, value: &Value, path: &str, errors: &mut Vec<FieldError>) {
    let Some(x) = value.as_f64() else {
        push(
            errors,
            path,
            format!("expected a number, found {}", type_name(value)),
        );
        return;
    };
    if let Some(min) = rules.minimum {
        if x < min || (rules.exclusive_minimum && x == min) {
            let word = if rules.exclusive_minimum {
                "greater than"
            } else {
                "at least"
            };
            push(errors, path, format!("must be {word} {min}"));
        }
    }
    if let Some(max) = rules.maximum {
        if x > max || (rules.exclusive_maximum && x == max) {
            let word = if rules.exclusive_maximum {
                "less than"
            } else {
                "at most"
            };
            push(errors, path, format!("must be {word} {max}"));
        }
    }
}

fn check_string(rules: &StringRules, s: &str, path: &str, errors: &mut Vec<FieldError>) {
    if !rules.enumeration.is_empty() {
        if !rules.enumeration.contains(&s) {
            let allowed = rules.enumeration.join(", ");
            push(errors, path, format!("must be one of: {allowed}"));
        }
        return;
    }
    let len = s.chars().count();
    if let Some(min) = rules.min_length {
        if len < min {
            push(
                errors,
                path,
                format!("must be at least {min} characters long"),
            );
        }
    }
    if let Some(max) = rules.max_length {
        if len > max {
            push(
                errors,
                path,
                format!("must be at most {max} characters long"),
            );
        }
    }
    if let Some(pattern) = rules.pattern {
        if !pattern.is_match(s) {
            push(
                errors,
                path,
                format!("must match the pattern `{}`", pattern.source()),
            );
        }
    }
    if let Some(format) = rules.format {
        if !format_matches(format, s) {
            let name = match format {
                Format::DateTime => "an RFC 3339 date-time",
                Format::Date => "an RFC 3339 date (YYYY-MM-DD)",
                Format::Uuid => "a UUID",
                Format::Email => "an e-mail address",
                Format::Ipv4 => "an IPv4 address",
                Format::Ipv6 => "an IPv6 address",
                Format::Uri => "an absolute URI",
                Format::Byte => "base64-encoded bytes",
            };
            push(errors, path, format!("must be {name}"));
        }
    }
}

fn check_array(
    rules: &ArrayRules,
    items: &[Value],
    path: &mut String,
    errors: &mut Vec<FieldError>,
) {
    if let Some(min) = rules.min_items {
        if items.len() < min {
            push(errors, path, format!("must have at least {min} items"));
        }
    }
    if let Some(max) = rules.max_items {
        if items.len() > max {
            push(errors, path, format!("must have at most {max} items"));
        }
    }
    if rules.unique_items {
        let duplicate = items
            .iter()
            .enumerate()
            .any(|(i, a)| items[..i].iter().any(|b| a == b));
        if duplicate {
            push(errors, path, "items must be unique".to_owned());
        }
    }
    let base = path.len();
    for (i, item) in items.iter().enumerate() {
        path.push('/');
        path.push_str(&i.to_string());
        check(rules.items, item, path, errors);
        path.truncate(base);
    }
}

fn check_object(
    rules: &ObjectRules,
    map: &serde_json::Map<String, Value>,
    path: &mut String,
    errors: &mut Vec<FieldError>,
) {
    let base = path.len();
    for property in rules.properties {
        push_token(path, property.name);
        match map.get(property.name) {
            Some(value) => check(property.schema, value, path, errors),
            None if property.required => push(errors, path, "is required".to_owned()),
            None => {}
        }
        path.truncate(base);
    }
    if let Some(min) = rules.min_properties {
        if map.len() < min {
            push(errors, path, format!("must have at least {min} properties"));
        }
    }
    if let Some(max) = rules.max_properties {
        if map.len() > max {
            push(errors, path, format!("must have at most {max} properties"));
        }
    }
    match rules.additional {
        Additional::Allow => {}
        Additional::Deny => {
            for key in map.keys() {
                if !rules.properties.iter().any(|p| p.name == key) {
                    push_token(path, key);
                    push(errors, path, "is not an allowed property".to_owned());
                    path.truncate(base);
                }
            }
        }
        Additional::Schema(schema) => {
            for (key, value) in map {
                if !rules.properties.iter().any(|p| p.name == key) {
                    push_token(path, key);
                    check(schema, value, path, errors);
                    path.truncate(base);
                }
            }
        }
    }
}

/// Appends `/token` to a JSON pointer, escaping `~` and `/`.
pub(crate) fn push_token(path: &mut String, token: &str) {
    path.push('/');
    for c in token.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}

fn format_matches(format: Format, s: &str) -> bool {
    match format {
        Format::Date => is_date(s),
        Format::DateTime => is_date_time(s),
        Format::Uuid => is_uuid(s),
        Format::Email => {
            let mut parts = s.split('@');
            matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None)
                if !a.is_empty() && !b.is_empty() && !s.contains(char::is_whitespace))
        }
        Format::Ipv4 => s.parse::<std::net::Ipv4Addr>().is_ok(),
        Format::Ipv6 => s.parse::<std::net::Ipv6Addr>().is_ok(),
        Format::Uri => is_uri(s),
        Format::Byte => is_base64(s),
    }
}

/// `scheme ":" rest`, the scheme being a letter followed by letters, digits, `+`, `-` or `.`.
fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Standard base64, with or without padding.
fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    let padding = s.len() - body.len();
    padding <= 2
        && (padding == 0 || s.len() % 4 == 0)
        && body.len() % 4 != 1
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

fn digits(s: &str) -> Option<u32> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) =
        (digits(&s[0..4]), digits(&s[5..7]), digits(&s[8..10]))
    else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn is_date_time(s: &str) -> bool {
    let Some((date, time)) = s.split_once(['T', 't', ' ']) else {
        return false;
    };
    if !is_date(date) || time.len() < 9 {
        return false;
    }
    let (clock, offset) = if let Some(stripped) = time.strip_suffix(['Z', 'z']) {
        (stripped, None)
    } else if time.len() > 6 {
        let (c, o) = time.split_at(time.len() - 6);
        (c, Some(o))
    } else {
        return false;
    };
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    let hms_ok = hms.len() == 8
        && hms.as_bytes()[2] == b':'
        && hms.as_bytes()[5] == b':'
        && matches!((digits(&hms[0..2]), digits(&hms[3..5]), digits(&hms[6..8])),
            (Some(h), Some(m), Some(sec)) if h < 24 && m < 60 && sec <= 60);
    let fraction_ok = fraction.is_none_or(|f| {
        digits(f).is_some() || (!f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
    });
    let offset_ok = offset.is_none_or(|o| {
        let b = o.as_bytes();
        (b[0] == b'+' || b[0] == b'-')
            && b[3] == b':'
            && matches!((digits(&o[1..3]), digits(&o[4..6])), (Some(h), Some(m)) if h < 24 && m < 60)
    });
    hms_ok && fraction_ok && offset_ok
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Converts one textual parameter value to JSON according to the schema's scalar type.
/// Returns a message (without the raw input) when the text is not of that type.
pub fn coerce(schema: &Schema, text: &str) -> Result<Value, String> {
    match schema {
        Schema::Nullable(inner) => coerce(inner, text),
        Schema::Integer(_) => match text.parse::<i64>() {
            Ok(i) => Ok(Value::from(i)),
            Err(_) => text
                .parse::<u64>()
                .map(Value::from)
                .map_err(|_| "expected an integer".to_owned()),
        },
        Schema::Number(_) => match text.parse::<f64>() {
            Ok(x) if x.is_finite() => serde_json::Number::from_f64(x)
                .map(Value::Number)
                .ok_or_else(|| "expected a number".to_owned()),
            _ => Err("expected a number".to_owned()),
        },
        Schema::Boolean => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err("expected `true` or `false`".to_owned()),
        },
        Schema::Enum(literals) => {
            for literal in *literals {
                let candidate = match literal {
                    Literal::Str(s) if *s == text => Some(Value::from(*s)),
                    Literal::Int(i) if text.parse::<i64>().ok() == Some(*i) => {
                        Some(Value::from(*i))
                    }
                    Literal::Bool(b) if text == if *b { "true" } else { "false" } => {
                        Some(Value::Bool(*b))
                    }
                    Literal::Float(f) if text.parse::<f64>().ok() == Some(*f) => {
                        serde_json::Number::from_f64(*f).map(Value::Number)
                    }
                    _ => None,
                };
                if let Some(v) = candidate {
                    return Ok(v);
                }
            }
            Err("is not one of the allowed values".to_owned())
        }
        // A named alias (`AllOf([target])`) or a union: the first alternative that takes the
        // text and validates.
        Schema::AllOf(parts) | Schema::AnyOf(parts) | Schema::OneOf(parts) => {
            let mut last = Err("is not one of the allowed values".to_owned());
            for part in *parts {
                match coerce(part, text) {
                    Ok(value) if is_valid(part, &value) => return Ok(value),
                    Ok(value) => last = Ok(value),
                    Err(error) if last.is_err() => last = Err(error),
                    Err(_) => {}
                }
            }
            last
        }
        _ => Ok(Value::String(text.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static NAME_PATTERN: Pattern = Pattern::new("^[a-z]+$");
    static TAG: Schema = Schema::Object(ObjectRules {
        properties: &[Property {
            name: "name",
            schema: &Schema::String(StringRules {
                min_length: Some(2),
                max_length: None,
                pattern: Some(&NAME_PATTERN),
                format: None,
                enumeration: &[],
            }),
            required: true,
        }],
        additional: Additional::Deny,
        min_properties: None,
        max_properties: None,
    });
    static PET: Schema = Schema::Object(ObjectRules {
        properties: &[
            Property {
                name: "id",
                schema: &Schema::Integer(IntegerRules {
                    minimum: Some(1),
                    maximum: None,
                    multiple_of: None,
                    format_range: None,
                }),
                required: false,
            },
            Property {
                name: "tags",
                schema: &Schema::Array(ArrayRules {
                    items: &TAG,
                    min_items: None,
                    max_items: Some(2),
                    unique_items: false,
                }),
                required: false,
            },
            Property {
                name: "status",
                schema: &Schema::String(StringRules {
                    min_length: None,
                    max_length: None,
                    pattern: None,
                    format: None,
                    enumeration: &["available", "sold"],
                }),
                required: true,
            },
            Property {
                name: "a/b",
                schema: &Schema::Nullable(&Schema::Boolean),
                required: false,
            },
        ],
        additional: Additional::Allow,
        min_properties: None,
        max_properties: None,
    });

    fn errors(schema: &Schema, value: Value) -> Vec<(String, String)> {
        let mut errors = Vec::new();
        validate(schema, &value, "", &mut errors);
        errors.into_iter().map(|e| (e.pointer, e.message)).collect()
    }

    #[test]
    fn valid_object_has_no_errors() {
        assert!(errors(
            &PET,
            json!({"id": 3, "status": "sold", "tags": [{"name": "ab"}], "a/b": null})
        )
        .is_empty());
    }

    #[test]
    fn every_violation_is_reported_with_its_pointer() {
        let found = errors(
            &PET,
            json!({"id": 0, "tags": [{"name": "A"}, {"x": 1}, {"name": "ok"}], "a/b": 3}),
        );
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/id",
                "/tags",
                "/tags/0/name",
                "/tags/0/name",
                "/tags/1/name",
                "/tags/1/x",
                "/status",
                "/a~1b"
            ]
        );
        assert_eq!(found[0].1, "must be at least 1");
        assert_eq!(found[6].1, "is required");
    }

    #[test]
    fn formats() {
        assert!(is_date_time("2024-02-29T12:30:00Z"));
        assert!(is_date_time("2024-02-29T12:30:00.123+05:30"));
        assert!(!is_date_time("2023-02-29T12:30:00Z"));
        assert!(!is_date_time("2024-02-28 25:00:00Z"));
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(!is_uuid("123e4567e89b12d3a456426614174000"));
        assert!(format_matches(Format::Email, "a@b.c"));
        assert!(!format_matches(Format::Email, "a b@c"));
    }

    #[test]
    fn coercion_of_parameters() {
        let int = Schema::Integer(IntegerRules::default());
        assert_eq!(coerce(&int, "42"), Ok(json!(42)));
        assert!(coerce(&int, "4x").is_err());
        assert_eq!(coerce(&Schema::Boolean, "true"), Ok(json!(true)));
        assert_eq!(
            coerce(&Schema::Enum(&[Literal::Int(1), Literal::Str("x")]), "x"),
            Ok(json!("x"))
        );
    }
}
