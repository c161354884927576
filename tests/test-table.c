/* Tests for typed tables: type inference on real and made-up files,
 * missing values, statistics, type changes, warnings, memory. */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "bp-engine.h"

static BpTable *
load_sample (const char *name)
{
  const char *dir = g_getenv ("BP_SAMPLES") ? g_getenv ("BP_SAMPLES") : BP_SAMPLES_DEFAULT;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  BpTable *table = bp_table_load (path, NULL, &error);
  g_assert_no_error (error);
  return table;
}

static BpTable *
load_text (const char *text, const BpTableOptions *options)
{
  g_autoptr(GError) error = NULL;
  BpTable *table = bp_table_load_data ("t.csv", text, strlen (text), options, &error);
  g_assert_no_error (error);
  return table;
}

static const BpColumn *
column (const BpTable *table, const char *name)
{
  int index = bp_table_find_column (table, name);
  if (index < 0)
    g_error ("no column “%s”", name);
  return &table->columns[index];
}

static gboolean
has_warning (const BpTable *table, const char *words)
{
  for (guint i = 0; i < table->warnings->len; i++)
    if (strstr (table->warnings->pdata[i], words))
      return TRUE;
  return FALSE;
}

static void
test_samples (void)
{
  static const struct {
    const char *file;
    gsize rows, columns;
    BpColumnType last;
    const char *last_levels;
  } samples[] = {
    { "iris.csv", 150, 5, BP_COLUMN_CATEGORICAL, "setosa,versicolor,virginica" },
    { "breast_cancer.csv", 569, 31, BP_COLUMN_CATEGORICAL, "benign,malignant" },
    { "wine.csv", 178, 14, BP_COLUMN_CATEGORICAL, "class_0,class_1,class_2" },
    { "diabetes.csv", 442, 11, BP_COLUMN_NUMERIC, NULL },
  };
  for (gsize s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(BpTable) table = load_sample (samples[s].file);
      g_assert_cmpuint (table->n_rows, ==, samples[s].rows);
      g_assert_cmpuint (table->n_columns, ==, samples[s].columns);
      g_assert_true (table->dialect.header);
      g_assert_cmpint (table->dialect.delimiter, ==, ',');
      g_assert_cmpuint (table->warnings->len, ==, 0);
      for (gsize c = 0; c + 1 < table->n_columns; c++)
        {
          g_assert_cmpint (table->columns[c].type, ==, BP_COLUMN_NUMERIC);
          g_assert_cmpuint (table->columns[c].n_missing, ==, 0);
          g_assert_true (isfinite (table->columns[c].mean));
        }
      const BpColumn *last = &table->columns[table->n_columns - 1];
      g_assert_cmpint (last->type, ==, samples[s].last);
      if (samples[s].last_levels)
        {
          g_autofree char *levels = g_strjoinv (",", last->levels);
          g_assert_cmpstr (levels, ==, samples[s].last_levels);
        }
    }
  /* diabetes "sex" holds 1 and 2: numbers, not a boolean. */
  g_autoptr(BpTable) diabetes = load_sample ("diabetes.csv");
  g_assert_cmpint (column (diabetes, "sex")->type, ==, BP_COLUMN_NUMERIC);
  g_assert_cmpuint (column (diabetes, "sex")->n_distinct, ==, 2);
}

static void
test_iris_stats (void)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  const BpColumn *sepal = column (table, "sepal_length_cm");
  g_assert_cmpfloat (sepal->min, ==, 4.3);
  g_assert_cmpfloat (sepal->max, ==, 7.9);
  g_assert_cmpfloat_with_epsilon (sepal->mean, 876.5 / 150.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (sepal->std, 0.8280661279778629, 1e-12);
  g_assert_cmpuint (sepal->n_distinct, ==, 35);

  const BpColumn *species = column (table, "species");
  g_assert_cmpuint (species->n_distinct, ==, 3);
  g_assert_true (isnan (species->mean));
  g_assert_cmpuint (species->codes[0], ==, 0);
  g_assert_cmpuint (species->codes[149], ==, 2);
  g_autofree char *text = bp_table_cell_text (table, 149, 4);
  g_assert_cmpstr (text, ==, "virginica");
  g_assert_cmpuint (table->row_lines[0], ==, 2);
  g_assert_cmpuint (table->row_lines[149], ==, 151);
}

