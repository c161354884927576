/* The model view with real widgets under Xvfb: the default recipe and its
 * parameter count, editing the layer stack through the row buttons and
 * spin buttons, the output row per task, locking by state, the training
 * form's round trip, and screenshots (light and dark) for people to look
 * at when BP_SCREENSHOT_DIR is set. */
#include <adwaita.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "bp-engine.h"
#include "bp-layer-row.h"
#include "bp-model-view.h"
#include "bp-step-series.h"

typedef struct {
  GtkWindow   *window;
  BpModelView *view;
  guint        architecture_changed;
  guint        config_changed;
  guint        resets;
} Fixture;

static void
count_signal (guint *counter)
{
  (*counter)++;
}

static void
spin_loop (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
on_reset (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Fixture *f = user_data;
  f->resets++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  /* The window's Reset, as the app's window provides it. */
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  const GActionEntry entries[] = { { .name = "reset", .activate = on_reset } };
  g_action_map_add_action_entries (G_ACTION_MAP (actions), entries, G_N_ELEMENTS (entries), f);
  gtk_widget_insert_action_group (GTK_WIDGET (f->window), "win", G_ACTION_GROUP (actions));
  gtk_window_set_default_size (f->window, 400, 700);
  f->view = BP_MODEL_VIEW (bp_model_view_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  g_signal_connect_swapped (f->view, "architecture-changed", G_CALLBACK (count_signal), &f->architecture_changed);
  g_signal_connect_swapped (f->view, "config-changed", G_CALLBACK (count_signal), &f->config_changed);
  gtk_window_present (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  spin_loop (10);
}

static gpointer
child (Fixture *f, const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->view), BP_TYPE_MODEL_VIEW, name);
  g_assert_nonnull (object);
  return object;
}

static GtkListBoxRow *
layer_row (Fixture *f, guint index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (child (f, "layers_list"), (int) index);
  g_assert_true (BP_IS_LAYER_ROW (row));
  return row;
}

static gpointer
row_child (Fixture *f, guint index, const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (layer_row (f, index)), BP_TYPE_LAYER_ROW, name);
  g_assert_nonnull (object);
  return object;
}

static void
click_row_button (Fixture *f, guint index, const char *name)
{
  g_signal_emit_by_name (row_child (f, index, name), "clicked");
}

/* "128:relu,64:relu,1:sigmoid" */
static char *
describe_spec (const BpModelSpec *spec)
{
  GString *out = g_string_new (NULL);
  for (guint l = 0; l < spec->layers->len; l++)
    {
      const BpLayerSpec *layer = &g_array_index (spec->layers, BpLayerSpec, l);
      g_string_append_printf (out, "%s%u:%s", l ? "," : "", layer->units, bp_activation_to_string (layer->activation));
      if (layer->dropout > 0.0f)
        g_string_append_printf (out, ":%.2f", layer->dropout);
    }
  return g_string_free (out, FALSE);
}

static char *
view_spec (Fixture *f)
{
  g_autoptr(BpModelSpec) spec = bp_model_view_build_spec (f->view);
  g_assert_nonnull (spec);
  return describe_spec (spec);
}

static const char *
params_text (Fixture *f)
{
  return gtk_label_get_label (child (f, "params_label"));
}

static char *
expected_params (Fixture *f)
{
  g_autoptr(BpModelSpec) spec = bp_model_view_build_spec (f->view);
  g_assert_true (bp_model_spec_validate (spec, NULL));
  gsize n = bp_model_spec_count_params (spec);
  /* Grouped by narrow no-break spaces; fine for the counts used here. */
  if (n >= 1000)
    return g_strdup_printf ("Parameters: %" G_GSIZE_FORMAT "\u202f%03" G_GSIZE_FORMAT, n / 1000, n % 1000);
  return g_strdup_printf ("Parameters: %" G_GSIZE_FORMAT, n);
}

/* The rate as shown: the locale's decimal separator is fine on screen. */
static void
assert_rate_text (Fixture *f, double rate)
{
  g_autofree char *expected = g_strdup_printf ("%.6g", rate);
  g_assert_cmpstr (gtk_editable_get_text (child (f, "rate_spin")), ==, expected);
}

