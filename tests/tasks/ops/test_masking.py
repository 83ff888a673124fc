"""Masking of registered secrets: encoded forms, URL parts, key files, log records, exceptions, results."""

import json
import logging

import pytest
from pydantic import SecretStr

from config import masking
from tasks.ops.notify_problems import problem_changes, reason_key
from tasks.run.masked_output import SecretFilter, mask_exception, masked_errors
from tasks.run.state import COMPLETED, FAILED, SubflowResult


@pytest.fixture(autouse=True)
def empty_registry(monkeypatch):
    monkeypatch.setattr(masking, "_secrets", set())
    monkeypatch.setattr(masking, "_pattern", None)


def test_a_value_is_masked_plain_url_encoded_and_json_escaped():
    masking.register_secret(SecretStr("tok/en+with spaces"))
    text = 'a tok/en+with spaces b tok%2Fen%2Bwith%20spaces c tok%2Fen%2Bwith+spaces d "tok\\/en"'
    assert masking.mask(text) == 'a *** b *** c *** d "tok\\/en"'
    assert masking.mask("nothing here") == "nothing here"


def test_short_or_missing_values_are_not_registered():
    for value in (None, "", "abc", SecretStr("  ")):
        masking.register_secret(value)
    assert masking.registered() == frozenset()
    assert masking.mask("abc") == "abc"


def test_a_calendar_address_is_masked_whole_by_path_and_by_its_token():
    masking.register_secret("https://calendar.google.com/calendar/ical/me%40x.com/private-0123456789abcdef/basic.ics")
    assert (
        masking.mask("GET https://calendar.google.com/calendar/ical/me%40x.com/private-0123456789abcdef/basic.ics")
        == "GET ***"
    )
    assert masking.mask("404 for /calendar/ical/me@x.com/private-0123456789abcdef/basic.ics") == "404 for ***"
    assert masking.mask("token private-0123456789abcdef") == "token ***"
    assert masking.mask("the calendar basic.ics") == "the calendar basic.ics", "short segments are ordinary words"


def test_notification_urls_mask_each_url_and_its_password():
    masking.register_secret("json://vtasks:s3cret-token@127.0.0.1:9/, tgram://bot123456:ABCDEFGH/42")
    assert masking.mask("refused s3cret-token") == "refused ***"
    assert masking.mask("url tgram://bot123456:ABCDEFGH/42 failed") == "url *** failed"


def test_a_service_account_key_masks_its_private_key_and_its_lines():
    pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEF\nAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n"
    masking.register_secret(
        json.dumps({"private_key": pem, "private_key_id": "0123456789abcdef0123", "client_email": "a@b.c"})
    )
    assert masking.mask(f"key {pem}") == "key ***"
    assert masking.mask("line MIIEvQIBADANBgkqhkiG9w0BAQEF") == "line ***"
    assert masking.mask("kid 0123456789abcdef0123 for a@b.c") == "kid *** for a@b.c"


def test_log_records_are_masked_arguments_and_traceback_included(caplog):
    masking.register_secret("sekrit-token-1")
    logger = logging.getLogger("vtasks.test.masking")
    logger.addFilter(SecretFilter())
    caplog.set_level(logging.INFO)
    try:
        raise ValueError("refused sekrit-token-1")
    except ValueError:
        logger.exception("call with %s failed", "sekrit-token-1")
    assert "sekrit-token-1" not in caplog.text
    assert "call with *** failed" in caplog.text and "ValueError: refused ***" in caplog.text


class SdkError(Exception):
    """An SDK error whose text comes from a response, not from its args."""

    def __init__(self, body):
        super().__init__()
        self.body = body

    def __str__(self):
        return f"HTTP 401 {self.body}"


def test_exceptions_keep_their_type_and_lose_the_secret():
    masking.register_secret("sekrit-token-2")

    @masked_errors
    def call():
        try:
            raise KeyError("sekrit-token-2")
        except KeyError as exc:
            raise SdkError("invalid token sekrit-token-2") from exc

    with pytest.raises(SdkError) as info:
        call()
    assert str(info.value) == "HTTP 401 invalid token ***" and type(info.value).__name__ == "SdkError"
    assert "sekrit-token-2" not in str(info.value.__cause__)
    plain = mask_exception(RuntimeError("x sekrit-token-2", 3))
    assert plain.args == ("x ***", 3)


def test_a_result_masks_messages_and_warnings_as_they_are_set():
    masking.register_secret("sekrit-token-3")
    result = SubflowResult("indexa", FAILED, message="401 sekrit-token-3", warnings=["w sekrit-token-3"])
    result.message += " again sekrit-token-3"
    assert result.message == "401 *** again ***" and result.warnings == ["w ***"]


def test_problems_change_on_a_new_reason_and_on_recovery_only():
    known = {"vbooks": {"reason": reason_key("missing column 'Pages' in row 12"), "since": "d1"}}
    same = problem_changes(known, [SubflowResult("vbooks", FAILED, message="missing column 'Pages' in row 13")], "d2")
    assert same.failed == [] and same.recovered == [] and same.problems == known
    new = problem_changes(known, [SubflowResult("vbooks", FAILED, message="HTTP 503")], "d2")
    assert [r.name for r in new.failed] == ["vbooks"] and new.problems["vbooks"]["since"] == "d2"
    back = problem_changes(known, [SubflowResult("vbooks", COMPLETED), SubflowResult("gcal", COMPLETED)], "d2")
    assert back.recovered == ["vbooks"] and back.problems == {}
    other = problem_changes(known, [SubflowResult("gcal", COMPLETED)], "d2")
    assert other.recovered == [] and other.problems == known, "a subflow not run keeps its problem"
