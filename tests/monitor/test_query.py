"""The topic query language: every operator, precedence, normalisation, errors, speed."""

from __future__ import annotations

import re
import time
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pantau.monitor.query import (
    MAX_TERMS,
    And,
    FieldFilter,
    Hashtag,
    MatchDoc,
    Mention,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    QuerySyntaxError,
    Term,
    compile_query,
    default_normalize_terms,
    parse_query,
    to_query,
)
from pantau.monitor.topics import build_match_doc
from pantau.store.topics import PostText

DOCS = Path(__file__).resolve().parents[2] / "docs" / "query-language.md"


def doc(
    text: str,
    *,
    platform: str = "x",
    author: str | None = None,
    lang: str | None = None,
    hashtags: list[str] | None = None,
    mentions: list[str] | None = None,
    title: str | None = None,
) -> MatchDoc:
    post = PostText(
        id=1,
        platform=platform,
        created_at=datetime(2026, 11, 17),
        author=author,
        lang=lang,
        title=title,
        text=text,
        hashtags=hashtags,
        mentions=mentions,
    )
    return build_match_doc(post)


def hit(query: str, text: str, **kw: object) -> bool:
    return compile_query(query).matches(doc(text, **kw))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("banjir", "Banjir lagi di Semarang", True),
        ("banjir", "Longsor di Banjarnegara", False),
        ("harga beras", "beras mahal, harga naik terus", True),  # implicit AND, any order
        ("harga beras", "harga cabai naik", False),
        ("pupuk AND langka", "pupuk langka di Jember", True),
        ("pupuk AND langka", "pupuk tersedia", False),
        ("bansos OR blt", "kapan BLT cair?", True),
        ("bansos OR blt", "PKH cair minggu depan", False),
        ("vaksin NOT hoaks", "vaksin booster tersedia di puskesmas", True),
        ("vaksin NOT hoaks", "hoaks soal vaksin beredar", False),
        ("vaksin -hoaks", "hoaks soal vaksin beredar", False),  # '-' shorthand for NOT
        ("vaksin AND NOT hoaks", "vaksin gratis", True),
        ("(bbm OR solar) langka", "solar langka di SPBU", True),
        ("(bbm OR solar) langka", "pertalite langka", False),
        ("BANJIR or LONGSOR", "longsor di Bogor", True),  # operators and words in any case
        ("banjir and not bandang", "banjir bandang", False),
    ],
)
def test_operators(query: str, text: str, expected: bool) -> None:
    assert hit(query, text) is expected


def test_precedence_not_over_and_over_or() -> None:
    t = Term
    assert parse_query("banjir bandang OR longsor") == Or(
        (And((t("banjir"), t("bandang"))), t("longsor"))
    )
    assert parse_query("vaksin NOT hoaks OR palsu") == Or(
        (And((t("vaksin"), Not(t("hoaks")))), t("palsu"))
    )
    assert parse_query("a OR b AND c OR d") == Or((t("a"), And((t("b"), t("c"))), t("d")))
    assert parse_query("NOT harga NEAR/2 naik") == Not(Near(t("harga"), t("naik"), 2))
    assert parse_query("vaksin NOT (hoaks OR palsu)") == And(
        (t("vaksin"), Not(Or((t("hoaks"), t("palsu")))))
    )
    assert parse_query("NOT NOT banjir") == t("banjir")
    # the same precedence when matching
    assert hit("vaksin NOT hoaks OR palsu", "berita palsu soal hoaks")
    assert not hit("vaksin NOT (hoaks OR palsu)", "vaksin palsu")


def test_phrases_are_exact_order_and_ignore_punctuation() -> None:
    assert hit('"kartu tani"', "Pendaftaran Kartu Tani digital dibuka")
    assert hit('"kartu tani"', "kartu, tani!")
    assert not hit('"kartu tani"', "tani punya kartu")
    assert not hit('"kartu tani"', "kartu sakti tani")
    assert hit('"harga beras" naik', "naik lagi harga beras")
    assert parse_query('"subsidi"') == Term("subsidi")  # one quoted word is a plain word


def test_near_counts_tokens_in_either_order() -> None:
    assert hit("harga NEAR/1 naik", "harga naik")
    assert hit("harga NEAR/1 naik", "naik harga")
    assert hit("harga NEAR/3 naik", "harga beras mau naik")
    assert not hit("harga NEAR/3 naik", "harga beras di pasar induk naik")
    assert hit("harga NEAR/5 naik", "harga beras di pasar induk naik")
    assert not hit("bbm NEAR/3 bbm", "bbm langka")  # two distinct occurrences needed
    assert hit("bbm NEAR/3 bbm", "bbm langka, bbm mahal")


