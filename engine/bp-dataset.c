#include "bp-dataset.h"
#include "bp-dataset-private.h"

#include <math.h>
#include <string.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "bp-error.h"
#include "bp-names.h"
#include "bp-rng.h"

#define MAX_INTEGER_CLASSES   10
#define CLASS_MIX_TOLERANCE   0.25

void
bp_dataset_options_init (BpDatasetOptions *options)
{
  memset (options, 0, sizeof *options);
  options->target = -1;
  options->validation_fraction = 0.2;
  options->scaling = BP_SCALING_STANDARDIZE;
  /* A first run should give a sensible result: a regression target
   * standardized (results stay in its units), and a file sorted by its
   * target split so that every class is in training and validation. */
  options->scale_target = TRUE;
  options->split = BP_SPLIT_AUTO;
}

const char *
bp_split_to_string (BpSplit split)
{
  return bp_names_get (bp_split_names, (int) split);
}

gboolean
bp_split_from_string (const char *text, BpSplit *split)
{
  int found = bp_names_find (bp_split_names, text);
  if (found < 0)
    return FALSE;
  *split = (BpSplit) found;
  return TRUE;
}

int
bp_dataset_default_target (const BpTable *table)
{
  for (gsize c = table->n_columns; c > 0; c--)
    if (bp_column_type_can_be_target (table->columns[c - 1].type))
      return (int) (c - 1);
  return -1;
}

static gboolean
all_integers (const BpColumn *column, gsize n_rows)
{
  for (gsize r = 0; r < n_rows; r++)
    {
      double v = bp_column_value (column, r);
      if (!isnan (v) && v != floor (v))
        return FALSE;
    }
  return TRUE;
}

BpTask
bp_dataset_detect_task (const BpTable *table, int target)
{
  if (target < 0 || (gsize) target >= table->n_columns)
    return BP_TASK_AUTO;
  const BpColumn *column = &table->columns[target];
  switch (column->type)
    {
    case BP_COLUMN_BOOLEAN:
      return BP_TASK_BINARY;
    case BP_COLUMN_CATEGORICAL:
      return column->n_distinct == 2 ? BP_TASK_BINARY : BP_TASK_MULTICLASS;
    case BP_COLUMN_NUMERIC:
      if (column->n_distinct == 2)
        return BP_TASK_BINARY;
      if (column->n_distinct <= MAX_INTEGER_CLASSES && all_integers (column, table->n_rows))
        return BP_TASK_MULTICLASS;
      return BP_TASK_REGRESSION;
    default:
      return BP_TASK_AUTO;
    }
}

void
bp_feature_clear (BpFeature *feature)
{
  g_free (feature->name);
  g_strfreev (feature->levels);
}

void
bp_dataset_free (BpDataset *dataset)
{
  if (dataset == NULL)
    return;
  g_free (dataset->target_name);
  g_free (dataset->x);
  g_free (dataset->y);
  g_free (dataset->labels);
  g_free (dataset->source_rows);
  g_free (dataset->dropped_by_column);
  g_free (dataset->train);
  g_free (dataset->validation);
  g_free (dataset->test);
  g_free (dataset->split_note);
  for (gsize i = 0; i < dataset->n_feature_columns; i++)
    bp_feature_clear (&dataset->features[i]);
  g_free (dataset->features);
  g_strfreev (dataset->input_names);
  g_strfreev (dataset->class_names);
  if (dataset->warnings)
    g_ptr_array_unref (dataset->warnings);
  g_free (dataset);
}

