#include "bp-onnx.h"

#include <math.h>
#include <string.h>

#include "bp-json-writer.h"
#include "bp-proto.h"

#ifndef BP_VERSION
#define BP_VERSION "(unknown version)"
#endif

/* Field numbers from onnx.proto. */
enum {
  MODEL_IR_VERSION = 1, MODEL_PRODUCER_NAME = 2, MODEL_PRODUCER_VERSION = 3, MODEL_DOC_STRING = 6,
  MODEL_GRAPH = 7, MODEL_OPSET_IMPORT = 8, MODEL_METADATA_PROPS = 14,
  OPSET_DOMAIN = 1, OPSET_VERSION = 2,
  GRAPH_NODE = 1, GRAPH_NAME = 2, GRAPH_INITIALIZER = 5, GRAPH_DOC_STRING = 10, GRAPH_INPUT = 11,
  GRAPH_OUTPUT = 12,
  NODE_INPUT = 1, NODE_OUTPUT = 2, NODE_NAME = 3, NODE_OP_TYPE = 4, NODE_ATTRIBUTE = 5,
  ATTRIBUTE_NAME = 1, ATTRIBUTE_F = 2, ATTRIBUTE_I = 3, ATTRIBUTE_TYPE = 20,
  TENSOR_DIMS = 1, TENSOR_DATA_TYPE = 2, TENSOR_NAME = 8, TENSOR_RAW_DATA = 9,
  VALUE_INFO_NAME = 1, VALUE_INFO_TYPE = 2,
  TYPE_TENSOR_TYPE = 1, TENSOR_TYPE_ELEM_TYPE = 1, TENSOR_TYPE_SHAPE = 2,
  SHAPE_DIM = 1, DIM_VALUE = 1, DIM_PARAM = 2,
  ENTRY_KEY = 1, ENTRY_VALUE = 2,
};
enum { ATTRIBUTE_FLOAT = 1, ATTRIBUTE_INT = 2 };
enum { ELEM_FLOAT = 1 };

typedef struct {
  GByteArray *graph;
  guint       next;      /* for names of intermediate values */
  char        name[32];
} Graph;

static const char *
fresh (Graph *g, const char *stem)
{
  g_snprintf (g->name, sizeof g->name, "%s_%u", stem, g->next++);
  return g->name;
}

/* A node with up to three inputs (NULL: fewer) and one output;
 * @attribute, if not NULL, is an int or a float attribute. */
static void
node (Graph *g, const char *op, const char *a, const char *b, const char *c, const char *output,
      const char *attribute, gboolean is_float, double value)
{
  GByteArray *n = g_byte_array_new ();
  const char *inputs[] = { a, b, c };
  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    if (inputs[i])
      bp_proto_string (n, NODE_INPUT, inputs[i]);
  bp_proto_string (n, NODE_OUTPUT, output);
  g_autofree char *name = g_strdup_printf ("%s_%s", op, output);
  bp_proto_string (n, NODE_NAME, name);
  bp_proto_string (n, NODE_OP_TYPE, op);
  if (attribute)
    {
      GByteArray *attr = g_byte_array_new ();
      bp_proto_string (attr, ATTRIBUTE_NAME, attribute);
      if (is_float)
        {
          bp_proto_float (attr, ATTRIBUTE_F, (float) value);
          bp_proto_int (attr, ATTRIBUTE_TYPE, ATTRIBUTE_FLOAT);
        }
      else
        {
          bp_proto_int (attr, ATTRIBUTE_I, (gint64) value);
          bp_proto_int (attr, ATTRIBUTE_TYPE, ATTRIBUTE_INT);
        }
      bp_proto_message (n, NODE_ATTRIBUTE, attr);
    }
  bp_proto_message (g->graph, GRAPH_NODE, n);
}

static void
initializer (Graph *g, const char *name, const gint64 *dims, gsize n_dims, const float *values)
{
  GByteArray *t = g_byte_array_new ();
  gsize count = 1;
  for (gsize d = 0; d < n_dims; d++)
    {
      bp_proto_int (t, TENSOR_DIMS, dims[d]);
      count *= (gsize) dims[d];
    }
  bp_proto_int (t, TENSOR_DATA_TYPE, ELEM_FLOAT);
  bp_proto_string (t, TENSOR_NAME, name);
  bp_proto_floats (t, TENSOR_RAW_DATA, values, count);
  bp_proto_message (g->graph, GRAPH_INITIALIZER, t);
}

