"""A draft alignment statement: the paragraph a grant application asks for, showing how the
initiative serves the program's priorities and the municipality's strategic goals, built from
their data only (no network, no language model), for the person to edit.

The draft says, in this order: what the initiative does (its title and proposed solution, or
its problem); which of the program's purposes it serves and the words the matching engine found
in both texts; which strategic goals it advances (code and statement as adopted). A part whose
data is missing is left out, never invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from civicshift.core.funding.codes import PURPOSES
from civicshift.core.funding.purposes import MARK


@dataclass(frozen=True)
class AlignmentInput:
    organization: str
    initiative_title: str
    program_title: str
    solution: str = ""
    problem: str = ""
    program_purposes: tuple[str, ...] = ()
    matched_terms: tuple[str, ...] = ()
    goals: tuple[tuple[str, str], ...] = ()  # (code, statement)


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(" .")
    return text[:1].lower() + text[1:] if text else ""


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def draft_alignment(data: AlignmentInput) -> str:
    parts = []
    doing = _sentence(data.solution) or _sentence(data.problem)
    opening = f"{data.organization}'s {data.initiative_title} initiative"
    if data.solution:
        parts.append(f"{opening} proposes {doing}.")
    elif doing:
        parts.append(f"{opening} addresses {doing}.")
    else:
        parts.append(f"{opening} is proposed for funding under {data.program_title}.")
    purposes = [PURPOSES[p].lower() for p in data.program_purposes if p in PURPOSES]
    words = [t for t in data.matched_terms if not t.startswith(MARK)][:6]
    if purposes:
        sentence = f"It serves {data.program_title}'s priority of {_join(purposes)}"
        if words:
            sentence += ": the program and the initiative both address " + _join(words)
        parts.append(sentence + ".")
    elif words:
        parts.append(f"It matches what {data.program_title} funds: {_join(words)}.")
    if data.goals:
        goals = [f"{code} ({_sentence(statement)})" for code, statement in data.goals]
        noun = "goal" if len(goals) == 1 else "goals"
        parts.append(f"It advances the council's strategic {noun} {_join(goals)}.")
    return " ".join(parts)
