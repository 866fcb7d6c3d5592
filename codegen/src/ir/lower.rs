//! Lowering of a loaded document and its manifest into the [`Ir`].

use std::collections::BTreeMap;

use openapiv3::{Parameter as OasParameter, ParameterSchemaOrContent, PathStyle, QueryStyle};
use serde_json::Value;

use super::names::{self, Namer};
use super::schema::{child, SchemaLowerer};
use super::{
    Function, Ir, Kind, Method, Operation, Param, ParamLocation, ParamStyle, Schema, StatusSpec,
    TypeKind, TypeSpace,
};
use crate::diagnostics::Diagnostics;
use crate::load::Document;
use crate::manifest::{self, Manifest};

/// Lowers `doc` into the IR, reporting every problem into `diags`. Returns `None` when there were
/// errors (the diagnostics say why).
pub fn lower(doc: &Document, diags: &mut Diagnostics) -> Option<Ir> {
    let manifest = manifest::read(doc, diags);
    let title = doc
        .root
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or("api")
        .to_owned();
    let version = doc
        .root
        .pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or("0.0.0")
        .to_owned();
    let service = manifest.service.clone().unwrap_or_else(|| {
        let derived = names::field_name(&title).replace('_', "-");
        if derived.starts_with(|c: char| c.is_ascii_lowercase()) {
            derived
        } else {
            "api".to_owned()
        }
    });
    let mut lowerer = SchemaLowerer::new(doc, diags);
    lowerer.components();
    let webhooks = super::webhooks::webhooks(&mut lowerer);
    let payloads = super::events::payloads(&mut lowerer, &manifest);
    let (mut operations, types) = OperationLowerer::new(lowerer).paths();
    let security_schemes = super::security::lower(doc, diags, &mut operations);
    let mut functions = group(doc, diags, &manifest, &service, &operations);
    let events = super::events::assign(doc, diags, &manifest, &service, &mut functions, payloads);
    if diags.has_errors() {
        return None;
    }
    Some(Ir {
        service,
        title,
        version,
        types: TypeSpace { defs: types },
        operations,
        functions,
        webhooks,
        events,
        security_schemes,
        http: manifest.http.clone(),
        platforms: manifest.platforms.clone(),
    })
}

/// Follows chains of `$ref` at most this many times.
const MAX_REF_HOPS: usize = 64;

pub(super) struct OperationLowerer<'a> {
    pub(super) s: SchemaLowerer<'a>,
    /// operationId → pointer of its first use.
    ids: BTreeMap<String, String>,
    prefixes: Namer,
    idents: Namer,
    /// Types generated in the `ops` module next to requests and responses (body enums,
    /// multipart structs).
    pub(super) ops_names: Namer,
    /// Pointer of each path item lowered → its path.
    items: BTreeMap<String, String>,
}

/// What a parameter-like schema looks like.
pub(super) enum Shape {
    /// One value.
    Scalar,
    /// An array of scalars.
    Array,
    /// An object: its properties (none for a map of scalars or arrays of scalars).
    Object(Vec<(String, Schema)>),
    /// A union whose alternatives are scalars, arrays of scalars and objects, not all scalars:
    /// read by the shape of what arrives.
    Union,
    /// Nested values, which no style defines; the phrase says what.
    Nested(&'static str),
}

impl<'a> OperationLowerer<'a> {
    fn new(s: SchemaLowerer<'a>) -> Self {
        OperationLowerer {
            s,
            ids: BTreeMap::new(),
            prefixes: Namer::default(),
            idents: Namer::default(),
            ops_names: Namer::default(),
            items: BTreeMap::new(),
        }
    }

    /// The lowered schema at `pointer` (a schema object or a `$ref` to one). Every schema of an
    /// operation goes through here.
    pub(super) fn schema_at(&mut self, pointer: &str, hint: &str) -> Schema {
        self.s.schema_at(pointer, hint)
    }

