//! Verification of bearer JSON Web Tokens: HS256, RS256 and ES256.
//!
//! A [`JwtVerifier`] holds one key per algorithm it accepts; a token is verified only with the
//! key of its own `alg`, so `alg: none`, an algorithm without a key and the HS/RS confusion (an
//! RSA public key used as an HMAC secret) are all refused. `exp` is required and checked, `nbf`
//! is checked when present, `iss` and `aud` are required and checked when configured.
//!
//! Keys may also come as a JSON Web Key Set (the `jwks.json` an identity provider publishes,
//! given as text or a file): a token that names a key (`kid`) is verified with that key only,
//! and only if the token's `alg` is the key's.

use std::collections::HashSet;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;

/// The environment variables read by [`JwtVerifier::from_env`].
pub mod env {
    /// The HS256 shared secret, as text.
    pub const SECRET: &str = "SLS_JWT_SECRET";
    /// A file holding the HS256 shared secret (its bytes, a trailing newline removed).
    pub const SECRET_FILE: &str = "SLS_JWT_SECRET_FILE";
    /// An RSA (RS256) or P-256 (ES256) public key in PEM.
    pub const PUBLIC_KEY: &str = "SLS_JWT_PUBLIC_KEY";
    /// A file holding the PEM public key.
    pub const PUBLIC_KEY_FILE: &str = "SLS_JWT_PUBLIC_KEY_FILE";
    /// The accepted issuers, comma-separated (`iss` is then required).
    pub const ISSUER: &str = "SLS_JWT_ISSUER";
    /// The accepted audiences, comma-separated (`aud` is then required).
    pub const AUDIENCE: &str = "SLS_JWT_AUDIENCE";
    /// The tolerated clock skew for `exp` and `nbf`, in seconds (default 60).
    pub const LEEWAY: &str = "SLS_JWT_LEEWAY";
    /// A JSON Web Key Set (`{"keys": [...]}`, RSA and P-256 keys, each with a `kid`), as text.
    pub const JWKS: &str = "SLS_JWT_JWKS";
    /// A file holding the JSON Web Key Set.
    pub const JWKS_FILE: &str = "SLS_JWT_JWKS_FILE";
}

/// The default tolerated clock skew, in seconds.
pub const DEFAULT_LEEWAY: u64 = 60;

/// Verifies bearer tokens.
#[derive(Clone)]
pub struct JwtVerifier {
    keys: Vec<(Algorithm, DecodingKey)>,
    /// Keys of a key set, by `kid`.
    key_set: Vec<(String, Algorithm, DecodingKey)>,
    issuers: Vec<String>,
    audiences: Vec<String>,
    leeway: u64,
}

impl std::fmt::Debug for JwtVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the keys.
        let algorithms: Vec<_> = self.keys.iter().map(|(alg, _)| *alg).collect();
        let key_set: Vec<_> = self
            .key_set
            .iter()
            .map(|(kid, alg, _)| (kid, *alg))
            .collect();
        f.debug_struct("JwtVerifier")
            .field("algorithms", &algorithms)
            .field("key_set", &key_set)
            .field("issuers", &self.issuers)
            .field("audiences", &self.audiences)
            .field("leeway", &self.leeway)
            .finish()
    }
}

/// A key or setting of the environment that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct JwtConfigError {
    /// The variable (or the method) that holds the bad value.
    pub variable: String,
    /// What is wrong with it.
    pub message: String,
}

impl JwtConfigError {
    fn new(variable: &str, message: impl Into<String>) -> Self {
        JwtConfigError {
            variable: variable.to_owned(),
            message: message.into(),
        }
    }
}

/// Why a token was refused. The messages say what is wrong without echoing the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwtError {
    /// Not three base64url parts of JSON, or an unknown algorithm name (`none` included).
    Malformed,
    /// The token's algorithm has no key here, or is not the algorithm of the key it names.
    Algorithm,
    /// The token names a key (`kid`) the key set does not have.
    UnknownKey,
    /// The signature does not match the key.
    Signature,
    /// `exp` is in the past.
    Expired,
    /// `nbf` is in the future.
    NotYetValid,
    /// `iss` is not an accepted issuer.
    Issuer,
    /// `aud` names no accepted audience.
    Audience,
    /// A required claim (`exp`, or `iss`/`aud` when configured) is missing or malformed.
    Claim(String),
}

