// The order to load a library's dependencies in, read from their files (LibraryOrder.c says why).
#ifndef CCURL_LIBRARY_ORDER_H
#define CCURL_LIBRARY_ORDER_H
#include <stddef.h>

enum { CCURL_LIBRARY_NAMES_CAPACITY = 64, CCURL_LIBRARY_NAME_MAX = 128 };

// File names of libraries: "libz.so.1"
struct ccurl_library_names {
    size_t count;
    char names[CCURL_LIBRARY_NAMES_CAPACITY][CCURL_LIBRARY_NAME_MAX];
};

// The folder the C library was loaded from, where the system's shared libraries are; "" when
// the C library is not among the loaded objects.
void ccurl_system_library_folder(char *folder, size_t size);

// The file names of the objects loaded in this process: the program, its libraries, the
// dynamic loader.
void ccurl_loaded_libraries(struct ccurl_library_names *loaded);

// `library` and the libraries it needs, read from their files in `folder`, each after those it
// needs and `library` last. Left out, with what they need: those named in `loaded` (NULL for
// none) and those not in `folder`. Empty when `library` is not in `folder` or is not a 64-bit
// ELF file.
void ccurl_library_order(const char *folder, const char *library, const struct ccurl_library_names *loaded,
                         struct ccurl_library_names *order);
#endif