    /// Follows a chain of `$ref`s from `value` (at `pointer`) to what it names, with that
    /// node's pointer. `None` when a reference does not resolve (the loader reported it at the
    /// reference) or the chain does not end.
    pub(super) fn follow(
        &mut self,
        value: &'a Value,
        pointer: &str,
    ) -> Option<(&'a Value, String)> {
        let doc = self.s.doc;
        let mut current = value;
        let mut at = pointer.to_owned();
        for _ in 0..MAX_REF_HOPS {
            let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
                return Some((current, at));
            };
            current = doc.resolve_ref(reference)?;
            at = ref_pointer(reference);
        }
        self.s.error(pointer, "this chain of `$ref`s does not end");
        None
    }

    /// The node at `pointer`, with its `$ref`s followed.
    pub(super) fn node(&mut self, pointer: &str) -> Option<(&'a Value, String)> {
        let doc = self.s.doc;
        let value = doc.root.pointer(pointer)?;
        self.follow(value, pointer)
    }

    /// Parses the (referenced) object at `pointer` as `T`.
    pub(super) fn object_at<T: serde::de::DeserializeOwned>(
        &mut self,
        pointer: &str,
    ) -> Option<(T, String)> {
        let (value, at) = self.node(pointer)?;
        let parsed = self.s.parse::<T>(value, &at)?;
        Some((parsed, at))
    }

    fn paths(mut self) -> (Vec<Operation>, Vec<super::TypeDef>) {
        let doc = self.s.doc;
        let mut operations = Vec::new();
        match doc.root.get("paths") {
            None => {}
            Some(Value::Object(paths)) => {
                for (path, item) in paths {
                    if path.starts_with("x-") {
                        continue;
                    }
                    let pointer = child("/paths", path);
                    self.path_item(path, item, &pointer, &mut operations);
                }
            }
            Some(_) => self.s.error("/paths", "`paths` must be a mapping"),
        }
        // Templates that differ only in parameter names (`/pet/{id}`, `/pet/{petId}`) are one
        // route; the same method twice on it could never be told apart.
        let mut routes: BTreeMap<(String, Method), &Operation> = BTreeMap::new();
        for op in &operations {
            let shape = route_shape(&op.path);
            if let Some(first) = routes.insert((shape, op.method), op) {
                let message = format!(
                    "`{} {}` matches the same requests as `{} {}` (operation `{}`)",
                    op.method.as_str(),
                    op.path,
                    first.method.as_str(),
                    first.path,
                    first.id
                );
                self.s.error(&op.pointer, message);
            }
        }
        (operations, self.s.types)
    }