def test_near_with_groups_phrases_wildcards_and_chains() -> None:
    query = '(harga OR tarif) NEAR/3 (bbm OR "bahan bakar")'
    assert hit(query, "tarif baru bahan bakar diumumkan")
    assert hit(query, "bbm: harga naik")
    assert not hit(query, "harga cabai naik lagi, bbm aman")
    assert hit('"kartu tani" NEAR/2 sulit*', "kartu tani makin sulitnya minta ampun")
    assert not hit('"kartu tani" NEAR/2 sulit*', "sulit sekali urus semua kartu tani")
    assert hit("pupuk NEAR/2 langka NEAR/2 petani", "pupuk langka, petani resah")
    assert not hit("pupuk NEAR/2 langka NEAR/2 petani", "pupuk langka di kabupaten ini kata petani")


def test_wildcards() -> None:
    assert hit("subsid*", "subsidi pupuk")
    assert hit("subsid*", "subsidinya kapan cair")
    assert not hit("subsid*", "disubsidi pemerintah")
    assert hit("SUBSID*", "Subsidi")
    assert parse_query("subsid*") == Prefix("subsid")
    assert hit("#pupuk*", "tolong #PupukLangka")
    assert hit("@kemen*", "lapor @Kementan")
    assert hit("author:humas*", "info", author="humas_jateng")
    assert not hit("author:humas*", "info", author="warga_jateng")


def test_hashtags_and_mentions_from_columns_and_text() -> None:
    assert hit("#PupukLangka", "pupuk susah", hashtags=["PupukLangka"])
    assert hit("#pupuklangka", "pupuk susah #PupukLangka")
    assert not hit("#pupuklangka", "pupuk langka")  # a hashtag query needs the hashtag
    assert hit("pupuklangka", "pupuk susah #PupukLangka")  # a word also finds hashtag words
    assert hit("@kemenkeu", "tolong dijawab", mentions=["Kemenkeu"])
    assert hit("@sari.dewi", "cc @sari.dewi.")
    assert not hit("@kemenkeu", "kemenkeu menjawab")
    assert not hit("#bbm", "https://x.com/berita#bbm bbm naik")  # URLs are not read


def test_field_filters() -> None:
    assert hit("banjir platform:tiktok", "banjir", platform="tiktok")
    assert not hit("banjir platform:tiktok", "banjir", platform="x")
    assert hit("platform:twitter", "apa saja", platform="x")  # platform aliases
    assert hit("lang:id", "halo", lang="ID")
    assert hit("bahasa:id", "halo", lang="id")
    assert hit("author:@Budi_Tani", "halo", author="budi_tani")
    assert hit('akun:"budi_tani"', "halo", author="budi_tani")
    assert not hit("lang:id", "halo")  # unknown language: no match
    negative = MatchDoc(["harga", "naik"], fields={"sentiment": "negative", "platform": "x"})
    neutral = MatchDoc(["harga", "naik"], fields={"sentiment": "neutral", "platform": "x"})
    for query in ("harga sentiment:negative", "harga sentimen:negatif", "harga SENTIMENT:Negative"):
        compiled = compile_query(query)
        assert compiled.matches(negative) and not compiled.matches(neutral)
    assert parse_query("-platform:news") == Not(FieldFilter("platform", "news"))


@pytest.mark.parametrize("variant", ["gak", "ga", "nggak", "enggak", "tdk", "tak", "tidak"])
def test_negation_slang_is_one_word(variant: str) -> None:
    text = f"harga beras {variant} naik kok"
    assert hit("gak naik", text)
    assert hit('"beras nggak naik"', text)
    assert hit("tidak NEAR/1 naik", text)
    assert parse_query(f'"{variant} naik"') == Phrase(("tidak", "naik"))


def test_a_pluggable_normaliser_is_used_for_query_words() -> None:
    renames = {"kominfo": "komdigi"}

    def normalize(text: str) -> list[str]:
        return [renames.get(w, w) for w in default_normalize_terms(text)]

    compiled = compile_query("kominfo", normalize)
    assert compiled.ast == Term("komdigi")
    assert compiled.matches(MatchDoc(normalize("Komdigi menjawab")))


def test_required_tokens_reject_before_evaluation() -> None:
    compiled = compile_query('subsidi (bbm OR solar) NOT hoaks "harga naik"')
    assert set(compiled.required) == {
        frozenset({"subsidi"}),
        frozenset({"bbm", "solar"}),
        frozenset({"harga"}),
        frozenset({"naik"}),
    }
    assert compile_query("subsid* OR bbm").required == ()
    assert compile_query("NOT bbm").required == ()
    assert compile_query("platform:tiktok").required == ()


