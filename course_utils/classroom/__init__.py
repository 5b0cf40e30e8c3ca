"""The classroom service: a live view of a workshop's checks, for its instructors.

Learners' kernels send one small event per check, hint or solution view (``client``); a JupyterHub-managed
service (``app``) authenticates them with the hub's own tokens and keeps the events in SQLite (``events``);
``report`` aggregates them into the tables an instructor reads, and ``view`` draws them as a page with a
heat map. No event ever holds an answer: only question and mistake ids the course itself defines.
"""
