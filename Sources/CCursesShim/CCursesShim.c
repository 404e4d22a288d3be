// ncurses is loaded when the browser starts, not when the program does: the CLI commands never
// draw, and loading libncursesw and libtinfo at every start kept about 450 KB more resident and
// took 0.1 ms (a C program linked with them against one without). So the program does not link
// ncurses: each ncurses function it calls is defined here, under ncurses' own name, and forwards
// to the real one, which dlsym finds in the library dlopen loaded (as CCurlShim does for
// libcurl). Its variables (stdscr, COLORS, COLOR_PAIRS) are read through their addresses.
#define _XOPEN_SOURCE 700
#include "CCursesShim.h"
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>

static const char *const library_name = "libncursesw.so.6";

static struct {
    atomic_int loaded;
    char error[512];
    WINDOW **stdscr;
    int *colors, *color_pairs;
    __typeof__(clearok) *clearok;
    __typeof__(curs_set) *curs_set;
    __typeof__(def_prog_mode) *def_prog_mode;
    __typeof__(delscreen) *delscreen;
    __typeof__(doupdate) *doupdate;
    __typeof__(endwin) *endwin;
    __typeof__(flushinp) *flushinp;
    __typeof__(getmouse) *getmouse;
    __typeof__(has_colors) *has_colors;
    __typeof__(init_extended_pair) *init_extended_pair;
    __typeof__(keypad) *keypad;
    __typeof__(mouseinterval) *mouseinterval;
    __typeof__(mousemask) *mousemask;
    __typeof__(newterm) *newterm;
    __typeof__(nodelay) *nodelay;
    __typeof__(noecho) *noecho;
    __typeof__(nonl) *nonl;
    __typeof__(raw) *raw;
    __typeof__(refresh) *refresh;
    __typeof__(reset_prog_mode) *reset_prog_mode;
    __typeof__(set_escdelay) *set_escdelay;
    __typeof__(setcchar) *setcchar;
    __typeof__(start_color) *start_color;
    __typeof__(use_default_colors) *use_default_colors;
    __typeof__(wadd_wch) *wadd_wch;
    __typeof__(werase) *werase;
    __typeof__(wget_wch) *wget_wch;
    __typeof__(wmove) *wmove;
    __typeof__(wnoutrefresh) *wnoutrefresh;
} curses;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *library = dlopen(library_name, RTLD_LAZY | RTLD_LOCAL);
    if (!library) {
        snprintf(curses.error, sizeof curses.error, "cannot load %s (install libncursesw6): %s", library_name, dlerror());
        return;
    }
    const char *missing = NULL;
#define BIND(field, symbol) \
    if (!missing && !(*(void **)&curses.field = dlsym(library, symbol))) missing = symbol;
    BIND(stdscr, "stdscr")
    BIND(colors, "COLORS")
    BIND(color_pairs, "COLOR_PAIRS")
    BIND(clearok, "clearok")
    BIND(curs_set, "curs_set")
    BIND(def_prog_mode, "def_prog_mode")
    BIND(delscreen, "delscreen")
    BIND(doupdate, "doupdate")
    BIND(endwin, "endwin")
    BIND(flushinp, "flushinp")
    BIND(getmouse, "getmouse")
    BIND(has_colors, "has_colors")
    BIND(init_extended_pair, "init_extended_pair")
    BIND(keypad, "keypad")
    BIND(mouseinterval, "mouseinterval")
    BIND(mousemask, "mousemask")
    BIND(newterm, "newterm")
    BIND(nodelay, "nodelay")
    BIND(noecho, "noecho")
    BIND(nonl, "nonl")
    BIND(raw, "raw")
    BIND(refresh, "refresh")
    BIND(reset_prog_mode, "reset_prog_mode")
    BIND(set_escdelay, "set_escdelay")
    BIND(setcchar, "setcchar")
    BIND(start_color, "start_color")
    BIND(use_default_colors, "use_default_colors")
    BIND(wadd_wch, "wadd_wch")
    BIND(werase, "werase")
    BIND(wget_wch, "wget_wch")
    BIND(wmove, "wmove")
    BIND(wnoutrefresh, "wnoutrefresh")
#undef BIND
    if (missing) {
        snprintf(curses.error, sizeof curses.error, "%s has no %s (ncurses 6.1 or later is needed)", library_name, missing);
        return;
    }
    atomic_store_explicit(&curses.loaded, 1, memory_order_release);
}

