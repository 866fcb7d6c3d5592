#[allow(non_camel_case_types)]
pub struct ping;
impl ping {
    /// The handler of operation `ping`, as written; call it directly in tests.
    pub async fn handler() -> PingResponse {
        PingResponse::Ok
    }
}
#[doc(hidden)]
#[macro_export]
macro_rules! __sls_register_ping_ping {
    ($app:ty, $state:ty, $handler:path) => {
        #[automatically_derived] #[allow(private_interfaces, private_bounds)] impl
        ::sls_runtime::Handles < $crate::api::operations::ping > for $app { fn call(state
        : ::std::sync::Arc < $state >, context : ::sls_runtime::Context, request : <
        $crate::api::operations::ping as ::sls_runtime::Operation > ::Request,) ->
        ::sls_runtime::BoxFuture < 'static, ::sls_runtime::HttpResponse > { < $handler as
        ::sls_runtime::Endpoint < $state >> ::call(state, context, request) } }
    };
}
#[allow(unused_imports)]
pub use __sls_register_ping_ping as ping;
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
