//! Platform adapters: each runs the [`AppService`](crate::AppService) on one platform.

#[cfg(feature = "local")]
pub mod local;
#[cfg(feature = "local")]
mod local_events;
#[cfg(feature = "local")]
pub mod static_files;

#[cfg(feature = "aws")]
pub mod aws;
