"""What an English request asks the assistant to make or rework ("Write me a poem about …",
"Can you translate my cover letter?"): its verb, the thing and whether the asker owns it.
`assistant.refusal` refuses work on the asker's own material or on things the documents never
name. Also the requests that only ask it to tell ("Can you explain it simply?"), which
`assistant.question` reads for what a sentence asks about."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.kinds import ASKING_VERBS
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


# The verb of a sentence addressed to the assistant: after "can you" or "please", or first
# before an object or a question ("Explain it simply.", "Tell me how …"; not "State subsidies
# …"). One of the verbs of telling (`ASKING_VERBS`: explain, tell, show …) there asks for the
# answer itself, as "설명해 주세요" does: it names no topic.
_ADDRESSED = re.compile(
    r"(?:\b(?:can|could|would|will)\s+you\s+|\bplease\s+|^\W*(?=[a-z]+(?:\W*$|\s+(?:me|us|it|"
    r"that|this|these|those|the|a|an|how|what|when|where|who|which|whether|if|about)\b)))"
    r"(?:please\s+|just\s+|also\s+|briefly\s+|simply\s+)*([a-z]+)", re.I)


def _telling_verbs(sentence: str):
    """The matches of `_ADDRESSED` whose verb is one of telling."""
    return (m for m in _ADDRESSED.finditer(sentence) if m.group(1).lower() in ASKING_VERBS)


def telling(sentence: str) -> bool:
    """Whether an English sentence asks the assistant to tell ("Can you explain?")."""
    return any(_telling_verbs(sentence))


_BACK = re.compile(r"\s+(?:(?:me|us)\s+)?(?:about\s+)?(?:it|that|this|them|these|those)\b", re.I)


def refers_back(sentence: str) -> bool:
    """Whether an English sentence asks the assistant to tell about a pronoun ("Could you explain
    that in plain words?", "tell me about it"): what it asks is in the sentence before."""
    return any(_BACK.match(sentence, m.end(1)) for m in _telling_verbs(sentence))


def addressed_verbs(sentence: str) -> set[int]:
    """Where an English sentence's verbs of telling addressed to the assistant start ("Can you
    explain …": the offset of "explain")."""
    return {m.start(1) for m in _telling_verbs(sentence)}
