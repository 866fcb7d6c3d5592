//! Bracket notation: values of any shape carried by `name=value` pairs, as PHP, Rails, `qs` and
//! Stripe write them.
//!
//! The keys of one value (`name`, `name[a]`, `name[a][b]`, `name[]`, `name[0]`) are first parsed
//! into a tree of raw text, with no types: `metadata[plan]=pro&items[0][price]=p&expand[]=a`.
//! The tree is then walked together with the schema, which decides what each node is:
//!
//! - an object takes named keys (`name[a]`), each read as its property's schema (a declared
//!   property, or the value schema of `additionalProperties`); a single value is JSON text;
//! - an array takes `[]` keys (each one a new item, in order) or indexes (`[0]`, `[1]`, in index
//!   order, gaps closed up), or repeated values (`name=a&name=b`); a single value is one item,
//!   or the whole array when it is JSON text of an array (or, for a parameter that is not
//!   exploded, the items split at the style's delimiter);
//! - a scalar takes exactly one value, coerced to its type;
//! - a union (`oneOf`/`anyOf`) is decided by the shape of what arrived: the alternatives that
//!   naturally take it (one value: a scalar; repeated values, `[]` or indexes: an array; names: an
//!   object) are tried in order first, then those that take it as JSON text or as a one-item
//!   array; the first whose value is valid wins.
//!
//! Errors carry the pointer of the value they concern (`/query/created/gt`,
//! `/body/items/0/price`; array positions are those of the decoded array) and never quote the
//! input. Reading is bounded: at most [`MAX_KEYS`] keys per value, [`MAX_DEPTH`] brackets per key
//! and indexes below [`MAX_INDEX`].

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::problem::FieldError;
use crate::schema::{self, Additional, Schema, TaggedRules};
use crate::style::{self, Decoding, ObjectShape, Pair, Read, Shape, Sink};

/// The most keys one value is read from.
pub(crate) const MAX_KEYS: usize = 1000;
/// The most brackets in one key.
pub(crate) const MAX_DEPTH: usize = 16;
/// Array indexes are below this.
pub(crate) const MAX_INDEX: usize = 1000;

/// One bracket of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment<'k> {
    /// `[]`: a new array item.
    Append,
    /// `[text]`: a property name or an array index, as the schema decides.
    Name(&'k str),
}

/// Why a key cannot be read.
#[derive(Debug, PartialEq, Eq)]
enum KeyError {
    /// The brackets do not pair up, or text follows them.
    Malformed,
    /// More than [`MAX_DEPTH`] brackets.
    TooDeep,
}

impl KeyError {
    fn message(&self) -> String {
        match self {
            KeyError::Malformed => {
                "has a malformed key: brackets must pair up, as in `name[a][0]`".to_owned()
            }
            KeyError::TooDeep => format!("has a key nested deeper than {MAX_DEPTH} levels"),
        }
    }
}

/// The brackets that follow a name (`[a][0][]`). The text inside a bracket cannot hold `[` or
/// `]`, and nothing may follow the last one.
fn segments(mut rest: &str) -> Result<Vec<Segment<'_>>, KeyError> {
    let mut out = Vec::new();
    while !rest.is_empty() {
        let Some(open) = rest.strip_prefix('[') else {
            return Err(KeyError::Malformed);
        };
        let Some(end) = open.find(']') else {
            return Err(KeyError::Malformed);
        };
        let inner = &open[..end];
        if inner.contains('[') {
            return Err(KeyError::Malformed);
        }
        if out.len() == MAX_DEPTH {
            return Err(KeyError::TooDeep);
        }
        out.push(if inner.is_empty() {
            Segment::Append
        } else {
            Segment::Name(inner)
        });
        rest = &open[end + 1..];
    }
    Ok(out)
}

/// The raw text of a value, as its keys arranged it.
#[derive(Debug, PartialEq)]
enum Node<'p> {
    /// The values given to the key itself (still percent-encoded), in order.
    Values(Vec<&'p str>),
    /// Bracketed keys below it, in order of first appearance; a name appears once, `[]` once
    /// per item.
    Keys(Vec<(Segment<'p>, Node<'p>)>),
}

impl<'p> Node<'p> {
    fn empty() -> Self {
        Node::Values(Vec::new())
    }

    /// Adds `value` at `path`. On a conflict (a value where keys are, keys where a value is),
    /// the tokens of the node where it happened.
    fn insert(&mut self, path: &[Segment<'p>], value: &'p str) -> Result<(), Vec<&'p str>> {
        let Some((first, rest)) = path.split_first() else {
            return match self {
                Node::Values(values) => {
                    values.push(value);
                    Ok(())
                }
                Node::Keys(_) => Err(Vec::new()),
            };
        };
        if let Node::Values(values) = self {
            if !values.is_empty() {
                return Err(Vec::new());
            }
            *self = Node::Keys(Vec::new());
        }
        let Node::Keys(children) = self else {
            return Err(Vec::new());
        };
        let index = match first {
            Segment::Name(name) => children
                .iter()
                .position(|(segment, _)| segment == &Segment::Name(name)),
            Segment::Append => None,
        };
        let index = index.unwrap_or_else(|| {
            children.push((*first, Node::empty()));
            children.len() - 1
        });
        children[index].1.insert(rest, value).map_err(|mut tokens| {
            if let Segment::Name(name) = first {
                tokens.insert(0, name);
            }
            tokens
        })
    }

