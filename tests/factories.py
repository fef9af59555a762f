"""Typed reports built by hand, for tests of the steps that read reports (the corpus step,
distinctive terms): only body paragraphs, and at most one attribution."""

from __future__ import annotations

from dataclasses import replace

from framing.schema import (
    Attribution,
    AttributionSummary,
    BodyBounds,
    BoilerplateSummary,
    ModelInfo,
    Paragraph,
    ParagraphBoilerplate,
    Readability,
    ReadabilityScores,
    Report,
    SpacyModelInfo,
    Span,
    SpeakerStats,
    Voice,
    VoiceCounts,
)


def make_report(
    rid: str,
    outlet: str,
    paragraphs: list[str],
    attributed: int | None = None,
    quoted: str | None = None,
) -> Report:
    """A report with body paragraphs only, as the classifier left them (all news); paragraph
    ``attributed`` (if given) is all quoted speech; ``quoted`` (if given), a text in one of
    the paragraphs, is an attribution's content."""
    paras, pos = [], 0
    for k, text in enumerate(paragraphs):
        paras.append(
            Paragraph(
                index=k,
                span=Span(pos, pos + len(text), text),
                role="body",
                voice="attributed" if k == attributed else "narrator",
                words=len(text.split()),
                attributed_share=1.0 if k == attributed else 0.0,
                boilerplate=ParagraphBoilerplate("none", 0.0, None, None, "logreg-2"),
            )
        )
        pos += len(text) + 2
    text = "\n\n".join(paragraphs)
    atts = []
    if quoted:
        s = text.index(quoted)
        content = Span(s, s + len(quoted), quoted)
        atts.append(Attribution(None, Span(s, s, ""), content, "direct", None, id="a1"))
    n = sum(p.words for p in paras)
    whole = VoiceCounts.of(n, sum(p.words for p in paras if p.voice == "attributed"))
    empty = ReadabilityScores(None, None, None, None, None, None, 0, 0.0)
    return Report(
        schema_version="1.0", framing_version="0", id=rid, source_path=f"{rid}.txt", row=None,
        outlet=outlet, metadata={}, text=text, body=BodyBounds(0, pos - 2),
        excluded=[],
        model=ModelInfo(SpacyModelInfo("x", "0", "0"), "rules-1", "minhash", [], "fast", {}),
        attributions=atts, speakers=[], attribution_summary=AttributionSummary(0, 0, 0.0, {}),
        voice=Voice("", whole, whole, []), paragraphs=paras,
        boilerplate=BoilerplateSummary(0, 0, 0.0, []), lexicons={},
        readability=Readability(empty, empty, empty, ""),
    )  # fmt: skip


def speaker_report(rid: str, text: str, speakers: list[tuple[str, str, int]]) -> Report:
    """A report of ``text`` (one body paragraph) whose speakers are ``(name, type,
    statements)``, with entity ids e1, e2, ... (what the corpus step reads of speakers)."""
    base = make_report(rid, "outlet", [text])
    stats = [
        SpeakerStats(f"e{k}", name, typ, None, n, 10 * n, [name])
        for k, (name, typ, n) in enumerate(speakers, start=1)
    ]
    return replace(base, speakers=stats)
