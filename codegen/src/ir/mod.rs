//! The one intermediate representation that every emitter reads.
//!
//! The document is lowered into it once (see [`lower`]): named types in a [`TypeSpace`],
//! operations with their parameters, bodies and responses, and the manifest's functions. The IR is
//! deterministic: types are numbered in the order they are met, operations keep the document's
//! order, and every name is unique and stable for the same input.

mod compose;
pub mod events;
mod lower;
mod media;
pub mod names;
pub mod path;
mod schema;
pub mod security;
mod webhooks;

pub use lower::lower;
pub use security::{ApiKeyLocation, SchemeKind, SchemeUse, SecurityScheme};

/// The lowered API.
#[derive(Debug, Clone)]
pub struct Ir {
    /// The service name (manifest `service`, else derived from `info.title`).
    pub service: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// Every named type.
    pub types: TypeSpace,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// The deployable functions; every operation belongs to exactly one.
    pub functions: Vec<Function>,
    /// The webhooks the API sends (3.1 `webhooks`), with their payload types.
    pub webhooks: Vec<Webhook>,
    /// The manifest's events (schedules, queues, topics), in manifest order.
    pub events: Vec<events::Event>,
    /// The security schemes (`components.securitySchemes`, then schemes named by requirements
    /// but not declared), indexed by [`SchemeUse::scheme`].
    pub security_schemes: Vec<SecurityScheme>,
    /// CORS, body limit and rate limit from the manifest.
    pub http: crate::manifest::http::HttpSettings,
    /// The cloud platforms of the manifest (`aws`, `alicloud`, `tencent`); local is implied.
    pub platforms: Vec<String>,
}

/// A webhook the API calls: a request it sends rather than serves.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The key under `webhooks`.
    pub name: String,
    /// The Rust name of its payload alias.
    pub rust_name: String,
    /// The method of the request.
    pub method: Method,
    /// The summary or description.
    pub doc: Option<String>,
    /// The JSON payload, when the request has one.
    pub payload: Option<Schema>,
}

/// Named types, indexed by [`TypeId`].
#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    /// The definitions, in the order they were first met.
    pub defs: Vec<TypeDef>,
}

impl TypeSpace {
    /// The definition of `id`.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }
}

/// The index of a named type in the [`TypeSpace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A named type: a Rust struct or enum plus its static validation schema.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust type name, unique in the models module.
    pub name: String,
    /// The JSON pointer of the schema in the document.
    pub origin: String,
    /// The schema's title/description.
    pub doc: Option<String>,
    /// Whether the schema is marked deprecated.
    pub deprecated: bool,
    /// What the type is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with declared properties.
    Struct(StructDef),
    /// A string enumeration.
    StringEnum(Vec<EnumVariant>),
    /// `oneOf`/`anyOf`: one of several schemas.
    Union(UnionDef),
    /// Another schema under a name (a component that is an array, a map, a scalar...).
    Alias(Schema),
}

/// An object type.
#[derive(Debug, Clone)]
pub struct StructDef {
    /// The declared properties, in document order.
    pub fields: Vec<Field>,
    /// What happens to undeclared properties.
    pub additional: Additional,
    /// `minProperties`.
    pub min_properties: Option<usize>,
    /// `maxProperties`.
    pub max_properties: Option<usize>,
}

/// A `oneOf`/`anyOf` type: a Rust enum with one variant per alternative.
#[derive(Debug, Clone)]
pub struct UnionDef {
    /// The alternatives, in document order.
    pub variants: Vec<UnionVariant>,
    /// `oneOf` (exactly one alternative matches) rather than `anyOf` (at least one).
    pub exclusive: bool,
    /// The discriminator property, when the spec names one: the variant is chosen by its value.
    pub tag: Option<String>,
}

/// One alternative of a [`UnionDef`].
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The alternative's schema.
    pub schema: Schema,
    /// The discriminator values that select this alternative (empty when untagged).
    pub tags: Vec<String>,
}

/// A property of an object type.
#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON name.
    pub json_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// The property's schema.
    pub schema: Schema,
    /// Whether the property is required.
    pub required: bool,
    /// The property's description.
    pub doc: Option<String>,
    /// A scalar `default` that fills the field when the property is absent.
    pub default: Option<serde_json::Value>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `readOnly: true`: sent in responses only, absent from requests.
    pub read_only: bool,
    /// `writeOnly: true`: sent in requests only, absent from responses.
    pub write_only: bool,
}

