"""Extract claims from Documents: who says what happened, each traced to its words."""
