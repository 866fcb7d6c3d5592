//! A compact JSON pointer → source position index.
//!
//! Nodes are stored in document order (pre-order), one fixed-size record each, plus one string
//! arena holding every mapping key. A record knows where its subtree ends, so the children of a
//! node are found by hopping from one sibling to the next. Looking up a pointer costs the number
//! of siblings passed on each level, which is nothing next to reporting a diagnostic, and the
//! index costs 20 bytes a node plus the keys: a 13 MB spec indexes in a few tens of megabytes,
//! with one allocation per growth of two vectors instead of one string per node.
//!
//! The index describes the document as it was written. Later rewrites of the JSON value (3.1
//! normalisation, defaults filled in) do not touch it; a pointer that no longer matches the file
//! resolves to its nearest ancestor that does.

use crate::diagnostics::pointer_tokens;

/// Marks a sequence item: its "key" is its position among its siblings.
const NO_KEY: u32 = u32::MAX;

/// One node of the source.
#[derive(Debug, Clone, Copy)]
struct Span {
    /// Line of the node, from 1; for a mapping member, the line of its key.
    line: u32,
    /// Column of the node in characters, from 1; for a mapping member, the column of its key.
    column: u32,
    /// Index one past the node's last descendant.
    end: u32,
    /// Start of the member's key in the arena, or [`NO_KEY`] for sequence items and the root.
    key_start: u32,
    /// End of the member's key in the arena.
    key_end: u32,
}

/// Where every node of a parsed document starts.
#[derive(Debug, Default, Clone)]
pub(crate) struct SpanIndex {
    spans: Vec<Span>,
    keys: String,
}

/// A position in the source, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl Position {
    /// The first character of a file.
    pub const START: Position = Position { line: 1, column: 1 };
}

impl SpanIndex {
    /// Records a node that starts at `position`, as a member named `key` of a mapping or (for
    /// `None`) as a sequence item or the root. Returns its id; [`SpanIndex::close`] must follow
    /// once its last descendant has been recorded.
    pub fn open(&mut self, position: Position, key: Option<&str>) -> usize {
        let (key_start, key_end) = match key {
            Some(key) => {
                let start = self.keys.len();
                self.keys.push_str(key);
                (clamp(start), clamp(self.keys.len()))
            }
            None => (NO_KEY, NO_KEY),
        };
        self.spans.push(Span {
            line: clamp(position.line),
            column: clamp(position.column),
            end: 0,
            key_start,
            key_end,
        });
        self.spans.len() - 1
    }

    /// Marks the end of node `id`'s subtree: every node recorded since belongs to it.
    pub fn close(&mut self, id: usize) {
        let end = clamp(self.spans.len());
        if let Some(span) = self.spans.get_mut(id) {
            span.end = end;
        }
    }

    /// Moves the start of node `id` back to `position` when that is earlier and the node is not a
    /// mapping member (whose position is its key's). The parser marks a block mapping where its
    /// first key ends, so the builder calls this with the first key's position.
    pub fn move_start_back(&mut self, id: usize, position: Position) {
        if let Some(span) = self.spans.get_mut(id) {
            let earlier = (clamp(position.line), clamp(position.column)) < (span.line, span.column);
            if span.key_start == NO_KEY && earlier {
                span.line = clamp(position.line);
                span.column = clamp(position.column);
            }
        }
    }

    /// Position of node `id`.
    pub fn position(&self, id: usize) -> Position {
        self.spans.get(id).map_or(Position::START, |span| Position {
            line: span.line as usize,
            column: span.column as usize,
        })
    }

    /// The child of `parent` reached by the pointer token `token`: the member with that key or,
    /// for a sequence, the item with that index. Works on a node that is still open.
    pub fn child(&self, parent: usize, token: &str) -> Option<usize> {
        let end = match self.spans.get(parent)?.end {
            0 => self.spans.len(),
            end => end as usize,
        };
        let index: Option<usize> = token.parse().ok();
        let mut child = parent + 1;
        let mut count = 0;
        while child < end {
            let span = self.spans[child];
            let matches = if span.key_start == NO_KEY {
                index == Some(count)
            } else {
                self.keys
                    .get(span.key_start as usize..span.key_end as usize)
                    == Some(token)
            };
            if matches {
                return Some(child);
            }
            count += 1;
            child = match span.end as usize {
                next if next > child => next,
                // Still open: it is the last child so far.
                _ => end,
            };
        }
        None
    }

    /// The deepest node on the way to `pointer`: the node itself when it exists in the source,
    /// otherwise its nearest existing ancestor. `None` only for an empty index.
    pub fn nearest(&self, pointer: &str) -> Option<usize> {
        if self.spans.is_empty() {
            return None;
        }
        let mut node = 0;
        for token in pointer_tokens(pointer) {
            match self.child(node, &token) {
                Some(child) => node = child,
                None => break,
            }
        }
        Some(node)
    }

    /// Every record as (line, column, end, key), in document order: two parsers that agree on
    /// these agree on every lookup.
    #[cfg(test)]
    pub fn records(&self) -> Vec<(u32, u32, u32, Option<&str>)> {
        self.spans
            .iter()
            .map(|span| {
                let key = (span.key_start != NO_KEY)
                    .then(|| {
                        self.keys
                            .get(span.key_start as usize..span.key_end as usize)
                    })
                    .flatten();
                (span.line, span.column, span.end, key)
            })
            .collect()
    }

    /// Position of `pointer`, or of its nearest existing ancestor.
    pub fn locate(&self, pointer: &str) -> Position {
        self.nearest(pointer)
            .map_or(Position::START, |node| self.position(node))
    }
}

/// Positions and key offsets are stored as `u32`; the loader refuses larger inputs.
fn clamp(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn finds_members_items_and_ancestors() {
        // {a: [x, {b: y}], "c/d": z}
        let mut index = SpanIndex::default();
        let root = index.open(at(1, 1), None);
        let a = index.open(at(1, 2), Some("a"));
        let x = index.open(at(1, 6), None);
        index.close(x);
        let item = index.open(at(1, 9), None);
        let b = index.open(at(1, 10), Some("b"));
        index.close(b);
        index.close(item);
        index.close(a);
        let cd = index.open(at(2, 2), Some("c/d"));
        index.close(cd);
        index.close(root);

        assert_eq!(index.locate(""), at(1, 1));
        assert_eq!(index.locate("/a"), at(1, 2));
        assert_eq!(index.locate("/a/0"), at(1, 6));
        assert_eq!(index.locate("/a/1/b"), at(1, 10));
        assert_eq!(index.locate("/c~1d"), at(2, 2));
        assert_eq!(index.locate("/a/1/nope/deeper"), at(1, 9));
        assert_eq!(index.locate("/a/7"), at(1, 2));
        assert_eq!(SpanIndex::default().locate("/a"), Position::START);
    }
}
