"""The agreement report as plain-text tables, and its disagreements one per line."""

from __future__ import annotations

from typing import Any

_PAIR = 18  # width of the pair's names
_MEASURE = 16
_NAME = _PAIR + _MEASURE
_CELL = 9


def _cell(value: float | None) -> str:
    return f"{'n/a' if value is None else f'{value:.3f}':>{_CELL}}"


def format_table(report: dict[str, Any]) -> str:
    """Alpha per label; then pairs x measures per label; then relations and links."""
    labels = report["labels"]
    articles = report["articles"]
    lines = [
        f"Analysts: {', '.join(report['analysts'])}",
        f"Articles compared (marked done by all): {articles['compared']}; "
        f"done by some but not all (not compared): {articles['excluded']}",
        f"Units for kappa and alpha: {report['units']} non-white-space characters",
        "",
    ]
    columns = [label[: _CELL - 1] for label in labels]
    header = f"{'':<{_NAME}}" + "".join(f"{c:>{_CELL}}" for c in [*columns, "all"])
    alpha = report["alpha"]
    lines += [
        "Krippendorff's alpha (nominal, all analysts; all = each character's set of labels)",
        header,
        f"{'alpha':<{_NAME}}"
        + "".join(_cell(alpha["per_label"][label]) for label in labels)
        + _cell(alpha["overall"]),
        "",
        "Per pair (F1: micro over labels under all; kappa: label sets under all)",
        f"{'pair':<{_PAIR}}{'measure':<{_MEASURE}}" + header[_NAME:],
    ]
    measures = [
        ("span F1 strict", lambda s: s["spans"]["strict"]["per_label"],
         lambda s: s["spans"]["strict"]["micro"]),
        ("span F1 overlap", lambda s: s["spans"]["overlap"]["per_label"],
         lambda s: s["spans"]["overlap"]["micro"]),
        ("kappa", lambda s: s["kappa"]["per_label"], lambda s: s["kappa"]["overall"]),
    ]  # fmt: skip
    rows = [(f"{p['a']}-{p['b']}", p, False) for p in report["pairs"]]
    rows.append(("mean of pairs", report["mean"], True))
    for name, scores, is_mean in rows:
        for measure, per_label, overall in measures:
            cells = [_f1(per_label(scores)[label], is_mean) for label in labels]
            cells.append(_f1(overall(scores), is_mean))
            lines.append(f"{name[: _PAIR - 1]:<{_PAIR}}{measure:<{_MEASURE}}"
                         + "".join(map(_cell, cells)))  # fmt: skip
    names = ["rel strict", "rel overlap", "link strict", "link overlap"]
    lines += ["", "Relations and links (F1, micro over types)",
              f"{'':<{_NAME}}" + "".join(f"{n:>{_CELL + 4}}" for n in names)]  # fmt: skip
    for name, scores, is_mean in rows:
        cells = [
            _f1(scores[what][scheme] if is_mean else scores[what][scheme]["micro"], is_mean)
            for what in ("relations", "links")
            for scheme in ("strict", "overlap")
        ]
        lines.append(f"{name[: _NAME - 1]:<{_NAME}}"
                     + "".join(f"{_cell(c):>{_CELL + 4}}" for c in cells))  # fmt: skip
    return "\n".join(lines)


def _f1(value: Any, is_mean: bool) -> float | None:
    """A pair's F1 rows are dicts with their counts; kappa, and every mean, are numbers."""
    return value["f1"] if isinstance(value, dict) and not is_mean else value


def format_details(rows: list[dict[str, Any]]) -> str:
    """One line per disagreement: pair, article, what, kind, A's item and B's."""
    return "\n".join(
        f"{row['a']}-{row['b']}  article {row['article']}  {row['what']} {row['kind']}: "
        f"{_item(row['a_item'])} | {_item(row['b_item'])}"
        for row in rows
    )


def _item(item: dict[str, Any] | None) -> str:
    if item is None:
        return "(none)"
    if "type" in item:
        return f"{item['type']}({_item(item['head'])} -> {_item(item['tail'])})"
    where = f"{item['article']}:" if "article" in item else ""
    return f"{where}{item['start']}-{item['end']} {item['label']} {item['text']!r}"
