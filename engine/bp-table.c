#include "bp-table.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "bp-date.h"
#include "bp-error.h"
#include "bp-json-writer.h"

#define MAX_CATEGORIES        64
#define RARE_TEXT_MAX_LEVELS  3

static const char * const default_missing[] = {
  "NA", "N/A", "NaN", "null", "None", "?", NULL,
};

typedef struct {
  GHashTable   *index;      /* interned string -> code + 1 */
  GPtrArray    *strings;    /* code -> string (owned by chunk) */
  GArray       *positions;  /* code -> BpCellPos where it was first seen */
  gsize         n_text;       /* cells that are neither numbers nor missing */
  guint64       first_text_line;
  guint         first_text_column;
} ColumnBuilder;

typedef struct {
  const BpTableOptions *options;
  BpTable              *table;
  ColumnBuilder        *builders;
  GStringChunk         *chunk;
  gsize                 capacity;
  guint64               memory_limit;
  guint64               memory_used;
  gsize                 trailing_empty_rows;
  guint64               first_skipped_line;
  /* The last rows' values, row by row, until flush_block() writes them to
   * the column arrays: storing each cell straight into its column touches
   * one cache line and one page per column per row, which dominates the
   * load of a wide file (784 columns). */
  double               *block;
  gsize                 block_start;
  gsize                 block_rows;
  gsize                 block_capacity;
  guint8               *fits;               /* per column: the storages that hold
                                             * every number so far (storages_for) */
  gsize                 n_code_columns;     /* columns with codes so far */
} Loader;

/* The block holds up to 64 rows and at most about 1 MiB: one row of a
 * file with 100 000 columns is 800 kB already. */
enum { BLOCK_ROWS = 64, BLOCK_BYTES = 1 << 20 };

static gboolean set_nomem (Loader *loader, guint64 line, GError **error);

const double bp_dec32_powers[BP_DEC32_MAX_DIGITS + 1] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
};

#define DEC32_MANTISSA_MAX 134217727.0   /* 2^27 - 1 */

gsize
bp_cell_storage_size (BpCellStorage storage)
{
  static const gsize sizes[] = { 1, 2, 4, 4, 8 };
  return sizes[storage];
}

gboolean
bp_dec32_encode (double v, guint32 *cell)
{
  if (isnan (v))
    {
      *cell = BP_DEC32_NAN;
      return TRUE;
    }
  if (v == 0.0 && signbit (v))
    {
      *cell = BP_DEC32_NEG_ZERO;
      return TRUE;
    }
  if (!(fabs (v) <= DEC32_MANTISSA_MAX))
    return FALSE;
  for (guint k = 0; k <= BP_DEC32_MAX_DIGITS; k++)
    {
      double t = v * bp_dec32_powers[k];
      if (fabs (t) > DEC32_MANTISSA_MAX)
        return FALSE;
      double m = rint (t);
      /* For the right k, v * 10^k is within 1e-7 of m; only then is the
       * division worth trying, and it decides. */
      if (fabs (t - m) > 1e-6)
        continue;
      guint32 w = ((guint32) (gint32) m << 4) | k;
      if (w != BP_DEC32_NAN && w != BP_DEC32_NEG_ZERO && bp_cells_get (&w, BP_CELLS_DEC32, 0) == v)
        {
          *cell = w;
          return TRUE;
        }
    }
  return FALSE;
}

/* Which storages hold @v (a bit per BpCellStorage), of those in @mask
 * (only those are tested). -0 is no integer: its sign shows in its text. */
static inline guint
storages_for (double v, guint mask)
{
  guint fits = 1u << BP_CELLS_F64;
  if (isnan (v))
    return mask & ((1u << BP_CELLS_I16) | (1u << BP_CELLS_F32) | (1u << BP_CELLS_DEC32) | fits);
  if (v >= -32767.0 && v <= 32767.0 && v == (double) (gint16) v && !(v == 0.0 && signbit (v)))
    return mask & ((v >= 0.0 && v <= 255.0 ? 1u << BP_CELLS_U8 : 0) | (1u << BP_CELLS_I16) |
                   (1u << BP_CELLS_F32) | (1u << BP_CELLS_DEC32) | fits);
  if ((mask & (1u << BP_CELLS_F32)) && (double) (float) v == v)
    fits |= 1u << BP_CELLS_F32;
  guint32 w;
  if ((mask & (1u << BP_CELLS_DEC32)) && bp_dec32_encode (v, &w))
    fits |= 1u << BP_CELLS_DEC32;
  return mask & fits;
}

#define ALL_STORAGES ((1u << (BP_CELLS_F64 + 1)) - 1)

/* The narrowest storage in @mask (float32 before decimals, the same size:
 * it reads faster). */
static inline BpCellStorage
narrowest (guint mask)
{
  for (BpCellStorage s = BP_CELLS_U8; s < BP_CELLS_F64; s++)
    if (mask & (1u << s))
      return s;
  return BP_CELLS_F64;
}

/* @v must fit @storage (storages_for). */
static inline void
cells_set (gpointer cells, BpCellStorage storage, gsize row, double v)
{
  switch (storage)
    {
    case BP_CELLS_U8:
      ((guint8 *) cells)[row] = (guint8) v;
      break;
    case BP_CELLS_I16:
      ((gint16 *) cells)[row] = isnan (v) ? G_MININT16 : (gint16) v;
      break;
    case BP_CELLS_F32:
      ((float *) cells)[row] = (float) v;
      break;
    case BP_CELLS_DEC32:
      {
        G_GNUC_UNUSED gboolean ok = bp_dec32_encode (v, &((guint32 *) cells)[row]);
        g_assert (ok);
      }
      break;
    case BP_CELLS_F64:
    default:
      ((double *) cells)[row] = v;
      break;
    }
}

/* Rewrites the first @n cells of @cells (room for @n of @to) from @from
 * to @to, no narrower, the last first: each lands on bytes of cells
 * already read. */
static void
cells_widen (gpointer cells, BpCellStorage from, BpCellStorage to, gsize n)
{
  for (gsize r = n; r-- > 0;)
    cells_set (cells, to, r, bp_cells_get (cells, from, r));
}

double *
bp_column_dup_values (const BpColumn *column, gsize n_rows)
{
  double *values = g_new (double, MAX (n_rows, 1));
  for (gsize r = 0; r < n_rows; r++)
    values[r] = bp_column_value (column, r);
  return values;
}

/* The column's numbers become @values (taken), in the narrowest storage
 * that holds them all. */
static void
column_set_values (BpColumn *column, double *values, gsize n_rows)
{
  guint mask = ALL_STORAGES;
  for (gsize r = 0; r < n_rows && mask != 1u << BP_CELLS_F64; r++)
    mask = storages_for (values[r], mask);
  BpCellStorage storage = narrowest (mask);
  g_free (column->cells);
  column->storage = storage;
  if (storage == BP_CELLS_F64)
    {
      column->cells = values;
      return;
    }
  column->cells = g_malloc (MAX (n_rows, 1) * bp_cell_storage_size (storage));
  for (gsize r = 0; r < n_rows; r++)
    cells_set (column->cells, storage, r, values[r]);
  g_free (values);
}

static gboolean
widen_column (Loader *loader, BpColumn *column, BpCellStorage storage, guint64 line, GError **error)
{
  const gsize size = bp_cell_storage_size (storage);
  const guint64 extra = (guint64) loader->capacity * (size - bp_cell_storage_size (column->storage));
  if (loader->memory_used + extra > loader->memory_limit)
    return set_nomem (loader, line, error);
  gpointer cells = extra ? g_try_realloc (column->cells, MAX (loader->capacity, 1) * size) : column->cells;
  if (cells == NULL)
    return set_nomem (loader, line, error);
  cells_widen (cells, column->storage, storage, loader->block_start);
  column->cells = cells;
  column->storage = storage;
  loader->memory_used += extra;
  return TRUE;
}

