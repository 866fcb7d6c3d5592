#[allow(non_camel_case_types)]
pub struct ping;
impl ping {
    /// The handler of operation `ping`, as written; call it directly in tests.
    pub async fn handler() -> PingResponse {
        PingResponse::Ok
    }
}
#[automatically_derived]
impl ::sls_runtime::Handler for ping {
    type Operation = crate::api::operations::ping;
}
#[automatically_derived]
impl<
    __State: ::core::marker::Send + ::core::marker::Sync + 'static,
> ::sls_runtime::Endpoint<__State> for ping {
    fn call(
        _state: ::std::sync::Arc<__State>,
        _context: ::sls_runtime::Context,
        _request: <Self::Operation as ::sls_runtime::Operation>::Request,
    ) -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {
        ::std::boxed::Box::pin(async move {
            let output = Self::handler().await;
            <PingResponse as ::sls_runtime::HandlerOutput<
                crate::api::operations::ping,
            >>::into_http_response(output)
        })
    }
}
