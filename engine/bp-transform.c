/* bp-transform.c: a trained model's transform, and new rows encoded
 * with it (see bp-transform.h). */
#include "bp-transform.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bp-dataset-private.h"
#include "bp-date.h"
#include "bp-error.h"

BpTransform *
bp_transform_new_from_dataset (const BpDataset *dataset)
{
  BpTransform *transform = g_new0 (BpTransform, 1);
  transform->task = dataset->task;
  transform->target_name = g_strdup (dataset->target_name);
  transform->class_names = g_strdupv (dataset->class_names);
  transform->n_classes = dataset->n_classes;
  transform->target_center = dataset->target_center;
  transform->target_scale = dataset->target_scale;
  transform->n_feature_columns = dataset->n_feature_columns;
  transform->features = g_new0 (BpFeature, MAX (dataset->n_feature_columns, 1));
  for (gsize f = 0; f < dataset->n_feature_columns; f++)
    {
      BpFeature *to = &transform->features[f];
      *to = dataset->features[f];
      to->name = g_strdup (to->name);
      to->levels = g_strdupv (to->levels);
    }
  transform->n_features = dataset->n_features;
  transform->input_names = g_strdupv (dataset->input_names);
  return transform;
}

void
bp_transform_free (BpTransform *transform)
{
  if (transform == NULL)
    return;
  g_free (transform->target_name);
  g_strfreev (transform->class_names);
  if (transform->features)
    for (gsize f = 0; f < transform->n_feature_columns; f++)
      bp_feature_clear (&transform->features[f]);
  g_free (transform->features);
  g_strfreev (transform->input_names);
  g_free (transform);
}

/* Whether n strings are all there, NULL-terminated and all different. */
static gboolean
check_names (char **names, gsize n, const char *what, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (gsize i = 0; i < n; i++)
    {
      if (names[i] == NULL)
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                       _("%s: %zu names were expected, found %zu"), what, n, i);
          return FALSE;
        }
      if (!g_hash_table_add (seen, names[i]))
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("%s: “%s” appears twice"), what, names[i]);
          return FALSE;
        }
    }
  if (names[n] != NULL)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                   _("%s: %zu names were expected, found more"), what, n);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_feature (const BpFeature *feature, gsize f, gsize offset, GError **error)
{
  const char *name = feature->name;
  if (!bp_column_type_is_usable (feature->type))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   /* Translators: the last %s is a column type as the data page's type
                    * drop-down names it ("date", "text", "ID", "empty"). */
                   _("features[%zu] (“%s”): a column of type “%s” cannot be a feature"),
                   f, name, bp_column_type_display_name (feature->type));
      return FALSE;
    }
  if (feature->offset != offset)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                   _("features[%zu] (“%s”): offset %zu, but the features "
                   "before it take %zu inputs"), f, name, feature->offset, offset);
      return FALSE;
    }
  if (!(isfinite (feature->center) && isfinite (feature->scale) && feature->scale != 0.0 &&
        isfinite (feature->fill)))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("features[%zu] (“%s”): center, scale and fill must be finite numbers "
                   "and the scale not 0"), f, name);
      return FALSE;
    }
  switch (feature->encoding)
    {
    case BP_ENCODING_SCALED:
      if (feature->width != 1 || feature->levels != NULL)
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                       _("features[%zu] (“%s”): a scaled feature takes 1 input and has no "
                       "levels, not %zu"), f, name, feature->width);
          return FALSE;
        }
      return TRUE;
    case BP_ENCODING_ONE_HOT:
      {
        gsize n_levels = feature->levels ? g_strv_length (feature->levels) : 0;
        if (feature->width < 1 || feature->width > BP_MAX_CATEGORIES || n_levels != feature->width)
          {
            g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                         _("features[%zu] (“%s”): width %zu but %zu"
                         " levels; a one-hot feature takes one input per level, from 1 to %d"),
                         f, name, feature->width, n_levels, BP_MAX_CATEGORIES);
            return FALSE;
          }
        g_autofree char *what = g_strdup_printf ("features[%" G_GSIZE_FORMAT "] (“%s”) levels", f, name);
        if (!check_names (feature->levels, n_levels, what, error))
          return FALSE;
        if (feature->fill < 0.0 || feature->fill >= (double) feature->width || feature->fill != floor (feature->fill))
          {
            g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                         _("features[%zu] (“%s”): the fill value must be the number of a level, "
                         "from 0 to %zu"), f, name, feature->width - 1);
            return FALSE;
          }
        return TRUE;
      }
    default:
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("features[%zu] (“%s”): unknown encoding %d"), f, name, feature->encoding);
      return FALSE;
    }
}

