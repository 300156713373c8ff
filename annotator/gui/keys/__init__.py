"""Keys as data: bindings per mode, commands by id, the mode manager, the action helper.

``from annotator.gui import keys`` keeps working for everything that used the old
single ``keys`` module; the parts live in submodules by concern.
"""

from annotator.gui.keys.actions import build_action, set_keys
from annotator.gui.keys.bindings import (
    ACTIONS,
    DEFAULT_BINDINGS,
    GROUPS,
    LABEL_MODES,
    LINK,
    LINK_BINDINGS,
    MOVEMENT_KEYS,
    NORMAL,
    OFFER_KEYS,
    REGISTRY_KEYS,
    RESIZE_COMMANDS,
    REVIEW,
    REVIEW_BINDINGS,
    REVIEW_RESIZE_COMMANDS,
    XLINK,
    XLINK_BINDINGS,
    ActionSpec,
    Bindings,
    command_keys,
    conflicts,
    label_action_id,
    label_actions,
    label_bindings,
    modes_of,
    normalise,
    tag_all_action_id,
    tag_all_bindings,
)
from annotator.gui.keys.commands import Commands, UnknownCommand
from annotator.gui.keys.modes import ModeManager, UnknownMode

__all__ = [
    "ACTIONS",
    "DEFAULT_BINDINGS",
    "GROUPS",
    "LABEL_MODES",
    "LINK",
    "LINK_BINDINGS",
    "MOVEMENT_KEYS",
    "NORMAL",
    "OFFER_KEYS",
    "REGISTRY_KEYS",
    "RESIZE_COMMANDS",
    "REVIEW",
    "REVIEW_BINDINGS",
    "REVIEW_RESIZE_COMMANDS",
    "XLINK",
    "XLINK_BINDINGS",
    "ActionSpec",
    "Bindings",
    "Commands",
    "ModeManager",
    "UnknownCommand",
    "UnknownMode",
    "build_action",
    "command_keys",
    "conflicts",
    "label_action_id",
    "label_actions",
    "label_bindings",
    "modes_of",
    "normalise",
    "set_keys",
    "tag_all_action_id",
    "tag_all_bindings",
]
