#define G_LOG_DOMAIN "bp-model-view"

#include "bp-model-view.h"
#include "bp-step-series.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "bp-layer-item.h"
#include "bp-layer-row.h"

struct _BpModelView
{
  AdwBin            parent_instance;

  GListStore       *layers;          /* BpLayerItem */
  gsize             n_inputs;
  BpTask            task;
  gsize             n_outputs;
  BpTrainConfig     config;          /* the form's values live here */
  BpLoss            loss;            /* regression loss: no control shows it, a project or the CLI sets it */
  BpModelViewState  state;
  guint             updating;        /* > 0 while the code, not the user, sets controls */

  GtkRevealer      *banner;
  GtkButton        *reset_button;
  GtkButton        *add_button;
  AdwActionRow     *input_row;
  GtkListBox       *layers_list;
  AdwActionRow     *output_row;
  GtkExpander      *summary_expander;
  GtkLabel         *params_label;
  GtkLabel         *summary_label;
  GtkLabel         *summary_total_label;
  AdwComboRow      *optimizer_row;
  AdwActionRow     *rate_row;
  GtkSpinButton    *rate_spin;
  AdwActionRow     *batch_row;
  GtkSpinButton    *batch_spin;
  AdwActionRow     *epochs_row;
  GtkSpinButton    *epochs_spin;
  GtkSpinButton    *typed;          /* its value was just typed, not stepped */
  AdwActionRow     *momentum_row;
  GtkSpinButton    *momentum_spin;
  AdwActionRow     *decay_row;
  GtkSpinButton    *decay_spin;
  AdwActionRow     *patience_row;
  GtkSpinButton    *patience_spin;
  AdwActionRow     *seed_row;
  GtkSpinButton    *seed_spin;
  AdwComboRow      *init_row;
  AdwExpanderRow   *more_row;
};

G_DEFINE_FINAL_TYPE (BpModelView, bp_model_view, ADW_TYPE_BIN)

enum {
  SIGNAL_ARCHITECTURE_CHANGED,
  SIGNAL_CONFIG_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The optimizer list's entries: Nesterov is momentum with a flag. */
static const struct {
  BpOptimizerKind kind;
  gboolean        nesterov;
} optimizer_choices[] = {
  { BP_OPTIMIZER_SGD, FALSE },
  { BP_OPTIMIZER_MOMENTUM, FALSE },
  { BP_OPTIMIZER_MOMENTUM, TRUE },
  { BP_OPTIMIZER_RMSPROP, FALSE },
  { BP_OPTIMIZER_ADAM, FALSE },
  { BP_OPTIMIZER_ADAMW, FALSE },
};

static guint
optimizer_choice (const BpOptimizerConfig *optimizer)
{
  for (guint i = 0; i < G_N_ELEMENTS (optimizer_choices); i++)
    if (optimizer_choices[i].kind == optimizer->kind &&
        (optimizer->kind != BP_OPTIMIZER_MOMENTUM || optimizer_choices[i].nesterov == !!optimizer->nesterov))
      return i;
  return 0;
}

static const char *
loss_label (BpLoss loss)
{
  switch (loss)
    {
    case BP_LOSS_BINARY_CROSSENTROPY:
      return _("binary cross-entropy");
    case BP_LOSS_CATEGORICAL_CROSSENTROPY:
      return _("categorical cross-entropy");
    case BP_LOSS_MSE:
      return _("mean squared error");
    case BP_LOSS_MAE:
      return _("mean absolute error");
    case BP_LOSS_HUBER:
      return _("Huber loss");
    default:
      return bp_loss_to_string (loss);
    }
}

/* ---- the layer stack ----------------------------------------------------- */

static void
update_summary (BpModelView *self)
{
  if (self->n_inputs == 0)
    {
      adw_action_row_set_subtitle (self->input_row, _("No data yet: open a CSV file"));
      adw_action_row_set_subtitle (self->output_row, _("Follows the target column"));
      gtk_label_set_label (self->params_label, _("Parameters: need data"));
      gtk_label_set_label (self->summary_label, "");
      gtk_label_set_label (self->summary_total_label,
                           _("The inputs, the output layer and the parameter count are known once data is open."));
      return;
    }

  guint n_inputs = (guint) MIN (self->n_inputs, G_MAXUINT);
  g_autofree char *inputs = g_strdup_printf (ngettext ("%u feature", "%u features", n_inputs), n_inputs);
  adw_action_row_set_subtitle (self->input_row, inputs);

  g_autoptr(BpModelSpec) spec = bp_model_view_build_spec (self);
  const BpLayerSpec *output = &g_array_index (spec->layers, BpLayerSpec, spec->layers->len - 1);
  /* Translators: units · output activation · loss, e.g. "3 units · softmax · categorical cross-entropy" */
  g_autofree char *outputs = g_strdup_printf (ngettext ("%u unit · %s · %s", "%u units · %s · %s", output->units),
                                              output->units, bp_layer_row_activation_label (output->activation),
                                              loss_label (spec->loss));
  adw_action_row_set_subtitle (self->output_row, outputs);

  g_autoptr(GError) error = NULL;
  if (!bp_model_spec_validate (spec, &error))
    {
      gtk_label_set_label (self->params_label, _("Parameters: not a valid network"));
      gtk_label_set_label (self->summary_label, "");
      gtk_label_set_label (self->summary_total_label, error->message);
      return;
    }
  g_autofree char *count = bp_format_grouped (bp_model_spec_count_params (spec),
                                                   "\u202f" /* narrow no-break space: one line in every locale */);
  g_autofree char *params = g_strdup_printf (_("Parameters: %s"), count);
  gtk_label_set_label (self->params_label, params);
  g_autofree char *summary = bp_model_spec_summary (spec);
  g_strchomp (summary);
  /* The last line ("Total parameters: … (loss: …)") is wider than the
   * table; it wraps on its own so the table keeps its columns. */
  char *total = strrchr (summary, '\n');
  if (total != NULL)
    *total++ = '\0';
  gtk_label_set_label (self->summary_label, total != NULL ? summary : "");
  gtk_label_set_label (self->summary_total_label, total != NULL ? total : summary);
}

static void
renumber_rows (BpModelView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));
  for (guint i = 0; i < n; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->layers_list, (int) i);
      if (BP_IS_LAYER_ROW (row))
        bp_layer_row_set_position (BP_LAYER_ROW (row), i, n);
    }
}