gboolean
bp_transform_validate (const BpTransform *transform, GError **error)
{
  const BpTask task = transform->task;
  if (task != BP_TASK_BINARY && task != BP_TASK_MULTICLASS && task != BP_TASK_REGRESSION)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("the task must be binary, multiclass or regression"));
      return FALSE;
    }
  if (transform->target_name == NULL || transform->target_name[0] == '\0')
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, _("the target has no name"));
      return FALSE;
    }
  if (!(isfinite (transform->target_center) && isfinite (transform->target_scale) &&
        transform->target_scale != 0.0))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("target: center and scale must be finite numbers and the scale not 0"));
      return FALSE;
    }
  if (task == BP_TASK_REGRESSION)
    {
      if (transform->class_names != NULL || transform->n_classes != 0)
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE, _("target: a regression target has no classes"));
          return FALSE;
        }
    }
  else
    {
      const gsize k = transform->n_classes;
      if (transform->class_names == NULL || k < 2 || k > MAX_CLASSES || (task == BP_TASK_BINARY && k != 2))
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                       task == BP_TASK_BINARY ? _("target: binary classification needs exactly 2 classes, not %zu")
                                              : _("target: multiclass classification needs from 2 to 1000 classes, not %zu"),
                       transform->class_names ? k : 0);
          return FALSE;
        }
      if (!check_names (transform->class_names, k, "target classes", error))
        return FALSE;
    }

  if (transform->n_feature_columns == 0 || transform->features == NULL)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE, _("there are no features"));
      return FALSE;
    }
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  gsize offset = 0;
  for (gsize f = 0; f < transform->n_feature_columns; f++)
    {
      const BpFeature *feature = &transform->features[f];
      if (feature->name == NULL || feature->name[0] == '\0')
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("features[%zu]: the column has no name"), f);
          return FALSE;
        }
      if (!g_hash_table_add (names, feature->name) || g_str_equal (feature->name, transform->target_name))
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("features[%zu]: column “%s” is used twice"), f, feature->name);
          return FALSE;
        }
      if (!check_feature (feature, f, offset, error))
        return FALSE;
      offset += feature->width;
    }
  if (offset != transform->n_features)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                   _("inputs: %zu, but the features take %zu"),
                   transform->n_features, offset);
      return FALSE;
    }

  /* The input names follow from the features; a mismatch means the file
   * was edited by hand or comes from a different transform. */
  gsize n_names = transform->input_names ? g_strv_length (transform->input_names) : 0;
  if (n_names != transform->n_features)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                   _("inputs: %zu names for %zu inputs"),
                   n_names, transform->n_features);
      return FALSE;
    }
  for (gsize f = 0; f < transform->n_feature_columns; f++)
    {
      const BpFeature *feature = &transform->features[f];
      for (gsize l = 0; l < feature->width; l++)
        {
          g_autofree char *expected = bp_feature_input_name (feature, l);
          const char *found = transform->input_names[feature->offset + l];
          if (!g_str_equal (expected, found))
            {
              g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                           _("inputs[%zu]: “%s”, but features[%zu] makes it “%s”"),
                           feature->offset + l, found, f, expected);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* The words the table reads as booleans; the second of each pair is 1. */
static const char * const boolean_words[][2] = {
  { "false", "true" }, { "no", "yes" }, { "n", "y" }, { "f", "t" }, { "off", "on" },
};

/* A category's text as a number: a decimal number, or with allow_words a
 * boolean word; NaN when it is neither. */
static double
text_number (const char *text, gboolean decimal_comma, gboolean allow_words)
{
  double value;
  if (bp_csv_parse_number (text, strlen (text), decimal_comma, &value))
    return value;
  if (allow_words)
    for (gsize p = 0; p < G_N_ELEMENTS (boolean_words); p++)
      for (int v = 0; v < 2; v++)
        if (g_ascii_strcasecmp (text, boolean_words[p][v]) == 0)
          return v;
  return NAN;
}

/* Per level of a new column: its number, or NaN. For a date feature the
 * levels are read as dates (bp-date.h), whatever type the new table
 * inferred for them. */
static double *
level_numbers (const BpTable *table, const BpColumn *column, BpColumnType type)
{
  if (column->codes == NULL)
    return NULL;
  double *numbers = g_new (double, MAX (column->n_levels, 1));
  BpDateOrder order = bp_date_guess_order (column->levels, column->n_levels);
  for (guint32 l = 0; l < column->n_levels; l++)
    if (type != BP_COLUMN_DATETIME || !bp_date_parse (column->levels[l], order, &numbers[l]))
      numbers[l] = text_number (column->levels[l], table->dialect.decimal_comma, type == BP_COLUMN_BOOLEAN);
  return numbers;
}

/* Per level of a new column: the saved name it matches, or BP_CODE_NONE. */
static guint32 *
level_map (const BpColumn *column, GHashTable *saved)
{
  if (column->codes == NULL)
    return NULL;
  guint32 *map = g_new (guint32, MAX (column->n_levels, 1));
  for (guint32 l = 0; l < column->n_levels; l++)
    {
      gpointer found = g_hash_table_lookup (saved, column->levels[l]);
      map[l] = found ? GPOINTER_TO_UINT (found) - 1 : BP_CODE_NONE;
    }
  return map;
}

/* Saved names → index + 1. */
static GHashTable *
name_index (char **names, gsize n)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);
  for (gsize i = 0; i < n; i++)
    g_hash_table_insert (index, names[i], GUINT_TO_POINTER (i + 1));
  return index;
}

