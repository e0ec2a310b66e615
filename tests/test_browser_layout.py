"""The chat on a phone (390x844) and a laptop (1366x900), as a person uses it: what the first
screen holds, the keyboard's path, the width of every tab, and where a new reply is shown."""

from __future__ import annotations

import pytest

from tests.web import (
    DESKTOP,
    PHONE,
    ask,
    last_answer,
    open_page,
    question_box,
    shot,
    wait_for_reply,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TABS = ["Chatt", "Målen", "Om tjänsten", "Administration"]
MAX_TAB_STOPS = 3
IN_QUESTION = "() => document.activeElement?.closest('#question') !== null"
# The focused element's own indicator: an outline, or Gradio's ring drawn with box-shadow.
FOCUS_SHOWN = """() => { const e = document.activeElement, cs = getComputedStyle(e);
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
  return outline || cs.boxShadow !== 'none'; }"""
DESCRIBE = """() => { const e = document.activeElement;
  return `${e.tagName} #${e.id} ${(e.getAttribute('aria-label') || e.innerText || e.value || '').slice(0, 40)}`; }"""
# Where the newest reply's first line is: in the page's viewport and in the chat's scroll box.
REPLY_START = """() => { const bots = document.querySelectorAll('#chat [data-testid=bot]');
  const top = bots[bots.length - 1].getBoundingClientRect().top;
  const log = [document.querySelector('#chat [role=log]'), document.querySelector('#chat')]
    .find(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowY)
      && e.scrollHeight > e.clientHeight + 1) || document.querySelector('#chat');
  const box = log.getBoundingClientRect();
  return {top, viewport: innerHeight, boxTop: box.top, boxBottom: box.bottom,
          atEnd: log.scrollTop + log.clientHeight >= log.scrollHeight - 4,
          scrolls: log.scrollHeight > log.clientHeight + 1}; }"""
LINE = 24  # px: a first line is in view when this much of it is


@pytest.fixture(params=["phone", "desktop"])
def sized(request, browser, served):
    pg, errors = open_page(browser, served, PHONE if request.param == "phone" else DESKTOP)
    yield request.param, pg
    pg.context.close()
    assert not errors, errors


def no_overflow(pg) -> bool:
    return pg.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_first_screen_tab_stops_tabs_and_width(sized):
    size, pg = sized
    box = pg.locator("#question textarea").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= pg.viewport_size["height"], box
    shot(pg, f"20-{size}-first-screen", full_page=False)

    stops = []
    for _ in range(MAX_TAB_STOPS + 5):
        pg.keyboard.press("Tab")
        stops.append(pg.evaluate(DESCRIBE))
        assert pg.evaluate(FOCUS_SHOWN), f"no visible focus on {stops[-1]}"
        if pg.evaluate(IN_QUESTION):
            break
    assert pg.evaluate(IN_QUESTION) and len(stops) <= MAX_TAB_STOPS, stops
    for _ in range(6):  # on through the buttons, the folded filters and the examples
        pg.keyboard.press("Tab")
        assert pg.evaluate(FOCUS_SHOWN), f"no visible focus on {pg.evaluate(DESCRIBE)}"

    width = pg.viewport_size["width"]
    tabs = pg.get_by_role("tab")
    assert [t.inner_text().strip() for t in tabs.all()] == TABS
    for tab in tabs.all():  # every tab in view; none behind Gradio's "⋯" menu
        edge = tab.bounding_box()
        assert tab.is_visible() and edge["x"] >= 0 and edge["x"] + edge["width"] <= width
    assert pg.locator(".overflow-menu button:visible").count() == 0
    for name in TABS:
        pg.get_by_role("tab", name=name).click()
        pg.wait_for_timeout(300)
        assert no_overflow(pg), f"{name} is wider than the {size} screen"
    pg.get_by_role("tab", name="Chatt").click()
    label = pg.locator("#filters button.label-wrap")
    assert label.inner_text().startswith("Avgränsa sökningen: alla dokument och år")
    assert label.bounding_box()["height"] < 60  # one line
    label.click()
    pg.locator("#filter-type input:checked").wait_for()
    assert no_overflow(pg)
    # one Tab stop per filter group: from the type group's chosen option Tab goes to the years
    pg.wait_for_function(  # the page's script has made each group one (once per frame)
        "() => new Set([...document.querySelectorAll('#filter-type input')].map(i => i.name)).size === 1"
    )
    pg.locator("#filter-type input:checked").focus()
    pg.keyboard.press("ArrowRight")
    pg.wait_for_function(
        "() => document.querySelector('#filters button.label-wrap').innerText.includes('Beslut')"
    )
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.closest('fieldset')?.id") == "filter-year"
    shot(pg, f"21-{size}-filters", full_page=False)


def test_a_reply_is_shown_from_its_start_with_its_sources_and_the_focus_stays(sized):
    size, pg = sized
    question_box(pg).click()
    pg.keyboard.type("Hur stort bidrag fick Borås Stad från Tillväxtverket?")
    pg.keyboard.press("Enter")
    wait_for_reply(pg, 1)
    assert pg.evaluate(IN_QUESTION)
    _first_line_in_view(pg)
    assert "12 miljoner kronor" in last_answer(pg).inner_text()
    assert not pg.locator("#examples [data-testid=accordion-content]").is_visible()
    sources = last_answer(pg).locator("details.reply-sources")
    if size == "phone":
        assert not pg.locator("#sources").is_visible()
        summary = sources.locator("summary")
        n = sources.locator("li.source").count()
        assert n >= 1 and summary.inner_text().strip() == f"Källor ({n})"
        summary.click()
        link = sources.locator("a").first
        assert link.is_visible() and "#page=" in link.get_attribute("href")
    else:
        assert not sources.is_visible()
        assert pg.locator("#sources li.source").first.is_visible()
    shot(pg, f"22-{size}-reply", full_page=False)

    ask(pg, "Vilka är målen för Socialt hållbart Borås?")  # a long reply after the first
    assert pg.evaluate(IN_QUESTION)
    where = _first_line_in_view(pg)
    if where["scrolls"]:
        assert not where["atEnd"], "the chat jumped to the end of the reply"
    shot(pg, f"23-{size}-second-reply", full_page=False)


def _first_line_in_view(pg) -> dict:
    where = pg.evaluate(REPLY_START)
    assert where["top"] >= 0 and where["top"] + LINE <= where["viewport"], where
    assert where["boxTop"] - 1 <= where["top"] and where["top"] + LINE <= where["boxBottom"], where
    return where


def test_a_table_answer_is_a_table_in_the_reply_and_in_its_sources(sized):
    """Rows under their header row, as a table in the reply and in the sources, and a table
    wider than a phone scrolls inside the reply, not the page."""
    size, pg = sized
    ask(pg, "Har kvinnor oftare eftergymnasial utbildning än män?")
    reply = last_answer(pg)
    table = reply.locator("table").first
    assert table.is_visible()
    heads = [h.strip() for h in table.locator("th").all_inner_texts()]
    assert "Kvinnor (%)" in heads and "Män (%)" in heads, heads
    assert "Eftergymnasial utbildning 25–64 år" in table.inner_text()
    assert no_overflow(pg)
    sources = reply.locator("details.reply-sources") if size == "phone" else pg.locator("#sources")
    if size == "phone":
        sources.locator("summary").click()
    cited = sources.locator("table.source-table").first
    assert cited.is_visible()
    assert "Kvinnor (%)" in cited.locator("th").all_inner_texts()
    assert no_overflow(pg)
    shot(pg, f"24-{size}-table", full_page=False)
