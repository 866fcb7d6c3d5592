//! Schedule expressions in the AWS EventBridge syntax: `rate(5 minutes)` and
//! `cron(Minutes Hours Day-of-month Month Day-of-week Year)`, decoded to the bit masks that the
//! runtime's `sls_runtime::schedule::Schedule` holds. Times are UTC.
//!
//! Fields and what they accept (as EventBridge documents them):
//!
//! | field | values | wildcards |
//! |---|---|---|
//! | minutes | 0-59 | `, - * /` |
//! | hours | 0-23 | `, - * /` |
//! | day-of-month | 1-31 | `, - * ? / L W` (`L`, `LW`, `15W`) |
//! | month | 1-12, JAN-DEC | `, - * /` |
//! | day-of-week | 1-7 (1 = Sunday), SUN-SAT | `, - * ? L #` (`L` = Saturday, `6L`, `3#2`) |
//! | year | 1970-2199 | `, - * /` |
//!
//! One of day-of-month and day-of-week must be `?` (not both).

/// A decoded schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleExpr {
    /// `rate(N unit)`, as a period in seconds.
    Rate {
        /// The period.
        seconds: u64,
    },
    /// `cron(...)`.
    Cron(CronExpr),
}

/// A cron expression as bit masks (see the runtime's `Cron` for the meaning of each bit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronExpr {
    /// Bits 0-59.
    pub minutes: u64,
    /// Bits 0-23.
    pub hours: u32,
    /// Bits 1-12.
    pub months: u16,
    /// Bit `year - 1970`, spread over four words.
    pub years: [u64; 4],
    /// The day fields.
    pub days: CronDays,
}

/// The day fields of a cron expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CronDays {
    /// Days of the month (day-of-week is `?`).
    OfMonth {
        /// Bits 1-31.
        days: u32,
        /// `L`.
        last: bool,
        /// `NW`, bits 1-31.
        nearest_weekday: u32,
        /// `LW`.
        last_weekday: bool,
    },
    /// Days of the week (day-of-month is `?`), 1 = Sunday.
    OfWeek {
        /// Bits 1-7.
        days: u8,
        /// `NL`, bits 1-7.
        last: u8,
        /// `N#k`: bit `(N - 1) * 5 + (k - 1)`.
        nth: u64,
    },
}

const FIRST_YEAR: u32 = 1970;
const LAST_YEAR: u32 = 2199;
const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// Parses `rate(...)` or `cron(...)`. The error says what is wrong and where in the expression.
pub fn parse(text: &str) -> Result<ScheduleExpr, String> {
    let trimmed = text.trim();
    if let Some(inner) = strip_call(trimmed, "rate") {
        return rate(inner).map(|seconds| ScheduleExpr::Rate { seconds });
    }
    if let Some(inner) = strip_call(trimmed, "cron") {
        return cron(inner).map(ScheduleExpr::Cron);
    }
    Err(format!(
        "`{text}` is not a schedule expression; write `rate(5 minutes)` or `cron(0 12 * * ? *)`"
    ))
}

fn strip_call<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    text.strip_prefix(name)?
        .trim_start()
        .strip_prefix('(')?
        .strip_suffix(')')
}

fn rate(inner: &str) -> Result<u64, String> {
    let parts: Vec<&str> = inner.split_whitespace().collect();
    let [value, unit] = parts.as_slice() else {
        return Err(format!(
            "`rate({inner})` must be `rate(value unit)`, as in `rate(5 minutes)`"
        ));
    };
    let value: u64 = match value.parse() {
        Ok(value) if value > 0 => value,
        _ => {
            return Err(format!(
                "the rate's value `{value}` must be a positive whole number"
            ))
        }
    };
    let (seconds, singular) = match *unit {
        "minute" => (60, true),
        "minutes" => (60, false),
        "hour" => (3600, true),
        "hours" => (3600, false),
        "day" => (86_400, true),
        "days" => (86_400, false),
        _ => {
            return Err(format!(
                "unknown rate unit `{unit}`; expected minute(s), hour(s) or day(s)"
            ))
        }
    };
    if singular != (value == 1) {
        let fixed = if value == 1 {
            unit.trim_end_matches('s').to_owned()
        } else {
            format!("{unit}s")
        };
        return Err(format!(
            "write `rate({value} {fixed})`: the unit is singular for 1 and plural otherwise"
        ));
    }
    value
        .checked_mul(seconds)
        .ok_or_else(|| format!("the rate `{value} {unit}` is too long"))
}

