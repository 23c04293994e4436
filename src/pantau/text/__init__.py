"""Indonesian text analytics: normalisation, language, sentiment, emotion, entities, keywords.

Import the modules directly, e.g. ``from pantau.text.enrich import enrich``: normalize,
language, sentiment, emotion, entities, keywords, enrich, evaluate (plus the machinery in
features, classifier, lexicon, corpus and resources).
"""
