/* bp-run-list.c: the runs a document keeps (see bp-run-list.h). */
#include "bp-run-list.h"

#include <math.h>
#include <string.h>

#include "bp-json-writer.h"
#include "bp-names.h"

struct _BpRunList {
  gint       ref_count;
  GPtrArray *runs;        /* BpRun, owned */
  guint64    next_id;
  gsize      weights_budget;
};

BpRunList *
bp_run_list_new (void)
{
  BpRunList *list = g_new0 (BpRunList, 1);
  list->ref_count = 1;
  list->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) bp_run_unref);
  list->next_id = 1;
  list->weights_budget = BP_RUN_LIST_WEIGHTS_BUDGET;
  return list;
}

BpRunList *
bp_run_list_ref (BpRunList *list)
{
  g_return_val_if_fail (list != NULL, NULL);
  g_atomic_int_inc (&list->ref_count);
  return list;
}

void
bp_run_list_unref (BpRunList *list)
{
  if (list == NULL || !g_atomic_int_dec_and_test (&list->ref_count))
    return;
  g_ptr_array_unref (list->runs);
  g_free (list);
}

guint
bp_run_list_get_length (const BpRunList *list)
{
  g_return_val_if_fail (list != NULL, 0);
  return list->runs->len;
}

BpRun *
bp_run_list_get (const BpRunList *list, guint index)
{
  g_return_val_if_fail (list != NULL && index < list->runs->len, NULL);
  return g_ptr_array_index (list->runs, index);
}

int
bp_run_list_index_of (const BpRunList *list, guint64 id)
{
  g_return_val_if_fail (list != NULL, -1);
  for (guint i = 0; i < list->runs->len; i++)
    if (((BpRun *) g_ptr_array_index (list->runs, i))->id == id)
      return (int) i;
  return -1;
}

BpRun *
bp_run_list_find (const BpRunList *list, guint64 id)
{
  int index = bp_run_list_index_of (list, id);
  return index < 0 ? NULL : g_ptr_array_index (list->runs, index);
}

BpRun *
bp_run_list_get_last (const BpRunList *list)
{
  g_return_val_if_fail (list != NULL, NULL);
  return list->runs->len ? g_ptr_array_index (list->runs, list->runs->len - 1) : NULL;
}

BpRun *
bp_run_list_add (BpRunList *list, BpRun *run)
{
  g_return_val_if_fail (list != NULL && run != NULL, NULL);
  g_return_val_if_fail (bp_run_list_index_of (list, run->id) < 0 || run->id == 0, run);
  BpRun *previous = bp_run_list_get_last (list);
  if (run->id == 0)
    run->id = list->next_id;
  list->next_id = MAX (list->next_id, run->id + 1);
  if (run->name == NULL)
    run->name = bp_run_settings_name (run->settings, previous ? previous->settings : NULL);
  g_ptr_array_add (list->runs, bp_run_ref (run));
  bp_run_list_apply_budget (list);
  return run;
}

gboolean
bp_run_list_remove (BpRunList *list, guint64 id)
{
  int index = bp_run_list_index_of (list, id);
  if (index < 0)
    return FALSE;
  g_ptr_array_remove_index (list->runs, (guint) index);
  return TRUE;
}

void
bp_run_list_clear (BpRunList *list)
{
  g_return_if_fail (list != NULL);
  g_ptr_array_set_size (list->runs, 0);
}

gsize
bp_run_list_get_memory_size (const BpRunList *list)
{
  g_return_val_if_fail (list != NULL, 0);
  gsize size = sizeof (BpRunList) + sizeof (GPtrArray) + list->runs->len * sizeof (gpointer);
  for (guint i = 0; i < list->runs->len; i++)
    size += bp_run_get_memory_size (g_ptr_array_index (list->runs, i));
  return size;
}

void
bp_run_list_set_weights_budget (BpRunList *list, gsize bytes)
{
  g_return_if_fail (list != NULL);
  list->weights_budget = bytes;
  bp_run_list_apply_budget (list);
}

gsize
bp_run_list_get_weights_budget (const BpRunList *list)
{
  g_return_val_if_fail (list != NULL, 0);
  return list->weights_budget;
}

guint
bp_run_list_apply_budget (BpRunList *list)
{
  g_return_val_if_fail (list != NULL, 0);
  gsize kept = 0;
  for (guint i = 0; i < list->runs->len; i++)
    kept += ((BpRun *) g_ptr_array_index (list->runs, i))->n_weights * sizeof (float);
  guint dropped = 0;
  /* Oldest first; the newest run's weights are the ones most likely to be
   * looked at, and pinned runs are kept whatever they cost. */
  for (guint i = 0; i < list->runs->len && kept > list->weights_budget; i++)
    {
      BpRun *run = g_ptr_array_index (list->runs, i);
      if (run->pinned || run->weights == NULL)
        continue;
      kept -= run->n_weights * sizeof (float);
      bp_run_drop_weights (run);
      dropped++;
    }
  return dropped;
}

/* ---- CSV ---------------------------------------------------------------- */

