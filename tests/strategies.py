"""Hypothesis strategies for article text that stresses offsets."""

from __future__ import annotations

from hypothesis import strategies as st

TRICKY = [
    "\r\n", "\r", "\n", "\u2028", "\u2029", "\u00a0", "\t", "\u200b", "\u200d", "\ufeff",
    "😀", "👍🏽", "🇵🇹", "👩\u200d💻", "𝔘", "e\u0301", "\u0301", "ש", "مرحبا", "\u202e",
    "\x85", "\x0c", " ", "é", "€", "<b>", "&amp;", "\\", '"', "{", "\U0010fffd",
]  # fmt: skip

pieces = st.one_of(
    st.sampled_from(TRICKY),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            min_size=1, max_size=4),
    st.sampled_from(["Mayor", "6,000", "said", "Portmerrow", "dam", " "]),
)  # fmt: skip

article_text = (
    st.lists(pieces, min_size=1, max_size=40).map("".join).filter(lambda t: t.strip() != "")
)


@st.composite
def text_with_spans(draw, max_spans: int = 8):
    text = draw(article_text)
    n = len(text)
    spans = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(1, n), st.sampled_from(
                ["CLAIM", "NUMBER", "ACTOR", "QUOTE"])),
            max_size=max_spans,
        ).map(lambda items: [(min(a, b), max(a, b), lab) for a, b, lab in items if a != b])
    )  # fmt: skip
    return text, spans
