"""JSON Schemas of ecociv's document formats (data files, no code)."""
