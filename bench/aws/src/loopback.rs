//! A Runtime API on 127.0.0.1 that hands out the same event as many times as asked and counts the
//! responses, to measure whole invocations (`next` → adapter → handler → `response`) of
//! sls-gen's own client and of `lambda_runtime` under `lambda_http::run`.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore};

/// The fake Runtime API.
pub struct FakeApi {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

struct Shared {
    event: Bytes,
    available: Semaphore,
    next_id: AtomicU64,
    responses: AtomicU64,
    errors: AtomicU64,
    answered: Notify,
}

impl FakeApi {
    /// Starts serving on a free port of 127.0.0.1; `next` waits until [`FakeApi::serve`] gives
    /// events out.
    pub async fn start(event: Vec<u8>) -> std::io::Result<FakeApi> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            event: Bytes::from(event),
            available: Semaphore::new(0),
            next_id: AtomicU64::new(0),
            responses: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            answered: Notify::new(),
        });
        let server = Arc::clone(&shared);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                let shared = Arc::clone(&server);
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let shared = Arc::clone(&shared);
                        async move { Ok::<_, Infallible>(shared.answer(request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(FakeApi { addr, shared })
    }

    /// `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`.
    pub fn authority(&self) -> String {
        self.addr.to_string()
    }

    /// Hands out `count` events and waits until they are all answered.
    pub async fn serve(&self, count: u64) {
        let target = self.shared.responses.load(Ordering::SeqCst) + count;
        self.shared.available.add_permits(count as usize);
        loop {
            let answered = self.shared.answered.notified();
            if self.shared.responses.load(Ordering::SeqCst) >= target {
                return;
            }
            answered.await;
        }
    }

    /// Responses and error reports received so far.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.shared.responses.load(Ordering::SeqCst),
            self.shared.errors.load(Ordering::SeqCst),
        )
    }
}

impl Shared {
    async fn answer(&self, request: http::Request<Incoming>) -> http::Response<Full<Bytes>> {
        let path = request.uri().path().to_owned();
        let _ = request.into_body().collect().await;
        let mut response = http::Response::new(Full::new(Bytes::new()));
        if path == "/2018-06-01/runtime/invocation/next" {
            if let Ok(permit) = self.available.acquire().await {
                permit.forget();
            }
            let id = self.next_id.fetch_add(1, Ordering::SeqCst);
            *response.body_mut() = Full::new(self.event.clone());
            let headers = response.headers_mut();
            if let Ok(value) = format!("req-{id}").parse() {
                headers.insert("lambda-runtime-aws-request-id", value);
            }
            headers.insert(
                "lambda-runtime-deadline-ms",
                http::HeaderValue::from_static("4102444800000"),
            );
            headers.insert(
                "lambda-runtime-invoked-function-arn",
                http::HeaderValue::from_static(
                    "arn:aws:lambda:us-east-1:123456789012:function:pets",
                ),
            );
            headers.insert(
                "lambda-runtime-trace-id",
                http::HeaderValue::from_static("Root=1-5759e988-bd862e3fe1be46a994272793"),
            );
            return response;
        }
        if path.ends_with("/response") || path.ends_with("/error") {
            let counter = if path.ends_with("/error") {
                &self.errors
            } else {
                &self.responses
            };
            counter.fetch_add(1, Ordering::SeqCst);
            // Errors count as answers too, so that a broken side cannot hang the benchmark.
            if path.ends_with("/error") {
                self.responses.fetch_add(1, Ordering::SeqCst);
            }
            self.answered.notify_waiters();
            *response.status_mut() = http::StatusCode::ACCEPTED;
            return response;
        }
        if path == "/2020-01-01/extension/register" {
            response.headers_mut().insert(
                "lambda-extension-identifier",
                http::HeaderValue::from_static("bench-extension"),
            );
            return response;
        }
        if path == "/2020-01-01/extension/event/next" {
            std::future::pending::<()>().await;
        }
        *response.status_mut() = http::StatusCode::NOT_FOUND;
        response
    }
}
