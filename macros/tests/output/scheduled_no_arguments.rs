#[allow(non_camel_case_types)]
struct nightly;
impl nightly {
    /// The handler of event `nightly`, as written; call it directly in tests.
    async fn handler() {}
}
#[automatically_derived]
impl ::sls_runtime::events::EventHandler for nightly {
    type Event = crate::generated::events::nightly;
}
#[automatically_derived]
impl<
    __State: ::core::marker::Send + ::core::marker::Sync + 'static,
> ::sls_runtime::events::EventEndpoint<__State> for nightly {
    fn call(
        _: ::std::sync::Arc<__State>,
        __sls_input: <Self::Event as ::sls_runtime::events::Event>::Input,
    ) -> ::sls_runtime::BoxFuture<
        'static,
        ::core::result::Result<(), ::sls_runtime::Problem>,
    > {
        let __sls_input = ::sls_runtime::events::tick_of::<
            crate::generated::events::nightly,
        >(__sls_input);
        let _ = __sls_input;
        ::std::boxed::Box::pin(async move {
            let __sls_output = Self::handler().await;
            <() as ::sls_runtime::events::EventOutput>::into_result(__sls_output)
        })
    }
}