void
bp_dataset_warn (BpDataset *dataset, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_ptr_array_add (dataset->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* Classes of a target column: their names, and a way to map a row to one. */
typedef struct {
  gboolean  by_code;     /* categories: class = code */
  double   *values;      /* numbers: sorted distinct values, class = position */
  gsize     n;
} ClassMap;

static char **
build_classes (const BpTable *table, int target, ClassMap *map)
{
  const BpColumn *column = &table->columns[target];
  const gsize n_rows = table->n_rows;

  if (column->type == BP_COLUMN_CATEGORICAL && column->codes)
    {
      map->by_code = TRUE;
      map->n = column->n_levels;
      return g_strdupv (column->levels);
    }

  /* Numbers and booleans: one class per distinct value, in numeric order. */
  g_autofree double *sorted = g_new (double, MAX (n_rows, 1));
  gsize n = 0;
  for (gsize r = 0; r < n_rows; r++)
    if (!isnan (bp_column_value (column, r)))
      sorted[n++] = bp_column_value (column, r);
  qsort (sorted, n, sizeof (double), compare_doubles);
  gsize distinct = 0;
  for (gsize i = 0; i < n; i++)
    if (distinct == 0 || sorted[i] != sorted[distinct - 1])
      sorted[distinct++] = sorted[i];

  map->values = g_memdup2 (sorted, MAX (distinct, 1) * sizeof (double));
  map->n = distinct;
  char **names = g_new0 (char *, distinct + 1);
  for (gsize k = 0; k < distinct; k++)
    {
      /* Name a class as its cells read (yes/no keep their words). */
      for (gsize r = 0; r < n_rows && names[k] == NULL; r++)
        if (bp_column_value (column, r) == map->values[k])
          names[k] = bp_table_cell_text (table, r, (gsize) target);
    }
  return names;
}

static guint32
class_of (const BpColumn *column, const ClassMap *map, gsize row)
{
  if (map->by_code)
    return column->codes[row];
  double v = bp_column_value (column, row);
  gsize lo = 0, hi = map->n;
  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      if (map->values[mid] < v)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (guint32) lo;
}

/* Marks the rows that miss a value in column @c; returns how many do. */
static gsize
mark_missing (const BpTable *table, int c, guint8 *drop)
{
  const BpColumn *column = &table->columns[c];
  if (column->n_missing == 0)
    return 0;
  gsize n = 0;
  for (gsize r = 0; r < table->n_rows; r++)
    {
      guint8 missing = isnan (bp_column_value (column, r)) &&
                       (column->codes == NULL || column->codes[r] == BP_CODE_NONE);
      drop[r] |= missing;
      n += missing;
    }
  return n;
}

static int
compare_dropped (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const gsize *counts = user_data;
  int x = *(const int *) a, y = *(const int *) b;
  /* Most rows first; then in the file's order. */
  if (counts[x] != counts[y])
    return counts[x] > counts[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

/* "1815 in “damage”, 52 in “speed”": the columns that made rows go, the
 * most first; past four, how many more. */
static char *
describe_dropped (const BpDataset *dataset, const BpTable *table)
{
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (int));
  for (gsize c = 0; c < dataset->n_source_columns; c++)
    if (dataset->dropped_by_column[c] > 0)
      {
        int index = (int) c;
        g_array_append_val (columns, index);
      }
  g_array_sort_with_data (columns, compare_dropped, dataset->dropped_by_column);
  g_autoptr(GString) parts = g_string_new (NULL);
  for (guint i = 0; i < columns->len && i < 4; i++)
    {
      int c = g_array_index (columns, int, i);
      if (i > 0)
        g_string_append (parts, ", ");
      /* Translators: one item of the list in “By column: %s.”: how many rows miss a value in a column. */
      g_string_append_printf (parts, _("%zu in “%s”"), dataset->dropped_by_column[c], table->columns[c].name);
    }
  if (columns->len > 4)
    /* Translators: ends the list in “By column: %s.”, as in “3 in “a”, 2 in “b” and 5 more columns”. */
    g_string_append_printf (parts, g_dngettext (GETTEXT_PACKAGE, " and %u more column", " and %u more columns",
                                                columns->len - 4), columns->len - 4);
  return g_string_free (g_steal_pointer (&parts), FALSE);
}

static gboolean
check_task (const BpTable *table, int target, BpTask task, GError **error)
{
  const BpColumn *column = &table->columns[target];
  if (task == BP_TASK_REGRESSION && column->type == BP_COLUMN_CATEGORICAL && column->codes &&
      isnan (column->mean))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("Column “%s” holds categories such as “%s”, not numbers: it cannot be a regression target"),
                   column->name, column->n_levels ? column->levels[0] : "");
      return FALSE;
    }
  if (task == BP_TASK_BINARY && column->n_distinct != 2)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("Column “%s” has %zu different values; binary classification needs exactly 2"),
                   column->name, column->n_distinct);
      return FALSE;
    }
  if (task == BP_TASK_MULTICLASS && (column->n_distinct < 2 || column->n_distinct > MAX_CLASSES))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("Column “%s” has %zu different values; classification needs between 2 and %d"),
                   column->name, column->n_distinct, MAX_CLASSES);
      return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_columns (const BpTable *table, const BpDatasetOptions *options, int *target_out,
                 GArray *features, GError **error)
{
  int target = options->target;
  if (target >= (int) table->n_columns)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("There is no column %d: the table has %zu"), target + 1, table->n_columns);
      return FALSE;
    }
  if (options->roles)
    for (gsize c = 0; c < table->n_columns; c++)
      if (options->roles[c] == BP_ROLE_TARGET)
        {
          if (target >= 0 && target != (int) c)
            {
              g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                           _("Two targets were chosen: “%s” and “%s”; pick one"),
                           table->columns[target].name, table->columns[c].name);
              return FALSE;
            }
          target = (int) c;
        }
  if (target < 0)
    target = bp_dataset_default_target (table);
  if (target < 0 || (gsize) target >= table->n_columns)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   target < 0 ? _("No column can be a target: none holds numbers or categories")
                              : _("There is no column %d"), target + 1);
      return FALSE;
    }
  const BpColumn *tcol = &table->columns[target];
  if (!bp_column_type_can_be_target (tcol->type))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   tcol->type == BP_COLUMN_EMPTY
                   ? _("Column “%s” holds no values (%zu different values) and cannot be a target")
                   : tcol->type == BP_COLUMN_DATETIME
                   ? _("Column “%s” holds dates (%zu different values) and cannot be a target")
                   : tcol->type == BP_COLUMN_ID
                   ? _("Column “%s” holds identifiers (%zu different values) and cannot be a target")
                   : _("Column “%s” holds free text (%zu different values) and cannot be a target"),
                   tcol->name, tcol->n_distinct);
      return FALSE;
    }

  for (gsize c = 0; c < table->n_columns; c++)
    {
      if ((int) c == target)
        continue;
      BpColumnRole role = options->roles ? options->roles[c] : BP_ROLE_AUTO;
      const BpColumn *column = &table->columns[c];
      if (role == BP_ROLE_IGNORED)
        continue;
      /* A column made categorical with no value in it would be a one-hot
       * feature zero inputs wide, which no model file can hold. */
      if (column->type == BP_COLUMN_CATEGORICAL && column->n_levels == 0)
        {
          if (role == BP_ROLE_FEATURE)
            {
              g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                           _("Column “%s” holds no values and cannot be a feature"), column->name);
              return FALSE;
            }
          continue;
        }
      if (!bp_column_type_is_usable (column->type))
        {
          if (role == BP_ROLE_FEATURE)
            {
              g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                           /* Translators: the second %s is a column type as the data page's
                            * type drop-down names it ("date", "text", "ID", "empty"). */
                           _("Column “%s” has the type “%s” and cannot be a feature; change its type to "
                           "number or category first"), column->name, bp_column_type_display_name (column->type));
              return FALSE;
            }
          continue;
        }
      int index = (int) c;
      g_array_append_val (features, index);
    }
  if (features->len == 0)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("There are no feature columns: besides the target “%s”, no column holds numbers or "
                   "categories"), tcol->name);
      return FALSE;
    }
  *target_out = target;
  return TRUE;
}

