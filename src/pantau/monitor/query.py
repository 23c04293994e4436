"""The topic query language: parse a boolean query into an AST, compile it to a fast matcher.

Grammar (operators in any letter case; precedence NEAR > NOT > AND > OR; two operands side by
side are joined by AND)::

    query   := or
    or      := and ("OR" and)*
    and     := not (["AND"] not)*
    not     := ("NOT" | "-") not | near
    near    := primary ("NEAR/" n primary)*
    primary := "(" or ")" | word | "exact phrase" | prefix* | #hashtag | @account | field:value

Matching works on a :class:`MatchDoc`: a post's normalised tokens, hashtags, mentions and
fields. The query's own words go through the same pluggable normaliser (``normalize_terms``),
so ``gak naik`` and ``nggak naik`` become the same tokens. A compiled query first checks the
literal tokens every match must contain (one set operation), so most posts are rejected
before the full expression is evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pantau.errors import PantauError
from pantau.ingest.canonical import PLATFORM_ALIASES
from pantau.locale import fmt_int
from pantau.records import PLATFORMS
from pantau.store.search import fold

MAX_TERMS = 500
MAX_QUERY_CHARS = 20_000
MAX_DEPTH = 100
MAX_NEAR = 100
MIN_PREFIX = 3

FIELD_NAMES = {
    "platform": "platform",
    "lang": "lang",
    "bahasa": "lang",
    "author": "author",
    "akun": "author",
    "sentiment": "sentiment",
    "sentimen": "sentiment",
}
SENTIMENTS = {
    "positive": "positive",
    "positif": "positive",
    "negative": "negative",
    "negatif": "negative",
    "neutral": "neutral",
    "netral": "neutral",
}
# Enough slang for the default normaliser to treat negation variants alike; the real
# normaliser (pantau.text.normalize) is plugged in by the caller.
NEGATION_SLANG = dict.fromkeys(
    ("gak", "ga", "gk", "nggak", "ngga", "enggak", "engga", "tdk", "tak"), "tidak"
)

NormalizeTerms = Callable[[str], list[str]]

_ALNUM = re.compile(r"[^\W_]+")
_BARE = re.compile(r'[^\s()"]+')
_SPACE = re.compile(r"\s+")
_NEAR = re.compile(r"NEAR/(\d{1,6})", re.IGNORECASE)
_FIELD = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_HASHTAG = re.compile(r"\w+")
_HANDLE = re.compile(r"[\w.]+")
_OPERATORS = frozenset({"AND", "OR", "NOT"})


def default_normalize_terms(text: str) -> list[str]:
    """Lower-case words without accents (as the search index sees them) split on anything
    not a letter or digit, negation slang as ``tidak``."""
    words = _ALNUM.findall(fold(text))
    return list(map(NEGATION_SLANG.get, words, words))


def spellings(token: str) -> set[str]:
    """The words :func:`default_normalize_terms` turns into ``token`` (itself included)."""
    return {token} | {slang for slang, word in NEGATION_SLANG.items() if word == token}


@dataclass(slots=True, eq=False)
class MatchDoc:
    """What a query sees of one post.

    ``tokens``: normalised, lower-case, without spaces, in text order. ``hashtags`` and
    ``mentions``: lower-case, without ``#``/``@``. ``fields``: lower-case values keyed by
    ``platform``, ``lang``, ``author``, ``sentiment`` (absent when unknown).
    """

    tokens: list[str]
    hashtags: set[str] = field(default_factory=set)
    mentions: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)
    vocab: frozenset[str] = field(init=False, repr=False)
    # " tok1 tok2 … ": phrases and prefixes become one substring search done in C
    padded: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.vocab = frozenset(self.tokens)
        self.padded = f" {' '.join(self.tokens)} "

    def positions(self, token: str) -> list[int]:
        """Where ``token`` occurs (a scan: cheaper than an index for tweet-length texts)."""
        return [i for i, t in enumerate(self.tokens) if t == token]


# --- the syntax tree ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    token: str


@dataclass(frozen=True, slots=True)
class Phrase:
    tokens: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Prefix:
    prefix: str


@dataclass(frozen=True, slots=True)
class Hashtag:
    tag: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    handle: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class FieldFilter:
    name: str
    value: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Near:
    left: Node
    right: Node
    distance: int


Node = Term | Phrase | Prefix | Hashtag | Mention | FieldFilter | Not | And | Or | Near


# --- errors -------------------------------------------------------------------------------


class QuerySyntaxError(PantauError):
    """A query that cannot be parsed: ``reason`` (one Indonesian sentence naming the position)
    and ``position`` (1-based character, or None), shown with a caret under the query."""

    def __init__(self, reason: str, query: str, position: int | None) -> None:
        self.reason = reason
        self.query = query
        self.position = position
        super().__init__(reason + _caret(query, position))


def _caret(query: str, position: int | None, width: int = 80) -> str:
    if position is None or not query.strip():
        return ""
    at = position - 1
    start = max(0, min(at - width // 2, len(query) - width))
    end = min(len(query), start + width)
    snippet = _SPACE.sub(lambda m: " " * len(m.group()), query[start:end])
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(query) else ""
    return f"\n  {lead}{snippet}{tail}\n  {' ' * (len(lead) + at - start)}^"


# --- lexing -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lexeme:
    kind: str  # "(", ")", "AND", "OR", "NOT", "NEAR", "TERM", "END"
    text: str  # as typed
    pos: int  # 0-based offset in the query
    node: Node | None = None  # TERM: the leaf
    distance: int = 0  # NEAR: n


class _Lexer:
    def __init__(self, query: str, normalize_terms: NormalizeTerms) -> None:
        self.query = query
        self.normalize = normalize_terms
        self.terms = 0

    def fail(self, reason: str, pos: int) -> QuerySyntaxError:
        return QuerySyntaxError(reason, self.query, pos + 1)

    def lex(self) -> list[_Lexeme]:
        query, out, i = self.query, [], 0
        while i < len(query):
            ch = query[i]
            if ch.isspace():
                i = _SPACE.match(query, i).end()  # type: ignore[union-attr]  # the pattern matches at any whitespace
            elif ch in "()":
                out.append(_Lexeme(ch, ch, i))
                i += 1
            elif ch == '"':
                end = self._closing_quote(i)
                node = self._phrase(query[i + 1 : end], i)
                out.append(self._operand(query[i : end + 1], i, node))
                i = end + 1
            else:
                word = _BARE.match(query, i).group()  # type: ignore[union-attr]  # the pattern matches at any non-space character
                end = i + len(word)
                if word.endswith(":") and end < len(query) and query[end] == '"':
                    close = self._closing_quote(end)
                    node = self._field(word[:-1], query[end + 1 : close], i)
                    out.append(self._operand(query[i : close + 1], i, node))
                    end = close + 1
                else:
                    out.extend(self._word(word, i))
                i = end
        out.append(_Lexeme("END", "", len(query)))
        return out

    def _closing_quote(self, start: int) -> int:
        end = self.query.find('"', start + 1)
        if end < 0:
            raise self.fail(f"tanda petik penutup kurang untuk '\"' di posisi {start + 1}", start)
        return end

    def _operand(self, text: str, pos: int, node: Node) -> _Lexeme:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise self.fail(
                f"kueri berisi lebih dari {MAX_TERMS} istilah (istilah ke-{MAX_TERMS + 1} di "
                f"posisi {pos + 1}); pecah menjadi beberapa topik",
                pos,
            )
        return _Lexeme("TERM", text, pos, node)

    def _word(self, word: str, pos: int) -> list[_Lexeme]:
        upper = word.upper()
        if upper in _OPERATORS:
            return [_Lexeme(upper, word, pos)]
        if upper == "NEAR" or upper.startswith("NEAR/"):
            return [self._near(word, pos)]
        if word.startswith("-") and len(word) > 1:  # -kata: shorthand for NOT kata
            return [_Lexeme("NOT", "-", pos), *self._word(word[1:], pos + 1)]
        return [self._operand(word, pos, self._leaf(word, pos))]

    def _near(self, word: str, pos: int) -> _Lexeme:
        m = _NEAR.fullmatch(word)
        if m is None:
            raise self.fail(
                f"{word} di posisi {pos + 1} perlu jarak berupa angka, mis. NEAR/5", pos
            )
        distance = int(m.group(1))
        if not 1 <= distance <= MAX_NEAR:
            raise self.fail(
                f"jarak {word} di posisi {pos + 1} harus antara 1 dan {MAX_NEAR} kata", pos
            )
        return _Lexeme("NEAR", word, pos, distance=distance)

    def _leaf(self, word: str, pos: int) -> Node:
        if word[0] == "#":
            tag, prefix = self._prefixed(word, word[1:], pos, _HASHTAG, "tagar")
            return Hashtag(tag, prefix)
        if word[0] == "@":
            handle, prefix = self._prefixed(word, word[1:], pos, _HANDLE, "akun")
            return Mention(handle, prefix)
        m = _FIELD.fullmatch(word)
        if m:
            return self._field(m.group(1), m.group(2), pos)
        if "*" in word:
            stem, _ = self._prefixed(word, word, pos, _ALNUM, "wildcard")
            return Prefix(stem)
        return self._words(word, pos)

    def _prefixed(
        self, word: str, body: str, pos: int, pattern: re.Pattern[str], what: str
    ) -> tuple[str, bool]:
        """(lower-case body, whether it ends with the ``*`` wildcard), validated."""
        is_prefix = body.endswith("*")
        core = body[:-1] if is_prefix else body
        if "*" in core:
            raise self.fail(f"'*' di '{word}' (posisi {pos + 1}) hanya boleh di akhir kata", pos)
        if not core and not is_prefix:
            raise self.fail(f"{what} kosong di posisi {pos + 1}", pos)
        if is_prefix and len(core) < MIN_PREFIX:
            raise self.fail(
                f"wildcard '{word}' di posisi {pos + 1} terlalu pendek: perlu minimal "
                f"{MIN_PREFIX} huruf sebelum '*' (mis. subsid*)",
                pos,
            )
        if not pattern.fullmatch(core):
            raise self.fail(
                f"{what} '{word}' di posisi {pos + 1} hanya boleh berisi huruf dan angka "
                "(untuk tanda baca pakai frasa bertanda petik)",
                pos,
            )
        return core.lower(), is_prefix

    def _field(self, name: str, value: str, pos: int) -> FieldFilter:
        canonical = FIELD_NAMES.get(name.lower())
        if canonical is None:
            raise self.fail(
                f"kolom '{name}' di posisi {pos + 1} tidak dikenal (pilih platform, lang, "
                "author atau sentiment; untuk mencari teks yang memuat ':' pakai tanda petik)",
                pos,
            )
        text = value.strip().lower()
        if canonical == "author":
            text = text.removeprefix("@")
        if not text:
            raise self.fail(f"nilai untuk {name}: di posisi {pos + 1} kosong", pos)
        core, is_prefix = self._prefixed(f"{name}:{value}", text, pos, re.compile(r".+"), name)
        if is_prefix:
            return FieldFilter(canonical, core, True)
        if canonical == "platform":
            core = self._known(PLATFORM_ALIASES, core, name, pos, ", ".join(PLATFORMS))
        elif canonical == "sentiment":
            core = self._known(SENTIMENTS, core, name, pos, "positive, negative atau neutral")
        return FieldFilter(canonical, core)

    def _known(self, allowed: dict[str, str], value: str, name: str, pos: int, hint: str) -> str:
        if value not in allowed:
            raise self.fail(
                f"nilai '{value}' untuk {name}: di posisi {pos + 1} tidak dikenal (pilih {hint})",
                pos,
            )
        return allowed[value]

    def _phrase(self, content: str, pos: int) -> Node:
        if "*" in content:
            raise self.fail(
                f"wildcard '*' tidak bisa dipakai di dalam frasa (posisi {pos + 1})", pos
            )
        if not content.strip():
            raise self.fail(f"frasa kosong di posisi {pos + 1}", pos)
        return self._words(content, pos)

    def _words(self, text: str, pos: int) -> Node:
        tokens = self.normalize(text)
        if not tokens:
            raise self.fail(f"'{text}' di posisi {pos + 1} tidak berisi huruf atau angka", pos)
        return Term(tokens[0]) if len(tokens) == 1 else Phrase(tuple(tokens))


# --- parsing ------------------------------------------------------------------------------

_OPERAND_START = frozenset({"TERM", "(", "NOT"})
_POSITIONAL = (Term, Phrase, Prefix, Near)


def _join(kind: type[And] | type[Or], items: list[Node]) -> Node:
    if len(items) == 1:
        return items[0]
    flat: list[Node] = []
    for item in items:
        flat.extend(item.operands if isinstance(item, kind) else (item,))
    return kind(tuple(flat))


def _positional(node: Node) -> bool:
    if isinstance(node, Or):
        return all(_positional(op) for op in node.operands)
    return isinstance(node, _POSITIONAL)


class _Parser:
    def __init__(self, query: str, lexemes: list[_Lexeme]) -> None:
        self.query = query
        self.lexemes = lexemes
        self.i = 0
        self.depth = 0

    def fail(self, reason: str, pos: int) -> QuerySyntaxError:
        return QuerySyntaxError(reason, self.query, pos + 1)

    def peek(self) -> _Lexeme:
        return self.lexemes[self.i]

    def take(self) -> _Lexeme:
        lexeme = self.lexemes[self.i]
        self.i += 1
        return lexeme

    def parse(self) -> Node:
        node = self.parse_or()
        stray = self.peek()
        if stray.kind != "END":  # the loops stop only at ")" or the end
            raise self.fail(
                f"kurung tutup ')' di posisi {stray.pos + 1} tidak punya pasangan '('", stray.pos
            )
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while self.peek().kind == "OR":
            self.take()
            items.append(self.parse_and())
        return _join(Or, items)

    def parse_and(self) -> Node:
        items = [self.parse_not()]
        while True:
            kind = self.peek().kind
            if kind == "AND":
                self.take()
            elif kind not in _OPERAND_START:
                return _join(And, items)
            items.append(self.parse_not())

    def parse_not(self) -> Node:
        negations = 0
        while self.peek().kind == "NOT":  # a loop, not recursion: NOT NOT … cannot overflow
            self.take()
            negations += 1
        node = self.parse_near()
        return Not(node) if negations % 2 else node

    def parse_near(self) -> Node:
        left_pos = self.peek().pos
        left = self.parse_primary()
        while self.peek().kind == "NEAR":
            op = self.take()
            right_pos = self.peek().pos
            right = self.parse_primary()
            for operand, pos in ((left, left_pos), (right, right_pos)):
                if not _positional(operand):
                    raise self.fail(
                        f"{op.text} di posisi {op.pos + 1} hanya bisa menghubungkan kata, frasa, "
                        "wildcard atau kelompok (… OR …) dari itu",
                        pos,
                    )
            left = Near(left, right, op.distance)
        return left

    def parse_primary(self) -> Node:
        lexeme = self.peek()
        if lexeme.kind == "TERM":
            self.take()
            return lexeme.node  # type: ignore[return-value]  # a TERM lexeme always carries its node
        if lexeme.kind != "(":
            raise self.unexpected(lexeme)
        self.take()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(
                f"kurung bersarang terlalu dalam di posisi {lexeme.pos + 1} "
                f"(batas {MAX_DEPTH} tingkat)",
                lexeme.pos,
            )
        if self.peek().kind == ")":
            raise self.fail(f"kurung '(' di posisi {lexeme.pos + 1} kosong", lexeme.pos)
        node = self.parse_or()
        if self.peek().kind != ")":
            raise self.unclosed(lexeme)
        self.take()
        self.depth -= 1
        return node

    def unclosed(self, paren: _Lexeme) -> QuerySyntaxError:
        return self.fail(f"kurung tutup kurang untuk '(' di posisi {paren.pos + 1}", paren.pos)

    def unexpected(self, lexeme: _Lexeme) -> QuerySyntaxError:
        """An operand was expected; the previous lexeme is None, '(' or an operator."""
        prev = self.lexemes[self.i - 1] if self.i else None
        if prev is not None and prev.kind == "(":
            if lexeme.kind == "END":
                return self.unclosed(prev)
        elif prev is not None and lexeme.kind in ("END", ")"):
            return self.fail(
                f"operator {prev.text} di posisi {prev.pos + 1} menggantung: "
                "tidak ada kata sesudahnya",
                prev.pos,
            )
        if lexeme.kind == ")":
            return self.fail(
                f"kurung tutup ')' di posisi {lexeme.pos + 1} tidak punya pasangan '('",
                lexeme.pos,
            )
        if prev is None or prev.kind == "(":
            return self.fail(
                f"operator {lexeme.text} di posisi {lexeme.pos + 1} menggantung: "
                "tidak ada kata sebelumnya",
                lexeme.pos,
            )
        return self.fail(
            f"operator {lexeme.text} di posisi {lexeme.pos + 1} tidak boleh langsung "
            f"sesudah {prev.text}",
            lexeme.pos,
        )


def _too_long(query: str) -> QuerySyntaxError:
    return QuerySyntaxError(
        f"kueri terlalu panjang ({fmt_int(len(query))} karakter, batas "
        f"{fmt_int(MAX_QUERY_CHARS)}); pecah menjadi beberapa topik",
        query,
        None,
    )


def parse_query(query: str, normalize_terms: NormalizeTerms = default_normalize_terms) -> Node:
    """The syntax tree of ``query``; raises :class:`QuerySyntaxError` saying where and why."""
    # Lexing stops at the first term over MAX_TERMS, so a query with thousands of terms gets
    # that message at once; only text without many terms can then be too long.
    if len(query) > 50 * MAX_QUERY_CHARS:
        raise _too_long(query)
    lexemes = _Lexer(query, normalize_terms).lex()
    if len(query) > MAX_QUERY_CHARS:
        raise _too_long(query)
    if len(lexemes) == 1:
        raise QuerySyntaxError(
            "kueri kosong: tulis minimal satu kata, frasa, tagar, akun atau filter", query, None
        )
    return _Parser(query, lexemes).parse()


# --- printing -----------------------------------------------------------------------------


def _quote_needed(word: str) -> bool:
    upper = word.upper()
    return not _ALNUM.fullmatch(word) or upper in _OPERATORS or upper.startswith("NEAR")


def to_query(node: Node) -> str:
    """The canonical text of a syntax tree (parses back to an equivalent tree)."""
    return _render(node, 0)


def _render(node: Node, need: int) -> str:
    text, level = _render_node(node)
    return f"({text})" if level < need else text


def _render_node(node: Node) -> tuple[str, int]:
    """(text, binding level): OR 1, AND 2, NOT 3, NEAR 4, leaves 5."""
    match node:
        case Term(token):
            return (f'"{token}"' if _quote_needed(token) else token), 5
        case Phrase(tokens):
            return f'"{" ".join(tokens)}"', 5
        case Prefix(prefix):
            return f"{prefix}*", 5
        case Hashtag(tag, prefix):
            return f"#{tag}{'*' if prefix else ''}", 5
        case Mention(handle, prefix):
            return f"@{handle}{'*' if prefix else ''}", 5
        case FieldFilter(name, value, prefix):
            shown = f"{value}*" if prefix else value
            return (f'{name}:"{shown}"' if _BARE.fullmatch(shown) is None else f"{name}:{shown}"), 5
        case Not(operand):
            return f"NOT {_render(operand, 3)}", 3
        case And(operands):
            return " AND ".join(_render(op, 3) for op in operands), 2
        case Or(operands):
            return " OR ".join(_render(op, 2) for op in operands), 1
        case Near(left, right, distance):
            return f"{_render(left, 4)} NEAR/{distance} {_render(right, 5)}", 4
    raise TypeError(node)  # pragma: no cover


# --- compiling ----------------------------------------------------------------------------

Predicate = Callable[[MatchDoc], bool]
Spans = Callable[[MatchDoc], list[tuple[int, int]]]


class CompiledQuery:
    """A query ready to match: ``matches(doc)`` is a plain function for speed.

    ``required`` lists clauses of literal tokens: a matching doc holds at least one token of
    every clause. It is checked first, with set operations, before the full expression.
    """

    __slots__ = ("ast", "matches", "required", "text")

    def __init__(self, text: str, ast: Node) -> None:
        self.text = text
        self.ast = ast
        clauses = set(_clauses(ast))
        self.required: tuple[frozenset[str], ...] = tuple(
            sorted(clauses, key=lambda c: (len(c), sorted(c)))
        )
        self.matches: Predicate = _with_prefilter(self.required, ast, _predicate(ast))


def compile_query(
    query: str, normalize_terms: NormalizeTerms = default_normalize_terms
) -> CompiledQuery:
    return CompiledQuery(query, parse_query(query, normalize_terms))


def _clauses(node: Node) -> list[frozenset[str]]:
    """Necessary literal tokens in conjunctive form ([] when nothing literal is required)."""
    match node:
        case Term(token):
            return [frozenset((token,))]
        case Phrase(tokens):
            return [frozenset((t,)) for t in tokens]
        case And(operands):
            return [c for op in operands for c in _clauses(op)]
        case Near(left, right):
            return _clauses(left) + _clauses(right)
        case Or(operands):
            picked = []
            for op in operands:
                found = _clauses(op)
                if not found:
                    return []
                picked.append(min(found, key=len))
            return [frozenset().union(*picked)]
    return []


def _is_plain_set_query(node: Node) -> bool:
    """True when the prefilter alone decides: one term, or AND of terms."""
    if isinstance(node, And):
        return all(isinstance(op, Term) for op in node.operands)
    return isinstance(node, Term)


def _with_prefilter(
    clauses: tuple[frozenset[str], ...], ast: Node, predicate: Predicate
) -> Predicate:
    if not clauses or _is_plain_set_query(ast):
        return predicate
    singles = frozenset(t for c in clauses if len(c) == 1 for t in c)
    groups = tuple(c for c in clauses if len(c) > 1)
    if not groups and len(singles) == 1:
        (token,) = singles
        return lambda d: token in d.vocab and predicate(d)
    if not groups:
        return lambda d: singles <= d.vocab and predicate(d)

    def prefiltered(d: MatchDoc) -> bool:
        vocab = d.vocab
        if not singles <= vocab:
            return False
        for group in groups:
            if group.isdisjoint(vocab):
                return False
        return predicate(d)

    return prefiltered


def _cost(node: Node) -> int:
    match node:
        case Term() | Hashtag() | Mention() | FieldFilter():
            return 1
        case Prefix() | Phrase():
            return 2
        case Not(operand):
            return _cost(operand)
        case And(operands) | Or(operands):
            return sum(_cost(op) for op in operands)
    return 8  # NEAR


def _in_set(attr: str, value: str, prefix: bool) -> Predicate:
    if prefix:
        return lambda d: any(v.startswith(value) for v in getattr(d, attr))
    return lambda d: value in getattr(d, attr)


def _predicate(node: Node) -> Predicate:
    match node:
        case Term(token):
            return lambda d: token in d.vocab
        case Phrase(tokens):
            needle = f" {' '.join(tokens)} "
            return lambda d: needle in d.padded
        case Prefix(prefix):
            start = f" {prefix}"
            return lambda d: start in d.padded
        case Hashtag(tag, prefix):
            return _in_set("hashtags", tag, prefix)
        case Mention(handle, prefix):
            return _in_set("mentions", handle, prefix)
        case FieldFilter(name, value, True):
            return lambda d: d.fields.get(name, "").startswith(value)
        case FieldFilter(name, value):
            return lambda d: d.fields.get(name) == value
        case Not(operand):
            inner = _predicate(operand)
            return lambda d: not inner(d)
        case And(operands):
            return _all(operands)
        case Or(operands):
            return _any(operands)
        case Near():
            spans = _spans(node)
            return lambda d: bool(spans(d))
    raise TypeError(node)  # pragma: no cover


def _split_terms(operands: tuple[Node, ...]) -> tuple[frozenset[str], list[Predicate]]:
    """Term operands as one set (checked with one set operation), the rest cheapest first."""
    terms = frozenset(op.token for op in operands if isinstance(op, Term))
    rest = sorted((op for op in operands if not isinstance(op, Term)), key=_cost)
    return terms, [_predicate(op) for op in rest]


def _all(operands: tuple[Node, ...]) -> Predicate:
    terms, preds = _split_terms(operands)
    if terms:
        preds.insert(0, lambda d: terms <= d.vocab)
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:
        first, second = preds
        return lambda d: first(d) and second(d)

    return lambda d: all(pred(d) for pred in preds)


def _any(operands: tuple[Node, ...]) -> Predicate:
    terms, preds = _split_terms(operands)
    if terms:
        preds.insert(0, lambda d: not terms.isdisjoint(d.vocab))
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:
        first, second = preds
        return lambda d: first(d) or second(d)

    return lambda d: any(pred(d) for pred in preds)


def _near(left: tuple[int, int], right: tuple[int, int], distance: int) -> bool:
    """Two spans that do not overlap and are at most ``distance`` tokens apart."""
    if right[0] > left[1]:
        return right[0] - left[1] <= distance
    return left[0] > right[1] and left[0] - right[1] <= distance


def _spans(node: Node) -> Spans:
    """Token spans (first, last) where a positional node occurs."""
    match node:
        case Term(token):
            return lambda d: [(i, i) for i in d.positions(token)]
        case Phrase(tokens):
            first, size, words = tokens[0], len(tokens), list(tokens)

            def phrase_spans(d: MatchDoc) -> list[tuple[int, int]]:
                toks = d.tokens
                found = d.positions(first)
                return [(i, i + size - 1) for i in found if toks[i : i + size] == words]

            return phrase_spans
        case Prefix(prefix):
            return lambda d: [(i, i) for i, t in enumerate(d.tokens) if t.startswith(prefix)]
        case Or(operands):
            parts = [_spans(op) for op in operands]
            return lambda d: [span for part in parts for span in part(d)]
        case Near(left, right, distance):
            left_spans, right_spans = _spans(left), _spans(right)

            def near_spans(d: MatchDoc) -> list[tuple[int, int]]:
                lefts = left_spans(d)
                if not lefts:
                    return []
                rights = right_spans(d)
                return [
                    (min(a[0], b[0]), max(a[1], b[1]))
                    for a in lefts
                    for b in rights
                    if _near(a, b, distance)
                ]

            return near_spans
    raise TypeError(node)  # pragma: no cover
