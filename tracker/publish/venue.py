"""The venue a list shows for a paper: "CVPR 2024" when it was accepted somewhere, else "arXiv".

arXiv has no venue field: `journal_ref` is set by authors after publication, and most acceptances are
only announced in the free-text comment ("Accepted to CVPR 2024", "ICLR 2025 (oral)"). A wrong venue
in a reviewed list is worse than a missing one, so the comment is read conservatively: a clause counts
only when it says the paper was accepted/published/presented (or starts with the venue itself), and not
when it speaks of a submission, a review, an extended version or a challenge. Anything unclear is "arXiv".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tracker.models import Paper

ARXIV = "arXiv"
_MAX_JOURNAL = 40  # a longer journal_ref head is a citation, not a venue label

# canonical short name -> alternatives (regex); acronyms match as words (digits may follow: "CVPR2024").
_KNOWN: dict[str, str] = {
    "CVPR": r"CVPR|Conference on Computer Vision and Pattern Recognition",
    "ICCV": r"ICCV|International Conference on Computer Vision",
    "ECCV": r"ECCV|European Conference on Computer Vision",
    "WACV": r"WACV",
    "BMVC": r"BMVC|British Machine Vision Conference",
    "ACCV": r"ACCV",
    "3DV": r"3DV",
    "NeurIPS": r"NeurIPS|NIPS|Neural Information Processing Systems",
    "ICLR": r"ICLR|International Conference on Learning Representations",
    "ICML": r"ICML|International Conference on Machine Learning",
    "AAAI": r"AAAI",
    "IJCAI": r"IJCAI",
    "ACL": r"(?-i:ACL)|Annual Meeting of the Association for Computational Linguistics",
    "EMNLP": r"EMNLP|Empirical Methods in Natural Language Processing",
    "NAACL": r"NAACL",
    "EACL": r"EACL",
    "COLING": r"COLING",
    "COLM": r"(?-i:COLM)|Conference on Language Modeling",
    "LREC": r"LREC",
    "ACM MM": r"ACM\s?MM|ACM Multimedia|ACM International Conference on Multimedia",
    "ICME": r"ICME",
    "ICIP": r"ICIP",
    "ICASSP": r"ICASSP",
    "Interspeech": r"Interspeech",
    "KDD": r"(?-i:KDD)",
    "SIGIR": r"SIGIR",
    "WWW": r"(?-i:WWW)|The Web Conference",
    "ICRA": r"ICRA",
    "IROS": r"IROS",
    "CoRL": r"CoRL|Conference on Robot Learning",
    "RSS": r"(?-i:RSS)|Robotics: Science and Systems",
    "SIGGRAPH Asia": r"SIGGRAPH Asia",
    "SIGGRAPH": r"SIGGRAPH",
    "MICCAI": r"MICCAI",
    "AISTATS": r"AISTATS",
    "TPAMI": r"T-?PAMI|Transactions on Pattern Analysis and Machine Intelligence",
    "IJCV": r"IJCV|International Journal of Computer Vision",
    "TIP": r"(?-i:TIP)|Transactions on Image Processing",
    "TMM": r"(?-i:TMM)|Transactions on Multimedia",
    "TCSVT": r"TCSVT|Transactions on Circuits and Systems for Video Technology",
    "TMLR": r"TMLR|Transactions on Machine Learning Research",
    "TNNLS": r"TNNLS|Transactions on Neural Networks and Learning Systems",
    "JMLR": r"JMLR|Journal of Machine Learning Research",
    "TOG": r"(?-i:TOG)|ACM Transactions on Graphics",
    "RA-L": r"RA-?L|Robotics and Automation Letters",
}
_VENUE = re.compile(
    "|".join(rf"(?P<v{i}>(?<![A-Za-z])(?:{alt})(?![A-Za-z]))" for i, alt in enumerate(_KNOWN.values())),
    re.IGNORECASE,
)
_NAMES = list(_KNOWN)
_WORKSHOP_FORM = re.compile(r"(?<![A-Za-z])(CVPR|ICCV|ECCV)W(?![A-Za-z])")  # "CVPRW 2025"
_YEAR_AFTER = re.compile(r"^\s?['’-]?\s?((?:19|20)\d\d|\d\d)(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|['’]\d\d(?!\d)")  # in a list's venue cell

_SAYS_PUBLISHED = re.compile(
    r"accept|to appear|appear(?:s|ed)? (?:in|at)|publish|camera[- ]?ready|\bpresented\b|presentation"
    r"|proceedings|\bproc\b|\boral\b|spotlight|poster|highlight|main (?:track|conference)|findings",
    re.IGNORECASE,
)
_SAYS_OTHERWISE = re.compile(
    r"submi|review|extended|extension|version of|rejected|challenge|competition|solution|winner|winning"
    r"|\bplace\b|preprint|prepar|tutorial|journal version|report (?:to|for|of)|(?:spring|fall) symposium"
    r"|earlier|previous|prior|in part\b|partial",
    re.IGNORECASE,
)
_WORKSHOP = re.compile(r"workshop|@", re.IGNORECASE)
_FINDINGS = re.compile(r"findings", re.IGNORECASE)
_SENTENCE_SPLIT = re.compile(r"[;\n|]|\.\s+|\.$")
# an unknown venue: "(LREC 2026)", "(ICSTW)" in a published clause, or "Accepted at MIDL 2025"
_ACRONYM = r"[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9-]*"
_PAREN_ACRONYM = re.compile(rf"\((?P<name>{_ACRONYM}?)(?:[\s'’-]*(?P<year>(?:19|20)\d\d|\d\d))?\)")
_CUE_ACRONYM = re.compile(
    rf"(?i:accepted|appear|published|presented)\b.{{0,30}}?\b(?i:at|to|in|by|for)\s+(?i:the\s+)?"
    rf"(?:(?:IEEE|ACM)(?:/CVF)?\s+)?(?P<name>{_ACRONYM})[\s'’-]?(?P<year>(?:19|20)\d\d|'\d\d)(?!\d)"
)
_NOT_A_VENUE = frozenset(
    {"IEEE", "ACM", "CVF", "IEEE/CVF", "SPIE", "IET", "MDPI", "LNCS", "CEUR", "PMLR", "ARXIV"}
)


def _year(text: str) -> str | None:
    """A 4-digit year from "2024", "'24", "-24" or "24" (two digits read as 20xx)."""
    text = text.lstrip("'’-").strip()
    if len(text) == 2:
        return f"20{text}"
    return text if len(text) == 4 else None


def _any_year(*texts: str) -> str | None:
    """The first 4-digit year in the first text that has one."""
    return next((found.group(1) for text in texts if (found := _YEAR.search(text))), None)


def _label(name: str, year: str | None, workshop: bool = False, findings: bool = False) -> str:
    suffix = " Workshop" if workshop else " Findings" if findings else ""
    return f"{name} {year}{suffix}" if year else f"{name}{suffix}"


def _known_venue(text: str, sentence: str = "") -> str | None:
    """The first known venue in `text` as "CVPR 2024" (with " Workshop" / " Findings" when it says so);
    `sentence`, the text around it, may give the year or say "workshop"."""
    workshop_form = _WORKSHOP_FORM.search(text)
    match = _VENUE.search(text)
    if match is None and workshop_form is None:
        return None
    if workshop_form and (match is None or workshop_form.start() <= match.start()):
        name, ends, workshop = workshop_form.group(1), [workshop_form.end()], True
    else:
        assert match is not None and match.lastgroup is not None
        group = match.lastgroup  # every mention of that venue: the year may follow a later one ("(AAAI-26)")
        ends = [m.end() for m in _VENUE.finditer(text) if m.lastgroup == group]
        name, workshop = _NAMES[int(group[1:])], bool(_WORKSHOP.search(f"{text} {sentence}"))
    adjacent = next((found for end in ends if (found := _YEAR_AFTER.match(text[end:]))), None)
    year = _year(adjacent.group(1)) if adjacent else _any_year(text, sentence)
    findings = not workshop and bool(_FINDINGS.search(text)) and name in {"ACL", "EMNLP", "NAACL", "EACL"}
    return _label(name, year, workshop=workshop, findings=findings)


def _other_venue(text: str, sentence: str = "") -> str | None:
    """An unknown venue written as "(ACRONYM YEAR)" / "(ACRONYM)" or "accepted at ACRONYM YEAR"."""
    for pattern in (_PAREN_ACRONYM, _CUE_ACRONYM):
        for match in pattern.finditer(text):
            name = match.group("name")
            if name.upper() in _NOT_A_VENUE:
                continue
            year = _year(match.group("year")) if match.group("year") else _any_year(text, sentence)
            # "WCNC 2026 Workshop" is a workshop of WCNC; "... Workshops (ICSTW)" is one by that name
            after = sentence[sentence.find(match.group(0)) + len(match.group(0)) :] if sentence else ""
            workshop = bool(_WORKSHOP.search(text[match.end() :]) or _WORKSHOP.search(after))
            return _label(name, year, workshop=workshop)
    return None


def _clauses(comment: str) -> Iterable[tuple[str, str]]:
    """(clause, its sentence): cues are read per clause, "workshop" anywhere in the sentence."""
    for sentence in _SENTENCE_SPLIT.split(comment):
        for clause in sentence.split(","):
            if clause.strip():
                yield clause.strip(), sentence


def _starts_with_venue(clause: str) -> bool:
    match = _VENUE.match(clause) or _WORKSHOP_FORM.match(clause)
    return match is not None


def venue_from_comment(comment: str | None) -> str | None:
    """The venue a comment says the paper was accepted at, or None when it does not clearly say so."""
    comment = comment or ""
    for clause, sentence in _clauses(comment):
        if _SAYS_OTHERWISE.search(clause):
            continue
        if _starts_with_venue(clause):  # a bare "MICCAI 2026": unless the comment says otherwise anywhere
            return None if _SAYS_OTHERWISE.search(comment) else _known_venue(clause, sentence)
        if _SAYS_PUBLISHED.search(clause):
            found = _known_venue(clause, sentence) or _other_venue(clause, sentence)
            if found:
                return found
    return None


def venue_from_journal_ref(journal_ref: str | None) -> str | None:
    """The venue of a journal reference: a known venue, an acronym in parentheses, or its short head
    ("Phys. Rev. B 74, 024520 (2006)" -> "Phys. Rev. B 2006")."""
    text = " ".join((journal_ref or "").split())
    if not text:
        return None
    found = _known_venue(text) or _other_venue(text)
    if found:
        return found
    head = re.sub(r"(?:\s+\d+)+$", "", re.split(r"[,(]", text, maxsplit=1)[0].strip(" .;:"))  # volume off
    if not head or len(head) > _MAX_JOURNAL or re.search(r"\d", head):
        return None
    return _label(head, _any_year(text))


def venue_of(paper: Paper) -> str:
    """The short venue for the list: from `journal_ref`, else from the comment, else "arXiv"."""
    return venue_from_journal_ref(paper.journal_ref) or venue_from_comment(paper.comment) or ARXIV


def venue_in_style(venue: str | None, existing: Iterable[str | None]) -> str | None:
    """`venue` written the way the list writes venues: without its year when no existing venue has one
    (BradyFU writes "CVPR", never "CVPR 2024")."""
    if not venue:
        return venue
    values = [value for value in existing if value and value.strip() not in {"", "-"}]
    if not values or any(_ANY_YEAR.search(value) for value in values):
        return venue
    return " ".join(_YEAR.sub("", venue).split()) or venue