static void
assert_same_config (const BpTrainConfig *a, const BpTrainConfig *b)
{
  g_assert_cmpuint (a->epochs, ==, b->epochs);
  g_assert_cmpuint (a->batch_size, ==, b->batch_size);
  g_assert_cmpuint (a->seed, ==, b->seed);
  g_assert_cmpint (a->shuffle, ==, b->shuffle);
  g_assert_cmpmem (&a->optimizer, sizeof a->optimizer, &b->optimizer, sizeof b->optimizer);
  g_assert_cmpmem (&a->schedule, sizeof a->schedule, &b->schedule, sizeof b->schedule);
  g_assert_cmpfloat (a->label_smoothing, ==, b->label_smoothing);
  g_assert_cmpuint (a->patience, ==, b->patience);
  g_assert_cmpint (a->monitor, ==, b->monitor);
  g_assert_cmpfloat (a->min_delta, ==, b->min_delta);
  g_assert_cmpint (a->restore_best, ==, b->restore_best);
  g_assert_true (a->target_metric == b->target_metric || (isnan (a->target_metric) && isnan (b->target_metric)));
  g_assert_cmpfloat (a->time_limit, ==, b->time_limit);
}

/* ---- tests ----------------------------------------------------------------- */

static void
test_defaults (Fixture *f, gconstpointer data)
{
  /* No data: nothing to build, and the labels say why. */
  g_assert_null (bp_model_view_build_spec (f->view));
  g_assert_cmpstr (params_text (f), ==, "Parameters: need data");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "input_row")), ==, "No data yet: open a CSV file");

  bp_model_view_set_data (f->view, 30, BP_TASK_BINARY, 1);
  g_assert_cmpuint (f->architecture_changed, ==, 0);
  g_autoptr(BpModelSpec) spec = bp_model_view_build_spec (f->view);
  g_autofree char *layers = describe_spec (spec);
  g_assert_cmpstr (layers, ==, "128:relu,64:relu,1:sigmoid");
  g_assert_cmpuint (spec->n_inputs, ==, 30);
  g_assert_cmpint (spec->loss, ==, BP_LOSS_BINARY_CROSSENTROPY);
  g_assert_cmpint (spec->init, ==, BP_INIT_GLOROT_UNIFORM);
  g_assert_true (bp_model_spec_validate (spec, NULL));
  g_assert_cmpuint (bp_model_spec_count_params (spec), ==, 12289);

  g_assert_cmpstr (params_text (f), ==, "Parameters: 12\u202f289");
  g_autofree char *summary = bp_model_spec_summary (spec);
  g_strchomp (summary);
  g_autofree char *shown = g_strdup_printf ("%s\n%s", gtk_label_get_label (child (f, "summary_label")),
                                            gtk_label_get_label (child (f, "summary_total_label")));
  g_assert_cmpstr (shown, ==, summary);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (child (f, "summary_total_label")), "Total parameters: 12,289"));
  g_assert_nonnull (strstr (summary, "12,289"));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "input_row")), ==, "30 features");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "output_row")), ==, "1 unit · sigmoid · binary cross-entropy");

  BpTrainConfig expected, config;
  bp_train_config_init (&expected);
  bp_model_view_get_train_config (f->view, &config);
  assert_same_config (&config, &expected);
  g_assert_cmpfloat (config.optimizer.learning_rate, ==, 1e-3f);
  g_assert_cmpint (config.optimizer.kind, ==, BP_OPTIMIZER_ADAM);
  assert_rate_text (f, 0.001);
  g_assert_cmpfloat (gtk_spin_button_get_value (child (f, "batch_spin")), ==, 32);
  g_assert_cmpfloat (gtk_spin_button_get_value (child (f, "epochs_spin")), ==, 10);
  g_assert_cmpuint (f->config_changed, ==, 0);

  /* Rows are numbered and the ends cannot move further. */
  g_assert_cmpstr (gtk_label_get_label (row_child (f, 0, "title_label")), ==, "Dense 1");
  g_assert_cmpstr (gtk_label_get_label (row_child (f, 1, "title_label")), ==, "Dense 2");
  g_assert_false (gtk_widget_get_sensitive (row_child (f, 0, "up_button")));
  g_assert_true (gtk_widget_get_sensitive (row_child (f, 0, "down_button")));
  g_assert_true (gtk_widget_get_sensitive (row_child (f, 1, "up_button")));
  g_assert_false (gtk_widget_get_sensitive (row_child (f, 1, "down_button")));
}

