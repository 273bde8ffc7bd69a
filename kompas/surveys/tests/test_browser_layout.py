"""The phone layout in a real browser (issue 9, item 7).

At 390 CSS px (a common phone width) every five-point item is one row of five cells under the
two ends of the scale and takes at most 160 px of height, where the stacked layout took about
410 px; every cell is a target of at least 44 x 44 px, each radio keeps its own name for screen
readers and the arrow keys move the choice within an item. No table of the report breaks a
word in the middle: a word wraps as a whole or the table scrolls in its own focusable region.
Screenshots at 390 and 320 px land outside the repository for people to look at.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from kompas.lib.testing.browser import (
    KOMPAS,
    BrowserTestCase,
    Respondent,
    artifacts_folder,
    open_report,
)
from kompas.surveys import services

PHONE = 390
SMALLEST = 320
MOST_PER_ITEM = 160  # px, issue 9 item 7
SMALLEST_TARGET = 44  # px, WCAG 2.1 success criterion 2.5.5 and the issue

#: The pages (numbered from 1) that hold five-point items, as a fresh response sees them.
LIKERT_PAGES = [
    number
    for number, page in enumerate(services.visible_pages(KOMPAS, {}), start=1)
    if any(KOMPAS.kind(q) == "likert" for q in page.questions)
]

MEASURE_ITEMS = """() => [...document.querySelectorAll("fieldset.likert")]
  .filter(f => f.offsetParent !== null)
  .map(f => ({
    id: f.id,
    height: f.getBoundingClientRect().height,
    right: f.getBoundingClientRect().right,
    cells: [...f.querySelectorAll("label")].map(l => {
      const box = l.getBoundingClientRect();
      return {width: box.width, height: box.height, holds: !!l.querySelector("input[type=radio]")};
    }),
  }))"""


# A word the browser breaks across two lines has two line boxes: a Range over that word then
# has more than one client rectangle.
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll("table th, table td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s\\u2010-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) { split.push(match[0]); }
      }
    }
  }
  return split;
}"""

TABLES = """() => [...document.querySelectorAll("table")].map(t => {
  const wrap = t.closest(".table-wrap") || t.parentElement;
  return {
    caption: t.caption ? t.caption.textContent.trim() : "",
    fits: t.getBoundingClientRect().right <= document.documentElement.clientWidth,
    scrolls: getComputedStyle(wrap).overflowX === "auto" && wrap.scrollWidth > wrap.clientWidth,
    focusable: wrap.tabIndex === 0,
    named: !!(wrap.getAttribute("aria-label") || wrap.getAttribute("aria-labelledby")),
  };
})"""


