"""The pension check's engine: answers in, exactly one verdict out, with notes, steps, sources.

Every number, date and condition lives in `content/pension/rules.yaml`; this module only knows
how to read and apply them, and how to prove that every possible set of answers gets exactly
one verdict (`check_rules`), so an editor's change can never leave someone without an answer.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.content import Problem, Source, line_of, source_date
from bot.core.guides import paragraph, source_line

UNKNOWN = "unknown"  # every question can be skipped; a skipped question counts as this
TEXT_LANGUAGES = ("ru", "ky", "tg", "uz", "en")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Option:
    id: str
    value: int | None = None  # the number a numeric condition compares (e.g. years of work)
    alone: bool = False  # in a several-choice question, this option cannot be combined


@dataclass(frozen=True)
class Question:
    id: str
    options: tuple[Option, ...]
    several: bool = False

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Rule:
    """A verdict, a note or a step: an id, the answers it needs, the sources it rests on."""

    id: str
    when: Mapping[str, Any]
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Example:
    answers: Mapping[str, frozenset[str]]
    verdict: str
    notes: tuple[str, ...] | None
    steps: tuple[str, ...] | None


@dataclass
class Rules:
    checked_on: dt.date
    numbers: dict[str, int | dt.date]
    sources: dict[str, Source]
    questions: tuple[Question, ...]
    verdicts: tuple[Rule, ...]
    notes: tuple[Rule, ...]
    steps: tuple[Rule, ...]
    examples: tuple[Example, ...] = ()
    path: Path = field(default_factory=Path)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


Answers = Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Result:
    verdict: str
    notes: tuple[str, ...]
    steps: tuple[str, ...]
    sources: tuple[Source, ...]


class RulesError(Exception):
    """The rules cannot decide: no verdict or several verdicts fit (check_rules prevents it)."""


def _answer(answers: Answers, question: str) -> frozenset[str]:
    return answers.get(question) or frozenset({UNKNOWN})


def _number(rules: Rules, reference: Any) -> int:
    value = rules.numbers.get(reference) if isinstance(reference, str) else reference
    if not isinstance(value, int):
        raise RulesError(f"{reference!r} is not a number in rules.yaml")
    return value


def _value(rules: Rules, question_id: str, chosen: frozenset[str]) -> int | None:
    question = rules.question(question_id)
    if question is None or len(chosen) != 1:
        return None
    option = question.option(next(iter(chosen)))
    return option.value if option else None


def matches(rules: Rules, when: Mapping[str, Any], answers: Answers) -> bool:
    for question_id, condition in when.items():
        chosen = _answer(answers, question_id)
        if isinstance(condition, list):
            if not chosen & {str(c) for c in condition}:
                return False
            continue
        if "not_in" in condition and chosen & {str(c) for c in condition["not_in"]}:
            return False
        for bound in ("at_least", "below"):
            if bound in condition:
                value = _value(rules, question_id, chosen)
                if value is None:
                    return False
                limit = _number(rules, condition[bound])
                if (bound == "at_least" and value < limit) or (bound == "below" and value >= limit):
                    return False
    return True


def evaluate(rules: Rules, answers: Answers) -> Result:
    verdicts = [v for v in rules.verdicts if matches(rules, v.when, answers)]
    if len(verdicts) != 1:
        found = [v.id for v in verdicts]
        raise RulesError(f"{len(found)} verdicts fit {dict(answers)}: {found}")
    verdict = verdicts[0]
    notes = tuple(n for n in rules.notes if matches(rules, n.when, answers))
    cited = dict.fromkeys([*verdict.sources, *(s for n in notes for s in n.sources)])
    return Result(
        verdict=verdict.id,
        notes=tuple(n.id for n in notes),
        steps=tuple(s.id for s in rules.steps if matches(rules, s.when, answers)),
        sources=tuple(rules.sources[s] for s in cited if s in rules.sources),
    )


def answer_sets(question: Question) -> list[frozenset[str]]:
    """Every answer a person can give to one question, `I don't know` included."""
    if not question.several:
        return [frozenset({o.id}) for o in question.options] + [frozenset({UNKNOWN})]
    combinable = [o.id for o in question.options if not o.alone]
    subsets = [
        frozenset(c)
        for size in range(1, len(combinable) + 1)
        for c in itertools.combinations(combinable, size)
    ]
    alone = [frozenset({o.id}) for o in question.options if o.alone]
    return [*subsets, *alone, frozenset({UNKNOWN})]


def every_answer(
    rules: Rules, questions: list[str] | None = None
) -> Iterator[dict[str, frozenset[str]]]:
    """All combinations of answers to `questions` (default: those any verdict looks at)."""
    if questions is None:
        questions = sorted({key for verdict in rules.verdicts for key in verdict.when})
    chosen = [q for q in rules.questions if q.id in questions]
    for combination in itertools.product(*(answer_sets(q) for q in chosen)):
        yield {q.id: a for q, a in zip(chosen, combination, strict=True)}


def format_number(value: int | dt.date) -> str:
    return value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else str(value)


def fill(text: str, rules: Rules) -> str:
    """A text with its {placeholders} replaced by the numbers of the rules."""
    return _PLACEHOLDER.sub(
        lambda m: (
            format_number(rules.numbers[m.group(1)]) if m.group(1) in rules.numbers else m.group(0)
        ),
        text,
    )


# --- reading and checking -----------------------------------------------------------------


def _rule(raw: Any) -> Rule:
    return Rule(
        str(raw["id"]), dict(raw.get("when") or {}), tuple(str(s) for s in raw.get("sources") or ())
    )


def _as_set(value: Any) -> frozenset[str]:
    return frozenset(str(v) for v in value) if isinstance(value, list) else frozenset({str(value)})


def load_rules(root: Path) -> tuple[Rules | None, list[Problem]]:
    path = root / "pension" / "rules.yaml"
    if not path.exists():
        return None, [Problem(path, 1, "file is missing")]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return None, [Problem(path, (mark.line + 1) if mark else 1, f"not valid YAML: {error}")]
    problems: list[Problem] = []
    try:
        numbers: dict[str, int | dt.date] = {}
        for name, raw in (data.get("numbers") or {}).items():
            value = raw.get("value") if isinstance(raw, dict) else None
            if not isinstance(value, int | dt.date) or isinstance(value, bool):
                problems.append(
                    Problem(path, line_of(path, name), f"{name}: value must be a number or a date")
                )
                continue
            numbers[str(name)] = value
            if str(raw.get("source")) not in (data.get("sources") or {}):
                problems.append(
                    Problem(
                        path, line_of(path, name), f"{name}: unknown source {raw.get('source')!r}"
                    )
                )
        sources = {}
        for name, raw in (data.get("sources") or {}).items():
            try:
                sources[str(name)] = Source(
                    title=str(raw["title"]),
                    publisher=str(raw["publisher"]) if raw.get("publisher") else None,
                    date=source_date(raw["date"]),
                    url=str(raw["url"]) if raw.get("url") else None,
                )
            except (KeyError, TypeError, ValueError):
                problems.append(
                    Problem(path, line_of(path, name), f"source {name}: needs a title and a date")
                )
        questions = tuple(
            Question(
                str(q["id"]),
                tuple(
                    Option(str(o["id"]), o.get("value"), bool(o.get("alone", False)))
                    for o in q["options"]
                ),
                bool(q.get("several", False)),
            )
            for q in data["questions"]
        )
        examples = tuple(
            Example(
                answers={str(k): _as_set(v) for k, v in e["answers"].items()},
                verdict=str(e["verdict"]),
                notes=tuple(e["notes"]) if "notes" in e else None,
                steps=tuple(e["steps"]) if "steps" in e else None,
            )
            for e in data.get("examples") or ()
        )
        checked_on = data.get("checked_on")
        if not isinstance(checked_on, dt.date):
            problems.append(
                Problem(path, line_of(path, "checked_on"), "checked_on (YYYY-MM-DD) is missing")
            )
            checked_on = dt.date.min
        rules = Rules(
            checked_on=checked_on,
            numbers=numbers,
            sources=sources,
            questions=questions,
            verdicts=tuple(_rule(v) for v in data["verdicts"]),
            notes=tuple(_rule(n) for n in data.get("notes") or ()),
            steps=tuple(_rule(s) for s in data.get("steps") or ()),
            examples=examples,
            path=path,
        )
    except (KeyError, TypeError, AttributeError) as error:
        return None, [*problems, Problem(path, 1, f"rules.yaml is missing a part: {error}")]
    return rules, problems + check_rules(rules)


def check_rules(rules: Rules) -> list[Problem]:
    """Conditions name real questions, options and numbers; every answer gets one verdict;
    every verdict cites a source; the example cases give their expected results."""
    path = rules.path
    problems: list[Problem] = []
    for rule in (*rules.verdicts, *rules.notes, *rules.steps):
        for question_id, condition in rule.when.items():
            question = rules.question(question_id)
            if question is None:
                problems.append(
                    Problem(
                        path,
                        line_of(path, f"id: {rule.id}"),
                        f"{rule.id}: unknown question {question_id!r}",
                    )
                )
                continue
            named = condition if isinstance(condition, list) else condition.get("not_in", [])
            known = {o.id for o in question.options} | {UNKNOWN}
            for option in named:
                if str(option) not in known:
                    problems.append(
                        Problem(
                            path,
                            line_of(path, f"id: {rule.id}"),
                            f"{rule.id}: {question_id} has no option {option!r}",
                        )
                    )
            if isinstance(condition, dict):
                for bound in ("at_least", "below"):
                    ref = condition.get(bound)
                    if isinstance(ref, str) and not isinstance(rules.numbers.get(ref), int):
                        problems.append(
                            Problem(
                                path,
                                line_of(path, f"id: {rule.id}"),
                                f"{rule.id}: {ref!r} is not a number",
                            )
                        )
        for source in rule.sources:
            if source not in rules.sources:
                problems.append(
                    Problem(
                        path,
                        line_of(path, f"id: {rule.id}"),
                        f"{rule.id}: unknown source {source!r}",
                    )
                )
    for verdict in rules.verdicts:
        if not verdict.sources:
            problems.append(
                Problem(
                    path,
                    line_of(path, f"id: {verdict.id}"),
                    f"verdict {verdict.id} cites no source",
                )
            )
    if problems:
        return problems
    for answers in every_answer(rules):
        fitting = [v.id for v in rules.verdicts if matches(rules, v.when, answers)]
        if len(fitting) != 1:
            shown = {k: sorted(v) for k, v in answers.items()}
            problems.append(
                Problem(
                    path,
                    line_of(path, "verdicts"),
                    f"{len(fitting)} verdicts {fitting} fit the answers {shown}",
                )
            )
            if len(problems) >= 5:
                break
    for number, example in enumerate(rules.examples, 1):
        try:
            result = evaluate(rules, example.answers)
        except RulesError as error:
            problems.append(Problem(path, line_of(path, "examples"), f"example {number}: {error}"))
            continue
        expected = (example.verdict, example.notes, example.steps)
        got = (
            result.verdict,
            result.notes if example.notes is not None else None,
            result.steps if example.steps is not None else None,
        )
        if expected != got:
            problems.append(
                Problem(
                    path,
                    line_of(path, "examples"),
                    f"example {number}: expected {expected}, got {got}",
                )
            )
    return problems


# --- texts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionText:
    text: str
    options: dict[str, str]


@dataclass
class PensionTexts:
    language: str
    status: str
    title: str
    intro: str
    disclaimer: str
    questions: dict[str, QuestionText]
    verdicts: dict[str, tuple[str, str]]  # id → (title, text)
    notes: dict[str, str]
    steps: dict[str, str]


def load_texts(root: Path, rules: Rules) -> tuple[dict[str, PensionTexts], list[Problem]]:
    texts: dict[str, PensionTexts] = {}
    problems: list[Problem] = []
    for language in TEXT_LANGUAGES:
        path = root / "pension" / f"{language}.yaml"
        if not path.exists():
            problems.append(Problem(path, 1, f"pension texts are missing in {language}"))
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            loaded = PensionTexts(
                language=language,
                status=str(data.get("status", "")),
                title=str(data["title"]),
                intro=str(data["intro"]).strip(),
                disclaimer=str(data["disclaimer"]).strip(),
                questions={
                    str(k): QuestionText(
                        str(v["text"]).strip(), {str(o): str(t) for o, t in v["options"].items()}
                    )
                    for k, v in data["questions"].items()
                },
                verdicts={
                    str(k): (str(v["title"]), str(v["text"]).strip())
                    for k, v in data["verdicts"].items()
                },
                notes={str(k): str(v).strip() for k, v in data["notes"].items()},
                steps={str(k): str(v).strip() for k, v in data["steps"].items()},
            )
        except (yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
            problems.append(Problem(path, 1, f"pension texts cannot be read: {error!r}"))
            continue
        problems += _check_texts(path, loaded, rules)
        texts[language] = loaded
    return texts, problems


def _check_texts(path: Path, texts: PensionTexts, rules: Rules) -> list[Problem]:
    problems = []
    if texts.status not in ("reviewed", "needs native review"):
        problems.append(
            Problem(
                path, line_of(path, "status"), "status must be 'reviewed' or 'needs native review'"
            )
        )
    wanted = {
        "questions": ({q.id for q in rules.questions}, set(texts.questions)),
        "verdicts": ({v.id for v in rules.verdicts}, set(texts.verdicts)),
        "notes": ({n.id for n in rules.notes}, set(texts.notes)),
        "steps": ({s.id for s in rules.steps}, set(texts.steps)),
    }
    for part, (needed, present) in wanted.items():
        for missing in sorted(needed - present):
            problems.append(Problem(path, line_of(path, part), f"{part}: no text for {missing!r}"))
        for extra in sorted(present - needed):
            problems.append(
                Problem(path, line_of(path, extra), f"{part}: {extra!r} is not in rules.yaml")
            )
    for question in rules.questions:
        shown = texts.questions.get(question.id)
        if shown is not None:
            for option in question.options:
                if option.id not in shown.options:
                    problems.append(
                        Problem(
                            path,
                            line_of(path, question.id),
                            f"{question.id}: no label for option {option.id!r}",
                        )
                    )
    every_text = [
        texts.intro,
        texts.disclaimer,
        *(t for pair in texts.verdicts.values() for t in pair),
        *texts.notes.values(),
        *texts.steps.values(),
    ]
    for text in every_text:
        for name in _PLACEHOLDER.findall(text):
            if name not in rules.numbers:
                problems.append(Problem(path, 1, f"{{{name}}} is not a number in rules.yaml"))
    return problems


# --- answers in a button ----------------------------------------------------------------------
# The wizard keeps no answers anywhere: every button carries the answers given so far, one
# character per question, so nothing about a person's work or age is stored, a restart loses
# nothing, and an old button still means exactly what it said. A fingerprint of the questions
# makes buttons from before an editor changed the questions stale instead of misread.

SKIPPED = "x"
_DIGITS = "0123456789abcdefghijklmnopqrstuvw"  # one character: an option index or a tick mask


def fingerprint(rules: Rules) -> str:
    shape = "|".join(f"{q.id}:{','.join(o.id for o in q.options)}" for q in rules.questions)
    total = sum((i + 1) * ord(c) for i, c in enumerate(shape))
    return _DIGITS[total % 32] + _DIGITS[(total // 32) % 32]


def encode_one(question: Question, answer: frozenset[str]) -> str:
    if answer == {UNKNOWN}:
        return SKIPPED
    if question.several:
        mask = sum(1 << i for i, o in enumerate(question.options) if o.id in answer)
        return _DIGITS[mask]
    index = next(i for i, o in enumerate(question.options) if o.id in answer)
    return _DIGITS[index]


def encode(rules: Rules, answers: Answers) -> str:
    """The answers given so far, in question order, stopping at the first unanswered one."""
    code = ""
    for question in rules.questions:
        if question.id not in answers:
            break
        code += encode_one(question, answers[question.id])
    return code


def decode(rules: Rules, code: str) -> dict[str, frozenset[str]] | None:
    """The answers a button carries, or None if the code does not fit the current questions."""
    if len(code) > len(rules.questions):
        return None
    answers: dict[str, frozenset[str]] = {}
    for question, char in zip(rules.questions, code, strict=False):
        answer = decode_one(question, char)
        if answer is None:
            return None
        answers[question.id] = answer
    return answers


def decode_one(question: Question, char: str) -> frozenset[str] | None:
    """One question's answer from its character, or None if it cannot be one."""
    if char == SKIPPED:
        return frozenset({UNKNOWN})
    position = _DIGITS.find(char)
    if position < 0:
        return None
    if question.several:
        chosen = frozenset(o.id for i, o in enumerate(question.options) if position >> i & 1)
        too_big = position >= 1 << len(question.options)
        if not chosen or too_big or _mixes_alone(question, chosen):
            return None
        return chosen
    if position < len(question.options):
        return frozenset({question.options[position].id})
    return None