static void
test_add_remove (Fixture *f, gconstpointer data)
{
  bp_model_view_set_data (f->view, 30, BP_TASK_BINARY, 1);

  g_signal_emit_by_name (child (f, "add_button"), "clicked");
  g_assert_cmpuint (f->architecture_changed, ==, 1);
  g_assert_cmpuint (bp_model_view_get_n_hidden_layers (f->view), ==, 3);
  g_autofree char *added = view_spec (f);
  g_assert_cmpstr (added, ==, "128:relu,64:relu,64:relu,1:sigmoid");
  /* 12 289 - 65 + 64·64 + 64 + 65 */
  g_assert_cmpstr (params_text (f), ==, "Parameters: 16\u202f449");
  g_autofree char *expected = expected_params (f);
  g_assert_cmpstr (params_text (f), ==, expected);
  g_assert_cmpstr (gtk_label_get_label (row_child (f, 2, "title_label")), ==, "Dense 3");
  g_assert_true (gtk_widget_get_sensitive (row_child (f, 1, "down_button")));

  click_row_button (f, 2, "remove_button");
  g_assert_cmpuint (f->architecture_changed, ==, 2);
  g_autofree char *removed = view_spec (f);
  g_assert_cmpstr (removed, ==, "128:relu,64:relu,1:sigmoid");
  g_assert_cmpstr (params_text (f), ==, "Parameters: 12\u202f289");

  /* Down to logistic regression: 30 weights and a bias. */
  click_row_button (f, 0, "remove_button");
  click_row_button (f, 0, "remove_button");
  g_assert_cmpuint (bp_model_view_get_n_hidden_layers (f->view), ==, 0);
  g_autofree char *logistic = view_spec (f);
  g_assert_cmpstr (logistic, ==, "1:sigmoid");
  g_assert_cmpstr (params_text (f), ==, "Parameters: 31");
}

static void
test_edit_reorder (Fixture *f, gconstpointer data)
{
  bp_model_view_set_data (f->view, 30, BP_TASK_BINARY, 1);

  click_row_button (f, 0, "duplicate_button");
  g_autofree char *duplicated = view_spec (f);
  g_assert_cmpstr (duplicated, ==, "128:relu,128:relu,64:relu,1:sigmoid");
  guint before = f->architecture_changed;

  /* Through the widgets a student uses. */
  gtk_spin_button_set_value (row_child (f, 1, "units_spin"), 32);
  g_assert_cmpuint (f->architecture_changed, ==, before + 1);
  gtk_drop_down_set_selected (row_child (f, 1, "activation_dropdown"), 4);   /* tanh */
  gtk_spin_button_set_value (row_child (f, 1, "dropout_spin"), 0.25);
  g_autofree char *edited = view_spec (f);
  g_assert_cmpstr (edited, ==, "128:relu,32:tanh:0.25,64:relu,1:sigmoid");
  g_autofree char *expected = expected_params (f);
  g_assert_cmpstr (params_text (f), ==, expected);

  /* Typing a number and pressing Enter. */
  gtk_editable_set_text (row_child (f, 2, "units_spin"), "16");
  gtk_spin_button_update (row_child (f, 2, "units_spin"));
  g_autofree char *typed = view_spec (f);
  g_assert_cmpstr (typed, ==, "128:relu,32:tanh:0.25,16:relu,1:sigmoid");

  before = f->architecture_changed;
  click_row_button (f, 1, "up_button");
  g_assert_cmpuint (f->architecture_changed, ==, before + 1);
  g_autofree char *up = view_spec (f);
  g_assert_cmpstr (up, ==, "32:tanh:0.25,128:relu,16:relu,1:sigmoid");
  /* The moved layer's new row shows its values and its new number. */
  g_assert_cmpfloat (gtk_spin_button_get_value (row_child (f, 0, "units_spin")), ==, 32);
  g_assert_cmpuint (gtk_drop_down_get_selected (row_child (f, 0, "activation_dropdown")), ==, 4);
  g_assert_cmpstr (gtk_label_get_label (row_child (f, 0, "title_label")), ==, "Dense 1");
  g_assert_false (gtk_widget_get_sensitive (row_child (f, 0, "up_button")));

  click_row_button (f, 0, "down_button");
  click_row_button (f, 1, "down_button");
  g_autofree char *down = view_spec (f);
  g_assert_cmpstr (down, ==, "128:relu,16:relu,32:tanh:0.25,1:sigmoid");
  g_assert_false (gtk_widget_get_sensitive (row_child (f, 2, "down_button")));
  /* The last row's down button does nothing even if clicked. */
  click_row_button (f, 2, "down_button");
  g_autofree char *same = view_spec (f);
  g_assert_cmpstr (same, ==, down);

  /* The moved item is still watched once, not twice. */
  before = f->architecture_changed;
  gtk_spin_button_set_value (row_child (f, 2, "units_spin"), 8);
  g_assert_cmpuint (f->architecture_changed, ==, before + 1);

  /* The initializer is part of the network. */
  adw_combo_row_set_selected (child (f, "init_row"), BP_INIT_HE_NORMAL);
  g_assert_cmpuint (f->architecture_changed, ==, before + 2);
  g_autoptr(BpModelSpec) spec = bp_model_view_build_spec (f->view);
  g_assert_cmpint (spec->init, ==, BP_INIT_HE_NORMAL);
}

