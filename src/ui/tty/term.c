#include "ui/tty/term.h"

#include <curses.h>
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

/* State read by the crash handler: plain static storage, filled before the
 * handler can run, never freed. */
static struct termios saved_termios;
static bool saved_termios_valid;
static int saved_stdin_flags = -1;
static volatile sig_atomic_t curses_active;
/* Reset sequence written on a crash: terminfo's own strings when known,
 * otherwise the xterm/ECMA-48 ones every terminal pexcon targets accepts. */
static char reset_seq[256] = "\033[0m\033[?25h\033[?1049l\r\n";
static size_t reset_len;

/* Every signal whose default action ends the process, but SIGKILL (which
 * cannot be caught) and SIGPIPE (ignored: term.h). Those that dump core
 * come first. The real-time signals are added by term_prepare(). */
static const int fatal_signals[] = {
    SIGSEGV,   SIGABRT, SIGBUS, SIGFPE,  SIGILL,  SIGQUIT, SIGTRAP,   SIGSYS,  SIGXCPU, SIGXFSZ,
    SIGINT,    SIGTERM, SIGHUP, SIGALRM, SIGUSR1, SIGUSR2, SIGVTALRM, SIGPROF, SIGIO,
#ifdef SIGPWR
    SIGPWR,
#endif
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
};

static void fatal_handler(int sig)
{
    /* Only async-signal-safe calls here: write(2), tcsetattr(3), fcntl(2),
     * raise(3). */
    if (curses_active) {
        ssize_t ignored = write(STDOUT_FILENO, reset_seq, reset_len);
        (void)ignored;
    }
    if (saved_termios_valid)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
    if (saved_stdin_flags != -1)
        fcntl(STDIN_FILENO, F_SETFL, saved_stdin_flags);
    /* SA_RESETHAND restored the default action and SA_NODEFER left the
     * signal unblocked: re-raising ends the process by it, with a core
     * where the signal makes one. */
    raise(sig);
}

static void install_fatal_handler(int sig, const struct sigaction *sa)
{
    struct sigaction old;
    /* A signal ignored by whoever started us (nohup, a service manager)
     * stays ignored. */
    if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
        return;
    sigaction(sig, sa, NULL);
}

void term_prepare(void)
{
    reset_len = strlen(reset_seq);
    if (tcgetattr(STDIN_FILENO, &saved_termios) == 0)
        saved_termios_valid = true;
    saved_stdin_flags = fcntl(STDIN_FILENO, F_GETFL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fatal_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = (int)SA_RESETHAND | SA_NODEFER;
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
        install_fatal_handler(fatal_signals[i], &sa);
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
        install_fatal_handler(sig, &sa);
    /* A write to a closed socket or pipe returns EPIPE instead. */
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, NULL);
}

/* Append one terminfo string to buf if it fits (keeping room for "\r\n"). */
static void reset_seq_add(char *buf, size_t size, size_t *len, const char *cap)
{
    if (!cap || cap == (char *)-1)
        return;
    size_t n = strlen(cap);
    if (*len + n + 3 >= size)
        return;
    memcpy(buf + *len, cap, n);
    *len += n;
}

/* Use the terminal's own reset strings for the crash path. Built aside and
 * copied in one go so the handler never sees a half-written sequence. */
static void reset_seq_from_terminfo(void)
{
    char buf[sizeof reset_seq];
    size_t len = 0;
    reset_seq_add(buf, sizeof buf, &len, tigetstr("sgr0"));
    reset_seq_add(buf, sizeof buf, &len, tigetstr("cnorm"));
    reset_seq_add(buf, sizeof buf, &len, tigetstr("rmkx"));
    reset_seq_add(buf, sizeof buf, &len, tigetstr("rmcup"));
    if (len == 0)
        return;
    buf[len++] = '\r';
    buf[len++] = '\n';
    buf[len] = '\0';
    memcpy(reset_seq, buf, len + 1);
    reset_len = len;
}

bool term_locale_is_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

static void term_start_color(bool want_color, term_caps *caps)
{
    caps->color = false;
    caps->colors = 0;
    caps->direct = false;
    if (!want_color || !has_colors())
        return;
    if (start_color() != OK)
        return;
    use_default_colors();
    caps->color = true;
    caps->colors = COLORS;
    /* ncurses reports direct colour through the RGB capability (or a
     * colour count of 2^24, as in xterm-direct). */
    int rgb = tigetflag("RGB");
    caps->direct = rgb > 0 || COLORS >= 0x1000000;
}

bool term_enter(bool want_color, term_caps *caps)
{
    caps->utf8 = term_locale_is_utf8();
    /* Esc must act at once: 25 ms is enough for a terminal to deliver a
     * whole escape sequence even over SSH, and short enough to feel instant. */
    set_escdelay(25);
    if (!initscr())
        return false;
    curses_active = 1;
    reset_seq_from_terminfo();
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    leaveok(stdscr, TRUE);
    curs_set(0);
    term_start_color(want_color, caps);
    return true;
}

void term_restore_stdin_flags(void)
{
    if (saved_stdin_flags != -1)
        fcntl(STDIN_FILENO, F_SETFL, saved_stdin_flags);
}

void term_leave(void)
{
    term_restore_stdin_flags();
    if (!curses_active)
        return;
    curs_set(1);
    endwin();
    curses_active = 0;
}

void term_resume(void)
{
    reset_prog_mode();
    curs_set(0);
    keypad(stdscr, TRUE);
    curses_active = 1;
    term_resize_from_tty();
    clearok(curscr, TRUE);
}

void term_resize_from_tty(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0) {
        if (ws.ws_row != LINES || ws.ws_col != COLS)
            resizeterm(ws.ws_row, ws.ws_col);
    }
}
