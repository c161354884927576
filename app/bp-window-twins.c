/* bp-window-twins.c: "Compare With One Change…": twins in a window of their own.
 *
 * The form asks for one setting (the learning rate, the batch size, the
 * optimizer, the units, dropout or activation of a hidden layer, the
 * seed) and the value the second network takes; everything else is the
 * document's, as on the forms now. Train builds the twins on a fresh
 * dataset from the table (BpTwinsSession: they train in lock-step on
 * the same batches in the same order, from the same initial weights
 * where the shapes allow) and the window turns into a BpTwinsView: both
 * curves on shared axes, the difference beneath, and for two-input data
 * both boundaries side by side, fed on the view's frame clock. Closing
 * the window drops the twins (the worker ends on its own).
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "bp-window"

#include <glib/gi18n.h>

#include "bp-layer-row.h"
#include "bp-twins-session.h"
#include "bp-twins-view.h"
#include "bp-window-private.h"

typedef enum {
  CHANGE_LEARNING_RATE,
  CHANGE_BATCH_SIZE,
  CHANGE_OPTIMIZER,
  CHANGE_UNITS,
  CHANGE_DROPOUT,
  CHANGE_ACTIVATION,
  CHANGE_SEED,
} ChangeKind;

static const struct {
  ChangeKind  kind;
  const char *label;
  gboolean    per_layer;   /* the layer row shows */
  gboolean    choice;      /* a list of values, not a number */
} changes[] = {
  { CHANGE_LEARNING_RATE, N_("Learning rate"), FALSE, FALSE },
  { CHANGE_BATCH_SIZE, N_("Batch size"), FALSE, FALSE },
  { CHANGE_OPTIMIZER, N_("Optimizer"), FALSE, TRUE },
  { CHANGE_UNITS, N_("Units of a layer"), TRUE, FALSE },
  { CHANGE_DROPOUT, N_("Dropout of a layer"), TRUE, FALSE },
  { CHANGE_ACTIVATION, N_("Activation of a layer"), TRUE, TRUE },
  { CHANGE_SEED, N_("Seed"), FALSE, FALSE },
};

/* The optimizers offered, as the model page lists them (bp-model-view.ui). */
static const struct {
  BpOptimizerKind kind;
  gboolean        nesterov;
  const char     *label;
} optimizers[] = {
  { BP_OPTIMIZER_SGD, FALSE, N_("SGD") },
  { BP_OPTIMIZER_MOMENTUM, FALSE, N_("SGD with momentum") },
  { BP_OPTIMIZER_MOMENTUM, TRUE, N_("Nesterov momentum") },
  { BP_OPTIMIZER_RMSPROP, FALSE, N_("RMSprop") },
  { BP_OPTIMIZER_ADAM, FALSE, N_("Adam") },
  { BP_OPTIMIZER_ADAMW, FALSE, N_("AdamW") },
};

typedef struct {
  BpWindow       *window;
  GtkWidget      *dialog;
  AdwComboRow    *setting;
  AdwComboRow    *layer;
  AdwEntryRow    *value;
  AdwComboRow    *choice;
  GtkLabel       *summary;
  GtkWidget      *train;
  GtkWidget      *cancel;
  GtkWidget      *pause;
  GtkWidget      *stop;
  BpRunSettings  *base;
  BpTwinsSession *session;
  BpTwinsView    *view;
  GArray         *scratch;     /* BpProgress polled this frame */
  guint           tick;
  guint           epochs;
  guint           reached[2];  /* epochs each twin has ended */
} TwinsForm;

static void
twins_form_free (gpointer data)
{
  TwinsForm *f = data;
  if (f->session)
    {
      g_signal_handlers_disconnect_by_data (f->session, f);
      /* Never wait for the worker here: it ends within a batch. */
      bp_twins_session_reset (f->session);
      g_object_unref (f->session);
    }
  g_clear_pointer (&f->base, bp_run_settings_free);
  g_clear_pointer (&f->scratch, g_array_unref);
  g_free (f);
}

/* The document's settings as on the forms now (its data choices too). */
static BpRunSettings *
document_settings (BpWindow *self)
{
  g_autoptr(BpProject) project = bp_document_build_project (self->document, NULL);
  if (project)
    return bp_project_get_run_settings (project);
  /* Data that is not a local file: the layers and settings only. */
  BpRunSettings *settings = bp_run_settings_new ();
  bp_layer_stack_free (settings->layers);
  settings->layers = bp_layer_stack_copy (bp_document_get_layers (self->document));
  settings->config = *bp_document_get_train_config (self->document);
  settings->config.class_weights = NULL;
  return settings;
}

