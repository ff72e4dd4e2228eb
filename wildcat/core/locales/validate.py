"""Read a locale pack and check it against wildcat's taxonomy and the other packs.

All problems of a pack are found in one pass and reported together, each with
where it is (`classes[2] 'kurti'.parent`), what is wrong and how to fix it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from wildcat.core.errors import WildcatError
from wildcat.core.locales.schema import ClassRef, LocalePack
from wildcat.core.locales.taxonomy import (
    BACKGROUND_KINDS,
    CLASS_NAME,
    PARENT_CATEGORIES,
    did_you_mean,
    is_locale_id,
    locale_id_fix,
)

#: Every kind of problem `check_pack` reports.
PROBLEM_KINDS = (
    "bad_yaml",
    "schema",
    "bad_locale_id",
    "bad_class_name",
    "duplicate_class",
    "unknown_parent",
    "unknown_accessory",
    "dangling_look_alike",
    "unknown_background",
)


@dataclass(frozen=True)
class PackProblem:
    kind: str  # one of PROBLEM_KINDS
    where: str  # e.g. "classes[2] 'kurti'.parent"
    message: str
    fix: str

    def line(self) -> str:
        return f"{self.where}: {self.message}. Fix: {self.fix}"


class LocalePackError(WildcatError):
    """A locale pack that cannot be used; `problems` lists every defect found."""

    def __init__(self, path: str | Path, problems: list[PackProblem]) -> None:
        self.problems = problems
        n = len(problems)
        body = "\n".join(f"  - {p.line()}" for p in problems)
        super().__init__(
            path,
            f"{n} problem{'s' if n > 1 else ''} in the locale pack:\n{body}\n",
            "correct the entries listed above, then run 'wildcat locale add' again",
        )

    @property
    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}


def read_pack(path: str | Path) -> LocalePack:
    """Parse a pack file (YAML + structure only; `load_pack` also checks references)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LocalePackError(
            path, [PackProblem("bad_yaml", "<file>", "the pack file does not exist", "check the path")]
        ) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LocalePackError(
            path, [PackProblem("bad_yaml", "<file>", f"not valid YAML ({exc})", "fix the YAML syntax")]
        ) from exc
    if not isinstance(data, dict):
        problem = PackProblem(
            "bad_yaml", "<root>", "the top level must be a mapping", "start with 'locale: xx-YY', 'name:', 'classes:'"
        )
        raise LocalePackError(path, [problem])
    try:
        return LocalePack.model_validate(data)
    except ValidationError as exc:
        raise LocalePackError(path, [_schema_problem(err) for err in exc.errors()]) from exc


def load_pack(path: str | Path, others: Mapping[str, LocalePack] | None = None) -> LocalePack:
    """Read and fully check a pack; `others` are the packs its cross-locale references may name."""
    pack = read_pack(path)
    problems = check_pack(pack, others or {})
    if problems:
        raise LocalePackError(path, problems)
    return pack


def check_pack(pack: LocalePack, others: Mapping[str, LocalePack]) -> list[PackProblem]:
    """Every reference problem in `pack`; `others` maps locale id -> pack (this pack's own id is ignored there)."""
    known = {loc: p for loc, p in others.items() if loc != pack.locale}
    known[pack.locale] = pack
    problems = _check_locale(pack) + _check_classes(pack) + _check_parents(pack)
    problems += _check_accessories(pack, known) + _check_look_alikes(pack, known) + _check_backgrounds(pack)
    return problems


def _check_locale(pack: LocalePack) -> list[PackProblem]:
    if is_locale_id(pack.locale):
        return []
    return [PackProblem("bad_locale_id", "locale", f"'{pack.locale}' is not a locale id", locale_id_fix(pack.locale))]


def _check_classes(pack: LocalePack) -> list[PackProblem]:
    out = []
    for i, c in enumerate(pack.classes):
        if not CLASS_NAME.match(c.name):
            slug = "_".join(c.name.lower().replace("-", " ").split())
            out.append(
                PackProblem(
                    "bad_class_name",
                    f"classes[{i}].name",
                    f"'{c.name}' is not a lower-case slug",
                    f"name it '{slug}' and keep '{c.name}' as its title or a synonym",
                )
            )
    for name, n in Counter(pack.class_names()).items():
        if n > 1:
            out.append(
                PackProblem(
                    "duplicate_class",
                    f"classes '{name}'",
                    f"the class is defined {n} times",
                    "keep one entry and merge the synonyms and accessories of the others into it",
                )
            )
    names = set(pack.class_names())
    owners: dict[str, list[str]] = {}
    for i, c in enumerate(pack.classes):
        for syn in c.synonyms:
            owners.setdefault(syn.lower(), []).append(c.name)
            if syn in names and syn != c.name:
                out.append(
                    PackProblem(
                        "duplicate_class",
                        f"classes[{i}] '{c.name}'.synonyms",
                        f"synonym '{syn}' is also a class of its own",
                        f"drop '{syn}' from the synonyms of '{c.name}', or merge the two classes",
                    )
                )
    for syn, classes in owners.items():
        if len(set(classes)) > 1:  # a product called this could not be placed
            out.append(
                PackProblem(
                    "duplicate_class",
                    f"synonym '{syn}'",
                    f"it names several classes: {', '.join(classes)}",
                    "keep the synonym on one class only",
                )
            )
    return out


