/* test-project.c: tests for bp-project (project files).
 *
 * Round trips set every field to something other than its default, for
 * each kind of data, and compare field by field and the text written
 * again. Data paths are checked inside the project's folder, below it and
 * outside it, and loaded from another working directory. The data choices
 * taken from a table are applied to a fresh copy of the same file. Broken
 * files are made from a valid one by replacing one piece of its text and
 * must fail with the right code and a message that names the file and the
 * field. A copy of the data file comes back byte for byte (NUL and bytes
 * that are not UTF-8 too), is kept only up to BP_PROJECT_MAX_COPY, and
 * gives the same table as the file.
 */
#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <unistd.h>

#include "bp-engine.h"
#include "test-util.h"

/* ---- helpers ------------------------------------------------------------ */

/* A project with no field left at its default. */
static BpProject *
full_project (BpDataSourceKind kind)
{
  BpProject *p = bp_project_new ();
  p->source.kind = kind;
  switch (kind)
    {
    case BP_DATA_SOURCE_FILE:
      p->source.path = g_strdup ("/srv/data/breast_cancer.csv");
      break;
    case BP_DATA_SOURCE_SAMPLE:
      p->source.name = g_strdup ("iris");
      break;
    case BP_DATA_SOURCE_GENERATED:
      p->source.name = g_strdup ("spiral");
      p->source.rows = 777;
      p->source.noise = 0.35;
      p->source.seed = G_MAXUINT64 - 4;   /* above G_MAXINT64: written as a string */
      break;
    case BP_DATA_SOURCE_NONE:
    default:
      break;
    }
  p->target = g_strdup ("diagnosis");
  BpProjectColumn columns[] = {
    { g_strdup ("id"), BP_ROLE_IGNORED, BP_COLUMN_ID },
    { g_strdup ("grade"), BP_ROLE_FEATURE, BP_COLUMN_CATEGORICAL },
    { g_strdup ("city name"), BP_ROLE_AUTO, BP_COLUMN_TEXT },
  };
  g_array_append_vals (p->columns, columns, G_N_ELEMENTS (columns));
  p->missing_markers = g_strsplit ("n/a|-|unknown", "|", -1);
  p->keep_empty = TRUE;

  p->data.task = BP_TASK_MULTICLASS;
  p->data.missing = BP_MISSING_IMPUTE;
  p->data.scaling = BP_SCALING_MINMAX;
  p->data.scale_target = FALSE;   /* the default is TRUE */
  p->data.split = BP_SPLIT_STRATIFIED;
  p->data.validation_fraction = 0.15;
  p->data.test_fraction = 0.1;
  p->data.seed = 424242;

  g_array_set_size (p->layers->layers, 0);
  bp_layer_stack_add (p->layers, 33, BP_ACTIVATION_TANH, 0.25f);
  bp_layer_stack_add (p->layers, 7, BP_ACTIVATION_SIGMOID, 0.0f);
  bp_layer_stack_add (p->layers, 5, BP_ACTIVATION_LEAKY_RELU, 0.5f);
  p->layers->init = BP_INIT_HE_NORMAL;
  p->layers->loss = BP_LOSS_HUBER;

  BpTrainConfig *c = &p->config;
  c->epochs = 17;
  c->batch_size = 48;
  c->shuffle = FALSE;
  c->seed = 99;
  c->optimizer.kind = BP_OPTIMIZER_MOMENTUM;
  c->optimizer.learning_rate = 0.05f;
  c->optimizer.beta1 = 0.8f;
  c->optimizer.beta2 = 0.95f;
  c->optimizer.epsilon = 1e-6f;
  c->optimizer.momentum = 0.7f;
  c->optimizer.nesterov = TRUE;
  c->optimizer.rho = 0.8f;
  c->optimizer.weight_decay = 0.01f;
  c->optimizer.l1 = 0.001f;
  c->optimizer.l2 = 0.002f;
  c->optimizer.clip_norm = 2.5f;
  c->schedule.kind = BP_SCHEDULE_STEP;
  c->schedule.step_epochs = 4;
  c->schedule.factor = 0.5f;
  c->schedule.patience = 3;
  c->schedule.min_rate = 1e-5f;
  c->label_smoothing = 0.1f;
  c->patience = 6;
  c->monitor = BP_MONITOR_VAL_METRIC;
  c->min_delta = 0.002;
  c->restore_best = TRUE;
  c->target_metric = 0.97;
  c->time_limit = 120.0;
  return p;
}

static void
assert_same_project (const BpProject *a, const BpProject *b)
{
  g_assert_cmpint (a->source.kind, ==, b->source.kind);
  g_assert_cmpstr (a->source.path, ==, b->source.path);
  g_assert_true ((a->source.copy == NULL) == (b->source.copy == NULL));
  if (a->source.copy)
    g_assert_true (g_bytes_equal (a->source.copy, b->source.copy));
  g_assert_cmpstr (a->source.name, ==, b->source.name);
  if (a->source.kind == BP_DATA_SOURCE_GENERATED)
    {
      g_assert_cmpuint (a->source.rows, ==, b->source.rows);
      g_assert_cmpfloat (a->source.noise, ==, b->source.noise);
      g_assert_cmpuint (a->source.seed, ==, b->source.seed);
    }
  g_assert_cmpstr (a->target, ==, b->target);
  g_assert_cmpuint (a->columns->len, ==, b->columns->len);
  for (guint i = 0; i < a->columns->len; i++)
    {
      const BpProjectColumn *x = &g_array_index (a->columns, BpProjectColumn, i);
      const BpProjectColumn *y = &g_array_index (b->columns, BpProjectColumn, i);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpint (x->role, ==, y->role);
      g_assert_cmpint (x->type, ==, y->type);
    }
  g_autofree char *markers_a = a->missing_markers ? g_strjoinv ("|", a->missing_markers) : NULL;
  g_autofree char *markers_b = b->missing_markers ? g_strjoinv ("|", b->missing_markers) : NULL;
  g_assert_cmpstr (markers_a, ==, markers_b);
  g_assert_cmpint (a->keep_empty, ==, b->keep_empty);

  const BpDatasetOptions *d = &a->data, *e = &b->data;
  g_assert_cmpint (e->target, ==, -1);
  g_assert_null (e->roles);
  g_assert_cmpint (d->task, ==, e->task);
  g_assert_cmpint (d->missing, ==, e->missing);
  g_assert_cmpint (d->scaling, ==, e->scaling);
  g_assert_cmpint (d->scale_target, ==, e->scale_target);
  g_assert_cmpint (d->split, ==, e->split);
  g_assert_cmpfloat (d->validation_fraction, ==, e->validation_fraction);
  g_assert_cmpfloat (d->test_fraction, ==, e->test_fraction);
  g_assert_cmpuint (d->seed, ==, e->seed);

  g_assert_cmpuint (a->layers->layers->len, ==, b->layers->layers->len);
  for (guint l = 0; l < a->layers->layers->len; l++)
    {
      const BpLayerSpec *x = &g_array_index (a->layers->layers, BpLayerSpec, l);
      const BpLayerSpec *y = &g_array_index (b->layers->layers, BpLayerSpec, l);
      g_assert_cmpuint (x->units, ==, y->units);
      g_assert_cmpint (x->activation, ==, y->activation);
      g_assert_cmpfloat (x->dropout, ==, y->dropout);
    }
  g_assert_cmpint (a->layers->init, ==, b->layers->init);
  g_assert_cmpint (a->layers->loss, ==, b->layers->loss);

  /* Plain values and no pointers but class_weights (NULL in both). */
  g_assert_null (b->config.class_weights);
  g_assert_cmpmem (&a->config, sizeof a->config, &b->config, sizeof b->config);
}

