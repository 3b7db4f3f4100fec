"""The evidence locker: content-addressed originals, the custody chain, verification."""
