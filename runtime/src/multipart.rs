//! `multipart/form-data` bodies (RFC 7578): a parser over the buffered body, the [`FilePart`]
//! type that file properties become, and the [`Fields`] that generated code reads a body with
//! files from.
//!
//! The parser is synchronous and bounded: the body is already in memory (and within the body
//! limit), each part's header block is at most [`MAX_HEADER_BYTES`], and a body has at most
//! [`MAX_PARTS`] parts. Part contents are slices of the body, not copies.

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::descriptor::MediaType;
use crate::media;
use crate::problem::FieldError;
use crate::schema::{self, Additional, Schema};
use crate::style::{self, ObjectShape, Read, Shape};

/// The largest header block of one part, in bytes.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;

/// The most parts one body may have.
pub const MAX_PARTS: usize = 1000;

/// A file sent as one part of a `multipart/form-data` body: the type of every `format: binary`
/// property of a multipart request body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    /// The `filename` of the part's `Content-Disposition`, if the client sent one.
    pub file_name: Option<String>,
    /// The part's `Content-Type`, if the client sent one.
    pub content_type: Option<String>,
    /// The content.
    pub bytes: Bytes,
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// The `filename`, if any.
    pub file_name: Option<String>,
    /// The `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The content, a slice of the body.
    pub data: Bytes,
}

impl Part {
    fn into_file(self) -> FilePart {
        FilePart {
            file_name: self.file_name,
            content_type: self.content_type,
            bytes: self.data,
        }
    }
}

/// Whether `boundary` is a valid RFC 2046 boundary: 1 to 70 characters from the allowed set, not
/// ending with a space.
fn valid_boundary(boundary: &str) -> bool {
    (1..=70).contains(&boundary.len())
        && !boundary.ends_with(' ')
        && boundary
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"'()+_,-./:=? ".contains(&b))
}

/// The first position of `needle` in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut at = from;
    while at + needle.len() <= haystack.len() {
        let offset = haystack[at..].iter().position(|&b| b == first)?;
        at += offset;
        if haystack.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// Splits a `multipart/form-data` body into its parts. The message of an error describes the
/// problem without quoting the body.
pub(crate) fn parse(body: &Bytes, boundary: &str) -> Result<Vec<Part>, String> {
    if !valid_boundary(boundary) {
        return Err("the multipart boundary in `Content-Type` is not valid".to_owned());
    }
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\r\n--{boundary}");
    let bytes = body.as_ref();
    // The first delimiter opens the body, or follows a preamble and a line break.
    let mut at = if bytes.starts_with(delimiter.as_bytes()) {
        delimiter.len()
    } else {
        match find(bytes, next_delimiter.as_bytes(), 0) {
            Some(found) => found + next_delimiter.len(),
            None => return Err("the body does not contain the multipart boundary".to_owned()),
        }
    };
    let mut parts = Vec::new();
    loop {
        let rest = &bytes[at..];
        if rest.starts_with(b"--") {
            // The close delimiter; what follows is an epilogue, ignored.
            return Ok(parts);
        }
        // Transport padding, then a line break.
        let padding = rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if rest[padding..].is_empty() {
            return Err("the multipart body ends without its final boundary".to_owned());
        }
        if !rest[padding..].starts_with(b"\r\n") {
            return Err("a multipart boundary line is malformed".to_owned());
        }
        at += padding + 2;
        if parts.len() == MAX_PARTS {
            return Err(format!(
                "the multipart body has more than {MAX_PARTS} parts"
            ));
        }
        let (headers, content_start) = if bytes[at..].starts_with(b"\r\n") {
            (&bytes[at..at], at + 2)
        } else {
            let window = &bytes[at..bytes.len().min(at + MAX_HEADER_BYTES + 4)];
            match find(window, b"\r\n\r\n", 0) {
                Some(end) => (&bytes[at..at + end], at + end + 4),
                None if window.len() > MAX_HEADER_BYTES => {
                    return Err(format!(
                        "the headers of a multipart part are larger than {MAX_HEADER_BYTES} bytes"
                    ))
                }
                None => return Err("a multipart part is truncated in its headers".to_owned()),
            }
        };
        let Some(content_end) = find(bytes, next_delimiter.as_bytes(), content_start) else {
            return Err("the multipart body ends without its final boundary".to_owned());
        };
        let mut part = part_headers(headers)?;
        part.data = body.slice(content_start..content_end);
        parts.push(part);
        at = content_end + next_delimiter.len();
    }
}

/// Reads a part's header block.
fn part_headers(block: &[u8]) -> Result<Part, String> {
    let text = std::str::from_utf8(block)
        .map_err(|_| "the headers of a multipart part are not valid UTF-8".to_owned())?;
    let mut disposition = None;
    let mut content_type = None;
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err("a multipart part has a malformed header".to_owned());
        };
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err("a multipart part has a malformed header".to_owned());
        }
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-disposition") {
            disposition = Some(value);
        } else if name.eq_ignore_ascii_case("content-type") {
            content_type = Some(value.to_owned());
        }
    }
    let Some(disposition) = disposition else {
        return Err("a multipart part has no `Content-Disposition`".to_owned());
    };
    let (kind, parameters) = disposition.split_once(';').unwrap_or((disposition, ""));
    if !kind.trim().eq_ignore_ascii_case("form-data") {
        return Err("a multipart part is not `form-data`".to_owned());
    }
    let parameters = disposition_parameters(parameters)?;
    let find = |key: &str| {
        parameters
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
    };
    let Some(name) = find("name") else {
        return Err("a multipart part has no name".to_owned());
    };
    let file_name = find("filename*")
        .and_then(|extended| extended_value(&extended))
        .or_else(|| find("filename"));
    Ok(Part {
        name,
        file_name,
        content_type,
        data: Bytes::new(),
    })
}

