"""Interface labels in Korean and English (key: (Korean, English)); errors live in
assistant/i18n.py. Example questions per audience are data here too."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "title": ("포항 빅데이터 AI 혁신센터 · 지식 도우미",
              "Pohang Big Data AI Innovation Center · Knowledge assistant"),
    "indexing_banner": ("⏳ 문서를 색인하는 중입니다: **{percent}%**. 지금은 이미 색인된 "
                        "문서로 답하고, 나머지는 끝나는 대로 더해집니다.",
                        "⏳ Indexing the documents: **{percent}%**. Answers use the documents "
                        "indexed so far; the rest are added as they finish."),
    "intro": ("센터 프로그램·공간, 데이터바우처, 데이터 정책에 대해 물어보세요. 모든 답변은 "
              "근거 문서와 쪽·조항을 밝힙니다.",
              "Ask about the center's programs and spaces, data vouchers and data policy. "
              "Every answer cites its document, page or article."),
    "ui_language": ("화면 언어", "Interface language"),
    "tab_chat": ("채팅", "Chat"),
    "tab_desk": ("직원 데스크", "Staff desk"),
    "tab_documents": ("문서 관리", "Documents"),
    "tab_insights": ("인사이트", "Insights"),
    "audience": ("대상", "Audience"),
    "audience_startup": ("스타트업", "Startup"),
    "audience_citizen": ("시민", "Citizen"),
    "audience_staff": ("센터 직원", "Center staff"),
    "category": ("분야", "Category"),
    "category_all": ("전체", "All"),
    "category_center": ("센터", "Center"),
    "category_vouchers": ("데이터바우처", "Data vouchers"),
    "category_policies": ("데이터 정책·법령", "Data policy and law"),
    "category_region": ("지역 사업", "Regional programs"),
    "question": ("질문", "Question"),
    "placeholder": ("질문을 입력하고 Enter를 누르세요 (예: 데이터바우처 신청 기간은?)",
                    "Type a question and press Enter (e.g. When can I apply for a data "
                    "voucher?)"),
    "send": ("보내기", "Send"),
    "new_chat": ("새 대화", "New conversation"),
    "past_chats": ("지난 대화", "Past conversations"),
    "examples": ("예시 질문", "Example questions"),
    "sources": ("출처", "Sources"),
    "sources_empty": ("답변의 [n] 표시를 누르면 근거 문서가 여기에 나옵니다.",
                      "Click an [n] marker in an answer to see its source here."),
    "open": ("문서 열기", "open"),
    "source_link": ("원문 출처", "source"),
    "page": ("쪽", "p."),
    "feedback_comment": ("의견 (선택)", "Comment (optional)"),
    "feedback_send": ("의견 보내기", "Send comment"),
    "feedback_thanks": ("의견 감사합니다.", "Thank you for the feedback."),
    "feedback_none": ("먼저 답변에 👍 또는 👎 를 눌러 주세요.",
                      "Rate an answer with 👍 or 👎 first."),
    "desk_input": ("질문 또는 문의 메일", "Question or inquiry e-mail"),
    "desk_placeholder": ("답변할 질문이나 받은 문의 메일을 그대로 붙여 넣으세요.",
                         "Paste the question or the inquiry e-mail to answer."),
    "desk_make": ("답변 초안 만들기", "Draft a reply"),
    "desk_from_chat": ("마지막 채팅 답변으로 초안", "Draft from the last chat answer"),
    "desk_draft": ("답변 초안 (직접 고칠 수 있습니다)", "Reply draft (editable)"),
    "desk_docx": ("DOCX로 내보내기", "Export DOCX"),
    "desk_md": ("Markdown으로 내보내기", "Export Markdown"),
    "desk_file": ("내보낸 파일", "Exported file"),
    "admin_password": ("관리자 비밀번호", "Admin password"),
    "admin_login": ("로그인", "Log in"),
    "admin_ok": ("관리자로 로그인했습니다.", "Logged in as admin."),
    "admin_off": ("관리자 기능이 꺼져 있습니다.", "The admin area is off."),
    "upload": ("문서 올리기 (.md .txt .html .docx .pdf .hwp .hwpx)",
               "Upload documents (.md .txt .html .docx .pdf .hwp .hwpx)"),
    "upload_button": ("올리고 색인하기", "Upload and index"),
    "reindex": ("전체 다시 색인", "Re-index all"),
    "refresh": ("새로 고침", "Refresh"),
    "doc_list": ("색인된 문서", "Indexed documents"),
    "delete_doc": ("삭제할 문서", "Document to delete"),
    "delete_button": ("문서 삭제", "Delete document"),
    "ingest_done": ("색인 완료: 문서 {files}개, 청크 {chunks}개, 실패 {failed}개",
                    "Indexed: {files} files, {chunks} chunks, {failed} failed"),
    "ingest_failed": ("색인 실패: {message}", "Re-index failed: {message}"),
    "deleted": ("'{doc_id}' 문서를 지웠습니다.", "Deleted '{doc_id}'."),
    "insights_refresh": ("인사이트 새로 고침", "Refresh insights"),
    "latency": ("응답 시간 (ms)", "Answer latency (ms)"),
    "top_docs": ("가장 많이 인용된 문서", "Most cited documents"),
    "col_doc": ("문서", "Document"),
    "col_title": ("제목", "Title"),
    "col_source": ("파일", "File"),
    "col_chunks": ("청크", "Chunks"),
    "col_indexed": ("색인 시각", "Indexed"),
    "col_error": ("오류", "Error"),
    "col_count": ("인용 수", "Citations"),
}

EXAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "startup": (["데이터바우처는 최대 얼마까지 지원되나요?",
                 "2026년 데이터바우처 신청 절차가 어떻게 되나요?",
                 "센터에서 스타트업이 받을 수 있는 지원은 뭐가 있나요?"],
                ["How much can a data voucher cover at most?",
                 "How do I apply for the 2026 data voucher?",
                 "What support does the center offer startups?"]),
    "citizen": (["센터에는 어떤 공간이 있나요?",
                 "센터 교육 프로그램은 누가 들을 수 있나요?",
                 "데이터안심구역이 뭔가요?"],
                ["What spaces does the center have?",
                 "Who can take the center's courses?",
                 "What is a data safe zone?"]),
    "staff": (["가명정보 처리 시 지켜야 할 법 조항은?",
               "데이터산업법상 데이터안심구역 지정 요건은?",
               "데이터바우처 수요기업 자격을 안내해 주세요."],
              ["Which articles govern processing pseudonymised data?",
               "What does the Data Industry Act require of a data safe zone?",
               "Who is eligible to be a data-voucher buyer?"]),
}
CATEGORIES = ("", "center", "vouchers", "policies", "region")


def label(key: str, language: str) -> str:
    """The label for `key` in `language` (Korean unless "en")."""
    ko, en = LABELS[key]
    return en if language == "en" else ko


def examples(audience: str, language: str) -> list[str]:
    """Example questions for an audience in the interface language."""
    ko, en = EXAMPLES.get(audience, EXAMPLES["startup"])
    return en if language == "en" else ko