    /// Whether every value in the tree is empty text.
    fn all_empty(&self) -> bool {
        match self {
            Node::Values(values) => values.iter().all(|v| v.is_empty()),
            Node::Keys(children) => children.iter().all(|(_, child)| child.all_empty()),
        }
    }
}

/// The tree of `name`'s keys among `pairs`: `name` itself and every `name[...]`. `Ok(None)`
/// when there are none; `Err` after recording why the keys cannot be read.
fn collect<'p, 'a: 'p>(
    name: &str,
    pairs: impl IntoIterator<Item = &'p Pair<'a>>,
    sink: &mut Sink<'_>,
) -> Result<Option<Node<'p>>, ()> {
    let mut root = Node::empty();
    let mut count = 0;
    for pair in pairs {
        let key: &'p str = &pair.key;
        let path = if key == name {
            Vec::new()
        } else {
            match key.strip_prefix(name) {
                Some(rest) if rest.starts_with('[') => match segments(rest) {
                    Ok(path) => path,
                    Err(error) => {
                        sink.errors
                            .push(FieldError::new(sink.pointer, error.message()));
                        return Err(());
                    }
                },
                _ => continue,
            }
        };
        count += 1;
        if count > MAX_KEYS {
            sink.errors.push(FieldError::new(
                sink.pointer,
                format!("has more than {MAX_KEYS} keys"),
            ));
            return Err(());
        }
        if let Err(tokens) = root.insert(&path, pair.value) {
            let mut pointer = sink.pointer.to_owned();
            for token in tokens {
                schema::push_token(&mut pointer, token);
            }
            sink.errors.push(FieldError::new(
                pointer,
                "is given both as a value and with `[...]` keys",
            ));
            return Err(());
        }
    }
    Ok((count > 0).then_some(root))
}

/// How the values of one parameter or property are read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// How values are percent-decoded.
    pub decoding: Decoding,
    /// For a parameter that is not exploded: the delimiter of an array given as one value.
    pub delimiter: Option<char>,
    /// Whether a value that is empty everywhere counts as absent.
    pub allow_empty: bool,
}

/// Reads `name` of `schema` from `pairs`: the values of the key `name` and every `name[...]`
/// key, arranged by their brackets and coerced by the schema.
pub(crate) fn read<'p, 'a: 'p>(
    name: &str,
    schema: &'static Schema,
    pairs: impl IntoIterator<Item = &'p Pair<'a>>,
    options: Options,
    sink: &mut Sink<'_>,
) -> Read {
    let node = match collect(name, pairs, sink) {
        Err(()) => return Read::Invalid,
        Ok(None) => return Read::Absent,
        Ok(Some(node)) => node,
    };
    if options.allow_empty && node.all_empty() {
        return Read::Absent;
    }
    let mut reader = Reader {
        decoding: options.decoding,
        pointer: sink.pointer.to_owned(),
        errors: &mut *sink.errors,
    };
    match reader.value(schema, &node, options.delimiter) {
        Some(value) => Read::Value(value),
        None => Read::Invalid,
    }
}

/// Reads an exploded `form` object whose properties are not all scalars: each property from its
/// own keys (`name=...`, `address[city]=...`), and, for a map, every other key that `claimed`
/// leaves to it, grouped by the name before its brackets.
pub(crate) fn exploded(
    object: &ObjectShape,
    pairs: &[Pair<'_>],
    claimed: &dyn Fn(&str) -> bool,
    options: Options,
    sink: &mut Sink<'_>,
) -> Read {
    let mut map = Map::new();
    let mut failed = false;
    let mut read_one = |name: &str, schema, group: Vec<&Pair<'_>>, sink: &mut Sink<'_>| {
        let mut pointer = sink.pointer.to_owned();
        schema::push_token(&mut pointer, name);
        let mut inner = Sink {
            pointer: &pointer,
            errors: &mut *sink.errors,
        };
        match read(name, schema, group, options, &mut inner) {
            Read::Value(value) => {
                map.insert(name.to_owned(), value);
            }
            Read::Absent => {}
            Read::Invalid => failed = true,
        }
    };
    for property in &object.properties {
        read_one(property.name, property.schema, pairs.iter().collect(), sink);
    }
    if let Additional::Schema(values) = object.additional {
        let declared = |key: &str| object.properties.iter().any(|p| p.name == base_name(key));
        for (base, group) in group(pairs, base_name, |key| !declared(key) && !claimed(key)) {
            read_one(base, values, group, sink);
        }
    }
    if failed {
        Read::Invalid
    } else if map.is_empty() {
        Read::Absent
    } else {
        Read::Value(Value::Object(map))
    }
}

/// The pairs whose key `keep` accepts, grouped by `name_of` their key, in order of first
/// appearance.
pub(crate) fn group<'p, 'a: 'p>(
    pairs: &'p [Pair<'a>],
    name_of: impl Fn(&'p str) -> &'p str,
    keep: impl Fn(&str) -> bool,
) -> Vec<(&'p str, Vec<&'p Pair<'a>>)> {
    let mut index: BTreeMap<&'p str, usize> = BTreeMap::new();
    let mut groups: Vec<(&'p str, Vec<&'p Pair<'a>>)> = Vec::new();
    for pair in pairs {
        let key: &'p str = &pair.key;
        if !keep(key) {
            continue;
        }
        let name = name_of(key);
        match index.get(name) {
            Some(&at) => groups[at].1.push(pair),
            None => {
                index.insert(name, groups.len());
                groups.push((name, vec![pair]));
            }
        }
    }
    groups
}

/// The name of a key before its brackets (`a[b][c]` → `a`).
pub(crate) fn base_name(key: &str) -> &str {
    key.split('[').next().unwrap_or(key)
}

/// Reads one piece of text (a path segment or a header, already decoded) whose schema has no
/// serialization in its style: JSON text when it is JSON of the schema, otherwise the text itself
/// read as the schema's one value (a scalar, a one-item array, a union's string alternative).
pub(crate) fn text(schema: &'static Schema, text: &str, sink: &mut Sink<'_>) -> Read {
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        if schema::is_valid(schema, &value) {
            return Read::Value(value);
        }
    }
    let node = Node::Values(vec![text]);
    let mut reader = Reader {
        decoding: Decoding::Verbatim,
        pointer: sink.pointer.to_owned(),
        errors: &mut *sink.errors,
    };
    match reader.value(schema, &node, None) {
        Some(value) => Read::Value(value),
        None => Read::Invalid,
    }
}

