//! Security, CORS and limits, driven through the generated module of `specs/security.yaml`:
//! every bearer token attack, OR/AND/anonymous requirements, scopes, API keys in each location,
//! basic credentials, CORS preflights and actual requests, 413 and 429 under an injected clock.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, StatusCode};
use http_body_util::Full;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde::Deserialize;
use serde_json::{json, Value};
use sls_runtime::limits::ManualClock;
use sls_runtime::security::{JwtVerifier, SecurityConfig};
use sls_runtime::{
    components, endpoint, AppService, Auth, Context, Credential, HttpResponse, Principal, Problem,
    ServiceConfig,
};
use sls_tests::secured::functions::All;
use sls_tests::secured::models::Message;
use sls_tests::secured::ops::*;

const SECRET: &[u8] = b"a shared secret of the tests";
const RSA_PRIVATE: &[u8] = include_bytes!("../keys/rsa.pem");
const RSA_PUBLIC: &[u8] = include_bytes!("../keys/rsa.pub.pem");
const EC_PRIVATE: &[u8] = include_bytes!("../keys/ec.pem");
const EC_PUBLIC: &[u8] = include_bytes!("../keys/ec.pub.pem");
const OTHER_EC_PRIVATE: &[u8] = include_bytes!("../keys/other-ec.pem");
const ISSUER: &str = "https://issuer.test";
const AUDIENCE: &str = "secured";
const ORIGIN: &str = "http://localhost:5173";

/// The claims the handlers read.
#[derive(Debug, Deserialize)]
struct Claims {
    sub: String,
}

/// The state: the API keys the credentials hook accepts.
#[derive(Default)]
pub struct Keys;

fn message(text: impl Into<String>) -> Message {
    Message { text: text.into() }
}

/// Accepts `good-key` and `admin-key` (with the `admin` role) and `ann:pw`.
async fn check(_: &Keys, credential: Credential<'_>) -> Result<Principal, Problem> {
    match credential {
        Credential::ApiKey {
            key: "good-key", ..
        } => Ok(Principal::new(json!({"sub": "key-user"}))),
        Credential::ApiKey {
            key: "admin-key", ..
        } => Ok(Principal::new(json!({"sub": "admin"})).with_scopes(["admin"])),
        Credential::Basic {
            username: "ann",
            password: "pw",
            ..
        } => Ok(Principal::new(json!({"sub": "ann"}))),
        _ => Err(Problem::new(StatusCode::UNAUTHORIZED).with_detail("unknown credentials")),
    }
}

#[endpoint(getPublic, api = sls_tests::secured)]
async fn get_public() -> GetPublicResponse {
    GetPublicResponse::Ok(message("hello"))
}

#[endpoint(getMe, api = sls_tests::secured)]
async fn get_me(user: Auth<Claims>) -> GetMeResponse {
    GetMeResponse::Ok(message(&user.sub))
}

#[endpoint(addPet, api = sls_tests::secured)]
async fn add_pet(request: AddPetRequest, user: Auth<Claims>) -> AddPetResponse {
    AddPetResponse::Ok(message(format!("{} added {}", user.sub, request.body.text)))
}

#[endpoint(getEither, api = sls_tests::secured)]
async fn get_either(user: Auth<Claims>) -> GetEitherResponse {
    GetEitherResponse::Ok(message(format!("{}:{}", user.scheme, user.sub)))
}

#[endpoint(getBoth, api = sls_tests::secured)]
async fn get_both(context: Context) -> GetBothResponse {
    let schemes: Vec<&str> = context.principals.iter().map(|p| p.scheme).collect();
    GetBothResponse::Ok(message(schemes.join("+")))
}

#[endpoint(getMaybe, api = sls_tests::secured)]
async fn get_maybe(_: &Keys, user: Option<Auth<Claims>>) -> GetMaybeResponse {
    let who = user.map_or_else(|| "anonymous".to_owned(), |user| user.claims.sub);
    GetMaybeResponse::Ok(message(who))
}

#[endpoint(getQueryKey, api = sls_tests::secured)]
async fn get_query_key(user: Auth<Claims>) -> GetQueryKeyResponse {
    GetQueryKeyResponse::Ok(message(&user.sub))
}

#[endpoint(getCookieKey, api = sls_tests::secured)]
async fn get_cookie_key(user: Auth<Claims>) -> GetCookieKeyResponse {
    GetCookieKeyResponse::Ok(message(&user.sub))
}

#[endpoint(purge, api = sls_tests::secured)]
async fn purge(user: Auth<Claims>) -> PurgeResponse {
    assert!(user.has_scope("admin"));
    PurgeResponse::NoContent
}

