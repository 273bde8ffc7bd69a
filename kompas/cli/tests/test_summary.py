"""The text summary of a scored cohort that `kompas demo` prints."""

from __future__ import annotations

import pandas as pd

from kompas.cli.summary import cohort_summary
from kompas.psychometrics.instrument import get_instrument

KOMPAS = get_instrument("kompas-1")


def cohort(women_in_tech: int, men_in_tech: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """20 women and 20 men who chose a sector (codes of kompas-1), and 10 undecided."""
    gender = [1] * 20 + [2] * 20 + [1] * 10
    sector = (
        [1] * women_in_tech
        + [2] * (20 - women_in_tech)
        + [1] * men_in_tech
        + [2] * (20 - men_in_tech)
        + [3] * 10
    )
    answers = pd.DataFrame({"bg_gender": gender, "bg_sector_technical": sector}, dtype=float)
    assessed = pd.DataFrame({"identity_status": ["achievement"] * len(answers)})
    return answers, assessed


def test_it_gives_the_share_in_the_technical_sector_of_those_who_chose_a_sector_by_gender():
    answers, assessed = cohort(women_in_tech=5, men_in_tech=15)
    lines = cohort_summary(answers, assessed, KOMPAS, synthetic=False)
    assert "intends or works in the technical sector, by gender: women 25%, men 75%" in lines


def test_it_leaves_out_a_group_smaller_than_ten():
    answers, assessed = cohort(women_in_tech=5, men_in_tech=15)
    answers.loc[answers.index[:15], "bg_gender"] = 3
    lines = cohort_summary(answers, assessed, KOMPAS, synthetic=False)
    assert "intends or works in the technical sector, by gender: men 75%" in lines