/// The `key=value` parameters of a `Content-Disposition`, values unquoted.
fn disposition_parameters(mut text: &str) -> Result<Vec<(String, String)>, String> {
    let malformed = || "a multipart part has a malformed `Content-Disposition`".to_owned();
    let mut parameters = Vec::new();
    loop {
        text = text.trim_start_matches([' ', '\t', ';']);
        if text.is_empty() {
            return Ok(parameters);
        }
        let (key, rest) = text.split_once('=').ok_or_else(malformed)?;
        let rest = rest.trim_start();
        let (value, rest) = if let Some(quoted) = rest.strip_prefix('"') {
            let (value, end) = media::unquote(quoted).ok_or_else(malformed)?;
            (value.into_owned(), &quoted[end..])
        } else {
            let end = rest.find(';').unwrap_or(rest.len());
            (rest[..end].trim().to_owned(), &rest[end..])
        };
        parameters.push((key.trim().to_owned(), value));
        text = rest;
    }
}

/// An RFC 8187 extended value (`UTF-8''%e2%82%ac.txt`), decoded; `None` when malformed or not
/// UTF-8.
fn extended_value(text: &str) -> Option<String> {
    let mut pieces = text.splitn(3, '\'');
    let charset = pieces.next()?;
    let _language = pieces.next()?;
    let encoded = pieces.next()?;
    if !charset.eq_ignore_ascii_case("utf-8") {
        return None;
    }
    style::percent_decode(encoded, false)
        .ok()
        .map(|s| s.into_owned())
}

/// Whether the parts of a property are JSON text: the encoding says so, or (without an encoding)
/// a part says so or the property is an object or an array of objects.
fn is_json(schema: &'static Schema, encoding: Option<&str>, parts: &[&Part]) -> bool {
    match encoding {
        Some(content_type) => content_type.split(',').any(media::is_json),
        None => {
            let structured = match style::shape(schema) {
                Shape::Object(_) => true,
                Shape::Array(items) => matches!(style::shape(items), Shape::Object(_)),
                Shape::Scalar(_) => false,
            };
            structured
                || parts
                    .iter()
                    .any(|p| p.content_type.as_deref().is_some_and(media::is_json))
        }
    }
}