impl std::fmt::Display for JwtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JwtError::Malformed => f.write_str("the token is malformed"),
            JwtError::Algorithm => f.write_str("the token's algorithm is not accepted"),
            JwtError::UnknownKey => f.write_str("the token's key is not known"),
            JwtError::Signature => f.write_str("the token's signature is not valid"),
            JwtError::Expired => f.write_str("the token has expired"),
            JwtError::NotYetValid => f.write_str("the token is not valid yet"),
            JwtError::Issuer => f.write_str("the token's issuer is not accepted"),
            JwtError::Audience => f.write_str("the token's audience is not accepted"),
            JwtError::Claim(claim) => {
                write!(f, "the token's `{claim}` claim is missing or invalid")
            }
        }
    }
}

impl std::error::Error for JwtError {}

impl Default for JwtVerifier {
    fn default() -> Self {
        JwtVerifier::new()
    }
}

impl JwtVerifier {
    /// A verifier with no key (it refuses every token); add keys with [`JwtVerifier::hs256`],
    /// [`JwtVerifier::rs256_pem`] and [`JwtVerifier::es256_pem`].
    pub fn new() -> Self {
        JwtVerifier {
            keys: Vec::new(),
            key_set: Vec::new(),
            issuers: Vec::new(),
            audiences: Vec::new(),
            leeway: DEFAULT_LEEWAY,
        }
    }

    /// Accepts HS256 tokens signed with `secret`.
    pub fn hs256(mut self, secret: &[u8]) -> Self {
        self.set(Algorithm::HS256, DecodingKey::from_secret(secret));
        self
    }

    /// Accepts RS256 tokens signed by the RSA key whose public half is `pem`.
    pub fn rs256_pem(mut self, pem: &[u8]) -> Result<Self, JwtConfigError> {
        let key = DecodingKey::from_rsa_pem(pem).map_err(|error| {
            JwtConfigError::new(
                "rs256_pem",
                format!("not an RSA public key in PEM: {error}"),
            )
        })?;
        self.set(Algorithm::RS256, key);
        Ok(self)
    }

    /// Accepts ES256 tokens signed by the P-256 key whose public half is `pem`.
    pub fn es256_pem(mut self, pem: &[u8]) -> Result<Self, JwtConfigError> {
        let key = DecodingKey::from_ec_pem(pem).map_err(|error| {
            JwtConfigError::new("es256_pem", format!("not an EC public key in PEM: {error}"))
        })?;
        self.set(Algorithm::ES256, key);
        Ok(self)
    }

    /// Accepts an RSA (RS256) or P-256 (ES256) public key in PEM, whichever it is.
    pub fn public_key_pem(self, pem: &[u8]) -> Result<Self, JwtConfigError> {
        let text = String::from_utf8_lossy(pem);
        if !text.contains("-----BEGIN") {
            return Err(JwtConfigError::new(
                "public_key_pem",
                "not a PEM document (no `-----BEGIN` line)",
            ));
        }
        match self.clone().rs256_pem(pem) {
            Ok(verifier) => Ok(verifier),
            Err(_) => self.es256_pem(pem).map_err(|_| {
                JwtConfigError::new(
                    "public_key_pem",
                    "neither an RSA nor a P-256 public key in PEM",
                )
            }),
        }
    }

    /// Requires `iss` to be one of `issuers`.
    pub fn issuers<S: Into<String>>(mut self, issuers: impl IntoIterator<Item = S>) -> Self {
        self.issuers = issuers.into_iter().map(Into::into).collect();
        self
    }

