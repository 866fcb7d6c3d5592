//! Static descriptions of operations, laid out by the generator as `static` items.

use crate::schema::Schema;

/// Everything the runtime needs to know about one operation to decode its requests.
#[derive(Debug)]
pub struct OperationDescriptor {
    /// The operationId (or the stable name generated for an operation without one).
    pub id: &'static str,
    /// The HTTP method.
    pub method: http::Method,
    /// The path template, e.g. `/pet/{petId}`.
    pub path: &'static str,
    /// Path, query, header and cookie parameters. Path parameters come first, in template order.
    pub parameters: &'static [Parameter],
    /// The request body, if the operation declares one.
    pub body: Option<&'static RequestBody>,
}

/// Where a parameter is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl ParamLocation {
    /// The OpenAPI name of the location (`path`, `query`, `header`, `cookie`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// One parameter of an operation.
#[derive(Debug)]
pub struct Parameter {
    /// The name in the spec (`petId`, `X-Request-Id`, ...).
    pub name: &'static str,
    /// The field of the generated request struct that receives the value.
    pub field: &'static str,
    /// Where it is read from.
    pub location: ParamLocation,
    /// Whether a request without it is rejected.
    pub required: bool,
    /// Whether arrays are sent as repeated keys (`form` style with `explode: true`, the default
    /// for query parameters) rather than one comma-separated value.
    pub explode: bool,
    /// The parameter's schema; strings are coerced to its scalar types.
    pub schema: &'static Schema,
}

/// The request body of an operation.
#[derive(Debug)]
pub struct RequestBody {
    /// Whether a request without a body is rejected.
    pub required: bool,
    /// The accepted media types, in spec order.
    pub content: &'static [MediaType],
}

/// How a body of some media type is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json` or any `+json` type: parsed, validated against the schema, deserialized.
    Json,
    /// Raw bytes (`application/octet-stream`, images, ...).
    Binary,
    /// UTF-8 text (`text/plain`, ...).
    Text,
}

/// One accepted media type of a request body.
#[derive(Debug)]
pub struct MediaType {
    /// The media type range as written in the spec, e.g. `application/json` or `image/*`.
    pub content_type: &'static str,
    /// How the body is decoded.
    pub kind: BodyKind,
    /// The body's schema (for JSON bodies).
    pub schema: &'static Schema,
}
