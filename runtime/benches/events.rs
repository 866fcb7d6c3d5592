//! How long the event hot paths take: the next firing time of a schedule, and decoding one
//! message payload (JSON parse, schema validation, deserialization). Reports numbers; asserts
//! nothing about time.
//!
//! `cargo bench -p sls-runtime --bench events`

use std::hint::black_box;
use std::time::Instant;

use serde::Deserialize;
use sls_runtime::events::decode_payload;
use sls_runtime::schedule::{Cron, Days, Schedule};
use sls_runtime::schema::{Additional, IntegerRules, ObjectRules, Property, Schema, StringRules};
use sls_runtime::types::chrono::{DateTime, Duration, Utc};

static ID: Schema = Schema::Integer(IntegerRules {
    minimum: Some(1),
    ..IntegerRules::NONE
});
static ITEM: Schema = Schema::String(StringRules {
    min_length: Some(1),
    ..StringRules::NONE
});
static ORDER: Schema = Schema::Object(ObjectRules {
    properties: &[
        Property {
            name: "id",
            schema: &ID,
            required: true,
        },
        Property {
            name: "item",
            schema: &ITEM,
            required: true,
        },
        Property {
            name: "quantity",
            schema: &ID,
            required: true,
        },
    ],
    additional: Additional::Allow,
    min_properties: None,
    max_properties: None,
});

#[derive(Deserialize)]
#[allow(dead_code)]
struct Order {
    id: i64,
    item: String,
    quantity: i64,
}

fn measure(name: &str, iterations: u32, mut run: impl FnMut(u32)) {
    // Warm up, then time.
    for i in 0..iterations / 10 {
        run(i);
    }
    let started = Instant::now();
    for i in 0..iterations {
        run(i);
    }
    let per = started.elapsed() / iterations;
    println!("{name:<56} {:>8.2} µs", per.as_secs_f64() * 1e6);
}

fn main() {
    let origin = DateTime::<Utc>::from(std::time::SystemTime::UNIX_EPOCH) + Duration::days(20_000);
    let all_years = [u64::MAX, u64::MAX, u64::MAX, (1 << 38) - 1];
    // cron(30 2 ? * MON-FRI *)
    let weekdays = Schedule::Cron(Cron {
        minutes: 1 << 30,
        hours: 1 << 2,
        months: 0x1ffe,
        years: all_years,
        days: Days::OfWeek {
            days: 0x7c,
            last: 0,
            nth: 0,
        },
    });
    // cron(0 0 29 2 ? *): leap days only, the worst case of the day-by-day search.
    let leap_day = Schedule::Cron(Cron {
        minutes: 1,
        hours: 1,
        months: 1 << 2,
        years: all_years,
        days: Days::OfMonth {
            days: 1 << 29,
            last: false,
            nearest_weekday: 0,
            last_weekday: false,
        },
    });
    let rate = Schedule::Rate { seconds: 3600 };
    measure("next firing: rate(1 hour)", 1_000_000, |i| {
        let after = origin + Duration::minutes(i64::from(i % 10_000));
        black_box(rate.next_after(origin, black_box(after)));
    });
    measure("next firing: cron(30 2 ? * MON-FRI *)", 200_000, |i| {
        let after = origin + Duration::minutes(i64::from(i % 10_000));
        black_box(weekdays.next_after(origin, black_box(after)));
    });
    measure(
        "next firing: cron(0 0 29 2 ? *) (up to 4 years on)",
        20_000,
        |i| {
            let after = origin + Duration::days(i64::from(i % 1_500));
            black_box(leap_day.next_after(origin, black_box(after)));
        },
    );
    let body = br#"{"id": 42, "item": "a book about queues", "quantity": 3}"#;
    measure(
        "decode a valid payload (parse, validate, deserialize)",
        200_000,
        |_| {
            black_box(decode_payload::<Order>(black_box(body), &ORDER).is_ok());
        },
    );
    let bad = br#"{"id": 0, "item": "", "quantity": "3"}"#;
    measure(
        "decode an invalid payload (three field errors)",
        200_000,
        |_| {
            black_box(decode_payload::<Order>(black_box(bad), &ORDER).is_err());
        },
    );
}
