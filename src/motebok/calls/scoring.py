"""The evaluation matrix: the arithmetic of scores, weights and spread. Pure; no database.

For one answer and one criterion the *mean* is the mean of the scores the evaluators gave; an
evaluator who gave none is left out of the mean and shown as missing. With no score at all the
cell is missing. The *weighted total* of an answer is Σ weight × mean over the criteria that
have a mean, divided by Σ weight over the same criteria, so it stays on the call's scale; it is
marked incomplete when a criterion has no mean. The *spread* of a cell is its highest score
minus its lowest; the spread of an answer is the highest minus the lowest of the evaluators' own
weighted totals (each over the criteria that evaluator scored).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Σ weight × value / Σ weight of ``(weight, value)`` pairs; ``None`` without any."""
    pairs = list(pairs)
    total_weight = sum((w for w, _ in pairs), Decimal(0))
    if not pairs or not total_weight:
        return None
    return sum((w * v for w, v in pairs), Decimal(0)) / total_weight


@dataclass
class Cell:
    criterion_id: int
    scores: dict[int, int] = field(default_factory=dict)  # evaluator id → score
    comments: dict[int, str] = field(default_factory=dict)

    @property
    def mean(self) -> Decimal | None:
        if not self.scores:
            return None
        return Decimal(sum(self.scores.values())) / len(self.scores)

    @property
    def spread(self) -> int | None:
        return max(self.scores.values()) - min(self.scores.values()) if self.scores else None


@dataclass
class Row:
    submission_id: int
    cells: list[Cell]
    weights: dict[int, Decimal]
    evaluator_ids: Sequence[int]

    @property
    def total(self) -> Decimal | None:
        return weighted_mean(
            (self.weights[c.criterion_id], c.mean) for c in self.cells if c.mean is not None
        )

    @property
    def complete(self) -> bool:
        return all(c.mean is not None for c in self.cells)

    def missing(self) -> list[tuple[int, int]]:
        """(criterion id, evaluator id) of every score not given."""
        return [
            (c.criterion_id, e) for c in self.cells for e in self.evaluator_ids if e not in c.scores
        ]

    def evaluator_total(self, evaluator_id: int) -> Decimal | None:
        return weighted_mean(
            (self.weights[c.criterion_id], Decimal(c.scores[evaluator_id]))
            for c in self.cells
            if evaluator_id in c.scores
        )

    @property
    def spread(self) -> Decimal | None:
        totals = [t for t in map(self.evaluator_total, self.evaluator_ids) if t is not None]
        return max(totals) - min(totals) if totals else None


@dataclass(frozen=True)
class ScoreValue:
    submission_id: int
    criterion_id: int
    evaluator_id: int
    value: int
    comment: str = ""


def build_rows(
    submission_ids: Sequence[int],
    criteria: Sequence[tuple[int, Decimal]],
    scores: Iterable[ScoreValue],
) -> list[Row]:
    """One row per answer, cells in the order of ``criteria`` (``(id, weight)`` pairs).

    The evaluators are everyone who scored any answer of the call, so an evaluator who skipped
    an answer shows as missing there.
    """
    scores = list(scores)
    evaluator_ids = sorted({s.evaluator_id for s in scores})
    weights = {criterion_id: Decimal(weight) for criterion_id, weight in criteria}
    rows = {
        sid: Row(sid, [Cell(cid) for cid, _ in criteria], weights, evaluator_ids)
        for sid in submission_ids
    }
    for score in scores:
        row = rows.get(score.submission_id)
        if row is None:
            continue
        for cell in row.cells:
            if cell.criterion_id == score.criterion_id:
                cell.scores[score.evaluator_id] = score.value
                if score.comment:
                    cell.comments[score.evaluator_id] = score.comment
    return [rows[sid] for sid in submission_ids]
