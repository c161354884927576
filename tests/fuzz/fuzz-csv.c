/* fuzz-csv.c: the CSV reader and the table loader, from memory and from a
 * file read in small chunks; both must see the same records, dialect,
 * table and error.
 *
 * Input: one byte of reader options (delimiter, header, decimal comma),
 * one byte of chunk size (1 to 64 bytes) and whether ragged rows are
 * skipped, then the CSV text.
 */
#include "fuzz-util.h"

#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bp-engine.h"

/* Everything a reader hands out, as text: equal text, equal reading. */
static char *
read_all (BpCsvReader *reader, GError *open_error)
{
  GString *out = g_string_new (NULL);
  if (!reader)
    {
      g_string_append_printf (out, "open error %s %d: %s\n", g_quark_to_string (open_error->domain),
                              open_error->code, open_error->message);
      return g_string_free (out, FALSE);
    }
  const BpCsvDialect *d = bp_csv_reader_get_dialect (reader);
  g_string_append_printf (out, "dialect %d %d %d %d\n", d->delimiter, d->header, d->decimal_comma, d->bom);
  BpCsvRecord record;
  GError *error = NULL;
  while (bp_csv_reader_next (reader, &record, &error))
    {
      g_string_append_printf (out, "record line %" G_GUINT64_FORMAT " end %u fields %" G_GSIZE_FORMAT "\n",
                              record.line, record.end_column, record.n_fields);
      for (gsize i = 0; i < record.n_fields; i++)
        {
          FUZZ_CHECK (record.fields[i][record.lengths[i]] == '\0', "field %" G_GSIZE_FORMAT " not terminated", i);
          FUZZ_CHECK (record.columns[i] >= 1, "column %u", record.columns[i]);
          g_string_append_printf (out, " col %u len %" G_GSIZE_FORMAT " [", record.columns[i], record.lengths[i]);
          g_string_append_len (out, record.fields[i], (gssize) record.lengths[i]);
          g_string_append (out, "]\n");
        }
    }
  if (error)
    {
      g_string_append_printf (out, "error %d: %s\n", error->code, error->message);
      g_error_free (error);
    }
  /* After the end (or an error) the reader stays at its end. */
  return g_string_free (out, FALSE);
}

static void
describe_column (GString *out, const BpTable *table, gsize c)
{
  const BpColumn *col = &table->columns[c];
  g_string_append_printf (out, "column [%s] %d/%d levels %u missing %" G_GSIZE_FORMAT
                          " distinct %" G_GSIZE_FORMAT " first missing %" G_GUINT64_FORMAT "\n",
                          col->name, col->type, col->inferred_type, col->n_levels, col->n_missing,
                          col->n_distinct, col->first_missing_line);
  for (guint32 l = 0; l < col->n_levels; l++)
    g_string_append_printf (out, " level [%s]\n", col->levels[l]);
  double stats[] = { col->min, col->max, col->mean, col->std };
  for (gsize i = 0; i < G_N_ELEMENTS (stats); i++)
    g_string_append_printf (out, " %a", isnan (stats[i]) ? NAN : stats[i]);
  g_string_append_c (out, '\n');
  for (gsize r = 0; r < table->n_rows; r++)
    {
      g_string_append_printf (out, " %a", isnan (bp_column_value (col, r)) ? NAN : bp_column_value (col, r));
      if (col->codes)
        g_string_append_printf (out, "/%u", col->codes[r]);
      FUZZ_CHECK (!col->codes || col->codes[r] == BP_CODE_NONE || col->codes[r] < col->n_levels,
                  "code %u of %u levels", col->codes[r], col->n_levels);
    }
  g_string_append_c (out, '\n');
}