static gsize
keras_tail (gsize n, double fraction)
{
  /* Keras: split_at = floor(n * (1 - validation_split)). */
  if (fraction <= 0.0)
    return 0;
  return n - (gsize) floor ((double) n * (1.0 - fraction));
}

/* Whether Keras's training or validation rows of @labels (the dataset's
 * rows in file order) lack a class of at least BP_DATASET_FEW_ROWS rows;
 * @note (nullable) then says which, and what is done instead. */
static gboolean
keras_leaves_out (const guint32 *labels, gsize n, gsize k, char * const *class_names,
                  const BpDatasetOptions *options, char **note)
{
  const gsize n_val = keras_tail (n, options->validation_fraction);
  const gsize n_test = keras_tail (n, options->test_fraction);
  if (k == 0 || n_val == 0 || n_val + n_test >= n)
    return FALSE;
  const gsize n_train = n - n_val - n_test;
  g_autofree gsize *all = g_new0 (gsize, k);
  g_autofree gsize *train = g_new0 (gsize, k);
  g_autofree gsize *val = g_new0 (gsize, k);
  for (gsize i = 0; i < n; i++)
    {
      all[labels[i]]++;
      if (i < n_train)
        train[labels[i]]++;
      else if (i < n_train + n_val)
        val[labels[i]]++;
    }
  for (gsize c = 0; c < k; c++)
    {
      if (all[c] < BP_DATASET_FEW_ROWS || (train[c] > 0 && val[c] > 0))
        continue;
      const double val_percent = options->validation_fraction * 100.0;
      if (note && val[c] == 0)
        /* Translators: the split the app chose by itself; %s is a class. */
        *note = g_strdup_printf (_("Validating on the last %.0f%% of the rows would leave out “%s”, so validation "
                                   "takes %.0f%% of each class instead (a stratified split)."),
                                 val_percent, class_names[c], val_percent);
      else if (note)
        /* Translators: the split the app chose by itself; %s is a class. */
        *note = g_strdup_printf (_("Training on the first %.0f%% of the rows would leave out “%s”, so validation "
                                   "takes %.0f%% of each class instead (a stratified split)."),
                                 (double) n_train * 100.0 / (double) n, class_names[c], val_percent);
      return TRUE;
    }
  return FALSE;
}

/* Whether the rows come sorted by their class: about one block per class
 * (at most two changes of class for each class there is). */
static gboolean
sorted_by_class (const guint32 *labels, gsize n, gsize k)
{
  g_autofree guint8 *seen = g_new0 (guint8, MAX (k, 1));
  gsize present = 0, changes = 0;
  for (gsize i = 0; i < n; i++)
    {
      if (!seen[labels[i]])
        present++;
      seen[labels[i]] = 1;
      changes += i > 0 && labels[i] != labels[i - 1];
    }
  return present > 1 && changes <= 2 * (present - 1);
}

static int
compare_u32 (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  return x < y ? -1 : x > y;
}

static guint32 *
copy_indices (const guint32 *from, gsize n)
{
  guint32 *copy = g_new (guint32, MAX (n, 1));
  memcpy (copy, from, n * sizeof (guint32));
  return copy;
}