static void
test_set_hidden_layers (Fixture *f, gconstpointer data)
{
  bp_model_view_set_data (f->view, 4, BP_TASK_REGRESSION, 1);

  g_autoptr(BpLayerStack) parsed = bp_layer_stack_new ();
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_layer_stack_parse (parsed, "16:elu,8:leaky_relu:0.2,4:gelu", &error));
  g_assert_no_error (error);
  parsed->init = BP_INIT_HE_UNIFORM;
  bp_model_view_set_hidden_layers (f->view, parsed);
  g_assert_cmpuint (f->architecture_changed, ==, 1);
  g_autofree char *layers = view_spec (f);
  g_assert_cmpstr (layers, ==, "16:elu,8:leaky_relu:0.20,4:gelu,1:linear");
  g_assert_cmpuint (adw_combo_row_get_selected (child (f, "init_row")), ==, BP_INIT_HE_UNIFORM);
  g_assert_cmpstr (gtk_label_get_label (row_child (f, 2, "title_label")), ==, "Dense 3");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "output_row")), ==, "1 unit · linear · mean squared error");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "input_row")), ==, "4 features");
  /* Read back as designed, with or without data. */
  bp_model_view_set_data (f->view, 0, BP_TASK_BINARY, 1);
  g_autoptr(BpLayerStack) stack = bp_model_view_get_layer_stack (f->view);
  g_assert_cmpuint (stack->layers->len, ==, 3);
  g_assert_cmpint (stack->init, ==, BP_INIT_HE_UNIFORM);
  for (guint l = 0; l < 3; l++)
    {
      const BpLayerSpec *x = &g_array_index (stack->layers, BpLayerSpec, l);
      const BpLayerSpec *y = &g_array_index (parsed->layers, BpLayerSpec, l);
      g_assert_cmpuint (x->units, ==, y->units);
      g_assert_cmpint (x->activation, ==, y->activation);
      g_assert_cmpfloat (x->dropout, ==, y->dropout);
    }
  bp_model_view_set_data (f->view, 4, BP_TASK_REGRESSION, 1);

  /* A saved model's full spec: the output layer is left out. */
  g_autoptr(BpModelSpec) saved = bp_model_spec_new (4);
  bp_model_spec_add_layer (saved, 10, BP_ACTIVATION_SIGMOID, 0.0f);
  bp_model_spec_add_output (saved, BP_TASK_MULTICLASS, 3);
  bp_model_view_set_model_spec (f->view, saved);
  g_assert_cmpuint (f->architecture_changed, ==, 2);
  g_autofree char *restored = view_spec (f);
  g_assert_cmpstr (restored, ==, "10:sigmoid,1:linear");
}

/* A regression loss has no control, but what a project or a saved model
 * says is kept: the summary names it; the spec and the stack carry it. */
static void
test_regression_loss_kept (Fixture *f, gconstpointer data)
{
  bp_model_view_set_data (f->view, 4, BP_TASK_REGRESSION, 1);
  g_autoptr(BpLayerStack) stack = bp_layer_stack_new_recipe ();
  stack->loss = BP_LOSS_HUBER;
  bp_model_view_set_hidden_layers (f->view, stack);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "output_row")), ==, "1 unit · linear · Huber loss");
  g_autoptr(BpModelSpec) spec = bp_model_view_build_spec (f->view);
  g_assert_cmpint (spec->loss, ==, BP_LOSS_HUBER);
  g_autoptr(BpLayerStack) back = bp_model_view_get_layer_stack (f->view);
  g_assert_cmpint (back->loss, ==, BP_LOSS_HUBER);

  /* A saved model's spec sets it too. */
  g_autoptr(BpModelSpec) saved = bp_model_spec_new (4);
  bp_model_spec_add_layer (saved, 10, BP_ACTIVATION_SIGMOID, 0.0f);
  bp_model_spec_add_output (saved, BP_TASK_REGRESSION, 1);
  saved->loss = BP_LOSS_MAE;
  bp_model_view_set_model_spec (f->view, saved);
  g_autoptr(BpModelSpec) mae = bp_model_view_build_spec (f->view);
  g_assert_cmpint (mae->loss, ==, BP_LOSS_MAE);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "output_row")), ==, "1 unit · linear · mean absolute error");

  /* Classification picks its own loss whatever the stack keeps. */
  bp_model_view_set_data (f->view, 4, BP_TASK_BINARY, 1);
  g_autoptr(BpModelSpec) binary = bp_model_view_build_spec (f->view);
  g_assert_cmpint (binary->loss, ==, BP_LOSS_BINARY_CROSSENTROPY);
}