static void
scalar (Graph *g, const char *name, float value)
{
  gint64 dims[] = { 1 };
  initializer (g, name, dims, 1, &value);
}

/* A float tensor [N, width] as a graph input or output. */
static void
value_info (Graph *g, guint field, const char *name, gint64 width)
{
  GByteArray *dim_n = g_byte_array_new ();
  bp_proto_string (dim_n, DIM_PARAM, "N");
  GByteArray *dim_w = g_byte_array_new ();
  bp_proto_int (dim_w, DIM_VALUE, width);
  GByteArray *shape = g_byte_array_new ();
  bp_proto_message (shape, SHAPE_DIM, dim_n);
  bp_proto_message (shape, SHAPE_DIM, dim_w);
  GByteArray *tensor = g_byte_array_new ();
  bp_proto_int (tensor, TENSOR_TYPE_ELEM_TYPE, ELEM_FLOAT);
  bp_proto_message (tensor, TENSOR_TYPE_SHAPE, shape);
  GByteArray *type = g_byte_array_new ();
  bp_proto_message (type, TYPE_TENSOR_TYPE, tensor);
  GByteArray *info = g_byte_array_new ();
  bp_proto_string (info, VALUE_INFO_NAME, name);
  bp_proto_message (info, VALUE_INFO_TYPE, type);
  bp_proto_message (g->graph, field, info);
}

static void
metadata (GByteArray *model, const char *key, const char *value)
{
  GByteArray *entry = g_byte_array_new ();
  bp_proto_string (entry, ENTRY_KEY, key);
  bp_proto_string (entry, ENTRY_VALUE, value);
  bp_proto_message (model, MODEL_METADATA_PROPS, entry);
}

/* The activation @activation of @input, written to a new value; returns
 * its name in @out (of 32 bytes). */
static void
activation (Graph *g, BpActivation kind, const char *input, char *out)
{
  g_autofree char *in = g_strdup (input);
  switch (kind)
    {
    case BP_ACTIVATION_RELU:
      node (g, "Relu", in, NULL, NULL, fresh (g, "relu"), NULL, FALSE, 0);
      break;
    case BP_ACTIVATION_LEAKY_RELU:
      node (g, "LeakyRelu", in, NULL, NULL, fresh (g, "leaky_relu"), "alpha", TRUE, BP_LEAKY_RELU_SLOPE);
      break;
    case BP_ACTIVATION_ELU:
      node (g, "Elu", in, NULL, NULL, fresh (g, "elu"), "alpha", TRUE, 1.0);
      break;
    case BP_ACTIVATION_TANH:
      node (g, "Tanh", in, NULL, NULL, fresh (g, "tanh"), NULL, FALSE, 0);
      break;
    case BP_ACTIVATION_SIGMOID:
      node (g, "Sigmoid", in, NULL, NULL, fresh (g, "sigmoid"), NULL, FALSE, 0);
      break;
    case BP_ACTIVATION_GELU:
      {
        /* The exact form, 0.5 x (1 + erf(x / √2)): Gelu itself came in opset 20. */
        g_autofree char *scaled = g_strdup (fresh (g, "gelu_scaled"));
        node (g, "Mul", in, "inv_sqrt2", NULL, scaled, NULL, FALSE, 0);
        g_autofree char *erf = g_strdup (fresh (g, "gelu_erf"));
        node (g, "Erf", scaled, NULL, NULL, erf, NULL, FALSE, 0);
        g_autofree char *plus = g_strdup (fresh (g, "gelu_plus"));
        node (g, "Add", erf, "one", NULL, plus, NULL, FALSE, 0);
        g_autofree char *times = g_strdup (fresh (g, "gelu_times"));
        node (g, "Mul", in, plus, NULL, times, NULL, FALSE, 0);
        node (g, "Mul", times, "half", NULL, fresh (g, "gelu"), NULL, FALSE, 0);
      }
      break;
    case BP_ACTIVATION_LINEAR:
    default:
      g_strlcpy (out, in, 32);
      return;
    }
  g_strlcpy (out, g->name, 32);
}

