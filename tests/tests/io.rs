//! Operation I/O driven through the generated `io` module (`specs/io.yaml`): every parameter
//! style and location, every body kind, media type selection and 415, `Accept` negotiation and
//! 406, response headers, and server-sent events read incrementally from the local server.
//!
//! Each handler echoes what it decoded as JSON, so each test checks the decoded values; invalid
//! inputs check the status and the JSON pointers of the problem.

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use serde_json::{json, Value};
use sls_runtime::media::TypedBytes;
use sls_runtime::sse::{Event, EventStream};
use sls_runtime::{components, endpoint, AppService, ServiceConfig};
use sls_tests::io::functions::All;
use sls_tests::io::models::{Pet, ReportFormat, ReportOkJson};
use sls_tests::io::ops::*;

/// The state: a signal the event stream waits for before its second event.
pub struct Io {
    go: Arc<tokio::sync::Notify>,
}

async fn open() -> Result<Io, std::io::Error> {
    Ok(Io {
        go: Arc::new(tokio::sync::Notify::new()),
    })
}

/// The handlers: each echoes what it decoded.
mod handlers {
    use super::*;

    #[endpoint(pathSimple, api = sls_tests::io)]
    pub async fn path_simple(r: PathSimpleRequest) -> PathSimpleResponse {
        PathSimpleResponse::Ok(
            json!({"id": r.id, "ids": r.ids, "color": r.color, "shade": r.shade}),
        )
    }

    #[endpoint(pathLabel, api = sls_tests::io)]
    pub async fn path_label(r: PathLabelRequest) -> PathLabelResponse {
        PathLabelResponse::Ok(
            json!({"id": r.id, "ids": r.ids, "idsx": r.idsx, "color": r.color, "shade": r.shade}),
        )
    }

    #[endpoint(pathMatrix, api = sls_tests::io)]
    pub async fn path_matrix(r: PathMatrixRequest) -> PathMatrixResponse {
        PathMatrixResponse::Ok(
            json!({"id": r.id, "ids": r.ids, "idsx": r.idsx, "color": r.color, "shade": r.shade}),
        )
    }

    #[endpoint(queryForm, api = sls_tests::io)]
    pub async fn query_form(r: QueryFormRequest) -> QueryFormResponse {
        QueryFormResponse::Ok(json!({
            "limit": r.limit, "tags": r.tags, "ids": r.ids, "color": r.color, "shade": r.shade,
            "q": r.q, "flag": r.flag, "old": r.old,
        }))
    }

    #[endpoint(queryDelimited, api = sls_tests::io)]
    pub async fn query_delimited(r: QueryDelimitedRequest) -> QueryDelimitedResponse {
        QueryDelimitedResponse::Ok(json!({
            "space": r.space, "pipe": r.pipe, "spaceColor": r.space_color, "pipeColor": r.pipe_color,
        }))
    }

    #[endpoint(queryDeep, api = sls_tests::io)]
    pub async fn query_deep(r: QueryDeepRequest) -> QueryDeepResponse {
        QueryDeepResponse::Ok(json!({ "filter": r.filter }))
    }

    #[endpoint(queryBrackets, api = sls_tests::io)]
    pub async fn query_brackets(r: QueryBracketsRequest) -> QueryBracketsResponse {
        QueryBracketsResponse::Ok(json!({
            "created": r.created, "expand": r.expand, "cwes": r.cwes, "lines": r.lines,
            "filter": r.filter,
        }))
    }

    #[endpoint(jsonText, api = sls_tests::io)]
    pub async fn json_text(r: JsonTextRequest) -> JsonTextResponse {
        JsonTextResponse::Ok(json!({ "lines": r.lines, "cwes": r.x_cwes }))
    }

    #[endpoint(stripeBody, api = sls_tests::io)]
    pub async fn stripe_body(r: StripeBodyRequest) -> StripeBodyResponse {
        StripeBodyResponse::Ok(json!({ "form": r.body }))
    }

    #[endpoint(queryContent, api = sls_tests::io)]
    pub async fn query_content(r: QueryContentRequest) -> QueryContentResponse {
        QueryContentResponse::Ok(json!({ "coords": r.coords }))
    }

    #[endpoint(queryFree, api = sls_tests::io)]
    pub async fn query_free(r: QueryFreeRequest) -> QueryFreeResponse {
        QueryFreeResponse::Ok(json!({ "page": r.page, "counts": r.counts }))
    }

    #[endpoint(headers, api = sls_tests::io)]
    pub async fn headers(r: HeadersRequest) -> HeadersResponse {
        HeadersResponse::Ok(json!({
            "trace": r.x_trace, "ids": r.x_ids, "color": r.x_color, "shade": r.x_shade, "meta": r.x_meta,
        }))
    }

    #[endpoint(cookies, api = sls_tests::io)]
    pub async fn cookies(r: CookiesRequest) -> CookiesResponse {
        CookiesResponse::Ok(json!({
            "session": r.session, "prefs": r.prefs, "ids": r.ids, "theme": r.theme, "shade": r.shade,
        }))
    }

    #[endpoint(jsonBody, api = sls_tests::io)]
    pub async fn json_body(r: JsonBodyRequest) -> JsonBodyResponse {
        JsonBodyResponse::Ok(json!({ "pet": r.body }))
    }

    #[endpoint(sharedBody, api = sls_tests::io)]
    pub async fn shared_body(r: SharedBodyRequest) -> SharedBodyResponse {
        SharedBodyResponse::Ok(json!({ "profile": r.body }))
    }

    #[endpoint(formBody, api = sls_tests::io)]
    pub async fn form_body(r: FormBodyRequest) -> FormBodyResponse {
        FormBodyResponse::Ok(json!({ "form": r.body }))
    }

    pub fn file(part: &sls_runtime::multipart::FilePart) -> Value {
        json!({
            "name": part.file_name, "type": part.content_type,
            "text": String::from_utf8_lossy(&part.bytes),
        })
    }