static void
test_tasks (Fixture *f, gconstpointer data)
{
  bp_model_view_set_data (f->view, 4, BP_TASK_MULTICLASS, 3);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "output_row")), ==,
                   "3 units · softmax · categorical cross-entropy");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "input_row")), ==, "4 features");
  g_autoptr(BpModelSpec) spec = bp_model_view_build_spec (f->view);
  const BpLayerSpec *output = &g_array_index (spec->layers, BpLayerSpec, spec->layers->len - 1);
  g_assert_cmpuint (output->units, ==, 3);
  g_assert_cmpint (output->activation, ==, BP_ACTIVATION_SOFTMAX);
  g_assert_cmpint (spec->loss, ==, BP_LOSS_CATEGORICAL_CROSSENTROPY);
  g_assert_true (bp_model_spec_validate (spec, NULL));
  /* 4·128+128 + 128·64+64 + 64·3+3 */
  g_assert_cmpuint (bp_model_spec_count_params (spec), ==, 9091);
  g_assert_cmpstr (params_text (f), ==, "Parameters: 9\u202f091");

  bp_model_view_set_data (f->view, 1, BP_TASK_REGRESSION, 1);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "output_row")), ==, "1 unit · linear · mean squared error");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "input_row")), ==, "1 feature");

  /* A spec the engine rejects says so instead of counting. */
  bp_model_view_set_data (f->view, 4, BP_TASK_MULTICLASS, 1);
  g_assert_cmpstr (params_text (f), ==, "Parameters: not a valid network");
  g_assert_nonnull (strstr (gtk_label_get_label (child (f, "summary_total_label")), "at least 2"));

  bp_model_view_set_data (f->view, 0, BP_TASK_AUTO, 0);
  g_assert_null (bp_model_view_build_spec (f->view));
  g_assert_cmpstr (params_text (f), ==, "Parameters: need data");
}

static void
test_state (Fixture *f, gconstpointer data)
{
  bp_model_view_set_data (f->view, 30, BP_TASK_BINARY, 1);
  const char *network[] = { "add_button", "init_row", "seed_spin", "optimizer_row" };
  const char *between_batches[] = { "rate_spin", "batch_spin", "epochs_spin", "decay_spin", "patience_spin" };
  const char *row_widgets[] = { "units_spin", "activation_dropdown", "dropout_spin", "remove_button", "duplicate_button" };

  bp_model_view_set_state (f->view, BP_MODEL_VIEW_PAUSED);
  g_assert_cmpint (bp_model_view_get_state (f->view), ==, BP_MODEL_VIEW_PAUSED);
  for (guint i = 0; i < G_N_ELEMENTS (row_widgets); i++)
    g_assert_false (gtk_widget_is_sensitive (row_child (f, 0, row_widgets[i])));
  for (guint i = 0; i < G_N_ELEMENTS (network); i++)
    g_assert_false (gtk_widget_is_sensitive (child (f, network[i])));
  for (guint i = 0; i < G_N_ELEMENTS (between_batches); i++)
    g_assert_true (gtk_widget_is_sensitive (child (f, between_batches[i])));
  g_assert_true (gtk_revealer_get_reveal_child (child (f, "banner")));
  g_assert_true (gtk_widget_get_visible (child (f, "banner")));
  g_assert_cmpstr (gtk_actionable_get_action_name (child (f, "reset_button")), ==, "win.reset");
  g_assert_true (gtk_widget_is_sensitive (child (f, "reset_button")));
  g_signal_emit_by_name (child (f, "reset_button"), "clicked");
  g_assert_cmpuint (f->resets, ==, 1);

  bp_model_view_set_state (f->view, BP_MODEL_VIEW_RUNNING);
  for (guint i = 0; i < G_N_ELEMENTS (row_widgets); i++)
    g_assert_false (gtk_widget_is_sensitive (row_child (f, 1, row_widgets[i])));
  for (guint i = 0; i < G_N_ELEMENTS (network); i++)
    g_assert_false (gtk_widget_is_sensitive (child (f, network[i])));
  for (guint i = 0; i < G_N_ELEMENTS (between_batches); i++)
    g_assert_false (gtk_widget_is_sensitive (child (f, between_batches[i])));
  g_assert_false (gtk_widget_get_visible (child (f, "banner")));

  bp_model_view_set_state (f->view, BP_MODEL_VIEW_EDITABLE);
  for (guint i = 0; i < G_N_ELEMENTS (row_widgets); i++)
    g_assert_true (gtk_widget_is_sensitive (row_child (f, 1, row_widgets[i])));
  for (guint i = 0; i < G_N_ELEMENTS (network); i++)
    g_assert_true (gtk_widget_is_sensitive (child (f, network[i])));
  for (guint i = 0; i < G_N_ELEMENTS (between_batches); i++)
    g_assert_true (gtk_widget_is_sensitive (child (f, between_batches[i])));
  g_assert_false (gtk_widget_get_visible (child (f, "banner")));
}