def _mixes_alone(question: Question, chosen: frozenset[str]) -> bool:
    alone = {o.id for o in question.options if o.alone}
    return bool(chosen & alone) and len(chosen) > 1


def toggle(question: Question, ticked: frozenset[str], option_id: str) -> frozenset[str]:
    """Tick or untick one option; an option that stands alone clears the others, and back."""
    option = question.option(option_id)
    if option is None:
        return ticked
    if option_id in ticked:
        return ticked - {option_id}
    if option.alone:
        return frozenset({option_id})
    return frozenset(o for o in ticked if not (question.option(o) or option).alone) | {option_id}


# --- what the person reads ----------------------------------------------------------------------


@dataclass(frozen=True)
class ResultLabels:
    """Words around the result, from the UI catalogs; the Telegram layer translates them."""

    steps: str  # "What you can do"
    sources: str  # "Sources"
    checked_on: str  # "Rules checked on {date}"


def result_parts(
    rules: Rules, texts: PensionTexts, result: Result, labels: ResultLabels
) -> list[str]:
    """The result as HTML paragraphs: verdict, notes, a checklist, sources, date, disclaimer."""

    def render(markdown: str) -> list[str]:
        return [paragraph(fill(p, rules)) for p in markdown.split("\n\n") if p.strip()]

    title, text = texts.verdicts[result.verdict]
    parts = [f"🧾 <b>{paragraph(fill(title, rules))}</b>", *render(text)]
    for note in result.notes:
        parts += render(texts.notes[note])
    steps = [f"☐ {paragraph(fill(texts.steps[s], rules))}" for s in result.steps]
    parts.append("\n".join([f"<b>{paragraph(labels.steps)}</b>", *steps]))
    sources = [source_line(source) for source in result.sources]
    parts.append("\n".join([f"📚 <b>{paragraph(labels.sources)}</b>", *sources]))
    checked = labels.checked_on.format(date=format_number(rules.checked_on))
    parts.append(f"<i>{paragraph(checked)}\n{paragraph(texts.disclaimer)}</i>")
    return parts
