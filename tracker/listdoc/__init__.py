"""The README as a document: parse it into sections and entries with exact line spans; edit by splicing."""