def _check_parents(pack: LocalePack) -> list[PackProblem]:
    allowed = {**PARENT_CATEGORIES, **pack.parents}
    out = []
    for i, c in enumerate(pack.classes):
        if c.parent not in allowed:
            out.append(
                PackProblem(
                    "unknown_parent",
                    f"classes[{i}] '{c.name}'.parent",
                    f"'{c.parent}' is not a known parent category{did_you_mean(c.parent, allowed)}",
                    f"use one of {', '.join(sorted(allowed))}, or declare it under 'parents:' with a one-line meaning",
                )
            )
    return out


def _check_accessories(pack: LocalePack, known: Mapping[str, LocalePack]) -> list[PackProblem]:
    out = []
    for i, c in enumerate(pack.classes):
        for acc in c.accessories:
            where = f"classes[{i}] '{c.name}'.accessories"
            fix = "add a class '{name}' (parent e.g. jewellery, footwear) to the {locale} pack, or remove it"
            problem = _class_problem(acc, pack.locale, known, where, "unknown_accessory", fix)
            if problem is None and ClassRef.parse(acc, pack.locale) == pack.ref(c.name):
                problem = PackProblem("unknown_accessory", where, f"'{acc}' is the class itself", f"remove '{acc}'")
            out += [problem] if problem else []
    return out


def _check_look_alikes(pack: LocalePack, known: Mapping[str, LocalePack]) -> list[PackProblem]:
    out = []
    for i, pair in enumerate(pack.look_alikes):
        where = f"look_alikes[{i}]"
        mine = ClassRef.parse(pair.class_, pack.locale)
        if mine.locale != pack.locale or pack.get(mine.name) is None:
            out.append(
                PackProblem(
                    "dangling_look_alike",
                    f"{where}.class",
                    f"'{pair.class_}' is not a class of this pack{did_you_mean(mine.name, pack.class_names())}",
                    "name one of this pack's own classes under 'class:'; put the other market's class under "
                    "'looks_like:'",
                )
            )
        fix = "add '{name}' to the {locale} pack, fix the name, or remove the pair"
        problem = _class_problem(pair.looks_like, pack.locale, known, f"{where}.looks_like", "dangling_look_alike", fix)
        if problem is None and ClassRef.parse(pair.looks_like, pack.locale) == mine:
            problem = PackProblem("dangling_look_alike", where, "a class cannot look like itself", "remove the pair")
        out += [problem] if problem else []
    return out


def _class_problem(
    text: str, locale: str, known: Mapping[str, LocalePack], where: str, kind: str, fix: str
) -> PackProblem | None:
    """Why the class reference `text` does not resolve (fix may use {name} and {locale}), or None."""
    ref = ClassRef.parse(text, locale)
    bad = _ref_problem(ref, known, where, kind)
    if bad is not None or known[ref.locale].get(ref.name) is not None:
        return bad
    choices = known[ref.locale].class_names()
    return PackProblem(
        kind,
        where,
        f"'{text}' is not a class of {ref.locale}{did_you_mean(ref.name, choices)}",
        fix.format(name=ref.name, locale=ref.locale),
    )


def _ref_problem(ref: ClassRef, known: Mapping[str, LocalePack], where: str, kind: str) -> PackProblem | None:
    """A problem with the locale part of a reference, or None when that locale is known."""
    if not is_locale_id(ref.locale):
        return PackProblem(
            "bad_locale_id", where, f"'{ref.locale}' in '{ref}' is not a locale id", locale_id_fix(ref.locale)
        )
    if ref.locale not in known:
        return PackProblem(
            kind,
            where,
            f"'{ref}' names locale {ref.locale}, which is neither installed nor shipped with wildcat",
            f"install the {ref.locale} pack first ('wildcat locale add {ref.locale}.yaml'), or remove the reference",
        )
    return None


def _check_backgrounds(pack: LocalePack) -> list[PackProblem]:
    return [
        PackProblem(
            "unknown_background",
            f"backgrounds[{i}]",
            f"'{kind}' is not a background kind{did_you_mean(kind, BACKGROUND_KINDS)}",
            f"use some of {', '.join(BACKGROUND_KINDS)}",
        )
        for i, kind in enumerate(pack.backgrounds)
        if kind not in BACKGROUND_KINDS
    ]


def _schema_problem(err: dict) -> PackProblem:
    where = ".".join(str(p) for p in err["loc"]) or "<root>"
    if err["type"] == "missing":
        fix = f"add the field '{err['loc'][-1]}'"
    elif err["type"] == "too_short":
        fix = f"list at least one entry under '{err['loc'][-1]}'"
    elif err["type"] == "extra_forbidden":
        fix = f"remove '{err['loc'][-1]}' (fields are: see docs/locales.md)"
    else:
        fix = "give it the type docs/locales.md describes"
    return PackProblem("schema", where, err["msg"], fix)
