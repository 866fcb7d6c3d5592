//! Per-invocation cost, raw event bytes to response bytes, of sls-gen's Lambda adapter and of
//! `lambda_http` + axum, on the same REST API (v1) and HTTP API (v2) events of about 1 KB:
//!
//! ```sh
//! cargo bench -p sls-bench-aws
//! ```

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Instant;

use cpu_time::ThreadTime;
use sls_bench_aws::loopback::FakeApi;
use sls_bench_aws::{
    spawn_lambda_http_runtime, spawn_sls_runtime, v1_event, v2_event, LambdaHttp, Sls,
};

fn invoke(c: &mut Criterion) {
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(runtime) => runtime,
        Err(error) => panic!("cannot start Tokio: {error}"),
    };
    let sls = Sls::new();
    let lambda_http = LambdaHttp::new();
    let mut group = c.benchmark_group("invoke");
    for (name, event) in [("v1", v1_event()), ("v2", v2_event())] {
        group.throughput(Throughput::Bytes(event.len() as u64));
        group.bench_with_input(BenchmarkId::new("sls-gen", name), &event, |b, event| {
            b.iter(|| runtime.block_on(sls.invoke(std::hint::black_box(event))));
        });
        group.bench_with_input(
            BenchmarkId::new("lambda_http+axum", name),
            &event,
            |b, event| {
                b.iter(|| runtime.block_on(lambda_http.invoke(std::hint::black_box(event))));
            },
        );
    }
    group.finish();

    // The same, counting the CPU time of this thread only (what the invocation itself costs,
    // without the time other processes of a shared machine take from it).
    let mut group = c.benchmark_group("invoke-cpu");
    for (name, event) in [("v1", v1_event()), ("v2", v2_event())] {
        group.bench_with_input(BenchmarkId::new("sls-gen", name), &event, |b, event| {
            b.iter_custom(|iters| {
                let started = ThreadTime::now();
                for _ in 0..iters {
                    std::hint::black_box(runtime.block_on(sls.invoke(std::hint::black_box(event))));
                }
                started.elapsed()
            });
        });
        group.bench_with_input(
            BenchmarkId::new("lambda_http+axum", name),
            &event,
            |b, event| {
                b.iter_custom(|iters| {
                    let started = ThreadTime::now();
                    for _ in 0..iters {
                        std::hint::black_box(
                            runtime.block_on(lambda_http.invoke(std::hint::black_box(event))),
                        );
                    }
                    started.elapsed()
                });
            },
        );
    }
    group.finish();
}

/// Whole invocations over a Runtime API on 127.0.0.1: `next`, the adapter and the handler,
/// `response`; each runtime on its own thread with a single-threaded Tokio runtime.
fn runtime_api(c: &mut Criterion) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => panic!("cannot start Tokio: {error}"),
    };
    let start = |spawn: fn(String)| {
        let api = match runtime.block_on(FakeApi::start(v2_event().to_vec())) {
            Ok(api) => api,
            Err(error) => panic!("cannot bind: {error}"),
        };
        spawn(api.authority());
        api
    };
    let sls = start(spawn_sls_runtime);
    let lambda_http = start(spawn_lambda_http_runtime);
    let mut group = c.benchmark_group("runtime-api");
    for (name, api) in [
        ("sls-gen", &sls),
        ("lambda_runtime+lambda_http+axum", &lambda_http),
    ] {
        group.bench_function(BenchmarkId::new(name, "v2"), |b| {
            b.iter_custom(|iters| {
                let started = Instant::now();
                runtime.block_on(api.serve(iters));
                started.elapsed()
            });
        });
    }
    group.finish();
    assert_eq!(sls.counts().1, 0, "sls-gen reported errors");
    assert_eq!(lambda_http.counts().1, 0, "lambda_http reported errors");
}

criterion_group!(benches, invoke, runtime_api);
criterion_main!(benches);
