"""A deterministic 30-day "3C Battery Manager" export at 5-minute resolution for the demo profile."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import numpy as np

PATH_DEMO_EXPORT = "battery/export/3c_battery_export.csv"
DAYS = 30
STEP_MIN = 5


def demo_export(seed: int, end: date) -> bytes:
    """Readings up to the end of `end`: overnight charging, daytime drain, screen on mostly by day."""
    rng = np.random.default_rng(seed)
    start = datetime.combine(end - timedelta(days=DAYS - 1), datetime.min.time(), tzinfo=timezone.utc)
    level, lines = 80.0, []
    for i in range(DAYS * 24 * 60 // STEP_MIN):
        moment = start + timedelta(minutes=i * STEP_MIN)
        plugged = moment.hour < 7 and level < 100
        screen = 8 <= moment.hour < 23 and rng.random() < 0.45
        if plugged:
            level = min(100.0, level + rng.uniform(1.5, 3.0))
            current = int(rng.uniform(900, 1800))
        else:
            level = max(3.0, level - (rng.uniform(0.4, 1.2) if screen else rng.uniform(0.02, 0.15)))
            current = -int(rng.uniform(250, 700) if screen else rng.uniform(20, 80))
        temperature = round(27 + (6 if plugged else 3 if screen else 0) + rng.normal(0, 0.6), 1)
        voltage = int(3500 + level * 7 + rng.normal(0, 5))
        millis = int(moment.timestamp() * 1000)
        lines.append(f"{millis},{int(level)}%,{temperature},{current},{voltage},{int(plugged)},{'on' if screen else 'off'}")
    return ("\n".join(lines) + "\n").encode()


def demo_files(seed: int, end: date, years: int, scale: float) -> dict[str, bytes]:
    """The `tasks.demo` generator: the export is 30 days whatever `years` and `scale` say."""
    return {PATH_DEMO_EXPORT: demo_export(seed, end)}
