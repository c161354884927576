/* Tests for the network itself: a reference check against PyTorch
 * (tests/fixtures/reference.json), central-difference gradient checks for
 * every activation × loss against an independent double-precision forward
 * pass, numerical stability of the fused losses, and model specs. */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "bp-engine.h"

/* ---- the PyTorch reference ---------------------------------------------- */

static JsonParser *reference_parser;

static JsonObject *
reference_case (const char *name)
{
  if (reference_parser == NULL)
    {
      const char *root = g_getenv ("BP_TEST_DATA") ? g_getenv ("BP_TEST_DATA") : BP_TEST_DATA_DEFAULT;
      g_autofree char *path = g_build_filename (root, "..", "fixtures", "reference.json", NULL);
      g_autoptr(GError) error = NULL;
      reference_parser = json_parser_new ();
      json_parser_load_from_file (reference_parser, path, &error);
      g_assert_no_error (error);
      JsonObject *top = json_node_get_object (json_parser_get_root (reference_parser));
      g_assert_cmpstr (json_object_get_string_member (top, "format"), ==, "backprop-reference");
      g_assert_cmpint (json_object_get_int_member (top, "version"), ==, 1);
    }
  JsonObject *top = json_node_get_object (json_parser_get_root (reference_parser));
  JsonArray *cases = json_object_get_array_member (top, "cases");
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *c = json_array_get_object_element (cases, i);
      if (g_str_equal (json_object_get_string_member (c, "name"), name))
        return c;
    }
  g_error ("no reference case “%s”", name);
}

/* A JSON number list or list of lists, flattened row-major. */
static gsize
flatten (JsonNode *node, float *out, gsize capacity)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      g_assert_cmpuint (capacity, >=, 1);
      out[0] = (float) json_node_get_double (node);
      return 1;
    }
  JsonArray *array = json_node_get_array (node);
  gsize n = 0;
  for (guint i = 0; i < json_array_get_length (array); i++)
    n += flatten (json_array_get_element (array, i), out + n, capacity - n);
  return n;
}

static float *
tensor (JsonObject *object, const char *member, gsize expected)
{
  float *values = g_new (float, expected + 1);
  gsize n = flatten (json_object_get_member (object, member), values, expected + 1);
  if (n != expected)
    g_error ("%s: %" G_GSIZE_FORMAT " values, expected %" G_GSIZE_FORMAT, member, n, expected);
  return values;
}

/* Compare two tensors; on failure name the tensor and its worst element. */
static void
assert_close (const char *what, const float *got, const float *want, gsize n, double tolerance)
{
  double worst = 0.0;
  gsize where = 0;
  for (gsize i = 0; i < n; i++)
    {
      double diff = fabs ((double) got[i] - (double) want[i]) / (1.0 + fabs ((double) want[i]));
      if (!(diff <= worst))
        {
          worst = isnan (diff) ? INFINITY : diff;
          where = i;
        }
    }
  if (worst > tolerance)
    g_error ("%s differs from PyTorch: element %" G_GSIZE_FORMAT " is %.9g, expected %.9g "
             "(relative difference %.3g > %.1g)", what, where, got[where], want[where], worst, tolerance);
}

static BpLoss
reference_loss (const char *name)
{
  if (g_str_equal (name, "bce"))
    return BP_LOSS_BINARY_CROSSENTROPY;
  if (g_str_equal (name, "cce"))
    return BP_LOSS_CATEGORICAL_CROSSENTROPY;
  BpLoss loss;
  g_assert_true (bp_loss_from_string (name, &loss));
  return loss;
}

