"""The --map text: columns, constants, alternatives, joins, optional columns, bad names."""

from __future__ import annotations

import pytest

from pantau.errors import PantauError
from pantau.ingest.mapping.spec import Mapping, Part, Source, parse_spec


def test_columns_constants_alternatives_and_joins() -> None:
    fields = parse_spec(
        'text=Tweet,created_at="Tanggal Posting",author=user.screen_name,platform=x,'
        "lang='id',title=\"Judul, lengkap\"|Judul,views=Tayangan?"
    )
    assert fields["text"] == Source(((Part("Tweet"),),))
    assert fields["created_at"] == Source(((Part("Tanggal Posting"),),))
    assert fields["author"] == Source(((Part("user.screen_name"),),))
    assert fields["platform"] == Source(((Part("x"),),))  # a column, or a platform when none
    assert fields["lang"] == Source(constant="id")
    assert fields["title"] == Source(((Part("Judul, lengkap"),), (Part("Judul"),)))
    assert fields["views"] == Source(((Part("Tayangan", optional=True),),))
    joined = parse_spec("created_at=Tgl+Jam?")["created_at"]
    assert joined == Source(((Part("Tgl"), Part("Jam", optional=True)),))


def test_text_form_survives_a_round_trip() -> None:
    spec = "text=\"Full Text\"|Snippet,created_at=Tgl+Jam?,lang='id',views=Tayangan?"
    mapping = Mapping(fields=parse_spec(spec), platform="x")
    assert mapping.spec() == spec
    again = Mapping.from_dict(mapping.as_dict())
    assert again == mapping


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("txt=Tweet", "maksud Anda 'text'"),
        ("warna=Biru", "field kanonik tidak dikenal"),
        ("text", "field=kolom"),
        ("text=", "tanpa kolom"),
        ('text="Tweet', "kutip tidak ditutup"),
        ("text=Tweet,text=Isi", "dua kali"),
    ],
)
def test_bad_maps_are_one_clear_line(spec: str, message: str) -> None:
    with pytest.raises(PantauError, match=message) as caught:
        parse_spec(spec)
    assert "\n" not in str(caught.value)
