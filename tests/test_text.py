from __future__ import annotations

import codecs
import csv
import io
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperlist.records import Problem
from paperlist.text import (
    chunked,
    clean,
    clean_or_none,
    csv_text,
    decode,
    iter_byte_lines,
    iter_lines,
    sniff_encoding,
    split_lines,
)


def test_clean_collapses_and_composes() -> None:
    assert clean("  A\u00a0 title\t\nhere ") == "A title here"
    assert clean("Cafe\u0301") == "Caf\u00e9"


def test_clean_keeps_flaws() -> None:
    # No silent repairs: a lost backslash or a mangled entity stays as the page had it.
    assert (
        clean("from scratchx2013even 21\\% rightarrow") == "from scratchx2013even 21\\% rightarrow"
    )


def test_clean_or_none() -> None:
    assert clean_or_none(None) is None
    assert clean_or_none(" \u00a0 ") is None
    assert clean_or_none(" x ") == "x"


@given(st.text())
def test_clean_is_idempotent_and_normal(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert unicodedata.is_normalized("NFC", once)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + b"x", "utf-8-sig"),
        (codecs.BOM_UTF16_LE + b"x\x00", "utf-16"),
        (codecs.BOM_UTF16_BE + b"\x00x", "utf-16"),
        (b'<html><head><meta charset="windows-1252">', "cp1252"),
        # As browsers and Scrapy (w3lib) read it: a declared ISO-8859-1 is windows-1252.
        (b"<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1'>", "cp1252"),
        (codecs.BOM_UTF32_LE + b"x\x00\x00\x00", "utf-32"),
        (b'<?xml version="1.0" encoding="koi8-r"?><html>', "koi8-r"),
        (b'<meta charset="rot13">', None),
        (b'<meta charset="utf-8">', None),
        (b"plain", None),
    ],
)
def test_sniff(data: bytes, encoding: str | None) -> None:
    found = sniff_encoding(data)
    if encoding is None:
        assert found is None
    else:
        assert found is not None
        assert codecs.lookup(found).name == codecs.lookup(encoding).name


def test_decode_fallback_is_per_line() -> None:
    text, problems = decode("caf\u00e9\n".encode() + "na\u00efve\n".encode("cp1252"))
    assert text == "caf\u00e9\nna\u00efve"
    assert [(p.kind, p.line, p.text) for p in problems] == [("encoding", 2, "na\u00efve")]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-32"])
def test_decode_bom(encoding: str) -> None:
    data = "T\u00eftle\r\nline two".encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    text, problems = decode(data)
    assert split_lines(text) == ["T\u00eftle", "line two"]
    assert problems == []


@given(
    st.lists(
        st.text(alphabet=st.characters(exclude_characters="\r\n", exclude_categories=["Cs"])),
        max_size=8,
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.integers(1, 7),
)
def test_line_splitting_across_chunks(lines: list[str], end: str, size: int) -> None:
    text = end.join(lines)
    expected = split_lines(text)
    chunks = [text[i : i + size] for i in range(0, len(text), size)]
    assert list(iter_lines(chunks)) == expected
    problems: list[Problem] = []
    assert list(iter_byte_lines(chunked(text.encode(), size), problems)) == expected
    assert problems == []
    assert list(iter_byte_lines(chunked(text.encode("utf-16"), size), [], "utf-16")) == expected


def test_split_lines_mixed_ends() -> None:
    assert split_lines("a\r\nb\rc\nd\n") == ["a", "b", "c", "d"]
    assert split_lines("a\n\nb") == ["a", "", "b"]


@given(st.text())
def test_clean_equals_the_plain_definition(text: str) -> None:
    assert clean(text) == unicodedata.normalize("NFC", " ".join(text.split()))


_LONG_ASCII = st.text(
    alphabet=st.sampled_from("ab. \t\n\r\x00\x0b\x1c\x1f\x7f~"), min_size=129, max_size=400
)


@given(_LONG_ASCII | st.builds(lambda w, c: w * 30 + c + w, st.text(max_size=5), _LONG_ASCII))
def test_clean_of_long_ascii_equals_the_plain_definition(text: str) -> None:
    # Long ASCII text takes clean's bytes.translate path, not isprintable.
    assert clean(text) == unicodedata.normalize("NFC", " ".join(text.split()))


@pytest.mark.parametrize("charset", ["uu", "rot13", "base64", "utf-16", "utf-32-le", "no-such"])
def test_meta_charset_that_is_not_a_text_encoding_is_ignored(charset: str) -> None:
    # Found by the fuzzer: <meta charset="uu"> made decoding raise LookupError.
    data = f'<html><meta charset="{charset}"><p>caf\u00e9</p></html>'.encode()
    assert sniff_encoding(data) is None
    text, problems = decode(data)
    assert "caf\u00e9" in text
    assert problems == []


@given(st.text(alphabet=st.characters(exclude_categories=())))
def test_csv_text_is_what_every_python_csv_writes_and_reads(text: str) -> None:
    cell = csv_text(text)
    assert len(cell) == len(text)
    assert all(
        c == "\ufffd" if o == "\x00" or "\ud800" <= o <= "\udfff" else c == o
        for c, o in zip(cell, text, strict=True)
    )
    out = io.StringIO(newline="")
    csv.writer(out).writerow([cell])  # Python 3.10 raises for a NUL
    assert list(csv.reader(io.StringIO(out.getvalue(), newline=""))) == [[cell]]
    out.getvalue().encode("utf-8")  # no lone surrogate left


def test_csv_text_returns_clean_text_itself() -> None:
    text = "Caf\u00e9 \u2028 \x01"
    assert csv_text(text) is text
    assert csv_text("a\x00b\ud83d") == "a\ufffdb\ufffd"
