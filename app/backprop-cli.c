/* backprop-cli: headless Backprop on the same engine as the app.
 *
 *   backprop-cli inspect FILE.csv [--json] [options]
 *   backprop-cli train FILE.csv [--save MODEL.json] [--save-project FILE.backprop] [options]
 *   backprop-cli train --project FILE.backprop [options that override it]
 *   (inspect and train take --sample NAME[:ROWS[:NOISE]] instead of a file)
 *   backprop-cli evaluate MODEL.json DATA.csv [--json] [csv options]
 *   backprop-cli predict MODEL.json DATA.csv [-o OUT.csv] [csv options]
 *   backprop-cli export --to pytorch|keras|onnx INPUT -o OUT (backprop-cli-export.c)
 *
 * Exit status: 0 on success, 1 when the input is bad (the message names
 * FILE:LINE:COL), 2 on a usage error.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bp-engine.h"
#include "backprop-cli-export.h"

#define EXIT_BAD_INPUT 1
#define EXIT_USAGE     2

/* Not given on the command line (train takes the project's value). */
#define SEED_UNSET G_MININT64
#define INT_UNSET  G_MININT

static const char *program = "backprop-cli";

static int
fail (int status, const char *format, ...) G_GNUC_PRINTF (2, 3);

static int
fail (int status, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", program, message);
  return status;
}

/* ---- options shared by the commands that read a CSV --------------------- */

typedef struct {
  char    *delimiter;
  gboolean header;
  gboolean no_header;
  gboolean decimal_comma;
  gboolean no_decimal_comma;
  char    *missing;
  gboolean skip_bad_rows;
  char    *target;
  char    *task;
  char    *split;
  double   validation_split;
  double   test_split;
  gint64   seed;
  gboolean impute;
  gboolean scale_target;
  char    *scaling;
  char   **ignore;
  char   **types;
  gboolean json;
  char    *sample;
} DataArgs;

static void
data_args_clear (DataArgs *args)
{
  g_free (args->delimiter);
  g_free (args->missing);
  g_free (args->target);
  g_free (args->task);
  g_free (args->split);
  g_free (args->scaling);
  g_strfreev (args->ignore);
  g_strfreev (args->types);
  g_free (args->sample);
}

static GOptionEntry *
data_entries (DataArgs *args)
{
  static GOptionEntry entries[21];
  GOptionEntry list[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &args->json, "Print one JSON object", NULL },
    { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &args->delimiter, "Field delimiter: , ; tab | (default: detect)", "C" },
    { "header", 0, 0, G_OPTION_ARG_NONE, &args->header, "The first row holds column names", NULL },
    { "no-header", 0, 0, G_OPTION_ARG_NONE, &args->no_header, "The first row is data", NULL },
    { "decimal-comma", 0, 0, G_OPTION_ARG_NONE, &args->decimal_comma, "Numbers are written 1,5", NULL },
    { "no-decimal-comma", 0, 0, G_OPTION_ARG_NONE, &args->no_decimal_comma, "Numbers are written 1.5", NULL },
    { "missing", 0, 0, G_OPTION_ARG_STRING, &args->missing, "Texts that mean a missing value, separated by | (default: |NA|N/A|NaN|null|None|?)", "LIST" },
    { "skip-bad-rows", 0, 0, G_OPTION_ARG_NONE, &args->skip_bad_rows, "Skip rows with the wrong number of fields (they are counted)", NULL },
    { "target", 't', 0, G_OPTION_ARG_STRING, &args->target, "Target column, by name or number (default: the last usable)", "COL" },
    { "task", 0, 0, G_OPTION_ARG_STRING, &args->task, "binary, multiclass or regression (default: detect)", "TASK" },
    { "split", 0, 0, G_OPTION_ARG_STRING, &args->split, "keras, shuffle or stratified (default: keras)", "HOW" },
    { "validation-split", 0, 0, G_OPTION_ARG_DOUBLE, &args->validation_split, "Fraction of rows for validation (default: 0.2)", "F" },
    { "test-split", 0, 0, G_OPTION_ARG_DOUBLE, &args->test_split, "Fraction of rows held out for testing (default: 0)", "F" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &args->seed, "Seed for shuffled splits (default: 0)", "N" },
    { "impute", 0, 0, G_OPTION_ARG_NONE, &args->impute, "Fill missing values instead of dropping rows", NULL },
    { "scaling", 0, 0, G_OPTION_ARG_STRING, &args->scaling, "standardize, minmax or none (default: standardize)", "HOW" },
    { "scale-target", 0, 0, G_OPTION_ARG_NONE, &args->scale_target, "Regression: standardize the target too (results stay in its units)", NULL },
    { "ignore", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->ignore, "Leave a column out (repeatable)", "COL" },
    { "type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->types, "Set a column's type, e.g. rating:categorical (repeatable)", "COL:TYPE" },
    { "sample", 0, 0, G_OPTION_ARG_STRING, &args->sample, "Instead of a file, a generated set: circles, xor, gaussians or spiral, "
      "ROWS rows (default: 500) with Gaussian noise of σ NOISE (default: 0.1; the points span about -1..1), "
      "e.g. spiral:1000:0.2; --seed picks another set", "NAME[:ROWS[:NOISE]]" },
    { NULL },
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (list) == G_N_ELEMENTS (entries));
  memcpy (entries, list, sizeof list);
  return entries;
}

/* A column named by its header text, or by its 1-based number. */
static int
find_column (const BpTable *table, const char *spec)
{
  int index = bp_table_find_column (table, spec);
  if (index >= 0)
    return index;
  char *end = NULL;
  guint64 number = g_ascii_strtoull (spec, &end, 10);
  if (end != spec && *end == '\0' && number >= 1 && number <= table->n_columns)
    return (int) number - 1;
  return -1;
}

static gboolean
parse_delimiter (const char *text, char *out)
{
  if (g_str_equal (text, "tab") || g_str_equal (text, "\\t") || g_str_equal (text, "\t"))
    *out = '\t';
  else if (strlen (text) == 1 && strchr (",;|", text[0]))
    *out = text[0];
  else
    return FALSE;
  return TRUE;
}

/* Big files on a terminal get a progress line on stderr. */
static void
show_progress (double fraction, gpointer user_data)
{
  const char *name = user_data;
  fprintf (stderr, "\rReading %s… %3.0f%%", name, fraction * 100.0);
  if (fraction >= 1.0)
    fprintf (stderr, "\r\033[K");
  fflush (stderr);
}

/* --sample NAME[:ROWS[:NOISE]]: a generated set (bp-samples), made from
 * --seed, read the way a file is, and @source set to it. The options for
 * reading files do not apply, and a bad --sample is a usage error. */
static BpTable *
generate_table (const DataArgs *args, BpDataSource *source, int *status)
{
  if (args->delimiter || args->header || args->no_header || args->decimal_comma || args->no_decimal_comma ||
      args->missing || args->skip_bad_rows)
    {
      *status = fail (EXIT_USAGE, _("--sample makes its own data; --delimiter, --header, --no-header, --decimal-comma, "
                                  "--no-decimal-comma, --missing and --skip-bad-rows are for files"));
      return NULL;
    }
  g_auto(GStrv) parts = g_strsplit (args->sample, ":", 4);
  const guint n_parts = g_strv_length (parts);
  BpSampleKind kind = BP_SAMPLE_CIRCLES;
  guint64 rows = BP_SAMPLE_DEFAULT_ROWS;
  double noise = BP_SAMPLE_DEFAULT_NOISE;
  char *end = NULL;
  gboolean ok = n_parts >= 1 && n_parts <= 3 && bp_sample_kind_from_string (parts[0], &kind);
  /* An empty part keeps its default: spiral::0.3 */
  if (ok && n_parts >= 2 && parts[1][0] != '\0')
    {
      rows = g_ascii_strtoull (parts[1], &end, 10);
      ok = g_ascii_isdigit (parts[1][0]) && *end == '\0';
    }
  if (ok && n_parts == 3 && parts[2][0] != '\0')
    {
      noise = g_ascii_strtod (parts[2], &end);
      ok = end != parts[2] && *end == '\0';
    }
  if (!ok)
    {
      g_autofree char *names = bp_names_list (bp_sample_names);
      *status = fail (EXIT_USAGE, _("--sample takes NAME[:ROWS[:NOISE]] with NAME one of %s, e.g. spiral:1000:0.2; "
                                  "not “%s”"), names, args->sample);
      return NULL;
    }
  g_autoptr(GError) error = NULL;
  bp_data_source_set_generated (source, kind, (gsize) MIN (rows, G_MAXSIZE), noise, (guint64) MAX (args->seed, 0));
  BpTable *table = bp_data_source_load (source, NULL, NULL, &error);
  if (table == NULL)
    *status = fail (EXIT_USAGE, "--sample: %s", error->message);
  return table;
}

