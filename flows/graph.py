"""Which subflows a run executes and in what order, from the dependency graph in `flows/registry.py`."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter


class PlanError(Exception):
    """An unknown subflow name or a cycle in the dependency graph."""


def run_plan(
    needs: dict[str, tuple[str, ...]], enabled: list[str] | None, only: list[str], skip: list[str]
) -> list[str]:
    """Subflows to run in dependency order. Upstreams not selected are simply not waited for."""
    for name in [*(enabled or []), *only, *skip]:
        if name not in needs:
            raise PlanError(f"unknown subflow '{name}' (known: {', '.join(needs)})")
    chosen = [n for n in needs if (enabled is None or n in enabled)]
    if only:
        chosen = [n for n in chosen if n in only]
    chosen = [n for n in chosen if n not in skip]
    return [n for n in topological_order(needs) if n in chosen]


def planned_sorter(plan: list[str], needs: dict[str, tuple[str, ...]]) -> TopologicalSorter:
    """A prepared sorter over the planned subflows; upstreams outside the plan are not waited for."""
    sorter = TopologicalSorter({name: [u for u in needs[name] if u in plan] for name in plan})
    try:
        sorter.prepare()
    except CycleError as exc:
        raise PlanError(f"dependency cycle through '{exc.args[1][0]}'") from None
    return sorter


def topological_order(needs: dict[str, tuple[str, ...]]) -> list[str]:
    """Every subflow after its upstreams; among those ready, the first declared comes first."""
    sorter = planned_sorter(list(needs), needs)
    position = {name: i for i, name in enumerate(needs)}
    ordered: list[str] = []
    ready: list[str] = []
    while sorter.is_active():
        ready = sorted([*ready, *sorter.get_ready()], key=position.__getitem__)
        name = ready.pop(0)
        ordered.append(name)
        sorter.done(name)
    return ordered


def chain_lengths(plan: list[str], needs: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Per subflow, the number of subflows on its longest chain of planned dependents, itself included."""
    lengths: dict[str, int] = {}
    for name in reversed(run_plan(needs, plan, [], [])):
        dependents = [d for d in plan if name in needs[d]]
        lengths[name] = 1 + max((lengths[d] for d in dependents), default=0)
    return lengths
