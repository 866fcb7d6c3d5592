//! Bundling: the files reached through `$ref`s become part of the one root document, so that
//! everything after the loader reads a single JSON tree with local references only.
//!
//! Each referenced piece of another file gets one place in the root document:
//!
//! - a *home*: a member of the root's `components` that is nothing but a reference to it
//!   (`components: {schemas: {Pet: {$ref: ./schemas/pet.yaml}}}`) receives the referenced content
//!   in place of the reference, exactly as if it had been written there;
//! - otherwise a *graft*: the whole file goes under the reserved extension [`KEY`], as
//!   `/x-sls-bundled/<id>`, where `<id>` is the file's stem (made unique), so that a reference to
//!   the whole file `./schemas/pet.yaml` names a type `Pet`, and one to
//!   `common.yaml#/components/schemas/Error` a type `Error`.
//!
//! Every reference written in another file, or naming another file, is then rewritten to the local
//! pointer of that place. [`Grafts`] remembers which file each place came from, so that a pointer
//! into bundled content is located in its own file, at the pointer it has there.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::refs::Edge;
use super::sources::Source;
use super::spans::{Position, SpanIndex};
use crate::diagnostics::{escape_pointer_token, pointer_tokens, Diagnostics, Location};

/// The root member under which whole files are grafted. Like every `x-` member, the lowering
/// ignores it; it is reached through references only.
pub(crate) const KEY: &str = "x-sls-bundled";

/// Where bundled content came from: per file reached through a `$ref`, its name and positions, and
/// which pointers of the root document hold content of which file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Grafts {
    /// The files, by index (the root document is not among them).
    files: Vec<GraftedFile>,
    /// Pointer in the root document → the file (index into `files`) and the pointer in it of the
    /// content found there. Mount points never nest.
    mounts: BTreeMap<String, (usize, String)>,
}

#[derive(Debug, Clone)]
struct GraftedFile {
    name: String,
    spans: SpanIndex,
}

impl Grafts {
    /// The location of `pointer` when it points into bundled content: the file's name, the
    /// position of the pointer (or of its nearest ancestor) in that file, and the pointer as it is
    /// in that file.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        if self.mounts.is_empty() {
            return None;
        }
        // The ancestors of `pointer` are its prefixes that end before a `/`, and itself; the
        // deepest mount point among them holds it.
        let ends = pointer
            .match_indices('/')
            .map(|(at, _)| at)
            .filter(|&at| at > 0)
            .chain([pointer.len()]);
        let (at, (file, from)) = ends
            .rev()
            .find_map(|end| self.mounts.get_key_value(&pointer[..end]))?;
        let file = self.files.get(*file)?;
        let in_file = format!("{from}{}", &pointer[at.len()..]);
        let Position { line, column } = file.spans.locate(&in_file);
        Some(Location {
            file: file.name.clone(),
            line,
            column,
            pointer: in_file,
        })
    }
}

/// A root `components` member that receives a piece of another file.
struct Home {
    /// The file (index into the sources).
    file: usize,
    /// The pointer of the piece in that file.
    from: String,
    /// The pointer of the member in the root document.
    at: String,
}

/// Where every piece of every file ends up in the bundled document.
pub(crate) struct Placement {
    homes: Vec<Home>,
    /// The graft id of each source that is grafted whole (by source index).
    ids: Vec<Option<String>>,
}

impl Placement {
    /// The pointer in the bundled document of the node at `pointer` in source `file`.
    pub fn place(&self, file: usize, pointer: &str) -> String {
        if file == 0 {
            return pointer.to_owned();
        }
        if let Some(home) = self.home_of(file, pointer) {
            return format!("{}{}", home.at, &pointer[home.from.len()..]);
        }
        let id = self
            .ids
            .get(file)
            .and_then(Option::as_deref)
            .unwrap_or_default();
        format!("/{KEY}/{}{pointer}", escape_pointer_token(id))
    }

    /// Whether `edge` is the reference of a home: the member that now holds the content.
    pub fn is_home(&self, edge: &Edge) -> bool {
        edge.from == 0 && self.homes.iter().any(|home| home.at == edge.holder)
    }

