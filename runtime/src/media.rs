//! Media types: which of an operation's media ranges a request's `Content-Type` falls in, and
//! which of a response's media types an `Accept` header prefers.

use std::borrow::Cow;

use bytes::Bytes;

/// Bytes with their media type: the value of a body declared with a media range (`image/*`,
/// `*/*`), where the handler learns (request) or says (response) which type it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedBytes {
    /// The media type, e.g. `image/png`.
    pub content_type: String,
    /// The content.
    pub bytes: Bytes,
}

impl TypedBytes {
    /// Bytes of the given media type.
    pub fn new(content_type: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        TypedBytes {
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }
}

/// The `type/subtype` part of a `Content-Type` value, without parameters or surrounding spaces.
pub fn essence(content_type: &str) -> &str {
    content_type.split(';').next().unwrap_or_default().trim()
}

/// Whether `media_type` falls in `range` (`application/json`, `image/*` or `*/*`), ignoring
/// case and parameters.
pub fn matches(range: &str, media_type: &str) -> bool {
    let range = essence(range);
    let essence = essence(media_type);
    if range == "*/*" || range.eq_ignore_ascii_case(essence) {
        return true;
    }
    match range.strip_suffix("/*") {
        Some(kind) => essence
            .split_once('/')
            .is_some_and(|(k, _)| k.eq_ignore_ascii_case(kind)),
        None => false,
    }
}

/// How specific a media range is: 2 for `type/subtype`, 1 for `type/*`, 0 for `*/*`.
pub fn specificity(range: &str) -> u8 {
    let range = essence(range);
    if range == "*/*" {
        0
    } else if range.ends_with("/*") {
        1
    } else {
        2
    }
}

/// The index of the range that `media_type` falls in, the most specific one when several do
/// (`text/plain` before `text/*` before `*/*`), the first one on ties.
pub fn select<'r>(ranges: impl IntoIterator<Item = &'r str>, media_type: &str) -> Option<usize> {
    let mut best: Option<(usize, u8)> = None;
    for (index, range) in ranges.into_iter().enumerate() {
        if matches(range, media_type) {
            let rank = specificity(range);
            if best.is_none_or(|(_, r)| rank > r) {
                best = Some((index, rank));
            }
        }
    }
    best.map(|(index, _)| index)
}

/// Whether a media type is JSON: `application/json` or any `+json` type.
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type).to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The value of parameter `name` of a `Content-Type` value (`boundary`, `charset`), unquoted.
pub fn parameter<'a>(content_type: &'a str, name: &str) -> Option<Cow<'a, str>> {
    let mut rest = content_type.split_once(';')?.1;
    loop {
        let (key, after) = rest.split_once('=')?;
        let key = key.trim();
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let (value, end) = unquote(quoted)?;
            let next = quoted[end..].split_once(';').map_or("", |(_, n)| n);
            (value, next)
        } else {
            let (value, next) = after.split_once(';').unwrap_or((after, ""));
            (Cow::Borrowed(value.trim()), next)
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(value);
        }
        if next.is_empty() {
            return None;
        }
        rest = next;
    }
}

/// Reads a quoted string whose opening quote is already consumed: the value and the byte offset
/// just past the closing quote. `None` when it is not closed.
pub(crate) fn unquote(text: &str) -> Option<(Cow<'_, str>, usize)> {
    let mut escaped = false;
    let mut owned: Option<String> = None;
    for (i, c) in text.char_indices() {
        if escaped {
            owned
                .get_or_insert_with(|| text[..i - 1].to_owned())
                .push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
            if owned.is_none() {
                owned = Some(text[..i].to_owned());
            }
        } else if c == '"' {
            let value = owned.map_or(Cow::Borrowed(&text[..i]), Cow::Owned);
            return Some((value, i + 1));
        } else if let Some(owned) = owned.as_mut() {
            owned.push(c);
        }
    }
    None
}

/// One element of an `Accept` header.
struct Preference<'a> {
    range: &'a str,
    quality: u16,
}

fn preferences(accept: &str) -> Vec<Preference<'_>> {
    accept
        .split(',')
        .filter_map(|element| {
            let mut parts = element.split(';');
            let range = parts.next()?.trim();
            if range.is_empty() || !range.contains('/') {
                return None;
            }
            let mut quality = 1000;
            for parameter in parts {
                if let Some((key, value)) = parameter.split_once('=') {
                    if key.trim().eq_ignore_ascii_case("q") {
                        quality = parse_quality(value.trim())?;
                    }
                }
            }
            Some(Preference { range, quality })
        })
        .collect()
}

