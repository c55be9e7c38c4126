"""Text for a terminal, in plain Python: fitted to a width, made safe, matched to words, drawn as charts."""