def test_a_query_can_match_everything_or_nothing() -> None:
    docs = [doc("banjir"), doc("harga naik"), doc("")]
    assert all(compile_query("NOT zzzz").matches(d) for d in docs)
    assert not any(compile_query("zzzz").matches(d) for d in docs)


ERRORS = [
    ("", None, "kueri kosong"),
    ("   ", None, "kueri kosong"),
    ("harga AND (bbm OR solar", 11, "kurung tutup kurang untuk '(' di posisi 11"),
    ("(", 1, "kurung tutup kurang untuk '(' di posisi 1"),
    ("bbm) OR solar", 4, "kurung tutup ')' di posisi 4 tidak punya pasangan '('"),
    ("bbm ()", 5, "kurung '(' di posisi 5 kosong"),
    ("bbm AND", 5, "operator AND di posisi 5 menggantung: tidak ada kata sesudahnya"),
    ("OR solar", 1, "operator OR di posisi 1 menggantung: tidak ada kata sebelumnya"),
    ("(AND bbm)", 2, "tidak ada kata sebelumnya"),
    ("bbm AND OR solar", 9, "operator OR di posisi 9 tidak boleh langsung sesudah AND"),
    ("bbm NOT", 5, "operator NOT di posisi 5 menggantung"),
    ("(bbm OR)", 6, "operator OR di posisi 6 menggantung"),
    ("harga NEAR naik", 7, "NEAR di posisi 7 perlu jarak berupa angka, mis. NEAR/5"),
    ("harga NEAR/x naik", 7, "perlu jarak berupa angka"),
    ("harga NEAR/0 naik", 7, "harus antara 1 dan 100"),
    ("harga NEAR/3", 7, "menggantung"),
    ("#bbm NEAR/3 naik", 1, "NEAR/3 di posisi 6 hanya bisa menghubungkan"),
    ("harga NEAR/3 (naik AND mahal)", 14, "hanya bisa menghubungkan"),
    ("su*", 1, "wildcard 'su*' di posisi 1 terlalu pendek"),
    ("bbm s*", 5, "minimal 3 huruf"),
    ("sub*di", 1, "hanya boleh di akhir kata"),
    ("e-ktp*", 1, "hanya boleh berisi huruf dan angka"),
    ('"harga subsid*"', 1, "wildcard '*' tidak bisa dipakai di dalam frasa"),
    ("kota:semarang", 1, "kolom 'kota' di posisi 1 tidak dikenal"),
    ("platform:tiktokk", 1, "nilai 'tiktokk' untuk platform"),
    ("sentimen:marah", 1, "nilai 'marah' untuk sentimen"),
    ("author:", 1, "nilai untuk author: di posisi 1 kosong"),
    ('"kartu tani', 1, "tanda petik penutup kurang"),
    ('""', 1, "frasa kosong"),
    ("bbm !!!", 5, "tidak berisi huruf atau angka"),
    ("# bbm", 1, "tagar kosong"),
]


@pytest.mark.parametrize(("query", "position", "reason"), ERRORS)
def test_syntax_errors_say_where_and_why(query: str, position: int | None, reason: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query)
    err = caught.value
    assert reason in err.reason
    assert err.position == position
    lines = str(err).splitlines()
    assert lines[0] == err.reason
    if position is not None:  # the query, then a caret under the offending character
        assert lines[1] == f"  {query}"
        assert lines[2] == "  " + " " * (position - 1) + "^"


def test_huge_queries_are_rejected_quickly() -> None:
    started = time.perf_counter()
    big = " OR ".join(f"kata{i}" for i in range(10_000))
    with pytest.raises(QuerySyntaxError, match=f"lebih dari {MAX_TERMS} istilah") as caught:
        parse_query(big)
    assert len(str(caught.value).splitlines()[1]) < 100  # the caret line shows a window
    with pytest.raises(QuerySyntaxError, match="bersarang terlalu dalam"):
        parse_query("(" * 5000 + "bbm" + ")" * 5000)
    with pytest.raises(QuerySyntaxError, match="terlalu panjang"):
        parse_query(f'"{"harga naik " * 3000}"')
    with pytest.raises(QuerySyntaxError, match="terlalu panjang"):
        parse_query("x" * 5_000_000)
    assert parse_query("NOT " * 4001 + "bbm") == Not(Term("bbm"))  # a loop, no recursion
    assert time.perf_counter() - started < 1.0
    parse_query(" OR ".join(f"kata{i}" for i in range(MAX_TERMS)))  # the limit itself is fine


