/// The pet store.
pub struct App;
#[automatically_derived]
impl ::sls_runtime::Application for App {
    type State = State;
    fn init() -> ::sls_runtime::BoxFuture<
        'static,
        ::core::result::Result<Self::State, ::sls_runtime::BoxError>,
    > {
        ::std::boxed::Box::pin(async {
            let state: ::core::result::Result<State, _> = State::connect().await;
            state.map_err(::sls_runtime::__private::into_box_error)
        })
    }
}
add_pet!(App, State, add_pet);
get_pet!(App, State, get_pet);
handlers::delete_pet!(App, State, handlers::delete_pet);
const _: () = crate::api::assert_all_handled::<App>();
