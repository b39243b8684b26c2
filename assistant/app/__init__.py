"""The Gradio app's pieces: handlers are plain functions over `Assistant` (testable without a
browser); `layout.build_app` wires them to components."""