static BpProject *
load_text (const char *name, const char *text, GError **error)
{
  return bp_project_load_data (name, text, strlen (text), error);
}

/* The project's file: a temporary folder that the test removes. */
typedef struct {
  char *dir;
} TempDir;

static void
temp_dir_init (TempDir *t)
{
  g_autoptr(GError) error = NULL;
  t->dir = g_dir_make_tmp ("bp-project-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;
      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
temp_dir_clear (TempDir *t)
{
  remove_tree (t->dir);
  g_free (t->dir);
}

static char *
write_file (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_autoptr(GError) error = NULL;
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* The "path" member as written, for a project at project_path. */
static char *
written_path (const char *data_path, const char *project_path)
{
  g_autoptr(BpProject) p = bp_project_new ();
  p->source.kind = BP_DATA_SOURCE_FILE;
  p->source.path = g_strdup (data_path);
  g_autofree char *text = bp_project_to_data (p, project_path, NULL);
  const char *start = strstr (text, "\"path\": \"");
  g_assert_nonnull (start);
  start += strlen ("\"path\": \"");
  return g_strndup (start, (gsize) (strchr (start, '"') - start));
}

static void assert_fails (const char *text, gsize length, BpEngineError code, const char *phrase);

/* ---- round trips -------------------------------------------------------- */

static void
test_new (void)
{
  g_autoptr(BpProject) p = bp_project_new ();
  BpTrainConfig config;
  BpDatasetOptions options;
  bp_train_config_init (&config);
  bp_dataset_options_init (&options);
  g_assert_cmpint (p->source.kind, ==, BP_DATA_SOURCE_NONE);
  g_assert_null (p->source.path);
  g_assert_null (p->target);
  g_assert_cmpuint (p->columns->len, ==, 0);
  g_assert_cmpmem (&p->config, sizeof config, &config, sizeof config);
  g_assert_cmpmem (&p->data, sizeof options, &options, sizeof options);
  g_assert_cmpuint (p->layers->layers->len, ==, 2);
  const BpLayerSpec *first = &g_array_index (p->layers->layers, BpLayerSpec, 0);
  const BpLayerSpec *second = &g_array_index (p->layers->layers, BpLayerSpec, 1);
  g_assert_cmpuint (first->units, ==, 128);
  g_assert_cmpint (first->activation, ==, BP_ACTIVATION_RELU);
  g_assert_cmpuint (second->units, ==, 64);
  g_assert_cmpint (second->activation, ==, BP_ACTIVATION_RELU);
  g_assert_cmpfloat (first->dropout + second->dropout, ==, 0.0f);

  /* The split is left to the data, and a regression target is
   * standardized; the file says so. */
  g_assert_cmpint (p->data.split, ==, BP_SPLIT_AUTO);
  g_assert_true (p->data.scale_target);

  /* The defaults load back as they were. */
  g_autofree char *text = bp_project_to_data (p, "/tmp/new.backprop", NULL);
  g_assert_nonnull (strstr (text, "\"split\": \"auto\""));
  g_assert_nonnull (strstr (text, "\"scale_target\": true"));
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) loaded = load_text ("/tmp/new.backprop", text, &error);
  g_assert_no_error (error);
  assert_same_project (p, loaded);
  g_assert_null (loaded->target);
  g_assert_true (g_str_has_prefix (loaded->created_by, "Backprop "));
}

/* A project written before the defaults changed says "keras" and
 * "scale_target": false, as every project did: it keeps both, and an iris
 * project so keeps validating on the last rows. */
static void
test_old_defaults_kept (void)
{
  g_autoptr(BpProject) p = bp_project_new ();
  p->data.split = BP_SPLIT_KERAS;
  p->data.scale_target = FALSE;
  g_autofree char *text = bp_project_to_data (p, "/tmp/old.backprop", NULL);
  g_assert_nonnull (strstr (text, "\"split\": \"keras\""));
  g_assert_nonnull (strstr (text, "\"scale_target\": false"));
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) loaded = load_text ("/tmp/old.backprop", text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->data.split, ==, BP_SPLIT_KERAS);
  g_assert_false (loaded->data.scale_target);

  g_autoptr(BpTable) iris = load_sample ("iris.csv");
  g_autofree BpColumnRole *roles = g_new0 (BpColumnRole, iris->n_columns);
  BpDatasetOptions options;
  g_assert_true (bp_project_apply (loaded, iris, roles, &options, &error));
  g_assert_no_error (error);
  g_autoptr(BpDataset) dataset = bp_dataset_new (iris, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dataset->split, ==, BP_SPLIT_KERAS);
  g_assert_cmpuint (dataset->validation[0], ==, 120);
}

static void
round_trip (gconstpointer data)
{
  const BpDataSourceKind kind = GPOINTER_TO_INT (data);
  g_autoptr(BpProject) p = full_project (kind);
  gsize length = 0;
  g_autofree char *text = bp_project_to_data (p, "/home/me/work/full.backprop", &length);
  g_assert_cmpuint (length, ==, strlen (text));
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "{\n  \"format\": \"backprop-project\",\n  \"version\": 1,\n"));

  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) loaded = load_text ("/home/me/work/full.backprop", text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  assert_same_project (p, loaded);

  /* Nothing is lost or changed on the way: the same text again. */
  g_autofree char *again = bp_project_to_data (loaded, "/home/me/work/full.backprop", NULL);
  g_assert_cmpstr (again, ==, text);

  if (kind == BP_DATA_SOURCE_GENERATED)
    g_assert_nonnull (strstr (text, "\"seed\": \"18446744073709551611\""));
  if (kind == BP_DATA_SOURCE_FILE)
    g_assert_nonnull (strstr (text, "\"path\": \"/srv/data/breast_cancer.csv\""));
  /* No copy kept, none written or read. */
  g_assert_null (strstr (text, "\"copy\""));
  g_assert_null (loaded->source.copy);
}

/* A setting of -0 (a fuzzed file had "rho": -.0) is written so that it
 * reads back as -0: "-0" alone reads as the integer 0, and the second
 * save then differed from the first. */
