"""Write path: files -> documents -> chunks -> embeddings -> Chroma + keyword index."""
