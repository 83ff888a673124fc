"""Retries, bounded failures and service-account auth of GspreadSheets, against the Sheets emulator."""

import json
import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tasks.retry import RetryPolicy
from tasks.sheets.base import SheetsError
from tasks.sheets.gspread_sheets import GspreadSheets

FAST = {"policy": RetryPolicy(timeout_s=2.0, retries=3, backoff_s=0.01, max_wait_s=0.05)}
ROWS = [["Title", "Pages"], ["Dune", 412]]


@pytest.fixture
def emu(emu):
    emu.load("books_data", {"Books": ROWS})
    return emu


def test_429_then_success(emu):
    emu.add_fault("values.get", status=429, count=2)
    assert GspreadSheets(api_url=emu.url, **FAST).read_rows("books_data", "Books") == ROWS
    counts = emu.counts()
    assert counts["routes"]["values.get"] == 3 and counts["faults_served"] == {"values.get": 2}


def test_persistent_5xx_fails_bounded_and_names_the_source(emu):
    emu.add_fault("values.get", status=503, count=100)
    started = time.perf_counter()
    with pytest.raises(
        SheetsError,
        match=r"spreadsheet 'books_data', worksheet 'Books': Google Sheets answered "
        r"HTTP 503: emulated HTTP 503",
    ):
        GspreadSheets(api_url=emu.url, **FAST).read_rows("books_data", "Books")
    assert emu.counts()["routes"]["values.get"] == FAST["policy"].retries + 1
    assert time.perf_counter() - started < 2


def test_retry_after_is_honoured_but_capped(emu):
    emu.add_fault("files.list", status=429, retry_after=120)
    started = time.perf_counter()
    assert GspreadSheets(api_url=emu.url, **FAST).read_rows("books_data", "Books") == ROWS
    assert time.perf_counter() - started < 2  # 120 s asked, capped at max_wait_s


def test_client_errors_are_not_retried(emu):
    with pytest.raises(SheetsError, match="not found by key"):
        GspreadSheets(api_url=emu.url, **FAST).read_rows("key:1missing", "Books")
    assert emu.counts()["routes"]["spreadsheets.get"] == 1


def test_a_slow_answer_times_out_and_is_retried(emu):
    emu.add_fault("values.get", latency_s=1.5)
    started = time.perf_counter()
    assert (
        GspreadSheets(api_url=emu.url, policy=FAST["policy"].model_copy(update={"timeout_s": 0.3})).read_rows(
            "books_data", "Books"
        )
        == ROWS
    )
    assert emu.counts()["routes"]["values.get"] == 2 and time.perf_counter() - started < 1.4


def test_dropped_reads_are_retried(emu):
    emu.add_fault("values.get", drop_connection=True)
    assert GspreadSheets(api_url=emu.url, **FAST).read_rows("books_data", "Books") == ROWS


def service_account_json(token_uri: str = "https://oauth2.googleapis.com/token") -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return json.dumps(
        {
            "type": "service_account",
            "project_id": "vtasks-test",
            "private_key_id": "k1",
            "private_key": pem.decode(),
            "client_email": "vtasks@vtasks-test.iam.gserviceaccount.com",
            "client_id": "1",
            "token_uri": token_uri,
        }
    )


def test_service_account_token_exchange_also_goes_to_the_emulator(emu):
    sheets = GspreadSheets(service_account_json(), api_url=emu.url, **FAST)
    assert sheets.read_rows("books_data", "Books") == ROWS
    counts = emu.counts()
    assert counts["routes"]["token"] == 1 and counts["tokens_issued"] == 1
    assert counts["routes"]["authorized"] == 3  # files.list, spreadsheets.get and values.get carried the token


def test_a_token_the_emulator_did_not_issue_is_refused(emu):
    import requests

    answer = requests.get(f"{emu.url}/drive/v3/files", headers={"Authorization": "Bearer forged"}, timeout=5)
    assert answer.status_code == 401 and answer.json()["error"]["status"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    "secret, problem",
    [
        ("{not json", "is not valid JSON"),
        ('["a"]', "is not a JSON object"),
        ('{"type": "service_account", "private_key": "SECRET-KEY-MATERIAL"}', "lacks client_email, token_uri"),
    ],
)
def test_bad_service_account_json_is_named_without_its_content(secret, problem):
    with pytest.raises(SheetsError, match=f"GOOGLE_SERVICE_ACCOUNT_JSON {problem}") as caught:
        GspreadSheets(secret)
    assert "SECRET" not in str(caught.value) and caught.value.__cause__ is None


def test_no_credentials_and_no_emulator_is_refused():
    with pytest.raises(SheetsError, match="needs GOOGLE_SERVICE_ACCOUNT_JSON"):
        GspreadSheets()


@pytest.mark.parametrize("retries", [0, 1])
def test_503_then_200_follows_the_shared_policy(emu, retries):
    emu.add_fault("values.get", status=503)
    sheets = GspreadSheets(api_url=emu.url, policy=RetryPolicy(timeout_s=2, retries=retries, backoff_s=0))
    if retries:
        assert sheets.read_rows("books_data", "Books") == ROWS
    else:
        with pytest.raises(SheetsError, match="Google Sheets answered HTTP 503"):
            sheets.read_rows("books_data", "Books")
    assert emu.counts()["routes"]["values.get"] == 1 + retries
