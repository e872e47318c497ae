"""The words data cells may hold: institutional states, yes/no, no data, not applicable.

One vocabulary for every reader and for the fact rule: a word read in a cell
and a word required by a standard are the same :class:`FactState`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from ecociv._frozen import FrozenMap


__all__ = [
    "FACT_STATES",
    "FACT_WORDS",
    "NOT_APPLICABLE_WORDS",
    "NO_DATA_WORDS",
    "TASK_WORDS",
    "FactState",
    "satisfies",
    "state_code",
]


class FactState(enum.Enum):
    """An institutional state a standard requires."""

    ESTABLISHED = "established"  # 建立
    CARRIED_OUT = "carried_out"  # 开展
    EFFECTIVELY_CARRIED_OUT = "effectively_carried_out"  # 有效开展
    EFFECTIVELY_SAFEGUARDED = "effectively_safeguarded"  # 有效保障
    FORMULATED_AND_IMPLEMENTED = "formulated_and_implemented"  # 制定实施
    COMPILED = "compiled"  # 编制
    COMPLIED_WITH = "complied_with"  # 遵守
    DELINEATED_AND_COMPLIED_WITH = "delineated_and_complied_with"  # 划定并遵守
    FULLY_IMPLEMENTED = "fully_implemented"  # 全面推行
    IMPLEMENTED = "implemented"  # 实施, 落实
    NOT_OCCURRED = "not_occurred"  # 未发生
    NOT_OBVIOUS = "not_obvious"  # 不明显
    #: A condition stated in words (基本条件, 生态功能不降低、性质不改变): the
    #: requirement's target text says what must hold; the data says yes or no.
    HOLDS = "holds"

    @property
    def zh(self) -> str:
        """Return the Chinese word the standards print."""
        return _STATE_ZH[self]

    @property
    def en(self) -> str:
        """Return the state in English words."""
        return self.value.replace("_", " ")


_STATE_ZH = {
    FactState.ESTABLISHED: "建立",
    FactState.CARRIED_OUT: "开展",
    FactState.EFFECTIVELY_CARRIED_OUT: "有效开展",
    FactState.EFFECTIVELY_SAFEGUARDED: "有效保障",
    FactState.FORMULATED_AND_IMPLEMENTED: "制定实施",
    FactState.COMPILED: "编制",
    FactState.COMPLIED_WITH: "遵守",
    FactState.DELINEATED_AND_COMPLIED_WITH: "划定并遵守",
    FactState.FULLY_IMPLEMENTED: "全面推行",
    FactState.IMPLEMENTED: "实施",
    FactState.NOT_OCCURRED: "未发生",
    FactState.NOT_OBVIOUS: "不明显",
    FactState.HOLDS: "满足",
}

#: Words accepted in data for an institutional fact: word → (holds, state named).
#: A state word says which state holds; a generic word (是, yes) only says yes/no.
FACT_WORDS: Mapping[str, tuple[bool, FactState | None]] = FrozenMap(
    {
        **{zh: (True, s) for s, zh in _STATE_ZH.items()},
        **{
            "未" + zh: (False, s)
            for s, zh in _STATE_ZH.items()
            if not zh.startswith(("未", "不"))
        },
        "已发生": (False, FactState.NOT_OCCURRED),
        "明显": (False, FactState.NOT_OBVIOUS),
        "不满足": (False, FactState.HOLDS),
        "是": (True, None),
        "否": (False, None),
        "yes": (True, None),
        "no": (False, None),
        "true": (True, None),
        "false": (False, None),
    }
)

#: Words a number's value cell may hold instead of the number: the result of
#: the higher level's own check of an assigned task (完成上级规定的考核任务),
#: often all a region is told. Read as yes/no for that indicator, they judge
#: only an assigned-target rule; any rule that needs the number lacks data.
TASK_WORDS: Mapping[str, bool] = FrozenMap(
    {
        "完成": True,
        "已完成": True,
        "达标": True,
        "完成考核任务": True,
        "完成上级规定的考核任务": True,
        "未完成": False,
        "未达标": False,
        "未完成考核任务": False,
        "未完成上级规定的考核任务": False,
        "completed": True,
        "not completed": False,
    }
)

#: Cell values that mean "this indicator does not apply to the region" (不涉及).
NOT_APPLICABLE_WORDS = frozenset({"不涉及", "not applicable"})

#: Value cells that mean "no data" (missing, never zero), after full-width
#: characters become ASCII. Only in the value, target and reference columns:
#: in the unit column ``-`` is the unit of institutional facts.
NO_DATA_WORDS = frozenset(
    {"", "-", "—", "——", "–", "/", "无数据", "暂无数据", "n/a", "N/A"}
)

# A stronger state satisfies a weaker requirement: 有效开展 is also 开展.
_IMPLIES = {
    FactState.EFFECTIVELY_CARRIED_OUT: {FactState.CARRIED_OUT},
    FactState.DELINEATED_AND_COMPLIED_WITH: {FactState.COMPLIED_WITH},
    FactState.FULLY_IMPLEMENTED: {FactState.IMPLEMENTED},
    FactState.FORMULATED_AND_IMPLEMENTED: {FactState.IMPLEMENTED},
}

#: Fact states by code, as columns store them; code -1 means the cell named
#: no state (是, yes, a boolean).
FACT_STATES: tuple[FactState, ...] = tuple(FactState)
_CODE = {s: i for i, s in enumerate(FACT_STATES)}


def satisfies(named: FactState, required: FactState) -> bool:
    """Return whether a cell naming ``named`` shows the ``required`` state."""
    return named is required or required in _IMPLIES.get(named, ())


def state_code(given: str | None) -> int:
    """Return the code of the state a cell's word names, or -1 for none.

    >>> FACT_STATES[state_code("有效开展")].zh, state_code("是")
    ('有效开展', -1)
    """
    word = FACT_WORDS.get((given or "").strip().lower())
    if word is None or word[1] is None:
        return -1
    return _CODE[word[1]]
