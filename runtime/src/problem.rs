//! RFC 9457 problem details: the one error body of every framework error.

use http::StatusCode;
use serde::Serialize;

use crate::response::{Body, HttpResponse};

/// One invalid field of a request: where (a JSON pointer into the decoded request, e.g.
/// `/body/name` or `/query/limit`) and what is wrong. Never contains the raw input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// JSON pointer of the failing value.
    pub pointer: String,
    /// What is wrong with it.
    #[serde(rename = "detail")]
    pub message: String,
}

impl FieldError {
    /// A field error at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// An RFC 9457 problem, answered as `application/problem+json`.
///
/// Handlers may return `Result<Response, E>` with any `E: Into<Problem>`; every
/// `std::error::Error` converts into a 500 problem whose detail is logged, not sent.
///
/// The details are boxed so that `Result<_, Problem>` stays one pointer wide; they are reached
/// through `Deref` (`problem.status`, `problem.errors`).
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Problem {
    details: Box<ProblemDetails>,
}

/// The members of a [`Problem`].
#[derive(Debug, Clone, Serialize)]
pub struct ProblemDetails {
    /// A URI reference identifying the problem type (`about:blank` by default).
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    #[serde(serialize_with = "serialize_status")]
    pub status: StatusCode,
    /// A human-readable explanation of this occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A URI reference identifying this occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The invalid fields of a request, each with a JSON pointer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Extra response headers (`Allow` for 405, for example). Not part of the body.
    #[serde(skip)]
    pub headers: Vec<(http::HeaderName, http::HeaderValue)>,
}

impl std::ops::Deref for Problem {
    type Target = ProblemDetails;

    fn deref(&self) -> &ProblemDetails {
        &self.details
    }
}

impl std::ops::DerefMut for Problem {
    fn deref_mut(&mut self) -> &mut ProblemDetails {
        &mut self.details
    }
}

fn serialize_status<S: serde::Serializer>(status: &StatusCode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u16(status.as_u16())
}

impl Problem {
    /// A problem with `status`, titled with the status's reason phrase.
    pub fn new(status: StatusCode) -> Self {
        Problem {
            details: Box::new(ProblemDetails {
                type_uri: "about:blank".to_owned(),
                title: status.canonical_reason().unwrap_or("Error").to_owned(),
                status,
                detail: None,
                instance: None,
                errors: Vec::new(),
                headers: Vec::new(),
            }),
        }
    }

    /// Sets the detail.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Sets the type URI.
    pub fn with_type(mut self, type_uri: impl Into<String>) -> Self {
        self.type_uri = type_uri.into();
        self
    }

    /// Adds a response header.
    pub fn with_header(mut self, name: http::HeaderName, value: http::HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// 400 with the invalid fields.
    pub fn invalid_request(errors: Vec<FieldError>) -> Self {
        let mut problem = Problem::new(StatusCode::BAD_REQUEST)
            .with_detail("the request is not valid; see `errors`");
        problem.errors = errors;
        problem
    }

    /// 404: no route for the path.
    pub fn not_found() -> Self {
        Problem::new(StatusCode::NOT_FOUND).with_detail("no operation matches this path")
    }

    /// 501: the operation has no implementation yet (what a scaffolded handler answers).
    pub fn not_implemented(operation: &str) -> Self {
        Problem::new(StatusCode::NOT_IMPLEMENTED)
            .with_detail(format!("operation `{operation}` is not implemented yet"))
    }

    /// 500 without details (they are logged, never sent).
    pub fn internal() -> Self {
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// Encodes the problem as an `application/problem+json` response.
    pub fn into_response(self) -> HttpResponse {
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = http::Response::new(Body::from(body));
        *response.status_mut() = self.details.status;
        let headers = response.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/problem+json"),
        );
        for (name, value) in &self.details.headers {
            headers.append(name, value.clone());
        }
        response
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.title)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

impl<E: std::error::Error + Send + Sync + 'static> From<E> for Problem {
    fn from(error: E) -> Self {
        tracing::error!(error = %error, "handler failed");
        Problem::internal()
    }
}

impl crate::IntoHttpResponse for Problem {
    fn into_http_response(self) -> HttpResponse {
        self.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_implemented_is_a_501_problem_naming_the_operation() {
        let response = Problem::not_implemented("addPet").into_response();
        assert_eq!(response.status(), StatusCode::NOT_IMPLEMENTED);
        assert_eq!(
            response.headers()[http::header::CONTENT_TYPE],
            "application/problem+json"
        );
        let body: serde_json::Value =
            serde_json::from_slice(response.body().as_bytes()).expect("JSON");
        assert_eq!(
            body,
            serde_json::json!({
                "type": "about:blank",
                "title": "Not Implemented",
                "status": 501,
                "detail": "operation `addPet` is not implemented yet",
            })
        );
    }
}
