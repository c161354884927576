#include "test-util.h"

#include <string.h>

char *
sample_path (const char *name)
{
  const char *dir = g_getenv ("BP_SAMPLES");
#ifdef BP_SAMPLES_DEFAULT
  if (dir == NULL)
    dir = BP_SAMPLES_DEFAULT;
#endif
  if (dir == NULL)
    g_error ("BP_SAMPLES is not set; run this test with meson test");
  return g_build_filename (dir, name, NULL);
}

BpTable *
load_sample (const char *name)
{
  g_autofree char *path = sample_path (name);
  g_autoptr(GError) error = NULL;
  BpTable *table = bp_table_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

char *
copy_sample (const char *name, char **dir)
{
  g_autofree char *from = sample_path (name);
  g_autofree char *text = NULL;
  gsize length;
  g_assert_true (g_file_get_contents (from, &text, &length, NULL));
  /* Named after the test (meson sets G_LOG_DOMAIN to it). */
  *dir = g_dir_make_tmp ("bp-" G_LOG_DOMAIN "-XXXXXX", NULL);
  g_assert_nonnull (*dir);
  char *to = g_build_filename (*dir, name, NULL);
  g_assert_true (g_file_set_contents (to, text, (gssize) length, NULL));
  return to;
}

BpTable *
load_text_named (const char *name, const char *csv)
{
  g_autoptr(GError) error = NULL;
  BpTable *table = bp_table_load_data (name, csv, strlen (csv), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

BpDataset *
make_dataset (const BpTable *table, const BpDatasetOptions *options)
{
  g_autoptr(GError) error = NULL;
  BpDataset *dataset = bp_dataset_new (table, options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

void
assert_same_cells (const BpTable *a, const BpTable *b)
{
  g_assert_cmpuint (a->n_rows, ==, b->n_rows);
  g_assert_cmpuint (a->n_columns, ==, b->n_columns);
  for (gsize c = 0; c < a->n_columns; c++)
    {
      g_assert_cmpstr (a->columns[c].name, ==, b->columns[c].name);
      g_assert_cmpint (a->columns[c].type, ==, b->columns[c].type);
      for (gsize r = 0; r < a->n_rows; r++)
        {
          g_autofree char *x = bp_table_cell_text (a, r, c);
          g_autofree char *y = bp_table_cell_text (b, r, c);
          g_assert_cmpstr (x, ==, y);
        }
    }
}
