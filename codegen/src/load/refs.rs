//! `$ref` resolution over a whole spec.
//!
//! Every reference of the root document is resolved, and references to other files are followed:
//! each file is read once ([`super::sources`]), the referenced pieces of it are walked for their own
//! references in turn, and the whole is bundled into the root document, whose references are then
//! all local ([`super::bundle`]). Problems are reported at the reference: a pointer that names
//! nothing, a file that cannot be read or parsed, a remote URL, a chain of references that loops
//! back on itself without a schema in between. References inside extensions (`x-…`), examples and
//! defaults are data: they are neither followed nor rewritten (see [`super::walk`]).

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::Path;

use serde_json::Value;

use super::bundle;
use super::sources::{OpenError, Source, Sources};
use super::spans::Position;
use super::walk::{self, Member, Role};
use super::Document;
use crate::diagnostics::{push_pointer_token, Diagnostics, Location};

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

/// A reference found and resolved: which node of which file names which node of which file.
pub(crate) struct Edge {
    /// The file that holds the reference (index into the sources; 0 is the root document).
    pub from: usize,
    /// Pointer in that file of the mapping that holds the `$ref` member (for a discriminator
    /// mapping value: of the value).
    pub holder: String,
    /// Pointer in that file of the reference string itself.
    pub site: String,
    /// The file referenced.
    pub to: usize,
    /// Pointer in that file of the node referenced (unescaped from percent-encoding).
    pub target: String,
    /// Whether the reference was written as a fragment alone (`#/…`).
    pub written_local: bool,
    /// Whether it is a discriminator mapping value rather than a `$ref`.
    pub mapping: bool,
}

/// Resolves every reference of `doc` and of the files they reach, bundles those files into `doc`
/// (see [`super::bundle`]) and reports unresolved, unreadable, remote and purely circular
/// references, each at the reference, in file order. `file` is where the root document was read
/// from; without it, references to other files cannot be followed and are errors.
pub(crate) fn resolve(doc: &mut Document, file: Option<&Path>, diagnostics: &mut Diagnostics) {
    let root = Source {
        path: file.map(Path::to_path_buf),
        name: doc.path.clone(),
        value: std::mem::take(&mut doc.root),
        spans: std::mem::take(&mut doc.spans),
    };
    let mut resolver = Resolver {
        sources: Sources::new(root),
        edges: Vec::new(),
        problems: Diagnostics::new(),
        seen: HashSet::new(),
        queued: HashSet::new(),
        queue: VecDeque::new(),
    };
    resolver.walk(0, "", Role::Keywords);
    while let Some((file, pointer, role)) = resolver.queue.pop_front() {
        resolver.walk(file, &pointer, role);
    }
    let Resolver {
        sources,
        edges,
        mut problems,
        ..
    } = resolver;
    let names = sources.names;
    doc.files = sources.files;
    let bundle = bundle::bundle(sources.list, &edges, &mut problems);
    doc.root = bundle.root;
    doc.spans = bundle.spans;
    doc.grafts = bundle.grafts;

    let placement = &bundle.placement;
    let links: Vec<(String, String)> = edges
        .iter()
        .filter(|edge| !edge.mapping && !placement.is_home(edge))
        .map(|edge| {
            (
                placement.place(edge.from, &edge.holder),
                placement.place(edge.to, &edge.target),
            )
        })
        .collect();
    report_cycles(doc, &links, &mut problems);

    let mut problems = problems.into_vec();
    problems.sort_by_key(|d| {
        d.location.as_ref().map(|l| {
            let rank = names.iter().position(|name| *name == l.file);
            (rank.unwrap_or(names.len()), l.line, l.column)
        })
    });
    diagnostics.extend(problems);
}

/// Why a reference does not lead anywhere.
enum Failure {
    /// The file was found, the pointer names nothing in it.
    Unresolved {
        /// The file's name, when it is not the referring file.
        other_file: Option<String>,
        /// The pointer looked for.
        pointer: String,
    },
    /// Any other reason, as a complete message.
    Other(String),
}

impl Failure {
    fn message(self, reference: &str, mapping: bool) -> String {
        match self {
            Failure::Unresolved {
                other_file,
                pointer,
            } => {
                let context = if mapping {
                    " in discriminator mapping"
                } else {
                    ""
                };
                match other_file {
                    None => format!("unresolved reference `{reference}`{context}"),
                    Some(file) => format!(
                        "unresolved reference `{reference}`{context}: `{file}` has nothing at \
                         `#{pointer}`"
                    ),
                }
            }
            Failure::Other(message) => message,
        }
    }
}

/// Walks the root document and every referenced piece of other files, resolving references.
struct Resolver {
    sources: Sources,
    edges: Vec<Edge>,
    problems: Diagnostics,
    /// Reference strings already handled: (file, pointer).
    seen: HashSet<(usize, String)>,
    /// Pieces already queued for a walk: (file, pointer).
    queued: HashSet<(usize, String)>,
    /// Pieces to walk (of other files, or extensions of the root), with the role of the
    /// reference that reached them.
    queue: VecDeque<(usize, String, Role)>,
}

