#[allow(non_camel_case_types)]
pub(crate) struct ship;
impl ship {
    /// The handler of event `shipOrder`, as written; call it directly in tests.
    pub(crate) async fn handler(
        meta: MessageMeta,
        order: Order,
        db: &Db,
    ) -> Result<(), MyError> {
        db.ship(order, meta.id).await
    }
}
#[automatically_derived]
impl ::sls_runtime::events::EventHandler for ship {
    type Event = crate::api::events::shipOrder;
}
#[automatically_derived]
impl ::sls_runtime::events::EventEndpoint<Db> for ship {
    fn call(
        __sls_state: ::std::sync::Arc<Db>,
        __sls_input: <Self::Event as ::sls_runtime::events::Event>::Input,
    ) -> ::sls_runtime::BoxFuture<
        'static,
        ::core::result::Result<(), ::sls_runtime::Problem>,
    > {
        let (__sls_input, __sls_meta) = ::sls_runtime::events::delivery_of::<
            crate::api::events::shipOrder,
        >(__sls_input);
        ::std::boxed::Box::pin(async move {
            let __sls_output = Self::handler(
                    __sls_meta,
                    {
                        let __sls_value: Order = __sls_input;
                        __sls_value
                    },
                    &*__sls_state,
                )
                .await;
            <Result<
                (),
                MyError,
            > as ::sls_runtime::events::EventOutput>::into_result(__sls_output)
        })
    }
}
