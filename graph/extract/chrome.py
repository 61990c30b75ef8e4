"""Page chrome: keep an article's prose, drop menus, lists, captions' file names and blurbs.

News pages pasted as text carry navigation ("Home > Government & Economy"),
"Most Read" / "Editor's Choice" lists, photo file names and subscription
blurbs. Their names and verbs ("Nicholas Mak joins ERA Realty") must not
become facts, so the extractor only reads the prose blocks found here.

Every block keeps its place in the ORIGINAL text: `Block.text` is the block
with each whitespace run collapsed to one space (so a hard-wrapped name still
reads as one name) and `Block.origin[i]` is the offset in the original text of
`Block.text[i]`, which lets evidence cite exact slices of the file.
"""

import re
from dataclasses import dataclass

from graph.extract.dates import dateline
from graph.extract.lexicon import CONNECTORS, ORG_HEADS

# A line that is only one of these starts a block of page furniture.
BLOCK_HEADINGS = re.compile(
    r"^(editor'?s choice|most read|must read|most popular|most viewed|trending( now)?"
    r"|related( articles| stories| news)?|read more|recommended( for you)?|you may also like"
    r"|more from .*|latest news|top stories|popular)\s*:?$",
    re.IGNORECASE,
)
# Lines that are furniture wherever they appear.
CHROME_LINE = re.compile(
    r"^(you are here|home\s*>|(?:credit|source)\s*:|file photo"
    r"|subscribe|sign up|log ?in|purchase this article|stay (connected|updated|up to date)"
    r"|download our|follow us|share (this|on)|advertisement|copyright|all rights reserved"
    r"|get the latest|skip to|tags?\s*:|topics?\s*:|market voices|print$|email$)",
    re.IGNORECASE,
)
# "Photo: Reuters" is a credit; "Photo: A and B exchange the signed MoU." a caption, which names
# the people in the picture.
CAPTION = re.compile(r"^(photo|image|caption)\s*:\s*", re.IGNORECASE)
# A caption in brackets over several lines, ending in its credit rather than a full stop.
BRACKETED_CAPTION = re.compile(r"^\[(?:photo|image|caption)\s*:.*\]$", re.I | re.S)
IMAGE_FILE = re.compile(r"^\S+\.(jpe?g|png|gif|webp|svg)$|^\[.*\]$", re.IGNORECASE)  # or [a note]
LIST_ITEM = re.compile(r"^(\d{1,2}[.)]?|[-•*·▪►])\s+\S")
TERMINAL = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")

MIN_PROSE_WORDS = 6  # shorter lines are headings, labels or buttons
LONG_LINE_WORDS = 20  # this long is prose even without a full stop (a quote cut short)
WRAP_MIN_CHARS = 40  # a line this long without a full stop may be hard-wrapped prose
BLOCK_END_WORDS = 15  # prose this long ends a "Most Read"-style block


@dataclass(frozen=True)
class Block:
    """One prose paragraph: collapsed text plus the original offset of each character."""

    start: int
    end: int
    text: str
    origin: tuple[int, ...]  # len(text) + 1 entries; the last is `end`

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of text[start:end]."""
        return self.origin[start], self.origin[end - 1] + 1 if end > start else self.origin[start]


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's stripped content; (pos, pos) for blank lines."""
    spans, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lead = len(body) - len(body.lstrip())
        stripped = body.strip()
        start = pos + lead
        spans.append((start, start + len(stripped)))
        pos += len(raw)
    return spans


def _is_furniture(line: str) -> bool:
    caption = CAPTION.match(line)
    if caption and len(line[caption.end() :].split()) < MIN_PROSE_WORDS:
        return True
    return bool(IMAGE_FILE.match(line) or CHROME_LINE.match(line) or LIST_ITEM.match(line))


def _units(text: str) -> list[tuple[int, int]]:
    """Lines, with hard-wrapped continuation lines joined to the line they continue."""
    units: list[tuple[int, int]] = []
    joining = in_furniture_block = False
    for start, end in _lines(text):
        line = text[start:end]
        if BLOCK_HEADINGS.match(line):
            in_furniture_block = True
        elif not line:
            in_furniture_block = False
        if joining and line and not _is_furniture(line) and not BLOCK_HEADINGS.match(line):
            units[-1] = (units[-1][0], end)
        else:
            units.append((start, end))
        current = text[units[-1][0] : units[-1][1]]
        joining = (
            len(line) >= WRAP_MIN_CHARS
            and not in_furniture_block
            and not TERMINAL.search(line)
            and not _is_furniture(current)
        )
    return units


def _is_prose(unit: str) -> bool:
    words = len(unit.split())
    if _is_furniture(unit) or words < MIN_PROSE_WORDS:
        return False
    if BRACKETED_CAPTION.match(unit):  # "[Photo: ... at the signing ... Photo: staff]"
        return True
    joined = "\n" in unit  # wrapped prose ends a sentence; joined headlines do not
    ends = TERMINAL.search(unit) or unit.endswith(":")  # a colon before the list it introduces
    return bool(ends) or (words >= LONG_LINE_WORDS and not joined)


