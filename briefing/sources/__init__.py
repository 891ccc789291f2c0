"""Reading the articles: one reader per format, page-furniture cleaning, web-page import."""
