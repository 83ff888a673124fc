"""Demo backup targets: a vault-like binary file (random bytes standing in for a KeePass database)."""

from __future__ import annotations

import numpy as np

PATH_DEMO_VAULT = "vault/passwords.kdbx"
KDBX_SIGNATURE = bytes.fromhex("03d9a29a67fb4bb5")  # KeePass 2 magic, so the file looks the part


def demo_vault(seed: int) -> dict[str, bytes]:
    """Storage path -> bytes; the pipeline's own parquet files are backed up too, once written."""
    return {PATH_DEMO_VAULT: KDBX_SIGNATURE + np.random.default_rng(seed).bytes(48 * 1024)}


def demo_files(seed: int, end, years: int, scale: float) -> dict[str, bytes]:
    """The `tasks.demo` generator."""
    return demo_vault(seed)