static ChangeKind
form_kind (TwinsForm *f)
{
  guint pick = adw_combo_row_get_selected (f->setting);
  return pick < G_N_ELEMENTS (changes) ? changes[pick].kind : CHANGE_LEARNING_RATE;
}

/* A number of the value entry into a sweep's one value of @setting: the
 * engine says what a setting takes. */
static BpRunSettings *
apply_number (TwinsForm *f, BpSweepSetting setting, guint layer, GError **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (f->value));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  char *end = NULL;
  double value = g_ascii_strtod (stripped, &end);
  if (*stripped == '\0' || *end != '\0')
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   /* Translators: %s is what was typed as the second network's value. */
                   _("“%s” is not a number"), stripped);
      return NULL;
    }
  g_autoptr(BpSweep) sweep = bp_sweep_new ();
  if (!bp_sweep_add_axis (sweep, setting, layer, &value, 1, error))
    return NULL;
  g_autoptr(GArray) runs = bp_sweep_expand (sweep, f->base, error);
  if (!runs)
    return NULL;
  return g_steal_pointer (&g_array_index (runs, BpSweepRun, 0).settings);
}

/* The second network's settings the form describes, or NULL and why. */
static BpRunSettings *
form_twin (TwinsForm *f, GError **error)
{
  const guint layer = adw_combo_row_get_selected (f->layer);
  const guint choice = adw_combo_row_get_selected (f->choice);
  GArray *layers = f->base->layers->layers;
  const gboolean per_layer = changes[adw_combo_row_get_selected (f->setting)].per_layer;
  if (per_layer && layer >= layers->len)
    {
      g_set_error_literal (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                           _("The network has no hidden layer: add one first"));
      return NULL;
    }
  g_autoptr(BpRunSettings) b = NULL;
  switch (form_kind (f))
    {
    case CHANGE_LEARNING_RATE:
      b = apply_number (f, BP_SWEEP_LEARNING_RATE, 0, error);
      break;
    case CHANGE_BATCH_SIZE:
      b = apply_number (f, BP_SWEEP_BATCH_SIZE, 0, error);
      break;
    case CHANGE_UNITS:
      b = apply_number (f, BP_SWEEP_UNITS, layer, error);
      break;
    case CHANGE_DROPOUT:
      b = apply_number (f, BP_SWEEP_DROPOUT, layer, error);
      break;
    case CHANGE_SEED:
      b = apply_number (f, BP_SWEEP_SEED, 0, error);
      break;
    case CHANGE_OPTIMIZER:
      {
        if (choice >= G_N_ELEMENTS (optimizers))
          return NULL;
        /* As the model page does: the new optimizer's own defaults, but a
         * rate the user chose stays. */
        b = bp_run_settings_copy (f->base);
        BpOptimizerConfig *opt = &b->config.optimizer, old_defaults, chosen;
        bp_optimizer_config_init (&old_defaults, opt->kind);
        bp_optimizer_config_init (&chosen, optimizers[choice].kind);
        chosen.nesterov = optimizers[choice].nesterov;
        if (opt->learning_rate != old_defaults.learning_rate)
          chosen.learning_rate = opt->learning_rate;
        chosen.l1 = opt->l1;
        chosen.l2 = opt->l2;
        chosen.clip_norm = opt->clip_norm;
        *opt = chosen;
        break;
      }
    case CHANGE_ACTIVATION:
    default:
      if (choice >= bp_layer_row_n_activations)
        return NULL;
      b = bp_run_settings_copy (f->base);
      g_array_index (b->layers->layers, BpLayerSpec, layer).activation = bp_layer_row_activations[choice];
      break;
    }
  if (b && bp_run_settings_equal (f->base, b))
    {
      g_set_error_literal (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                           _("This is the value the first network has: choose another"));
      return NULL;
    }
  return g_steal_pointer (&b);
}

/* What sets the twins apart, each as its own settings say it ("lr 0.01";
 * an optimizer's other defaults too). */
