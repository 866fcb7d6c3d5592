//! Times bearer token verification, the work the security guard adds to a request that needs a
//! token: one HS256, RS256 and ES256 token each (keys from `tests/keys/`), verified many times.
//!
//! ```text
//! cargo bench -p sls-runtime --bench jwt
//! ```
//!
//! The fastest and the median time per verification are printed.

use std::time::{Duration, Instant};

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::json;
use sls_runtime::security::JwtVerifier;

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/keys/");

fn read(file: &str) -> Vec<u8> {
    std::fs::read(format!("{KEYS}{file}")).unwrap_or_else(|error| panic!("{file}: {error}"))
}

fn main() {
    let secret = b"a shared secret of the benchmark";
    let verifier = JwtVerifier::new()
        .hs256(secret)
        .rs256_pem(&read("rsa.pub.pem"))
        .and_then(|v| v.es256_pem(&read("ec.pub.pem")))
        .unwrap_or_else(|error| panic!("{error}"))
        .issuers(["https://issuer.test"])
        .audiences(["api"]);
    let claims = json!({
        "sub": "ann",
        "iss": "https://issuer.test",
        "aud": "api",
        "exp": jsonwebtoken::get_current_timestamp() + 3600,
        "scope": "pets:read pets:write",
    });
    let sign = |algorithm, key: EncodingKey| {
        encode(&Header::new(algorithm), &claims, &key).unwrap_or_else(|error| panic!("{error}"))
    };
    let tokens = [
        (
            "HS256",
            sign(Algorithm::HS256, EncodingKey::from_secret(secret)),
        ),
        (
            "RS256",
            sign(
                Algorithm::RS256,
                EncodingKey::from_rsa_pem(&read("rsa.pem")).unwrap_or_else(|e| panic!("{e}")),
            ),
        ),
        (
            "ES256",
            sign(
                Algorithm::ES256,
                EncodingKey::from_ec_pem(&read("ec.pem")).unwrap_or_else(|e| panic!("{e}")),
            ),
        ),
    ];
    for (name, token) in &tokens {
        let rounds = 20;
        let per_round = 200;
        let mut times: Vec<Duration> = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let start = Instant::now();
            for _ in 0..per_round {
                if verifier.verify(token).is_err() {
                    panic!("{name}: the token must verify");
                }
            }
            times.push(start.elapsed() / per_round);
        }
        times.sort();
        println!(
            "{name}: fastest {:>8.1} µs, median {:>8.1} µs per verification",
            times[0].as_secs_f64() * 1e6,
            times[rounds / 2].as_secs_f64() * 1e6
        );
    }
}
