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
        _: ::std::sync::Arc<__State>,
        _: ::sls_runtime::Context,
        _: <Self::Operation as ::sls_runtime::Operation>::Request,
    ) -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {
        ::std::boxed::Box::pin(async move {
            let __sls_output = Self::handler().await;
            <PingResponse as ::sls_runtime::HandlerOutput<
                crate::api::operations::ping,
            >>::into_http_response(__sls_output)
        })
    }
}
