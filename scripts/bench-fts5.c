/*
 * The floor under nano's search: the same FTS5 query, ranked by bm25, on the same SQLite file,
 * read row by row in C (each match's key, stored fields and score), in one process that keeps
 * its prepared statement. Prints `rows=N median_ms=M` over RUNS runs (after two warm-up runs).
 *
 * usage: bench-fts5 DATABASE INDEX_ID MATCH_EXPRESSION RUNS
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s DATABASE INDEX_ID MATCH_EXPRESSION RUNS\n", argv[0]);
        return 2;
    }
    const char *index = argv[2], *match = argv[3];
    int runs = atoi(argv[4]);
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "open: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    /* nano's readers map the file too */
    sqlite3_exec(db, "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT d.key, d.stored, bm25(search_fts_%s) FROM search_fts_%s f JOIN search_docs_%s d ON d.rowid = f.rowid "
             "WHERE search_fts_%s MATCH ? ORDER BY bm25(search_fts_%s)",
             index, index, index, index, index);
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK) {
        fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    double *times = calloc(runs, sizeof *times);
    long rows = 0, bytes = 0;
    for (int run = -2; run < runs; run++) {
        double start = now_ms();
        sqlite3_bind_text(statement, 1, match, -1, SQLITE_STATIC);
        rows = bytes = 0;
        while (sqlite3_step(statement) == SQLITE_ROW) {
            bytes += strlen((const char *)sqlite3_column_text(statement, 0));
            bytes += strlen((const char *)sqlite3_column_text(statement, 1));
            bytes += sqlite3_column_double(statement, 2) < 0;
            rows++;
        }
        sqlite3_reset(statement);
        if (run >= 0) times[run] = now_ms() - start;
    }
    qsort(times, runs, sizeof *times, compare);
    printf("rows=%ld median_ms=%.3f\n", rows, times[runs / 2]);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return 0;
}
