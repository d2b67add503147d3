"""From a scraper: real httpx, requests and Scrapy objects, built from corpus bytes (no network).

httpx, requests and scrapy are test-only dependencies (noxfile ``TEST_DEPS``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import httpx
import parsel
import pytest
import requests
import scrapy
import urllib3
from scrapy.http import HtmlResponse, TextResponse

import paperlist

ROOT = Path(__file__).parents[1]
PAGE = "html/daily-2024-08-01.html"
API = "api/daily_papers-2025-10-03.json"
URL = "https://huggingface.co/papers/date/2024-08-01"
API_URL = "https://huggingface.co/api/daily_papers?date=2025-10-03"
# Names the daily page spells with letters outside ASCII: mojibake would change them.
ACCENTED = {"Onur Çelebi", "Francisco Guzmán", "Iker García-Ferrero"}


@pytest.fixture(scope="module")
def page(corpus: Path) -> bytes:
    return (corpus / PAGE).read_bytes()


@pytest.fixture(scope="module")
def api(corpus: Path) -> bytes:
    return (corpus / API).read_bytes()


def names(listing: paperlist.Listing) -> set[str]:
    return {author.name for paper in listing.papers for author in paper.authors}


def assert_daily_page(listing: paperlist.Listing) -> None:
    assert listing.format == "hf-html"
    assert len(listing.papers) == 13
    assert str(listing.page_date) == "2024-08-01"
    assert listing.papers[0].arxiv_id == "2407.21783"
    assert names(listing) >= ACCENTED
    assert not any("Ã" in name for name in names(listing))


def assert_api(listing: paperlist.Listing) -> None:
    assert listing.format == "hf-json"
    assert len(listing.papers) == 39
    assert all(p.arxiv_id for p in listing.papers)


# --- httpx ------------------------------------------------------------------------------------


def httpx_response(body: bytes, content_type: str, url: str = URL) -> httpx.Response:
    return httpx.Response(
        200, content=body, headers={"content-type": content_type}, request=httpx.Request("GET", url)
    )


def test_httpx_page(page: bytes) -> None:
    assert_daily_page(paperlist.parse(httpx_response(page, "text/html; charset=utf-8")))
    assert_daily_page(paperlist.parse(httpx_response(page, "text/html")))


def test_httpx_api_response_and_its_json(api: bytes) -> None:
    response = httpx_response(api, "application/json; charset=utf-8", API_URL)
    assert_api(paperlist.parse(response))
    assert_api(paperlist.parse(response.json()))  # what a scraper holds: a list of dicts


def test_httpx_streamed_response_not_read_yet_is_a_clear_error(page: bytes) -> None:
    response = httpx.Response(200, stream=httpx.ByteStream(page), request=httpx.Request("GET", URL))
    with pytest.raises(TypeError, match=r"response\.read\(\)"):
        paperlist.parse(response)
    response.read()
    assert_daily_page(paperlist.parse(response))


# --- requests ---------------------------------------------------------------------------------


def requests_response(body: bytes, content_type: str, url: str = URL) -> requests.Response:
    """A response made the way requests makes one, from a urllib3 response (no socket)."""
    raw = urllib3.HTTPResponse(
        body=io.BytesIO(body),
        headers={"Content-Type": content_type},
        status=200,
        preload_content=False,
    )
    request = requests.Request("GET", url).prepare()
    return requests.adapters.HTTPAdapter().build_response(request, raw)


def test_requests_text_html_without_charset_is_not_latin_1(page: bytes) -> None:
    response = requests_response(page, "text/html")
    assert response.encoding == "ISO-8859-1"  # what .text would be decoded as: mojibake
    assert "Ã" in response.text
    assert_daily_page(paperlist.parse(response))


def test_requests_page_declared_charset_wins_over_meta() -> None:
    # An invented page: its <meta> says UTF-8, the server says windows-1252 (the bytes are).
    body = ('<html><head><meta charset="utf-8"></head><body><p>Résumé</p></body></html>').encode(
        "cp1252"
    )
    for response in (
        requests_response(body, "text/html; charset=windows-1252"),
        httpx_response(body, "text/html; charset=windows-1252"),
    ):
        document = paperlist.document.load(response)
        assert "Résumé" in document.text()
        assert document.problems == []


def test_meta_charset_is_read_when_the_server_names_none() -> None:
    body = (
        '<html><head><meta charset="windows-1252"></head><body><p>Café</p></body></html>'
    ).encode("cp1252")
    for response in (
        requests_response(body, "text/html"),
        httpx_response(body, "text/html"),
    ):
        assert "Café" in paperlist.document.load(response).text()


def test_requests_api(api: bytes) -> None:
    response = requests_response(api, "application/json", API_URL)
    assert_api(paperlist.parse(response))
    assert_api(paperlist.parse(response.json()))


# --- Scrapy -----------------------------------------------------------------------------------


def test_scrapy_html_response_and_its_selectors(page: bytes) -> None:
    response = HtmlResponse(url=URL, body=page, headers={"Content-Type": "text/html"})
    assert_daily_page(paperlist.parse(response))
    assert_daily_page(paperlist.parse(response.selector))
    assert isinstance(response.selector, scrapy.Selector)
    assert_daily_page(paperlist.parse(scrapy.Selector(response)))
    # A SelectorList of the cards keeps the page's date, found outside them.
    cards = response.css("article")
    assert isinstance(cards, scrapy.selector.SelectorList)
    listing = paperlist.parse(cards, format="hf-html")
    assert len(listing.papers) == 13
    assert str(listing.page_date) == "2024-08-01"
    first = paperlist.parse(response.css("article")[:2], format="hf-html")
    assert [p.arxiv_id for p in first.papers] == ["2407.21783", "2407.21705"]
    assert str(first.page_date) == "2024-08-01"


def test_scrapy_text_response_api(api: bytes) -> None:
    response = TextResponse(url=API_URL, body=api, headers={"Content-Type": "application/json"})
    assert_api(paperlist.parse(response))
    assert_api(paperlist.parse(response.json()))


def test_parsel_json_selector_is_json_not_text(api: bytes) -> None:
    selector = parsel.Selector(text=api.decode(), type="json")
    assert_api(paperlist.parse(selector))
    items = selector.jmespath("[*]")
    assert_api(paperlist.parse(items))


def test_json_data_in_any_shape_is_hf_json(api: bytes) -> None:
    data = json.loads(api)
    assert_api(paperlist.parse(data))
    one = paperlist.parse(data[0])
    assert one.format == "hf-json"
    assert [p.arxiv_id for p in one.papers] == [data[0]["paper"]["id"]]
    empty = paperlist.parse([])
    assert (empty.format, empty.papers, empty.problems) == ("hf-json", (), ())


def test_async_response_asks_for_its_body() -> None:
    class AiohttpLike:
        url = "https://example.invalid/papers"
        content = object()  # aiohttp: a StreamReader, not bytes

        async def read(self) -> bytes:
            return b""

        async def text(self) -> str:
            return ""

    with pytest.raises(TypeError, match=r"await response\.read\(\)"):
        paperlist.parse(AiohttpLike())


def test_response_without_a_body_is_a_type_error() -> None:
    class Bare:
        url = "https://example.invalid/"
        text = None

    with pytest.raises(TypeError):
        paperlist.parse(Bare())


# --- docs/scraping.md runs, against a mock transport -------------------------------------------


def scraping_examples() -> list[str]:
    text = (ROOT / "docs" / "scraping.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.S)


def test_docs_scrapy_spider_runs(page: bytes) -> None:
    [spider_code] = [code for code in scraping_examples() if "scrapy.Spider" in code]
    namespace: dict[str, Any] = {}
    exec(compile(spider_code, "docs/scraping.md", "exec"), namespace)
    spider = namespace["DailyPapersSpider"]()
    requests_made = list(spider.start_requests())
    assert len(requests_made) == 7
    response = HtmlResponse(url=URL, body=page, request=requests_made[0])
    items = list(spider.parse(response, **requests_made[0].cb_kwargs))
    assert len(items) == 13
    assert items[0]["arxiv_id"] == "2407.21783"
    assert items[0]["page"] == URL
    json.dumps(items)  # plain data, ready for a feed exporter


def test_docs_httpx_script_runs(
    api: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [script] = [code for code in scraping_examples() if "httpx.Client" in code]
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=api, headers={"content-type": "application/json"})

    real_client = httpx.Client
    transport = httpx.MockTransport(handler)
    monkeypatch.setattr(httpx, "Client", lambda **kw: real_client(transport=transport, **kw))
    monkeypatch.chdir(tmp_path)
    exec(compile(script, "docs/scraping.md", "exec"), {"__name__": "__main__"})
    assert seen
    assert seen[0].url.path == "/api/daily_papers"
    [out] = tmp_path.glob("papers-*.jsonl")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 39


def test_reference_date_from_a_scraper_day(page: bytes) -> None:
    listing = paperlist.parse(
        httpx_response(page, "text/html"), format="hf-html", reference_date=dt.date(2024, 8, 1)
    )
    assert len(listing.papers) == 13
