/* fuzz-dataset.c: the data choices over a small table: column types,
 * roles, target, task, missing values, scaling, split and its fractions,
 * seed. A dataset made must hold together: every row in exactly one of
 * train, validation and test, finite inputs, labels within the classes
 * and at least two of them among the rows;
 * the consuming variant makes the same dataset; the transform it keeps
 * passes its own check and encodes the table's rows as the dataset did.
 *
 * Input: 16 bytes of choices, then the CSV text (at most 32 columns are
 * given their own choices).
 */
#include "fuzz-util.h"

#include <math.h>
#include <string.h>

#include "bp-engine.h"

#define N_CHOICES 16
#define MAX_COLUMN_CHOICES 32

/* A fraction from a byte: the edges a user can type, and values between. */
static double
fraction_from (guint8 b)
{
  static const double edges[] = { 0.0, 0.5, 0.501, 0.495, 0.999, 1.0, -0.1, NAN, 1e-9, 0.4, 0.2, 0.05, INFINITY, 0.3333 };
  if (b < G_N_ELEMENTS (edges))
    return edges[b];
  return (double) (b - G_N_ELEMENTS (edges)) / (double) (255 - G_N_ELEMENTS (edges)) * 0.98;
}

static BpTable *
load (const uint8_t *data, size_t size)
{
  BpTableOptions options;
  bp_table_options_init (&options);
  options.memory_limit = 256u << 20;
  return bp_table_load_data ("fuzz.csv", (const char *) data, size, &options, NULL);
}

