/* backprop-cli-data.c: the options of the commands that read a CSV file,
 * and the table and dataset they make (see backprop-cli.h). */
#include "backprop-cli.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

void
bp_cli_data_args_clear (BpCliDataArgs *args)
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

/* How to read a CSV file: the eight entries every command that reads one
 * takes, in the order --help lists them. */
#define N_READ_ENTRIES 8

static void
read_entries (BpCliDataArgs *args, GOptionEntry *out)
{
  const GOptionEntry list[N_READ_ENTRIES] = {
    { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &args->delimiter, "Field delimiter: , ; tab | (default: detect)", "C" },
    { "header", 0, 0, G_OPTION_ARG_NONE, &args->header, "The first row holds column names", NULL },
    { "no-header", 0, 0, G_OPTION_ARG_NONE, &args->no_header, "The first row is data", NULL },
    { "decimal-comma", 0, 0, G_OPTION_ARG_NONE, &args->decimal_comma, "Numbers are written 1,5", NULL },
    { "no-decimal-comma", 0, 0, G_OPTION_ARG_NONE, &args->no_decimal_comma, "Numbers are written 1.5", NULL },
    { "missing", 0, 0, G_OPTION_ARG_STRING, &args->missing, "Texts that mean a missing value besides an empty cell, separated by | (default: NA|N/A|NaN|null|None|?)", "LIST" },
    { "keep-empty", 0, 0, G_OPTION_ARG_NONE, &args->keep_empty, "Read empty cells as a value of their own, not as missing", NULL },
    { "skip-bad-rows", 0, 0, G_OPTION_ARG_NONE, &args->skip_bad_rows, "Skip rows with the wrong number of fields (they are counted)", NULL },
  };
  memcpy (out, list, sizeof list);
}

static GOptionEntry
json_entry (BpCliDataArgs *args)
{
  return (GOptionEntry) { "json", 0, 0, G_OPTION_ARG_NONE, &args->json, "Print one JSON object", NULL };
}

gboolean
bp_cli_parse_number (const BpCliNumber *numbers,
                     gsize              n_numbers,
                     const char        *option,
                     const char        *value,
                     gpointer           args,
                     GError           **error)
{
  const BpCliNumber *number = NULL;
  for (gsize i = 0; i < n_numbers && number == NULL; i++)
    if (g_str_equal (numbers[i].option, option) ||
        (numbers[i].short_name && option[0] == '-' && option[1] == numbers[i].short_name && option[2] == '\0'))
      number = &numbers[i];
  g_return_val_if_fail (number != NULL, FALSE);

  double parsed;
  if (!bp_range_parse (&number->range, number->option, value, &parsed, error))
    return FALSE;
  if (number->whole)
    *(gint *) G_STRUCT_MEMBER_P (args, number->offset) = (gint) parsed;
  else
    *(double *) G_STRUCT_MEMBER_P (args, number->offset) = parsed;
  return TRUE;
}

static gboolean
on_data_number (const char *option, const char *value, gpointer args, GError **error)
{
  static const BpCliNumber numbers[] = {
    { "--validation-split", G_STRUCT_OFFSET (BpCliDataArgs, validation_split), FALSE, { BP_RANGE_FRACTION } },
    { "--test-split", G_STRUCT_OFFSET (BpCliDataArgs, test_split), FALSE, { BP_RANGE_FRACTION } },
  };
  return bp_cli_parse_number (numbers, G_N_ELEMENTS (numbers), option, value, args, error);
}

