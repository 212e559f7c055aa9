"""Reading documents: formats, encodings, metadata, and bad input reported without stopping."""

from __future__ import annotations

import json

import pytest

from sourcetrace.errors import BadRecord, DocumentTooLarge, EmptyDocument, FileMissing, NotText
from sourcetrace.reader import content_id, read_file, read_paths


def _read(*paths, **kw):
    return list(read_paths(paths, **kw))


def test_text_file_keeps_text_exactly(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("Title line\r\nSecond “line”\r\n".encode())
    (doc,) = _read(p)
    assert doc.text == "Title line\r\nSecond “line”\r\n"
    assert doc.id == content_id(doc.text)
    assert doc.title == "Title line"


def test_same_content_same_id(tmp_path):
    (tmp_path / "a.txt").write_text("same words here", encoding="utf-8")
    (tmp_path / "b.md").write_text("same words here", encoding="utf-8")
    a, b = _read(tmp_path)
    assert a.id == b.id and a.path != b.path


def test_latin1_file_is_decoded(tmp_path):
    p = tmp_path / "fr.txt"
    p.write_bytes("Le ministre a déclaré à la télévision que la décision était prise.".encode("cp1252"))
    (doc,) = _read(p)
    assert "déclaré" in doc.text


def test_publication_date_from_closing_line(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("Body of the article.\n\n18 Safar 1442 AH 5/10/2020 CE\n", encoding="utf-8")
    (doc,) = _read(p)
    assert doc.publication_date == "2020-10-05"
    assert doc.publication_date_text == "18 Safar 1442 AH 5/10/2020 CE"


def test_html_main_text_title_and_date(tmp_path):
    p = tmp_path / "page.html"
    body = " ".join(["The minister said the talks would resume next week in the capital."] * 4)
    p.write_text(f"<html><head><title>Talks</title><meta property='article:published_time' content='2021-03-02'>"
                 f"</head><body><nav>Home | About</nav><article><h1>Talks resume</h1><p>{body}</p>"
                 f"<p>{body}</p></article></body></html>", encoding="utf-8")
    (doc,) = _read(p)
    assert "The minister said" in doc.text and "Home | About" not in doc.text
    assert doc.publication_date == "2021-03-02"
    assert doc.title == "Talks resume"


def test_jsonl_documents_and_bad_lines(tmp_path):
    p = tmp_path / "batch.jsonl"
    rows = [json.dumps({"id": "a1", "text": "First text.", "title": "One", "published": "2020-01-02"}),
            "{not json", json.dumps({"title": "no text"}), "", json.dumps({"text": "Second text."})]
    p.write_text("\n".join(rows), encoding="utf-8")
    items = _read(p)
    docs = [i for i in items if not isinstance(i, Exception)]
    errors = [i for i in items if isinstance(i, Exception)]
    assert [d.text for d in docs] == ["First text.", "Second text."]
    assert docs[0].title == "One" and docs[0].publication_date == "2020-01-02"
    assert docs[0].path == f"{p}#a1"
    assert [type(e) for e in errors] == [BadRecord, BadRecord]
    assert errors[0].line() == f"Error E105: {p}: line 2 is not JSON (Expecting property name enclosed in double " \
                               f"quotes); fix or remove the line"


@pytest.mark.parametrize(("content", "error", "message"), [
    (b"", EmptyDocument, "the file is empty; nothing to extract"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", NotText,
     "the file is binary, not text; pass .txt, .md, .html or .jsonl files"),
])
def test_bad_files_give_one_clear_error(tmp_path, content, error, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    (item,) = _read(p)
    assert isinstance(item, error)
    assert item.message == message and item.path == str(p)


def test_missing_and_too_large_and_batch_goes_on(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 300)
    good = tmp_path / "good.txt"
    good.write_text("A good document.", encoding="utf-8")
    items = _read(tmp_path / "missing.txt", big, good, max_bytes=1000)
    assert isinstance(items[0], FileMissing)
    assert isinstance(items[1], DocumentTooLarge)
    assert items[1].line() == f"Error E104: {big}: the file is 1.5 kB, over the 1.0 kB limit; split it or raise --max-bytes"
    assert items[2].text == "A good document."


def test_truncated_html_is_reported_or_read(tmp_path):
    p = tmp_path / "cut.html"
    p.write_text("<html><body><div><p>Only a few", encoding="utf-8")
    (item,) = _read(p)
    assert isinstance(item, EmptyDocument) or "Only a few" in item.text


def test_folder_is_recursive_and_reports_unsupported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Inside a folder.", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    items = _read(tmp_path)
    assert [type(i).__name__ for i in items] == ["NotText", "Document"]


def test_jsonl_limit_is_per_document_not_per_file(tmp_path):
    # a corpus file larger than --max-bytes is read; only a line over it is refused
    p = tmp_path / "corpus.jsonl"
    rows = [json.dumps({"text": f"Document number {i} says the talks resumed."}) for i in range(40)]
    rows.insert(5, json.dumps({"text": "x" * 500}))
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert p.stat().st_size > 300
    items = list(read_file(p, max_bytes=300))
    docs = [i for i in items if not isinstance(i, Exception)]
    errors = [i for i in items if isinstance(i, Exception)]
    assert len(docs) == 40
    assert [type(e) for e in errors] == [DocumentTooLarge]
    assert "line 6 is" in errors[0].line() and "limit for one document" in errors[0].line()


def test_jsonl_is_split_on_newlines_only_and_lines_keep_their_numbers(tmp_path):
    p = tmp_path / "odd.jsonl"
    # U+2028 inside a JSON string is legal and must not split the record; CRLF endings are fine
    p.write_bytes(b'\xef\xbb\xbf{"text": "One\xe2\x80\xa8line."}\r\n\r\n{"text": "Two."}\r\n')
    docs = list(read_file(p))
    assert [d.text for d in docs] == ["One\u2028line.", "Two."]
    assert docs[1].path == f"{p}#3"


def test_jsonl_line_in_another_encoding_is_decoded(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b'{"text": "Plain line."}\n' + '{"text": "Caf\u00e9 talks in Orl\u00e9ans resumed on Monday."}\n'
                  .encode("latin-1"))
    docs = [d for d in read_file(p) if not isinstance(d, Exception)]
    assert [d.text for d in docs][0] == "Plain line."
    assert len(docs) == 2 and "Orl" in docs[1].text


def test_utf16_jsonl_is_still_read(tmp_path):
    p = tmp_path / "wide.jsonl"
    p.write_bytes('{"text": "First."}\n{"text": "Second."}\n'.encode("utf-16"))
    assert [d.text for d in read_file(p)] == ["First.", "Second."]
