"""The weekly digest's text, its once-a-week claim in storage, and delivery to a local receiver."""

from datetime import date

from reports.digest import PATH_DIGEST, claim_week, digest_of, send_digest, week_key
from tasks.home.figures import Figures
from tasks.storage.local import LocalStorage
from tests.tasks.ops.receiver import Receiver

FIGURES = Figures(
    spent=412.3, spent_average=1250.0, hours={"Work": 38.5, "Sport": 3.0}, books_year=["A", "Dune"], books_week=["Dune"]
)


def test_digest_lines_in_the_locale_html_escaped():
    digest = digest_of(FIGURES, date(2026, 11, 25), "es_ES")
    assert digest.title == "vtasks weekly digest 16/11/2026 – 22/11/2026"
    assert digest.text().splitlines() == [
        "Hours last week: 41,5\u00a0h (Work 38,5\u00a0h, Sport 3,0\u00a0h)",
        "Spent this month so far: 412\u00a0€ (12-month average 1.250\u00a0€)",
        "Books finished last week: Dune",
    ]
    odd = digest_of(Figures(books_week=["<b>Tom & Jerry</b>"]), date(2026, 11, 25), "en_GB")
    assert odd.text() == "Books finished last week: <b>Tom & Jerry</b>" and "&lt;b&gt;Tom &amp; Jerry" in odd.html()
    assert digest_of(Figures(), date(2026, 11, 25), "en_GB").lines == []  # no tables yet: nothing claimed to be zero


def test_a_week_is_claimed_once(tmp_path):
    storage = LocalStorage(tmp_path)
    assert week_key(date(2026, 11, 23)) == week_key(date(2026, 11, 29)) == "2026-W48"
    assert claim_week(storage, "2026-W48") and not claim_week(storage, "2026-W48")
    assert claim_week(storage, "2026-W49") and storage.read_text(PATH_DIGEST) == '{"week": "2026-W49"}'


def test_plain_text_to_a_json_receiver():
    with Receiver() as receiver:
        assert send_digest([receiver.url], digest_of(FIGURES, date(2026, 11, 25), "en_GB"))
    [message] = receiver.messages
    assert message["title"].startswith("vtasks weekly digest") and message["message"].startswith(
        "Hours last week: 41.5"
    )
    assert "<" not in message["message"]
