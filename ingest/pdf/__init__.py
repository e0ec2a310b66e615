"""What a PDF page's geometry says: text positions, reading order across columns, ruled tables."""
