"""The pension rules as data: one verdict for every answer, sources always, examples hold."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.config import PROJECT_ROOT
from bot.core import pension
from bot.core.content import Problem
from bot.core.pension import UNKNOWN, answer_sets, decode, encode, evaluate, load_rules, toggle

SHIPPED = PROJECT_ROOT / "content"


def shipped() -> tuple[pension.Rules, list[Problem]]:
    rules, problems = load_rules(SHIPPED)
    assert rules is not None, problems
    return rules, problems


RULES, PROBLEMS = shipped()


def test_the_shipped_rules_and_their_example_cases_pass_the_check() -> None:
    assert [str(p) for p in PROBLEMS] == []
    assert len(RULES.examples) >= 10


def test_every_combination_of_answers_the_verdicts_look_at_gets_exactly_one_verdict() -> None:
    seen = set()
    for answers in pension.every_answer(RULES):
        result = evaluate(RULES, answers)  # raises if zero or several verdicts fit
        assert result.sources, f"{result.verdict} cites nothing"
        seen.add(result.verdict)
    assert seen == {v.id for v in RULES.verdicts}, "every verdict can be reached"


@st.composite
def any_answers(draw: st.DrawFn) -> dict[str, frozenset[str]]:
    answers = {}
    for question in RULES.questions:
        if draw(st.booleans()):  # a question not reached counts as "I don't know"
            answers[question.id] = draw(st.sampled_from(answer_sets(question)))
    return answers


@given(any_answers())
def test_any_answers_at_all_give_one_sourced_verdict_and_never_crash(answers) -> None:
    result = evaluate(RULES, answers)
    assert result.verdict in {v.id for v in RULES.verdicts}
    assert len(result.sources) >= 1


@given(any_answers())
def test_the_answers_survive_the_trip_through_a_button(answers) -> None:
    complete = {q.id: answers.get(q.id, frozenset({UNKNOWN})) for q in RULES.questions}
    code = encode(RULES, complete)
    assert len(code) == len(RULES.questions) <= 64 - len("pw:xx:")
    assert decode(RULES, code) == complete


@pytest.mark.parametrize("garbage", ["!", "99999999999999", "0" * 30, "0z"])
def test_a_button_code_that_does_not_fit_the_questions_is_refused(garbage: str) -> None:
    assert decode(RULES, garbage) is None


def test_ticking_none_clears_the_periods_and_a_period_clears_none() -> None:
    periods = RULES.question("periods")
    assert periods is not None
    assert toggle(periods, frozenset({"since_2021"}), "none") == {"none"}
    assert toggle(periods, frozenset({"none"}), "before_2015") == {"before_2015"}
    assert toggle(periods, frozenset({"before_2015"}), "since_2021") == {
        "before_2015",
        "since_2021",
    }


def test_a_kyrgyz_worker_since_2021_builds_russian_rights_payable_at_home() -> None:
    result = evaluate(
        RULES,
        {
            "citizenship": frozenset({"kg"}),
            "status": frozenset({"eaeu_worker"}),
            "periods": frozenset({"since_2021"}),
            "contributions": frozenset({"yes"}),
        },
    )
    assert result.verdict == "kg_eaeu_since_2021"
    assert {"apply_home_kg", "voluntary_kg"} <= set(result.steps)


def test_dont_know_never_gives_a_flat_no_but_says_what_decides_it() -> None:
    result = evaluate(RULES, {"citizenship": frozenset({"uz"})})
    assert result.verdict == "uz_no_treaty"
    assert {"contributions_unknown", "status_unknown"} <= set(result.notes)
    assert "get_snils" in result.steps and "ask_employer" in result.steps


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    shutil.copytree(SHIPPED / "pension", tmp_path / "pension")
    return tmp_path


def edit(root: Path, old: str, new: str) -> None:
    path = root / "pension" / "rules.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_changing_the_minimum_record_in_the_data_changes_the_verdict(rules_copy: Path) -> None:
    answers = {
        "citizenship": frozenset({"tj"}),
        "status": frozenset({"vnzh"}),
        "periods": frozenset({"since_2021"}),
        "years": frozenset({"y15_19"}),
        "contributions": frozenset({"yes"}),
    }
    before, _ = load_rules(rules_copy)
    assert before is not None and evaluate(before, answers).verdict == "residence_enough_record"
    edit(rules_copy, "ru_min_record_years: {value: 15,", "ru_min_record_years: {value: 20,")
    edit(
        rules_copy,
        "    verdict: residence_enough_record\n",
        "    verdict: residence_building_record\n",
    )
    after, problems = load_rules(rules_copy)
    assert after is not None and [str(p) for p in problems] == []
    assert evaluate(after, answers).verdict == "residence_building_record"


def test_overlapping_verdicts_are_caught_with_the_answers_that_show_it(rules_copy: Path) -> None:
    edit(
        rules_copy, "      citizenship: [other, unknown]", "      citizenship: [other, unknown, uz]"
    )
    _, problems = load_rules(rules_copy)
    assert any("2 verdicts ['uz_no_treaty', 'other_country'] fit" in str(p) for p in problems)
    assert all(str(p).startswith(f"{rules_copy}/pension/rules.yaml:") for p in problems)


def test_a_gap_in_the_verdicts_is_caught(rules_copy: Path) -> None:
    edit(rules_copy, "      citizenship: [other, unknown]", "      citizenship: [other]")
    _, problems = load_rules(rules_copy)
    assert any("0 verdicts [] fit" in str(p) and "'unknown'" in str(p) for p in problems)


def test_an_unknown_option_or_source_is_named(rules_copy: Path) -> None:
    edit(
        rules_copy,
        '    when: {contributions: ["no", unknown]}',
        "    when: {contributions: [maybe]}",
    )
    edit(rules_copy, "    sources: [d6_uz, d3_vnzh, d5_1992]", "    sources: [d6_uzbek]")
    _, problems = load_rules(rules_copy)
    text = "\n".join(map(str, problems))
    assert "ask_employer: contributions has no option 'maybe'" in text
    assert "uz_no_treaty: unknown source 'd6_uzbek'" in text


def test_an_example_with_the_wrong_expectation_fails(rules_copy: Path) -> None:
    edit(
        rules_copy,
        "  - answers: {citizenship: kg, periods: [none]}\n    verdict: no_official_work",
        "  - answers: {citizenship: kg, periods: [none]}\n    verdict: kg_eaeu_since_2021",
    )
    _, problems = load_rules(rules_copy)
    assert any(
        "expected ('kg_eaeu_since_2021'" in str(p) and "got ('no_official_work'" in str(p)
        for p in problems
    )
