//! Loading a spec: YAML or JSON text → a checked, 3.0-shaped JSON tree that remembers where every
//! node came from.
//!
//! ```text
//! bytes ─ UTF-8 ─ parse (spans, anchors, limits) ─ top-level checks ─ $refs ─ 3.1 → 3.0
//!                                                                     │
//!                            other files: UTF-8 ─ parse ─ bundled ────┘
//! ```
//!
//! Parsing is done by one of two parsers that build the same tree and the same position index: a
//! JSON parser for files named `*.json` (strict JSON) and for text that starts with `{` or `[`,
//! and `yaml-rust2` for everything else, including JSON-looking text that the JSON parser refuses
//! (see `parse.rs` for the exact rule).
//!
//! A spec may be split over several files: a `$ref` to a relative path (`schemas/pet.yaml`,
//! `../common.yaml#/components/responses/NotFound`) is followed, the file is read and parsed like
//! the root (same limits), and the referenced content is bundled into the root document, so that
//! the rest of the pipeline still reads one JSON tree whose references are all local. Locations
//! of bundled content name its own file and the pointer it has there.
//!
//! Every stage reports all the problems it finds. The loader stops only when it has no readable
//! document; problems that leave the document readable (a dangling `$ref`, a duplicate key) come
//! back with it, so that validation and lowering can add theirs and the user sees everything in
//! one run. The result is a [`Document`]: the JSON value that the rest of the pipeline reads
//! (through `openapiv3`, which models 3.0), plus [`Document::locate`] to turn a JSON pointer back
//! into `file:line:column` for diagnostics.
//!
//! ```
//! let (doc, diagnostics) = sls_gen::load::load_str(
//!     "spec.yaml",
//!     "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths: {}\n",
//! )
//! .expect("a readable spec");
//! assert!(diagnostics.is_empty());
//! assert_eq!(doc.locate("/info/title").line, 2);
//! ```

mod bundle;
mod check;
mod json;
mod normalize;
mod parse;
mod refs;
mod scalar;
mod sources;
mod spans;
mod walk;
mod yaml;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
pub use parse::{MAX_DEPTH, MAX_NODES};
use spans::{Position, SpanIndex};

/// A loaded spec: its JSON tree and the source position of every node.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file's path as it was given, used in every [`Location`].
    pub path: String,
    /// The document, with OpenAPI 3.1 schemas normalised onto the 3.0 shape and missing required
    /// `info` fields filled in (each repair was reported as a warning). Content of other files
    /// reached through `$ref`s is bundled in: a `components` member that only referred to it holds
    /// it instead, the rest sits under the `x-sls-bundled` member, and every reference into it is
    /// local (`#/…`).
    pub root: Value,
    /// Where each node of the root file starts.
    spans: SpanIndex,
    /// Where bundled content came from.
    grafts: bundle::Grafts,
    /// The files read, the root first.
    files: Vec<PathBuf>,
}

impl Document {
    /// Location of a JSON pointer (`""` is the root; for a mapping member it is the position of
    /// its key). For a pointer that does not exist in the source (a node added or moved by
    /// normalisation), the nearest existing ancestor's position, but the reported pointer stays
    /// the one asked for.
    ///
    /// A pointer into content bundled from another file is located in that file: the location
    /// names the file and carries the pointer as it is there.
    pub fn locate(&self, pointer: &str) -> Location {
        if let Some(location) = self.grafts.locate(pointer) {
            return location;
        }
        let Position { line, column } = self.spans.locate(pointer);
        Location {
            file: self.path.clone(),
            line,
            column,
            pointer: pointer.to_owned(),
        }
    }

    /// Resolves a local `$ref` (`#/components/schemas/Pet`, with `~0`/`~1` escapes and
    /// percent-encoding) to the value it names; `None` when it names nothing or another document.
    pub fn resolve_ref(&self, reference: &str) -> Option<&Value> {
        self.root.pointer(&refs::local_pointer(reference)?)
    }

    /// The files the document was read from: the root file, then every file reached through
    /// `$ref`s, in the order they were first reached (files that could not be parsed included).
    /// Empty for a document given as text.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// An error located at `pointer`.
    pub fn error_at(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(Some(self.locate(pointer)), message)
    }

    /// A warning located at `pointer`.
    pub fn warning_at(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(Some(self.locate(pointer)), message)
    }
}