static void
test_type_inference (void)
{
  g_autoptr(GString) text = g_string_new ("id,age,smoker,sex,member,joined,seen_at,comment,code,flag,nothing,score\n");
  for (int i = 1; i <= 30; i++)
    g_string_append_printf (text, "%d,%d,%s,%s,%s,2021-03-%02d,2021-03-04T10:%02d:00,note number %d,K%04d,%d,,%s\n",
                            i, 20 + (i * 7) % 40, i % 3 ? "yes" : "no", i % 2 ? "MALE" : "FEMALE",
                            i % 4 ? "TRUE" : "false", i, i, i, i * 13, i % 2,
                            i == 17 ? "unknown" : (i % 5 ? "1.5" : "2.75"));
  g_autoptr(BpTable) table = load_text (text->str, NULL);
  g_assert_cmpuint (table->n_rows, ==, 30);

  g_assert_cmpint (column (table, "id")->type, ==, BP_COLUMN_ID);
  g_assert_cmpint (column (table, "age")->type, ==, BP_COLUMN_NUMERIC);
  g_assert_cmpint (column (table, "smoker")->type, ==, BP_COLUMN_BOOLEAN);
  g_assert_cmpint (column (table, "sex")->type, ==, BP_COLUMN_CATEGORICAL);
  g_assert_cmpint (column (table, "member")->type, ==, BP_COLUMN_BOOLEAN);
  g_assert_cmpint (column (table, "joined")->type, ==, BP_COLUMN_DATETIME);
  g_assert_cmpint (column (table, "seen_at")->type, ==, BP_COLUMN_DATETIME);
  g_assert_cmpint (column (table, "comment")->type, ==, BP_COLUMN_TEXT);
  g_assert_cmpint (column (table, "code")->type, ==, BP_COLUMN_ID);
  g_assert_cmpint (column (table, "flag")->type, ==, BP_COLUMN_BOOLEAN);
  g_assert_cmpint (column (table, "nothing")->type, ==, BP_COLUMN_EMPTY);
  g_assert_cmpuint (column (table, "nothing")->n_missing, ==, 30);

  /* One odd word in a column of numbers: missing, and said so. */
  const BpColumn *score = column (table, "score");
  g_assert_cmpint (score->type, ==, BP_COLUMN_NUMERIC);
  g_assert_cmpuint (score->n_missing, ==, 1);
  g_assert_cmpuint (score->first_missing_line, ==, 18);
  g_assert_true (has_warning (table, "“unknown” (first on line 18)"));

  /* Booleans read as 0/1 whatever their words: no=0, yes=1; false=0. */
  const BpColumn *smoker = column (table, "smoker");
  g_assert_cmpfloat (bp_column_value (smoker, 0), ==, 1.0);   /* i = 1: yes */
  g_assert_cmpfloat (bp_column_value (smoker, 2), ==, 0.0);   /* i = 3: no */
  const BpColumn *member = column (table, "member");
  g_assert_cmpfloat (bp_column_value (member, 0), ==, 1.0);   /* TRUE */
  g_assert_cmpfloat (bp_column_value (member, 3), ==, 0.0);   /* false */
  g_assert_cmpfloat_with_epsilon (member->mean, 23.0 / 30.0, 1e-12);

  for (gsize c = 0; c < table->n_columns; c++)
    {
      BpColumnType back;
      g_assert_true (bp_column_type_from_string (bp_column_type_to_string (table->columns[c].type), &back));
      g_assert_cmpint (back, ==, table->columns[c].type);
      g_assert_cmpint (table->columns[c].inferred_type, ==, table->columns[c].type);
    }
  g_assert_true (bp_column_type_is_usable (BP_COLUMN_BOOLEAN));
  g_assert_false (bp_column_type_is_usable (BP_COLUMN_TEXT));
}

static void
test_numbers_as_categories (void)
{
  /* Short files with few distinct words are categories; mixed words and
   * numbers keep both as categories, numbers first. */
  g_autoptr(BpTable) table = load_text ("grade,mix\nA,1\nB,x\nA,2\nC,x\nB,1\nA,y\n", NULL);
  g_assert_cmpint (column (table, "grade")->type, ==, BP_COLUMN_CATEGORICAL);
  const BpColumn *mix = column (table, "mix");
  g_assert_cmpint (mix->type, ==, BP_COLUMN_CATEGORICAL);
  g_autofree char *levels = g_strjoinv (",", mix->levels);
  g_assert_cmpstr (levels, ==, "1,2,x,y");
  g_autofree char *cell = bp_table_cell_text (table, 2, 1);
  g_assert_cmpstr (cell, ==, "2");
}

static void
test_missing_markers (void)
{
  g_autoptr(GString) text = g_string_new ("a,b\n1,x\n,y\nNA,z\nn/a,x\nNaN,y\nnull,z\nNone,x\n?,y\n-,z\n");
  for (int i = 0; i < 30; i++)
    g_string_append_printf (text, "%d,x\n", i);
  g_autoptr(BpTable) table = load_text (text->str, NULL);
  /* Seven markers, matched without regard to case, and "-", which is no
   * marker but one odd word in a column of numbers. */
  const BpColumn *a = column (table, "a");
  g_assert_cmpint (a->type, ==, BP_COLUMN_NUMERIC);
  g_assert_cmpuint (a->n_missing, ==, 8);
  g_assert_cmpuint (a->first_missing_line, ==, 3);
  g_assert_true (has_warning (table, "“-” (first on line 10)"));
  g_assert_true (bp_table_cell_is_missing (table, 1, 0));
  g_assert_false (bp_table_cell_is_missing (table, 0, 0));

  static const char * const markers[] = { "-", "missing", NULL };
  BpTableOptions options;
  bp_table_options_init (&options);
  options.missing_markers = markers;
  g_autoptr(BpTable) custom = load_text ("a,b\n1,x\n-,y\nmissing,z\n4,x\n5,y\n6,z\n7,x\n8,y\n9,z\n10,x\n"
                                         "11,y\n12,z\n13,x\n14,y\n15,z\n16,x\n17,y\n18,z\n19,x\n20,y\n21,x\n", &options);
  g_assert_cmpuint (column (custom, "a")->n_missing, ==, 2);
  g_assert_cmpuint (custom->warnings->len, ==, 0);
}

static void
test_set_type (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) iris = load_sample ("iris.csv");
  g_assert_false (bp_table_set_column_type (iris, 4, BP_COLUMN_NUMERIC, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "setosa"));
  g_clear_error (&error);
  g_assert_false (bp_table_set_column_type (iris, 0, BP_COLUMN_BOOLEAN, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);

  g_autoptr(BpTable) diabetes = load_sample ("diabetes.csv");
  int sex = bp_table_find_column (diabetes, "sex");
  g_assert_true (bp_table_set_column_type (diabetes, (gsize) sex, BP_COLUMN_CATEGORICAL, &error));
  g_assert_no_error (error);
  const BpColumn *column_sex = &diabetes->columns[sex];
  g_assert_cmpuint (column_sex->n_levels, ==, 2);
  g_assert_cmpstr (column_sex->levels[0], ==, "1");
  g_assert_cmpstr (column_sex->levels[1], ==, "2");
  g_assert_cmpint (column_sex->inferred_type, ==, BP_COLUMN_NUMERIC);
  g_autofree char *cell = bp_table_cell_text (diabetes, 0, (gsize) sex);
  g_assert_cmpstr (cell, ==, "2");
  g_assert_true (bp_table_set_column_type (diabetes, (gsize) sex, BP_COLUMN_NUMERIC, &error));
  g_assert_cmpfloat (bp_column_value (column_sex, 0), ==, 2.0);
  g_assert_cmpfloat_with_epsilon (column_sex->mean, 1.4683257918552035, 1e-12);

  g_autoptr(BpTable) flags = load_text ("f,g\n0,1\n1,2\n1,3\n0,4\n", NULL);
  g_assert_cmpint (flags->columns[0].type, ==, BP_COLUMN_BOOLEAN);
  g_assert_true (bp_table_set_column_type (flags, 0, BP_COLUMN_NUMERIC, &error));
  g_assert_true (bp_table_set_column_type (flags, 0, BP_COLUMN_BOOLEAN, &error));
  g_assert_true (bp_table_set_column_type (flags, 1, BP_COLUMN_TEXT, &error));
  g_assert_cmpint (flags->columns[1].type, ==, BP_COLUMN_TEXT);
}

