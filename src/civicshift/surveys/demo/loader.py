"""Reads and writes the demo's readiness surveys. The answers are drawn here, from the
levels in ``data/surveys.yaml`` and its seed (so the demo is the same every time), and written
through ``services.response_submit``, the path a respondent's answer takes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from civicshift.demo.schema_checks import DemoDataError, choice, optional, required
from civicshift.orgs.models import Department

from .. import services
from ..models import ItemKind, SurveyStatus


@dataclass(frozen=True)
class Group:
    department: str | None
    answers: int
    commitment: float
    efficacy: float
    linked: int


@dataclass(frozen=True)
class Wave:
    title: str
    change_name: str
    system_name: str
    status: str
    k: int
    allow_linking: bool
    comment: str
    groups: tuple[Group, ...]
    comments: tuple[tuple[str | None, str], ...]


@dataclass(frozen=True)
class DemoSurveys:
    seed: int
    waves: tuple[Wave, ...]


def _level(group: dict, key: str, where: str) -> float:
    value = required(group, key, where, (int, float))
    if not 1 <= value <= 5:
        raise DemoDataError(f"{where}.{key}: must be between 1 and 5; got {value}")
    return float(value)


def read_surveys(raw, where: str) -> DemoSurveys:
    seed = required(raw, "seed", where, int)
    waves = []
    for w, wave in enumerate(required(raw, "waves", where, list)):
        at = f"{where}.waves[{w}]"
        groups = []
        for g, group in enumerate(required(wave, "groups", at, list)):
            gat = f"{at}.groups[{g}]"
            answers = required(group, "answers", gat, int)
            linked = optional(group, "linked", gat, int, 0)
            if not 0 <= linked <= answers:
                raise DemoDataError(f"{gat}.linked: between 0 and answers ({answers})")
            groups.append(
                Group(
                    group.get("department"),
                    answers,
                    _level(group, "commitment", gat),
                    _level(group, "efficacy", gat),
                    linked,
                )
            )
        comments = tuple(
            (c.get("department"), required(c, "text", f"{at}.comments[{i}]"))
            for i, c in enumerate(optional(wave, "comments", at, list, []))
        )
        k = optional(wave, "k", at, int, 5)
        if k < 3:
            raise DemoDataError(f"{at}.k: at least 3")
        waves.append(
            Wave(
                required(wave, "title", at),
                required(wave, "change_name", at),
                optional(wave, "system_name", at, str, "the new system"),
                choice(
                    required(wave, "status", at), [s.value for s in SurveyStatus], f"{at}.status"
                ),
                k,
                optional(wave, "allow_linking", at, bool, False),
                optional(wave, "comment", at, str, ""),
                tuple(groups),
                comments,
            )
        )
    return DemoSurveys(seed, tuple(waves))


def _answers(rng, level: float, n_items: int, shift: float) -> list[int]:
    """One person's answers to a subscale: their own level (the group's, plus a personal
    ``shift`` shared across waves for linked people) plus item noise, on 1..5."""
    person = level + shift
    return [int(v) for v in np.clip(np.rint(rng.normal(person, 0.45, n_items)), 1, 5)]


def load_surveys(entry: DemoSurveys, *, initiative, author) -> None:
    organization = initiative.organization
    departments = {d.code: d for d in Department.objects.for_org(organization)}
    rng = np.random.default_rng(entry.seed)
    shifts: dict[str, float] = {}  # linking word -> that person's own offset, kept across waves
    previous = None
    for wave in entry.waves:
        survey = services.survey_create(
            actor=author,
            organization=organization,
            initiative=initiative,
            title=wave.title,
            change_name=wave.change_name,
            system_name=wave.system_name,
            k=wave.k,
            allow_linking=wave.allow_linking,
            previous_wave=previous,
        )
        services.survey_add_bank(actor=author, survey=survey, bank_id="oric")
        comment = None
        if wave.comment:
            comment = services.survey_item_create(
                actor=author, survey=survey, text=wave.comment, kind=ItemKind.TEXT
            )
        services.survey_update(actor=author, survey=survey, status=SurveyStatus.OPEN)
        items = list(survey.items.filter(kind=ItemKind.LIKERT5).order_by("position"))
        commitment = [i for i in items if i.subscale == "commitment"]
        efficacy = [i for i in items if i.subscale == "efficacy"]
        comments = list(wave.comments)
        for group in wave.groups:
            if group.department is not None and group.department not in departments:
                raise DemoDataError(f"surveys: no department with code {group.department}")
            department = departments.get(group.department) if group.department else None
            for person in range(group.answers):
                word = ""
                if person < group.linked:
                    word = f"demo-{group.department}-{person}"
                shift = (
                    shifts.setdefault(word, float(rng.normal(0, 0.35)))
                    if word
                    else float(rng.normal(0, 0.35))
                )
                values = _answers(rng, group.commitment, len(commitment), shift) + _answers(
                    rng, group.efficacy, len(efficacy), shift
                )
                answers = {i.key: v for i, v in zip(commitment + efficacy, values, strict=True)}
                for index, (code, text) in enumerate(comments):
                    if comment is not None and code == group.department:
                        answers[comment.key] = text
                        comments.pop(index)
                        break
                services.response_submit(
                    survey=survey, answers=answers, department=department, link_word=word
                )
        if wave.status != SurveyStatus.OPEN:
            services.survey_update(actor=author, survey=survey, status=wave.status)
        previous = survey
