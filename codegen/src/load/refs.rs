//! `$ref` checks over a whole document: every local reference resolves, none leaves the file, and
//! no chain of references loops back on itself without a schema in between.

use std::collections::HashMap;

use serde_json::Value;

use super::walk::{self, Member, Role};
use super::Document;
use crate::diagnostics::{push_pointer_token, Diagnostics};

/// The JSON pointer named by a local reference (`#/components/schemas/Pet` → `/components/schemas/Pet`),
/// percent-decoded; `None` for a reference to another document.
pub(crate) fn local_pointer(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    Some(percent_decode(fragment).unwrap_or_else(|| fragment.to_owned()))
}

/// Decodes `%XX` escapes; `None` when an escape is malformed or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let high = bytes.get(i + 1).and_then(|b| (*b as char).to_digit(16))?;
            let low = bytes.get(i + 2).and_then(|b| (*b as char).to_digit(16))?;
            out.push(u8::try_from(high * 16 + low).ok()?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A `$ref` found in the document.
struct Found<'a> {
    /// Pointer of the mapping that holds the `$ref` member.
    holder: String,
    /// The reference as written.
    reference: &'a str,
}

/// Checks every `$ref` of `doc` (and every `#`-reference in a discriminator mapping), reporting
/// unresolved, external and purely circular references, in the order they appear in the file.
pub(crate) fn check(doc: &Document, diagnostics: &mut Diagnostics) {
    let mut found_problems = Diagnostics::new();
    check_all(doc, &mut found_problems);
    let mut problems = found_problems.into_vec();
    problems.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    diagnostics.extend(problems);
}

fn check_all(doc: &Document, diagnostics: &mut Diagnostics) {
    let mut collector = Collector {
        doc,
        diagnostics: &mut *diagnostics,
        path: Vec::new(),
        found: Vec::new(),
    };
    collector.walk(&doc.root, Role::Keywords);
    let found = collector.found;

    // Resolve each reference; remember where it points when that is another `$ref` holder.
    let holders: HashMap<&str, usize> = found
        .iter()
        .enumerate()
        .map(|(index, f)| (f.holder.as_str(), index))
        .collect();
    let mut next = vec![None; found.len()];
    for (index, f) in found.iter().enumerate() {
        let at = format!("{}/$ref", f.holder);
        match resolve(doc, f.reference) {
            Resolution::Resolved(target) => next[index] = holders.get(target.as_str()).copied(),
            Resolution::Unresolved => {
                let message = format!("unresolved reference `{}`", f.reference);
                diagnostics.push(doc.error_at(&at, message));
            }
            Resolution::External => {
                let message = format!(
                    "references to other documents are not supported yet: `{}`",
                    f.reference
                );
                diagnostics.push(doc.error_at(&at, message));
            }
        }
    }
    report_cycles(doc, &found, &next, diagnostics);
}

enum Resolution {
    /// The pointer it names, which exists.
    Resolved(String),
    Unresolved,
    External,
}

fn resolve(doc: &Document, reference: &str) -> Resolution {
    match local_pointer(reference) {
        Some(pointer) if doc.root.pointer(&pointer).is_some() => Resolution::Resolved(pointer),
        Some(_) => Resolution::Unresolved,
        None if reference.is_empty() => Resolution::Unresolved,
        None => Resolution::External,
    }
}

/// Each holder has at most one outgoing edge (`next`), so every cycle is found by following
/// chains once, marking nodes as in progress and then done.
fn report_cycles(
    doc: &Document,
    found: &[Found<'_>],
    next: &[Option<usize>],
    diagnostics: &mut Diagnostics,
) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; found.len()];
    for start in 0..found.len() {
        let mut chain = Vec::new();
        let mut current = Some(start);
        while let Some(node) = current {
            match state[node] {
                State::Done => break,
                State::OnPath => {
                    if let Some(entry) = chain.iter().position(|&n| n == node) {
                        report_cycle(doc, found, &chain[entry..], diagnostics);
                    }
                    break;
                }
                State::New => {
                    state[node] = State::OnPath;
                    chain.push(node);
                    current = next[node];
                }
            }
        }
        for node in chain {
            state[node] = State::Done;
        }
    }
}