static void
test_names_and_warnings (void)
{
  g_autoptr(BpTable) names = load_text ("a,a, ,b\n1,2,3,4\n", NULL);
  g_assert_cmpstr (names->columns[0].name, ==, "a");
  g_assert_cmpstr (names->columns[1].name, ==, "a_2");
  g_assert_cmpstr (names->columns[2].name, ==, "column_3");
  g_assert_cmpstr (names->columns[3].name, ==, "b");
  g_assert_true (has_warning (names, "Two columns are called “a”"));

  BpTableOptions options;
  bp_table_options_init (&options);
  options.csv.header = BP_TRISTATE_NO;
  g_autoptr(BpTable) plain = load_text ("1,2\n3,4\n", &options);
  g_assert_cmpstr (plain->columns[1].name, ==, "column_2");
  g_assert_cmpuint (plain->n_rows, ==, 2);

  g_autoptr(BpTable) trailing = load_text ("a,b\n1,2,\n3,4,\n", NULL);
  g_assert_cmpuint (trailing->n_columns, ==, 2);
  g_assert_cmpuint (trailing->n_rows, ==, 2);
  g_assert_true (has_warning (trailing, "2 rows end with extra empty fields"));

  bp_table_options_init (&options);
  options.skip_bad_rows = TRUE;
  g_autoptr(BpTable) skipped = load_text ("a,b\n1,2\n3\n4,5\n6,7,8\n", &options);
  g_assert_cmpuint (skipped->n_rows, ==, 2);
  g_assert_cmpuint (skipped->n_skipped_rows, ==, 2);
  g_assert_cmpuint (skipped->row_lines[1], ==, 4);
  g_assert_true (has_warning (skipped, "2 rows had the wrong number of fields and were skipped (the first on line 3)"));
}

