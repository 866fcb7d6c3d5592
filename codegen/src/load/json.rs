//! The JSON path of the parser: RFC 8259 text → `serde_json::Value` plus a [`SpanIndex`], the
//! same tree and the same index as the YAML path builds for the same text, in one pass over the
//! bytes.
//!
//! What it shares with the YAML path, so that a JSON document loads the same whichever parser
//! reads it:
//!
//! - numbers go through [`scalar::decimal`]: integers become `i64`, then `u64`, then `f64`; other
//!   numbers `f64`; a number out of range for `f64` (`1e400`) stays a string;
//! - positions: a mapping member is located at its key's opening quote, every other node at its
//!   first character; lines end at `\n`, `\r\n` or a lone `\r`; columns count characters from 1;
//! - limits: [`MAX_DEPTH`] levels of nesting and [`MAX_NODES`] nodes, each a located error that
//!   stops the parse;
//! - duplicate keys: an error at the second key that names where the first one is; the first one
//!   wins and parsing goes on.
//!
//! Where it differs: the surrogate pair `\uD83D\uDE00` is one character (the YAML parser refuses
//! every surrogate escape), and a lone surrogate becomes U+FFFD with a warning. Every syntax error
//! stops the parse and is located at the character that breaks the grammar: a trailing comma at
//! the comma, a bad escape at its backslash, a raw control character where it is, an unclosed
//! bracket at the end of the file (naming where it was opened). The text is UTF-8 already:
//! [`super::text_of`] reports the first invalid byte.
//!
//! The parser keeps its own stack of open collections, so nesting costs heap, never Rust stack.

use serde_json::map::Entry;
use serde_json::{Map, Value};

use super::parse::{Parsed, MAX_DEPTH, MAX_NODES};
use super::scalar;
use super::spans::{Position, SpanIndex};
use crate::diagnostics::{push_pointer_token, Diagnostics, Location};

/// Parses the JSON `text`, reporting every problem into `diagnostics`, located in `file`. A text
/// of white space alone has no root (an empty document) and is complete.
pub(crate) fn parse(file: &str, text: &str, diagnostics: &mut Diagnostics) -> Parsed {
    let mut parser = Parser {
        file,
        text,
        bytes: text.as_bytes(),
        pos: 0,
        lines: Lines::default(),
        spans: SpanIndex::default(),
        frames: Vec::new(),
        nodes: 0,
        diagnostics,
    };
    let root = parser.document();
    Parsed {
        complete: root.is_ok(),
        root: root.unwrap_or_default(),
        spans: parser.spans,
    }
}

/// Marks a parse stopped by an error, which has been reported.
struct Stopped;

type Step<T> = Result<T, Stopped>;

/// The line the parser is on, and a cache for counting columns in characters.
#[derive(Default)]
struct Lines {
    /// The current line, from 0.
    line: usize,
    /// Byte offset of the start of the current line.
    start: usize,
    /// A byte offset on the current line whose column is known …
    known_at: usize,
    /// … and that column, from 0.
    known_column: usize,
}

/// A collection being read.
enum Container {
    Object {
        map: Map<String, Value>,
        /// The member whose value comes next; `None` while a key is expected.
        key: Option<Key>,
    },
    Array(Vec<Value>),
}

/// A member whose value comes next.
///
/// A new member goes into the map as soon as its key is read, with `null` for a value until the
/// value is read: its key is then the map's last one, and its value the last one (`serde_json`'s
/// `preserve_order` keeps members in insertion order), which saves hashing the key twice.
struct Key {
    /// The member's id in the span index, opened at its key.
    span: usize,
    /// The key of a duplicate member, whose value is read and then dropped; `None` for a new
    /// member.
    duplicate: Option<String>,
}

/// An open collection.
struct Frame {
    container: Container,
    /// Its id in the span index.
    span: usize,
    /// Where its opening bracket is.
    open: Position,
}

struct Parser<'a> {
    file: &'a str,
    text: &'a str,
    bytes: &'a [u8],
    /// Byte offset of the next character to read.
    pos: usize,
    lines: Lines,
    spans: SpanIndex,
    frames: Vec<Frame>,
    /// Nodes read so far.
    nodes: usize,
    diagnostics: &'a mut Diagnostics,
}

