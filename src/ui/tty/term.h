/* The terminal under the console: entering and leaving curses, and making
 * sure the tty is usable again whatever way pexcon ends.
 *
 * Normal exits go through term_leave() (endwin). The signals the console
 * turns into a clean quit (ui.c: SIGINT, SIGTERM, SIGHUP, SIGUSR1, ...) get
 * libuv handlers after term_prepare(). Every other signal whose default
 * action ends the process -- a crash (SIGSEGV, SIGABRT, SIGBUS, SIGFPE,
 * SIGILL), SIGQUIT (Ctrl-\), SIGTRAP, SIGSYS, SIGXCPU, SIGXFSZ, SIGIO,
 * SIGPWR, the real-time signals -- runs a handler that restores the saved
 * termios and writes reset sequences with async-signal-safe calls only,
 * then re-raises the signal with its default action, so the process still
 * ends by that signal and dumps core where the signal makes one. Signals
 * ignored when pexcon started stay ignored. SIGPIPE is ignored: a write to
 * a closed connection gets EPIPE. */
#ifndef PEXCON_UI_TERM_H
#define PEXCON_UI_TERM_H

#include <stdbool.h>

typedef struct term_caps {
    bool utf8;   /* the locale's codeset is UTF-8: Unicode glyphs allowed */
    bool color;  /* colours in use (terminal has them, not NO_COLOR) */
    int colors;  /* COLORS after start_color(), 0 without colour */
    bool direct; /* direct (24-bit) colour terminal (terminfo RGB) */
} term_caps;

/* Save the tty state, install the fatal-signal handlers and ignore
 * SIGPIPE. Call before term_enter(), once. */
void term_prepare(void);

/* initscr and the modes the console needs (cbreak, noecho, keypad,
 * nodelay, escdelay 25 ms, invisible cursor). `want_color` is false for
 * --no-color / NO_COLOR. Returns false when the terminal cannot be used. */
bool term_enter(bool want_color, term_caps *caps);

/* Put stdin's file status flags back as they were at term_prepare():
 * uv_poll_init() makes the fd non-blocking, and stdin shares its open file
 * description with stdout (the tty), so left that way curses' writes could
 * fail with EAGAIN and the shell after pexcon would inherit it. */
void term_restore_stdin_flags(void);

/* endwin: leave the alternate screen, restore the tty. Idempotent. */
void term_leave(void);

/* Re-enter curses after SIGCONT (the shell may have reset the tty). */
void term_resume(void);

/* Read the window size from the tty and resize curses to it. */
void term_resize_from_tty(void);

/* True when the current locale's codeset is UTF-8. */
bool term_locale_is_utf8(void);

#endif