static void
test_spectrum_tables (void)
{
  static const struct { const char *file; gsize rows, columns; } cases[] = {
    { "comma_in_quotes.csv", 1, 5 }, { "empty.csv", 2, 3 }, { "empty_crlf.csv", 2, 3 },
    { "escaped_quotes.csv", 2, 2 }, { "json.csv", 1, 2 }, { "location_coordinates.csv", 1, 4 },
    { "newlines.csv", 3, 3 }, { "newlines_crlf.csv", 3, 3 }, { "quotes_and_newlines.csv", 2, 2 },
    { "simple.csv", 1, 3 }, { "simple_crlf.csv", 1, 3 }, { "utf8.csv", 2, 3 },
  };
  const char *root = g_getenv ("BP_TEST_DATA") ? g_getenv ("BP_TEST_DATA") : BP_TEST_DATA_DEFAULT;
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (root, "csv-spectrum", "csvs", cases[i].file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(BpTable) table = bp_table_load (path, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (table->n_rows, ==, cases[i].rows);
      g_assert_cmpuint (table->n_columns, ==, cases[i].columns);
    }

  g_autofree char *path = g_build_filename (root, "csv-spectrum", "csvs", "newlines.csv", NULL);
  g_autoptr(BpTable) table = bp_table_load (path, NULL, NULL);
  g_autofree char *cell = bp_table_cell_text (table, 1, 0);
  g_assert_cmpstr (cell, ==, "Once upon \na time");
  g_assert_cmpuint (table->row_lines[2], ==, 5);
}

/* A column with no value made categorical has no levels to sort (once a
 * memcpy from NULL, which UBSan reports). */
static void
test_set_type_empty_column (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = load_text ("a,b\n1,\n2,\n3,\n", NULL);
  g_assert_cmpint (table->columns[1].type, ==, BP_COLUMN_EMPTY);
  g_assert_true (bp_table_set_column_type (table, 1, BP_COLUMN_CATEGORICAL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (table->columns[1].n_levels, ==, 0);
  g_assert_cmpuint (table->columns[1].n_distinct, ==, 0);
  g_assert_true (bp_table_cell_is_missing (table, 2, 1));
}

/* Numbers a float32 cannot hold are an error where they stand, in any
 * column, never a category (1e309 once was) nor training that ends in NaN
 * weights (1e308 once did). The float32 limit itself still loads. */
static void
test_numbers_beyond_float32 (void)
{
  static const struct { const char *csv; const char *message; } cases[] = {
    { "x,y\n1,2\n1e308,3\n", "t.csv:3:1: column “x”: 1e308 is too large; values must be within ±3.4e38" },
    { "x,y\n1,2\n2, -1e308 \n", "t.csv:3:3: column “y”: -1e308 is too large; values must be within ±3.4e38" },
    { "x,y\n1,2\n1e39,3\n", "t.csv:3:1: column “x”: 1e39 is too large; values must be within ±3.4e38" },
    { "x,y\na,2\nb,1e309\n", "t.csv:3:3: column “y”: 1e309 is too large; values must be within ±3.4e38" },
    { "x,y\n1,2\n2,1111111111111111111111111111111111111111111111\n",
      "t.csv:3:3: column “y”: 1111111111111111111111111111111111111111111111 is too large; "
      "values must be within ±3.4e38" },
    { "x;y\n1;2\n2;3,5e38\n", "t.csv:3:3: column “y”: 3,5e38 is too large; values must be within ±3.4e38" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BpTableOptions options;
      bp_table_options_init (&options);
      options.csv.decimal_comma = BP_TRISTATE_YES;
      g_autoptr(GError) error = NULL;
      g_autoptr(BpTable) table = bp_table_load_data ("t.csv", cases[i].csv, strlen (cases[i].csv), &options, &error);
      g_assert_null (table);
      g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_PARSE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  g_autoptr(BpTable) edge = load_text ("x,y\n3.4e38,1\n-3.4e38,2\n1e-50,3\n", NULL);
  g_assert_cmpint (edge->columns[0].type, ==, BP_COLUMN_NUMERIC);
  g_assert_cmpfloat (edge->columns[0].max, ==, 3.4e38);
  g_assert_cmpfloat (edge->columns[0].mean, ==, 1e-50 / 3);
}

/* A FIFO (or a device) is no file to read: refused at once, never an
 * open that waits for a writer forever, for a CSV, a project and a model;
 * a folder says so as before. */
static void
test_not_regular_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bp-test-fifo-XXXXXX", NULL);
  g_assert_nonnull (dir);
  g_autofree char *fifo = g_build_filename (dir, "data.csv", NULL);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  const char *paths[] = { fifo, "/dev/null" };
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BpTable) table = bp_table_load (paths[i], NULL, &error);
      g_assert_null (table);
      g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
      g_autofree char *expected = g_strdup_printf ("%s: not a regular file (a named pipe, device or socket)", paths[i]);
      g_assert_cmpstr (error->message, ==, expected);
    }
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) project = bp_project_load (fifo, &error);
  g_assert_null (project);
  g_assert_nonnull (strstr (error->message, "the project cannot be read: not a regular file"));
  g_clear_error (&error);
  g_autoptr(BpModelFile) model = bp_model_file_load (fifo, &error);
  g_assert_null (model);
  g_assert_nonnull (strstr (error->message, "the model cannot be read: not a regular file"));
  g_clear_error (&error);

  g_autoptr(BpTable) folder = bp_table_load (dir, NULL, &error);
  g_assert_null (folder);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, g_strerror (EISDIR)));

  g_assert_cmpint (g_remove (fifo), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_memory_near_payload (void)
{
  /* 20 000 rows × 10 numbers: 1.76 MB of payload (with line numbers) in
   * 2.6 MB of text. Loading must fit in twice the payload, whatever the
   * text costs. */
  g_autoptr(GString) text = g_string_new ("c0,c1,c2,c3,c4,c5,c6,c7,c8,c9\n");
  for (int r = 0; r < 20000; r++)
    for (int c = 0; c < 10; c++)
      g_string_append_printf (text, "%d.%04d%c", r % 1000, (r * 7 + c) % 10000, c == 9 ? '\n' : ',');
  const guint64 payload = 20000 * (10 * sizeof (double) + sizeof (guint64));
  g_assert_cmpuint (text->len, >, payload);

  BpTableOptions options;
  bp_table_options_init (&options);
  options.memory_limit = 2 * payload;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = bp_table_load_data ("big.csv", text->str, text->len, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->n_rows, ==, 20000);

  /* And the limit is real: half the payload does not fit. */
  options.memory_limit = payload / 2;
  g_autoptr(BpTable) too_big = bp_table_load_data ("big.csv", text->str, text->len, &options, &error);
  g_assert_null (too_big);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_NOMEM);
}


/* Issue 13: a list of markers without "" leaves empty cells missing;
 * keep_empty reads them as a value; a marker list that leaves out
 * "None" reads "None" as a category. */
static void
test_missing_empty_cells (void)
{
  static const char text[] =
    "damage,speed,phase\n"
    "None,120,Climb\n"
    "Minor,,Approach\n"
    "None,140,\n"
    "NA,150,Climb\n"
    "Substantial,160,Landing\n"
    "None,?,Climb\n";
  /* The defaults: "None" and empty and "NA" and "?" are missing. */
  g_autoptr(BpTable) plain = load_text (text, NULL);
  g_assert_cmpuint (column (plain, "damage")->n_missing, ==, 4);
  g_assert_cmpuint (column (plain, "speed")->n_missing, ==, 2);
  g_assert_cmpuint (column (plain, "phase")->n_missing, ==, 1);
  g_assert_true (bp_table_markers_are_default ((const char * const *) plain->missing_markers));
  g_assert_false (plain->keep_empty);

  static const char * const markers[] = { "NA", "?", NULL };
  BpTableOptions options;
  bp_table_options_init (&options);
  options.missing_markers = markers;
  g_autoptr(BpTable) custom = load_text (text, &options);
  const BpColumn *damage = column (custom, "damage");
  g_assert_cmpuint (damage->n_missing, ==, 1);
  g_assert_cmpint (damage->type, ==, BP_COLUMN_CATEGORICAL);
  g_autofree char *none = bp_table_cell_text (custom, 0, 0);
  g_assert_cmpstr (none, ==, "None");
  /* The empty speed and the empty phase are still missing. */
  g_assert_cmpuint (column (custom, "speed")->n_missing, ==, 2);
  g_assert_true (bp_table_cell_is_missing (custom, 1, 1));
  g_assert_cmpuint (column (custom, "phase")->n_missing, ==, 1);
  g_assert_true (bp_table_cell_is_missing (custom, 2, 2));
  g_assert_false (bp_table_markers_are_default ((const char * const *) custom->missing_markers));
  g_autofree char *kept = g_strjoinv ("|", custom->missing_markers);
  g_assert_cmpstr (kept, ==, "NA|?");

  /* Asked for: an empty cell is a value of its own. */
  options.keep_empty = TRUE;
  g_autoptr(BpTable) keep = load_text (text, &options);
  g_assert_true (keep->keep_empty);
  g_assert_cmpuint (column (keep, "phase")->n_missing, ==, 0);
  g_assert_false (bp_table_cell_is_missing (keep, 2, 2));
  g_autofree char *empty = bp_table_cell_text (keep, 2, 2);
  g_assert_cmpstr (empty, ==, "");

  /* Markers in another order are still the defaults; "" counts for nothing. */
  static const char * const shuffled[] = { "?", "None", "null", "", "NaN", "N/A", "NA", NULL };
  g_assert_true (bp_table_markers_are_default (shuffled));
  g_assert_false (bp_table_markers_are_default (markers));
}