static BpModel *
reference_model (JsonObject *c, JsonObject *params)
{
  g_autoptr(BpModelSpec) spec = bp_model_spec_new ((gsize) json_object_get_int_member (c, "inputs"));
  JsonArray *layers = json_object_get_array_member (c, "layers");
  for (guint l = 0; l < json_array_get_length (layers); l++)
    {
      JsonObject *layer = json_array_get_object_element (layers, l);
      BpActivation activation;
      g_assert_true (bp_activation_from_string (json_object_get_string_member (layer, "activation"), &activation));
      bp_model_spec_add_layer (spec, (guint) json_object_get_int_member (layer, "units"), activation, 0.0f);
    }
  spec->loss = reference_loss (json_object_get_string_member (c, "loss"));
  g_autoptr(GError) error = NULL;
  BpModel *model = bp_model_new (spec, &error);
  g_assert_no_error (error);

  for (gsize l = 0; l < model->n_layers; l++)
    {
      BpLayer *layer = &model->layers[l];
      g_autofree char *w_name = g_strdup_printf ("W%" G_GSIZE_FORMAT, l);
      g_autofree char *b_name = g_strdup_printf ("b%" G_GSIZE_FORMAT, l);
      g_autofree float *w = tensor (params, w_name, layer->n_in * layer->n_out);
      g_autofree float *b = tensor (params, b_name, layer->n_out);
      memcpy (layer->w, w, layer->n_in * layer->n_out * sizeof (float));
      memcpy (layer->b, b, layer->n_out * sizeof (float));
    }
  return model;
}

static void
compare_params (const char *context, BpModel *model, JsonObject *params, gboolean gradients)
{
  for (gsize l = 0; l < model->n_layers; l++)
    {
      BpLayer *layer = &model->layers[l];
      g_autofree char *w_name = g_strdup_printf ("W%" G_GSIZE_FORMAT, l);
      g_autofree char *b_name = g_strdup_printf ("b%" G_GSIZE_FORMAT, l);
      g_autofree float *w = tensor (params, w_name, layer->n_in * layer->n_out);
      g_autofree float *b = tensor (params, b_name, layer->n_out);
      g_autofree char *w_what = g_strdup_printf ("%s %s%s", context, gradients ? "d" : "", w_name);
      g_autofree char *b_what = g_strdup_printf ("%s %s%s", context, gradients ? "d" : "", b_name);
      assert_close (w_what, gradients ? layer->dw : layer->w, w, layer->n_in * layer->n_out, 2e-5);
      assert_close (b_what, gradients ? layer->db : layer->b, b, layer->n_out, 2e-5);
    }
}

/* Forward, loss and backward on the case's batch; returns the loss. */
static double
forward_backward (BpModel *model, BpWorkspace *ws, const float *x, const float *y, gsize n)
{
  BpLossConfig loss = { .loss = model->spec->loss };
  const gsize last = model->n_layers - 1;
  bp_model_forward (model, ws, x, n, NULL);
  double value = bp_loss_compute (&loss, ws->a[last], ws->delta, ws->z[last], y, n, bp_model_n_outputs (model));
  bp_model_backward (model, ws, x);
  return value;
}

