"""Ranked, explained matches of an initiative against funding programs.

Build a ``MatchIndex`` once over the programs (BM25 over title, description, purposes and
assistance-listing titles; eligibility, amounts and dates as numpy arrays), then call
``match(need, today=…)`` per initiative. Each match carries a score from 0 to 100 and the
reasons behind it, in plain language:

* **eligibility** (pass/fail) from the applicant-type codes: the organization's code, or 99
  (unrestricted), passes; 25 (others, see text) or no codes at all is "check the text" (kept,
  flagged); anything else fails: excluded, or ranked after every eligible program with
  ``include_ineligible=True``.
* **purpose fit**: BM25 of the initiative's description, tags and goals, divided by the best
  score among the candidates (so the best fit is 1), with the matched terms shown. The query
  is analyzed by ``purposes.analyze_query``: words that name a purpose ("backups",
  "police") also reach the programs funding it, at half weight; programs carry one marker
  token per purpose (``purposes.document_tokens``).
* **amount fit**: 1 when the funding gap lies between floor and ceiling; when it exceeds the
  ceiling, the share the ceiling covers; 0.5 when the smallest award is larger than the gap
  (apply for less or combine projects); 0.5 when the notice states no amounts (a ceiling of 0 in
  the Grants.gov extract means "not stated").
* **deadline feasibility**: days to the close date (or, for a forecast, the estimated close)
  against the preparation days: 1 when there is time, the fraction of the needed time otherwise,
  0 once closed; 0.5 when there is no date (rolling or not yet announced).
* **local-match affordability**: the match the gap implies, ``gap × s / (1 − s)`` for a
  non-federal share ``s`` of the total cost, against the organization's capacity: 1 if
  affordable, else the affordable fraction; 0.5 when a cost share is required but not stated.

Score = 100 × (0.50 purpose + 0.20 amount + 0.15 deadline + 0.15 match). Programs with no
purpose fit at all (no shared term) are left out unless the query is empty. Measured in
``benchmarks/bench_funding.py``: one match against 80,000 programs, after the build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np

from civicshift.core.funding.bm25 import BM25Index, tokenize
from civicshift.core.funding.model import FundingProgram, InitiativeNeed
from civicshift.core.funding.purposes import analyze_query, describe_terms, document_tokens
from civicshift.core.funding.status import program_status

WEIGHTS = {"purpose": 0.50, "amount": 0.20, "deadline": 0.15, "match": 0.15}
UNRESTRICTED = "99"
SEE_TEXT = "25"
OPEN_STATUSES = ("forecasted", "posted")


@dataclass(frozen=True)
class Reason:
    """One criterion of a match: ``kind`` (eligibility, purpose, amount, deadline, match),
    its ``score`` from 0 to 1 (eligibility: 1 pass, 0 fail, 0.5 check), ``passed`` and the
    sentence shown to the user."""

    kind: str
    score: float
    passed: bool | None
    text: str


@dataclass(frozen=True)
class Match:
    program: FundingProgram
    score: float  # 0 to 100
    eligible: bool | None  # None: check the eligibility text
    status: str
    due: date | None
    matched_terms: tuple[str, ...]
    reasons: tuple[Reason, ...] = field(default_factory=tuple)


def _money(value: float) -> str:
    return f"${value:,.0f}"


def _float(value: Decimal | None) -> float:
    return float(value) if value is not None else np.nan


class MatchIndex:
    """Everything matching needs about ``programs``, computed once."""

    def __init__(self, programs: Sequence[FundingProgram]) -> None:
        self.programs = list(programs)
        self.text = BM25Index(
            document_tokens(" ".join((p.title, p.title, p.description) + p.aln_titles), p.purposes)
            for p in self.programs
        )
        n = len(self.programs)
        self.floor = np.array([_float(p.award_floor) for p in self.programs], dtype=np.float64)
        ceiling = np.array([_float(p.award_ceiling) for p in self.programs], dtype=np.float64)
        ceiling[ceiling <= 0] = np.nan  # 0 in the extract: not stated
        self.floor[self.floor <= 0] = np.nan
        self.ceiling = ceiling
        self.share = np.array(
            [_float(p.local_match_share) for p in self.programs], dtype=np.float64
        )
        self.cost_sharing = np.array([p.cost_sharing is True for p in self.programs])
        self.due_ordinal = np.array(
            [
                (
                    p.close_date or (p.forecast_close_date if p.is_forecast else None) or date.max
                ).toordinal()
                for p in self.programs
            ],
            dtype=np.int64,
        )
        self.no_due = self.due_ordinal == date.max.toordinal()
        self.no_codes = np.array([not p.eligible_applicants for p in self.programs], dtype=bool)
        self.via_state = np.array([p.via_state for p in self.programs], dtype=bool)
        self.by_code: dict[str, np.ndarray] = {}
        for row, program in enumerate(self.programs):
            for code in program.eligible_applicants:
                mask = self.by_code.get(code)
                if mask is None:
                    mask = self.by_code[code] = np.zeros(n, dtype=bool)
                mask[row] = True
        self._empty = np.zeros(n, dtype=bool)

    def eligibility(self, applicant_type: str) -> tuple[np.ndarray, np.ndarray]:
        """(passes, check-the-text) masks for an organization of ``applicant_type``."""
        passes = self.by_code.get(applicant_type, self._empty) | self.by_code.get(
            UNRESTRICTED, self._empty
        )
        if applicant_type in LOCAL_GOVERNMENTS:
            passes = passes | self.through_state()
        check = (~passes) & (self.by_code.get(SEE_TEXT, self._empty) | self.no_codes)
        return passes, check

    def through_state(self) -> np.ndarray:
        """Pass-through programs a local government reaches through its state."""
        return self.via_state & self.by_code.get(STATE, self._empty)

    def match(
        self,
        need: InitiativeNeed,
        *,
        today: date,
        limit: int = 25,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        include_ineligible: bool = False,
        open_only: bool = True,
        sort: str = "score",
    ) -> list[Match]:
        """The best ``limit`` programs for ``need``; ``sort="due"`` orders them by due date."""
        weights = analyze_query(need.text)
        query = list(weights)
        raw = self.text.scores(query, weights)
        keep = raw > 0 if query else np.ones(len(self.programs), dtype=bool)
        for word in include:
            for token in tokenize(word):
                keep &= self.text.contains(token)
        for word in exclude:
            for token in tokenize(word):
                keep &= ~self.text.contains(token)
        days_left = self.due_ordinal - today.toordinal()
        if open_only:
            keep &= days_left >= 0
        passes, check = self.eligibility(need.applicant_type)
        ineligible = ~(passes | check)
        if not include_ineligible:
            keep &= ~ineligible
        candidates = np.flatnonzero(keep)
        if candidates.size == 0:
            return []
        best = raw[candidates].max()
        purpose = raw / best if best > 0 else np.zeros_like(raw)
        amount = self._amount(need.funding_gap)
        deadline = self._deadline(days_left, self.no_due, need.preparation_days)
        match_fit = self._match(need.funding_gap, need.local_match_capacity)
        total = 100 * (
            WEIGHTS["purpose"] * purpose
            + WEIGHTS["amount"] * amount
            + WEIGHTS["deadline"] * deadline
            + WEIGHTS["match"] * match_fit
        )
        # Ineligible programs after every eligible one, however well they fit.
        order_key = total[candidates] - 1000.0 * ineligible[candidates]
        if candidates.size > limit:
            top = np.argpartition(-order_key, limit - 1)[:limit]
            candidates, order_key = candidates[top], order_key[top]
        candidates = candidates[np.argsort(-order_key, kind="stable")]
        matches = [
            self._explain(
                int(row),
                need,
                query,
                today,
                total,
                purpose,
                amount,
                deadline,
                match_fit,
                passes,
                check,
                days_left,
            )
            for row in candidates
        ]
        if sort == "due":
            matches.sort(key=lambda m: (m.eligible is False, m.due or date.max))
        return matches

    def explain_rows(
        self, rows: Sequence[int], need: InitiativeNeed, *, today: date, query: Sequence[str]
    ) -> list[Match]:
        """The explained matches of the given rows (a search's results), criteria computed
        once for all of them."""
        raw = self.text.scores(query, analyze_query(need.text)) if query else None
        best = raw.max() if raw is not None and raw.size else 0.0
        purpose = raw / best if best > 0 else np.zeros(len(self.programs))
        days_left = self.due_ordinal - today.toordinal()
        amount = self._amount(need.funding_gap)
        deadline = self._deadline(days_left, self.no_due, need.preparation_days)
        match_fit = self._match(need.funding_gap, need.local_match_capacity)
        total = 100 * purpose
        passes, check = self.eligibility(need.applicant_type)
        return [
            self._explain(
                int(row),
                need,
                query,
                today,
                total,
                purpose,
                amount,
                deadline,
                match_fit,
                passes,
                check,
                days_left,
            )
            for row in rows
        ]

    # The criteria, vectorised over all programs ----------------------------------------------

    def _amount(self, gap: Decimal | None) -> np.ndarray:
        result = np.full(len(self.programs), 0.5)
        if gap is None or gap <= 0:
            return result
        g = float(gap)
        with np.errstate(invalid="ignore", divide="ignore"):
            over = self.ceiling < g
            under = self.floor > g
            stated = ~np.isnan(self.ceiling) | ~np.isnan(self.floor)
            result[stated] = 1.0
            result[over] = self.ceiling[over] / g
            result[under] = 0.5
        return result

    @staticmethod
    def _deadline(days_left: np.ndarray, no_due: np.ndarray, preparation_days: int) -> np.ndarray:
        prep = max(preparation_days, 1)
        result = np.clip(days_left / prep, 0.0, 1.0)
        result[no_due] = 0.5
        return result

    def _required_match(self, gap: Decimal | None) -> np.ndarray:
        if gap is None:
            return np.full(len(self.programs), np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            return float(gap) * self.share / (1 - self.share)

    def _match(self, gap: Decimal | None, capacity: Decimal | None) -> np.ndarray:
        result = np.ones(len(self.programs))
        result[self.cost_sharing & np.isnan(self.share)] = 0.5
        required = self._required_match(gap)
        if capacity is None:
            result[required > 0] = 0.5
            return result
        cap = float(capacity)
        with np.errstate(invalid="ignore", divide="ignore"):
            short = required > cap
            result[short] = cap / required[short]
        return result

    # Plain-language reasons, for the few programs shown --------------------------------------

    def _explain(
        self,
        row,
        need,
        query,
        today,
        total,
        purpose,
        amount,
        deadline,
        match_fit,
        passes,
        check,
        days_left,
    ) -> Match:
        program = self.programs[row]
        reasons = []
        if passes[row] and program.via_state and program_lists_only_states(program):
            eligible = True
            reasons.append(
                Reason(
                    "eligibility",
                    1.0,
                    True,
                    "Eligible through your state: the state applies and passes the money on "
                    "to local governments; ask your state's administering agency.",
                )
            )
        elif passes[row]:
            eligible = True
            reasons.append(
                Reason("eligibility", 1.0, True, "Your kind of organization is eligible.")
            )
        elif check[row]:
            eligible = None
            reasons.append(
                Reason(
                    "eligibility",
                    0.5,
                    None,
                    "Eligibility is described in the notice's text; check that your organization "
                    "qualifies.",
                )
            )
        else:
            eligible = False
            reasons.append(
                Reason(
                    "eligibility",
                    0.0,
                    False,
                    "Not eligible: the notice does not list your kind of organization.",
                )
            )
        terms = tuple(self.text.matched_terms(row, query))
        if terms:
            text = (
                f"Purpose fit {purpose[row]:.0%} of the best match; shared words: "
                + ", ".join(describe_terms(terms[:8]))
                + "."
            )
        else:
            text = "No words in common with the initiative's description."
        reasons.append(Reason("purpose", float(purpose[row]), bool(terms), text))
        reasons.append(self._amount_reason(row, need.funding_gap, float(amount[row])))
        reasons.append(
            self._deadline_reason(
                program, int(days_left[row]), need.preparation_days, float(deadline[row])
            )
        )
        reasons.append(self._match_reason(row, need, float(match_fit[row])))
        due = program.close_date or (program.forecast_close_date if program.is_forecast else None)
        return Match(
            program=program,
            score=round(float(total[row]), 1),
            eligible=eligible,
            status=program_status(program, today),
            due=due,
            matched_terms=terms,
            reasons=tuple(reasons),
        )

    def _amount_reason(self, row: int, gap: Decimal | None, score: float) -> Reason:
        floor, ceiling = self.floor[row], self.ceiling[row]
        if np.isnan(floor) and np.isnan(ceiling):
            return Reason("amount", score, None, "The notice states no award amounts.")
        span = (f"awards from {_money(floor)} " if not np.isnan(floor) else "awards ") + (
            f"up to {_money(ceiling)}" if not np.isnan(ceiling) else "with no stated ceiling"
        )
        if gap is None or gap <= 0:
            return Reason("amount", score, None, f"The program makes {span}; no funding gap given.")
        g = float(gap)
        if not np.isnan(ceiling) and ceiling < g:
            return Reason(
                "amount",
                score,
                False,
                f"Covers up to {_money(ceiling)} of your {_money(g)} gap ({span}).",
            )
        if not np.isnan(floor) and floor > g:
            return Reason(
                "amount",
                score,
                False,
                f"The smallest award, {_money(floor)}, is more than your {_money(g)} gap.",
            )
        return Reason(
            "amount", score, True, f"Your {_money(g)} gap fits: the program makes {span}."
        )

    @staticmethod
    def _deadline_reason(program, days: int, prep: int, score: float) -> Reason:
        if program.close_date is None and not (program.is_forecast and program.forecast_close_date):
            return Reason("deadline", score, None, "No close date: rolling or not yet announced.")
        estimated = " (estimated)" if program.close_date is None else ""
        due = program.close_date or program.forecast_close_date
        if days < 0:
            return Reason("deadline", score, False, f"Closed on {due.isoformat()}.")
        if days >= prep:
            return Reason(
                "deadline",
                score,
                True,
                f"Due {due.isoformat()}{estimated}: {days} days, enough for the {prep} you need.",
            )
        return Reason(
            "deadline",
            score,
            False,
            f"Due {due.isoformat()}{estimated}: only {days} days, you need {prep}.",
        )

    def _match_reason(self, row: int, need: InitiativeNeed, score: float) -> Reason:
        share = self.share[row]
        if np.isnan(share):
            if self.cost_sharing[row]:
                return Reason(
                    "match",
                    score,
                    None,
                    "A cost share is required, but the notice does not say how much.",
                )
            return Reason("match", score, True, "No local match required.")
        if share == 0:
            return Reason("match", score, True, "No local match required.")
        if need.funding_gap is None:
            return Reason("match", score, None, f"Local match of {share:.0%} of the project cost.")
        required = float(self._required_match(need.funding_gap)[row])
        if need.local_match_capacity is None:
            return Reason(
                "match",
                score,
                None,
                f"Needs a local match of about {_money(required)} ({share:.0%} of the "
                "project cost); your capacity is not set.",
            )
        cap = float(need.local_match_capacity)
        if cap >= required:
            return Reason(
                "match",
                score,
                True,
                f"The local match of about {_money(required)} ({share:.0%}) is within "
                f"your {_money(cap)}.",
            )
        return Reason(
            "match",
            score,
            False,
            f"Needs a local match of about {_money(required)} ({share:.0%}); you can "
            f"commit {_money(cap)}.",
        )


#: Grants.gov codes of the governments a state passes money on to: county, city or township,
#: special district, independent school district, federally recognized tribe.
LOCAL_GOVERNMENTS = frozenset({"01", "02", "04", "05", "07"})
STATE = "00"


def program_lists_only_states(program: FundingProgram) -> bool:
    """True when the state is the only applicant the notice lists among governments."""
    return STATE in program.eligible_applicants and not (
        LOCAL_GOVERNMENTS & set(program.eligible_applicants)
    )