/* --type COL:TYPE, each in turn. */
static gboolean
apply_types (BpTable *table, const DataArgs *args, int *status)
{
  g_autoptr(GError) error = NULL;
  for (char **t = args->types; t && *t; t++)
    {
      const char *colon = strrchr (*t, ':');
      BpColumnType type;
      g_autofree char *name = colon ? g_strndup (*t, (gsize) (colon - *t)) : NULL;
      int column = name ? find_column (table, name) : -1;
      if (colon == NULL || !bp_column_type_from_string (colon + 1, &type))
        {
          *status = fail (EXIT_USAGE, _("--type takes COLUMN:TYPE with TYPE one of numeric, boolean, "
                                      "categorical, datetime, text, id; not “%s”"), *t);
          return FALSE;
        }
      if (column < 0)
        {
          *status = fail (EXIT_USAGE, _("%s: there is no column “%s”"), table->display_name, name);
          return FALSE;
        }
      if (!bp_table_set_column_type (table, (gsize) column, type, &error))
        {
          *status = fail (EXIT_BAD_INPUT, "%s: %s", table->display_name, error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* The table @source names (a file, or the copy a project keeps of one),
 * read with the options in @args; with --sample, the generated set, and
 * @source set to it. Usage errors set *status to EXIT_USAGE. */
static BpTable *
load_table (BpDataSource *source, DataArgs *args, char ***markers_out, int *status)
{
  BpTableOptions options;
  bp_table_options_init (&options);

  if (args->delimiter && !parse_delimiter (args->delimiter, &options.csv.delimiter))
    {
      *status = fail (EXIT_USAGE, _("--delimiter takes one of , ; tab |, not “%s”"), args->delimiter);
      return NULL;
    }
  if (args->header && args->no_header)
    {
      *status = fail (EXIT_USAGE, _("--header and --no-header contradict each other"));
      return NULL;
    }
  options.csv.header = args->header ? BP_TRISTATE_YES : args->no_header ? BP_TRISTATE_NO : BP_TRISTATE_AUTO;
  options.csv.decimal_comma = args->decimal_comma ? BP_TRISTATE_YES
                              : args->no_decimal_comma ? BP_TRISTATE_NO : BP_TRISTATE_AUTO;
  if (args->missing)
    {
      *markers_out = g_strsplit (args->missing, "|", -1);
      options.missing_markers = (const char * const *) *markers_out;
    }
  options.skip_bad_rows = args->skip_bad_rows;

  GStatBuf st;
  const char *path = source->kind == BP_DATA_SOURCE_FILE && !args->sample ? source->path : NULL;
  g_autofree char *display = path ? g_filename_display_basename (path) : NULL;
  if (path && isatty (STDERR_FILENO) && g_stat (path, &st) == 0 && st.st_size > (32 << 20))
    {
      options.progress = show_progress;
      options.user_data = display;
    }

  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = args->sample ? generate_table (args, source, status)
                             : bp_data_source_load (source, &options, NULL, &error);
  if (table == NULL && args->sample)
    return NULL;   /* already reported */
  if (table == NULL)
    {
      if (options.progress)
        fprintf (stderr, "\r\033[K");
      *status = fail (EXIT_BAD_INPUT, "%s", error->message);
      return NULL;
    }

  if (!apply_types (table, args, status))
    return NULL;
  return g_steal_pointer (&table);
}

static gboolean
parse_choice (const char *option, const char *value, const char * const *names, int *out, int *status)
{
  *out = bp_names_find (names, value);
  if (*out >= 0)
    return TRUE;
  g_autofree char *list = bp_names_list (names);
  *status = fail (EXIT_USAGE, _("%s takes %s, not “%s”"), option, list, value);
  return FALSE;
}

/* base (NULL: the defaults) holds the options before the arguments; its
 * roles, if any, are *roles_out, which --ignore then changes. */
static BpDataset *
make_dataset (const BpTable *table, DataArgs *args, const BpDatasetOptions *base, BpColumnRole **roles_out,
              BpDatasetOptions *options_out, GError **dataset_error, int *status)
{
  BpDatasetOptions options;
  if (base)
    options = *base;
  else
    bp_dataset_options_init (&options);

  if (args->target)
    {
      options.target = find_column (table, args->target);
      if (options.target < 0)
        {
          *status = fail (EXIT_USAGE, _("%s: there is no column “%s”"), table->display_name, args->target);
          return NULL;
        }
    }
  if (args->task && !bp_task_from_string (args->task, &options.task))
    {
      *status = fail (EXIT_USAGE, _("--task takes binary, multiclass or regression, not “%s”"), args->task);
      return NULL;
    }
  if (args->split && !bp_split_from_string (args->split, &options.split))
    {
      *status = fail (EXIT_USAGE, _("--split takes keras, shuffle or stratified, not “%s”"), args->split);
      return NULL;
    }
  if (args->scaling)
    {
      int scaling;
      if (!parse_choice ("--scaling", args->scaling, bp_scaling_names, &scaling, status))
        return NULL;
      options.scaling = (BpScaling) scaling;
    }
  if (!isnan (args->validation_split))
    options.validation_fraction = args->validation_split;
  if (!isnan (args->test_split))
    options.test_fraction = args->test_split;
  if (!(options.validation_fraction >= 0.0 && options.test_fraction >= 0.0 &&
        options.validation_fraction + options.test_fraction < 1.0))
    {
      *status = fail (EXIT_USAGE, _("--validation-split and --test-split take fractions from 0 that add up "
                                  "to less than 1"));
      return NULL;
    }
  if (args->seed != SEED_UNSET && args->seed < 0)
    {
      *status = fail (EXIT_USAGE, _("--seed takes a number of 0 or more"));
      return NULL;
    }
  if (args->seed != SEED_UNSET)
    options.seed = (guint64) args->seed;
  if (args->impute)
    options.missing = BP_MISSING_IMPUTE;
  if (args->scale_target)
    options.scale_target = TRUE;

  if (args->ignore)
    {
      if (*roles_out == NULL)
        *roles_out = g_new0 (BpColumnRole, table->n_columns);
      for (char **name = args->ignore; *name; name++)
        {
          int column = find_column (table, *name);
          if (column < 0)
            {
              *status = fail (EXIT_USAGE, _("%s: there is no column “%s”"), table->display_name, *name);
              return NULL;
            }
          (*roles_out)[column] = BP_ROLE_IGNORED;
        }
      options.roles = *roles_out;
    }

  if (options_out)
    *options_out = options;
  return bp_dataset_new (table, &options, dataset_error);
}

static const char *
delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case '\t': return "tab";
    case ',':  return ",";
    case ';':  return ";";
    case '|':  return "|";
    default:   return "?";
    }
}

static const char *
role_of (const BpTable *table, const BpDataset *dataset, const BpColumnRole *roles, gsize c)
{
  if (dataset)
    {
      if ((int) c == dataset->target_column)
        return "target";
      for (gsize f = 0; f < dataset->n_feature_columns; f++)
        if (dataset->features[f].column == (int) c)
          return "feature";
      return "ignored";
    }
  if (roles && roles[c] == BP_ROLE_IGNORED)
    return "ignored";
  return bp_column_type_is_usable (table->columns[c].type) ? "feature" : "ignored";
}

static void
print_inspect_json (const BpTable *table, const BpDataset *dataset, const BpColumnRole *roles,
                    const GError *dataset_error, const BpDatasetOptions *split_options)
{
  BpJsonWriter j;
  bp_json_writer_init (&j);
  bp_json_open (&j, NULL, '{', TRUE);
  bp_json_string (&j, "file", table->display_name);
  bp_json_int (&j, "rows", (gint64) table->n_rows);
  bp_json_string (&j, "delimiter", delimiter_name (table->dialect.delimiter));
  bp_json_bool (&j, "header", table->dialect.header);
  bp_json_bool (&j, "decimal_comma", table->dialect.decimal_comma);
  bp_json_int (&j, "skipped_rows", (gint64) table->n_skipped_rows);

  bp_json_open (&j, "columns", '[', TRUE);
  for (gsize c = 0; c < table->n_columns; c++)
    {
      const BpColumn *column = &table->columns[c];
      bp_json_open (&j, NULL, '{', TRUE);
      bp_json_string (&j, "name", column->name);
      bp_json_string (&j, "type", bp_column_type_to_string (column->type));
      bp_json_string (&j, "role", role_of (table, dataset, roles, c));
      bp_json_int (&j, "missing", (gint64) column->n_missing);
      bp_json_int (&j, "distinct", (gint64) column->n_distinct);
      bp_json_double (&j, "min", column->min);
      bp_json_double (&j, "max", column->max);
      bp_json_double (&j, "mean", column->mean);
      bp_json_double (&j, "std", column->std);
      if (column->codes && column->n_levels <= 64)
        {
          bp_json_open (&j, "categories", '[', TRUE);
          for (guint32 l = 0; l < column->n_levels; l++)
            bp_json_string (&j, NULL, column->levels[l]);
          bp_json_close (&j, ']');
        }
      bp_json_close (&j, '}');
    }
  bp_json_close (&j, ']');

  bp_json_string (&j, "target", dataset ? dataset->target_name : NULL);
  bp_json_string (&j, "task", dataset ? bp_task_to_string (dataset->task) : NULL);
  if (dataset)
    {
      if (dataset->class_names)
        {
          bp_json_open (&j, "classes", '[', TRUE);
          for (gsize k = 0; k < dataset->n_classes; k++)
            bp_json_string (&j, NULL, dataset->class_names[k]);
          bp_json_close (&j, ']');
        }
      bp_json_int (&j, "inputs", (gint64) dataset->n_features);
      bp_json_int (&j, "outputs", (gint64) dataset->n_outputs);
      bp_json_open (&j, "split", '{', TRUE);
      bp_json_string (&j, "method", bp_split_to_string (split_options->split));
      bp_json_int (&j, "train", (gint64) dataset->n_train);
      bp_json_int (&j, "validation", (gint64) dataset->n_validation);
      bp_json_int (&j, "test", (gint64) dataset->n_test);
      bp_json_close (&j, '}');
      bp_json_int (&j, "dropped_rows", (gint64) dataset->n_dropped);
    }

  bp_json_open (&j, "warnings", '[', TRUE);
  for (guint i = 0; i < table->warnings->len; i++)
    bp_json_string (&j, NULL, table->warnings->pdata[i]);
  if (dataset)
    for (guint i = 0; i < dataset->warnings->len; i++)
      bp_json_string (&j, NULL, dataset->warnings->pdata[i]);
  if (dataset_error)
    bp_json_string (&j, NULL, dataset_error->message);
  bp_json_close (&j, ']');
  bp_json_close (&j, '}');

  g_autofree char *text = bp_json_writer_finish (&j, NULL);
  printf ("%s\n", text);
}

static void
append_stat (GString *line, const BpColumn *column, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (isfinite (value) && column->type != BP_COLUMN_CATEGORICAL)
    g_ascii_formatd (buf, sizeof buf, "%.4g", value);
  else
    buf[0] = '\0';
  g_string_append_printf (line, " %10s", buf);
}

static void
print_inspect_text (const BpTable *table, const BpDataset *dataset, const BpColumnRole *roles,
                    const GError *dataset_error, const BpDatasetOptions *split_options)
{
  printf ("%s\n", table->display_name);
  printf ("  %" G_GSIZE_FORMAT " rows × %" G_GSIZE_FORMAT " columns; delimiter %s%s%s%s\n",
          table->n_rows, table->n_columns,
          table->dialect.delimiter == '\t' ? "tab" : (char[]) { '\'', table->dialect.delimiter, '\'', 0 },
          table->dialect.header ? "; header row" : "; no header row",
          table->dialect.decimal_comma ? "; decimal comma" : "",
          table->dialect.bom ? "; UTF-8 BOM" : "");
  printf ("\n");

  int width = 6;
  for (gsize c = 0; c < table->n_columns; c++)
    width = MAX (width, MIN (28, (int) g_utf8_strlen (table->columns[c].name, -1)));

  printf ("  %3s  %-*s  %-11s %7s %8s %10s %10s %10s %10s  %s\n", "#", width, "column", "type",
          "missing", "distinct", "min", "max", "mean", "std", "role");
  for (gsize c = 0; c < table->n_columns; c++)
    {
      const BpColumn *column = &table->columns[c];
      g_autoptr(GString) line = g_string_new (NULL);
      /* Pad by characters, not bytes, so names in any script line up. */
      glong chars = g_utf8_strlen (column->name, -1);
      g_string_append_printf (line, "  %3" G_GSIZE_FORMAT "  %s%*s  %-11s %7" G_GSIZE_FORMAT " %8" G_GSIZE_FORMAT,
                              c + 1, column->name, (int) MAX (0, width - chars), "",
                              bp_column_type_to_string (column->type), column->n_missing, column->n_distinct);
      append_stat (line, column, column->min);
      append_stat (line, column, column->max);
      append_stat (line, column, column->mean);
      append_stat (line, column, column->std);
      g_string_append_printf (line, "  %s", role_of (table, dataset, roles, c));
      printf ("%s\n", line->str);
    }
  printf ("\n");

  if (dataset)
    {
      printf ("  Target: %s (%s", dataset->target_name, bp_task_to_string (dataset->task));
      if (dataset->class_names)
        {
          printf (": ");
          for (gsize k = 0; k < dataset->n_classes && k < 10; k++)
            printf ("%s%s", k ? ", " : "", dataset->class_names[k]);
          if (dataset->n_classes > 10)
            printf (", … %" G_GSIZE_FORMAT " classes", dataset->n_classes);
        }
      printf (")\n");
      printf ("  Inputs: %" G_GSIZE_FORMAT " (after encoding)\n", dataset->n_features);
      printf ("  Split:  %s; %" G_GSIZE_FORMAT " training, %" G_GSIZE_FORMAT " validation, %"
              G_GSIZE_FORMAT " test rows\n", bp_split_to_string (split_options->split),
              dataset->n_train, dataset->n_validation, dataset->n_test);
    }
  else
    printf ("  No target: %s\n", dataset_error ? dataset_error->message : "none chosen");

  guint n_warnings = table->warnings->len + (dataset ? dataset->warnings->len : 0);
  if (n_warnings > 0)
    {
      printf ("\n  Warnings:\n");
      for (guint i = 0; i < table->warnings->len; i++)
        printf ("  - %s\n", (char *) table->warnings->pdata[i]);
      if (dataset)
        for (guint i = 0; i < dataset->warnings->len; i++)
          printf ("  - %s\n", (char *) dataset->warnings->pdata[i]);
    }
}

static int
cmd_inspect (int argc, char **argv)
{
  DataArgs args = { .validation_split = NAN, .test_split = NAN };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE.csv | --sample NAME");
  g_option_context_set_summary (context, "Read a CSV file (or generate one with --sample) and describe its columns, target and split.");
  g_option_context_add_main_entries (context, data_entries (&args), NULL);

  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      data_args_clear (&args);
      return fail (EXIT_USAGE, "inspect: %s", error->message);
    }
  if (argc != (args.sample ? 1 : 2))
    {
      data_args_clear (&args);
      return fail (EXIT_USAGE, args.sample ? "inspect takes one CSV file or --sample, not both"
                                           : "inspect takes one CSV file (see backprop-cli inspect --help)");
    }

  int status = 0;
  g_auto(GStrv) markers = NULL;
  g_auto(BpDataSource) source = BP_DATA_SOURCE_INIT;
  if (!args.sample)
    bp_data_source_set_file (&source, argv[1]);
  g_autoptr(BpTable) table = load_table (&source, &args, &markers, &status);
  if (table == NULL)
    {
      data_args_clear (&args);
      return status;
    }

  g_autofree BpColumnRole *roles = NULL;
  g_autoptr(GError) dataset_error = NULL;
  g_autoptr(BpDataset) dataset = make_dataset (table, &args, NULL, &roles, NULL, &dataset_error, &status);
  if (dataset == NULL && dataset_error == NULL)
    {
      data_args_clear (&args);
      return status;
    }
  /* With no choices made, a file no dataset can come from is still
   * described; choices the data cannot honour are an error. */
  gboolean chose = args.target || args.task || args.split || args.ignore || args.impute ||
                   !isnan (args.validation_split) || !isnan (args.test_split);
  if (dataset == NULL && chose)
    {
      data_args_clear (&args);
      return fail (EXIT_BAD_INPUT, "%s: %s", table->display_name, dataset_error->message);
    }

  BpDatasetOptions split_options;
  bp_dataset_options_init (&split_options);
  if (args.split)
    bp_split_from_string (args.split, &split_options.split);

  if (args.json)
    print_inspect_json (table, dataset, roles, dataset_error, &split_options);
  else
    print_inspect_text (table, dataset, roles, dataset_error, &split_options);

  data_args_clear (&args);
  return 0;
}


/* ---- train -------------------------------------------------------------- */

typedef struct {
  char    *layers;
  double   dropout;
  gint     epochs;
  gint     batch_size;
  char    *optimizer;
  double   lr;
  double   momentum;
  gboolean nesterov;
  double   weight_decay;
  double   l1, l2;
  double   clip_norm;
  char    *schedule;
  double   label_smoothing;
  char    *init;
  char    *loss;
  gint     threads;
  gint     patience;
  double   min_delta;
  char    *monitor;
  double   target_metric;
  double   time_limit;
  char    *history;
  char    *save;
  char    *project;
  char    *save_project;
  gboolean quiet;
} TrainArgs;

static void
train_args_clear (TrainArgs *args)
{
  g_free (args->layers);
  g_free (args->optimizer);
  g_free (args->schedule);
  g_free (args->init);
  g_free (args->loss);
  g_free (args->monitor);
  g_free (args->history);
  g_free (args->save);
  g_free (args->project);
  g_free (args->save_project);
}

typedef struct {
  const BpDataset *dataset;
  gboolean         json;
  gboolean         quiet;
  guint            epochs;
} TrainPrinter;

static void
print_epoch (const BpProgress *p, gpointer user_data)
{
  TrainPrinter *printer = user_data;
  if (p->kind != BP_PROGRESS_EPOCH || printer->quiet)
    return;
  const char *metric = bp_metric_name (printer->dataset->task);
  const gboolean validation = printer->dataset->n_validation > 0;
  if (printer->json)
    {
      g_autofree char *text = bp_epoch_to_json (p, printer->dataset->task, validation);
      printf ("%s\n", text);
    }
  else
    {
      /* Text for people: numbers in their locale's style throughout. */
      printf ("Epoch %u/%u - %.3fs - loss: %.4f - %s: %.4f", p->epoch, p->epochs, p->epoch_seconds, p->loss, metric, p->metric);
      if (validation)
        printf (" - val_loss: %.4f - val_%s: %.4f", p->val_loss, metric, p->val_metric);
      printf ("\n");
    }
  fflush (stdout);
}

static gboolean
write_history (const char *path, const BpTrainer *trainer, BpTask task, GError **error)
{
  gsize length;
  g_autofree char *text = bp_history_to_csv (bp_trainer_get_history (trainer), task, &length);
  return g_file_set_contents (path, text, (gssize) length, error);
}

/* The table a project's data source (@source, a copy of it) names, when
 * no CSV or --sample is given on the command line. */
static BpTable *
load_project_table (BpDataSource *source, const char *project_path, DataArgs *args, char ***markers_out,
                    int *status)
{
  g_autofree char *display = g_filename_display_name (project_path);
  switch (source->kind)
    {
    case BP_DATA_SOURCE_FILE:
      /* A project mailed without its CSV, or run where the CSV is not
       * (a sandbox): the copy it keeps, with a note. */
      if (source->copy != NULL && !bp_data_source_file_readable (source))
        {
          g_autofree char *data_display = g_filename_display_name (source->path);
          /* Translators: the first %s is a CSV file's full path, the second the project file's name. */
          g_autofree char *note = g_strdup_printf (_("note: %s cannot be opened; using the copy saved in %s"),
                                                   data_display, display);
          fprintf (stderr, "%s: %s\n", program, note);
        }
      return load_table (source, args, markers_out, status);
    case BP_DATA_SOURCE_GENERATED:
      {
        g_autoptr(GError) error = NULL;
        BpTable *table = bp_data_source_load (source, NULL, NULL, &error);
        if (table == NULL)
          *status = fail (EXIT_BAD_INPUT, "%s: %s", display, error->message);
        else if (!apply_types (table, args, status))
          g_clear_pointer (&table, bp_table_free);
        return table;
      }
    case BP_DATA_SOURCE_SAMPLE:
      /* Translators: the first %s is the project file's name, the second a sample's name such as iris. */
      *status = fail (EXIT_BAD_INPUT, _("%s: the project trains on the built-in sample “%s”, which only the app "
                                      "has; give its CSV file after --project"), display, source->name);
      return NULL;
    case BP_DATA_SOURCE_NONE:
    default:
      /* Translators: %s is the project file's name. */
      *status = fail (EXIT_BAD_INPUT, _("%s: the project has no data yet; give a CSV file or --sample"), display);
      return NULL;
    }
}

static int
train_main (const char *path, DataArgs *args, TrainArgs *train)
{
  int status = 0;
  g_autoptr(GError) error = NULL;

  /* A project is the base; what the command line gives overrides it.
   * Without one, the base is the seed recipe, as bp_project_new() has it. */
  g_autoptr(BpProject) project = train->project ? bp_project_load (train->project, &error) : bp_project_new ();
  if (project == NULL)
    return fail (EXIT_BAD_INPUT, "%s", error->message);

  BpTrainConfig config = project->config;
  if (train->optimizer)
    {
      int kind;
      if (!parse_choice ("--optimizer", train->optimizer, bp_optimizer_names, &kind, &status))
        return status;
      bp_optimizer_config_init (&config.optimizer, (BpOptimizerKind) kind);
    }
  if (!isnan (train->lr))
    config.optimizer.learning_rate = (float) train->lr;
  if (!isnan (train->momentum))
    config.optimizer.momentum = (float) train->momentum;
  if (train->nesterov)
    config.optimizer.nesterov = TRUE;
  if (!isnan (train->weight_decay))
    config.optimizer.weight_decay = (float) train->weight_decay;
  if (!isnan (train->l1))
    config.optimizer.l1 = (float) train->l1;
  if (!isnan (train->l2))
    config.optimizer.l2 = (float) train->l2;
  if (!isnan (train->clip_norm))
    config.optimizer.clip_norm = (float) train->clip_norm;
  if (train->epochs != INT_UNSET)
    config.epochs = (guint) MAX (train->epochs, 0);
  if (train->batch_size != INT_UNSET)
    config.batch_size = (guint) MAX (train->batch_size, 0);
  if (args->seed != SEED_UNSET)
    config.seed = (guint64) MAX (args->seed, 0);
  if (!isnan (train->label_smoothing))
    config.label_smoothing = (float) train->label_smoothing;
  if (train->patience != INT_UNSET)
    config.patience = (guint) MAX (train->patience, 0);
  if (!isnan (train->min_delta))
    config.min_delta = train->min_delta;
  if (!isnan (train->target_metric))
    config.target_metric = train->target_metric;
  if (!isnan (train->time_limit))
    config.time_limit = train->time_limit;
  if (train->schedule)
    {
      int schedule;
      if (!parse_choice ("--schedule", train->schedule, bp_schedule_names, &schedule, &status))
        return status;
      config.schedule.kind = (BpScheduleKind) schedule;
      if (config.schedule.kind == BP_SCHEDULE_EXPONENTIAL)
        config.schedule.factor = 0.9f;
    }
  if (train->monitor)
    {
      int monitor;
      if (!parse_choice ("--monitor", train->monitor, bp_monitor_names, &monitor, &status))
        return status;
      config.monitor = (BpMonitor) monitor;
    }
  if ((train->patience != INT_UNSET && train->patience < 0) ||
      (train->epochs != INT_UNSET && train->epochs < 1) ||
      (train->batch_size != INT_UNSET && train->batch_size < 1) || train->threads < 1 ||
      !bp_train_config_validate (&config, &error))
    {
      return fail (EXIT_USAGE, "train: %s", error ? error->message
                     : "--epochs, --batch-size and --threads take a number of 1 or more, --early-stopping 0 or more");
    }

  /* The data: a CSV or --sample given here, else the project's. */
  g_autoptr(BpProject) run = bp_project_new ();
  g_auto(GStrv) markers = NULL;
  if (path)
    bp_data_source_set_file (&run->source, path);
  else if (!args->sample)
    bp_data_source_copy (&run->source, &project->source);
  g_autoptr(BpTable) table = path || args->sample || !train->project
                             ? load_table (&run->source, args, &markers, &status)
                             : load_project_table (&run->source, train->project, args, &markers, &status);
  if (table == NULL)
    return status;

  /* The project's column choices, then --type, --target, --ignore, … */
  g_autofree BpColumnRole *roles = g_new0 (BpColumnRole, MAX (table->n_columns, 1));
  BpDatasetOptions base;
  if (!bp_project_apply (project, table, roles, &base, &error))
    return fail (EXIT_BAD_INPUT, "%s", error->message);
  if (!apply_types (table, args, &status))
    return status;
  BpDatasetOptions data_options;
  BpDataset *made = make_dataset (table, args, &base, &roles, &data_options, &error, &status);
  if (made == NULL)
    {
      if (error)
        return fail (EXIT_BAD_INPUT, "%s: %s", table->display_name, error->message);
      return status;   /* a usage error, already reported */
    }

  g_autoptr(BpLayerStack) stack = bp_layer_stack_copy (project->layers);
  /* Usage errors below leave before the dataset has an owner. */
  g_autoptr(BpDataset) pending = made;
  if (train->layers)
    {
      g_array_set_size (stack->layers, 0);
      if (!bp_layer_stack_parse (stack, train->layers, &error))
        return fail (EXIT_USAGE, "--layers: %s", error->message);
    }
  if (!isnan (train->dropout))
    {
      if (!(train->dropout >= 0.0 && train->dropout <= BP_MAX_DROPOUT))
        return fail (EXIT_USAGE, _("--dropout takes a number from 0 to %.1f"), BP_MAX_DROPOUT);
      for (guint l = 0; l < stack->layers->len; l++)
        {
          BpLayerSpec *layer = &g_array_index (stack->layers, BpLayerSpec, l);
          if (layer->dropout == 0.0f)
            layer->dropout = (float) train->dropout;
        }
    }
  if (train->init)
    {
      int init;
      if (!parse_choice ("--init", train->init, bp_init_names, &init, &status))
        return status;
      stack->init = (BpInit) init;
    }
  if (train->loss)
    {
      static const char * const losses[] = { "mse", "mae", "huber", NULL };
      int loss;
      if (!parse_choice ("--loss", train->loss, losses, &loss, &status))
        return status;
      stack->loss = (BpLoss) (BP_LOSS_MSE + loss);
    }

  bp_blas_set_threads (train->threads);
  BpRecipeStep failed;
  g_autoptr(BpRecipe) recipe = bp_recipe_new_for_dataset (g_steal_pointer (&pending), stack, &config, &failed, &error);
  if (recipe == NULL)
    {
      if (failed == BP_RECIPE_STEP_MODEL)
        return fail (EXIT_USAGE, "%s", error->message);
      return fail (EXIT_BAD_INPUT, "%s: %s", table->display_name, error->message);
    }
  const BpDataset *dataset = recipe->dataset;
  const BpModelSpec *spec = recipe->spec;
  BpModel *model = recipe->model;
  BpTrainer *trainer = recipe->trainer;

  /* The project of this run, written before it starts: a run stopped
   * halfway can be started again from it. */
  if (train->save_project)
    {
      bp_project_set_data_choices (run, table, &data_options);
      g_clear_pointer (&run->layers, bp_layer_stack_free);
      run->layers = g_steal_pointer (&stack);
      run->config = config;
      run->config.class_weights = NULL;
      /* The data file as it is now; one that cannot be read keeps the
       * copy the table came from, if any. */
      if (run->source.kind == BP_DATA_SOURCE_FILE)
        bp_project_read_data_copy (run, NULL);
      if (!bp_project_save (run, train->save_project, &error))
        return fail (EXIT_BAD_INPUT, "%s", error->message);
    }

  if (!args->json && !train->quiet)
    {
      g_autofree char *summary = bp_model_spec_summary (spec);
      printf ("Training on %" G_GSIZE_FORMAT " rows, validating on %" G_GSIZE_FORMAT " (%s, target “%s”)\n%s\n",
              dataset->n_train, dataset->n_validation, bp_task_to_string (dataset->task),
              dataset->target_name, summary);
      for (guint i = 0; i < table->warnings->len; i++)
        fprintf (stderr, "warning: %s\n", (char *) table->warnings->pdata[i]);
      for (guint i = 0; i < dataset->warnings->len; i++)
        fprintf (stderr, "warning: %s\n", (char *) dataset->warnings->pdata[i]);
    }

  TrainPrinter printer = { dataset, args->json, train->quiet, config.epochs };
  gboolean ok = bp_trainer_run (trainer, print_epoch, &printer, NULL, &error);

  if (train->history)
    {
      g_autoptr(GError) history_error = NULL;
      if (!write_history (train->history, trainer, dataset->task, &history_error))
        {
          return fail (EXIT_BAD_INPUT, "%s", history_error->message);
        }
    }
  if (!ok)
    {
      return fail (EXIT_BAD_INPUT, "%s: %s", table->display_name, error->message);
    }

  const GArray *history = bp_trainer_get_history (trainer);
  if (train->save)
    {
      /* The model file keeps the column roles and the split as chosen,
       * not the training table's column numbers. */
      data_options.roles = NULL;
      g_autoptr(BpModelFile) file = bp_model_file_new_from_training (dataset, &data_options, model,
                                                                     bp_trainer_get_config (trainer), history);
      if (!bp_model_file_save (file, train->save, &error))
        return fail (EXIT_BAD_INPUT, "%s", error->message);
    }
  const BpEpochRecord *last = history->len ? &g_array_index (history, BpEpochRecord, history->len - 1) : NULL;
  double seconds = 0.0;
  for (guint i = 0; i < history->len; i++)
    seconds += g_array_index (history, BpEpochRecord, i).seconds;
  const char *metric = bp_metric_name (dataset->task);
  if (args->json || train->quiet)
    {
      g_autofree char *val_metric = g_strconcat ("val_", metric, NULL);
      BpJsonWriter j;
  bp_json_writer_init (&j);
      bp_json_open (&j, NULL, '{', TRUE);
      bp_json_bool (&j, "final", TRUE);
      bp_json_int (&j, "epochs", history->len);
      bp_json_string (&j, "stop_reason", bp_stop_reason_to_string (bp_trainer_get_stop_reason (trainer)));
      bp_json_int (&j, "best_epoch", bp_trainer_get_best_epoch (trainer));
      bp_json_bool (&j, "restored_best", bp_trainer_restored_best (trainer));
      bp_json_double (&j, "seconds", seconds);
      bp_json_double (&j, "samples_per_second", seconds > 0.0 ? (double) (dataset->n_train * history->len) / seconds : 0.0);
      bp_json_double (&j, "loss", last ? last->loss : NAN);
      bp_json_double (&j, metric, last ? last->metric : NAN);
      bp_json_double (&j, "val_loss", last ? last->val_loss : NAN);
      bp_json_double (&j, val_metric, last ? last->val_metric : NAN);
      bp_json_open (&j, "model", '{', TRUE);
      bp_json_int (&j, "inputs", (gint64) spec->n_inputs);
      bp_json_open (&j, "layers", '[', TRUE);
      for (guint l = 0; l < spec->layers->len; l++)
        {
          const BpLayerSpec *layer = &g_array_index (spec->layers, BpLayerSpec, l);
          bp_json_open (&j, NULL, '{', TRUE);
          bp_json_int (&j, "units", layer->units);
          bp_json_string (&j, "activation", bp_activation_to_string (layer->activation));
          bp_json_double (&j, "dropout", layer->dropout);
          bp_json_close (&j, '}');
        }
      bp_json_close (&j, ']');
      bp_json_string (&j, "loss", bp_loss_to_string (spec->loss));
      bp_json_int (&j, "parameters", (gint64) model->n_params);
      bp_json_close (&j, '}');
      bp_json_string (&j, "task", bp_task_to_string (dataset->task));
      bp_json_int (&j, "train_rows", (gint64) dataset->n_train);
      bp_json_int (&j, "validation_rows", (gint64) dataset->n_validation);
      bp_json_int (&j, "threads", train->threads);
      bp_json_int (&j, "seed", (gint64) config.seed);
      if (train->save)
        {
          g_autofree char *saved = g_filename_display_name (train->save);
          bp_json_string (&j, "saved", saved);
        }
      bp_json_close (&j, '}');
      g_autofree char *text = bp_json_writer_finish (&j, NULL);
      printf ("%s\n", text);
    }
  else
    {
      printf ("Stopped: %s after %u epochs, %.3f s of training\n",
              bp_stop_reason_to_string (bp_trainer_get_stop_reason (trainer)), history->len, seconds);
      if (bp_trainer_restored_best (trainer))
        printf ("The weights of epoch %u, the best, were restored\n", bp_trainer_get_best_epoch (trainer));
      if (train->save)
        {
          g_autofree char *saved = g_filename_display_name (train->save);
          printf ("Model saved to %s\n", saved);
        }
    }

  return 0;
}


static int
cmd_train (int argc, char **argv)
{
  /* Unset options take the project's value (or the defaults below). */
  DataArgs args = { .validation_split = NAN, .test_split = NAN, .seed = SEED_UNSET };
  TrainArgs train = {
    .dropout = NAN, .epochs = INT_UNSET, .batch_size = INT_UNSET, .lr = NAN, .momentum = NAN,
    .weight_decay = NAN, .l1 = NAN, .l2 = NAN, .clip_norm = NAN, .label_smoothing = NAN, .threads = 1,
    .patience = INT_UNSET, .min_delta = NAN, .target_metric = NAN, .time_limit = NAN,
  };
  GOptionEntry train_entries[] = {
    { "layers", 'l', 0, G_OPTION_ARG_STRING, &train.layers, "Hidden layers as UNITS:ACTIVATION[:DROPOUT], comma-separated (default: 128:relu,64:relu)", "SPEC" },
    { "dropout", 0, 0, G_OPTION_ARG_DOUBLE, &train.dropout, "Dropout after every hidden layer that sets none (default: 0)", "P" },
    { "epochs", 'e', 0, G_OPTION_ARG_INT, &train.epochs, "Epochs (default: 10)", "N" },
    { "batch-size", 'b', 0, G_OPTION_ARG_INT, &train.batch_size, "Rows per batch (default: 32)", "N" },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &train.optimizer, "sgd, momentum, rmsprop, adam or adamw (default: adam)", "NAME" },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &train.lr, "Learning rate (default: 0.001 for adam)", "RATE" },
    { "momentum", 0, 0, G_OPTION_ARG_DOUBLE, &train.momentum, "Momentum for SGD (default: 0.9 with --optimizer momentum)", "M" },
    { "nesterov", 0, 0, G_OPTION_ARG_NONE, &train.nesterov, "Nesterov momentum", NULL },
    { "weight-decay", 0, 0, G_OPTION_ARG_DOUBLE, &train.weight_decay, "AdamW's weight decay (default: 0.004)", "W" },
    { "l1", 0, 0, G_OPTION_ARG_DOUBLE, &train.l1, "L1 penalty on weights", "L" },
    { "l2", 0, 0, G_OPTION_ARG_DOUBLE, &train.l2, "L2 penalty on weights", "L" },
    { "clip-norm", 0, 0, G_OPTION_ARG_DOUBLE, &train.clip_norm, "Clip gradients to this global norm", "N" },
    { "schedule", 0, 0, G_OPTION_ARG_STRING, &train.schedule, "constant, step, exponential, cosine or plateau (default: constant)", "NAME" },
    { "label-smoothing", 0, 0, G_OPTION_ARG_DOUBLE, &train.label_smoothing, "Label smoothing for classification", "S" },
    { "init", 0, 0, G_OPTION_ARG_STRING, &train.init, "glorot_uniform, he_uniform or he_normal (default: glorot_uniform)", "NAME" },
    { "loss", 0, 0, G_OPTION_ARG_STRING, &train.loss, "Regression loss: mse, mae or huber (default: mse)", "NAME" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &train.threads, "OpenBLAS threads (default: 1)", "N" },
    { "early-stopping", 0, 0, G_OPTION_ARG_INT, &train.patience, "Stop after this many epochs without improvement", "PATIENCE" },
    { "min-delta", 0, 0, G_OPTION_ARG_DOUBLE, &train.min_delta, "Smallest change that counts as improvement", "D" },
    { "monitor", 0, 0, G_OPTION_ARG_STRING, &train.monitor, "val_loss or val_metric (default: val_loss)", "WHAT" },
    { "target-metric", 0, 0, G_OPTION_ARG_DOUBLE, &train.target_metric, "Stop once the validation metric reaches this", "X" },
    { "time-limit", 0, 0, G_OPTION_ARG_DOUBLE, &train.time_limit, "Stop after this many seconds of training", "S" },
    { "history", 0, 0, G_OPTION_ARG_FILENAME, &train.history, "Write the per-epoch history as CSV", "OUT.csv" },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &train.save, "Save the trained model", "MODEL.json" },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &train.project, "Train what a project file says (its data, columns, "
      "layers and settings); the options given here override it, a CSV file or --sample its data", "FILE.backprop" },
    { "save-project", 0, 0, G_OPTION_ARG_FILENAME, &train.save_project, "Save this run's data, column choices, "
      "layers and settings as a project file, before training", "FILE.backprop" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &train.quiet, "Print only the final summary", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE.csv | --sample NAME | --project FILE.backprop");
  g_option_context_set_summary (context,
                                "Train a network on a CSV file (or a generated set, --sample). The defaults are the classic recipe: standardize,\n"
                                "Dense(128, relu), Dense(64, relu), output by task, Adam 1e-3, batch 32,\n"
                                "10 epochs, the last 20% of the rows for validation.\n"
                                "--project FILE.backprop trains what a project saved by the app (or --save-project) says instead;\n"
                                "options given with it override the project's.");
  g_option_context_add_main_entries (context, data_entries (&args), NULL);
  GOptionGroup *group = g_option_group_new ("training", "Training options:", "Show training options", NULL, NULL);
  g_option_group_add_entries (group, train_entries);
  g_option_context_add_group (context, group);

  int status = 0;
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = fail (EXIT_USAGE, "train: %s", error->message);
      goto out;
    }
  if (argc != (args.sample ? 1 : 2) && !(train.project && argc == 1))
    {
      status = fail (EXIT_USAGE, args.sample ? "train takes one CSV file or --sample, not both"
                                             : "train takes one CSV file (see backprop-cli train --help)");
      goto out;
    }
  status = train_main (argc == 2 ? argv[1] : NULL, &args, &train);

