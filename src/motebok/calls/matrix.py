"""The evaluation matrix of a call, for the page and as a paper (DOCX) for the agenda."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from motebok.calls import queries
from motebok.calls.models import Call, Criterion, Submission
from motebok.calls.scoring import Row, ScoreValue, build_rows, rounded


@dataclass
class Entry:
    evaluator: str
    value: int | None  # None: missing
    comment: str


@dataclass
class MatrixRow:
    submission: Submission
    row: Row
    details: list[tuple[Criterion, list[Entry]]] = field(default_factory=list)
    evaluator_totals: list[Entry] = field(default_factory=list)

    @property
    def total(self):
        return rounded(self.row.total)

    @property
    def spread(self):
        return rounded(self.row.spread)


@dataclass
class Matrix:
    call: Call
    criteria: list[Criterion]
    evaluators: list  # users, by id
    rows: list[MatrixRow]  # best weighted total first; answers without a score last

    @property
    def weight_sum(self):
        return sum(c.weight for c in self.criteria)


def build(call: Call) -> Matrix:
    """The matrix of a call in three queries (answers, criteria, scores)."""
    submissions = list(queries.submissions(call))
    criteria = list(queries.criteria(call))
    scores = list(queries.scores(call))
    evaluators = {s.evaluator_id: s.evaluator for s in scores}
    rows = build_rows(
        [s.pk for s in submissions],
        [(c.pk, c.weight) for c in criteria],
        (
            ScoreValue(s.submission_id, s.criterion_id, s.evaluator_id, s.value, s.comment)
            for s in scores
        ),
    )
    matrix_rows = [MatrixRow(s, r) for s, r in zip(submissions, rows, strict=True)]
    names = {pk: evaluator_name(user) for pk, user in evaluators.items()}
    for matrix_row in matrix_rows:
        for criterion, cell in zip(criteria, matrix_row.row.cells, strict=True):
            entries = [
                Entry(names[e], cell.scores.get(e), cell.comments.get(e, ""))
                for e in matrix_row.row.evaluator_ids
            ]
            matrix_row.details.append((criterion, entries))
        matrix_row.evaluator_totals = [
            Entry(names[e], rounded(matrix_row.row.evaluator_total(e)), "")
            for e in matrix_row.row.evaluator_ids
        ]
    matrix_rows.sort(key=lambda m: (m.row.total is None, -(m.row.total or 0)))
    return Matrix(
        call=call,
        criteria=criteria,
        evaluators=[evaluators[pk] for pk in sorted(evaluators)],
        rows=matrix_rows,
    )


def evaluator_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _number(value) -> str:
    return "–" if value is None else formats.number_format(value, 2)


def to_docx(matrix: Matrix) -> bytes:
    """The matrix as a Word document: the criteria with weights, then one row per answer with
    the mean per criterion, the weighted total and the spread; missing scores marked."""
    from docx import Document

    call = matrix.call
    document = Document()
    document.add_heading(_("Evaluation: %(title)s") % {"title": call.title}, level=1)
    deadline = formats.date_format(timezone.localtime(call.closes_at), "DATE_FORMAT")
    document.add_paragraph(
        _("Deadline %(deadline)s. Scale %(min)s–%(max)s. Evaluators: %(evaluators)s.")
        % {
            "deadline": deadline,
            "min": call.scale_min,
            "max": call.scale_max,
            "evaluators": ", ".join(map(evaluator_name, matrix.evaluators)) or "–",
        }
    )
    document.add_paragraph(
        _(
            "Each cell is the mean of the evaluators' scores; a missing score is left out of the "
            "mean. The total is weighted by the criteria's weights. The spread is the highest "
            "minus the lowest of the evaluators' own totals."
        )
    )
    table = document.add_table(rows=1, cols=len(matrix.criteria) + 3)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text = _("Answer")
    for n, criterion in enumerate(matrix.criteria, start=1):
        header[n].text = _("%(title)s (weight %(weight)s)") % {
            "title": criterion.title,
            "weight": formats.number_format(criterion.weight),
        }
    header[-2].text = _("Weighted total")
    header[-1].text = _("Spread")
    for matrix_row in matrix.rows:
        cells = table.add_row().cells
        cells[0].text = matrix_row.submission.organization.name
        for n, cell in enumerate(matrix_row.row.cells, start=1):
            missing = len(matrix_row.row.evaluator_ids) - len(cell.scores)
            text = _number(rounded(cell.mean))
            if missing:
                text += " " + _("(%(n)s missing)") % {"n": missing}
            cells[n].text = text
        total = _number(matrix_row.total)
        if not matrix_row.row.complete:
            total += " " + _("(incomplete)")
        cells[-2].text = total
        cells[-1].text = _number(matrix_row.spread)
    if call.recommendation:
        document.add_heading(_("Recommendation"), level=2)
        document.add_paragraph(call.recommendation)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