#[components(
    state = Keys,
    credentials = check,
    endpoints(
        get_public,
        get_me,
        add_pet,
        get_either,
        get_both,
        get_maybe,
        get_query_key,
        get_cookie_key,
        purge
    ),
    api = sls_tests::secured
)]
pub struct App;

fn verifier() -> JwtVerifier {
    let verifier = JwtVerifier::new()
        .hs256(SECRET)
        .rs256_pem(RSA_PUBLIC)
        .and_then(|v| v.es256_pem(EC_PUBLIC));
    match verifier {
        Ok(verifier) => verifier.issuers([ISSUER]).audiences([AUDIENCE]).leeway(0),
        Err(error) => panic!("the test keys load: {error}"),
    }
}

fn service_with(security: SecurityConfig, clock: Arc<ManualClock>) -> AppService<App, All> {
    let config = ServiceConfig {
        security,
        clock,
        ..ServiceConfig::default()
    };
    AppService::new(Arc::new(Keys), config)
}

fn service() -> AppService<App, All> {
    service_with(
        SecurityConfig::with_jwt(verifier()),
        Arc::new(ManualClock::new()),
    )
}

fn now() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

/// Claims that pass every check, with `extra` merged in.
fn claims(extra: Value) -> Value {
    let mut claims = json!({
        "sub": "ann",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "exp": now() + 600,
    });
    if let (Some(map), Some(extra)) = (claims.as_object_mut(), extra.as_object()) {
        for (key, value) in extra {
            map.insert(key.clone(), value.clone());
        }
    }
    claims
}

fn sign(algorithm: Algorithm, key: &EncodingKey, claims: &Value) -> String {
    encode(&Header::new(algorithm), claims, key).expect("the token is signed")
}

fn hs256(claims: &Value) -> String {
    sign(Algorithm::HS256, &EncodingKey::from_secret(SECRET), claims)
}

fn rs256(claims: &Value) -> String {
    let key = EncodingKey::from_rsa_pem(RSA_PRIVATE).expect("RSA private key");
    sign(Algorithm::RS256, &key, claims)
}

fn es256(private: &[u8], claims: &Value) -> String {
    let key = EncodingKey::from_ec_pem(private).expect("EC private key");
    sign(Algorithm::ES256, &key, claims)
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

struct Answer {
    status: StatusCode,
    headers: http::HeaderMap,
    body: Value,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    }

    fn text(&self) -> &str {
        self.body["text"].as_str().unwrap_or("")
    }
}

async fn answer(response: HttpResponse) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().into_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
    }
}

async fn send(
    service: &AppService<App, All>,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let request = builder
        .body(Full::new(Bytes::copy_from_slice(body)))
        .expect("a valid request");
    answer(service.handle(request).await).await
}

async fn get(service: &AppService<App, All>, uri: &str, headers: &[(&str, &str)]) -> Answer {
    send(service, Method::GET, uri, headers, b"").await
}

async fn bearer(service: &AppService<App, All>, uri: &str, token: &str) -> Answer {
    let value = format!("Bearer {token}");
    get(service, uri, &[("authorization", &value)]).await
}

/// Asserts a 401 for a refused token, with its reason in the body and the challenge.
fn assert_invalid_token(answer: &Answer, reason: &str) {
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.body);
    assert_eq!(
        answer.header("content-type"),
        Some("application/problem+json")
    );
    let challenge = answer.header("www-authenticate").unwrap_or("");
    assert!(
        challenge.starts_with(r#"Bearer error="invalid_token""#),
        "{challenge}"
    );
    let detail = answer.body["detail"].as_str().unwrap_or("");
    assert!(detail.contains(reason), "`{detail}` should say `{reason}`");
}

#[tokio::test]
async fn valid_tokens_of_each_algorithm_pass() {
    let service = service();
    for token in [
        hs256(&claims(json!({}))),
        rs256(&claims(json!({}))),
        es256(EC_PRIVATE, &claims(json!({}))),
    ] {
        let answer = bearer(&service, "/me", &token).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert_eq!(answer.text(), "ann");
    }
}

