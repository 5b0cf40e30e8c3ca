"""Tools that read and write the course's notebooks: exercises, nbgrader metadata, lessons, schedule, slides."""
