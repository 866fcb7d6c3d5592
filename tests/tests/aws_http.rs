//! Every HTTP payload of `tests/fixtures/aws` (API Gateway v1 and v2, ALB, Function URLs)
//! through the Lambda adapter: what the handler receives (method, path, query, headers, cookies,
//! body bytes) and the response JSON it encodes, checked against an independent reading of each
//! fixture with `serde_json::Value`, plus explicit expectations for the tricky ones.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use base64::Engine as _;
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde_json::Value;
use sls_runtime::platform::aws::event::Source;
use sls_runtime::platform::aws::{Adapter, AdapterConfig, PathConfig, Target};
use sls_runtime::{BoxFuture, BufferedRequest, Context, HttpResponse};

/// A response to answer: status, headers, body.
type Canned = (u16, Vec<(&'static str, &'static str)>, Bytes);

/// A target that records what it receives and answers a response with repeated headers, two
/// cookies and a text body.
#[derive(Default)]
struct Recorder {
    seen: Mutex<Option<BufferedRequest>>,
    response: Mutex<Option<Canned>>,
}

impl Target for Recorder {
    fn http(
        &self,
        _context: Context,
        request: BufferedRequest,
    ) -> BoxFuture<'static, HttpResponse> {
        *self.seen.lock().expect("not poisoned") = Some(request);
        let (status, headers, body) = self
            .response
            .lock()
            .expect("not poisoned")
            .clone()
            .unwrap_or_else(|| {
                (
                    200,
                    vec![
                        ("content-type", "text/plain; charset=utf-8"),
                        ("x-multi", "a"),
                        ("x-multi", "b"),
                        ("set-cookie", "one=1; Path=/"),
                        ("set-cookie", "two=2; HttpOnly"),
                    ],
                    Bytes::from_static(b"ok \"quoted\"\n"),
                )
            });
        let mut response = http::Response::new(sls_runtime::Body::from(body));
        *response.status_mut() = StatusCode::from_u16(status).expect("valid status");
        for (name, value) in headers {
            response
                .headers_mut()
                .append(name, http::HeaderValue::from_static(value));
        }
        Box::pin(std::future::ready(response))
    }
}

fn fixtures(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/aws")
        .join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

fn fixture(folder: &str, name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/aws")
        .join(folder)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

struct Invoked {
    request: BufferedRequest,
    response: Value,
}

async fn invoke_with(event: &[u8], config: AdapterConfig) -> Invoked {
    let adapter = Adapter::new(Recorder::default(), config);
    let (body, _) = adapter
        .invoke(
            event,
            Context::new(sls_runtime::context::Platform::Aws, "test"),
        )
        .await
        .expect("an HTTP event");
    let request = adapter
        .target()
        .seen
        .lock()
        .expect("not poisoned")
        .take()
        .expect("the handler was called");
    let response = serde_json::from_slice(&body).expect("the response is JSON");
    Invoked { request, response }
}

async fn invoke(event: &[u8]) -> Invoked {
    invoke_with(event, AdapterConfig::default()).await
}

fn str_of<'v>(value: &'v Value, pointer: &str) -> Option<&'v str> {
    value.pointer(pointer).and_then(Value::as_str)
}

/// The query pairs of a query string, decoded as a server decodes them (`+` is a space).
fn decoded_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |text: &str| {
                percent_encoding::percent_decode_str(&text.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(name), decode(value))
        })
        .collect()
}

fn object_pairs(value: Option<&Value>, decode: bool) -> Vec<(String, String)> {
    let Some(Value::Object(map)) = value else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    for (name, values) in map {
        let values: Vec<&str> = match values {
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            Value::String(one) => vec![one.as_str()],
            _ => Vec::new(),
        };
        for value in values {
            if decode {
                pairs.extend(decoded_pairs(&format!("{name}={value}")));
            } else {
                pairs.push((name.clone(), value.to_owned()));
            }
        }
    }
    pairs
}

fn header_values(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect()
}