static void
test_negative_zero (void)
{
  g_autoptr(BpProject) p = full_project (BP_DATA_SOURCE_FILE);
  p->config.optimizer.rho = -0.0f;
  g_autofree char *text = bp_project_to_data (p, "/home/me/work/full.backprop", NULL);
  g_assert_nonnull (strstr (text, "\"rho\": -0.0,"));
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) loaded = load_text ("/home/me/work/full.backprop", text, &error);
  g_assert_no_error (error);
  g_assert_true (loaded->config.optimizer.rho == 0.0f && signbit (loaded->config.optimizer.rho));
  g_autofree char *again = bp_project_to_data (loaded, "/home/me/work/full.backprop", NULL);
  g_assert_cmpstr (again, ==, text);
}

/* json-glib 1.6 takes "\\222" (an octal escape JSON does not have) as the
 * byte 0x92; a fuzzed project named its data file so, was read, and its
 * own saved text was then refused. It is refused when read, saying where. */
static void
test_not_utf8_escape (void)
{
  g_autoptr(BpProject) p = full_project (BP_DATA_SOURCE_FILE);
  g_autofree char *text = bp_project_to_data (p, "/home/me/work/full.backprop", NULL);
  const char *good = "\"path\": \"/srv/data/breast_cancer.csv\"";
  const char *at = strstr (text, good);
  g_assert_nonnull (at);
  g_autofree char *head = g_strndup (text, (gsize) (at - text));
  g_autofree char *bad = g_strconcat (head, "\"path\": \"/srv/data/\\222.csv\"", at + strlen (good), NULL);

  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) loaded = load_text ("/home/me/work/full.backprop", bad, &error);
  g_assert_null (loaded);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "full.backprop"));
  g_assert_nonnull (strstr (error->message, "“data.path” is not UTF-8"));

  /* A proper JSON escape of the same character is fine. */
  g_autofree char *good_escape = g_strconcat (head, "\"path\": \"/srv/data/\\u0092.csv\"", at + strlen (good), NULL);
  g_clear_error (&error);
  g_autoptr(BpProject) fine = load_text ("/home/me/work/full.backprop", good_escape, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fine->source.path, ==, "/srv/data/\xc2\x92.csv");
}

/* Every byte value, NUL and bytes that are not UTF-8 included. */
static GBytes *
all_bytes (void)
{
  guchar bytes[3 * 256 + 2];
  for (gsize i = 0; i < sizeof bytes; i++)
    bytes[i] = (guchar) (i * 7 % 256);
  return g_bytes_new (bytes, sizeof bytes);
}

/* A copy of the data file comes back byte for byte, after the path. */
static void
test_copy_round_trip (void)
{
  g_autoptr(BpProject) p = full_project (BP_DATA_SOURCE_FILE);
  p->source.copy = all_bytes ();
  g_autofree char *text = bp_project_to_data (p, "/home/me/work/full.backprop", NULL);
  const char *path = strstr (text, "\"path\": \"/srv/data/breast_cancer.csv\"");
  const char *copy = strstr (text, "\"copy\": \"");
  g_assert_nonnull (path);
  g_assert_nonnull (copy);
  g_assert_true (path < copy);
  g_assert_true (g_utf8_validate (text, -1, NULL));

  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) loaded = load_text ("/home/me/work/full.backprop", text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded->source.copy);
  g_assert_cmpuint (g_bytes_get_size (loaded->source.copy), ==, 3 * 256 + 2);
  assert_same_project (p, loaded);
  g_autofree char *again = bp_project_to_data (loaded, "/home/me/work/full.backprop", NULL);
  g_assert_cmpstr (again, ==, text);

  /* An empty file has an empty copy, not none. */
  g_clear_pointer (&p->source.copy, g_bytes_unref);
  p->source.copy = g_bytes_new (NULL, 0);
  g_autofree char *empty = bp_project_to_data (p, "/home/me/work/full.backprop", NULL);
  g_assert_nonnull (strstr (empty, "\"copy\": \"\""));
  g_autoptr(BpProject) empty_loaded = load_text ("/home/me/work/full.backprop", empty, &error);
  g_assert_no_error (error);
  g_assert_nonnull (empty_loaded->source.copy);
  g_assert_cmpuint (g_bytes_get_size (empty_loaded->source.copy), ==, 0);
}

