/* bp-table.h: a CSV file loaded into typed columns.
 *
 * Every column keeps one number per row (NaN where the cell is missing or
 * not a number; read it with bp_column_value) and, for columns that hold
 * text, one category code per row into a sorted list of its distinct
 * strings. The numbers are stored in the narrowest type that holds each of
 * them exactly (BpCellStorage): a file of pixels takes a byte a cell, not
 * eight, and every value still reads back as the double it was parsed as. The source line of each row
 * is kept so that later messages can point at the file.
 *
 * Types are inferred once the whole file is read: numeric, boolean (0/1,
 * true/false, yes/no, ...), categorical (few distinct strings), date/time,
 * free text, identifiers and empty columns. Dates and times keep their
 * text as categories and their number (bp-date.h: 1970-01-01 is 1970.0)
 * in values; they can be features, not targets. Free text, identifiers
 * and empty columns are ignored by default when a dataset is made.
 *
 * Missing values: an empty cell (spaces count as empty) is always missing
 * unless keep_empty asks to read it as a value of its own; a cell whose
 * whole text is one of the markers (any case) is missing too.
 */
#pragma once

#include <glib.h>
#include <math.h>

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

/* How a column stores its numbers. A column keeps the narrowest storage
 * that holds every number read so far exactly (bit for bit, so a cell's
 * text stays the same); a number it does not hold widens it. */
typedef enum {
  BP_CELLS_U8,    /* integers 0..255, nothing missing */
  BP_CELLS_I16,   /* integers -32767..32767; G_MININT16: NaN */
  BP_CELLS_F32,   /* numbers a float32 holds exactly; NaN as it is */
  BP_CELLS_DEC32, /* decimals of at most 8 digits, m / 10^k with |m| < 2^27 and
                   * k ≤ 15, packed as m * 16 + k (bp_dec32_encode); BP_DEC32_NAN:
                   * NaN, BP_DEC32_NEG_ZERO (0 with k = 1): -0. What %.6g writes,
                   * which a float32 mostly cannot hold */
  BP_CELLS_F64,
} BpCellStorage;

#define BP_DEC32_NAN       ((guint32) 0x80000000u)
#define BP_DEC32_NEG_ZERO  ((guint32) 1u)
#define BP_DEC32_MAX_DIGITS 15

/* 10^k for k = 0..15: each a double exactly. */
extern const double bp_dec32_powers[BP_DEC32_MAX_DIGITS + 1];

/* Where a cell starts in the file, for messages (FILE:LINE:COL); line 0:
 * nowhere in particular. */
typedef struct {
  guint64       line;
  guint         column;
} BpCellPos;

typedef struct {
  char         *name;
  BpColumnType  type;
  BpColumnType  inferred_type;
  gpointer      cells;        /* n_rows numbers in @storage; booleans as 0/1,
                               * categories as NaN (bp_column_value) */
  BpCellStorage storage;
  guint32      *codes;        /* n_rows, or NULL for numbers-only columns */
  char        **levels;       /* n_levels distinct strings, sorted */
  guint32       n_levels;
  gsize         n_missing;
  gsize         n_distinct;
  double        min, max, mean, std;   /* NaN where not numeric */
  guint64       first_missing_line;    /* 0 when nothing is missing */
  /* For the messages of bp_table_set_column_type: */
  BpCellPos     header_pos;            /* the column's name (its first cell without a header) */
  BpCellPos     first_number;          /* the first cell read as a number */
  BpCellPos     first_not_binary;      /* the first number other than 0 and 1 */
  BpCellPos    *level_pos;             /* n_levels, where each level is first seen; NULL
                                        * or {0, 0} for levels made from numbers */
} BpColumn;

typedef void (*BpProgressFunc) (double fraction, gpointer user_data);
/* Return FALSE to stop loading; the load then fails with
 * BP_ENGINE_ERROR_CANCELLED. */
typedef gboolean (*BpContinueFunc) (gpointer user_data);

typedef struct {
  BpCsvOptions        csv;
  const char * const *missing_markers;  /* besides empty cells; NULL: the defaults
                                         * (bp_table_default_missing_markers) */
  gboolean            keep_empty;       /* empty cells are a value, not missing */
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
  char        **missing_markers;/* the markers it was read with (never NULL; no "") */
  gboolean      keep_empty;     /* and whether empty cells were values */
} BpTable;

void         bp_table_options_init  (BpTableOptions       *options);
/* NA, N/A, NaN, null, None and ?. */
const char * const *bp_table_default_missing_markers (void);
/* Whether @markers (NULL: the defaults) are the default markers, in any
 * order; an empty marker counts for nothing. */
gboolean     bp_table_markers_are_default (const char * const *markers);
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
/* Change a column's type (e.g. integers to categories, text to dates).
 * Fails with BP_ENGINE_ERROR_INVALID when the values cannot be read that
 * way; the message starts with FILE:LINE:COL of a cell that cannot (of
 * the column's name when no one cell is to blame). */
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

/* A cell's number: NaN when it is missing or not a number. */
static inline double
bp_cells_get (gconstpointer cells, BpCellStorage storage, gsize row)
{
  switch (storage)
    {
    case BP_CELLS_U8:
      return ((const guint8 *) cells)[row];
    case BP_CELLS_I16:
      {
        gint16 v = ((const gint16 *) cells)[row];
        return v == G_MININT16 ? (double) NAN : (double) v;
      }
    case BP_CELLS_F32:
      return ((const float *) cells)[row];
    case BP_CELLS_DEC32:
      {
        guint32 w = ((const guint32 *) cells)[row];
        if (G_UNLIKELY (w == BP_DEC32_NAN))
          return NAN;
        if (G_UNLIKELY (w == BP_DEC32_NEG_ZERO))
          return -0.0;
        /* m * 16 as a signed number divides exactly; a correctly rounded
         * division by an exact power of ten is what strtod gave. */
        return (double) ((gint32) (w & ~(guint32) 15u) / 16) / bp_dec32_powers[w & 15];
      }
    case BP_CELLS_F64:
    default:
      return ((const double *) cells)[row];
    }
}

static inline double
bp_column_value (const BpColumn *column, gsize row)
{
  return bp_cells_get (column->cells, column->storage, row);
}

/* Bytes a cell of @storage takes. */
gsize        bp_cell_storage_size   (BpCellStorage         storage);
/* @v as a BP_CELLS_DEC32 cell, when one gives it back bit for bit (NaN
 * and -0 included); the smallest k that does, so equal numbers have equal
 * cells. */
gboolean     bp_dec32_encode        (double                v,
                                     guint32              *cell);
/* A new array of the column's first @n_rows numbers, as bp_column_value
 * reads them. */
double      *bp_column_dup_values   (const BpColumn       *column,
                                     gsize                 n_rows);

const char  *bp_column_type_to_string (BpColumnType        type);
/* The type's translated name for people; to_string's is for files. */
const char  *bp_column_type_display_name (BpColumnType     type);
gboolean     bp_column_type_from_string (const char       *text,
                                         BpColumnType     *type);
/* Whether a column of this type can be a feature (numbers, yes/no,
 * categories, dates). */
gboolean     bp_column_type_is_usable (BpColumnType        type);
/* Whether it can be a target: the same less dates. */
gboolean     bp_column_type_can_be_target (BpColumnType    type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpTable, bp_table_free)

G_END_DECLS
