"""Tools over an analyzed corpus: outlets side by side (:mod:`.compare`), distinctive terms
of narrator text (:mod:`.terms`) and lexicon term suggestions (:mod:`.suggest`). They read an
``analyze`` output folder, or analyze raw articles first through :mod:`framing.analyze`."""
