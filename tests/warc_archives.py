"""WARC archives written with warcio for the tests and benchmarks: a response record (with its
request record, as crawlers write them) per page."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WARC_DATE = "2024-08-02T09:30:00Z"


class Page(NamedTuple):
    uri: str
    body: bytes
    content_type: str | None = "text/html; charset=utf-8"
    status: str = "200 OK"
    record_type: str = "response"


def write_archive(
    path: Path, pages: Iterable[Page], *, gzip: bool = True, warc_date: str = WARC_DATE
) -> Path:
    """``pages`` as a WARC file (each record gzipped on its own with ``gzip``)."""
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for page in pages:
            date = {"WARC-Date": warc_date}
            if page.record_type == "resource":
                record = writer.create_warc_record(
                    page.uri,
                    "resource",
                    payload=io.BytesIO(page.body),
                    length=len(page.body),  # a known length: warcio need not buffer the body
                    warc_content_type=page.content_type or "application/octet-stream",
                    warc_headers_dict=date,
                )
                writer.write_record(record)
                continue
            request = writer.create_warc_record(
                page.uri,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(
                    "GET / HTTP/1.1", [("Host", "huggingface.co")], is_http_request=True
                ),
                warc_headers_dict=date,
            )
            writer.write_record(request)
            headers = [("Content-Type", page.content_type)] if page.content_type else []
            response = writer.create_warc_record(
                page.uri,
                "response",
                payload=io.BytesIO(page.body),
                length=len(page.body),
                http_headers=StatusAndHeaders(page.status, headers, protocol="HTTP/1.1"),
                warc_headers_dict=date,
            )
            writer.write_record(response)
    return path


def crawl(daily_html: bytes, api_json: bytes) -> list[Page]:
    """What a small crawl of HF keeps: a daily page, an API response, robots.txt, a 404 and
    another site's page."""
    return [
        Page("https://huggingface.co/papers?date=2024-08-01", daily_html),
        Page(
            "https://huggingface.co/api/daily_papers?date=2025-10-03",
            api_json,
            "application/json; charset=utf-8",
        ),
        Page("https://huggingface.co/robots.txt", b"User-agent: *\nDisallow:\n", "text/plain"),
        Page(
            "https://huggingface.co/papers/2408.99999",
            b"<html>Not found</html>",
            "text/html",
            "404",
        ),
        Page(
            "https://example.org/papers/2408.00101",
            b"<html><body><h3><a href='/papers/2408.00101'>Elsewhere</a></h3></body></html>",
            "text/html",
        ),
    ]