    fn home_of(&self, file: usize, pointer: &str) -> Option<&Home> {
        self.homes
            .iter()
            .find(|home| home.file == file && is_within(pointer, &home.from))
    }
}

/// The bundled document.
pub(crate) struct Bundle {
    /// The root document with every piece of other files in place.
    pub root: Value,
    /// The root document's positions.
    pub spans: SpanIndex,
    /// The other files' positions, and where their content went.
    pub grafts: Grafts,
    /// Where each piece went.
    pub placement: Placement,
}

/// Builds the one document from the parsed `sources` (the root first) and every reference found
/// in them (`edges`, in the order they were found). Reports a root member named [`KEY`] when
/// files must be grafted there.
pub(crate) fn bundle(
    mut sources: Vec<Source>,
    edges: &[Edge],
    problems: &mut Diagnostics,
) -> Bundle {
    let homes = find_homes(&sources, edges);
    let grafted: BTreeSet<usize> = edges
        .iter()
        .filter(|edge| {
            edge.to != 0
                && !homes
                    .iter()
                    .any(|home| home.file == edge.to && is_within(&edge.target, &home.from))
        })
        .map(|edge| edge.to)
        .collect();
    let mut ids: Vec<Option<String>> = vec![None; sources.len()];
    let mut taken = BTreeSet::new();
    for &file in &grafted {
        let stem = sources[file]
            .path
            .as_deref()
            .and_then(|path| path.file_stem())
            .map_or_else(|| "file".to_owned(), |s| s.to_string_lossy().into_owned());
        let mut id = stem.clone();
        let mut counter = 1;
        while !taken.insert(id.clone()) {
            counter += 1;
            id = format!("{stem}-{counter}");
        }
        ids[file] = Some(id);
    }
    let placement = Placement { homes, ids };

    for edge in edges {
        if edge.from == 0 && edge.written_local {
            continue;
        }
        let target = format!("#{}", fragment(&placement.place(edge.to, &edge.target)));
        if let Some(slot) = sources[edge.from].value.pointer_mut(&edge.site) {
            *slot = Value::String(target);
        }
    }

    let mut root = std::mem::take(&mut sources[0].value);
    for home in &placement.homes {
        let stub = json!({ "$ref": format!("#{}", fragment(&home.at)) });
        let content = sources[home.file]
            .value
            .pointer_mut(&home.from)
            .map(|piece| std::mem::replace(piece, stub));
        if let (Some(content), Some(slot)) = (content, root.pointer_mut(&home.at)) {
            *slot = content;
        }
    }
    if !grafted.is_empty() {
        if let Value::Object(members) = &mut root {
            if members.contains_key(KEY) {
                let at = format!("/{KEY}");
                let Position { line, column } = sources[0].spans.locate(&at);
                let location = Location {
                    file: sources[0].name.clone(),
                    line,
                    column,
                    pointer: at,
                };
                let message = format!(
                    "`{KEY}` is reserved for the files that `$ref`s reach; rename this member"
                );
                problems.error(Some(location), message);
            }
            let mut files = Map::new();
            for &file in &grafted {
                if let Some(id) = &placement.ids[file] {
                    files.insert(id.clone(), std::mem::take(&mut sources[file].value));
                }
            }
            members.insert(KEY.to_owned(), Value::Object(files));
        }
    }

    let mut mounts = BTreeMap::new();
    for home in &placement.homes {
        mounts.insert(home.at.clone(), (home.file - 1, home.from.clone()));
    }
    for &file in &grafted {
        mounts.insert(placement.place(file, ""), (file - 1, String::new()));
    }
    let mut sources = sources.into_iter();
    let spans = sources.next().map(|root| root.spans).unwrap_or_default();
    let files = sources
        .map(|source| GraftedFile {
            name: source.name,
            spans: source.spans,
        })
        .collect();
    Bundle {
        root,
        spans,
        grafts: Grafts { files, mounts },
        placement,
    }
}