/// The JSON value of a property from its parts: text coerced to the schema's scalar types, or
/// JSON text parsed; an array takes one item per part.
fn property_value(
    schema: &'static Schema,
    encoding: Option<&str>,
    parts: &[&Part],
    pointer: &str,
    errors: &mut Vec<FieldError>,
) -> Read {
    if parts.is_empty() {
        return Read::Absent;
    }
    let json = is_json(schema, encoding, parts);
    let one = |part: &Part, schema: &'static Schema, at: &str, errors: &mut Vec<FieldError>| {
        let Ok(text) = std::str::from_utf8(&part.data) else {
            errors.push(FieldError::new(at, "is not valid UTF-8 text"));
            return None;
        };
        if json {
            match serde_json::from_str::<Value>(text) {
                Ok(value) => Some(value),
                Err(_) => {
                    errors.push(FieldError::new(at, "is not valid JSON"));
                    None
                }
            }
        } else {
            match schema::coerce(schema, text) {
                Ok(value) => Some(value),
                Err(message) => {
                    errors.push(FieldError::new(at, message));
                    None
                }
            }
        }
    };
    match style::shape(schema) {
        Shape::Array(items) => {
            if let [single] = parts {
                if json && encoding.is_some() {
                    // An array sent whole as one JSON part.
                    return match one(single, schema, pointer, errors) {
                        Some(value @ Value::Array(_)) => Read::Value(value),
                        Some(value) => Read::Value(Value::Array(vec![value])),
                        None => Read::Invalid,
                    };
                }
            }
            let mut values = Vec::with_capacity(parts.len());
            for (index, part) in parts.iter().enumerate() {
                let mut at = pointer.to_owned();
                schema::push_token(&mut at, &index.to_string());
                match one(part, items, &at, errors) {
                    Some(value) => values.push(value),
                    None => return Read::Invalid,
                }
            }
            Read::Value(Value::Array(values))
        }
        _ => match parts {
            [part] => match one(part, schema, pointer, errors) {
                Some(value) => Read::Value(value),
                None => Read::Invalid,
            },
            _ => {
                errors.push(FieldError::new(pointer, "is given more than once"));
                Read::Invalid
            }
        },
    }
}

fn pointer_of(name: &str) -> String {
    let mut pointer = String::from("/body");
    schema::push_token(&mut pointer, name);
    pointer
}

/// Groups parts by name, in the order names first appear.
fn grouped(parts: &[Part]) -> Vec<(&str, Vec<&Part>)> {
    let mut groups: Vec<(&str, Vec<&Part>)> = Vec::new();
    for part in parts {
        match groups.iter_mut().find(|(name, _)| *name == part.name) {
            Some((_, list)) => list.push(part),
            None => groups.push((part.name.as_str(), vec![part])),
        }
    }
    groups
}

/// The JSON object of a multipart body without files: every part a property value. Also the
/// pointers of the properties that could not be read (their errors are recorded).
pub(crate) fn object(
    media: &'static MediaType,
    object: &ObjectShape,
    parts: &[Part],
    errors: &mut Vec<FieldError>,
) -> (Value, Vec<String>) {
    let mut map = Map::new();
    let mut failed = Vec::new();
    for (name, list) in grouped(parts) {
        let pointer = pointer_of(name);
        let Some(schema) = object.property(name) else {
            if let Additional::Deny = object.additional {
                errors.push(FieldError::new(&pointer, "is not an allowed property"));
                failed.push(pointer);
            }
            continue;
        };
        let encoding = media.encoding_of(name).and_then(|e| e.content_type);
        match property_value(schema, encoding, &list, &pointer, errors) {
            Read::Value(value) => {
                map.insert(name.to_owned(), value);
            }
            Read::Absent => {}
            Read::Invalid => failed.push(pointer),
        }
    }
    (Value::Object(map), failed)
}

