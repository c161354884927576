/* Tests for the CSV reader: csv-spectrum, malformed files with the exact
 * error and position, chunk boundaries, dialect detection, numbers in a
 * German locale, progress and cancellation. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bp-engine.h"

static char *
data_path (const char *first, ...)
{
  const char *root = g_getenv ("BP_TEST_DATA") ? g_getenv ("BP_TEST_DATA") : BP_TEST_DATA_DEFAULT;
  va_list args;
  va_start (args, first);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_ptr_array_add (parts, (gpointer) root);
  for (const char *p = first; p; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

/* All records of a file as a list of string vectors. */
static GPtrArray *
read_all (const char *path, gsize chunk_size, BpTristate header, GError **error)
{
  BpCsvOptions options = { .chunk_size = chunk_size, .header = header };
  g_autoptr(BpCsvReader) reader = bp_csv_reader_new_for_path (path, &options, error);
  if (reader == NULL)
    return NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  BpCsvRecord record;
  while (bp_csv_reader_next (reader, &record, error))
    {
      char **fields = g_new0 (char *, record.n_fields + 1);
      for (gsize i = 0; i < record.n_fields; i++)
        {
          g_assert_cmpuint (strlen (record.fields[i]), ==, record.lengths[i]);
          fields[i] = g_strdup (record.fields[i]);
        }
      g_ptr_array_add (records, fields);
    }
  if (error && *error)
    return NULL;
  return g_steal_pointer (&records);
}

/* ---- csv-spectrum ------------------------------------------------------- */

static void
test_spectrum (gconstpointer data)
{
  const char *name = data;
  g_autofree char *csv_name = g_strconcat (name, ".csv", NULL);
  g_autofree char *json_name = g_strconcat (name, ".json", NULL);
  g_autofree char *csv_path = data_path ("csv-spectrum", "csvs", csv_name, NULL);
  g_autofree char *json_path = data_path ("csv-spectrum", "json", json_name, NULL);

  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = read_all (csv_path, 0, BP_TRISTATE_YES, &error);
  g_assert_no_error (error);
  g_assert_nonnull (records);

  g_autoptr(JsonParser) parser = json_parser_new ();
  json_parser_load_from_file (parser, json_path, &error);
  g_assert_no_error (error);
  JsonNode *root = json_parser_get_root (parser);
  g_autoptr(JsonArray) expected = NULL;
  if (JSON_NODE_HOLDS_ARRAY (root))
    expected = json_array_ref (json_node_get_array (root));
  else
    {
      /* location_coordinates.json holds one object, not a list. */
      expected = json_array_new ();
      json_array_add_object_element (expected, json_object_ref (json_node_get_object (root)));
    }

  char **header = records->pdata[0];
  g_assert_cmpuint (records->len - 1, ==, json_array_get_length (expected));
  for (guint r = 0; r < json_array_get_length (expected); r++)
    {
      JsonObject *object = json_array_get_object_element (expected, r);
      char **row = records->pdata[r + 1];
      g_assert_cmpuint (g_strv_length (row), ==, json_object_get_size (object));
      for (guint c = 0; header[c]; c++)
        {
          g_assert_true (json_object_has_member (object, header[c]));
          const char *want = json_object_get_string_member (object, header[c]);
          /* Upstream erratum: its JSON has a placeholder phone number;
           * compare that one cell with the CSV's own bytes. */
          if (g_str_equal (name, "location_coordinates") && g_str_equal (header[c], "Contact Phone Number"))
            want = "2095257564";
          g_assert_cmpstr (row[c], ==, want);
        }
    }
}

/* ---- chunk boundaries --------------------------------------------------- */