/* It must fit a side column on a 1280×720 projector, whatever is open. */
static void
test_narrow (Fixture *f, gconstpointer data)
{
  bp_model_view_set_data (f->view, 30, BP_TASK_MULTICLASS, 10);
  bp_model_view_set_state (f->view, BP_MODEL_VIEW_PAUSED);
  gtk_expander_set_expanded (child (f, "summary_expander"), TRUE);
  adw_expander_row_set_expanded (child (f, "more_row"), TRUE);
  g_autoptr(BpLayerStack) wide = bp_layer_stack_new ();
  bp_layer_stack_add (wide, 4096, BP_ACTIVATION_LEAKY_RELU, 0.9f);
  bp_model_view_set_hidden_layers (f->view, wide);
  BpTrainConfig config;
  bp_train_config_init (&config);
  bp_optimizer_config_init (&config.optimizer, BP_OPTIMIZER_MOMENTUM);
  config.optimizer.nesterov = TRUE;
  config.optimizer.learning_rate = 1.234567e-6f;
  config.epochs = 100000;
  config.batch_size = 65536;
  bp_model_view_set_train_config (f->view, &config);

  int minimum = 0, natural = 0;
  gtk_widget_measure (GTK_WIDGET (f->view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, <=, 380);
}

static void
test_config_round_trip (Fixture *f, gconstpointer data)
{
  BpTrainConfig config, back;
  bp_train_config_init (&config);
  config.epochs = 250;
  config.batch_size = 64;
  config.seed = 42;
  config.patience = 7;
  config.label_smoothing = 0.1f;          /* not in the form: kept */
  config.schedule.kind = BP_SCHEDULE_COSINE;
  bp_optimizer_config_init (&config.optimizer, BP_OPTIMIZER_MOMENTUM);
  config.optimizer.nesterov = TRUE;
  config.optimizer.learning_rate = 0.0123f;
  config.optimizer.momentum = 0.8f;
  config.optimizer.l2 = 0.001f;
  config.optimizer.clip_norm = 1.0f;

  bp_model_view_set_train_config (f->view, &config);
  g_assert_cmpuint (f->config_changed, ==, 1);
  bp_model_view_get_train_config (f->view, &back);
  assert_same_config (&back, &config);
  g_assert_cmpuint (adw_combo_row_get_selected (child (f, "optimizer_row")), ==, 2);   /* Nesterov */
  assert_rate_text (f, 0.0123);
  g_assert_cmpfloat (gtk_spin_button_get_value (child (f, "epochs_spin")), ==, 250);
  g_assert_true (gtk_widget_get_visible (child (f, "momentum_row")));

  /* AdamW: the weight-decay row shows its decoupled decay. */
  bp_optimizer_config_init (&config.optimizer, BP_OPTIMIZER_ADAMW);
  config.optimizer.weight_decay = 0.01f;
  config.optimizer.l2 = 0.0005f;
  bp_model_view_set_train_config (f->view, &config);
  bp_model_view_get_train_config (f->view, &back);
  assert_same_config (&back, &config);
  g_assert_false (gtk_widget_get_visible (child (f, "momentum_row")));
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (child (f, "decay_spin")), 0.01, 1e-6);
  g_assert_cmpuint (f->config_changed, ==, 2);
}

