"""Feed clients: the real `requests` code against a local ICS server (retries, 304s, faults) and storage feeds."""

import time

import pytest
from pydantic import SecretStr

from config.gcal import CalendarConfig
from tasks.gcal.feeds import FeedError, HttpFeeds, StorageFeeds
from tasks.retry import RetryPolicy
from tasks.storage.local import LocalStorage
from tests.emulators.ics_server import SECRET, IcsServer
from tests.tasks.gcal.samples import CALL, feed

FAST = RetryPolicy(timeout_s=2, retries=2, backoff_s=0)


@pytest.fixture
def server(tmp_path):
    (tmp_path / "Work.ics").write_bytes(feed(CALL))
    with IcsServer(tmp_path) as running:
        yield running


def fetch(server, **kw):
    return HttpFeeds(FAST).fetch("Work", SecretStr(server.url_for("Work")), **kw)


def test_full_feed_then_not_modified(server):
    first = fetch(server)
    assert first.body == feed(CALL) and first.etag
    again = fetch(server, etag=first.etag)
    assert again.body is None and again.etag == first.etag
    assert server.totals() == {"requests": 2, "served": 1, "not_modified": 1}


def test_5xx_and_429_are_retried_within_the_bound(server):
    server.add_fault("Work", count=1, status=503)
    server.add_fault("Work", count=1, status=429, retry_after=1)
    clock = time.monotonic()
    assert fetch(server).body == feed(CALL)
    assert time.monotonic() - clock >= 1.0  # Retry-After was honoured
    assert server.totals() == {"requests": 3, "faults": 2, "served": 1}


def test_persistent_5xx_fails_after_bounded_tries(server):
    server.add_fault("Work", count=5, status=502)
    with pytest.raises(FeedError, match=r"^calendar 'Work': the feed answered HTTP 502$"):
        fetch(server)
    assert server.totals()["requests"] == 3


@pytest.mark.parametrize("status", [404, 403, 400])
def test_client_errors_are_not_retried_and_hide_the_address(server, status):
    server.add_fault("Work", count=3, status=status)
    with pytest.raises(FeedError, match=f"HTTP {status}") as caught:
        fetch(server)
    assert server.totals()["requests"] == 1 and SECRET not in str(caught.value) and "127.0.0.1" not in str(caught.value)


def test_dropped_connections_fail_without_the_secret_in_message_or_cause(server):
    server.add_fault("Work", count=3, drop=True)
    with pytest.raises(FeedError, match=r"no answer after 3 tries \(ConnectionError\)") as caught:
        fetch(server)
    assert SECRET not in str(caught.value) and caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_reset_address_answers_404_once_and_the_new_one_serves(server):
    old, old_url = fetch(server), server.url_for("Work")
    server.reset_address("Work")
    with pytest.raises(
        FeedError, match=r"^calendar 'Work': the feed answered HTTP 404 \(is the secret address still valid\?\)$"
    ):
        HttpFeeds(FAST).fetch("Work", SecretStr(old_url), etag=old.etag)
    assert server.totals() == {"requests": 2, "served": 1, "not_found": 1}
    assert fetch(server).body == feed(CALL)  # the new address (the user pastes it into url_env)


@pytest.mark.parametrize(
    "address", ["htp://calendar.test/private-0123456789abcdef/basic.ics", "private-0123456789abcdef"]
)
def test_a_malformed_address_fails_without_retry_or_the_address(address):
    with pytest.raises(FeedError, match=r"^calendar 'Work': the request failed \(\w+; check its address\)$") as caught:
        HttpFeeds(FAST).fetch("Work", SecretStr(address))
    assert SECRET not in str(caught.value) and caught.value.__cause__ is None


def test_storage_feeds_use_the_content_hash_as_etag(tmp_path):
    storage = LocalStorage(tmp_path)
    feeds = StorageFeeds(storage, "_demo/gcal")
    with pytest.raises(FeedError, match=r"calendar 'Work': no demo feed at _demo/gcal/Work.ics"):
        feeds.fetch("Work")
    storage.write_bytes("_demo/gcal/Work.ics", feed(CALL))
    first = feeds.fetch("Work")
    assert first.body == feed(CALL) and feeds.fetch("Work", etag=first.etag).body is None


def test_secret_address_from_environment_then_dotenv(vtasks_env, monkeypatch):
    calendar = CalendarConfig(name="Work", url_env="GCAL_TEST_WORK")
    assert calendar.secret_url() is None
    (vtasks_env / ".env").write_text("GCAL_TEST_WORK=https://example.test/from-dotenv/basic.ics\n")
    assert calendar.secret_url().get_secret_value().endswith("from-dotenv/basic.ics")
    monkeypatch.setenv("GCAL_TEST_WORK", "https://example.test/from-env/basic.ics")
    assert "from-env" in calendar.secret_url().get_secret_value() and "from-env" not in repr(calendar.secret_url())


@pytest.mark.parametrize("retries", [0, 1])
def test_503_then_200_follows_the_shared_policy(server, retries):
    server.add_fault("Work", count=1, status=503)
    feeds = HttpFeeds(RetryPolicy(timeout_s=2, retries=retries, backoff_s=0))
    if retries:
        assert feeds.fetch("Work", SecretStr(server.url_for("Work"))).body == feed(CALL)
    else:
        with pytest.raises(FeedError, match=r"^calendar 'Work': the feed answered HTTP 503$"):
            feeds.fetch("Work", SecretStr(server.url_for("Work")))
    assert server.totals()["requests"] == 1 + retries