static void
split_rows (BpDataset *dataset, const BpDatasetOptions *options)
{
  const gsize n = dataset->n_rows;
  dataset->n_test = keras_tail (n, options->test_fraction);
  dataset->n_validation = keras_tail (n, options->validation_fraction);
  /* Each share is rounded up, so two fractions below 1 together can take
   * more than every row (0.4 + 0.4 of 3 rows is 2 + 2): nothing is left to
   * train on, which the caller reports. */
  if (dataset->n_validation + dataset->n_test >= n)
    {
      dataset->n_train = 0;
      return;
    }
  dataset->n_train = n - dataset->n_validation - dataset->n_test;

  g_autofree guint32 *order = g_new (guint32, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    order[i] = (guint32) i;

  BpRng rng;
  bp_rng_init (&rng, options->seed, 0x5b17);

  if (options->split == BP_SPLIT_SHUFFLE)
    bp_rng_shuffle_u32 (&rng, order, n);
  else if (options->split == BP_SPLIT_STRATIFIED)
    {
      /* Per class, shuffle its rows and deal validation and test shares by
       * largest remainder so the totals match the other splits. */
      const gsize k = dataset->n_classes;
      g_autofree gsize *count = g_new0 (gsize, k);
      for (gsize i = 0; i < n; i++)
        count[dataset->labels[i]]++;
      g_autofree guint32 **members = g_new0 (guint32 *, k);
      g_autofree gsize *filled = g_new0 (gsize, k);
      for (gsize c = 0; c < k; c++)
        members[c] = g_new (guint32, MAX (count[c], 1));
      for (gsize i = 0; i < n; i++)
        {
          guint32 c = dataset->labels[i];
          members[c][filled[c]++] = (guint32) i;
        }
      for (gsize c = 0; c < k; c++)
        bp_rng_shuffle_u32 (&rng, members[c], count[c]);

      g_autofree gsize *val_share = g_new0 (gsize, k);
      g_autofree gsize *test_share = g_new0 (gsize, k);
      gsize *shares[2] = { val_share, test_share };
      gsize totals[2] = { dataset->n_validation, dataset->n_test };
      for (int s = 0; s < 2; s++)
        {
          gsize given = 0;
          g_autofree double *remainder = g_new0 (double, k);
          for (gsize c = 0; c < k; c++)
            {
              double exact = (double) totals[s] * (double) count[c] / (double) n;
              shares[s][c] = MIN ((gsize) floor (exact), count[c] - val_share[c] - test_share[c]);
              remainder[c] = exact - floor (exact);
              given += shares[s][c];
            }
          while (given < totals[s])
            {
              gsize best = k;
              for (gsize c = 0; c < k; c++)
                if (count[c] > val_share[c] + test_share[c] &&
                    (best == k || remainder[c] > remainder[best]))
                  best = c;
              if (best == k)
                break;
              shares[s][best]++;
              remainder[best] = -1.0;
              given++;
            }
        }

      /* Lay out [train | validation | test] in order[]. */
      gsize t = 0, v = dataset->n_train, e = dataset->n_train + dataset->n_validation;
      gsize n_train = 0;
      for (gsize c = 0; c < k; c++)
        {
          gsize i = 0;
          for (; i < val_share[c]; i++)
            order[v++] = members[c][i];
          for (; i < val_share[c] + test_share[c]; i++)
            order[e++] = members[c][i];
          for (; i < count[c]; i++, n_train++)
            order[t++] = members[c][i];
          g_free (members[c]);
        }
      dataset->n_train = n_train;
    }

  dataset->train = copy_indices (order, dataset->n_train);
  dataset->validation = copy_indices (order + dataset->n_train, dataset->n_validation);
  dataset->test = copy_indices (order + dataset->n_train + dataset->n_validation, dataset->n_test);
  if (options->split != BP_SPLIT_KERAS)
    {
      qsort (dataset->train, dataset->n_train, sizeof (guint32), compare_u32);
      qsort (dataset->validation, dataset->n_validation, sizeof (guint32), compare_u32);
      qsort (dataset->test, dataset->n_test, sizeof (guint32), compare_u32);
    }
}

/* Warn when validation rows hold a different mix of classes than training
 * rows: a Keras split of a file sorted by its target validates on one class. */
static void
check_class_mix (BpDataset *dataset, const BpDatasetOptions *options)
{
  if (dataset->class_names == NULL || dataset->n_validation == 0)
    return;
  const gsize k = dataset->n_classes;
  g_autofree gsize *train = g_new0 (gsize, k);
  g_autofree gsize *val = g_new0 (gsize, k);
  for (gsize i = 0; i < dataset->n_train; i++)
    train[dataset->labels[dataset->train[i]]]++;
  for (gsize i = 0; i < dataset->n_validation; i++)
    val[dataset->labels[dataset->validation[i]]]++;

  gsize train_classes = 0, val_classes = 0, only_val = 0;
  double distance = 0.0;
  for (gsize c = 0; c < k; c++)
    {
      train_classes += train[c] > 0;
      val_classes += val[c] > 0;
      if (val[c] > 0)
        only_val = c;
      distance += fabs ((double) train[c] / (double) MAX (dataset->n_train, 1) -
                        (double) val[c] / (double) dataset->n_validation);
    }
  distance /= 2.0;

  const gboolean keras = options->split == BP_SPLIT_KERAS;
  const double last = options->validation_fraction * 100.0;
  /* "Sorted" only when it is: one odd row at the end is not a sorted file. */
  const char *advice = !keras ? _("Choose a stratified split, or more validation rows.")
    : sorted_by_class (dataset->labels, dataset->n_rows, k)
    ? _("The file looks sorted by its target; choose a shuffled or stratified split.")
    : _("Choose a shuffled or stratified split.");

  g_autofree gsize *all = g_new0 (gsize, k);
  for (gsize i = 0; i < dataset->n_rows; i++)
    all[dataset->labels[i]]++;
  for (gsize c = 0; c < k; c++)
    if (train[c] == 0 && val[c] > 0 && all[c] < BP_DATASET_FEW_ROWS)
      bp_dataset_warn (dataset, g_dngettext (GETTEXT_PACKAGE, "Class “%s” has only %zu row — too few to learn.",
                                             "Class “%s” has only %zu rows — too few to learn.", all[c]),
                       dataset->class_names[c], all[c]);
    else if (train[c] == 0 && val[c] > 0)
      bp_dataset_warn (dataset, _("Class “%s” appears in the validation rows but never in the training rows, "
                     "so the network cannot learn it. %s"), dataset->class_names[c], advice);

  if (dataset->n_validation < 10)
    bp_dataset_warn (dataset, g_dngettext (GETTEXT_PACKAGE,
                                "Only %zu row is left for validation: the validation scores will jump around a lot.",
                                "Only %zu rows are left for validation: the validation scores will jump around a lot.",
                                dataset->n_validation), dataset->n_validation);
  /* Translators: the last %s is one more sentence of advice. */
  else if (val_classes == 1 && train_classes > 1 && keras)
    bp_dataset_warn (dataset, _("Every validation row (the last %.0f%% of the file) is “%s”, while the training rows "
                     "hold %zu classes. %s"), last, dataset->class_names[only_val], train_classes, advice);
  else if (val_classes == 1 && train_classes > 1)
    bp_dataset_warn (dataset, _("Every validation row is “%s”, while the training rows hold %zu classes. %s"),
          dataset->class_names[only_val], train_classes, advice);
  else if (distance > CLASS_MIX_TOLERANCE && keras)
    bp_dataset_warn (dataset, _("The validation rows (the last %.0f%% of the file) have a very different mix of classes "
                     "from the training rows (%.0f%% of them would have to change class to match). %s"),
          last, distance * 100.0, advice);
  else if (distance > CLASS_MIX_TOLERANCE)
    bp_dataset_warn (dataset, _("The validation rows have a very different mix of classes from the training rows "
                     "(%.0f%% of them would have to change class to match). %s"),
          distance * 100.0, advice);
}

static void
fit_features (BpDataset *dataset, const BpTable *table, GArray *columns,
              const BpDatasetOptions *options)
{
  dataset->n_feature_columns = columns->len;
  dataset->features = g_new0 (BpFeature, columns->len);
  gsize offset = 0;

  for (guint f = 0; f < columns->len; f++)
    {
      const int c = g_array_index (columns, int, f);
      const BpColumn *column = &table->columns[c];
      BpFeature *feature = &dataset->features[f];
      feature->column = c;
      feature->name = g_strdup (column->name);
      feature->type = column->type;
      feature->offset = offset;
      feature->center = 0.0;
      feature->scale = 1.0;

      if (column->type == BP_COLUMN_CATEGORICAL)
        {
          feature->encoding = BP_ENCODING_ONE_HOT;
          feature->width = column->n_levels;
          feature->levels = g_strdupv (column->levels);
          g_autofree gsize *counts = g_new0 (gsize, MAX (column->n_levels, 1));
          for (gsize i = 0; i < dataset->n_train; i++)
            {
              guint32 code = column->codes[dataset->source_rows[dataset->train[i]]];
              if (code != BP_CODE_NONE)
                counts[code]++;
            }
          gsize best = 0, used = 0;
          for (guint32 l = 0; l < column->n_levels; l++)
            {
              used += counts[l] > 0;
              if (counts[l] > counts[best])
                best = l;
            }
          feature->fill = (double) best;
          if (used <= 1 && dataset->n_train > 1)
            bp_dataset_warn (dataset, _("Column “%s” has the same category in every training row; it tells the "
                           "network nothing."), column->name);
        }
      else
        {
          feature->encoding = BP_ENCODING_SCALED;
          feature->width = 1;
          /* Two passes, mean first: as exact as Welford's update without its
           * division per value, which made this loop a chain of divisions. */
          double sum = 0.0, mean = 0.0, m2 = 0.0, lo = INFINITY, hi = -INFINITY;
          gsize n = 0;
          for (gsize i = 0; i < dataset->n_train; i++)
            {
              double v = bp_column_value (column, dataset->source_rows[dataset->train[i]]);
              if (isnan (v))
                continue;
              n++;
              sum += v;
              lo = MIN (lo, v);
              hi = MAX (hi, v);
            }
          if (n > 0)
            {
              mean = sum / (double) n;
              for (gsize i = 0; i < dataset->n_train; i++)
                {
                  double v = bp_column_value (column, dataset->source_rows[dataset->train[i]]);
                  if (!isnan (v))
                    m2 += (v - mean) * (v - mean);
                }
            }
          feature->fill = n > 0 ? mean : 0.0;
          /* Population std, as scikit-learn's StandardScaler. */
          double std = n > 0 ? sqrt (m2 / (double) n) : 0.0;
          gboolean constant = n == 0 || hi - lo == 0.0;
          switch (options->scaling)
            {
            case BP_SCALING_STANDARDIZE:
              feature->center = n > 0 ? mean : 0.0;
              feature->scale = constant || std == 0.0 ? 1.0 : std;
              break;
            case BP_SCALING_MINMAX:
              feature->center = n > 0 ? lo : 0.0;
              feature->scale = constant ? 1.0 : hi - lo;
              break;
            case BP_SCALING_NONE:
            default:
              break;
            }
          if (constant && dataset->n_train > 1)
            bp_dataset_warn (dataset, _("Column “%s” has the same value in every training row; it tells the "
                           "network nothing."), column->name);
        }
      offset += feature->width;
    }
  dataset->n_features = offset;
}

/* The name of a feature's l-th input: "size", or "color=red" for one-hot. */
char *
bp_feature_input_name (const BpFeature *feature, gsize l)
{
  if (feature->encoding == BP_ENCODING_SCALED)
    return g_strdup (feature->name);
  return g_strdup_printf ("%s=%s", feature->name, feature->levels[l]);
}

/* Gives back the cells of @table's rows from @keep on: realloc shrinks a
 * large block in place and returns its tail pages to the system. A column
 * of small cells (a byte a pixel) is no large block: it sits in the heap,
 * where freed pages stay resident until trimmed, so every few MiB given
 * back (*trimmed_at: the rows kept at the last trim) the heap is trimmed. */
static void
release_rows_from (BpTable *table, gsize keep, gsize *trimmed_at)
{
  gsize row_bytes = 0;
  for (gsize c = 0; c < table->n_columns; c++)
    {
      BpColumn *column = &table->columns[c];
      column->cells = g_realloc (column->cells, MAX (keep, 1) * bp_cell_storage_size (column->storage));
      row_bytes += bp_cell_storage_size (column->storage);
      if (column->codes)
        column->codes = g_realloc (column->codes, MAX (keep, 1) * sizeof (guint32));
    }
#ifdef __GLIBC__
  if ((*trimmed_at - keep) * row_bytes >= (4u << 20))
    {
      malloc_trim (0);
      *trimmed_at = keep;
    }
#else
  (void) row_bytes;
  (void) trimmed_at;
#endif
}

/* @consume: @table itself, when its rows may go as they are encoded
 * (the last rows first), else NULL. */
static void
encode (BpDataset *dataset, const BpTable *table, BpTable *consume)
{
  const gsize d = dataset->n_features;
  dataset->input_names = g_new0 (char *, d + 1);
  for (gsize f = 0; f < dataset->n_feature_columns; f++)
    {
      const BpFeature *feature = &dataset->features[f];
      for (gsize l = 0; l < feature->width; l++)
        dataset->input_names[feature->offset + l] = bp_feature_input_name (feature, l);
    }

  /* The table is stored by column and x by row: a transpose. Going row by
   * row reads one value from every column array, a cache and TLB miss each
   * on a wide table (784 columns: most of the time of `inspect`); blocks of
   * rows, column by column, read each column sequentially. */
  enum { BLOCK_ROWS = 64, RELEASE_EVERY = 16 };
  const gsize n_blocks = (dataset->n_rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
  gsize trimmed_at = table->n_rows;
  for (gsize k = 0; k < n_blocks; k++)
    {
      const gsize b = consume ? n_blocks - 1 - k : k;
      const gsize i0 = b * BLOCK_ROWS;
      const gsize i1 = MIN (i0 + BLOCK_ROWS, dataset->n_rows);
      /* source_rows ascends: the rows left to encode come before
       * source_rows[i1] in the table. */
      if (consume && k % RELEASE_EVERY == 0 && i1 < dataset->n_rows)
        release_rows_from (consume, dataset->source_rows[i1], &trimmed_at);
      for (gsize f = 0; f < dataset->n_feature_columns; f++)
        {
          const BpFeature *feature = &dataset->features[f];
          const BpColumn *column = &table->columns[feature->column];
          for (gsize i = i0; i < i1; i++)
            {
              const gsize row = dataset->source_rows[i];
              float *out = dataset->x + i * d;
              if (feature->encoding == BP_ENCODING_SCALED)
                {
                  double v = bp_column_value (column, row);
                  if (isnan (v))
                    v = feature->fill;
                  out[feature->offset] = (float) ((v - feature->center) / feature->scale);
                }
              else
                {
                  guint32 code = column->codes[row];
                  if (code == BP_CODE_NONE)
                    code = (guint32) feature->fill;
                  memset (out + feature->offset, 0, feature->width * sizeof (float));
                  out[feature->offset + code] = 1.0f;
                }
            }
        }
    }
}

/* Say how many cells were filled in, and with what. */
void
bp_dataset_report_imputed (BpDataset *dataset, const BpTable *table)
{
  g_autoptr(GString) parts = g_string_new (NULL);
  gsize total = 0;
  for (gsize f = 0; f < dataset->n_feature_columns; f++)
    {
      const BpFeature *feature = &dataset->features[f];
      gsize filled = 0;
      for (gsize i = 0; i < dataset->n_rows; i++)
        filled += bp_table_cell_is_missing (table, dataset->source_rows[i], (gsize) feature->column);
      if (filled == 0)
        continue;
      total += filled;
      if (parts->len)
        g_string_append (parts, ", ");
      if (feature->encoding == BP_ENCODING_ONE_HOT)
        /* Translators: one item of the list in “%zu missing values were filled in: %s.” */
        g_string_append_printf (parts, _("%zu in “%s” (most frequent: %s)"), filled,
                                feature->name, feature->levels[(gsize) feature->fill]);
      else
        /* Translators: one item of the list in “%zu missing values were filled in: %s.” */
        g_string_append_printf (parts, _("%zu in “%s” (training mean %.4g)"), filled,
                                feature->name, feature->fill);
    }
  if (total > 0)
    /* Translators: %s is a list such as “3 in “age” (training mean 41.2), 1 in “sex” (most frequent: f)”. */
    bp_dataset_warn (dataset, g_dngettext (GETTEXT_PACKAGE, "%zu missing value was filled in: %s.",
                                "%zu missing values were filled in: %s.", total), total, parts->str);
}

/* A flag per table row: 1 where the row is left out (as choose_rows
 * leaves them out). */
static guint8 *
rows_to_drop (const BpTable *table, int target, GArray *feature_columns, BpMissingPolicy missing)
{
  /* Column by column, so each pass reads one array. */
  guint8 *drop = g_new0 (guint8, MAX (table->n_rows, 1));
  mark_missing (table, target, drop);
  if (missing == BP_MISSING_DROP)
    for (guint f = 0; f < feature_columns->len; f++)
      mark_missing (table, g_array_index (feature_columns, int, f), drop);
  return drop;
}

/* The rows a dataset keeps: the target must be there; features too
 * unless they are filled in (@missing). FALSE when none is left. */
static gboolean
choose_rows (BpDataset *dataset, const BpTable *table, GArray *feature_columns, BpMissingPolicy missing,
             GError **error)
{
  /* Column by column, so each pass reads one array. */
  g_autofree guint8 *drop = g_new0 (guint8, MAX (table->n_rows, 1));
  g_autofree gsize *missing_in = g_new0 (gsize, MAX (table->n_columns, 1));
  missing_in[dataset->target_column] = mark_missing (table, dataset->target_column, drop);
  if (missing == BP_MISSING_DROP)
    for (guint f = 0; f < feature_columns->len; f++)
      {
        int c = g_array_index (feature_columns, int, f);
        missing_in[c] = mark_missing (table, c, drop);
      }

  dataset->source_rows = g_new (guint32, MAX (table->n_rows, 1));
  guint64 first_dropped = 0;
  for (gsize r = 0; r < table->n_rows; r++)
    {
      if (!drop[r])
        dataset->source_rows[dataset->n_rows++] = (guint32) r;
      else if (dataset->n_dropped++ == 0)
        first_dropped = table->row_lines[r];
    }
  if (dataset->n_dropped > 0)
    {
      dataset->dropped_by_column = g_steal_pointer (&missing_in);
      dataset->n_source_columns = table->n_columns;
      g_autofree char *left_out = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                "%zu row with missing values was left out (the first on line %" PRIu64 ").",
                                "%zu rows with missing values were left out (the first on line %" PRIu64 ").",
                                dataset->n_dropped), dataset->n_dropped, first_dropped);
      g_autofree char *by_column = describe_dropped (dataset, table);
      /* Translators: %s is a list such as “1815 in “damage”, 52 in “speed””. */
      bp_dataset_warn (dataset, _("%s By column: %s."), left_out, by_column);
    }
  if (dataset->n_rows == 0)
    {
      g_set_error_literal (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_EMPTY,
                           missing == BP_MISSING_DROP
                           ? _("No rows are left: every row misses a value in the target or a feature column; "
                               "try filling in missing values instead")
                           : _("No rows are left: every row misses a value in the target or a feature column"));
      return FALSE;
    }
  return TRUE;
}

