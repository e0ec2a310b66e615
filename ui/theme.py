"""Look and accessibility: a theme with AA contrast, the page's CSS (assets/app.css) and its
script (assets/app.js): Swedish, one Tab stop per radio group and per tab list, the finished
answer announced instead of every streamed token, and a new reply shown from its start."""

from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).parent / "assets"


HEAD = (
    '<meta name="description" content="Frågor och svar om Borås Stads dokument för Socialt hållbart Borås.">'
    # Gradio scopes the css it is given to the page's content; its own margins are set here:
    # 12 px instead of 32 px at the sides of a phone
    "<style>@media (max-width: 480px) { .gradio-container .main.app "
    "{ padding-left: 12px; padding-right: 12px; } }</style>"
)


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
    css = (ASSETS / "app.css").read_text(encoding="utf-8")
    js = (ASSETS / "app.js").read_text(encoding="utf-8")
    return {"theme": theme(), "css": css, "js": js, "head": HEAD}
