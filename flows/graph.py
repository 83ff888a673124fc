"""Which subflows a run executes and in what order, from the dependency graph in `flows/registry.py`."""

from __future__ import annotations


class PlanError(Exception):
    """An unknown subflow name or a cycle in the dependency graph."""


def run_plan(needs: dict[str, tuple[str, ...]], enabled: list[str] | None, only: list[str], skip: list[str]) -> list[str]:
    """Subflows to run in dependency order. Upstreams not selected are simply not waited for."""
    for name in [*(enabled or []), *only, *skip]:
        if name not in needs:
            raise PlanError(f"unknown subflow '{name}' (known: {', '.join(needs)})")
    chosen = [n for n in needs if (enabled is None or n in enabled)]
    if only:
        chosen = [n for n in chosen if n in only]
    chosen = [n for n in chosen if n not in skip]
    return [n for n in topological_order(needs) if n in chosen]


def topological_order(needs: dict[str, tuple[str, ...]]) -> list[str]:
    """Every subflow after its upstreams, keeping declaration order otherwise."""
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered:
            return
        if name in visiting:
            raise PlanError(f"dependency cycle through '{name}'")
        visiting.add(name)
        for upstream in needs[name]:
            visit(upstream)
        visiting.discard(name)
        ordered.append(name)

    for name in needs:
        visit(name)
    return ordered
