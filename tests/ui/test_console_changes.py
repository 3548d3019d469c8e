"""Change cues and connection states.

A participant who joins is marked '+' (and highlighted) for a few seconds,
one who leaves stays a moment marked '−' before the row goes; the header
shows "authentication failed" for a wrong password, and a server that
stops answering leaves the rows on screen with a retry countdown."""

from uitest import Console, Pexsim, conference_names

MINUS = "\u2212"


def gutter(line, sep_col):
    """The marker column of the participants pane (just after the pane
    separator) on a screen line."""
    return line[sep_col + 1:sep_col + 2]


def main():
    with Pexsim("--static", "--conferences", "3", "--participants", "6") as sim:
        names = sorted(conference_names(sim), key=str.lower)
        with Console(sim, width=200, height=50) as c:
            screen = c.wait_for(lambda s: "Participants of %s" % names[0][:20] in s, timeout=15)
            sep = screen.split("\n")[2].index("\u2502")
            added = sim.add_participant(conference=names[0], display_name="Newcomer Nadia")
            screen = c.wait_for("Newcomer Nadia", timeout=10)
            line = next(l for l in screen.split("\n") if "Newcomer Nadia" in l)
            assert gutter(line, sep) == "+", repr(line)
            # Highlighted as new (a different SGR from plain rows), then plain.
            esc = c.screen(escapes=True)
            assert "Newcomer Nadia" in esc
            c.wait_for(lambda s: any("Newcomer Nadia" in l and gutter(l, sep) == " "
                                     for l in s.split("\n")), timeout=10)
            sim.remove_participant(added["id"])
            c.wait_for(lambda s: any("Newcomer Nadia" in l and gutter(l, sep) == MINUS
                                     for l in s.split("\n")), timeout=10)
            c.wait_for(lambda s: "Newcomer Nadia" not in s, timeout=10)

            # The server goes away: rows stay, the header counts down.
            sim.add_fault("error", status=503, prefix="/api/admin/status/")
            screen = c.wait_for(lambda s: "retrying in" in s.split("\n")[0], timeout=20)
            assert all(n[:12] in screen for n in names), screen
            sim.clear_faults()
            c.wait_for(lambda s: "connected" in s.split("\n")[0], timeout=30)
            c.keys("q")
            assert c.tmux.wait_exit() == 0

        # Wrong password: said plainly in the header.
        sim.password = "not-the-password"
        with Console(sim, width=120, height=30) as c:
            c.wait_for(lambda s: "authentication failed" in s.split("\n")[0], timeout=20)
            c.keys("q")
            assert c.tmux.wait_exit() == 0
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