static void
architecture_changed (BpModelView *self)
{
  update_summary (self);
  if (self->updating == 0)
    g_signal_emit (self, signals[SIGNAL_ARCHITECTURE_CHANGED], 0);
}

static void
on_layers_changed (BpModelView *self, guint position, guint removed, guint added, GListModel *model)
{
  renumber_rows (self);
  architecture_changed (self);
}

static void
on_item_notify (BpModelView *self, GParamSpec *pspec, BpLayerItem *item)
{
  architecture_changed (self);
}

static guint
item_position (BpModelView *self, BpLayerRow *row)
{
  guint position = G_MAXUINT;
  g_list_store_find (self->layers, bp_layer_row_get_item (row), &position);
  return position;
}

/* After a move the rows are new widgets: keep the keyboard where it was. */
static void
focus_row_button (BpModelView *self, guint position, const char *child_name)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->layers_list, (int) position);
  if (row == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
      return;
    }
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), BP_TYPE_LAYER_ROW, child_name));
  if (button == NULL || !gtk_widget_get_sensitive (button))
    button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), BP_TYPE_LAYER_ROW, "remove_button"));
  gtk_widget_grab_focus (button);
}

static void
swap_with_next (BpModelView *self, guint position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));
  if (position + 1 >= n)
    return;
  g_autoptr(BpLayerItem) first = g_list_model_get_item (G_LIST_MODEL (self->layers), position);
  g_autoptr(BpLayerItem) second = g_list_model_get_item (G_LIST_MODEL (self->layers), position + 1);
  gpointer swapped[] = { second, first };
  /* One splice, so one "items-changed" and one "architecture-changed". */
  g_list_store_splice (self->layers, position, 2, swapped, 2);
}

static void
on_row_move_up (BpModelView *self, BpLayerRow *row)
{
  guint position = item_position (self, row);
  if (position == G_MAXUINT || position == 0)
    return;
  swap_with_next (self, position - 1);
  focus_row_button (self, position - 1, "up_button");
}

static void
on_row_move_down (BpModelView *self, BpLayerRow *row)
{
  guint position = item_position (self, row);
  if (position == G_MAXUINT)
    return;
  swap_with_next (self, position);
  focus_row_button (self, position + 1, "down_button");
}

