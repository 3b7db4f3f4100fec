import json

from athar.errors import InputError
from athar.read.jsonl import iter_lines
from athar.records import DateValue


def write(tmp_path, lines):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\n".join(line if isinstance(line, bytes) else json.dumps(line).encode() for line in lines))
    return path


def test_each_line_is_a_report_with_its_metadata(tmp_path):
    path = write(
        tmp_path,
        [
            {
                "url": "https://a.example/1",
                "published": "2018-01-07",
                "title": "T",
                "text": "Body one.",
                "outlet": "AFP",
            },
            {"html": "<p>Body two</p>", "language": "ar", "published": "2018-01"},
        ],
    )
    first, second = list(iter_lines(path, name="batch.jsonl"))
    assert first.number == 1 and not first.is_html
    assert first.hints.outlet == "AFP" and first.hints.published == DateValue("2018-01-07", "day")
    assert second.is_html and second.hints.published == DateValue("2018-01", "month")
    assert first.content_sha256 != second.content_sha256


def test_bad_lines_are_reported_by_number_and_the_rest_go_on(tmp_path):
    path = write(
        tmp_path,
        [
            {"text": "fine"},
            b'{"text": "cut off',
            b"[1, 2]",
            {"title": "no body"},
            {"text": "bad date", "published": "last Tuesday"},
            b"\xff\xfe not utf-8",
            {"file": "seeds/a.txt", "outlet": "X"},
            b"",
            {"text": "also fine"},
        ],
    )
    results = list(iter_lines(path, name="batch.jsonl"))
    errors = [r for r in results if isinstance(r, InputError)]
    assert [r.number for r in results if not isinstance(r, InputError)] == [1, 9]
    assert [e.params["line"] for e in errors] == [2, 3, 4, 5, 6, 7]
    assert all(e.code == "ATH206" and e.message.startswith("batch.jsonl: line ") for e in errors)
    assert "invalid JSON" in errors[0].message
    assert "--manifest" in errors[5].message


def test_a_nul_character_in_a_line_is_dropped_not_fatal(tmp_path, run_cli):
    """NUL never belongs to a report's text, and PostgreSQL cannot store it: it is removed, the line kept."""
    batch = tmp_path / "nul.jsonl"
    batch.write_text('{"text": "A car bomb killed 3 in Azaz\\u0000 on Sunday.", "outlet": "AP"}\n', encoding="utf-8")
    result = run_cli("ingest", "--json", "--no-extract", str(batch))
    assert result.exit_code == 0, result.output
    (doc_id,) = json.loads(result.output.splitlines()[0])["documents"]
    shown = json.loads(run_cli("show", doc_id, "--json").output)
    assert shown["document"]["body"] == "A car bomb killed 3 in Azaz on Sunday."
