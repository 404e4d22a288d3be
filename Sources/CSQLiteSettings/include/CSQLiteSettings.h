// sqlite3_config is variadic, which Swift cannot call: one plain function per process-wide
// setting nano makes. Each returns sqlite3_config's result code (SQLITE_MISUSE once SQLite has
// initialised, which opening the first connection does).
#ifndef CSQLITESETTINGS_H
#define CSQLITESETTINGS_H

/// sqlite3_config(SQLITE_CONFIG_MEMSTATUS, on).
int csqlite_config_memstatus(int on);

#endif
