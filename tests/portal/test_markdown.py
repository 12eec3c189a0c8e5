"""Markdown staff write: safe HTML, headings under the page's own, and tables that scroll on a small screen."""

from blmk_portal.markdown import render_markdown


def test_raw_html_and_script_links_are_shown_as_text_not_run():
    html = render_markdown('Hi <script>alert(1)</script> [link](javascript:alert(1)) <b onclick="x">bold</b>')
    assert "&lt;script&gt;" in html
    assert "<script" not in html
    assert "<b " not in html
    assert 'href="javascript' not in html


def test_headings_start_below_the_pages_own():
    assert render_markdown("# Purpose\n\n## Scope") == "<h3>Purpose</h3>\n<h3>Scope</h3>\n"


def test_a_table_scrolls_in_a_region_a_keyboard_can_reach():
    html = render_markdown("| Member | D/A |\n| --- | --- |\n| Chair | D |")
    assert html.startswith(
        '<div class="app-scroll-region" role="region" aria-label="Table, scrolls sideways" tabindex="0">'
        '<table class="nhsuk-table">'
    )
    assert html.rstrip().endswith("</table></div>")
    assert render_markdown("Text with &lt;table&gt; typed").count("app-scroll-region") == 0