    #[endpoint(upload, api = sls_tests::io)]
    pub async fn upload(r: UploadRequest) -> UploadResponse {
        let b = r.body;
        UploadResponse::Ok(json!({
            "title": b.title, "count": b.count, "tags": b.tags, "meta": b.meta,
            "file": file(&b.file),
            "avatar": b.avatar.as_ref().map(file),
            "attachments": b.attachments.iter().map(file).collect::<Vec<_>>(),
        }))
    }

    #[endpoint(binaryBody, api = sls_tests::io)]
    pub async fn binary_body(r: BinaryBodyRequest) -> BinaryBodyResponse {
        BinaryBodyResponse::Ok(json!({ "bytes": r.body.map(|b| b.to_vec()) }))
    }

    #[endpoint(imageBody, api = sls_tests::io)]
    pub async fn image_body(r: ImageBodyRequest) -> ImageBodyResponse {
        ImageBodyResponse::Ok(match r.body {
            ImageBodyBody::Png(bytes) => json!({"png": bytes.len()}),
            ImageBodyBody::Image(TypedBytes {
                content_type,
                bytes,
            }) => json!({"image": content_type, "len": bytes.len()}),
        })
    }

    #[endpoint(textBody, api = sls_tests::io)]
    pub async fn text_body(r: TextBodyRequest) -> TextBodyResponse {
        TextBodyResponse::Ok(json!({ "text": r.body }))
    }

    #[endpoint(mixedBody, api = sls_tests::io)]
    pub async fn mixed_body(r: MixedBodyRequest) -> MixedBodyResponse {
        MixedBodyResponse::Ok(match r.body {
            None => json!("none"),
            Some(MixedBodyBody::Json(pet)) => json!({ "json": pet }),
            Some(MixedBodyBody::Text(text)) => json!({ "text": text }),
            Some(MixedBodyBody::Binary(bytes)) => json!({ "binary": bytes.len() }),
        })
    }

    #[endpoint(negotiated, api = sls_tests::io)]
    pub async fn negotiated(_: NegotiatedRequest) -> NegotiatedResponse {
        NegotiatedResponse::Ok {
            body: vec![Pet {
                name: "rex".to_owned(),
                tag: None,
            }],
            x_rate_limit: 10,
            x_expires_after: None,
            x_tags: Some(vec!["a".to_owned(), "b".to_owned()]),
            x_color: Some(sls_tests::io::models::Color {
                r: Some(1),
                g: Some(2),
                b: None,
            }),
        }
    }

    #[endpoint(report, api = sls_tests::io)]
    pub async fn report(r: ReportRequest) -> ReportResponse {
        match r.format {
            ReportFormat::Json => ReportResponse::Ok(ReportOkBody::Json(ReportOkJson {
                title: Some("sales".to_owned()),
            })),
            ReportFormat::Csv => ReportResponse::Ok(ReportOkBody::Csv("a,b\n1,2\n".to_owned())),
            ReportFormat::Pdf => ReportResponse::Ok(ReportOkBody::Pdf(Bytes::from_static(b"%PDF"))),
            ReportFormat::Missing => ReportResponse::NotFound,
            ReportFormat::Error => ReportResponse::Default {
                status: 503,
                body: ReportOkJson {
                    title: Some("busy".to_owned()),
                },
                x_error_code: "E42".to_owned(),
            },
        }
    }

    #[endpoint(image, api = sls_tests::io)]
    pub async fn image(_: ImageRequest) -> ImageResponse {
        ImageResponse::Ok(TypedBytes::new("image/png", Bytes::from_static(b"\x89PNG")))
    }

    /// Sends tick 1 at once, then waits for the state's signal before the other ticks.
    #[endpoint(events, api = sls_tests::io)]
    pub async fn events(state: &Io, r: EventsRequest) -> EventsResponse {
        let (mut sender, stream) = EventStream::channel(4);
        let go = Arc::clone(&state.go);
        tokio::spawn(async move {
            for n in 1..=r.count {
                if n == 2 {
                    go.notified().await;
                }
                let event = Event::data(format!("tick {n}"))
                    .event("tick")
                    .id(n.to_string());
                if sender.send(event).await.is_err() {
                    return;
                }
            }
        });
        EventsResponse::Ok(stream)
    }

    #[endpoint(getThing, api = sls_tests::io)]
    pub async fn get_thing(r: GetThingRequest) -> GetThingResponse {
        GetThingResponse::Ok(json!({ "id": r.id }))
    }
}

#[components(
    state = Io,
    init = open,
    endpoints(
        handlers::path_simple,
        handlers::path_label,
        handlers::path_matrix,
        handlers::query_form,
        handlers::query_delimited,
        handlers::query_deep,
        handlers::query_brackets,
        handlers::json_text,
        handlers::stripe_body,
        handlers::query_content,
        handlers::query_free,
        handlers::headers,
        handlers::cookies,
        handlers::json_body,
        handlers::shared_body,
        handlers::form_body,
        handlers::upload,
        handlers::binary_body,
        handlers::image_body,
        handlers::text_body,
        handlers::mixed_body,
        handlers::negotiated,
        handlers::report,
        handlers::image,
        handlers::events,
        handlers::get_thing,
    ),
    api = sls_tests::io
)]
pub struct App;

async fn service() -> AppService<App, All> {
    match AppService::<App, All>::init(ServiceConfig::default()).await {
        Ok(service) => service,
        Err(error) => panic!("init failed: {error}"),
    }
}

/// A request to send.
struct Call {
    method: Method,
    uri: String,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn get(uri: &str) -> Call {
    Call {
        method: Method::GET,
        uri: uri.to_owned(),
        headers: Vec::new(),
        body: Vec::new(),
    }
}

fn post(uri: &str, content_type: &str, body: impl Into<Vec<u8>>) -> Call {
    Call {
        method: Method::POST,
        uri: uri.to_owned(),
        headers: vec![("content-type", content_type.to_owned())],
        body: body.into(),
    }
}

impl Call {
    fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    raw: Bytes,
    body: Value,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn pointers(&self) -> Vec<&str> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| e["pointer"].as_str().unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn detail(&self, pointer: &str) -> Option<&str> {
        self.body["errors"]
            .as_array()?
            .iter()
            .find(|e| e["pointer"] == pointer)
            .and_then(|e| e["detail"].as_str())
    }

