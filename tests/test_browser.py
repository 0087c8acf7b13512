"""The served UI driven as a person would, in headless Chromium (Playwright, sync API): a cited
answer and its source, bad input, 👍 stored, reload, the staff desk's DOCX, an HWPX upload
cited in the chat, insights and the English switch. Screenshots go to docs/screenshots/.

Needs /usr/bin/chromium and fonts-noto-cjk (`make test` installs both); skipped without them.
"""

import re
import shutil
import time
from pathlib import Path

import docx
import pytest

from assistant.store import Store

from .conftest import ADMIN_PASSWORD, FIXTURES, REPO, serve_app

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="no Chromium: `make test` installs it (apt)")

VOUCHER_Q = "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?"
HWPX_Q = "센터 상담 창구는 평일 몇 시부터 문의를 받나요?"
HWPX_TITLE = "데이터 바우처 신청 안내"  # sample.hwpx (scripts/build_hwp_fixtures.py: SAMPLE)
SHOTS = REPO / "docs" / "screenshots"
WAIT_MS = 120_000  # answers take 1-5 s on 2 shared cores; generous on purpose
sync_api.expect.set_options(timeout=WAIT_MS)  # assertions wait as long as actions (busy CI)
LIKE = "#chat button[aria-label='좋아요'], #chat button[aria-label='Like']"