static void
test_reference (gconstpointer data)
{
  const char *name = data;
  JsonObject *c = reference_case (name);
  JsonObject *params = json_object_get_object_member (c, "params");
  g_autoptr(BpModel) model = reference_model (c, params);
  const gsize d = model->spec->n_inputs, k = bp_model_n_outputs (model);
  const gsize n = json_array_get_length (json_object_get_array_member (c, "x"));
  g_autofree float *x = tensor (c, "x", n * d);
  g_autofree float *y = tensor (c, "y", n * k);
  g_autoptr(BpWorkspace) ws = bp_workspace_new (model, n, TRUE);

  double loss = forward_backward (model, ws, x, y, n);
  JsonArray *hidden = json_object_get_array_member (c, "hidden");
  for (gsize l = 0; l + 1 < model->n_layers; l++)
    {
      g_autofree float *want = g_new (float, n * model->layers[l].n_out);
      g_assert_cmpuint (flatten (json_array_get_element (hidden, (guint) l), want, n * model->layers[l].n_out), ==,
                        n * model->layers[l].n_out);
      g_autofree char *what = g_strdup_printf ("%s hidden[%" G_GSIZE_FORMAT "]", name, l);
      assert_close (what, ws->a[l], want, n * model->layers[l].n_out, 2e-5);
    }
  g_autofree float *logits = tensor (c, "logits", n * k);
  g_autofree float *output = tensor (c, "output", n * k);
  assert_close ("logits", ws->z[model->n_layers - 1], logits, n * k, 2e-5);
  assert_close ("output", ws->a[model->n_layers - 1], output, n * k, 2e-5);
  float got_loss = (float) loss, want_loss = (float) json_object_get_double_member (c, "loss_value");
  assert_close ("loss", &got_loss, &want_loss, 1, 2e-6);
  compare_params (name, model, json_object_get_object_member (c, "grads"), TRUE);

  /* A few optimizer steps from the same start, for every optimizer. */
  JsonArray *optimizers = json_object_get_array_member (c, "optimizers");
  for (guint o = 0; o < json_array_get_length (optimizers); o++)
    {
      JsonObject *entry = json_array_get_object_element (optimizers, o);
      const char *kind = json_object_get_string_member (entry, "name");
      g_autoptr(BpModel) fresh = reference_model (c, params);
      BpOptimizerConfig config;
      if (g_str_equal (kind, "nesterov"))
        {
          bp_optimizer_config_init (&config, BP_OPTIMIZER_MOMENTUM);
          config.nesterov = TRUE;
        }
      else
        {
          BpOptimizerKind parsed;
          g_assert_true (bp_optimizer_kind_from_string (kind, &parsed));
          bp_optimizer_config_init (&config, parsed);
        }
      config.learning_rate = (float) json_object_get_double_member (entry, "lr");
      config.beta1 = (float) json_object_get_double_member (entry, "beta1");
      config.beta2 = (float) json_object_get_double_member (entry, "beta2");
      config.epsilon = (float) json_object_get_double_member (entry, "eps");
      config.momentum = (float) json_object_get_double_member (entry, "momentum");
      config.weight_decay = (float) json_object_get_double_member (entry, "weight_decay");
      if (g_str_equal (kind, "rmsprop"))
        config.rho = (float) json_object_get_double_member (entry, "alpha");
      g_autoptr(BpOptimizer) optimizer = bp_optimizer_new (fresh, &config);

      JsonArray *steps = json_object_get_array_member (entry, "steps");
      for (guint s = 0; s < json_array_get_length (steps); s++)
        {
          JsonObject *step = json_array_get_object_element (steps, s);
          float before = (float) forward_backward (fresh, ws, x, y, n);
          float want_before = (float) json_object_get_double_member (step, "loss_before");
          g_autofree char *what = g_strdup_printf ("%s %s step %u", name, kind, s + 1);
          assert_close (what, &before, &want_before, 1, 2e-6);
          bp_optimizer_step (optimizer, fresh);
          compare_params (what, fresh, json_object_get_object_member (step, "params"), FALSE);
        }
    }
}

/* ---- gradient checks ---------------------------------------------------- */

/* An independent forward pass in double precision, straight from the
 * definitions, with the same dropout masks. */
static double
act_double (BpActivation activation, double z)
{
  switch (activation)
    {
    case BP_ACTIVATION_RELU:       return z > 0 ? z : 0;
    case BP_ACTIVATION_LEAKY_RELU: return z > 0 ? z : 0.01 * z;
    case BP_ACTIVATION_ELU:        return z > 0 ? z : exp (z) - 1;
    case BP_ACTIVATION_GELU:       return 0.5 * z * (1 + erf (z / sqrt (2.0)));
    case BP_ACTIVATION_TANH:       return tanh (z);
    case BP_ACTIVATION_SIGMOID:    return 1 / (1 + exp (-z));
    case BP_ACTIVATION_LINEAR:
    default:                       return z;
    }
}

