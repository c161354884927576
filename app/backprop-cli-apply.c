/* backprop-cli-apply.c: `backprop-cli evaluate` and `predict`: a saved
 * model on new rows. The rows are encoded with the model's own transform;
 * evaluate scores them against their target, predict writes a CSV file. */
#include "backprop-cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

typedef struct {
  BpModelFile *file;
  BpModel     *model;
  BpTable     *table;
  BpDataset   *dataset;
  float       *outputs;     /* predict: n_rows × n_outputs, probabilities or (scaled) values */
} Scored;

static void
scored_clear (Scored *s)
{
  bp_model_file_free (s->file);
  bp_model_free (s->model);
  bp_table_free (s->table);
  bp_dataset_free (s->dataset);
  g_free (s->outputs);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scored, scored_clear)

/* Load a model and a CSV file, encode the rows with the model's transform
 * and, for predict, run the model on them. Returns an exit status. */
static int
score_file (const char *model_path, const char *data_path, BpCliDataArgs *args, gboolean need_target, Scored *s)
{
  g_autoptr(GError) error = NULL;
  s->file = bp_model_file_load (model_path, &error);
  if (s->file == NULL)
    return bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
  s->model = bp_model_file_build_model (s->file, &error);
  if (s->model == NULL)
    {
      g_autofree char *display = g_filename_display_name (model_path);
      return bp_cli_fail (EXIT_BAD_INPUT, "%s: %s", display, error->message);
    }

  int status = 0;
  g_auto(GStrv) markers = NULL;
  g_auto(BpDataSource) source = BP_DATA_SOURCE_INIT;
  bp_data_source_set_file (&source, data_path);
  s->table = bp_cli_load_table (&source, args, &markers, &status);
  if (s->table == NULL)
    return status;
  s->dataset = bp_dataset_new_for_transform (s->table, s->file->transform, need_target, &error);
  if (s->dataset == NULL)
    return bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
  for (guint i = 0; i < s->table->warnings->len; i++)
    fprintf (stderr, "%s: warning: %s\n", BP_CLI_PROGRAM, (char *) s->table->warnings->pdata[i]);
  for (guint i = 0; i < s->dataset->warnings->len; i++)
    fprintf (stderr, "%s: warning: %s\n", BP_CLI_PROGRAM, (char *) s->dataset->warnings->pdata[i]);

  /* evaluate runs the model itself, through bp_evaluation_new_full. */
  if (need_target)
    return 0;

  const gsize n = s->dataset->n_rows, k = bp_model_n_outputs (s->model);
  s->outputs = g_try_new (float, MAX (n * k, 1));
  if (s->outputs == NULL)
    return bp_cli_fail (EXIT_BAD_INPUT, _("%s: not enough memory for %zu predictions"),
                 s->table->display_name, n);
  g_autoptr(BpWorkspace) ws = bp_workspace_new (s->model, 1024, FALSE);
  bp_model_predict (s->model, ws, s->outputs, s->dataset->x, n);
  return 0;
}

static void
json_scores (BpJsonWriter *j, const char *key, const BpClassScores *scores, const char *name)
{
  bp_json_open (j, key, '{', TRUE);
  if (name)
    bp_json_string (j, "class", name);
  bp_json_double (j, "precision", scores->precision);
  bp_json_double (j, "recall", scores->recall);
  bp_json_double (j, "f1", scores->f1);
  bp_json_int (j, "support", (gint64) scores->support);
  bp_json_close (j, '}');
}

static void
print_scores (const char *name, int width, const BpClassScores *scores)
{
  glong chars = g_utf8_strlen (name, -1);
  printf ("  %s%*s  %9.4f %9.4f %9.4f %9" G_GUINT64_FORMAT "\n", name, (int) MAX (0, width - chars), "",
          scores->precision, scores->recall, scores->f1, scores->support);
}

