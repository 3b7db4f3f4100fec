"""Photos and video as evidence: metadata, frames, near-duplicates, text in frames, provenance, links.

Modules, one job each: ``hashing`` (PDQ, pHash, border trimming), ``index``
(multi-index radius search), ``frames`` (ffmpeg keyframes, thumbnails,
contact sheets), ``ocr`` (Tesseract), ``provenance`` (C2PA), ``analyse``
(all of them on one item), ``store`` (rows and their custody), ``similar``
(re-uploads), ``ingest`` (the run after ingest), ``verify`` (seals).
"""