/* A Concat along axis 1 of @n_inputs values (node() takes three at most). */
static void
concat (Graph *g, const char * const *inputs, gsize n_inputs, const char *output, const char *name)
{
  GByteArray *n = g_byte_array_new ();
  for (gsize i = 0; i < n_inputs; i++)
    bp_proto_string (n, NODE_INPUT, inputs[i]);
  bp_proto_string (n, NODE_OUTPUT, output);
  bp_proto_string (n, NODE_NAME, name);
  bp_proto_string (n, NODE_OP_TYPE, "Concat");
  GByteArray *attr = g_byte_array_new ();
  bp_proto_string (attr, ATTRIBUTE_NAME, "axis");
  bp_proto_int (attr, ATTRIBUTE_I, 1);
  bp_proto_int (attr, ATTRIBUTE_TYPE, ATTRIBUTE_INT);
  bp_proto_message (n, NODE_ATTRIBUTE, attr);
  bp_proto_message (g->graph, GRAPH_NODE, n);
}

/* The inputs side by side, then missing values filled and numbers scaled
 * into "scaled"; also the constants the other parts share. */
static void
add_inputs (Graph *g, const BpTransform *t)
{
  const gsize d = t->n_features;
  for (gsize i = 0; i < d; i++)
    value_info (g, GRAPH_INPUT, t->input_names[i], 1);

  g_autofree float *fill = g_new (float, d);
  g_autofree float *center = g_new (float, d);
  g_autofree float *scale = g_new (float, d);
  for (gsize f = 0; f < t->n_feature_columns; f++)
    {
      const BpFeature *feature = &t->features[f];
      for (gsize l = 0; l < feature->width; l++)
        {
          const gsize i = feature->offset + l;
          const gboolean one_hot = feature->encoding == BP_ENCODING_ONE_HOT;
          fill[i] = one_hot ? (l == (gsize) feature->fill ? 1.0f : 0.0f) : (float) feature->fill;
          center[i] = one_hot ? 0.0f : (float) feature->center;
          scale[i] = one_hot ? 1.0f : (float) feature->scale;
        }
    }
  gint64 row[] = { (gint64) d };
  initializer (g, "fill", row, 1, fill);
  initializer (g, "center", row, 1, center);
  initializer (g, "scale", row, 1, scale);
  scalar (g, "one", 1.0f);
  scalar (g, "half", 0.5f);
  scalar (g, "inv_sqrt2", (float) (1.0 / G_SQRT2));

  const char *joined = t->input_names[0];
  if (d > 1)
    {
      concat (g, (const char * const *) t->input_names, d, "inputs", "Concat_inputs");
      joined = "inputs";
    }
  node (g, "IsNaN", joined, NULL, NULL, "missing", NULL, FALSE, 0);
  node (g, "Where", "missing", "fill", joined, "filled", NULL, FALSE, 0);
  node (g, "Sub", "filled", "center", NULL, "centered", NULL, FALSE, 0);
  node (g, "Div", "centered", "scale", NULL, "scaled", NULL, FALSE, 0);
}

/* The dense layers after "scaled": Gemm with Backprop's W (inputs ×
 * outputs) as B. @current receives the last layer's output (32 bytes). */
static void
add_layers (Graph *g, const BpModelFile *file, char *current)
{
  const BpModelSpec *spec = file->spec;
  g_strlcpy (current, "scaled", 32);
  gsize in = spec->n_inputs, offset = 0;
  const guint n_layers = spec->layers->len;
  for (guint l = 0; l < n_layers; l++)
    {
      const BpLayerSpec *layer = &g_array_index (spec->layers, BpLayerSpec, l);
      const gsize units = layer->units;
      g_autofree char *w = g_strdup_printf ("dense_%u_weight", l + 1);
      g_autofree char *b = g_strdup_printf ("dense_%u_bias", l + 1);
      gint64 w_dims[] = { (gint64) in, (gint64) units };
      gint64 b_dims[] = { (gint64) units };
      initializer (g, w, w_dims, 2, file->params + offset);
      initializer (g, b, b_dims, 1, file->params + offset + in * units);
      g_autofree char *z = g_strdup_printf ("dense_%u", l + 1);
      node (g, "Gemm", current, w, b, z, NULL, FALSE, 0);
      if (l + 1 < n_layers)
        activation (g, layer->activation, z, current);
      else
        g_strlcpy (current, z, 32);
      offset += in * units + units;
      in = units;
    }
}