/* Issue 13: dates are a type of their own that can be a feature, read as
 * the year with its fraction. */
static void
test_dates (void)
{
  g_autoptr(GString) text = g_string_new ("Name,Year,Seen,Day,Clock,Odd\n");
  for (int i = 0; i < 24; i++)
    g_string_append_printf (text, "car %d,%d-01-01,2023-07-02 12:00,%02d.03.2024,%02d:30,2021-02-%s\n",
                            i, 1970 + i % 13, i + 1, i % 24, i == 5 ? "30" : "27");
  g_autoptr(BpTable) table = load_text (text->str, NULL);
  const BpColumn *year = column (table, "Year");
  g_assert_cmpint (year->type, ==, BP_COLUMN_DATETIME);
  g_assert_true (bp_column_type_is_usable (BP_COLUMN_DATETIME));
  g_assert_false (bp_column_type_can_be_target (BP_COLUMN_DATETIME));
  g_assert_cmpfloat (bp_column_value (year, 0), ==, 1970.0);
  g_assert_cmpfloat (bp_column_value (year, 12), ==, 1982.0);
  g_assert_cmpfloat (year->min, ==, 1970.0);
  g_assert_cmpfloat (year->max, ==, 1982.0);
  g_autofree char *cell = bp_table_cell_text (table, 0, 1);
  g_assert_cmpstr (cell, ==, "1970-01-01");
  /* 2 July at noon: 182.5 of 365 days gone. */
  g_assert_cmpfloat_with_epsilon (bp_column_value (column (table, "Seen"), 0), 2023.5, 1e-12);
  /* Day first with dots: 1 March 2024, a leap year. */
  g_assert_cmpint (column (table, "Day")->type, ==, BP_COLUMN_DATETIME);
  g_assert_cmpfloat_with_epsilon (bp_column_value (column (table, "Day"), 0), 2024.0 + 60.0 / 366.0, 1e-12);
  /* A time of day: hours. */
  g_assert_cmpint (column (table, "Clock")->type, ==, BP_COLUMN_DATETIME);
  g_assert_cmpfloat (bp_column_value (column (table, "Clock"), 3), ==, 3.5);
  /* No 30 February: not a date column. */
  g_assert_cmpint (column (table, "Odd")->type, !=, BP_COLUMN_DATETIME);

  /* Month first unless a first part is above 12. */
  double value;
  char *us[] = { "03/01/2024", "12/31/2023" };
  char *eu[] = { "03/01/2024", "31/12/2023" };
  g_assert_cmpint (bp_date_guess_order (us, 2), ==, BP_DATE_MONTH_FIRST);
  g_assert_cmpint (bp_date_guess_order (eu, 2), ==, BP_DATE_DAY_FIRST);
  g_assert_true (bp_date_parse ("03/01/2024", BP_DATE_MONTH_FIRST, &value));
  g_assert_cmpfloat_with_epsilon (value, 2024.0 + 60.0 / 366.0, 1e-12);
  g_assert_true (bp_date_parse ("1970-01-01T06:00:00Z", BP_DATE_MONTH_FIRST, &value));
  g_assert_cmpfloat_with_epsilon (value, 1970.0 + 0.25 / 365.0, 1e-12);
  g_assert_true (bp_date_parse ("01/02/70", BP_DATE_DAY_FIRST, &value));
  g_assert_cmpfloat_with_epsilon (value, 1970.0 + 31.0 / 365.0, 1e-12);
  g_assert_false (bp_date_parse ("2024-13-01", BP_DATE_MONTH_FIRST, &value));
  g_assert_false (bp_date_parse ("24:00", BP_DATE_MONTH_FIRST, &value));
  g_assert_false (bp_date_parse ("1970", BP_DATE_MONTH_FIRST, &value));
  g_assert_false (bp_date_parse ("2024-01-01x", BP_DATE_MONTH_FIRST, &value));

  /* Text and categories that are dates can be made dates; numbers cannot. */
  g_autoptr(GError) error = NULL;
  int odd = bp_table_find_column (table, "Odd");
  g_assert_false (bp_table_set_column_type (table, (gsize) odd, BP_COLUMN_DATETIME, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  /* Line 7 (the sixth row); "car 5,1975-01-01,2023-07-02 12:00,06.03.2024,05:30," is 51 characters. */
  g_assert_cmpstr (error->message, ==, "t.csv:7:52: “2021-02-30” is not a date such as 2024-03-01, "
                   "so column “Odd” cannot be a date");
  BpColumnType type;
  g_assert_true (bp_column_type_from_string ("date", &type));
  g_assert_cmpint (type, ==, BP_COLUMN_DATETIME);
}

/* Issue 13: every type change that fails says FILE:LINE:COL. */
static void
test_type_errors (void)
{
  g_autoptr(GError) error = NULL;
  /* cars.csv as the issue saw it. */
  g_autoptr(BpTable) cars = bp_table_load_data ("cars.csv",
                                                "Miles_per_Gallon,Year,Origin\n"
                                                "18,1970-01-01,USA\n"
                                                "15,1970-01-01,USA\n"
                                                "31,1982-01-01,Japan\n", 85, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cars->columns[1].type, ==, BP_COLUMN_DATETIME);
  g_assert_false (bp_table_set_column_type (cars, 1, BP_COLUMN_NUMERIC, &error));
  g_assert_cmpstr (error->message, ==, "cars.csv:2:4: “1970-01-01” is not a number, so column “Year” cannot be numeric");
  g_clear_error (&error);
  g_assert_false (bp_table_set_column_type (cars, 0, BP_COLUMN_BOOLEAN, &error));
  g_assert_cmpstr (error->message, ==, "cars.csv:2:1: 18 is not 0 or 1, so column “Miles_per_Gallon” cannot be yes/no");
  g_clear_error (&error);
  g_assert_false (bp_table_set_column_type (cars, 0, BP_COLUMN_DATETIME, &error));
  g_assert_cmpstr (error->message, ==, "cars.csv:2:1: “18” is not a date such as 2024-03-01, "
                   "so column “Miles_per_Gallon” cannot be a date");
  g_clear_error (&error);
  /* The first word seen when it is no yes/no word... */
  g_assert_false (bp_table_set_column_type (cars, 2, BP_COLUMN_BOOLEAN, &error));
  g_assert_cmpstr (error->message, ==, "cars.csv:2:15: “USA” does not make a pair such as yes/no or true/false "
                   "with the other values, so column “Origin” cannot be yes/no");
  g_clear_error (&error);
  /* ... else the first that does not pair with it. */
  g_autoptr(BpTable) answers = bp_table_load_data ("a.csv", "answer\nyes\nno\nmaybe\nyes\nno\nyes\n", 31, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (bp_table_set_column_type (answers, 0, BP_COLUMN_BOOLEAN, &error));
  g_assert_cmpstr (error->message, ==, "a.csv:4:1: “maybe” does not make a pair such as yes/no or true/false "
                   "with the other values, so column “answer” cannot be yes/no");
  g_clear_error (&error);
  /* A date column as a category and back: its numbers stay. */
  g_assert_true (bp_table_set_column_type (cars, 1, BP_COLUMN_CATEGORICAL, &error));
  g_assert_true (bp_table_set_column_type (cars, 1, BP_COLUMN_DATETIME, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (bp_column_value (&cars->columns[1], 2), ==, 1982.0);

  /* No one cell to blame: the column's name. */
  g_autoptr(GString) text = g_string_new ("a,b\n");
  for (int i = 0; i < 1100; i++)
    g_string_append_printf (text, "%d.5,\n", i);
  g_autoptr(BpTable) wide = bp_table_load_data ("w.csv", text->str, text->len, NULL, &error);
  g_assert_false (bp_table_set_column_type (wide, 0, BP_COLUMN_CATEGORICAL, &error));
  g_assert_cmpstr (error->message, ==, "w.csv:1:1: column “a” has 1100 different values; a categorical column "
                   "can have at most 1000");
  g_clear_error (&error);
  g_assert_false (bp_table_set_column_type (wide, 1, BP_COLUMN_NUMERIC, &error));
  g_assert_cmpstr (error->message, ==, "w.csv:1:3: column “b” is empty: every cell is missing");
}

/* Issue 19: each column stores its numbers in the narrowest type that
 * gives every one back exactly, widening as later rows need: pixels take a
 * byte a cell; a column only widens, never loses a value. */
static void
test_compact_storage (void)
{
  /* 200 rows, so that every widening happens after a block of 64 rows has
   * been stored narrower. */
  g_autoptr(GString) text = g_string_new ("pixel,small,halves,decimal,negzero,gaps,digits\n");
  for (int r = 0; r < 200; r++)
    g_string_append_printf (text, "%d,%d,%s,%s,%s,%s,%s\n",
                            r % 256,
                            r < 150 ? r : -30000 + r,
                            r < 100 ? "3" : r < 199 ? "2.5" : "16777216",
                            r < 120 ? "1" : "0.1",
                            r == 130 ? "-0" : "7",
                            r % 70 == 69 ? "" : "200",
                            r < 150 ? "0.5" : r < 199 ? "0.25" : "0.987654321");
  g_autoptr(BpTable) table = load_text (text->str, NULL);
  g_assert_cmpuint (table->n_rows, ==, 200);

  g_assert_cmpint (column (table, "pixel")->storage, ==, BP_CELLS_U8);
  g_assert_cmpint (column (table, "small")->storage, ==, BP_CELLS_I16);
  g_assert_cmpint (column (table, "halves")->storage, ==, BP_CELLS_F32);
  /* 0.1 is no float32, but a decimal of one digit. */
  g_assert_cmpint (column (table, "decimal")->storage, ==, BP_CELLS_DEC32);
  /* Nine digits are too many for the decimals, and halves were float32. */
  g_assert_cmpint (column (table, "digits")->storage, ==, BP_CELLS_F64);
  g_assert_cmpint (column (table, "negzero")->storage, ==, BP_CELLS_F32);
  g_assert_cmpint (column (table, "gaps")->storage, ==, BP_CELLS_I16);
  g_assert_cmpuint (bp_cell_storage_size (BP_CELLS_U8), ==, 1);
  g_assert_cmpuint (bp_cell_storage_size (BP_CELLS_F64), ==, sizeof (double));

  for (int r = 0; r < 200; r++)
    {
      g_assert_cmpfloat (bp_column_value (column (table, "pixel"), r), ==, r % 256);
      g_assert_cmpfloat (bp_column_value (column (table, "small"), r), ==, r < 150 ? r : -30000 + r);
      g_assert_cmpfloat (bp_column_value (column (table, "halves"), r), ==,
                         r < 100 ? 3.0 : r < 199 ? 2.5 : 16777216.0);
      g_assert_cmpfloat (bp_column_value (column (table, "decimal"), r), ==, r < 120 ? 1.0 : 0.1);
      g_assert_true (isnan (bp_column_value (column (table, "gaps"), r)) == (r % 70 == 69));
      g_assert_cmpfloat (bp_column_value (column (table, "digits"), r), ==,
                         r < 150 ? 0.5 : r < 199 ? 0.25 : 0.987654321);
    }
  g_assert_true (signbit (bp_column_value (column (table, "negzero"), 130)));
  g_autofree char *negzero = bp_table_cell_text (table, 130, 4);
  g_assert_cmpstr (negzero, ==, "-0");
  g_assert_true (bp_table_cell_is_missing (table, 69, 5));
  g_assert_cmpuint (column (table, "gaps")->n_missing, ==, 2);
  g_assert_cmpfloat_with_epsilon (column (table, "decimal")->mean, (120 * 1.0 + 80 * 0.1) / 200, 1e-12);

  /* Categories and back keep every number; a date column holds doubles. */
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_table_set_column_type (table, 0, BP_COLUMN_CATEGORICAL, &error));
  g_assert_no_error (error);
  g_assert_true (bp_table_set_column_type (table, 0, BP_COLUMN_NUMERIC, &error));
  g_assert_no_error (error);
  g_assert_cmpint (column (table, "pixel")->storage, ==, BP_CELLS_U8);
  g_assert_cmpfloat (bp_column_value (column (table, "pixel"), 199), ==, 199.0);

  g_autoptr(BpTable) dates = load_text ("when,n\n2024-03-01,1\n2023-12-31,2\n", NULL);
  g_assert_cmpint (column (dates, "when")->type, ==, BP_COLUMN_DATETIME);
  g_assert_cmpint (column (dates, "when")->storage, ==, BP_CELLS_F64);
  g_assert_cmpfloat_with_epsilon (bp_column_value (column (dates, "when"), 0), 2024.0 + 60.0 / 366.0, 1e-12);

  /* A text column's cells are its codes; its numbers are NaN and small. */
  g_autoptr(BpTable) words = load_text ("w,n\nred,1\nblue,2\nred,3\nblue,4\nred,5\n", NULL);
  g_assert_cmpint (column (words, "w")->storage, ==, BP_CELLS_I16);
  g_assert_true (isnan (bp_column_value (column (words, "w"), 0)));
}

/* Fashion-MNIST's shape in small: 784 columns of pixels take a byte a cell,
 * so the table is an eighth of what doubles took. */
static void
test_pixels_take_a_byte (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  for (int c = 0; c < 784; c++)
    g_string_append_printf (text, "p%03d,", c);
  g_string_append (text, "label\n");
  for (int r = 0; r < 300; r++)
    {
      for (int c = 0; c < 784; c++)
        g_string_append_printf (text, "%d,", (r * 31 + c * 7) % 256);
      g_string_append_printf (text, "%d\n", r % 10);
    }
  /* The cells alone as doubles would need 300 × 785 × 8 bytes: too much. */
  BpTableOptions options;
  bp_table_options_init (&options);
  options.memory_limit = 300 * 785 * sizeof (double) / 2;
  g_autoptr(BpTable) table = load_text (text->str, &options);
  g_assert_cmpuint (table->n_rows, ==, 300);
  for (gsize c = 0; c < table->n_columns; c++)
    g_assert_cmpint (table->columns[c].storage, ==, BP_CELLS_U8);
  g_assert_cmpfloat (bp_column_value (&table->columns[783], 299), ==, (299 * 31 + 783 * 7) % 256);
}

static void
assert_same_bits (double a, double b, const char *text)
{
  if (memcmp (&a, &b, sizeof a) != 0)
    g_error ("“%s”: %.17g stored as %.17g", text, b, a);
}

/* Issue 19: a decimal of at most 8 digits (m / 10^k, |m| < 2^27, k ≤ 15)
 * packed in 4 bytes reads back as the very double strtod made of its text:
 * the division of two exact doubles is rounded once, as strtod rounds. */
static void
test_dec32_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  for (int i = 0; i < 200000; i++)
    {
      gint32 m = g_rand_int_range (rand, -134217727, 134217728);
      int k = g_rand_int_range (rand, 0, BP_DEC32_MAX_DIGITS + 1);
      char text[64];
      g_snprintf (text, sizeof text, "%de-%d", m, k);
      double v = g_ascii_strtod (text, NULL);
      guint32 cell;
      if (!bp_dec32_encode (v, &cell))
        g_error ("“%s” (%.17g) is no decimal cell", text, v);
      double back = bp_cells_get (&cell, BP_CELLS_DEC32, 0);
      assert_same_bits (back, v, text);
      /* Equal numbers, equal cells: the smallest k. */
      guint32 again;
      g_assert_true (bp_dec32_encode (back, &again));
      g_assert_cmphex (again, ==, cell);
      g_assert_cmpuint (cell & 15, <=, (guint) k + (v == 0.0));
    }
  /* Any double at all: either no cell, or one that gives it back. */
  for (int i = 0; i < 200000; i++)
    {
      guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      double v;
      memcpy (&v, &bits, sizeof v);
      if (i % 2)
        v = ldexp (frexp (v, &(int) { 0 }), g_rand_int_range (rand, -60, 28));
      guint32 cell;
      if (isnan (v) || !bp_dec32_encode (v, &cell))
        continue;
      assert_same_bits (bp_cells_get (&cell, BP_CELLS_DEC32, 0), v, "random bits");
    }
  guint32 cell;
  g_assert_true (bp_dec32_encode (-0.0, &cell));
  assert_same_bits (bp_cells_get (&cell, BP_CELLS_DEC32, 0), -0.0, "-0");
  g_assert_false (bp_dec32_encode (134217728.0, &cell));
  g_assert_false (bp_dec32_encode (1e-16, &cell));
  g_assert_false (bp_dec32_encode (0.987654321, &cell));
  g_assert_true (bp_dec32_encode (NAN, &cell));
  g_assert_true (isnan (bp_cells_get (&cell, BP_CELLS_DEC32, 0)));
  g_assert_true (bp_dec32_encode (-99999999.0, &cell));
  g_assert_true (bp_dec32_encode (1.23457e-08, &cell));
}

/* Issue 19: columns of %.6g decimals, as numpy and spreadsheets write them,
 * take 4 bytes a cell, not 8, and every cell keeps its double and its text:
 * each compared with what the file says, bit for bit. */
static void
test_decimals_take_four_bytes (void)
{
  static const char *const odd[] = {
    "0.1", "-0.000123457", "1.23457e-05", "99999999", "-99999999", "12345.6", "1e-15", "0.3",
    "7", "", "2.5", "-1.5e-07", "86.4", "100000", "0.000001", "-3.14159",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  const int n_rows = 3000, n_columns = 4;
  g_autoptr(GString) text = g_string_new ("g6,g8,fixed,odd\n");
  for (int r = 0; r < n_rows; r++)
    {
      /* Magnitudes from 1e-7 to 1e5, as a scaled feature has; the small
       * ones are "-0.000" to %.3f. */
      double x = (g_rand_boolean (rand) ? -1.0 : 1.0) * (1.0 + 9.0 * g_rand_double (rand)) *
                 pow (10.0, g_rand_int_range (rand, -7, 5));
      char buf[4][G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (buf[0], sizeof buf[0], "%.6g", x);
      g_ascii_formatd (buf[1], sizeof buf[1], "%.8g", x);
      g_ascii_formatd (buf[2], sizeof buf[2], "%.3f", x);
      g_strlcpy (buf[3], odd[r % G_N_ELEMENTS (odd)], sizeof buf[3]);
      g_string_append_printf (text, "%s,%s,%s,%s\n", buf[0], buf[1], buf[2], buf[3]);
      for (int c = 0; c < n_columns; c++)
        g_ptr_array_add (cells, g_strdup (buf[c]));
    }
  g_autoptr(BpTable) table = load_text (text->str, NULL);
  g_assert_cmpuint (table->n_rows, ==, n_rows);
  for (int c = 0; c < n_columns; c++)
    {
      g_assert_cmpint (table->columns[c].storage, ==, BP_CELLS_DEC32);
      g_assert_cmpuint (bp_cell_storage_size (table->columns[c].storage), ==, 4);
    }
  for (int r = 0; r < n_rows; r++)
    for (int c = 0; c < n_columns; c++)
      {
        const char *written = cells->pdata[r * n_columns + c];
        g_autofree char *shown = bp_table_cell_text (table, r, c);
        if (*written == '\0')
          {
            g_assert_null (shown);
            continue;
          }
        double v = g_ascii_strtod (written, NULL);
        assert_same_bits (bp_column_value (&table->columns[c], r), v, written);
        char expected[G_ASCII_DTOSTR_BUF_SIZE];
        bp_format_double (expected, v);
        g_assert_cmpstr (shown, ==, expected);
      }

  /* Changing the type and back keeps the storage and every number. */
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_table_set_column_type (table, 3, BP_COLUMN_CATEGORICAL, &error));
  g_assert_true (bp_table_set_column_type (table, 3, BP_COLUMN_NUMERIC, &error));
  g_assert_no_error (error);
  g_assert_cmpint (table->columns[3].storage, ==, BP_CELLS_DEC32);
  for (int r = 0; r < n_rows; r++)
    {
      const char *written = cells->pdata[r * n_columns + 3];
      if (*written != '\0')
        assert_same_bits (bp_column_value (&table->columns[3], r), g_ascii_strtod (written, NULL), written);
    }

  /* A column first of halves (float32) that then needs decimals, or the
   * other way round, ends where both hold, or in doubles. */
  g_autoptr(GString) mixed = g_string_new ("a,b,c\n");
  for (int r = 0; r < 300; r++)
    g_string_append_printf (mixed, "%s,%s,%s\n", r < 200 ? "0.5" : "0.1", r < 200 ? "0.1" : "0.75",
                            r < 200 ? "0.1" : "1e-20");
  g_autoptr(BpTable) m = load_text (mixed->str, NULL);
  g_assert_cmpint (column (m, "a")->storage, ==, BP_CELLS_DEC32);
  g_assert_cmpint (column (m, "b")->storage, ==, BP_CELLS_DEC32);
  g_assert_cmpint (column (m, "c")->storage, ==, BP_CELLS_F64);
  for (int r = 0; r < 300; r++)
    {
      g_assert_cmpfloat (bp_column_value (column (m, "a"), r), ==, r < 200 ? 0.5 : 0.1);
      g_assert_cmpfloat (bp_column_value (column (m, "b"), r), ==, r < 200 ? 0.1 : 0.75);
      g_assert_cmpfloat (bp_column_value (column (m, "c"), r), ==, r < 200 ? 0.1 : 1e-20);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/table/samples", test_samples);
  g_test_add_func ("/engine/table/stats/iris", test_iris_stats);
  g_test_add_func ("/engine/table/types/inference", test_type_inference);
  g_test_add_func ("/engine/table/types/numbers-as-categories", test_numbers_as_categories);
  g_test_add_func ("/engine/table/types/set-type", test_set_type);
  g_test_add_func ("/engine/table/types/set-type-empty", test_set_type_empty_column);
  g_test_add_func ("/engine/table/numbers-beyond-float32", test_numbers_beyond_float32);
  g_test_add_func ("/engine/table/not-regular-files", test_not_regular_files);
  g_test_add_func ("/engine/table/missing", test_missing_markers);
  g_test_add_func ("/engine/table/missing/empty-cells", test_missing_empty_cells);
  g_test_add_func ("/engine/table/types/dates", test_dates);
  g_test_add_func ("/engine/table/types/errors", test_type_errors);
  g_test_add_func ("/engine/table/names-and-warnings", test_names_and_warnings);
  g_test_add_func ("/engine/table/spectrum", test_spectrum_tables);
  g_test_add_func ("/engine/table/memory", test_memory_near_payload);
  g_test_add_func ("/engine/table/memory/compact-storage", test_compact_storage);
  g_test_add_func ("/engine/table/memory/pixels-take-a-byte", test_pixels_take_a_byte);
  g_test_add_func ("/engine/table/memory/dec32-round-trip", test_dec32_round_trip);
  g_test_add_func ("/engine/table/memory/decimals-take-four-bytes", test_decimals_take_four_bytes);
  return g_test_run ();
}