/// The policy for undeclared properties of an object.
#[derive(Debug, Clone)]
pub enum Additional {
    /// Allowed and dropped.
    Allow,
    /// Rejected.
    Deny,
    /// Kept in a map whose values follow the schema.
    Schema(Box<Schema>),
}

/// A variant of a string enumeration.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// The JSON value.
    pub value: String,
    /// The Rust variant name.
    pub rust_name: String,
}

/// A schema in a position (a field, a parameter, a body, an array item).
#[derive(Debug, Clone)]
pub struct Schema {
    /// What values it takes.
    pub kind: Kind,
    /// Whether `null` is also allowed.
    pub nullable: bool,
}

/// The kinds of values a [`Schema`] takes.
#[derive(Debug, Clone)]
pub enum Kind {
    /// Any JSON value.
    Any,
    /// A boolean.
    Boolean,
    /// An integer.
    Integer {
        /// The Rust type.
        format: IntFormat,
        /// Bounds.
        rules: IntRules,
    },
    /// A floating-point number.
    Number {
        /// The Rust type.
        format: NumFormat,
        /// Bounds.
        rules: NumRules,
    },
    /// A string.
    String(StringRules),
    /// Raw bytes (`format: binary`).
    Binary,
    /// An array.
    Array {
        /// The items' schema.
        items: Box<Schema>,
        /// `minItems`.
        min_items: Option<usize>,
        /// `maxItems`.
        max_items: Option<usize>,
        /// `uniqueItems`.
        unique_items: bool,
    },
    /// An object with only `additionalProperties`: a map from string keys.
    Map(Box<Schema>),
    /// One of a fixed set of non-string JSON values (an `enum` or `const` of numbers, booleans or
    /// mixed values; `null` is expressed by [`Schema::nullable`]).
    Enum(Vec<serde_json::Value>),
    /// Every one of several schemas that do not merge into one Rust type (an `allOf` of an
    /// object and a union, say): kept as JSON, validated against each.
    AllOf(Vec<Schema>),
    /// A named type.
    Ref(TypeId),
}

/// Rust representation of an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntFormat {
    /// `int8`.
    I8,
    /// `int16`.
    I16,
    /// `int32`.
    I32,
    /// `int64` or no format.
    I64,
    /// `uint8`.
    U8,
    /// `uint16`.
    U16,
    /// `uint32`.
    U32,
    /// `uint64`.
    U64,
}

impl IntFormat {
    /// The smallest and largest value of the Rust type, when narrower than `i64`.
    pub fn range(self) -> Option<(i64, i64)> {
        match self {
            IntFormat::I8 => Some((i8::MIN.into(), i8::MAX.into())),
            IntFormat::I16 => Some((i16::MIN.into(), i16::MAX.into())),
            IntFormat::I32 => Some((i32::MIN.into(), i32::MAX.into())),
            IntFormat::I64 => None,
            IntFormat::U8 => Some((0, u8::MAX.into())),
            IntFormat::U16 => Some((0, u16::MAX.into())),
            IntFormat::U32 => Some((0, u32::MAX.into())),
            IntFormat::U64 => Some((0, i64::MAX)),
        }
    }
}

/// Rust representation of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumFormat {
    /// `float`.
    F32,
    /// `double` or no format.
    F64,
}

/// Integer bounds, inclusive (exclusive bounds are shifted by one).
#[derive(Debug, Clone, Default)]
pub struct IntRules {
    /// Smallest allowed value.
    pub minimum: Option<i64>,
    /// Largest allowed value.
    pub maximum: Option<i64>,
    /// `multipleOf`.
    pub multiple_of: Option<i64>,
}

/// Number bounds.
#[derive(Debug, Clone, Default)]
pub struct NumRules {
    /// Lower bound.
    pub minimum: Option<f64>,
    /// Whether the lower bound is exclusive.
    pub exclusive_minimum: bool,
    /// Upper bound.
    pub maximum: Option<f64>,
    /// Whether the upper bound is exclusive.
    pub exclusive_maximum: bool,
}

/// String constraints.
#[derive(Debug, Clone, Default)]
pub struct StringRules {
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `pattern` (checked to compile).
    pub pattern: Option<String>,
    /// A format the runtime checks.
    pub format: Option<StringFormat>,
}