static void
test_form_edits (Fixture *f, gconstpointer data)
{
  BpTrainConfig config;

  /* The buttons double and halve the rate. */
  gtk_spin_button_spin (child (f, "rate_spin"), GTK_SPIN_STEP_FORWARD, 0);
  g_assert_cmpuint (f->config_changed, ==, 1);
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpfloat_with_epsilon (config.optimizer.learning_rate, 0.002, 1e-7);
  assert_rate_text (f, 0.002);

  /* Typed with either separator or an exponent. */
  gtk_editable_set_text (child (f, "rate_spin"), "0,05");
  gtk_spin_button_update (child (f, "rate_spin"));
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpfloat_with_epsilon (config.optimizer.learning_rate, 0.05, 1e-7);
  gtk_editable_set_text (child (f, "rate_spin"), "1e-4");
  gtk_spin_button_update (child (f, "rate_spin"));
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpfloat_with_epsilon (config.optimizer.learning_rate, 1e-4, 1e-9);
  /* Nonsense keeps the last good value. */
  gtk_editable_set_text (child (f, "rate_spin"), "fast");
  gtk_spin_button_update (child (f, "rate_spin"));
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpfloat_with_epsilon (config.optimizer.learning_rate, 1e-4, 1e-9);

  gtk_spin_button_set_value (child (f, "batch_spin"), 128);
  gtk_spin_button_set_value (child (f, "epochs_spin"), 50);
  gtk_spin_button_set_value (child (f, "patience_spin"), 3);
  gtk_spin_button_set_value (child (f, "seed_spin"), 7);
  gtk_spin_button_set_value (child (f, "decay_spin"), 0.001);
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpuint (config.batch_size, ==, 128);
  g_assert_cmpuint (config.epochs, ==, 50);
  g_assert_cmpuint (config.patience, ==, 3);
  g_assert_cmpuint (config.seed, ==, 7);
  g_assert_cmpfloat_with_epsilon (config.optimizer.l2, 0.001, 1e-7);
  g_assert_true (bp_train_config_validate (&config, NULL));

  /* Another optimizer brings its own constants; a chosen rate stays. */
  adw_combo_row_set_selected (child (f, "optimizer_row"), 1);
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpint (config.optimizer.kind, ==, BP_OPTIMIZER_MOMENTUM);
  g_assert_false (config.optimizer.nesterov);
  g_assert_cmpfloat (config.optimizer.momentum, ==, 0.9f);
  g_assert_cmpfloat_with_epsilon (config.optimizer.learning_rate, 1e-4, 1e-9);
  g_assert_cmpfloat_with_epsilon (config.optimizer.l2, 0.001, 1e-7);
  g_assert_true (gtk_widget_get_visible (child (f, "momentum_row")));

  /* An untouched default rate follows the optimizer (SGD: 0.01). */
  BpTrainConfig fresh;
  bp_train_config_init (&fresh);
  bp_model_view_set_train_config (f->view, &fresh);
  adw_combo_row_set_selected (child (f, "optimizer_row"), 0);
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpint (config.optimizer.kind, ==, BP_OPTIMIZER_SGD);
  g_assert_cmpfloat (config.optimizer.learning_rate, ==, 0.01f);
  assert_rate_text (f, 0.01);
  g_assert_true (bp_optimizer_config_validate (&config.optimizer, NULL));
}

/* ---- looking at it ----------------------------------------------------------- */

static void
save_png (GtkWidget *widget, const char *path)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  g_autoptr(GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  if (path != NULL)
    g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
render (Fixture *f, const char *dir, const char *name)
{
  gtk_widget_queue_draw (GTK_WIDGET (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  spin_loop (300);
  g_autofree char *file = g_strdup_printf ("model-view-%s.png", name);
  g_autofree char *path = dir ? g_build_filename (dir, file, NULL) : NULL;
  save_png (GTK_WIDGET (f->window), path);
}

static void
test_screenshots (Fixture *f, gconstpointer data)
{
  const char *dir = g_getenv ("BP_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();
  bp_model_view_set_data (f->view, 30, BP_TASK_BINARY, 1);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  render (f, dir, "light");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  render (f, dir, "dark");

  /* The rest of it, for the record: taller, expanded, paused, no layers. */
  gtk_expander_set_expanded (child (f, "summary_expander"), TRUE);
  adw_expander_row_set_expanded (child (f, "more_row"), TRUE);
  gtk_window_set_default_size (f->window, 400, 1500);
  render (f, dir, "dark-full");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  render (f, dir, "light-full");
  bp_model_view_set_state (f->view, BP_MODEL_VIEW_PAUSED);
  bp_model_view_set_data (f->view, 4, BP_TASK_MULTICLASS, 3);
  render (f, dir, "light-paused");
  bp_model_view_set_state (f->view, BP_MODEL_VIEW_EDITABLE);
  gtk_drop_down_set_selected (row_child (f, 0, "activation_dropdown"), 1);   /* leaky relu */
  gtk_spin_button_set_value (row_child (f, 0, "units_spin"), 4096);
  gtk_spin_button_set_value (row_child (f, 0, "dropout_spin"), 0.5);
  gtk_window_set_default_size (f->window, 380, 1000);
  render (f, dir, "light-narrow");
  bp_model_view_set_state (f->view, BP_MODEL_VIEW_EDITABLE);
  while (bp_model_view_get_n_hidden_layers (f->view) > 0)
    click_row_button (f, 0, "remove_button");
  render (f, dir, "light-no-layers");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* Under LeakSanitizer: fontconfig keeps its caches until exit on purpose
 * (nothing calls FcFini), which is not a leak of ours. */
const char *__lsan_default_suppressions (void);
const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

/* The series the steppers go through, without a display. */
static void
test_step_series (void)
{
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_POWERS_OF_TWO, 32, 1), ==, 64);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_POWERS_OF_TWO, 32, -1), ==, 16);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_POWERS_OF_TWO, 33, 1), ==, 64);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_POWERS_OF_TWO, 33, -1), ==, 32);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_POWERS_OF_TWO, 1, -1), ==, 1);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_POWERS_OF_TWO, 1, 1), ==, 2);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_1_2_5, 10, 1), ==, 20);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_1_2_5, 20, 1), ==, 50);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_1_2_5, 50, 1), ==, 100);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_1_2_5, 10, -1), ==, 5);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_1_2_5, 7, 1), ==, 10);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_1_2_5, 7, -1), ==, 5);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_1_2_5, 2, -1), ==, 1);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_1_2_5, 1, -1), ==, 1);
  g_assert_cmpuint (bp_step_series_next (BP_STEP_SERIES_1_2_5, 100000, 1), ==, 200000);
}

