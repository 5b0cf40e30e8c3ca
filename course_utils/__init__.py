"""Helper package for the course *Data Scientist vs Machine Learning Engineer, hands-on*: what the
notebooks import, laid out like the course.

- ``paths``, ``data``, ``style``, ``progress``, ``doctor``, ``lock``: shared by every lesson;
- ``checks``: the grading engine (questions and outcomes, no lesson content);
- ``roles``, ``ds``, ``mle``, ``capstone``: one subpackage per part of the course, each lesson's
  helpers beside its questions (``<topic>_questions`` modules).

Authoring and infrastructure (the ``course`` command, the lock writer, the data generator, exercise
generation) live in ``course_tools``, which no notebook imports. Importing this package has no side
effects: data, checks and plotting style are loaded only when a notebook asks for them.
"""

__version__ = "0.1.0"