/* Writes the block's rows to the columns, widening a column whose
 * storage does not hold a new value. */
static gboolean
flush_block (Loader *loader, guint64 line, GError **error)
{
  BpTable *table = loader->table;
  const gsize n_columns = table->n_columns;
  const gsize n = loader->block_rows;
  for (gsize c = 0; c < n_columns; c++)
    {
      BpColumn *column = &table->columns[c];
      const double *in = loader->block + c;
      if (loader->fits[c] != 1u << BP_CELLS_F64)
        {
          guint mask = loader->fits[c];
          for (gsize r = 0; r < n; r++)
            mask = storages_for (in[r * n_columns], mask);
          loader->fits[c] = (guint8) mask;
          BpCellStorage need = narrowest (mask);
          if (need != column->storage && !widen_column (loader, column, need, line, error))
            return FALSE;
        }
      /* One loop per storage: the switch stays out of the copy. */
      switch (column->storage)
        {
        case BP_CELLS_U8:
          for (gsize r = 0; r < n; r++)
            ((guint8 *) column->cells)[loader->block_start + r] = (guint8) in[r * n_columns];
          break;
        case BP_CELLS_I16:
          for (gsize r = 0; r < n; r++)
            cells_set (column->cells, BP_CELLS_I16, loader->block_start + r, in[r * n_columns]);
          break;
        case BP_CELLS_F32:
          for (gsize r = 0; r < n; r++)
            ((float *) column->cells)[loader->block_start + r] = (float) in[r * n_columns];
          break;
        case BP_CELLS_DEC32:
          for (gsize r = 0; r < n; r++)
            cells_set (column->cells, BP_CELLS_DEC32, loader->block_start + r, in[r * n_columns]);
          break;
        case BP_CELLS_F64:
        default:
          for (gsize r = 0; r < n; r++)
            ((double *) column->cells)[loader->block_start + r] = in[r * n_columns];
          break;
        }
    }
  loader->block_start += n;
  loader->block_rows = 0;
  return TRUE;
}

void
bp_table_options_init (BpTableOptions *options)
{
  memset (options, 0, sizeof *options);
}

const char * const *
bp_table_default_missing_markers (void)
{
  return default_missing;
}

static gboolean
markers_contain (const char * const *markers, const char *marker)
{
  for (; *markers; markers++)
    if (g_str_equal (*markers, marker))
      return TRUE;
  return FALSE;
}

gboolean
bp_table_markers_are_default (const char * const *markers)
{
  if (markers == NULL)
    return TRUE;
  for (const char * const *m = markers; *m; m++)
    if (**m != '\0' && !markers_contain (default_missing, *m))
      return FALSE;
  for (const char * const *m = default_missing; *m; m++)
    if (!markers_contain (markers, *m))
      return FALSE;
  return TRUE;
}

const char *
bp_column_type_to_string (BpColumnType type)
{
  switch (type)
    {
    case BP_COLUMN_NUMERIC:     return "numeric";
    case BP_COLUMN_BOOLEAN:     return "boolean";
    case BP_COLUMN_CATEGORICAL: return "categorical";
    case BP_COLUMN_DATETIME:    return "datetime";
    case BP_COLUMN_TEXT:        return "text";
    case BP_COLUMN_ID:          return "id";
    case BP_COLUMN_EMPTY:       return "empty";
    default:                    return "unknown";
    }
}

const char *
bp_column_type_display_name (BpColumnType type)
{
  /* The same words as the data page's type drop-down. */
  switch (type)
    {
    case BP_COLUMN_NUMERIC:     return _("number");
    case BP_COLUMN_BOOLEAN:     return _("yes/no");
    case BP_COLUMN_CATEGORICAL: return _("category");
    case BP_COLUMN_DATETIME:    return _("date");
    case BP_COLUMN_TEXT:        return _("text");
    case BP_COLUMN_ID:          return _("ID");
    case BP_COLUMN_EMPTY:
    default:                    return _("empty");
    }
}

gboolean
bp_column_type_from_string (const char *text, BpColumnType *type)
{
  if (g_ascii_strcasecmp (text, "date") == 0)
    {
      *type = BP_COLUMN_DATETIME;
      return TRUE;
    }
  for (int t = BP_COLUMN_NUMERIC; t <= BP_COLUMN_EMPTY; t++)
    if (g_ascii_strcasecmp (text, bp_column_type_to_string (t)) == 0)
      {
        *type = t;
        return TRUE;
      }
  return FALSE;
}

gboolean
bp_column_type_is_usable (BpColumnType type)
{
  return bp_column_type_can_be_target (type) || type == BP_COLUMN_DATETIME;
}

gboolean
bp_column_type_can_be_target (BpColumnType type)
{
  return type == BP_COLUMN_NUMERIC || type == BP_COLUMN_BOOLEAN || type == BP_COLUMN_CATEGORICAL;
}

static guint64
available_memory (void)
{
  /* MemAvailable counts reclaimable cache, which is what a load can use. */
  g_autofree char *meminfo = NULL;
  if (g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL))
    {
      const char *line = strstr (meminfo, "MemAvailable:");
      if (line != NULL)
        return g_ascii_strtoull (line + strlen ("MemAvailable:"), NULL, 10) * 1024;
    }
  long pages = sysconf (_SC_AVPHYS_PAGES);
  long page_size = sysconf (_SC_PAGESIZE);
  if (pages > 0 && page_size > 0)
    return (guint64) pages * (guint64) page_size;
  return G_MAXUINT64;
}

static char *
format_bytes (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_DEFAULT);
}

/* @s is trimmed. Empty cells are decided by keep_empty alone: a list of
 * markers given without "" still leaves them missing. */