out:
  data_args_clear (&args);
  train_args_clear (&train);
  return status;
}

/* ---- evaluate and predict: a saved model on new rows ---------------------- */

/* The options that say how to read a CSV file; the rest of DataArgs
 * (target, split, scaling, …) comes from the model. */
static GOptionEntry *
csv_entries (DataArgs *args, gboolean with_json)
{
  static GOptionEntry entries[9];
  GOptionEntry list[] = {
    { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &args->delimiter, "Field delimiter: , ; tab | (default: detect)", "C" },
    { "header", 0, 0, G_OPTION_ARG_NONE, &args->header, "The first row holds column names", NULL },
    { "no-header", 0, 0, G_OPTION_ARG_NONE, &args->no_header, "The first row is data", NULL },
    { "decimal-comma", 0, 0, G_OPTION_ARG_NONE, &args->decimal_comma, "Numbers are written 1,5", NULL },
    { "no-decimal-comma", 0, 0, G_OPTION_ARG_NONE, &args->no_decimal_comma, "Numbers are written 1.5", NULL },
    { "missing", 0, 0, G_OPTION_ARG_STRING, &args->missing, "Texts that mean a missing value, separated by | (default: |NA|N/A|NaN|null|None|?)", "LIST" },
    { "skip-bad-rows", 0, 0, G_OPTION_ARG_NONE, &args->skip_bad_rows, "Skip rows with the wrong number of fields (they are counted)", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &args->json, "Print one JSON object", NULL },
    { NULL },
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (list) == G_N_ELEMENTS (entries));
  memcpy (entries, list, sizeof list);
  if (!with_json)
    entries[7] = entries[8];   /* end the list before --json */
  return entries;
}