/* What the copy is read from, and when it is not kept. */
static void
test_copy_read (void)
{
  TempDir t;
  temp_dir_init (&t);
  g_autofree char *from = sample_path ("iris.csv");
  g_autofree char *text = NULL;
  gsize length;
  g_assert_true (g_file_get_contents (from, &text, &length, NULL));
  g_autofree char *csv = write_file (t.dir, "flowers.csv", text);

  g_autoptr(BpProject) p = bp_project_new ();
  p->source.kind = BP_DATA_SOURCE_FILE;
  p->source.path = g_strdup (csv);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_project_read_data_copy (p, &error));
  g_assert_no_error (error);
  g_assert_nonnull (p->source.copy);
  g_assert_cmpmem (g_bytes_get_data (p->source.copy, NULL), g_bytes_get_size (p->source.copy), text, length);

  /* The table from the copy is the table from the file, under the
   * file's name; also after a save and a load, with the file gone. */
  g_autoptr(BpTable) table = bp_table_load (csv, NULL, &error);
  g_assert_no_error (error);
  g_autofree char *project_path = g_build_filename (t.dir, "flowers.backprop", NULL);
  g_assert_true (bp_project_save (p, project_path, &error));
  g_assert_no_error (error);
  g_assert_true (bp_data_source_file_readable (&p->source));
  g_assert_cmpint (g_unlink (csv), ==, 0);
  g_assert_false (bp_data_source_file_readable (&p->source));
  g_autoptr(BpProject) loaded = bp_project_load (project_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->source.path, ==, csv);
  /* A folder by the file's name is not a data file either, nor is a
   * project of another kind. */
  g_assert_cmpint (g_mkdir (csv, 0700), ==, 0);
  g_assert_false (bp_data_source_file_readable (&loaded->source));
  g_assert_cmpint (g_rmdir (csv), ==, 0);
  g_autoptr(BpProject) sample = bp_project_new ();
  sample->source.kind = BP_DATA_SOURCE_SAMPLE;
  sample->source.name = g_strdup ("iris");
  g_assert_false (bp_data_source_file_readable (&sample->source));
  gboolean from_copy = FALSE;
  g_autoptr(BpTable) copied = bp_data_source_load (&loaded->source, NULL, &from_copy, &error);
  g_assert_no_error (error);
  g_assert_true (from_copy);
  g_assert_nonnull (copied);
  g_assert_cmpstr (copied->display_name, ==, "flowers.csv");
  g_assert_cmpuint (copied->n_rows, ==, 150);
  assert_same_cells (table, copied);

  /* The file gone: an error, and the copy stays as it was. */
  GBytes *kept = loaded->source.copy;
  g_assert_false (bp_project_read_data_copy (loaded, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_true (loaded->source.copy == kept);

  /* The largest file kept, and one byte more: no copy. */
  g_autofree char *big = g_build_filename (t.dir, "big.csv", NULL);
  FILE *f = g_fopen (big, "wb");
  g_assert_nonnull (f);
  g_assert_cmpint (ftruncate (fileno (f), BP_PROJECT_MAX_COPY), ==, 0);
  fclose (f);
  g_free (loaded->source.path);
  loaded->source.path = g_strdup (big);
  g_assert_true (bp_project_read_data_copy (loaded, &error));
  g_assert_no_error (error);
  g_assert_nonnull (loaded->source.copy);
  g_assert_cmpuint (g_bytes_get_size (loaded->source.copy), ==, BP_PROJECT_MAX_COPY);
  f = g_fopen (big, "r+b");
  g_assert_nonnull (f);
  g_assert_cmpint (ftruncate (fileno (f), BP_PROJECT_MAX_COPY + 1), ==, 0);
  fclose (f);
  g_assert_true (bp_project_read_data_copy (loaded, &error));
  g_assert_no_error (error);
  g_assert_null (loaded->source.copy);

  temp_dir_clear (&t);
}

/* A copy that is not base64, or that goes with data other than a file. */
static void
test_copy_broken (void)
{
  static const struct {
    const char   *copy;   /* the member's JSON value */
    BpEngineError code;
    const char   *phrase;
  } cases[] = {
    { "\"QUJD!EVG\"", BP_ENGINE_ERROR_PARSE, "data.copy: character 5 is not base64 (“!”)" },
    { "\"QUJD RUZH\"", BP_ENGINE_ERROR_PARSE, "data.copy: character 5 is not base64 (“ ”)" },
    { "\"QUJ=RUZH\"", BP_ENGINE_ERROR_PARSE, "data.copy: character 4 is not base64 (“=”)" },
    { "\"QUJDRUZ\"", BP_ENGINE_ERROR_PARSE, "data.copy: 7 characters; base64 comes in groups of 4" },
    { "\"QUJDRU\\nZH\"", BP_ENGINE_ERROR_PARSE, "data.copy: character 7 is not base64 (“?”)" },
    { "42", BP_ENGINE_ERROR_PARSE, "data.copy: expected a string, found a number" },
    { "null", BP_ENGINE_ERROR_PARSE, "data.copy: expected a string, found null" },
  };
  g_autoptr(BpProject) p = full_project (BP_DATA_SOURCE_FILE);
  g_autofree char *valid = bp_project_to_data (p, "/nowhere/bad.backprop", NULL);
  const char *find = "\"path\": \"/srv/data/breast_cancer.csv\"";
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) text = g_string_new (valid);
      g_autofree char *with_copy = g_strdup_printf ("%s, \"copy\": %s", find, cases[i].copy);
      g_assert_cmpuint (g_string_replace (text, find, with_copy, 1), ==, 1);
      assert_fails (text->str, text->len, cases[i].code, cases[i].phrase);
    }

  /* Valid base64 with padding reads back. */
  g_autoptr(GString) padded = g_string_new (valid);
  g_string_replace (padded, find, "\"path\": \"/srv/data/breast_cancer.csv\", \"copy\": \"QUI=\"", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) loaded = load_text ("/nowhere/bad.backprop", padded->str, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (loaded->source.copy, NULL), g_bytes_get_size (loaded->source.copy), "AB", 2);

  /* A sample, a generated set or no data has no file to copy. */
  static const BpDataSourceKind kinds[] = { BP_DATA_SOURCE_SAMPLE, BP_DATA_SOURCE_GENERATED, BP_DATA_SOURCE_NONE };
  static const char * const names[] = { "sample", "generated", "none" };
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(BpProject) other = full_project (kinds[i]);
      other->source.copy = all_bytes ();   /* not written for these kinds */
      g_autofree char *text = bp_project_to_data (other, "/nowhere/bad.backprop", NULL);
      g_assert_null (strstr (text, "\"copy\""));
      g_autofree char *kind = g_strdup_printf ("\"kind\": \"%s\"", names[i]);
      g_autofree char *with_copy = g_strdup_printf ("%s, \"copy\": \"QUJD\"", kind);
      g_autoptr(GString) broken = g_string_new (text);
      g_assert_cmpuint (g_string_replace (broken, kind, with_copy, 1), ==, 1);
      g_autofree char *phrase = g_strdup_printf ("data.copy: only data of the kind “file” has a copy, not “%s”",
                                                 names[i]);
      assert_fails (broken->str, broken->len, BP_ENGINE_ERROR_INVALID, phrase);
    }
}

static void
test_locale_independent (void)
{
  const char *locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8" };
  const char *found = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (locales) && found == NULL; i++)
    if (setlocale (LC_NUMERIC, locales[i]) != NULL)
      found = locales[i];
  if (found == NULL)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }
  /* The locale really writes a comma, or this test proves nothing. */
  g_autofree char *local = g_strdup_printf ("%g", 0.5);
  g_autoptr(BpProject) p = full_project (BP_DATA_SOURCE_GENERATED);
  p->config.optimizer.learning_rate = 0.001f;
  g_autofree char *text = bp_project_to_data (p, "/tmp/de.backprop", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) loaded = load_text ("/tmp/de.backprop", text, &error);
  setlocale (LC_NUMERIC, saved);
  g_assert_cmpstr (local, ==, "0,5");
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\"learning_rate\": 0.001,"));
  g_assert_nonnull (strstr (text, "\"noise\": 0.35,"));
  g_assert_nonnull (strstr (text, "\"validation_fraction\": 0.15,"));
  assert_same_project (p, loaded);
}

/* ---- data paths ---------------------------------------------------------- */