impl Parser<'_> {
    /// Reads the whole text: one value between optional white space.
    fn document(&mut self) -> Step<Option<Value>> {
        self.skip_whitespace();
        if self.pos == self.bytes.len() {
            return Ok(None);
        }
        loop {
            // A value starts here (white space skipped).
            let Some(mut done) = self.start_value()? else {
                // A collection was opened and its first element comes next.
                continue;
            };
            // Hand finished values to their parents until one expects another element.
            loop {
                let Some(frame) = self.frames.last_mut() else {
                    self.skip_whitespace();
                    if self.pos < self.bytes.len() {
                        let message = format!(
                            "syntax error: {} after the end of the document",
                            self.found(self.pos)
                        );
                        return Err(self.fail(self.pos, message));
                    }
                    return Ok(Some(done));
                };
                match &mut frame.container {
                    Container::Array(items) => items.push(done),
                    Container::Object { map, key } => {
                        if let Some(Key {
                            duplicate: None, ..
                        }) = key.take()
                        {
                            if let Some(slot) = map.values_mut().next_back() {
                                *slot = done;
                            }
                        }
                    }
                }
                self.skip_whitespace();
                let is_object = matches!(
                    self.frames.last(),
                    Some(Frame {
                        container: Container::Object { .. },
                        ..
                    })
                );
                match self.bytes.get(self.pos) {
                    Some(b',') => {
                        let comma = self.pos;
                        self.pos += 1;
                        self.skip_whitespace();
                        let closer = if is_object { b'}' } else { b']' };
                        if self.bytes.get(self.pos) == Some(&closer) {
                            let message = format!(
                                "syntax error: trailing comma: no {} follows it before `{}`",
                                if is_object { "member" } else { "item" },
                                char::from(closer)
                            );
                            return Err(self.fail(comma, message));
                        }
                        if is_object {
                            self.member_key()?;
                        }
                        break;
                    }
                    Some(b'}') if is_object => done = self.close(),
                    Some(b']') if !is_object => done = self.close(),
                    None => return Err(self.unclosed()),
                    Some(_) => {
                        let expected = if is_object {
                            "`,` or `}` after a member"
                        } else {
                            "`,` or `]` after an item"
                        };
                        let message = format!(
                            "syntax error: expected {expected}, found {}",
                            self.found(self.pos)
                        );
                        return Err(self.fail(self.pos, message));
                    }
                }
            }
        }
    }

    /// Reads the value that starts at the current position. A scalar or an empty collection is
    /// returned whole; a collection with elements is pushed on the stack (with its first key read,
    /// for an object) and `None` is returned.
    fn start_value(&mut self) -> Step<Option<Value>> {
        let start = self.pos;
        let Some(&byte) = self.bytes.get(start) else {
            return Err(self.unclosed());
        };
        if byte == b'{' || byte == b'[' {
            if self.frames.len() >= MAX_DEPTH {
                let message = format!("nesting deeper than {MAX_DEPTH} levels");
                return Err(self.fail(start, message));
            }
            self.count(start)?;
            let span = self.open_span(start);
            let open = self.position(start);
            self.pos += 1;
            self.skip_whitespace();
            let (closer, container) = if byte == b'{' {
                let map = Map::new();
                (b'}', Container::Object { map, key: None })
            } else {
                (b']', Container::Array(Vec::new()))
            };
            if self.bytes.get(self.pos) == Some(&closer) {
                self.pos += 1;
                self.spans.close(span);
                return Ok(Some(match container {
                    Container::Object { map, .. } => Value::Object(map),
                    Container::Array(items) => Value::Array(items),
                }));
            }
            self.frames.push(Frame {
                container,
                span,
                open,
            });
            if byte == b'{' {
                self.member_key()?;
            }
            return Ok(None);
        }
        self.count(start)?;
        let span = self.open_span(start);
        let value = match byte {
            b'"' => Value::String(self.string()?),
            b'-' | b'0'..=b'9' => self.number()?,
            b't' | b'f' | b'n' => self.literal()?,
            _ => {
                let message = format!(
                    "syntax error: expected a value (an object, array, string, number, `true`, \
                     `false` or `null`), found {}",
                    self.found(start)
                );
                return Err(self.fail(start, message));
            }
        };
        self.spans.close(span);
        Ok(Some(value))
    }

    /// Closes the innermost collection (its closing bracket is at the current position).
    fn close(&mut self) -> Value {
        self.pos += 1;
        let Some(frame) = self.frames.pop() else {
            return Value::Null;
        };
        self.spans.close(frame.span);
        match frame.container {
            Container::Object { map, .. } => Value::Object(map),
            Container::Array(items) => Value::Array(items),
        }
    }

    /// Reads a member's key and the `:` after it, and makes it the pending key of the innermost
    /// object.
    fn member_key(&mut self) -> Step<()> {
        let start = self.pos;
        if self.bytes.get(start) != Some(&b'"') {
            let message = format!(
                "syntax error: expected a member name in double quotes, found {}",
                self.found(start)
            );
            return Err(self.fail(start, message));
        }
        let position = self.position(start);
        let text = self.string()?;
        let span = self.spans.open(position, Some(&text));
        let Some(Frame {
            container: Container::Object { map, key },
            span: object,
            ..
        }) = self.frames.last_mut()
        else {
            return Ok(());
        };
        let object = *object;
        let duplicate = match map.entry(text) {
            Entry::Vacant(slot) => {
                slot.insert(Value::Null);
                None
            }
            Entry::Occupied(slot) => Some(slot.key().clone()),
        };
        *key = Some(Key {
            span,
            duplicate: duplicate.clone(),
        });
        if let Some(text) = duplicate {
            // The first member of that name comes first among the object's members.
            let first = self
                .spans
                .child(object, &text)
                .map_or(position, |id| self.spans.position(id));
            let message = format!(
                "duplicate key `{text}` (first defined at {}:{}:{})",
                self.file, first.line, first.column
            );
            let pointer = self.pointer();
            self.report(position, pointer, message, true);
        }
        self.skip_whitespace();
        if self.bytes.get(self.pos) != Some(&b':') {
            let message = format!(
                "syntax error: expected `:` after the member name, found {}",
                self.found(self.pos)
            );
            return Err(self.fail(self.pos, message));
        }
        self.pos += 1;
        self.skip_whitespace();
        Ok(())
    }

    /// Reads the string whose opening quote is at the current position.
    fn string(&mut self) -> Step<String> {
        let start = self.pos + 1;
        // Text before the first escape is copied in one piece; most strings have no escape.
        let mut unescaped: Option<String> = None;
        let mut run = start;
        let mut at = start;
        loop {
            let Some(&byte) = self.bytes.get(at) else {
                let message = "syntax error: the file ends inside a string";
                return Err(self.fail(at, message));
            };
            match byte {
                b'"' => {
                    let tail = self.text.get(run..at).unwrap_or_default();
                    self.pos = at + 1;
                    return Ok(match unescaped {
                        None => tail.to_owned(),
                        Some(mut text) => {
                            text.push_str(tail);
                            text
                        }
                    });
                }
                b'\\' => {
                    let text =
                        unescaped.get_or_insert_with(|| String::with_capacity(at - start + 16));
                    text.push_str(self.text.get(run..at).unwrap_or_default());
                    at = self.escape(at, text)?;
                    run = at;
                }
                0..=0x1f => return Err(self.control_character(at, byte)),
                _ => at += 1,
            }
        }
    }

    /// Decodes the escape whose backslash is at `at` onto `text`; returns the offset after it.
    fn escape(&mut self, at: usize, text: &mut String) -> Step<usize> {
        let decoded = match self.bytes.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(at, text),
            Some(_) => {
                let escape = self.text.get(at..).and_then(|rest| rest.chars().nth(1));
                let shown = escape.map_or_else(String::new, |c| c.escape_debug().to_string());
                let message = format!(
                    "syntax error: invalid escape `\\{shown}` in a string (JSON knows \\\", \\\\, \
                     \\/, \\b, \\f, \\n, \\r, \\t and \\uXXXX)"
                );
                return Err(self.fail(at, message));
            }
            None => {
                let message = "syntax error: the file ends inside a string";
                return Err(self.fail(at + 1, message));
            }
        };
        text.push(decoded);
        Ok(at + 2)
    }

    /// Decodes the `\uXXXX` escape at `at`, or the surrogate pair that starts there.
    fn unicode_escape(&mut self, at: usize, text: &mut String) -> Step<usize> {
        let Some(unit) = self.hex4(at + 2) else {
            let message = "syntax error: `\\u` must be followed by four hexadecimal digits";
            return Err(self.fail(at, message));
        };
        let code = match unit {
            0xD800..=0xDBFF => {
                let low = match self.bytes.get(at + 6..at + 8) {
                    Some(b"\\u") => self.hex4(at + 8),
                    _ => None,
                };
                match low {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        text.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                        return Ok(at + 12);
                    }
                    _ => None,
                }
            }
            0xDC00..=0xDFFF => None,
            _ => char::from_u32(unit),
        };
        match code {
            Some(decoded) => text.push(decoded),
            None => {
                let position = self.position(at);
                let pointer = self.pointer();
                let message = format!(
                    "lone surrogate `\\u{unit:04X}` in a string (half of a character outside the \
                     Basic Multilingual Plane); read as U+FFFD"
                );
                self.report(position, pointer, message, false);
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
        Ok(at + 6)
    }

    /// The four hexadecimal digits at `at`.
    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes.get(at..at + 4)?;
        digits.iter().try_fold(0, |value, &digit| {
            let nibble = char::from(digit).to_digit(16)?;
            Some(value << 4 | nibble)
        })
    }

    /// The error for the raw control character `byte` at `at` in a string.
    fn control_character(&mut self, at: usize, byte: u8) -> Stopped {
        let message = match byte {
            b'\n' | b'\r' => {
                "syntax error: a line break in a string (a string cannot span lines: write a line \
                 break as `\\n`, or is a closing `\"` missing?)"
                    .to_owned()
            }
            b'\t' => "syntax error: a tab in a string (write it as `\\t`)".to_owned(),
            _ => format!(
                "syntax error: the control character U+{byte:04X} in a string (write it as \
                 `\\u{byte:04x}`)"
            ),
        };
        self.fail(at, message)
    }

    /// Reads the number at the current position.
    fn number(&mut self) -> Step<Value> {
        let start = self.pos;
        let mut at = start;
        if self.bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        match self.bytes.get(at) {
            Some(b'0') => {
                at += 1;
                if matches!(self.bytes.get(at), Some(b'0'..=b'9')) {
                    let message = "syntax error: invalid number: a leading `0` cannot be followed \
                                   by more digits";
                    return Err(self.fail(at, message));
                }
            }
            Some(b'1'..=b'9') => at = self.digits_end(at),
            _ => return Err(self.bad_number(at, "after `-`")),
        }
        let mut integer = true;
        if self.bytes.get(at) == Some(&b'.') {
            integer = false;
            let end = self.digits_end(at + 1);
            if end == at + 1 {
                return Err(self.bad_number(end, "after the decimal point"));
            }
            at = end;
        }
        if matches!(self.bytes.get(at), Some(b'e' | b'E')) {
            integer = false;
            at += 1;
            if matches!(self.bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            let end = self.digits_end(at);
            if end == at {
                return Err(self.bad_number(end, "in the exponent"));
            }
            at = end;
        }
        self.pos = at;
        let text = self.text.get(start..at).unwrap_or_default();
        Ok(scalar::decimal(text, integer).unwrap_or_else(|| Value::String(text.to_owned())))
    }

    /// Offset of the first byte from `at` on that is not a decimal digit.
    fn digits_end(&self, at: usize) -> usize {
        let rest = self.bytes.get(at..).unwrap_or_default();
        at + rest.iter().take_while(|b| b.is_ascii_digit()).count()
    }

    fn bad_number(&mut self, at: usize, place: &str) -> Stopped {
        let message = format!(
            "syntax error: invalid number: expected a digit {place}, found {}",
            self.found(at)
        );
        self.fail(at, message)
    }

    /// Reads `true`, `false` or `null` at the current position.
    fn literal(&mut self) -> Step<Value> {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        for (word, value) in [
            (&b"true"[..], Value::Bool(true)),
            (b"false", Value::Bool(false)),
            (b"null", Value::Null),
        ] {
            if rest.starts_with(word) {
                self.pos += word.len();
                return Ok(value);
            }
        }
        let message = format!(
            "syntax error: expected a value (an object, array, string, number, `true`, `false` or \
             `null`), found {}",
            self.found(self.pos)
        );
        Err(self.fail(self.pos, message))
    }

    /// Skips JSON white space, keeping count of lines.
    fn skip_whitespace(&mut self) {
        while let Some(&byte) = self.bytes.get(self.pos) {
            match byte {
                b' ' | b'\t' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.new_line();
                }
                b'\r' => {
                    self.pos += 1;
                    if self.bytes.get(self.pos) == Some(&b'\n') {
                        self.pos += 1;
                    }
                    self.new_line();
                }
                _ => break,
            }
        }
    }

    /// Starts a line at the current position.
    fn new_line(&mut self) {
        self.lines = Lines {
            line: self.lines.line + 1,
            start: self.pos,
            known_at: self.pos,
            known_column: 0,
        };
    }

    /// The position of byte offset `at`, which is on the current line.
    fn position(&mut self, at: usize) -> Position {
        let lines = &mut self.lines;
        // Positions are asked for in increasing order, so counting goes on from the last one.
        let (from, column) = if at >= lines.known_at {
            (lines.known_at, lines.known_column)
        } else {
            (lines.start, 0)
        };
        let between = self.bytes.get(from..at).unwrap_or_default();
        // Every byte of UTF-8 that does not continue a character starts one.
        let column = column + between.iter().filter(|&&b| (b as i8) >= -0x40).count();
        lines.known_at = at;
        lines.known_column = column;
        Position {
            line: lines.line + 1,
            column: column + 1,
        }
    }

    /// The id in the span index of the node that starts at `at`: a member's, opened at its key,
    /// or a new one for an item or the root.
    fn open_span(&mut self, at: usize) -> usize {
        if let Some(Frame {
            container: Container::Object { key: Some(key), .. },
            ..
        }) = self.frames.last()
        {
            return key.span;
        }
        let position = self.position(at);
        self.spans.open(position, None)
    }

    /// Counts one more node against [`MAX_NODES`].
    fn count(&mut self, at: usize) -> Step<()> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            let message =
                format!("the document has more than {MAX_NODES} nodes; refusing to load it");
            return Err(self.fail(at, message));
        }
        Ok(())
    }

    /// The JSON pointer of the node being read (for an object that expects a key: the object).
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for frame in &self.frames {
            match &frame.container {
                Container::Array(items) => {
                    push_pointer_token(&mut pointer, &items.len().to_string());
                }
                Container::Object { map, key } => {
                    let text = key.as_ref().and_then(|key| match &key.duplicate {
                        Some(text) => Some(text.as_str()),
                        None => map.keys().next_back().map(String::as_str),
                    });
                    if let Some(text) = text {
                        push_pointer_token(&mut pointer, text);
                    }
                }
            }
        }
        pointer
    }

    /// What is at byte offset `at`, for a message: the character or word there, or the end of
    /// the file.
    fn found(&self, at: usize) -> String {
        let rest = self.text.get(at..).unwrap_or_default();
        let Some(first) = rest.chars().next() else {
            return "the end of the file".to_owned();
        };
        if first.is_ascii_alphabetic() {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .take(24)
                .collect();
            return format!("`{word}`");
        }
        let invisible = matches!(first, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}');
        if first.is_control() || first.is_whitespace() || invisible {
            return format!("`{}`", first.escape_unicode());
        }
        format!("`{first}`")
    }

    /// The error for a file that ends while collections are open.
    fn unclosed(&mut self) -> Stopped {
        let message = match self.frames.last() {
            Some(frame) => {
                let bracket = match frame.container {
                    Container::Object { .. } => '{',
                    Container::Array(_) => '[',
                };
                let Position { line, column } = frame.open;
                format!(
                    "syntax error: the file ends before the `{bracket}` opened at \
                     {}:{line}:{column} is closed",
                    self.file
                )
            }
            None => "syntax error: the file ends where a value was expected".to_owned(),
        };
        self.fail(self.bytes.len(), message)
    }

    /// Reports `message` as an error at byte offset `at` (on the current line) and stops.
    fn fail(&mut self, at: usize, message: impl Into<String>) -> Stopped {
        let position = self.position(at);
        let pointer = self.pointer();
        self.report(position, pointer, message, true);
        Stopped
    }

    fn report(&mut self, at: Position, pointer: String, message: impl Into<String>, error: bool) {
        let location = Some(Location {
            file: self.file.to_owned(),
            line: at.line,
            column: at.column,
            pointer,
        });
        if error {
            self.diagnostics.error(location, message);
        } else {
            self.diagnostics.warning(location, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde_json::json;

    use super::*;
    use crate::load::yaml;

    /// Parses `text` with both parsers and checks that they agree on everything: the value (key
    /// order and number representation included), every record of the span index, and the
    /// diagnostics.
    fn assert_same(name: &str, text: &str) {
        let shown_text = if text.len() < 4000 { text } else { "…" };
        let name = &format!("{name} ({shown_text:?})");
        let mut yaml_diagnostics = Diagnostics::new();
        let from_yaml = yaml::parse(name, text, &mut yaml_diagnostics);
        let mut json_diagnostics = Diagnostics::new();
        let from_json = parse(name, text, &mut json_diagnostics);
        assert!(
            from_yaml.complete,
            "{name}: YAML refused it:\n{yaml_diagnostics}"
        );
        assert!(
            from_json.complete,
            "{name}: JSON refused it:\n{json_diagnostics}"
        );
        assert_eq!(
            json_diagnostics, yaml_diagnostics,
            "{name}: different diagnostics"
        );
        assert!(from_json.root == from_yaml.root, "{name}: different values");
        // `==` on maps ignores the order of keys; their text does not.
        let shown = |root: &Option<Value>| serde_json::to_string(root).unwrap_or_default();
        assert_eq!(
            shown(&from_json.root),
            shown(&from_yaml.root),
            "{name}: different key order"
        );
        let json_spans = from_json.spans.records();
        let yaml_spans = from_yaml.spans.records();
        if let Some(at) = (0..json_spans.len().max(yaml_spans.len()))
            .find(|&i| json_spans.get(i) != yaml_spans.get(i))
        {
            panic!(
                "{name}: span {at} differs: JSON {:?}, YAML {:?}",
                json_spans.get(at),
                yaml_spans.get(at)
            );
        }
    }

    fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                json_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }

    #[test]
    fn json_fixtures_parse_the_same_as_yaml() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        json_files(&root.join("tests"), &mut files);
        json_files(&root.join("../specs"), &mut files);
        files.sort();
        // The syntax-error fixture is broken on purpose.
        files.retain(|file| !file.ends_with("syntax-error.json"));
        assert!(files.len() >= 3, "{files:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            assert!(!text.is_empty(), "{}", file.display());
            assert_same(&file.display().to_string(), &text);
        }
    }

    #[test]
    fn edge_cases_parse_the_same_as_yaml() {
        let deep = format!(
            "{{\"a\":{}1{}}}",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        let cases = [
            // Escapes, every one JSON has (surrogates aside: YAML refuses them).
            r#"{"e": "\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u65e5 \u2028 \u0000", "\u0062": 1}"#,
            // Unicode before nodes: columns count characters, not bytes.
            "{\"é\": \"日本語\", \"k\": [\"😀\", 1, \"a\u{2028}b\"], \"ü\": {\"x\": null}}",
            // Numbers: every representation the core schema gives.
            "[0, -0, 1, -1, 9223372036854775807, 9223372036854775808, -9223372036854775808, \
             -9223372036854775809, 18446744073709551615, 18446744073709551616, \
             123456789012345678901234567890, 0.5, -0.0, 1e3, 1E3, 1e+3, 2.5e-3, 1.0, 1e400, \
             -1e400, 4.9e-324, 1.7976931348623157e308]",
            // Empty containers, everywhere.
            "{\"a\": {}, \"b\": [], \"c\": [{}, [], [[]], {\"d\": {}}], \"e\": \"\"}",
            "[]",
            "{}",
            "[[], {}]",
            // Literals and strings that look like other YAML things.
            r##"{"t": true, "f": false, "n": null, "s": "null", "y": "yes", "h": "#x", "a": "&a *b !c", "m": "a: b", "l": "- x"}"##,
            // Keys with pointer-special characters.
            r#"{"a/b": 1, "c~d": {"e/f~g": [1]}, "": 2, " ": 3}"#,
            // Layouts: CRLF, lone CR, no space at all, lots of space.
            "{\r\n  \"a\": [\r\n    1,\r\n    2\r\n  ],\r\n  \"b\": {}\r\n}\r\n",
            "{\r\"a\":\r[1,\r2]}",
            "{\"a\":[1,2,{\"b\":\"c\"}],\"d\":{\"e\":[]}}",
            "\n\n   {   \"a\"   :   [   1   ,   2   ]   ,\n\n   \"b\"   :   3   }   \n\n",
            "{\n\"a\": {\n\"b\": 1\n}\n}",
            // Duplicate keys: same errors, the first one wins.
            r#"{"a": 1, "b": {"c": 1, "c": [2]}, "a": {"x": 1, "x": 2}, "a": 3}"#,
            &deep,
        ];
        for (i, case) in cases.iter().enumerate() {
            assert_same(&format!("case-{i}.json"), case);
        }
    }

    /// A fixed-seed xorshift generator: the same "random" documents on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n as u64).unwrap_or_default()
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    /// Writes random JSON: every kind of value, escapes, non-ASCII text, duplicate keys and
    /// varied white space.
    struct Generator {
        rng: Rng,
        out: String,
    }

    impl Generator {
        fn space(&mut self) {
            let space = self.rng.pick(&[
                "", "", "", " ", "  ", "\n", "\n  ", "\r\n    ", "\t", " \n\t ",
            ]);
            self.out.push_str(space);
        }

        fn string(&mut self) {
            const CHARS: &[char] = &[
                'a', 'b', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\r', '\u{1}', '\u{1f}', 'é',
                'ß', '日', '本', '😀', '\u{2028}', '\u{7f}', '#', ':', '-', '{', '}', '[', ',',
                '&', '*', '!', '\'', '%', '@', '`', '|', '>', '~',
            ];
            self.out.push('"');
            for _ in 0..self.rng.below(12) {
                let c = CHARS[self.rng.below(CHARS.len())];
                let escaped = match c {
                    '"' => Some("\\\"".to_owned()),
                    '\\' => Some("\\\\".to_owned()),
                    '\n' => Some("\\n".to_owned()),
                    '\t' => Some("\\t".to_owned()),
                    '\r' => Some("\\r".to_owned()),
                    c if u32::from(c) < 0x20 => Some(format!("\\u{:04x}", u32::from(c))),
                    '/' if self.rng.below(2) == 0 => Some("\\/".to_owned()),
                    c if u32::from(c) < 0x10000 && self.rng.below(4) == 0 => {
                        Some(format!("\\u{:04X}", u32::from(c)))
                    }
                    _ => None,
                };
                match escaped {
                    Some(escaped) => self.out.push_str(&escaped),
                    None => self.out.push(c),
                }
            }
            self.out.push('"');
        }

        fn number(&mut self) {
            let number = match self.rng.below(4) {
                0 => self
                    .rng
                    .pick(&[
                        "0",
                        "-0",
                        "0.0",
                        "-0.0",
                        "1e400",
                        "18446744073709551615",
                        "-9223372036854775809",
                        "99999999999999999999999",
                        "1E2",
                        "1e-2",
                        "5e+0",
                    ])
                    .to_owned(),
                1 => format!("{}", self.rng.next() as i64),
                2 => format!("{}", self.rng.next()),
                _ => format!(
                    "{}.{}e{}",
                    self.rng.below(1000),
                    self.rng.below(1000),
                    self.rng.below(40) as i64 - 20
                ),
            };
            self.out.push_str(&number);
        }

        fn value(&mut self, depth: usize) {
            let kinds = if depth >= 6 { 5 } else { 7 };
            match self.rng.below(kinds) {
                0 => self.string(),
                1 => self.number(),
                2 => {
                    let literal = self.rng.pick(&["true", "false", "null"]);
                    self.out.push_str(literal);
                }
                3 | 4 if depth > 0 => self.string(),
                3 | 5 => self.object(depth),
                _ => self.array(depth),
            }
        }

        fn object(&mut self, depth: usize) {
            const KEYS: &[&str] = &["a", "b", "type", "$ref", "x/y", "k~0", "é", "", "200"];
            self.out.push('{');
            let members = self.rng.below(6);
            for i in 0..members {
                if i > 0 {
                    self.out.push(',');
                }
                self.space();
                if self.rng.below(3) == 0 {
                    self.string();
                } else {
                    let key = self.rng.pick(KEYS);
                    self.out.push('"');
                    self.out.push_str(key);
                    self.out.push('"');
                }
                // YAML keeps an implicit key on one line with its `:`.
                if self.rng.below(4) == 0 {
                    self.out.push(' ');
                }
                self.out.push(':');
                // yaml-rust2 refuses a tab right after `:` before a number or a literal.
                self.space();
                if self.out.ends_with(":\t") {
                    self.out.insert(self.out.len() - 1, ' ');
                }
                self.value(depth + 1);
                self.space();
            }
            self.out.push('}');
        }

        fn array(&mut self, depth: usize) {
            self.out.push('[');
            let items = self.rng.below(6);
            for i in 0..items {
                if i > 0 {
                    self.out.push(',');
                }
                self.space();
                self.value(depth + 1);
                self.space();
            }
            self.out.push(']');
        }
    }

    #[test]
    fn random_documents_parse_the_same_as_yaml() {
        let mut generator = Generator {
            rng: Rng(0x0dd_ba11_cafe_f00d),
            out: String::new(),
        };
        for round in 0..400 {
            generator.out.clear();
            generator.space();
            if round % 4 == 0 {
                generator.array(0);
            } else {
                generator.object(0);
            }
            generator.space();
            let text = generator.out.clone();
            assert_same(&format!("random-{round}.json"), &text);
        }
    }

    /// The diagnostics of JSON `text`, flattened, and whether the parse completed.
    fn diagnose(text: &str) -> (bool, Vec<(String, usize, usize, String)>) {
        let mut diagnostics = Diagnostics::new();
        let parsed = parse("t.json", text, &mut diagnostics);
        let flat = diagnostics
            .iter()
            .map(|d| {
                let l = d.location.clone().unwrap_or_else(|| Location {
                    file: String::new(),
                    line: 0,
                    column: 0,
                    pointer: "no location".into(),
                });
                (d.message.clone(), l.line, l.column, l.pointer)
            })
            .collect();
        (parsed.complete, flat)
    }

    #[test]
    fn syntax_errors_are_located_at_the_character_that_breaks_the_grammar() {
        let value =
            "expected a value (an object, array, string, number, `true`, `false` or `null`)";
        let cases: Vec<(&str, String, usize, usize, &str)> = vec![
            (
                r#"{"a": 1,}"#,
                "trailing comma: no member follows it before `}`".into(),
                1,
                8,
                "",
            ),
            (
                "[1,\n 2 , ]",
                "trailing comma: no item follows it before `]`".into(),
                2,
                4,
                "/2",
            ),
            (
                r#"{"a": "x\qy"}"#,
                r#"invalid escape `\q` in a string (JSON knows \", \\, \/, \b, \f, \n, \r, \t and \uXXXX)"#.into(),
                1,
                9,
                "/a",
            ),
            (
                r#"{"a": ["\u12G4"]}"#,
                r"`\u` must be followed by four hexadecimal digits".into(),
                1,
                9,
                "/a/0",
            ),
            (
                "{\"a\": \"two\nlines\"}",
                "a line break in a string (a string cannot span lines: write a line break as `\\n`, \
                 or is a closing `\"` missing?)"
                    .into(),
                1,
                11,
                "/a",
            ),
            (
                "{\"a\": \"x\ty\"}",
                "a tab in a string (write it as `\\t`)".into(),
                1,
                9,
                "/a",
            ),
            (
                "{\"a\u{1}\": 1}",
                "the control character U+0001 in a string (write it as `\\u0001`)".into(),
                1,
                4,
                "",
            ),
            (
                r#"{"a": "x"#,
                "the file ends inside a string".into(),
                1,
                9,
                "/a",
            ),
            (
                "{\"a\": [1, 2\n",
                "the file ends before the `[` opened at t.json:1:7 is closed".into(),
                2,
                1,
                "/a/2",
            ),
            (
                "{\"a\": {\"b\": ",
                "the file ends before the `{` opened at t.json:1:7 is closed".into(),
                1,
                13,
                "/a/b",
            ),
            (
                r#"{"a": 012}"#,
                "invalid number: a leading `0` cannot be followed by more digits".into(),
                1,
                8,
                "/a",
            ),
            (
                r#"{"a": -x}"#,
                "invalid number: expected a digit after `-`, found `x`".into(),
                1,
                8,
                "/a",
            ),
            (
                r#"{"a": 1.}"#,
                "invalid number: expected a digit after the decimal point, found `}`".into(),
                1,
                9,
                "/a",
            ),
            (
                r#"{"a": 1e+}"#,
                "invalid number: expected a digit in the exponent, found `}`".into(),
                1,
                10,
                "/a",
            ),
            (r#"{"a": 1.5.2}"#, "expected `,` or `}` after a member, found `.`".into(), 1, 10, ""),
            (r#"{"a": True}"#, format!("{value}, found `True`"), 1, 7, "/a"),
            (r#"{"a": nul}"#, format!("{value}, found `nul`"), 1, 7, "/a"),
            (r#"[NaN]"#, format!("{value}, found `NaN`"), 1, 2, "/0"),
            (r#"{"a": }"#, format!("{value}, found `}}`"), 1, 7, "/a"),
            (r#"{"a": 'x'}"#, format!("{value}, found `'`"), 1, 7, "/a"),
            (
                r#"{a: 1}"#,
                "expected a member name in double quotes, found `a`".into(),
                1,
                2,
                "",
            ),
            (
                r#"{"a" 1}"#,
                "expected `:` after the member name, found `1`".into(),
                1,
                6,
                "/a",
            ),
            (
                r#"{"a": 1 "b": 2}"#,
                "expected `,` or `}` after a member, found `\"`".into(),
                1,
                9,
                "",
            ),
            (
                r#"[1 2]"#,
                "expected `,` or `]` after an item, found `2`".into(),
                1,
                4,
                "/1",
            ),
            (r#"[1}"#, "expected `,` or `]` after an item, found `}`".into(), 1, 3, "/1"),
            (
                "{\"a\": 1}\n// comment",
                "`/` after the end of the document".into(),
                2,
                1,
                "",
            ),
            ("{} {}", "`{` after the end of the document".into(), 1, 4, ""),
            (
                "[1,\u{feff}2]",
                format!("{value}, found `\\u{{feff}}`"),
                1,
                4,
                "/1",
            ),
            (
                "{\"a\": 1,\n \"b\": \u{a0}1}",
                format!("{value}, found `\\u{{a0}}`"),
                2,
                7,
                "/b",
            ),
            // Columns count characters; CRLF is one line break, and so is a lone CR.
            (
                "{\r\n\"é日\": \"本\",\r\"x\": 01}",
                "invalid number: a leading `0` cannot be followed by more digits".into(),
                3,
                7,
                "/x",
            ),
        ];
        for (text, message, line, column, pointer) in cases {
            let expected = (
                format!("syntax error: {message}"),
                line,
                column,
                pointer.into(),
            );
            assert_eq!(diagnose(text), (false, vec![expected]), "{text}");
        }
    }

    #[test]
    fn surrogates() {
        let read = |text: &str| {
            let mut diagnostics = Diagnostics::new();
            let parsed = parse("t.json", text, &mut diagnostics);
            (parsed.root, diagnostics.len())
        };
        assert_eq!(read(r#"["\uD83D\uDE00"]"#), (Some(json!(["😀"])), 0));
        assert_eq!(read(r#"["\ud83d\ude00!"]"#), (Some(json!(["😀!"])), 0));
        let (complete, diagnostics) = diagnose(r#"{"a": ["x\uD800y", "\uDC00", "\uD83D\u0041"]}"#);
        assert!(complete);
        let warning = |unit: &str, column| {
            let message = format!(
                "lone surrogate `\\u{unit}` in a string (half of a character outside the Basic \
                 Multilingual Plane); read as U+FFFD"
            );
            (message, 1, column, format!("/a/{}", column / 12))
        };
        assert_eq!(
            diagnostics,
            [
                warning("D800", 10),
                warning("DC00", 21),
                warning("D83D", 31)
            ]
        );
        assert_eq!(
            read(r#"{"a": ["x\uD800y", "\uDC00", "\uD83D\u0041"]}"#).0,
            Some(json!({"a": ["x\u{fffd}y", "\u{fffd}", "\u{fffd}A"]}))
        );
    }

    #[test]
    fn empty_text_has_no_root() {
        for text in ["", "  \n\r\n\t"] {
            let mut diagnostics = Diagnostics::new();
            let parsed = parse("t.json", text, &mut diagnostics);
            assert!(parsed.complete && parsed.root.is_none() && diagnostics.is_empty());
        }
        assert_eq!(diagnose("null"), (true, vec![]));
    }

    /// Runs `f` on a thread with a 2 MiB stack, the default for spawned threads and tests.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let thread = std::thread::Builder::new().stack_size(2 << 20).spawn(f);
        match thread.map(std::thread::JoinHandle::join) {
            Ok(Ok(result)) => result,
            _ => panic!("the parser overflowed a 2 MiB stack or panicked"),
        }
    }

    #[test]
    fn nesting_is_limited_without_recursion() {
        let message = format!("nesting deeper than {MAX_DEPTH} levels");
        // Deeper than the limit: an error at the first bracket too many, whatever follows.
        for depth in [MAX_DEPTH + 1, 1_000_000] {
            let text = format!("{{\"a\": {}", "[".repeat(depth - 1));
            let diagnostics = on_small_stack(move || diagnose(&text));
            let pointer = format!("/a{}", "/0".repeat(MAX_DEPTH - 1));
            let expected = (message.clone(), 1, 7 + MAX_DEPTH - 1, pointer);
            assert_eq!(diagnostics, (false, vec![expected]));
        }
        // At the limit: fine, and the tree is dropped on the same small stack.
        let text = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(on_small_stack(move || diagnose(&text)), (true, vec![]));
    }

    #[test]
    fn the_node_budget_holds() {
        // The array is node 1 and item i is node i + 2, so item MAX_NODES - 1 is one too many;
        // item i starts at column 2 + 2i.
        let text = format!("[{}0]", "0,".repeat(MAX_NODES));
        let message = format!("the document has more than {MAX_NODES} nodes; refusing to load it");
        let last = MAX_NODES - 1;
        let expected = (message, 1, 2 + 2 * last, format!("/{last}"));
        assert_eq!(diagnose(&text), (false, vec![expected]));
    }

    /// Compares both parsers on every `.json` file of the directory named by `SLS_JSON_CORPUS`
    /// (real specs are too large to keep in the repository):
    /// `SLS_JSON_CORPUS=path/to/specs cargo test -p sls-gen --lib json -- --ignored`.
    #[test]
    #[ignore = "needs SLS_JSON_CORPUS, a directory of JSON specs"]
    fn a_corpus_parses_the_same_as_yaml() {
        let Some(dir) = std::env::var_os("SLS_JSON_CORPUS") else {
            panic!("set SLS_JSON_CORPUS to a directory of JSON specs");
        };
        let mut files = Vec::new();
        json_files(Path::new(&dir), &mut files);
        files.sort();
        assert!(!files.is_empty(), "no .json file in {dir:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            assert_same(&file.display().to_string(), text);
        }
    }
}
