"""The columns of the reading log's worksheets and of the parquet files written from them."""

from tasks.validation import Column

BOOKS_COLUMNS = [
    Column("Title"),
    Column("Author"),
    Column("Language"),
    Column("Date finished", "date"),
    Column("Pages", "int", minimum=0),
    Column("Type", optional=True),
]

TODO_COLUMNS = [
    Column("Title"),
    Column("Author"),
    Column("Source", blank=""),
    Column("Pages", "int", blank=0, minimum=0),
    Column("Owned?", blank=""),
]

COL_TITLE = "title"
COL_AUTHOR = "author"
COL_LANGUAGE = "language"
COL_FINISHED = "finished"
COL_PAGES = "pages"
COL_TYPE = "type"
COL_YEAR = "year"
COL_MONTH = "month"
COL_SOURCE = "source"
COL_OWNERSHIP = "ownership"

OWNED, IN_LIBRARY, NOT_OWNED = "owned", "in library", "not owned"

from tasks.run.history_guard import History  # noqa: E402

BOOKS_HISTORY = History("vbooks", (COL_TITLE, COL_AUTHOR, COL_FINISHED), date=COL_FINISHED)
# Books leave the reading list once read: only an emptied or much shorter list is refused.
TODO_HISTORY = History("vbooks", (COL_TITLE, COL_AUTHOR), kind="list")