@pytest.fixture(scope="module")
def served(small_index, tmp_path_factory):
    with serve_app(small_index, tmp_path_factory.mktemp("browser")) as app:
        yield app


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, served):
    """A fresh browser profile (its own BrowserState) on the chat tab, Korean."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ko-KR",
                                  accept_downloads=True)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    open_app(page, served.url)
    yield page
    context.close()


def open_app(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#question textarea")
    page.wait_for_selector("#ui-language input:checked")
    time.sleep(1.5)  # the load event restores the browser's state


def bots(page):
    return page.locator("#chat [data-testid=bot]")


def ask(page, question: str, *, cited: bool = True) -> str:
    """Send a question and wait until its answer has stopped streaming; return its text."""
    before = bots(page).count()
    page.fill("#question textarea", question)
    page.click("#send")
    page.wait_for_function(f"document.querySelectorAll('#chat [data-testid=bot]').length"
                           f" > {before}")
    last = bots(page).nth(before)
    if cited:
        last.locator("a.cite").first.wait_for()
    text, deadline = "", time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = last.inner_text()
        if now == text and now.strip() not in ("", "…"):
            return now
        text = now
    pytest.fail(f"the answer to {question!r} did not settle: {text!r}")


def having(text: str) -> re.Pattern:
    return re.compile(re.escape(text))


def toast(page, words: str):
    return page.locator(".toast-body", has_text=words)


def shot(page, name: str) -> None:
    """A full-page screenshot without the notices floating over the header."""
    for close in page.locator("[data-testid=toast-close]").all():
        close.click()
    sync_api.expect(page.locator("[data-testid=toast-body]")).to_have_count(0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_answer_cites_and_the_marker_opens_its_source(page):
    answer = ask(page, VOUCHER_Q)
    assert "6,000만 원" in answer and "[1]" in answer
    page.locator("#chat a.cite").first.click()
    entry = page.locator("#sources-panel #src-0-1")
    sync_api.expect(entry).to_have_class("source active")
    sync_api.expect(entry).to_be_in_viewport()
    sync_api.expect(entry.locator("mark")).to_contain_text("6,000만 원")
    sync_api.expect(entry).to_contain_text("2023년 데이터바우처")
    shot(page, "chat.png")
    with page.context.expect_page() as opened:
        entry.locator("a.open").click()
    document = opened.value
    document.wait_for_load_state()
    assert "/view/t-voucher-2023" in document.url
    sync_api.expect(document.locator("h1")).to_have_text("2023년 데이터바우처")
    sync_api.expect(document.locator("body")).to_contain_text("최대 1,000만 원")
    sync_api.expect(document.locator("mark").first).to_be_visible()


def test_empty_message_warns_and_the_box_stays_usable(page):
    page.click("#send")
    sync_api.expect(toast(page, "질문이 비어")).to_be_visible()
    assert bots(page).count() == 0
    sync_api.expect(page.locator("#question textarea")).to_be_editable()
    assert "6,000만 원" in ask(page, VOUCHER_Q)


def test_html_in_a_question_is_shown_as_text(page):
    typed = "<img src=x onerror=alert(1)>"
    ask(page, typed, cited=False)
    user = page.locator("#chat [data-testid=user]").last
    sync_api.expect(user).to_have_text(typed)
    assert page.locator("#chat img[src=x], #chat .message img").count() == 0
    assert page.dialogs == []


def test_thumbs_up_is_stored_with_its_query(page, served):
    store = Store(served.settings.store_path)
    before = len(store.feedback_rows())
    ask(page, VOUCHER_Q)
    page.locator(LIKE).last.click()
    deadline = time.monotonic() + 60
    while len(rows := store.feedback_rows()) == before and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(rows) == before + 1
    assert rows[-1]["rating"] == 1 and rows[-1]["query_id"]
    assert rows[-1]["question"] == VOUCHER_Q and "6,000만 원" in rows[-1]["answer"]


def test_reload_keeps_the_conversation_and_the_audience(page, served):
    page.locator("#audience label", has_text="시민").click()
    sync_api.expect(page.locator("#examples")).to_contain_text("센터에는 어떤 공간이 있나요?")
    ask(page, VOUCHER_Q)
    page.reload()
    open_app(page, served.url)
    sync_api.expect(page.locator("#chat [data-testid=user]")).to_have_text([VOUCHER_Q])
    sync_api.expect(bots(page).first).to_contain_text("6,000만 원")
    sync_api.expect(page.locator("#audience input:checked")).to_have_value("citizen")
    sync_api.expect(page.locator("#sources-panel .source")).to_have_count(1)
    sync_api.expect(page.locator("#past input")).to_have_value(VOUCHER_Q)


def test_staff_desk_drafts_and_exports_docx(page, tmp_path):
    page.get_by_role("tab", name="직원 데스크").click()
    inquiry = f"안녕하세요. 창업 기업입니다.\n{VOUCHER_Q}\n감사합니다."
    page.fill("#desk-inquiry textarea", inquiry)
    page.click("#desk-make")
    draft = page.locator("#desk-draft textarea")
    sync_api.expect(draft).to_have_value(having("참고 자료"))
    assert "6,000만 원" in draft.input_value() and "2023년 데이터바우처" in draft.input_value()
    page.click("#desk-docx")
    link = page.locator("#desk-file a.download-link")
    link.wait_for()
    shot(page, "desk.png")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".docx")
    path = tmp_path / "reply.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "참고 자료" in text and "2023년 데이터바우처" in text and "6,000만 원" in text


def test_draft_from_the_last_chat_answer(page):
    ask(page, VOUCHER_Q)
    page.get_by_role("tab", name="직원 데스크").click()
    page.click("#desk-from-chat")
    sync_api.expect(page.locator("#desk-draft textarea")).to_have_value(having("참고 자료"))
    assert page.locator("#desk-inquiry textarea").input_value().strip()


def login(page, tab: str, prefix: str) -> None:
    page.get_by_role("tab", name=tab).click()
    page.fill(f"#{prefix}-password input", ADMIN_PASSWORD)
    page.click(f"#{prefix}-login")
    sync_api.expect(page.locator(f"#{prefix}-password")).to_be_hidden()


UPLOAD_PROBE = """async () => { const form = new FormData();
  form.append('files', new Blob(['# hi']), 'probe.md');
  const r = await fetch('/gradio_api/upload', {method: 'POST', body: form});
  return r.status; }"""


def test_admin_uploads_hwpx_and_the_chat_cites_it(page):
    assert page.evaluate(UPLOAD_PROBE) == 401  # Gradio's upload route: admins only
    page.get_by_role("tab", name="문서 관리").click()
    page.fill("#docs-password input", "wrong password")
    page.click("#docs-login")
    sync_api.expect(toast(page, "비밀번호")).to_be_visible()
    sync_api.expect(page.locator("#upload")).to_be_hidden()
    login(page, "문서 관리", "docs")
    sync_api.expect(page.locator("#doc-table")).to_contain_text("2023년 데이터바우처")
    for _ in range(50):  # the page trades its login ticket for the admin cookie
        if page.evaluate(UPLOAD_PROBE) == 200:
            break
        time.sleep(0.1)
    assert page.evaluate(UPLOAD_PROBE) == 200
    page.set_input_files("#upload input[type=file]", FIXTURES / "hwp" / "sample.hwpx")
    # the file list names it in a cell (its text splits stem and extension when space is short:
    # "sample .hwpx"), so the cell's accessible name is read
    sync_api.expect(page.locator("#upload").get_by_role("cell", name="sample.hwpx")).to_be_visible()
    page.click("#upload-button")
    status = page.locator("#ingest-status")
    sync_api.expect(status).to_contain_text("색인 완료", timeout=300_000)
    sync_api.expect(status).to_contain_text("실패 0개")
    sync_api.expect(page.locator("#doc-table")).to_contain_text(HWPX_TITLE)
    shot(page, "documents.png")
    page.get_by_role("tab", name="채팅").click()
    answer = ask(page, HWPX_Q)
    assert "9시" in answer
    sync_api.expect(page.locator("#sources-panel")).to_contain_text(HWPX_TITLE)


def test_insights_show_questions_and_refusals(page):
    ask(page, VOUCHER_Q)
    ask(page, "<img src=x> 포항 시내 맛집 추천해 주세요", cited=False)
    login(page, "인사이트", "ins")
    summary = page.locator("#ins-summary")
    sync_api.expect(summary).to_contain_text("<img src=x> 포항 시내 맛집")  # as text
    assert summary.locator("img").count() == 0
    sync_api.expect(page.locator("#ins-latency canvas, #ins-latency svg").first).to_be_visible()
    time.sleep(1.5)  # the plot animates in
    shot(page, "insights.png")


def test_english_switch_relabels_the_interface(page):
    ask(page, VOUCHER_Q)
    page.locator("#ui-language label", has_text="English").click()
    sync_api.expect(page.get_by_role("tab", name="Staff desk")).to_be_visible()
    sync_api.expect(page.locator("#send")).to_have_text("Send")
    sync_api.expect(page.locator("#question textarea")).to_have_attribute(
        "placeholder", having("Type a question"))
    sync_api.expect(page.locator("#examples")).to_contain_text("data voucher")
    sync_api.expect(page.locator("#sources-panel a.open").first).to_have_text("open")
    sync_api.expect(page.locator("#title")).to_contain_text("Knowledge assistant")
    page.click("#send")
    sync_api.expect(toast(page, "empty")).to_be_visible()
