"""A record's derived figure, kept once read, never makes two equal records differ or a changed one stale."""

import pickle
from dataclasses import replace
from decimal import Decimal

from jixiao.model.quantity import Quantity


def test_a_quantity_read_once_is_equal_to_one_never_read_and_survives_a_copy():
    read, fresh = Quantity(Decimal("2.56"), "人", "万"), Quantity(Decimal("2.56"), "人", "万")
    assert read.value == Decimal("25600")
    assert read == fresh and hash(read) == hash(fresh)
    assert pickle.loads(pickle.dumps(read)).value == Decimal("25600")


def test_a_quantity_changed_by_replace_has_its_own_value():
    q = Quantity(Decimal("2.56"), "人", "万")
    assert q.value == Decimal("25600")
    assert replace(q, scale="").value == Decimal("2.56")
    assert replace(q, number=Decimal("3")).value == Decimal("30000")