static void
test_paths (void)
{
  TempDir t;
  temp_dir_init (&t);
  TempDir other;
  temp_dir_init (&other);
  g_autofree char *project_path = g_build_filename (t.dir, "course.backprop", NULL);
  g_autofree char *inside = write_file (t.dir, "iris.csv", "a,b\n1,2\n");
  g_autofree char *below = write_file (t.dir, "data/2024/iris.csv", "a,b\n1,2\n");
  g_autofree char *outside = write_file (other.dir, "iris.csv", "a,b\n1,2\n");
  g_autofree char *other_name = g_path_get_basename (other.dir);
  g_autofree char *sibling = g_build_filename (t.dir, "..", other_name, "iris.csv", NULL);

  g_autofree char *w_inside = written_path (inside, project_path);
  g_autofree char *w_below = written_path (below, project_path);
  g_autofree char *w_outside = written_path (outside, project_path);
  g_autofree char *w_sibling = written_path (sibling, project_path);
  g_assert_cmpstr (w_inside, ==, "iris.csv");
  g_assert_cmpstr (w_below, ==, "data/2024/iris.csv");
  g_assert_cmpstr (w_outside, ==, outside);
  /* "dir/../other/iris.csv" is outside too, written canonical. */
  g_assert_cmpstr (w_sibling, ==, outside);
  /* No project path (not saved yet): absolute. */
  g_autofree char *w_unsaved = written_path (below, NULL);
  g_assert_cmpstr (w_unsaved, ==, below);

  /* Saved, then loaded from another working directory: the paths come
   * back absolute and pointing at the same files. */
  const char *paths[] = { inside, below, outside };
  g_autofree char *cwd = g_get_current_dir ();
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(BpProject) p = bp_project_new ();
      p->source.kind = BP_DATA_SOURCE_FILE;
      p->source.path = g_strdup (paths[i]);
      g_autoptr(GError) error = NULL;
      g_assert_true (bp_project_save (p, project_path, &error));
      g_assert_no_error (error);

      g_assert_cmpint (g_chdir (other.dir), ==, 0);
      g_autoptr(BpProject) loaded = bp_project_load (project_path, &error);
      g_assert_cmpint (g_chdir (cwd), ==, 0);
      g_assert_no_error (error);
      g_assert_cmpstr (loaded->source.path, ==, paths[i]);
      g_assert_true (g_path_is_absolute (loaded->source.path));
    }

  /* A project named by a relative path, saved and loaded from its folder
   * and then loaded from elsewhere by its absolute path. */
  {
    g_autoptr(BpProject) p = bp_project_new ();
    p->source.kind = BP_DATA_SOURCE_FILE;
    p->source.path = g_strdup (below);
    g_autoptr(GError) error = NULL;
    g_assert_cmpint (g_chdir (t.dir), ==, 0);
    gboolean saved = bp_project_save (p, "relative.backprop", &error);
    g_autoptr(BpProject) here = bp_project_load ("relative.backprop", &error);
    g_assert_cmpint (g_chdir (other.dir), ==, 0);
    g_autofree char *relative_project = g_build_filename (t.dir, "relative.backprop", NULL);
    g_autoptr(BpProject) there = bp_project_load (relative_project, NULL);
    g_assert_cmpint (g_chdir (cwd), ==, 0);
    g_assert_true (saved);
    g_assert_no_error (error);
    g_assert_cmpstr (here->source.path, ==, below);
    g_assert_nonnull (there);
    g_assert_cmpstr (there->source.path, ==, below);
    g_autofree char *text = NULL;
    g_assert_true (g_file_get_contents (relative_project, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "\"path\": \"data/2024/iris.csv\""));
  }

  /* Written by hand with a relative path that climbs out: resolved from
   * the project's folder all the same. */
  {
    g_autoptr(BpProject) base = bp_project_new ();
    g_autofree char *text = bp_project_to_data (base, project_path, NULL);
    g_autofree char *data = g_strdup_printf ("\"data\": {\"kind\": \"file\", \"path\": \"../%s/./iris.csv\"}",
                                             other_name);
    g_autoptr(GString) edited = g_string_new (text);
    g_assert_cmpuint (g_string_replace (edited, "\"data\": {\"kind\": \"none\"}", data, 1), ==, 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(BpProject) p = load_text (project_path, edited->str, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (p->source.path, ==, outside);
  }

  temp_dir_clear (&t);
  temp_dir_clear (&other);
}

/* ---- data choices --------------------------------------------------------- */

static void
test_data_choices (void)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  g_assert_cmpuint (table->n_columns, ==, 5);
  const int petal_width = bp_table_find_column (table, "petal_width_cm");
  const int sepal_width = bp_table_find_column (table, "sepal_width_cm");
  const int sepal_length = bp_table_find_column (table, "sepal_length_cm");
  const int species = bp_table_find_column (table, "species");
  g_assert_cmpint (petal_width, >=, 0);
  g_assert_cmpint (table->columns[petal_width].type, ==, BP_COLUMN_NUMERIC);

  g_autoptr(GError) error = NULL;
  g_assert_true (bp_table_set_column_type (table, (gsize) petal_width, BP_COLUMN_CATEGORICAL, &error));
  g_assert_no_error (error);
  BpColumnRole roles[5] = { 0 };
  roles[sepal_width] = BP_ROLE_IGNORED;
  roles[sepal_length] = BP_ROLE_FEATURE;
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.roles = roles;
  options.target = species;
  options.task = BP_TASK_MULTICLASS;
  options.split = BP_SPLIT_SHUFFLE;
  options.validation_fraction = 0.3;
  options.seed = 11;
  options.scaling = BP_SCALING_NONE;
  options.missing = BP_MISSING_IMPUTE;

  g_autoptr(BpProject) p = bp_project_new ();
  bp_project_set_data_choices (p, table, &options);
  g_assert_cmpstr (p->target, ==, "species");
  /* Only what differs from the inference is listed, in column order. */
  g_assert_cmpuint (p->columns->len, ==, 3);
  g_assert_cmpstr (g_array_index (p->columns, BpProjectColumn, 0).name, ==, "sepal_length_cm");
  g_assert_cmpstr (g_array_index (p->columns, BpProjectColumn, 1).name, ==, "sepal_width_cm");
  g_assert_cmpstr (g_array_index (p->columns, BpProjectColumn, 2).name, ==, "petal_width_cm");
  g_assert_cmpint (g_array_index (p->columns, BpProjectColumn, 2).type, ==, BP_COLUMN_CATEGORICAL);
  g_assert_cmpint (g_array_index (p->columns, BpProjectColumn, 2).role, ==, BP_ROLE_AUTO);
  g_assert_cmpint (p->data.target, ==, -1);
  g_assert_null (p->data.roles);

  /* Through a file and onto a fresh copy of the table. */
  g_autofree char *text = bp_project_to_data (p, "/tmp/iris.backprop", NULL);
  g_autoptr(BpProject) loaded = load_text ("/tmp/iris.backprop", text, &error);
  g_assert_no_error (error);
  g_autoptr(BpTable) fresh = load_sample ("iris.csv");
  BpColumnRole fresh_roles[5];
  memset (fresh_roles, 0xff, sizeof fresh_roles);
  BpDatasetOptions fresh_options;
  memset (&fresh_options, 0, sizeof fresh_options);
  g_assert_true (bp_project_apply (loaded, fresh, fresh_roles, &fresh_options, &error));
  g_assert_no_error (error);
  for (gsize c = 0; c < table->n_columns; c++)
    {
      g_assert_cmpint (fresh->columns[c].type, ==, table->columns[c].type);
      g_assert_cmpint (fresh_roles[c], ==, roles[c]);
    }
  g_assert_true (fresh_options.roles == fresh_roles);
  g_assert_cmpint (fresh_options.target, ==, species);
  g_assert_cmpint (fresh_options.task, ==, options.task);
  g_assert_cmpint (fresh_options.split, ==, options.split);
  g_assert_cmpfloat (fresh_options.validation_fraction, ==, options.validation_fraction);
  g_assert_cmpfloat (fresh_options.test_fraction, ==, options.test_fraction);
  g_assert_cmpuint (fresh_options.seed, ==, options.seed);
  g_assert_cmpint (fresh_options.scaling, ==, options.scaling);
  g_assert_cmpint (fresh_options.missing, ==, options.missing);
  g_assert_cmpint (fresh_options.scale_target, ==, options.scale_target);

  /* The same dataset comes out of both. */
  g_autoptr(BpDataset) a = make_dataset (table, &options);
  g_autoptr(BpDataset) b = make_dataset (fresh, &fresh_options);
  g_assert_cmpuint (a->n_features, ==, b->n_features);
  g_assert_cmpuint (a->n_rows, ==, b->n_rows);
  g_assert_cmpmem (a->x, a->n_rows * a->n_features * sizeof (float), b->x, b->n_rows * b->n_features * sizeof (float));
  /* petal width one-hot (22 levels), sepal length and petal length scaled. */
  g_assert_cmpuint (a->n_features, ==, table->columns[petal_width].n_levels + 2);

  /* A table whose types were changed before is set back where the
   * project lists nothing. */
  g_assert_true (bp_table_set_column_type (fresh, (gsize) sepal_length, BP_COLUMN_CATEGORICAL, NULL));
  g_assert_true (bp_project_apply (loaded, fresh, fresh_roles, &fresh_options, &error));
  g_assert_cmpint (fresh->columns[sepal_length].type, ==, BP_COLUMN_NUMERIC);

  /* A target chosen by role is the target. */
  BpColumnRole by_role[5] = { 0 };
  by_role[species] = BP_ROLE_TARGET;
  BpDatasetOptions role_options;
  bp_dataset_options_init (&role_options);
  role_options.roles = by_role;
  g_autoptr(BpProject) q = bp_project_new ();
  bp_project_set_data_choices (q, fresh, &role_options);
  g_assert_cmpstr (q->target, ==, "species");
  /* The role is not listed; petal width's type still is. */
  g_assert_cmpuint (q->columns->len, ==, 1);
  g_assert_cmpstr (g_array_index (q->columns, BpProjectColumn, 0).name, ==, "petal_width_cm");

  /* No target chosen: none stored, and the table's default applies. */
  BpDatasetOptions plain;
  bp_dataset_options_init (&plain);
  bp_project_set_data_choices (q, fresh, &plain);
  g_assert_null (q->target);
  g_assert_true (bp_project_apply (q, fresh, fresh_roles, &fresh_options, &error));
  g_assert_cmpint (fresh_options.target, ==, -1);
}