#[tokio::test]
async fn every_token_attack_is_refused() {
    let service = service();
    let good = claims(json!({}));
    let header = b64(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = b64(good.to_string().as_bytes());
    let unsigned = format!("{header}.{payload}.");
    assert_invalid_token(&bearer(&service, "/me", &unsigned).await, "malformed");

    // HS/RS confusion: an HS256 token whose secret is the RSA public key.
    let confused = sign(
        Algorithm::HS256,
        &EncodingKey::from_secret(RSA_PUBLIC),
        &good,
    );
    assert_invalid_token(&bearer(&service, "/me", &confused).await, "signature");
    let rsa_only = match JwtVerifier::new().rs256_pem(RSA_PUBLIC) {
        Ok(verifier) => verifier,
        Err(error) => panic!("{error}"),
    };
    let rsa_service = service_with(
        SecurityConfig::with_jwt(rsa_only),
        Arc::new(ManualClock::new()),
    );
    assert_invalid_token(
        &bearer(&rsa_service, "/me", &confused).await,
        "algorithm is not accepted",
    );

    let wrong_key = es256(OTHER_EC_PRIVATE, &good);
    assert_invalid_token(&bearer(&service, "/me", &wrong_key).await, "signature");
    let tampered = {
        let token = hs256(&good);
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = b64(claims(json!({"sub": "root"})).to_string().as_bytes());
        parts.join(".")
    };
    assert_invalid_token(&bearer(&service, "/me", &tampered).await, "signature");

    let expired = hs256(&claims(json!({"exp": now() - 5})));
    assert_invalid_token(&bearer(&service, "/me", &expired).await, "expired");
    let early = hs256(&claims(json!({"nbf": now() + 300})));
    assert_invalid_token(&bearer(&service, "/me", &early).await, "not valid yet");
    let issuer = hs256(&claims(json!({"iss": "https://evil.test"})));
    assert_invalid_token(&bearer(&service, "/me", &issuer).await, "issuer");
    let audience = hs256(&claims(json!({"aud": "someone-else"})));
    assert_invalid_token(&bearer(&service, "/me", &audience).await, "audience");
    let no_exp = {
        let mut c = claims(json!({}));
        c.as_object_mut().map(|m| m.remove("exp"));
        hs256(&c)
    };
    assert_invalid_token(&bearer(&service, "/me", &no_exp).await, "`exp`");

    for garbage in ["garbage", "a.b.c", "", "e30.e30.e30"] {
        let answer = bearer(&service, "/me", garbage).await;
        assert_invalid_token(&answer, "malformed");
    }
    // A header that is not text is no token at all.
    let answer = bearer(&service, "/me", "🦀").await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    // A valid token without the claims the handler needs.
    let no_sub = {
        let mut c = claims(json!({}));
        c.as_object_mut().map(|m| m.remove("sub"));
        hs256(&c)
    };
    assert_invalid_token(
        &bearer(&service, "/me", &no_sub).await,
        "do not carry the claims",
    );
}

#[tokio::test]
async fn missing_credentials_get_a_challenge() {
    let service = service();
    let answer = get(&service, "/me", &[]).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.all("www-authenticate"), ["Bearer"]);
    assert_eq!(
        answer.body["detail"],
        "this operation requires authentication"
    );
    // Another scheme in `Authorization` is no bearer token.
    let answer = get(&service, "/me", &[("authorization", "Basic YW5uOnB3")]).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    // Public operations need nothing.
    let answer = get(&service, "/public", &[]).await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test]
