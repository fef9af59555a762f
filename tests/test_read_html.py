"""framing.read.html: the main text of an HTML page, and its metadata."""

from __future__ import annotations

from framing.read import html_main_text


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