static void
twin_names (const BpRunSettings *a, const BpRunSettings *b, char **name_a, char **name_b)
{
  g_autoptr(GArray) diff = bp_run_settings_diff (a, b);
  GString *sa = g_string_new (NULL), *sb = g_string_new (NULL);
  for (guint i = 0; i < diff->len; i++)
    {
      const BpRunChange *c = &g_array_index (diff, BpRunChange, i);
      const char *label = bp_run_field_label (c->field);
      g_string_append_printf (sa, "%s%s %s", sa->len ? ", " : "", label, c->before);
      g_string_append_printf (sb, "%s%s %s", sb->len ? ", " : "", label, c->after);
    }
  *name_a = g_string_free (sa, FALSE);
  *name_b = g_string_free (sb, FALSE);
}

static void
update_form (TwinsForm *f)
{
  const guint pick = adw_combo_row_get_selected (f->setting);
  const gboolean choice = pick < G_N_ELEMENTS (changes) && changes[pick].choice;
  gtk_widget_set_visible (GTK_WIDGET (f->layer), pick < G_N_ELEMENTS (changes) && changes[pick].per_layer);
  gtk_widget_set_visible (GTK_WIDGET (f->value), !choice);
  gtk_widget_set_visible (GTK_WIDGET (f->choice), choice);

  g_autoptr(GError) error = NULL;
  g_autoptr(BpRunSettings) b = form_twin (f, &error);
  if (!b)
    {
      gtk_label_set_text (f->summary, error ? error->message : "");
      gtk_widget_add_css_class (GTK_WIDGET (f->summary), "error");
      gtk_widget_set_sensitive (f->train, FALSE);
      return;
    }
  g_autofree char *name_a = NULL, *name_b = NULL;
  twin_names (f->base, b, &name_a, &name_b);
  /* Translators: what the two networks of a comparison are, e.g. "A: lr 0.001 · B: lr 0.01". */
  g_autofree char *text = g_strdup_printf (_("A: %s · B: %s"), name_a, name_b);
  gtk_label_set_text (f->summary, text);
  gtk_widget_remove_css_class (GTK_WIDGET (f->summary), "error");
  gtk_widget_set_sensitive (f->train, TRUE);
}

/* Six significant digits: a float rate times ten reads 0.01, not
 * 0.010000001. */
static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", value));
}

/* A value worth comparing with the first network's, in the entry. */
static void
suggest_value (TwinsForm *f)
{
  const BpTrainConfig *c = &f->base->config;
  GArray *layers = f->base->layers->layers;
  const guint layer = MIN (adw_combo_row_get_selected (f->layer), layers->len ? layers->len - 1 : 0);
  const BpLayerSpec *spec = layers->len ? &g_array_index (layers, BpLayerSpec, layer) : NULL;
  g_autofree char *text = NULL;
  switch (form_kind (f))
    {
    case CHANGE_LEARNING_RATE:
      text = format_number ((double) c->optimizer.learning_rate * 10.0);
      break;
    case CHANGE_BATCH_SIZE:
      text = g_strdup_printf ("%u", c->batch_size >= 64 ? c->batch_size / 4 : c->batch_size * 4);
      break;
    case CHANGE_UNITS:
      text = g_strdup_printf ("%u", spec && spec->units > 1 ? spec->units / 4 + (spec->units < 4) : 8);
      break;
    case CHANGE_DROPOUT:
      text = g_strdup (spec && spec->dropout > 0.0f ? "0" : "0.3");
      break;
    case CHANGE_SEED:
      text = g_strdup_printf ("%" G_GUINT64_FORMAT, c->seed + 1);
      break;
    case CHANGE_OPTIMIZER:
      adw_combo_row_set_selected (f->choice, c->optimizer.kind == BP_OPTIMIZER_SGD ? 4 : 0);
      return;
    case CHANGE_ACTIVATION:
    default:
      adw_combo_row_set_selected (f->choice, spec && spec->activation == BP_ACTIVATION_TANH ? 0 : 4);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (f->value), text);
}

static void
on_setting_changed (TwinsForm *f)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  if (form_kind (f) == CHANGE_OPTIMIZER)
    for (guint i = 0; i < G_N_ELEMENTS (optimizers); i++)
      gtk_string_list_append (list, _(optimizers[i].label));
  else
    for (guint i = 0; i < bp_layer_row_n_activations; i++)
      gtk_string_list_append (list, bp_layer_row_activation_label (bp_layer_row_activations[i]));
  adw_combo_row_set_model (f->choice, G_LIST_MODEL (list));
  suggest_value (f);
  update_form (f);
}

/* ---- the twins training ------------------------------------------------- */

