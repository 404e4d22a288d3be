#define _XOPEN_SOURCE 700
#include <wchar.h>
#include "CDisplayWidth.h"

int cdisplay_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }
