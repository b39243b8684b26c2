"""The Gradio 6 app: five tabs wired to the handlers in chat.py, handlers.py and
evaluation_tab.py. No business logic here, only components and events (Vietnamese UI text)."""

from __future__ import annotations

import gradio as gr

from assistant.app import evaluation_tab as ev
from assistant.app import handlers as h
from assistant.app.chat import ChatState, api_ask, record_comment, record_vote, respond, show_source
from assistant.app.feedback import FeedbackStore
from assistant.app.files import UPLOAD_TYPES
from assistant.app.sources import EMPTY
from assistant.config import SEARCH_MODES

TITLE = "Trợ lý văn bản Đảng và chính quyền"
EXAMPLES = [
    "Đến năm 2025 tỷ lệ đô thị hóa của tỉnh phấn đấu đạt bao nhiêu?",
    "Ai chủ trì công tác tuyên truyền Nghị quyết 06?",
    "Các huyện ủy, thị ủy, thành ủy phải ban hành chương trình hành động khi nào?",
    "Diện tích sàn nhà ở bình quân đầu người đến năm 2030 là bao nhiêu?",
]
# Columns of the analytics tables (Vietnamese headers in handlers.py): the quote gets the room.
WIDTHS = {"targets": ["24%", "8%", "8%", "10%", "6%", "6%", "38%"], "timeline": ["12%", "16%", "30%", "6%", "36%"],
          "responsibilities": ["16%", "8%", "30%", "10%", "6%", "30%"]}
# Table cells in a sans font: Gradio's monospace fallback misplaces Vietnamese stacked marks ("Sô´").
CSS = (".chip-radio label{border-radius:999px!important} footer{display:none!important} "
       "[id$='-table'] td, [id$='-table'] th, #eval-failures td, #eval-failures th, [id$='-table'] span, "
       "#eval-failures span {font-family: ui-sans-serif, system-ui, 'DejaVu Sans', sans-serif !important}")


def usable_backends(settings) -> list[str]:
    """Backends the web app may offer: the in-process llama.cpp backend can crash the whole
    server process (README, "llama.cpp"), so the app only offers what runs safely."""
    out = ["extractive"]
    if settings.openai_base_url and settings.openai_model:
        out.append("openai")
    return out


def _user(request: gr.Request | None) -> str | None:
    return getattr(request, "username", None) if request is not None else None


def _progress(progress: gr.Progress, desc: str):
    return lambda done, total: progress((done / total) if total else 0, desc=f"{desc} {done}/{total}")


