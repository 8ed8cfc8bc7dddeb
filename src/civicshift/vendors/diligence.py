"""The due-diligence lists (``data/diligence.yaml``): security questionnaire, contract
checklist and reference questions, and the red flags of a proposal's answers."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from civicshift.formats.safety import read_yaml

PATH = Path(__file__).parent / "data" / "diligence.yaml"


@cache
def diligence_data() -> dict:
    raw = read_yaml(PATH, max_bytes=200_000)
    for key in ("id", "version", "security", "contract", "reference_questions"):
        if key not in raw:
            raise ValueError(f"{PATH.name}: missing {key!r}")
    for checklist in ("security", "contract"):
        ids = [item["id"] for item in raw[checklist]["items"]]
        if len(ids) != len(set(ids)):
            raise ValueError(f"{PATH.name}: an id is repeated in {checklist}")
        for item in raw[checklist]["items"]:
            # YAML reads a bare no as false: the answers must be quoted words.
            if not all(isinstance(v, str) for v in item.get("red_flag", [])):
                raise ValueError(f"{PATH.name}: {checklist} {item['id']}: quote the red_flag words")
    return raw


def items(checklist: str) -> list[dict]:
    return diligence_data()[checklist]["items"]


def review(proposal, answers) -> dict:
    """Per checklist, each item with the proposal's answer and whether it is a red flag
    (an answer the file lists as one, or no answer yet for a security item)."""
    given = {(a.checklist, a.item): a for a in answers}
    out = {}
    for checklist in ("security", "contract"):
        rows = []
        for item in items(checklist):
            answer = given.get((checklist, item["id"]))
            value = answer.answer if answer else "unknown"
            rows.append(
                {
                    "item": item,
                    "answer": answer,
                    "value": value,
                    "red_flag": value in item.get("red_flag", []),
                }
            )
        out[checklist] = rows
    return out
