/* backprop-cli-inspect.c: `backprop-cli inspect`: a CSV file's columns,
 * types, target, task and split, as text for people or one JSON object. */
#include "backprop-cli.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n-lib.h>

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

/* Each column's role, worked out once: looking each column up among the
 * features made inspecting 100 000 columns quadratic. */
static const char **
column_roles (const BpTable *table, const BpDataset *dataset, const BpColumnRole *roles)
{
  const char **role = g_new (const char *, MAX (table->n_columns, 1));
  for (gsize c = 0; c < table->n_columns; c++)
    {
      if (dataset)
        role[c] = "ignored";
      else if (roles && roles[c] == BP_ROLE_IGNORED)
        role[c] = "ignored";
      else
        role[c] = bp_column_type_is_usable (table->columns[c].type) ? "feature" : "ignored";
    }
  if (dataset)
    {
      for (gsize f = 0; f < dataset->n_feature_columns; f++)
        role[dataset->features[f].column] = "feature";
      role[dataset->target_column] = "target";
    }
  return role;
}

static void
print_inspect_json (const BpTable *table, const BpDataset *dataset, const BpColumnRole *roles,
                    const GError *dataset_error)
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

  g_autofree const char **role = column_roles (table, dataset, roles);
  bp_json_open (&j, "columns", '[', TRUE);
  for (gsize c = 0; c < table->n_columns; c++)
    {
      const BpColumn *column = &table->columns[c];
      bp_json_open (&j, NULL, '{', TRUE);
      bp_json_string (&j, "name", column->name);
      bp_json_string (&j, "type", bp_column_type_to_string (column->type));
      bp_json_string (&j, "role", role[c]);
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
      bp_json_string (&j, "method", bp_split_to_string (dataset->split));
      if (dataset->split_note)
        bp_json_string (&j, "note", dataset->split_note);
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
                    const GError *dataset_error)
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

  g_autofree const char **role = column_roles (table, dataset, roles);
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
      g_string_append_printf (line, "  %s", role[c]);
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
              G_GSIZE_FORMAT " test rows\n", bp_split_to_string (dataset->split),
              dataset->n_train, dataset->n_validation, dataset->n_test);
      if (dataset->split_note)
        printf ("  Note:   %s\n", dataset->split_note);
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

int
bp_cli_inspect (int argc, char **argv)
{
  BpCliDataArgs args = BP_CLI_DATA_ARGS_INIT;
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE.csv | --sample NAME");
  g_option_context_set_summary (context, "Read a CSV file (or generate one with --sample) and describe its columns, target and split.");
  g_option_context_set_main_group (context, bp_cli_data_group (&args));

  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bp_cli_data_args_clear (&args);
      return bp_cli_fail (EXIT_USAGE, "inspect: %s", error->message);
    }
  if (argc != (args.sample ? 1 : 2))
    {
      bp_cli_data_args_clear (&args);
      return bp_cli_fail (EXIT_USAGE, args.sample ? "inspect takes one CSV file or --sample, not both"
                                           : "inspect takes one CSV file (see backprop-cli inspect --help)");
    }

  int status = 0;
  g_auto(GStrv) markers = NULL;
  g_auto(BpDataSource) source = BP_DATA_SOURCE_INIT;
  if (!args.sample)
    bp_data_source_set_file (&source, argv[1]);
  g_autoptr(BpTable) table = bp_cli_load_table (&source, &args, &markers, &status);
  if (table == NULL)
    {
      bp_cli_data_args_clear (&args);
      return status;
    }

  g_autofree BpColumnRole *roles = NULL;
  g_autoptr(GError) dataset_error = NULL;
  g_autoptr(BpDataset) dataset = bp_cli_make_dataset (table, FALSE, &args, NULL, &roles, NULL, &dataset_error, &status);
  if (dataset == NULL && dataset_error == NULL)
    {
      bp_cli_data_args_clear (&args);
      return status;
    }
  /* With no choices made, a file no dataset can come from is still
   * described; choices the data cannot honour are an error. */
  gboolean chose = args.target || args.task || args.split || args.ignore || args.impute ||
                   !isnan (args.validation_split) || !isnan (args.test_split);
  if (dataset == NULL && chose)
    {
      bp_cli_data_args_clear (&args);
      return bp_cli_fail (EXIT_BAD_INPUT, "%s: %s", table->display_name, dataset_error->message);
    }

  if (args.json)
    print_inspect_json (table, dataset, roles, dataset_error);
  else
    print_inspect_text (table, dataset, roles, dataset_error);

  bp_cli_data_args_clear (&args);
  return 0;
}