static void
check_dataset (const BpTable *table, const BpDataset *ds)
{
  FUZZ_CHECK (ds->n_train + ds->n_validation + ds->n_test == ds->n_rows,
              "%" G_GSIZE_FORMAT " + %" G_GSIZE_FORMAT " + %" G_GSIZE_FORMAT " rows of %" G_GSIZE_FORMAT,
              ds->n_train, ds->n_validation, ds->n_test, ds->n_rows);
  FUZZ_CHECK (ds->n_train > 0, "no training rows");
  FUZZ_CHECK (ds->n_rows + ds->n_dropped <= table->n_rows, "more rows than the table");
  g_autofree guint8 *seen = g_new0 (guint8, MAX (ds->n_rows, 1));
  const guint32 *parts[] = { ds->train, ds->validation, ds->test };
  const gsize counts[] = { ds->n_train, ds->n_validation, ds->n_test };
  for (gsize p = 0; p < 3; p++)
    for (gsize i = 0; i < counts[p]; i++)
      {
        FUZZ_CHECK (parts[p][i] < ds->n_rows, "row index %u", parts[p][i]);
        FUZZ_CHECK (seen[parts[p][i]]++ == 0, "row %u twice", parts[p][i]);
      }
  for (gsize r = 0; r < ds->n_rows; r++)
    {
      FUZZ_CHECK (ds->source_rows[r] < table->n_rows, "source row %u", ds->source_rows[r]);
      for (gsize j = 0; j < ds->n_features; j++)
        FUZZ_CHECK (isfinite (ds->x[r * ds->n_features + j]), "x[%" G_GSIZE_FORMAT ",%" G_GSIZE_FORMAT "] = %g",
                    r, j, ds->x[r * ds->n_features + j]);
      for (gsize j = 0; j < ds->n_outputs; j++)
        FUZZ_CHECK (isfinite (ds->y[r * ds->n_outputs + j]), "y[%" G_GSIZE_FORMAT "] = %g",
                    r, ds->y[r * ds->n_outputs + j]);
      if (ds->labels)
        FUZZ_CHECK (ds->labels[r] < ds->n_classes, "label %u of %" G_GSIZE_FORMAT, ds->labels[r], ds->n_classes);
    }
  /* Classes counted in the rows used, not in the whole column. */
  gboolean two_classes = ds->labels == NULL;
  for (gsize r = 1; r < ds->n_rows && !two_classes; r++)
    two_classes = ds->labels[r] != ds->labels[0];
  FUZZ_CHECK (two_classes, "one class in all %" G_GSIZE_FORMAT " rows", ds->n_rows);
  gsize width = 0;
  for (gsize f = 0; f < ds->n_feature_columns; f++)
    {
      FUZZ_CHECK (ds->features[f].offset == width, "feature %" G_GSIZE_FORMAT " offset", f);
      FUZZ_CHECK (ds->features[f].scale != 0.0 && isfinite (ds->features[f].scale), "scale");
      width += ds->features[f].width;
    }
  FUZZ_CHECK (width == ds->n_features, "widths %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT, width, ds->n_features);
  FUZZ_CHECK (ds->task == BP_TASK_REGRESSION ? ds->n_outputs == 1 && ds->n_classes == 0
                                              : ds->n_classes >= 2, "task %d, %" G_GSIZE_FORMAT " classes",
              ds->task, ds->n_classes);
}

static void
check_same (const BpDataset *a, const BpDataset *b)
{
  FUZZ_CHECK (a->n_rows == b->n_rows && a->n_features == b->n_features && a->n_outputs == b->n_outputs &&
              a->n_train == b->n_train && a->n_validation == b->n_validation && a->task == b->task,
              "consuming made another shape");
  FUZZ_CHECK (memcmp (a->x, b->x, a->n_rows * a->n_features * sizeof (float)) == 0, "consuming: other x");
  FUZZ_CHECK (memcmp (a->y, b->y, a->n_rows * a->n_outputs * sizeof (float)) == 0, "consuming: other y");
  FUZZ_CHECK (memcmp (a->train, b->train, a->n_train * sizeof (guint32)) == 0, "consuming: other split");
}

/* The saved transform encodes each of the dataset's rows as it was. */
static void
check_transform (const BpTable *table, const BpDataset *ds)
{
  g_autoptr(BpTransform) transform = bp_transform_new_from_dataset (ds);
  g_autoptr(GError) error = NULL;
  FUZZ_CHECK (bp_transform_validate (transform, &error), "own transform refused: %s", error->message);
  g_autoptr(BpDataset) again = bp_dataset_new_for_transform (table, transform, TRUE, &error);
  if (!again)
    return;   /* e.g. a column made numeric that holds text: an error, not a crash */
  FUZZ_CHECK (again->n_features == ds->n_features, "transform: other width");
  gsize j = 0;
  for (gsize r = 0; r < ds->n_rows; r++)
    {
      while (j < again->n_rows && again->source_rows[j] < ds->source_rows[r])
        j++;
      FUZZ_CHECK (j < again->n_rows && again->source_rows[j] == ds->source_rows[r],
                  "transform lost table row %u", ds->source_rows[r]);
      FUZZ_CHECK (memcmp (&ds->x[r * ds->n_features], &again->x[j * ds->n_features],
                          ds->n_features * sizeof (float)) == 0,
                  "transform encodes table row %u otherwise", ds->source_rows[r]);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *bytes, size_t size)
{
  fuzz_init ();
  if (size < N_CHOICES)
    return 0;
  FuzzInput choices = { bytes, N_CHOICES };
  const uint8_t *csv = bytes + N_CHOICES;
  const size_t csv_size = size - N_CHOICES;

  g_autoptr(BpTable) table = load (csv, csv_size);
  if (!table)
    return 0;
  g_autoptr(BpTable) consumed = load (csv, csv_size);
  FUZZ_CHECK (consumed != NULL, "the same text loaded once");

  /* Column choices: a type to read it as (or none), and a role. */
  g_autofree BpColumnRole *roles = g_new0 (BpColumnRole, MAX (table->n_columns, 1));
  FuzzInput columns = { csv, MIN (csv_size, (size_t) MAX_COLUMN_CHOICES) };
  guint8 type_mask = fuzz_byte (&choices), role_mask = fuzz_byte (&choices);
  for (gsize c = 0; c < table->n_columns && c < MAX_COLUMN_CHOICES; c++)
    {
      guint8 b = fuzz_byte (&columns) ^ (guint8) (type_mask * (c + 1)) ^ (guint8) (role_mask << (c % 3));
      if (b & 8)
        {
          BpColumnType type = (BpColumnType) ((b & 7) % (BP_COLUMN_EMPTY + 1));
          gboolean ok_a = bp_table_set_column_type (table, c, type, NULL);
          gboolean ok_b = bp_table_set_column_type (consumed, c, type, NULL);
          FUZZ_CHECK (ok_a == ok_b, "set_column_type differs on the same table");
          FUZZ_CHECK (!ok_a || table->columns[c].type == type, "type not set");
        }
      roles[c] = (BpColumnRole) ((b >> 4) & 3);
    }

  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  guint8 target = fuzz_byte (&choices);
  options.target = target == 0 || table->n_columns == 0 ? -1 : (int) (target % table->n_columns);
  options.roles = fuzz_byte (&choices) & 1 ? roles : NULL;
  guint8 b = fuzz_byte (&choices);
  options.task = (BpTask) (b & 3);
  options.missing = (BpMissingPolicy) ((b >> 2) & 1);
  options.scaling = (BpScaling) ((b >> 3) % 3);
  options.scale_target = (b >> 5) & 1;
  options.split = (BpSplit) (((b >> 6) & 3) % 3);
  options.validation_fraction = fraction_from (fuzz_byte (&choices));
  options.test_fraction = fraction_from (fuzz_byte (&choices));
  options.seed = 0;
  for (int i = 0; i < 8; i++)
    options.seed = options.seed << 8 | fuzz_byte (&choices);

  g_autoptr(GError) error = NULL;
  g_autoptr(BpDataset) dataset = bp_dataset_new (table, &options, &error);
  if (!dataset)
    {
      FUZZ_CHECK (error && error->domain == BP_ENGINE_ERROR && error->message[0],
                  "a failure without an engine error");
      return 0;
    }
  FUZZ_CHECK (error == NULL, "success with an error set");
  check_dataset (table, dataset);

  g_autoptr(BpDataset) by_consuming = bp_dataset_new_consuming (consumed, &options, &error);
  FUZZ_CHECK (by_consuming != NULL, "consuming failed where copying did not: %s", error->message);
  check_same (dataset, by_consuming);
  FUZZ_CHECK (consumed->n_rows == 0, "consuming kept the rows");

  check_transform (table, dataset);
  return 0;
}