static double
loss_double (const BpModel *model, const double *params, const float *x, const float *y, gsize n,
             float * const *masks)
{
  const BpModelSpec *spec = model->spec;
  g_autofree double *in = g_new (double, n * 64);
  g_autofree double *out = g_new (double, n * 64);
  for (gsize i = 0; i < n * spec->n_inputs; i++)
    in[i] = x[i];

  for (gsize l = 0; l < model->n_layers; l++)
    {
      const BpLayer *layer = &model->layers[l];
      const double *w = params + layer->offset, *b = w + layer->n_in * layer->n_out;
      gboolean last = l + 1 == model->n_layers;
      for (gsize r = 0; r < n; r++)
        for (gsize j = 0; j < layer->n_out; j++)
          {
            double z = b[j];
            for (gsize i = 0; i < layer->n_in; i++)
              z += in[r * layer->n_in + i] * w[i * layer->n_out + j];
            double a = last ? z : act_double (layer->activation, z);
            if (!last && masks && masks[l])
              a *= masks[l][r * layer->n_out + j];
            out[r * layer->n_out + j] = a;
          }
      memcpy (in, out, n * layer->n_out * sizeof (double));
    }

  const gsize k = bp_model_n_outputs (model);
  double total = 0.0;
  for (gsize r = 0; r < n; r++)
    {
      const double *z = in + r * k;
      const float *t = y + r * k;
      switch (spec->loss)
        {
        case BP_LOSS_BINARY_CROSSENTROPY:
          {
            double p = 1 / (1 + exp (-z[0]));
            total -= t[0] * log (p) + (1 - t[0]) * log (1 - p);
          }
          break;
        case BP_LOSS_CATEGORICAL_CROSSENTROPY:
          {
            double sum = 0;
            for (gsize j = 0; j < k; j++)
              sum += exp (z[j]);
            for (gsize j = 0; j < k; j++)
              total -= t[j] * log (exp (z[j]) / sum);
          }
          break;
        case BP_LOSS_MSE:
          for (gsize j = 0; j < k; j++)
            total += (z[j] - t[j]) * (z[j] - t[j]) / (double) k;
          break;
        case BP_LOSS_MAE:
          for (gsize j = 0; j < k; j++)
            total += fabs (z[j] - t[j]) / (double) k;
          break;
        case BP_LOSS_HUBER:
        default:
          for (gsize j = 0; j < k; j++)
            {
              double e = fabs (z[j] - t[j]);
              total += (e <= 1 ? 0.5 * e * e : e - 0.5) / (double) k;
            }
          break;
        }
    }
  return total / (double) n;
}

typedef struct {
  BpActivation activation;
  BpLoss       loss;
  float        dropout;
} GradCase;