class PhoneLayout(BrowserTestCase):
    def open_page(self, language: str, number: int, width: int = PHONE) -> Page:
        _, token = self.started_response(language)
        page = self.new_page(language, width=width)
        page.goto(self.url("page", token, number))
        return page

    def measure(self, page: Page) -> list[dict[str, Any]]:
        return list(page.evaluate(MEASURE_ITEMS))

    def test_every_likert_item_is_at_most_160_px_high_at_390_px_with_44_px_targets(self):
        too_high, too_small, tallest = [], [], 0.0
        for language in ("nl", "en"):
            _, token = self.started_response(language)
            page = self.new_page(language, width=PHONE)
            for number in LIKERT_PAGES:
                page.goto(self.url("page", token, number))
                items = self.measure(page)
                self.assertTrue(items, f"page {number} shows no Likert item")
                for item in items:
                    tallest = max(tallest, item["height"])
                    if item["height"] > MOST_PER_ITEM:
                        too_high.append(f"{item['id']} ({language}): {item['height']:.0f} px")
                    self.assertEqual(len(item["cells"]), 5, item["id"])
                    self.assertLessEqual(item["right"], PHONE, item["id"])
                    for cell in item["cells"]:
                        self.assertTrue(cell["holds"], item["id"])
                        if min(cell["width"], cell["height"]) < SMALLEST_TARGET:
                            too_small.append(f"{item['id']} ({language}): {cell}")
        print(f"tallest Likert item at {PHONE} px: {tallest:.0f} px")
        self.assertEqual(too_high, [])
        self.assertEqual(too_small, [])

    def test_the_five_cells_stand_in_one_row_under_the_two_ends_of_the_scale(self):
        page = self.open_page("nl", LIKERT_PAGES[0])
        item = page.locator("fieldset.likert").first
        tops = item.locator("label").evaluate_all(
            "ls => ls.map(l => Math.round(l.getBoundingClientRect().top))"
        )
        self.assertEqual(len(set(tops)), 1)
        ends = item.locator(".scale-ends span")
        self.assertEqual(ends.all_inner_texts(), ["Helemaal mee oneens", "Helemaal mee eens"])
        left, right = (ends.nth(i).bounding_box() for i in (0, 1))
        cells = item.locator("label")
        first, last = cells.first.bounding_box(), cells.last.bounding_box()
        assert left and right and first and last
        self.assertLess(left["y"] + left["height"], first["y"] + 1)
        self.assertLess(abs(left["x"] - first["x"]), 2)
        self.assertLess(abs(right["x"] + right["width"] - last["x"] - last["width"]), 2)

    def test_each_radio_keeps_the_name_of_its_answer_in_a_fieldset_with_a_legend(self):
        page = self.open_page("en", LIKERT_PAGES[0])
        question = services.visible_pages(KOMPAS, {})[LIKERT_PAGES[0] - 1].questions[0]
        item = page.locator(f"fieldset#q-{question}")
        self.assertEqual(item.locator("legend").inner_text(), KOMPAS.items[question].text["en"])
        group = page.get_by_role("group", name=KOMPAS.items[question].text["en"])
        for value, label in KOMPAS.labels(question).items():
            radio = group.get_by_role("radio", name=label["en"], exact=True)
            self.assertEqual(radio.get_attribute("value"), str(value))

    def test_the_arrow_keys_move_the_choice_within_an_item_and_focus_shows(self):
        page = self.open_page("nl", LIKERT_PAGES[0])
        bot = Respondent(page, "nl")
        first, second = bot.visible_questions()[:2]
        page.locator(f"label[for='{first}-3']").click()
        moves = []
        for key in ("ArrowRight", "ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp", "ArrowUp"):
            page.keyboard.press(key)
            focused = bot.focused()
            self.assertTrue(focused["outline"], f"no visible focus after {key}")
            self.assertTrue(focused["checked"])
            moves.append((focused["name"], focused["value"]))
        self.assertEqual(
            moves,
            [(first, "4"), (first, "5"), (first, "4"), (first, "5"), (first, "4"), (first, "3")],
        )
        page.keyboard.press("Tab")
        self.assertEqual(bot.focused()["name"], second)

    def test_choice_and_text_questions_keep_their_stacked_layout(self):
        page = self.open_page("nl", 1)
        tops = page.locator("#q-bg_role .option").evaluate_all(
            "os => os.map(o => Math.round(o.getBoundingClientRect().top))"
        )
        self.assertEqual(len(set(tops)), len(tops))
        self.assertEqual(page.locator("fieldset.likert").count(), 0)
        self.assertEqual(page.locator("#q-bg_role .visually-hidden").count(), 0)

    def test_axe_finds_no_violation_on_a_likert_page_or_the_report_on_phones(self):
        found = []
        for language in ("nl", "en"):
            for width in (PHONE, SMALLEST):
                page = self.open_page(language, LIKERT_PAGES[0], width)
                page.locator("label[for$='-5']").first.click()
                found += [(language, width, "page", v["id"]) for v in self.axe_violations(page)]
                page = self.new_page(language, width=width)
                open_report(self, page, language)
                found += [(language, width, "report", v["id"]) for v in self.axe_violations(page)]
        self.assertEqual(found, [])

    def test_no_table_of_the_report_breaks_a_word_at_390_or_320_px(self):
        for language in ("nl", "en"):
            for width in (PHONE, SMALLEST):
                page = self.new_page(language, width=width)
                open_report(self, page, language)
                self.assertEqual(page.evaluate(SPLIT_WORDS), [], f"{language} at {width} px")
                for table in page.evaluate(TABLES):
                    if not table["fits"]:
                        self.assertTrue(table["scrolls"], table)
                        self.assertTrue(table["focusable"] and table["named"], table)
                width_of_page = page.evaluate("document.documentElement.scrollWidth")
                self.assertLessEqual(width_of_page, width)

    def test_screenshots_at_390_and_320_px_are_kept(self):
        folder = artifacts_folder("phone-layout")
        written = []
        for language in ("nl", "en"):
            for width in (PHONE, SMALLEST):
                page = self.open_page(language, LIKERT_PAGES[0], width)
                page.locator("label[for$='-4']").first.click()
                written.append(folder / f"likert-{language}-{width}.png")
                page.screenshot(path=written[-1], full_page=False)
                page = self.new_page(language, width=width)
                open_report(self, page, language)
                written.append(folder / f"report-{language}-{width}.png")
                page.screenshot(path=written[-1], full_page=True)
        self.assertTrue(all(p.stat().st_size > 1000 for p in written))
