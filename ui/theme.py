"""Look and accessibility: a theme with AA contrast, focus outlines, and a small script that keeps
the page Swedish (lang="sv") and announces the finished answer instead of every streamed token."""

from __future__ import annotations

CSS = """
.sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
:focus-visible { outline: 3px solid #1d4ed8 !important; outline-offset: 2px !important; }
#app-header h1 { margin-bottom: 0.2em; }
#chat-status { min-height: 1.4em; font-weight: 600; color: #1e293b; }
.panel-h { font-size: 1.1rem; margin: 0 0 0.5em 0; }
ol.sources, ul.sources { padding-left: 0; list-style: none; margin: 0; }
li.source { border-left: 4px solid #1d4ed8; padding: 0.2em 0 0.2em 0.8em; margin-bottom: 1em; }
.source-head { margin: 0; font-weight: 600; }
.source-meta { margin: 0.1em 0 0.4em 0; color: #334155; font-size: 0.9rem; }
.source-context { margin: 0; padding: 0.5em 0.7em; background: #f8fafc; color: #0f172a;
  border-radius: 4px; font-size: 0.95rem; }
.source-context mark { background: #fde68a; color: #0f172a; padding: 0 0.1em; }
#sources a, #chat a, .docs a, #goals a { color: #1d4ed8; text-decoration: underline; }
table.docs { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
table.docs caption { text-align: left; font-weight: 600; padding-bottom: 0.4em; }
table.docs th, table.docs td { text-align: left; padding: 0.35em 0.5em; border-bottom: 1px solid #cbd5e1;
  vertical-align: top; }
.goal-area { border: 1px solid #94a3b8; border-radius: 8px; padding: 0.4em 1em 0.8em 1em; }
.goal-area h3 { margin-top: 0.4em; }
.goal-text { margin: 0; }
.examples-h { font-weight: 600; margin: 0.6em 0 0.2em 0; }
"""

JS = """
() => {
  const fix = () => {
    if (document.documentElement.lang !== 'sv') document.documentElement.lang = 'sv';
    // Gradio's chat log is aria-live: it would read every streamed token aloud. The finished
    // answer is announced by #answer-announcer instead.
    document.querySelectorAll('#chat [role=log]').forEach(log => {
      if (log.getAttribute('aria-live') !== 'off') log.setAttribute('aria-live', 'off');
      log.setAttribute('aria-label', 'Konversation');
    });
    document.querySelectorAll('#chat [data-testid=user][aria-label], #chat [data-testid=bot][aria-label]')
      .forEach(m => m.removeAttribute('aria-label'));
    // every "Hur går det?" button is described by the goal it asks about
    document.querySelectorAll('button[id^=goal-btn-]:not([aria-describedby])').forEach(b =>
      b.setAttribute('aria-describedby', b.id.replace('goal-btn-', 'goal-text-')));
    // the live regions are the HTML components' content boxes, which Gradio keeps across
    // updates; not their wrappers, which also hold Gradio's "processing 0.1s" status tracker
    for (const id of ['answer-announcer', 'chat-status']) {
      const el = document.querySelector(`#${id} .html-container`);
      if (el && el.getAttribute('aria-live') !== 'polite') {
        el.setAttribute('aria-live', 'polite');
        el.setAttribute('role', 'status');
      }
    }
  };
  fix();
  new MutationObserver(fix).observe(document.documentElement,
    { attributes: true, attributeFilter: ['lang'], childList: true, subtree: true });
}
"""

HEAD = '<meta name="description" content="Frågor och svar om Borås Stads dokument för Socialt hållbart Borås.">'


def theme():
    """Gradio's default theme with darker blues and greys, so text and buttons meet WCAG 2.1 AA."""
    import gradio as gr

    # system fonts: a public-sector page must not fetch fonts from a third party
    return gr.themes.Default(
        primary_hue="blue",
        secondary_hue="blue",
        neutral_hue="slate",
        font=("system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"),
        font_mono=("ui-monospace", "Consolas", "monospace"),
    ).set(
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white",
        button_cancel_background_fill="#b91c1c",
        button_cancel_background_fill_hover="#991b1b",
        button_cancel_text_color="white",
        color_accent="*primary_700",
        button_secondary_background_fill="white",
        button_secondary_background_fill_hover="*primary_50",
        button_secondary_border_color="*primary_700",
        button_secondary_border_color_hover="*primary_800",
        button_border_width="1px",
        # WCAG 1.4.11: the edges of inputs and radio buttons need 3:1 against the page
        input_border_color="*neutral_500",
        input_border_color_focus="*primary_700",
        checkbox_border_color="*neutral_500",
        checkbox_border_color_focus="*primary_700",
        button_secondary_text_color="*primary_800",
        body_text_color_subdued="*neutral_600",
        block_label_text_color="*neutral_700",
        block_info_text_color="*neutral_600",
        block_title_text_color="*neutral_800",
        input_placeholder_color="*neutral_500",
        link_text_color="*primary_700",
        link_text_color_visited="*primary_800",
        link_text_color_hover="*primary_800",
    )


def launch_kwargs() -> dict:
    """What Gradio 6 takes at launch/mount time rather than in gr.Blocks()."""
    return {"theme": theme(), "css": CSS, "js": JS, "head": HEAD}