/// The homes: each member `components/<section>/<name>` of the root document that holds nothing
/// but a reference to a piece of another file, unless an earlier home already holds that piece or
/// a piece that contains it or is contained in it.
fn find_homes(sources: &[Source], edges: &[Edge]) -> Vec<Home> {
    let mut homes: Vec<Home> = Vec::new();
    for edge in edges {
        if edge.from != 0 || edge.to == 0 || edge.mapping {
            continue;
        }
        let tokens = pointer_tokens(&edge.holder);
        let in_components = tokens.len() == 3 && tokens[0] == "components";
        let only_a_reference = sources[0]
            .value
            .pointer(&edge.holder)
            .and_then(Value::as_object)
            .is_some_and(|holder| holder.len() == 1);
        let overlaps = homes.iter().any(|home| {
            home.file == edge.to
                && (is_within(&edge.target, &home.from) || is_within(&home.from, &edge.target))
        });
        if in_components && only_a_reference && !overlaps {
            homes.push(Home {
                file: edge.to,
                from: edge.target.clone(),
                at: edge.holder.clone(),
            });
        }
    }
    homes
}

/// A JSON pointer written as a URI fragment that reads back as the same pointer: a reference is
/// percent-decoded when it holds valid `%XX` escapes, so then every `%` is escaped.
fn fragment(pointer: &str) -> String {
    let bytes = pointer.as_bytes();
    let decodable = bytes.iter().enumerate().any(|(at, &byte)| {
        byte == b'%'
            && bytes.get(at + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(at + 2).is_some_and(u8::is_ascii_hexdigit)
    });
    if decodable {
        pointer.replace('%', "%25")
    } else {
        pointer.to_owned()
    }
}

/// Whether the node at `pointer` is the node at `ancestor` or inside it.
fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer
        .strip_prefix(ancestor)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_read_back_as_the_same_pointer() {
        for pointer in ["/a/b", "/100%", "/a%41", "/100%/%41", "/%"] {
            let reference = format!("#{}", fragment(pointer));
            assert_eq!(
                super::super::refs::local_pointer(&reference).as_deref(),
                Some(pointer),
                "{reference}"
            );
        }
        assert_eq!(fragment("/100%"), "/100%");
        assert_eq!(fragment("/a%41"), "/a%2541");
    }

    #[test]
    fn within() {
        assert!(is_within("/a/b", "/a"));
        assert!(is_within("/a", "/a"));
        assert!(is_within("/a", ""));
        assert!(!is_within("/ab", "/a"));
        assert!(!is_within("/a", "/a/b"));
    }

    #[test]
    fn pointers_into_mounts_are_located_in_their_file() {
        let mut spans = SpanIndex::default();
        let root = spans.open(Position { line: 1, column: 1 }, None);
        let name = spans.open(Position { line: 3, column: 5 }, Some("name"));
        spans.close(name);
        spans.close(root);
        let grafts = Grafts {
            files: vec![GraftedFile {
                name: "schemas/pet.yaml".into(),
                spans,
            }],
            mounts: BTreeMap::from([
                ("/x-sls-bundled/pet".to_owned(), (0, String::new())),
                (
                    "/components/schemas/Pet".to_owned(),
                    (0, "/name".to_owned()),
                ),
            ]),
        };
        let at = |pointer: &str| {
            grafts
                .locate(pointer)
                .map(|l| (l.file, l.line, l.column, l.pointer))
        };
        assert_eq!(
            at("/x-sls-bundled/pet/name/type"),
            Some(("schemas/pet.yaml".into(), 3, 5, "/name/type".into()))
        );
        assert_eq!(
            at("/x-sls-bundled/pet"),
            Some(("schemas/pet.yaml".into(), 1, 1, String::new()))
        );
        assert_eq!(
            at("/components/schemas/Pet"),
            Some(("schemas/pet.yaml".into(), 3, 5, "/name".into()))
        );
        assert_eq!(at("/components/schemas/Petty"), None);
        assert_eq!(at("/x-sls-bundled/petty/name"), None);
        assert_eq!(at(""), None);
    }
}