static gboolean
is_missing (const BpTableOptions *options, const char *s, gsize length)
{
  if (length == 0)
    return !options->keep_empty;
  const char * const *markers = options->missing_markers ? options->missing_markers : default_missing;
  for (; *markers; markers++)
    {
      gsize n = strlen (*markers);
      if (n == length && g_ascii_strncasecmp (*markers, s, n) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
trim (const char **s, gsize *length)
{
  const char *p = *s;
  const char *end = p + *length;
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  *s = p;
  *length = (gsize) (end - p);
}

/* ---- growth and memory -------------------------------------------------- */

static gboolean
set_nomem (Loader *loader, guint64 line, GError **error)
{
  g_autofree char *used = format_bytes (loader->memory_used);
  g_autofree char *limit = format_bytes (loader->memory_limit);
  g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_NOMEM,
               _("%s:%" PRIu64 ":1: the file is too large for the memory available "
               "(%s used by %zu rows so far, %s allowed); "
               "try a smaller file or close other programs"),
               loader->table->display_name, line, used, loader->table->n_rows, limit);
  return FALSE;
}

static gboolean
grow (Loader *loader, guint64 line, GError **error)
{
  BpTable *table = loader->table;
  guint64 per_row = sizeof (double) * table->n_columns + sizeof (guint64);
  /* The first 1024 rows, or fewer when they would take more than 4 MiB:
   * a file 100 000 columns wide and 4 rows long took 800 MB for rows it
   * never had. Growth by half keeps the copies few either way. */
  gsize first = (gsize) CLAMP ((4u << 20) / per_row, 4, 1024);
  gsize new_capacity = loader->capacity ? loader->capacity + MAX (loader->capacity / 2, 1) : first;
  /* What the rows take as stored now. */
  per_row = sizeof (guint64);
  for (gsize c = 0; c < table->n_columns; c++)
    per_row += bp_cell_storage_size (table->columns[c].storage) + (table->columns[c].codes ? sizeof (guint32) : 0);

  guint64 extra = per_row * (new_capacity - loader->capacity);
  if (loader->memory_used + extra > loader->memory_limit)
    return set_nomem (loader, line, error);

  for (gsize c = 0; c < table->n_columns; c++)
    {
      BpColumn *column = &table->columns[c];
      gpointer cells = g_try_realloc (column->cells, new_capacity * bp_cell_storage_size (column->storage));
      if (cells == NULL)
        return set_nomem (loader, line, error);
      column->cells = cells;
      if (column->codes)
        {
          guint32 *codes = g_try_realloc (column->codes, new_capacity * sizeof (guint32));
          if (codes == NULL)
            return set_nomem (loader, line, error);
          column->codes = codes;
        }
    }
  guint64 *lines = g_try_realloc (table->row_lines, new_capacity * sizeof (guint64));
  if (lines == NULL)
    return set_nomem (loader, line, error);
  table->row_lines = lines;

  loader->memory_used += extra;
  loader->capacity = new_capacity;
  return TRUE;
}

static gboolean
ensure_codes (Loader *loader, BpColumn *column, guint64 line, GError **error)
{
  if (column->codes)
    return TRUE;
  guint64 bytes = loader->capacity * sizeof (guint32);
  if (loader->memory_used + bytes > loader->memory_limit ||
      (column->codes = g_try_malloc (MAX (bytes, 1))) == NULL)
    return set_nomem (loader, line, error);
  for (gsize r = 0; r < loader->table->n_rows; r++)
    column->codes[r] = BP_CODE_NONE;
  loader->memory_used += bytes;
  loader->n_code_columns++;
  return TRUE;
}

/* ---- reading ------------------------------------------------------------ */

static void
set_header (Loader *loader, const BpCsvRecord *record, gboolean from_header)
{
  BpTable *table = loader->table;
  table->n_columns = record->n_fields;
  table->columns = g_new0 (BpColumn, table->n_columns);
  loader->builders = g_new0 (ColumnBuilder, table->n_columns);
  loader->block_capacity = CLAMP (BLOCK_BYTES / (sizeof (double) * MAX (table->n_columns, 1)), 1, BLOCK_ROWS);
  loader->block = g_new (double, loader->block_capacity * MAX (table->n_columns, 1));
  loader->fits = g_malloc (MAX (table->n_columns, 1));
  memset (loader->fits, ALL_STORAGES, MAX (table->n_columns, 1));

  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (gsize c = 0; c < table->n_columns; c++)
    {
      table->columns[c].header_pos = (BpCellPos) { record->line, record->columns[c] };

      g_autofree char *name = NULL;
      if (from_header)
        {
          const char *s = record->fields[c];
          gsize n = record->lengths[c];
          trim (&s, &n);
          name = g_strndup (s, n);
        }
      if (name == NULL || name[0] == '\0')
        {
          g_free (name);
          name = g_strdup_printf ("column_%" G_GSIZE_FORMAT, c + 1);
        }
      if (g_hash_table_contains (seen, name))
        {
          char *renamed = NULL;
          for (guint k = 2; renamed == NULL || g_hash_table_contains (seen, renamed); k++)
            {
              g_free (renamed);
              renamed = g_strdup_printf ("%s_%u", name, k);
            }
          g_ptr_array_add (table->warnings,
                           g_strdup_printf (_("Two columns are called “%s”; the one in column %zu "
                                              "is shown as “%s”."), name, c + 1, renamed));
          g_free (name);
          name = renamed;
        }
      g_hash_table_add (seen, g_strdup (name));
      table->columns[c].name = g_steal_pointer (&name);
    }
}

/* Every number ends up a float32 in a dataset: one beyond its range
 * would make the network's sums infinite, which training could only
 * report as weights gone NaN. Said at once, where it is. */
static gboolean
set_too_large (Loader *loader, const BpCsvRecord *record, gsize c, GError **error)
{
  const char *s = record->fields[c];
  gsize n = record->lengths[c];
  trim (&s, &n);
  g_autofree char *text = n > 48 ? g_strdup_printf ("%.*s…", 47, s) : g_strndup (s, n);
  g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_PARSE,
               /* Translators: the last %s is a number as written in the file, such as 1e308. */
               _("%s:%" PRIu64 ":%u: column “%s”: %s is too large; values must be within ±3.4e38"),
               loader->table->display_name, record->line, record->columns[c],
               loader->table->columns[c].name, text);
  return FALSE;
}

static gboolean
add_row (Loader *loader, const BpCsvRecord *record, GError **error)
{
  BpTable *table = loader->table;
  const BpTableOptions *options = loader->options;
  const gboolean decimal_comma = table->dialect.decimal_comma;

  if (table->n_rows == loader->capacity && !grow (loader, record->line, error))
    return FALSE;

  const gsize row = table->n_rows;
  table->row_lines[row] = record->line;
  double *values = loader->block + loader->block_rows * table->n_columns;

  for (gsize c = 0; c < table->n_columns; c++)
    {
      BpColumn *column = &table->columns[c];
      ColumnBuilder *builder = &loader->builders[c];
      const char *s = record->fields[c];
      gsize n = record->lengths[c];
      double value = 0.0;

      if (bp_csv_parse_number (s, n, decimal_comma, &value))
        {
          if (G_UNLIKELY (!(fabs (value) <= FLT_MAX)))
            return set_too_large (loader, record, c, error);
          values[c] = value;
          /* Where a later change of type finds a number in the way. */
          if (G_UNLIKELY (column->first_not_binary.line == 0) && value != 0.0 && value != 1.0)
            {
              column->first_not_binary = (BpCellPos) { record->line, record->columns[c] };
              if (column->first_number.line == 0)
                column->first_number = column->first_not_binary;
            }
          else if (G_UNLIKELY (column->first_number.line == 0))
            column->first_number = (BpCellPos) { record->line, record->columns[c] };
          /* Columns of numbers only have no codes; skip the look. */
          if (G_UNLIKELY (loader->n_code_columns > 0) && column->codes)
            column->codes[row] = BP_CODE_NONE;
          continue;
        }

      /* 1e309: a number, too large for a double. */
      if (G_UNLIKELY (isinf (value)))
        return set_too_large (loader, record, c, error);
      values[c] = NAN;
      trim (&s, &n);
      if (is_missing (options, s, n))
        {
          column->n_missing++;
          if (column->first_missing_line == 0)
            column->first_missing_line = record->line;
          if (column->codes)
            column->codes[row] = BP_CODE_NONE;
          continue;
        }

      if (!ensure_codes (loader, column, record->line, error))
        return FALSE;
      if (G_UNLIKELY (builder->index == NULL))
        {
          /* Made for the first text only: a wide file of numbers would
           * pay for a hash table per column. */
          builder->index = g_hash_table_new (g_str_hash, g_str_equal);
          builder->strings = g_ptr_array_new ();
          builder->positions = g_array_new (FALSE, FALSE, sizeof (BpCellPos));
        }

      char *text = (char *) s;
      char saved = text[n];
      text[n] = '\0';   /* the record is ours until the next read */
      gpointer found = g_hash_table_lookup (builder->index, text);
      guint32 code;
      if (found)
        code = GPOINTER_TO_UINT (found) - 1;
      else
        {
          char *interned = g_string_chunk_insert_len (loader->chunk, text, (gssize) n);
          code = builder->strings->len;
          g_ptr_array_add (builder->strings, interned);
          BpCellPos pos = { record->line, record->columns[c] };
          g_array_append_val (builder->positions, pos);
          g_hash_table_insert (builder->index, interned, GUINT_TO_POINTER (code + 1));
          loader->memory_used += n + 1 + 48;
        }
      text[n] = saved;
      column->codes[row] = code;
      if (builder->n_text++ == 0)
        {
          builder->first_text_line = record->line;
          builder->first_text_column = record->columns[c];
        }
    }

  table->n_rows++;
  if (++loader->block_rows == loader->block_capacity)
    return flush_block (loader, record->line, error);
  return TRUE;
}

typedef enum {
  ROW_OK,
  ROW_SKIP,
  ROW_ERROR,
} RowCheck;

static RowCheck
check_width (Loader *loader, const BpCsvRecord *record, gboolean have_header, GError **error)
{
  BpTable *table = loader->table;
  if (record->n_fields == table->n_columns)
    return ROW_OK;

  /* "1,2,3," under "a,b,c": an exporter's trailing delimiter. Nothing is
   * lost by ignoring empty extra fields. */
  if (record->n_fields > table->n_columns)
    {
      gboolean extra_empty = TRUE;
      for (gsize c = table->n_columns; c < record->n_fields && extra_empty; c++)
        {
          const char *s = record->fields[c];
          gsize n = record->lengths[c];
          trim (&s, &n);
          extra_empty = (n == 0);
        }
      if (extra_empty)
        {
          loader->trailing_empty_rows++;
          return ROW_OK;
        }
    }

  if (loader->options->skip_bad_rows)
    {
      if (table->n_skipped_rows++ == 0)
        loader->first_skipped_line = record->line;
      return ROW_SKIP;
    }

  /* The place (file:line:column) stays as it is; the sentence after it is
   * translated whole. */
  g_autofree char *what = NULL;
  guint column;
  if (record->n_fields > table->n_columns)
    {
      column = record->columns[table->n_columns];
      what = have_header
        ? g_strdup_printf (_("this row has %zu fields, but the header has %zu; field %zu starts here "
                             "(a delimiter inside a value needs quotes)"),
                           record->n_fields, table->n_columns, table->n_columns + 1)
        : g_strdup_printf (_("this row has %zu fields, but the first row has %zu; field %zu starts here "
                             "(a delimiter inside a value needs quotes)"),
                           record->n_fields, table->n_columns, table->n_columns + 1);
    }
  else
    {
      column = record->end_column;
      what = have_header
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "this row has only %zu field, but the header has %zu",
                                        "this row has only %zu fields, but the header has %zu", record->n_fields),
                           record->n_fields, table->n_columns)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "this row has only %zu field, but the first row has %zu",
                                        "this row has only %zu fields, but the first row has %zu", record->n_fields),
                           record->n_fields, table->n_columns);
    }
  g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_RAGGED, "%s:%" G_GUINT64_FORMAT ":%u: %s",
               table->display_name, record->line, column, what);
  return ROW_ERROR;
}

