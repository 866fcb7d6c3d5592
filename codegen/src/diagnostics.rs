//! Located error and warning messages about a spec, collected rather than returned one by one.
//!
//! Every stage of the pipeline reports into a [`Diagnostics`] list and keeps going, so that the user
//! sees every problem of a document at once. A [`Diagnostic`] renders like a compiler message:
//!
//! ```text
//! error: duplicate operationId `getPet` (first used at specs/a.yaml:12:7)
//!   --> specs/a.yaml:40:7 at #/paths/~1pet~1{petId}/get/operationId
//! ```

use std::fmt;

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be used; generation stops after the current stage.
    Error,
    /// The input is suspicious or was read tolerantly; generation goes on.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A place in a spec file: line and column for people, JSON pointer for tools.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// The file's path, as it was given to the loader.
    pub file: String,
    /// The line, counted from 1.
    pub line: usize,
    /// The column in characters, counted from 1.
    pub column: usize,
    /// The RFC 6901 JSON pointer of the node, e.g. `/paths/~1pet/post`; `""` is the root.
    pub pointer: String,
}

impl fmt::Display for Location {
    /// Renders `file:line:column at #pointer`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{} at #{}",
            self.file, self.line, self.column, self.pointer
        )
    }
}

/// One located message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The message, without a trailing period, naming spec values in backticks.
    pub message: String,
    /// Where the problem is, when it can be pinned to a place in a file.
    pub location: Option<Location>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Option<Location>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            location,
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Option<Location>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            message: message.into(),
            location,
        }
    }

    /// Whether this is an error (rather than a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Renders `severity: message`, then ` --> file:line:column at #pointer` on a second line when
    /// the location is known. There is no trailing newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.message)?;
        if let Some(location) = &self.location {
            write!(f, "\n  --> {location}")?;
        }
        Ok(())
    }
}

/// An ordered list of diagnostics, filled by every stage of the pipeline.
///
/// It is also the error type of the library: `Result<T, Diagnostics>` carries every problem found,
/// warnings included, and its `Display` prints them all followed by a count.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// What `items` holds, so a message met twice (a shared schema read from two places) is
    /// reported once.
    seen: std::collections::HashSet<Diagnostic>,
}

