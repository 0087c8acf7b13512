"""What an English request asks the assistant to make or rework ("Write me a poem about …",
"Can you translate my cover letter?"): its verb, the thing and whether the asker owns it.
`assistant.refusal` refuses work on the asker's own material or on things the documents never
name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text import HANGUL

# A request that the assistant make or rework something: "Write me a poem about …", "Can you
# translate my cover letter into Korean?", "Please debug our code". The thing is the words after
# the verb (and an article or owner) up to a preposition or the end of the sentence.
_EN_REQUEST = re.compile(
    r"(?:^|[.?!]\s+)(?:(?:please|pls|kindly)\s+)?(?:(?:can|could|would|will)\s+you\s+"
    r"(?:please\s+)?|(?:i|we)\s+(?:want|need|would like)\s+you\s+to\s+|"
    r"help\s+(?:me|us)\s+(?:to\s+)?)?(?P<verb>write|translate|draft|compose|create|generate|"
    r"make|code|summari[sz]e|rewrite|proofread|edit|fix|debug|review|correct|improve|polish)"
    r"\s+(?:(?:me|us)\s+)?(?P<owner>(?:a|an|the|my|our|this|that|these|those|some)\s+)?"
    r"(?P<thing>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3}?)"
    r"(?=\s+(?:about|on|for|into|in|to|of|from|with|that|which|so|and|based|before|after|"
    r"because|when|if|as|by|at|using|like|[a-z]+ing)\b|\s*[?.!,;]|\s*$)",
    re.I)


@dataclass(frozen=True)
class Request:
    """What an English request asks the assistant to do: its verb, the thing (its last word is
    the head: "cover letter" -> "letter"), and whether the asker owns it ("my", "our")."""

    verb: str
    thing: str
    owned: bool

    @property
    def head(self) -> str:
        """The thing's last word."""
        return self.thing.split()[-1]


def requested(text: str) -> Request | None:
    """The request an English question makes of the assistant, if it makes one."""
    if HANGUL.search(text):
        return None
    found = _EN_REQUEST.search(text)
    if not found:
        return None
    owner = (found.group("owner") or "").strip().lower()
    return Request(found.group("verb").lower(), found.group("thing").lower(),
                   owner in ("my", "our"))