def test_documented_examples_parse() -> None:
    text = DOCS.read_text("utf-8")
    block = re.search(r"## Contoh untuk humas\s+```text\n(.*?)```", text, re.DOTALL)
    assert block is not None
    examples = [ln for ln in block.group(1).splitlines() if ln.strip() and ln[0] != "#"]
    assert len(examples) >= 5
    for example in examples:
        compile_query(example)


# --- properties: printing round-trips, and the compiled matcher agrees with a plain evaluator

WORDS = ["harga", "naik", "bbm", "solar", "tidak", "subsidi", "pupuk", "langka"]


def _reference(node: Node, d: MatchDoc) -> bool:
    """The meaning of a query, written as plainly as possible (no prefilter, no tricks)."""
    match node:
        case Term(token):
            return token in d.tokens
        case Phrase(tokens):
            n = len(tokens)
            return any(tuple(d.tokens[i : i + n]) == tokens for i in range(len(d.tokens)))
        case Prefix(prefix):
            return any(t.startswith(prefix) for t in d.tokens)
        case Hashtag(tag, prefix):
            return any(h == tag or (prefix and h.startswith(tag)) for h in d.hashtags)
        case Mention(handle, prefix):
            return any(m == handle or (prefix and m.startswith(handle)) for m in d.mentions)
        case FieldFilter(name, value, prefix):
            got = d.fields.get(name)
            return got is not None and (got == value or (prefix and got.startswith(value)))
        case Not(operand):
            return not _reference(operand, d)
        case And(operands):
            return all(_reference(op, d) for op in operands)
        case Or(operands):
            return any(_reference(op, d) for op in operands)
        case Near():
            return bool(_reference_spans(node, d))
    raise TypeError(node)


def _reference_spans(node: Node, d: MatchDoc) -> set[tuple[int, int]]:
    toks = d.tokens
    match node:
        case Term(token):
            return {(i, i) for i, t in enumerate(toks) if t == token}
        case Phrase(tokens):
            n = len(tokens)
            return {(i, i + n - 1) for i in range(len(toks)) if tuple(toks[i : i + n]) == tokens}
        case Prefix(prefix):
            return {(i, i) for i, t in enumerate(toks) if t.startswith(prefix)}
        case Or(operands):
            return set().union(*(_reference_spans(op, d) for op in operands))
        case Near(left, right, distance):
            out = set()
            for a in _reference_spans(left, d):
                for b in _reference_spans(right, d):
                    first, second = sorted((a, b))
                    if first[1] < second[0] <= first[1] + distance:
                        out.add((first[0], max(a[1], b[1])))
            return out
    raise TypeError(node)


positional = st.recursive(
    st.one_of(
        st.sampled_from(WORDS).map(Term),
        st.lists(st.sampled_from(WORDS), min_size=2, max_size=3).map(lambda ws: Phrase(tuple(ws))),
        st.sampled_from(["har", "sub", "lang"]).map(Prefix),
    ),
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda ops: Or(tuple(ops))),
        st.builds(Near, inner, inner, st.integers(1, 4)),
    ),
    max_leaves=4,
)
leaves = st.one_of(
    positional,
    st.sampled_from(["bbm", "pupuk"]).map(Hashtag),
    st.sampled_from(["kemenkeu", "kementan"]).map(Mention),
    st.sampled_from([FieldFilter("platform", "x"), FieldFilter("platform", "tiktok")]),
)
queries = st.recursive(
    leaves,
    lambda inner: st.one_of(
        inner.map(Not),
        st.lists(inner, min_size=2, max_size=3).map(lambda ops: And(tuple(ops))),
        st.lists(inner, min_size=2, max_size=3).map(lambda ops: Or(tuple(ops))),
    ),
    max_leaves=8,
)
match_docs = st.builds(
    lambda words, tags, mentions, platform: MatchDoc(
        words, set(tags), set(mentions), {"platform": platform}
    ),
    st.lists(st.sampled_from([*WORDS, "hari", "subsidinya", "pasar"]), max_size=12),
    st.lists(st.sampled_from(["bbm", "pupuk", "pupuklangka"]), max_size=2),
    st.lists(st.sampled_from(["kemenkeu", "kementan"]), max_size=2),
    st.sampled_from(["x", "tiktok"]),
)


@settings(max_examples=300, deadline=None)
@given(queries, st.lists(match_docs, min_size=1, max_size=8))
def test_compiled_matcher_agrees_with_the_plain_meaning(ast: Node, docs: list[MatchDoc]) -> None:
    text = to_query(ast)
    canonical = to_query(parse_query(text))  # NOT NOT x prints back as x
    assert to_query(parse_query(canonical)) == canonical
    compiled = compile_query(text)
    for d in docs:
        assert compiled.matches(d) == _reference(ast, d), (text, d.tokens)