/// Checks what the handler saw against the fixture read as plain JSON.
fn check_request(name: &str, event: &Value, request: &BufferedRequest, source: Source) {
    let v2 = source == Source::ApiGatewayV2;
    let method = if v2 {
        str_of(event, "/requestContext/http/method")
    } else {
        str_of(event, "/httpMethod")
    };
    assert_eq!(Some(request.method.as_str()), method, "{name}: method");

    let mut path = if v2 {
        str_of(event, "/rawPath")
    } else {
        str_of(event, "/path")
    }
    .unwrap_or("/")
    .to_owned();
    if v2 {
        let stage = str_of(event, "/requestContext/stage").unwrap_or("$default");
        if stage != "$default" {
            path = path[stage.len() + 1..].to_owned();
        }
    }
    assert_eq!(request.path, path.replace(' ', "%20"), "{name}: path");

    let query = decoded_pairs(request.query.as_deref().unwrap_or(""));
    let expected = if v2 {
        decoded_pairs(str_of(event, "/rawQueryString").unwrap_or(""))
    } else {
        let alb = matches!(source, Source::Alb { .. });
        let multi = event
            .get("multiValueQueryStringParameters")
            .filter(|m| m.as_object().is_some_and(|m| !m.is_empty()));
        match multi {
            Some(multi) => object_pairs(Some(multi), alb),
            None => object_pairs(event.get("queryStringParameters"), alb),
        }
    };
    assert_eq!(query, expected, "{name}: query");

    let headers = match event.get("multiValueHeaders").filter(|h| h.is_object()) {
        Some(multi) => multi,
        None => event.get("headers").unwrap_or(&Value::Null),
    };
    if let Value::Object(headers) = headers {
        for (header, values) in headers {
            let lower = header.to_ascii_lowercase();
            if v2 && lower == "cookie" && event.get("cookies").is_some() {
                continue;
            }
            let expected: Vec<String> = match values {
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                Value::String(one) => vec![one.clone()],
                _ => continue,
            };
            assert_eq!(
                header_values(&request.headers, &lower),
                expected,
                "{name}: header {header}"
            );
        }
    } else {
        assert!(request.headers.is_empty(), "{name}: no headers arrived");
    }
    if let Some(Value::Array(cookies)) = event.get("cookies") {
        let cookies: Vec<&str> = cookies.iter().filter_map(Value::as_str).collect();
        if !cookies.is_empty() {
            assert_eq!(
                header_values(&request.headers, "cookie"),
                [cookies.join("; ")],
                "{name}: cookies"
            );
        }
    }

    let body = match event.get("body") {
        Some(Value::String(body)) if event["isBase64Encoded"] == Value::Bool(true) => {
            base64::engine::general_purpose::STANDARD
                .decode(body)
                .expect("fixture base64")
        }
        Some(Value::String(body)) => body.as_bytes().to_vec(),
        _ => Vec::new(),
    };
    assert_eq!(request.body.as_ref(), body.as_slice(), "{name}: body");
}

/// Checks the response of [`Recorder`] in the shape of `source`.
fn check_response(name: &str, response: &Value, source: Source) {
    assert_eq!(response["statusCode"], 200, "{name}");
    assert_eq!(response["body"], "ok \"quoted\"\n", "{name}");
    assert_eq!(response["isBase64Encoded"], false, "{name}");
    match source {
        Source::ApiGatewayV2 => {
            assert_eq!(response["headers"]["x-multi"], "a,b", "{name}");
            assert_eq!(
                response["headers"]["content-type"],
                "text/plain; charset=utf-8"
            );
            assert!(response["headers"].get("set-cookie").is_none(), "{name}");
            assert_eq!(
                response["cookies"],
                serde_json::json!(["one=1; Path=/", "two=2; HttpOnly"]),
                "{name}"
            );
            assert!(response.get("multiValueHeaders").is_none(), "{name}");
        }
        Source::Alb { multi: false } => {
            assert_eq!(response["statusDescription"], "200 OK", "{name}");
            assert_eq!(response["headers"]["x-multi"], "b", "{name}");
            assert!(response.get("multiValueHeaders").is_none(), "{name}");
        }
        _ => {
            if matches!(source, Source::Alb { .. }) {
                assert_eq!(response["statusDescription"], "200 OK", "{name}");
            }
            let multi = &response["multiValueHeaders"];
            assert_eq!(multi["x-multi"], serde_json::json!(["a", "b"]), "{name}");
            assert_eq!(
                multi["set-cookie"],
                serde_json::json!(["one=1; Path=/", "two=2; HttpOnly"]),
                "{name}"
            );
            // API Gateway merges `headers` into `multiValueHeaders`: sending both duplicates.
            assert!(response.get("headers").is_none(), "{name}");
        }
    }
}