    /// Requires `aud` to name one of `audiences`.
    pub fn audiences<S: Into<String>>(mut self, audiences: impl IntoIterator<Item = S>) -> Self {
        self.audiences = audiences.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the tolerated clock skew for `exp` and `nbf`, in seconds.
    pub fn leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// Adds the RSA (RS256) and P-256 (ES256) keys of a JSON Web Key Set. Every key needs a
    /// `kid`; a key's `alg`, when given, must be the one its type allows; encryption keys
    /// (`"use": "enc"`) are skipped; any other key is an error naming it.
    pub fn jwks_json(mut self, json: &[u8]) -> Result<Self, JwtConfigError> {
        use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet, PublicKeyUse};
        let error = |message: String| JwtConfigError::new(env::JWKS, message);
        let set: JwkSet = serde_json::from_slice(json)
            .map_err(|e| error(format!("not a JSON Web Key Set: {e}")))?;
        for (index, jwk) in set.keys.iter().enumerate() {
            if jwk.common.public_key_use == Some(PublicKeyUse::Encryption) {
                continue;
            }
            let Some(kid) = jwk.common.key_id.clone() else {
                return Err(error(format!("key {index} has no `kid`")));
            };
            let algorithm = match &jwk.algorithm {
                AlgorithmParameters::RSA(_) => Algorithm::RS256,
                AlgorithmParameters::EllipticCurve(params)
                    if params.curve == EllipticCurve::P256 =>
                {
                    Algorithm::ES256
                }
                _ => {
                    return Err(error(format!(
                        "key `{kid}`: only RSA (RS256) and P-256 (ES256) keys are accepted"
                    )))
                }
            };
            if let Some(declared) = jwk.common.key_algorithm {
                if declared.to_string().parse::<Algorithm>().ok() != Some(algorithm) {
                    return Err(error(format!(
                        "key `{kid}`: `alg` is {declared}, but the key is for {algorithm:?}"
                    )));
                }
            }
            if self.key_set.iter().any(|(other, _, _)| *other == kid) {
                return Err(error(format!("two keys have the `kid` `{kid}`")));
            }
            let key = DecodingKey::from_jwk(jwk)
                .map_err(|e| error(format!("key `{kid}` cannot be used: {e}")))?;
            self.key_set.push((kid, algorithm, key));
        }
        Ok(self)
    }

    /// Whether some key is configured.
    pub fn has_keys(&self) -> bool {
        !self.keys.is_empty() || !self.key_set.is_empty()
    }

    fn set(&mut self, algorithm: Algorithm, key: DecodingKey) {
        self.keys.retain(|(alg, _)| *alg != algorithm);
        self.keys.push((algorithm, key));
    }

