//! Parameter styles: the text of a path segment, of headers, or of query, cookie or form pairs
//! becomes the JSON value of one parameter, as OpenAPI's `style` and `explode` describe (see
//! [`Style`] for the table). Each piece of text is split first and percent-decoded after, so an
//! encoded delimiter (`%2C`) is data, not a separator; then it is coerced to the type the schema
//! gives it. Errors are collected with the JSON pointer of the value they concern
//! (`/query/ids/1`, `/path/color/R`) and never quote the input.
//!
//! The styles carry what OpenAPI defines them for: scalars, arrays of scalars and objects whose
//! properties are those ([`is_flat`]). Anything else (nested objects, arrays of objects, unions
//! of such shapes) and every `deepObject` value is read in bracket notation from pairs, or as JSON
//! text from a path segment or a header (see [`crate::brackets`]).

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::brackets::{self, Options};
use crate::descriptor::Style;
use crate::problem::FieldError;
use crate::schema::{self, Additional, Property, Schema};

/// The outcome of reading one value.
#[derive(Debug, PartialEq)]
pub(crate) enum Read {
    /// Not in the request.
    Absent,
    /// Present and of the right shape (its rules are validated later).
    Value(Value),
    /// Present but unreadable; the errors are recorded.
    Invalid,
}

/// What a schema looks like to a reader of text.
pub(crate) enum Shape {
    /// A single value.
    Scalar(&'static Schema),
    /// An array; the items' schema.
    Array(&'static Schema),
    /// An object.
    Object(ObjectShape),
}

/// The properties of an object schema, merged through `allOf`.
#[derive(Debug)]
pub(crate) struct ObjectShape {
    /// The declared properties.
    pub properties: Vec<&'static Property>,
    /// What undeclared properties are.
    pub additional: Additional,
}

impl ObjectShape {
    /// The schema of property `name`: declared, or allowed by `additionalProperties`.
    pub(crate) fn property(&self, name: &str) -> Option<&'static Schema> {
        match self.properties.iter().find(|p| p.name == name) {
            Some(property) => Some(property.schema),
            None => match self.additional {
                Additional::Schema(schema) => Some(schema),
                Additional::Allow | Additional::Deny => None,
            },
        }
    }

    /// Whether the object takes properties it does not declare (a map).
    pub(crate) fn is_map(&self) -> bool {
        matches!(self.additional, Additional::Schema(_))
    }
}

/// The shape of `schema` (`null` aside).
pub(crate) fn shape(schema: &'static Schema) -> Shape {
    match schema {
        Schema::Nullable(inner) => shape(inner),
        Schema::Array(rules) => Shape::Array(rules.items),
        Schema::Object(_) | Schema::AllOf(_) => match object_shape(schema) {
            Some(object) => Shape::Object(object),
            None => Shape::Scalar(schema),
        },
        _ => Shape::Scalar(schema),
    }
}

fn object_shape(schema: &'static Schema) -> Option<ObjectShape> {
    match schema {
        Schema::Nullable(inner) => object_shape(inner),
        Schema::Object(rules) => Some(ObjectShape {
            properties: rules.properties.iter().collect(),
            additional: rules.additional,
        }),
        Schema::AllOf(parts) => {
            let mut merged: Option<ObjectShape> = None;
            for part in *parts {
                let Some(shape) = object_shape(part) else {
                    continue;
                };
                match merged.as_mut() {
                    None => merged = Some(shape),
                    Some(merged) => {
                        for property in shape.properties {
                            if !merged.properties.iter().any(|p| p.name == property.name) {
                                merged.properties.push(property);
                            }
                        }
                        if let Additional::Schema(_) = shape.additional {
                            merged.additional = shape.additional;
                        }
                    }
                }
            }
            merged
        }
        _ => None,
    }
}

/// Whether `schema` is one value to a reader of text: not an array or an object, and, for a
/// union, only such alternatives.
pub(crate) fn is_scalar(schema: &'static Schema) -> bool {
    match schema {
        Schema::Nullable(inner) => is_scalar(inner),
        Schema::Array(_) | Schema::Object(_) | Schema::Tagged(_) => false,
        Schema::AllOf(parts) => {
            object_shape(schema).is_none() && parts.iter().all(|p| is_scalar(p))
        }
        Schema::AnyOf(parts) | Schema::OneOf(parts) => parts.iter().all(|p| is_scalar(p)),
        _ => true,
    }
}

/// Whether `schema` is a scalar or an array of scalars.
pub(crate) fn is_flat_member(schema: &'static Schema) -> bool {
    match shape(schema) {
        Shape::Scalar(schema) => is_scalar(schema),
        Shape::Array(items) => is_scalar(items),
        Shape::Object(_) => false,
    }
}

/// Whether the styles carry `schema` as OpenAPI defines them: a scalar (a union of scalars
/// included), an array of scalars, or an object whose properties and additional properties are
/// those.
pub(crate) fn is_flat(schema: &'static Schema) -> bool {
    match shape(schema) {
        Shape::Object(object) => {
            object.properties.iter().all(|p| is_flat_member(p.schema))
                && match object.additional {
                    Additional::Schema(values) => is_flat_member(values),
                    Additional::Allow | Additional::Deny => true,
                }
        }
        _ => is_flat_member(schema),
    }
}

/// Whether `spec` is read in bracket notation: `deepObject`, or a shape the style cannot carry.
pub(crate) fn reads_brackets(spec: &Spec<'_>) -> bool {
    spec.style == Style::DeepObject || !is_flat(spec.schema)
}

/// How the pieces of a value are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decoding {
    /// Taken as they are (headers, and pieces already decoded).
    Verbatim,
    /// Percent-decoded (path segments, cookies, query values with `allowReserved`).
    Percent,
    /// Percent-decoded, `+` is a space (query strings and form bodies).
    Form,
}