static void
test_apply_errors (void)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  BpColumnRole roles[5];
  BpDatasetOptions options;
  g_autoptr(GError) error = NULL;

  g_autoptr(BpProject) p = bp_project_new ();
  BpProjectColumn missing = { g_strdup ("petal_colour"), BP_ROLE_FEATURE, BP_COLUMN_CATEGORICAL };
  g_array_append_val (p->columns, missing);
  g_assert_false (bp_project_apply (p, table, roles, &options, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, table->display_name));
  g_assert_nonnull (strstr (error->message, "iris.csv"));
  g_assert_nonnull (strstr (error->message, "“petal_colour”"));
  g_clear_error (&error);

  /* The same column, ignored: it may have left the file since, as nothing
   * used it, and the rest applies. */
  g_array_index (p->columns, BpProjectColumn, 0).role = BP_ROLE_IGNORED;
  g_assert_true (bp_project_apply (p, table, roles, &options, &error));
  g_assert_no_error (error);
  for (gsize c = 0; c < G_N_ELEMENTS (roles); c++)
    g_assert_cmpint (roles[c], ==, BP_ROLE_AUTO);

  g_array_set_size (p->columns, 0);
  BpProjectColumn numeric = { g_strdup ("species"), BP_ROLE_AUTO, BP_COLUMN_NUMERIC };
  g_array_append_val (p->columns, numeric);
  g_assert_false (bp_project_apply (p, table, roles, &options, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, table->display_name));
  g_assert_nonnull (strstr (error->message, "“species”"));
  g_assert_nonnull (strstr (error->message, "numeric"));
  g_clear_error (&error);

  g_array_set_size (p->columns, 0);
  p->target = g_strdup ("kind");
  g_assert_false (bp_project_apply (p, table, roles, &options, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, table->display_name));
  g_assert_nonnull (strstr (error->message, "“kind”"));
}

/* ---- broken files ---------------------------------------------------------- */

typedef struct {
  const char   *find;      /* a piece of the valid text */
  const char   *replace;   /* what it becomes */
  BpEngineError code;
  const char   *phrase;    /* in the message, after "bad.backprop: " */
} Breakage;

