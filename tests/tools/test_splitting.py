"""Long replies are split under 4096 characters on paragraph boundaries, with valid HTML in each part."""

from bot.transports.splitting import split_html


def test_short_text_is_untouched():
    assert split_html("<b>court</b>") == ["<b>court</b>"]


def test_long_text_is_cut_between_paragraphs():
    paragraphs = [f"Paragraphe {i} " + "mot " * 150 for i in range(12)]
    parts = split_html("\n\n".join(paragraphs))
    assert len(parts) > 1
    assert all(len(p) <= 4096 for p in parts)
    assert all(p.startswith("Paragraphe") for p in parts)
    assert "".join(parts).count("Paragraphe") == 12


def test_an_open_tag_is_closed_and_reopened_across_a_cut():
    text = "<b>" + ("gras " * 1500) + "</b>"
    parts = split_html(text)
    assert len(parts) == 2
    assert parts[0].startswith("<b>") and parts[0].endswith("</b>")
    assert parts[1].startswith("<b>") and parts[1].endswith("</b>")


def test_entities_are_never_cut():
    text = "&amp;" * 2000
    for part in split_html(text):
        assert part.count("&") == part.count("&amp;")