static void
csv_number (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE] = "";
  if (isfinite (value))
    bp_format_double (buf, value);
  g_string_append (out, buf);
}

char *
bp_run_list_histories_to_csv (const BpRunList *list, gsize *length)
{
  g_return_val_if_fail (list != NULL, NULL);
  GString *out = g_string_new ("run,name,epoch,metric,value\n");
  for (guint i = 0; i < list->runs->len; i++)
    {
      const BpRun *run = g_ptr_array_index (list->runs, i);
      const char *metric = bp_metric_name (run->task);
      g_autofree char *val_metric = g_strconcat ("val_", metric, NULL);
      const char *names[] = { "loss", metric, "val_loss", val_metric, "learning_rate", "seconds" };
      for (guint e = 0; e < run->epochs->len; e++)
        {
          const BpEpochRecord *r = &g_array_index (run->epochs, BpEpochRecord, e);
          /* The learning rate is a float in the optimizer: its shortest float text. */
          const double values[] = { r->loss, r->metric, run->has_validation ? r->val_loss : NAN,
                                    run->has_validation ? r->val_metric : NAN, r->learning_rate, r->seconds };
          for (gsize m = 0; m < G_N_ELEMENTS (values); m++)
            {
              g_string_append_printf (out, "%" G_GUINT64_FORMAT ",", run->id);
              bp_csv_append_field (out, run->name ? run->name : "");
              g_string_append_printf (out, ",%u,%s,", r->epoch, names[m]);
              if (m == 4 && isfinite (values[m]))
                {
                  char buf[G_ASCII_DTOSTR_BUF_SIZE];
                  bp_format_float (buf, (float) values[m]);
                  g_string_append (out, buf);
                }
              else
                csv_number (out, values[m]);
              g_string_append_c (out, '\n');
            }
        }
    }
  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}

char *
bp_run_list_table_to_csv (const BpRunList *list, gsize *length)
{
  g_return_val_if_fail (list != NULL, NULL);
  static const BpRunField settings[] = {
    BP_RUN_FIELD_LAYERS, BP_RUN_FIELD_ACTIVATION, BP_RUN_FIELD_DROPOUT, BP_RUN_FIELD_OPTIMIZER,
    BP_RUN_FIELD_LEARNING_RATE, BP_RUN_FIELD_BATCH_SIZE, BP_RUN_FIELD_EPOCHS, BP_RUN_FIELD_SEED,
  };
  static const char * const settings_names[] = {
    "layers", "activation", "dropout", "optimizer", "learning_rate", "batch_size", "epochs_set", "seed",
  };
  GString *out = g_string_new ("run,name,parent,fork_epoch,status,metric,epochs,final_val_metric,best_val_metric,"
                               "best_epoch,seconds,pinned,weights");
  for (gsize s = 0; s < G_N_ELEMENTS (settings_names); s++)
    g_string_append_printf (out, ",%s", settings_names[s]);
  g_string_append (out, ",changes\n");
  for (guint i = 0; i < list->runs->len; i++)
    {
      const BpRun *run = g_ptr_array_index (list->runs, i);
      g_string_append_printf (out, "%" G_GUINT64_FORMAT ",", run->id);
      bp_csv_append_field (out, run->name ? run->name : "");
      if (run->parent_id)
        g_string_append_printf (out, ",%" G_GUINT64_FORMAT ",%u", run->parent_id, run->fork_epoch);
      else
        g_string_append (out, ",,");
      g_string_append_printf (out, ",%s,%s,%u,", bp_run_status_to_string (run->status), bp_metric_name (run->task),
                              run->epochs->len);
      csv_number (out, run->final_val_metric);
      g_string_append_c (out, ',');
      csv_number (out, run->best_val_metric);
      g_string_append_c (out, ',');
      if (run->best_epoch)
        g_string_append_printf (out, "%u", run->best_epoch);
      g_string_append_c (out, ',');
      csv_number (out, run->seconds);
      g_string_append_printf (out, ",%s,%s", run->pinned ? "yes" : "no",
                              run->weights ? "kept" : run->weights_dropped ? "dropped" : "none");
      for (gsize s = 0; s < G_N_ELEMENTS (settings); s++)
        {
          g_autofree char *value = bp_run_settings_get_value (run->settings, settings[s]);
          g_string_append_c (out, ',');
          bp_csv_append_field (out, value);
        }
      /* What changed since the run before it, "field: before -> after; …". */
      g_string_append_c (out, ',');
      if (i > 0)
        {
          const BpRun *previous = g_ptr_array_index (list->runs, i - 1);
          g_autoptr(GArray) changes = bp_run_settings_diff (previous->settings, run->settings);
          GString *text = g_string_new (NULL);
          for (guint c = 0; c < changes->len; c++)
            {
              const BpRunChange *change = &g_array_index (changes, BpRunChange, c);
              g_string_append_printf (text, "%s%s: %s -> %s", c > 0 ? "; " : "", bp_run_field_label (change->field),
                                      change->before, change->after);
            }
          bp_csv_append_field (out, text->str);
          g_string_free (text, TRUE);
        }
      g_string_append_c (out, '\n');
    }
  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}