async fn check_folder(folder: &str, expected: fn(&Value) -> Source) {
    for path in fixtures(folder) {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).expect("fixture");
        let event: Value = serde_json::from_slice(&bytes).expect("fixture JSON");
        let source = expected(&event);
        let parsed = sls_runtime::platform::aws::event::parse(&bytes).expect("parsed");
        assert_eq!(parsed.source(), Some(source), "{name}: source");
        let invoked = invoke(&bytes).await;
        check_request(&name, &event, &invoked.request, source);
        check_response(&name, &invoked.response, source);
    }
}

#[tokio::test]
async fn every_rest_api_payload_reaches_the_handler_whole() {
    check_folder("apigw-v1", |_| Source::ApiGatewayV1).await;
}

#[tokio::test]
async fn every_http_api_payload_reaches_the_handler_whole() {
    check_folder("apigw-v2", |_| Source::ApiGatewayV2).await;
}

#[tokio::test]
async fn every_function_url_payload_reaches_the_handler_whole() {
    check_folder("function-url", |_| Source::ApiGatewayV2).await;
}

#[tokio::test]
async fn every_alb_payload_reaches_the_handler_whole() {
    check_folder("alb", |event| Source::Alb {
        multi: event.get("multiValueHeaders").is_some()
            || event.get("multiValueQueryStringParameters").is_some(),
    })
    .await;
}

#[tokio::test]
async fn a_named_stage_is_stripped_from_http_api_paths_unless_configured() {
    let event = fixture(
        "apigw-v2",
        "rust-lambda-http__apigw_v2_proxy_request_with_stage_in_path.json",
    );
    assert_eq!(invoke(&event).await.request.path, "/my/path");
    let keep = AdapterConfig {
        paths: PathConfig {
            strip_stage: false,
            base_path: String::new(),
        },
        ..AdapterConfig::default()
    };
    assert_eq!(
        invoke_with(&event, keep).await.request.path,
        "/Prod/my/path"
    );
    let base = AdapterConfig {
        paths: PathConfig {
            strip_stage: true,
            base_path: "/my".to_owned(),
        },
        ..AdapterConfig::default()
    };
    assert_eq!(invoke_with(&event, base).await.request.path, "/path");
}

#[tokio::test]
async fn alb_query_values_are_decoded_once() {
    let event = fixture(
        "alb",
        "rust-lambda-http__alb_multi_value_request_encoded_query_parameters.json",
    );
    let invoked = invoke(&event).await;
    assert_eq!(
        decoded_pairs(invoked.request.query.as_deref().unwrap_or_default()),
        [
            ("myKey".to_owned(), "?showAll=true".to_owned()),
            ("myKey".to_owned(), "?showAll=false".to_owned()),
        ]
    );
    assert_eq!(
        header_values(&invoked.request.headers, "cookie"),
        ["name1=value1", "name2=value2"]
    );
}

#[tokio::test]
async fn rest_api_multi_value_queries_and_headers_keep_every_value() {
    let event = fixture(
        "apigw-v1",
        "rust-lambda-events__example-apigw-request-multi-value-parameters.json",
    );
    let invoked = invoke(&event).await;
    let query = decoded_pairs(invoked.request.query.as_deref().unwrap_or_default());
    let names: Vec<_> = query.iter().map(|(n, v)| format!("{n}={v}")).collect();
    assert!(
        names.contains(&"name=me".to_owned()) && names.contains(&"name=me2".to_owned()),
        "{names:?}"
    );
}

#[tokio::test]
async fn a_console_test_event_with_null_maps_has_no_headers_and_no_body() {
    let event = fixture(
        "apigw-v1",
        "rust-lambda-events__example-apigw-console-test-request.json",
    );
    let invoked = invoke(&event).await;
    assert!(invoked.request.headers.is_empty());
    assert_eq!(invoked.request.path, "/myPath");
}

