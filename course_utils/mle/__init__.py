"""The ML engineering track (lessons 20 to 24): the model artifact, its service, speed, drift, the image,
and each lesson's questions."""
