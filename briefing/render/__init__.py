"""The renderers: the Report through the layouts into a PDF and an EPUB, and the fact table's text formats."""
