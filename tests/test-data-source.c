/* test-data-source.c: tests for bp-data-source (where a table came from).
 *
 * Each kind loads the table its own reader gives: a file (bp_table_load),
 * a project's copy of it once the file is gone (the same cells, under the
 * file's name), a built-in sample from the app's resources (linked into
 * this test as into the app), a generated set (bp_sample_generate). Copy
 * and move keep every field; a cancelled load says so; NONE and unknown
 * names fail with a message.
 */
#include <locale.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bp-engine.h"
#include "test-util.h"

static gboolean
stop_now (gpointer user_data)
{
  return FALSE;
}

static void
test_file_then_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = sample_path ("iris.csv");
  g_autofree char *text = NULL;
  gsize length;
  g_assert_true (g_file_get_contents (from, &text, &length, NULL));
  g_autofree char *dir = g_dir_make_tmp ("bp-data-source-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *csv = g_build_filename (dir, "flowers.csv", NULL);
  g_assert_true (g_file_set_contents (csv, text, (gssize) length, NULL));

  g_auto(BpDataSource) source = BP_DATA_SOURCE_INIT;
  bp_data_source_set_file (&source, csv);
  g_assert_cmpint (source.kind, ==, BP_DATA_SOURCE_FILE);
  g_assert_true (bp_data_source_file_readable (&source));
  gboolean from_copy = TRUE;
  g_autoptr(BpTable) table = bp_data_source_load (&source, NULL, &from_copy, &error);
  g_assert_no_error (error);
  g_assert_false (from_copy);
  g_autoptr(BpTable) direct = bp_table_load (csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (table->display_name, ==, direct->display_name);
  assert_same_cells (direct, table);

  /* The copy is kept, but the file is read while it is there. */
  g_assert_true (bp_data_source_read_copy (&source, 1 << 20, &error));
  g_assert_no_error (error);
  g_assert_nonnull (source.copy);
  g_assert_cmpmem (g_bytes_get_data (source.copy, NULL), g_bytes_get_size (source.copy), text, length);
  g_assert_true (g_file_set_contents (csv, "a,b\n1,2\n3,4\n5,6\n", -1, NULL));
  g_autoptr(BpTable) changed = bp_data_source_load (&source, NULL, &from_copy, &error);
  g_assert_no_error (error);
  g_assert_false (from_copy);
  g_assert_cmpuint (changed->n_rows, ==, 3);

  /* The file gone: the copy, under the file's name. */
  g_assert_cmpint (g_unlink (csv), ==, 0);
  g_assert_false (bp_data_source_file_readable (&source));
  g_autoptr(BpTable) copied = bp_data_source_load (&source, NULL, &from_copy, &error);
  g_assert_no_error (error);
  g_assert_true (from_copy);
  g_assert_cmpstr (copied->display_name, ==, "flowers.csv");
  assert_same_cells (direct, copied);

  /* A copy too large is dropped; without a copy the file's error. */
  g_assert_true (g_file_set_contents (csv, text, (gssize) length, NULL));
  g_assert_true (bp_data_source_read_copy (&source, length - 1, &error));
  g_assert_no_error (error);
  g_assert_null (source.copy);
  g_assert_cmpint (g_unlink (csv), ==, 0);
  g_autoptr(BpTable) none = bp_data_source_load (&source, NULL, &from_copy, &error);
  g_assert_null (none);
  g_assert_false (from_copy);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "flowers.csv"));
  g_clear_error (&error);
  /* Reading a copy of a file that is gone keeps the copy there was. */
  source.copy = g_bytes_new_static ("x\n1\n2\n3\n", 8);
  GBytes *kept = source.copy;
  g_assert_false (bp_data_source_read_copy (&source, 1 << 20, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (source.copy == kept);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_copy_and_move (void)
{
  g_auto(BpDataSource) a = BP_DATA_SOURCE_INIT;
  bp_data_source_set_generated (&a, BP_SAMPLE_SPIRAL, 321, 0.25, G_MAXUINT64 - 1);
  g_assert_cmpint (a.kind, ==, BP_DATA_SOURCE_GENERATED);
  g_assert_cmpstr (a.name, ==, "spiral");

  g_auto(BpDataSource) b = BP_DATA_SOURCE_INIT;
  bp_data_source_set_file (&b, "/nowhere/x.csv");
  b.copy = g_bytes_new ("a\n1\n", 4);
  bp_data_source_copy (&b, &a);   /* replaces what b held */
  g_assert_cmpint (b.kind, ==, BP_DATA_SOURCE_GENERATED);
  g_assert_null (b.path);
  g_assert_null (b.copy);
  g_assert_cmpstr (b.name, ==, "spiral");
  g_assert_true (b.name != a.name);
  g_assert_cmpuint (b.rows, ==, 321);
  g_assert_cmpfloat (b.noise, ==, 0.25);
  g_assert_cmpuint (b.seed, ==, G_MAXUINT64 - 1);

  g_auto(BpDataSource) file = BP_DATA_SOURCE_INIT;
  bp_data_source_set_file (&file, "/nowhere/y.csv");
  file.copy = g_bytes_new ("a\n1\n", 4);
  g_auto(BpDataSource) c = BP_DATA_SOURCE_INIT;
  bp_data_source_copy (&c, &file);
  g_assert_cmpstr (c.path, ==, "/nowhere/y.csv");
  g_assert_true (c.copy == file.copy);   /* shared bytes */

  g_auto(BpDataSource) d = BP_DATA_SOURCE_INIT;
  bp_data_source_set_sample (&d, "iris");
  bp_data_source_move (&d, &c);
  g_assert_cmpint (d.kind, ==, BP_DATA_SOURCE_FILE);
  g_assert_cmpstr (d.path, ==, "/nowhere/y.csv");
  g_assert_null (d.name);
  g_assert_cmpint (c.kind, ==, BP_DATA_SOURCE_NONE);
  g_assert_null (c.path);
  g_assert_null (c.copy);

  bp_data_source_clear (&d);
  g_assert_cmpint (d.kind, ==, BP_DATA_SOURCE_NONE);
  g_assert_null (d.path);
  g_assert_null (d.copy);
}

static void
test_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(BpDataSource) source = BP_DATA_SOURCE_INIT;
  bp_data_source_set_sample (&source, "wine");
  g_assert_false (bp_data_source_file_readable (&source));
  g_autoptr(BpTable) table = bp_data_source_load (&source, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (table->display_name, ==, "wine.csv");
  g_autoptr(BpTable) file = load_sample ("wine.csv");
  assert_same_cells (file, table);

  bp_data_source_set_sample (&source, "no-such-sample");
  g_autoptr(BpTable) none = bp_data_source_load (&source, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, G_RESOURCE_ERROR, G_RESOURCE_ERROR_NOT_FOUND);
}

static void
test_generated (void)
{
  g_autoptr(GError) error = NULL;
  static const BpSampleKind kinds[] = { BP_SAMPLE_CIRCLES, BP_SAMPLE_XOR, BP_SAMPLE_GAUSSIANS, BP_SAMPLE_SPIRAL };
  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_auto(BpDataSource) source = BP_DATA_SOURCE_INIT;
      bp_data_source_set_generated (&source, kinds[k], 123, 0.2, 99 + k);
      g_autoptr(BpTable) table = bp_data_source_load (&source, NULL, NULL, &error);
      g_assert_no_error (error);
      g_autoptr(BpTable) direct = bp_sample_generate (kinds[k], 123, 0.2, 99 + k, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (table->display_name, ==, direct->display_name);
      g_assert_cmpuint (table->n_rows, ==, 123);
      assert_same_cells (direct, table);
    }

  /* Out of range, as bp_sample_generate says; an unknown name. */
  g_auto(BpDataSource) bad = BP_DATA_SOURCE_INIT;
  bp_data_source_set_generated (&bad, BP_SAMPLE_XOR, 2, 0.1, 1);
  g_assert_null (bp_data_source_load (&bad, NULL, NULL, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);
  g_free (bad.name);
  bad.name = g_strdup ("moons");
  bad.rows = 100;
  g_assert_null (bp_data_source_load (&bad, NULL, NULL, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "moons"));
  g_clear_error (&error);

  /* Asked to stop: cancelled, for a generated set as for a file. */
  BpTableOptions options;
  bp_table_options_init (&options);
  options.keep_going = stop_now;
  bp_data_source_set_generated (&bad, BP_SAMPLE_XOR, 100, 0.1, 1);
  g_assert_null (bp_data_source_load (&bad, &options, NULL, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_CANCELLED);
  g_clear_error (&error);

  g_auto(BpDataSource) nothing = BP_DATA_SOURCE_INIT;
  g_assert_null (bp_data_source_load (&nothing, NULL, NULL, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
}

/* A project keeps its data as a data source and reads it back. */
static void
test_project_source (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) saved = bp_project_new ();
  bp_data_source_set_generated (&saved->source, BP_SAMPLE_XOR, 200, 0.05, 11);
  gsize length;
  g_autofree char *text = bp_project_to_data (saved, "/tmp/xor.backprop", &length);
  g_assert_nonnull (strstr (text, "\"generated\""));
  g_autoptr(BpProject) project = bp_project_load_data ("/tmp/xor.backprop", text, length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (project->source.kind, ==, BP_DATA_SOURCE_GENERATED);
  g_assert_cmpstr (project->source.name, ==, "xor");
  g_assert_cmpuint (project->source.rows, ==, 200);
  g_assert_cmpfloat (project->source.noise, ==, 0.05);
  g_assert_cmpuint (project->source.seed, ==, 11);
  g_autoptr(BpTable) table = bp_data_source_load (&project->source, NULL, NULL, &error);
  g_assert_no_error (error);
  g_autoptr(BpTable) direct = bp_sample_generate (BP_SAMPLE_XOR, 200, 0.05, 11, &error);
  g_assert_no_error (error);
  assert_same_cells (direct, table);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/data-source/file-then-copy", test_file_then_copy);
  g_test_add_func ("/engine/data-source/copy-and-move", test_copy_and_move);
  g_test_add_func ("/engine/data-source/sample", test_sample);
  g_test_add_func ("/engine/data-source/generated", test_generated);
  g_test_add_func ("/engine/data-source/project", test_project_source);
  return g_test_run ();
}