typedef struct {
  BpModelFile *file;
  BpModel     *model;
  BpTable     *table;
  BpDataset   *dataset;
  float       *outputs;     /* predict: n_rows × n_outputs, probabilities or (scaled) values */
} Scored;

static void
scored_clear (Scored *s)
{
  bp_model_file_free (s->file);
  bp_model_free (s->model);
  bp_table_free (s->table);
  bp_dataset_free (s->dataset);
  g_free (s->outputs);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scored, scored_clear)

/* Load a model and a CSV file, encode the rows with the model's transform
 * and, for predict, run the model on them. Returns an exit status. */
static int
score_file (const char *model_path, const char *data_path, DataArgs *args, gboolean need_target, Scored *s)
{
  g_autoptr(GError) error = NULL;
  s->file = bp_model_file_load (model_path, &error);
  if (s->file == NULL)
    return fail (EXIT_BAD_INPUT, "%s", error->message);
  s->model = bp_model_file_build_model (s->file, &error);
  if (s->model == NULL)
    {
      g_autofree char *display = g_filename_display_name (model_path);
      return fail (EXIT_BAD_INPUT, "%s: %s", display, error->message);
    }

  int status = 0;
  g_auto(GStrv) markers = NULL;
  g_auto(BpDataSource) source = BP_DATA_SOURCE_INIT;
  bp_data_source_set_file (&source, data_path);
  s->table = load_table (&source, args, &markers, &status);
  if (s->table == NULL)
    return status;
  s->dataset = bp_dataset_new_for_transform (s->table, s->file->transform, need_target, &error);
  if (s->dataset == NULL)
    return fail (EXIT_BAD_INPUT, "%s", error->message);
  for (guint i = 0; i < s->table->warnings->len; i++)
    fprintf (stderr, "%s: warning: %s\n", program, (char *) s->table->warnings->pdata[i]);
  for (guint i = 0; i < s->dataset->warnings->len; i++)
    fprintf (stderr, "%s: warning: %s\n", program, (char *) s->dataset->warnings->pdata[i]);

  /* evaluate runs the model itself, through bp_evaluation_new_full. */
  if (need_target)
    return 0;

  const gsize n = s->dataset->n_rows, k = bp_model_n_outputs (s->model);
  s->outputs = g_try_new (float, MAX (n * k, 1));
  if (s->outputs == NULL)
    return fail (EXIT_BAD_INPUT, _("%s: not enough memory for %zu predictions"),
                 s->table->display_name, n);
  g_autoptr(BpWorkspace) ws = bp_workspace_new (s->model, 1024, FALSE);
  bp_model_predict (s->model, ws, s->outputs, s->dataset->x, n);
  return 0;
}