/// A multipart body whose properties include files, read field by field by the generated
/// [`FromMultipart`] implementation of its type.
#[derive(Debug)]
pub struct Fields<'d> {
    media: &'static MediaType,
    object: ObjectShape,
    parts: Vec<Option<Part>>,
    read: Vec<String>,
    errors: &'d mut Vec<FieldError>,
}

/// A type read from a multipart body with files; implemented by generated code.
pub trait FromMultipart: Sized {
    /// Reads every field from `fields`. `None` when some field failed; the reasons are recorded.
    fn from_multipart(fields: &mut Fields<'_>) -> Option<Self>;
}

impl<'d> Fields<'d> {
    pub(crate) fn new(
        media: &'static MediaType,
        object: ObjectShape,
        parts: Vec<Part>,
        errors: &'d mut Vec<FieldError>,
    ) -> Self {
        Fields {
            media,
            object,
            parts: parts.into_iter().map(Some).collect(),
            read: Vec::new(),
            errors,
        }
    }

    /// Takes the parts named `name`.
    fn take(&mut self, name: &str) -> Vec<Part> {
        self.read.push(name.to_owned());
        self.parts
            .iter_mut()
            .filter(|slot| slot.as_ref().is_some_and(|p| p.name == name))
            .filter_map(Option::take)
            .collect()
    }

    fn schema_of(&mut self, name: &str, pointer: &str) -> Option<&'static Schema> {
        let schema = self.object.property(name);
        if schema.is_none() {
            self.errors
                .push(FieldError::new(pointer, "is not a declared property"));
        }
        schema
    }

    /// A required text or JSON field, validated against its property's schema.
    pub fn required<T: DeserializeOwned>(&mut self, name: &str) -> Option<T> {
        match self.optional(name) {
            Some(Some(value)) => Some(value),
            Some(None) => {
                self.errors
                    .push(FieldError::new(pointer_of(name), "is required"));
                None
            }
            None => None,
        }
    }

    /// An optional text or JSON field: `Some(None)` when absent, `None` when invalid.
    pub fn optional<T: DeserializeOwned>(&mut self, name: &str) -> Option<Option<T>> {
        let pointer = pointer_of(name);
        let schema = self.schema_of(name, &pointer)?;
        let parts = self.take(name);
        let refs: Vec<&Part> = parts.iter().collect();
        let encoding = self.media.encoding_of(name).and_then(|e| e.content_type);
        match property_value(schema, encoding, &refs, &pointer, self.errors) {
            Read::Absent => Some(None),
            Read::Invalid => None,
            Read::Value(value) => {
                crate::request::finish(schema, value, &pointer, self.errors).map(Some)
            }
        }
    }

    /// Checks a file's `Content-Type` against the property's `encoding.contentType`.
    fn check_type(&mut self, name: &str, part: &Part, pointer: &str) -> bool {
        let Some(allowed) = self.media.encoding_of(name).and_then(|e| e.content_type) else {
            return true;
        };
        let Some(sent) = part.content_type.as_deref() else {
            return true;
        };
        if allowed
            .split(',')
            .any(|range| media::matches(range.trim(), sent))
        {
            return true;
        }
        let list: Vec<&str> = allowed.split(',').map(str::trim).collect();
        self.errors.push(FieldError::new(
            pointer,
            format!("must be sent as {}", list.join(" or ")),
        ));
        false
    }

    /// A required file.
    pub fn file(&mut self, name: &str) -> Option<FilePart> {
        match self.optional_file(name) {
            Some(Some(file)) => Some(file),
            Some(None) => {
                self.errors
                    .push(FieldError::new(pointer_of(name), "is required"));
                None
            }
            None => None,
        }
    }