/* Classification targets: a class index per row, and y as 0/1 or one-hot. */
static void
encode_labels (BpDataset *dataset, const BpColumn *tcol, const ClassMap *map)
{
  dataset->labels = g_new (guint32, dataset->n_rows);
  for (gsize i = 0; i < dataset->n_rows; i++)
    {
      guint32 label = class_of (tcol, map, dataset->source_rows[i]);
      dataset->labels[i] = label;
      if (dataset->task == BP_TASK_MULTICLASS)
        dataset->y[i * dataset->n_outputs + label] = 1.0f;
      else
        dataset->y[i] = (float) label;
    }
}

/* Regression targets, standardized on the training rows when @scale
 * (the rows must be split). */
static void
encode_values (BpDataset *dataset, const BpColumn *tcol, gboolean scale)
{
  if (scale)
    {
      double mean = 0.0, m2 = 0.0;
      for (gsize i = 0; i < dataset->n_train; i++)
        {
          double v = bp_column_value (tcol, dataset->source_rows[dataset->train[i]]);
          double delta = v - mean;
          mean += delta / (double) (i + 1);
          m2 += delta * (v - mean);
        }
      double std = sqrt (m2 / (double) dataset->n_train);
      dataset->target_center = mean;
      dataset->target_scale = std > 0.0 ? std : 1.0;
    }
  for (gsize i = 0; i < dataset->n_rows; i++)
    dataset->y[i] = (float) ((bp_column_value (tcol, dataset->source_rows[i]) - dataset->target_center) /
                             dataset->target_scale);
}

