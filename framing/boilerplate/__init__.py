"""Boilerplate paragraphs: a classifier per article (:mod:`.classifier`), recurrence across the
corpus (:mod:`.recurrence`), and the training that builds the classifier (:mod:`.train`)."""