static const Breakage breakages[] = {
  { "\"version\": 1", "\"version\": 2", BP_ENGINE_ERROR_INVALID, "project file version 2 is newer" },
  { "\"version\": 1", "\"version\": 0", BP_ENGINE_ERROR_INVALID, "version 0 is not a project file version" },
  { "\"version\": 1", "\"version\": \"1\"", BP_ENGINE_ERROR_PARSE, "version: expected a whole number, found a string" },
  { "\"format\": \"backprop-project\"", "\"format\": \"backprop-model\"", BP_ENGINE_ERROR_PARSE,
    "not a Backprop project file (its format is “backprop-model”" },
  { "\"format\": \"backprop-project\",", "", BP_ENGINE_ERROR_PARSE, "not a Backprop project file (it has no “format”" },
  { "\"created_by\": \"Backprop", "\"made_by\": \"Backprop", BP_ENGINE_ERROR_PARSE, "“created_by” is missing" },
  { "\"kind\": \"generated\"", "\"kind\": \"random\"", BP_ENGINE_ERROR_INVALID,
    "data.kind: unknown value “random” (one of none, file, sample or generated)" },
  { "\"name\": \"spiral\"", "\"name\": \"moons\"", BP_ENGINE_ERROR_INVALID, "data.name: unknown value “moons”" },
  { "\"rows\": 777", "\"rows\": 2", BP_ENGINE_ERROR_INVALID, "data.rows: 2 is out of range" },
  { "\"missing_markers\": [", "\"missing_markers\": [3, ", BP_ENGINE_ERROR_PARSE, "columns.missing_markers" },
  { "\"keep_empty\": true", "\"keep_empty\": 1", BP_ENGINE_ERROR_PARSE, "keep_empty" },
  { "\"rows\": 777", "\"rows\": 7.5", BP_ENGINE_ERROR_PARSE, "data.rows: expected a whole number, found a number" },
  { "\"noise\": 0.35", "\"noise\": -1", BP_ENGINE_ERROR_INVALID, "data.noise: must be from 0 to 2.0" },
  { "\"seed\": \"18446744073709551611\"", "\"seed\": \"many\"", BP_ENGINE_ERROR_INVALID,
    "data.seed: “many” is not a whole number from 0" },
  { "\"target\": \"diagnosis\"", "\"target\": 3", BP_ENGINE_ERROR_PARSE,
    "columns.target: expected a string or null, found a number" },
  { "\"changed\": [", "\"changes\": [", BP_ENGINE_ERROR_PARSE, "columns: “changed” is missing" },
  { "\"role\": \"ignored\"", "\"role\": \"target\"", BP_ENGINE_ERROR_INVALID,
    "columns.changed[0].role: unknown value “target” (one of auto, feature or ignored)" },
  { "\"type\": \"categorical\"", "\"type\": \"colour\"", BP_ENGINE_ERROR_INVALID,
    "columns.changed[1].type: unknown column type “colour”" },
  { "{\"name\": \"id\"", "{\"nom\": \"id\"", BP_ENGINE_ERROR_PARSE, "columns.changed[0]: “name” is missing" },
  { "\"task\": \"multiclass\"", "\"task\": \"ranking\"", BP_ENGINE_ERROR_INVALID, "task: unknown task “ranking”" },
  { "\"activation\": \"tanh\"", "\"activation\": \"swish\"", BP_ENGINE_ERROR_INVALID,
    "model.layers[0].activation: unknown activation “swish”" },
  { "\"units\": 33", "\"units\": 0", BP_ENGINE_ERROR_INVALID, "model.layers[0].units: 0 is out of range (from 1 to 4096)" },
  { "\"units\": 7", "\"units\": 5000", BP_ENGINE_ERROR_INVALID, "model.layers[1].units: 5000 is out of range" },
  { "\"units\": 33", "\"units\": \"33\"", BP_ENGINE_ERROR_PARSE,
    "model.layers[0].units: expected a whole number, found a string" },
  { "\"dropout\": 0.25", "\"dropout\": 0.95", BP_ENGINE_ERROR_INVALID, "model.layers[0].dropout: must be from 0 to 0.9" },
  { "\"init\": \"he_normal\"", "\"init\": \"auto\"", BP_ENGINE_ERROR_INVALID, "model.init: unknown value “auto”" },
  { "\"loss\": \"huber\"", "\"loss\": \"hinge\"", BP_ENGINE_ERROR_INVALID, "model.loss: unknown loss “hinge”" },
  { "\"model\": {", "\"network\": {", BP_ENGINE_ERROR_PARSE, "“model” is missing" },
  { "\"kind\": \"momentum\"", "\"kind\": \"lion\"", BP_ENGINE_ERROR_INVALID,
    "training.optimizer.kind: unknown optimizer “lion”" },
  { "\"learning_rate\": 0.05", "\"learning_rate\": \"fast\"", BP_ENGINE_ERROR_PARSE,
    "training.optimizer.learning_rate: expected a number, found a string" },
  { "\"learning_rate\": 0.05", "\"learning_rate\": 0", BP_ENGINE_ERROR_INVALID, "training: " },
  { "\"epochs\": 17", "\"epochs\": 0", BP_ENGINE_ERROR_INVALID, "training.epochs: 0 is out of range" },
  { "\"batch_size\": 48,", "", BP_ENGINE_ERROR_PARSE, "training: “batch_size” is missing" },
  { "\"shuffle\": false", "\"shuffle\": 0", BP_ENGINE_ERROR_PARSE, "training.shuffle: expected true or false, found a number" },
  { "\"split\": \"stratified\"", "\"split\": \"random\"", BP_ENGINE_ERROR_INVALID, "training.split: unknown split “random”" },
  { "\"scaling\": \"minmax\"", "\"scaling\": \"log\"", BP_ENGINE_ERROR_INVALID, "training.scaling: unknown value “log”" },
  { "\"test_fraction\": 0.1", "\"test_fraction\": 0.9", BP_ENGINE_ERROR_INVALID,
    "training: the validation and test fractions must be from 0 and add up to less than 1" },
  { "\"class_weights\": null", "\"class_weights\": [1, 2]", BP_ENGINE_ERROR_SHAPE, "training.class_weights: " },
  { "\"training\": {", "\"train\": {", BP_ENGINE_ERROR_PARSE, "“training” is missing" },
};

static void
assert_fails (const char *text, gsize length, BpEngineError code, const char *phrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) p = bp_project_load_data ("/nowhere/bad.backprop", text, length, &error);
  g_assert_null (p);
  g_assert_nonnull (error);
  g_test_message ("-> %s", error->message);
  g_assert_error (error, BP_ENGINE_ERROR, (gint) code);
  g_assert_true (g_str_has_prefix (error->message, "/nowhere/bad.backprop"));
  g_assert_nonnull (strstr (error->message, phrase));
}

static void
test_broken (void)
{
  g_autoptr(BpProject) p = full_project (BP_DATA_SOURCE_GENERATED);
  g_autofree char *valid = bp_project_to_data (p, "/nowhere/bad.backprop", NULL);
  /* The base loads, or every case below would pass for the wrong reason. */
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) loaded = load_text ("/nowhere/bad.backprop", valid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  for (gsize i = 0; i < G_N_ELEMENTS (breakages); i++)
    {
      const Breakage *b = &breakages[i];
      g_test_message ("%s -> %s", b->find, b->replace);
      g_autoptr(GString) text = g_string_new (valid);
      g_assert_cmpuint (g_string_replace (text, b->find, b->replace, 1), ==, 1);
      assert_fails (text->str, text->len, b->code, b->phrase);
    }

  assert_fails ("", 0, BP_ENGINE_ERROR_EMPTY, ": the file is empty");
  assert_fails ("{\"format\": ", 11, BP_ENGINE_ERROR_PARSE, "not valid JSON");
  assert_fails ("format = backprop-project\n", 26, BP_ENGINE_ERROR_PARSE, "not valid JSON");
  assert_fails ("[1, 2]", 6, BP_ENGINE_ERROR_PARSE, "not a Backprop project file: expected a JSON object, found an array");
  assert_fails ("{\"a\"\0}", 6, BP_ENGINE_ERROR_BINARY, "not a Backprop project file: it holds binary data");

  /* A model file is not a project. */
  g_autoptr(GString) model = g_string_new (valid);
  g_string_replace (model, "backprop-project", "backprop-model", 1);
  assert_fails (model->str, model->len, BP_ENGINE_ERROR_PARSE, "not a Backprop project file");
}

/* ---- saving and reading files ----------------------------------------------- */

