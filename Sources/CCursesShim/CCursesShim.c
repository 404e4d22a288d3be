#define _XOPEN_SOURCE 700
#include "CCursesShim.h"
#include <signal.h>
#include <unistd.h>
#include <string.h>

WINDOW *ccurses_stdscr(void) { return stdscr; }
int ccurses_cols(void) { return COLS; }
int ccurses_lines(void) { return LINES; }
int ccurses_colors(void) { return COLORS; }
int ccurses_color_pairs(void) { return COLOR_PAIRS; }
void ccurses_getmaxyx(WINDOW *win, int *y, int *x) { int yy, xx; getmaxyx(win, yy, xx); *y = yy; *x = xx; }
attr_t ccurses_color_pair(int pair) { return COLOR_PAIR(pair); }
attr_t ccurses_a_bold(void) { return A_BOLD; }
attr_t ccurses_a_reverse(void) { return A_REVERSE; }
attr_t ccurses_a_underline(void) { return A_UNDERLINE; }
attr_t ccurses_a_dim(void) { return A_DIM; }
attr_t ccurses_a_italic(void) { return A_ITALIC; }
attr_t ccurses_a_normal(void) { return A_NORMAL; }
void ccurses_set_escdelay(int ms) { set_escdelay(ms); }
int ccurses_mvwadd_wch(WINDOW *win, int y, int x, const wchar_t *wch, attr_t attr, int pair) {
    cchar_t cc;
    if (setcchar(&cc, wch, attr, (short)pair, NULL) != OK) return ERR;
    return mvwadd_wch(win, y, x, &cc);
}
int ccurses_mvwadd_cell(WINDOW *win, int y, int x, const wchar_t *chars, int count, attr_t attr, int pair) {
    wchar_t text[CCHARW_MAX + 1];
    int n = count < CCHARW_MAX ? count : CCHARW_MAX;
    for (int i = 0; i < n; i++) text[i] = chars[i];
    text[n] = 0;
    cchar_t cc;
    if (setcchar(&cc, text, attr, 0, &pair) != OK) return ERR;
    return mvwadd_wch(win, y, x, &cc);
}
int ccurses_init_pair(int pair, int fg, int bg) { return init_extended_pair(pair, fg, bg); }
int ccurses_key_code_yes(void) { return KEY_CODE_YES; }
SCREEN *ccurses_newterm(void) { return newterm(NULL, stdout, stdin); }
int ccurses_key_f0(void) { return KEY_F0; }

static void restore_and_reraise(int sig) {
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}
void ccurses_install_restore_handlers(void) {
    int signals[] = { SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) signal(signals[i], restore_and_reraise);
}

static struct sigaction curses_winch;
static int winch_fd = -1;
static void winch_then_wake(int sig) {
    if (curses_winch.sa_flags & SA_SIGINFO) {
        if (curses_winch.sa_sigaction) curses_winch.sa_sigaction(sig, NULL, NULL);
    } else if (curses_winch.sa_handler != SIG_DFL && curses_winch.sa_handler != SIG_IGN && curses_winch.sa_handler) {
        curses_winch.sa_handler(sig);
    }
    if (winch_fd >= 0) { char byte = 1; ssize_t ignored = write(winch_fd, &byte, 1); (void)ignored; }
}
void ccurses_wake_on_resize(int fd) {
    struct sigaction action;
    winch_fd = fd;
    sigaction(SIGWINCH, NULL, &curses_winch);
    memset(&action, 0, sizeof action);
    action.sa_handler = winch_then_wake;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &action, NULL);
}

void ccurses_mouse(int on) {
    mousemask(on ? (BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED) : 0, NULL);
    mouseinterval(0);
}
int ccurses_next_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON4_PRESSED) return 2;
    if (event.bstate & BUTTON5_PRESSED) return 3;
    if (event.bstate & BUTTON1_PRESSED) return 1;
    return 0;
}