    /// The echo of a 200 answer; fails the test with the problem otherwise.
    fn ok(&self) -> &Value {
        assert_eq!(self.status, StatusCode::OK, "{}", self.body);
        &self.body
    }

    /// Checks a 400 answer naming exactly `pointers`.
    fn invalid(&self, pointers: &[&str]) {
        assert_eq!(self.status, StatusCode::BAD_REQUEST, "{}", self.body);
        assert_eq!(self.pointers(), pointers, "{}", self.body);
    }
}

async fn send(service: &AppService<App, All>, call: Call) -> Answer {
    let mut builder = Request::builder().method(call.method).uri(call.uri);
    for (name, value) in call.headers {
        builder = builder.header(name, value);
    }
    let request = builder
        .body(Full::new(Bytes::from(call.body)))
        .expect("valid request");
    let response = service.handle(request).await;
    let status = response.status();
    let headers = response.headers().clone();
    let raw = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        raw,
        body,
    }
}

async fn call(call: Call) -> Answer {
    send(&service().await, call).await
}

// ---------------------------------------------------------------------------------------------
// Path parameters

#[tokio::test]
async fn path_simple_scalar_array_and_objects() {
    let answer = call(get("/path/simple/5/1,2,3/R,1,G,2/R=1,G=2,B=3")).await;
    assert_eq!(
        answer.ok(),
        &json!({"id": 5, "ids": [1, 2, 3], "color": {"R": 1, "G": 2}, "shade": {"R": 1, "G": 2, "B": 3}})
    );
}

#[tokio::test]
async fn path_simple_percent_encoded_commas_are_data() {
    // `%2C` inside an item is not a separator: the item is `1,2`, not an integer.
    let answer = call(get("/path/simple/5/1%2C2/R,1/R=1")).await;
    answer.invalid(&["/path/ids/0"]);
}

#[tokio::test]
async fn path_simple_invalid() {
    let answer = call(get("/path/simple/0/1,x/R,1,G/Q=1")).await;
    answer.invalid(&["/path/id", "/path/ids/1", "/path/color", "/path/shade/Q"]);
    assert_eq!(answer.detail("/path/id"), Some("must be at least 1"));
    assert_eq!(answer.detail("/path/ids/1"), Some("expected an integer"));
    assert_eq!(
        answer.detail("/path/color"),
        Some("expected alternating names and values")
    );
    assert_eq!(
        answer.detail("/path/shade/Q"),
        Some("is not an allowed property")
    );
}

#[tokio::test]
async fn path_label() {
    let answer = call(get("/path/label/.a%20b/.1,2/.3.4/.R,1,G,2/.R=1.G=2")).await;
    assert_eq!(
        answer.ok(),
        &json!({"id": "a b", "ids": [1, 2], "idsx": [3, 4], "color": {"R": 1, "G": 2}, "shade": {"R": 1, "G": 2}})
    );
}

#[tokio::test]
async fn path_label_invalid() {
    let answer = call(get("/path/label/abc/.1,2/.3.x/.R,1,G/.R=1.G")).await;
    answer.invalid(&["/path/id", "/path/idsx/1", "/path/color", "/path/shade"]);
    assert_eq!(
        answer.detail("/path/id"),
        Some("expected a value starting with `.` (label style)")
    );
}

#[tokio::test]
async fn path_matrix() {
    let answer = call(get(
        "/path/matrix/;id=true/;ids=1,2/;idsx=3;idsx=4/;color=R,1,G,2/;R=1;G=2",
    ))
    .await;
    assert_eq!(
        answer.ok(),
        &json!({"id": true, "ids": [1, 2], "idsx": [3, 4], "color": {"R": 1, "G": 2}, "shade": {"R": 1, "G": 2}})
    );
}

#[tokio::test]
async fn path_matrix_invalid() {
    let answer = call(get(
        "/path/matrix/;id=yes/;idz=1/;idsx=3;other=4/;color=R,x/;R=1;Q=2",
    ))
    .await;
    answer.invalid(&[
        "/path/id",
        "/path/ids",
        "/path/idsx",
        "/path/color/R",
        "/path/shade/Q",
    ]);
    assert_eq!(answer.detail("/path/ids"), Some("expected `;ids=...`"));
}

// ---------------------------------------------------------------------------------------------
// Query parameters

#[tokio::test]
async fn query_form_exploded_and_not() {
    let answer = call(get(
        "/query/form?tags=a&tags=b+c&ids=1,2,3&R=1&G=2&shade=R,3,B,4&q=a+b%2Bc&flag=",
    ))
    .await;
    assert_eq!(
        answer.ok(),
        &json!({
            "limit": 20, "tags": ["a", "b c"], "ids": [1, 2, 3], "color": {"R": 1, "G": 2},
            "shade": {"R": 3, "B": 4}, "q": "a+b+c", "flag": null, "old": null,
        }),
        "the default fills `limit`; `allowReserved` keeps `+`; `allowEmptyValue` makes `flag=` absent"
    );
}

#[tokio::test]
async fn query_form_defaults_are_overridden() {
    let answer = call(get("/query/form?limit=5&flag=true")).await;
    assert_eq!(answer.ok()["limit"], 5);
    assert_eq!(answer.ok()["flag"], true);
}

#[tokio::test]
async fn query_form_invalid() {
    let answer = call(get(
        "/query/form?limit=0&tags=a&tags=b&tags=c&tags=d&ids=1,x&R=z&flag=maybe",
    ))
    .await;
    answer.invalid(&[
        "/query/limit",
        "/query/tags",
        "/query/ids/1",
        "/query/color/R",
        "/query/flag",
    ]);
    assert_eq!(answer.detail("/query/limit"), Some("must be at least 1"));
    assert_eq!(
        answer.detail("/query/tags"),
        Some("must have at most 3 items")
    );
    assert!(!String::from_utf8_lossy(&answer.raw).contains("maybe"));
}

