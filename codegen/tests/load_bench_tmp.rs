#[test]
#[ignore]
fn bench() {
    for f in ["/tmp/bench/big.json", "/tmp/bench/compact.json"] {
        let bytes = std::fs::read(f).unwrap();
        let t = std::time::Instant::now();
        let (doc, _) = sls_gen::load::load_bytes(f, &bytes).unwrap();
        let e = t.elapsed();
        let t2 = std::time::Instant::now();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let e2 = t2.elapsed();
        let t3 = std::time::Instant::now();
        let loc = doc.locate("/paths/~1things3000~1{id}/get/responses/200");
        eprintln!("{f}: {} bytes, load {:?}, serde_json {:?}, locate {:?} {:?}", bytes.len(), e, e2, t3.elapsed(), (loc.line, loc.column));
        drop(v);
    }
}

#[test]
#[ignore]
fn bench_events() {
    for f in ["/tmp/bench/big.json", "/tmp/bench/compact.json"] {
        let text = std::fs::read_to_string(f).unwrap();
        let t = std::time::Instant::now();
        let mut p = yaml_rust2::parser::Parser::new_from_str(&text);
        let mut n = 0usize;
        loop {
            let (ev, _) = p.next_token().unwrap();
            n += 1;
            if ev == yaml_rust2::parser::Event::StreamEnd { break; }
        }
        eprintln!("{f}: events {n} in {:?}", t.elapsed());
    }
}
