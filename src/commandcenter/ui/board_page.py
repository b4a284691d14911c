"""The case-dispatch board: the page lives in `commandcenter.ui.board.board_page`; this module
keeps the shell's import path (`from commandcenter.ui.board_page import BoardPage`)."""

from commandcenter.ui.board.board_page import BoardPage
from commandcenter.ui.board.state_counts import COL_COUNT, COL_STATE, StateCountModel, StateRole

__all__ = ["COL_COUNT", "COL_STATE", "BoardPage", "StateCountModel", "StateRole"]