static const char *
metric_name (const BpDataset *d)
{
  if (d->task == BP_TASK_REGRESSION)
    return d->n_validation > 0 ? _("validation MAE") : _("MAE");
  return d->n_validation > 0 ? _("validation accuracy") : _("accuracy");
}

/* Where the twins are, or how they ended and by how much B beat A. */
static void
update_status (TwinsForm *f)
{
  BpSessionState state = bp_twins_session_get_state (f->session);
  const guint done = MIN (f->reached[0], f->reached[1]);
  g_autofree char *text = NULL;
  if (state == BP_SESSION_RUNNING)
    text = g_strdup_printf (_("Epoch %u of %u"), MIN (done + 1, f->epochs), f->epochs);
  else if (state == BP_SESSION_PAUSED)
    text = g_strdup_printf (_("Paused in epoch %u of %u"), MIN (done + 1, f->epochs), f->epochs);
  else if (state == BP_SESSION_FINISHED)
    {
      const BpRun *a = bp_twins_session_get_run (f->session, 0), *b = bp_twins_session_get_run (f->session, 1);
      const BpDataset *d = bp_twins_session_get_dataset (f->session);
      const gboolean val = d->n_validation > 0;
      const BpEpochRecord *ea = a->epochs->len ? &g_array_index (a->epochs, BpEpochRecord, a->epochs->len - 1) : NULL;
      const BpEpochRecord *eb = b->epochs->len ? &g_array_index (b->epochs, BpEpochRecord, b->epochs->len - 1) : NULL;
      const char *how = bp_twins_session_get_stop_reason (f->session, 0) == BP_STOP_USER
                          ? _("Stopped") : _("Finished");
      if (ea && eb)
        {
          const double ma = val ? ea->val_metric : ea->metric, mb = val ? eb->val_metric : eb->metric;
          /* Accuracy to three places (0.950); an error to four digits. */
          const gboolean accuracy = d->task != BP_TASK_REGRESSION;
          char sa[32], sb[32], sd[32];
          g_snprintf (sa, sizeof sa, accuracy ? "%.3f" : "%.4g", ma);
          g_snprintf (sb, sizeof sb, accuracy ? "%.3f" : "%.4g", mb);
          g_snprintf (sd, sizeof sd, accuracy ? "%+.3f" : "%+.3g", mb - ma);
          /* Translators: e.g. "Finished · final validation accuracy: A 0.95, B 0.97, B − A +0.02". */
          text = g_strdup_printf (_("%s · final %s: A %s, B %s, B − A %s"), how, metric_name (d), sa, sb, sd);
        }
      else
        text = g_strdup (how);
      for (guint i = 0; i < 2; i++)
        {
          const GError *diverged = bp_twins_session_get_diverged (f->session, i);
          if (diverged)
            {
              /* Translators: %s is A or B, then why it diverged. */
              g_autofree char *more = g_strdup_printf (_("%s diverged: %s"), i == 0 ? "A" : "B", diverged->message);
              g_autofree char *all = g_strconcat (text, " · ", more, NULL);
              g_free (text);
              text = g_steal_pointer (&all);
            }
        }
    }
  bp_twins_view_set_status (f->view, text);
}

/* Everything new: the records, each twin's newest frame. */
static void
take_news (TwinsForm *f)
{
  g_array_set_size (f->scratch, 0);
  bp_twins_session_poll (f->session, f->scratch);
  for (guint i = 0; i < f->scratch->len; i++)
    {
      const BpProgress *p = &g_array_index (f->scratch, BpProgress, i);
      if (p->kind == BP_PROGRESS_EPOCH && p->run_id < 2)
        f->reached[p->run_id] = p->epoch;
    }
  bp_twins_view_add_progress (f->view, (const BpProgress *) (gpointer) f->scratch->data, f->scratch->len);
  for (guint i = 0; i < 2; i++)
    {
      gboolean is_new = FALSE;
      const BpProbeFrame *frame = bp_twins_session_take_frame (f->session, i, &is_new);
      if (is_new)
        bp_twins_view_show_frame (f->view, i, frame);
    }
  if (f->scratch->len > 0)
    update_status (f);
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  take_news (data);
  return G_SOURCE_CONTINUE;
}

