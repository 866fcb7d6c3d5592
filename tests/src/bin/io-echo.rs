//! A local server for `specs/io.yaml` whose handlers answer what they decoded, as JSON: the
//! TypeScript client's tests (tests/ts) send every parameter style and body kind through the
//! generated client and compare the echo with what they sent. `PORT` as for every local server.

use serde_json::{json, Value};
use sls_runtime::bytes::Bytes;
use sls_runtime::media::TypedBytes;
use sls_runtime::multipart::FilePart;
use sls_runtime::sse::{Event, EventStream};
use sls_runtime::{components, endpoint};
use sls_tests::io::models::{Color, Pet, ReportFormat, ReportOkJson};
use sls_tests::io::ops::*;

/// The state: none.
pub struct Echo;

async fn open() -> Result<Echo, std::io::Error> {
    Ok(Echo)
}

fn file(part: &FilePart) -> Value {
    json!({
        "name": part.file_name, "type": part.content_type,
        "text": String::from_utf8_lossy(&part.bytes),
    })
}

#[endpoint(pathSimple, api = sls_tests::io)]
async fn path_simple(r: PathSimpleRequest) -> PathSimpleResponse {
    PathSimpleResponse::Ok(json!({"id": r.id, "ids": r.ids, "color": r.color, "shade": r.shade}))
}

#[endpoint(pathLabel, api = sls_tests::io)]
async fn path_label(r: PathLabelRequest) -> PathLabelResponse {
    PathLabelResponse::Ok(
        json!({"id": r.id, "ids": r.ids, "idsx": r.idsx, "color": r.color, "shade": r.shade}),
    )
}

#[endpoint(pathMatrix, api = sls_tests::io)]
async fn path_matrix(r: PathMatrixRequest) -> PathMatrixResponse {
    PathMatrixResponse::Ok(
        json!({"id": r.id, "ids": r.ids, "idsx": r.idsx, "color": r.color, "shade": r.shade}),
    )
}

#[endpoint(queryForm, api = sls_tests::io)]
async fn query_form(r: QueryFormRequest) -> QueryFormResponse {
    QueryFormResponse::Ok(json!({
        "limit": r.limit, "tags": r.tags, "ids": r.ids, "color": r.color, "shade": r.shade,
        "q": r.q, "flag": r.flag, "old": r.old,
    }))
}

#[endpoint(queryDelimited, api = sls_tests::io)]
async fn query_delimited(r: QueryDelimitedRequest) -> QueryDelimitedResponse {
    QueryDelimitedResponse::Ok(json!({
        "space": r.space, "pipe": r.pipe, "spaceColor": r.space_color, "pipeColor": r.pipe_color,
    }))
}

#[endpoint(queryDeep, api = sls_tests::io)]
async fn query_deep(r: QueryDeepRequest) -> QueryDeepResponse {
    QueryDeepResponse::Ok(json!({ "filter": r.filter }))
}

#[endpoint(queryBrackets, api = sls_tests::io)]
async fn query_brackets(r: QueryBracketsRequest) -> QueryBracketsResponse {
    QueryBracketsResponse::Ok(json!({
        "created": r.created, "expand": r.expand, "cwes": r.cwes, "lines": r.lines,
        "filter": r.filter,
    }))
}

#[endpoint(jsonText, api = sls_tests::io)]
async fn json_text(r: JsonTextRequest) -> JsonTextResponse {
    JsonTextResponse::Ok(json!({ "lines": r.lines, "cwes": r.x_cwes }))
}

#[endpoint(stripeBody, api = sls_tests::io)]
async fn stripe_body(r: StripeBodyRequest) -> StripeBodyResponse {
    StripeBodyResponse::Ok(json!({ "form": r.body }))
}

#[endpoint(queryContent, api = sls_tests::io)]
async fn query_content(r: QueryContentRequest) -> QueryContentResponse {
    QueryContentResponse::Ok(json!({ "coords": r.coords }))
}

#[endpoint(queryFree, api = sls_tests::io)]
async fn query_free(r: QueryFreeRequest) -> QueryFreeResponse {
    QueryFreeResponse::Ok(json!({ "page": r.page, "counts": r.counts }))
}

#[endpoint(headers, api = sls_tests::io)]
async fn headers(r: HeadersRequest) -> HeadersResponse {
    HeadersResponse::Ok(json!({
        "trace": r.x_trace, "ids": r.x_ids, "color": r.x_color, "shade": r.x_shade,
        "meta": r.x_meta,
    }))
}

#[endpoint(cookies, api = sls_tests::io)]
async fn cookies(r: CookiesRequest) -> CookiesResponse {
    CookiesResponse::Ok(json!({
        "session": r.session, "prefs": r.prefs, "ids": r.ids, "theme": r.theme, "shade": r.shade,
    }))
}

