"""Read path: question -> retrieval -> cited answer -> CLI / API / Gradio UI."""