static void
json_scores (BpJsonWriter *j, const char *key, const BpClassScores *scores, const char *name)
{
  bp_json_open (j, key, '{', TRUE);
  if (name)
    bp_json_string (j, "class", name);
  bp_json_double (j, "precision", scores->precision);
  bp_json_double (j, "recall", scores->recall);
  bp_json_double (j, "f1", scores->f1);
  bp_json_int (j, "support", (gint64) scores->support);
  bp_json_close (j, '}');
}

static void
print_scores (const char *name, int width, const BpClassScores *scores)
{
  glong chars = g_utf8_strlen (name, -1);
  printf ("  %s%*s  %9.4f %9.4f %9.4f %9" G_GUINT64_FORMAT "\n", name, (int) MAX (0, width - chars), "",
          scores->precision, scores->recall, scores->f1, scores->support);
}

static int
evaluate_main (const char *model_path, const char *data_path, DataArgs *args)
{
  g_auto(Scored) s = { 0 };
  int status = score_file (model_path, data_path, args, TRUE, &s);
  if (status != 0)
    return status;

  const BpDataset *d = s.dataset;
  const BpTransform *t = s.file->transform;
  const gsize n = d->n_rows;
  g_autoptr(GError) error = NULL;
  /* The loss as training reports it for validation rows: the data term
   * with the training's class weights and no label smoothing, plus any
   * L1/L2 penalty on the weights. */
  BpLossConfig loss_config = { .loss = s.model->spec->loss, .class_weights = s.file->config.class_weights };
  g_autoptr(BpOptimizer) optimizer = bp_optimizer_new (s.model, &s.file->config.optimizer);
  g_autoptr(BpEvaluation) ev = bp_evaluation_new_full (s.model, d, d->test, d->n_test, &loss_config,
                                                       bp_optimizer_penalty (optimizer, s.model), &error);
  if (ev == NULL)
    return fail (EXIT_BAD_INPUT, "%s: %s", s.table->display_name, error->message);
  const double loss = ev->loss;
  g_autofree char *model_display = g_filename_display_name (model_path);

  BpJsonWriter j;
  bp_json_writer_init (&j);
  bp_json_open (&j, NULL, '{', TRUE);
  bp_json_string (&j, "model", model_display);
  bp_json_string (&j, "data", s.table->display_name);
  bp_json_string (&j, "task", bp_task_to_string (t->task));
  bp_json_string (&j, "target", t->target_name);
  bp_json_int (&j, "rows", (gint64) n);
  bp_json_int (&j, "dropped_rows", (gint64) d->n_dropped);
  bp_json_string (&j, "loss_function", bp_loss_to_string (s.model->spec->loss));
  bp_json_double (&j, "loss", loss);

  if (!args->json)
    {
      printf ("Model: %s (%s, target “%s”, %s)\n", model_display, bp_task_to_string (t->task), t->target_name,
              s.file->created_by);
      printf ("Data:  %s, %" G_GSIZE_FORMAT " rows", s.table->display_name, n);
      if (d->n_dropped)
        printf (" (%" G_GSIZE_FORMAT " without a target left out)", d->n_dropped);
      printf ("\n\n  %-10s %.6g (%s)\n", "loss", loss, bp_loss_to_string (s.model->spec->loss));
    }

  if (t->task == BP_TASK_REGRESSION)
    {
      /* Scores in the target's own units. */
      const BpRegressionScores scores = ev->regression;
      bp_json_double (&j, "mae", scores.mae);
      bp_json_double (&j, "rmse", scores.rmse);
      bp_json_double (&j, "r2", scores.r2);
      if (!args->json)
        printf ("  MAE        %.6g\n  RMSE       %.6g\n  R²         %.6g\n", scores.mae, scores.rmse, scores.r2);
    }
  else
    {
      const gsize n_classes = d->n_classes;
      const BpConfusion *confusion = ev->confusion;
      const double accuracy = ev->accuracy;
      const BpClassScores *per_class = ev->class_scores;
      const BpRoc *roc = ev->roc;
      /* Without a curve, ask bp_roc_new why (one class only, or NaN). */
      g_autoptr(GError) roc_error = NULL;
      if (t->task == BP_TASK_BINARY && roc == NULL)
        bp_roc_free (bp_roc_new (ev->outputs, d->labels, n, &roc_error));

      bp_json_double (&j, "accuracy", accuracy);
      bp_json_open (&j, "classes", '[', TRUE);
      for (gsize c = 0; c < n_classes; c++)
        bp_json_string (&j, NULL, d->class_names[c]);
      bp_json_close (&j, ']');
      bp_json_open (&j, "confusion", '[', TRUE);
      for (gsize r = 0; r < n_classes; r++)
        {
          bp_json_open (&j, NULL, '[', TRUE);
          for (gsize c = 0; c < n_classes; c++)
            bp_json_int (&j, NULL, (gint64) confusion->counts[r * n_classes + c]);
          bp_json_close (&j, ']');
        }
      bp_json_close (&j, ']');
      bp_json_open (&j, "per_class", '[', TRUE);
      for (gsize c = 0; c < n_classes; c++)
        json_scores (&j, NULL, &per_class[c], d->class_names[c]);
      bp_json_close (&j, ']');
      json_scores (&j, "macro_avg", &ev->macro, NULL);
      json_scores (&j, "weighted_avg", &ev->weighted, NULL);
      if (t->task == BP_TASK_BINARY)
        bp_json_double (&j, "roc_auc", roc ? roc->auc : NAN);

      if (!args->json)
        {
          printf ("  %-10s %.4f\n", "accuracy", accuracy);
          if (t->task == BP_TASK_BINARY)
            {
              if (roc)
                printf ("  %-10s %.4f\n", "ROC AUC", roc->auc);
              else
                printf ("  %-10s n/a (%s)\n", "ROC AUC", roc_error->message);
            }

          int width = 12;
          for (gsize c = 0; c < n_classes; c++)
            width = MAX (width, MIN (24, (int) g_utf8_strlen (d->class_names[c], -1)));
          printf ("\nConfusion matrix (rows: true class, columns: predicted class)\n  %*s", width, "");
          for (gsize c = 0; c < n_classes; c++)
            printf (" %10.10s", d->class_names[c]);
          printf ("\n");
          for (gsize r = 0; r < n_classes; r++)
            {
              glong chars = g_utf8_strlen (d->class_names[r], -1);
              printf ("  %s%*s", d->class_names[r], (int) MAX (0, width - chars), "");
              for (gsize c = 0; c < n_classes; c++)
                printf (" %10" G_GUINT64_FORMAT, confusion->counts[r * n_classes + c]);
              printf ("\n");
            }
          printf ("\n  %-*s  %9s %9s %9s %9s\n", width, "class", "precision", "recall", "f1", "support");
          for (gsize c = 0; c < n_classes; c++)
            print_scores (d->class_names[c], width, &per_class[c]);
          print_scores ("macro avg", width, &ev->macro);
          print_scores ("weighted avg", width, &ev->weighted);
        }
    }
  bp_json_close (&j, '}');
  g_autofree char *text = bp_json_writer_finish (&j, NULL);
  if (args->json)
    printf ("%s\n", text);
  return 0;
}