/* A classifier's scores as evaluate --json writes them. */
static void
json_classification (BpJsonWriter *j, const BpDataset *d, const BpEvaluation *ev, BpTask task)
{
  const gsize n_classes = d->n_classes;
  const BpConfusion *confusion = ev->confusion;
  bp_json_double (j, "accuracy", ev->accuracy);
  bp_json_open (j, "classes", '[', TRUE);
  for (gsize c = 0; c < n_classes; c++)
    bp_json_string (j, NULL, d->class_names[c]);
  bp_json_close (j, ']');
  bp_json_open (j, "confusion", '[', TRUE);
  for (gsize r = 0; r < n_classes; r++)
    {
      bp_json_open (j, NULL, '[', TRUE);
      for (gsize c = 0; c < n_classes; c++)
        bp_json_int (j, NULL, (gint64) confusion->counts[r * n_classes + c]);
      bp_json_close (j, ']');
    }
  bp_json_close (j, ']');
  bp_json_open (j, "per_class", '[', TRUE);
  for (gsize c = 0; c < n_classes; c++)
    json_scores (j, NULL, &ev->class_scores[c], d->class_names[c]);
  bp_json_close (j, ']');
  json_scores (j, "macro_avg", &ev->macro, NULL);
  json_scores (j, "weighted_avg", &ev->weighted, NULL);
  if (task == BP_TASK_BINARY)
    bp_json_double (j, "roc_auc", ev->roc ? ev->roc->auc : NAN);
}

/* The same as text: accuracy, ROC AUC, the confusion matrix and the
 * per-class scores. */
static void
print_classification (const BpDataset *d, const BpEvaluation *ev, BpTask task, const GError *roc_error)
{
  const gsize n_classes = d->n_classes;
  const BpConfusion *confusion = ev->confusion;
  printf ("  %-10s %.4f\n", "accuracy", ev->accuracy);
  if (task == BP_TASK_BINARY)
    {
      if (ev->roc)
        printf ("  %-10s %.4f\n", "ROC AUC", ev->roc->auc);
      else
        printf ("  %-10s n/a (%s)\n", "ROC AUC", roc_error->message);
    }

  int width = 12;
  for (gsize c = 0; c < n_classes; c++)
    width = MAX (width, MIN (24, (int) g_utf8_strlen (d->class_names[c], -1)));
  printf ("\nConfusion matrix (rows: true class, columns: predicted class)\n  %*s", width, "");
  for (gsize c = 0; c < n_classes; c++)
    printf (" %10.10s", d->class_names[c]);
  printf ("\n");
  for (gsize r = 0; r < n_classes; r++)
    {
      glong chars = g_utf8_strlen (d->class_names[r], -1);
      printf ("  %s%*s", d->class_names[r], (int) MAX (0, width - chars), "");
      for (gsize c = 0; c < n_classes; c++)
        printf (" %10" G_GUINT64_FORMAT, confusion->counts[r * n_classes + c]);
      printf ("\n");
    }
  printf ("\n  %-*s  %9s %9s %9s %9s\n", width, "class", "precision", "recall", "f1", "support");
  for (gsize c = 0; c < n_classes; c++)
    print_scores (d->class_names[c], width, &ev->class_scores[c]);
  print_scores ("macro avg", width, &ev->macro);
  print_scores ("weighted avg", width, &ev->weighted);
}

