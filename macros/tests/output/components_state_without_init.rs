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
ping!(App, std::sync::Arc < Db >, ping);
const _: () = crate::api::assert_all_handled::<App>();