/* A cell's saved name: by its category code, or by the number's text. */
static guint32
lookup_cell (const BpTable *table, gsize row, gsize c, const guint32 *map, GHashTable *saved)
{
  const BpColumn *column = &table->columns[c];
  if (column->codes && column->codes[row] != BP_CODE_NONE)
    return map[column->codes[row]];
  g_autofree char *text = bp_table_cell_text (table, row, c);
  gpointer found = text ? g_hash_table_lookup (saved, text) : NULL;
  return found ? GPOINTER_TO_UINT (found) - 1 : BP_CODE_NONE;
}

/* "the model knows a, b, c" for a message, shortened past a few names. */
static char *
known_names (char **names, gsize n)
{
  g_autoptr(GString) text = g_string_new (NULL);
  for (gsize i = 0; i < n && i < 8; i++)
    g_string_append_printf (text, "%s“%s”", i ? ", " : "", names[i]);
  if (n > 8)
    /* Translators: ends a list of names, as in “a”, “b”, “c” and 5 more. */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " and %zu more", " and %zu more", n - 8), n - 8);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
unseen_error (const BpTable *table, gsize row, gsize c, gboolean is_class, char **names, gsize n,
              GError **error)
{
  g_autofree char *text = bp_table_cell_text (table, row, c);
  g_autofree char *known = known_names (names, n);
  g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
               /* Translators: the last %s is a list of quoted names. */
               is_class ? _("%s:%" PRIu64 ": column “%s”: class “%s” was not seen in training (the model knows %s)")
                        : _("%s:%" PRIu64 ": column “%s”: “%s” was not seen in training (the model knows %s)"),
               table->display_name, table->row_lines[row], table->columns[c].name,
               text ? text : "", known);
  return FALSE;
}

static gboolean
not_a_number_error (const BpTable *table, gsize row, gsize c, GError **error)
{
  g_autofree char *text = bp_table_cell_text (table, row, c);
  g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
               _("%s:%" PRIu64 ": column “%s”: “%s” is not a number"),
               table->display_name, table->row_lines[row], table->columns[c].name, text ? text : "");
  return FALSE;
}

/* A number cell: its value, NaN when missing; FALSE on text. */
static gboolean
cell_number (const BpTable *table, gsize row, gsize c, const double *numbers, double *out, GError **error)
{
  const BpColumn *column = &table->columns[c];
  double v = bp_column_value (column, row);
  if (isnan (v) && column->codes && column->codes[row] != BP_CODE_NONE)
    {
      v = numbers[column->codes[row]];
      if (isnan (v))
        return not_a_number_error (table, row, c, error);
    }
  *out = v;
  return TRUE;
}