static int
evaluate_main (const char *model_path, const char *data_path, BpCliDataArgs *args)
{
  g_auto(Scored) s = { 0 };
  int status = score_file (model_path, data_path, args, TRUE, &s);
  if (status != 0)
    return status;

  const BpDataset *d = s.dataset;
  const BpTransform *t = s.file->transform;
  const gsize n = d->n_rows;
  g_autoptr(GError) error = NULL;
  /* The loss as training reports it for validation rows: the data term
   * with the training's class weights and no label smoothing, plus any
   * L1/L2 penalty on the weights. */
  BpLossConfig loss_config = { .loss = s.model->spec->loss, .class_weights = s.file->config.class_weights };
  g_autoptr(BpOptimizer) optimizer = bp_optimizer_new (s.model, &s.file->config.optimizer);
  g_autoptr(BpEvaluation) ev = bp_evaluation_new_full (s.model, d, d->test, d->n_test, &loss_config,
                                                       bp_optimizer_penalty (optimizer, s.model), &error);
  if (ev == NULL)
    return bp_cli_fail (EXIT_BAD_INPUT, "%s: %s", s.table->display_name, error->message);
  const double loss = ev->loss;
  g_autofree char *model_display = g_filename_display_name (model_path);

  BpJsonWriter j;
  bp_json_writer_init (&j);
  bp_json_open (&j, NULL, '{', TRUE);
  bp_json_string (&j, "model", model_display);
  bp_json_string (&j, "data", s.table->display_name);
  bp_json_string (&j, "task", bp_task_to_string (t->task));
  bp_json_string (&j, "target", t->target_name);
  bp_json_int (&j, "rows", (gint64) n);
  bp_json_int (&j, "dropped_rows", (gint64) d->n_dropped);
  bp_json_string (&j, "loss_function", bp_loss_to_string (s.model->spec->loss));
  bp_json_double (&j, "loss", loss);

  if (!args->json)
    {
      printf ("Model: %s (%s, target “%s”, %s)\n", model_display, bp_task_to_string (t->task), t->target_name,
              s.file->created_by);
      printf ("Data:  %s, %" G_GSIZE_FORMAT " rows", s.table->display_name, n);
      if (d->n_dropped)
        printf (" (%" G_GSIZE_FORMAT " without a target left out)", d->n_dropped);
      printf ("\n\n  %-10s %.6g (%s)\n", "loss", loss, bp_loss_to_string (s.model->spec->loss));
    }

  if (t->task == BP_TASK_REGRESSION)
    {
      /* Scores in the target's own units. */
      const BpRegressionScores scores = ev->regression;
      bp_json_double (&j, "mae", scores.mae);
      bp_json_double (&j, "rmse", scores.rmse);
      bp_json_double (&j, "r2", scores.r2);
      if (!args->json)
        printf ("  MAE        %.6g\n  RMSE       %.6g\n  R²         %.6g\n", scores.mae, scores.rmse, scores.r2);
    }
  else
    {
      /* Without a curve, ask bp_roc_new why (one class only, or NaN). */
      g_autoptr(GError) roc_error = NULL;
      if (t->task == BP_TASK_BINARY && ev->roc == NULL)
        bp_roc_free (bp_roc_new (ev->outputs, d->labels, n, &roc_error));
      json_classification (&j, d, ev, t->task);
      if (!args->json)
        print_classification (d, ev, t->task, roc_error);
    }
  bp_json_close (&j, '}');
  g_autofree char *text = bp_json_writer_finish (&j, NULL);
  if (args->json)
    printf ("%s\n", text);
  return 0;
}

/* The shortest text that reads back as the same float32; an empty field
 * for a value that is not finite. */
static void
csv_float (GString *out, double value)
{
  const float f = (float) value;
  if (!isfinite (f))
    return;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  bp_format_float (buf, f);
  g_string_append (out, buf);
}