#[endpoint(jsonBody, api = sls_tests::io)]
async fn json_body(r: JsonBodyRequest) -> JsonBodyResponse {
    JsonBodyResponse::Ok(json!({ "pet": r.body }))
}

#[endpoint(sharedBody, api = sls_tests::io)]
async fn shared_body(r: SharedBodyRequest) -> SharedBodyResponse {
    SharedBodyResponse::Ok(json!({ "profile": r.body }))
}

#[endpoint(formBody, api = sls_tests::io)]
async fn form_body(r: FormBodyRequest) -> FormBodyResponse {
    FormBodyResponse::Ok(json!({ "form": r.body }))
}

#[endpoint(upload, api = sls_tests::io)]
async fn upload(r: UploadRequest) -> UploadResponse {
    let b = r.body;
    UploadResponse::Ok(json!({
        "title": b.title, "count": b.count, "tags": b.tags, "meta": b.meta,
        "file": file(&b.file),
        "avatar": b.avatar.as_ref().map(file),
        "attachments": b.attachments.iter().map(file).collect::<Vec<_>>(),
    }))
}

#[endpoint(binaryBody, api = sls_tests::io)]
async fn binary_body(r: BinaryBodyRequest) -> BinaryBodyResponse {
    BinaryBodyResponse::Ok(json!({ "bytes": r.body.map(|b| b.to_vec()) }))
}

#[endpoint(imageBody, api = sls_tests::io)]
async fn image_body(r: ImageBodyRequest) -> ImageBodyResponse {
    ImageBodyResponse::Ok(match r.body {
        ImageBodyBody::Png(bytes) => json!({"png": bytes.len()}),
        ImageBodyBody::Image(TypedBytes {
            content_type,
            bytes,
        }) => json!({"image": content_type, "len": bytes.len()}),
    })
}

#[endpoint(textBody, api = sls_tests::io)]
async fn text_body(r: TextBodyRequest) -> TextBodyResponse {
    TextBodyResponse::Ok(json!({ "text": r.body }))
}

#[endpoint(mixedBody, api = sls_tests::io)]
async fn mixed_body(r: MixedBodyRequest) -> MixedBodyResponse {
    MixedBodyResponse::Ok(match r.body {
        None => json!("none"),
        Some(MixedBodyBody::Json(pet)) => json!({ "json": pet }),
        Some(MixedBodyBody::Text(text)) => json!({ "text": text }),
        Some(MixedBodyBody::Binary(bytes)) => json!({ "binary": bytes.len() }),
    })
}

#[endpoint(negotiated, api = sls_tests::io)]
async fn negotiated(_: NegotiatedRequest) -> NegotiatedResponse {
    NegotiatedResponse::Ok {
        body: vec![Pet {
            name: "rex".to_owned(),
            tag: None,
        }],
        x_rate_limit: 10,
        x_expires_after: None,
        x_tags: Some(vec!["a".to_owned(), "b".to_owned()]),
        x_color: Some(Color {
            r: Some(1),
            g: Some(2),
            b: None,
        }),
    }
}

#[endpoint(report, api = sls_tests::io)]
async fn report(r: ReportRequest) -> ReportResponse {
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
async fn image(_: ImageRequest) -> ImageResponse {
    ImageResponse::Ok(TypedBytes::new("image/png", Bytes::from_static(b"\x89PNG")))
}

#[endpoint(events, api = sls_tests::io)]
async fn events(r: EventsRequest) -> EventsResponse {
    EventsResponse::Ok(EventStream::from_events((1..=r.count).map(|n| {
        Event::data(format!("tick {n}\nline 2"))
            .event("tick")
            .id(n.to_string())
    })))
}

#[endpoint(getThing, api = sls_tests::io)]
async fn get_thing(r: GetThingRequest) -> GetThingResponse {
    GetThingResponse::Ok(json!({ "id": r.id }))
}

#[components(
    state = Echo,
    init = open,
    endpoints(
        path_simple,
        path_label,
        path_matrix,
        query_form,
        query_delimited,
        query_deep,
        query_brackets,
        json_text,
        stripe_body,
        query_content,
        query_free,
        headers,
        cookies,
        json_body,
        shared_body,
        form_body,
        upload,
        binary_body,
        image_body,
        text_body,
        mixed_body,
        negotiated,
        report,
        image,
        events,
        get_thing,
    ),
    api = sls_tests::io
)]
pub struct App;

fn main() -> std::process::ExitCode {
    sls_runtime::platform::local::run::<App, sls_tests::io::functions::All>()
}