static void
test_chunks (void)
{
  /* Every awkward thing at once, so that some chunk size splits each of
   * them: CRLF, CR alone, quotes, doubled quotes, newlines in quotes, a
   * BOM, multi-byte UTF-8, blank lines, no final newline. */
  static const char text[] =
    "\xEF\xBB\xBF" "name,note,value\r\n"
    "\"Zoë\",\"say \"\"hi\"\"\",1.5\r\n"
    "\r\n"
    "Ådne,\"two\r\nlines\",2\r"
    "x,\"\",\n"
    "日本,\"a,b\",-3e2";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bp-csv-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "chunks.csv", NULL);
  g_assert_true (g_file_set_contents (path, text, sizeof text - 1, &error));

  g_autoptr(GPtrArray) reference = read_all (path, 0, BP_TRISTATE_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reference->len, ==, 5);
  char **row1 = reference->pdata[1];
  g_assert_cmpstr (row1[0], ==, "Zoë");
  g_assert_cmpstr (row1[1], ==, "say \"hi\"");
  char **row2 = reference->pdata[2];
  g_assert_cmpstr (row2[1], ==, "two\r\nlines");
  char **row3 = reference->pdata[3];
  g_assert_cmpuint (g_strv_length (row3), ==, 3);
  g_assert_cmpstr (row3[2], ==, "");
  char **row4 = reference->pdata[4];
  g_assert_cmpstr (row4[0], ==, "日本");
  g_assert_cmpstr (row4[1], ==, "a,b");
  g_assert_cmpstr (row4[2], ==, "-3e2");

  for (gsize chunk = 1; chunk <= 9; chunk++)
    {
      g_autoptr(GPtrArray) records = read_all (path, chunk, BP_TRISTATE_AUTO, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (records->len, ==, reference->len);
      for (guint r = 0; r < records->len; r++)
        {
          char **a = records->pdata[r], **b = reference->pdata[r];
          g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
          for (guint c = 0; a[c]; c++)
            g_assert_cmpstr (a[c], ==, b[c]);
        }
    }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_lines_and_columns (void)
{
  static const char text[] = "a,b\n\n1,\"x\ny\"\n\n\n2,  3\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BpCsvReader) reader = bp_csv_reader_new_for_data ("t.csv", text, sizeof text - 1, NULL, &error);
  g_assert_no_error (error);
  BpCsvRecord record;
  guint64 lines[3];
  guint second_columns[3];
  for (int i = 0; i < 3; i++)
    {
      g_assert_true (bp_csv_reader_next (reader, &record, &error));
      lines[i] = record.line;
      second_columns[i] = record.columns[1];
    }
  g_assert_false (bp_csv_reader_next (reader, &record, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lines[0], ==, 1);
  g_assert_cmpuint (lines[1], ==, 3);
  g_assert_cmpuint (lines[2], ==, 7);
  g_assert_cmpuint (second_columns[0], ==, 3);
  g_assert_cmpuint (second_columns[1], ==, 3);
  g_assert_cmpuint (second_columns[2], ==, 3);
}

/* ---- malformed files ---------------------------------------------------- */

typedef struct {
  const char   *name;
  const char   *text;
  gssize        length;      /* -1: strlen */
  BpEngineError code;
  guint64       line;
  guint         column;
  const char   *words;       /* a phrase the message must contain */
  BpTristate    header;
  gboolean      skip_bad_rows;
  guint64       memory_limit;
} Malformed;

static const Malformed malformed[] = {
  { "ragged-more", "a,b\n1,2\n3,4,5\n", -1, BP_ENGINE_ERROR_RAGGED, 3, 5, "3 fields, but the header has 2" },
  { "ragged-fewer", "a,b,c\n1,2,3\n4,5\n", -1, BP_ENGINE_ERROR_RAGGED, 3, 4, "only 2 fields" },
  { "ragged-one-field", "a,b,c\n1\n", -1, BP_ENGINE_ERROR_RAGGED, 2, 2, "only 1 field," },
  { "ragged-no-header", "1,2\n3\n", -1, BP_ENGINE_ERROR_RAGGED, 2, 2, "the first row", BP_TRISTATE_NO },
  { "ragged-crlf", "a,b\r\n1,2\r\n3\r\n", -1, BP_ENGINE_ERROR_RAGGED, 3, 2, "only 1 field" },
  { "ragged-cr-only", "a,b\r1,2\r3,4,5\r", -1, BP_ENGINE_ERROR_RAGGED, 3, 5, "3 fields" },
  { "ragged-after-multiline", "a,b\n\"x\ny\",2\n1\n", -1, BP_ENGINE_ERROR_RAGGED, 4, 2, "only 1 field" },
  { "ragged-unquoted-comma", "name,age\nSmith, John,42\n", -1, BP_ENGINE_ERROR_RAGGED, 2, 13, "needs quotes" },
  { "unterminated", "a,b\n1,\"abc\n2,3\n", -1, BP_ENGINE_ERROR_UNTERMINATED, 2, 3, "never closed" },
  { "unterminated-last-line", "a,b\n1,2\n\"x,3", -1, BP_ENGINE_ERROR_UNTERMINATED, 3, 1, "never closed" },
  { "unterminated-long", "a\n\"abc\n1\n2\n3\n4\n5\n", -1, BP_ENGINE_ERROR_UNTERMINATED, 2, 1, "never closed" },
  { "text-after-quote", "a,b\n\"x\"y,2\n", -1, BP_ENGINE_ERROR_PARSE, 2, 4, "must be doubled" },
  { "text-after-quote-header", "\"a\"b,c\n1,2\n", -1, BP_ENGINE_ERROR_PARSE, 1, 4, "closing quote" },
  { "invalid-utf8", "a,b\n1,caf\xe9\n", -1, BP_ENGINE_ERROR_ENCODING, 2, 6, "0xE9 is not valid UTF-8" },
  { "invalid-utf8-header", "n\xffme,b\n1,2\n", -1, BP_ENGINE_ERROR_ENCODING, 1, 2, "not valid UTF-8" },
  { "invalid-utf8-multiline", "a,b\n1,\"ok\nbad\xc3(\"\n", -1, BP_ENGINE_ERROR_ENCODING, 3, 4, "not valid UTF-8" },
  { "invalid-utf8-after-accent", "a\nÄö\xfe\n", -1, BP_ENGINE_ERROR_ENCODING, 2, 3, "0xFE" },
  { "truncated-utf8-at-end", "a\n\xe2\x82", -1, BP_ENGINE_ERROR_ENCODING, 2, 1, "not valid UTF-8" },
  { "utf16", "\xff\xfe" "a\0,\0b\0\n\0", 10, BP_ENGINE_ERROR_ENCODING, 1, 1, "UTF-16" },
  { "nul-byte", "a,b\n1,\0\n", 8, BP_ENGINE_ERROR_BINARY, 2, 3, "binary" },
  { "nul-after-crlf", "a\r\nb\r\n\0", 7, BP_ENGINE_ERROR_BINARY, 3, 1, "NUL byte" },
  { "png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, BP_ENGINE_ERROR_BINARY, 3, 1, "binary" },
  { "zip-spreadsheet", "PK\x03\x04\x14\0\x06\0", 8, BP_ENGINE_ERROR_BINARY, 1, 1, "export it as CSV" },
  { "empty", "", -1, BP_ENGINE_ERROR_EMPTY, 1, 1, "empty" },
  { "blank-lines-only", "\n\n\r\n  \n", -1, BP_ENGINE_ERROR_EMPTY, 1, 1, "empty" },
  { "header-only", "a,b,c\n", -1, BP_ENGINE_ERROR_EMPTY, 2, 1, "no data rows" },
  { "header-only-no-newline", "a,b,c", -1, BP_ENGINE_ERROR_EMPTY, 2, 1, "no data rows" },
  { "header-only-bom", "\xEF\xBB\xBF" "a,b\n", -1, BP_ENGINE_ERROR_EMPTY, 2, 1, "no data rows" },
  { "all-rows-ragged-skipped", "a,b\n1\n2\n", -1, BP_ENGINE_ERROR_EMPTY, 2, 1, "wrong number of fields",
    BP_TRISTATE_AUTO, TRUE },
  { "too-large-for-memory", "a,b\n1,2\n3,4\n", -1, BP_ENGINE_ERROR_NOMEM, 2, 1, "too large for the memory",
    BP_TRISTATE_AUTO, FALSE, 1000 },
};

static void
test_malformed (gconstpointer data)
{
  const Malformed *m = data;
  BpTableOptions options;
  bp_table_options_init (&options);
  options.csv.header = m->header;
  options.skip_bad_rows = m->skip_bad_rows;
  options.memory_limit = m->memory_limit;

  gsize length = m->length < 0 ? strlen (m->text) : (gsize) m->length;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = bp_table_load_data ("bad.csv", m->text, length, &options, &error);
  g_assert_null (table);
  g_assert_error (error, BP_ENGINE_ERROR, (gint) m->code);
  if (m->line == 0)
    return;
  g_autofree char *prefix = g_strdup_printf ("bad.csv:%" G_GUINT64_FORMAT ":%u: ", m->line, m->column);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("%s: expected the message to start with “%s”, got “%s”", m->name, prefix, error->message);
  if (strstr (error->message, m->words) == NULL)
    g_error ("%s: expected “%s” in “%s”", m->name, m->words, error->message);
}

static void
test_malformed_file_path (void)
{
  /* The same errors through the file reader, and a file that is not there. */
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bp-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ragged.csv", NULL);
  g_assert_true (g_file_set_contents (path, "a,b\n1,2\n3,4,5\n", -1, &error));
  g_autoptr(BpTable) table = bp_table_load (path, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_RAGGED);
  g_autofree char *prefix = g_strdup_printf ("%s:3:5: ", path);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_clear_error (&error);
  g_unlink (path);

  table = bp_table_load (path, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "ragged.csv"));
  g_rmdir (dir);
}

/* ---- dialects ----------------------------------------------------------- */

static const BpCsvDialect *
sniff (const char *text, const BpCsvOptions *options, BpCsvReader **out)
{
  g_autoptr(GError) error = NULL;
  *out = bp_csv_reader_new_for_data ("t.csv", text, strlen (text), options, &error);
  g_assert_no_error (error);
  return bp_csv_reader_get_dialect (*out);
}

static void
test_delimiters (void)
{
  static const struct { const char *text; char delimiter; } cases[] = {
    { "a,b,c\n1,2,3\n4,5,6\n", ',' },
    { "a;b;c\n1;2;3\n4;5;6\n", ';' },
    { "a\tb\tc\n1\t2\t3\n", '\t' },
    { "a|b|c\n1|2|3\n", '|' },
    /* Commas inside the values do not fool it. */
    { "name;city\n\"Doe, J\";\"Bonn, DE\"\nX;Y\n", ';' },
    { "x;y\n1,5;2,5\n3,0;4,25\n", ';' },
    { "single\n1\n2\n", ',' },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BpCsvReader *reader;
      const BpCsvDialect *dialect = sniff (cases[i].text, NULL, &reader);
      g_assert_cmpint (dialect->delimiter, ==, cases[i].delimiter);
      bp_csv_reader_free (reader);
    }

  /* A forced delimiter wins over detection. */
  BpCsvOptions options = { .delimiter = ';' };
  BpCsvReader *reader;
  const BpCsvDialect *dialect = sniff ("a,b\n1,2\n", &options, &reader);
  g_assert_cmpint (dialect->delimiter, ==, ';');
  BpCsvRecord record;
  g_assert_true (bp_csv_reader_next (reader, &record, NULL));
  g_assert_cmpuint (record.n_fields, ==, 1);
  bp_csv_reader_free (reader);
}

static void
test_header_detection (void)
{
  static const struct { const char *text; gboolean header; } cases[] = {
    { "x,y\n1,2\n3,4\n", TRUE },
    { "1,2\n3,4\n5,6\n", FALSE },
    { "sepal,species\n5.1,setosa\n4.9,setosa\n", TRUE },
    { "5.1,setosa\n4.9,setosa\n4.7,setosa\n", FALSE },
    { "name,colour\nann,red\nbob,red\n", TRUE },
    { "2020,1\n2021,2\n", FALSE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BpCsvReader *reader;
      const BpCsvDialect *dialect = sniff (cases[i].text, NULL, &reader);
      if (dialect->header != cases[i].header)
        g_error ("header detection on “%s”: expected %d", cases[i].text, cases[i].header);
      bp_csv_reader_free (reader);
    }

  BpCsvOptions options = { .header = BP_TRISTATE_NO };
  BpCsvReader *reader;
  g_assert_false (sniff ("x,y\n1,2\n", &options, &reader)->header);
  bp_csv_reader_free (reader);
  options.header = BP_TRISTATE_YES;
  g_assert_true (sniff ("1,2\n3,4\n", &options, &reader)->header);
  bp_csv_reader_free (reader);
}

static void
test_decimal_comma (void)
{
  g_autoptr(GError) error = NULL;
  static const char text[] = "Länge;Breite;Art\n1,5;2,25;a\n3;-0,5;b\n1e3;4,0;a\n";
  g_autoptr(BpTable) table = bp_table_load_data ("de.csv", text, sizeof text - 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (table->dialect.decimal_comma);
  g_assert_cmpint (table->dialect.delimiter, ==, ';');
  g_assert_cmpint (table->columns[0].type, ==, BP_COLUMN_NUMERIC);
  g_assert_cmpfloat (bp_column_value (&table->columns[0], 0), ==, 1.5);
  g_assert_cmpfloat (bp_column_value (&table->columns[0], 2), ==, 1000.0);
  g_assert_cmpfloat (bp_column_value (&table->columns[1], 1), ==, -0.5);

  /* Declared decimal comma on a file whose sample shows none. */
  BpTableOptions options;
  bp_table_options_init (&options);
  options.csv.decimal_comma = BP_TRISTATE_YES;
  g_autoptr(BpTable) declared = bp_table_load_data ("de.csv", "a;b\n1;2\n3;4,75\n", strlen ("a;b\n1;2\n3;4,75\n"), &options, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (bp_column_value (&declared->columns[1], 1), ==, 4.75);

  /* Declared off: 1,5 stays text. */
  options.csv.decimal_comma = BP_TRISTATE_NO;
  g_autoptr(BpTable) off = bp_table_load_data ("de.csv", "a;b\n1,5;2\n3,5;4\n", strlen ("a;b\n1,5;2\n3,5;4\n"), &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (off->columns[0].type, !=, BP_COLUMN_NUMERIC);
}

static void
test_german_locale (void)
{
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL && setlocale (LC_NUMERIC, "de_DE.utf8") == NULL)
    {
      if (g_getenv ("BP_REQUIRE_DE_LOCALE"))
        g_error ("the de_DE.UTF-8 locale is missing (tools/install-deps.sh generates it)");
      g_test_skip ("the de_DE.UTF-8 locale is not installed");
      return;
    }
  /* Prove the trap is armed: the C library now stops at the '.'. */
  g_assert_cmpfloat (strtod ("1.5", NULL), ==, 1.0);

  static const char text[] = "x,y\n1.5,2.25\n-0.125,1e-3\n12345678.9,3\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = bp_table_load_data ("t.csv", text, sizeof text - 1, NULL, &error);
  setlocale (LC_NUMERIC, "C");
  g_assert_no_error (error);
  g_assert_false (table->dialect.decimal_comma);
  g_assert_cmpint (table->columns[0].type, ==, BP_COLUMN_NUMERIC);
  g_assert_cmpfloat (bp_column_value (&table->columns[0], 0), ==, 1.5);
  g_assert_cmpfloat (bp_column_value (&table->columns[0], 1), ==, -0.125);
  g_assert_cmpfloat (bp_column_value (&table->columns[0], 2), ==, 12345678.9);
  g_assert_cmpfloat (bp_column_value (&table->columns[1], 0), ==, 2.25);
  g_assert_cmpfloat (bp_column_value (&table->columns[1], 1), ==, 1e-3);
}

/* ---- numbers ------------------------------------------------------------ */

static void
test_numbers (void)
{
  static const struct { const char *text; gboolean ok; double value; gboolean comma; } cases[] = {
    { "1.5", TRUE, 1.5 }, { " 2 ", TRUE, 2.0 }, { "-3e2", TRUE, -300.0 }, { "+.5e-3", TRUE, 0.0005 },
    { "1.", TRUE, 1.0 }, { ".25", TRUE, 0.25 }, { "007", TRUE, 7.0 }, { "-0", TRUE, -0.0 },
    { "1E+2", TRUE, 100.0 }, { "0.1", TRUE, 0.1 }, { "123456789012345678901234", TRUE, 1.2345678901234568e23 },
    { "1,5", TRUE, 1.5, TRUE }, { "-0,25", TRUE, -0.25, TRUE },
    { "", FALSE }, { " ", FALSE }, { "-", FALSE }, { ".", FALSE }, { "e5", FALSE }, { "1e", FALSE },
    { "1e+", FALSE }, { "inf", FALSE }, { "nan", FALSE }, { "NaN", FALSE }, { "0x10", FALSE },
    { "1e400", FALSE }, { "1.5.2", FALSE }, { "1,5", FALSE }, { "1 2", FALSE }, { "12abc", FALSE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double value = -42.0;
      gboolean ok = bp_csv_parse_number (cases[i].text, strlen (cases[i].text), cases[i].comma, &value);
      if (ok != cases[i].ok)
        g_error ("“%s”: expected %s", cases[i].text, cases[i].ok ? "a number" : "no number");
      if (ok)
        g_assert_cmpfloat (value, ==, cases[i].value);
    }

  /* The fast path must round exactly like the C library (here
   * g_ascii_strtod) on many random decimal strings. */
  BpRng rng;
  bp_rng_init (&rng, 7, 1);
  for (int i = 0; i < 200000; i++)
    {
      char text[64];
      int len = 0;
      if (bp_rng_below (&rng, 2))
        text[len++] = '-';
      int int_digits = (int) bp_rng_below (&rng, 9);
      for (int d = 0; d < int_digits; d++)
        text[len++] = (char) ('0' + bp_rng_below (&rng, 10));
      text[len++] = '.';
      int frac_digits = 1 + (int) bp_rng_below (&rng, 12);
      for (int d = 0; d < frac_digits; d++)
        text[len++] = (char) ('0' + bp_rng_below (&rng, 10));
      if (bp_rng_below (&rng, 4) == 0)
        len += g_snprintf (text + len, sizeof text - (gsize) len, "e%d", (int) bp_rng_below (&rng, 40) - 20);
      text[len] = '\0';

      double fast = 0.0;
      g_assert_true (bp_csv_parse_number (text, (gsize) len, FALSE, &fast));
      double slow = g_ascii_strtod (text, NULL);
      if (memcmp (&fast, &slow, sizeof fast) != 0)
        g_error ("“%s”: %.17g, but g_ascii_strtod gives %.17g", text, fast, slow);
    }
}

/* ---- progress and cancellation ------------------------------------------ */

typedef struct {
  guint  calls;
  double last;
  guint  stop_after;
} Progress;

static void
on_progress (double fraction, gpointer user_data)
{
  Progress *p = user_data;
  g_assert_cmpfloat (fraction, >=, p->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  p->last = fraction;
  p->calls++;
}

static gboolean
keep_going (gpointer user_data)
{
  Progress *p = user_data;
  return p->stop_after == 0 || p->calls < p->stop_after;
}

static void
test_progress_and_cancel (void)
{
  g_autoptr(GString) text = g_string_new ("a,b,c\n");
  for (int i = 0; i < 40000; i++)
    g_string_append_printf (text, "%d,%d.5,%d\n", i, i % 97, i % 3);

  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bp-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "big.csv", NULL);
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, &error));

  Progress progress = { 0 };
  BpTableOptions options;
  bp_table_options_init (&options);
  options.progress = on_progress;
  options.keep_going = keep_going;
  options.user_data = &progress;
  g_autoptr(BpTable) table = bp_table_load (path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->n_rows, ==, 40000);
  g_assert_cmpuint (progress.calls, >, 3);
  g_assert_cmpfloat (progress.last, ==, 1.0);

  Progress stopping = { .stop_after = 2 };
  options.user_data = &stopping;
  g_autoptr(BpTable) cancelled = bp_table_load (path, &options, &error);
  g_assert_null (cancelled);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_CANCELLED);
  g_assert_cmpuint (stopping.calls, ==, 2);

  g_unlink (path);
  g_rmdir (dir);
}

static void
cut_in_half (double fraction, gpointer user_data)
{
  const char *path = user_data;
  GStatBuf st;
  if (fraction < 1.0 && g_stat (path, &st) == 0 && st.st_size > 1000)
    g_assert_cmpint (truncate (path, st.st_size / 2), ==, 0);
}

/* ---- a file that changes while it is read -------------------------------- */

/* Reads @path in 16-byte chunks, and after the first record cuts the file
 * to @cut bytes (G_MAXSIZE: appends a row instead): the reader must say
 * the file changed, not report a line that is gone or end early. */
static void
assert_change_noticed (const char *path, const char *text, gsize cut)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  BpCsvOptions options = { .chunk_size = 16 };
  g_autoptr(BpCsvReader) reader = bp_csv_reader_new_for_path (path, &options, &error);
  g_assert_no_error (error);
  BpCsvRecord record;
  g_assert_true (bp_csv_reader_next (reader, &record, &error));
  if (cut == G_MAXSIZE)
    {
      FILE *f = fopen (path, "ab");
      g_assert_nonnull (f);
      fputs ("7,8\n", f);
      fclose (f);
    }
  else
    g_assert_cmpint (truncate (path, (off_t) cut), ==, 0);
  while (bp_csv_reader_next (reader, &record, &error))
    ;
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_CHANGED);
  g_autofree char *expected = g_strdup_printf ("%s: the file changed while it was being read; "
                                               "open it again once it is complete", path);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_file_changed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bp-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "changing.csv", NULL);
  const char *text = "a,b\n1,2\n3,4\n5,6\n10,20\n30,40\n50,60\n";

  assert_change_noticed (path, text, 24);          /* mid-row, ahead of the reader */
  assert_change_noticed (path, text, 0);           /* behind the reader */
  assert_change_noticed (path, text, G_MAXSIZE);   /* grown */

  /* The table: a cut during loading (here from the progress callback,
   * between chunks) is an error even when bad rows are skipped, never a
   * silently short table. */
  g_autoptr(GString) big = g_string_new ("a,b,c\n");
  for (int i = 0; i < 40000; i++)
    g_string_append_printf (big, "%d,%d.5,%d\n", i, i % 97, i % 3);
  g_assert_true (g_file_set_contents (path, big->str, (gssize) big->len, &error));
  BpTableOptions options;
  bp_table_options_init (&options);
  options.csv.chunk_size = 4096;
  options.skip_bad_rows = TRUE;
  options.progress = cut_in_half;
  options.user_data = path;
  g_autoptr(BpTable) table = bp_table_load (path, &options, &error);
  g_assert_null (table);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_CHANGED);

  /* Unchanged, the same file reads whole. */
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, big->str, (gssize) big->len, &error));
  options.progress = NULL;
  g_autoptr(BpTable) whole = bp_table_load (path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (whole->n_rows, ==, 40000);

  g_unlink (path);
  g_rmdir (dir);
}

