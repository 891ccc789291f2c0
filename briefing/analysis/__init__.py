"""What the articles say: the fact table, the summary and the locator map."""