impl PartialEq for Diagnostics {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl Eq for Diagnostics {}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one diagnostic, unless the same one is already there.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if self.seen.insert(diagnostic.clone()) {
            self.items.push(diagnostic);
        }
    }

    /// Appends an error.
    pub fn error(&mut self, location: Option<Location>, message: impl Into<String>) {
        self.push(Diagnostic::error(location, message));
    }

    /// Appends a warning.
    pub fn warning(&mut self, location: Option<Location>, message: impl Into<String>) {
        self.push(Diagnostic::warning(location, message));
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// How many diagnostics are errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// How many diagnostics are warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// The diagnostics, in the order they were reported.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// How many diagnostics there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics as a vector, in the order they were reported.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl Extend<Diagnostic> for Diagnostics {
    /// Appends diagnostics; `diagnostics.extend(other)` appends another whole list.
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        for diagnostic in iter {
            self.push(diagnostic);
        }
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        let mut diagnostics = Self::default();
        diagnostics.extend(iter);
        diagnostics
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        std::iter::once(diagnostic).collect()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl fmt::Display for Diagnostics {
    /// Renders every diagnostic on its own line(s), then a summary such as `2 errors, 1 warning`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.items {
            writeln!(f, "{diagnostic}")?;
        }
        let errors = self.error_count();
        let warnings = self.warning_count();
        write!(f, "{errors} error{}", plural(errors))?;
        if warnings > 0 {
            write!(f, ", {warnings} warning{}", plural(warnings))?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// Escapes one reference token for a JSON pointer (RFC 6901): `~` becomes `~0`, `/` becomes `~1`.
pub fn escape_pointer_token(token: &str) -> String {
    if !token.contains(['~', '/']) {
        return token.to_owned();
    }
    token.replace('~', "~0").replace('/', "~1")
}

/// Splits a JSON pointer into its unescaped reference tokens; `""` (the root) gives none.
///
/// A pointer that does not start with `/` is read as if it did, so `a/b` gives `["a", "b"]`.
pub fn pointer_tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    let rest = pointer.strip_prefix('/').unwrap_or(pointer);
    rest.split('/').map(unescape_pointer_token).collect()
}

/// Undoes [`escape_pointer_token`]: `~1` becomes `/`, then `~0` becomes `~`.
pub fn unescape_pointer_token(token: &str) -> String {
    if !token.contains('~') {
        return token.to_owned();
    }
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends `token`, escaped, to the JSON pointer `pointer`.
pub fn push_pointer_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    if token.contains(['~', '/']) {
        pointer.push_str(&escape_pointer_token(token));
    } else {
        pointer.push_str(token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location() -> Location {
        Location {
            file: "specs/a.yaml".into(),
            line: 40,
            column: 7,
            pointer: "/paths/~1pet~1{petId}/get/operationId".into(),
        }
    }

    #[test]
    fn renders_like_a_compiler() {
        let d = Diagnostic::error(
            Some(location()),
            "duplicate operationId `getPet` (first used at specs/a.yaml:12:7)",
        );
        assert_eq!(
            d.to_string(),
            "error: duplicate operationId `getPet` (first used at specs/a.yaml:12:7)\n  \
             --> specs/a.yaml:40:7 at #/paths/~1pet~1{petId}/get/operationId"
        );
        let w = Diagnostic::warning(None, "`info.version` is missing");
        assert_eq!(w.to_string(), "warning: `info.version` is missing");
    }

    #[test]
    fn the_same_message_at_the_same_place_is_reported_once() {
        let mut all = Diagnostics::new();
        all.warning(
            Some(location()),
            "`oneOf` of `required` lists is not checked",
        );
        all.warning(
            Some(location()),
            "`oneOf` of `required` lists is not checked",
        );
        all.error(
            Some(location()),
            "`oneOf` of `required` lists is not checked",
        );
        all.warning(None, "`oneOf` of `required` lists is not checked");
        assert_eq!(all.len(), 3);
        assert_eq!(all.warning_count(), 2);
    }

    #[test]
    fn list_display_ends_with_a_count() {
        let mut all = Diagnostics::new();
        assert_eq!(all.to_string(), "0 errors");
        all.error(None, "a");
        all.warning(Some(location()), "b");
        all.error(None, "c");
        assert!(all.has_errors());
        assert_eq!(all.len(), 3);
        assert_eq!(
            all.to_string(),
            "error: a\nwarning: b\n  --> specs/a.yaml:40:7 at \
             #/paths/~1pet~1{petId}/get/operationId\nerror: c\n2 errors, 1 warning"
        );
        let only_warnings: Diagnostics = all.into_iter().filter(|d| !d.is_error()).collect();
        assert!(!only_warnings.has_errors());
        assert!(only_warnings.to_string().ends_with("\n0 errors, 1 warning"));
    }

    #[test]
    fn extend_appends_in_order() {
        let mut a = Diagnostics::from(Diagnostic::error(None, "first"));
        let mut b = Diagnostics::new();
        b.warning(None, "second");
        a.extend(b);
        let messages: Vec<_> = a.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["first", "second"]);
    }

    #[test]
    fn pointer_tokens_round_trip() {
        assert_eq!(escape_pointer_token("/pet/{id}~x"), "~1pet~1{id}~0x");
        assert_eq!(pointer_tokens(""), Vec::<String>::new());
        assert_eq!(pointer_tokens("/"), [""]);
        assert_eq!(
            pointer_tokens("/paths/~1pet~1{id}/a~0b/~01"),
            ["paths", "/pet/{id}", "a~b", "~1"]
        );
        let mut p = String::new();
        push_pointer_token(&mut p, "paths");
        push_pointer_token(&mut p, "/a~b");
        assert_eq!(p, "/paths/~1a~0b");
    }
}
