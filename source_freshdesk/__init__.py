from source_freshdesk.source import SourceFreshdesk

__all__ = ["SourceFreshdesk"]
