"""The parts a chunk is made of: sentences, list items, captions, notes, table rows with their
header and labels, and the record of them that each chunk carries (TextUnit)."""