static void
on_row_duplicate (BpModelView *self, BpLayerRow *row)
{
  guint position = item_position (self, row);
  if (position == G_MAXUINT)
    return;
  g_autoptr(BpLayerItem) copy = bp_layer_item_copy (bp_layer_row_get_item (row));
  g_list_store_insert (self->layers, position + 1, copy);
}

static void
on_row_remove (BpModelView *self, BpLayerRow *row)
{
  guint position = item_position (self, row);
  if (position == G_MAXUINT)
    return;
  g_signal_handlers_disconnect_by_func (bp_layer_row_get_item (row), on_item_notify, self);
  g_list_store_remove (self->layers, position);
  focus_row_button (self, MIN (position, g_list_model_get_n_items (G_LIST_MODEL (self->layers)) - 1), "remove_button");
}

static GtkWidget *
create_layer_row (gpointer item, gpointer user_data)
{
  BpModelView *self = user_data;
  GtkWidget *row = bp_layer_row_new (item);
  g_signal_connect_object (row, "move-up", G_CALLBACK (on_row_move_up), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "move-down", G_CALLBACK (on_row_move_down), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "duplicate", G_CALLBACK (on_row_duplicate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (on_row_remove), self, G_CONNECT_SWAPPED);
  return row;
}

static void
on_add_clicked (BpModelView *self)
{
  g_autoptr(BpLayerItem) item = bp_layer_item_new (BP_LAYER_ITEM_DEFAULT_UNITS, BP_ACTIVATION_RELU, 0.0);
  g_list_store_append (self->layers, item);
}

/* Items are watched while they are in the store; one that leaves it
 * (removed, or moved: it comes back as a new entry) is let go. */
static void
watch_item (BpModelView *self, BpLayerItem *item)
{
  g_signal_handlers_disconnect_by_func (item, on_item_notify, self);
  g_signal_connect_object (item, "notify", G_CALLBACK (on_item_notify), self, G_CONNECT_SWAPPED);
}

static void
on_layers_changed_watch (BpModelView *self, guint position, guint removed, guint added, GListModel *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(BpLayerItem) item = g_list_model_get_item (model, i);
      watch_item (self, item);
    }
}

/* The first @n_layers of @layers (BpLayerSpec) become the hidden layers. */
static void
replace_layers (BpModelView *self, const GArray *layers, guint n_layers, BpInit init)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint l = 0; l < n_layers; l++)
    {
      const BpLayerSpec *layer = &g_array_index (layers, BpLayerSpec, l);
      BpActivation activation = layer->activation;
      if ((guint) activation > BP_ACTIVATION_SIGMOID)
        {
          g_warning ("hidden layer %u: %s is for output layers; using relu", l + 1, bp_activation_to_string (activation));
          activation = BP_ACTIVATION_RELU;
        }
      g_ptr_array_add (items, bp_layer_item_new (layer->units, activation, layer->dropout));
    }

  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->layers));
  for (guint i = 0; i < n_old; i++)
    {
      g_autoptr(BpLayerItem) old = g_list_model_get_item (G_LIST_MODEL (self->layers), i);
      g_signal_handlers_disconnect_by_func (old, on_item_notify, self);
    }

  self->updating++;
  g_list_store_splice (self->layers, 0, n_old, items->pdata, items->len);
  adw_combo_row_set_selected (self->init_row, (guint) init);
  self->updating--;
  g_signal_emit (self, signals[SIGNAL_ARCHITECTURE_CHANGED], 0);
}

/* ---- the training form ---------------------------------------------------- */

static gboolean
on_rate_output (GtkSpinButton *spin, gpointer user_data)
{
  /* The adjustment holds log10 of the rate, so the buttons multiply. */
  double rate = pow (10.0, gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin)));
  g_autofree char *text = g_strdup_printf ("%.6g", rate);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
  return TRUE;
}

static int
on_rate_input (GtkSpinButton *spin, double *new_value, gpointer user_data)
{
  /* Either decimal separator, and exponents ("1e-4"). */
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin)));
  g_strdelimit (g_strstrip (text), ",", '.');
  char *end = NULL;
  double rate = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(rate > 0.0) || !isfinite (rate))
    {
      /* Keep the last good value (GTK_INPUT_ERROR would clamp 0 into range). */
      *new_value = gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));
      return TRUE;
    }
  *new_value = log10 (rate);
  return TRUE;
}

static const char *
decay_subtitle (BpOptimizerKind kind)
{
  return kind == BP_OPTIMIZER_ADAMW ? _("AdamW shrinks the weights directly")
                                    : _("L2 penalty on the weights; 0 is off");
}

