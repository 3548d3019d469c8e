"""Filter, sort, the ':' command line with Tab completion, themes, NO_COLOR,
pause, and key rebinding from the config file's [keys] section."""

import re

from uitest import Console, Pexsim, conference_names, sgr_has_colour


def row_order(screen, names):
    """The conference names in the order they appear on screen."""
    # Rows of the conferences pane: below its title and column header, in
    # the left 90 columns of the wide layout.
    screen = "\n".join(line[:90] for line in screen.split("\n")[3:])
    pos = []
    for n in names:
        i = screen.find(n[:12])
        if i >= 0:
            pos.append((i, n))
    return [n for _, n in sorted(pos)]


def check_filter(c, names):
    target = names[-1]
    needle = target[2:7].upper()  # case-insensitive substring
    c.keys("/")
    c.type(needle)
    screen = c.wait_for("filter: %s" % needle)
    # While typing, the pane already shows only matching rows.
    # Wide layout: the conferences pane is the left 90 columns.
    left = "\n".join(line[:90] for line in screen.split("\n")[1:])
    for n in names:
        shown = n[:12] in left
        assert shown == (needle.lower() in n.lower()), "%r:\n%s" % (n, left)
    assert "Participants of %s" % target[:20] in screen, screen  # selection moved to the match
    # Esc (prompt open) clears the filter entirely.
    c.keys("Escape")
    # The whole frame, not one caught mid-draw.
    c.wait_for(lambda s: "filter:" not in s and all(n[:12] in s for n in names))


def check_sort(c, names):
    ordered = sorted(names, key=str.lower)
    screen = c.wait_for("Conference" + "\u25b2")
    assert row_order(screen, names) == ordered, row_order(screen, names)
    c.keys("S")  # reverse
    screen = c.wait_for("Conference" + "\u25bc")
    assert row_order(screen, names) == list(reversed(ordered)), row_order(screen, names)
    c.keys("s")  # next column: Type
    screen = c.wait_for("Type" + "\u25b2")
    assert "sorted by Type" in screen, screen
    # Sorting a computed column: participant counts, highest first.
    c.keys("s")
    screen = c.wait_for("Parts" + "\u25bc")
    lines = screen.split("\n")
    at = lines[2].index("Parts")
    counts = [int(line[at:at + 6]) for line in lines[3:3 + len(names)]]
    assert len(counts) == len(names) and counts == sorted(counts, reverse=True), counts


def check_command_line(c):
    before = c.screen(escapes=True)
    assert sgr_has_colour(before), "the default theme should use colour"
    # Several candidates: Tab takes the first and lists them all on the
    # prompt line.
    c.keys(":")
    c.type("t")
    c.keys("Tab")
    last = c.wait_for(lambda s: s.rstrip("\n").split("\n")[-1].startswith(":theme")
                      ).rstrip("\n").split("\n")[-1]
    assert "theme" in last[7:] and "trouble" in last[7:], last
    c.keys("Escape")
    c.keys(":")
    c.type("the")
    c.keys("Tab")
    c.wait_for(lambda s: s.rstrip("\n").split("\n")[-1].startswith(":theme"))
    c.type("mo")
    c.keys("Tab")
    c.wait_for(lambda s: ":theme mono" in s.rstrip("\n").split("\n")[-1])
    c.keys("Enter")
    c.wait_for("Theme: mono")
    after = c.wait_for(lambda s: not sgr_has_colour(s), escapes=True)
    assert after != before
    # Attributes remain (reverse header) so the screen is still readable.
    assert re.search(r"\x1b\[[0-9;]*7[;m]", after), "mono lost its reverse video"
    # Unknown commands say so; :refresh changes the interval.
    c.keys(":")
    c.type("frobnicate")
    c.keys("Enter")
    c.wait_for("Unknown command ':frobnicate'")
    c.keys(":")
    c.type("refresh 5 junk")
    c.keys("C-w", "BSpace")  # C-w drops the last word in ':' too
    c.keys("Enter")
    c.wait_for("Refreshing every 5 s")
    c.keys(":")
    c.type("theme dark")
    c.keys("Enter")
    c.wait_for(lambda s: sgr_has_colour(s), escapes=True)


def check_pause(c):
    c.keys("p")
    c.wait_for("PAUSED")
    c.keys("p")
    c.wait_for(lambda s: "PAUSED" not in s.split("\n")[0])


def main():
    with Pexsim("--static", "--conferences", "6", "--participants", "24") as sim:
        names = conference_names(sim)
        with Console(sim, width=200, height=50) as c:
            c.wait_for(lambda s: all(n[:12] in s for n in names), timeout=15)
            check_filter(c, names)
            check_sort(c, names)
            check_command_line(c)
            check_pause(c)

        # NO_COLOR: no colour at all, attributes only; the quality words
        # and symbols still say what colour would.
        with Console(sim, width=200, height=50, env={"NO_COLOR": "1"}) as c:
            screen = c.wait_for(lambda s: all(n[:12] in s for n in names), timeout=15)
            assert "good" in screen or "bad" in screen or "ok" in screen, screen
            coloured = c.screen(escapes=True)
            assert not sgr_has_colour(coloured), repr(coloured[:400])
            assert "\x1b[" in coloured, "expected attributes (reverse/bold)"

        # --no-color does the same.
        with Console(sim, width=120, height=40, args=["--no-color"]) as c:
            c.wait_for(lambda s: names[0][:12] in s, timeout=15)
            assert not sgr_has_colour(c.screen(escapes=True))

        # [keys] quit = Q: q no longer quits, Q does; help shows the change.
        with Console(sim, width=120, height=40, config="[keys]\nquit = Q\n") as c:
            c.wait_for(lambda s: names[0][:12] in s, timeout=15)
            c.keys("?")
            screen = c.wait_for(lambda s: "Help: keys" in s and any(
                "Quit" in ln and "pexcon" not in ln for ln in s.split("\n")))
            quit_line = [ln for ln in screen.split("\n") if "Quit" in ln and "pexcon" not in ln]
            assert quit_line and " Q " in quit_line[0] + " ", quit_line
            c.keys("Escape")
            c.wait_for(lambda s: "Help: keys" not in s)
            c.keys("q")
            c.keys("j")
            c.wait_for(lambda s: names[1][:12] in s)
            assert "__PEXCON_EXITED__" not in c.screen()
            c.keys("Q")
            assert c.tmux.wait_exit(timeout=10) == 0
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
