/* bp-model.h: a stack of dense layers over flat float32 blocks.
 *
 * Shapes: N rows in a batch, I inputs and O outputs per layer. Layer l
 * computes Z = X·W + b and A = f(Z), with W stored row-major as I × O and
 * b as O values. Every W and b is a view into one parameter block (W0, b0,
 * W1, b1, …), and every gradient a view into one gradient block of the same
 * layout, so copying or saving a model is one memcpy. Activations live in
 * a BpWorkspace sized once for the largest batch: nothing is allocated
 * while training.
 *
 * The output layer's activation follows the loss (sigmoid with binary
 * cross-entropy, softmax with categorical cross-entropy, linear for
 * regression); its outputs and gradient come from bp-loss, from logits.
 */
#pragma once

#include <glib.h>

#include "bp-activation.h"
#include "bp-dataset.h"
#include "bp-loss.h"
#include "bp-rng.h"
#include "bp-workers.h"

G_BEGIN_DECLS

#define BP_MAX_UNITS 4096
#define BP_MAX_DROPOUT 0.9f

typedef enum {
  BP_INIT_GLOROT_UNIFORM,   /* Keras's default */
  BP_INIT_HE_UNIFORM,
  BP_INIT_HE_NORMAL,
} BpInit;

typedef struct {
  guint        units;
  BpActivation activation;
  float        dropout;     /* of this layer's outputs, while training */
} BpLayerSpec;

typedef struct {
  gsize        n_inputs;
  GArray      *layers;      /* BpLayerSpec: hidden layers, then the output layer */
  BpLoss       loss;
  BpInit       init;
} BpModelSpec;

typedef struct {
  gsize        n_in, n_out;
  BpActivation activation;
  float        dropout;
  gsize        offset;      /* of W in the parameter block; b follows W */
  float       *w, *b;
  float       *dw, *db;
} BpLayer;

typedef struct {
  BpModelSpec *spec;
  gsize        n_layers;
  BpLayer     *layers;
  gsize        n_params;
  float       *params;
  float       *grads;
} BpModel;

/* Buffers for one forward and backward pass of up to max_rows rows. */
typedef struct {
  gsize        max_rows;
  gsize        rows;        /* rows of the last forward pass */
  float      **z;           /* per layer: max_rows × n_out */
  float      **a;           /* per layer: outputs (the last: probabilities or values) */
  float      **mask;        /* per layer: dropout scale per value, or NULL */
  float       *delta;       /* max_rows × widest layer: dZ of the layer being done */
  float       *delta_prev;  /* max_rows × widest layer: dA of the layer below */
  float       *block;
  BpWorkers   *workers;     /* borrowed: the element-wise loops' threads, or NULL */
} BpWorkspace;

BpModelSpec *bp_model_spec_new        (gsize               n_inputs);
BpModelSpec *bp_model_spec_copy       (const BpModelSpec  *spec);
void         bp_model_spec_free       (BpModelSpec        *spec);
void         bp_model_spec_add_layer  (BpModelSpec        *spec,
                                       guint               units,
                                       BpActivation        activation,
                                       float               dropout);
/* Append the output layer a dataset's task needs, and its loss. */
void         bp_model_spec_add_output (BpModelSpec        *spec,
                                       BpTask              task,
                                       gsize               n_outputs);
/* Parse "128:relu,64:relu:0.2" (units:activation[:dropout]) into hidden layers. */
gboolean     bp_model_spec_parse_layers (BpModelSpec      *spec,
                                         const char       *text,
                                         GError          **error);
gboolean     bp_model_spec_validate   (const BpModelSpec  *spec,
                                       GError            **error);
gsize        bp_model_spec_count_params (const BpModelSpec *spec);
/* A Keras-style summary, one line per layer, and the parameter count. */
char        *bp_model_spec_summary    (const BpModelSpec  *spec);

BpModel     *bp_model_new             (const BpModelSpec  *spec,
                                       GError            **error);
void         bp_model_free            (BpModel            *model);
void         bp_model_init_params     (BpModel            *model,
                                       BpRng              *rng);
gsize        bp_model_n_outputs       (const BpModel      *model);

BpWorkspace *bp_workspace_new         (const BpModel      *model,
                                       gsize               max_rows,
                                       gboolean            training);
void         bp_workspace_free        (BpWorkspace        *workspace);

/* Forward n rows of x (n × n_inputs) to the output layer's logits
 * (ws->z[last]); with rng, dropout is applied (training). The outputs
 * themselves come from bp_loss_compute or bp_model_predict. */
void         bp_model_forward         (const BpModel      *model,
                                       BpWorkspace        *ws,
                                       const float        *x,
                                       gsize               n,
                                       BpRng              *dropout_rng);
/* Gradients of every parameter from ws->delta (dZ of the output layer,
 * n × n_outputs) and the activations of the last forward pass. */
void         bp_model_backward        (BpModel            *model,
                                       BpWorkspace        *ws,
                                       const float        *x);
/* Outputs (probabilities or values) for n rows, in chunks of ws->max_rows. */
void         bp_model_predict         (const BpModel      *model,
                                       BpWorkspace        *ws,
                                       float              *out,
                                       const float        *x,
                                       gsize               n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpModelSpec, bp_model_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpModel, bp_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpWorkspace, bp_workspace_free)

G_END_DECLS
