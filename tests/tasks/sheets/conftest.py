"""One Sheets emulator per test module, emptied before each test that uses it."""

import pytest

from tests.emulators.sheets_api import SheetsEmulator


@pytest.fixture(scope="module")
def server():
    with SheetsEmulator() as emulator:
        yield emulator


@pytest.fixture
def emu(server):
    server.reset()
    return server
