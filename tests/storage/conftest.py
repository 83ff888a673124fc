"""Fixtures: one Dropbox emulator per session (reset per test) and a backend factory for the contract suite."""

from __future__ import annotations

import pytest

from tasks.retry import RetryPolicy
from tasks.storage.dropbox_storage import DropboxStorage
from tasks.storage.local import LocalStorage
from tests.emulators.dropbox_api import DropboxEmulator

# Tiny backoff and timeouts keep fault tests fast while still exercising the real retry path.
FAST = RetryPolicy(timeout_s=2.0, retries=4, backoff_s=0.01, max_wait_s=5.0, budget_s=5.0)


@pytest.fixture(scope="session")
def emulator_server():
    with DropboxEmulator() as emulator:
        yield emulator


@pytest.fixture
def emu(emulator_server):
    emulator_server.reset()
    return emulator_server


@pytest.fixture
def make_dropbox(emu):
    """Build a DropboxStorage against the emulator; keyword args override the fast test defaults,
    RetryPolicy fields (`retries=3`) included."""

    def build(**overrides) -> DropboxStorage:
        policy = FAST.model_copy(update={k: overrides.pop(k) for k in RetryPolicy.model_fields if k in overrides})
        options = {"access_token": "test-access-token", "api_url": emu.url, "policy": policy, **overrides}
        return DropboxStorage(options.pop("root", "/vtasks"), **options)

    return build


@pytest.fixture(params=["local", "dropbox"])
def new_storage(request, tmp_path):
    """A factory of storages that share one place, so a test can play two writers."""
    if request.param == "local":
        return lambda: LocalStorage(tmp_path / "store")
    return request.getfixturevalue("make_dropbox")


@pytest.fixture
def storage(new_storage):
    return new_storage()
