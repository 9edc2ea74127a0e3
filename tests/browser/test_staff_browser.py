"""The staff app in a real browser (Playwright + Debian chromium) against waitress:
log in, filter, open a testimony, read its transcript, change status, reply, export."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest

from bot.export import export_records, to_csv
from bot.storage.filters import TestimonyFilters
from tests.staff.conftest import StaffEnv, staff_env  # noqa: F401 (fixture)

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser]  # the `chromium` fixture skips (fails in CI) without it


@pytest.fixture()
def base_url(staff_env: StaffEnv) -> Iterator[str]:  # noqa: F811
    """The staff app served by waitress on a free loopback port, in a thread."""
    from waitress.server import create_server

    server = create_server(staff_env.app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


def test_reviewer_works_through_a_testimony_in_a_browser(
    staff_env: StaffEnv,  # noqa: F811
    base_url: str,
    chromium: object,
) -> None:
    """Uses the session's chromium (tests/browser/conftest.py): one Playwright per process."""
    expect = playwright_api.expect
    if chromium is not None:
        context = chromium.new_context(accept_downloads=True)
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

            page.goto(f"{base_url}/staff/testimonies")
            expect(page).to_have_url(f"{base_url}/staff/login?next=/staff/testimonies")
            page.fill("#email", staff_env.reviewer_email)
            page.fill("#password", staff_env.reviewer_password)
            page.click("button:has-text('Se connecter')")
            expect(page.locator("h1")).to_have_text("Témoignages")
            expect(page.locator("#total")).to_have_text("3 témoignages")

            page.select_option("#f-platform", "ebay")
            page.select_option("#f-anonymous", "true")
            page.click("button:has-text('Filtrer')")
            expect(page.locator("#total")).to_have_text("1 témoignage")
            assert "platform=ebay" in page.url and "anonymous=true" in page.url

            with page.expect_download() as download_info:
                page.click("#export-csv")
            downloaded = Path(download_info.value.path()).read_bytes()
            expected = to_csv(export_records(TestimonyFilters(platform="ebay", anonymous=True)))
            assert downloaded == expected.encode("utf-8-sig")  # BOM: Excel reads it as UTF-8

            reference = staff_env.references["sender-anon"]
            page.click(f"text={reference}")
            expect(page.locator("h1")).to_have_text(f"Témoignage {reference}")
            chat = page.locator(".staff-transcript")
            expect(chat.locator(".staff-turn--user").first).to_contain_text(
                "Bonjour, je vends sur eBay"
            )
            expect(chat).to_contain_text("[e-mail masqué]")
            expect(chat).not_to_contain_text("jean.dupont@example.fr")
            expect(chat.locator(".staff-turn__buttons li").first).to_have_text("Amazon")

            page.select_option("#status", "in_review")
            page.click("button:has-text('Changer le statut')")
            expect(page.locator("#status-badge")).to_have_text("En cours d'examen")

            page.fill("#reply", "Merci, nous étudions votre dossier. <b>ok</b>")
            page.click("button:has-text('Envoyer la réponse')")
            expect(page.locator(".fr-alert--success")).to_contain_text("Réponse enregistrée")
            expect(
                page.locator("text=Merci, nous étudions votre dossier. <b>ok</b>")
            ).to_be_visible()
            assert not [e for e in errors if "Content Security Policy" in e], errors
        finally:
            context.close()


def test_an_admin_enrols_a_second_factor_and_logs_in_with_it_in_a_browser(
    staff_env: StaffEnv,  # noqa: F811
    base_url: str,
    chromium: object,
) -> None:
    """First login: password, then enrolment (QR code drawn, key typed into an authenticator
    computed here with pyotp), recovery codes shown once; second login: password then code;
    third: a recovery code."""
    expect = playwright_api.expect
    if chromium is None:
        return
    context = chromium.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        def password_step() -> None:
            page.goto(f"{base_url}/staff/login")
            page.fill("#email", staff_env.admin_email)
            page.fill("#password", staff_env.admin_password)
            page.click("button:has-text('Se connecter')")

        password_step()
        expect(page.locator("h1")).to_have_text("Validation en deux étapes")
        qr = page.locator(".staff-qr svg")
        expect(qr).to_be_visible()
        assert qr.bounding_box()["width"] >= 150  # type: ignore[index]  # scannable size
        authenticator = pyotp.TOTP(page.locator("#totp-key").inner_text().replace(" ", ""))
        page.goto(f"{base_url}/staff/testimonies")  # no way round the enrolment
        expect(page).to_have_url(f"{base_url}/staff/second-factor")
        page.fill("#code", authenticator.now())
        page.click("button:has-text('Activer')")
        expect(page.locator("h1")).to_have_text("Vos codes de secours")
        codes = page.locator("#recovery-codes li").all_inner_texts()
        assert len(codes) == 10
        page.click("text=J'ai noté mes codes")
        expect(page.locator("h1")).to_have_text("Tableau de bord")
        page.click("button:has-text('Se déconnecter')")

        password_step()
        expect(page.locator("h1")).to_have_text("Code de validation")
        page.fill("#code", "000000")
        page.click("button:has-text('Valider')")
        expect(page.locator(".fr-alert--error")).to_contain_text("Code incorrect")
        page.fill("#code", authenticator.at(time.time() + 30))  # the enrolment used now
        page.click("button:has-text('Valider')")
        expect(page.locator("h1")).to_have_text("Tableau de bord")
        page.click("button:has-text('Se déconnecter')")

        password_step()
        page.fill("#code", codes[0])
        page.click("button:has-text('Valider')")
        expect(page.locator("h1")).to_have_text("Tableau de bord")
        expect(page.locator(".fr-alert--info")).to_contain_text("il vous en reste 9")
        assert not [e for e in errors if "Content Security Policy" in e], errors
    finally:
        context.close()
