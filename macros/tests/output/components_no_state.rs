struct App;
#[automatically_derived]
impl ::sls_runtime::Application for App {
    type State = ();
    fn init() -> ::sls_runtime::BoxFuture<
        'static,
        ::core::result::Result<Self::State, ::sls_runtime::BoxError>,
    > {
        ::std::boxed::Box::pin(async {
            ::core::result::Result::Ok(<() as ::core::default::Default>::default())
        })
    }
}
ping!(App, (), ping);
const _: () = crate::generated::api::assert_all_handled::<App>();