async fn scopes_come_from_scope_or_scp() {
    let service = service();
    let body = br#"{"text":"rex"}"#;
    let post = |token: String| {
        let service = service.clone();
        async move {
            let value = format!("Bearer {token}");
            let headers = [
                ("authorization", value.as_str()),
                ("content-type", "application/json"),
            ];
            send(&service, Method::POST, "/pets", &headers, body).await
        }
    };
    let both = hs256(&claims(json!({"scope": "pets:read pets:write other"})));
    let answer = post(both).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.text(), "ann added rex");
    let scp = hs256(&claims(json!({"scp": ["pets:write", "pets:read"]})));
    assert_eq!(post(scp).await.status, StatusCode::OK);

    let partial = hs256(&claims(json!({"scope": "pets:read"})));
    let answer = post(partial).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(
        answer.header("www-authenticate"),
        Some(r#"Bearer error="insufficient_scope", scope="pets:read pets:write""#)
    );
    assert!(answer.body["detail"]
        .as_str()
        .unwrap_or("")
        .contains("lack a required scope"));
    // A bad token is still 401, not 403.
    let expired = hs256(&claims(json!({"exp": now() - 5, "scope": "pets:read"})));
    assert_eq!(post(expired).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn alternatives_are_or_and_members_are_and() {
    let service = service();
    let token = hs256(&claims(json!({})));
    assert_eq!(bearer(&service, "/either", &token).await.text(), "jwt:ann");
    let answer = get(&service, "/either", &[("x-api-key", "good-key")]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.text(), "headerKey:key-user");

    let answer = get(&service, "/either", &[]).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.all("www-authenticate"),
        ["Bearer", r#"ApiKey name="x-api-key", in="header""#]
    );
    let answer = get(&service, "/either", &[("x-api-key", "stolen")]).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.body["detail"], "unknown credentials");
    assert_eq!(
        answer.header("www-authenticate"),
        Some(r#"ApiKey name="x-api-key", in="header""#)
    );

    // AND: the key and basic credentials ("ann:pw").
    let both = [
        ("x-api-key", "good-key"),
        ("authorization", "Basic YW5uOnB3"),
    ];
    let answer = get(&service, "/both", &both).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.text(), "headerKey+basic");
    let key_only = get(&service, "/both", &[("x-api-key", "good-key")]).await;
    assert_eq!(key_only.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        key_only.all("www-authenticate"),
        [
            r#"ApiKey name="x-api-key", in="header""#,
            r#"Basic realm="api", charset="UTF-8""#
        ]
    );
    let basic_only = get(&service, "/both", &[("authorization", "Basic YW5uOnB3")]).await;
    assert_eq!(basic_only.status, StatusCode::UNAUTHORIZED);
    // "ann:nope"
    let wrong = [
        ("x-api-key", "good-key"),
        ("authorization", "Basic YW5uOm5vcGU="),
    ];
    assert_eq!(
        get(&service, "/both", &wrong).await.status,
        StatusCode::UNAUTHORIZED
    );
    let malformed = [("x-api-key", "good-key"), ("authorization", "Basic ???")];
    let answer = get(&service, "/both", &malformed).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(answer.body["detail"]
        .as_str()
        .unwrap_or("")
        .contains("malformed"));
}

#[tokio::test]
async fn anonymous_access_when_allowed() {
    let service = service();
    assert_eq!(get(&service, "/maybe", &[]).await.text(), "anonymous");
    let token = hs256(&claims(json!({})));
    assert_eq!(bearer(&service, "/maybe", &token).await.text(), "ann");
    // Credentials that are presented must be right, even where anonymous access is allowed.
    let expired = hs256(&claims(json!({"exp": now() - 5})));
    assert_invalid_token(&bearer(&service, "/maybe", &expired).await, "expired");
}

#[tokio::test]
async fn api_keys_in_the_query_and_in_cookies() {
    let service = service();
    let answer = get(&service, "/query-key?api_key=good-key", &[]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.text(), "key-user");
    let answer = get(&service, "/query-key?other=good-key", &[]).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.header("www-authenticate"),
        Some(r#"ApiKey name="api_key", in="query""#)
    );
    let answer = get(
        &service,
        "/cookie-key",
        &[("cookie", "theme=dark; session=good-key")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.text(), "key-user");
    let answer = get(&service, "/cookie-key", &[("x-api-key", "good-key")]).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn roles_of_api_keys_are_scopes() {
    let service = service();
    let user = send(
        &service,
        Method::DELETE,
        "/admin",
        &[("x-api-key", "good-key")],
        b"",
    )
    .await;
    assert_eq!(user.status, StatusCode::FORBIDDEN);
    assert!(user.header("www-authenticate").is_none());
    let admin = send(
        &service,
        Method::DELETE,
        "/admin",
        &[("x-api-key", "admin-key")],
        b"",
    )
    .await;
    assert_eq!(admin.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn bearer_tokens_without_a_key_answer_500() {
    let service = service_with(SecurityConfig::default(), Arc::new(ManualClock::new()));
    let token = hs256(&claims(json!({})));
    let answer = bearer(&service, "/me", &token).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    // Without a token it is still a plain 401.
    assert_eq!(
        get(&service, "/me", &[]).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn cors_preflight_and_actual_requests() {
    let service = service();
    let preflight = [
        ("origin", ORIGIN),
        ("access-control-request-method", "POST"),
        (
            "access-control-request-headers",
            "authorization,content-type",
        ),
    ];
    // Answered before routing and before security.
    let answer = send(&service, Method::OPTIONS, "/pets", &preflight, b"").await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    assert_eq!(answer.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(
        answer.header("access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(
        answer.header("access-control-allow-headers"),
        Some("content-type, authorization, x-api-key")
    );
    assert_eq!(answer.header("access-control-max-age"), Some("600"));
    assert_eq!(answer.all("vary"), ["Origin"]);

    let evil = [
        ("origin", "http://evil.test"),
        ("access-control-request-method", "POST"),
    ];
    let answer = send(&service, Method::OPTIONS, "/pets", &evil, b"").await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    assert!(answer.header("access-control-allow-origin").is_none());
    assert!(answer.header("access-control-allow-methods").is_none());

    let answer = get(&service, "/public", &[("origin", ORIGIN)]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(
        answer.header("access-control-expose-headers"),
        Some("x-request-id")
    );
    assert_eq!(answer.all("vary"), ["Origin"]);
    // Errors carry CORS headers too, so the front end can read the problem.
    let answer = get(&service, "/me", &[("origin", ORIGIN)]).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.header("access-control-allow-origin"), Some(ORIGIN));
    let answer = get(&service, "/public", &[("origin", "http://evil.test")]).await;
    assert!(answer.header("access-control-allow-origin").is_none());
    // An OPTIONS request that is not a preflight is routed as usual.
    let answer = send(
        &service,
        Method::OPTIONS,
        "/public",
        &[("origin", ORIGIN)],
        b"",
    )
    .await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn bodies_over_the_manifest_limit_answer_413() {
    let service = service();
    let token = format!(
        "Bearer {}",
        hs256(&claims(json!({"scope": "pets:read pets:write"})))
    );
    let big = format!(r#"{{"text":"{}"}}"#, "x".repeat(2000));
    let headers = [
        ("authorization", token.as_str()),
        ("content-type", "application/json"),
    ];
    // No Content-Length: found while reading.
    let answer = send(&service, Method::POST, "/pets", &headers, big.as_bytes()).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        answer.body["detail"],
        "the request body is larger than 1024 bytes"
    );
    // Declared: refused before anything is read, even before the credentials are checked.
    let length = big.len().to_string();
    let declared = [
        ("content-length", length.as_str()),
        ("content-type", "application/json"),
    ];
    let answer = send(&service, Method::POST, "/pets", &declared, big.as_bytes()).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    let small = br#"{"text":"rex"}"#;
    let answer = send(&service, Method::POST, "/pets", &headers, small).await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test]
async fn the_rate_limit_answers_429_until_the_clock_moves() {
    let clock = Arc::new(ManualClock::new());
    let service = service_with(SecurityConfig::with_jwt(verifier()), clock.clone());
    // A burst of 100, then 10 per second.
    for _ in 0..100 {
        assert_eq!(get(&service, "/public", &[]).await.status, StatusCode::OK);
    }
    let answer = get(&service, "/public", &[]).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(answer.header("retry-after"), Some("1"));
    assert_eq!(
        answer.header("content-type"),
        Some("application/problem+json")
    );
    clock.advance(Duration::from_millis(99));
    assert_eq!(
        get(&service, "/public", &[]).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    clock.advance(Duration::from_millis(1));
    assert_eq!(get(&service, "/public", &[]).await.status, StatusCode::OK);
    assert_eq!(
        get(&service, "/public", &[]).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Clones share the instance's limit.
    let clone = service.clone();
    assert_eq!(
        get(&clone, "/public", &[]).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

/// Sends one raw HTTP/1.1 request and reads the whole answer.
fn http(port: u16, head: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "{head}\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_real_http_on_the_local_server() {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(sls_runtime::platform::local::serve_on(
        listener,
        service(),
        async {
            let _ = stopped.await;
        },
    ));
    let token = hs256(&claims(json!({})));
    let exchange = move |head: String| async move {
        tokio::task::spawn_blocking(move || http(port, &head))
            .await
            .expect("client")
    };
    let preflight = exchange(format!(
        "OPTIONS /me HTTP/1.1\r\nOrigin: {ORIGIN}\r\nAccess-Control-Request-Method: GET\r\n\
         Access-Control-Request-Headers: authorization"
    ))
    .await;
    assert!(preflight.starts_with("HTTP/1.1 204"), "{preflight}");
    assert!(
        preflight.contains(&format!("access-control-allow-origin: {ORIGIN}")),
        "{preflight}"
    );
    let denied = exchange(format!("GET /me HTTP/1.1\r\nOrigin: {ORIGIN}")).await;
    assert!(denied.starts_with("HTTP/1.1 401"), "{denied}");
    assert!(denied.contains("www-authenticate: Bearer"), "{denied}");
    assert!(denied.contains("application/problem+json"), "{denied}");
    assert!(
        denied.contains(&format!("access-control-allow-origin: {ORIGIN}")),
        "{denied}"
    );
    let allowed = exchange(format!("GET /me HTTP/1.1\r\nAuthorization: Bearer {token}")).await;
    assert!(allowed.starts_with("HTTP/1.1 200"), "{allowed}");
    assert!(allowed.contains(r#"{"text":"ann"}"#), "{allowed}");
    stop.send(()).expect("server running");
    let outcome = server.await.expect("server task");
    assert!(outcome.is_ok(), "graceful shutdown");
}