/* ---- type inference ----------------------------------------------------- */

typedef struct {
  guint64 *slots;
  gsize    mask;
  gsize    count;
} DoubleSet;

#define EMPTY_SLOT G_GUINT64_CONSTANT (0x7ff8dead0000beef)  /* a NaN payload no value has */

static gboolean
double_set_add (DoubleSet *set, int bits_used, guint64 bits)
{
  guint64 h = bits * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  /* The high bits of a multiplicative hash mix every input bit. */
  gsize slot = (gsize) (h >> (64 - bits_used));
  while (set->slots[slot] != EMPTY_SLOT && set->slots[slot] != bits)
    slot = (slot + 1) & set->mask;
  if (set->slots[slot] != EMPTY_SLOT)
    return FALSE;
  set->slots[slot] = bits;
  set->count++;
  return TRUE;
}

/* Mixes every input bit into the high bits of the result. */
static inline guint64
mix_bits (guint64 x)
{
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  x ^= x >> 33;
  return x;
}

/* A cell's number as a key that is equal for equal numbers (-0 and 0 are
 * one value), read from the cells as they are stored: each storage's cells
 * stand for one number each. FALSE for NaN. */
static inline gboolean
cell_key (const BpColumn *column, gsize r, guint64 *key)
{
  switch (column->storage)
    {
    case BP_CELLS_U8:
      *key = ((const guint8 *) column->cells)[r];
      return TRUE;
    case BP_CELLS_I16:
      {
        gint16 v = ((const gint16 *) column->cells)[r];
        *key = (guint16) v;
        return v != G_MININT16;
      }
    case BP_CELLS_F32:
      {
        float v = ((const float *) column->cells)[r];
        guint32 bits;
        if (v == 0.0f)
          v = 0.0f;
        memcpy (&bits, &v, sizeof bits);
        *key = bits;
        return !isnan (v);
      }
    case BP_CELLS_DEC32:
      {
        guint32 w = ((const guint32 *) column->cells)[r];
        *key = w == BP_DEC32_NEG_ZERO ? 0 : w;
        return w != BP_DEC32_NAN;
      }
    case BP_CELLS_F64:
    default:
      {
        double v = ((const double *) column->cells)[r];
        if (v == 0.0)
          v = 0.0;
        memcpy (key, &v, sizeof v);
        return !isnan (v);
      }
    }
}

/* Count the distinct keys by splitting them on the top bits of their hash
 * into parts of about a thousand (equal keys land in the same part), then
 * counting each part in a hash set small enough to stay in cache. The
 * parts are gathered a group at a time, each group a pass over the column,
 * so that the copy is an eighth of the column, not all of it: at the end
 * of loading, a copy of a long column was the peak of the whole run. */
static gsize
count_distinct_partitioned (const BpColumn *column, gsize n_rows, gsize n)
{
  if (n == 0)
    return 0;
  int part_bits = 0;
  while (part_bits < 12 && (n >> part_bits) > 1024)
    part_bits++;
  const gsize n_parts = (gsize) 1 << part_bits;
#define PART_OF(key) (part_bits ? (gsize) (mix_bits (key) >> (64 - part_bits)) : 0)

  g_autofree gsize *starts = g_new0 (gsize, n_parts + 1);
  guint64 key;
  for (gsize r = 0; r < n_rows; r++)
    if (cell_key (column, r, &key))
      starts[PART_OF (key) + 1]++;
  gsize largest = 0;
  for (gsize p = 0; p < n_parts; p++)
    largest = MAX (largest, starts[p + 1]);
  const gsize budget = MAX (MAX (largest, n / 8), MIN (n, 1u << 16));
  for (gsize p = 0; p < n_parts; p++)
    starts[p + 1] += starts[p];
  g_autofree gsize *fill = g_new (gsize, n_parts);
  g_autofree guint64 *tmp = g_new (guint64, budget);

  /* One table, at most half full, reused for every part. */
  int bits_used = 4;
  while (((gsize) 1 << bits_used) < 2 * largest)
    bits_used++;
  g_autofree guint64 *slots = g_new (guint64, (gsize) 1 << bits_used);

  gsize distinct = 0;
  for (gsize first = 0, last; first < n_parts; first = last)
    {
      /* Parts first..last-1, whose keys fit in tmp. */
      for (last = first + 1; last < n_parts && starts[last + 1] - starts[first] <= budget; last++)
        ;
      for (gsize p = first; p < last; p++)
        fill[p] = starts[p] - starts[first];
      for (gsize r = 0; r < n_rows; r++)
        if (cell_key (column, r, &key))
          {
            gsize p = PART_OF (key);
            if (p >= first && p < last)
              tmp[fill[p]++] = key;
          }
      for (gsize p = first; p < last; p++)
        {
          const gsize count = starts[p + 1] - starts[p];
          if (count == 0)
            continue;
          int bits = 4;
          while (((gsize) 1 << bits) < 2 * count)
            bits++;
          const gsize mask = ((gsize) 1 << bits) - 1;
          for (gsize s = 0; s <= mask; s++)
            slots[s] = EMPTY_SLOT;
          for (gsize i = starts[p] - starts[first]; i < starts[p + 1] - starts[first]; i++)
            {
              const guint64 k = tmp[i];
              /* The bits below the part's. */
              gsize slot = (gsize) ((mix_bits (k) << part_bits) >> (64 - bits));
              while (slots[slot] != EMPTY_SLOT && slots[slot] != k)
                slot = (slot + 1) & mask;
              if (slots[slot] == EMPTY_SLOT)
                {
                  slots[slot] = k;
                  distinct++;
                }
            }
        }
    }
#undef PART_OF
  return distinct;
}