fn report_cycle(
    doc: &Document,
    found: &[Found<'_>],
    cycle: &[usize],
    diagnostics: &mut Diagnostics,
) {
    // Start with the member that comes first in the file.
    let first = cycle
        .iter()
        .enumerate()
        .min_by_key(|&(_, &node)| node)
        .map_or(0, |(position, _)| position);
    let ordered: Vec<usize> = cycle[first..]
        .iter()
        .chain(&cycle[..first])
        .copied()
        .collect();
    let mut names: Vec<String> = ordered
        .iter()
        .map(|&n| format!("`#{}`", found[n].holder))
        .collect();
    names.push(names[0].clone());
    let message = format!(
        "reference cycle: {} (each of these is only a reference, so none of them defines a type)",
        names.join(" → ")
    );
    let at = format!("{}/$ref", found[ordered[0]].holder);
    diagnostics.push(doc.error_at(&at, message));
}

/// Finds every reference, depth first in document order.
struct Collector<'a, 'd> {
    doc: &'a Document,
    diagnostics: &'d mut Diagnostics,
    /// Keys and indexes from the root to the current node.
    path: Vec<Segment<'a>>,
    found: Vec<Found<'a>>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Collector<'a, '_> {
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for segment in &self.path {
            match segment {
                Segment::Key(key) => push_pointer_token(&mut pointer, key),
                Segment::Index(index) => push_pointer_token(&mut pointer, &index.to_string()),
            }
        }
        pointer
    }

    /// Walks `value`. Recursion is bounded by the parser's nesting limit.
    fn walk(&mut self, value: &'a Value, role: Role) {
        match value {
            Value::Object(map) => {
                let in_components = matches!(self.path.as_slice(), [Segment::Key("components")])
                    && role == Role::Keywords;
                for (key, child) in map {
                    match walk::member(role, in_components, key, child) {
                        Member::Skip => {}
                        Member::Ref => self.reference(child),
                        Member::Node(child_role) => {
                            self.path.push(Segment::Key(key));
                            if key == "discriminator" && role != Role::Example {
                                self.discriminator(child);
                            }
                            self.walk(child, child_role);
                            self.path.pop();
                        }
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.path.push(Segment::Index(index));
                    self.walk(item, Role::Keywords);
                    self.path.pop();
                }
            }
            _ => {}
        }
    }

    fn reference(&mut self, value: &'a Value) {
        let holder = self.pointer();
        match value {
            Value::String(reference) => self.found.push(Found { holder, reference }),
            other => {
                let message = format!("`$ref` must be a string, not {}", kind(other));
                let diagnostic = self.doc.error_at(&format!("{holder}/$ref"), message);
                self.diagnostics.push(diagnostic);
            }
        }
    }

    /// Checks the `#`-references among a discriminator's mapping values (the others name schemas).
    fn discriminator(&mut self, discriminator: &'a Value) {
        let Some(Value::Object(mapping)) = discriminator.get("mapping") else {
            return;
        };
        for (name, target) in mapping {
            let Some(reference) = target.as_str().filter(|r| r.starts_with('#')) else {
                continue;
            };
            if let Resolution::Unresolved = resolve(self.doc, reference) {
                let mut at = self.pointer();
                push_pointer_token(&mut at, "mapping");
                push_pointer_token(&mut at, name);
                let message =
                    format!("unresolved reference `{reference}` in discriminator mapping");
                let diagnostic = self.doc.error_at(&at, message);
                self.diagnostics.push(diagnostic);
            }
        }
    }
}

/// "a mapping", "a number", … for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_pointers_are_percent_decoded() {
        assert_eq!(local_pointer("#/a/b%20c").as_deref(), Some("/a/b c"));
        assert_eq!(local_pointer("#/a~1b").as_deref(), Some("/a~1b"));
        assert_eq!(local_pointer("#/100%").as_deref(), Some("/100%"));
        assert_eq!(local_pointer("#/%C3%A9").as_deref(), Some("/é"));
        assert_eq!(local_pointer("#/%FF").as_deref(), Some("/%FF"));
        assert_eq!(local_pointer("#").as_deref(), Some(""));
        assert_eq!(local_pointer("other.yaml#/a"), None);
    }
}
