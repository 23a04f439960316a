"""Write stage: the rendered site onto disk (all or nothing), its search index, and a
git branch for GitHub Pages."""
