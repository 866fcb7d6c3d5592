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
    /// The effective security requirements (the operation's, else the spec's global ones): any
    /// one alternative must be satisfied; empty when the operation is public.
    pub security: &'static [crate::security::Requirement],
}

/// Where a parameter is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header (names are case-insensitive).
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

/// How a parameter (or a property of a form body) is serialized, as OpenAPI's `style`.
///
/// With `color` = `"blue"`, `["blue", "black"]` or `{"R": 100, "G": 200}`:
///
/// | style | explode | scalar | array | object |
/// |---|---|---|---|---|
/// | `simple` | false | `blue` | `blue,black` | `R,100,G,200` |
/// | `simple` | true | `blue` | `blue,black` | `R=100,G=200` |
/// | `label` | false | `.blue` | `.blue,black` | `.R,100,G,200` |
/// | `label` | true | `.blue` | `.blue.black` | `.R=100.G=200` |
/// | `matrix` | false | `;color=blue` | `;color=blue,black` | `;color=R,100,G,200` |
/// | `matrix` | true | `;color=blue` | `;color=blue;color=black` | `;R=100;G=200` |
/// | `form` | false | `color=blue` | `color=blue,black` | `color=R,100,G,200` |
/// | `form` | true | `color=blue` | `color=blue&color=black` | `R=100&G=200` |
/// | `spaceDelimited` | false | | `color=blue%20black` | `color=R%20100%20G%20200` |
/// | `pipeDelimited` | false | | `color=blue\|black` | `color=R\|100\|G\|200` |
/// | `deepObject` | true | `color=blue` | `color[]=blue&color[]=black` | `color[R]=100&color[G]=200` |
///
/// `deepObject` is bracket notation for any schema: nested objects (`color[rgb][R]=100`), arrays
/// by `[]`, by index (`color[0]=blue`) or by repeated keys, arrays of objects
/// (`lines[0][price]=p`). Values the other styles cannot carry (nested objects, arrays of
/// objects, unions of arrays or objects) are read in bracket notation from query, cookie and form
/// pairs, and as JSON text from a path segment or a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Comma-separated values (path and header parameters).
    Simple,
    /// A `.` prefix (path parameters).
    Label,
    /// `;name=value` (path parameters).
    Matrix,
    /// `name=value` pairs (query and cookie parameters, form bodies).
    Form,
    /// Space-separated values in one query value.
    SpaceDelimited,
    /// `|`-separated values in one query value.
    PipeDelimited,
    /// Bracket notation: `name[property]=value`, `name[]=item`, `name[0][property]=value`.
    DeepObject,
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
    /// How the value is serialized.
    pub style: Style,
    /// Whether arrays and objects are spread over several values (`style`'s `explode`).
    pub explode: bool,
    /// Query parameters: reserved characters may appear unencoded, so `+` is a plus sign rather
    /// than a space.
    pub allow_reserved: bool,
    /// Query parameters: an empty value (`?name=`) means the parameter is absent.
    pub allow_empty_value: bool,
    /// For a parameter described by `content` rather than `schema`: its media type. The value is
    /// then JSON text, parsed and validated against [`Parameter::schema`].
    pub content: Option<&'static str>,
    /// The JSON text of the schema's `default`, used when an optional parameter is absent.
    pub default: Option<&'static str>,
    /// The parameter's schema; text is coerced to its scalar types.
    pub schema: &'static Schema,
}

impl Parameter {
    /// A parameter in `location` with OpenAPI's defaults: required in the path, optional
    /// elsewhere; `simple` style in the path and headers, `form` (exploded) in the query and
    /// cookies; no content type, no default, any value. Generated descriptors complete it with
    /// `..Parameter::at(location)`, naming only what differs.
    pub const fn at(location: ParamLocation) -> Parameter {
        let form = matches!(location, ParamLocation::Query | ParamLocation::Cookie);
        Parameter {
            name: "",
            field: "",
            location,
            required: matches!(location, ParamLocation::Path),
            style: if form { Style::Form } else { Style::Simple },
            explode: form,
            allow_reserved: false,
            allow_empty_value: false,
            content: None,
            default: None,
            schema: &crate::schema::ANY,
        }
    }
}

/// The request body of an operation.
#[derive(Debug)]
pub struct RequestBody {
    /// Whether a request without a body is rejected.
    pub required: bool,
    /// The accepted media types, in spec order; the request's `Content-Type` picks the most
    /// specific one that matches.
    pub content: &'static [MediaType],
}

/// How a body of some media type is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json` or any `+json` type: parsed, validated against the schema, deserialized.
    Json,
    /// `application/x-www-form-urlencoded`: pairs coerced per property of an object schema.
    Form,
    /// `multipart/form-data`: named parts, text fields coerced per property, files kept as bytes.
    Multipart,
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
    /// The body's schema (an object schema for form and multipart bodies).
    pub schema: &'static Schema,
    /// Per-property encodings of form and multipart bodies (the media type's `encoding`).
    pub encoding: &'static [Encoding],
}

impl MediaType {
    /// The encoding declared for `property`, if any.
    pub fn encoding_of(&self, property: &str) -> Option<&'static Encoding> {
        self.encoding.iter().find(|e| e.property == property)
    }
}

/// How one property of a form or multipart body is encoded.
#[derive(Debug)]
pub struct Encoding {
    /// The property's name.
    pub property: &'static str,
    /// `contentType`: a comma-separated list of media ranges. A JSON type makes the value JSON
    /// text; for a multipart file it restricts the part's `Content-Type`.
    pub content_type: Option<&'static str>,
    /// Explicit `style`/`explode`/`allowReserved` (form bodies): the property is then read like a
    /// query parameter and `content_type` is ignored.
    pub serialization: Option<Serialization>,
}

/// An RFC 6570 serialization of a form-body property.
#[derive(Debug, Clone, Copy)]
pub struct Serialization {
    /// The style.
    pub style: Style,
    /// Whether arrays and objects are spread over several pairs.
    pub explode: bool,
    /// `allowReserved`. A form body is `application/x-www-form-urlencoded` whatever this says,
    /// so `+` is a space there; it is kept for completeness.
    pub allow_reserved: bool,
}