def build_app(assistant) -> gr.Blocks:
    settings = assistant.settings
    store = FeedbackStore(settings.data_dir / "feedback.sqlite3")

    with gr.Blocks(title=TITLE, fill_width=True) as app:
        gr.Markdown(f"## {TITLE}\nHỏi đáp, soạn thảo tài liệu tuyên truyền và theo dõi chỉ tiêu, tiến độ — "
                    "mọi câu trả lời đều trích dẫn mục cụ thể của văn bản.")
        with gr.Tabs():
            # --- Hỏi đáp -----------------------------------------------------------------
            with gr.Tab("Hỏi đáp", id="chat") as chat_tab:
                state = gr.State(None)  # a ChatState per session, made on the first question
                pending = gr.State("")
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="Hội thoại", height=480, buttons=["copy", "copy_all"],
                                             placeholder="Đặt câu hỏi về các văn bản trong kho…", elem_id="chatbot")
                        question = gr.Textbox(label="Câu hỏi", placeholder="Ví dụ: Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?",
                                              lines=1, max_lines=4, elem_id="question", submit_btn="Hỏi")
                        chat_docs = gr.Dropdown(h.draft_documents(assistant), value=[], multiselect=True,
                                                label="Chỉ hỏi trong các văn bản (không bắt buộc)", elem_id="chat-docs",
                                                info="Để trống: trả lời từ văn bản câu hỏi nhắc tới, hoặc cả kho.")
                        gr.Examples(EXAMPLES, inputs=[question], label="Câu hỏi mẫu")
                        with gr.Row():
                            comment = gr.Textbox(label="Góp ý cho câu trả lời (không bắt buộc)", scale=4, elem_id="comment")
                            send_comment = gr.Button("Gửi góp ý", scale=1)
                        feedback_status = gr.Markdown(elem_id="feedback-status")
                        clear = gr.Button("Cuộc hội thoại mới", variant="secondary")
                    with gr.Column(scale=2):
                        chips = gr.Radio(choices=[], label="Nguồn trích dẫn (bấm để xem)", elem_id="chips",
                                         elem_classes=["chip-radio"])
                        sources = gr.HTML(EMPTY, label="Văn bản gốc", elem_id="sources")
                        with gr.Accordion("Cài đặt", open=False):
                            backends = usable_backends(settings)
                            backend = gr.Dropdown(backends, value=settings.backend if settings.backend in backends else "extractive",
                                                  label="Cách trả lời",
                                                  info="extractive: trích nguyên văn, không cần mô hình ngôn ngữ")
                            modes = [m for m in SEARCH_MODES if m != "rerank" or settings.reranker_model]
                            mode = gr.Radio(modes, value=settings.search_mode if settings.search_mode in modes else "hybrid",
                                            label="Cách tìm kiếm")
                            k = gr.Slider(1, 10, value=settings.answer_k, step=1, label="Số đoạn văn bản dùng để trả lời")

                def chat_turn(message, history, chat_state, backend_name, mode_name, k_value, docs_value):
                    for turn, new_state, labels, panel in respond(assistant, message, history, chat_state, backend_name,
                                                                  mode_name, int(k_value), docs_value):
                        yield turn, new_state, gr.update(choices=labels, value=labels[0] if labels else None), panel

                question.submit(lambda m: ("", m), question, [question, pending], api_visibility="private").then(
                    chat_turn, [pending, chatbot, state, backend, mode, k, chat_docs], [chatbot, state, chips, sources],
                    api_visibility="private", concurrency_id="chat")
                chips.select(lambda s, label: show_source(assistant, s, label), [state, chips], sources,
                             api_visibility="private")

                def vote(chat_state, data: gr.LikeData):
                    index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
                    # Gradio sends True (Like), False (Dislike) or "" when a vote is clicked again (withdrawn).
                    liked = data.liked if isinstance(data.liked, bool) else None
                    return record_vote(store, chat_state, index, liked)

                chatbot.like(vote, [state], [state, feedback_status], api_visibility="private")
                send_comment.click(lambda s, c: (record_comment(store, s, c), ""), [state, comment],
                                   [feedback_status, comment], api_visibility="private")
                clear.click(lambda: ([], ChatState(), gr.update(choices=[], value=None), EMPTY, ""), None,
                            [chatbot, state, chips, sources, feedback_status], api_visibility="private")

            # --- Soạn thảo ---------------------------------------------------------------
            with gr.Tab("Soạn thảo", id="draft") as draft_tab:
                with gr.Row():
                    with gr.Column(scale=1):
                        kind = gr.Dropdown(h.KIND_CHOICES, value="de-cuong", label="Loại tài liệu", elem_id="draft-kind")
                        topic = gr.Textbox(label="Chủ đề", placeholder="Ví dụ: phát triển nhà ở đô thị", elem_id="draft-topic")
                        draft_docs = gr.Dropdown(h.draft_documents(assistant), value=[], multiselect=True,
                                                 label="Văn bản (không bắt buộc)", elem_id="draft-docs",
                                                 info="Để trống: tự chọn văn bản mà chủ đề nói tới.")
                        audience = gr.Textbox(label="Đối tượng (không bắt buộc)", placeholder="Ví dụ: cán bộ, đảng viên")
                        length = gr.Radio(h.LENGTH_CHOICES, value="vừa", label="Độ dài")
                        make = gr.Button("Soạn thảo", variant="primary", elem_id="draft-make")
                        draft_status = gr.Markdown(elem_id="draft-status")
                        docx_file = gr.DownloadButton("Tải .docx", visible=False, elem_id="draft-docx")
                        md_file = gr.DownloadButton("Tải .md", visible=False, elem_id="draft-md")
                    with gr.Column(scale=2):
                        preview = gr.Markdown(label="Bản xem trước", elem_id="draft-preview")

                def draft(kind_value, topic_value, audience_value, length_value, backend_name, docs_value):
                    text, docx, md, status = h.make_draft(assistant, kind_value, topic_value, audience_value, length_value,
                                                          backend_name, docs_value)
                    return (text, status, gr.update(value=docx, visible=bool(docx)), gr.update(value=md, visible=bool(md)))

                make.click(draft, [kind, topic, audience, length, backend, draft_docs], [preview, draft_status, docx_file, md_file],
                           api_visibility="private")

                def fresh_documents(chosen):
                    """The library may have changed since the page loaded: offer what is in it now."""
                    choices = h.draft_documents(assistant)
                    known = {doc_id for _, doc_id in choices}
                    return gr.update(choices=choices, value=[d for d in (chosen or []) if d in known])

                draft_tab.select(fresh_documents, [draft_docs], [draft_docs], api_visibility="private")
                chat_tab.select(fresh_documents, [chat_docs], [chat_docs], api_visibility="private")

            # --- Chỉ tiêu & tiến độ -------------------------------------------------------
            analytics: list[tuple] = []  # (table, filter, choice, grid, rows, csv), refreshed when the corpus changes
            with gr.Tab("Chỉ tiêu & tiến độ", id="analytics"):
                table_source = gr.HTML(EMPTY, elem_id="table-source")
                for table, label in (("targets", "Chỉ tiêu"), ("timeline", "Tiến độ, thời hạn"),
                                     ("responsibilities", "Phân công trách nhiệm")):
                    with gr.Tab(label, id=f"tab-{table}"):
                        with gr.Row():
                            query = gr.Textbox(label="Lọc (không cần dấu)", scale=3, elem_id=f"{table}-filter")
                            choice = gr.Dropdown(h.choices_for(assistant, table), value=h.ALL, scale=2,
                                                 label={"targets": "Mốc", "timeline": "Loại", "responsibilities": "Cơ quan"}[table])
                        frame, rows, path = h.analytics_view(assistant, table)
                        csv = gr.DownloadButton("Tải CSV", value=path, scale=1, elem_id=f"{table}-csv")
                        grid = gr.Dataframe(frame, interactive=False, wrap=True, elem_id=f"{table}-table",
                                            label="Bấm vào một dòng để xem nguồn", column_widths=WIDTHS[table])
                        rows_state = gr.State(rows)
                        analytics.append((table, query, choice, grid, rows_state, csv))

                        def refresh(q, c, table=table):
                            frame, rows, path = h.analytics_view(assistant, table, q, c)
                            return frame, rows, path

                        query.change(refresh, [query, choice], [grid, rows_state, csv], api_visibility="private")
                        choice.change(refresh, [query, choice], [grid, rows_state, csv], api_visibility="private")

                        def pick(rows_value, evt: gr.SelectData):
                            return h.row_source(assistant, rows_value, evt.index)

                        grid.select(pick, [rows_state], table_source, api_visibility="private")

            # --- Tài liệu ----------------------------------------------------------------
            with gr.Tab("Tài liệu", id="library"):
                frame, doc_ids = h.corpus_view(assistant)
                corpus_grid = gr.Dataframe(frame, interactive=False, wrap=True, label="Kho văn bản", elem_id="corpus-table",
                                           column_widths=["13%", "37%", "8%", "8%", "9%", "15%", "5%", "5%"])
                with gr.Row():
                    with gr.Column():
                        uploads = gr.File(label="Tải lên văn bản (PDF, DOCX, TXT, MD)", file_count="multiple",
                                          file_types=UPLOAD_TYPES, elem_id="upload")
                        upload_preview = gr.Markdown(elem_id="upload-preview")
                        upload_meta = gr.Dataframe(h.detected_metadata(assistant, []), interactive=True, wrap=True,
                                                   label="Thông tin nhận diện từ văn bản (sửa nếu cần; ô trống = không ghi)",
                                                   elem_id="upload-meta")
                        replace_existing = gr.Checkbox(label="Thay thế văn bản đã có cùng mã (nếu có)", value=False,
                                                       elem_id="upload-replace")
                        add = gr.Button("Thêm vào kho và lập chỉ mục", variant="primary", elem_id="upload-add")
                    with gr.Column():
                        doc_choice = gr.Dropdown(doc_ids, value=None, label="Văn bản cần xóa", elem_id="delete-choice")
                        confirm = gr.Checkbox(label="Tôi xác nhận xóa văn bản này khỏi kho và chỉ mục", elem_id="delete-confirm")
                        delete = gr.Button("Xóa văn bản", variant="stop", elem_id="delete")
                        rebuild = gr.Button("Lập lại chỉ mục", elem_id="reindex")
                        with gr.Accordion("Sửa thông tin văn bản", open=False):
                            meta_choice = gr.Dropdown(doc_ids, value=None, label="Văn bản", elem_id="meta-choice")
                            meta_table = gr.Dataframe(h.corpus_metadata(assistant, None), interactive=True, wrap=True,
                                                      label="Thông tin (ô trống = không ghi)", elem_id="meta-table")
                            meta_save = gr.Button("Lưu thông tin", elem_id="meta-save")
                library_status = gr.Markdown(elem_id="library-status")

                def refreshed(status, clear_uploads=False):
                    frame, doc_ids = h.corpus_view(assistant)
                    return (status, frame, gr.update(choices=doc_ids, value=None), False,
                            None if clear_uploads else gr.update(), gr.update(choices=doc_ids))

                library_outputs = [library_status, corpus_grid, doc_choice, confirm, uploads, meta_choice]
                uploads.upload(lambda files: (h.preview_upload(assistant, files), h.detected_metadata(assistant, files)), uploads,
                               [upload_preview, upload_meta], api_visibility="private")

                def do_add(files, replace, metadata, request: gr.Request, progress=gr.Progress()):
                    status = h.add_documents(assistant, files, _progress(progress, "Đang lập chỉ mục"), _user(request), replace,
                                             metadata)
                    return refreshed(status, clear_uploads=status.startswith("Đã thêm"))

                meta_choice.change(lambda doc_id: h.corpus_metadata(assistant, doc_id), meta_choice, meta_table,
                                   api_visibility="private")

                def do_save_meta(frame, request: gr.Request, progress=gr.Progress()):
                    return refreshed(h.save_metadata(assistant, frame, _user(request), _progress(progress, "Đang lập chỉ mục")))

                def do_delete(doc_id, confirmed, request: gr.Request, progress=gr.Progress()):
                    return refreshed(h.delete_document(assistant, doc_id, confirmed, _progress(progress, "Đang lập chỉ mục"),
                                                       _user(request)))

                def do_reindex(request: gr.Request, progress=gr.Progress()):
                    return refreshed(h.reindex(assistant, _progress(progress, "Đang lập chỉ mục"), _user(request)))

                admin_controls = [uploads, add, doc_choice, confirm, delete, rebuild, replace_existing, meta_save]

                def role_view(request: gr.Request):
                    allowed = settings.is_admin(_user(request))
                    note = "" if allowed else h.ADMIN_ONLY
                    return [gr.update(interactive=allowed) for _ in admin_controls] + [note]

                app.load(role_view, None, admin_controls + [library_status], api_visibility="private")

                meta_save.click(do_save_meta, meta_table, library_outputs, api_visibility="private", concurrency_id="corpus",
                                concurrency_limit=1)
                add_event = add.click(do_add, [uploads, replace_existing, upload_meta], library_outputs, api_visibility="private", concurrency_id="corpus",
                          concurrency_limit=1)
                delete_event = delete.click(do_delete, [doc_choice, confirm], library_outputs, api_visibility="private",
                             concurrency_id="corpus", concurrency_limit=1)
                rebuild_event = rebuild.click(do_reindex, None, library_outputs, api_visibility="private", concurrency_id="corpus",
                              concurrency_limit=1)

            # --- Đánh giá ----------------------------------------------------------------
            with gr.Tab("Đánh giá", id="eval"):
                with gr.Row():
                    chosen = gr.Dropdown(ev.question_sets(settings), value=(ev.question_sets(settings) or [None])[0],
                                         label="Bộ câu hỏi trong evals/questions/", elem_id="eval-set")
                    uploaded = gr.File(label="…hoặc tải lên bộ câu hỏi (.yaml)", file_types=[".yaml", ".yml"], elem_id="eval-upload")
                run = gr.Button("Chạy đánh giá", variant="primary", elem_id="eval-run")
                summary = gr.Markdown(elem_id="eval-summary")
                chart = gr.BarPlot(x="Nhóm", y="Giá trị", label="Tỷ lệ câu đạt theo nhóm câu hỏi", y_title="Tỷ lệ đạt",
                                   y_lim=[0, 1], elem_id="eval-chart")
                failures = gr.Dataframe(label="Các câu chưa đạt", interactive=False, wrap=True, elem_id="eval-failures")
                reports = gr.File(label="Báo cáo (report.json, report.md)", file_count="multiple", elem_id="eval-reports")

                def evaluate(chosen_set, uploaded_set, progress=gr.Progress()):
                    return ev.run_evaluation(assistant, chosen_set, uploaded_set, _progress(progress, "Đang đánh giá"))

                run.click(evaluate, [chosen, uploaded], [summary, chart, failures, reports], api_visibility="private",
                          concurrency_id="eval", concurrency_limit=1)

        # Tables, filters and lists that depend on the corpus: fresh on every page load and after
        # every change of the library.
        def refresh_views(*filters):
            """Every corpus-dependent view, keeping what the user typed or chose in the filters."""
            updates = []
            for n, (table, *_rest) in enumerate(analytics):
                query, choice = filters[2 * n], filters[2 * n + 1]
                choices = h.choices_for(assistant, table)
                choice = choice if choice in choices else h.ALL
                frame, rows, path = h.analytics_view(assistant, table, query or "", choice)
                updates += [gr.update(choices=choices, value=choice), frame, rows, path]
            frame, doc_ids = h.corpus_view(assistant)
            sets = ev.question_sets(settings)
            return updates + [frame, gr.update(choices=doc_ids, value=None), gr.update(choices=sets)]

        view_inputs = [c for _, query, choice, *_ in analytics for c in (query, choice)]
        view_outputs = [c for _, _, choice, grid, rows_state, csv in analytics for c in (choice, grid, rows_state, csv)]
        view_outputs += [corpus_grid, doc_choice, chosen]
        app.load(refresh_views, view_inputs, view_outputs, api_visibility="private")
        for event in (add_event, delete_event, rebuild_event):
            event.then(refresh_views, view_inputs, view_outputs, api_visibility="private")
        chatbot.clear(lambda: (None, gr.update(choices=[], value=None), EMPTY, ""), None,
                      [state, chips, sources, feedback_status], api_visibility="private")

        def ask_api(question: str, history: list | None = None, docs: list[str] | None = None) -> dict:
            """Ask the documents: {"text", "outcome", "refused", "citations": [{"doc_id", "section_id", "title",
            "quote", ...}]}. `docs`: doc ids to answer from (default: the ones the question names, else all)."""
            return api_ask(assistant, question, history, docs)

        gr.api(ask_api, api_name="ask", concurrency_id="chat")
    return app