// Whether ncurses' functions can be called. The render loop calls them for every cell it draws,
// so this is one load, not a pthread_once: the library is loaded by ccurses_load_error, which
// the terminal calls before any other.
static inline int loaded(void) { return atomic_load_explicit(&curses.loaded, memory_order_acquire); }

const char *ccurses_load_error(void) {
    pthread_once(&load_once, load);
    return loaded() ? NULL : curses.error;
}

// What the program calls, forwarded; before a successful load each fails as ncurses' own calls
// fail (ERR, NULL, false).
int clearok(WINDOW *w, bool on) { return loaded() ? curses.clearok(w, on) : ERR; }
int curs_set(int visibility) { return loaded() ? curses.curs_set(visibility) : ERR; }
int def_prog_mode(void) { return loaded() ? curses.def_prog_mode() : ERR; }
void delscreen(SCREEN *screen) { if (loaded()) curses.delscreen(screen); }
int doupdate(void) { return loaded() ? curses.doupdate() : ERR; }
int endwin(void) { return loaded() ? curses.endwin() : ERR; }
int flushinp(void) { return loaded() ? curses.flushinp() : ERR; }
int getmouse(MEVENT *event) { return loaded() ? curses.getmouse(event) : ERR; }
bool has_colors(void) { return loaded() ? curses.has_colors() : FALSE; }
int init_extended_pair(int pair, int fg, int bg) { return loaded() ? curses.init_extended_pair(pair, fg, bg) : ERR; }
int keypad(WINDOW *w, bool on) { return loaded() ? curses.keypad(w, on) : ERR; }
int mouseinterval(int ms) { return loaded() ? curses.mouseinterval(ms) : ERR; }
mmask_t mousemask(mmask_t mask, mmask_t *old) { return loaded() ? curses.mousemask(mask, old) : 0; }
SCREEN *newterm(const char *type, FILE *out, FILE *in) { return loaded() ? curses.newterm(type, out, in) : NULL; }
int nodelay(WINDOW *w, bool on) { return loaded() ? curses.nodelay(w, on) : ERR; }
int noecho(void) { return loaded() ? curses.noecho() : ERR; }
int nonl(void) { return loaded() ? curses.nonl() : ERR; }
int raw(void) { return loaded() ? curses.raw() : ERR; }
#undef refresh  // curses.h also has it as a macro (wrefresh(stdscr)); Swift calls the function
int refresh(void) { return loaded() ? curses.refresh() : ERR; }
int reset_prog_mode(void) { return loaded() ? curses.reset_prog_mode() : ERR; }
int set_escdelay(int ms) { return loaded() ? curses.set_escdelay(ms) : ERR; }
int setcchar(cchar_t *cell, const wchar_t *text, const attr_t attr, NCURSES_PAIRS_T pair, const void *options) {
    return loaded() ? curses.setcchar(cell, text, attr, pair, options) : ERR;
}
int start_color(void) { return loaded() ? curses.start_color() : ERR; }
int use_default_colors(void) { return loaded() ? curses.use_default_colors() : ERR; }
int wadd_wch(WINDOW *w, const cchar_t *cell) { return loaded() ? curses.wadd_wch(w, cell) : ERR; }
int werase(WINDOW *w) { return loaded() ? curses.werase(w) : ERR; }
int wget_wch(WINDOW *w, wint_t *key) { return loaded() ? curses.wget_wch(w, key) : ERR; }
int wmove(WINDOW *w, int y, int x) { return loaded() ? curses.wmove(w, y, x) : ERR; }
int wnoutrefresh(WINDOW *w) { return loaded() ? curses.wnoutrefresh(w) : ERR; }

WINDOW *ccurses_stdscr(void) { return loaded() ? *curses.stdscr : NULL; }
int ccurses_colors(void) { return loaded() ? *curses.colors : 0; }
int ccurses_color_pairs(void) { return loaded() ? *curses.color_pairs : 0; }
void ccurses_getmaxyx(WINDOW *win, int *y, int *x) { int yy, xx; getmaxyx(win, yy, xx); *y = yy; *x = xx; }
attr_t ccurses_a_bold(void) { return A_BOLD; }
attr_t ccurses_a_reverse(void) { return A_REVERSE; }
attr_t ccurses_a_underline(void) { return A_UNDERLINE; }
attr_t ccurses_a_dim(void) { return A_DIM; }
attr_t ccurses_a_italic(void) { return A_ITALIC; }
attr_t ccurses_a_normal(void) { return A_NORMAL; }
void ccurses_set_escdelay(int ms) { set_escdelay(ms); }
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
