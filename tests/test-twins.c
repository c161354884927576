/* test-twins.c: tests for bp-twins (two networks in lock-step).
 *
 * Twins with the same settings train the same history, batch for batch
 * and epoch for epoch, as each other and as one run alone. Twins that
 * differ in the rate start from the same weights and see the same first
 * batch (the same first batch loss), then part; they take turns, one
 * batch each, and close their epochs together. Twins that differ in the
 * second layer's units start with the same first layer. With a different
 * batch size, the epochs still end together.
 */
#include <locale.h>
#include <math.h>
#include <string.h>

#include "bp-engine.h"
#include "test-util.h"

typedef struct {
  GArray *order;      /* guint: whose step, in order */
  BpRun  *runs[2];
} Recorder;

static void
record (const BpProgress *p, gpointer user_data)
{
  Recorder *rec = user_data;
  guint which = (guint) p->run_id;
  g_assert_cmpuint (which, <, 2);
  g_array_append_val (rec->order, which);
  bp_run_record (rec->runs[which], p);
}

static BpDataset *
cancer (void)
{
  g_autoptr(BpTable) table = load_sample ("breast_cancer.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  return make_dataset (table, &options);
}

static void
train_twins (const BpDataset *dataset, const BpRunSettings *a, const BpRunSettings *b, Recorder *rec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTwins) twins = bp_twins_new (dataset, a, b, &error);
  g_assert_no_error (error);
  rec->order = g_array_new (FALSE, FALSE, sizeof (guint));
  rec->runs[0] = bp_run_new (a, dataset->task, TRUE);
  rec->runs[1] = bp_run_new (b, dataset->task, TRUE);
  GError *diverged[2] = { NULL, NULL };
  g_assert_true (bp_twins_run (twins, record, rec, diverged, &error));
  g_assert_no_error (error);
  g_assert_null (diverged[0]);
  g_assert_null (diverged[1]);
  g_assert_true (bp_twins_is_finished (twins));
}

static void
recorder_clear (Recorder *rec)
{
  g_array_unref (rec->order);
  bp_run_unref (rec->runs[0]);
  bp_run_unref (rec->runs[1]);
}

static void
assert_same_history (const BpRun *x, const BpRun *y)
{
  g_assert_cmpuint (x->epochs->len, ==, y->epochs->len);
  for (guint e = 0; e < x->epochs->len; e++)
    {
      const BpEpochRecord *r = &g_array_index (x->epochs, BpEpochRecord, e), *s = &g_array_index (y->epochs, BpEpochRecord, e);
      g_assert_cmpfloat (r->loss, ==, s->loss);
      g_assert_cmpfloat (r->metric, ==, s->metric);
      g_assert_cmpfloat (r->val_loss, ==, s->val_loss);
      g_assert_cmpfloat (r->val_metric, ==, s->val_metric);
      g_assert_cmpfloat (r->learning_rate, ==, s->learning_rate);
    }
  g_assert_cmpmem (x->batch_losses->data, x->batch_losses->len * sizeof (float), y->batch_losses->data,
                   y->batch_losses->len * sizeof (float));
}

static void
test_identical (void)
{
  g_autoptr(BpDataset) dataset = cancer ();
  g_autoptr(BpRunSettings) settings = bp_run_settings_new ();
  settings->config.epochs = 3;
  g_array_index (settings->layers->layers, BpLayerSpec, 0).dropout = 0.2f;
  Recorder rec;
  train_twins (dataset, settings, settings, &rec);
  g_assert_cmpuint (rec.runs[0]->epochs->len, ==, 3);
  assert_same_history (rec.runs[0], rec.runs[1]);
  /* Turns: 0, 1, 0, 1, … throughout. */
  for (guint i = 0; i < rec.order->len; i++)
    g_assert_cmpuint (g_array_index (rec.order, guint, i), ==, i % 2);

  /* The same as one run alone. */
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelSpec) spec = bp_layer_stack_build (settings->layers, dataset);
  g_autoptr(BpModel) model = bp_model_new (spec, &error);
  g_autoptr(BpTrainer) alone = bp_trainer_new (model, dataset, &settings->config, &error);
  g_assert_no_error (error);
  g_assert_true (bp_trainer_run (alone, NULL, NULL, NULL, &error));
  const GArray *history = bp_trainer_get_history (alone);
  g_assert_cmpuint (history->len, ==, 3);
  for (guint e = 0; e < history->len; e++)
    g_assert_cmpfloat (g_array_index (history, BpEpochRecord, e).val_loss, ==,
                       g_array_index (rec.runs[0]->epochs, BpEpochRecord, e).val_loss);
  recorder_clear (&rec);
}