/* A header longer than the 64 KiB sample (one 70 000-character name, or
 * 20 000 short names) is still the header: the sample grows to hold it
 * and a row. From memory and from a file in small chunks alike. */
static void
test_long_header (void)
{
  g_autoptr(GString) one = g_string_new (NULL);
  for (int i = 0; i < 70000; i++)
    g_string_append_c (one, 'x');
  g_string_append (one, ",y\n1,2\n3,4\n5,6\n");
  g_autoptr(GString) many = g_string_new (NULL);
  for (int i = 0; i < 20000; i++)
    g_string_append_printf (many, "name%d,", i);
  g_string_append (many, "target\n");
  for (int r = 0; r < 3; r++)
    {
      for (int i = 0; i < 20000; i++)
        g_string_append (many, "1,");
      g_string_append_printf (many, "%d\n", r % 2);
    }
  GString *texts[] = { one, many };
  const gsize columns[] = { 2, 20001 };

  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bp-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "long.csv", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(BpTable) table = bp_table_load_data ("long.csv", texts[i]->str, texts[i]->len, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (table->dialect.header);
      g_assert_cmpuint (table->n_columns, ==, columns[i]);
      g_assert_cmpuint (table->n_rows, ==, 3);
      g_assert_cmpint (table->columns[columns[i] - 1].type, !=, BP_COLUMN_TEXT);

      g_assert_true (g_file_set_contents (path, texts[i]->str, (gssize) texts[i]->len, &error));
      BpTableOptions options;
      bp_table_options_init (&options);
      options.csv.chunk_size = 4096;
      g_autoptr(BpTable) from_file = bp_table_load (path, &options, &error);
      g_assert_no_error (error);
      g_assert_true (from_file->dialect.header);
      g_assert_cmpuint (from_file->n_rows, ==, 3);
      g_assert_cmpstr (from_file->columns[0].name, ==, table->columns[0].name);
    }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  static const char *spectrum[] = {
    "comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "location_coordinates",
    "newlines", "newlines_crlf", "quotes_and_newlines", "simple", "simple_crlf", "utf8",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (spectrum); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/csv/spectrum/%s", spectrum[i]);
      g_test_add_data_func (path, spectrum[i], test_spectrum);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/csv/malformed/%s", malformed[i].name);
      g_test_add_data_func (path, &malformed[i], test_malformed);
    }
  g_test_add_func ("/engine/csv/malformed/through-file", test_malformed_file_path);
  g_test_add_func ("/engine/csv/chunks", test_chunks);
  g_test_add_func ("/engine/csv/lines-and-columns", test_lines_and_columns);
  g_test_add_func ("/engine/csv/delimiters", test_delimiters);
  g_test_add_func ("/engine/csv/header", test_header_detection);
  g_test_add_func ("/engine/csv/decimal-comma", test_decimal_comma);
  g_test_add_func ("/engine/csv/locale-de", test_german_locale);
  g_test_add_func ("/engine/csv/numbers", test_numbers);
  g_test_add_func ("/engine/csv/progress-cancel", test_progress_and_cancel);
  g_test_add_func ("/engine/csv/file-changed", test_file_changed);
  g_test_add_func ("/engine/csv/long-header", test_long_header);

  return g_test_run ();
}
