"""Writes the benchmark's results: `bench.json` (machine-readable) and `bench.md` (tables and ratios)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from tests.benchmark.phases import Phase

PHASES = ("full", "nochange", "naive", "scale10", "dask", "pool")
DEFAULT_PHASES = PHASES[:4]  # dask and pool (scale-out) only when asked for
RATIOS = [
    ("full / naive", "full", "naive"),
    ("nochange / full", "nochange", "full"),
    ("scale10 / full", "scale10", "full"),
    ("dask / full", "dask", "full"),
    ("pool / full", "pool", "full"),
]
TARGETS = {
    "full": "≤ 60 s, ≤ naive / 3",
    "nochange": "≤ 10 s; 0 uploads, 0 reports but vprefect's run history",
    "naive": "",
    "scale10": "≤ 3 × full",
    "dask": "2 Dask workers",
    "pool": "2 pool workers",
}


def write_results(out: Path, phases: dict[str, Phase], meta: dict) -> dict:
    data = {**{name: asdict(phase) for name, phase in phases.items()}, "meta": meta}
    (out / "bench.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    (out / "bench.md").write_text(markdown(phases, meta), encoding="utf-8")
    return data


def markdown(phases: dict[str, Phase], meta: dict) -> str:
    settings = "".join(f", {k}={v}" for k, v in meta.get("settings", {}).items())
    lines = [
        f"Scale {meta['scale']:g}, {meta['latency_ms']:g} ms per API call{settings}, "
        f"Prefect server on {meta.get('prefect_db', 'sqlite')}, {meta['when']} "
        f"({meta['cpus']} CPUs, load average {meta['load_avg'][0]} at the end), "
        f"subflows: {', '.join(meta['subflows'])}.",
        "",
        "| phase | wall s | peak RSS MB | API calls | uploads | reports built | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name in PHASES:
        if name in phases:
            p = phases[name]
            lines.append(
                f"| {name} | {p.wall_s:.1f} | {p.peak_rss_mb:.0f} | {sum(p.api_calls.values())} | "
                f"{p.uploads} | {p.reports_built} | {TARGETS[name]} |"
            )
    lines += ["", "| ratio | wall | API calls |", "|---|---:|---:|"]
    for label, a, b in RATIOS:
        if a in phases and b in phases:
            pa, pb = phases[a], phases[b]
            lines.append(
                f"| {label} | {_ratio(pa.wall_s, pb.wall_s)} | "
                f"{_ratio(sum(pa.api_calls.values()), sum(pb.api_calls.values()))} |"
            )
    lines += ["", "API calls by route:", "", "| route | " + " | ".join(phases) + " |", "|---|" + "---:|" * len(phases)]
    routes = sorted({r for p in phases.values() for r in p.api_calls})
    lines += [f"| {r} | " + " | ".join(str(p.api_calls.get(r, 0)) for p in phases.values()) + " |" for r in routes]
    lines += [
        "",
        "Per subflow (seconds, uploads, reports rebuilt, highest RSS while it ran, others beside it included):",
        "",
        "| subflow | " + " | ".join(phases) + " |",
        "|---|" + "---|" * len(phases),
    ]
    names = list(dict.fromkeys(s["name"] for p in phases.values() for s in p.subflows))
    for n in names:
        cells = []
        for p in phases.values():
            s = next((s for s in p.subflows if s["name"] == n), None)
            rss = f", {s['peak_rss_mb']:.0f} MB" if s and s.get("peak_rss_mb") else ""
            cells.append(
                "-"
                if s is None
                else f"{s['state']} {s['duration_s'] or 0:.1f} s, {s['uploads']} up, {len(s['reports'] or [])} rep{rss}"
            )
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"