#[tokio::test]
async fn query_scalar_given_twice_is_an_error() {
    let answer = call(get("/query/form?limit=1&limit=2")).await;
    answer.invalid(&["/query/limit"]);
    assert_eq!(
        answer.detail("/query/limit"),
        Some("is given more than once")
    );
}

#[tokio::test]
async fn query_space_and_pipe_delimited() {
    let answer = call(get(
        "/query/delimited?space=1%202+3&pipe=a|b%7Cc&spaceColor=R%201%20G%202&pipeColor=B|3",
    ))
    .await;
    assert_eq!(
        answer.ok(),
        &json!({"space": [1, 2, 3], "pipe": ["a", "b", "c"], "spaceColor": {"R": 1, "G": 2}, "pipeColor": {"B": 3}})
    );
}

#[tokio::test]
async fn query_delimited_invalid() {
    let answer = call(get("/query/delimited?space=1%20x&pipeColor=B|3|G")).await;
    answer.invalid(&["/query/space/1", "/query/pipeColor"]);
}

#[tokio::test]
async fn query_deep_object() {
    let answer = call(get(
        "/query/deep?filter[name]=rex&filter%5Bmin%5D=2&filter[tags]=a&filter[tags]=b&other=1",
    ))
    .await;
    assert_eq!(
        answer.ok(),
        &json!({"filter": {"name": "rex", "min": 2, "tags": ["a", "b"]}})
    );
    let absent = call(get("/query/deep")).await;
    assert_eq!(absent.ok(), &json!({ "filter": null }));
}

#[tokio::test]
async fn query_deep_object_invalid() {
    let answer = call(get("/query/deep?filter[min]=-1&filter[bogus]=1")).await;
    answer.invalid(&["/query/filter/bogus"]);
    let answer = call(get("/query/deep?filter[min]=-1")).await;
    answer.invalid(&["/query/filter/min"]);
    assert_eq!(
        answer.detail("/query/filter/min"),
        Some("must be at least 0")
    );
}

#[tokio::test]
async fn query_brackets_stripe_style() {
    let answer = call(get(
        "/query/brackets?created[gte]=10&created%5Blt%5D=20&expand[]=customer&expand[]=invoice.subscription\
         &lines[0][price]=p1&lines[0][quantity]=2&lines[1][price_data][currency]=usd\
         &lines[1][price_data][recurring][interval]=month&filter[status]=open&filter[customer][email]=a%40b.c",
    ))
    .await;
    assert_eq!(
        answer.ok(),
        &json!({
            "created": {"gte": 10, "lt": 20},
            "expand": ["customer", "invoice.subscription"],
            "cwes": null,
            "lines": [
                {"price": "p1", "quantity": 2},
                {"price_data": {"currency": "usd", "recurring": {"interval": "month"}}}
            ],
            "filter": {"status": "open", "customer": {"email": "a@b.c"}},
        })
    );
}

#[tokio::test]
async fn query_brackets_indexes_repeats_and_json_text() {
    // Indexes in any order (gaps close up), repeated keys, and one value of JSON text.
    let answer = call(get(
        "/query/brackets?expand[1]=b&expand[0]=a&lines[3][price]=late&lines[0][price]=early",
    ))
    .await;
    assert_eq!(answer.ok()["expand"], json!(["a", "b"]));
    assert_eq!(
        answer.ok()["lines"],
        json!([{"price": "early"}, {"price": "late"}])
    );
    let answer = call(get(
        "/query/brackets?expand=a&expand=b&lines=%5B%7B%22price%22%3A%22p%22%7D%5D",
    ))
    .await;
    assert_eq!(answer.ok()["expand"], json!(["a", "b"]));
    assert_eq!(answer.ok()["lines"], json!([{"price": "p"}]));
}

#[tokio::test]
async fn query_unions_follow_what_arrived() {
    let one = call(get("/query/brackets?created=1700000000&cwes=79")).await;
    assert_eq!(one.ok()["created"], json!(1700000000));
    assert_eq!(one.ok()["cwes"], json!("79"));
    let many = call(get("/query/brackets?created[gt]=5&cwes=79&cwes=284")).await;
    assert_eq!(many.ok()["created"], json!({"gt": 5}));
    assert_eq!(many.ok()["cwes"], json!(["79", "284"]));
    let bracketed = call(get("/query/brackets?cwes[]=79&cwes[]=22")).await;
    assert_eq!(bracketed.ok()["cwes"], json!(["79", "22"]));
}

#[tokio::test]
async fn query_brackets_invalid() {
    let answer = call(get(
        "/query/brackets?created[gt]=x&lines[0][quantity]=0&lines[1][price_data][unit_amount]=5\
         &lines[2][bogus]=1&filter[customer][phone]=1&cwes=1&cwes=2&cwes=3&cwes=4",
    ))
    .await;
    answer.invalid(&[
        "/query/created/gt",
        "/query/cwes",
        "/query/lines/2/bogus",
        "/query/filter/customer/phone",
    ]);
    assert_eq!(
        answer.detail("/query/created/gt"),
        Some("expected an integer")
    );
    // Once each value reads, validation names what is wrong with it.
    let answer = call(get(
        "/query/brackets?lines[0][quantity]=0&lines[1][price_data][unit_amount]=5",
    ))
    .await;
    answer.invalid(&[
        "/query/lines/0/quantity",
        "/query/lines/1/price_data/currency",
    ]);
    assert_eq!(
        answer.detail("/query/lines/1/price_data/currency"),
        Some("is required")
    );
}

