#[test]
#[ignore]
fn bench() {
    for f in ["/tmp/bench/big.json", "/tmp/bench/compact.json", "/tmp/bench/big.yaml"] {
        let bytes = std::fs::read(f).unwrap();
        let mut best = std::time::Duration::MAX;
        for _ in 0..3 {
            let t = std::time::Instant::now();
            let (doc, _) = sls_gen::load::load_bytes(f, &bytes).unwrap();
            best = best.min(t.elapsed());
            drop(doc);
        }
        let t2 = std::time::Instant::now();
        let v: Option<serde_json::Value> = serde_json::from_slice(&bytes).ok();
        let e2 = t2.elapsed();
        eprintln!("{f}: {} bytes, load best of 3 {:?}, serde_json::from_slice {:?}", bytes.len(), best, e2);
        drop(v);
    }
}
