"""zeren (责任): the safety-production responsibility system for party and government officials."""

__version__ = "0.1.0"