/// What a schema is, to the reader of a tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One value.
    Scalar,
    /// An array.
    Array,
    /// An object (or map).
    Object,
    /// Anything: the empty schema, or a union (nested in a union, it takes any shape).
    Any,
}

fn kind(schema: &'static Schema) -> Kind {
    match schema {
        Schema::Nullable(inner) => kind(inner),
        Schema::Any | Schema::AnyOf(_) | Schema::OneOf(_) => Kind::Any,
        Schema::Array(_) => Kind::Array,
        Schema::Object(_) | Schema::Tagged(_) => Kind::Object,
        Schema::AllOf(parts) => match style::shape(schema) {
            Shape::Object(_) => Kind::Object,
            _ => match parts {
                [one] => kind(one),
                _ => Kind::Any,
            },
        },
        _ => Kind::Scalar,
    }
}

/// How well an alternative of a union takes a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// The node has the alternative's shape.
    Natural,
    /// It takes it as JSON text or as a one-item array.
    Fallback,
    /// It cannot take it.
    No,
}

/// Whether a bracket's text is an array index: decimal digits without leading zeros.
fn index(text: &str) -> Option<usize> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if !canonical {
        return None;
    }
    // Anything longer is beyond any index sent in practice; it reads as too large.
    Some(text.parse::<usize>().unwrap_or(usize::MAX))
}

fn fit(schema: &'static Schema, node: &Node<'_>, delimiter: Option<char>) -> Fit {
    match (kind(schema), node) {
        (Kind::Any, _) => Fit::Natural,
        (Kind::Scalar, Node::Values(values)) if values.len() == 1 => Fit::Natural,
        (Kind::Array, Node::Values(values)) if values.len() == 1 => {
            if delimiter.is_some() {
                Fit::Natural
            } else {
                Fit::Fallback
            }
        }
        (Kind::Array, Node::Values(_)) => Fit::Natural,
        (Kind::Object, Node::Values(values)) if values.len() == 1 => Fit::Fallback,
        (Kind::Object, Node::Keys(_)) => Fit::Natural,
        (Kind::Array, Node::Keys(children)) => {
            let indexed = children.iter().all(|(segment, _)| match segment {
                Segment::Append => true,
                Segment::Name(name) => index(name).is_some(),
            });
            if indexed {
                Fit::Natural
            } else {
                Fit::No
            }
        }
        _ => Fit::No,
    }
}

/// Walks a tree with its schema. Every method returns `None` exactly when it recorded an error.
struct Reader<'e> {
    decoding: Decoding,
    /// The pointer of the node being read.
    pointer: String,
    errors: &'e mut Vec<FieldError>,
}

