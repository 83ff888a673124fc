"""Demo feeds: Google-shaped, deterministic, one per configured calendar, sized by years and scale."""

from datetime import date

from config.gcal import GcalSettings
from config.subflows import load_subflow_settings
from tasks.gcal.demo import PATH_DEMO_FEED, demo_files
from tasks.gcal.event_columns import events_frame
from tasks.gcal.ics import expanded_feed

END = date(2026, 11, 22)


def test_one_feed_per_configured_calendar_at_the_configured_folder(vtasks_env):
    cfg = load_subflow_settings(GcalSettings)
    files = demo_files(1, END, 1, 0.2)
    assert sorted(files) == sorted(f"{cfg.paths.demo_dir}/{c.name}.ics" for c in cfg.calendars)
    assert PATH_DEMO_FEED.format(name="Work") == f"{cfg.paths.demo_dir}/Work.ics"


def test_feeds_carry_every_google_feature_and_are_deterministic():
    files = demo_files(7, END, 2, 0.5)
    assert files == demo_files(7, END, 2, 0.5) and files != demo_files(8, END, 2, 0.5)
    text = b"".join(files.values()).decode()
    for feature in (
        "RRULE:FREQ=WEEKLY;BYDAY=",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=",
        ";COUNT=",
        ";UNTIL=",
        "EXDATE;TZID=",
        "RECURRENCE-ID;TZID=",
        "STATUS:CANCELLED",
        "DTSTART;VALUE=DATE:",
        "DURATION:PT",
        "BEGIN:VTIMEZONE",
        "X-WR-TIMEZONE:Europe/Madrid",
        "@google.com",
        "\r\n",
    ):
        assert feature in text, feature


def test_events_scale_with_years_and_scale_and_span_the_years():
    def expanded(years, scale):
        frames = [
            events_frame(expanded_feed(data, path, END).columns.table())
            for path, data in demo_files(3, END, years, scale).items()
        ]
        return sum(len(f) for f in frames), min(f["start"].min() for f in frames if len(f))

    one, first = expanded(1, 0.4)
    assert 0.85 * 2000 < one < 1.15 * 2000  # 5,000 events a year at scale 1
    assert (END - first.date()).days <= 366
    two, first = expanded(2, 0.4)
    assert 1.8 * one < two < 2.2 * one and (END - first.date()).days > 366