/// Percent-decodes `raw`; `+` is a space when `plus_is_space`. The message never quotes the input.
pub(crate) fn percent_decode(raw: &str, plus_is_space: bool) -> Result<Cow<'_, str>, String> {
    let replaced: Cow<'_, str> = if plus_is_space && raw.contains('+') {
        Cow::Owned(raw.replace('+', " "))
    } else {
        Cow::Borrowed(raw)
    };
    if !replaced.contains('%') {
        return Ok(replaced);
    }
    let decoded = percent_encoding::percent_decode_str(&replaced)
        .decode_utf8()
        .map_err(|_| "is not valid UTF-8 once percent-decoded".to_owned())?;
    Ok(Cow::Owned(decoded.into_owned()))
}

/// Decodes `raw` as `decoding` says.
pub(crate) fn decode(raw: &str, decoding: Decoding) -> Result<Cow<'_, str>, String> {
    match decoding {
        Decoding::Verbatim => Ok(Cow::Borrowed(raw)),
        Decoding::Percent => percent_decode(raw, false),
        Decoding::Form => percent_decode(raw, true),
    }
}

/// A key/value pair of a query string, a `Cookie` header or a form body: the key decoded, the
/// value still encoded (it is split before it is decoded).
#[derive(Debug, Clone)]
pub(crate) struct Pair<'a> {
    /// The decoded key.
    pub key: Cow<'a, str>,
    /// The raw value.
    pub value: &'a str,
}

/// The pairs of a query string or form body (`a=1&b=2`). A key that is not valid UTF-8 once
/// decoded names no parameter and is dropped.
pub(crate) fn form_pairs(text: &str) -> Vec<Pair<'_>> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some(Pair {
                key: percent_decode(key, true).ok()?,
                value,
            })
        })
        .collect()
}

/// The pairs of `Cookie` header values (`a=1; b="2"`). Quotes around a value are removed.
pub(crate) fn cookie_pairs<'a>(headers: impl IntoIterator<Item = &'a str>) -> Vec<Pair<'a>> {
    let mut pairs = Vec::new();
    for header in headers {
        for item in header.split(';') {
            let Some((name, value)) = item.trim().split_once('=') else {
                continue;
            };
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            pairs.push(Pair {
                key: Cow::Borrowed(name.trim()),
                value,
            });
        }
    }
    pairs
}

/// What is being read: a parameter, or a property of a form body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec<'a> {
    /// The name (of the parameter or property).
    pub name: &'a str,
    /// The style.
    pub style: Style,
    /// Whether arrays and objects are spread over several values.
    pub explode: bool,
    /// The schema, which gives the shape and the scalar types.
    pub schema: &'static Schema,
}

/// Where errors go, under which pointer.
pub(crate) struct Sink<'e> {
    /// The pointer of the value being read (`/query/ids`).
    pub pointer: &'e str,
    /// The errors of the request.
    pub errors: &'e mut Vec<FieldError>,
}

