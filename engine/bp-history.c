/* bp-history.c: a run's epochs as JSON lines and CSV. */
#include "bp-history.h"

#include <math.h>

#include "bp-json-writer.h"

char *
bp_epoch_to_json (const BpProgress *p, BpTask task, gboolean has_validation)
{
  const char *metric = bp_metric_name (task);
  g_autofree char *val_metric = g_strconcat ("val_", metric, NULL);
  BpJsonWriter j;

  bp_json_writer_init (&j);
  bp_json_open (&j, NULL, '{', TRUE);
  bp_json_int (&j, "epoch", p->epoch);
  bp_json_int (&j, "epochs", p->epochs);
  bp_json_double (&j, "loss", p->loss);
  bp_json_double (&j, metric, p->metric);
  bp_json_double (&j, "val_loss", has_validation ? p->val_loss : NAN);
  bp_json_double (&j, val_metric, has_validation ? p->val_metric : NAN);
  /* The rate is a float in the optimizer: "0.001", not its double. */
  bp_json_float (&j, "learning_rate", (float) p->learning_rate);
  bp_json_double (&j, "seconds", p->epoch_seconds);
  bp_json_double (&j, "samples_per_second", p->samples_per_second);
  bp_json_close (&j, '}');
  return bp_json_writer_finish (&j, NULL);
}

char *
bp_history_to_csv (const GArray *history, BpTask task, gsize *length)
{
  const char *metric = bp_metric_name (task);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "epoch,loss,%s,val_loss,val_%s,learning_rate,seconds,samples_per_second\n",
                          metric, metric);
  for (guint i = 0; history && i < history->len; i++)
    {
      const BpEpochRecord *r = &g_array_index (history, BpEpochRecord, i);
      const double values[] = { r->loss, r->metric, r->val_loss, r->val_metric, r->learning_rate,
                                r->seconds, r->samples_per_second };
      g_string_append_printf (out, "%u", r->epoch);
      for (gsize v = 0; v < G_N_ELEMENTS (values); v++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE] = "";
          if (isfinite (values[v]))
            bp_format_double (buf, values[v]);
          g_string_append_c (out, ',');
          g_string_append (out, buf);
        }
      g_string_append_c (out, '\n');
    }
  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}
