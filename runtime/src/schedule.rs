//! Schedules: the decoded `rate(...)` and `cron(...)` expressions of the manifest, when they fire
//! next, the [`Clock`] they are measured on, and the [`Ticker`] that fires them on the local
//! platform.
//!
//! The generator parses and validates the expressions (AWS EventBridge syntax; errors are
//! located in the spec) and emits them as [`Schedule`] constants of bit masks, so nothing is
//! parsed at run time. Times are UTC, as on EventBridge.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use futures_util::future::{select, Either};
use futures_util::StreamExt;

use crate::app::{Application, Function};
use crate::events::{self, EventKind, Tick};
use crate::service::AppService;
use crate::BoxFuture;

/// The first year a cron expression can name (AWS accepts 1970-2199).
pub const FIRST_YEAR: i32 = 1970;
/// The last year a cron expression can name.
pub const LAST_YEAR: i32 = 2199;

/// A decoded schedule expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    /// `rate(N unit)`: every `seconds` seconds, counted from when the schedule starts.
    Rate {
        /// The period in seconds (at least 60).
        seconds: u64,
    },
    /// `cron(minutes hours day-of-month month day-of-week year)`.
    Cron(Cron),
}

/// A cron expression as bit masks, one bit per allowed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    /// Bits 0-59.
    pub minutes: u64,
    /// Bits 0-23.
    pub hours: u32,
    /// Bits 1-12.
    pub months: u16,
    /// Bit `y - 1970` of word `(y - 1970) / 64` for each allowed year `y` (1970-2199).
    pub years: [u64; 4],
    /// The days: by day of month or by day of week (the other field is `?`).
    pub days: Days,
}

/// The day fields of a cron expression; AWS requires one of them to be `?`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Days {
    /// Days of the month (day-of-week is `?`).
    OfMonth {
        /// Bits 1-31: the listed days.
        days: u32,
        /// `L`: the last day of the month.
        last: bool,
        /// `NW`, bits 1-31: the weekday (Monday-Friday) nearest to day N, in the same month.
        nearest_weekday: u32,
        /// `LW`: the last weekday of the month.
        last_weekday: bool,
    },
    /// Days of the week (day-of-month is `?`); 1 = Sunday ... 7 = Saturday, as on AWS.
    OfWeek {
        /// Bits 1-7: the listed days.
        days: u8,
        /// `NL`, bits 1-7: the last such day of the month.
        last: u8,
        /// `N#k`: bit `(N - 1) * 5 + (k - 1)`, the k-th such day of the month (k = 1-5).
        nth: u64,
    },
}

impl Schedule {
    /// The first time strictly after `after` at which the schedule fires. A rate fires at
    /// `origin + k * period` (k ≥ 1); a cron expression at whole minutes. `None` when a cron
    /// expression never fires again (its years are over, or its days never occur).
    pub fn next_after(&self, origin: DateTime<Utc>, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Schedule::Rate { seconds } => {
                let period = i64::try_from(*seconds).ok()?.max(1);
                let elapsed = (after - origin).num_seconds();
                let periods = if elapsed < 0 { 1 } else { elapsed / period + 1 };
                origin.checked_add_signed(Duration::seconds(periods.checked_mul(period)?))
            }
            Schedule::Cron(cron) => cron.next_after(after),
        }
    }
}

impl Cron {
    /// The first whole minute strictly after `after` that the expression matches.
    pub fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let start = after
            .with_second(0)?
            .with_nanosecond(0)?
            .checked_add_signed(Duration::minutes(1))?;
        let mut date = start.date_naive();
        let (mut hour, mut minute) = (start.hour(), start.minute());
        while date.year() <= LAST_YEAR {
            if !self.year_allowed(date.year()) {
                date = NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)?;
                (hour, minute) = (0, 0);
                continue;
            }
            if self.months & (1 << date.month()) == 0 {
                date = first_of_next_month(date)?;
                (hour, minute) = (0, 0);
                continue;
            }
            if self.days.matches(date) {
                if let Some((h, m)) = self.time_from(hour, minute) {
                    let time = NaiveTime::from_hms_opt(h, m, 0)?;
                    return Some(Utc.from_utc_datetime(&date.and_time(time)));
                }
            }
            date = date.succ_opt()?;
            (hour, minute) = (0, 0);
        }
        None
    }

    fn year_allowed(&self, year: i32) -> bool {
        let Ok(offset) = usize::try_from(year - FIRST_YEAR) else {
            return false;
        };
        offset <= (LAST_YEAR - FIRST_YEAR) as usize
            && self.years[offset / 64] & (1 << (offset % 64)) != 0
    }

    /// The first allowed (hour, minute) at or after `hour:minute` on one day.
    fn time_from(&self, hour: u32, minute: u32) -> Option<(u32, u32)> {
        for h in hour..24 {
            if self.hours & (1 << h) == 0 {
                continue;
            }
            let from = if h == hour { minute } else { 0 };
            if let Some(m) = (from..60).find(|m| self.minutes & (1 << m) != 0) {
                return Some((h, m));
            }
        }
        None
    }
}

