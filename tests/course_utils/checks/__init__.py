"""Tests of the exercise questions (a package, so their file names may repeat those of tests/course_utils/)."""
