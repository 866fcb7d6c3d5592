use sls_gen::load::load_str;

#[test]
fn scratch() {
    let text = "openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n  list:\n    - a\n    - {b: 1, c: [1, 2]}\n    -\n      d: 1\n";
    let (doc, _) = load_str("t.yaml", text).unwrap();
    for p in ["", "/info", "/info/title", "/paths/~1a/get/responses/200", "/paths/~1a/get/responses/200/description", "/paths/list", "/paths/list/0", "/paths/list/1", "/paths/list/1/c/1", "/paths/list/2", "/paths/list/2/d"] {
        let l = doc.locate(p);
        eprintln!("{p:40} {}:{}", l.line, l.column);
    }
    eprintln!("{}", serde_json::to_string(&doc.root).unwrap());
    let json = "{\n  \"openapi\": \"3.0.3\", \"info\": {\"title\": \"x\", \"version\": \"1\"},\n  \"paths\": {\"/a\": [1, {\"x\": 2}]}}";
    let (doc, _) = load_str("t.json", json).unwrap();
    for p in ["", "/info", "/info/title", "/paths/~1a", "/paths/~1a/1", "/paths/~1a/1/x"] {
        let l = doc.locate(p);
        eprintln!("{p:40} {}:{}", l.line, l.column);
    }
    for t in ["a: [1\n", "a: b: c\n", "\u{feff}openapi: 3.0.0\n\n  x: y\n", "a: 1\na: 2\n", "? [a]\n: 1\n", "a: &x 1\nb: *y\n"] {
        eprintln!("{:?} => {}", t, load_str("e.yaml", t).unwrap_err());
    }
}
