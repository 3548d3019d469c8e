"""Resizing: 200x60 down to 60x20 (below the 80x24 minimum: a notice, no
garbage), back up (the panes return), and the stacked 80x24 layout."""

from uitest import Console, Pexsim, conference_names


def main():
    with Pexsim("--static", "--conferences", "5", "--participants", "20") as sim:
        names = conference_names(sim)
        with Console(sim, width=200, height=60) as c:
            c.wait_for(lambda s: all(n[:12] in s for n in names), timeout=15)
            wide = c.lines()
            # Side by side: both pane titles on the same row.
            assert "Conferences (" in wide[1] and "Participants of" in wide[1], wide[1]

            c.tmux.resize(60, 20)
            screen = c.wait_for("Terminal too small")
            assert "60x20" in screen and "80x24" in screen, screen
            assert not any(n[:12] in screen for n in names), screen
            # Keys other than quit/redraw do nothing while too small.
            c.keys("j")

            c.tmux.resize(200, 60)
            screen = c.wait_for(lambda s: "Terminal too small" not in s and
                                all(n[:12] in s for n in names))
            assert c.lines()[1].count("Participants of") == 1

            # 80x24: stacked (conferences above participants), no notice.
            c.tmux.resize(80, 24)
            screen = c.wait_for(lambda s: "Terminal too small" not in s and "Participants of" in s
                                and "Conferences (" in s)
            lines = c.lines()
            conf_row = next(i for i, l in enumerate(lines) if "Conferences (" in l)
            part_row = next(i for i, l in enumerate(lines) if "Participants of" in l)
            assert conf_row < part_row, screen
            assert all(len(l) <= 80 for l in lines), screen
            # The drill-down works at the minimum size too.
            c.keys("Enter", "Enter")
            c.wait_for("Media of ")
            c.keys("q")
            assert c.tmux.wait_exit() == 0
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