impl Resolver {
    /// Resolves the references in the node at `pointer` of `file`, which plays `role`.
    fn walk(&mut self, file: usize, pointer: &str, role: Role) {
        let mut found = Vec::new();
        if let Some(value) = self.sources.list[file].value.pointer(pointer) {
            collect(value, &mut pointer.to_owned(), role, &mut found);
        }
        for found in found {
            self.handle(file, found);
        }
    }

    fn handle(&mut self, file: usize, found: Found) {
        let site = match found.what {
            What::Mapping(_) => found.holder.clone(),
            _ => format!("{}/$ref", found.holder),
        };
        if !self.seen.insert((file, site.clone())) {
            // A piece walked before, as part of a larger one.
            return;
        }
        match found.what {
            What::NotString(kind) => {
                let message = format!("`$ref` must be a string, not {kind}");
                self.error(file, &site, message);
            }
            What::Ref(reference, role) => {
                self.follow(file, found.holder, site, &reference, role, false);
            }
            What::Mapping(reference) => {
                self.follow(file, found.holder, site, &reference, Role::Keywords, true);
            }
        }
    }

    fn follow(
        &mut self,
        file: usize,
        holder: String,
        site: String,
        reference: &str,
        role: Role,
        mapping: bool,
    ) {
        match self.target(file, reference) {
            Ok((to, target)) => {
                // The root document was walked whole, except for its extensions.
                let walked = to == 0 && !in_extension(&target);
                if !walked && self.queued.insert((to, target.clone())) {
                    self.queue.push_back((to, target.clone(), role));
                }
                self.edges.push(Edge {
                    from: file,
                    holder,
                    site,
                    to,
                    target,
                    written_local: reference.starts_with('#'),
                    mapping,
                });
            }
            Err(failure) => {
                let message = failure.message(reference, mapping);
                self.error(file, &site, message);
            }
        }
    }

    /// The file and pointer `reference` (found in `file`) names.
    fn target(&mut self, file: usize, reference: &str) -> Result<(usize, String), Failure> {
        let (path, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (reference, None),
        };
        let to = match (path, fragment) {
            // `$ref: ""`: the whole current document, never what was meant.
            ("", None) => {
                return Err(Failure::Unresolved {
                    other_file: None,
                    pointer: String::new(),
                })
            }
            ("", Some(_)) => file,
            _ => self.open(file, reference, path)?,
        };
        let pointer = fragment.map_or_else(String::new, |fragment| {
            percent_decode(fragment).unwrap_or_else(|| fragment.to_owned())
        });
        let source = &self.sources.list[to];
        if source.value.pointer(&pointer).is_none() {
            return Err(Failure::Unresolved {
                other_file: (to != file).then(|| source.name.clone()),
                pointer,
            });
        }
        Ok((to, pointer))
    }

    /// The file that the path part of `reference` names, read on first use.
    fn open(&mut self, file: usize, reference: &str, path: &str) -> Result<usize, Failure> {
        if is_remote(path) {
            return Err(Failure::Other(format!(
                "cannot follow `{reference}`: remote references are not supported; download the \
                 file and refer to it by a relative path"
            )));
        }
        if let Some(scheme) = scheme(path) {
            return Err(Failure::Other(format!(
                "cannot follow `{reference}`: `{scheme}:` references are not supported; refer to \
                 the file by a relative path"
            )));
        }
        let relative = percent_decode(path).unwrap_or_else(|| path.to_owned());
        self.sources
            .open(file, &relative, &mut self.problems)
            .map_err(|error| {
                Failure::Other(match error {
                    OpenError::NoBase => format!(
                        "cannot follow `{reference}`: the spec was given as text, not read from a \
                         file, so there is no directory to find `{relative}` in"
                    ),
                    OpenError::Unreadable { name, reason } => {
                        format!("cannot read `{name}` (referenced as `{reference}`): {reason}")
                    }
                    OpenError::Broken { name } => format!(
                        "cannot load `{name}` (referenced as `{reference}`): see the errors \
                         reported in it"
                    ),
                })
            })
    }

    fn error(&mut self, file: usize, pointer: &str, message: String) {
        let source = &self.sources.list[file];
        let Position { line, column } = source.spans.locate(pointer);
        let location = Location {
            file: source.name.clone(),
            line,
            column,
            pointer: pointer.to_owned(),
        };
        self.problems.error(Some(location), message);
    }
}

/// Whether `pointer` may lead through an extension (`x-…`), which walks by position skip; a
/// property named `x-…` also counts, which costs a second walk and nothing else.
pub(crate) fn in_extension(pointer: &str) -> bool {
    pointer.split('/').any(|token| token.starts_with("x-"))
}

/// `http://…`, `https://…` or `//host/…`.
fn is_remote(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// The scheme of an absolute URI (`file`, `urn`…); `None` for a path. A single letter is a
/// Windows drive, not a scheme.
fn scheme(path: &str) -> Option<&str> {
    let (scheme, _) = path.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let valid = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && valid && scheme.len() > 1).then_some(scheme)
}