/// One field's name and range.
struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const MINUTES: Field = Field {
    name: "minutes",
    min: 0,
    max: 59,
    names: &[],
};
const HOURS: Field = Field {
    name: "hours",
    min: 0,
    max: 23,
    names: &[],
};
const DAY_OF_MONTH: Field = Field {
    name: "day-of-month",
    min: 1,
    max: 31,
    names: &[],
};
const MONTH: Field = Field {
    name: "month",
    min: 1,
    max: 12,
    names: &MONTHS,
};
const DAY_OF_WEEK: Field = Field {
    name: "day-of-week",
    min: 1,
    max: 7,
    names: &DAYS,
};
const YEAR: Field = Field {
    name: "year",
    min: FIRST_YEAR,
    max: LAST_YEAR,
    names: &[],
};

fn cron(inner: &str) -> Result<CronExpr, String> {
    let fields: Vec<&str> = inner.split_whitespace().collect();
    let [minutes, hours, dom, month, dow, year] = fields.as_slice() else {
        return Err(format!(
            "a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), \
             not {}: `cron({inner})`",
            fields.len()
        ));
    };
    let mut errors = Vec::new();
    let mut plain = |field: &Field, text: &str| match values(field, text) {
        Ok(bits) => bits,
        Err(error) => {
            errors.push(error);
            Vec::new()
        }
    };
    let minutes = mask(&plain(&MINUTES, minutes));
    let hours = mask(&plain(&HOURS, hours));
    let months = mask(&plain(&MONTH, month));
    let year_list = plain(&YEAR, year);
    let mut years = [0u64; 4];
    for y in year_list {
        let offset = (y - FIRST_YEAR) as usize;
        years[offset / 64] |= 1 << (offset % 64);
    }
    let days = match (*dom, *dow) {
        ("?", "?") => {
            Err("day-of-month and day-of-week cannot both be `?`; give one of them".to_owned())
        }
        (_, "?") => days_of_month(dom),
        ("?", _) => days_of_week(dow),
        _ => Err(format!(
            "one of day-of-month (`{dom}`) and day-of-week (`{dow}`) must be `?`"
        )),
    };
    let days = match days {
        Ok(days) => Some(days),
        Err(error) => {
            errors.push(error);
            None
        }
    };
    match (errors.is_empty(), days) {
        (true, Some(days)) => Ok(CronExpr {
            minutes,
            hours: hours as u32,
            months: months as u16,
            years,
            days,
        }),
        _ => Err(errors.join("; ")),
    }
}

fn mask(values: &[u32]) -> u64 {
    values.iter().fold(0u64, |mask, v| mask | 1u64 << v)
}

