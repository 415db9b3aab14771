"""The arithmetic of the evaluation matrix: weights, missing scores, spread."""

from decimal import Decimal

from motebok.calls.scoring import ScoreValue, build_rows, rounded, weighted_mean

ROOMS, BEDS = 10, 11
ADA, BO = 1, 2


def _rows(*scores, submissions=(100,)):
    return build_rows(
        list(submissions), [(ROOMS, Decimal("2")), (BEDS, Decimal("1"))], list(scores)
    )


def test_weighted_total_of_full_scores():
    (row,) = _rows(
        ScoreValue(100, ROOMS, ADA, 4),
        ScoreValue(100, BEDS, ADA, 1),
        ScoreValue(100, ROOMS, BO, 2),
        ScoreValue(100, BEDS, BO, 3),
    )
    assert [c.mean for c in row.cells] == [Decimal(3), Decimal(2)]
    # (2 × 3 + 1 × 2) / 3
    assert rounded(row.total) == Decimal("2.67")
    assert row.complete is True
    assert row.missing() == []
    assert [c.spread for c in row.cells] == [2, 2]
    # Ada (2 × 4 + 1) / 3 = 3, Bo (2 × 2 + 3) / 3 = 2.33…
    assert rounded(row.evaluator_total(ADA)) == Decimal("3.00")
    assert rounded(row.evaluator_total(BO)) == Decimal("2.33")
    assert rounded(row.spread) == Decimal("0.67")


def test_a_missing_score_is_left_out_of_the_mean():
    (row,) = _rows(
        ScoreValue(100, ROOMS, ADA, 4),
        ScoreValue(100, BEDS, ADA, 2),
        ScoreValue(100, ROOMS, BO, 5),
    )
    rooms, beds = row.cells
    assert rooms.mean == Decimal("4.5")
    assert beds.mean == Decimal(2)  # Bo's missing score does not count as 0
    assert beds.scores == {ADA: 2}
    assert row.missing() == [(BEDS, BO)]
    assert row.complete is True  # every criterion has a mean
    assert rounded(row.total) == Decimal("3.67")  # (2 × 4.5 + 2) / 3
    assert rounded(row.evaluator_total(BO)) == Decimal("5.00")  # Bo scored rooms only
    assert rounded(row.spread) == Decimal("1.67")  # 5 − 3.33


def test_a_criterion_nobody_scored_is_missing_and_the_total_incomplete():
    (row,) = _rows(ScoreValue(100, BEDS, ADA, 3))
    rooms, beds = row.cells
    assert rooms.mean is None
    assert rooms.spread is None
    assert row.complete is False
    assert row.total == Decimal(3)  # over the criteria that have a mean
    assert row.missing() == [(ROOMS, ADA)]


def test_an_answer_nobody_scored_has_no_total():
    scored, unscored = _rows(ScoreValue(100, ROOMS, ADA, 5), submissions=(100, 200))
    assert scored.total == Decimal(5)
    assert unscored.total is None
    assert unscored.spread is None
    assert unscored.missing() == [(ROOMS, ADA), (BEDS, ADA)]


def test_weighted_mean_edge_cases():
    assert weighted_mean([]) is None
    assert weighted_mean([(Decimal("0.5"), Decimal(4)), (Decimal("1.5"), Decimal(2))]) == Decimal(
        "2.5"
    )
    assert rounded(Decimal("2.675")) == Decimal("2.68")  # half up, not to even
