"""Offline training: rebuild the models framing ships from the gold corpora.

One module per model, each read by ``framing train ...`` (:mod:`framing.cli.train`):
:mod:`~framing.train.attribution` (the cue model, PolNeAR), :mod:`~framing.train.boilerplate`
(the paragraph classifier, NewsDiscourse and PolNeAR) and :mod:`~framing.train.speech_verbs`
(which attribution verbs NewsDiscourse counts as ``Speech``). Training reads gold corpora and
scores with :mod:`framing.eval`, so it sits above it; the analysis steps
(:mod:`framing.attribution`, :mod:`framing.boilerplate`) only load what it writes and never
import it. The shared logistic-regression plumbing (fit, JSON weights, card sections) is
:mod:`framing.linear`.
"""