/// Each holder has at most one outgoing link (`links[i]` = (holder, target), pointers into the
/// bundled document), so every cycle is found by following chains once, marking holders as in
/// progress and then done.
fn report_cycles(doc: &Document, links: &[(String, String)], diagnostics: &mut Diagnostics) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let holders: HashMap<&str, usize> = links
        .iter()
        .enumerate()
        .map(|(index, (holder, _))| (holder.as_str(), index))
        .collect();
    let next: Vec<Option<usize>> = links
        .iter()
        .map(|(_, target)| holders.get(target.as_str()).copied())
        .collect();
    let mut state = vec![State::New; links.len()];
    for start in 0..links.len() {
        let mut chain = Vec::new();
        let mut current = Some(start);
        while let Some(node) = current {
            match state[node] {
                State::Done => break,
                State::OnPath => {
                    if let Some(entry) = chain.iter().position(|&n| n == node) {
                        report_cycle(doc, links, &chain[entry..], diagnostics);
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
    links: &[(String, String)],
    cycle: &[usize],
    diagnostics: &mut Diagnostics,
) {
    // Start with the reference found first.
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
    // Each holder is named where it is written: `#/pointer` in the root document,
    // `file#/pointer` in another file.
    let mut names: Vec<String> = ordered
        .iter()
        .map(|&n| {
            let location = doc.locate(&links[n].0);
            if location.file == doc.path {
                format!("`#{}`", location.pointer)
            } else {
                format!("`{}#{}`", location.file, location.pointer)
            }
        })
        .collect();
    names.push(names[0].clone());
    let message = format!(
        "reference cycle: {} (each of these is only a reference, so none of them defines a type)",
        names.join(" → ")
    );
    let at = format!("{}/$ref", links[ordered[0]].0);
    diagnostics.push(doc.error_at(&at, message));
}

/// A reference found in a walk.
struct Found {
    /// Pointer of the mapping that holds the `$ref` member, or of the discriminator mapping value.
    holder: String,
    what: What,
}

enum What {
    /// A `$ref` member, and the role of the mapping that holds it.
    Ref(String, Role),
    /// A `$ref` member that is not a string (its kind, for the message).
    NotString(&'static str),
    /// A discriminator mapping value written as a reference.
    Mapping(String),
}

/// Finds every reference in `value` (at `pointer`, with role `role`), depth first in document
/// order. Recursion is bounded by the parser's nesting limit.
fn collect(value: &Value, pointer: &mut String, role: Role, found: &mut Vec<Found>) {
    match value {
        Value::Object(map) => {
            let in_components = pointer == "/components" && role == Role::Keywords;
            for (key, child) in map {
                match walk::member(role, in_components, key, child) {
                    Member::Skip => {}
                    Member::Ref => found.push(Found {
                        holder: pointer.clone(),
                        what: match child {
                            Value::String(reference) => What::Ref(reference.clone(), role),
                            other => What::NotString(kind(other)),
                        },
                    }),
                    Member::Node(child_role) => {
                        let length = pointer.len();
                        push_pointer_token(pointer, key);
                        if key == "discriminator" && role != Role::Example {
                            discriminator(child, pointer, found);
                        }
                        collect(child, pointer, child_role, found);
                        pointer.truncate(length);
                    }
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let length = pointer.len();
                push_pointer_token(pointer, &index.to_string());
                collect(item, pointer, Role::Keywords, found);
                pointer.truncate(length);
            }
        }
        _ => {}
    }
}

/// The references among a discriminator's mapping values: those with a `#` or a `/`, which a
/// component name cannot hold (the others name schemas).
fn discriminator(discriminator: &Value, pointer: &str, found: &mut Vec<Found>) {
    let Some(Value::Object(mapping)) = discriminator.get("mapping") else {
        return;
    };
    for (name, target) in mapping {
        let Some(reference) = target.as_str().filter(|r| r.contains(['#', '/'])) else {
            continue;
        };
        let mut at = pointer.to_owned();
        push_pointer_token(&mut at, "mapping");
        push_pointer_token(&mut at, name);
        found.push(Found {
            holder: at,
            what: What::Mapping(reference.to_owned()),
        });
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

    #[test]
    fn remote_references_and_schemes() {
        for remote in ["http://a/b.yaml", "HTTPS://a/b.yaml#/c", "//a/b.yaml"] {
            assert!(is_remote(remote), "{remote}");
        }
        for path in ["b.yaml", "./b.yaml", "../http/b.yaml", "/abs/b.yaml"] {
            assert!(!is_remote(path), "{path}");
            assert_eq!(scheme(path), None, "{path}");
        }
        assert_eq!(scheme("file:///b.yaml"), Some("file"));
        assert_eq!(scheme("urn:x:y"), Some("urn"));
        assert_eq!(scheme("C:\\specs\\b.yaml"), None);
        assert_eq!(scheme("dir/a:b.yaml"), None);
    }
}
