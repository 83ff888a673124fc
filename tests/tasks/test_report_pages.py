"""Report pages load one shared plotly.js from `assets/`, written once, found by a path relative to each page."""

from reports.model import Report
from reports.pages import PATH_ASSETS, write_report_page
from reports.render import plotly_asset
from tasks.storage.local import LocalStorage


def test_pages_share_one_asset_written_once(tmp_path):
    storage = LocalStorage(tmp_path)
    name, data = plotly_asset()
    write_report_page(storage, "vbooks/vbooks.html", Report("Books", "", [], "now"))
    assert storage.read_bytes(f"{PATH_ASSETS}/{name}") == data
    write_report_page(storage, "a/b/deep.html", Report("Deep", "", [], "now"))
    assert storage.uploads[PATH_ASSETS] == 1  # the second page found it there
    page = storage.read_text("vbooks/vbooks.html")
    assert f'src="../{PATH_ASSETS}/{name}"' in page and len(page) < len(data)
    assert f'src="../../{PATH_ASSETS}/{name}"' in storage.read_text("a/b/deep.html")
