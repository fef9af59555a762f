"""framing.read.html: the main text of an HTML page, and its metadata."""

from __future__ import annotations

from framing.read import html_main_text
from tests.conftest import BoundedList


def test_html_main_text_skips_chrome_and_keeps_paragraphs():
    page = """<html><head><title>Ignored title</title><style>p{}</style>
    <meta property="article:published_time" content="2020-10-02T08:00:00Z"></head>
    <body><nav>Home | World</nav><article><h1>Talks resume</h1>
    <p>The ministry said the talks would resume.</p><script>var x = 1;</script>
    <p>&ldquo;We are ready,&rdquo; the envoy said.</p></article>
    <footer>&copy; Someone</footer></body></html>"""
    text, meta = html_main_text(page)
    assert text == (
        "Talks resume\n\nThe ministry said the talks would resume.\n\n"
        "\u201cWe are ready,\u201d the envoy said.\n"
    )
    assert meta == {"title": "Talks resume", "date": "2020-10-02"}


def test_unmatched_end_tags_stay_linear(monkeypatch):
    # issue 17 item 20: every unmatched end tag scanned the whole stack of open tags (a 560 KB
    # page took 76 s, and still gave the right text); now an end tag is looked up in a count
    # of the open tags: the stack is never searched (counted, not timed)
    import framing.read.html as reader

    init = reader._MainText.__init__

    def counted(self):
        init(self)
        self.stack = BoundedList(budget=1_000)

    monkeypatch.setattr(reader._MainText, "__init__", counted)
    n = 40_000
    page = "<article>" + "<p><span>Officials said it." * n + "</b></i>" * n + "</article>"
    text, _meta = html_main_text(page)
    assert text.count("Officials said it.") == n


def test_unfinished_construct_at_the_end_swallows_the_rest():
    # as in browsers: a comment, tag or attribute left open at the end hides the rest (older
    # Pythons re-scanned the rest once per "<" in it: quadratic)
    for tail in ("<!-- x " * 20_000, "<a href='x' " * 20_000, "<a title='x" + " <b" * 20_000):
        text, _meta = html_main_text("<p>The ministry said so.</p>" + tail)
        assert text == "The ministry said so.\n"
    assert html_main_text("<p>a &lt; b</p> 3 <")[0] == "a < b\n\n3 <\n"
