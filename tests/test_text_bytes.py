import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from touchsite.load.text_bytes import bounds_and_bytes, is_text, padded_bytes


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_a_slices_bounds_are_those_of_the_array_it_was_cut_from(kind):
    texts = pa.array(["ab", "", "cde", "f"], kind).slice(1, 2)
    bounds, data = bounds_and_bytes(texts)
    assert bounds.tolist() == [2, 2, 5]
    assert data[2:5].tobytes() == b"cde"


def test_the_bytes_cannot_be_written_through():
    texts = pa.array(["2025-11-01"])
    _bounds, data = bounds_and_bytes(texts)
    with pytest.raises(ValueError):
        data[0] = ord("X")
    assert texts.to_pylist() == ["2025-11-01"]


def test_texts_of_no_bytes_have_bounds_and_no_bytes():
    bounds, data = bounds_and_bytes(pa.array(["", ""]))
    assert bounds.tolist() == [0, 0, 0] and len(data) == 0


def test_what_is_no_text_is_read_as_its_text():
    assert not is_text(pa.int64()) and is_text(pa.large_string())
    offsets, data = padded_bytes(pa.array([12, 345]))
    assert offsets.tolist() == [0, 2, 5]
    assert data.tobytes() == b"12345" + bytes(8)


@given(
    st.lists(st.text(), max_size=20),
    st.integers(0, 20),
    st.integers(0, 20),
    st.sampled_from([pa.string(), pa.large_string()]),
)
def test_padded_bytes_hold_each_text_from_0_and_eight_zeros_after(texts, start, length, kind):
    array = pa.array(texts, kind).slice(start, length)
    offsets, data = padded_bytes(array)
    assert offsets.dtype == np.int64 and offsets[0] == 0 and len(offsets) == len(array) + 1
    wanted = texts[start : start + length]
    read = [
        data[a:b].tobytes().decode("utf-8") for a, b in zip(offsets[:-1], offsets[1:], strict=True)
    ]
    assert read == wanted
    assert len(data) == offsets[-1] + 8 and not data[offsets[-1] :].any()


@pytest.mark.parametrize("kind", [pa.binary(), pa.large_binary()])
def test_a_binary_arrays_bounds_are_read_at_their_width(kind):
    # a respondent set's ranks are large_binary: its bounds are 8 bytes each, not 4
    texts = pa.array([b"\x00\x00\x00\x01", b"", b"\x00\x00\x00\x02\x00\x00\x00\x03"], kind)
    bounds, data = bounds_and_bytes(texts.slice(1))
    assert bounds.tolist() == [4, 4, 12]
    assert data[4:12].view(">u4").tolist() == [2, 3]