def _collapse(text: str, start: int, end: int) -> Block:
    chars: list[str] = []
    origin: list[int] = []
    for match in re.finditer(r"\s+|\S+", text[start:end]):
        if match.group().isspace():
            chars.append(" ")
            origin.append(start + match.start())
        else:
            chars.extend(match.group())
            origin.extend(range(start + match.start(), start + match.end()))
    origin.append(end)
    return Block(start, end, "".join(chars), tuple(origin))


def content_blocks(text: str) -> list[Block]:
    """The prose paragraphs of an article, in order, with their original offsets."""
    blocks: list[Block] = []
    in_furniture_block = after_blank = False
    units = _units(text)
    read_to = 0  # the end of the last list read with its introduction
    for k, (start, end) in enumerate(units):
        unit = text[start:end]
        if start < read_to:
            continue
        blank, after_blank = after_blank, not unit
        if BLOCK_HEADINGS.match(unit):
            in_furniture_block = True
            continue
        if not _is_prose(unit):
            continue
        if in_furniture_block and (not blank or len(unit.split()) < BLOCK_END_WORDS):
            continue  # a list runs on until a long paragraph after a blank line
        in_furniture_block = False
        if unit.endswith(":"):  # "... cooperation, including:" and the list it introduces
            end = read_to = _list_end(text, units[k + 1 :], end)
        blocks.append(_collapse(text, start, end))
    return blocks


def _list_end(text: str, following: list[tuple[int, int]], end: int) -> int:
    """Where the list items after a line ending in a colon end: they are the fields of the
    sentence that introduces them, read with it. Blank lines may stand before and between the
    items, and an item may wrap onto indented lines ("1. The Ministry of ... of\n   Afghanistan,
    represented by ...")."""
    item = False
    for start, item_end in following:
        line = text[start:item_end]
        if not line:
            continue
        if LIST_ITEM.match(line):
            item, end = True, item_end
        elif item and start > 0 and text[start - 1] in " \t":
            end = item_end  # the item's wrapped continuation
        else:
            break
    return end


def is_body_name(line: str) -> bool:
    """A ministry's or agency's name printed above the headline ("Ministry of Information and
    Communications"): every word capitalised or a connector, with an organisation head word."""
    words = line.split()
    capitalised = all(w[:1].isupper() or w.lower() in CONNECTORS for w in words)
    return len(words) <= 10 and capitalised and any(w.lower() in ORG_HEADS for w in words)


HEADLINE_WORDS = frozenset(
    {"and", "to", "on", "in", "of", "for", "with", "at", "sign", "signs", "signed", "ink",
     "inks", "agree", "agrees", "mou", "mous", "deal", "pact", "partner", "partners"}
)  # fmt: skip


# A publisher's own line: "... Media release", "Secretariat of ... Press Office", "... Newsroom".
MASTHEAD_END = re.compile(
    r"\b(?:(?:media|press|news) (?:release|office|room|centre|center)|newsroom)$", re.I
)
# "8 central banks join ...": a line starting with a bare count, not "1." or "1)".
COUNT_START = re.compile(r"^\d{1,2}\s+\S")


def _is_masthead(line: str) -> bool:
    """A site's name or menu printed as a line ("THE NAIROBI TECH REVIEW", "Home National
    Politics Economy Sports"): all capitals, or capitalised words with none of the small words
    a headline is made of."""
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", line)
    if line.upper() == line or MASTHEAD_END.search(line):
        return True  # "... Minister for Trade, Tourism and Investment Media release"
    capitals = all(w[0].isupper() for w in words)
    return capitals and not any(w.lower() in HEADLINE_WORDS for w in words)


def _is_menu(line: str) -> bool:
    """A menu, byline or dateline line ("Home | Services", "Agency News | ANI | Nov 21")."""
    return bool(re.search(r"[|>»@]", line) or dateline(line))


def _is_nav(line: str) -> bool:
    """A navigation menu ("Home | Services | Current affairs"), not a dated byline."""
    return len(re.findall(r"[|>»]", line)) >= 2 and dateline(line) is None


def _furniture_here(lines: list[str], n: int) -> bool:
    """The n-th non-blank line is furniture; one starting with a count ("8 central banks join
    ...") is a list item only next to another one: a headline stands alone."""
    line = lines[n]
    if not (COUNT_START.match(line) and LIST_ITEM.match(line)):
        return _is_furniture(line)
    near = [lines[m] for m in (n - 1, n + 1) if 0 <= m < len(lines)]
    return any(LIST_ITEM.match(x) for x in near) or CHROME_LINE.match(line) is not None


def headline(text: str) -> str | None:
    """The first heading-like line: several words, no full stop, not furniture, and not the
    site's name printed right above its menu ("Finland abroad: Embassy of Finland" over
    "Home | Services | Current affairs")."""
    lines = [text[start:end] for start, end in _units(text)]
    lines = [line for line in lines if line]
    for n, line in enumerate(lines):
        words = len(line.split())
        menu = _is_menu(line)
        above_menu = n == 0 and len(lines) > 1 and _is_nav(lines[1])
        heading = 5 <= words <= 25 and not TERMINAL.search(line) and not above_menu
        heading = heading and not _furniture_here(lines, n)
        heading = heading and not menu and not is_body_name(line) and not _is_masthead(line)
        if (
            heading
            and not re.search(r"\d{4}-\d{2}-\d{2}|@", line)
            and not BLOCK_HEADINGS.match(line)
        ):
            return " ".join(line.split())
    return None
