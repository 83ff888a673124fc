"""End-to-end benchmark of `vtasks run` against local emulators and a local Prefect server.

Run it as `python -m tests.benchmark [--scale N] [--latency-ms MS] [--out DIR]`; see `__main__.py`.
"""