static void
test_save (void)
{
  TempDir t;
  temp_dir_init (&t);
  g_autofree char *path = write_file (t.dir, "p.backprop", "an older project, to be replaced\n");
  GStatBuf before, after;
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  g_autoptr(BpProject) p = full_project (BP_DATA_SOURCE_SAMPLE);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_project_save (p, path, &error));
  g_assert_no_error (error);
  /* Replaced, not rewritten in place: a new file was renamed over the old
   * one, so a crash mid-save leaves either whole. */
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);

  g_autofree char *on_disk = NULL;
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, NULL));
  g_autofree char *expected = bp_project_to_data (p, path, NULL);
  g_assert_cmpstr (on_disk, ==, expected);
  g_autoptr(BpProject) loaded = bp_project_load (path, &error);
  g_assert_no_error (error);
  assert_same_project (p, loaded);

  /* Nothing but the project is left in the folder (no temporary file). */
  g_autoptr(GDir) dir = g_dir_open (t.dir, 0, NULL);
  guint n = 0;
  while (g_dir_read_name (dir))
    n++;
  g_assert_cmpuint (n, ==, 1);

  /* A folder that does not exist: an IO error naming the file, and
   * nothing written. */
  g_autofree char *nowhere = g_build_filename (t.dir, "missing", "p.backprop", NULL);
  g_assert_false (bp_project_save (p, nowhere, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, nowhere));
  g_assert_nonnull (strstr (error->message, "the project could not be saved"));
  g_clear_error (&error);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));

  /* Reading what is not there, or a folder. */
  g_assert_null (bp_project_load (nowhere, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
  g_assert_cmpstr (strstr (error->message, ": "), ==, ": the project cannot be read: no such file");
  g_clear_error (&error);
  g_assert_null (bp_project_load (t.dir, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "it is a folder"));

  temp_dir_clear (&t);
}

/* JSON is UTF-8: a data file whose name is not (a Latin-1 "é" on a UTF-8
 * system) cannot be written into a project that opens again, so saving
 * says so and leaves the old file as it was. */
static void
test_save_non_utf8_path (void)
{
  TempDir t;
  temp_dir_init (&t);
  g_autofree char *path = write_file (t.dir, "p.backprop", "an older project\n");
  g_autoptr(BpProject) p = bp_project_new ();
  p->source.kind = BP_DATA_SOURCE_FILE;
  p->source.path = g_build_filename (t.dir, "caf\xe9.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_assert_false (bp_project_save (p, path, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "caf\xef\xbf\xbd.csv"));   /* shown with U+FFFD */
  g_autofree char *on_disk = NULL;
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, "an older project\n");

  /* Outside the project's folder too (written absolute). */
  g_clear_pointer (&p->source.path, g_free);
  p->source.path = g_strdup ("/srv/caf\xe9/iris.csv");
  g_clear_error (&error);
  g_assert_false (bp_project_save (p, path, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);

  temp_dir_clear (&t);
}


/* Issue 13: the markers a table was read with are a data choice: kept by
 * the project only when they are not the defaults, and read back; a
 * project from before them reads its data as it always did. */
static void
test_missing_markers (void)
{
  static const char csv[] = "damage,speed\nNone,1\nMinor,\nNone,3\nSubstantial,4\n";
  static const char * const markers[] = { "NA", "?", NULL };
  BpTableOptions read;
  bp_table_options_init (&read);
  read.missing_markers = markers;
  read.keep_empty = TRUE;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = bp_table_load_data ("strikes.csv", csv, strlen (csv), &read, &error);
  g_assert_no_error (error);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  g_autoptr(BpProject) p = bp_project_new ();
  bp_project_set_data_choices (p, table, &options);
  g_autofree char *kept = g_strjoinv ("|", p->missing_markers);
  g_assert_cmpstr (kept, ==, "NA|?");
  g_assert_true (p->keep_empty);

  g_autofree char *text = bp_project_to_data (p, "/tmp/strikes.backprop", NULL);
  g_assert_nonnull (strstr (text, "\"missing_markers\": [\"NA\", \"?\"]"));
  g_autoptr(BpProject) back = load_text ("/tmp/strikes.backprop", text, &error);
  g_assert_no_error (error);
  assert_same_project (p, back);
  BpTableOptions again;
  bp_table_options_init (&again);
  bp_project_table_options (back, &again);
  g_assert_true (again.keep_empty);
  g_assert_cmpstr (again.missing_markers[1], ==, "?");

  /* The defaults are not written, and a project without them reads none. */
  g_autoptr(BpTable) plain = bp_table_load_data ("strikes.csv", csv, strlen (csv), NULL, &error);
  g_autoptr(BpProject) q = bp_project_new ();
  bp_project_set_data_choices (q, plain, &options);
  g_assert_null (q->missing_markers);
  g_assert_false (q->keep_empty);
  g_autofree char *plain_text = bp_project_to_data (q, "/tmp/strikes.backprop", NULL);
  g_assert_null (strstr (plain_text, "missing_markers"));
  g_assert_null (strstr (plain_text, "keep_empty"));
  g_autoptr(BpProject) old = load_text ("/tmp/strikes.backprop", plain_text, &error);
  g_assert_no_error (error);
  g_assert_null (old->missing_markers);
  bp_table_options_init (&again);
  bp_project_table_options (old, &again);
  g_assert_null (again.missing_markers);
  g_assert_false (again.keep_empty);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/project/new", test_new);
  g_test_add_func ("/engine/project/old-defaults-kept", test_old_defaults_kept);
  g_test_add_data_func ("/engine/project/round-trip/none", GINT_TO_POINTER (BP_DATA_SOURCE_NONE), round_trip);
  g_test_add_data_func ("/engine/project/round-trip/file", GINT_TO_POINTER (BP_DATA_SOURCE_FILE), round_trip);
  g_test_add_data_func ("/engine/project/round-trip/sample", GINT_TO_POINTER (BP_DATA_SOURCE_SAMPLE), round_trip);
  g_test_add_data_func ("/engine/project/round-trip/generated", GINT_TO_POINTER (BP_DATA_SOURCE_GENERATED),
                        round_trip);
  g_test_add_func ("/engine/project/copy/round-trip", test_copy_round_trip);
  g_test_add_func ("/engine/project/copy/read", test_copy_read);
  g_test_add_func ("/engine/project/copy/broken", test_copy_broken);
  g_test_add_func ("/engine/project/locale-independent", test_locale_independent);
  g_test_add_func ("/engine/project/paths", test_paths);
  g_test_add_func ("/engine/project/data-choices", test_data_choices);
  g_test_add_func ("/engine/project/missing-markers", test_missing_markers);
  g_test_add_func ("/engine/project/apply-errors", test_apply_errors);
  g_test_add_func ("/engine/project/broken", test_broken);
  g_test_add_func ("/engine/project/negative-zero", test_negative_zero);
  g_test_add_func ("/engine/project/not-utf8-escape", test_not_utf8_escape);
  g_test_add_func ("/engine/project/save", test_save);
  g_test_add_func ("/engine/project/save-non-utf8-path", test_save_non_utf8_path);

  return g_test_run ();
}
