#include <sqlite3.h>
#include "CSQLiteSettings.h"

int csqlite_config_memstatus(int on) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, on); }