/// The values of a field of `, - * /` elements.
fn values(field: &Field, text: &str) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for element in text.split(',') {
        out.extend(element_values(field, element)?);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

fn element_values(field: &Field, element: &str) -> Result<Vec<u32>, String> {
    let name = field.name;
    if element.is_empty() {
        return Err(format!("{name}: an empty element in `,` list"));
    }
    let (range, step) = match element.split_once('/') {
        Some((range, step)) => {
            let step: u32 = step.parse().ok().filter(|step| *step > 0).ok_or_else(|| {
                format!("{name}: the step in `{element}` must be a positive number")
            })?;
            (range, Some(step))
        }
        None => (element, None),
    };
    let (start, end) = if range == "*" {
        (field.min, field.max)
    } else if let Some((a, b)) = range.split_once('-') {
        let (a, b) = (value(field, a)?, value(field, b)?);
        if a > b {
            return Err(format!(
                "{name}: the range `{range}` goes backwards; write it from low to high"
            ));
        }
        (a, b)
    } else {
        let a = value(field, range)?;
        // `5/15` means from 5 to the end of the field, every 15.
        (a, if step.is_some() { field.max } else { a })
    };
    let step = step.unwrap_or(1) as usize;
    Ok((start..=end).step_by(step).collect())
}

fn value(field: &Field, text: &str) -> Result<u32, String> {
    let upper = text.to_ascii_uppercase();
    if let Some(index) = field.names.iter().position(|n| *n == upper) {
        return Ok(index as u32 + 1);
    }
    match text.parse::<u32>() {
        Ok(v) if (field.min..=field.max).contains(&v) => Ok(v),
        Ok(v) => Err(format!(
            "{}: {v} is out of range {}-{}",
            field.name, field.min, field.max
        )),
        Err(_) => {
            let names = if field.names.is_empty() {
                String::new()
            } else {
                format!(
                    " or {}-{}",
                    field.names[0],
                    field.names[field.names.len() - 1]
                )
            };
            Err(format!(
                "{}: `{text}` is not a value; expected {}-{}{names}",
                field.name, field.min, field.max
            ))
        }
    }
}

fn days_of_month(text: &str) -> Result<CronDays, String> {
    let mut days = 0u32;
    let mut last = false;
    let mut nearest_weekday = 0u32;
    let mut last_weekday = false;
    for element in text.split(',') {
        match element {
            "L" => last = true,
            "LW" => last_weekday = true,
            _ if element.ends_with('W') => {
                let n = value(&DAY_OF_MONTH, &element[..element.len() - 1]).map_err(|_| {
                    format!("day-of-month: `{element}` must be a day 1-31 followed by `W`")
                })?;
                nearest_weekday |= 1 << n;
            }
            _ if element.contains(['L', 'W', '#']) => {
                return Err(format!(
                    "day-of-month: `{element}` is not supported; use `L`, `LW`, `15W`, a day, \
                     a range or a step"
                ))
            }
            _ => {
                for day in element_values(&DAY_OF_MONTH, element)? {
                    days |= 1 << day;
                }
            }
        }
    }
    Ok(CronDays::OfMonth {
        days,
        last,
        nearest_weekday,
        last_weekday,
    })
}

fn days_of_week(text: &str) -> Result<CronDays, String> {
    let mut days = 0u8;
    let mut last = 0u8;
    let mut nth = 0u64;
    for element in text.split(',') {
        if element == "L" {
            // The last day of the week.
            days |= 1 << 7;
        } else if let Some((day, k)) = element.split_once('#') {
            let day = value(&DAY_OF_WEEK, day)?;
            let k: u32 = k
                .parse()
                .ok()
                .filter(|k| (1..=5).contains(k))
                .ok_or_else(|| format!("day-of-week: in `{element}` the week must be 1-5"))?;
            nth |= 1 << ((day - 1) * 5 + (k - 1));
        } else if let Some(day) = element.strip_suffix('L') {
            last |= 1 << value(&DAY_OF_WEEK, day)?;
        } else if element.contains('W') && !DAYS.iter().any(|d| element.contains(d)) {
            return Err(format!(
                "day-of-week: `{element}`: `W` is only allowed in day-of-month"
            ));
        } else {
            for day in element_values(&DAY_OF_WEEK, element)? {
                days |= 1 << day;
            }
        }
    }
    Ok(CronDays::OfWeek { days, last, nth })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cron_of(text: &str) -> CronExpr {
        match parse(text) {
            Ok(ScheduleExpr::Cron(cron)) => cron,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn bits(values: impl IntoIterator<Item = u32>) -> u64 {
        values.into_iter().fold(0, |mask, value| mask | 1 << value)
    }

    #[test]
    fn rates() {
        assert_eq!(
            parse("rate(1 minute)"),
            Ok(ScheduleExpr::Rate { seconds: 60 })
        );
        assert_eq!(
            parse("rate(5 minutes)"),
            Ok(ScheduleExpr::Rate { seconds: 300 })
        );
        assert_eq!(
            parse("rate(1 hour)"),
            Ok(ScheduleExpr::Rate { seconds: 3600 })
        );
        assert_eq!(
            parse(" rate(2 days) "),
            Ok(ScheduleExpr::Rate { seconds: 172_800 })
        );
        for (bad, says) in [
            ("rate(1 minutes)", "write `rate(1 minute)`"),
            ("rate(5 hour)", "write `rate(5 hours)`"),
            ("rate(0 minutes)", "positive whole number"),
            ("rate(5 weeks)", "unknown rate unit `weeks`"),
            ("rate(5)", "must be `rate(value unit)`"),
            ("every hour", "not a schedule expression"),
        ] {
            let error = parse(bad).expect_err(bad);
            assert!(error.contains(says), "{bad}: {error}");
        }
    }

    #[test]
    fn cron_fields() {
        let noon = cron_of("cron(0 12 * * ? *)");
        assert_eq!(noon.minutes, 1);
        assert_eq!(noon.hours, 1 << 12);
        assert_eq!(noon.months as u64, bits(1..=12));
        assert_eq!(noon.years[0] & 1, 1);
        assert_eq!(noon.years[3] >> (2199 - 1970 - 192), 1);
        assert_eq!(
            noon.days,
            CronDays::OfMonth {
                days: bits(1..=31) as u32,
                last: false,
                nearest_weekday: 0,
                last_weekday: false
            }
        );
        let busy = cron_of("cron(0/15 8-17 ? JAN,jul MON-FRI 2026-2027)");
        assert_eq!(busy.minutes, bits([0, 15, 30, 45]));
        assert_eq!(busy.hours as u64, bits(8..=17));
        assert_eq!(busy.months as u64, bits([1, 7]));
        assert_eq!(busy.years, [3 << (2026 - 1970), 0, 0, 0]);
        assert_eq!(
            busy.days,
            CronDays::OfWeek {
                days: bits(2..=6) as u8,
                last: 0,
                nth: 0
            }
        );
        let special = cron_of("cron(0 0 L,LW,15W * ? *)");
        assert_eq!(
            special.days,
            CronDays::OfMonth {
                days: 0,
                last: true,
                nearest_weekday: 1 << 15,
                last_weekday: true
            }
        );
        let weekly = cron_of("cron(30 6 ? * 6L,3#2,L *)");
        assert_eq!(
            weekly.days,
            CronDays::OfWeek {
                days: 1 << 7,
                last: 1 << 6,
                nth: 1 << 11
            }
        );
        assert_eq!(
            cron_of("cron(*/20 * 1-10/3 * ? *)").minutes,
            bits([0, 20, 40])
        );
    }

    #[test]
    fn cron_errors_say_which_field() {
        for (bad, says) in [
            ("cron(0 12 * * *)", "has 6 fields"),
            ("cron(60 12 * * ? *)", "minutes: 60 is out of range 0-59"),
            ("cron(0 24 * * ? *)", "hours: 24 is out of range 0-23"),
            (
                "cron(0 12 32 * ? *)",
                "day-of-month: 32 is out of range 1-31",
            ),
            (
                "cron(0 12 * FOO ? *)",
                "month: `FOO` is not a value; expected 1-12 or JAN-DEC",
            ),
            ("cron(0 12 ? * 8 *)", "day-of-week: 8 is out of range 1-7"),
            (
                "cron(0 12 * * ? 1969)",
                "year: 1969 is out of range 1970-2199",
            ),
            (
                "cron(0 12 * * * *)",
                "one of day-of-month (`*`) and day-of-week (`*`) must be `?`",
            ),
            ("cron(0 12 ? * ? *)", "cannot both be `?`"),
            ("cron(0 12 ? * 2#6 *)", "the week must be 1-5"),
            ("cron(0 12 ? * 2W *)", "`W` is only allowed in day-of-month"),
            ("cron(0 12 3#1 * ? *)", "`3#1` is not supported"),
            ("cron(0 17-9 * * ? *)", "the range `17-9` goes backwards"),
            (
                "cron(0/0 12 * * ? *)",
                "the step in `0/0` must be a positive number",
            ),
            ("cron(0,,5 12 * * ? *)", "an empty element"),
        ] {
            let error = parse(bad).expect_err(bad);
            assert!(error.contains(says), "{bad}: {error}");
        }
        // Every bad field is reported at once.
        let error = parse("cron(61 25 * * ? *)").expect_err("two errors");
        assert!(
            error.contains("minutes") && error.contains("hours"),
            "{error}"
        );
    }
}