GOptionGroup *
bp_cli_data_group (BpCliDataArgs *args)
{
  const GOptionEntry choices[] = {
    { "target", 't', 0, G_OPTION_ARG_STRING, &args->target, "Target column, by name or number (default: the last usable)", "COL" },
    { "task", 0, 0, G_OPTION_ARG_STRING, &args->task, "binary, multiclass or regression (default: detect)", "TASK" },
    { "split", 0, 0, G_OPTION_ARG_STRING, &args->split, "keras, shuffle, stratified or auto (default: auto: keras, or "
      "stratified when the last rows would leave a class out)", "HOW" },
    { "validation-split", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_data_number, "Fraction of rows for validation (default: 0.2)", "F" },
    { "test-split", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_data_number, "Fraction of rows held out for testing (default: 0)", "F" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &args->seed, "Seed for shuffled splits (default: 0)", "N" },
    { "impute", 0, 0, G_OPTION_ARG_NONE, &args->impute, "Fill missing values instead of dropping rows", NULL },
    { "scaling", 0, 0, G_OPTION_ARG_STRING, &args->scaling, "standardize, minmax or none (default: standardize)", "HOW" },
    { "scale-target", 0, 0, G_OPTION_ARG_NONE, &args->scale_target, "Regression: standardize the target too, the default "
      "(results stay in its units)", NULL },
    { "no-scale-target", 0, 0, G_OPTION_ARG_NONE, &args->no_scale_target, "Regression: learn the target's values as they are", NULL },
    { "ignore", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->ignore, "Leave a column out (repeatable)", "COL" },
    { "type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->types, "Set a column's type, e.g. rating:categorical (repeatable)", "COL:TYPE" },
    { "sample", 0, 0, G_OPTION_ARG_STRING, &args->sample, "Instead of a file, a generated set: circles, xor, gaussians or spiral, "
      "ROWS rows (default: 500) with Gaussian noise of σ NOISE (default: 0.1; the points span about -1..1), "
      "e.g. spiral:1000:0.2; --seed picks another set", "NAME[:ROWS[:NOISE]]" },
    { NULL },
  };
  /* GOption keeps pointers into the table while it parses. */
  static GOptionEntry entries[1 + N_READ_ENTRIES + G_N_ELEMENTS (choices)];
  entries[0] = json_entry (args);
  read_entries (args, entries + 1);
  memcpy (entries + 1 + N_READ_ENTRIES, choices, sizeof choices);
  /* As g_option_context_add_main_entries() makes it, with @args for the
   * callbacks. */
  GOptionGroup *group = g_option_group_new (NULL, NULL, NULL, args, NULL);
  g_option_group_add_entries (group, entries);
  return group;
}

GOptionEntry *
bp_cli_csv_entries (BpCliDataArgs *args, gboolean with_json)
{
  static GOptionEntry entries[N_READ_ENTRIES + 2];
  read_entries (args, entries);
  entries[N_READ_ENTRIES] = with_json ? json_entry (args) : (GOptionEntry) { NULL };
  entries[N_READ_ENTRIES + 1] = (GOptionEntry) { NULL };
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
generate_table (const BpCliDataArgs *args, BpDataSource *source, int *status)
{
  if (args->delimiter || args->header || args->no_header || args->decimal_comma || args->no_decimal_comma ||
      args->missing || args->keep_empty || args->skip_bad_rows)
    {
      *status = bp_cli_fail (EXIT_USAGE, _("--sample makes its own data; --delimiter, --header, --no-header, --decimal-comma, "
                                  "--no-decimal-comma, --missing, --keep-empty and --skip-bad-rows are for files"));
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
      *status = bp_cli_fail (EXIT_USAGE, _("--sample takes NAME[:ROWS[:NOISE]] with NAME one of %s, e.g. spiral:1000:0.2; "
                                  "not “%s”"), names, args->sample);
      return NULL;
    }
  g_autoptr(GError) error = NULL;
  bp_data_source_set_generated (source, kind, (gsize) MIN (rows, G_MAXSIZE), noise, (guint64) MAX (args->seed, 0));
  BpTable *table = bp_data_source_load (source, NULL, NULL, &error);
  if (table == NULL)
    *status = bp_cli_fail (EXIT_USAGE, "--sample: %s", error->message);
  return table;
}

/* --type COL:TYPE, each in turn. */
gboolean
bp_cli_apply_types (BpTable *table, const BpCliDataArgs *args, int *status)
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
          *status = bp_cli_fail (EXIT_USAGE, _("--type takes COLUMN:TYPE with TYPE one of numeric, boolean, "
                                      "categorical, datetime, text, id; not “%s”"), *t);
          return FALSE;
        }
      if (column < 0)
        {
          *status = bp_cli_fail (EXIT_USAGE, _("%s: there is no column “%s”"), table->display_name, name);
          return FALSE;
        }
      if (!bp_table_set_column_type (table, (gsize) column, type, &error))
        {
          /* The message starts with FILE:LINE:COL. */
          *status = bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* The table @source names (a file, or the copy a project keeps of one),
 * read with the options in @args; with --sample, the generated set, and
 * @source set to it. Usage errors set *status to EXIT_USAGE. */
BpTable *
bp_cli_load_table (BpDataSource *source, BpCliDataArgs *args, char ***markers_out, int *status)
{
  BpTableOptions options;
  bp_table_options_init (&options);

  if (args->delimiter && !parse_delimiter (args->delimiter, &options.csv.delimiter))
    {
      *status = bp_cli_fail (EXIT_USAGE, _("--delimiter takes one of , ; tab |, not “%s”"), args->delimiter);
      return NULL;
    }
  if (args->header && args->no_header)
    {
      *status = bp_cli_fail (EXIT_USAGE, _("--header and --no-header contradict each other"));
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
  options.keep_empty = args->keep_empty;
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
      *status = bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      return NULL;
    }

  if (!bp_cli_apply_types (table, args, status))
    return NULL;
  return g_steal_pointer (&table);
}

gboolean
bp_cli_parse_choice (const char *option, const char *value, const char * const *names, int *out, int *status)
{
  *out = bp_names_find (names, value);
  if (*out >= 0)
    return TRUE;
  g_autofree char *list = bp_names_list (names);
  *status = bp_cli_fail (EXIT_USAGE, _("%s takes %s, not “%s”"), option, list, value);
  return FALSE;
}

/* base (NULL: the defaults) holds the options before the arguments; its
 * roles, if any, are *roles_out, which --ignore then changes. */
BpDataset *
bp_cli_make_dataset (BpTable *table, gboolean consume, BpCliDataArgs *args, const BpDatasetOptions *base, BpColumnRole **roles_out,
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
          *status = bp_cli_fail (EXIT_USAGE, _("%s: there is no column “%s”"), table->display_name, args->target);
          return NULL;
        }
    }
  if (args->task && !bp_task_from_string (args->task, &options.task))
    {
      *status = bp_cli_fail (EXIT_USAGE, _("--task takes binary, multiclass or regression, not “%s”"), args->task);
      return NULL;
    }
  if (args->split && !bp_split_from_string (args->split, &options.split))
    {
      *status = bp_cli_fail (EXIT_USAGE, _("--split takes keras, shuffle, stratified or auto, not “%s”"), args->split);
      return NULL;
    }
  if (args->scaling)
    {
      int scaling;
      if (!bp_cli_parse_choice ("--scaling", args->scaling, bp_scaling_names, &scaling, status))
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
      *status = bp_cli_fail (EXIT_USAGE, _("--validation-split and --test-split take fractions from 0 that add up "
                                  "to less than 1"));
      return NULL;
    }
  if (args->seed != SEED_UNSET && args->seed < 0)
    {
      const BpRange seeds = { BP_RANGE_WHOLE, 0, (double) G_MAXINT64 };
      g_autoptr(GError) seed_error = NULL;
      g_autofree char *given = g_strdup_printf ("%" G_GINT64_FORMAT, args->seed);
      bp_range_set_error (&seeds, "--seed", given, &seed_error);
      *status = bp_cli_fail (EXIT_USAGE, "%s", seed_error->message);
      return NULL;
    }
  if (args->seed != SEED_UNSET)
    options.seed = (guint64) args->seed;
  if (args->impute)
    options.missing = BP_MISSING_IMPUTE;
  if (args->scale_target && args->no_scale_target)
    {
      *status = bp_cli_fail (EXIT_USAGE, _("--scale-target and --no-scale-target cannot both be given"));
      return NULL;
    }
  if (args->scale_target)
    options.scale_target = TRUE;
  if (args->no_scale_target)
    options.scale_target = FALSE;

  if (args->ignore)
    {
      if (*roles_out == NULL)
        *roles_out = g_new0 (BpColumnRole, table->n_columns);
      for (char **name = args->ignore; *name; name++)
        {
          int column = find_column (table, *name);
          if (column < 0)
            {
              *status = bp_cli_fail (EXIT_USAGE, _("%s: there is no column “%s”"), table->display_name, *name);
              return NULL;
            }
          (*roles_out)[column] = BP_ROLE_IGNORED;
        }
      options.roles = *roles_out;
    }

  if (options_out)
    *options_out = options;
  return consume ? bp_dataset_new_consuming (table, &options, dataset_error)
                 : bp_dataset_new (table, &options, dataset_error);
}