/* Show self->config in the controls. */
static void
sync_form (BpModelView *self)
{
  const BpOptimizerConfig *opt = &self->config.optimizer;
  self->updating++;
  adw_combo_row_set_selected (self->optimizer_row, optimizer_choice (opt));
  gtk_spin_button_set_value (self->rate_spin, log10 ((double) opt->learning_rate));
  gtk_spin_button_set_value (self->batch_spin, self->config.batch_size);
  gtk_spin_button_set_value (self->epochs_spin, self->config.epochs);
  gtk_spin_button_set_value (self->momentum_spin, opt->momentum);
  gtk_spin_button_set_value (self->decay_spin, opt->kind == BP_OPTIMIZER_ADAMW ? opt->weight_decay : opt->l2);
  gtk_spin_button_set_value (self->patience_spin, self->config.patience);
  gtk_spin_button_set_value (self->seed_spin, (double) self->config.seed);
  gtk_widget_set_visible (GTK_WIDGET (self->momentum_row), opt->kind == BP_OPTIMIZER_MOMENTUM);
  adw_action_row_set_subtitle (self->decay_row, decay_subtitle (opt->kind));
  self->updating--;
}

static void
config_changed (BpModelView *self)
{
  g_signal_emit (self, signals[SIGNAL_CONFIG_CHANGED], 0);
}

static void
on_optimizer_selected (BpModelView *self)
{
  if (self->updating > 0)
    return;
  guint choice = adw_combo_row_get_selected (self->optimizer_row);
  if (choice >= G_N_ELEMENTS (optimizer_choices))
    return;

  /* A new optimizer starts from its own defaults (Keras's); the rate the
   * user chose stays unless it was the old optimizer's default. */
  BpOptimizerConfig *opt = &self->config.optimizer;
  BpOptimizerConfig old_defaults, chosen;
  bp_optimizer_config_init (&old_defaults, opt->kind);
  bp_optimizer_config_init (&chosen, optimizer_choices[choice].kind);
  chosen.nesterov = optimizer_choices[choice].nesterov;
  if (opt->learning_rate != old_defaults.learning_rate)
    chosen.learning_rate = opt->learning_rate;
  chosen.l1 = opt->l1;
  chosen.l2 = opt->l2;
  chosen.clip_norm = opt->clip_norm;
  *opt = chosen;

  sync_form (self);
  config_changed (self);
}

/* A typed value is taken as it is; only the buttons (and arrow keys) step
 * through the series. The spin button parses what was typed here, so a
 * change that follows is known to be typed. */
static gboolean
on_series_input (GtkSpinButton *spin, double *new_value, BpModelView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (value))
    return FALSE;   /* GTK's own handling */
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0')
    return FALSE;
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  value = CLAMP (round (value), gtk_adjustment_get_lower (adjustment), gtk_adjustment_get_upper (adjustment));
  if (value != gtk_adjustment_get_value (adjustment))
    self->typed = spin;
  *new_value = value;
  return TRUE;
}

/* A step of the + or − button (one step increment from the value before)
 * goes to the next value of the series instead. */
static guint
series_value (BpModelView *self, GtkSpinButton *spin, BpStepSeries series, guint before, double value)
{
  gboolean typed = self->typed == spin;
  self->typed = NULL;
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  double diff = value - before;
  if (typed || fabs (fabs (diff) - gtk_adjustment_get_step_increment (adjustment)) > 1e-9)
    return (guint) value;
  double next = (double) bp_step_series_next (series, before, diff > 0 ? 1 : -1);
  next = CLAMP (next, gtk_adjustment_get_lower (adjustment), gtk_adjustment_get_upper (adjustment));
  self->updating++;
  gtk_spin_button_set_value (spin, next);
  self->updating--;
  return (guint) next;
}

static void
on_spin_changed (BpModelView *self, GtkSpinButton *spin)
{
  if (self->updating > 0)
    return;
  BpOptimizerConfig *opt = &self->config.optimizer;
  double value = gtk_spin_button_get_value (spin);
  if (spin == self->rate_spin)
    opt->learning_rate = (float) pow (10.0, value);
  else if (spin == self->batch_spin)
    self->config.batch_size = series_value (self, spin, BP_STEP_SERIES_POWERS_OF_TWO, self->config.batch_size, value);
  else if (spin == self->epochs_spin)
    self->config.epochs = series_value (self, spin, BP_STEP_SERIES_1_2_5, self->config.epochs, value);
  else if (spin == self->momentum_spin)
    opt->momentum = (float) value;
  else if (spin == self->decay_spin && opt->kind == BP_OPTIMIZER_ADAMW)
    opt->weight_decay = (float) value;
  else if (spin == self->decay_spin)
    opt->l2 = (float) value;
  else if (spin == self->patience_spin)
    self->config.patience = (guint) value;
  else if (spin == self->seed_spin)
    self->config.seed = (guint64) value;
  config_changed (self);
}