impl Sink<'_> {
    fn error(&mut self, message: impl Into<String>) -> Read {
        self.errors.push(FieldError::new(self.pointer, message));
        Read::Invalid
    }

    fn error_at(&mut self, token: &str, message: impl Into<String>) {
        let mut pointer = self.pointer.to_owned();
        schema::push_token(&mut pointer, token);
        self.errors.push(FieldError::new(pointer, message));
    }
}

/// Reads a path parameter from its raw (still percent-encoded) segment.
pub(crate) fn path(spec: Spec<'_>, raw: &str, sink: &mut Sink<'_>) -> Read {
    if !is_flat(spec.schema) {
        return path_text(spec, raw, sink);
    }
    match spec.style {
        Style::Label => {
            let Some(rest) = raw.strip_prefix('.') else {
                return sink.error("expected a value starting with `.` (label style)");
            };
            let separator = if spec.explode { '.' } else { ',' };
            delimited(spec, rest, separator, Decoding::Percent, sink)
        }
        Style::Matrix => matrix(spec, raw, sink),
        _ => delimited(spec, raw, ',', Decoding::Percent, sink),
    }
}

/// A path parameter whose shape its style cannot carry: the value after the style's prefix
/// (`.`, `;name=`), percent-decoded, read as JSON text or text.
fn path_text(spec: Spec<'_>, raw: &str, sink: &mut Sink<'_>) -> Read {
    let value = match spec.style {
        Style::Label => match raw.strip_prefix('.') {
            Some(rest) => rest,
            None => return sink.error("expected a value starting with `.` (label style)"),
        },
        Style::Matrix => {
            let named = raw.strip_prefix(';').and_then(|rest| {
                let (key, value) = rest.split_once('=').unwrap_or((rest, ""));
                let key = percent_decode(key, false).ok()?;
                (key == spec.name).then_some(value)
            });
            match named {
                Some(value) => value,
                None => return sink.error(format!("expected `;{}=...`", spec.name)),
            }
        }
        _ => raw,
    };
    match percent_decode(value, false) {
        Ok(text) => brackets::text(spec.schema, &text, sink),
        Err(message) => sink.error(message),
    }
}

