"""Whatever users type is shown escaped; anonymous transcripts are masked; the export via
the app is byte for byte the one of `bot.export`."""

from __future__ import annotations

import json

import pytest

from bot.export import export_records, to_csv, to_json
from bot.storage.filters import TestimonyFilters
from tests.staff.conftest import StaffEnv, conversation

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">clic</a>',
    "'; DROP TABLE testimonies; --",
    "1' OR '1'='1",
    "{{ 7*7 }}",
]
RAW_MARKERS = ["<script>alert(1)</script>", "<img src=x", '<a href="javascript:']


@pytest.fixture()
def xss_env(staff_env: StaffEnv, make_record) -> StaffEnv:  # noqa: ANN001
    payload = " ".join(XSS)
    staff_env.save(
        make_record(
            description=payload,
            sector=XSS[1],
            platform="other",
            platform_other=XSS[0],
            company_name=XSS[2],
            contact_name=XSS[1],
        ),
        "sender-xss",
        lines=XSS,
    )
    staff_env.add_events(conversation("sender-xss-unfinished", XSS, end="unfinished"))
    return staff_env


def _assert_escaped(html: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in html, marker
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_xss_corpus_is_escaped_on_every_page(xss_env: StaffEnv) -> None:
    client = xss_env.client("admin")
    reference = xss_env.references["sender-xss"]
    page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True)
    _assert_escaped(page)
    assert "&#39;; DROP TABLE testimonies; --" in page and "{{ 7*7 }}" in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3  # field, chat, other
    post_note = client.post(
        f"/staff/testimonies/{reference}/notes",
        data={"text": XSS[0], "csrf_token": _token(client)},
    )
    assert post_note.status_code == 302
    _assert_escaped(client.get(f"/staff/testimonies/{reference}").get_data(as_text=True))
    _assert_escaped(client.get("/staff/testimonies").get_data(as_text=True))
    _assert_escaped(client.get("/staff/conversations/sender-xss-unfinished").get_data(as_text=True))
    client.get("/staff/export.csv", query_string={"search": XSS[0]})
    _assert_escaped(client.get("/staff/audit").get_data(as_text=True))
    search = client.get("/staff/testimonies", query_string={"search": XSS[0]})
    assert "&lt;script&gt;" in search.get_data(as_text=True)
    assert "<script>alert" not in search.get_data(as_text=True)


def _token(client) -> str:  # noqa: ANN001
    from tests.staff.conftest import csrf_token

    return csrf_token(client)


def test_csp_forbids_inline_scripts_on_staff_pages(staff_env: StaffEnv) -> None:
    response = staff_env.client("reviewer").get("/staff/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "<script>" not in response.get_data(as_text=True)


@pytest.mark.parametrize("kind", ["csv", "json"])
@pytest.mark.parametrize(
    "query, filters",
    [
        ("", TestimonyFilters()),
        ("platform=ebay&anonymous=true", TestimonyFilters(platform="ebay", anonymous=True)),
        (
            "problem=delisting&search=retir%C3%A9s",
            TestimonyFilters(problem="delisting", search="retirés"),
        ),
    ],
)
def test_export_equals_the_command_line_export(
    xss_env: StaffEnv,
    kind: str,
    query: str,
    filters: TestimonyFilters,
    tmp_path,
    capsys,  # noqa: ANN001
) -> None:
    response = xss_env.client("reviewer").get(f"/staff/export.{kind}?{query}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    records = export_records(filters)
    text = to_json(records) if kind == "json" else to_csv(records)
    expected = text.encode("utf-8-sig" if kind == "csv" else "utf-8")  # BOM for Excel
    assert response.data == expected
    assert response.data.startswith(b"\xef\xbb\xbf") == (kind == "csv")
    from bot.__main__ import main

    args = ["export", "--format", kind, "--output", str(tmp_path / f"out.{kind}")]
    for pair in filter(None, query.split("&")):
        name, value = pair.split("=")
        args += [f"--{name.replace('_', '-')}", value.replace("%C3%A9", "é")]
    assert main(args) == 0
    assert (tmp_path / f"out.{kind}").read_bytes() == response.data
    if kind == "json" and not query:
        assert len(json.loads(response.data)) == 4


def test_anonymous_transcript_is_masked_everywhere(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-anon"]
    page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True)
    for secret in (
        "jean.dupont@example.fr",
        "06 12 34 56 78",
        "732 829 320 00074",
        "K7QF-93XD-P2MW-TZ6C",
    ):
        assert secret not in page, secret
    assert "[e-mail masqué]" in page and "[téléphone masqué]" in page
    assert "[SIREN/SIRET masqué]" in page
    assert "Bonjour, je vends sur eBay" in page  # the rest is readable
    assert 'id="identifying-flag"' in page
    listing = client.get("/staff/testimonies").get_data(as_text=True)
    assert "Détails identifiants" in listing


def test_named_transcript_keeps_details_but_masks_the_followup_code(staff_env: StaffEnv) -> None:
    staff_env.add_events(
        conversation("sender-named", ["mon mail claire@example.fr"], start=1_793_900_000.0)
    )
    page = (
        staff_env.client("reviewer")
        .get(f"/staff/testimonies/{staff_env.references['sender-named']}")
        .get_data(as_text=True)
    )
    assert "mon mail claire@example.fr" in page
    assert "K7QF-93XD-P2MW-TZ6C" not in page


def test_unfinished_conversation_is_masked_as_if_anonymous(staff_env: StaffEnv) -> None:
    staff_env.add_events(
        conversation("sender-drop", ["appelez moi au 0612345678"], end="unfinished")
    )
    page = staff_env.client("reviewer").get("/staff/conversations/sender-drop")
    html = page.get_data(as_text=True)
    assert "0612345678" not in html and "[téléphone masqué]" in html