/* A hash set of this many slots stays in cache; past it, splitting the
 * keys first is faster than a big table of cache misses and fresh pages. */
#define DISTINCT_HASH_MAX_SLOTS 8192

/* The distinct numbers of @column's first @n_rows cells, NaN not counted. */
static gsize
count_distinct (const BpColumn *column, gsize n_rows)
{
  if (column->storage <= BP_CELLS_I16)
    {
      /* A bit for each possible cell. */
      g_autofree guint8 *seen = g_new0 (guint8, 65536 / 8);
      gsize count = 0;
      guint64 key;
      for (gsize r = 0; r < n_rows; r++)
        if (cell_key (column, r, &key) && !(seen[key >> 3] & (1u << (key & 7))))
          {
            seen[key >> 3] |= (guint8) (1u << (key & 7));
            count++;
          }
      return count;
    }

  /* Start small and double at half full: most columns have few distinct
   * values. */
  gsize size = 1024;
  int bits_used = 10;
  DoubleSet set = { g_new (guint64, size), size - 1, 0 };
  for (gsize i = 0; i < size; i++)
    set.slots[i] = EMPTY_SLOT;

  gsize n_keys = 0;
  guint64 key;
  for (gsize r = 0; r < n_rows; r++)
    {
      if (!cell_key (column, r, &key))
        continue;
      n_keys++;
      if (double_set_add (&set, bits_used, key) && set.count * 2 > size)
        {
          if (size * 2 > DISTINCT_HASH_MAX_SLOTS)
            {
              g_free (set.slots);
              gsize n = n_keys;
              for (r++; r < n_rows; r++)
                n += cell_key (column, r, &key);
              return count_distinct_partitioned (column, n_rows, n);
            }
          DoubleSet bigger = { g_new (guint64, size * 2), size * 2 - 1, 0 };
          for (gsize j = 0; j < size * 2; j++)
            bigger.slots[j] = EMPTY_SLOT;
          for (gsize j = 0; j < size; j++)
            if (set.slots[j] != EMPTY_SLOT)
              double_set_add (&bigger, bits_used + 1, set.slots[j]);
          g_free (set.slots);
          set = bigger;
          size *= 2;
          bits_used++;
        }
    }
  g_free (set.slots);
  return set.count;
}

/* The r-th number: from @values, or the column's cells when NULL. */
static inline double
value_at (const BpColumn *column, const double *values, gsize r)
{
  return values ? values[r] : bp_column_value (column, r);
}

/* @values: the column's numbers, or NULL to read its cells. */
static void
compute_stats (BpColumn *column, const double *values, gsize n_rows)
{
  /* Two passes (mean, then squared deviations): as accurate as Welford's
   * update here and without a division per value. */
  double sum = 0.0, lo = INFINITY, hi = -INFINITY;
  gsize n = 0;
  for (gsize r = 0; r < n_rows; r++)
    {
      double v = value_at (column, values, r);
      if (isnan (v))
        continue;
      n++;
      sum += v;
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
  if (n == 0)
    {
      column->min = column->max = column->mean = column->std = NAN;
      return;
    }
  double mean = sum / (double) n, m2 = 0.0;
  for (gsize r = 0; r < n_rows; r++)
    {
      double v = value_at (column, values, r);
      if (!isnan (v))
        m2 += (v - mean) * (v - mean);
    }
  column->min = lo;
  column->max = hi;
  column->mean = mean;
  column->std = n > 1 ? sqrt (m2 / (double) (n - 1)) : 0.0;
}

static gboolean
text_is_number (const char *s, double *out)
{
  return bp_csv_parse_number (s, strlen (s), FALSE, out);
}

/* Numbers in numeric order, then text in byte order: stable in every locale. */
static int
compare_levels (gconstpointer a, gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;
  double dx, dy;
  gboolean nx = text_is_number (x, &dx), ny = text_is_number (y, &dy);
  if (nx && ny)
    return dx < dy ? -1 : dx > dy ? 1 : strcmp (x, y);
  if (nx != ny)
    return nx ? -1 : 1;
  return strcmp (x, y);
}

/* Replace a column's levels with a sorted copy and renumber its codes;
 * @positions (or NULL) has where the first strings were first seen. */
static void
sort_levels (BpColumn *column, gsize n_rows, GPtrArray *strings, GArray *positions)
{
  guint32 n = strings->len;
  g_autofree char **sorted = g_new (char *, n + 1);
  /* No strings (a column with no value made categorical): pdata is NULL,
   * which memcpy may not be given even for 0 bytes. */
  if (n > 0)
    memcpy (sorted, strings->pdata, n * sizeof (char *));
  qsort (sorted, n, sizeof (char *), compare_levels);

  g_autoptr(GHashTable) rank = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint32 i = 0; i < n; i++)
    g_hash_table_insert (rank, sorted[i], GUINT_TO_POINTER (i));
  g_autofree guint32 *remap = g_new (guint32, MAX (n, 1));
  for (guint32 i = 0; i < n; i++)
    remap[i] = GPOINTER_TO_UINT (g_hash_table_lookup (rank, strings->pdata[i]));
  for (gsize r = 0; r < n_rows; r++)
    if (column->codes[r] != BP_CODE_NONE)
      column->codes[r] = remap[column->codes[r]];

  g_strfreev (column->levels);
  column->levels = g_new (char *, n + 1);
  for (guint32 i = 0; i < n; i++)
    column->levels[i] = g_strdup (sorted[i]);
  column->levels[n] = NULL;
  column->n_levels = n;

  g_free (column->level_pos);
  column->level_pos = g_new0 (BpCellPos, MAX (n, 1));
  for (guint32 i = 0; positions && i < n && i < positions->len; i++)
    column->level_pos[remap[i]] = g_array_index (positions, BpCellPos, i);
}

/* Give every non-missing cell a category code, numbers included (as the
 * shortest text that reads back as the same number). */
static void
make_categories (BpColumn *column, double *values, gsize n_rows, GPtrArray *strings, GArray *positions,
                 GHashTable *index, GStringChunk *chunk)
{
  if (column->codes == NULL)
    {
      column->codes = g_new (guint32, MAX (n_rows, 1));
      for (gsize r = 0; r < n_rows; r++)
        column->codes[r] = BP_CODE_NONE;
    }
  for (gsize r = 0; r < n_rows; r++)
    {
      double v = values[r];
      if (isnan (v) || column->codes[r] != BP_CODE_NONE)
        continue;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      bp_format_double (buf, v);
      gpointer found = g_hash_table_lookup (index, buf);
      if (found == NULL)
        {
          char *interned = g_string_chunk_insert (chunk, buf);
          g_ptr_array_add (strings, interned);
          found = GUINT_TO_POINTER (strings->len);
          g_hash_table_insert (index, interned, found);
        }
      column->codes[r] = GPOINTER_TO_UINT (found) - 1;
      values[r] = NAN;
    }
  sort_levels (column, n_rows, strings, positions);
}