/* A CSV field, quoted when it holds the delimiter, a quote, a line break
 * or edge spaces. */
static void
csv_field (GString *out, const char *text)
{
  gsize length = strlen (text);
  gboolean quote = strpbrk (text, ",\"\r\n") != NULL ||
                   (length > 0 && (text[0] == ' ' || text[length - 1] == ' '));
  if (!quote)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* The shortest text that reads back as the same float32. */
static void
csv_float (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const float f = (float) value;
  if (!isfinite (f))
    return;   /* an empty field */
  for (int digits = 6; digits <= 9; digits++)
    {
      char format[8];
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, format, f);
      if ((float) g_ascii_strtod (buf, NULL) == f)
        break;
    }
  g_string_append (out, buf);
}

static int
predict_main (const char *model_path, const char *data_path, DataArgs *args, const char *out_path)
{
  g_auto(Scored) s = { 0 };
  int status = score_file (model_path, data_path, args, FALSE, &s);
  if (status != 0)
    return status;

  const BpDataset *d = s.dataset;
  const gsize n = d->n_rows, k = d->n_outputs;
  g_autoptr(GString) out = g_string_new (NULL);
  csv_field (out, d->target_name);
  for (gsize c = 0; c < d->n_classes; c++)
    {
      g_autofree char *name = g_strconcat ("p_", d->class_names[c], NULL);
      g_string_append_c (out, ',');
      csv_field (out, name);
    }
  g_string_append_c (out, '\n');

  g_autofree guint32 *predicted = NULL;
  if (d->task != BP_TASK_REGRESSION)
    {
      predicted = g_new (guint32, MAX (n, 1));
      bp_predict_classes (predicted, s.outputs, n, k);
    }
  for (gsize i = 0; i < n; i++)
    {
      const float *o = s.outputs + i * k;
      switch (d->task)
        {
        case BP_TASK_REGRESSION:
          csv_float (out, bp_dataset_target_in_units (d, o[0]));
          break;
        case BP_TASK_BINARY:
          csv_field (out, d->class_names[predicted[i]]);
          g_string_append_c (out, ',');
          csv_float (out, 1.0 - (double) o[0]);
          g_string_append_c (out, ',');
          csv_float (out, o[0]);
          break;
        case BP_TASK_MULTICLASS:
        case BP_TASK_AUTO:
        default:
          csv_field (out, d->class_names[predicted[i]]);
          for (gsize c = 0; c < k; c++)
            {
              g_string_append_c (out, ',');
              csv_float (out, o[c]);
            }
          break;
        }
      g_string_append_c (out, '\n');
    }

  if (out_path == NULL || g_str_equal (out_path, "-"))
    {
      if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
        return fail (EXIT_BAD_INPUT, _("the predictions could not be written: %s"), g_strerror (errno));
      return 0;
    }
  g_autoptr(GError) error = NULL;
  if (!g_file_set_contents (out_path, out->str, (gssize) out->len, &error))
    {
      g_autofree char *display = g_filename_display_name (out_path);
      return fail (EXIT_BAD_INPUT, _("%s: the predictions could not be written: %s"), display, error->message);
    }
  return 0;
}

