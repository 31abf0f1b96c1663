"""URL converter for jurisdiction codes (national 6/9-digit or local zone codes)."""

from zeren.org.levels import ANY_CODE_REGEX


class JurisdictionCodeConverter:
    regex = ANY_CODE_REGEX

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
