// The C library's wcwidth(3), which glibc hides unless _XOPEN_SOURCE is defined (Swift cannot
// define it for a system header). ncurses places characters with this same function, so the
// views measure text exactly as the terminal layer draws it, without linking curses.
#ifndef CDISPLAYWIDTH_H
#define CDISPLAYWIDTH_H
/// Columns of one Unicode scalar: 0 for combining marks, 1 or 2, -1 for what cannot be printed
/// (and for anything non-ASCII until LC_CTYPE is a UTF-8 locale).
int cdisplay_wcwidth(unsigned int scalar);
#endif
