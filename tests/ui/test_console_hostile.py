"""Hostile display names from the server are shown harmlessly: escape
sequences (screen clear, colours, an OSC window-title change), C1 controls,
bidi overrides, a very long name and wide CJK characters. The rest of the
screen stays intact, nothing reaches the terminal as a control sequence,
and wide characters keep the columns aligned."""

import unicodedata

from uitest import Console, Pexsim, conference_names

HOSTILE = {
    "csi": "Evil\x1b[2J\x1b[31mRED\x1b[0m",
    "osc": "Title\x1b]0;PWNED\x07Set",
    "c1": "C1\u009b31mcsi",
    "bidi": "\u202eReversed\u202c Bidi",
    "newline": "Two\nLines\rHere",
    "long": "Long" + "x" * 300 + "END",
    "cjk": "会議室の田中さん",
}
EXPECTED = {
    "csi": "EvilRED",
    "osc": "TitleSet",
    "c1": "C1csi",
    "bidi": "Reversed Bidi",
    "newline": "Two Lines Here",
    "long": "Longxxxxxxxx",
    "cjk": "会議室の田中さん",
}


def display_col(line, index):
    """Terminal column of line[index] (wide characters take two)."""
    col = 0
    for ch in line[:index]:
        col += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return col


def main():
    with Pexsim("--static", "--conferences", "3", "--participants", "6") as sim:
        names = sorted(conference_names(sim), key=str.lower)
        first = names[0]  # selected when the console opens
        for key, name in HOSTILE.items():
            sim.add_participant(conference=first, display_name=name, role="guest")
        with Console(sim, width=200, height=50) as c:
            screen = c.wait_for(lambda s: all(v[:12] in s for v in EXPECTED.values()), timeout=20)
            lines = screen.split("\n")
            # Other rows intact: header, pane titles, every conference.
            assert lines[0].startswith(" pexcon |"), lines[0]
            assert "Conferences (" in lines[1] and "Participants of" in lines[1], lines[1]
            assert all(n[:12] in screen for n in names), screen
            # Nothing of the sequences is left as text, no title change.
            for bad in ("[2J", "[31m", "PWNED", "\u202e", "]0;", "31mcsi"):
                assert bad not in screen, "%r leaked:\n%s" % (bad, screen)
            title = c.tmux._tmux("display-message", "-p", "-t", c.tmux.target,
                                 "#{pane_title}").stdout
            assert "PWNED" not in title, title
            coloured = c.screen(escapes=True)
            assert "\x1b]" not in coloured and "\x1b[2J" not in coloured
            # The long name is cut with an ellipsis inside its column.
            long_line = next(l for l in lines if "Longxxxx" in l)
            assert "END" not in long_line and "\u2026" in long_line, long_line
            # Wide characters: the Role column starts at the same terminal
            # column on the CJK row as in the column header.
            header = next(l for l in lines if " Role " in l and "Name" in l)
            role_col = display_col(header, header.index(" Role ") + 1)
            cjk_line = next(l for l in lines if "会議室" in l)
            guest_at = cjk_line.index(" guest ") + 1
            assert display_col(cjk_line, guest_at) == role_col, (cjk_line, header)
            # The separator between the panes is still in its column.
            sep_col = display_col(header, header.index("\u2502"))
            assert display_col(cjk_line, cjk_line.index("\u2502")) == sep_col
            c.keys("q")
            assert c.tmux.wait_exit() == 0

        # A non-UTF-8 locale: ASCII glyphs only (lines, tree, quality
        # symbols), and the wide name as one '?' per column.
        with Console(sim, width=200, height=50, env={"LANG": "C", "LC_ALL": "C"}) as c:
            screen = c.wait_for(lambda s: "TitleSet" in s and "Evil" in s, timeout=20)
            assert all(ord(ch) < 128 for ch in screen), [ch for ch in screen if ord(ch) >= 128]
            assert "----" in screen and "|" in screen, screen
            assert "????????????????" in screen, screen  # 8 wide characters, 16 columns
            c.keys("q")
            assert c.tmux.wait_exit() == 0
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