/// String formats checked at run time; some also choose the Rust type (`date-time` →
/// `chrono::DateTime<Utc>`, `uuid` → `uuid::Uuid`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringFormat {
    /// `date-time`.
    DateTime,
    /// `date`.
    Date,
    /// `uuid`.
    Uuid,
    /// `email`.
    Email,
    /// `ipv4`.
    Ipv4,
    /// `ipv6`.
    Ipv6,
    /// `uri`.
    Uri,
    /// `byte`: base64-encoded bytes.
    Byte,
}

/// HTTP methods that OpenAPI path items declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
    /// OPTIONS.
    Options,
    /// HEAD.
    Head,
    /// PATCH.
    Patch,
    /// TRACE.
    Trace,
}

impl Method {
    /// Every method, in the order path items list them.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The lower-case key in a path item (`get`).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The upper-case method name (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One operation of the API.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId, or a stable generated one.
    pub id: String,
    /// The Rust identifier of the operation's marker type and handler trait.
    pub ident: String,
    /// The PascalCase prefix of its request and response types (`AddPet`).
    pub type_prefix: String,
    /// The method.
    pub method: Method,
    /// The path template.
    pub path: String,
    /// The JSON pointer of the operation object.
    pub pointer: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `tags`.
    pub tags: Vec<String>,
    /// Parameters: path parameters first in template order, then the others in document order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// The declared responses, in document order (`default` last).
    pub responses: Vec<Response>,
    /// The effective security requirements (the operation's `security`, else the document's):
    /// alternatives, each a list of schemes that must all be satisfied; empty when public. An
    /// empty alternative allows anonymous requests.
    pub security: Vec<Vec<SchemeUse>>,
}

/// Where a parameter lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// Path.
    Path,
    /// Query.
    Query,
    /// Header.
    Header,
    /// Cookie.
    Cookie,
}

impl ParamLocation {
    /// The OpenAPI name (`path`, `query`, `header`, `cookie`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// How a parameter (or a form-body property) is serialized: OpenAPI's `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `simple` (path, header).
    Simple,
    /// `label` (path).
    Label,
    /// `matrix` (path).
    Matrix,
    /// `form` (query, cookie).
    Form,
    /// `spaceDelimited` (query).
    SpaceDelimited,
    /// `pipeDelimited` (query).
    PipeDelimited,
    /// `deepObject` (query).
    DeepObject,
}

impl ParamStyle {
    /// The OpenAPI name of the style.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamStyle::Simple => "simple",
            ParamStyle::Label => "label",
            ParamStyle::Matrix => "matrix",
            ParamStyle::Form => "form",
            ParamStyle::SpaceDelimited => "spaceDelimited",
            ParamStyle::PipeDelimited => "pipeDelimited",
            ParamStyle::DeepObject => "deepObject",
        }
    }
}

/// A parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// The name in the spec.
    pub name: String,
    /// The field of the request struct.
    pub rust_name: String,
    /// Where it is read from.
    pub location: ParamLocation,
    /// Whether it is required.
    pub required: bool,
    /// How it is serialized.
    pub style: ParamStyle,
    /// Whether arrays and objects are spread over several values.
    pub explode: bool,
    /// `allowReserved` (query): `+` is a plus sign, not a space.
    pub allow_reserved: bool,
    /// `allowEmptyValue` (query): an empty value means absent.
    pub allow_empty_value: bool,
    /// For a parameter described by `content`: its (JSON) media type.
    pub content: Option<String>,
    /// The schema's `default`, for an optional parameter: used when it is absent, and the field
    /// is then not an `Option`.
    pub default: Option<serde_json::Value>,
    /// Its schema.
    pub schema: Schema,
    /// Its description.
    pub doc: Option<String>,
    /// Whether it is deprecated.
    pub deprecated: bool,
}

/// How a body of one media type is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON (`application/json`, any `+json`), with a schema.
    Json,
    /// `application/x-www-form-urlencoded`, with an object schema.
    Form,
    /// `multipart/form-data`, with an object schema.
    Multipart,
    /// Raw bytes.
    Binary,
    /// UTF-8 text.
    Text,
    /// `text/event-stream` (responses): a stream of server-sent events.
    EventStream,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// Whether it is required.
    pub required: bool,
    /// The body's description.
    pub doc: Option<String>,
    /// The handled media types, in document order.
    pub content: Vec<Media>,
    /// When the media types decode to different types: the name of the generated enum with one
    /// variant per media type. Otherwise they share one type (the first one's).
    pub enum_name: Option<String>,
}

