"""Controlled multilingual vocabulary of object types and of materials & techniques."""

from heritrace.vocab.service import LANGUAGES, SCHEMES, Concept, Vocabulary, get_vocabulary

__all__ = ["LANGUAGES", "SCHEMES", "Concept", "Vocabulary", "get_vocabulary"]
