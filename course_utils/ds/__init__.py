"""The data science track (lessons 10 to 13): exploration and threshold helpers, and each lesson's questions."""