/* The target column and task @options give, or FALSE. */
static gboolean
resolve_target (const BpTable *table, const BpDatasetOptions *options, int *target, BpTask *task,
                GArray *feature_columns, GError **error)
{
  if (!resolve_columns (table, options, target, feature_columns, error))
    return FALSE;
  *task = options->task != BP_TASK_AUTO ? options->task : bp_dataset_detect_task (table, *target);
  if (*task == BP_TASK_AUTO)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("Column “%s” cannot be a target"), table->columns[*target].name);
      return FALSE;
    }
  return check_task (table, *target, *task, error);
}

/* Classification needs two classes among the rows actually used: leaving
 * out rows with missing values can take the last of a class with them, and
 * two spellings of yes are one class. */
static gboolean
check_classes_left (const BpDataset *dataset, GError **error)
{
  g_autofree guint8 *present = g_new0 (guint8, MAX (dataset->n_classes, 1));
  gsize n_present = 0;
  for (gsize i = 0; i < dataset->n_rows && n_present < 2; i++)
    if (!present[dataset->labels[i]]++)
      n_present++;
  if (n_present >= 2)
    return TRUE;
  const char *only = dataset->class_names[dataset->labels[0]];
  if (dataset->n_dropped > 0)
    g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                 g_dngettext (GETTEXT_PACKAGE,
                              "Column “%s” cannot be a classification target: only one class, “%s”, is left "
                              "after %zu row with missing values was left out",
                              "Column “%s” cannot be a classification target: only one class, “%s”, is left "
                              "after %zu rows with missing values were left out",
                              dataset->n_dropped), dataset->target_name, only, dataset->n_dropped);
  else
    g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                 _("Column “%s” cannot be a classification target: all its values are one class, “%s”"),
                 dataset->target_name, only);
  return FALSE;
}

