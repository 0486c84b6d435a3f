"""The orchestration canvas: a QGraphicsScene mirroring the document, its view, palette and interactions."""
