//! The YAML path of the parser: YAML 1.2 text → `serde_json::Value` plus a [`SpanIndex`] of
//! where each node starts.
//!
//! It drives `yaml-rust2`'s event parser in a loop and builds the tree on an explicit stack, so
//! deep input costs heap, never Rust stack. Three budgets keep hostile input cheap: nesting depth
//! ([`MAX_DEPTH`]), the number of nodes after anchors and aliases are expanded ([`MAX_NODES`]), and
//! the input size (positions are stored as `u32`).

use std::collections::HashMap;

use serde_json::{Map, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::parse::{Parsed, MAX_DEPTH, MAX_NODES};
use super::scalar;
use super::spans::{Position, SpanIndex};
use crate::diagnostics::{push_pointer_token, Diagnostics, Location};

/// Parses `text`, reporting every problem into `diagnostics` as an error located in `file`.
///
/// Syntax errors, exhausted budgets and a second document stop the parse (the result is then not
/// `complete`); duplicate keys (the first one wins), badly tagged scalars and collections used as
/// keys are reported and parsing goes on, so that one pass reports them all.
pub(crate) fn parse(file: &str, text: &str, diagnostics: &mut Diagnostics) -> Parsed {
    let mut builder = Builder::new(file, diagnostics);
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0;
    while !builder.stopped {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(error) => {
                let pointer = builder.pointer();
                // The scanner refuses flow collections nested 256 deep before the parser hands
                // over the event that would reach our own limit: the same problem, in our words.
                let message = if error.info() == "recursion limit exceeded" {
                    format!("nesting deeper than {MAX_DEPTH} levels")
                } else {
                    format!("syntax error: {}", error.info())
                };
                builder.stop(position(error.marker()), pointer, message);
                break;
            }
        };
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    builder.stop(
                        position(&mark),
                        String::new(),
                        "the file holds more than one YAML document; put the spec in one",
                    );
                    break;
                }
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
            Event::Scalar(text, style, anchor, tag) => {
                builder.scalar(text, style, anchor, tag.as_ref(), position(&mark));
            }
            Event::Alias(anchor) => builder.alias(anchor, position(&mark)),
            Event::SequenceStart(anchor, _) => {
                builder.start(Collection::Sequence(Vec::new()), anchor, position(&mark));
            }
            Event::MappingStart(anchor, _) => {
                builder.start(Collection::Mapping(Map::new()), anchor, position(&mark));
            }
            Event::SequenceEnd | Event::MappingEnd => builder.end(),
        }
    }
    Parsed {
        root: builder.root.take(),
        spans: std::mem::take(&mut builder.spans),
        complete: !builder.stopped,
    }
}

fn position(mark: &Marker) -> Position {
    // yaml-rust2 counts lines from 1 and columns from 0.
    Position {
        line: mark.line().max(1),
        column: mark.col() + 1,
    }
}

/// A collection under construction.
enum Collection {
    Sequence(Vec<Value>),
    Mapping(Map<String, Value>),
}

/// A mapping key waiting for its value.
struct Key {
    text: String,
    position: Position,
    /// False for a key already present (its value is parsed, then dropped) or an unusable key.
    keep: bool,
    /// The YAML merge key `<<`: its value's members are merged into the enclosing mapping.
    merge: bool,
}

/// An open collection on the builder's stack.
struct Frame {
    collection: Collection,
    /// Its anchor id, 0 for none.
    anchor: usize,
    /// Its id in the span index.
    span: usize,
    /// Nodes in its subtree so far, itself included.
    nodes: usize,
    /// Levels of collections in its subtree so far, itself included.
    height: usize,
    /// For a mapping: the key whose value comes next; `None` while a key is expected.
    key: Option<Key>,
    /// Mappings merged in with `<<`, in order of precedence.
    merges: Vec<Map<String, Value>>,
}

/// A node that has an anchor, kept for its aliases.
struct Anchored {
    value: Value,
    nodes: usize,
    height: usize,
    /// The source text, for a scalar: an alias used as a key stands for that text.
    text: Option<String>,
}

struct Builder<'a> {
    file: &'a str,
    diagnostics: &'a mut Diagnostics,
    spans: SpanIndex,
    frames: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    root: Option<Value>,
    /// Nodes built so far, aliases expanded.
    nodes: usize,
    /// While skipping a collection used as a mapping key: how many levels are open, and where
    /// the key started.
    skipping: Option<(usize, Position)>,
    /// Set by an error after which the parse cannot go on.
    stopped: bool,
}