static void
test_gradcheck (gconstpointer data)
{
  const GradCase *gc = data;
  const gsize n = 5, inputs = 3;
  const gsize k = gc->loss == BP_LOSS_BINARY_CROSSENTROPY ? 1 : gc->loss == BP_LOSS_CATEGORICAL_CROSSENTROPY ? 3 : 2;

  g_autoptr(BpModelSpec) spec = bp_model_spec_new (inputs);
  bp_model_spec_add_layer (spec, 4, gc->activation, gc->dropout);
  bp_model_spec_add_layer (spec, 3, gc->activation, 0.0f);
  spec->loss = gc->loss;
  bp_model_spec_add_layer (spec, (guint) k, bp_loss_output_activation (gc->loss), 0.0f);
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModel) model = bp_model_new (spec, &error);
  g_assert_no_error (error);

  BpRng rng;
  bp_rng_init (&rng, 1234 + gc->activation * 17 + gc->loss, 9);
  for (gsize i = 0; i < model->n_params; i++)
    model->params[i] = (float) (bp_rng_uniform (&rng) * 1.6 - 0.8);
  float x[5 * 3], y[5 * 3];
  for (gsize i = 0; i < n * inputs; i++)
    x[i] = (float) bp_rng_normal (&rng);
  for (gsize r = 0; r < n; r++)
    for (gsize j = 0; j < k; j++)
      {
        if (gc->loss == BP_LOSS_BINARY_CROSSENTROPY)
          y[r] = (float) (r % 2);
        else if (gc->loss == BP_LOSS_CATEGORICAL_CROSSENTROPY)
          y[r * k + j] = (float) (j == r % k);
        else
          y[r * k + j] = (float) bp_rng_normal (&rng);
      }

  g_autoptr(BpWorkspace) ws = bp_workspace_new (model, n, TRUE);
  BpRng dropout_rng;
  bp_rng_init (&dropout_rng, 5, 5);
  BpLossConfig loss_config = { .loss = gc->loss };
  const gsize last = model->n_layers - 1;
  bp_model_forward (model, ws, x, n, gc->dropout > 0.0f ? &dropout_rng : NULL);
  double loss = bp_loss_compute (&loss_config, ws->a[last], ws->delta, ws->z[last], y, n, k);
  bp_model_backward (model, ws, x);

  g_autofree double *params = g_new (double, model->n_params);
  for (gsize i = 0; i < model->n_params; i++)
    params[i] = model->params[i];
  float * const *masks = gc->dropout > 0.0f ? ws->mask : NULL;
  double reference = loss_double (model, params, x, y, n, masks);
  g_assert_cmpfloat (fabs (loss - reference), <, 1e-5 * (1 + fabs (reference)));

  const double h = 1e-6;
  double largest = 0.0;
  for (gsize i = 0; i < model->n_params; i++)
    {
      double saved = params[i];
      params[i] = saved + h;
      double up = loss_double (model, params, x, y, n, masks);
      params[i] = saved - h;
      double down = loss_double (model, params, x, y, n, masks);
      params[i] = saved;
      double numeric = (up - down) / (2 * h);
      double analytic = model->grads[i];
      largest = MAX (largest, fabs (numeric));
      if (fabs (numeric - analytic) > 1e-4 + 1e-3 * fabs (numeric))
        g_error ("%s/%s: parameter %" G_GSIZE_FORMAT ": analytic gradient %.7g, central difference %.7g",
                 bp_activation_to_string (gc->activation), bp_loss_to_string (gc->loss), i, analytic, numeric);
    }
  /* A check that passes on an all-zero gradient proves nothing. */
  g_assert_cmpfloat (largest, >, 1e-3);
  for (gsize l = 0; l < model->n_layers; l++)
    {
      double layer_max = 0.0;
      for (gsize i = 0; i < model->layers[l].n_in * model->layers[l].n_out; i++)
        layer_max = MAX (layer_max, fabs (model->layers[l].dw[i]));
      g_assert_cmpfloat (layer_max, >, 1e-6);
    }
}

/* ---- the rest ----------------------------------------------------------- */