static void
update_controls (TwinsForm *f)
{
  BpSessionState state = bp_twins_session_get_state (f->session);
  gtk_widget_set_sensitive (f->pause, state == BP_SESSION_RUNNING || state == BP_SESSION_PAUSED);
  gtk_widget_set_sensitive (f->stop, state == BP_SESSION_RUNNING || state == BP_SESSION_PAUSED);
  const gboolean paused = state == BP_SESSION_PAUSED;
  gtk_button_set_icon_name (GTK_BUTTON (f->pause), paused ? "media-playback-start-symbolic"
                                                          : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (f->pause, paused ? _("Resume both") : _("Pause both after this batch"));
  update_status (f);
}

static void
on_finished (BpTwinsSession *session, TwinsForm *f)
{
  take_news (f);
  if (f->tick)
    gtk_widget_remove_tick_callback (GTK_WIDGET (f->view), f->tick);
  f->tick = 0;
  update_controls (f);
}

static void
on_pause_clicked (TwinsForm *f)
{
  if (bp_twins_session_get_state (f->session) == BP_SESSION_PAUSED)
    bp_twins_session_resume (f->session);
  else
    bp_twins_session_pause (f->session);
  update_controls (f);
}

static GtkWidget *
header_button (const char *icon, const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

/* Tests find a window's parts by name. */
static void
name_parts (TwinsForm *f)
{
  GObject *w = G_OBJECT (f->dialog);
  g_object_set_data (w, "setting", f->setting);
  g_object_set_data (w, "value", f->value);
  g_object_set_data (w, "choice", f->choice);
  g_object_set_data (w, "train", f->train);
  g_object_set_data (w, "stop", f->stop);
  g_object_set_data (w, "view", f->view);
  g_object_set_data (w, "session", f->session);
}

/* The twins' window: Pause and Stop, the view. It owns the form's state
 * from now on. */
static void
compare_window (TwinsForm *f)
{
  GtkWindow *parent = GTK_WINDOW (f->window);
  f->dialog = adw_window_new ();
  g_object_set_data_full (G_OBJECT (f->dialog), "twins-form", f, twins_form_free);
  gtk_window_set_title (GTK_WINDOW (f->dialog), _("Compare With One Change"));
  gtk_window_set_transient_for (GTK_WINDOW (f->dialog), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (f->dialog), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (f->dialog), 1200, 700);

  GtkWidget *header = adw_header_bar_new ();
  f->pause = header_button ("media-playback-pause-symbolic", _("Pause both after this batch"));
  g_signal_connect_swapped (f->pause, "clicked", G_CALLBACK (on_pause_clicked), f);
  f->stop = header_button ("media-playback-stop-symbolic", _("Stop both"));
  g_signal_connect_swapped (f->stop, "clicked", G_CALLBACK (bp_twins_session_stop), f->session);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), f->pause);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), f->stop);
  f->view = BP_TWINS_VIEW (bp_twins_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (f->view), TRUE);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->view));
  adw_window_set_content (ADW_WINDOW (f->dialog), box);
  name_parts (f);
}

static void
on_train (TwinsForm *f)
{
  BpWindow *self = f->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpRunSettings) b = form_twin (f, &error);
  BpTable *table = bp_document_get_table (self->document);
  BpDataset *dataset = NULL;
  if (b && table)
    {
      BpDatasetOptions options;
      bp_document_get_data_options (self->document, &options);
      dataset = bp_dataset_new (table, &options, &error);
    }
  if (!b || !dataset || !bp_twins_session_prepare (f->session, dataset, f->base, b, &error))
    {
      gtk_label_set_text (f->summary, error ? error->message : _("Open a CSV file or a sample first"));
      gtk_widget_add_css_class (GTK_WIDGET (f->summary), "error");
      return;
    }
  const BpDataset *d = bp_twins_session_get_dataset (f->session);
  g_autofree char *name_a = NULL, *name_b = NULL;
  twin_names (f->base, b, &name_a, &name_b);
  f->epochs = MAX (f->base->config.epochs, b->config.epochs);
  f->reached[0] = f->reached[1] = 0;
  /* The form goes; the twins get a window of their own, sized for them. */
  GtkWidget *form = f->dialog;
  g_object_steal_data (G_OBJECT (form), "twins-form");
  gpointer parts[] = { f->setting, f->layer, f->choice, f->value, f->train };
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_signal_handlers_disconnect_by_data (parts[i], f);
  f->setting = f->layer = f->choice = NULL;
  f->value = NULL;
  f->summary = NULL;
  f->train = f->cancel = NULL;
  compare_window (f);
  gtk_window_destroy (GTK_WINDOW (form));
  bp_twins_view_begin (f->view, name_a, name_b, d, f->epochs,
                       bp_twins_session_has_plane (f->session) && d->n_feature_columns == 2);
  bp_twins_session_resume (f->session);
  f->tick = gtk_widget_add_tick_callback (GTK_WIDGET (f->view), on_tick, f, NULL);
  update_controls (f);
  gtk_window_present (GTK_WINDOW (f->dialog));
}