fn matrix(spec: Spec<'_>, raw: &str, sink: &mut Sink<'_>) -> Read {
    let Some(rest) = raw.strip_prefix(';') else {
        return sink.error("expected a value starting with `;` (matrix style)");
    };
    let mut segments = Vec::new();
    for segment in rest.split(';') {
        let (key, value) = segment.split_once('=').unwrap_or((segment, ""));
        match percent_decode(key, false) {
            Ok(key) => segments.push((key, value)),
            Err(message) => return sink.error(message),
        }
    }
    let named = |key: &str| key == spec.name;
    match (shape(spec.schema), spec.explode) {
        (Shape::Array(items), true) => {
            if !segments.iter().all(|(key, _)| named(key)) {
                return sink.error(format!("expected `;{}=...` segments", spec.name));
            }
            let values: Vec<&str> = segments.iter().map(|(_, v)| *v).collect();
            array(items, &values, Decoding::Percent, sink)
        }
        (Shape::Object(object), true) => {
            let mut pairs: Vec<(Cow<'_, str>, Vec<&str>)> = Vec::new();
            for (key, value) in segments {
                push_pair(&mut pairs, key, value);
            }
            build_object(&object, pairs, Decoding::Percent, sink)
        }
        _ => match segments.as_slice() {
            [(key, value)] if named(key) => {
                let explode = false;
                delimited(
                    Spec { explode, ..spec },
                    value,
                    ',',
                    Decoding::Percent,
                    sink,
                )
            }
            _ => sink.error(format!("expected `;{}=...`", spec.name)),
        },
    }
}

/// Reads a header parameter (simple style) from every field line of the header.
pub(crate) fn header(spec: Spec<'_>, lines: &[&str], sink: &mut Sink<'_>) -> Read {
    if lines.is_empty() {
        return Read::Absent;
    }
    let joined = lines
        .iter()
        .map(|line| line.trim())
        .collect::<Vec<_>>()
        .join(", ");
    if !is_flat(spec.schema) {
        return brackets::text(spec.schema, &joined, sink);
    }
    match shape(spec.schema) {
        Shape::Scalar(schema) => scalar(schema, &joined, Decoding::Verbatim, sink),
        Shape::Array(items) => {
            let values: Vec<&str> = list(&joined, ',').map(str::trim).collect();
            array(items, &values, Decoding::Verbatim, sink)
        }
        Shape::Object(object) => {
            let pieces: Vec<&str> = list(&joined, ',').map(str::trim).collect();
            object_from_pieces(&object, &pieces, spec.explode, Decoding::Verbatim, sink)
        }
    }
}

/// The pieces of `text` split at `separator`; none for an empty text.
fn list(text: &str, separator: char) -> impl Iterator<Item = &str> {
    let pieces = if text.is_empty() {
        None
    } else {
        Some(text.split(separator))
    };
    pieces.into_iter().flatten()
}

/// Reads `text` (the value after any prefix) as one value of `spec`'s shape: a scalar whole,
/// an array split at `separator`, an object as `k,v,k,v` or (exploded) `k=v` pieces split at
/// `separator`.
fn delimited(
    spec: Spec<'_>,
    text: &str,
    separator: char,
    decoding: Decoding,
    sink: &mut Sink<'_>,
) -> Read {
    match shape(spec.schema) {
        Shape::Scalar(schema) => scalar(schema, text, decoding, sink),
        Shape::Array(items) => {
            let values: Vec<&str> = list(text, separator).collect();
            array(items, &values, decoding, sink)
        }
        Shape::Object(object) => {
            let separator = if spec.explode { separator } else { ',' };
            let pieces: Vec<&str> = list(text, separator).collect();
            object_from_pieces(&object, &pieces, spec.explode, decoding, sink)
        }
    }
}

/// An object from `k=v` pieces (`exploded`) or alternating `k`, `v` pieces.
fn object_from_pieces(
    object: &ObjectShape,
    pieces: &[&str],
    exploded: bool,
    decoding: Decoding,
    sink: &mut Sink<'_>,
) -> Read {
    let mut pairs: Vec<(Cow<'_, str>, Vec<&str>)> = Vec::new();
    if exploded {
        for piece in pieces {
            let Some((key, value)) = piece.split_once('=') else {
                return sink.error("expected `name=value` pairs");
            };
            match decode(key, decoding) {
                Ok(key) => push_pair(&mut pairs, key, value),
                Err(message) => return sink.error(message),
            }
        }
    } else {
        if pieces.len() % 2 != 0 {
            return sink.error("expected alternating names and values");
        }
        for chunk in pieces.chunks(2) {
            match decode(chunk[0], decoding) {
                Ok(key) => push_pair(&mut pairs, key, chunk[1]),
                Err(message) => return sink.error(message),
            }
        }
    }
    build_object(object, pairs, decoding, sink)
}

fn push_pair<'a>(pairs: &mut Vec<(Cow<'a, str>, Vec<&'a str>)>, key: Cow<'a, str>, value: &'a str) {
    match pairs.iter_mut().find(|(k, _)| *k == key) {
        Some((_, values)) => values.push(value),
        None => pairs.push((key, vec![value])),
    }
}

/// How repeated pairs of a scalar are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repeats {
    /// Rejected (query strings and form bodies).
    Reject,
    /// The first one counts (cookies, which browsers may send twice for different paths).
    First,
}