    fn path_item(&mut self, path: &str, item: &'a Value, pointer: &str, out: &mut Vec<Operation>) {
        if !path.starts_with('/') {
            self.s
                .error(pointer, format!("path `{path}` must start with `/`"));
            return;
        }
        let template = match parse_template(path) {
            Ok((names, repeated)) => {
                for name in repeated {
                    self.s.warning(
                        pointer,
                        format!("path parameter `{name}` appears more than once in `{path}`; its first occurrence is the value"),
                    );
                }
                names
            }
            Err(message) => {
                self.s.error(pointer, message);
                return;
            }
        };
        // A path item may be a `$ref` (3.1 `components/pathItems`, or anywhere in the document).
        // Next to it only `summary` and `description` are meaningful; anything else is ambiguous.
        if let Some(Value::Object(fields)) = item.get("$ref").and(Some(item)) {
            for key in fields.keys() {
                if !matches!(key.as_str(), "$ref" | "summary" | "description")
                    && !key.starts_with("x-")
                {
                    self.s.error(
                        &child(pointer, key),
                        format!("`{key}` next to `$ref` in a path item is not supported; move it into the referenced path item"),
                    );
                }
            }
        }
        let Some((item, item_pointer)) = self.follow(item, pointer) else {
            return;
        };
        // A path item reached from two paths: its operations serve both, and here they are
        // named after the path, since operationIds are unique.
        let reused = match self.items.get(&item_pointer) {
            Some(first) => {
                let message = format!(
                    "this path item is also the path item of `{first}`; its operations here are named after this path"
                );
                self.s.warning(&format!("{pointer}/$ref"), message);
                true
            }
            None => {
                self.items.insert(item_pointer.clone(), path.to_owned());
                false
            }
        };
        if !item.is_object() {
            let at = if item_pointer == pointer {
                pointer.to_owned()
            } else {
                format!("{pointer}/$ref")
            };
            self.s.error(&at, "a path item must be a mapping");
            return;
        }
        // 3.1 made `responses` optional; the 3.0 model needs the member.
        let patched;
        let item = if Method::ALL.iter().any(|m| {
            item.get(m.key())
                .is_some_and(|op| op.is_object() && op.get("responses").is_none())
        }) {
            let mut copy = item.clone();
            for method in Method::ALL {
                if let Some(Value::Object(op)) = copy.get_mut(method.key()) {
                    op.entry("responses")
                        .or_insert_with(|| Value::Object(serde_json::Map::new()));
                }
            }
            patched = copy;
            &patched
        } else {
            item
        };
        let Some(parsed): Option<openapiv3::PathItem> = self.s.parse(item, &item_pointer) else {
            return;
        };
        let shared = self.parameters(
            parsed.parameters.len(),
            &format!("{item_pointer}/parameters"),
        );
        for method in Method::ALL {
            let operation = match method {
                Method::Get => &parsed.get,
                Method::Put => &parsed.put,
                Method::Post => &parsed.post,
                Method::Delete => &parsed.delete,
                Method::Options => &parsed.options,
                Method::Head => &parsed.head,
                Method::Patch => &parsed.patch,
                Method::Trace => &parsed.trace,
            };
            if let Some(operation) = operation {
                let op_pointer = format!("{item_pointer}/{}", method.key());
                let operation = if reused {
                    let mut renamed = operation.clone();
                    renamed.operation_id = Some(generated_id(method, path));
                    std::borrow::Cow::Owned(renamed)
                } else {
                    std::borrow::Cow::Borrowed(operation)
                };
                if let Some(op) =
                    self.operation(path, &template, method, &operation, &op_pointer, &shared)
                {
                    out.push(op);
                }
            }
        }
    }

    /// The `count` parameters listed at `pointer`, references resolved; each with the pointer
    /// of its definition.
    fn parameters(&mut self, count: usize, pointer: &str) -> Vec<(OasParameter, String)> {
        (0..count)
            .filter_map(|i| self.object_at::<OasParameter>(&format!("{pointer}/{i}")))
            .collect()
    }

    fn operation(
        &mut self,
        path: &str,
        template: &[String],
        method: Method,
        operation: &openapiv3::Operation,
        pointer: &str,
        shared: &[(OasParameter, String)],
    ) -> Option<Operation> {
        let id = match &operation.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => {
                let generated = generated_id(method, path);
                self.s.warning(
                    pointer,
                    format!("operation has no operationId; it is named `{generated}`"),
                );
                generated
            }
        };
        let id_pointer = format!("{pointer}/operationId");
        // A duplicate is reported, and the operation is still lowered so that its other
        // problems are reported too; it is left out of the IR.
        let duplicate = match self.ids.get(&id) {
            Some(first) => {
                let first = self.s.doc.locate(first);
                self.s.error(
                    &id_pointer,
                    format!(
                        "duplicate operationId `{id}` (first used at {}:{}:{})",
                        first.file, first.line, first.column
                    ),
                );
                true
            }
            None => {
                self.ids.insert(id.clone(), id_pointer);
                false
            }
        };
        let ident = self.idents.unique(names::operation_ident(&id));
        // `Self` → `Self_` as a name, but `SelfRequest` as a prefix.
        let type_prefix = self
            .prefixes
            .unique(names::type_name(&id).trim_end_matches('_').to_owned());

        // Operation parameters override path-item parameters with the same name and location.
        let own = self.parameters(operation.parameters.len(), &format!("{pointer}/parameters"));
        let mut merged: Vec<(OasParameter, String)> = shared
            .iter()
            .filter(|(p, _)| !own.iter().any(|(o, _)| same_parameter(o, p)))
            .cloned()
            .collect();
        merged.extend(own);