impl<'a> Builder<'a> {
    fn new(file: &'a str, diagnostics: &'a mut Diagnostics) -> Self {
        Self {
            file,
            diagnostics,
            spans: SpanIndex::default(),
            frames: Vec::new(),
            anchors: HashMap::new(),
            root: None,
            nodes: 0,
            skipping: None,
            stopped: false,
        }
    }

    fn error(&mut self, at: Position, pointer: String, message: impl Into<String>) {
        let location = Location {
            file: self.file.to_owned(),
            line: at.line,
            column: at.column,
            pointer,
        };
        self.diagnostics.error(Some(location), message);
    }

    fn stop(&mut self, at: Position, pointer: String, message: impl Into<String>) {
        self.error(at, pointer, message);
        self.stopped = true;
    }

    /// The JSON pointer of the node being parsed (for a mapping that expects a key: the mapping).
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for frame in &self.frames {
            match &frame.collection {
                Collection::Sequence(items) => {
                    push_pointer_token(&mut pointer, &items.len().to_string())
                }
                Collection::Mapping(_) => {
                    if let Some(key) = &frame.key {
                        push_pointer_token(&mut pointer, &key.text);
                    }
                }
            }
        }
        pointer
    }

    /// Whether the next node is a mapping key.
    fn expects_key(&self) -> bool {
        matches!(
            self.frames.last(),
            Some(Frame {
                collection: Collection::Mapping(_),
                key: None,
                ..
            })
        )
    }

    /// Records the next node in the span index, under the pending key if its parent is a mapping.
    fn open_span(&mut self, at: Position) -> usize {
        match self.frames.last().and_then(|frame| frame.key.as_ref()) {
            Some(key) => self.spans.open(key.position, Some(&key.text)),
            None => self.spans.open(at, None),
        }
    }

    /// Counts `nodes` more nodes against [`MAX_NODES`]; false (after reporting) when over.
    fn count(&mut self, nodes: usize, at: Position) -> bool {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > MAX_NODES {
            let pointer = self.pointer();
            self.stop(
                at,
                pointer,
                format!(
                    "the document expands to more than {MAX_NODES} nodes \
                     (through anchors and aliases?); refusing to load it"
                ),
            );
            return false;
        }
        true
    }

    /// Takes `text` as the pending key of the innermost mapping.
    fn set_key(&mut self, text: String, at: Position, merge: bool) {
        let Some(frame) = self.frames.last() else {
            return;
        };
        let mut keep = true;
        if let Collection::Mapping(map) = &frame.collection {
            if map.is_empty() && frame.merges.is_empty() {
                self.spans.move_start_back(frame.span, at);
            }
            if map.contains_key(&text) {
                keep = false;
                let first = self
                    .spans
                    .child(frame.span, &text)
                    .map_or(at, |id| self.spans.position(id));
                let mut pointer = self.pointer();
                push_pointer_token(&mut pointer, &text);
                let message = format!(
                    "duplicate key `{text}` (first defined at {}:{}:{})",
                    self.file, first.line, first.column
                );
                self.error(at, pointer, message);
            }
        }
        if let Some(frame) = self.frames.last_mut() {
            frame.key = Some(Key {
                text,
                position: at,
                keep,
                merge: merge && keep,
            });
        }
    }

    fn scalar(
        &mut self,
        text: String,
        style: TScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        at: Position,
    ) {
        if self.skipping.is_some() {
            return;
        }
        if self.expects_key() {
            if anchor != 0 {
                let value = scalar::resolve(text.clone(), style, tag).unwrap_or(Value::Null);
                let anchored = Anchored {
                    value,
                    nodes: 1,
                    height: 0,
                    text: Some(text.clone()),
                };
                self.anchors.insert(anchor, anchored);
            }
            let merge = style == TScalarStyle::Plain && text == "<<";
            self.set_key(text, at, merge);
            return;
        }
        if !self.count(1, at) {
            return;
        }
        let source = (anchor != 0).then(|| text.clone());
        let value = match scalar::resolve(text, style, tag) {
            Ok(value) => value,
            Err(message) => {
                let pointer = self.pointer();
                self.error(at, pointer, message);
                Value::Null
            }
        };
        let id = self.open_span(at);
        self.spans.close(id);
        if anchor != 0 {
            let anchored = Anchored {
                value: value.clone(),
                nodes: 1,
                height: 0,
                text: source,
            };
            self.anchors.insert(anchor, anchored);
        }
        self.attach(value, 1, 0, at);
    }

    fn alias(&mut self, anchor: usize, at: Position) {
        if self.skipping.is_some() {
            return;
        }
        let Some(anchored) = self.anchors.get(&anchor) else {
            let pointer = self.pointer();
            self.stop(
                at,
                pointer,
                "an alias refers to a node that contains it (recursive alias)",
            );
            return;
        };
        let (nodes, height, text) = (anchored.nodes, anchored.height, anchored.text.clone());
        if self.expects_key() {
            match text {
                Some(text) => self.set_key(text, at, false),
                None => self.bad_key(at),
            }
            return;
        }
        if self.frames.len() + height > MAX_DEPTH {
            let pointer = self.pointer();
            self.stop(
                at,
                pointer,
                format!("nesting deeper than {MAX_DEPTH} levels (through an alias)"),
            );
            return;
        }
        if !self.count(nodes, at) {
            return;
        }
        let value = self
            .anchors
            .get(&anchor)
            .map_or(Value::Null, |a| a.value.clone());
        let id = self.open_span(at);
        self.spans.close(id);
        self.attach(value, nodes, height, at);
    }

    /// Reports a collection used as a mapping key; its value is then parsed and dropped.
    fn bad_key(&mut self, at: Position) {
        let pointer = self.pointer();
        self.error(
            at,
            pointer,
            "a mapping key must be a scalar, not a collection",
        );
        if let Some(frame) = self.frames.last_mut() {
            frame.key = Some(Key {
                text: String::new(),
                position: at,
                keep: false,
                merge: false,
            });
        }
    }

    fn start(&mut self, collection: Collection, anchor: usize, at: Position) {
        let depth = self.frames.len() + 1 + self.skipping.map_or(0, |(levels, _)| levels);
        if depth > MAX_DEPTH {
            let pointer = self.pointer();
            self.stop(
                at,
                pointer,
                format!("nesting deeper than {MAX_DEPTH} levels"),
            );
            return;
        }
        if let Some((levels, _)) = &mut self.skipping {
            *levels += 1;
            return;
        }
        if self.expects_key() {
            self.skipping = Some((1, at));
            return;
        }
        if !self.count(1, at) {
            return;
        }
        let span = self.open_span(at);
        self.frames.push(Frame {
            collection,
            anchor,
            span,
            nodes: 1,
            height: 1,
            key: None,
            merges: Vec::new(),
        });
    }

    fn end(&mut self) {
        if let Some((levels, key_at)) = &mut self.skipping {
            *levels -= 1;
            if *levels == 0 {
                let key_at = *key_at;
                self.skipping = None;
                self.bad_key(key_at);
            }
            return;
        }
        let Some(frame) = self.frames.pop() else {
            return;
        };
        self.spans.close(frame.span);
        let value = match frame.collection {
            Collection::Sequence(items) => Value::Array(items),
            Collection::Mapping(mut map) => {
                for merged in frame.merges {
                    for (key, value) in merged {
                        map.entry(key).or_insert(value);
                    }
                }
                Value::Object(map)
            }
        };
        if frame.anchor != 0 {
            let anchored = Anchored {
                value: value.clone(),
                nodes: frame.nodes,
                height: frame.height,
                text: None,
            };
            self.anchors.insert(frame.anchor, anchored);
        }
        let at = self.spans.position(frame.span);
        self.attach(value, frame.nodes, frame.height, at);
    }

    /// Hands a finished node to its parent (or makes it the root).
    fn attach(&mut self, value: Value, nodes: usize, height: usize, at: Position) {
        let Some(frame) = self.frames.last_mut() else {
            self.root = Some(value);
            return;
        };
        frame.nodes += nodes;
        frame.height = frame.height.max(height + 1);
        match &mut frame.collection {
            Collection::Sequence(items) => items.push(value),
            Collection::Mapping(map) => {
                let Some(key) = frame.key.take() else {
                    return;
                };
                if key.merge {
                    match value {
                        Value::Object(merged) => frame.merges.push(merged),
                        Value::Array(items) if items.iter().all(Value::is_object) => {
                            frame
                                .merges
                                .extend(items.into_iter().filter_map(|item| match item {
                                    Value::Object(merged) => Some(merged),
                                    _ => None,
                                }));
                        }
                        _ => {
                            let mut pointer = self.pointer();
                            push_pointer_token(&mut pointer, "<<");
                            self.error(
                                at,
                                pointer,
                                "the merge key `<<` takes a mapping or a list of mappings",
                            );
                        }
                    }
                } else if key.keep {
                    map.insert(key.text, value);
                }
            }
        }
    }
}