gboolean
bp_dataset_keras_leaves_out_class (const BpTable *table, const BpDatasetOptions *options, char **note)
{
  if (note)
    *note = NULL;
  g_return_val_if_fail (table != NULL && options != NULL, FALSE);
  g_autoptr(GArray) feature_columns = g_array_new (FALSE, FALSE, sizeof (int));
  int target = -1;
  BpTask task = BP_TASK_AUTO;
  if (!resolve_target (table, options, &target, &task, feature_columns, NULL) || task == BP_TASK_REGRESSION)
    return FALSE;

  g_autofree guint8 *drop = rows_to_drop (table, target, feature_columns, options->missing);
  ClassMap map = { 0 };
  g_auto(GStrv) names = build_classes (table, target, &map);
  g_autofree guint32 *labels = g_new (guint32, MAX (table->n_rows, 1));
  gsize n = 0;
  for (gsize r = 0; r < table->n_rows; r++)
    if (!drop[r])
      labels[n++] = class_of (&table->columns[target], &map, r);
  g_free (map.values);
  return keras_leaves_out (labels, n, map.n, names, options, note);
}

static BpDataset *
dataset_new (const BpTable *table, BpTable *consume, const BpDatasetOptions *options, GError **error);

BpDataset *
bp_dataset_new (const BpTable *table, const BpDatasetOptions *options, GError **error)
{
  return dataset_new (table, NULL, options, error);
}