        let mut fields = Namer::with_reserved(&["body"]);
        let mut path_params = Vec::new();
        let mut other_params = Vec::new();
        for (parameter, at) in &merged {
            if let Some(param) = self.parameter(parameter, at, &type_prefix, &mut fields) {
                if param.location == ParamLocation::Path {
                    if !template.contains(&param.name) {
                        self.s.error(
                            at,
                            format!(
                                "path parameter `{}` does not appear in the path `{path}`",
                                param.name
                            ),
                        );
                        continue;
                    }
                    path_params.push(param);
                } else {
                    other_params.push(param);
                }
            }
        }
        for name in template {
            if !path_params.iter().any(|p| &p.name == name) {
                self.s.error(pointer, format!("the path has `{{{name}}}` but the operation declares no path parameter `{name}`"));
            }
        }
        path_params.sort_by_key(|p| template.iter().position(|n| n == &p.name));
        let mut params = path_params;
        params.extend(other_params);

        let body = match &operation.request_body {
            None => None,
            Some(_) => self.request_body(&format!("{pointer}/requestBody"), &type_prefix),
        };
        let responses = self.responses(
            &operation.responses,
            &format!("{pointer}/responses"),
            &type_prefix,
        );
        if duplicate {
            return None;
        }
        Some(Operation {
            id,
            ident,
            type_prefix,
            method,
            path: path.to_owned(),
            pointer: pointer.to_owned(),
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            tags: operation.tags.clone(),
            params,
            body,
            responses,
            security: Vec::new(),
        })
    }

    fn parameter(
        &mut self,
        parameter: &OasParameter,
        pointer: &str,
        prefix: &str,
        fields: &mut Namer,
    ) -> Option<Param> {
        let data = parameter.parameter_data_ref();
        let (location, style, allow_reserved, allow_empty_value) = match parameter {
            OasParameter::Path { style, .. } => {
                let style = match style {
                    PathStyle::Simple => ParamStyle::Simple,
                    PathStyle::Label => ParamStyle::Label,
                    PathStyle::Matrix => ParamStyle::Matrix,
                };
                (ParamLocation::Path, style, false, false)
            }
            OasParameter::Query {
                style,
                allow_reserved,
                allow_empty_value,
                ..
            } => {
                let style = match style {
                    QueryStyle::Form => ParamStyle::Form,
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                };
                let allow_empty = allow_empty_value.unwrap_or(false);
                (ParamLocation::Query, style, *allow_reserved, allow_empty)
            }
            OasParameter::Header { .. } => {
                (ParamLocation::Header, ParamStyle::Simple, false, false)
            }
            OasParameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form, false, false),
        };
        if location == ParamLocation::Header
            && ["accept", "content-type", "authorization"]
                .contains(&data.name.to_ascii_lowercase().as_str())
        {
            self.s.warning(
                pointer,
                format!(
                    "header parameter `{}` is ignored, as OpenAPI requires: it is not part of the request type",
                    data.name
                ),
            );
            return None;
        }
        if location == ParamLocation::Path && !data.required {
            self.s.warning(
                pointer,
                format!(
                    "path parameter `{}` should be `required: true`; it is treated as required",
                    data.name
                ),
            );
        }
        let required = data.required || location == ParamLocation::Path;
        let hint = format!("{prefix}{}", names::type_name(&data.name));
        let mut param = Param {
            name: data.name.clone(),
            rust_name: String::new(),
            location,
            required,
            style,
            explode: data.explode.unwrap_or(style == ParamStyle::Form),
            allow_reserved,
            allow_empty_value,
            content: None,
            default: None,
            schema: Schema {
                kind: Kind::Any,
                nullable: false,
            },
            doc: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
        };
        match &data.format {
            ParameterSchemaOrContent::Schema(_) => {
                let at = format!("{pointer}/schema");
                param.schema = self.schema_at(&at, &hint);
                self.check_style(&mut param, data.explode, pointer)?;
                if let Some((default, default_at)) = self.schema_default(&at) {
                    if required {
                        self.s.warning(
                            &default_at,
                            "the default of a required parameter is never used",
                        );
                    } else if self.default_fits(&param.schema, &default) {
                        param.default = Some(default);
                    } else {
                        self.s.warning(
                            &default_at,
                            "the default does not match the parameter's schema; it is ignored",
                        );
                    }
                }
            }
            ParameterSchemaOrContent::Content(content) => {
                let at = format!("{pointer}/content");
                let mut entries = content.iter();
                let (Some((content_type, media)), None) = (entries.next(), entries.next()) else {
                    self.s.error(
                        &at,
                        "a parameter's `content` must have exactly one media type",
                    );
                    return None;
                };
                let media_at = child(&at, content_type);
                let json = is_json(content_type);
                if !json && essence(content_type) != "text/plain" {
                    self.s.error(
                        &media_at,
                        format!("parameters sent as `{content_type}` are not supported; use application/json or text/plain"),
                    );
                    return None;
                }
                param.schema = if media.schema.is_some() {
                    self.schema_at(&format!("{media_at}/schema"), &hint)
                } else if json {
                    Schema {
                        kind: Kind::Any,
                        nullable: false,
                    }
                } else {
                    Schema {
                        kind: Kind::String(Default::default()),
                        nullable: false,
                    }
                };
                if !json && !matches!(param.schema.kind, Kind::String(_) | Kind::Any) {
                    self.s.error(
                        &format!("{media_at}/schema"),
                        "a `text/plain` parameter must have a string schema",
                    );
                    return None;
                }
                param.content = Some(content_type.clone());
            }
        }
        param.rust_name = fields.unique(names::field_name(&data.name));
        Some(param)
    }

    /// Checks that the parameter's style can carry its schema, adjusting the undefined
    /// combinations that have an obvious reading (with a warning). `None` after an error.
    ///
    /// Shapes no style defines are read all the same: in bracket notation from query and cookie
    /// pairs (`deepObject` is bracket notation for any schema), as JSON text from a path segment
    /// or a header; a warning says so, except for `deepObject` and for unions, whose reading
    /// follows what arrives.
    fn check_style(
        &mut self,
        param: &mut Param,
        explicit_explode: Option<bool>,
        pointer: &str,
    ) -> Option<()> {
        let at = format!("{pointer}/schema");
        let style_at = format!("{pointer}/style");
        let shape = self.shape(&param.schema);
        let style = param.style.as_str();
        let nested = self.nested(&shape);
        if let (Shape::Object(properties), None) = (&shape, &nested) {
            let pairs_per_property = param.style == ParamStyle::DeepObject
                || (param.style == ParamStyle::Form && param.explode);
            let array = properties
                .iter()
                .find(|(_, schema)| matches!(self.shape(schema), Shape::Array));
            if let (Some((name, _)), false) = (array, pairs_per_property) {
                self.s.error(
                    &at,
                    format!("property `{name}` is an array, which a `{style}` parameter without `explode` cannot carry; use `form` with `explode: true`, or `deepObject`"),
                );
                return None;
            }
        }
        match param.style {
            ParamStyle::DeepObject => {
                if explicit_explode == Some(false) {
                    self.s.warning(
                        &format!("{pointer}/explode"),
                        "`deepObject` with `explode: false` is undefined; it is read exploded",
                    );
                }
                param.explode = true;
            }
            ParamStyle::Form | ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited => {
                if let Some(what) = &nested {
                    self.s.warning(&at, bracket_reading(what, style));
                }
                if matches!(
                    param.style,
                    ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited
                ) {
                    if matches!(shape, Shape::Scalar) {
                        self.s.warning(
                            &style_at,
                            format!("`{style}` applies to arrays and objects; this scalar is read as `form`"),
                        );
                        param.style = ParamStyle::Form;
                    } else if param.explode {
                        self.s.warning(
                            &format!("{pointer}/explode"),
                            format!("`{style}` with `explode: true` is undefined; it is read as `form` with `explode: true`"),
                        );
                        param.style = ParamStyle::Form;
                    }
                }
            }
            ParamStyle::Simple | ParamStyle::Label | ParamStyle::Matrix => {
                let what = match (&nested, &shape) {
                    (Some(what), _) => Some(what.clone()),
                    (None, Shape::Union) => {
                        Some("a union with array or object alternatives".to_owned())
                    }
                    _ => None,
                };
                if let Some(what) = what {
                    self.s.warning(
                        &at,
                        format!("{what} has no `{style}` serialization; it is read as JSON text (a value that is not JSON is read as text)"),
                    );
                }
            }
        }
        Some(())
    }

    /// What makes a shape nested (no style defines it), if it is: the shape's own phrase, or the
    /// object property that is neither a scalar nor an array of scalars.
    pub(super) fn nested(&self, shape: &Shape) -> Option<String> {
        match shape {
            Shape::Nested(what) => Some((*what).to_owned()),
            Shape::Object(properties) => properties
                .iter()
                .find(|(_, schema)| !matches!(self.shape(schema), Shape::Scalar | Shape::Array))
                .map(|(name, _)| format!("an object with the nested property `{name}`")),
            Shape::Scalar | Shape::Array | Shape::Union => None,
        }
    }

    /// The shape of a schema as a parameter or form property sees it.
    pub(super) fn shape(&self, schema: &Schema) -> Shape {
        match &schema.kind {
            Kind::Array { items, .. } => match self.shape(items) {
                Shape::Scalar => Shape::Array,
                _ => Shape::Nested("an array of arrays or objects"),
            },
            Kind::Map(values) => match self.shape(values) {
                Shape::Scalar | Shape::Array => Shape::Object(Vec::new()),
                _ => Shape::Nested("a map of arrays or objects"),
            },
            Kind::Ref(id) => match &self.s.types[id.0].kind {
                TypeKind::StringEnum(_) => Shape::Scalar,
                TypeKind::Alias(inner) => self.shape(inner),
                TypeKind::Struct(def) => Shape::Object(
                    def.fields
                        .iter()
                        .map(|f| (f.json_name.clone(), f.schema.clone()))
                        .collect(),
                ),
                // A union of scalars reads as a scalar: the text is tried against each
                // alternative in turn. Otherwise the shape of what arrives decides.
                TypeKind::Union(union) => {
                    let shapes: Vec<Shape> = union
                        .variants
                        .iter()
                        .map(|v| self.shape(&v.schema))
                        .collect();
                    if shapes.iter().all(|s| matches!(s, Shape::Scalar)) {
                        Shape::Scalar
                    } else if shapes.iter().all(|s| self.nested(s).is_none()) {
                        Shape::Union
                    } else {
                        Shape::Nested("a union with nested alternatives")
                    }
                }
            },
            _ => Shape::Scalar,
        }
    }

    /// The `default` of the schema at `pointer` (following references), with its pointer.
    fn schema_default(&mut self, pointer: &str) -> Option<(Value, String)> {
        let (schema, at) = self.node(pointer)?;
        let default = schema.get("default")?;
        Some((default.clone(), format!("{at}/default")))
    }

    /// Whether `value` is of the schema's type and within its bounds and lengths (a check
    /// against mistakes, not full validation: patterns and formats are left to the runtime).
    fn default_fits(&self, schema: &Schema, value: &Value) -> bool {
        if value.is_null() {
            return schema.nullable;
        }
        match &schema.kind {
            Kind::Boolean => value.is_boolean(),
            Kind::Integer { rules, .. } => value.as_i64().is_some_and(|n| {
                rules.minimum.is_none_or(|min| n >= min) && rules.maximum.is_none_or(|max| n <= max)
            }),
            Kind::Number { rules, .. } => value.as_f64().is_some_and(|x| {
                rules
                    .minimum
                    .is_none_or(|min| x > min || (x == min && !rules.exclusive_minimum))
                    && rules
                        .maximum
                        .is_none_or(|max| x < max || (x == max && !rules.exclusive_maximum))
            }),
            Kind::String(rules) => value.as_str().is_some_and(|text| {
                let length = text.chars().count();
                rules.min_length.is_none_or(|min| length >= min)
                    && rules.max_length.is_none_or(|max| length <= max)
            }),
            Kind::Binary => value.is_string(),
            Kind::Array { items, .. } => value
                .as_array()
                .is_some_and(|list| list.iter().all(|v| self.default_fits(items, v))),
            Kind::Map(_) => value.is_object(),
            Kind::Ref(id) => match &self.s.types[id.0].kind {
                TypeKind::StringEnum(variants) => value
                    .as_str()
                    .is_some_and(|s| variants.iter().any(|v| v.value == s)),
                TypeKind::Alias(inner) => self.default_fits(inner, value),
                TypeKind::Struct(_) => value.is_object(),
                TypeKind::Union(union) => union
                    .variants
                    .iter()
                    .any(|v| self.default_fits(&v.schema, value)),
            },
            _ => true,
        }
    }
}