/* evaluate and predict take the same two files. */
static int
cmd_apply (int argc, char **argv, gboolean predict)
{
  const char *command = predict ? "predict" : "evaluate";
  DataArgs args = { .validation_split = NAN, .test_split = NAN };
  g_autofree char *out_path = NULL;
  GOptionEntry predict_entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "Write the predictions here (default: standard output)", "OUT.csv" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("MODEL.json DATA.csv");
  g_option_context_set_summary (context, predict
    ? "Predict the target of every row of a CSV file with a saved model. Writes a CSV file:\n"
      "the predicted class and one probability column p_CLASS per class, or the predicted\n"
      "value in the target's units. Missing values are filled as in training, so every row\n"
      "gets a prediction."
    : "Score a saved model on a CSV file that holds the true target: the loss, accuracy,\n"
      "confusion matrix, per-class precision, recall and F1 and ROC AUC for classification,\n"
      "or MAE, RMSE and R² for regression. Rows without a target are left out.");
  g_option_context_add_main_entries (context, csv_entries (&args, !predict), NULL);
  if (predict)
    g_option_context_add_main_entries (context, predict_entries, NULL);

  int status;
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = fail (EXIT_USAGE, "%s: %s", command, error->message);
  else if (argc != 3)
    status = fail (EXIT_USAGE, _("%s takes a model file and a CSV file (see backprop-cli %s --help)"), command, command);
  else if (predict)
    status = predict_main (argv[1], argv[2], &args, out_path);
  else
    status = evaluate_main (argv[1], argv[2], &args);
  data_args_clear (&args);
  return status;
}