static const char * const boolean_pairs[][2] = {
  { "false", "true" }, { "no", "yes" }, { "n", "y" }, { "f", "t" }, { "off", "on" },
};

/* The boolean pair (0..4) that all levels belong to, or -1. */
static int
boolean_pair (char **levels, guint32 n_levels)
{
  if (n_levels == 0)
    return -1;
  for (gsize p = 0; p < G_N_ELEMENTS (boolean_pairs); p++)
    {
      gboolean all = TRUE;
      for (guint32 i = 0; i < n_levels && all; i++)
        all = g_ascii_strcasecmp (levels[i], boolean_pairs[p][0]) == 0 ||
              g_ascii_strcasecmp (levels[i], boolean_pairs[p][1]) == 0;
      if (all)
        return (int) p;
    }
  return -1;
}

static gboolean
looks_like_id_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  return g_str_equal (lower, "id") || g_str_equal (lower, "index") || g_str_equal (lower, "row") ||
         g_str_has_suffix (lower, "_id") || g_str_has_suffix (lower, " id") ||
         g_str_equal (lower, "unnamed: 0");
}

static BpColumnType
numeric_type (const BpColumn *column, const double *values, gsize n_rows)
{
  gsize present = n_rows - column->n_missing;
  if (present == 0)
    return BP_COLUMN_EMPTY;

  gboolean binary = TRUE, integers = TRUE, consecutive = TRUE;
  double previous = NAN;
  for (gsize r = 0; r < n_rows; r++)
    {
      double v = value_at (column, values, r);
      if (isnan (v))
        continue;
      binary = binary && (v == 0.0 || v == 1.0);
      integers = integers && v == floor (v);
      if (!isnan (previous))
        consecutive = consecutive && v == previous + 1.0;
      previous = v;
    }
  if (binary)
    return BP_COLUMN_BOOLEAN;
  if (integers && column->n_distinct == present && present >= 10 &&
      (consecutive || looks_like_id_name (column->name)))
    return BP_COLUMN_ID;
  return BP_COLUMN_NUMERIC;
}

/* Each level's number as a date (bp-date.h), or NULL when one is no date. */
static double *
level_dates (const BpColumn *column)
{
  BpDateOrder order = bp_date_guess_order (column->levels, column->n_levels);
  g_autofree double *dates = g_new (double, MAX (column->n_levels, 1));
  for (guint32 i = 0; i < column->n_levels; i++)
    if (!bp_date_parse (column->levels[i], order, &dates[i]))
      return NULL;
  return g_steal_pointer (&dates);
}

/* A date column's numbers from its levels' texts: the levels stay, for
 * the cells' text. */
static gboolean
fill_date_values (BpColumn *column, double *values, gsize n_rows)
{
  g_autofree double *dates = column->codes ? level_dates (column) : NULL;
  if (dates == NULL)
    return FALSE;
  for (gsize r = 0; r < n_rows; r++)
    values[r] = column->codes[r] == BP_CODE_NONE ? NAN : dates[column->codes[r]];
  return TRUE;
}

static BpColumnType
text_type (BpColumn *column, double *values, gsize n_rows)
{
  gsize present = n_rows - column->n_missing;
  gboolean spaces = FALSE;
  for (guint32 i = 0; i < column->n_levels; i++)
    spaces = spaces || strpbrk (column->levels[i], " \t\n\r") != NULL;
  if (column->n_levels > 0 && fill_date_values (column, values, n_rows))
    return BP_COLUMN_DATETIME;
  if (boolean_pair (column->levels, column->n_levels) >= 0)
    return BP_COLUMN_BOOLEAN;
  if (column->n_levels <= MAX_CATEGORIES &&
      (column->n_levels * 2 <= present || (present <= 20 && column->n_levels < present)))
    return BP_COLUMN_CATEGORICAL;
  if (column->n_levels == present && !spaces)
    return BP_COLUMN_ID;
  return BP_COLUMN_TEXT;
}

/* Text booleans become 0/1 values; the codes stay for display. */
static void
fill_boolean_values (BpColumn *column, double *values, gsize n_rows)
{
  int pair = boolean_pair (column->levels, column->n_levels);
  g_assert (pair >= 0);
  for (gsize r = 0; r < n_rows; r++)
    {
      guint32 code = column->codes[r];
      if (code == BP_CODE_NONE)
        values[r] = NAN;
      else
        values[r] = g_ascii_strcasecmp (column->levels[code], boolean_pairs[pair][1]) == 0;
    }
}

static void
finish_column (Loader *loader, gsize c)
{
  BpTable *table = loader->table;
  BpColumn *column = &table->columns[c];
  ColumnBuilder *builder = &loader->builders[c];
  const gsize n_rows = table->n_rows;
  /* Every cell read was a number, missing or text. */
  const gsize n_numeric = n_rows - column->n_missing - builder->n_text;

  /* A few odd words in a column of numbers ("unknown", "-") are read as
   * missing, and the user is told which and where. */
  if (builder->n_text > 0 && n_numeric > 0 &&
      builder->n_text * 20 <= builder->n_text + n_numeric &&
      builder->strings->len <= RARE_TEXT_MAX_LEVELS)
    {
      g_autoptr(GString) words = g_string_new (NULL);
      for (guint i = 0; i < builder->strings->len; i++)
        g_string_append_printf (words, "%s“%s”", i ? ", " : "", (char *) builder->strings->pdata[i]);
      g_ptr_array_add (table->warnings,
                       /* Translators: the second %s is a list of quoted cell texts, such as “n/a”, “?”. */
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "Column “%s” holds numbers, but %zu cell holds %s "
                                                     "(first on line %" PRIu64 "); it is treated as missing.",
                                                     "Column “%s” holds numbers, but %zu cells hold %s "
                                                     "(first on line %" PRIu64 "); they are treated as missing.",
                                                     builder->n_text),
                                        column->name, builder->n_text, words->str,
                                        builder->first_text_line));
      column->n_missing += builder->n_text;
      if (column->first_missing_line == 0 || builder->first_text_line < column->first_missing_line)
        column->first_missing_line = builder->first_text_line;
      g_clear_pointer (&column->codes, g_free);
      builder->n_text = 0;
    }

  /* A column of numbers is read from its cells; one with text needs its
   * numbers as doubles for a while, to change them. */
  g_autofree double *values = NULL;
  if (builder->n_text == 0)
    {
      g_clear_pointer (&column->codes, g_free);
      column->n_distinct = count_distinct (column, n_rows);
      column->type = numeric_type (column, NULL, n_rows);
    }
  else
    {
      values = bp_column_dup_values (column, n_rows);
      make_categories (column, values, n_rows, builder->strings, builder->positions, builder->index,
                       loader->chunk);
      column->n_distinct = column->n_levels;
      column->type = text_type (column, values, n_rows);
      if (column->type == BP_COLUMN_BOOLEAN)
        fill_boolean_values (column, values, n_rows);
    }
  column->inferred_type = column->type;
  compute_stats (column, values, n_rows);
  /* Text made numbers NaN (or dates, or 0/1): store what is left. */
  if (builder->n_text > 0)
    column_set_values (column, g_steal_pointer (&values), n_rows);
}

/* ---- loading ------------------------------------------------------------ */

static void
loader_clear (Loader *loader)
{
  if (loader->builders)
    for (gsize c = 0; c < loader->table->n_columns; c++)
      {
        g_clear_pointer (&loader->builders[c].index, g_hash_table_unref);
        g_clear_pointer (&loader->builders[c].strings, g_ptr_array_unref);
        g_clear_pointer (&loader->builders[c].positions, g_array_unref);
      }
  g_free (loader->builders);
  g_free (loader->block);
  g_free (loader->fits);
  if (loader->chunk)
    g_string_chunk_free (loader->chunk);
}

