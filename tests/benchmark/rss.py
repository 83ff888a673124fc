"""RSS of a running process over time, so each subflow's share of the peak can be told apart."""

from __future__ import annotations

import threading
import time
from datetime import datetime


class RssSampler:
    """Samples /proc/<pid>/status VmRSS every `interval_s` on a thread until the process is gone."""

    def __init__(self, pid: int, interval_s: float = 0.2):
        self.pid, self.interval_s = pid, interval_s
        self.samples: list[tuple[float, float]] = []  # (unix time, MB)
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def join(self) -> None:
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            try:
                with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
                    kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
            except (OSError, StopIteration):
                return  # exited (or a zombie without memory): done
            self.samples.append((time.time(), kb / 1024))
            time.sleep(self.interval_s)

    def peak_between(self, started_iso: str, seconds: float) -> float | None:
        """Highest RSS while a subflow ran (others running beside it count too)."""
        if not started_iso:
            return None
        start = datetime.fromisoformat(started_iso).timestamp()
        # `started` has whole seconds: widen the window by one so short subflows still get samples.
        window = [mb for t, mb in self.samples if start - 1 <= t <= start + seconds + 1]
        return round(max(window), 1) if window else None