    /// Reads the settings from the process environment (see [`mod@env`]); `None` when no key is
    /// configured.
    pub fn from_env() -> Result<Option<Self>, JwtConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup` (a variable's value by name); `None` when no key is
    /// configured. A variable and its `_FILE` twin together, an unreadable file or a key that is
    /// not PEM are errors.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, JwtConfigError> {
        let secret = value_or_file(&lookup, env::SECRET, env::SECRET_FILE)?;
        let public = value_or_file(&lookup, env::PUBLIC_KEY, env::PUBLIC_KEY_FILE)?;
        let jwks = value_or_file(&lookup, env::JWKS, env::JWKS_FILE)?;
        if secret.is_none() && public.is_none() && jwks.is_none() {
            return Ok(None);
        }
        let mut verifier = JwtVerifier::new();
        if let Some((variable, secret)) = secret {
            if secret.is_empty() {
                return Err(JwtConfigError::new(variable, "the secret is empty"));
            }
            verifier = verifier.hs256(&secret);
        }
        if let Some((variable, pem)) = public {
            verifier = verifier
                .public_key_pem(&pem)
                .map_err(|error| JwtConfigError::new(variable, error.message))?;
        }
        if let Some((variable, json)) = jwks {
            verifier = verifier
                .jwks_json(&json)
                .map_err(|error| JwtConfigError::new(variable, error.message))?;
        }
        let list = |name: &str| -> Vec<String> {
            lookup(name)
                .map(|text| {
                    text.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        verifier = verifier
            .issuers(list(env::ISSUER))
            .audiences(list(env::AUDIENCE));
        if let Some(text) = lookup(env::LEEWAY) {
            let seconds = text.trim().parse::<u64>().map_err(|_| {
                JwtConfigError::new(env::LEEWAY, "expected a whole number of seconds")
            })?;
            verifier = verifier.leeway(seconds);
        }
        Ok(Some(verifier))
    }

    /// Verifies `token` and returns its claims.
    pub fn verify(&self, token: &str) -> Result<Value, JwtError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| JwtError::Malformed)?;
        // A token that names a key of the key set is verified with that key, for its algorithm
        // only; other tokens with the key configured for their algorithm.
        let named = match &header.kid {
            Some(kid) if !self.key_set.is_empty() => {
                match self.key_set.iter().find(|(id, _, _)| id == kid) {
                    Some((_, algorithm, key)) if *algorithm == header.alg => Some(key),
                    Some(_) => return Err(JwtError::Algorithm),
                    None if self.keys.is_empty() => return Err(JwtError::UnknownKey),
                    None => None,
                }
            }
            _ => None,
        };
        let single = || {
            self.keys
                .iter()
                .find(|(alg, _)| *alg == header.alg)
                .map(|(_, key)| key)
        };
        let Some(key) = named.or_else(single) else {
            return Err(JwtError::Algorithm);
        };
        let mut validation = Validation::new(header.alg);
        validation.leeway = self.leeway;
        validation.validate_nbf = true;
        let mut required = vec!["exp"];
        if self.issuers.is_empty() {
            validation.iss = None;
        } else {
            validation.iss = Some(self.issuers.iter().cloned().collect::<HashSet<_>>());
            required.push("iss");
        }
        if self.audiences.is_empty() {
            validation.validate_aud = false;
        } else {
            validation.set_audience(&self.audiences);
            required.push("aud");
        }
        validation.set_required_spec_claims(&required);
        match jsonwebtoken::decode::<Value>(token, key, &validation) {
            Ok(data) if data.claims.is_object() => Ok(data.claims),
            Ok(_) => Err(JwtError::Malformed),
            Err(error) => Err(match error.into_kind() {
                ErrorKind::InvalidSignature => JwtError::Signature,
                ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => {
                    JwtError::Algorithm
                }
                ErrorKind::ExpiredSignature => JwtError::Expired,
                ErrorKind::ImmatureSignature => JwtError::NotYetValid,
                ErrorKind::InvalidIssuer => JwtError::Issuer,
                ErrorKind::InvalidAudience => JwtError::Audience,
                ErrorKind::MissingRequiredClaim(claim) | ErrorKind::InvalidClaimFormat(claim) => {
                    JwtError::Claim(claim)
                }
                _ => JwtError::Malformed,
            }),
        }
    }
}

/// The value of `variable`, or the content of the file `file_variable` names; both set is an
/// error. Returns the variable it came from with the bytes.
fn value_or_file(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    file_variable: &'static str,
) -> Result<Option<(&'static str, Vec<u8>)>, JwtConfigError> {
    match (lookup(variable), lookup(file_variable)) {
        (Some(_), Some(_)) => Err(JwtConfigError::new(
            variable,
            format!("set either {variable} or {file_variable}, not both"),
        )),
        (Some(value), None) => Ok(Some((variable, value.into_bytes()))),
        (None, Some(path)) => {
            let mut bytes = std::fs::read(&path).map_err(|error| {
                JwtConfigError::new(file_variable, format!("cannot read `{path}`: {error}"))
            })?;
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
            }
            Ok(Some((file_variable, bytes)))
        }
        (None, None) => Ok(None),
    }
}

/// The scopes a token grants: its `scope` claim (space-separated, OAuth 2.0) and its `scp`
/// claim (a list, or a space-separated string).
pub fn scopes(claims: &Value) -> Vec<String> {
    let mut scopes = Vec::new();
    for name in ["scope", "scp"] {
        match claims.get(name) {
            Some(Value::String(text)) => {
                scopes.extend(text.split_whitespace().map(str::to_owned));
            }
            Some(Value::Array(items)) => {
                scopes.extend(items.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            _ => {}
        }
    }
    scopes
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{encode, EncodingKey, Header};
    use serde_json::json;

    fn hs(secret: &[u8], claims: &Value) -> String {
        encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(secret),
        )
        .expect("HS256 signs")
    }

    fn now() -> u64 {
        jsonwebtoken::get_current_timestamp()
    }

    #[test]
    fn verifies_hs256_and_refuses_every_bad_token() {
        let verifier = JwtVerifier::new().hs256(b"s3cret").leeway(0);
        let good = hs(b"s3cret", &json!({"sub": "ann", "exp": now() + 600}));
        assert_eq!(
            verifier.verify(&good).map(|c| c["sub"].clone()),
            Ok(json!("ann"))
        );
        let wrong_key = hs(b"other", &json!({"exp": now() + 600}));
        assert_eq!(verifier.verify(&wrong_key), Err(JwtError::Signature));
        let expired = hs(b"s3cret", &json!({"exp": now() - 10}));
        assert_eq!(verifier.verify(&expired), Err(JwtError::Expired));
        let early = hs(b"s3cret", &json!({"exp": now() + 600, "nbf": now() + 300}));
        assert_eq!(verifier.verify(&early), Err(JwtError::NotYetValid));
        let no_exp = hs(b"s3cret", &json!({"sub": "ann"}));
        assert_eq!(verifier.verify(&no_exp), Err(JwtError::Claim("exp".into())));
        assert_eq!(verifier.verify("garbage"), Err(JwtError::Malformed));
        assert_eq!(verifier.verify(""), Err(JwtError::Malformed));
        // `alg: none`, unsigned.
        let none = format!(
            "{}.{}.",
            b64(br#"{"alg":"none","typ":"JWT"}"#),
            b64(format!(r#"{{"exp":{}}}"#, now() + 600).as_bytes())
        );
        assert!(matches!(
            verifier.verify(&none),
            Err(JwtError::Malformed | JwtError::Algorithm)
        ));
    }

    const RSA_PRIVATE: &[u8] = include_bytes!("../../../tests/keys/rsa.pem");
    const EC_PRIVATE: &[u8] = include_bytes!("../../../tests/keys/ec.pem");
    const OTHER_EC_PRIVATE: &[u8] = include_bytes!("../../../tests/keys/other-ec.pem");

    /// A token signed with `key` for `alg`, naming `kid`.
    fn signed(alg: Algorithm, key: &EncodingKey, kid: Option<&str>) -> String {
        let mut header = Header::new(alg);
        header.kid = kid.map(str::to_owned);
        encode(&header, &json!({"sub": "ann", "exp": now() + 600}), key).expect("signs")
    }

    /// The JSON Web Key of `key`'s public half, with `kid`.
    fn jwk(alg: Algorithm, key: &EncodingKey, kid: &str) -> Value {
        let mut jwk = jsonwebtoken::jwk::Jwk::from_encoding_key(key, alg).expect("a public JWK");
        jwk.common.key_id = Some(kid.to_owned());
        serde_json::to_value(jwk).expect("serializes")
    }

    #[test]
    fn verifies_with_the_key_set_key_the_token_names() {
        let rsa = EncodingKey::from_rsa_pem(RSA_PRIVATE).expect("RSA key");
        let ec = EncodingKey::from_ec_pem(EC_PRIVATE).expect("EC key");
        let other = EncodingKey::from_ec_pem(OTHER_EC_PRIVATE).expect("EC key");
        let set =
            json!({"keys": [jwk(Algorithm::RS256, &rsa, "r1"), jwk(Algorithm::ES256, &ec, "e1")]});
        let verifier = JwtVerifier::new()
            .jwks_json(set.to_string().as_bytes())
            .expect("a usable key set");
        assert!(verifier.has_keys());
        let sub = |token: &str| verifier.verify(token).map(|c| c["sub"].clone());
        assert_eq!(
            sub(&signed(Algorithm::RS256, &rsa, Some("r1"))),
            Ok(json!("ann"))
        );
        assert_eq!(
            sub(&signed(Algorithm::ES256, &ec, Some("e1"))),
            Ok(json!("ann"))
        );
        // Another key under a known kid, a kid the set does not have, no kid at all.
        assert_eq!(
            sub(&signed(Algorithm::ES256, &other, Some("e1"))),
            Err(JwtError::Signature)
        );
        assert_eq!(
            sub(&signed(Algorithm::ES256, &ec, Some("e2"))),
            Err(JwtError::UnknownKey)
        );
        assert_eq!(
            sub(&signed(Algorithm::ES256, &ec, None)),
            Err(JwtError::Algorithm)
        );
        // The algorithm of another key of the set: refused before the signature is looked at.
        assert_eq!(
            sub(&signed(Algorithm::RS256, &rsa, Some("e1"))),
            Err(JwtError::Algorithm)
        );
        // HS256 with a key set's public key as the secret.
        let forged = signed(
            Algorithm::HS256,
            &EncodingKey::from_secret(set.to_string().as_bytes()),
            Some("r1"),
        );
        assert_eq!(sub(&forged), Err(JwtError::Algorithm));
        // Set beside a single key: a token without kid uses the single key of its algorithm.
        let both = JwtVerifier::new()
            .hs256(b"k")
            .jwks_json(set.to_string().as_bytes())
            .expect("a usable key set");
        let hs_token = signed(Algorithm::HS256, &EncodingKey::from_secret(b"k"), None);
        assert!(both.verify(&hs_token).is_ok());
        assert!(format!("{both:?}").contains("r1"));
    }

    #[test]
    fn refuses_key_sets_it_cannot_use() {
        let rsa = EncodingKey::from_rsa_pem(RSA_PRIVATE).expect("RSA key");
        let mut no_kid = jwk(Algorithm::RS256, &rsa, "x");
        no_kid.as_object_mut().expect("an object").remove("kid");
        let mut wrong_alg = jwk(Algorithm::RS256, &rsa, "r1");
        wrong_alg["alg"] = json!("ES256");
        let oct = json!({"kty": "oct", "k": "c2VjcmV0", "kid": "h1"});
        let mut enc = jwk(Algorithm::RS256, &rsa, "enc1");
        enc["use"] = json!("enc");
        let error = |set: Value| {
            JwtVerifier::new()
                .jwks_json(set.to_string().as_bytes())
                .err()
                .map(|e| e.message)
        };
        assert_eq!(
            error(json!({"keys": [no_kid]})),
            Some("key 0 has no `kid`".to_owned())
        );
        assert!(error(json!({"keys": [wrong_alg]})).is_some_and(|m| m.contains("`alg` is ES256")));
        assert!(error(json!({"keys": [oct]})).is_some_and(|m| m.contains("only RSA")));
        let twice =
            json!({"keys": [jwk(Algorithm::RS256, &rsa, "a"), jwk(Algorithm::RS256, &rsa, "a")]});
        assert!(error(twice).is_some_and(|m| m.contains("two keys")));
        assert!(error(json!({"nokeys": []})).is_some_and(|m| m.contains("not a JSON Web Key Set")));
        // An encryption key is skipped, not refused.
        let verifier = JwtVerifier::new()
            .jwks_json(json!({"keys": [enc]}).to_string().as_bytes())
            .expect("skips the encryption key");
        assert!(!verifier.has_keys());
    }

    #[test]
    fn issuer_and_audience_are_required_once_configured() {
        let verifier = JwtVerifier::new()
            .hs256(b"k")
            .issuers(["https://issuer"])
            .audiences(["api"]);
        let exp = now() + 600;
        let ok = hs(
            b"k",
            &json!({"exp": exp, "iss": "https://issuer", "aud": "api"}),
        );
        assert!(verifier.verify(&ok).is_ok());
        let iss = hs(
            b"k",
            &json!({"exp": exp, "iss": "https://evil", "aud": "api"}),
        );
        assert_eq!(verifier.verify(&iss), Err(JwtError::Issuer));
        let aud = hs(
            b"k",
            &json!({"exp": exp, "iss": "https://issuer", "aud": "other"}),
        );
        assert_eq!(verifier.verify(&aud), Err(JwtError::Audience));
        let missing = hs(b"k", &json!({"exp": exp, "aud": "api"}));
        assert_eq!(
            verifier.verify(&missing),
            Err(JwtError::Claim("iss".into()))
        );
    }

    #[test]
    fn reads_the_environment() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert!(matches!(JwtVerifier::from_lookup(vars(&[])), Ok(None)));
        let verifier = JwtVerifier::from_lookup(vars(&[
            (env::SECRET, "k"),
            (env::ISSUER, "a, b"),
            (env::LEEWAY, "5"),
        ]));
        let verifier = match verifier {
            Ok(Some(verifier)) => verifier,
            other => panic!("{other:?}"),
        };
        assert_eq!(verifier.issuers, ["a", "b"]);
        assert_eq!(verifier.leeway, 5);
        let both = JwtVerifier::from_lookup(vars(&[(env::SECRET, "k"), (env::SECRET_FILE, "/f")]));
        assert!(both.is_err());
        let bad = JwtVerifier::from_lookup(vars(&[(env::PUBLIC_KEY, "not pem")]));
        assert_eq!(
            bad.map(|_| ()).map_err(|e| e.variable),
            Err(env::PUBLIC_KEY.to_owned())
        );
        let leeway = JwtVerifier::from_lookup(vars(&[(env::SECRET, "k"), (env::LEEWAY, "x")]));
        assert!(leeway.is_err());
        // A key set alone is a configuration; an empty one configures no key.
        let jwks = JwtVerifier::from_lookup(vars(&[(env::JWKS, r#"{"keys": []}"#)]));
        assert!(matches!(jwks, Ok(Some(ref v)) if !v.has_keys()));
        let file = JwtVerifier::from_lookup(vars(&[(env::JWKS_FILE, "/nonexistent/jwks.json")]));
        assert_eq!(
            file.map(|_| ()).map_err(|e| e.variable),
            Err(env::JWKS_FILE.to_owned())
        );
    }

    #[test]
    fn scopes_come_from_scope_and_scp() {
        assert_eq!(scopes(&json!({"scope": "a b"})), ["a", "b"]);
        assert_eq!(scopes(&json!({"scp": ["c"]})), ["c"]);
        assert!(scopes(&json!({"scope": 3})).is_empty());
    }

    fn b64(bytes: &[u8]) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }
}
