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
            state.map_err(::core::convert::Into::into)
        })
    }
}
const _: () = {
    type __Endpoint = add_pet;
    #[automatically_derived]
    impl ::sls_runtime::Handles<
        <__Endpoint as ::sls_runtime::Endpoint<State>>::Operation,
    > for App {
        type Endpoint = __Endpoint;
    }
};
const _: () = {
    type __Endpoint = get_pet;
    #[automatically_derived]
    impl ::sls_runtime::Handles<
        <__Endpoint as ::sls_runtime::Endpoint<State>>::Operation,
    > for App {
        type Endpoint = __Endpoint;
    }
};
const _: () = {
    type __Endpoint = handlers::delete_pet;
    #[automatically_derived]
    impl ::sls_runtime::Handles<
        <__Endpoint as ::sls_runtime::Endpoint<State>>::Operation,
    > for App {
        type Endpoint = __Endpoint;
    }
};
const _: () = crate::api::assert_all_handled::<App>();
