"""The Gradio UI (chat, staff desk, documents, insights), mounted by `assistant.server`."""