/// A q-value in thousandths (`0.5` → 500); `None` when malformed.
fn parse_quality(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Which of the `offered` media types to answer with, given the request's `Accept` header:
/// the one with the highest quality (each takes the quality of the most specific range that
/// matches it), the first offered on ties. No `Accept` header, or one that cannot be read,
/// answers the first. `None` when the client accepts none of them.
pub fn negotiate(offered: &[&str], accept: Option<&str>) -> Option<usize> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return (!offered.is_empty()).then_some(0);
    };
    let preferences = preferences(accept);
    if preferences.is_empty() {
        return (!offered.is_empty()).then_some(0);
    }
    let mut best: Option<(usize, u16)> = None;
    for (index, media_type) in offered.iter().enumerate() {
        let quality = preferences
            .iter()
            .filter(|p| matches(p.range, media_type))
            .max_by_key(|p| specificity(p.range))
            .map_or(0, |p| p.quality);
        if quality > 0 && best.is_none_or(|(_, q)| quality > q) {
            best = Some((index, quality));
        }
    }
    best.map(|(index, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert!(matches(
            "application/json",
            "application/json; charset=utf-8"
        ));
        assert!(matches("image/*", "image/png"));
        assert!(matches("*/*", "text/plain"));
        assert!(matches("Application/JSON", "application/json"));
        assert!(!matches("application/json", "text/plain"));
        assert!(!matches("image/*", "imagex/png"));
    }

    #[test]
    fn the_most_specific_range_wins() {
        let ranges = ["*/*", "text/*", "text/plain"];
        assert_eq!(select(ranges, "text/plain"), Some(2));
        assert_eq!(select(ranges, "text/csv"), Some(1));
        assert_eq!(select(ranges, "image/png"), Some(0));
        assert_eq!(select(["application/json"], "application/xml"), None);
    }

    #[test]
    fn parameters() {
        let ct = "multipart/form-data; charset=utf-8; boundary=\"a \\\"b\\\" c\"";
        assert_eq!(parameter(ct, "boundary").as_deref(), Some("a \"b\" c"));
        assert_eq!(parameter(ct, "charset").as_deref(), Some("utf-8"));
        assert_eq!(
            parameter("multipart/form-data;boundary=xyz", "BOUNDARY").as_deref(),
            Some("xyz")
        );
        assert_eq!(parameter("multipart/form-data", "boundary"), None);
        assert_eq!(
            parameter("multipart/form-data; boundary=\"open", "boundary"),
            None
        );
    }

    #[test]
    fn negotiation() {
        let offered = ["application/json", "application/vnd.pets+json"];
        assert_eq!(negotiate(&offered, None), Some(0));
        assert_eq!(negotiate(&offered, Some("*/*")), Some(0));
        assert_eq!(
            negotiate(&offered, Some("application/vnd.pets+json")),
            Some(1)
        );
        assert_eq!(
            negotiate(
                &offered,
                Some("application/json;q=0.5, application/vnd.pets+json;q=0.9")
            ),
            Some(1)
        );
        // The most specific range decides: json is refused even though */* is accepted.
        assert_eq!(
            negotiate(&offered, Some("application/json;q=0, */*;q=0.1")),
            Some(1)
        );
        assert_eq!(negotiate(&offered, Some("text/html")), None);
        assert_eq!(negotiate(&offered, Some("application/*;q=0")), None);
        // A malformed quality drops that element only.
        assert_eq!(
            negotiate(
                &offered,
                Some("application/json;q=2, application/vnd.pets+json")
            ),
            Some(1)
        );
        assert_eq!(negotiate(&offered, Some("garbage")), Some(0));
    }

    #[test]
    fn qualities() {
        assert_eq!(parse_quality("0.5"), Some(500));
        assert_eq!(parse_quality("1"), Some(1000));
        assert_eq!(parse_quality("1.000"), Some(1000));
        assert_eq!(parse_quality("0.001"), Some(1));
        assert_eq!(parse_quality("1.5"), None);
        assert_eq!(parse_quality("0.0001"), None);
        assert_eq!(parse_quality("abc"), None);
    }
}
