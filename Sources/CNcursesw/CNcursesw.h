// The wide-character API must be switched on before curses.h: SwiftPM drops pkg-config's -D flags.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
