"""Helper package for the course *Data Scientist vs Machine Learning Engineer, hands-on*.

Importing it has no side effects: data, checks and plotting style are loaded only
when a notebook asks for them.
"""

__version__ = "0.1.0"