static int
predict_main (const char *model_path, const char *data_path, BpCliDataArgs *args, const char *out_path)
{
  g_auto(Scored) s = { 0 };
  int status = score_file (model_path, data_path, args, FALSE, &s);
  if (status != 0)
    return status;

  const BpDataset *d = s.dataset;
  const gsize n = d->n_rows, k = d->n_outputs;
  g_autoptr(GString) out = g_string_new (NULL);
  bp_csv_append_field (out, d->target_name);
  for (gsize c = 0; c < d->n_classes; c++)
    {
      g_autofree char *name = g_strconcat ("p_", d->class_names[c], NULL);
      g_string_append_c (out, ',');
      bp_csv_append_field (out, name);
    }
  g_string_append_c (out, '\n');

  g_autofree guint32 *predicted = NULL;
  if (d->task != BP_TASK_REGRESSION)
    {
      predicted = g_new (guint32, MAX (n, 1));
      bp_predict_classes (predicted, s.outputs, n, k);
    }
  for (gsize i = 0; i < n; i++)
    {
      const float *o = s.outputs + i * k;
      switch (d->task)
        {
        case BP_TASK_REGRESSION:
          csv_float (out, bp_dataset_target_in_units (d, o[0]));
          break;
        case BP_TASK_BINARY:
          bp_csv_append_field (out, d->class_names[predicted[i]]);
          g_string_append_c (out, ',');
          csv_float (out, 1.0 - (double) o[0]);
          g_string_append_c (out, ',');
          csv_float (out, o[0]);
          break;
        case BP_TASK_MULTICLASS:
        case BP_TASK_AUTO:
        default:
          bp_csv_append_field (out, d->class_names[predicted[i]]);
          for (gsize c = 0; c < k; c++)
            {
              g_string_append_c (out, ',');
              csv_float (out, o[c]);
            }
          break;
        }
      g_string_append_c (out, '\n');
    }

  if (out_path == NULL || g_str_equal (out_path, "-"))
    {
      if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
        return bp_cli_fail (EXIT_BAD_INPUT, _("the predictions could not be written: %s"), g_strerror (errno));
      return 0;
    }
  g_autoptr(GError) error = NULL;
  if (!bp_save_file_atomically (out_path, out->str, out->len, BP_SAVE_DEFAULT, &error))
    {
      g_autofree char *display = g_filename_display_name (out_path);
      return bp_cli_fail (EXIT_BAD_INPUT, _("%s: the predictions could not be written: %s"), display, error->message);
    }
  return 0;
}

/* evaluate and predict take the same two files. */
int
bp_cli_apply (int argc, char **argv, gboolean predict)
{
  const char *command = predict ? "predict" : "evaluate";
  BpCliDataArgs args = BP_CLI_DATA_ARGS_INIT;
  g_autofree char *out_path = NULL;
  GOptionEntry predict_entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "Write the predictions here (default: standard output)", "OUT.csv" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("MODEL.json DATA.csv");
  g_option_context_set_summary (context, predict
    ? "Predict the target of every row of a CSV file with a saved model. Writes a CSV file:\n"
      "the predicted class and one probability column p_CLASS per class, or the predicted\n"
      "value in the target's units. Missing values are filled as in training, so every row\n"
      "gets a prediction."
    : "Score a saved model on a CSV file that holds the true target: the loss, accuracy,\n"
      "confusion matrix, per-class precision, recall and F1 and ROC AUC for classification,\n"
      "or MAE, RMSE and R² for regression. Rows without a target are left out.");
  g_option_context_add_main_entries (context, bp_cli_csv_entries (&args, !predict), NULL);
  if (predict)
    g_option_context_add_main_entries (context, predict_entries, NULL);

  int status;
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = bp_cli_fail (EXIT_USAGE, "%s: %s", command, error->message);
  else if (argc != 3)
    status = bp_cli_fail (EXIT_USAGE, _("%s takes a model file and a CSV file (see backprop-cli %s --help)"), command, command);
  else if (predict)
    {
      const char *inputs[] = { argv[1], argv[2] };
      const BpCliOutput outputs[] = { { "-o", out_path && !g_str_equal (out_path, "-") ? out_path : NULL } };
      status = bp_cli_check_outputs (inputs, G_N_ELEMENTS (inputs), outputs, G_N_ELEMENTS (outputs));
      if (status == 0)
        status = predict_main (argv[1], argv[2], &args, out_path);
    }
  else
    status = evaluate_main (argv[1], argv[2], &args);
  bp_cli_data_args_clear (&args);
  return status;
}