static void
test_loss_stability (void)
{
  /* Huge logits: no overflow, no NaN, and the right limits. */
  const float z_bce[] = { 100.0f, -100.0f, 100.0f, -100.0f };
  const float y_bce[] = { 1.0f, 0.0f, 0.0f, 1.0f };
  float out[4], dz[4];
  BpLossConfig bce = { .loss = BP_LOSS_BINARY_CROSSENTROPY };
  double loss = bp_loss_compute (&bce, out, dz, z_bce, y_bce, 4, 1);
  g_assert_cmpfloat_with_epsilon (loss, 100.0 / 2.0, 1e-4);   /* two rows right, two wrong by 100 */
  g_assert_cmpfloat (dz[2], ==, 0.25f);
  g_assert_cmpfloat (dz[3], ==, -0.25f);
  g_assert_cmpfloat (out[0], ==, 1.0f);

  const float z_cce[] = { 1000.0f, 0.0f, -1000.0f };
  const float y_cce[] = { 0.0f, 0.0f, 1.0f };
  BpLossConfig cce = { .loss = BP_LOSS_CATEGORICAL_CROSSENTROPY };
  float p[3], g[3];
  loss = bp_loss_compute (&cce, p, g, z_cce, y_cce, 1, 3);
  g_assert_cmpfloat_with_epsilon (loss, 2000.0, 1e-2);
  g_assert_true (isfinite (g[0]) && isfinite (g[2]));
  g_assert_cmpfloat_with_epsilon (p[0], 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (g[2], -1.0, 1e-6);

  /* Label smoothing moves the target toward uniform. */
  const float z0[] = { 0.0f, 0.0f };
  const float y0[] = { 1.0f, 0.0f };
  BpLossConfig smooth = { .loss = BP_LOSS_CATEGORICAL_CROSSENTROPY, .label_smoothing = 0.2f };
  loss = bp_loss_compute (&smooth, p, g, z0, y0, 1, 2);
  g_assert_cmpfloat_with_epsilon (g[0], 0.5 - 0.9, 1e-6);
  g_assert_cmpfloat_with_epsilon (loss, log (2.0), 1e-6);

  /* Class weights scale a row's loss and gradient. */
  const float wz[] = { 0.0f, 0.0f };
  const float wy[] = { 1.0f, 0.0f };
  const float weights[] = { 1.0f, 3.0f };
  BpLossConfig weighted = { .loss = BP_LOSS_BINARY_CROSSENTROPY, .class_weights = weights };
  loss = bp_loss_compute (&weighted, out, dz, wz, wy, 2, 1);
  g_assert_cmpfloat_with_epsilon (loss, (3.0 * log (2.0) + log (2.0)) / 2.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (dz[0], 3.0 * -0.5 / 2.0, 1e-6);
}

static void
test_spec (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelSpec) spec = bp_model_spec_new (30);
  g_assert_true (bp_model_spec_parse_layers (spec, "128:relu, 64:relu", &error));
  bp_model_spec_add_output (spec, BP_TASK_BINARY, 1);
  g_assert_cmpuint (bp_model_spec_count_params (spec), ==, 12289);
  g_assert_cmpint (spec->loss, ==, BP_LOSS_BINARY_CROSSENTROPY);
  g_autofree char *summary = bp_model_spec_summary (spec);
  g_assert_nonnull (strstr (summary, "12,289"));
  g_assert_true (bp_model_spec_validate (spec, &error));

  static const char *bad[] = { "0:relu", "5000", "12:sigmoidal", "8:relu:1.5", "x", "4:relu:abc" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(BpModelSpec) s = bp_model_spec_new (3);
      g_assert_false (bp_model_spec_parse_layers (s, bad[i], &error));
      g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
      g_clear_error (&error);
    }

  g_autoptr(BpModelSpec) parsed = bp_model_spec_new (4);
  g_assert_true (bp_model_spec_parse_layers (parsed, "16:gelu:0.25,8", &error));
  g_assert_cmpuint (parsed->layers->len, ==, 2);
  g_assert_cmpint (g_array_index (parsed->layers, BpLayerSpec, 0).activation, ==, BP_ACTIVATION_GELU);
  g_assert_cmpfloat (g_array_index (parsed->layers, BpLayerSpec, 0).dropout, ==, 0.25f);
  g_assert_cmpint (g_array_index (parsed->layers, BpLayerSpec, 1).activation, ==, BP_ACTIVATION_RELU);

  /* Softmax inside, a mismatched output, and dropout on the output fail. */
  g_autoptr(BpModelSpec) inner = bp_model_spec_new (4);
  bp_model_spec_add_layer (inner, 8, BP_ACTIVATION_SOFTMAX, 0.0f);
  bp_model_spec_add_output (inner, BP_TASK_MULTICLASS, 3);
  g_assert_false (bp_model_spec_validate (inner, &error));
  g_clear_error (&error);
  g_autoptr(BpModelSpec) mismatch = bp_model_spec_new (4);
  mismatch->loss = BP_LOSS_BINARY_CROSSENTROPY;
  bp_model_spec_add_layer (mismatch, 1, BP_ACTIVATION_LINEAR, 0.0f);
  g_assert_false (bp_model_spec_validate (mismatch, &error));
  g_clear_error (&error);
  g_autoptr(BpModel) none = bp_model_new (mismatch, &error);
  g_assert_null (none);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
}

static void
test_names (void)
{
  g_assert_cmpint (bp_names_find (bp_init_names, "HE_normal"), ==, BP_INIT_HE_NORMAL);
  g_assert_cmpint (bp_names_find (bp_optimizer_names, "adamw"), ==, BP_OPTIMIZER_ADAMW);
  g_assert_cmpint (bp_names_find (bp_schedule_names, "linear"), ==, -1);
  g_assert_cmpstr (bp_names_get (bp_scaling_names, BP_SCALING_MINMAX), ==, "minmax");
  g_assert_cmpstr (bp_names_get (bp_scaling_names, 17), ==, "unknown");
  g_autofree char *list = bp_names_list (bp_missing_names);
  g_assert_cmpstr (list, ==, "drop or impute");
  g_autofree char *four = bp_names_list (bp_split_names);
  g_assert_cmpstr (four, ==, "keras, shuffle, stratified or auto");

  /* Every enum's words read back to the same value. */
  for (int a = BP_ACTIVATION_LINEAR; a <= BP_ACTIVATION_SOFTMAX; a++)
    {
      BpActivation back;
      g_assert_true (bp_activation_from_string (bp_activation_to_string (a), &back));
      g_assert_cmpint (back, ==, a);
    }
  for (int l = BP_LOSS_BINARY_CROSSENTROPY; l <= BP_LOSS_HUBER; l++)
    {
      BpLoss back;
      g_assert_true (bp_loss_from_string (bp_loss_to_string (l), &back));
      g_assert_cmpint (back, ==, l);
    }
  g_assert_cmpstr (bp_activation_to_string (99), ==, "unknown");
}

static void
test_json_writer (void)
{
  BpJsonWriter w;
  bp_json_writer_init (&w);
  bp_json_open (&w, NULL, '{', FALSE);
  bp_json_string (&w, "name", "a \"b\"\n\x01");
  bp_json_double (&w, "x", 0.1);
  bp_json_double (&w, "nan", NAN);
  bp_json_float (&w, "f", 0.001f);
  bp_json_uint64 (&w, "big", G_MAXUINT64);
  bp_json_open (&w, "list", '[', TRUE);
  bp_json_int (&w, NULL, -3);
  bp_json_bool (&w, NULL, TRUE);
  bp_json_close (&w, ']');
  bp_json_close (&w, '}');
  gsize length = 0;
  g_autofree char *text = bp_json_writer_finish (&w, &length);
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"name\": \"a \\\"b\\\"\\n\\u0001\",\n"
                   "  \"x\": 0.1,\n"
                   "  \"nan\": null,\n"
                   "  \"f\": 0.001,\n"
                   "  \"big\": \"18446744073709551615\",\n"
                   "  \"list\": [-3, true]\n"
                   "}");
  g_assert_cmpuint (length, ==, strlen (text));
}