static void
on_init_selected (BpModelView *self)
{
  architecture_changed (self);
}

/* ---- the object ------------------------------------------------------------ */

static void
bp_model_view_dispose (GObject *object)
{
  BpModelView *self = BP_MODEL_VIEW (object);

  if (self->layers != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->layers, self);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BpLayerItem) item = g_list_model_get_item (G_LIST_MODEL (self->layers), i);
          g_signal_handlers_disconnect_by_func (item, on_item_notify, self);
        }
    }
  if (self->layers_list != NULL)
    gtk_list_box_bind_model (self->layers_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->layers);

  G_OBJECT_CLASS (bp_model_view_parent_class)->dispose (object);
}

static void
bp_model_view_class_init (BpModelViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bp_model_view_dispose;

  signals[SIGNAL_ARCHITECTURE_CHANGED] =
    g_signal_new ("architecture-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CONFIG_CHANGED] =
    g_signal_new ("config-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BP_TYPE_LAYER_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/backprop/Backprop/ui/bp-model-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BpModelView, banner);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, reset_button);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, add_button);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, input_row);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, layers_list);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, output_row);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, summary_expander);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, params_label);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, summary_total_label);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, optimizer_row);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, rate_row);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, batch_row);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, batch_spin);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, epochs_row);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, epochs_spin);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, momentum_row);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, momentum_spin);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, decay_row);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, decay_spin);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, patience_row);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, patience_spin);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, seed_row);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, init_row);
  gtk_widget_class_bind_template_child (widget_class, BpModelView, more_row);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
}

static void
bp_model_view_init (BpModelView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  bp_train_config_init (&self->config);
  self->loss = BP_LOSS_MSE;
  self->task = BP_TASK_BINARY;
  self->n_outputs = 1;

  /* The list box's own handler runs first, so rows exist when ours run. */
  self->layers = g_list_store_new (BP_TYPE_LAYER_ITEM);
  gtk_list_box_bind_model (self->layers_list, G_LIST_MODEL (self->layers), create_layer_row, self, NULL);
  g_signal_connect_object (self->layers, "items-changed", G_CALLBACK (on_layers_changed_watch), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->layers, "items-changed", G_CALLBACK (on_layers_changed), self, G_CONNECT_SWAPPED);

  GtkWidget *placeholder = gtk_label_new (_("No hidden layers: the inputs go straight to the output, a linear model"));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_justify (GTK_LABEL (placeholder), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->layers_list, placeholder);

  g_signal_connect (self->rate_spin, "output", G_CALLBACK (on_rate_output), NULL);
  g_signal_connect (self->rate_spin, "input", G_CALLBACK (on_rate_input), NULL);
  g_signal_connect (self->batch_spin, "input", G_CALLBACK (on_series_input), self);
  g_signal_connect (self->epochs_spin, "input", G_CALLBACK (on_series_input), self);
  GtkSpinButton *spins[] = { self->rate_spin, self->batch_spin, self->epochs_spin, self->momentum_spin,
                             self->decay_spin, self->patience_spin, self->seed_spin };
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    g_signal_connect_object (spins[i], "value-changed", G_CALLBACK (on_spin_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->optimizer_row, "notify::selected", G_CALLBACK (on_optimizer_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->init_row, "notify::selected", G_CALLBACK (on_init_selected), self, G_CONNECT_SWAPPED);

  /* The seed recipe: 128 relu, 64 relu. */
  g_autoptr(BpLayerStack) recipe = bp_layer_stack_new_recipe ();
  self->updating++;
  replace_layers (self, recipe->layers, recipe->layers->len, recipe->init);
  self->updating--;
  sync_form (self);
  update_summary (self);
}

GtkWidget *
bp_model_view_new (void)
{
  return g_object_new (BP_TYPE_MODEL_VIEW, NULL);
}

void
bp_model_view_set_data (BpModelView *self, gsize n_inputs, BpTask task, gsize n_outputs)
{
  g_return_if_fail (BP_IS_MODEL_VIEW (self));
  self->n_inputs = n_inputs;
  self->task = task;
  self->n_outputs = n_outputs;
  update_summary (self);
}

BpLayerStack *
bp_model_view_get_layer_stack (BpModelView *self)
{
  g_return_val_if_fail (BP_IS_MODEL_VIEW (self), NULL);
  BpLayerStack *stack = bp_layer_stack_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BpLayerItem) item = g_list_model_get_item (G_LIST_MODEL (self->layers), i);
      bp_layer_stack_add (stack, bp_layer_item_get_units (item), bp_layer_item_get_activation (item),
                          (float) bp_layer_item_get_dropout (item));
    }
  guint init = adw_combo_row_get_selected (self->init_row);
  if (init <= BP_INIT_HE_NORMAL)
    stack->init = (BpInit) init;
  stack->loss = self->loss;
  return stack;
}

BpModelSpec *
bp_model_view_build_spec (BpModelView *self)
{
  g_return_val_if_fail (BP_IS_MODEL_VIEW (self), NULL);
  if (self->n_inputs == 0)
    return NULL;
  g_autoptr(BpLayerStack) stack = bp_model_view_get_layer_stack (self);
  return bp_layer_stack_build_for (stack, self->n_inputs, self->task, self->n_outputs);
}

void
bp_model_view_set_hidden_layers (BpModelView *self, const BpLayerStack *stack)
{
  g_return_if_fail (BP_IS_MODEL_VIEW (self));
  g_return_if_fail (stack != NULL);
  self->loss = stack->loss;
  replace_layers (self, stack->layers, stack->layers->len, stack->init);
}

void
bp_model_view_set_model_spec (BpModelView *self, const BpModelSpec *spec)
{
  g_return_if_fail (BP_IS_MODEL_VIEW (self));
  g_return_if_fail (spec != NULL);
  g_autoptr(BpLayerStack) stack = bp_layer_stack_new_from_spec (spec);
  bp_model_view_set_hidden_layers (self, stack);
}

guint
bp_model_view_get_n_hidden_layers (BpModelView *self)
{
  g_return_val_if_fail (BP_IS_MODEL_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->layers));
}

void
bp_model_view_get_train_config (BpModelView *self, BpTrainConfig *config)
{
  g_return_if_fail (BP_IS_MODEL_VIEW (self));
  g_return_if_fail (config != NULL);
  *config = self->config;
}

void
bp_model_view_set_train_config (BpModelView *self, const BpTrainConfig *config)
{
  g_return_if_fail (BP_IS_MODEL_VIEW (self));
  g_return_if_fail (config != NULL);
  self->config = *config;
  /* Borrowed memory we could not keep alive. */
  self->config.class_weights = NULL;
  sync_form (self);
  config_changed (self);
}

void
bp_model_view_set_state (BpModelView *self, BpModelViewState state)
{
  g_return_if_fail (BP_IS_MODEL_VIEW (self));

  self->state = state;
  gboolean network = state == BP_MODEL_VIEW_EDITABLE;
  gboolean between_batches = state != BP_MODEL_VIEW_RUNNING;

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), network);
  gtk_widget_set_sensitive (GTK_WIDGET (self->layers_list), network);
  gtk_widget_set_sensitive (GTK_WIDGET (self->init_row), network);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seed_row), network);
  /* A paused trainer keeps its optimizer's state, which fits one kind. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->optimizer_row), network);

  GtkWidget *settings[] = { GTK_WIDGET (self->rate_row), GTK_WIDGET (self->batch_row), GTK_WIDGET (self->epochs_row),
                            GTK_WIDGET (self->momentum_row), GTK_WIDGET (self->decay_row),
                            GTK_WIDGET (self->patience_row) };
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    gtk_widget_set_sensitive (settings[i], between_batches);

  /* Hidden, not just folded, so the box spacing goes with it. */
  gtk_widget_set_visible (GTK_WIDGET (self->banner), state == BP_MODEL_VIEW_PAUSED);
  gtk_revealer_set_reveal_child (self->banner, state == BP_MODEL_VIEW_PAUSED);
}

BpModelViewState
bp_model_view_get_state (BpModelView *self)
{
  g_return_val_if_fail (BP_IS_MODEL_VIEW (self), BP_MODEL_VIEW_EDITABLE);
  return self->state;
}