static void
test_one_change (void)
{
  g_autoptr(BpDataset) dataset = cancer ();
  g_autoptr(BpRunSettings) a = bp_run_settings_new ();
  a->config.epochs = 2;
  g_autoptr(BpRunSettings) b = bp_run_settings_copy (a);
  b->config.optimizer.learning_rate = 0.01f;
  Recorder rec;
  train_twins (dataset, a, b, &rec);
  const GArray *la = rec.runs[0]->batch_losses, *lb = rec.runs[1]->batch_losses;
  g_assert_cmpuint (la->len, ==, lb->len);
  /* The same weights and the same first batch: the same loss, before
   * the rates make any difference. */
  g_assert_cmpfloat (g_array_index (la, float, 0), ==, g_array_index (lb, float, 0));
  g_assert_cmpfloat (g_array_index (la, float, 1), !=, g_array_index (lb, float, 1));
  recorder_clear (&rec);

  /* Another second layer: the first starts the same. */
  g_autoptr(BpRunSettings) c = bp_run_settings_copy (a);
  g_array_index (c->layers->layers, BpLayerSpec, 1).units = 16;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTwins) twins = bp_twins_new (dataset, a, c, &error);
  g_assert_no_error (error);
  const BpModel *ma = bp_twins_get_model (twins, 0), *mc = bp_twins_get_model (twins, 1);
  const BpLayer *first = &ma->layers[0];
  gsize n = first->n_in * first->n_out + first->n_out;
  g_assert_cmpuint (mc->layers[0].n_out, ==, first->n_out);
  g_assert_cmpmem (ma->params + first->offset, n * sizeof (float), mc->params + mc->layers[0].offset, n * sizeof (float));
  g_assert_cmpuint (mc->layers[1].n_out, ==, 16);

  /* Another batch size: more steps for one, the epochs still end together. */
  g_autoptr(BpRunSettings) d = bp_run_settings_copy (a);
  d->config.batch_size = 128;
  Recorder rec2;
  train_twins (dataset, a, d, &rec2);
  g_assert_cmpuint (rec2.runs[0]->epochs->len, ==, 2);
  g_assert_cmpuint (rec2.runs[1]->epochs->len, ==, 2);
  g_assert_cmpuint (rec2.runs[0]->batch_losses->len, >, rec2.runs[1]->batch_losses->len);
  /* Every batch and both epoch ends of each, in turns. */
  guint steps = rec2.runs[1]->batch_losses->len / 2;   /* the second's batches per epoch */
  g_assert_cmpuint (steps * 2, ==, rec2.runs[1]->batch_losses->len);
  guint seen[2] = { 0, 0 };
  for (guint i = 0; i < rec2.order->len; i++)
    seen[g_array_index (rec2.order, guint, i)]++;
  g_assert_cmpuint (seen[0], ==, rec2.runs[0]->batch_losses->len + 2);
  g_assert_cmpuint (seen[1], ==, rec2.runs[1]->batch_losses->len + 2);
  recorder_clear (&rec2);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/twins/identical", test_identical);
  g_test_add_func ("/twins/one-change", test_one_change);
  return g_test_run ();
}
