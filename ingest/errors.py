"""Domain errors: each carries a message a person can act on; the edges translate them."""


class AssistantError(Exception):
    """Base of every error meant for the user (CLI prints it, UI shows it, API returns it)."""


class LoadError(AssistantError):
    """A file could not be turned into a document (corrupt, encrypted, empty, undecodable...)."""


class IndexBusyError(AssistantError):
    """Another ingest holds the data directory's lock."""


class EmbedderMismatchError(AssistantError):
    """The index was built with another embedder than the one configured."""


class IndexMissingError(AssistantError):
    """No index has been built yet in the data directory."""


class IndexCorruptError(AssistantError):
    """A file of the served index generation is missing, truncated or does not match its
    checksum; another `assistant ingest` writes a whole new generation."""


class IndexUnavailableError(AssistantError):
    """The index cannot be reached right now (e.g. the Chroma server is down); it recovers by
    itself when the server is back."""