#[tokio::test]
async fn function_url_cookies_are_sent_once() {
    let event = fixture(
        "function-url",
        "aws-lambda-go-lambdaurl__function-url-request-with-headers-and-cookies-and-text-body.json",
    );
    let invoked = invoke(&event).await;
    assert_eq!(
        header_values(&invoked.request.headers, "cookie"),
        ["foo=bar; hello=hello"]
    );
    assert_eq!(
        header_values(&invoked.request.headers, "header2"),
        ["h1,h2"]
    );
    assert_eq!(invoked.request.body.as_ref(), b"{\"hello\": \"world\"}");
}

#[tokio::test]
async fn base64_bodies_are_decoded_and_binary_responses_encoded() {
    let event = fixture(
        "function-url",
        "aws-lambda-go-lambdaurl__function-url-domain-only-request-with-base64-encoded-body.json",
    );
    let parsed: Value = serde_json::from_slice(&event).expect("JSON");
    let expected = base64::engine::general_purpose::STANDARD
        .decode(parsed["body"].as_str().expect("body"))
        .expect("base64");
    let adapter = Adapter::new(Recorder::default(), AdapterConfig::default());
    *adapter.target().response.lock().expect("not poisoned") = Some((
        200,
        vec![("content-type", "image/png")],
        Bytes::from_static(&[0x89, b'P', b'N', b'G', 0, 0xff]),
    ));
    let (body, _) = adapter
        .invoke(
            &event,
            Context::new(sls_runtime::context::Platform::Aws, "t"),
        )
        .await
        .expect("HTTP event");
    let seen = adapter
        .target()
        .seen
        .lock()
        .expect("not poisoned")
        .take()
        .expect("called");
    assert_eq!(seen.body.as_ref(), expected.as_slice());
    let response: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(response["isBase64Encoded"], true);
    assert_eq!(response["body"], "iVBORwD/");

    // Text of a text type stays text; bytes that are not UTF-8 are base64 whatever the type.
    *adapter.target().response.lock().expect("not poisoned") = Some((
        200,
        vec![("content-type", "text/plain")],
        Bytes::from_static(&[0xff, 0xfe]),
    ));
    let (body, _) = adapter
        .invoke(
            &event,
            Context::new(sls_runtime::context::Platform::Aws, "t"),
        )
        .await
        .expect("HTTP event");
    let response: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(response["isBase64Encoded"], true);
    assert_eq!(response["body"], "//4=");
}

#[tokio::test]
async fn a_path_with_a_space_is_escaped_for_routing() {
    let event = fixture(
        "apigw-v2",
        "rust-lambda-http__apigw_request_path_with_space.json",
    );
    assert_eq!(invoke(&event).await.request.path, "/my/path-with%20space");
}

#[tokio::test]
async fn a_body_flagged_base64_that_is_not_answers_400_without_the_handler() {
    let mut event: Value = serde_json::from_slice(&fixture(
        "apigw-v2",
        "rust-lambda-http__apigw_v2_proxy_request.json",
    ))
    .expect("JSON");
    event["body"] = Value::from("not base64!");
    event["isBase64Encoded"] = Value::from(true);
    let adapter = Adapter::new(Recorder::default(), AdapterConfig::default());
    let bytes = serde_json::to_vec(&event).expect("JSON");
    let (body, outcome) = adapter
        .invoke(
            &bytes,
            Context::new(sls_runtime::context::Platform::Aws, "t"),
        )
        .await
        .expect("an HTTP event");
    assert_eq!(outcome.status, Some(400));
    assert!(adapter
        .target()
        .seen
        .lock()
        .expect("not poisoned")
        .is_none());
    let response: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(
        response["headers"]["content-type"],
        "application/problem+json"
    );
}