BpDataset *
bp_dataset_new_consuming (BpTable *table, const BpDatasetOptions *options, GError **error)
{
  BpDataset *dataset = dataset_new (table, table, options, error);
  if (dataset == NULL)
    return NULL;
  for (gsize c = 0; c < table->n_columns; c++)
    {
      g_clear_pointer (&table->columns[c].cells, g_free);
      g_clear_pointer (&table->columns[c].codes, g_free);
    }
  g_clear_pointer (&table->row_lines, g_free);
  table->n_rows = 0;
  return dataset;
}

static BpDataset *
dataset_new (const BpTable *table, BpTable *consume, const BpDatasetOptions *options, GError **error)
{
  BpDatasetOptions defaults;
  if (options == NULL)
    {
      bp_dataset_options_init (&defaults);
      options = &defaults;
    }

  if (!(options->validation_fraction >= 0.0 && options->validation_fraction < 1.0) ||
      !(options->test_fraction >= 0.0 && options->test_fraction < 1.0) ||
      options->validation_fraction + options->test_fraction >= 1.0)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("The validation (%g) and test (%g) fractions must each be at least 0 and add up "
                   "to less than 1"), options->validation_fraction, options->test_fraction);
      return NULL;
    }

  g_autoptr(GArray) feature_columns = g_array_new (FALSE, FALSE, sizeof (int));
  int target = -1;
  BpTask task = BP_TASK_AUTO;
  if (!resolve_target (table, options, &target, &task, feature_columns, error))
    return NULL;
  if (options->split == BP_SPLIT_STRATIFIED && task == BP_TASK_REGRESSION)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("A stratified split needs classes; for regression choose a shuffled or Keras split"));
      return NULL;
    }

  const BpColumn *tcol = &table->columns[target];
  g_autoptr(BpDataset) dataset = g_new0 (BpDataset, 1);
  dataset->task = task;
  dataset->target_column = target;
  dataset->target_name = g_strdup (tcol->name);
  dataset->warnings = g_ptr_array_new_with_free_func (g_free);
  dataset->target_center = 0.0;
  dataset->target_scale = 1.0;

  ClassMap map = { 0 };
  if (task != BP_TASK_REGRESSION)
    {
      dataset->class_names = build_classes (table, target, &map);
      dataset->n_classes = map.n;
    }

  if (!choose_rows (dataset, table, feature_columns, options->missing, error))
    {
      g_free (map.values);
      return NULL;
    }

  /* Targets. */
  dataset->n_outputs = task == BP_TASK_MULTICLASS ? dataset->n_classes : 1;
  dataset->y = g_new0 (float, dataset->n_rows * dataset->n_outputs);
  if (task != BP_TASK_REGRESSION)
    encode_labels (dataset, tcol, &map);
  g_free (map.values);
  if (task != BP_TASK_REGRESSION && !check_classes_left (dataset, error))
    return NULL;

  /* From here on, the split made. */
  BpDatasetOptions chosen = *options;
  if (chosen.split == BP_SPLIT_AUTO)
    chosen.split = task != BP_TASK_REGRESSION &&
                   keras_leaves_out (dataset->labels, dataset->n_rows, dataset->n_classes, dataset->class_names,
                                     options, &dataset->split_note)
                   ? BP_SPLIT_STRATIFIED : BP_SPLIT_KERAS;
  dataset->split = chosen.split;
  options = &chosen;
  split_rows (dataset, options);
  if (dataset->n_train == 0)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_EMPTY,
                   g_dngettext (GETTEXT_PACKAGE,
                                "No training rows are left: %zu row, all taken for validation and test",
                                "No training rows are left: %zu rows, all taken for validation and test",
                                dataset->n_rows), dataset->n_rows);
      return NULL;
    }

  if (task == BP_TASK_REGRESSION)
    encode_values (dataset, tcol, options->scale_target);

  fit_features (dataset, table, feature_columns, options);
  dataset->x = g_try_malloc (MAX (dataset->n_rows * dataset->n_features, 1) * sizeof (float));
  if (dataset->x == NULL)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_NOMEM,
                   _("Not enough memory for %zu rows × %zu inputs"),
                   dataset->n_rows, dataset->n_features);
      return NULL;
    }
  /* Before encoding: that may use up the table. */
  if (options->missing == BP_MISSING_IMPUTE)
    bp_dataset_report_imputed (dataset, table);
  encode (dataset, table, consume);
  check_class_mix (dataset, options);

  return g_steal_pointer (&dataset);
}
