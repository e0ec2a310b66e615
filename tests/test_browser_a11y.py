"""axe-core (as axe-playwright-python bundles it) on every tab at both sizes, with a reply, its
sources and the filters open and the admin panel unlocked: no serious or critical violation."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.web import ARTIFACTS, DESKTOP, PHONE, TOKEN, ask, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TABS = ["Chatt", "Målen", "Om tjänsten", "Administration"]
BLOCKING = ("serious", "critical")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_no_serious_or_critical_axe_violation_on_any_tab(browser, served, size):
    pg, errors = open_page(browser, served, PHONE if size == "phone" else DESKTOP)
    ask(pg, "Hur stort bidrag fick Borås Stad från Tillväxtverket?")
    pg.locator("#filters button.label-wrap").click()
    pg.evaluate("document.querySelectorAll('#chat details').forEach(d => { d.open = true; })")
    axe, found = Axe(), {}
    for tab in TABS:
        pg.get_by_role("tab", name=tab).click()
        if tab == "Administration":
            pg.get_by_label("Administratörsnyckel").fill(TOKEN)
            pg.get_by_role("button", name="Lås upp").click()
            pg.wait_for_selector("#admin-docs table")
        pg.wait_for_timeout(300)
        violations = axe.run(pg).response["violations"]
        found[tab] = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in violations
        ]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{size}.json").write_text(json.dumps(found, indent=1), encoding="utf-8")
    blocking = {t: [v for v in vs if v["impact"] in BLOCKING] for t, vs in found.items()}
    assert not any(blocking.values()), blocking
    assert not errors, errors
    pg.context.close()