/* + and − step batch size by powers of two and epochs by 1-2-5; typed
 * values are kept as typed, and the next step goes from them. */
static void
test_steppers (Fixture *f, gconstpointer data)
{
  BpTrainConfig config;
  GtkSpinButton *batch = child (f, "batch_spin"), *epochs = child (f, "epochs_spin");

  gtk_spin_button_spin (batch, GTK_SPIN_STEP_FORWARD, 0);
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpuint (config.batch_size, ==, 64);
  g_assert_cmpfloat (gtk_spin_button_get_value (batch), ==, 64);
  gtk_spin_button_spin (batch, GTK_SPIN_STEP_BACKWARD, 0);
  gtk_spin_button_spin (batch, GTK_SPIN_STEP_BACKWARD, 0);
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpuint (config.batch_size, ==, 16);

  gtk_editable_set_text (GTK_EDITABLE (batch), "33");
  gtk_spin_button_update (batch);
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpuint (config.batch_size, ==, 33);
  gtk_spin_button_spin (batch, GTK_SPIN_STEP_FORWARD, 0);
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpuint (config.batch_size, ==, 64);
  /* Typed one more than before is still what was typed. */
  gtk_editable_set_text (GTK_EDITABLE (batch), "65");
  gtk_spin_button_update (batch);
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpuint (config.batch_size, ==, 65);

  gtk_spin_button_spin (epochs, GTK_SPIN_STEP_FORWARD, 0);
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpuint (config.epochs, ==, 20);
  gtk_spin_button_spin (epochs, GTK_SPIN_STEP_FORWARD, 0);
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpuint (config.epochs, ==, 50);
  gtk_spin_button_spin (epochs, GTK_SPIN_STEP_BACKWARD, 0);
  gtk_spin_button_spin (epochs, GTK_SPIN_STEP_BACKWARD, 0);
  gtk_spin_button_spin (epochs, GTK_SPIN_STEP_BACKWARD, 0);
  bp_model_view_get_train_config (f->view, &config);
  g_assert_cmpuint (config.epochs, ==, 5);
  g_assert_cmpfloat (gtk_spin_button_get_value (epochs), ==, 5);
}

int
main (int argc, char **argv)
{
  /* Cairo drawing, the same on every machine: no GL driver under Xvfb
   * (Mesa's EGL set-up also keeps memory LeakSanitizer reports). */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Revealers and expanders settle at once. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/model-view/defaults", test_defaults);
  ADD ("/model-view/add-remove", test_add_remove);
  ADD ("/model-view/edit-reorder", test_edit_reorder);
  ADD ("/model-view/set-hidden-layers", test_set_hidden_layers);
  ADD ("/model-view/regression-loss-kept", test_regression_loss_kept);
  ADD ("/model-view/tasks", test_tasks);
  ADD ("/model-view/state", test_state);
  ADD ("/model-view/narrow", test_narrow);
  ADD ("/model-view/config-round-trip", test_config_round_trip);
  ADD ("/model-view/form-edits", test_form_edits);
  ADD ("/model-view/steppers", test_steppers);
  g_test_add_func ("/model-view/step-series", test_step_series);
  ADD ("/model-view/screenshots", test_screenshots);
#undef ADD
  return g_test_run ();
}
