"""Write a small seed corpus per format from the project's own examples (no third-party text)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import paperlist
from paperlist.render import render

ROOT = Path(__file__).resolve().parents[1]


def seeds() -> dict[str, list[str]]:
    example = (ROOT / "examples" / "daily-dump.txt").read_text(encoding="utf-8")
    papers = paperlist.parse(example).papers
    item = {
        "title": "A Seed Title",
        "publishedAt": "2024-08-01T01:00:00.000Z",
        "numComments": 2,
        "submittedBy": {"name": "someone", "fullname": "Some One"},
        "paper": {
            "id": "2408.00001",
            "title": "A Seed\n Title",
            "summary": "A seed abstract.",
            "authors": [{"name": "Ada Seed", "hidden": False, "user": {"user": "ada"}}],
            "publishedAt": "2024-07-31T00:00:00.000Z",
            "upvotes": 3,
        },
    }
    card = (
        '<article><a href="/login?next=%2Fpapers%2F2408.00001">3</a>'
        '<h3><a href="/papers/2408.00001">A Seed Title</a></h3>'
        '<a href="/papers/2408.00001"><p>A seed abstract.</p></a>'
        '<ul><li title="ada"></li></ul><span>\u00b7 4 authors</span>'
        '<a href="/papers/2408.00001#community">2</a><span>Submitted by someone</span></article>'
    )
    markdown = (
        "# Daily Papers\n\n"
        "Submitted by [someone](/someone)\n\n"
        "[3](/login?next=%2Fpapers%2F2408.00001)\n\n"
        "### [A Seed Title](/papers/2408.00001)\n\n"
        "* 4 authors\n\n\u00b7\n\n[2](/papers/2408.00001#community)\n"
    )
    rendered = (
        "Daily Papers\n\nSubmitted by someone\n\n3\n\nA Seed Title\n\n"
        "\u00b7 4 authors\n\n2\n\n"
        "[4]A Second Seed\n\n-\n\nReferences\n\n   4. https://huggingface.co/papers/2408.00002\n"
    )
    page = f'<html><body><time datetime="2024-08-01">Aug 1</time>{card}</body></html>'
    mhtml = (
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://huggingface.co/papers\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----seed"\r\n\r\n'
        "------seed\r\nContent-Type: text/html\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        + page.replace("=", "=3D")
        + "\r\n------seed--\r\n"
    )
    return {
        "hf-text": [example, render(papers, header=False)],
        "hf-markdown": [markdown],
        "hf-rendered": [rendered],
        "hf-mhtml": [mhtml],
        # Detection and every format it may choose, archives included (warc, when warcio is).
        "auto": [example, markdown, rendered, json.dumps([item]), page],
        "hf-flat": [render(papers, "hf-flat")],
        "hf-json": [json.dumps([item]), json.dumps(item) + "\n" + json.dumps(item)],
        "hf-html": [
            f'<html><body><time datetime="2024-08-01">Aug 1</time>{card}{card}</body></html>',
            f'<html><head><meta charset="utf-8"></head><body>{card}</body></html>',
        ],
    }


def main(target: str) -> None:
    for fmt, texts in seeds().items():
        folder = Path(target) / fmt
        folder.mkdir(parents=True, exist_ok=True)
        for n, text in enumerate(texts):
            (folder / f"seed-{n}").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
