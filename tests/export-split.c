/* export-split [--x] PROJECT.backprop [DATA.csv]: the rows Backprop's
 * split gives each part, as the file's data rows counted from 0, in JSON:
 * {"train": […], "validation": […], "test": […]}. test-export.py compares
 * them with what the exported script chooses. With --x: the network's
 * inputs instead, {"x": [[…], …]} (float32, every digit), one row per
 * dataset row, to compare with the script's numbers. */
#include <stdio.h>

#include "bp-engine.h"

static void
print_rows (const char *name, const BpDataset *dataset, const guint32 *rows, gsize n, gboolean last)
{
  printf ("\"%s\": [", name);
  for (gsize i = 0; i < n; i++)
    printf ("%s%u", i ? ", " : "", dataset->source_rows[rows[i]]);
  printf ("]%s", last ? "}\n" : ", ");
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean inputs = argc > 1 && g_str_equal (argv[1], "--x");
  if (inputs)
    argc--, argv++;
  if (argc < 2)
    {
      fprintf (stderr, "usage: export-split [--x] PROJECT.backprop [DATA.csv]\n");
      return 2;
    }
  g_autoptr(BpProject) project = bp_project_load (argv[1], &error);
  g_autoptr(BpTable) table = project ? bp_table_load (argc > 2 ? argv[2] : project->source.path, NULL, &error) : NULL;
  g_autofree BpColumnRole *roles = table ? g_new0 (BpColumnRole, MAX (table->n_columns, 1)) : NULL;
  BpDatasetOptions options;
  g_autoptr(BpDataset) dataset = table && bp_project_apply (project, table, roles, &options, &error)
                                 ? bp_dataset_new (table, &options, &error) : NULL;
  if (dataset == NULL)
    {
      fprintf (stderr, "export-split: %s\n", error->message);
      return 1;
    }
  if (inputs)
    {
      printf ("{\"x\": [");
      for (gsize i = 0; i < dataset->n_rows; i++)
        {
          printf ("%s[", i ? ", " : "");
          for (gsize j = 0; j < dataset->n_features; j++)
            printf ("%s%.9g", j ? ", " : "", (double) dataset->x[i * dataset->n_features + j]);
          printf ("]");
        }
      printf ("]}\n");
      return 0;
    }
  printf ("{");
  print_rows ("train", dataset, dataset->train, dataset->n_train, FALSE);
  print_rows ("validation", dataset, dataset->validation, dataset->n_validation, FALSE);
  print_rows ("test", dataset, dataset->test, dataset->n_test, TRUE);
  return 0;
}
