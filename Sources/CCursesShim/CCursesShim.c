#define _XOPEN_SOURCE 700
#include "CCursesShim.h"

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
int ccurses_wcwidth(wchar_t c) { return wcwidth(c); }