static char *
describe_table (const BpTable *table, GError *error)
{
  GString *out = g_string_new (NULL);
  if (!table)
    {
      g_string_append_printf (out, "error %d: %s\n", error->code, error->message);
      return g_string_free (out, FALSE);
    }
  g_string_append_printf (out, "table %s rows %" G_GSIZE_FORMAT " columns %" G_GSIZE_FORMAT
                          " skipped %" G_GSIZE_FORMAT "\n",
                          table->display_name, table->n_rows, table->n_columns, table->n_skipped_rows);
  for (gsize r = 0; r < table->n_rows; r++)
    g_string_append_printf (out, " %" G_GUINT64_FORMAT, table->row_lines[r]);
  g_string_append_c (out, '\n');
  for (gsize c = 0; c < table->n_columns; c++)
    describe_column (out, table, c);
  for (guint i = 0; i < table->warnings->len; i++)
    g_string_append_printf (out, "warning %s\n", (const char *) table->warnings->pdata[i]);
  return g_string_free (out, FALSE);
}

/* One memory file for the whole run, rewritten for each input: no disk. */
static const char *
file_with (const uint8_t *data, size_t size)
{
  static int fd = -1;
  static char path[64];
  if (fd < 0)
    {
      fd = memfd_create ("fuzz-csv", 0);
      FUZZ_CHECK (fd >= 0, "memfd_create failed");
      g_snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
    }
  FUZZ_CHECK (ftruncate (fd, 0) == 0, "ftruncate failed");
  FUZZ_CHECK (pwrite (fd, data, size, 0) == (ssize_t) size, "pwrite failed");
  return path;
}

int
LLVMFuzzerTestOneInput (const uint8_t *bytes, size_t size)
{
  static const char delimiters[] = { 0, ',', ';', '\t', '|', ' ', '"', 0 };
  fuzz_init ();
  FuzzInput in = { bytes, size };
  guint8 choice = fuzz_byte (&in);
  guint8 sizes = fuzz_byte (&in);

  BpCsvOptions csv = {
    .delimiter = delimiters[choice & 7],
    .header = (BpTristate) ((choice >> 3) % 3),
    .decimal_comma = (BpTristate) ((choice >> 5) % 3),
    .chunk_size = 1 + (sizes & 63),
  };
  const char *path = file_with (in.data, in.size);

  /* The reader, record by record. */
  GError *error = NULL;
  BpCsvReader *reader = bp_csv_reader_new_for_data (path, (const char *) in.data, in.size, &csv, &error);
  g_autofree char *from_memory = read_all (reader, error);
  g_clear_pointer (&reader, bp_csv_reader_free);
  g_clear_error (&error);
  reader = bp_csv_reader_new_for_path (path, &csv, &error);
  g_autofree char *from_file = read_all (reader, error);
  g_clear_pointer (&reader, bp_csv_reader_free);
  g_clear_error (&error);
  FUZZ_CHECK (strcmp (from_memory, from_file) == 0, "memory:\n%s\nfile:\n%s", from_memory, from_file);

  /* The table on top of it. */
  BpTableOptions options;
  bp_table_options_init (&options);
  options.csv = csv;
  options.skip_bad_rows = (sizes & 64) != 0;
  options.memory_limit = 256u << 20;
  BpTable *table = bp_table_load_data (path, (const char *) in.data, in.size, &options, &error);
  g_autofree char *table_memory = describe_table (table, error);
  g_clear_pointer (&table, bp_table_free);
  g_clear_error (&error);
  table = bp_table_load (path, &options, &error);
  g_autofree char *table_file = describe_table (table, error);
  if (table)
    for (gsize r = 0; r < table->n_rows; r++)
      for (gsize c = 0; c < table->n_columns; c++)
        {
          g_autofree char *text = bp_table_cell_text (table, r, c);
          FUZZ_CHECK ((text == NULL) == bp_table_cell_is_missing (table, r, c),
                      "cell %" G_GSIZE_FORMAT ",%" G_GSIZE_FORMAT, r, c);
        }
  g_clear_pointer (&table, bp_table_free);
  g_clear_error (&error);
  FUZZ_CHECK (strcmp (table_memory, table_file) == 0, "memory:\n%s\nfile:\n%s", table_memory, table_file);
  return 0;
}
