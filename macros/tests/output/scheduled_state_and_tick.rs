/// Purges sessions.
#[allow(non_camel_case_types)]
pub struct purge;
impl purge {
    /// The handler of event `purgeSessions`, as written; call it directly in tests.
    pub async fn handler(db: &Db, tick: Tick) -> Result<(), Problem> {
        db.purge(tick.time).await
    }
}
#[automatically_derived]
impl ::sls_runtime::events::EventHandler for purge {
    type Event = crate::api::events::purgeSessions;
}
#[automatically_derived]
impl ::sls_runtime::events::EventEndpoint<Db> for purge {
    fn call(
        __sls_state: ::std::sync::Arc<Db>,
        __sls_input: <Self::Event as ::sls_runtime::events::Event>::Input,
    ) -> ::sls_runtime::BoxFuture<
        'static,
        ::core::result::Result<(), ::sls_runtime::Problem>,
    > {
        let __sls_input = ::sls_runtime::events::tick_of::<
            crate::api::events::purgeSessions,
        >(__sls_input);
        ::std::boxed::Box::pin(async move {
            let __sls_output = Self::handler(
                    &*__sls_state,
                    {
                        let __sls_value: Tick = __sls_input;
                        __sls_value
                    },
                )
                .await;
            <Result<
                (),
                Problem,
            > as ::sls_runtime::events::EventOutput>::into_result(__sls_output)
        })
    }
}