static void
usage (FILE *stream)
{
  fprintf (stream,
           "Usage: %s COMMAND [OPTION…]\n"
           "\n"
           "Commands:\n"
           "  inspect FILE.csv   Describe a CSV file: columns, types, target, task, split\n"
           "  train FILE.csv     Train a network on it and print its progress (--save MODEL.json)\n"
           "                     (both take --sample circles|xor|gaussians|spiral instead of a file)\n"
           "  train --project FILE.backprop   Train what a project says (--save-project writes one)\n"
           "  evaluate MODEL.json DATA.csv   Score a saved model on rows with a known target\n"
           "  predict MODEL.json DATA.csv    Predict the target of every row (CSV on stdout or -o)\n"
           "  export --to pytorch|keras|onnx INPUT -o OUT   A project or model as code or ONNX\n"
           "\n"
           "Run “%s COMMAND --help” for a command's options.\n", program, program);
}

int
main (int argc, char **argv)
{
  /* Messages in the user's language; numbers in files are read without
   * the locale (g_ascii_strtod), so this is safe. */
  setlocale (LC_ALL, "");
  /* ...but printed numbers stay in the C locale: scripts parse them. */
  setlocale (LC_NUMERIC, "C");
  /* BACKPROP_LOCALEDIR: translations from a build tree, before installing. */
  const char *localedir = g_getenv ("BACKPROP_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* One BLAS thread unless a command asks for more: OpenBLAS's idle pool
   * would otherwise spin on the other core while we read files. */
  bp_blas_set_threads (1);

  if (argc < 2)
    {
      usage (stderr);
      return EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      usage (stdout);
      return 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("backprop-cli %s\n", BP_VERSION);
      return 0;
    }
  if (g_str_equal (argv[1], "inspect"))
    return cmd_inspect (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "train"))
    return cmd_train (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "evaluate"))
    return cmd_apply (argc - 1, argv + 1, FALSE);
  if (g_str_equal (argv[1], "predict"))
    return cmd_apply (argc - 1, argv + 1, TRUE);
  if (g_str_equal (argv[1], "export"))
    return bp_cli_export (argc - 1, argv + 1);

  usage (stderr);
  return fail (EXIT_USAGE, _("unknown command “%s”"), argv[1]);
}