/// The warning for a value of a pairs style (`form`, `spaceDelimited`, `pipeDelimited`) that is
/// nested: `what` says how.
pub(super) fn bracket_reading(what: &str, style: &str) -> String {
    format!("{what} has no `{style}` serialization; it is read in bracket notation (`[key]`, `[0]`, `[]`) or as JSON text")
}

/// The JSON pointer named by a local `$ref` (`#/components/x~1y/%7Bz%7D` → `/components/x~1y/{z}`).
pub(super) fn ref_pointer(reference: &str) -> String {
    let fragment = reference.strip_prefix('#').unwrap_or(reference);
    if !fragment.contains('%') {
        return fragment.to_owned();
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let escaped = (byte == b'%')
            .then(|| {
                let high = (*bytes.get(i + 1)? as char).to_digit(16)?;
                let low = (*bytes.get(i + 2)? as char).to_digit(16)?;
                u8::try_from(high * 16 + low).ok()
            })
            .flatten();
        match escaped {
            Some(decoded) => {
                out.push(decoded);
                i += 3;
            }
            None => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| fragment.to_owned())
}

/// The `type/subtype` of a media type, lower case, without parameters.
pub(super) fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is JSON (`application/json`, any `+json`).
pub(super) fn is_json(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence == "application/json" || essence.ends_with("+json")
}

fn same_parameter(a: &OasParameter, b: &OasParameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && a.parameter_data_ref().name == b.parameter_data_ref().name
}

/// The names of a path template's parameters, in order. Parameters must be whole segments.
/// A template with its parameter names erased: two templates with one shape match the same
/// requests (`/pet/{id}` and `/pet/{petId}`, `/f/{a}.json` and `/f/{b}.json`).
fn route_shape(path: &str) -> String {
    let Ok(segments) = super::path::segments(path) else {
        return path.to_owned();
    };
    let mut shape = String::new();
    for segment in segments {
        shape.push('/');
        match segment {
            super::path::Segment::Literal(text) => shape.push_str(text),
            super::path::Segment::Param(_) => shape.push_str("{}"),
            mixed @ super::path::Segment::Mixed(_) => shape.push_str(&mixed.literals().join("{}")),
        }
    }
    shape
}

/// The path parameter names of a template, in order, and the names that appear more than once
/// (their first occurrence is the value).
fn parse_template(path: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let mut names: Vec<String> = Vec::new();
    let mut repeated = Vec::new();
    for segment in super::path::segments(path)? {
        for name in segment.params() {
            if names.iter().any(|n| n == name) {
                repeated.push(name.to_owned());
            } else {
                names.push(name.to_owned());
            }
        }
    }
    Ok((names, repeated))
}

/// A stable name for an operation without an operationId: method plus path words
/// (`GET /pet/{petId}` → `getPetByPetId`).
fn generated_id(method: Method, path: &str) -> String {
    let mut id = method.key().to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                id.push_str("By");
                id.push_str(&names::type_name(name));
            }
            None => id.push_str(&names::type_name(segment)),
        }
    }
    id
}