/// Reads a value from pairs: a query string, cookies or a form body.
///
/// `claimed` tells whether a key belongs to another parameter; it matters only for an exploded
/// `form` map, which takes every key nobody else claims. With `allow_empty`, a value that is
/// empty everywhere it appears counts as absent.
pub(crate) fn pairs(
    spec: Spec<'_>,
    pairs: &[Pair<'_>],
    claimed: &dyn Fn(&str) -> bool,
    decoding: Decoding,
    repeats: Repeats,
    allow_empty: bool,
    sink: &mut Sink<'_>,
) -> Read {
    let named: Vec<&str> = pairs
        .iter()
        .filter(|p| p.key == spec.name)
        .map(|p| p.value)
        .collect();
    let empty = |values: &[&str]| allow_empty && values.iter().all(|v| v.is_empty());
    let kind = shape(spec.schema);
    let exploded = spec.explode
        && matches!(
            spec.style,
            Style::Form | Style::SpaceDelimited | Style::PipeDelimited
        );
    if reads_brackets(&spec) {
        let options = Options {
            decoding,
            delimiter: match spec.style {
                _ if exploded => None,
                Style::Form => Some(','),
                Style::SpaceDelimited => Some(' '),
                Style::PipeDelimited => Some('|'),
                _ => None,
            },
            allow_empty,
        };
        return match kind {
            Shape::Object(object) if exploded => {
                brackets::exploded(&object, pairs, claimed, options, sink)
            }
            _ => brackets::read(spec.name, spec.schema, pairs, options, sink),
        };
    }
    match kind {
        Shape::Scalar(schema) => match one(&named, repeats, sink) {
            Err(read) => read,
            Ok(None) => Read::Absent,
            Ok(Some(value)) if empty(&[value]) => Read::Absent,
            Ok(Some(value)) => scalar(schema, value, decoding, sink),
        },
        Shape::Array(items) if exploded => {
            if named.is_empty() || empty(&named) {
                return Read::Absent;
            }
            array(items, &named, decoding, sink)
        }
        Shape::Object(object) if exploded => {
            let mut found: Vec<(Cow<'_, str>, Vec<&str>)> = Vec::new();
            for pair in pairs {
                let wanted = if object.properties.iter().any(|p| p.name == pair.key) {
                    true
                } else {
                    object.is_map() && !claimed(&pair.key)
                };
                if wanted {
                    push_pair(&mut found, pair.key.clone(), pair.value);
                }
            }
            if found.is_empty() || found.iter().all(|(_, values)| empty(values)) {
                return Read::Absent;
            }
            build_object(&object, found, decoding, sink)
        }
        Shape::Array(_) | Shape::Object(_) => {
            let value = match one(&named, repeats, sink) {
                Err(read) => return read,
                Ok(None) => return Read::Absent,
                Ok(Some(value)) if empty(&[value]) => return Read::Absent,
                Ok(Some(value)) => value,
            };
            let separator = match spec.style {
                Style::SpaceDelimited => ' ',
                Style::PipeDelimited => '|',
                _ => ',',
            };
            if separator == ',' {
                let spec = Spec {
                    explode: false,
                    ..spec
                };
                return delimited(spec, value, ',', decoding, sink);
            }
            // The delimiter itself travels percent-encoded (`%20`, `%7C`): decode, then split.
            let decoded = match decode(value, decoding) {
                Ok(decoded) => decoded,
                Err(message) => return sink.error(message),
            };
            let spec = Spec {
                explode: false,
                ..spec
            };
            match shape(spec.schema) {
                Shape::Object(object) => {
                    let pieces: Vec<&str> = list(&decoded, separator).collect();
                    object_from_pieces(&object, &pieces, false, Decoding::Verbatim, sink)
                }
                _ => delimited(spec, &decoded, separator, Decoding::Verbatim, sink),
            }
        }
    }
}

/// The one value of a scalar (or non-exploded) parameter among `named`.
fn one<'a>(
    named: &[&'a str],
    repeats: Repeats,
    sink: &mut Sink<'_>,
) -> Result<Option<&'a str>, Read> {
    match named {
        [] => Ok(None),
        [value] => Ok(Some(*value)),
        [first, ..] if repeats == Repeats::First => Ok(Some(*first)),
        _ => Err(sink.error("is given more than once")),
    }
}

/// One scalar from its raw text.
fn scalar(schema: &'static Schema, raw: &str, decoding: Decoding, sink: &mut Sink<'_>) -> Read {
    let text = match decode(raw, decoding) {
        Ok(text) => text,
        Err(message) => return sink.error(message),
    };
    match schema::coerce(schema, &text) {
        Ok(value) => Read::Value(value),
        Err(message) => sink.error(message),
    }
}

/// An array from the raw text of its items; each bad item is reported at its index.
fn array(items: &'static Schema, raws: &[&str], decoding: Decoding, sink: &mut Sink<'_>) -> Read {
    let mut values = Vec::with_capacity(raws.len());
    let mut failed = false;
    for (index, raw) in raws.iter().enumerate() {
        let coerced = decode(raw, decoding).and_then(|text| schema::coerce(items, &text));
        match coerced {
            Ok(value) => values.push(value),
            Err(message) => {
                sink.error_at(&index.to_string(), message);
                failed = true;
            }
        }
    }
    if failed {
        Read::Invalid
    } else {
        Read::Value(Value::Array(values))
    }
}

/// An object from its properties' raw values: each coerced to the property's schema. Undeclared
/// properties are typed by `additionalProperties`, reported when it is `false`, dropped
/// otherwise.
fn build_object(
    object: &ObjectShape,
    pairs: Vec<(Cow<'_, str>, Vec<&str>)>,
    decoding: Decoding,
    sink: &mut Sink<'_>,
) -> Read {
    let mut map = Map::new();
    let mut failed = false;
    for (key, raws) in pairs {
        let Some(schema) = object.property(&key) else {
            if let Additional::Deny = object.additional {
                sink.error_at(&key, "is not an allowed property");
                failed = true;
            }
            continue;
        };
        let mut pointer = sink.pointer.to_owned();
        schema::push_token(&mut pointer, &key);
        let mut inner = Sink {
            pointer: &pointer,
            errors: &mut *sink.errors,
        };
        let read = match shape(schema) {
            Shape::Array(items) => array(items, &raws, decoding, &mut inner),
            Shape::Scalar(schema) => match raws.as_slice() {
                [raw] => scalar(schema, raw, decoding, &mut inner),
                _ => inner.error("is given more than once"),
            },
            // Flat objects have flat properties; a nested one is read in bracket notation.
            Shape::Object(_) => inner.error("expected a single value"),
        };
        match read {
            Read::Value(value) => {
                map.insert(key.into_owned(), value);
            }
            Read::Absent => {}
            Read::Invalid => failed = true,
        }
    }
    if failed {
        Read::Invalid
    } else {
        Read::Value(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::{ObjectRules, INTEGER as INT, STRING as STR};

    static INTS: Schema = Schema::array(&INT);
    static STRS: Schema = Schema::array(&STR);
    static RGB: Schema = Schema::Object(ObjectRules {
        properties: &[
            Property {
                name: "R",
                schema: &INT,
                required: false,
            },
            Property {
                name: "G",
                schema: &INT,
                required: false,
            },
            Property {
                name: "B",
                schema: &INT,
                required: false,
            },
        ],
        additional: Additional::Deny,
        min_properties: None,
        max_properties: None,
    });
    static MAP: Schema = Schema::Object(ObjectRules {
        properties: &[],
        additional: Additional::Schema(&INT),
        min_properties: None,
        max_properties: None,
    });

    fn spec(style: Style, explode: bool, schema: &'static Schema) -> Spec<'static> {
        Spec {
            name: "color",
            style,
            explode,
            schema,
        }
    }

    type Outcome = (Read, Vec<(String, String)>);

    fn run(f: impl FnOnce(&mut Sink<'_>) -> Read) -> Outcome {
        let mut errors = Vec::new();
        let read = f(&mut Sink {
            pointer: "/p/color",
            errors: &mut errors,
        });
        let errors = errors.into_iter().map(|e| (e.pointer, e.message)).collect();
        (read, errors)
    }

    fn ok(value: Value) -> Outcome {
        (Read::Value(value), Vec::new())
    }

    fn path_(style: Style, explode: bool, schema: &'static Schema, raw: &str) -> Outcome {
        run(|sink| path(spec(style, explode, schema), raw, sink))
    }

    fn query(style: Style, explode: bool, schema: &'static Schema, text: &'static str) -> Outcome {
        let pairs = form_pairs(text);
        run(|sink| {
            let claimed = |key: &str| key == "other";
            pairs_read(style, explode, schema, &pairs, &claimed, sink)
        })
    }

    fn pairs_read(
        style: Style,
        explode: bool,
        schema: &'static Schema,
        list: &[Pair<'_>],
        claimed: &dyn Fn(&str) -> bool,
        sink: &mut Sink<'_>,
    ) -> Read {
        pairs(
            spec(style, explode, schema),
            list,
            claimed,
            Decoding::Form,
            Repeats::Reject,
            false,
            sink,
        )
    }

    #[test]
    fn simple_path() {
        assert_eq!(path_(Style::Simple, false, &STR, "blue"), ok(json!("blue")));
        assert_eq!(path_(Style::Simple, false, &STR, "a%2Cb"), ok(json!("a,b")));
        assert_eq!(
            path_(Style::Simple, false, &INTS, "1,2,3"),
            ok(json!([1, 2, 3]))
        );
        assert_eq!(
            path_(Style::Simple, false, &STRS, "a%2Cb,c"),
            ok(json!(["a,b", "c"]))
        );
        assert_eq!(
            path_(Style::Simple, false, &RGB, "R,100,G,200"),
            ok(json!({"R": 100, "G": 200}))
        );
        assert_eq!(
            path_(Style::Simple, true, &RGB, "R=100,G=200,B=150"),
            ok(json!({"R": 100, "G": 200, "B": 150}))
        );
        assert_eq!(
            path_(Style::Simple, false, &INTS, "1,x,3,y"),
            (
                Read::Invalid,
                vec![
                    ("/p/color/1".to_owned(), "expected an integer".to_owned()),
                    ("/p/color/3".to_owned(), "expected an integer".to_owned())
                ]
            )
        );
        assert_eq!(
            path_(Style::Simple, false, &RGB, "R,100,G"),
            (
                Read::Invalid,
                vec![(
                    "/p/color".to_owned(),
                    "expected alternating names and values".to_owned()
                )]
            )
        );
        assert_eq!(
            path_(Style::Simple, true, &RGB, "R=1,X=2").1,
            vec![(
                "/p/color/X".to_owned(),
                "is not an allowed property".to_owned()
            )]
        );
    }

    #[test]
    fn label_path() {
        assert_eq!(path_(Style::Label, false, &STR, ".blue"), ok(json!("blue")));
        assert_eq!(path_(Style::Label, false, &STR, "."), ok(json!("")));
        assert_eq!(
            path_(Style::Label, false, &INTS, ".1,2,3"),
            ok(json!([1, 2, 3]))
        );
        assert_eq!(
            path_(Style::Label, true, &INTS, ".1.2.3"),
            ok(json!([1, 2, 3]))
        );
        assert_eq!(path_(Style::Label, true, &INTS, "."), ok(json!([])));
        assert_eq!(
            path_(Style::Label, false, &RGB, ".R,100,G,200"),
            ok(json!({"R": 100, "G": 200}))
        );
        assert_eq!(
            path_(Style::Label, true, &RGB, ".R=100.G=200"),
            ok(json!({"R": 100, "G": 200}))
        );
        assert_eq!(path_(Style::Label, false, &STR, "blue").0, Read::Invalid);
    }

    #[test]
    fn matrix_path() {
        assert_eq!(
            path_(Style::Matrix, false, &STR, ";color=blue"),
            ok(json!("blue"))
        );
        assert_eq!(path_(Style::Matrix, false, &STR, ";color"), ok(json!("")));
        assert_eq!(
            path_(Style::Matrix, false, &INTS, ";color=1,2"),
            ok(json!([1, 2]))
        );
        assert_eq!(
            path_(Style::Matrix, true, &INTS, ";color=1;color=2"),
            ok(json!([1, 2]))
        );
        assert_eq!(
            path_(Style::Matrix, false, &RGB, ";color=R,1,G,2"),
            ok(json!({"R": 1, "G": 2}))
        );
        assert_eq!(
            path_(Style::Matrix, true, &RGB, ";R=1;G=2"),
            ok(json!({"R": 1, "G": 2}))
        );
        assert_eq!(
            path_(Style::Matrix, false, &STR, ";colour=blue").1,
            vec![("/p/color".to_owned(), "expected `;color=...`".to_owned())]
        );
        assert_eq!(
            path_(Style::Matrix, true, &INTS, ";color=1;x=2").0,
            Read::Invalid
        );
        assert_eq!(path_(Style::Matrix, false, &STR, "blue").0, Read::Invalid);
    }

    #[test]
    fn headers() {
        let read = |schema, explode, lines: &[&str]| {
            run(|sink| header(spec(Style::Simple, explode, schema), lines, sink))
        };
        assert_eq!(read(&STR, false, &[]), (Read::Absent, Vec::new()));
        assert_eq!(read(&STR, false, &["a, b"]), ok(json!("a, b")));
        assert_eq!(read(&INTS, false, &["1, 2", "3"]), ok(json!([1, 2, 3])));
        assert_eq!(read(&INTS, false, &[""]), ok(json!([])));
        assert_eq!(
            read(&RGB, false, &["R, 1, G, 2"]),
            ok(json!({"R": 1, "G": 2}))
        );
        assert_eq!(read(&RGB, true, &["R=1, G=2"]), ok(json!({"R": 1, "G": 2})));
        // Header values are not percent-decoded.
        assert_eq!(read(&STR, false, &["a%20b"]), ok(json!("a%20b")));
    }

    #[test]
    fn form_query() {
        assert_eq!(
            query(Style::Form, true, &STR, "color=blue"),
            ok(json!("blue"))
        );
        assert_eq!(
            query(Style::Form, true, &STR, "color=a+b%2B"),
            ok(json!("a b+"))
        );
        assert_eq!(
            query(Style::Form, true, &STR, "x=1"),
            (Read::Absent, Vec::new())
        );
        assert_eq!(
            query(Style::Form, true, &STR, "color=a&color=b").1,
            vec![("/p/color".to_owned(), "is given more than once".to_owned())]
        );
        assert_eq!(
            query(Style::Form, true, &INTS, "color=1&x=0&color=2"),
            ok(json!([1, 2]))
        );
        assert_eq!(
            query(Style::Form, false, &INTS, "color=1,2"),
            ok(json!([1, 2]))
        );
        assert_eq!(
            query(Style::Form, false, &STRS, "color=a%2Cb,c"),
            ok(json!(["a,b", "c"]))
        );
        assert_eq!(query(Style::Form, false, &INTS, "color="), ok(json!([])));
        assert_eq!(
            query(Style::Form, true, &RGB, "R=1&G=2&other=3"),
            ok(json!({"R": 1, "G": 2}))
        );
        assert_eq!(
            query(Style::Form, false, &RGB, "color=R,1,B,3"),
            ok(json!({"R": 1, "B": 3}))
        );
        // An exploded map takes every key no other parameter claims.
        assert_eq!(
            query(Style::Form, true, &MAP, "a=1&other=2&b=3"),
            ok(json!({"a": 1, "b": 3}))
        );
        assert_eq!(
            query(Style::Form, true, &MAP, "a=x").1,
            vec![("/p/color/a".to_owned(), "expected an integer".to_owned())]
        );
    }

    #[test]
    fn delimited_query() {
        assert_eq!(
            query(Style::SpaceDelimited, false, &INTS, "color=1%202+3"),
            ok(json!([1, 2, 3]))
        );
        assert_eq!(
            query(Style::PipeDelimited, false, &INTS, "color=1|2%7C3"),
            ok(json!([1, 2, 3]))
        );
        assert_eq!(
            query(Style::PipeDelimited, false, &RGB, "color=R|1|G|2"),
            ok(json!({"R": 1, "G": 2}))
        );
        assert_eq!(
            query(Style::SpaceDelimited, false, &RGB, "color=R%201%20G%202"),
            ok(json!({"R": 1, "G": 2}))
        );
        assert_eq!(
            query(Style::PipeDelimited, false, &INTS, "color=1|x").1,
            vec![("/p/color/1".to_owned(), "expected an integer".to_owned())]
        );
    }

    #[test]
    fn deep_objects() {
        assert_eq!(
            query(
                Style::DeepObject,
                true,
                &RGB,
                "color[R]=1&color%5BG%5D=2&x=3"
            ),
            ok(json!({"R": 1, "G": 2}))
        );
        assert_eq!(
            query(Style::DeepObject, true, &RGB, "x=3"),
            (Read::Absent, Vec::new())
        );
        assert_eq!(
            query(Style::DeepObject, true, &RGB, "color[R]=x&color[Q]=1").1,
            vec![
                ("/p/color/R".to_owned(), "expected an integer".to_owned()),
                (
                    "/p/color/Q".to_owned(),
                    "is not an allowed property".to_owned()
                )
            ]
        );
        assert_eq!(
            query(Style::DeepObject, true, &RGB, "color[R][x]=1").0,
            Read::Invalid
        );
        assert_eq!(
            query(Style::DeepObject, true, &MAP, "color[a]=1&color[b]=2"),
            ok(json!({"a": 1, "b": 2}))
        );
    }

    #[test]
    fn empty_values() {
        let pairs = form_pairs("color=");
        let read = |allow_empty| {
            run(|sink| {
                self::pairs(
                    spec(Style::Form, true, &INT),
                    &pairs,
                    &|_| false,
                    Decoding::Form,
                    Repeats::Reject,
                    allow_empty,
                    sink,
                )
            })
        };
        assert_eq!(read(true), (Read::Absent, Vec::new()));
        assert_eq!(read(false).0, Read::Invalid);
    }

    #[test]
    fn cookies() {
        let pairs = cookie_pairs(["a=1; color=\"blue\"", "color=red; b"]);
        let read = |repeats| {
            run(|sink| {
                self::pairs(
                    spec(Style::Form, true, &STR),
                    &pairs,
                    &|_| false,
                    Decoding::Percent,
                    repeats,
                    false,
                    sink,
                )
            })
        };
        assert_eq!(read(Repeats::First), ok(json!("blue")));
        assert_eq!(read(Repeats::Reject).0, Read::Invalid);
    }

    #[test]
    fn invalid_utf8_is_reported_without_the_input() {
        assert_eq!(
            path_(Style::Simple, false, &STR, "%FF"),
            (
                Read::Invalid,
                vec![(
                    "/p/color".to_owned(),
                    "is not valid UTF-8 once percent-decoded".to_owned()
                )]
            )
        );
    }
}
