"""Roles and careers (lessons 00, 01 and 40): the articles' tables, the self-assessment and their questions."""
