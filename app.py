"""The Gradio app for officials, drafters and evaluators: `python app.py`.

Same as `assistant serve`; see assistant/app/server.py for the safe defaults and README, "The app".
"""

from assistant.app.server import serve

if __name__ == "__main__":
    serve()