pub(super) fn variant_name(status: StatusSpec) -> String {
    match status {
        StatusSpec::Code(code) => {
            http_reason(code).map_or_else(|| format!("Status{code}"), names::type_name)
        }
        StatusSpec::Range(digit) => format!("Status{digit}XX"),
        StatusSpec::Default => "Default".to_owned(),
    }
}

fn http_reason(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        423 => "Locked",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

/// Assigns every operation to exactly one function.
fn group(
    doc: &Document,
    diags: &mut Diagnostics,
    manifest: &Manifest,
    service: &str,
    operations: &[Operation],
) -> Vec<Function> {
    let mut functions: Vec<Function> = manifest
        .functions
        .iter()
        .map(|spec| Function {
            name: spec.name.clone(),
            operations: Vec::new(),
            events: Vec::new(),
            memory: spec.memory,
            timeout: spec.timeout,
        })
        .collect();
    // Selectors that match nothing are mistakes.
    for spec in &manifest.functions {
        for (id, at) in &spec.operations {
            if !operations.iter().any(|op| &op.id == id) {
                let suggestion = closest(id, operations.iter().map(|op| op.id.as_str()))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                diags.error(
                    Some(doc.locate(at)),
                    format!("unknown operation `{id}`{suggestion}"),
                );
            }
        }
        for (tag, at) in &spec.tags {
            if !operations.iter().any(|op| op.tags.contains(tag)) {
                diags.error(
                    Some(doc.locate(at)),
                    format!("no operation has the tag `{tag}`"),
                );
            }
        }
        for (glob, at) in &spec.paths {
            if !operations
                .iter()
                .any(|op| manifest::path_matches(glob, &op.path))
            {
                diags.error(
                    Some(doc.locate(at)),
                    format!("no operation path matches `{glob}`"),
                );
            }
        }
    }
    let mut default = None;
    for (index, op) in operations.iter().enumerate() {
        let claims: Vec<usize> = manifest
            .functions
            .iter()
            .enumerate()
            .filter(|(_, spec)| {
                spec.operations.iter().any(|(id, _)| id == &op.id)
                    || spec.tags.iter().any(|(tag, _)| op.tags.contains(tag))
                    || spec
                        .paths
                        .iter()
                        .any(|(glob, _)| manifest::path_matches(glob, &op.path))
            })
            .map(|(i, _)| i)
            .collect();
        match claims.as_slice() {
            [one] => functions[*one].operations.push(index),
            [] => {
                let slot = *default.get_or_insert_with(|| {
                    match functions.iter().position(|f| f.name == service) {
                        Some(existing) => existing,
                        None => {
                            functions.push(Function {
                                name: service.to_owned(),
                                operations: Vec::new(),
                                events: Vec::new(),
                                memory: None,
                                timeout: None,
                            });
                            functions.len() - 1
                        }
                    }
                });
                functions[slot].operations.push(index);
            }
            many => {
                let names: Vec<&str> = many
                    .iter()
                    .map(|i| manifest.functions[*i].name.as_str())
                    .collect();
                diags.error(
                    Some(doc.locate(&op.pointer)),
                    format!(
                        "operation `{}` is claimed by several functions: {}",
                        op.id,
                        names.join(", ")
                    ),
                );
            }
        }
    }
    for (spec, function) in manifest.functions.iter().zip(&functions) {
        if function.operations.is_empty() && !super::events::names_function(manifest, &spec.name) {
            diags.warning(
                Some(doc.locate(&spec.pointer)),
                format!("function `{}` has no operations", spec.name),
            );
        }
    }
    functions
}

/// The candidate closest to `wanted` by edit distance, if close enough to be a likely typo.
pub(crate) fn closest<'c>(
    wanted: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    candidates
        .map(|c| (edit_distance(&wanted.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(wanted.len()) / 3).max(1))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(row[j + 1])
            };
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert_eq!(
            parse_template("/pet/{petId}/x/{b}"),
            Ok((vec!["petId".to_owned(), "b".to_owned()], vec![]))
        );
        assert_eq!(
            parse_template("/files/{name}.{ext}"),
            Ok((vec!["name".to_owned(), "ext".to_owned()], vec![]))
        );
        assert_eq!(
            parse_template("/a/{x}/{x}"),
            Ok((vec!["x".to_owned()], vec!["x".to_owned()]))
        );
        assert!(parse_template("/a/{x}{y}").is_err());
    }

    #[test]
    fn generated_ids_are_stable() {
        assert_eq!(generated_id(Method::Get, "/pet/{petId}"), "getPetByPetId");
        assert_eq!(generated_id(Method::Post, "/"), "post");
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            closest("getPetByID", ["getPetById", "addPet"].into_iter()),
            Some("getPetById")
        );
        assert_eq!(closest("zzz", ["getPetById"].into_iter()), None);
    }
}
