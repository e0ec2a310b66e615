"""Gradio UI helpers for app.py: layout per tab, rendering, the web server."""