/* What @table is read with, for whoever reads it again (a project). */
static void
keep_markers (BpTable *table, const BpTableOptions *options)
{
  g_autoptr(GStrvBuilder) markers = g_strv_builder_new ();
  for (const char * const *m = options->missing_markers ? options->missing_markers : default_missing; *m; m++)
    if (**m != '\0')
      g_strv_builder_add (markers, *m);
  table->missing_markers = g_strv_builder_end (markers);
  table->keep_empty = options->keep_empty;
}

static BpTable *
load (BpCsvReader *reader, const char *path, const BpTableOptions *options, GError **error)
{
  BpTableOptions defaults;
  if (options == NULL)
    {
      bp_table_options_init (&defaults);
      options = &defaults;
    }

  g_autoptr(BpTable) table = g_new0 (BpTable, 1);
  table->path = g_strdup (path);
  table->display_name = g_strdup (bp_csv_reader_get_name (reader));
  table->dialect = *bp_csv_reader_get_dialect (reader);
  table->warnings = g_ptr_array_new_with_free_func (g_free);
  keep_markers (table, options);

  Loader loader = {
    .options = options,
    .table = table,
    .chunk = g_string_chunk_new (64 * 1024),
    .memory_limit = options->memory_limit ? options->memory_limit : available_memory (),
  };

  const guint64 size = bp_csv_reader_get_size (reader);
  const guint64 report_every = MAX (size / 100, 64u << 10);
  guint64 next_report = report_every;
  gboolean ok = TRUE;
  gboolean have_columns = FALSE;
  guint64 header_line = 1;
  BpCsvRecord record;
  GError *local = NULL;

  while (bp_csv_reader_next (reader, &record, &local))
    {
      if (!have_columns)
        {
          set_header (&loader, &record, table->dialect.header);
          have_columns = TRUE;
          header_line = record.line;
          if (table->dialect.header)
            continue;
        }
      RowCheck check = check_width (&loader, &record, table->dialect.header, &local);
      if (check == ROW_ERROR)
        break;
      if (check == ROW_SKIP)
        continue;   /* counted, and reported once loading ends */
      if (!add_row (&loader, &record, &local))
        break;

      guint64 done = bp_csv_reader_get_bytes_read (reader);
      if (done >= next_report)
        {
          next_report = done + report_every;
          if (options->progress)
            options->progress (size ? (double) done / (double) size : 0.0, options->user_data);
          if (options->keep_going && !options->keep_going (options->user_data))
            {
              g_set_error (&local, BP_ENGINE_ERROR, BP_ENGINE_ERROR_CANCELLED,
                           _("%s: loading was cancelled"), table->display_name);
              break;
            }
        }
    }

  if (local != NULL)
    ok = FALSE;
  else if (!have_columns)
    {
      g_set_error (&local, BP_ENGINE_ERROR, BP_ENGINE_ERROR_EMPTY,
                   _("%s:1:1: the file is empty: there is nothing to read"), table->display_name);
      ok = FALSE;
    }
  else if (table->n_rows == 0)
    {
      if (table->n_skipped_rows > 0)
        g_set_error (&local, BP_ENGINE_ERROR, BP_ENGINE_ERROR_EMPTY,
                     _("%s:%" PRIu64 ":1: every data row has the wrong number of fields"),
                     table->display_name, loader.first_skipped_line);
      else
        g_set_error (&local, BP_ENGINE_ERROR, BP_ENGINE_ERROR_EMPTY,
                     _("%s:%" PRIu64 ":1: the file has a header row but no data rows"),
                     table->display_name, header_line + 1);
      ok = FALSE;
    }
  else if (!flush_block (&loader, table->row_lines[table->n_rows - 1], &local))
    ok = FALSE;

  if (!ok)
    {
      loader_clear (&loader);
      g_propagate_error (error, local);
      return NULL;
    }
  for (gsize c = 0; c < table->n_columns; c++)
    finish_column (&loader, c);

  if (table->n_skipped_rows > 0)
    g_ptr_array_insert (table->warnings, 0,
                        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "%zu row had the wrong number of fields and was skipped "
                                                      "(the first on line %" PRIu64 ").",
                                                      "%zu rows had the wrong number of fields and were skipped "
                                                      "(the first on line %" PRIu64 ").",
                                                      table->n_skipped_rows),
                                         table->n_skipped_rows, loader.first_skipped_line));
  if (loader.trailing_empty_rows > 0)
    g_ptr_array_add (table->warnings,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%zu row ends with extra empty fields; they were ignored.",
                                                   "%zu rows end with extra empty fields; they were ignored.",
                                                   loader.trailing_empty_rows),
                                      loader.trailing_empty_rows));

  if (options->progress)
    options->progress (1.0, options->user_data);

  loader_clear (&loader);
  return g_steal_pointer (&table);
}

BpTable *
bp_table_load (const char *path, const BpTableOptions *options, GError **error)
{
  g_autoptr(BpCsvReader) reader = bp_csv_reader_new_for_path (path, options ? &options->csv : NULL, error);
  if (reader == NULL)
    return NULL;
  return load (reader, path, options, error);
}

BpTable *
bp_table_load_data (const char *name, const char *data, gsize length,
                    const BpTableOptions *options, GError **error)
{
  g_autoptr(BpCsvReader) reader = bp_csv_reader_new_for_data (name, data, length,
                                                              options ? &options->csv : NULL, error);
  if (reader == NULL)
    return NULL;
  return load (reader, NULL, options, error);
}

void
bp_table_free (BpTable *table)
{
  if (table == NULL)
    return;
  for (gsize c = 0; c < table->n_columns; c++)
    {
      g_free (table->columns[c].name);
      g_free (table->columns[c].cells);
      g_free (table->columns[c].codes);
      g_strfreev (table->columns[c].levels);
      g_free (table->columns[c].level_pos);
    }
  g_free (table->columns);
  g_free (table->row_lines);
  g_strfreev (table->missing_markers);
  if (table->warnings)
    g_ptr_array_unref (table->warnings);
  g_free (table->path);
  g_free (table->display_name);
  g_free (table);
}

int
bp_table_find_column (const BpTable *table, const char *name)
{
  for (gsize c = 0; c < table->n_columns; c++)
    if (g_str_equal (table->columns[c].name, name))
      return (int) c;
  return -1;
}

gboolean
bp_table_cell_is_missing (const BpTable *table, gsize row, gsize column)
{
  const BpColumn *col = &table->columns[column];
  if (col->codes && col->codes[row] != BP_CODE_NONE)
    return FALSE;
  return isnan (bp_column_value (col, row));
}

char *
bp_table_cell_text (const BpTable *table, gsize row, gsize column)
{
  const BpColumn *col = &table->columns[column];
  if (col->codes && col->codes[row] != BP_CODE_NONE)
    return g_strdup (col->levels[col->codes[row]]);
  double value = bp_column_value (col, row);
  if (isnan (value))
    return NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  bp_format_double (buf, value);
  return g_strdup (buf);
}

/* "FILE:LINE:COL: " then the message, as every type error reads. */
static gboolean G_GNUC_PRINTF (4, 5)
type_error (const BpTable *table, BpCellPos pos, GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, "%s:%" PRIu64 ":%u: %s",
               table->display_name, pos.line ? pos.line : 1, pos.line ? pos.column : 1, what);
  return FALSE;
}

/* Where a level is first seen; the column's name when not known. */
static BpCellPos
level_pos (const BpColumn *column, guint32 level)
{
  if (column->level_pos && column->level_pos[level].line > 0)
    return column->level_pos[level];
  return column->header_pos;
}