/* ---- the window ---------------------------------------------------------- */

static AdwComboRow *
combo_row (const char *title, GListModel *model)
{
  GtkWidget *row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (model)
    adw_combo_row_set_model (ADW_COMBO_ROW (row), model);
  return ADW_COMBO_ROW (row);
}

/* The form: which setting, which layer, the value; the summary. */
static GtkWidget *
build_form (TwinsForm *f)
{
  g_autoptr(GtkStringList) settings = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    gtk_string_list_append (settings, _(changes[i].label));
  g_autoptr(GtkStringList) layers = gtk_string_list_new (NULL);
  GArray *stack = f->base->layers->layers;
  for (guint l = 0; l < stack->len; l++)
    {
      /* Translators: a hidden layer in a list, e.g. "Layer 1 (128 units)". */
      g_autofree char *name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Layer %u (%u unit)", "Layer %u (%u units)",
                                                            g_array_index (stack, BpLayerSpec, l).units),
                                               l + 1, g_array_index (stack, BpLayerSpec, l).units);
      gtk_string_list_append (layers, name);
    }
  f->setting = combo_row (_("_Setting"), G_LIST_MODEL (settings));
  f->layer = combo_row (_("_Layer"), G_LIST_MODEL (layers));
  f->value = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->value), _("Value of the second network"));
  f->choice = combo_row (_("Value of the second network"), NULL);

  GtkWidget *group = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    _("Two networks train side by side on the same batches in the same order, from the same initial "
      "weights wherever their shapes allow. They differ in this one setting; everything else is as "
      "the forms say now. So the difference you see is the setting's, not luck."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (f->setting));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (f->layer));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (f->value));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (f->choice));
  f->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (f->summary, 0);
  gtk_label_set_wrap (f->summary, TRUE);

  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_box_append (GTK_BOX (content), group);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (f->summary));

  g_signal_connect_swapped (f->setting, "notify::selected", G_CALLBACK (on_setting_changed), f);
  g_signal_connect_swapped (f->layer, "notify::selected", G_CALLBACK (on_setting_changed), f);
  g_signal_connect_swapped (f->choice, "notify::selected", G_CALLBACK (update_form), f);
  g_signal_connect_swapped (f->value, "changed", G_CALLBACK (update_form), f);
  return content;
}

static void
compare_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  if (!bp_document_get_table (self->document))
    return;
  TwinsForm *f = g_new0 (TwinsForm, 1);
  f->window = self;
  f->base = document_settings (self);
  f->scratch = g_array_new (FALSE, FALSE, sizeof (BpProgress));
  f->session = bp_twins_session_new ();
  f->dialog = adw_window_new ();
  g_object_set_data_full (G_OBJECT (f->dialog), "twins-form", f, twins_form_free);
  gtk_window_set_title (GTK_WINDOW (f->dialog), _("Compare With One Change"));
  gtk_window_set_transient_for (GTK_WINDOW (f->dialog), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (f->dialog), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (f->dialog), 520, -1);
  gtk_window_set_modal (GTK_WINDOW (f->dialog), TRUE);

  GtkWidget *header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  f->cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (f->cancel, "clicked", G_CALLBACK (gtk_window_destroy), f->dialog);
  f->train = gtk_button_new_with_mnemonic (_("_Train Both"));
  gtk_widget_add_css_class (f->train, "suggested-action");
  g_signal_connect_swapped (f->train, "clicked", G_CALLBACK (on_train), f);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), f->cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), f->train);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), build_form (f));
  adw_window_set_content (ADW_WINDOW (f->dialog), box);

  g_signal_connect_swapped (f->session, "updated", G_CALLBACK (take_news), f);
  g_signal_connect (f->session, "finished", G_CALLBACK (on_finished), f);
  name_parts (f);
  on_setting_changed (f);
  gtk_window_present (GTK_WINDOW (f->dialog));
}

void
_bp_window_twins_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.compare-twins", NULL, compare_action);
}