/// The documented responses of `fixtures/aws/responses`, produced from the response they
/// describe: header names compared without case, as HTTP does.
#[tokio::test]
async fn documented_responses_are_reproduced() {
    fn lower_keys(value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    let cases: [(&str, &str, &str); 3] = [
        (
            "aws-lambda-go__lambda-urls-response.json",
            "function-url/rust-lambda-http__lambda_function_url_request.json",
            "headers",
        ),
        (
            "rust-lambda-events__example-alb-lambda-target-response.json",
            "alb/rust-lambda-http__alb_multi_value_request.json",
            "multiValueHeaders",
        ),
        (
            "rust-lambda-events__example-apigw-response.json",
            "apigw-v1/rust-lambda-events__example-apigw-request.json",
            "multiValueHeaders",
        ),
    ];
    for (expected_file, request_file, map) in cases {
        let expected: Value =
            serde_json::from_slice(&fixture("responses", expected_file)).expect("JSON");
        // The response the fixture describes, as a handler would return it.
        let mut headers: Vec<(&'static str, &'static str)> = Vec::new();
        let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
        if let Some(Value::Object(multi)) = expected.get("multiValueHeaders") {
            for (name, values) in multi {
                for value in values.as_array().expect("list") {
                    headers.push((
                        leak(&name.to_ascii_lowercase()),
                        leak(value.as_str().expect("text")),
                    ));
                }
            }
        } else if let Some(Value::Object(single)) = expected.get("headers") {
            for (name, value) in single {
                headers.push((
                    leak(&name.to_ascii_lowercase()),
                    leak(value.as_str().expect("text")),
                ));
            }
        }
        if let Some(Value::Array(cookies)) = expected.get("cookies") {
            for cookie in cookies {
                headers.push(("set-cookie", leak(cookie.as_str().expect("text"))));
            }
        }
        let status = expected["statusCode"].as_u64().expect("status") as u16;
        let body = Bytes::from(expected["body"].as_str().expect("body").to_owned());
        let adapter = Adapter::new(Recorder::default(), AdapterConfig::default());
        *adapter.target().response.lock().expect("not poisoned") = Some((status, headers, body));
        let (out, _) = adapter
            .invoke(
                &fixture(
                    request_file.split('/').next().expect("folder"),
                    request_file.split('/').nth(1).expect("file"),
                ),
                Context::new(sls_runtime::context::Platform::Aws, "t"),
            )
            .await
            .expect("an HTTP event");
        let actual: Value = serde_json::from_slice(&out).expect("JSON");
        assert_eq!(
            actual["statusCode"], expected["statusCode"],
            "{expected_file}"
        );
        assert_eq!(actual["body"], expected["body"], "{expected_file}");
        assert_eq!(actual["isBase64Encoded"], false, "{expected_file}");
        assert_eq!(
            lower_keys(&actual[map]),
            lower_keys(&expected[map]),
            "{expected_file}"
        );
        if expected.get("cookies").is_some() {
            assert_eq!(actual["cookies"], expected["cookies"], "{expected_file}");
        }
        if expected.get("statusDescription").is_some() {
            assert_eq!(actual["statusDescription"], expected["statusDescription"]);
        }
    }
}

#[tokio::test]
async fn unreadable_and_unknown_events_are_errors_that_say_what_arrived() {
    let adapter = Adapter::new(Recorder::default(), AdapterConfig::default());
    let context = || Context::new(sls_runtime::context::Platform::Aws, "t");
    let error = adapter
        .invoke(b"{\"httpMethod\": ", context())
        .await
        .expect_err("malformed");
    assert_eq!(error.error_type, "Runtime.InvalidEvent");
    assert!(error.message.contains("line 1"), "{}", error.message);
    let error = adapter
        .invoke(b"{\"hello\": 1}", context())
        .await
        .expect_err("unknown");
    assert_eq!(error.error_type, "Runtime.UnknownEvent");
    let error = adapter
        .invoke(b"[1, 2]", context())
        .await
        .expect_err("an array");
    assert_eq!(error.error_type, "Runtime.InvalidEvent");
    let json: Value = serde_json::from_slice(&error.to_json()).expect("JSON");
    assert_eq!(json["errorType"], "Runtime.InvalidEvent");
    assert!(json["errorMessage"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(adapter
        .target()
        .seen
        .lock()
        .expect("not poisoned")
        .is_none());
}
