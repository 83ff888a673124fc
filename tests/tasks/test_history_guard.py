"""The shrink guard at the write chokepoint: what it refuses, what it lets through, what it warns about."""

from datetime import date

import pandas as pd
import pytest

from tasks.run.history_guard import Guard, History, ShrinkError
from tasks.run.outputs import write_tables
from tasks.storage.local import LocalStorage

PATH = "money/transactions.parquet"
SPEC = History("money_lover", ("date", "category", "amount", "note"), date="date")
APPEND = History("battery", ("time",), kind="append", date="time")
LIST = History("vbooks", ("title",), kind="list")


def transactions(n: int, start: str = "2024-01-01") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.date_range(start, periods=n, freq="D"),
            "category": ["Food"] * n,
            "amount": [float(i) for i in range(n)],
            "note": [None if i % 2 else f"n{i}" for i in range(n)],
        }
    )


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path)


def stored(storage, path=PATH) -> bytes:
    return storage.read_bytes(path)


def test_a_growing_table_is_written_and_nan_notes_do_not_count_as_lost(storage):
    write_tables(storage, {PATH: transactions(10)}, {PATH: SPEC})
    written = write_tables(storage, {PATH: transactions(12)}, {PATH: SPEC}, Guard(run_date=date(2026, 1, 1)))
    assert written[0].rows == 12 and written[0].warnings == ()
    assert len(storage.read_parquet(PATH)) == 12


@pytest.mark.parametrize(
    "new, reason",
    [
        (transactions(100).iloc[:10], "would lose 90 stored key(s)"),
        (transactions(0), "would be empty"),
        (transactions(100).drop(index=[3]), "would lose 1 stored key(s)"),
    ],
)
def test_a_shrinking_history_is_refused_naming_source_counts_keys_and_the_way_out(storage, new, reason):
    write_tables(storage, {PATH: transactions(100)}, {PATH: SPEC})
    before = stored(storage)
    with pytest.raises(ShrinkError) as error:
        write_tables(storage, {PATH: new, "other.parquet": transactions(3)}, {PATH: SPEC}, Guard())
    message = str(error.value)
    assert message.startswith("money_lover: ") and reason in message and PATH in message
    assert f"stored 100 rows, new {len(new)}" in message
    assert "vtasks run --accept-shrink money_lover" in message and "Nothing was written" in message
    if len(new):
        assert "(date=2024-01-" in message and "category=Food" in message
    assert stored(storage) == before and not storage.exists("other.parquet")  # all or nothing


def test_accepting_the_source_lets_this_write_through(storage):
    write_tables(storage, {PATH: transactions(100)}, {PATH: SPEC})
    write_tables(storage, {PATH: transactions(10)}, {PATH: SPEC}, Guard(accept=frozenset({"money_lover"})))
    assert len(storage.read_parquet(PATH)) == 10
    with pytest.raises(ShrinkError):  # acceptance of another source does not count
        write_tables(storage, {PATH: transactions(1)}, {PATH: SPEC}, Guard(accept=frozenset({"vbooks"})))


def test_a_drop_beyond_the_share_is_refused_even_without_a_lost_key(storage):
    doubled = pd.concat([transactions(10)] * 2, ignore_index=True)
    write_tables(storage, {PATH: doubled}, {PATH: SPEC})
    with pytest.raises(ShrinkError, match="would drop 10 rows, more than 20%"):
        write_tables(storage, {PATH: transactions(10)}, {PATH: SPEC}, Guard(max_drop=0.2))
    write_tables(storage, {PATH: transactions(10)}, {PATH: SPEC}, Guard(max_drop=0.6))


def test_append_only_history_loses_no_row_and_a_list_may_lose_some(storage):
    log = pd.DataFrame({"time": pd.date_range("2026-01-01", periods=50, freq="h").astype("datetime64[ms]")})
    write_tables(storage, {"b.parquet": log}, {"b.parquet": APPEND})
    with pytest.raises(ShrinkError, match=r"lose 1 stored key\(s\) \('time',\), first: \(time=2026-01-01\)"):
        write_tables(storage, {"b.parquet": log.iloc[1:]}, {"b.parquet": APPEND}, Guard(max_drop=0.9))
    todo = pd.DataFrame({"title": [f"t{i}" for i in range(10)]})
    write_tables(storage, {"todo.parquet": todo}, {"todo.parquet": LIST})
    write_tables(storage, {"todo.parquet": todo.iloc[1:]}, {"todo.parquet": LIST})  # a book was read
    with pytest.raises(ShrinkError, match="would be empty"):
        write_tables(storage, {"todo.parquet": todo.iloc[0:0]}, {"todo.parquet": LIST})


def test_identical_content_skips_the_comparison_and_reads_nothing(storage, monkeypatch):
    write_tables(storage, {PATH: transactions(5)}, {PATH: SPEC})
    monkeypatch.setattr(storage, "read_parquet", lambda *a, **k: pytest.fail("read the stored table"))
    assert write_tables(storage, {PATH: transactions(5)}, {PATH: SPEC})[0].uploaded is False


def test_the_stored_table_is_read_by_its_key_columns_only(storage, monkeypatch):
    write_tables(storage, {PATH: transactions(5)}, {PATH: SPEC})
    asked, read = [], storage.read_parquet
    monkeypatch.setattr(
        storage, "read_parquet", lambda p, columns=None, **k: asked.append(columns) or read(p, columns, **k)
    )
    write_tables(storage, {PATH: transactions(6)}, {PATH: SPEC})
    assert asked == [["date", "category", "amount", "note"]]


def test_a_date_past_the_run_date_is_a_warning_naming_the_row(storage):
    books = pd.DataFrame(
        {
            "title": ["Dune", "Emma", "Ubik"],
            "author": ["Herbert", "Austen", "Dick"],
            "finished": pd.to_datetime(["2020-01-01", "2199-05-01", "2026-01-03"]),
        }
    )
    spec = History("vbooks", ("title", "author", "finished"), date="finished")
    written = write_tables(storage, {"books.parquet": books}, {"books.parquet": spec}, Guard(run_date=date(2026, 1, 1)))
    assert written[0].warnings == (
        "vbooks books.parquet row 2 (title=Emma, author=Austen, finished=2199-05-01): finished 2199-05-01 "
        "is after the run date 2026-01-01",
    )  # 2026-01-03 is within the two days' tolerance
    assert len(storage.read_parquet("books.parquet")) == 3  # a warning, not a refusal


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="kind 'sometimes'"):
        History("x", ("a",), kind="sometimes")


def test_a_short_list_may_lose_a_few_rows_but_not_most_of_a_long_one(storage):
    events = pd.DataFrame({"calendar": ["Team"] * 9})
    write_tables(storage, {"e.parquet": events}, {"e.parquet": LIST})
    write_tables(storage, {"e.parquet": events.iloc[:2]}, {"e.parquet": LIST})  # 7 gone: fewer than min_drop
    many = pd.DataFrame({"calendar": ["Team"] * 100})
    write_tables(storage, {"e.parquet": many}, {"e.parquet": LIST})
    write_tables(storage, {"e.parquet": many.iloc[:85]}, {"e.parquet": LIST})  # 15 %
    with pytest.raises(ShrinkError, match=r"would drop 25 rows, more than 20% of them \(stored 85 rows, new 60\)"):
        write_tables(storage, {"e.parquet": many.iloc[:60]}, {"e.parquet": LIST})