/* The outputs from the last layer's @current, as `backprop-cli predict` gives them. */
static void
add_outputs (Graph *g, const BpTransform *t, const char *current)
{
  switch (t->task)
    {
    case BP_TASK_BINARY:
      {
        node (g, "Sigmoid", current, NULL, NULL, "p_1", NULL, FALSE, 0);
        node (g, "Sub", "one", "p_1", NULL, "p_0", NULL, FALSE, 0);
        const char *both[] = { "p_0", "p_1" };
        concat (g, both, 2, "probabilities", "Concat_probabilities");
        value_info (g, GRAPH_OUTPUT, "probabilities", 2);
      }
      break;
    case BP_TASK_MULTICLASS:
      node (g, "Softmax", current, NULL, NULL, "probabilities", "axis", FALSE, 1);
      value_info (g, GRAPH_OUTPUT, "probabilities", (gint64) t->n_classes);
      break;
    case BP_TASK_REGRESSION:
    default:
      scalar (g, "target_scale", (float) t->target_scale);
      scalar (g, "target_center", (float) t->target_center);
      node (g, "Mul", current, "target_scale", NULL, "value_scaled", NULL, FALSE, 0);
      node (g, "Add", "value_scaled", "target_center", NULL, "value", NULL, FALSE, 0);
      value_info (g, GRAPH_OUTPUT, "value", 1);
      break;
    }
}

/* The ModelProto around @graph (taken): versions, opset, metadata. */
static GBytes *
model_proto (GByteArray *graph, const BpTransform *t)
{
  GByteArray *model = g_byte_array_new ();
  bp_proto_int (model, MODEL_IR_VERSION, BP_ONNX_IR_VERSION);
  bp_proto_string (model, MODEL_PRODUCER_NAME, "Backprop");
  bp_proto_string (model, MODEL_PRODUCER_VERSION, BP_VERSION);
  bp_proto_string (model, MODEL_DOC_STRING, "A network trained in Backprop, with its scaling");
  GByteArray *opset = g_byte_array_new ();
  bp_proto_string (opset, OPSET_DOMAIN, "");
  bp_proto_int (opset, OPSET_VERSION, BP_ONNX_OPSET);
  bp_proto_message (model, MODEL_OPSET_IMPORT, opset);
  bp_proto_message (model, MODEL_GRAPH, graph);
  metadata (model, "target", t->target_name);
  metadata (model, "task", bp_task_to_string (t->task));
  if (t->class_names)
    {
      BpJsonWriter j;
      bp_json_writer_init (&j);
      bp_json_open (&j, NULL, '[', TRUE);
      for (gsize k = 0; k < t->n_classes; k++)
        bp_json_string (&j, NULL, t->class_names[k]);
      bp_json_close (&j, ']');
      g_autofree char *classes = bp_json_writer_finish (&j, NULL);
      metadata (model, "classes", classes);
    }
  return g_byte_array_free_to_bytes (model);
}

GBytes *
bp_export_onnx (const BpModelFile *file)
{
  const BpTransform *t = file->transform;
  Graph graph = { g_byte_array_new (), 0, "" };
  Graph *g = &graph;

  bp_proto_string (g->graph, GRAPH_NAME, "backprop");
  add_inputs (g, t);
  char current[32];
  add_layers (g, file, current);
  add_outputs (g, t, current);
  bp_proto_string (g->graph, GRAPH_DOC_STRING,
                   "One input [N, 1] per network input, in the features' own units (one-hot: 1 or 0 per "
                   "category); NaN means missing and is filled as in training.");
  return model_proto (graph.graph, t);
}
