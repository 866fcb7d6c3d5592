pub(crate) struct App;
#[automatically_derived]
impl ::sls_runtime::Application for App {
    type State = std::sync::Arc<Db>;
    fn init() -> ::sls_runtime::BoxFuture<
        'static,
        ::core::result::Result<Self::State, ::sls_runtime::BoxError>,
    > {
        ::std::boxed::Box::pin(async {
            ::core::result::Result::Ok(
                <std::sync::Arc<Db> as ::core::default::Default>::default(),
            )
        })
    }
}
const _: () = {
    type __Endpoint = ping;
    #[automatically_derived]
    impl ::sls_runtime::Handles<
        <__Endpoint as ::sls_runtime::Endpoint<std::sync::Arc<Db>>>::Operation,
    > for App {
        type Endpoint = __Endpoint;
    }
};
const _: () = crate::api::assert_all_handled::<App>();
