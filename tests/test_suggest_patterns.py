"""Proposals from a spaCy/Prodigy patterns file, matched over the project's own tokens,
and the one-line errors for a bad file (invented text throughout)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.suggest import suggest
from annotator.core.suggest.errors import BadPatterns
from annotator.core.suggest.patterns import Patterns, load_patterns


def write(tmp_path: Path, *records: object) -> Path:
    path = tmp_path / "patterns.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def matches(patterns: Patterns, text: str) -> list[tuple[str, str]]:
    out = []
    for p in patterns.find(text):
        assert text[p.start : p.end] == p.text
        assert p.source == "patterns" and p.score == 1.0
        out.append((p.label, p.text))
    return out


def one(tmp_path: Path, pattern: list[dict], text: str) -> list[str]:
    patterns = load_patterns(write(tmp_path, {"label": "X", "pattern": pattern}))
    return [t for _, t in matches(patterns, text)]


def test_phrase_patterns_with_an_id(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {"label": "ACTOR", "pattern": "Velkovar Council", "id": "E12"},
        "",
        {"label": "NUMBER", "pattern": "a dozen"},
    )
    patterns = load_patterns(path)
    assert len(patterns) == 2
    text = "The Velkovar Council's a dozen boats; the velkovar council; Velkovar Councils."
    found = patterns.find(text)
    assert [(p.label, p.text, p.attributes) for p in found] == [
        ("ACTOR", "Velkovar Council", {"entity": "E12"}), ("NUMBER", "a dozen", {}),
    ]  # fmt: skip


def test_token_attributes(tmp_path: Path) -> None:
    text = "In 2031 the ORLEN port took 12 per cent, said Dr. Ilse Brandow at 9:30."
    assert one(tmp_path, [{"LIKE_NUM": True}, {"LOWER": "per"}, {"LOWER": "cent"}],
               text) == ["12 per cent"]  # fmt: skip
    assert one(tmp_path, [{"IS_UPPER": True}, {"ORTH": "port"}], text) == ["ORLEN port"]
    assert one(tmp_path, [{"IS_DIGIT": True, "SHAPE": "dddd"}], text) == ["2031"]
    assert one(tmp_path, [{"TEXT": "Dr"}, {"IS_PUNCT": True}, {"IS_TITLE": True},
                          {"IS_ALPHA": True}], text) == ["Dr. Ilse Brandow"]  # fmt: skip
    assert one(tmp_path, [{"LOWER": {"IN": ["took", "said"]}}, {"IS_LOWER": False}],
               text) == ["took 12", "said Dr"]  # fmt: skip
    assert one(tmp_path, [{"ORTH": {"REGEX": "^Br"}}], text) == ["Brandow"]
    assert one(tmp_path, [{"ORTH": "the"}, {"LOWER": {"NOT_IN": ["port"]}}], text) == [
        "the ORLEN"
    ]


def test_each_op(tmp_path: Path) -> None:
    text = "the old grey ferry left; the ferry left; the new ferry sank"
    ferry = {"LOWER": "ferry"}
    assert one(tmp_path, [{"LOWER": "the"}, {"IS_ALPHA": True, "OP": "?"}, ferry], text) == [
        "the ferry", "the new ferry",
    ]  # fmt: skip
    assert one(tmp_path, [{"LOWER": "the"}, {"LOWER": {"NOT_IN": ["ferry"]}, "OP": "*"},
                          ferry], text) == [
        "the old grey ferry", "the ferry", "the new ferry",
    ]  # fmt: skip
    assert one(tmp_path, [{"LOWER": "the"}, {"LOWER": {"NOT_IN": ["ferry"]}, "OP": "+"},
                          ferry], text) == ["the old grey ferry", "the new ferry"]  # fmt: skip
    assert one(tmp_path, [{"LOWER": "the"}, {"LOWER": "new", "OP": "!"}], text) == [
        "the old", "the ferry",
    ]  # fmt: skip


def test_negation_consumes_exactly_one_token(tmp_path: Path) -> None:
    text = "the old ferry; the new ferry"
    assert one(tmp_path, [{"LOWER": "the"}, {"LOWER": "new", "OP": "!"}, {"LOWER": "ferry"}],
               text) == ["the old ferry"]  # fmt: skip


def test_a_match_never_crosses_a_line_break(tmp_path: Path) -> None:
    patterns = load_patterns(write(tmp_path, {"label": "ACTOR", "pattern": "Orlen Port"}))
    assert matches(patterns, "Orlen\nPort and Orlen Port") == [("ACTOR", "Orlen Port")]


def test_overlaps_within_a_label_keep_the_longest(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {"label": "ACTOR", "pattern": "Orlen"},
        {"label": "ACTOR", "pattern": "Orlen Port Authority"},
        {"label": "PLACE", "pattern": "Orlen Port"},
    )
    assert matches(load_patterns(path), "The Orlen Port Authority met.") == [
        ("ACTOR", "Orlen Port Authority"), ("PLACE", "Orlen Port"),
    ]  # fmt: skip


def test_suggest_with_patterns(tmp_path: Path) -> None:
    patterns = load_patterns(write(tmp_path, {"label": "ACTOR", "pattern": "Orlen Port"}))
    text = "Orlen Port closed."
    (p,) = suggest(text, sources=["patterns"], patterns=patterns)
    assert (p.start, p.end, p.label) == (0, 10, "ACTOR")


BAD = [
    ("{not json", "line 2: not JSON"),
    ('["label", "ACTOR"]', "line 2: not an object but list"),
    ('{"pattern": "Orlen"}', 'line 2: no "label"'),
    ('{"label": "ACTOR"}', 'line 2: no "pattern"'),
    ('{"label": "", "pattern": "Orlen"}', 'line 2: "label" is not a text'),
    ('{"label": "ACTOR", "pattern": 5}', 'line 2: "pattern" is a phrase'),
    ('{"label": "ACTOR", "pattern": "  "}', "line 2: the phrase pattern is empty"),
    ('{"label": "ACTOR", "pattern": []}', "line 2: the token pattern is an empty list"),
    ('{"label": "ACTOR", "pattern": ["Orlen"]}', "line 2: token 1 is not an object"),
    ('{"label": "X", "pattern": [{"POS": "NOUN"}]}',
     'line 2: token 1: unknown token attribute "POS"'),
    ('{"label": "X", "pattern": [{"LOWER": "a"}, {"LOWER": "b", "OP": "{2}"}]}',
     'line 2: token 2: bad OP "{2}"'),
    ('{"label": "X", "pattern": [{"ORTH": {"REGEX": "(unclosed"}}]}',
     'line 2: token 1: invalid REGEX "(unclosed"'),
    ('{"label": "X", "pattern": [{"ORTH": {"LIKE": "a"}}]}',
     'line 2: token 1: unknown operator "LIKE"'),
    ('{"label": "X", "pattern": [{"IS_DIGIT": "yes"}]}',
     'line 2: token 1: IS_DIGIT is true or false'),
    ('{"label": "X", "pattern": [{"LOWER": {"IN": "abc"}}]}',
     "line 2: token 1: LOWER IN takes a list of texts"),
    ('{"label": "X", "pattern": [{"LOWER": "a", "OP": "*"}]}',
     "line 2: the token pattern matches nothing at all"),
    ('{"label": "X", "pattern": "Orlen", "id": 7}', 'line 2: "id" is not a text'),
]  # fmt: skip


@pytest.mark.parametrize(("line", "reason"), BAD)
def test_a_bad_line_refuses_the_whole_file_in_one_line(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = write(tmp_path, {"label": "ACTOR", "pattern": "Velkovar"}, line,
                 {"label": "ACTOR", "pattern": "Orlen"})  # fmt: skip
    with pytest.raises(BadPatterns) as caught:
        load_patterns(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {reason}"), message
    assert "\n" not in message


def test_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(BadPatterns, match=r"missing\.jsonl: cannot read the patterns file"):
        load_patterns(tmp_path / "missing.jsonl")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b'{"label": "\xff"}\n')
    with pytest.raises(BadPatterns, match=r"binary\.jsonl: not UTF-8 text \(byte 11\)"):
        load_patterns(binary)
