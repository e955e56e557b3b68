"""count_for_share: how many the top N per cent of a ranking are (person and household honours
share it): rounded up, at least one, and a share outside 1–100 refused with a message."""

from __future__ import annotations

import pytest

from jifen_desktop.model.calendar.honour_pick import count_for_share
from jifen_desktop.model.errors import ValidationError


def test_the_top_share_is_rounded_up_and_at_least_one():
    assert count_for_share(100, 10) == 10
    assert count_for_share(101, 10) == 11
    assert count_for_share(3, 10) == 1
    assert count_for_share(0, 10) == 1
    assert count_for_share(7, 100) == 7


@pytest.mark.parametrize("share", [0, 101, -5])
def test_a_share_outside_1_to_100_is_refused(share):
    with pytest.raises(ValidationError, match="百分比要在 1 到 100 之间"):
        count_for_share(50, share)