/// Reads and loads the spec at `path`; relative references to other files are resolved against
/// its directory. See [`load_str`] for what `Ok` and `Err` carry.
///
/// # Errors
/// When the file cannot be read, or as [`load_str`].
pub fn load_file(path: &Path) -> Result<(Document, Diagnostics), Diagnostics> {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let message = format!("cannot read `{name}`: {error}");
            return Err(Diagnostic::error(None, message).into());
        }
    };
    let text = text_of(&name, &bytes)?;
    load_text(&name, text, Some(path))
}

/// Loads a spec from raw bytes, which must be UTF-8. `path` is used only in locations, so
/// references to other files cannot be followed (use [`load_file`]). See [`load_str`] for what
/// `Ok` and `Err` carry.
///
/// # Errors
/// When the bytes are not UTF-8, or as [`load_str`].
pub fn load_bytes(path: &str, bytes: &[u8]) -> Result<(Document, Diagnostics), Diagnostics> {
    let text = text_of(path, bytes)?;
    load_text(path, text, None)
}

/// The text of a file's bytes, without a byte order mark; an error located at the first byte
/// that is not UTF-8, or for a file too large to index.
fn text_of<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            let byte = bytes.get(error.valid_up_to()).copied().unwrap_or_default();
            let location = Location {
                file: name.to_owned(),
                line,
                column,
                pointer: String::new(),
            };
            let message = format!("the file is not valid UTF-8 (byte 0x{byte:02X})");
            return Err(Diagnostic::error(Some(location), message));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if u32::try_from(text.len()).is_err() {
        return Err(Diagnostic::error(
            None,
            format!("`{name}` is too large (4 GiB or more)"),
        ));
    }
    Ok(text)
}

/// The error for a file that holds no document.
fn empty_document(name: &str) -> Diagnostic {
    let start = Location {
        file: name.to_owned(),
        line: 1,
        column: 1,
        pointer: String::new(),
    };
    Diagnostic::error(Some(start), "the document is empty")
}

/// Loads a spec from YAML or JSON text. `path` is used only in locations, so references to other
/// files cannot be followed: each is an error that says so (use [`load_file`]).
///
/// The loader keeps going as long as it has a document the rest of the pipeline can read, so that
/// one run reports every problem:
///
/// - `Ok((document, diagnostics))`: the document, with every diagnostic found so far. These are
///   warnings (tolerated deviations, each already repaired) and possibly errors that leave the
///   document readable: duplicate keys (the first one wins), unresolved, unreadable, remote or
///   circular `$ref`s (and the errors inside referenced files), malformed 3.1 `type` lists.
///   Later stages add their own diagnostics to the list, and nothing may be generated from it
///   while [`Diagnostics::has_errors`] holds.
/// - `Err(diagnostics)`: there is no usable document, and the diagnostics say why.
///
/// # Errors
/// When the text is not a readable OpenAPI document: syntax errors, exceeded limits
/// ([`MAX_DEPTH`], [`MAX_NODES`]), an empty document, a root that is not a mapping, a missing or
/// unsupported `openapi` version (including Swagger 2.0), and a malformed top level (`info`
/// missing or not a mapping, none of `paths`/`webhooks`/`components`, one of them not a mapping).
pub fn load_str(path: &str, text: &str) -> Result<(Document, Diagnostics), Diagnostics> {
    let text = text_of(path, text.as_bytes())?;
    load_text(path, text, None)
}

/// Loads the text of the spec named `path`, read from `file` when there is one.
fn load_text(
    path: &str,
    text: &str,
    file: Option<&Path>,
) -> Result<(Document, Diagnostics), Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let parsed = parse::parse(path, text, &mut diagnostics);
    if !parsed.complete {
        return Err(diagnostics);
    }
    let mut doc = Document {
        path: path.to_owned(),
        root: parsed.root.unwrap_or(Value::Null),
        spans: parsed.spans,
        grafts: bundle::Grafts::default(),
        files: Vec::new(),
    };
    if doc.root.is_null() {
        diagnostics.push(empty_document(path));
        return Err(diagnostics);
    }
    let Some(version) = check::check(&mut doc, &mut diagnostics) else {
        return Err(diagnostics);
    };
    refs::resolve(&mut doc, file, &mut diagnostics);
    if version == check::Version::V3_1 {
        normalize::normalize(&mut doc, &mut diagnostics);
    }
    Ok((doc, diagnostics))
}