impl Days {
    /// Whether `date` is one of the days.
    pub fn matches(&self, date: NaiveDate) -> bool {
        let day = date.day();
        let length = month_length(date);
        match *self {
            Days::OfMonth {
                days,
                last,
                nearest_weekday,
                last_weekday,
            } => {
                days & (1 << day) != 0
                    || (last && day == length)
                    || (last_weekday && day == last_weekday_of(date, length))
                    || (1..=31u32)
                        .filter(|n| nearest_weekday & (1 << n) != 0)
                        .any(|n| nearest_weekday_to(date, n, length) == Some(day))
            }
            Days::OfWeek { days, last, nth } => {
                let weekday = date.weekday().num_days_from_sunday() + 1;
                let bit = 1u8 << weekday;
                let week = (day - 1) / 7 + 1;
                days & bit != 0
                    || (last & bit != 0 && day + 7 > length)
                    || nth & (1u64 << ((weekday - 1) * 5 + (week - 1))) != 0
            }
        }
    }
}

fn first_of_next_month(date: NaiveDate) -> Option<NaiveDate> {
    if date.month() == 12 {
        NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(date.year(), date.month() + 1, 1)
    }
}

fn month_length(date: NaiveDate) -> u32 {
    first_of_next_month(date)
        .and_then(|next| next.pred_opt())
        .map_or(28, |last| last.day())
}

fn is_weekday(date: NaiveDate) -> bool {
    date.weekday().num_days_from_monday() < 5
}

fn last_weekday_of(date: NaiveDate, length: u32) -> u32 {
    (1..=length)
        .rev()
        .find(|day| date.with_day(*day).is_some_and(is_weekday))
        .unwrap_or(length)
}

/// The weekday nearest to day `n` of `date`'s month without leaving the month (Quartz's `W`):
/// a Saturday moves to Friday (or Monday when Friday is in the previous month), a Sunday to
/// Monday (or Friday when Monday is in the next month). `None` when the month has no day `n`.
fn nearest_weekday_to(date: NaiveDate, n: u32, length: u32) -> Option<u32> {
    if n > length {
        return None;
    }
    let target = date.with_day(n)?;
    Some(match target.weekday().num_days_from_monday() {
        5 if n == 1 => n + 2,
        5 => n - 1,
        6 if n == length => n - 2,
        6 => n + 1,
        _ => n,
    })
}

/// What schedules are measured on: the system clock, or a [`ManualClock`] in tests.
pub trait Clock: Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
    /// Completes once the clock has reached `deadline`.
    fn sleep_until(&self, deadline: DateTime<Utc>) -> BoxFuture<'static, ()>;
}

/// The system clock, with Tokio timers.
#[cfg(feature = "local")]
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

#[cfg(feature = "local")]
impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::<Utc>::from(std::time::SystemTime::now())
    }

    fn sleep_until(&self, deadline: DateTime<Utc>) -> BoxFuture<'static, ()> {
        let clock = *self;
        Box::pin(async move {
            // Re-check after waking: the wall clock may have been adjusted meanwhile.
            loop {
                let left = deadline - clock.now();
                let Ok(left) = left.to_std() else { return };
                if left.is_zero() {
                    return;
                }
                tokio::time::sleep(left).await;
            }
        })
    }
}

