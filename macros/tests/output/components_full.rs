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
            State::connect().await.map_err(::core::convert::Into::into)
        })
    }
}
#[automatically_derived]
impl ::sls_runtime::Handles<<add_pet as ::sls_runtime::Endpoint<State>>::Operation>
for App {
    type Endpoint = add_pet;
}
#[automatically_derived]
impl ::sls_runtime::Handles<<get_pet as ::sls_runtime::Endpoint<State>>::Operation>
for App {
    type Endpoint = get_pet;
}
#[automatically_derived]
impl ::sls_runtime::Handles<
    <handlers::delete_pet as ::sls_runtime::Endpoint<State>>::Operation,
> for App {
    type Endpoint = handlers::delete_pet;
}
const _: () = crate::api::assert_all_handled::<App>();
