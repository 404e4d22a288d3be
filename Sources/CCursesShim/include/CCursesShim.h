// ncurses globals (stdscr, COLORS, COLOR_PAIRS), function-like macros (A_*) and wide-character
// calls that need _XOPEN_SOURCE: Swift 6 cannot reach them directly. ncurses itself is loaded on
// first use (see CCursesShim.c).
#ifndef CCURSESSHIM_H
#define CCURSESSHIM_H
#define NCURSES_WIDECHAR 1
#include <wchar.h>
#include <ncursesw/curses.h>

/// Loads ncurses if it is not yet loaded; NULL once it is, else why it cannot be (the loader's
/// words, naming the file). Every ncurses call made before a successful load fails as ncurses'
/// own calls fail (ERR, NULL).
const char *ccurses_load_error(void);
WINDOW *ccurses_stdscr(void);
int ccurses_colors(void);
int ccurses_color_pairs(void);
void ccurses_getmaxyx(WINDOW *win, int *y, int *x);
attr_t ccurses_a_bold(void);
attr_t ccurses_a_reverse(void);
attr_t ccurses_a_underline(void);
attr_t ccurses_a_dim(void);
attr_t ccurses_a_italic(void);
attr_t ccurses_a_normal(void);
void ccurses_set_escdelay(int ms);
/// Draws one cell of up to 5 wide characters (a base character and its combining marks).
int ccurses_mvwadd_cell(WINDOW *win, int y, int x, const wchar_t *chars, int count, attr_t attr, int pair);
/// Colour pair with colour numbers beyond 255 (direct colour terminals).
int ccurses_init_pair(int pair, int fg, int bg);
int ccurses_key_code_yes(void);
/// newterm on stdout/stdin (C globals Swift 6 will not touch); NULL when TERM is unknown.
SCREEN *ccurses_newterm(void);
int ccurses_key_f0(void);
/// On SIGTERM, SIGHUP, SIGQUIT and crash signals: restore the terminal (endwin), then die by
/// the same signal, so a crash never leaves the user's terminal raw.
void ccurses_install_restore_handlers(void);
/// After ncurses' own SIGWINCH handler has run, writes a byte to `fd` so a loop waiting in
/// poll() wakes up at once to read KEY_RESIZE.
void ccurses_wake_on_resize(int fd);
/// Mouse reporting on (clicks and the wheel) or off (the terminal's own text selection).
void ccurses_mouse(int on);
/// The pending mouse event after KEY_MOUSE: kind 1 click, 2 wheel up, 3 wheel down, 0 other.
int ccurses_next_mouse(int *x, int *y);
#endif
