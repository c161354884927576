/* bp-table.h: a CSV file loaded into typed columns.
 *
 * Every column keeps one double per row (NaN where the cell is missing or
 * not a number) and, for columns that hold text, one category code per row
 * into a sorted list of its distinct strings. The source line of each row
 * is kept so that later messages can point at the file.
 *
 * Types are inferred once the whole file is read: numeric, boolean (0/1,
 * true/false, yes/no, ...), categorical (few distinct strings), date/time,
 * free text, identifiers and empty columns. The last four are ignored by
 * default when a dataset is made.
 */
#pragma once

#include <glib.h>

#include "bp-csv.h"

G_BEGIN_DECLS

typedef enum {
  BP_COLUMN_NUMERIC,
  BP_COLUMN_BOOLEAN,
  BP_COLUMN_CATEGORICAL,
  BP_COLUMN_DATETIME,
  BP_COLUMN_TEXT,
  BP_COLUMN_ID,
  BP_COLUMN_EMPTY,
} BpColumnType;

#define BP_CODE_NONE G_MAXUINT32   /* no category: missing, or a number */
#define BP_MAX_CATEGORIES 1000     /* most levels a column made categorical may have */

typedef struct {
  char         *name;
  BpColumnType  type;
  BpColumnType  inferred_type;
  double       *values;       /* n_rows; booleans as 0/1, categories as NaN */
  guint32      *codes;        /* n_rows, or NULL for numbers-only columns */
  char        **levels;       /* n_levels distinct strings, sorted */
  guint32       n_levels;
  gsize         n_missing;
  gsize         n_distinct;
  double        min, max, mean, std;   /* NaN where not numeric */
  guint64       first_missing_line;    /* 0 when nothing is missing */
} BpColumn;

typedef void (*BpProgressFunc) (double fraction, gpointer user_data);
/* Return FALSE to stop loading; the load then fails with
 * BP_ENGINE_ERROR_CANCELLED. */
typedef gboolean (*BpContinueFunc) (gpointer user_data);

typedef struct {
  BpCsvOptions        csv;
  const char * const *missing_markers;  /* NULL: "", NA, N/A, NaN, null, None, ? */
  gboolean            skip_bad_rows;    /* count and report ragged rows instead of failing */
  guint64             memory_limit;     /* bytes; 0: what the machine has available */
  BpProgressFunc      progress;
  BpContinueFunc      keep_going;
  gpointer            user_data;
} BpTableOptions;

typedef struct {
  char         *path;
  char         *display_name;
  BpCsvDialect  dialect;
  gsize         n_rows;
  gsize         n_columns;
  BpColumn     *columns;
  guint64      *row_lines;      /* source line of each row */
  gsize         n_skipped_rows; /* ragged rows skipped with skip_bad_rows */
  GPtrArray    *warnings;       /* char*, in words a student understands */
} BpTable;

void         bp_table_options_init  (BpTableOptions       *options);
BpTable     *bp_table_load          (const char           *path,
                                     const BpTableOptions *options,
                                     GError              **error);
BpTable     *bp_table_load_data     (const char           *name,
                                     const char           *data,
                                     gsize                 length,
                                     const BpTableOptions *options,
                                     GError              **error);
void         bp_table_free          (BpTable              *table);

int          bp_table_find_column   (const BpTable        *table,
                                     const char           *name);
/* Change a column's type (e.g. integers to categories). Fails with
 * BP_ENGINE_ERROR_INVALID when the values cannot be read that way. */
gboolean     bp_table_set_column_type (BpTable            *table,
                                       gsize               column,
                                       BpColumnType        type,
                                       GError            **error);
/* The text of a cell as the user would read it; NULL when missing. */
char        *bp_table_cell_text     (const BpTable        *table,
                                     gsize                 row,
                                     gsize                 column);
gboolean     bp_table_cell_is_missing (const BpTable      *table,
                                       gsize               row,
                                       gsize               column);

const char  *bp_column_type_to_string (BpColumnType        type);
/* The type's translated name for people; to_string's is for files. */
const char  *bp_column_type_display_name (BpColumnType     type);
gboolean     bp_column_type_from_string (const char       *text,
                                         BpColumnType     *type);
/* Whether a column of this type can be a feature or target. */
gboolean     bp_column_type_is_usable (BpColumnType        type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpTable, bp_table_free)

G_END_DECLS