/// A clock that moves only when told, for tests: sleepers wake when [`ManualClock::set`] or
/// [`ManualClock::advance`] reaches their deadline, and [`ManualClock::next_sleep`] tells the
/// test when something went to sleep (and until when), so tests never sleep themselves.
#[derive(Debug, Clone)]
pub struct ManualClock {
    inner: Arc<Mutex<ManualInner>>,
    sleeps: Arc<futures_util::lock::Mutex<futures_channel::mpsc::UnboundedReceiver<DateTime<Utc>>>>,
}

#[derive(Debug)]
struct ManualInner {
    now: DateTime<Utc>,
    sleepers: Vec<(DateTime<Utc>, futures_channel::oneshot::Sender<()>)>,
    announce: futures_channel::mpsc::UnboundedSender<DateTime<Utc>>,
}

impl ManualClock {
    /// A clock standing at `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        let (announce, sleeps) = futures_channel::mpsc::unbounded();
        ManualClock {
            inner: Arc::new(Mutex::new(ManualInner {
                now,
                sleepers: Vec::new(),
                announce,
            })),
            sleeps: Arc::new(futures_util::lock::Mutex::new(sleeps)),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ManualInner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves the clock to `time` (never backwards) and wakes the sleepers whose deadline it
    /// reached.
    pub fn set(&self, time: DateTime<Utc>) {
        let mut inner = self.lock();
        if time > inner.now {
            inner.now = time;
        }
        let now = inner.now;
        let sleepers = std::mem::take(&mut inner.sleepers);
        for (deadline, waker) in sleepers {
            if deadline <= now {
                let _ = waker.send(());
            } else {
                inner.sleepers.push((deadline, waker));
            }
        }
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let now = self.now();
        self.set(now + by);
    }

    /// How many sleepers wait for a deadline still ahead.
    pub fn sleepers(&self) -> usize {
        self.lock().sleepers.len()
    }

    /// Waits until something calls [`Clock::sleep_until`] with a deadline still ahead, and
    /// returns that deadline. Each sleep is reported once, in order.
    pub async fn next_sleep(&self) -> Option<DateTime<Utc>> {
        self.sleeps.lock().await.next().await
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.lock().now
    }

    fn sleep_until(&self, deadline: DateTime<Utc>) -> BoxFuture<'static, ()> {
        let mut inner = self.lock();
        if deadline <= inner.now {
            return Box::pin(std::future::ready(()));
        }
        let (waker, woken) = futures_channel::oneshot::channel();
        inner.sleepers.push((deadline, waker));
        let _ = inner.announce.unbounded_send(deadline);
        Box::pin(async move {
            // A dropped clock never wakes its sleepers.
            if woken.await.is_err() {
                std::future::pending::<()>().await;
            }
        })
    }
}

/// Fires the schedule events of function `F` at their times, on a [`Clock`].
///
/// Each firing runs through [`events::dispatch_schedule`] (health check, span, logged
/// failures) with a [`Tick`] for the scheduled time; a failing handler is logged and the
/// schedule keeps going. Firings are never queued up: after a late wake-up (a suspended
/// laptop), each due schedule fires once and then waits for its next time after now.
pub struct Ticker<A: Application, F> {
    service: AppService<A, F>,
    clock: Arc<dyn Clock>,
    /// Per schedule event: its descriptor index, expression and next time.
    entries: Vec<Entry>,
    origin: DateTime<Utc>,
}

struct Entry {
    name: &'static str,
    schedule: &'static Schedule,
    next: Option<DateTime<Utc>>,
}

impl<A: Application, F: Function<A>> Ticker<A, F> {
    /// A ticker for every schedule event of `F`, starting now (rates count from now).
    pub fn new(service: AppService<A, F>, clock: Arc<dyn Clock>) -> Self {
        let origin = clock.now();
        let entries = F::EVENTS
            .iter()
            .filter(|event| event.kind == EventKind::Schedule)
            .filter_map(|event| {
                let schedule = event.schedule?;
                Some(Entry {
                    name: event.name,
                    schedule,
                    next: schedule.next_after(origin, origin),
                })
            })
            .collect();
        Ticker {
            service,
            clock,
            entries,
            origin,
        }
    }

    /// The schedules and when each fires next (`None`: never again).
    pub fn upcoming(&self) -> Vec<(&'static str, Option<DateTime<Utc>>)> {
        self.entries
            .iter()
            .map(|entry| (entry.name, entry.next))
            .collect()
    }

