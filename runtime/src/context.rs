//! The per-invocation context handed to handlers.

use std::sync::Arc;
use std::time::Instant;

use crate::security::Principal;

/// Where the code runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// The local development server.
    Local,
    /// AWS Lambda.
    Aws,
    /// Alibaba Cloud Function Compute 3.0.
    Alicloud,
    /// Tencent Cloud SCF.
    Tencent,
}

impl Platform {
    /// The platform's name as used in the manifest (`local`, `aws`, `alicloud`, `tencent`).
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Local => "local",
            Platform::Aws => "aws",
            Platform::Alicloud => "alicloud",
            Platform::Tencent => "tencent",
        }
    }
}

/// Facts about the current invocation: request id, deadline, platform and operation.
#[derive(Debug, Clone)]
pub struct Context {
    /// The platform's request id (or a generated one locally).
    pub request_id: String,
    /// When the platform stops waiting for this invocation, if it says.
    pub deadline: Option<Instant>,
    /// The platform running this invocation.
    pub platform: Platform,
    /// The operationId being served.
    pub operation_id: &'static str,
    /// Who made the request: the principals of the security requirement it satisfied (empty
    /// for a public operation or an anonymous request). Handlers usually read them through
    /// [`Auth<Claims>`](crate::security::Auth).
    pub principals: Arc<[Principal]>,
}

impl Context {
    /// A context for `platform` with the given request id, no deadline and no operation yet.
    pub fn new(platform: Platform, request_id: impl Into<String>) -> Self {
        Context {
            request_id: request_id.into(),
            deadline: None,
            platform,
            operation_id: "",
            principals: Arc::from([]),
        }
    }
}