#[tokio::test]
async fn malformed_bracket_keys_are_400() {
    for (query, pointer, detail) in [
        (
            "created=1&created[gt]=2",
            "/query/created",
            "is given both as a value and with `[...]` keys",
        ),
        (
            "expand[=a",
            "/query/expand",
            "has a malformed key: brackets must pair up, as in `name[a][0]`",
        ),
        (
            "expand[0]]=a",
            "/query/expand",
            "has a malformed key: brackets must pair up, as in `name[a][0]`",
        ),
        (
            "expand[5000]=a",
            "/query/expand/5000",
            "is an index above 999",
        ),
        (
            "expand[]=a&expand[1]=b",
            "/query/expand",
            "mixes `[]` with indexes",
        ),
        ("expand[x]=a", "/query/expand/x", "is not an array index"),
        (
            "created[gt][x]=1",
            "/query/created/gt",
            "expected a single value, found `[...]` keys",
        ),
    ] {
        let answer = call(get(&format!("/query/brackets?{query}"))).await;
        answer.invalid(&[pointer]);
        assert_eq!(answer.detail(pointer), Some(detail), "{query}");
    }
    let deep = format!("/query/brackets?filter{}=1", "[a]".repeat(17));
    call(get(&deep)).await.invalid(&["/query/filter"]);
    let many: Vec<String> = (0..1001).map(|i| format!("expand[]={i}")).collect();
    let answer = call(get(&format!("/query/brackets?{}", many.join("&")))).await;
    answer.invalid(&["/query/expand"]);
    assert_eq!(
        answer.detail("/query/expand"),
        Some("has more than 1000 keys")
    );
}