    /// An optional file: `Some(None)` when absent, `None` when invalid.
    pub fn optional_file(&mut self, name: &str) -> Option<Option<FilePart>> {
        let pointer = pointer_of(name);
        let mut parts = self.take(name);
        match parts.len() {
            0 => Some(None),
            1 => {
                let part = parts.pop()?;
                self.check_type(name, &part, &pointer)
                    .then(|| Some(part.into_file()))
            }
            _ => {
                self.errors
                    .push(FieldError::new(pointer, "is given more than once"));
                None
            }
        }
    }

    /// The files of an array property (none when absent and optional), within its item counts.
    pub fn files(&mut self, name: &str, required: bool) -> Option<Vec<FilePart>> {
        let pointer = pointer_of(name);
        let schema = self.schema_of(name, &pointer)?;
        let parts = self.take(name);
        if required && parts.is_empty() {
            self.errors.push(FieldError::new(pointer, "is required"));
            return None;
        }
        let mut ok = true;
        for (index, part) in parts.iter().enumerate() {
            let mut at = pointer.clone();
            schema::push_token(&mut at, &index.to_string());
            ok &= self.check_type(name, part, &at);
        }
        let rules = match schema {
            Schema::Nullable(Schema::Array(rules)) | Schema::Array(rules) => Some(rules),
            _ => None,
        };
        if let Some(rules) = rules {
            if rules.min_items.is_some_and(|min| parts.len() < min) {
                let min = rules.min_items.unwrap_or_default();
                self.errors.push(FieldError::new(
                    &pointer,
                    format!("must have at least {min} items"),
                ));
                ok = false;
            }
            if rules.max_items.is_some_and(|max| parts.len() > max) {
                let max = rules.max_items.unwrap_or_default();
                self.errors.push(FieldError::new(
                    &pointer,
                    format!("must have at most {max} items"),
                ));
                ok = false;
            }
        }
        ok.then(|| parts.into_iter().map(Part::into_file).collect())
    }