/* The first-seen level among those @bad marks, or -1. */
static int
first_level (const BpColumn *column, const gboolean *bad)
{
  int first = -1;
  for (guint32 i = 0; i < column->n_levels; i++)
    if (bad[i] && (first < 0 || level_pos (column, i).line < level_pos (column, (guint32) first).line))
      first = (int) i;
  return first;
}

static gboolean
empty_error (const BpTable *table, const BpColumn *column, GError **error)
{
  return type_error (table, column->header_pos, error, _("column “%s” is empty: every cell is missing"),
                     column->name);
}

/* The to_*() functions below change @values, the column's numbers as
 * doubles, which become its cells only when they succeed. */
static gboolean
to_numeric (BpTable *table, BpColumn *column, double *values, GError **error)
{
  const gsize n_rows = table->n_rows;
  if (column->codes == NULL)
    return column->type != BP_COLUMN_EMPTY || empty_error (table, column, error);
  if (column->type == BP_COLUMN_BOOLEAN)
    return TRUE;   /* its 0/1 values */
  /* Every category must read as a number. */
  g_autofree double *numbers = g_new (double, MAX (column->n_levels, 1));
  g_autofree gboolean *bad = g_new0 (gboolean, MAX (column->n_levels, 1));
  for (guint32 i = 0; i < column->n_levels; i++)
    bad[i] = !bp_csv_parse_number (column->levels[i], strlen (column->levels[i]),
                                   table->dialect.decimal_comma, &numbers[i]);
  int first = first_level (column, bad);
  if (first >= 0)
    /* Translators: the first %s is a cell's text, the second a column's name. */
    return type_error (table, level_pos (column, (guint32) first), error,
                       _("“%s” is not a number, so column “%s” cannot be numeric"),
                       column->levels[first], column->name);
  for (gsize r = 0; r < n_rows; r++)
    values[r] = column->codes[r] == BP_CODE_NONE ? NAN : numbers[column->codes[r]];
  return TRUE;
}

static gboolean
to_boolean (BpTable *table, BpColumn *column, double *values, GError **error)
{
  const gsize n_rows = table->n_rows;
  if (column->codes == NULL)
    {
      if (column->first_not_binary.line == 0)
        return column->type != BP_COLUMN_EMPTY || empty_error (table, column, error);
      for (gsize r = 0; r < n_rows; r++)
        if (!isnan (values[r]) && values[r] != 0.0 && values[r] != 1.0)
          {
            char number[G_ASCII_DTOSTR_BUF_SIZE];
            bp_format_double (number, values[r]);
            return type_error (table, column->first_not_binary, error,
                               _("%s is not 0 or 1, so column “%s” cannot be yes/no"), number, column->name);
          }
      return TRUE;
    }
  if (boolean_pair (column->levels, column->n_levels) < 0)
    {
      /* Blame the first word outside the pair the first-seen word is in. */
      g_autofree gboolean *all = g_new (gboolean, MAX (column->n_levels, 1));
      for (guint32 i = 0; i < column->n_levels; i++)
        all[i] = TRUE;
      int first = first_level (column, all);
      g_autofree gboolean *bad = g_new0 (gboolean, MAX (column->n_levels, 1));
      for (guint32 i = 0; i < column->n_levels; i++)
        {
          char *pair[2] = { column->levels[first], column->levels[i] };
          bad[i] = boolean_pair (pair, 2) < 0;
        }
      int blame = first_level (column, bad);
      if (blame < 0)
        blame = first;
      return type_error (table, level_pos (column, (guint32) blame), error,
                         _("“%s” does not make a pair such as yes/no or true/false with the other values, "
                           "so column “%s” cannot be yes/no"), column->levels[blame], column->name);
    }
  fill_boolean_values (column, values, n_rows);
  return TRUE;
}

static gboolean
to_categorical (BpTable *table, BpColumn *column, double *values, GError **error)
{
  const gsize n_rows = table->n_rows;
  if (column->codes != NULL)
    return TRUE;
  if (column->n_distinct > BP_MAX_CATEGORIES)
    return type_error (table, column->header_pos, error,
                       _("column “%s” has %zu different values; a categorical column can have at most %d"),
                       column->name, column->n_distinct, BP_MAX_CATEGORIES);
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();
  g_autoptr(GHashTable) index_table = g_hash_table_new (g_str_hash, g_str_equal);
  GStringChunk *chunk = g_string_chunk_new (4096);
  /* Codes from a copy: the numbers stay too, so switching back is lossless. */
  g_autofree double *copy = g_memdup2 (values, MAX (n_rows, 1) * sizeof (double));
  make_categories (column, copy, n_rows, strings, NULL, index_table, chunk);
  g_string_chunk_free (chunk);
  return TRUE;
}

static gboolean
not_a_date (const BpTable *table, BpCellPos pos, const char *text, const BpColumn *column, GError **error)
{
  return type_error (table, pos, error, _("“%s” is not a date such as 2024-03-01, so column “%s” cannot be a date"),
                     text, column->name);
}

static gboolean
to_date (BpTable *table, BpColumn *column, double *values, GError **error)
{
  if (column->codes == NULL)
    {
      if (column->first_number.line == 0)
        return empty_error (table, column, error);
      /* Numbers stay numbers: 1970 is a year already, and 19700101 no date. */
      g_autofree char *text = NULL;
      for (gsize r = 0; r < table->n_rows && text == NULL; r++)
        text = bp_table_cell_text (table, r, (gsize) (column - table->columns));
      return not_a_date (table, column->first_number, text ? text : "", column, error);
    }
  BpDateOrder order = bp_date_guess_order (column->levels, column->n_levels);
  g_autofree gboolean *bad = g_new0 (gboolean, MAX (column->n_levels, 1));
  double date;
  for (guint32 i = 0; i < column->n_levels; i++)
    bad[i] = !bp_date_parse (column->levels[i], order, &date);
  int first = first_level (column, bad);
  if (first >= 0)
    {
      /* A level made from a number was first seen where the numbers start. */
      BpCellPos pos = column->level_pos && column->level_pos[first].line > 0 ? column->level_pos[first]
                      : column->first_number.line > 0 ? column->first_number : column->header_pos;
      return not_a_date (table, pos, column->levels[first], column, error);
    }
  return fill_date_values (column, values, table->n_rows);
}

gboolean
bp_table_set_column_type (BpTable *table, gsize index, BpColumnType type, GError **error)
{
  g_return_val_if_fail (index < table->n_columns, FALSE);
  BpColumn *column = &table->columns[index];

  if (type == column->type)
    return TRUE;

  g_autofree double *values = bp_column_dup_values (column, table->n_rows);
  gboolean ok;
  switch (type)
    {
    case BP_COLUMN_NUMERIC:     ok = to_numeric (table, column, values, error); break;
    case BP_COLUMN_BOOLEAN:     ok = to_boolean (table, column, values, error); break;
    case BP_COLUMN_CATEGORICAL: ok = to_categorical (table, column, values, error); break;
    case BP_COLUMN_DATETIME:    ok = to_date (table, column, values, error); break;
    case BP_COLUMN_TEXT:
    case BP_COLUMN_ID:
    case BP_COLUMN_EMPTY:       ok = TRUE; break;
    default:
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, _("unknown column type %d"), type);
      return FALSE;
    }
  if (!ok)
    return FALSE;

  column->type = type;
  if (type == BP_COLUMN_CATEGORICAL)
    column->n_distinct = column->n_levels;
  compute_stats (column, values, table->n_rows);
  column_set_values (column, g_steal_pointer (&values), table->n_rows);
  return TRUE;
}