    /// Fires schedules until `stop` completes (or no schedule will ever fire again and `stop`
    /// completes).
    pub async fn run(mut self, stop: impl std::future::Future<Output = ()>) {
        let mut stop = std::pin::pin!(stop);
        for (name, next) in self.upcoming() {
            match next {
                Some(next) => tracing::info!(event = name, %next, "schedule armed"),
                None => tracing::warn!(event = name, "schedule never fires"),
            }
        }
        loop {
            let Some(due) = self.entries.iter().filter_map(|entry| entry.next).min() else {
                stop.await;
                return;
            };
            let sleep = self.clock.sleep_until(due);
            match select(sleep, stop.as_mut()).await {
                Either::Left(((), _)) => {}
                Either::Right(((), _)) => return,
            }
            let now = self.clock.now();
            for index in 0..self.entries.len() {
                let Some(next) = self.entries[index].next.filter(|next| *next <= now) else {
                    continue;
                };
                let name = self.entries[index].name;
                let tick = Tick::new(events::next_invocation_id(), next);
                // Failures are logged by the dispatch; the schedule goes on.
                let _ = events::dispatch_schedule(&self.service, name, tick).await;
                let entry = &mut self.entries[index];
                let after = if now > next { now } else { next };
                entry.next = entry.schedule.next_after(self.origin, after);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|time| time.with_timezone(&Utc))
            .unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    fn all_years() -> [u64; 4] {
        [u64::MAX; 4]
    }

    fn bits(values: impl IntoIterator<Item = u32>) -> u64 {
        values.into_iter().fold(0, |mask, value| mask | 1 << value)
    }

    fn cron(minutes: u64, hours: u64, days: Days) -> Cron {
        Cron {
            minutes,
            hours: hours as u32,
            months: bits(1..=12) as u16,
            years: all_years(),
            days,
        }
    }

    fn every_day() -> Days {
        Days::OfMonth {
            days: bits(1..=31) as u32,
            last: false,
            nearest_weekday: 0,
            last_weekday: false,
        }
    }

    #[test]
    fn rate_counts_from_its_origin() {
        let origin = at("2026-01-01T00:00:30Z");
        let rate = Schedule::Rate { seconds: 3600 };
        assert_eq!(
            rate.next_after(origin, origin),
            Some(at("2026-01-01T01:00:30Z"))
        );
        assert_eq!(
            rate.next_after(origin, at("2026-01-01T01:00:30Z")),
            Some(at("2026-01-01T02:00:30Z"))
        );
        assert_eq!(
            rate.next_after(origin, at("2026-01-01T05:59:59Z")),
            Some(at("2026-01-01T06:00:30Z"))
        );
    }

    #[test]
    fn cron_daily_at_noon() {
        let noon = Schedule::Cron(cron(bits([0]), bits([12]), every_day()));
        let origin = at("2026-03-01T00:00:00Z");
        assert_eq!(
            noon.next_after(origin, at("2026-03-01T11:59:59Z")),
            Some(at("2026-03-01T12:00:00Z"))
        );
        assert_eq!(
            noon.next_after(origin, at("2026-03-01T12:00:00Z")),
            Some(at("2026-03-02T12:00:00Z"))
        );
        // Across the end of a year.
        assert_eq!(
            noon.next_after(origin, at("2026-12-31T12:00:00Z")),
            Some(at("2027-01-01T12:00:00Z"))
        );
    }

    #[test]
    fn cron_last_day_and_nearest_weekday() {
        let last = cron(
            bits([0]),
            bits([0]),
            Days::OfMonth {
                days: 0,
                last: true,
                nearest_weekday: 0,
                last_weekday: false,
            },
        );
        assert_eq!(
            last.next_after(at("2028-02-01T00:00:00Z")),
            Some(at("2028-02-29T00:00:00Z"))
        );
        // 15W: 2026-08-15 is a Saturday, so Friday the 14th.
        let w = cron(
            bits([0]),
            bits([9]),
            Days::OfMonth {
                days: 0,
                last: false,
                nearest_weekday: 1 << 15,
                last_weekday: false,
            },
        );
        assert_eq!(
            w.next_after(at("2026-08-01T00:00:00Z")),
            Some(at("2026-08-14T09:00:00Z"))
        );
        // 1W: 2026-08-01 is a Saturday; Friday is in July, so Monday the 3rd.
        let w1 = cron(
            bits([0]),
            bits([9]),
            Days::OfMonth {
                days: 0,
                last: false,
                nearest_weekday: 1 << 1,
                last_weekday: false,
            },
        );
        assert_eq!(
            w1.next_after(at("2026-07-31T12:00:00Z")),
            Some(at("2026-08-03T09:00:00Z"))
        );
        // LW: the last weekday of May 2026 (the 31st is a Sunday) is Friday the 29th.
        let lw = cron(
            bits([0]),
            bits([0]),
            Days::OfMonth {
                days: 0,
                last: false,
                nearest_weekday: 0,
                last_weekday: true,
            },
        );
        assert_eq!(
            lw.next_after(at("2026-05-01T00:00:00Z")),
            Some(at("2026-05-29T00:00:00Z"))
        );
    }

    #[test]
    fn cron_days_of_week() {
        // MON-FRI (2-6) at 08:30.
        let weekdays = cron(
            bits([30]),
            bits([8]),
            Days::OfWeek {
                days: bits(2..=6) as u8,
                last: 0,
                nth: 0,
            },
        );
        // 2026-12-04 is a Friday.
        assert_eq!(
            weekdays.next_after(at("2026-12-04T08:30:00Z")),
            Some(at("2026-12-07T08:30:00Z"))
        );
        // 3#2: the second Tuesday; 6L: the last Friday.
        let second_tuesday = cron(
            bits([0]),
            bits([0]),
            Days::OfWeek {
                days: 0,
                last: 0,
                nth: 1 << ((3 - 1) * 5 + 1),
            },
        );
        assert_eq!(
            second_tuesday.next_after(at("2026-12-01T00:00:00Z")),
            Some(at("2026-12-08T00:00:00Z"))
        );
        let last_friday = cron(
            bits([0]),
            bits([0]),
            Days::OfWeek {
                days: 0,
                last: 1 << 6,
                nth: 0,
            },
        );
        assert_eq!(
            last_friday.next_after(at("2026-12-01T00:00:00Z")),
            Some(at("2026-12-25T00:00:00Z"))
        );
    }

    #[test]
    fn cron_that_never_fires_again() {
        let mut past = cron(bits([0]), bits([0]), every_day());
        past.years = [1 << (2020 - FIRST_YEAR), 0, 0, 0];
        assert_eq!(past.next_after(at("2026-01-01T00:00:00Z")), None);
        // The 30th of February never occurs.
        let mut never = cron(
            bits([0]),
            bits([0]),
            Days::OfMonth {
                days: 1 << 30,
                last: false,
                nearest_weekday: 0,
                last_weekday: false,
            },
        );
        never.months = 1 << 2;
        assert_eq!(never.next_after(at("2026-01-01T00:00:00Z")), None);
    }

    #[test]
    fn manual_clock_wakes_sleepers_at_their_deadline() {
        let clock = ManualClock::new(at("2026-01-01T00:00:00Z"));
        let mut early = clock.sleep_until(at("2026-01-01T00:01:00Z"));
        let mut late = clock.sleep_until(at("2026-01-01T00:02:00Z"));
        let waker = futures_util::task::noop_waker();
        let mut cx = std::task::Context::from_waker(&waker);
        assert!(early.as_mut().poll(&mut cx).is_pending());
        clock.advance(Duration::seconds(60));
        assert!(early.as_mut().poll(&mut cx).is_ready());
        assert!(late.as_mut().poll(&mut cx).is_pending());
        clock.set(at("2026-01-01T00:02:00Z"));
        assert!(late.as_mut().poll(&mut cx).is_ready());
        // Past deadlines are ready at once; sleeps are announced in order.
        assert!(clock
            .sleep_until(at("2026-01-01T00:00:00Z"))
            .as_mut()
            .poll(&mut cx)
            .is_ready());
        let announced = futures_util::FutureExt::now_or_never(clock.next_sleep());
        assert_eq!(announced, Some(Some(at("2026-01-01T00:01:00Z"))));
    }
}
