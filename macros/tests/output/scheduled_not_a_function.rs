struct Tick;
::core::compile_error! {
    "#[scheduled] applies to an `async fn`\nusage: #[scheduled(eventName)] async fn name(state: &State, tick: Tick) -> Result<(), Problem>"
}