/// One handled media type of a body.
#[derive(Debug, Clone)]
pub struct Media {
    /// The media type (or range) as written.
    pub content_type: String,
    /// How it is encoded.
    pub kind: BodyKind,
    /// Its schema: the JSON, form or multipart value; a string for text; binary for bytes.
    pub schema: Schema,
    /// Per-property encodings (form and multipart bodies).
    pub encoding: Vec<PropertyEncoding>,
    /// Its variant in the body enum, when there is one.
    pub variant: String,
    /// A multipart body with files: the struct generated for it.
    pub parts: Option<PartsStruct>,
}

/// The `encoding` of one property of a form or multipart body.
#[derive(Debug, Clone)]
pub struct PropertyEncoding {
    /// The property.
    pub property: String,
    /// `contentType`, as written.
    pub content_type: Option<String>,
    /// Explicit `style`/`explode`/`allowReserved` (form bodies).
    pub serialization: Option<Serialization>,
}

/// An explicit RFC 6570 serialization of a form-body property.
#[derive(Debug, Clone, Copy)]
pub struct Serialization {
    /// `style` (default `form`).
    pub style: ParamStyle,
    /// `explode` (default: true for `form`).
    pub explode: bool,
    /// `allowReserved`.
    pub allow_reserved: bool,
}

/// The struct generated for a multipart body whose schema has files.
#[derive(Debug, Clone)]
pub struct PartsStruct {
    /// Its name in the `ops` module.
    pub name: String,
    /// Its fields, one per property.
    pub fields: Vec<PartField>,
}

/// A field of a [`PartsStruct`].
#[derive(Debug, Clone)]
pub struct PartField {
    /// The property (part name).
    pub json_name: String,
    /// The Rust field.
    pub rust_name: String,
    /// Whether the part must be present.
    pub required: bool,
    /// The property's description.
    pub doc: Option<String>,
    /// What it holds.
    pub kind: PartKind,
}

/// What a multipart field holds.
#[derive(Debug, Clone)]
pub enum PartKind {
    /// One file.
    File,
    /// Several files (an array of binary strings).
    Files,
    /// A text or JSON value of this schema.
    Value(Schema),
}

/// Which status codes a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusSpec {
    /// One code.
    Code(u16),
    /// A range such as `4XX` (the digit).
    Range(u16),
    /// `default`.
    Default,
}

/// A declared response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Its status code(s).
    pub status: StatusSpec,
    /// The Rust variant name.
    pub variant: String,
    /// The description.
    pub doc: Option<String>,
    /// The declared headers, in document order.
    pub headers: Vec<ResponseHeader>,
    /// The body, if any.
    pub body: Option<ResponseBody>,
}

/// A declared response header.
#[derive(Debug, Clone)]
pub struct ResponseHeader {
    /// The header name as written.
    pub name: String,
    /// The field of the response variant.
    pub rust_name: String,
    /// Whether it must be sent (a plain field; otherwise an `Option`).
    pub required: bool,
    /// `explode` (objects: `k=v` pairs).
    pub explode: bool,
    /// For a header described by `content`: its (JSON) media type.
    pub content: Option<String>,
    /// Its schema.
    pub schema: Schema,
    /// Its description.
    pub doc: Option<String>,
}

/// The body of a response.
#[derive(Debug, Clone)]
pub struct ResponseBody {
    /// The handled media types, in document order.
    pub content: Vec<Media>,
    /// When the media types are of different kinds or schemas: the name of the generated enum
    /// with one variant per media type, and the handler's choice decides. Otherwise they share
    /// one type: one media type, or several JSON ones chosen by the request's `Accept`.
    pub enum_name: Option<String>,
}

/// A deployable function.
#[derive(Debug, Clone)]
pub struct Function {
    /// The name (a Rust identifier).
    pub name: String,
    /// Indexes into [`Ir::operations`], in document order.
    pub operations: Vec<usize>,
    /// Indexes into [`Ir::events`], in manifest order.
    pub events: Vec<usize>,
    /// Memory in MB, when the manifest sets it.
    pub memory: Option<u32>,
    /// Timeout in seconds, when the manifest sets it.
    pub timeout: Option<u32>,
}
