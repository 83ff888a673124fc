"""A deterministic 30-day "3C Battery Manager" export (`bmw_history.txt`) at 5-minute steps for the demo profile."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np

PATH_DEMO_EXPORT = "battery/export/bmw_history.txt"
DAYS = 30
STEP_MIN = 5
PLUG_STATES = ("ac", "ac", "ac", "usb", "ac", "wireless")  # by day of the month: mostly a wall charger


def demo_export(seed: int, end: date) -> bytes:
    """Readings up to the end of `end`: overnight charging (now and then on USB or a wireless pad), daytime
    drain, screen on mostly by day. Ten fields as the app writes them; field 0's content is not known, so a
    counter stands in for it."""
    rng = np.random.default_rng(seed)
    start = datetime.combine(end - timedelta(days=DAYS - 1), datetime.min.time(), tzinfo=UTC)
    level, lines = 80.0, []
    for i in range(DAYS * 24 * 60 // STEP_MIN):
        moment = start + timedelta(minutes=i * STEP_MIN)
        plugged = moment.hour < 7 and level < 100
        screen = 8 <= moment.hour < 23 and rng.random() < 0.45
        before = level
        if plugged:
            level = min(100.0, level + rng.uniform(1.5, 3.0))
            current = int(rng.uniform(900, 1800))
        else:
            level = max(3.0, level - (rng.uniform(0.4, 1.2) if screen else rng.uniform(0.02, 0.15)))
            current = -int(rng.uniform(250, 700) if screen else rng.uniform(20, 80))
        temperature = round(27 + (6 if plugged else 3 if screen else 0) + rng.normal(0, 0.6), 1)
        voltage = int(3500 + level * 7 + rng.normal(0, 5))
        millis = int(moment.timestamp() * 1000)
        plug = PLUG_STATES[moment.day % len(PLUG_STATES)] if plugged else "unplugged"
        status = "Charging" if plugged else "Discharging"
        lines.append(
            f"{i},{status} {int(level)}%,{current}mA,{int(level) - int(before):+d}%,{temperature}°C,"
            f"{voltage}mV,{plug},{'on' if screen else 'off'},0,{millis}"
        )
    return ("\n".join(lines) + "\n").encode()


def demo_files(seed: int, end: date, years: int, scale: float) -> dict[str, bytes]:
    """The `tasks.demo` generator: the export is 30 days whatever `years` and `scale` say."""
    return {PATH_DEMO_EXPORT: demo_export(seed, end)}
