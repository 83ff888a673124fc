"""Resident memory of a process tree, sampled from /proc: what a dyno's processes hold together."""

from __future__ import annotations

import os
import threading
import time


def descendants(root: int) -> list[int]:
    """Every live process below `root` (children, their children...), from each /proc/<pid>/stat's ppid."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    # The name in parentheses may hold spaces: the fields after its last ')' are fixed.
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, queue = [], list(children.get(root, []))
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue += children.get(pid, [])
    return found


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024
    except (OSError, StopIteration, ValueError):
        return 0.0  # gone, or a zombie without memory


class TreeRssSampler:
    """Sums VmRSS over the processes below `root` (not `root` itself) every `interval_s` until stopped.

    Shared pages count once per process, so the sum errs high, as a dyno's quota check would not."""

    def __init__(self, root: int, interval_s: float = 0.1):
        self.root, self.interval_s = root, interval_s
        self.peak_mb, self.peak_pids = 0.0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-rss", daemon=True)

    def __enter__(self) -> TreeRssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = descendants(self.root)
            total = sum(rss_mb(pid) for pid in pids)
            if total > self.peak_mb:
                self.peak_mb, self.peak_pids = total, len(pids)
            time.sleep(self.interval_s)