impl Reader<'_> {
    fn error(&mut self, message: impl Into<String>) -> Option<Value> {
        self.errors.push(FieldError::new(&self.pointer, message));
        None
    }

    /// Runs `f` with the pointer extended by `token`.
    fn at<T>(&mut self, token: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        let length = self.pointer.len();
        schema::push_token(&mut self.pointer, token);
        let out = f(self);
        self.pointer.truncate(length);
        out
    }

    fn decode(&mut self, raw: &str) -> Option<String> {
        match style::decode(raw, self.decoding) {
            Ok(text) => Some(text.into_owned()),
            Err(message) => {
                self.error(message);
                None
            }
        }
    }

    /// The value of `node` as `schema` says. `delimiter` splits a single value of an array (a
    /// parameter that is not exploded); it applies to the top node only.
    fn value(
        &mut self,
        schema: &'static Schema,
        node: &Node<'_>,
        delimiter: Option<char>,
    ) -> Option<Value> {
        match schema {
            Schema::Nullable(inner) => self.value(inner, node, delimiter),
            Schema::Any => self.any(node),
            Schema::Array(rules) => self.array(rules.items, node, delimiter),
            Schema::Tagged(rules) => self.tagged(rules, node),
            Schema::Object(_) | Schema::AllOf(_) => match style::shape(schema) {
                Shape::Object(object) => self.object(&object, node),
                _ => match schema {
                    // A named alias, or schemas that all apply: read as the first, validated
                    // against all later.
                    Schema::AllOf([first, ..]) => self.value(first, node, delimiter),
                    _ => self.any(node),
                },
            },
            Schema::AnyOf(parts) | Schema::OneOf(parts) => self.union(parts, node, delimiter),
            _ => self.scalar(schema, node),
        }
    }

    fn scalar(&mut self, schema: &'static Schema, node: &Node<'_>) -> Option<Value> {
        match node {
            Node::Values(values) => match values.as_slice() {
                [one] => {
                    let text = self.decode(one)?;
                    match schema::coerce(schema, &text) {
                        Ok(value) => Some(value),
                        Err(message) => self.error(message),
                    }
                }
                _ => self.error("is given more than once"),
            },
            Node::Keys(_) => self.error("expected a single value, found `[...]` keys"),
        }
    }

    /// JSON text: one value whose text is JSON.
    fn json(&mut self, node: &Node<'_>) -> Option<Value> {
        match node {
            Node::Values(values) => match values.as_slice() {
                [one] => {
                    let text = self.decode(one)?;
                    match serde_json::from_str(&text) {
                        Ok(value) => Some(value),
                        Err(_) => self.error("is not valid JSON"),
                    }
                }
                _ => self.error("is given more than once"),
            },
            Node::Keys(_) => self.error("expected a single value, found `[...]` keys"),
        }
    }

    fn any(&mut self, node: &Node<'_>) -> Option<Value> {
        match node {
            Node::Values(values) => match values.as_slice() {
                [one] => self.decode(one).map(Value::String),
                many => {
                    let mut items = Vec::with_capacity(many.len());
                    for raw in many {
                        items.push(Value::String(self.decode(raw)?));
                    }
                    Some(Value::Array(items))
                }
            },
            Node::Keys(children) => {
                if children.iter().all(|(s, _)| *s == Segment::Append) {
                    let mut items = Vec::with_capacity(children.len());
                    let mut failed = false;
                    for (position, (_, child)) in children.iter().enumerate() {
                        match self.at(&position.to_string(), |r| r.any(child)) {
                            Some(value) => items.push(value),
                            None => failed = true,
                        }
                    }
                    return (!failed).then_some(Value::Array(items));
                }
                let mut map = Map::new();
                let mut failed = false;
                for (segment, child) in children {
                    let Segment::Name(name) = segment else {
                        failed = true;
                        self.error("mixes `[]` with named keys");
                        continue;
                    };
                    match self.at(name, |r| r.any(child)) {
                        Some(value) => {
                            map.insert((*name).to_owned(), value);
                        }
                        None => failed = true,
                    }
                }
                (!failed).then_some(Value::Object(map))
            }
        }
    }

    fn array(
        &mut self,
        items: &'static Schema,
        node: &Node<'_>,
        delimiter: Option<char>,
    ) -> Option<Value> {
        let children: Vec<&Node<'_>> = match node {
            Node::Values(values) => {
                if let ([one], Some(delimiter)) = (values.as_slice(), delimiter) {
                    return self.delimited(items, one, delimiter);
                }
                if let [one] = values.as_slice() {
                    if !style::is_scalar(items) {
                        let text = self.decode(one)?;
                        if let Ok(value @ Value::Array(_)) = serde_json::from_str(&text) {
                            return Some(value);
                        }
                    }
                }
                let mut out = Vec::with_capacity(values.len());
                let mut failed = false;
                for (position, raw) in values.iter().enumerate() {
                    let one = Node::Values(vec![raw]);
                    match self.at(&position.to_string(), |r| r.value(items, &one, None)) {
                        Some(value) => out.push(value),
                        None => failed = true,
                    }
                }
                return (!failed).then_some(Value::Array(out));
            }
            Node::Keys(children) => {
                let mut appended = Vec::new();
                let mut indexed = Vec::new();
                let mut failed = false;
                for (segment, child) in children {
                    match segment {
                        Segment::Append => appended.push(child),
                        Segment::Name(name) => match index(name) {
                            Some(i) if i < MAX_INDEX => indexed.push((i, child)),
                            Some(_) => {
                                self.at(name, |r| {
                                    r.error(format!("is an index above {}", MAX_INDEX - 1))
                                });
                                failed = true;
                            }
                            None => {
                                self.at(name, |r| r.error("is not an array index"));
                                failed = true;
                            }
                        },
                    }
                }
                if failed {
                    return None;
                }
                if !appended.is_empty() && !indexed.is_empty() {
                    return self.error("mixes `[]` with indexes");
                }
                indexed.sort_by_key(|(i, _)| *i);
                appended.extend(indexed.into_iter().map(|(_, child)| child));
                appended
            }
        };
        let mut out = Vec::with_capacity(children.len());
        let mut failed = false;
        for (position, child) in children.into_iter().enumerate() {
            match self.at(&position.to_string(), |r| r.value(items, child, None)) {
                Some(value) => out.push(value),
                None => failed = true,
            }
        }
        (!failed).then_some(Value::Array(out))
    }

    /// An array given as one value, its items separated by `delimiter`. A comma is split before
    /// percent-decoding (`%2C` is data); spaces and pipes travel encoded, so they are split after.
    fn delimited(&mut self, items: &'static Schema, raw: &str, delimiter: char) -> Option<Value> {
        let decoded;
        let (text, decoding) = if delimiter == ',' {
            (raw, self.decoding)
        } else {
            decoded = self.decode(raw)?;
            (decoded.as_str(), Decoding::Verbatim)
        };
        let outer = std::mem::replace(&mut self.decoding, decoding);
        let pieces: Vec<&str> = if text.is_empty() {
            Vec::new()
        } else {
            text.split(delimiter).collect()
        };
        let mut out = Vec::with_capacity(pieces.len());
        let mut failed = false;
        for (position, piece) in pieces.into_iter().enumerate() {
            let one = Node::Values(vec![piece]);
            match self.at(&position.to_string(), |r| r.value(items, &one, None)) {
                Some(value) => out.push(value),
                None => failed = true,
            }
        }
        self.decoding = outer;
        (!failed).then_some(Value::Array(out))
    }

    fn object(&mut self, object: &ObjectShape, node: &Node<'_>) -> Option<Value> {
        let Node::Keys(children) = node else {
            return self.json(node);
        };
        let mut map = Map::new();
        let mut failed = false;
        for (segment, child) in children {
            let Segment::Name(name) = segment else {
                self.error("expected property names, found `[]`");
                failed = true;
                continue;
            };
            match object.property(name) {
                Some(schema) => match self.at(name, |r| r.value(schema, child, None)) {
                    Some(value) => {
                        map.insert((*name).to_owned(), value);
                    }
                    None => failed = true,
                },
                None => {
                    if let Additional::Deny = object.additional {
                        self.at(name, |r| r.error("is not an allowed property"));
                        failed = true;
                    }
                }
            }
        }
        (!failed).then_some(Value::Object(map))
    }

    /// A discriminated union: the discriminator's value picks the schema.
    fn tagged(&mut self, rules: &'static TaggedRules, node: &Node<'_>) -> Option<Value> {
        let Node::Keys(children) = node else {
            return self.json(node);
        };
        let tag = children
            .iter()
            .find_map(|(segment, child)| match (segment, child) {
                (Segment::Name(name), Node::Values(values)) if *name == rules.property => {
                    values.first().copied()
                }
                _ => None,
            });
        let Some(raw) = tag else {
            return self.at(rules.property, |r| r.error("is required"));
        };
        let tag = self.at(rules.property, |r| r.decode(raw))?;
        match rules.variants.iter().find(|(t, _)| *t == tag) {
            Some((_, schema)) => self.value(schema, node, None),
            None => {
                let allowed: Vec<&str> = rules.variants.iter().map(|(t, _)| *t).collect();
                self.at(rules.property, |r| {
                    r.error(format!("must be one of: {}", allowed.join(", ")))
                })
            }
        }
    }

    /// The alternatives that take the node's shape naturally, in order, then those that take it
    /// as JSON text or a one-item array; the first whose value is valid wins. When none is, the
    /// first value read (validation then reports it); when none can be read, the errors of the
    /// first alternative tried.
    fn union(
        &mut self,
        parts: &'static [&'static Schema],
        node: &Node<'_>,
        delimiter: Option<char>,
    ) -> Option<Value> {
        let fits: Vec<Fit> = parts.iter().map(|p| fit(p, node, delimiter)).collect();
        let order = [Fit::Natural, Fit::Fallback]
            .into_iter()
            .flat_map(|wanted| {
                parts
                    .iter()
                    .zip(&fits)
                    .filter(move |(_, f)| **f == wanted)
                    .map(|(p, _)| *p)
            });
        let mut readable = None;
        let mut first_errors = None;
        for part in order {
            let mut scratch = Vec::new();
            let mut trial = Reader {
                decoding: self.decoding,
                pointer: self.pointer.clone(),
                errors: &mut scratch,
            };
            match trial.value(part, node, delimiter) {
                Some(value) if schema::is_valid(part, &value) => return Some(value),
                Some(value) => {
                    readable.get_or_insert(value);
                }
                None => {
                    first_errors.get_or_insert(scratch);
                }
            }
        }
        if readable.is_some() {
            return readable;
        }
        match (first_errors, parts.first()) {
            (Some(errors), _) => {
                self.errors.extend(errors);
                None
            }
            // No alternative takes this shape: the first one says why.
            (None, Some(first)) => self.value(first, node, delimiter),
            (None, None) => self.error("does not match any of the allowed schemas"),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::{ObjectRules, Property, StringRules, INTEGER as INT, STRING as STR};
    use crate::style::form_pairs;

    static STRS: Schema = Schema::array(&STR);
    static EMPTY: Schema = Schema::String(StringRules {
        enumeration: &[""],
        ..StringRules::NONE
    });
    static RANGE: Schema = Schema::Object(ObjectRules {
        properties: &[
            Property::optional("gt", &INT),
            Property::optional("lt", &INT),
        ],
        additional: Additional::Deny,
        min_properties: None,
        max_properties: None,
    });
    /// Stripe's `created`: a range or an integer.
    static CREATED: Schema = Schema::AnyOf(&[&RANGE, &INT]);
    /// GitHub's `cwes`: one string or several.
    static CWES: Schema = Schema::OneOf(&[&STR, &STRS]);
    static METADATA_MAP: Schema = Schema::map(&STR);
    /// Stripe's `metadata`: a map, or `""` to clear it.
    static METADATA: Schema = Schema::AnyOf(&[&METADATA_MAP, &EMPTY]);
    static PRICE_DATA: Schema = Schema::Object(ObjectRules {
        properties: &[
            Property::required("currency", &STR),
            Property::optional("unit_amount", &INT),
        ],
        additional: Additional::Deny,
        min_properties: None,
        max_properties: None,
    });
    static ITEM: Schema = Schema::Object(ObjectRules {
        properties: &[
            Property::optional("price", &STR),
            Property::optional("quantity", &INT),
            Property::optional("price_data", &PRICE_DATA),
        ],
        additional: Additional::Deny,
        min_properties: None,
        max_properties: None,
    });
    static ITEMS: Schema = Schema::array(&ITEM);
    static INTS: Schema = Schema::array(&INT);
    static MATRIX: Schema = Schema::array(&INTS);

    type Outcome = (Read, Vec<(String, String)>);

    fn read_with(schema: &'static Schema, text: &str, options: Options) -> Outcome {
        let pairs = form_pairs(text);
        let mut errors = Vec::new();
        let read = read(
            "a",
            schema,
            &pairs,
            options,
            &mut Sink {
                pointer: "/query/a",
                errors: &mut errors,
            },
        );
        let errors = errors.into_iter().map(|e| (e.pointer, e.message)).collect();
        (read, errors)
    }

    const EXPLODED: Options = Options {
        decoding: Decoding::Form,
        delimiter: None,
        allow_empty: false,
    };

    fn read_a(schema: &'static Schema, text: &str) -> Outcome {
        read_with(schema, text, EXPLODED)
    }

    fn ok(value: Value) -> Outcome {
        (Read::Value(value), Vec::new())
    }

    fn invalid(pointer: &str, message: &str) -> Outcome {
        (
            Read::Invalid,
            vec![(pointer.to_owned(), message.to_owned())],
        )
    }

    #[test]
    fn keys_split_into_brackets() {
        assert_eq!(segments(""), Ok(vec![]));
        assert_eq!(
            segments("[b][0][]"),
            Ok(vec![
                Segment::Name("b"),
                Segment::Name("0"),
                Segment::Append
            ])
        );
        for malformed in ["[", "[b", "]", "[b]]", "[b]c", "[b[c]]", "x[b]"] {
            assert_eq!(segments(malformed), Err(KeyError::Malformed), "{malformed}");
        }
        let deep = "[x]".repeat(MAX_DEPTH);
        assert_eq!(segments(&deep).map(|s| s.len()), Ok(MAX_DEPTH));
        assert_eq!(segments(&format!("{deep}[x]")), Err(KeyError::TooDeep));
    }

    #[test]
    fn malformed_keys_are_located_errors() {
        for text in ["a[=1", "a[b]]=1", "a[b]c=1", "a[b[c]]=1"] {
            assert_eq!(
                read_a(&ITEMS, text),
                invalid(
                    "/query/a",
                    "has a malformed key: brackets must pair up, as in `name[a][0]`"
                ),
                "{text}"
            );
        }
        // Keys of other names are not this value's.
        assert_eq!(read_a(&ITEMS, "a]b=1&ab[0]=1"), (Read::Absent, vec![]));
        let deep = format!("a{}=1", "[x]".repeat(MAX_DEPTH + 1));
        assert_eq!(
            read_a(&Schema::Any, &deep),
            invalid("/query/a", "has a key nested deeper than 16 levels")
        );
    }

    #[test]
    fn a_value_and_keys_under_one_name_conflict() {
        assert_eq!(
            read_a(&CREATED, "a=1&a[gt]=2"),
            invalid("/query/a", "is given both as a value and with `[...]` keys")
        );
        assert_eq!(
            read_a(&ITEMS, "a[0][price]=p&a[0][price][x]=q"),
            invalid(
                "/query/a/0/price",
                "is given both as a value and with `[...]` keys"
            )
        );
    }

    #[test]
    fn the_number_of_keys_is_bounded() {
        let many: Vec<String> = (0..=MAX_KEYS).map(|i| format!("a[]={i}")).collect();
        assert_eq!(
            read_a(&STRS, &many.join("&")),
            invalid("/query/a", "has more than 1000 keys")
        );
        let enough: Vec<String> = (0..MAX_KEYS).map(|i| format!("a[]={i}")).collect();
        let (read, errors) = read_a(&STRS, &enough.join("&"));
        assert!(errors.is_empty());
        assert!(matches!(read, Read::Value(Value::Array(items)) if items.len() == MAX_KEYS));
    }

    #[test]
    fn arrays_from_appends_indexes_and_repeats() {
        assert_eq!(read_a(&STRS, "a[]=x&a[]=y"), ok(json!(["x", "y"])));
        assert_eq!(read_a(&STRS, "a[1]=y&a[0]=x"), ok(json!(["x", "y"])));
        assert_eq!(read_a(&STRS, "a=x&a=y"), ok(json!(["x", "y"])));
        assert_eq!(read_a(&STRS, "a=x"), ok(json!(["x"])));
        // Gaps close up; positions are those of the decoded array.
        assert_eq!(read_a(&INTS, "a[5]=2&a[0]=1"), ok(json!([1, 2])));
        assert_eq!(
            read_a(&INTS, "a[0]=1&a[7]=x"),
            invalid("/query/a/1", "expected an integer")
        );
        assert_eq!(
            read_a(&INTS, "a[1000]=1"),
            invalid("/query/a/1000", "is an index above 999")
        );
        assert_eq!(
            read_a(&INTS, "a[99999999999999999999999]=1"),
            invalid("/query/a/99999999999999999999999", "is an index above 999")
        );
        assert_eq!(
            read_a(&INTS, "a[x]=1"),
            invalid("/query/a/x", "is not an array index")
        );
        assert_eq!(
            read_a(&INTS, "a[01]=1"),
            invalid("/query/a/01", "is not an array index")
        );
        assert_eq!(
            read_a(&INTS, "a[]=1&a[0]=2"),
            invalid("/query/a", "mixes `[]` with indexes")
        );
        assert_eq!(
            read_a(&MATRIX, "a[0][]=1&a[0][]=2&a[1][0]=3"),
            ok(json!([[1, 2], [3]]))
        );
    }

    #[test]
    fn delimited_arrays_split_before_decoding_commas() {
        let options = |delimiter| Options {
            delimiter: Some(delimiter),
            ..EXPLODED
        };
        assert_eq!(
            read_with(&STRS, "a=x%2Cy,z", options(',')),
            ok(json!(["x,y", "z"]))
        );
        assert_eq!(
            read_with(&STRS, "a=x%7Cy", options('|')),
            ok(json!(["x", "y"]))
        );
        assert_eq!(read_with(&STRS, "a=", options(',')), ok(json!([])));
        assert_eq!(
            read_with(&CWES, "a=x,y", options(',')),
            ok(json!("x,y")),
            "the first alternative that takes one value"
        );
    }

    #[test]
    fn nested_objects_and_arrays_of_objects() {
        assert_eq!(
            read_a(
                &ITEMS,
                "a[0][price]=p&a[0][quantity]=2&a[1][price_data][currency]=usd&a[1][price_data][unit_amount]=5"
            ),
            ok(json!([
                {"price": "p", "quantity": 2},
                {"price_data": {"currency": "usd", "unit_amount": 5}}
            ]))
        );
        let (read, errors) = read_a(
            &ITEMS,
            "a[0][quantity]=x&a[1][bogus]=1&a[2][price_data][unit_amount]=y&a[3][]=1",
        );
        assert_eq!(read, Read::Invalid);
        assert_eq!(
            errors,
            [
                ("/query/a/0/quantity", "expected an integer"),
                ("/query/a/1/bogus", "is not an allowed property"),
                ("/query/a/2/price_data/unit_amount", "expected an integer"),
                ("/query/a/3", "expected property names, found `[]`"),
            ]
            .map(|(p, m)| (p.to_owned(), m.to_owned()))
        );
        // One value of an object, or of an array of objects, is JSON text.
        assert_eq!(
            read_a(&ITEMS, "a=%5B%7B%22price%22%3A%22p%22%7D%5D"),
            ok(json!([{"price": "p"}]))
        );
        assert_eq!(
            read_a(&ITEMS, "a=%7B%22price%22%3A%22p%22%7D&a=%7B%7D"),
            ok(json!([{"price": "p"}, {}]))
        );
        assert_eq!(
            read_a(&ITEMS, "a=%7B"),
            invalid("/query/a/0", "is not valid JSON")
        );
    }

    #[test]
    fn scalars_take_one_value() {
        assert_eq!(read_a(&INT, "a=5"), ok(json!(5)));
        assert_eq!(
            read_a(&INT, "a=5&a=6"),
            invalid("/query/a", "is given more than once")
        );
        assert_eq!(
            read_a(&INT, "a[b]=5"),
            invalid("/query/a", "expected a single value, found `[...]` keys")
        );
        assert_eq!(
            read_a(&STR, "a=%FF"),
            invalid("/query/a", "is not valid UTF-8 once percent-decoded")
        );
    }

    #[test]
    fn unions_are_chosen_by_what_arrived() {
        assert_eq!(read_a(&CREATED, "a=5"), ok(json!(5)));
        assert_eq!(
            read_a(&CREATED, "a[gt]=5&a[lt]=9"),
            ok(json!({"gt": 5, "lt": 9}))
        );
        assert_eq!(
            read_a(&CREATED, "a[gt]=x"),
            invalid("/query/a/gt", "expected an integer")
        );
        assert_eq!(
            read_a(&CREATED, "a=x"),
            invalid("/query/a", "expected an integer")
        );
        assert_eq!(read_a(&CWES, "a=x"), ok(json!("x")));
        assert_eq!(read_a(&CWES, "a=x&a=y"), ok(json!(["x", "y"])));
        assert_eq!(read_a(&CWES, "a[]=x"), ok(json!(["x"])));
        assert_eq!(read_a(&METADATA, "a="), ok(json!("")));
        assert_eq!(
            read_a(&METADATA, "a[plan]=pro&a[0]=zero"),
            ok(json!({"plan": "pro", "0": "zero"}))
        );
        // Read by an alternative but valid for none: validation reports it.
        assert_eq!(read_a(&METADATA, "a=x"), ok(json!("x")));
    }

    #[test]
    fn empty_values_may_mean_absent() {
        let options = Options {
            allow_empty: true,
            ..EXPLODED
        };
        assert_eq!(read_with(&CWES, "a=", options), (Read::Absent, vec![]));
        assert_eq!(read_with(&CWES, "a=x", options), ok(json!("x")));
    }

    #[test]
    fn any_keeps_the_shape_of_the_keys() {
        assert_eq!(
            read_a(&Schema::Any, "a[x][]=1&a[x][]=2&a[y]=3"),
            ok(json!({"x": ["1", "2"], "y": "3"}))
        );
        assert_eq!(read_a(&Schema::Any, "a=1&a=2"), ok(json!(["1", "2"])));
    }

    #[test]
    fn tagged_unions_follow_their_discriminator() {
        static CARD: Schema = Schema::Object(ObjectRules {
            properties: &[
                Property::required("type", &STR),
                Property::optional("exp_month", &INT),
            ],
            additional: Additional::Deny,
            min_properties: None,
            max_properties: None,
        });
        static BANK: Schema = Schema::Object(ObjectRules {
            properties: &[
                Property::required("type", &STR),
                Property::optional("routing", &STR),
            ],
            additional: Additional::Deny,
            min_properties: None,
            max_properties: None,
        });
        static RULES: TaggedRules = TaggedRules {
            property: "type",
            variants: &[("card", &CARD), ("bank", &BANK)],
        };
        static METHOD: Schema = Schema::Tagged(&RULES);
        assert_eq!(
            read_a(&METHOD, "a[type]=card&a[exp_month]=4"),
            ok(json!({"type": "card", "exp_month": 4}))
        );
        assert_eq!(
            read_a(&METHOD, "a[type]=bank&a[exp_month]=4"),
            invalid("/query/a/exp_month", "is not an allowed property")
        );
        assert_eq!(
            read_a(&METHOD, "a[type]=cash"),
            invalid("/query/a/type", "must be one of: card, bank")
        );
        assert_eq!(
            read_a(&METHOD, "a[routing]=1"),
            invalid("/query/a/type", "is required")
        );
    }

    #[test]
    fn exploded_objects_read_each_property_from_its_keys() {
        static NESTED: Schema = Schema::Object(ObjectRules {
            properties: &[
                Property::optional("name", &STR),
                Property::optional("range", &RANGE),
            ],
            additional: Additional::Schema(&ITEM),
            min_properties: None,
            max_properties: None,
        });
        let Shape::Object(object) = style::shape(&NESTED) else {
            panic!("an object");
        };
        let pairs = form_pairs("name=n&range[gt]=1&first[price]=p&other=1&first[quantity]=2");
        let mut errors = Vec::new();
        let read = exploded(
            &object,
            &pairs,
            &|key| key == "other",
            EXPLODED,
            &mut Sink {
                pointer: "/query/q",
                errors: &mut errors,
            },
        );
        assert!(errors.is_empty());
        assert_eq!(
            read,
            Read::Value(
                json!({"name": "n", "range": {"gt": 1}, "first": {"price": "p", "quantity": 2}})
            )
        );
    }

    #[test]
    fn text_is_json_when_it_can_be() {
        let run = |schema: &'static Schema, input: &str| {
            let mut errors = Vec::new();
            let read = text(
                schema,
                input,
                &mut Sink {
                    pointer: "/header/x",
                    errors: &mut errors,
                },
            );
            let errors: Vec<(String, String)> =
                errors.into_iter().map(|e| (e.pointer, e.message)).collect();
            (read, errors)
        };
        assert_eq!(
            run(&ITEMS, r#"[{"price":"p"}]"#),
            ok(json!([{"price": "p"}]))
        );
        assert_eq!(run(&CWES, r#"["a","b"]"#), ok(json!(["a", "b"])));
        assert_eq!(run(&CWES, "a,b"), ok(json!("a,b")));
        assert_eq!(
            run(&CWES, "12"),
            ok(json!("12")),
            "12 is JSON, but not of the schema"
        );
        assert_eq!(
            run(&ITEMS, "nope"),
            invalid("/header/x/0", "is not valid JSON")
        );
    }
}