#[tokio::test]
async fn path_and_header_values_no_style_carries_are_json_text() {
    let answer = call(
        get("/json/%5B%7B%22price%22%3A%22p%22%2C%22quantity%22%3A2%7D%5D")
            .header("X-Cwes", r#"["79","22"]"#),
    )
    .await;
    assert_eq!(
        answer.ok(),
        &json!({"lines": [{"price": "p", "quantity": 2}], "cwes": ["79", "22"]})
    );
    let text = call(get("/json/%5B%5D").header("X-Cwes", "79,22")).await;
    assert_eq!(text.ok(), &json!({"lines": [], "cwes": "79,22"}));
    call(get("/json/%5B%7B%22quantity%22%3A0%7D%5D"))
        .await
        .invalid(&["/path/lines/0/quantity"]);
    call(get("/json/nope")).await.invalid(&["/path/lines/0"]);
}

#[tokio::test]
async fn query_content_json() {
    let answer = call(get(
        "/query/content?coords=%7B%22lat%22%3A1.5%2C%22long%22%3A2%7D",
    ))
    .await;
    assert_eq!(answer.ok(), &json!({"coords": {"lat": 1.5, "long": 2.0}}));
}

#[tokio::test]
async fn query_content_invalid() {
    call(get("/query/content?coords=%7Bbad"))
        .await
        .invalid(&["/query/coords"]);
    call(get(
        "/query/content?coords=%7B%22lat%22%3A100%2C%22long%22%3A2%7D",
    ))
    .await
    .invalid(&["/query/coords/lat"]);
    let missing = call(get("/query/content")).await;
    missing.invalid(&["/query/coords"]);
    assert_eq!(missing.detail("/query/coords"), Some("is required"));
}

#[tokio::test]
async fn query_free_form_map_takes_unclaimed_keys() {
    let answer = call(get("/query/free?page=2&a=1&b=2")).await;
    assert_eq!(answer.ok(), &json!({"page": 2, "counts": {"a": 1, "b": 2}}));
    call(get("/query/free?x=y"))
        .await
        .invalid(&["/query/counts/x"]);
}

// ---------------------------------------------------------------------------------------------
// Headers and cookies

#[tokio::test]
async fn header_parameters() {
    let answer = call(
        get("/headers")
            .header("X-TRACE", "abc")
            .header("x-ids", "1, 2")
            .header("x-ids", "3")
            .header("X-Color", "R,1,G,2")
            .header("X-Shade", "R=1, B=3")
            .header("X-Meta", "{\"level\": 3}"),
    )
    .await;
    assert_eq!(
        answer.ok(),
        &json!({"trace": "abc", "ids": [1, 2, 3], "color": {"R": 1, "G": 2}, "shade": {"R": 1, "B": 3}, "meta": {"level": 3}})
    );
}

#[tokio::test]
async fn header_parameters_invalid() {
    let answer = call(
        get("/headers")
            .header("x-ids", "1,x")
            .header("x-meta", "{bad"),
    )
    .await;
    answer.invalid(&["/header/X-Trace", "/header/X-Ids/1", "/header/X-Meta"]);
    let short = call(get("/headers").header("x-trace", "ab")).await;
    short.invalid(&["/header/X-Trace"]);
}

#[tokio::test]
async fn cookie_parameters() {
    let answer = call(
        get("/cookies")
            .header("cookie", "session=s%201; prefs=a,b")
            .header("cookie", "ids=1; ids=2; theme=R,1,G,2; B=3; G=4"),
    )
    .await;
    assert_eq!(
        answer.ok(),
        &json!({
            "session": "s 1", "prefs": ["a", "b"], "ids": [1, 2], "theme": {"R": 1, "G": 2},
            "shade": {"B": 3, "G": 4},
        }),
        "an exploded object cookie is one cookie per property"
    );
}

#[tokio::test]
async fn cookie_parameters_invalid() {
    let answer = call(get("/cookies").header("cookie", "ids=x; theme=R; G=green")).await;
    answer.invalid(&[
        "/cookie/session",
        "/cookie/ids/0",
        "/cookie/theme",
        "/cookie/shade/G",
    ]);
}

// ---------------------------------------------------------------------------------------------
// Bodies

#[tokio::test]
async fn json_body_under_any_declared_json_type() {
    for content_type in [
        "application/json",
        "application/vnd.pets+json; charset=utf-8",
    ] {
        let answer = call(post("/bodies/json", content_type, r#"{"name":"rex"}"#)).await;
        assert_eq!(
            answer.ok(),
            &json!({"pet": {"name": "rex"}}),
            "{content_type}"
        );
    }
    call(post("/bodies/json", "application/json", r#"{"name":""}"#))
        .await
        .invalid(&["/body/name"]);
}

#[tokio::test]
async fn a_media_type_left_out_is_answered_415() {
    let answer = call(post("/bodies/json", "application/xml", "<pet/>")).await;
    assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        answer.body["detail"],
        "the body must be sent as application/json or application/vnd.pets+json"
    );
}

#[tokio::test]
async fn one_schema_under_json_form_and_multipart() {
    let expected =
        json!({"profile": {"name": "rex", "age": 3, "tags": ["a", "b"], "meta": {"level": 1}}});
    let as_json = call(post(
        "/bodies/shared",
        "application/json",
        r#"{"name":"rex","age":3,"tags":["a","b"],"meta":{"level":1}}"#,
    ))
    .await;
    assert_eq!(as_json.ok(), &expected);
    let as_form = call(post(
        "/bodies/shared",
        "application/x-www-form-urlencoded",
        "name=rex&age=3&tags=a&tags=b&meta=%7B%22level%22%3A1%7D",
    ))
    .await;
    assert_eq!(as_form.ok(), &expected);
    let multipart = Multipart::new()
        .field("name", "rex")
        .field("age", "3")
        .field("tags", "a")
        .field("tags", "b")
        .field("meta", r#"{"level":1}"#);
    let as_multipart = call(multipart.post("/bodies/shared")).await;
    assert_eq!(as_multipart.ok(), &expected);
}

#[tokio::test]
async fn form_and_multipart_values_are_coerced_and_validated() {
    call(post(
        "/bodies/shared",
        "application/x-www-form-urlencoded",
        "age=-1&tags=a",
    ))
    .await
    .invalid(&["/body/name", "/body/age"]);
    let multipart = Multipart::new().field("name", "rex").field("age", "x");
    call(multipart.post("/bodies/shared"))
        .await
        .invalid(&["/body/age"]);
}

#[tokio::test]
async fn form_body_with_encodings() {
    let answer = call(post(
        "/bodies/form",
        "application/x-www-form-urlencoded",
        "name=r+x&age=3&tags=a&tags=b&ids=1,2&meta=%7B%22level%22%3A1%7D&filter[R]=1&filter%5BG%5D=2",
    ))
    .await;
    assert_eq!(
        answer.ok(),
        &json!({"form": {"name": "r x", "age": 3, "tags": ["a", "b"], "ids": [1, 2], "meta": {"level": 1}, "filter": {"R": 1, "G": 2}}})
    );
}

#[tokio::test]
async fn form_body_invalid() {
    let answer = call(post(
        "/bodies/form",
        "application/x-www-form-urlencoded",
        "age=x&ids=1,y&meta=%7B&filter[Q]=1&extra=1",
    ))
    .await;
    answer.invalid(&[
        "/body/age",
        "/body/ids/1",
        "/body/meta",
        "/body/filter/Q",
        "/body/extra",
        "/body/name",
    ]);
}

#[tokio::test]
async fn stripe_form_bodies_decode() {
    let answer = call(post(
        "/bodies/stripe",
        "application/x-www-form-urlencoded",
        "customer=cus_1&expand[]=latest_invoice&expand[]=customer\
         &metadata[order_id]=6735&metadata[note]=a+b\
         &line_items[0][price]=price_1&line_items[0][quantity]=2\
         &line_items[1][price_data][currency]=usd&line_items[1][price_data][unit_amount]=500\
         &line_items[1][price_data][recurring][interval]=month\
         &address[city]=Paris&shipping[name]=Ann&shipping[address][city]=Lyon",
    ))
    .await;
    assert_eq!(
        answer.ok(),
        &json!({"form": {
            "customer": "cus_1",
            "expand": ["latest_invoice", "customer"],
            "metadata": {"order_id": "6735", "note": "a b"},
            "line_items": [
                {"price": "price_1", "quantity": 2},
                {"price_data": {"currency": "usd", "unit_amount": 500, "recurring": {"interval": "month"}}}
            ],
            "address": {"city": "Paris"},
            "shipping": {"name": "Ann", "address": {"city": "Lyon"}},
        }})
    );
}

#[tokio::test]
async fn stripe_form_bodies_clear_with_empty_strings() {
    // Stripe clears a map or an object by posting an empty string; JSON text still works.
    let answer = call(post(
        "/bodies/stripe",
        "application/x-www-form-urlencoded",
        "customer=cus_1&metadata=&address=&shipping=%7B%22name%22%3A%22Ann%22%7D",
    ))
    .await;
    assert_eq!(
        answer.ok(),
        &json!({"form": {"customer": "cus_1", "metadata": "", "address": "", "shipping": {"name": "Ann"}}})
    );
}

#[tokio::test]
async fn stripe_form_bodies_invalid() {
    let answer = call(post(
        "/bodies/stripe",
        "application/x-www-form-urlencoded",
        "customer=cus_1&line_items[0][quantity]=x&address[country]=FR\
         &shipping[address][city]=Lyon&metadata=x&extra[a]=1",
    ))
    .await;
    // Fields that cannot be read first (in property order, then undeclared keys), then what
    // validating the others finds.
    answer.invalid(&[
        "/body/line_items/0/quantity",
        "/body/address/country",
        "/body/extra[a]",
        "/body/metadata",
        "/body/shipping/name",
    ]);
    let answer = call(post(
        "/bodies/stripe",
        "application/x-www-form-urlencoded",
        "customer=cus_1&line_items[0][price_data][currency]=dollars&line_items[1][quantity]=0",
    ))
    .await;
    answer.invalid(&[
        "/body/line_items/0/price_data/currency",
        "/body/line_items/1/quantity",
    ]);
    let answer = call(post(
        "/bodies/stripe",
        "application/x-www-form-urlencoded",
        "customer=cus_1&line_items[0]=1&line_items[0][price]=p",
    ))
    .await;
    answer.invalid(&["/body/line_items/0"]);
}

#[tokio::test]
async fn multipart_fields_and_files() {
    let multipart = Multipart::new()
        .field("title", "holiday")
        .field("count", "2")
        .field("tags", "a")
        .field("tags", "b")
        .field("meta", r#"{"level":4}"#)
        .file("file", "notes.txt", "text/plain", "hello")
        .file("avatar", "me.png", "image/png", "PNG")
        .file("attachments", "a.bin", "application/octet-stream", "A")
        .file("attachments", "b.bin", "application/octet-stream", "B")
        .field("ignored", "extra parts are allowed by the schema");
    let answer = call(multipart.post("/bodies/multipart")).await;
    assert_eq!(
        answer.ok(),
        &json!({
            "title": "holiday", "count": 2, "tags": ["a", "b"], "meta": {"level": 4},
            "file": {"name": "notes.txt", "type": "text/plain", "text": "hello"},
            "avatar": {"name": "me.png", "type": "image/png", "text": "PNG"},
            "attachments": [
                {"name": "a.bin", "type": "application/octet-stream", "text": "A"},
                {"name": "b.bin", "type": "application/octet-stream", "text": "B"},
            ],
        })
    );
}

#[tokio::test]
async fn multipart_invalid_fields_and_files() {
    let multipart = Multipart::new()
        .field("title", "a title that is far too long")
        .field("count", "many")
        .file("avatar", "me.gif", "image/gif", "GIF")
        .file("attachments", "1", "text/plain", "1")
        .file("attachments", "2", "text/plain", "2")
        .file("attachments", "3", "text/plain", "3");
    let answer = call(multipart.post("/bodies/multipart")).await;
    answer.invalid(&[
        "/body/title",
        "/body/count",
        "/body/file",
        "/body/avatar",
        "/body/attachments",
    ]);
    assert_eq!(answer.detail("/body/file"), Some("is required"));
    assert_eq!(
        answer.detail("/body/avatar"),
        Some("must be sent as image/png or image/jpeg")
    );
    assert_eq!(
        answer.detail("/body/attachments"),
        Some("must have at most 2 items")
    );
}

#[tokio::test]
async fn malformed_multipart_bodies_are_400() {
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "multipart/form-data",
            b"--b\r\n",
            "the multipart body has no boundary in its `Content-Type`",
        ),
        (
            "multipart/form-data; boundary=b",
            b"--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx",
            "the multipart body ends without its final boundary",
        ),
        (
            "multipart/form-data; boundary=b",
            b"--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx\r\n--b",
            "the multipart body ends without its final boundary",
        ),
        (
            "multipart/form-data; boundary=b",
            b"--b\r\nContent-Disposition: form-data; name=\"title\"",
            "a multipart part is truncated in its headers",
        ),
    ];
    for (content_type, body, message) in cases {
        let answer = call(post("/bodies/multipart", content_type, body)).await;
        answer.invalid(&["/body"]);
        assert_eq!(answer.detail("/body"), Some(message));
    }
    let mut huge = b"--b\r\nContent-Disposition: form-data; name=\"title\"\r\nX-Pad: ".to_vec();
    huge.extend(std::iter::repeat_n(b'x', 10_000));
    huge.extend_from_slice(b"\r\n\r\nx\r\n--b--\r\n");
    let answer = call(post(
        "/bodies/multipart",
        "multipart/form-data; boundary=b",
        huge,
    ))
    .await;
    answer.invalid(&["/body"]);
    assert_eq!(
        answer.detail("/body"),
        Some("the headers of a multipart part are larger than 8192 bytes")
    );
}

#[tokio::test]
async fn binary_bodies() {
    let answer = call(
        post(
            "/bodies/binary",
            "application/octet-stream",
            vec![0u8, 255, 7],
        )
        .method(Method::PUT),
    )
    .await;
    assert_eq!(answer.ok(), &json!({"bytes": [0, 255, 7]}));
    let absent = call(get("/bodies/binary").method(Method::PUT)).await;
    assert_eq!(
        absent.ok(),
        &json!({ "bytes": null }),
        "the body is optional"
    );
}

#[tokio::test]
async fn the_most_specific_media_range_wins() {
    let png = call(post("/bodies/image", "image/png", "PNG").method(Method::PUT)).await;
    assert_eq!(png.ok(), &json!({"png": 3}));
    let gif = call(post("/bodies/image", "image/gif", "GIF89").method(Method::PUT)).await;
    assert_eq!(gif.ok(), &json!({"image": "image/gif", "len": 5}));
    let text = call(post("/bodies/image", "text/plain", "no").method(Method::PUT)).await;
    assert_eq!(text.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn text_bodies_are_utf8_strings_checked_against_their_schema() {
    let answer = call(post("/bodies/text", "text/plain; charset=utf-8", "héllo")).await;
    assert_eq!(answer.ok(), &json!({"text": "héllo"}));
    let long = call(post("/bodies/text", "text/plain", "far too long")).await;
    long.invalid(&["/body"]);
    assert_eq!(
        long.detail("/body"),
        Some("must be at most 10 characters long")
    );
    let bytes = call(post("/bodies/text", "text/plain", vec![0xff, 0xfe])).await;
    bytes.invalid(&["/body"]);
    assert_eq!(bytes.detail("/body"), Some("is not valid UTF-8 text"));
}

#[tokio::test]
async fn content_type_selects_the_body_variant() {
    let json = call(post(
        "/bodies/mixed",
        "application/json",
        r#"{"name":"rex"}"#,
    ))
    .await;
    assert_eq!(json.ok(), &json!({"json": {"name": "rex"}}));
    let text = call(post("/bodies/mixed", "text/plain", "hi")).await;
    assert_eq!(text.ok(), &json!({"text": "hi"}));
    let binary = call(post("/bodies/mixed", "application/octet-stream", "abcd")).await;
    assert_eq!(binary.ok(), &json!({"binary": 4}));
    let none = call(get("/bodies/mixed").method(Method::POST)).await;
    assert_eq!(none.ok(), &json!("none"));
    let unknown = call(post("/bodies/mixed", "application/pdf", "%PDF")).await;
    assert_eq!(unknown.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let bad = call(post("/bodies/mixed", "application/json", "{")).await;
    bad.invalid(&["/body"]);
}

// ---------------------------------------------------------------------------------------------
// Responses

#[tokio::test]
async fn response_headers_are_typed_fields() {
    let answer = call(get("/responses/negotiated")).await;
    assert_eq!(answer.ok(), &json!([{"name": "rex"}]));
    assert_eq!(answer.header("x-rate-limit"), Some("10"));
    assert_eq!(answer.header("x-tags"), Some("a,b"));
    assert_eq!(answer.header("x-color"), Some("R=1,G=2"));
    assert_eq!(
        answer.header("x-expires-after"),
        None,
        "an absent optional header is not sent"
    );
}

#[tokio::test]
async fn accept_chooses_among_json_media_types() {
    let cases = [
        (None, Some("application/json")),
        (Some("*/*"), Some("application/json")),
        (
            Some("application/vnd.pets+json"),
            Some("application/vnd.pets+json"),
        ),
        (
            Some("application/json;q=0.4, application/vnd.pets+json;q=0.8"),
            Some("application/vnd.pets+json"),
        ),
        (
            Some("application/json;q=0, application/*;q=0.5"),
            Some("application/vnd.pets+json"),
        ),
    ];
    for (accept, expected) in cases {
        let mut request = get("/responses/negotiated");
        if let Some(accept) = accept {
            request = request.header("accept", accept);
        }
        let answer = call(request).await;
        assert_eq!(answer.status, StatusCode::OK, "{accept:?}");
        assert_eq!(answer.header("content-type"), expected, "{accept:?}");
        assert_eq!(answer.header("vary"), Some("accept"));
    }
    let refused = call(get("/responses/negotiated").header("accept", "text/html")).await;
    assert_eq!(refused.status, StatusCode::NOT_ACCEPTABLE);
    assert_eq!(
        refused.header("content-type"),
        Some("application/problem+json")
    );
}

#[tokio::test]
async fn the_handler_chooses_among_different_kinds() {
    let cases = [
        ("json", "application/json", &b"{\"title\":\"sales\"}"[..]),
        ("csv", "text/csv", &b"a,b\n1,2\n"[..]),
        ("pdf", "application/pdf", &b"%PDF"[..]),
    ];
    for (format, content_type, body) in cases {
        let answer = call(get(&format!("/responses/report?format={format}"))).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.header("content-type"), Some(content_type));
        assert_eq!(&answer.raw[..], body);
    }
    let missing = call(get("/responses/report?format=missing")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let error = call(get("/responses/report?format=error")).await;
    assert_eq!(error.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        error.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(error.header("x-error-code"), Some("E42"));
    assert_eq!(error.body, json!({"title": "busy"}));
}

#[tokio::test]
async fn a_media_range_response_sends_the_type_the_handler_names() {
    let answer = call(get("/responses/image")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-type"), Some("image/png"));
    assert_eq!(&answer.raw[..], b"\x89PNG");
}

#[tokio::test]
async fn a_path_item_reference_is_an_operation() {
    assert_eq!(call(get("/things/7")).await.ok(), &json!({"id": 7}));
}

// ---------------------------------------------------------------------------------------------
// Server-sent events

#[tokio::test]
async fn an_event_stream_collected_in_process() {
    let service = service().await;
    // The permit lets the stream go past its first event without waiting.
    service.state().go.notify_one();
    let answer = send(&service, get("/events?count=3")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-type"), Some("text/event-stream"));
    assert_eq!(answer.header("cache-control"), Some("no-cache"));
    assert_eq!(
        String::from_utf8_lossy(&answer.raw),
        "id: 1\nevent: tick\ndata: tick 1\n\nid: 2\nevent: tick\ndata: tick 2\n\nid: 3\nevent: tick\ndata: tick 3\n\n"
    );
}

/// Reads lines of the HTTP response until one equals `until`; returns them.
fn read_until(reader: &mut impl BufRead, until: &str) -> Vec<String> {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        let read = reader.read_line(&mut line).expect("read");
        assert!(read > 0, "the connection ended before `{until}`: {lines:?}");
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        let done = line == until;
        lines.push(line);
        if done {
            return lines;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_local_server_streams_events_as_they_are_produced() {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let service = service().await;
    let go = Arc::clone(&service.state().go);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(sls_runtime::platform::local::serve_on(
        listener,
        service,
        async {
            let _ = stopped.await;
        },
    ));
    let client = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
        // A server that buffered the stream would never send the first event (the handler waits
        // for the signal sent after it): the read fails instead of hanging.
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .expect("timeout");
        write!(
            stream,
            "GET /events?count=2 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .expect("write");
        let mut reader = BufReader::new(stream);
        let head = read_until(&mut reader, "");
        assert!(head[0].starts_with("HTTP/1.1 200"), "{head:?}");
        assert!(head
            .iter()
            .any(|l| l.eq_ignore_ascii_case("content-type: text/event-stream")));
        // The first event arrives while the handler still waits to produce the second.
        let first = read_until(&mut reader, "data: tick 1");
        assert!(first.iter().any(|l| l == "id: 1"), "{first:?}");
        go.notify_one();
        let second = read_until(&mut reader, "data: tick 2");
        assert!(second.iter().any(|l| l == "id: 2"), "{second:?}");
        let mut rest = String::new();
        reader.read_to_string(&mut rest).expect("read to the end");
        // The chunked body ends with its last, empty chunk.
        assert!(rest.ends_with("0\r\n\r\n"), "{rest:?}");
    });
    client.await.expect("client");
    stop.send(()).expect("server running");
    assert!(server.await.expect("server task").is_ok());
}

// ---------------------------------------------------------------------------------------------
// A multipart/form-data body builder.

struct Multipart {
    body: Vec<u8>,
}

const BOUNDARY: &str = "sls-test-boundary";

impl Multipart {
    fn new() -> Self {
        Multipart { body: Vec::new() }
    }

    fn field(mut self, name: &str, value: &str) -> Self {
        let head = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        );
        self.body.extend_from_slice(head.as_bytes());
        self
    }

    fn file(mut self, name: &str, file_name: &str, content_type: &str, content: &str) -> Self {
        let head = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n{content}\r\n"
        );
        self.body.extend_from_slice(head.as_bytes());
        self
    }

    fn post(mut self, uri: &str) -> Call {
        self.body
            .extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        post(
            uri,
            &format!("multipart/form-data; boundary={BOUNDARY}"),
            self.body,
        )
    }
}