static gboolean
encode_features (BpDataset *dataset, const BpTable *table, GError **error)
{
  const gsize d = dataset->n_features;
  for (gsize f = 0; f < dataset->n_feature_columns; f++)
    {
      const BpFeature *feature = &dataset->features[f];
      const gsize c = (gsize) feature->column;
      const BpColumn *column = &table->columns[c];
      if (feature->encoding == BP_ENCODING_SCALED)
        {
          g_autofree double *numbers = level_numbers (table, column, feature->type);
          for (gsize i = 0; i < dataset->n_rows; i++)
            {
              double v;
              if (!cell_number (table, dataset->source_rows[i], c, numbers, &v, error))
                return FALSE;
              if (isnan (v))
                v = feature->fill;
              dataset->x[i * d + feature->offset] = (float) ((v - feature->center) / feature->scale);
            }
        }
      else
        {
          g_autoptr(GHashTable) saved = name_index (feature->levels, feature->width);
          g_autofree guint32 *map = level_map (column, saved);
          for (gsize i = 0; i < dataset->n_rows; i++)
            {
              const gsize row = dataset->source_rows[i];
              guint32 level = (guint32) feature->fill;
              if (!bp_table_cell_is_missing (table, row, c))
                {
                  level = lookup_cell (table, row, c, map, saved);
                  if (level == BP_CODE_NONE)
                    return unseen_error (table, row, c, FALSE, feature->levels, feature->width, error);
                }
              float *out = dataset->x + i * d + feature->offset;
              memset (out, 0, feature->width * sizeof (float));
              out[level] = 1.0f;
            }
        }
    }
  return TRUE;
}

/* The class of a target cell: by its text, else by its value, so that
 * "Yes" finds the class "yes" and 1.0 finds "1". */
static guint32
cell_class (const BpTable *table, gsize row, gsize c, const guint32 *map, GHashTable *saved,
            const double *class_values, gsize n_classes)
{
  guint32 k = lookup_cell (table, row, c, map, saved);
  double v = bp_column_value (&table->columns[c], row);
  if (k == BP_CODE_NONE && !isnan (v))
    for (gsize i = 0; i < n_classes; i++)
      if (class_values[i] == v)
        return (guint32) i;
  return k;
}

static gboolean
encode_target (BpDataset *dataset, const BpTable *table, GError **error)
{
  const gsize c = (gsize) dataset->target_column;
  const BpColumn *column = &table->columns[c];
  const gsize n = dataset->n_rows, k = dataset->n_outputs;
  dataset->y = g_new0 (float, MAX (n * k, 1));

  if (dataset->task == BP_TASK_REGRESSION)
    {
      g_autofree double *numbers = level_numbers (table, column, BP_COLUMN_NUMERIC);
      for (gsize i = 0; i < n; i++)
        {
          double v;
          if (!cell_number (table, dataset->source_rows[i], c, numbers, &v, error))
            return FALSE;
          dataset->y[i] = (float) ((v - dataset->target_center) / dataset->target_scale);
        }
      return TRUE;
    }

  g_autoptr(GHashTable) saved = name_index (dataset->class_names, dataset->n_classes);
  g_autofree guint32 *map = level_map (column, saved);
  g_autofree double *class_values = g_new (double, dataset->n_classes);
  for (gsize i = 0; i < dataset->n_classes; i++)
    class_values[i] = text_number (dataset->class_names[i], FALSE, TRUE);
  dataset->labels = g_new (guint32, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      const gsize row = dataset->source_rows[i];
      guint32 label = cell_class (table, row, c, map, saved, class_values, dataset->n_classes);
      if (label == BP_CODE_NONE)
        return unseen_error (table, row, c, TRUE, dataset->class_names, dataset->n_classes, error);
      dataset->labels[i] = label;
      if (dataset->task == BP_TASK_MULTICLASS)
        dataset->y[i * k + label] = 1.0f;
      else
        dataset->y[i] = (float) label;
    }
  return TRUE;
}