static void
test_predict_chunks (void)
{
  g_autoptr(BpModelSpec) spec = bp_model_spec_new (3);
  bp_model_spec_add_layer (spec, 7, BP_ACTIVATION_TANH, 0.5f);
  bp_model_spec_add_output (spec, BP_TASK_MULTICLASS, 4);
  g_autoptr(BpModel) model = bp_model_new (spec, NULL);
  BpRng rng;
  bp_rng_init (&rng, 3, 3);
  bp_model_init_params (model, &rng);

  float x[10 * 3], small[10 * 4], large[10 * 4], trained_ws[10 * 4];
  for (gsize i = 0; i < G_N_ELEMENTS (x); i++)
    x[i] = (float) bp_rng_normal (&rng);
  g_autoptr(BpWorkspace) ws4 = bp_workspace_new (model, 4, FALSE);
  g_autoptr(BpWorkspace) ws16 = bp_workspace_new (model, 16, FALSE);
  g_autoptr(BpWorkspace) training = bp_workspace_new (model, 16, TRUE);
  bp_model_predict (model, ws4, small, x, 10);
  bp_model_predict (model, ws16, large, x, 10);
  bp_model_predict (model, training, trained_ws, x, 10);   /* no dropout at inference */
  g_assert_cmpmem (small, sizeof small, large, sizeof large);
  g_assert_cmpmem (small, sizeof small, trained_ws, sizeof trained_ws);
  for (gsize r = 0; r < 10; r++)
    {
      double sum = 0;
      for (gsize j = 0; j < 4; j++)
        sum += small[r * 4 + j];
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-6);
    }

  /* Glorot: every weight within its layer's limit, biases zero. */
  const BpLayer *first = &model->layers[0];
  double limit = sqrt (6.0 / (3 + 7));
  for (gsize i = 0; i < first->n_in * first->n_out; i++)
    g_assert_cmpfloat (fabs (first->w[i]), <=, limit);
  for (gsize i = 0; i < first->n_out; i++)
    g_assert_cmpfloat (first->b[i], ==, 0.0f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bp_blas_set_threads (1);

  static const char *references[] = {
    "relu-tanh-bce", "leaky_relu-sigmoid-cce", "elu-gelu-mse", "gelu-relu-mae", "tanh-linear-huber", "sigmoid-elu-cce",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (references); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/model/reference/%s", references[i]);
      g_test_add_data_func (path, references[i], test_reference);
    }

  static const BpActivation activations[] = {
    BP_ACTIVATION_LINEAR, BP_ACTIVATION_RELU, BP_ACTIVATION_LEAKY_RELU, BP_ACTIVATION_ELU,
    BP_ACTIVATION_GELU, BP_ACTIVATION_TANH, BP_ACTIVATION_SIGMOID,
  };
  static const BpLoss losses[] = {
    BP_LOSS_BINARY_CROSSENTROPY, BP_LOSS_CATEGORICAL_CROSSENTROPY, BP_LOSS_MSE, BP_LOSS_MAE, BP_LOSS_HUBER,
  };
  static GradCase cases[G_N_ELEMENTS (activations) * G_N_ELEMENTS (losses) + 2];
  gsize n_cases = 0;
  for (gsize a = 0; a < G_N_ELEMENTS (activations); a++)
    for (gsize l = 0; l < G_N_ELEMENTS (losses); l++)
      cases[n_cases++] = (GradCase) { activations[a], losses[l], 0.0f };
  cases[n_cases++] = (GradCase) { BP_ACTIVATION_RELU, BP_LOSS_BINARY_CROSSENTROPY, 0.5f };
  cases[n_cases++] = (GradCase) { BP_ACTIVATION_TANH, BP_LOSS_CATEGORICAL_CROSSENTROPY, 0.3f };
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/model/gradcheck/%s/%s%s",
                                               bp_activation_to_string (cases[i].activation),
                                               bp_loss_to_string (cases[i].loss),
                                               cases[i].dropout > 0.0f ? "-dropout" : "");
      g_test_add_data_func (path, &cases[i], test_gradcheck);
    }
  g_test_add_func ("/engine/model/loss-stability", test_loss_stability);
  g_test_add_func ("/engine/model/spec", test_spec);
  g_test_add_func ("/engine/model/names", test_names);
  g_test_add_func ("/engine/json-writer", test_json_writer);
  g_test_add_func ("/engine/model/predict", test_predict_chunks);

  int status = g_test_run ();
  g_clear_object (&reference_parser);
  return status;
}
