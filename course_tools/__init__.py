"""Authoring and infrastructure: the ``course`` command, the lock, the data generator, the benchmark
harness and the notebook tools. No notebook imports this package; it imports ``course_utils``."""