BpDataset *
bp_dataset_new_for_transform (const BpTable *table, const BpTransform *transform, gboolean need_target,
                              GError **error)
{
  if (!bp_transform_validate (transform, error))
    return NULL;

  g_autoptr(BpDataset) dataset = g_new0 (BpDataset, 1);
  dataset->task = transform->task;
  dataset->target_name = g_strdup (transform->target_name);
  dataset->target_column = -1;
  dataset->warnings = g_ptr_array_new_with_free_func (g_free);
  dataset->n_features = transform->n_features;
  dataset->n_outputs = transform->task == BP_TASK_MULTICLASS ? transform->n_classes : 1;
  dataset->class_names = g_strdupv (transform->class_names);
  dataset->n_classes = transform->n_classes;
  dataset->target_center = transform->target_center;
  dataset->target_scale = transform->target_scale;
  dataset->input_names = g_strdupv (transform->input_names);

  /* The features, pointed at the new table's columns. Every missing
   * column is named at once, so the user fixes the file in one go. */
  dataset->features = g_new0 (BpFeature, transform->n_feature_columns);
  dataset->n_feature_columns = transform->n_feature_columns;
  g_autoptr(GString) absent = g_string_new (NULL);
  gsize n_absent = 0;
  for (gsize f = 0; f < transform->n_feature_columns; f++)
    {
      BpFeature *feature = &dataset->features[f];
      *feature = transform->features[f];
      feature->name = g_strdup (feature->name);
      feature->levels = g_strdupv (feature->levels);
      feature->column = bp_table_find_column (table, feature->name);
      if (feature->column < 0)
        g_string_append_printf (absent, "%s“%s”", n_absent++ ? ", " : "", feature->name);
    }
  if (n_absent > 0)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   /* Translators: the second %s is a list of quoted column names. */
                   g_dngettext (GETTEXT_PACKAGE, "%s: the model needs column %s, which is not in the file",
                                "%s: the model needs columns %s, which are not in the file", n_absent),
                   table->display_name, absent->str);
      return NULL;
    }
  if (need_target)
    {
      dataset->target_column = bp_table_find_column (table, transform->target_name);
      if (dataset->target_column < 0)
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("%s: there is no column “%s” with the true values to compare the predictions with"),
                       table->display_name, transform->target_name);
          return NULL;
        }
    }

  /* Rows: all of them, but those that miss the target when it is needed. */
  dataset->source_rows = g_new (guint32, MAX (table->n_rows, 1));
  guint64 first_dropped = 0;
  for (gsize r = 0; r < table->n_rows; r++)
    {
      if (!need_target || !bp_table_cell_is_missing (table, r, (gsize) dataset->target_column))
        dataset->source_rows[dataset->n_rows++] = (guint32) r;
      else if (dataset->n_dropped++ == 0)
        first_dropped = table->row_lines[r];
    }
  if (dataset->n_dropped > 0)
    bp_dataset_warn (dataset, g_dngettext (GETTEXT_PACKAGE,
                                "%zu row with no value in “%s” was left out (the first on line %" PRIu64 ").",
                                "%zu rows with no value in “%s” were left out (the first on line %" PRIu64 ").",
                                dataset->n_dropped), dataset->n_dropped, dataset->target_name, first_dropped);
  if (dataset->n_rows == 0)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_EMPTY,
                   _("%s: no row has a value in “%s”, so there is nothing to compare with"),
                   table->display_name, dataset->target_name);
      return NULL;
    }

  dataset->x = g_try_malloc (MAX (dataset->n_rows * dataset->n_features, 1) * sizeof (float));
  if (dataset->x == NULL)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_NOMEM,
                   _("Not enough memory for %zu rows × %zu inputs"),
                   dataset->n_rows, dataset->n_features);
      return NULL;
    }
  if (!encode_features (dataset, table, error))
    return NULL;
  if (need_target && !encode_target (dataset, table, error))
    return NULL;
  bp_dataset_report_imputed (dataset, table);

  /* Nothing here is for training: every row is a test row. */
  dataset->train = g_new (guint32, 1);
  dataset->validation = g_new (guint32, 1);
  dataset->test = g_new (guint32, dataset->n_rows);
  for (gsize i = 0; i < dataset->n_rows; i++)
    dataset->test[i] = (guint32) i;
  dataset->n_test = dataset->n_rows;
  return g_steal_pointer (&dataset);
}