    /// Checks the parts no field took: undeclared ones are rejected under
    /// `additionalProperties: false`, and validated against the schema it gives otherwise.
    pub(crate) fn finish(self) {
        let leftover: Vec<Part> = self.parts.into_iter().flatten().collect();
        for (name, list) in grouped(&leftover) {
            if self.read.iter().any(|r| r == name) {
                continue;
            }
            let pointer = pointer_of(name);
            match self.object.additional {
                Additional::Allow => {}
                Additional::Deny => self
                    .errors
                    .push(FieldError::new(pointer, "is not an allowed property")),
                Additional::Schema(schema) => {
                    if let Read::Value(value) =
                        property_value(schema, None, &list, &pointer, self.errors)
                    {
                        schema::validate(schema, &value, &pointer, self.errors);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Bytes {
        Bytes::from(text.replace('\n', "\r\n"))
    }

    #[test]
    fn parses_fields_and_files() {
        let raw = body(
            "preamble\n--XyZ\nContent-Disposition: form-data; name=\"name\"\n\nrex\n--XyZ\nContent-Disposition: form-data; name=\"photo\"; filename=\"a \\\"b\\\".png\"\nContent-Type: image/png\n\n\u{1}\u{2}\n\n--XyZ  \nContent-Disposition: form-data; name=\"x\"; filename*=UTF-8''%E2%82%AC.txt; filename=\"e.txt\"\n\n\n--XyZ--\nepilogue",
        );
        let parts = parse(&raw, "XyZ").expect("parses");
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].name, "name");
        assert_eq!(&parts[0].data[..], b"rex");
        assert_eq!(parts[0].file_name, None);
        assert_eq!(parts[1].file_name.as_deref(), Some("a \"b\".png"));
        assert_eq!(parts[1].content_type.as_deref(), Some("image/png"));
        assert_eq!(&parts[1].data[..], b"\x01\x02\r\n");
        assert_eq!(parts[2].file_name.as_deref(), Some("€.txt"));
        assert_eq!(&parts[2].data[..], b"");
    }

    #[test]
    fn an_empty_form_has_no_parts() {
        assert_eq!(parse(&body("--b--\n"), "b"), Ok(Vec::new()));
    }

    #[test]
    fn malformed_bodies_are_errors() {
        let cases = [
            ("", "b", "the body does not contain the multipart boundary"),
            (
                "--b",
                "",
                "the multipart boundary in `Content-Type` is not valid",
            ),
            (
                "--b\nContent-Disposition: form-data; name=\"a\"\n\nvalue",
                "b",
                "the multipart body ends without its final boundary",
            ),
            (
                "--b\nContent-Disposition: form-data; name=\"a\"\n\nvalue\n--b",
                "b",
                "the multipart body ends without its final boundary",
            ),
            (
                "--b\nContent-Disposition: form-data; name=\"a\"",
                "b",
                "a multipart part is truncated in its headers",
            ),
            (
                "--bjunk\nContent-Disposition: form-data; name=\"a\"\n\nv\n--b--",
                "b",
                "a multipart boundary line is malformed",
            ),
            (
                "--b\nContent-Type: text/plain\n\nv\n--b--",
                "b",
                "a multipart part has no `Content-Disposition`",
            ),
            (
                "--b\nContent-Disposition: form-data\n\nv\n--b--",
                "b",
                "a multipart part has no name",
            ),
            (
                "--b\nContent-Disposition: attachment; name=\"a\"\n\nv\n--b--",
                "b",
                "a multipart part is not `form-data`",
            ),
            (
                "--b\nContent-Disposition: form-data; name=\"a\n\nv\n--b--",
                "b",
                "a multipart part has a malformed `Content-Disposition`",
            ),
            (
                "--b\nno colon here\n\nv\n--b--",
                "b",
                "a multipart part has a malformed header",
            ),
        ];
        for (text, boundary, message) in cases {
            assert_eq!(
                parse(&body(text), boundary),
                Err(message.to_owned()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn huge_headers_are_refused() {
        let mut text = String::from("--b\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ");
        text.push_str(&"x".repeat(MAX_HEADER_BYTES));
        text.push_str("\r\n\r\nv\r\n--b--\r\n");
        assert_eq!(
            parse(&Bytes::from(text), "b"),
            Err(format!(
                "the headers of a multipart part are larger than {MAX_HEADER_BYTES} bytes"
            ))
        );
    }

    #[test]
    fn too_many_parts_are_refused() {
        let mut text = String::new();
        for _ in 0..=MAX_PARTS {
            text.push_str("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n");
        }
        text.push_str("--b--\r\n");
        assert_eq!(
            parse(&Bytes::from(text), "b"),
            Err(format!(
                "the multipart body has more than {MAX_PARTS} parts"
            ))
        );
    }

    #[test]
    fn a_boundary_lookalike_inside_content_is_data() {
        let raw = body("--b\nContent-Disposition: form-data; name=\"a\"\n\nx--b y\n--bb\n--b--");
        let parts = parse(&raw, "b");
        // `--bb` after a line break is not the delimiter followed by padding or a line break.
        assert_eq!(
            parts,
            Err("a multipart boundary line is malformed".to_owned())
        );
        let raw = body("--b\nContent-Disposition: form-data; name=\"a\"\n\nx--b y\n--b--");
        let parts = parse(&raw, "b").expect("parses");
        assert_eq!(&parts[0].data[..], b"x--b y");
    }

    #[test]
    fn finding() {
        assert_eq!(find(b"abcabc", b"ca", 0), Some(2));
        assert_eq!(find(b"abcabc", b"ca", 3), None);
        assert_eq!(find(b"ab", b"abc", 0), None);
        assert_eq!(find(b"", b"a", 0), None);
    }
}
