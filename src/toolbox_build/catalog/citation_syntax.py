"""How prose cites the bibliography: `[@key]` and `[@a; @b]` (the rules check the keys, the
outputs render them: views/citations.py)."""

from __future__ import annotations

import re

# One key per match, also inside a group `[@a; @b]` (group(1) is the key): the validators use it.
CITATION = re.compile(r"(?:\[|;\s*)@([^\]\s;]+)(?=\s*[;\]])")
# A whole citation group, one or more keys: what the renderers replace.
CITATION_GROUP = re.compile(r"\[@[^\]\s;]+(?:\s*;\s*@[^\]\s;]+)*\]")
GROUP_KEY = re.compile(r"@([^\]\s;]+)")
